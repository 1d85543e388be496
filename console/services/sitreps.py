"""Reports upward (初报 → 续报(一、二…) → 终报): drafted from the case, edited, signed (签发)
by a leader or deputy, which fixes their time and freezes them, and printed as PDF and Word.
A plan's `reporting` makes each report's deadline a clock (console/incidents/reporting.py)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.audit import anchor_text, head
from console.context import App, write_time
from console.errors import InputError, NotFound
from console.incidents import reporting
from console.incidents.lifecycle import State
from console.journal import journal
from console.people.permissions import Action
from console.services.common import authorize, check_version, clean_text, get_incident, plan_of
from console.time.format import DEFAULT_TZ, local_iso
from console.views.records import SitrepView
from models import Incident, Sitrep

TEXT_LIMIT = 20000


def _view(app: App, report: Sitrep, incident: Incident) -> SitrepView:
    plan = app.catalogue.get(incident.plan_id)
    tz = plan.tz if plan else DEFAULT_TZ
    due = reporting.due_task(incident)
    return SitrepView(
        id=report.id, incident_id=report.incident_id, kind=report.kind, number=report.number,
        title=reporting.title_of(report.kind, report.number), to=report.addressee, text=report.text,
        drafted_by=report.drafted_by, drafted_at=local_iso(report.drafted_at, tz),
        edited_by=report.edited_by, edited_at=local_iso(report.edited_at, tz),
        signed_by=report.signed_by, signed_at=local_iso(report.signed_at, tz),
        anchor=report.anchor, version=report.version,
        next_due=local_iso(due.due_at, tz) if due is not None and due.due_at else None,
    )  # fmt: skip


def _get(s: Session, sitrep_id: int) -> Sitrep:
    report = s.get(Sitrep, sitrep_id)
    if report is None:
        raise NotFound(f"sitrep: no report {sitrep_id}")
    return report


def add(
    app: App, actor: str | None, incident_id: int, kind: str, text: str | None = None
) -> SitrepView:
    """Drafts the next report of its kind: 初报 once, 续报 numbered in order after a signed
    初报, 终报 once after a signed 初报; one draft of a kind at a time. The text is the one
    given, or a draft prefilled from the case."""
    if not isinstance(kind, str) or kind not in reporting.KINDS:
        raise InputError(
            "--kind", "one of " + ", ".join(f"{k} ({v})" for k, v in reporting.KINDS.items())
        )
    given = None if text is None else clean_text(text, "--text", TEXT_LIMIT, required=True)
    with app.write() as s:
        user = authorize(s, actor, Action.SITREP)
        incident = get_incident(s, incident_id)
        plan = plan_of(app, incident)
        reports = list(s.execute(select(Sitrep).where(Sitrep.incident_id == incident.id)
                                 .order_by(Sitrep.id)).scalars())  # fmt: skip
        why = reporting.refusals(reports, incident.state == State.CLOSED)[kind]
        if why is not None:
            raise InputError("--kind", f"incident {incident_id}: {why}")
        number = 1 + sum(1 for r in reports if r.kind == kind) if kind == "update" else 1
        now = write_time(s)
        body = (
            given if given is not None else reporting.draft_text(app, s, plan, incident, kind, now)
        )
        to = plan.reporting.to if plan.reporting else "上级主管部门"
        report = Sitrep(incident_id=incident.id, kind=kind, number=number, addressee=to, text=body,
                        drafted_by=user.name, drafted_at=now)  # fmt: skip
        s.add(report)
        s.flush()
        name = reporting.title_of(kind, number)
        journal(app, s, actor=user.name, action="sitrep.draft", entity="sitrep", entity_id=report.id,
                before=None, after={"incident": incident.id, "kind": kind, "number": number, "chars": len(body)},
                incident_id=incident.id, kind="report", text=f"起草{name} #{report.id}")  # fmt: skip
        return _view(app, report, incident)


def edit(
    app: App, actor: str | None, sitrep_id: int, text: str, version: int | None = None
) -> SitrepView:
    """A draft's new text; a signed report is frozen (what was sent stays as sent)."""
    body = clean_text(text, "--text", TEXT_LIMIT, required=True)
    with app.write() as s:
        user = authorize(s, actor, Action.SITREP)
        report = _get(s, sitrep_id)
        check_version(s, "sitrep", report, version)
        _frozen(report)
        if report.text == body:
            raise InputError("--text", "the same text as the draft's")
        before = {"chars": len(report.text), "version": report.version}
        report.text, report.edited_by, report.edited_at = body, user.name, write_time(s)
        s.flush()
        incident = get_incident(s, report.incident_id)
        journal(app, s, actor=user.name, action="sitrep.edit", entity="sitrep", entity_id=report.id,
                before=before, after={"chars": len(body), "version": report.version}, incident_id=incident.id,
                kind="report", text=f"修改{reporting.title_of(report.kind, report.number)} #{report.id}")  # fmt: skip
        return _view(app, report, incident)


def sign(app: App, actor: str | None, sitrep_id: int, version: int | None = None) -> SitrepView:
    """签发: a leader or deputy issues the draft. Its time is fixed, the report is frozen, the
    audit's head as of the signing is printed on it, and its deadline is met (the next
    续报's begins, after a 初报 or 续报, when the plan sets one)."""
    with app.write() as s:
        user = authorize(s, actor, Action.SIGN)
        report = _get(s, sitrep_id)
        check_version(s, "sitrep", report, version)
        _frozen(report)
        incident = get_incident(s, report.incident_id)
        plan = plan_of(app, incident)
        final = s.scalar(select(Sitrep.id).where(Sitrep.incident_id == incident.id, Sitrep.kind == "final",
                                                 Sitrep.signed_at.is_not(None)))  # fmt: skip
        if report.kind != "final" and (final is not None or incident.state == State.CLOSED):
            raise InputError("sitrep", f"{reporting.title_of(report.kind, report.number)} #{report.id}: "
                             + ("the 终报 is signed" if final is not None else "the case is closed")
                             + ": nothing but the 终报 goes up after it")  # fmt: skip
        now = write_time(s)
        report.signed_by, report.signed_at = user.name, now
        report.anchor = anchor_text(*head(s))
        s.flush()
        name = reporting.title_of(report.kind, report.number)
        journal(app, s, actor=user.name, action="sitrep.sign", entity="sitrep", entity_id=report.id,
                before={"signed": False}, after={"signed": True, "kind": report.kind, "number": report.number,
                                                 "anchor": report.anchor, "chars": len(report.text)},
                incident_id=incident.id, kind="report", significant=True,
                text=f"签发{name} #{report.id},报送{report.addressee}")  # fmt: skip
        reporting.signed(app, s, plan, incident, report, user.name)
        return _view(app, report, incident)


def _frozen(report: Sitrep) -> None:
    if report.signed_at is not None:
        name = reporting.title_of(report.kind, report.number)
        raise InputError("sitrep", f"{name} #{report.id} was signed by {report.signed_by}: a signed report "
                         "cannot change (draft a 续报 instead)")  # fmt: skip


def list_for(app: App, actor: str | None, incident_id: int) -> list[SitrepView]:
    with app.read() as s:
        authorize(s, actor, Action.READ)
        incident = get_incident(s, incident_id)
        reports = s.execute(select(Sitrep).where(Sitrep.incident_id == incident.id)
                            .order_by(Sitrep.drafted_at, Sitrep.id)).scalars()  # fmt: skip
        return [_view(app, r, incident) for r in reports]


def print_report(app: App, actor: str | None, sitrep_id: int, out, *, fmt: str) -> dict:  # type: ignore[no-untyped-def]
    """A report as PDF or Word (.docx); a draft prints as 草稿 (not yet sent). Logged."""
    from console.printing import sitrep_doc  # reportlab, python-docx: loaded to print
    from console.printing.pdf import writing

    with app.read() as s:
        user = authorize(s, actor, Action.READ)
        report = _get(s, sitrep_id)
        incident = get_incident(s, report.incident_id)
        content = sitrep_doc.gather(app, s, report, incident)
    with writing(out):
        render = sitrep_doc.render_docx if fmt == "docx" else sitrep_doc.render_pdf
        path = render(content, Path(out), watermark=app.watermark)
    with app.write() as s:
        journal(app, s, actor=user.name, action="sitrep.print", entity="sitrep", entity_id=sitrep_id, before=None,
                after={"file": str(path), "format": fmt}, incident_id=incident.id, kind="report",
                text=f"打印{content['title']}({fmt.upper()})")  # fmt: skip
    return {
        "file": str(path),
        "sitrep": sitrep_id,
        "title": content["title"],
        "signed": content["signed"],
    }
