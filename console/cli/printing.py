"""The printed documents: the handover sheet (交接班单) and an incident's report (结案报告)."""

from __future__ import annotations

from argparse import Namespace

from console.cli.common import arg, handles, out, whole
from console.context import App

HANDOVER = (
    arg("--out", required=True),
    arg("--shift", type=whole, help="default: the open shift, else the last 12 hours"),
    arg("--unmask", action="store_true", help="print complainants' numbers in full (logged)"),
)


@handles("handover", arguments=HANDOVER)
def _handover(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import reports

    result = reports.print_handover(app, actor, args.out, shift_id=args.shift, unmask=args.unmask)
    out(args, result, lambda r: f"wrote {r['file']}")


REPORT = (
    arg("incident_id", type=whole),
    arg("--out", required=True),
    arg("--unmask", action="store_true", help="print numbers in full (logged)"),
)


@handles("report-pdf", arguments=REPORT)
def _report(app: App, args: Namespace, actor: str | None) -> None:
    from console.services.reports import print_incident_report

    result = print_incident_report(app, actor, args.incident_id, args.out, unmask=args.unmask)
    out(args, result, lambda r: f"wrote {r['file']}")
