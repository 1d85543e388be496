"""Reports upward (初报/续报/终报): draft, edit, sign (签发), list, and print as PDF or Word."""

from __future__ import annotations

from argparse import Namespace

from console.cli.common import arg, handles, out, whole
from console.context import App
from console.views.records import SitrepView

SITREP = arg("sitrep_id", type=whole)


def line(r: SitrepView) -> str:
    state = f"已签发 {r.signed_by} {r.signed_at}" if r.signed_at else "草稿(未签发)"
    return f"#{r.id:<5} {r.title:<8} 报送{r.to}  拟稿 {r.drafted_by} {r.drafted_at}  {state}"


def whole_text(r: SitrepView) -> str:
    due = f"\n下次报告期限:{r.next_due}" if r.next_due else ""
    return f"{line(r)}\n\n{r.text}{due}"


@handles("sitrep", "add", arguments=(
    arg("incident_id", type=whole), arg("--kind", required=True, help="first (初报) | update (续报) | final (终报)"),
    arg("--text", help="the report's text (default: a draft prefilled from the case)")))  # fmt: skip
def _add(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import sitreps

    out(args, sitreps.add(app, actor, args.incident_id, args.kind, args.text), whole_text)


@handles(
    "sitrep", "edit", arguments=(SITREP, arg("--text", required=True), arg("--version", type=whole))
)
def _edit(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import sitreps

    out(args, sitreps.edit(app, actor, args.sitrep_id, args.text, args.version), line)


@handles("sitrep", "sign", arguments=(SITREP, arg("--version", type=whole)))
def _sign(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import sitreps

    out(args, sitreps.sign(app, actor, args.sitrep_id, args.version),
        lambda r: line(r) + (f"\n下次报告期限:{r.next_due}" if r.next_due else ""))  # fmt: skip


@handles("sitrep", "list", arguments=(arg("incident_id", type=whole),))
def _list(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import sitreps

    out(args, sitreps.list_for(app, actor, args.incident_id),
        lambda rs: "\n".join(line(r) for r in rs) or "no reports")  # fmt: skip


def _print(fmt: str):  # type: ignore[no-untyped-def]
    def run(app: App, args: Namespace, actor: str | None) -> None:
        from console.services import sitreps

        result = sitreps.print_report(app, actor, args.sitrep_id, args.out, fmt=fmt)
        out(args, result, lambda r: f"wrote {r['file']}")

    return run


handles("sitrep", "pdf", arguments=(SITREP, arg("--out", required=True)))(_print("pdf"))
handles("sitrep", "docx", arguments=(SITREP, arg("--out", required=True)))(_print("docx"))
