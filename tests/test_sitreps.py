"""Reporting upward as Chinese practice does it: 初报 → 续报(一、二…) → 终报, each drafted
from the case, signed (签发) by the leader or a deputy before it counts as sent, frozen once
signed, and printed as PDF and Word. Plan 000 (群体投诉) makes the deadlines clocks: 协调联络组
(内外信息的上传下达) reports first within 1 小时 of 启动预案, then every 2 小时."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from console import db
from console.cli import main
from console.errors import InputError, PermissionDenied
from console.incidents.reporting import chinese_number, title_of
from console.services import alarms, incidents, sitreps, tasks
from models import Alarm, Incident, Sitrep, Task
from tests.conftest import local, open_incident, tasks_of

ACTIVATED = local(2026, 11, 24, 10, 0)


@pytest.fixture
def case(app, staff, clock) -> int:
    """A mass complaint at a branch, registered and activated at 10:00 (plan 000)."""
    return open_incident(app, clock, "group_complaint", ACTIVATED, title="城东支行门前群体聚集",
                         people=30, location="城东支行", demands="退还理财本金",
                         contact="13812345678")  # fmt: skip


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def docx_text(path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def report_tasks(app, incident_id: int) -> dict[str, Task]:
    return {k: t for k, t in tasks_of(app, incident_id).items() if k.startswith("sitrep:")}


def test_an_incident_s_first_report_first_update_and_final_are_signed_and_printed_as_pdf_and_word(
    app, case, clock, tmp_path
):
    clock.set(local(2026, 11, 24, 10, 30))
    first = sitreps.add(app, "coord_coordination", case, "first")
    clock.set(local(2026, 11, 24, 10, 40))
    first = sitreps.sign(app, "leader1", first.id)
    clock.set(local(2026, 11, 24, 12, 0))
    update = sitreps.add(
        app, "coord_coordination", case, "update", "一、现场情况\n人群已疏散至接待室。"
    )
    clock.set(local(2026, 11, 24, 12, 10))
    update = sitreps.sign(app, "deputy1", update.id)
    clock.set(local(2026, 11, 24, 18, 0))
    final = sitreps.sign(app, "leader1", sitreps.add(app, "duty1", case, "final").id)

    listed = sitreps.list_for(app, "super1", case)
    assert [(r.title, r.signed_by) for r in listed] == [
        ("初报", "leader1"), ("续报(一)", "deputy1"), ("终报", "leader1")]  # fmt: skip
    assert first.signed_at == "2026-11-24T10:40:00+08:00"
    assert update.text == "一、现场情况\n人群已疏散至接待室。"

    for report in (first, update, final):
        pdf = sitreps.print_report(
            app, "leader1", report.id, tmp_path / f"{report.id}.pdf", fmt="pdf"
        )
        word = sitreps.print_report(
            app, "leader1", report.id, tmp_path / f"{report.id}.docx", fmt="docx"
        )
        for printed, read in ((pdf, pdf_text), (word, docx_text)):
            body = read(printed["file"]).replace(" ", "")
            assert report.title in body
            assert "城东支行门前群体聚集" in body
            assert "上级主管部门" in body and report.signed_by in body
            assert report.anchor.split(":")[0] in body  # the audit head as of the signing
            assert "草稿" not in body
    assert "人群已疏散至接待室" in docx_text(tmp_path / f"{update.id}.docx")
    assert "13812345678" not in pdf_text(tmp_path / f"{first.id}.pdf")  # masked upward: 138****5678


def test_updates_are_numbered_in_order_one_two_three(app, case, clock):
    titles = []
    for n in range(3):
        clock.set(ACTIVATED + timedelta(minutes=10 + 10 * n))
        kind = "first" if n == 0 else "update"
        report = sitreps.sign(app, "leader1", sitreps.add(app, "duty1", case, kind).id)
        titles.append(report.title)
    clock.set(ACTIVATED + timedelta(minutes=50))
    titles.append(sitreps.add(app, "duty1", case, "update").title)
    assert titles == ["初报", "续报(一)", "续报(二)", "续报(三)"]


@pytest.mark.parametrize(("n", "written"), [(1, "一"), (9, "九"), (10, "十"), (12, "十二"), (20, "二十"),
                                            (21, "二十一"), (100, "一百"), (105, "一百零五"), (110, "一百一十")])  # fmt: skip
def test_update_numbers_are_written_as_chinese_numerals(n, written):
    assert chinese_number(n) == written
    assert title_of("update", n) == f"续报({written})"


def test_a_signed_report_cannot_change(app, case, clock):
    report = sitreps.sign(app, "leader1", sitreps.add(app, "duty1", case, "first").id)
    with pytest.raises(InputError) as refused:
        sitreps.edit(app, "leader1", report.id, "改写过的初报")
    assert refused.value.field == "sitrep" and "signed" in str(refused.value)
    with pytest.raises(InputError):
        sitreps.sign(app, "deputy1", report.id)
    assert sitreps.list_for(app, "leader1", case)[0].text == report.text


def test_the_database_itself_refuses_to_change_a_signed_report(app, case, db_url):
    draft = sitreps.add(app, "duty1", case, "first")
    path = db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:  # a draft may be edited, even by hand
        conn.execute("UPDATE sitreps SET text = 'draft edited' WHERE id = ?", (draft.id,))
    sitreps.sign(app, "leader1", draft.id)
    with sqlite3.connect(path) as conn, pytest.raises(sqlite3.IntegrityError, match="signed"):
        conn.execute("UPDATE sitreps SET text = 'rewritten' WHERE id = ?", (draft.id,))
    with sqlite3.connect(path) as conn, pytest.raises(sqlite3.IntegrityError, match="signed"):
        conn.execute("DELETE FROM sitreps WHERE id = ?", (draft.id,))


def test_the_database_refuses_to_change_a_signed_report_on_postgresql(pg_url):
    engine = db.make_engine(pg_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO incidents (plan_id, title, channel, level_id, state, reporter, contact, "
                              "contact_key, order_no, respondent, people, demands, location, mood, received_at, "
                              "recorded_by, milestones, version) VALUES ('p', 't', 'phone', 'l', 'reported', '', '', "
                              "'', '', '', 1, '', '', '', now(), 'x', '{}', 1)"))  # fmt: skip
            conn.execute(text("INSERT INTO sitreps (incident_id, kind, number, addressee, text, drafted_by, drafted_at, "
                              "signed_by, signed_at, version) SELECT id, 'first', 1, '上级', '初报', 'x', now(), "
                              "'leader1', now(), 1 FROM incidents"))  # fmt: skip
        with pytest.raises(DBAPIError, match="signed"), engine.begin() as conn:
            conn.execute(text("UPDATE sitreps SET text = 'rewritten'"))
        with pytest.raises(DBAPIError, match="signed"), engine.begin() as conn:
            conn.execute(text("DELETE FROM sitreps"))
    finally:
        engine.dispose()


def test_only_the_leader_or_a_deputy_signs_and_members_do_not_draft(app, case):
    draft = sitreps.add(app, "coord_coordination", case, "first")
    for who in ("coord_coordination", "duty1", "super1", "member_onsite"):
        with pytest.raises(PermissionDenied):
            sitreps.sign(app, who, draft.id)
    with pytest.raises(PermissionDenied):
        sitreps.add(app, "member_onsite", case, "update")
    assert sitreps.sign(app, "deputy1", draft.id).signed_by == "deputy1"


def test_reports_come_in_order_first_then_updates_then_one_final(app, case, clock):
    def refused(kind: str) -> str:
        with pytest.raises(InputError) as exc:
            sitreps.add(app, "duty1", case, kind)
        assert exc.value.field == "--kind"
        return str(exc.value)

    assert "初报" in refused("update") and "初报" in refused("final")  # nothing before the 初报
    first = sitreps.add(app, "duty1", case, "first")
    assert "draft" in refused("first")  # one draft of a kind at a time
    assert "初报" in refused("update")  # the 初报 is not signed yet
    sitreps.sign(app, "leader1", first.id)
    assert "续报" in refused("first")  # one 初报
    sitreps.sign(app, "leader1", sitreps.add(app, "duty1", case, "final").id)
    assert "终报" in refused("update") and "终报" in refused("final")  # nothing after the 终报
    with pytest.raises(InputError) as exc:
        sitreps.add(app, "duty1", case, "second")
    assert exc.value.field == "--kind"


def test_the_first_report_is_due_an_hour_after_activation_and_lapses_like_any_deadline(
    app, case, clock
):
    due = report_tasks(app, case)
    assert list(due) == ["sitrep:first:1"]
    first = due["sitrep:first:1"]
    assert first.title == "报送初报" and first.group_id == "coordination"
    assert first.due_at == ACTIVATED + timedelta(hours=1)

    alarms.sweep(app, ACTIVATED + timedelta(minutes=50))  # warned at 80 % of the hour
    alarms.sweep(app, ACTIVATED + timedelta(hours=1, minutes=1))
    with app.read() as s:
        raised = s.execute(select(Alarm.kind).where(Alarm.task_id == first.id)).scalars().all()
    assert sorted(raised) == ["lapsed", "warning"]

    clock.set(ACTIVATED + timedelta(hours=1, minutes=20))
    signed = sitreps.sign(app, "leader1", sitreps.add(app, "duty1", case, "first").id)
    after = report_tasks(app, case)
    assert after["sitrep:first:1"].state == "done" and after["sitrep:first:1"].done_by == "leader1"
    # the next 续报 is due 2 小时 after the signing, and the view says so ("下次续报")
    assert after["sitrep:update:1"].due_at == ACTIVATED + timedelta(hours=3, minutes=20)
    assert signed.next_due == "2026-11-24T13:20:00+08:00"


def test_a_report_deadline_is_met_by_signing_not_ticked_off_by_hand(app, case):
    first = report_tasks(app, case)["sitrep:first:1"]
    with pytest.raises(InputError) as refused:
        tasks.complete(app, "coord_coordination", first.id)
    assert "sitrep sign" in str(refused.value)


def test_after_the_final_report_no_update_is_due_and_the_case_can_close(app, case, clock):
    clock.set(ACTIVATED + timedelta(minutes=30))
    sitreps.sign(app, "leader1", sitreps.add(app, "duty1", case, "first").id)
    clock.set(ACTIVATED + timedelta(hours=2))
    sitreps.sign(app, "leader1", sitreps.add(app, "duty1", case, "final").id)
    pending = [t for t in report_tasks(app, case).values() if t.state in ("open", "blocked")]
    assert pending == []
    assert report_tasks(app, case)["sitrep:update:1"].note == "终报已签发"


def test_the_draft_is_prefilled_from_the_case(app, case, clock):
    alarms.sweep(app, ACTIVATED + timedelta(minutes=40))
    clock.set(ACTIVATED + timedelta(minutes=40))
    draft = sitreps.add(app, "duty1", case, "first").text
    for heading in (
        "一、基本情况",
        "二、已采取的处置措施",
        "三、尚未完成的工作",
        "四、超时情况",
        "五、下一步工作",
    ):
        assert heading in draft
    assert "城东支行" in draft and "30 人" in draft and "退还理财本金" in draft
    assert "138****5678" in draft and "13812345678" not in draft
    assert "决定启动预案" in draft  # done: the assessment, decided by 启动预案
    assert "通知各工作组成员到位" in draft and "已超时" in draft  # a lapsed clock, with by how much


def test_a_draft_edited_keeps_who_and_when_and_is_in_the_audit(app, case, clock):
    draft = sitreps.add(app, "duty1", case, "first")
    clock.set(ACTIVATED + timedelta(minutes=5))
    edited = sitreps.edit(
        app, "coord_coordination", draft.id, "一、基本情况\n已核实。", version=draft.version
    )
    assert (edited.edited_by, edited.text) == ("coord_coordination", "一、基本情况\n已核实。")
    with app.read() as s:
        assert s.get(Sitrep, draft.id).edited_at is not None


def test_sitrep_from_the_command_line(staff_url, capsys, tmp_path):
    last = ["2026-11-24T10:30:00+08:00"]

    def cli(*args: str, now: str | None = None) -> tuple[int, str, str]:  # time only moves on
        now = last[0] = now or last[0]
        code = main(["--db", staff_url, "--now", now, *args])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _ = cli("--as", "duty1", "--json", "report", "--plan", "group_complaint", "--title", "群体投诉",
                       "--channel", "onsite", now="2026-11-24T10:00:00+08:00")  # fmt: skip
    case = json.loads(out)["id"]
    assert cli("--as", "leader1", "activate", str(case), now="2026-11-24T10:00:00+08:00")[0] == 0
    code, out, _ = cli("--as", "duty1", "--json", "sitrep", "add", str(case), "--kind", "first",
                       now="2026-11-24T10:30:00+08:00")  # fmt: skip
    assert code == 0
    report = json.loads(out)
    assert list(report) == ["id", "incident_id", "kind", "number", "title", "to", "text", "drafted_by",
                            "drafted_at", "edited_by", "edited_at", "signed_by", "signed_at", "anchor",
                            "version", "next_due"]  # fmt: skip
    code, _, err = cli("--as", "duty1", "sitrep", "add", str(case), "--kind", "initial")
    assert code == 2 and "--kind" in err
    assert cli("--as", "duty1", "sitrep", "sign", str(report["id"]))[0] == 3
    assert (
        cli(
            "--as", "leader1", "sitrep", "sign", str(report["id"]), now="2026-11-24T10:40:00+08:00"
        )[0]
        == 0
    )
    code, out, _ = cli("--as", "leader1", "--json", "sitrep", "list", str(case))
    assert [r["signed_by"] for r in json.loads(out)] == ["leader1"]
    out_file = tmp_path / "初报.docx"
    assert (
        cli("--as", "super1", "sitrep", "docx", str(report["id"]), "--out", str(out_file))[0] == 0
    )
    assert "初报" in docx_text(out_file)
    code, _, err = cli("--as", "super1", "sitrep", "pdf", str(report["id"]), "--out", str(tmp_path))
    assert code == 2 and "--out" in err
    assert cli("--as", "leader1", "sitrep", "sign", "999")[0] == 4


def test_a_plan_without_reporting_sets_no_report_deadline_but_reports_still_go_up(
    app, staff, clock
):
    incident = open_incident(app, clock, "customer_crisis", ACTIVATED)
    assert report_tasks(app, incident) == {}
    report = sitreps.sign(app, "leader1", sitreps.add(app, "duty1", incident, "first").id)
    assert report.next_due is None and report_tasks(app, incident) == {}


def test_one_report_is_in_preparation_at_a_time(app, case, clock):
    sitreps.sign(app, "leader1", sitreps.add(app, "duty1", case, "first").id)
    update = sitreps.add(app, "duty1", case, "update")
    with pytest.raises(InputError) as refused:  # not a 终报 beside an unsigned 续报
        sitreps.add(app, "duty1", case, "final")
    assert refused.value.field == "--kind" and f"#{update.id}" in str(refused.value)
    sitreps.sign(app, "leader1", update.id)
    assert sitreps.add(app, "duty1", case, "final").title == "终报"


def test_nothing_but_the_final_report_is_signed_on_a_closed_case(app, staff, clock):
    incident = open_incident(app, clock, "customer_crisis", ACTIVATED)  # no report deadlines
    sitreps.sign(app, "leader1", sitreps.add(app, "duty1", incident, "first").id)
    update = sitreps.add(app, "duty1", incident, "update")
    for task in tasks_of(app, incident).values():
        if task.state == "open":
            tasks.complete(app, "leader1", task.id)
    for state in ("handling", "feedback", "closed"):
        incidents.advance(app, "leader1", incident, state)
    with pytest.raises(InputError) as refused:
        sitreps.sign(app, "leader1", update.id)
    assert "closed" in str(refused.value)
    assert sitreps.list_for(app, "leader1", incident)[-1].signed_at is None


def test_a_met_report_deadline_is_neither_reopened_nor_undone_by_hand(app, case, clock):
    clock.set(ACTIVATED + timedelta(minutes=20))
    sitreps.sign(app, "leader1", sitreps.add(app, "duty1", case, "first").id)
    met = report_tasks(app, case)["sitrep:first:1"]
    assert met.state == "done"
    for attempt in (
        lambda: tasks.reopen(app, "leader1", met.id),
        lambda: tasks.undo_complete(app, "leader1", met.id),
    ):
        with pytest.raises(InputError) as refused:
            attempt()
        assert "sitrep sign" in str(refused.value)
    assert report_tasks(app, case)["sitrep:first:1"].state == "done"


def test_a_case_waiting_for_its_report_says_how_to_close_it(app, case, clock):
    for task in tasks_of(app, case).values():
        if task.state == "open" and not task.template_id.startswith("sitrep:"):
            tasks.complete(app, "leader1", task.id)
    incidents.advance(app, "leader1", case, "handling")
    incidents.advance(app, "leader1", case, "feedback")
    with pytest.raises(InputError) as refused:
        incidents.advance(app, "leader1", case, "closed")
    assert "报送初报" in str(refused.value) and "--kind final" in str(refused.value)


def test_numbers_typed_anywhere_in_the_case_go_up_masked(app, case, clock):
    first = next(
        t
        for t in tasks_of(app, case).values()
        if t.state == "open" and not t.template_id.startswith("sitrep:")
    )
    tasks.complete(app, "leader1", first.id, "已回电投诉人 13912345678,对方同意面谈")
    draft = sitreps.add(app, "duty1", case, "first").text
    assert "139****5678" in draft and "13912345678" not in draft


def test_an_undone_task_is_no_longer_the_case_s_first_response(app, case, clock):
    with app.read() as s:
        assert s.get(Incident, case).responded_at == ACTIVATED  # the assessment, by 启动预案
    task = next(
        t for t in tasks_of(app, case).values() if t.state == "open" and t.group_id == "onsite"
    )
    clock.set(ACTIVATED + timedelta(minutes=5))
    tasks.complete(app, "coord_onsite", task.id)
    clock.set(ACTIVATED + timedelta(minutes=6))
    tasks.undo_complete(app, "coord_onsite", task.id)
    with app.read() as s:
        assert s.get(Incident, case).responded_at == ACTIVATED
    assessment = tasks_of(app, case)["initial_assessment"]
    tasks.reopen(app, "leader1", assessment.id, "研判结论有误")
    with app.read() as s:
        assert s.get(Incident, case).responded_at is None  # nothing of the case is done now
