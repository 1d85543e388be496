"""A plan's paper forms (《投诉接收单》《投诉处理表》…), printed for an incident."""

from __future__ import annotations

from argparse import Namespace

from console.cli.common import arg, handles, out, whole
from console.context import App

FORM = (
    arg("incident_id", type=whole),
    arg("form_id", help="the form's id in the incident's plan (plans list --json lists them)"),
    arg("--out", required=True),
    arg("--unmask", action="store_true", help="print complainants' numbers in full (logged)"),
)


@handles("form", arguments=FORM)
def _form(app: App, args: Namespace, actor: str | None) -> None:
    from console.services.forms import print_form

    result = print_form(app, actor, args.incident_id, args.form_id, args.out, unmask=args.unmask)
    out(args, result, lambda r: f"wrote {r['file']} (《{r['title']}》)")
