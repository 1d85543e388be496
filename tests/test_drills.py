"""Drills (演练): scenario files validated like plans, headless runs against hand-computed
figures, drill data kept out of every real view, the drill clock, and the window."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from console.cli import main
from console.context import open_app
from console.drills.scenario import (
    DRILLS_DIR,
    DrillError,
    format_offset,
    list_scenarios,
    load_scenario,
    parse_offset,
)
from console.errors import InputError, PermissionDenied
from console.plans.plan import load_catalogue
from console.services import drills, reports, users
from console.services.demo import DEMO_PASSWORD, load_demo
from console.time.source import DrillTime, FixedTime

BRANCH = DRILLS_DIR / "000_branch_mass_complaint.yaml"
MEDIA = DRILLS_DIR / "002_complaint_to_media.yaml"
CATALOGUE = load_catalogue()


def cli(db_url: str, *args: str, capsys) -> tuple[int, str, str]:
    code = main(["--db", db_url, *args])
    out, err = capsys.readouterr()
    return code, out, err


# --- the scenario files ----------------------------------------------------------------
def test_the_shipped_scenarios_are_valid_and_built_from_the_seeds():
    listed = list_scenarios(CATALOGUE)
    assert all(s["ok"] for s in listed), listed
    plans = {s["plan"] for s in listed}
    assert {"group_complaint", "customer_crisis"} <= plans  # seeds 000 and 002/004
    for s in listed:
        scenario, _ = load_scenario(Path(s["file"]), CATALOGUE)
        kinds = {i.kind for i in scenario.injects}
        assert "report" in kinds and len(kinds) >= 4  # reports, crowd/media/demand/block
        assert scenario.expect is not None and scenario.expect.alarms


def _errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DrillError) as caught:
        load_scenario(path, CATALOGUE)
    return caught.value.errors


GOOD = BRANCH.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("plan: group_complaint", "plan: no_such_plan", "plan:"),
        ("speed: 60", "speed: 0", "speed:"),
        ("duration: 2h", "duration: 1:30", "duration:"),  # YAML reads 1:30 as the number 90
        ("  - at: 25m\n    crowd:", "  - at: 3h\n    crowd:", "injects[1].at:"),
        ("task: verify_facts, reason", "task: no_task, reason", "injects[4].block.task:"),
        (
            "{at: 3m, by: zhang, activate: branch}",
            "{at: 3m, by: nobody, activate: branch}",
            "responses[0].by:",
        ),
        (
            "{at: 3m, by: zhang, activate: branch}",
            "{at: 3m, by: zhang, activate: elsewhere}",
            "responses[0].activate:",
        ),  # fmt: skip
        ("crowd: {incident: branch,", "crowd: {incident: nowhere,", "injects[1].crowd.incident:"),
        ("      level: serious\n", "      level: catastrophic\n", "injects[0].report.level:"),
        (
            "  - at: 55m\n    demand:",
            "  - at: 55m\n    media: {incident: branch, text: x}\n    demand:",
            "injects[3]:",
        ),
        ("people: 80,", "people: -5,", "injects[1].crowd.people:"),
        ("start: 2026-12-01T09:00:00+08:00", "start: 2026-12-01T09:00:00", "start:"),
    ],
)
def test_a_bad_scenario_is_refused_naming_the_field(tmp_path, old, new, path):
    assert old in GOOD
    errors = _errors(tmp_path, GOOD.replace(old, new, 1))
    assert any(e.startswith(path) for e in errors), errors


def test_a_response_before_its_report_arrives_is_refused(tmp_path):
    text = GOOD.replace("{at: 3m, by: zhang, activate: branch}", "{at: 3m, by: zhang, activate: branch}\n"
                        "  - {at: 1m, by: li, note: {incident: branch, text: 太早}}")  # fmt: skip
    text = text.replace("  - at: 0m\n    report:", "  - at: 2m\n    report:")
    errors = _errors(tmp_path, text)
    assert any(
        e.startswith("responses[1].note.incident:") and "arrives only at" in e for e in errors
    ), errors


def test_not_yaml_and_not_a_mapping_are_refused(tmp_path):
    assert _errors(tmp_path, "id: [unclosed")[0].startswith("(file): not valid YAML")
    assert _errors(tmp_path, "- just a list")[0].startswith("(root):")


@given(st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=999), ).map(
    lambda d: timedelta(seconds=int(d.total_seconds()))))  # fmt: skip
def test_offsets_read_back_what_they_print(delta):
    assert parse_offset(format_offset(delta)) == delta
    h, rest = divmod(int(delta.total_seconds()), 3600)
    assert parse_offset(f"{h}h{rest // 60}m{rest % 60}s") == delta


@given(st.one_of(st.text(max_size=12), st.integers(), st.floats(), st.none(), st.booleans()))
def test_any_offset_either_parses_or_says_how_to_write_it(value):
    try:
        parsed = parse_offset(value)
    except ValueError as exc:
        assert str(exc)
    else:
        assert parsed >= timedelta(0)


# --- headless runs against hand-computed figures ---------------------------------------
# Branch (seed 000, start 09:00, ends T+2h). Activated at 3m, so the 15/30-minute and
# 1-hour clocks fall due at 18m, 33m and 63m, warning 5 or 10 minutes before (15-min rule:
# 13m; 30-min rules: 23m) or at 80 % (1-hour rules: 3m + 48m = 51m).
#   notify_groups done 12m            → met, took 9m (540 s), no alarm (done before 13m)
#   representatives done 28m          → met, took 25m (1500 s); warning 23m, acked 35m (720 s)
#                                       after one escalation at 33m (10 minutes unacknowledged)
#   arrive_onsite done 38m            → late 5m (300 s), took 35m (2100 s); warning 23m
#                                       acked 26m (180 s), lapsed 33m acked 36m (180 s)
#   message_line done 50m             → met, took 47m (2820 s)
#   emergency_meeting done 65m        → late 2m (120 s), took 62m (3720 s); warning 51m
#                                       acked 52m (60 s), lapsed 63m acked 64m (60 s)
#   logistics_ready never             → missed, 120m − 63m = 57m (3420 s) overdue; warning
#                                       51m and lapsed 63m never acked, both escalated
#   verify_facts, hear_representatives (2h from 28m), public_statement (added by the
#   re-grade to 重大; 4h from 3m)     → still running at the end
#   5 tasks have no deadline (or their clock never started): meeting_minutes, keep_order,
#   formal_response, draft_solution, legal_review.
BRANCH_ROLES = {  # (group, role): (tasks, met, late, late total s, missed, missed max s, pending, no deadline)
    ("analysis", "analysis_legal"): (1, 0, 0, 0, 0, 0, 0, 1),
    ("analysis", "analysis_lead"): (2, 0, 0, 0, 0, 0, 1, 1),
    # 接报与初步研判 (issue 17): report_up done by wang at 2m (10 分钟 → met, 120 s);
    # initial_assessment done by the activation at 3m (40 分钟 → met, 180 s)
    ("command", "leader"): (2, 1, 1, 120, 0, 0, 0, 0),
    ("coordination", "coordination_clerk"): (1, 0, 0, 0, 0, 0, 0, 1),
    # plan 000 reports up (issue 19): 报送初报 due 1 小时 after the activation at 3m, never
    # signed in this drill → missed at its end (120m): 120 − 63 = 57m (3420 s)
    ("coordination", "coordination_lead"): (3, 2, 0, 0, 1, 3420, 0, 0),
    ("logistics", "logistics_lead"): (1, 0, 0, 0, 1, 3420, 0, 0),
    ("negotiation", "negotiation_lead"): (2, 1, 0, 0, 0, 0, 0, 1),
    ("negotiation", "negotiation_recorder"): (1, 0, 0, 0, 0, 0, 1, 0),
    ("onsite", "onsite_guard"): (1, 0, 0, 0, 0, 0, 0, 1),
    ("onsite", "onsite_lead"): (1, 0, 1, 300, 0, 0, 0, 0),
    ("publicity", "publicity_lead"): (2, 1, 0, 0, 0, 0, 1, 0),
}
BRANCH_ALARMS = {  # group: (raised, acked, unacked, escalated, mean s, max s)
    "command": (2, 2, 0, 0, 60, 60),
    "coordination": (
        2,
        0,
        2,
        2,
        None,
        None,
    ),  # the 初报's warning (51m) and lapse (63m), as logistics'
    "logistics": (2, 0, 2, 2, None, None),
    "negotiation": (1, 1, 0, 1, 720, 720),
    "onsite": (2, 2, 0, 0, 180, 180),
}
BRANCH_RULES = {  # rule: (clocks, met, late, missed, pending, median taken s)
    "arrive_onsite": (1, 0, 1, 0, 0, 2100),
    "contact_representatives": (1, 1, 0, 0, 0, 1500),
    "emergency_meeting": (1, 0, 1, 0, 0, 3720),
    "hear_representatives": (1, 0, 0, 0, 1, None),
    "initial_assessment": (1, 1, 0, 0, 0, 180),
    "logistics_ready": (1, 0, 0, 1, 0, None),
    "message_line": (1, 1, 0, 0, 0, 2820),
    "notify_groups": (1, 1, 0, 0, 0, 540),
    "public_statement": (1, 0, 0, 0, 1, None),
    "report_up": (1, 1, 0, 0, 0, 120),
    "sitrep": (1, 0, 0, 1, 0, None),
    "verify_facts": (1, 0, 0, 0, 1, None),
}
# Refund to media (seed 002, start 14:00, ends T+90m). The phone report's clocks run
# from the report (0m): respond_urgent and phone_callback 30m, warning 10m before (20m).
#   refund/respond_urgent done 15m    → met, took 15m (900 s)
#   refund/phone_callback done 34m    → late 4m (240 s), took 34m (2040 s); warning 20m acked
#                                       22m (120 s), lapsed 30m acked 31m (60 s)
#   re-grade to 特急 at 40m adds crisis_core (4h from 0m)       → running at the end
#   post (online, reported 38m, activated 42m): online_ack 10m → due 48m, done 45m → met,
#   took 7m (420 s); respond_urgent due 68m never done → missed 90 − 68 = 22m (1320 s),
#   warning 58m never acked (escalated 68m and 78m), lapsed 68m acked by duty 75m (420 s);
#   online_contact 2h from 38m → running at the end.
#   24 tasks (11 + crisis_core + 12), 18 without a deadline.
MEDIA_ROLES = {
    ("execution", "complaint_officer"): (13, 2, 1, 240, 1, 1320, 1, 8),
    ("execution", "crisis_officer"): (2, 0, 0, 0, 0, 0, 0, 2),
    ("execution", "legal_support"): (2, 0, 0, 0, 0, 0, 0, 2),
    ("execution", "ops_support"): (1, 0, 0, 0, 0, 0, 0, 1),
    # crisis_core, and the post's 舆情 crisis at 紧急 gets its 黄金4小时 too (issue 17)
    ("leadership", "leader"): (2, 0, 0, 0, 0, 0, 2, 0),
    ("leadership", "pr_head"): (1, 0, 0, 0, 0, 0, 0, 1),
    ("supervision", "cx_reviewer"): (2, 0, 0, 0, 0, 0, 0, 2),
    ("supervision", "quality_auditor"): (2, 0, 0, 0, 0, 0, 0, 2),
}
MEDIA_ALARMS = {"execution": (4, 3, 1, 1, 200, 420)}
MEDIA_RULES = {
    "crisis_core": (1, 0, 0, 0, 1, None),
    "crisis_core_opinion": (1, 0, 0, 0, 1, None),
    "online_ack": (1, 1, 0, 0, 0, 420),
    "online_contact": (1, 0, 0, 0, 1, None),
    "phone_callback": (1, 0, 1, 0, 0, 2040),
    "respond_urgent": (2, 1, 0, 1, 0, 900),
}


def _figures(report: dict) -> tuple[dict, dict, dict]:
    roles = {(r["group"], r["role"]): (r["tasks"], r["met"], r["late"], r["late_total_s"], r["missed"],
                                       r["missed_max_s"], r["pending"], r["no_deadline"]) for r in report["roles"]}  # fmt: skip
    alarms = {g["group"]: (g["raised"], g["acked"], g["unacked"], g["escalated"], g["ack_mean_s"], g["ack_max_s"])
              for g in report["alarms"]["groups"]}  # fmt: skip
    rules = {r["rule"]: (r["clocks"], r["met"], r["late"], r["missed"], r["pending"], r["taken_median_s"])
             for r in report["rules"]}  # fmt: skip
    return roles, alarms, rules


@pytest.mark.parametrize(
    ("file", "roles", "alarms", "rules", "overall"),
    [
        (BRANCH, BRANCH_ROLES, BRANCH_ALARMS, BRANCH_RULES, (9, 5, 180, 720)),
        (MEDIA, MEDIA_ROLES, MEDIA_ALARMS, MEDIA_RULES, (4, 3, 120, 420)),
    ],  # fmt: skip
)
def test_a_headless_run_raises_the_expected_alarms_and_reports_the_hand_computed_figures(
    db_url, tmp_path, capsys, file, roles, alarms, rules, overall
):
    code, out, err = cli(db_url, "drill", "run", str(file), "--headless", "--json", "--notes", "复盘:后勤到位慢",
                         capsys=capsys)  # fmt: skip
    assert code == 0, err
    result = json.loads(out)
    scenario, _ = load_scenario(file, CATALOGUE)
    assert (
        result["ok"] and not result["failed"] and not result["missing"] and not result["unexpected"]
    )
    expected = sorted(
        (format_offset(a.at), a.incident, a.task, a.kind) for a in scenario.expect.alarms
    )
    assert (
        sorted((a["at"], a["incident"], a["task"], a["kind"]) for a in result["alarms"]) == expected
    )
    drill = drills.open_session(db_url, result["session"])
    try:
        report = reports.drill_report_of(drill)
    finally:
        drill.close()
    assert _figures(report) == (roles, alarms, rules)
    a = report["alarms"]
    assert (a["raised"], a["acked"], a["ack_median_s"], a["ack_max_s"]) == overall
    assert report["closing_notes"] == "复盘:后勤到位慢" and report["state"] == "finished"
    assert report["notes"] and all(n["by"] in ("zhang", "li") for n in report["notes"])
    assert [i["key"] for i in report["injects"] if i["key"].startswith("injects")] == [
        f"injects[{n}]" for n in range(len(scenario.injects))
    ]


def test_a_failing_scripted_response_fails_the_run_and_says_which(db_url, tmp_path, capsys):
    # zhao (现场处置组) may not complete 协调联络组's task: the service refuses, the run says so
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        GOOD.replace("{at: 12m, by: wang, complete:", "{at: 12m, by: zhao, complete:"),
        encoding="utf-8",
    )
    code, out, _ = cli(db_url, "drill", "run", str(bad), "--headless", "--json", capsys=capsys)
    result = json.loads(out)
    assert code == 1 and not result["ok"]
    assert [f["key"] for f in result["failed"]] == ["responses[1]"]
    assert "permission" in result["failed"][0]["detail"]


# --- drill data stays out of real views ------------------------------------------------
def _real_views(app, tmp_path: Path, name: str) -> dict:
    from sqlalchemy import text

    from console.services import alarms, queries

    rows = queries.board_rows(app)
    with app.read() as s:
        counts = [s.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                  for t in ("incidents", "tasks", "clocks", "alarms", "drill_sessions")]  # fmt: skip
    sheet = reports.handover_sheet_of(app, "duty")
    pdf = reports.print_handover(app, "duty", tmp_path / f"{name}.pdf")
    printed = "".join(p.extract_text() for p in PdfReader(pdf["file"]).pages)
    return {
        "board": [(r.incident_id, r.task_id, r.title) for r in rows],
        "incidents": [
            (i.incident_id, i.title, i.open_tasks) for i in queries.incident_rows(app, rows)
        ],
        "listed": [(i.id, i.title) for i in queries.list_incidents(app, include_closed=True)],
        "alarms": [(a.id, a.title) for a in alarms.list_alarms(app, "all")],
        "sheet": [
            len(x)
            for x in (sheet.situation, sheet.clocks, sheet.alarms, sheet.tasks, sheet.due_next)
        ],
        # every statistic (the charts, the handover's 情况清) counts these rows
        "rows": counts,
        "handover_titles": sorted(
            t for t in ("兑付到期理财", "VIP 客户", "社交平台出现", "演练") if t in printed
        ),
    }


def test_drill_data_never_appears_in_real_boards_handover_sheets_or_statistics(
    db_url, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("CONSOLE_PASSWORD", DEMO_PASSWORD)  # the demo's people act
    real = open_app(
        db_url, FixedTime(datetime(2026, 12, 1, 2, 0, tzinfo=UTC)), calendar_dir=tmp_path / "cal"
    )
    load_demo(real)
    before = _real_views(real, tmp_path, "before")
    assert before["board"] and before["handover_titles"] == []
    for file in (BRANCH, MEDIA):
        assert (
            cli(db_url, "drill", "run", str(file), "--headless", "--as", "zhang", capsys=capsys)[0]
            == 0
        )
    after = _real_views(real, tmp_path, "after")
    real.close()
    assert after == before
    # ...while the drill databases hold the drill, and print it watermarked
    sessions = drills.list_sessions(db_url)
    assert {s["scenario"] for s in sessions} == {"branch_mass_complaint", "complaint_to_media"}
    drill = drills.open_session(db_url, sessions[0]["session"])
    try:
        from console.services import queries

        assert queries.list_incidents(drill, include_closed=True)
        pdf = reports.print_handover(drill, "zhang", tmp_path / "drill-handover.pdf")
        pages = PdfReader(pdf["file"]).pages
        assert all("演练" in p.extract_text() for p in pages)
    finally:
        drill.close()


def test_every_page_of_the_drill_report_is_watermarked(db_url, tmp_path, capsys):
    code, out, _ = cli(db_url, "drill", "run", str(BRANCH), "--headless", "--json", capsys=capsys)
    session = json.loads(out)["session"]
    out_pdf = tmp_path / "report.pdf"
    code, out, err = cli(db_url, "drill", "report", session, "--out", str(out_pdf), capsys=capsys)
    assert code == 0, err
    pages = [p.extract_text() for p in PdfReader(out_pdf).pages]
    assert pages and all("【演练】" in p for p in pages)
    assert "后勤保障组" in pages[0] and "与预案时限对比" in "".join(pages)
    code, out, _ = cli(db_url, "drill", "list", "--json", capsys=capsys)
    assert [s["session"] for s in json.loads(out)["sessions"]] == [session]
    assert (
        cli(db_url, "drill", "report", "no_such_session", "--out", str(out_pdf), capsys=capsys)[0]
        == 4
    )


# --- the drill clock, pause, resume, stop ----------------------------------------------
def test_the_drill_clock_runs_fast_stands_still_when_paused_and_stops_at_the_end():
    wall = FixedTime(datetime(2026, 11, 24, 2, 0, tzinfo=UTC))
    start = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    clock = DrillTime(start, wall.now(), 60, end=start + timedelta(hours=2), base=wall)
    wall.advance(timedelta(seconds=10))
    assert clock.now() == start + timedelta(minutes=10)
    assert clock.wall_time(start + timedelta(minutes=30)) == wall.now() + timedelta(seconds=20)
    clock.pause()
    wall.advance(timedelta(minutes=5))
    assert clock.now() == start + timedelta(minutes=10) and clock.wall_time(start) is None
    clock.resume()
    wall.advance(timedelta(seconds=1))
    assert clock.now() == start + timedelta(minutes=11)
    wall.advance(timedelta(hours=1))
    assert clock.now() == start + timedelta(hours=2)  # a drill ends at its end


def test_pause_resume_and_stop_are_the_leaders_and_audited(db_url, tmp_path):
    real = open_app(
        db_url, FixedTime(datetime(2026, 11, 24, 2, 0, tzinfo=UTC)), calendar_dir=tmp_path / "cal"
    )
    load_demo(real)
    with pytest.raises(PermissionDenied):
        drills.start(real, "zhao", *_scenario(BRANCH))  # a coordinator does not organise drills
    drill = drills.start(real, "zhang", *_scenario(BRANCH), name="pause_test")
    real.close()
    try:
        with pytest.raises(PermissionDenied):
            drills.pause(drill, "zhao")
        assert drills.pause(drill, "zhang")["state"] == "paused"
        frozen = drill.time.now()
        assert drill.drill.state == "paused" and drill.time.paused
        with pytest.raises(InputError, match="not running"):
            drills.pause(drill, "zhang")
        assert drill.time.now() == frozen
        assert drills.resume(drill, "li")["state"] == "running"
        assert drills.stop(drill, "zhang")["state"] == "finished"
        from console.services import queries

        assert queries.list_incidents(drill) == []  # nothing injected yet: the director never ran
        from sqlalchemy import select

        from models import AuditEntry

        with drill.read() as s:
            actions = (
                s.execute(select(AuditEntry.action).where(AuditEntry.entity == "drill"))
                .scalars()
                .all()
            )
        # a live drill's clock starts once its database is ready (the first resume)
        assert actions == [
            "drill.start",
            "drill.resume",
            "drill.pause",
            "drill.resume",
            "drill.stop",
        ]
    finally:
        drill.close()


def test_the_director_role_exists_only_in_drill_databases(app):
    with pytest.raises(InputError, match="drill"):
        users.add_user(app, None, "director", "director")


def _scenario(path: Path) -> tuple:
    return load_scenario(path, CATALOGUE)


# --- the window ------------------------------------------------------------------------
def test_a_drill_window_is_watermarked_plays_injects_on_the_drill_clock_and_pauses(
    qtbot, db_url, tmp_path
):
    from widgets.drill import DrillReportDialog, Watermark
    from widgets.window import MainWindow

    real = open_app(
        db_url, FixedTime(datetime(2026, 11, 24, 2, 0, tzinfo=UTC)), calendar_dir=tmp_path / "cal"
    )
    load_demo(real)
    drill = drills.start(real, "zhang", *_scenario(BRANCH), mode="scripted", name="window_test")
    real.close()
    wall = FixedTime(datetime.now(UTC))
    d = drill.drill
    drill.time = DrillTime(d.anchor_sim, wall.now(), d.speed, end=d.sim_end, base=wall)
    user = next(u for u in users.list_users(drill) if u.name == "zhang")
    window = MainWindow(drill, user)
    qtbot.addWidget(window)
    window.start()
    window.drill_bar.timer.stop()
    assert window.windowTitle().startswith("【演练】")
    assert window.findChildren(Watermark)
    drill_menu = window.menuBar().actions()[-1]  # the drill's menu, from console/actions.py
    assert drill_menu.text() == "演练"
    assert [(a.text(), a.shortcut().toString(), a.isVisible()) for a in drill_menu.menu().actions()] == [
        ("暂停/继续", "F8", True), ("结束演练…", "Ctrl+Shift+E", True), ("演练报告…", "Ctrl+Shift+R", True)]  # fmt: skip
    bar = window.drill_bar
    assert "T+00:00:00" in bar.label.text() and "60×" in bar.label.text()

    wall.advance(timedelta(seconds=26))  # 26 simulated minutes: report, activation, crowd of 80
    bar.tick()
    window.pull_changes()
    from console.services import queries

    (incident,) = queries.list_incidents(drill)
    assert incident.people == 80 and incident.state != "reported"
    assert "T+00:26:00" in bar.label.text()
    assert window.seat.boards.all_rows()  # the tasks of the activated plan are on the boards

    bar.toggle_pause()
    paused_at = drill.time.now()
    wall.advance(timedelta(seconds=30))
    bar.tick()
    assert drill.time.now() == paused_at and "已暂停" in bar.label.text()
    bar.toggle_pause()
    wall.advance(timedelta(seconds=1))
    assert drill.time.now() == paused_at + timedelta(minutes=1)

    dialog = DrillReportDialog(drill, "zhang", True, window)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle().startswith("【演练】") and dialog.findChildren(Watermark)
    window.close()
    drill.close()


def test_a_paced_headless_run_uses_the_real_scheduler_on_the_drill_clock(db_url, capsys):
    # 90 simulated minutes at 600× take 9 s: alarms come from the scheduler's timers
    code, out, err = cli(
        db_url, "drill", "run", str(MEDIA), "--headless", "--speed", "600", "--json", capsys=capsys
    )
    result = json.loads(out)
    assert code == 0, (err, result)
    assert len(result["alarms"]) == 4 and 8 <= result["seconds"] < 20


def test_a_pause_from_another_seat_or_the_command_line_stops_this_seats_drill_clock(
    db_url, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("CONSOLE_PASSWORD", DEMO_PASSWORD)  # the demo's people act
    real = open_app(
        db_url, FixedTime(datetime(2026, 11, 24, 2, 0, tzinfo=UTC)), calendar_dir=tmp_path / "cal"
    )
    load_demo(real)
    wall = FixedTime(datetime.now(UTC))
    seat = drills.start(real, "zhang", *_scenario(BRANCH), name="two_seats", wall=wall)
    real.close()
    try:
        director = drills.Director(seat, _scenario(BRANCH)[0], responses=False)
        wall.advance(timedelta(seconds=1))
        director.tick()
        assert [a.key for a in director.log] == ["injects[0]"]
        assert cli(db_url, "drill", "pause", "two_seats", "--as", "li", capsys=capsys)[0] == 0
        assert drills.sync(seat) and seat.time.paused and seat.drill.state == "paused"
        wall.advance(timedelta(minutes=5))  # would be five simulated hours
        director.tick()
        assert [a.key for a in director.log] == ["injects[0]"]  # nothing more arrives while paused
        assert not drills.sync(seat)  # nothing new
        assert (
            cli(
                db_url,
                "drill",
                "stop",
                "two_seats",
                "--as",
                "zhang",
                "--notes",
                "提前结束",
                capsys=capsys,
            )[0]
            == 0
        )
        assert drills.sync(seat) and seat.drill.state == "finished"
    finally:
        seat.close()


def test_the_window_options_of_drill_run():
    from widgets.start import drill_args

    args, rest = drill_args(
        ["drill", "run", "x.yaml", "--scripted", "--speed", "600", "--as", "zhang", "-style", "x"]
    )
    assert (args.words, args.scripted, args.speed, args.as_user) == (
        ["drill", "run", "x.yaml"],
        True,
        600.0,
        "zhang",
    )
    assert rest == ["-style", "x"]


def test_a_report_to_an_unwritable_place_names_the_out_field(db_url, capsys):
    code, out, _ = cli(db_url, "drill", "run", str(BRANCH), "--headless", "--json", capsys=capsys)
    session = json.loads(out)["session"]
    code, _, err = cli(
        db_url, "drill", "report", session, "--out", "/proc/no/such/report.pdf", capsys=capsys
    )
    assert code == 2 and "--out" in err
    code, _, err = cli(
        db_url, "drill", "run", str(BRANCH), "--headless", "--name", session, capsys=capsys
    )
    assert code == 2 and "--name" in err and "exists" in err


def test_drills_on_postgresql_belong_to_their_real_database(pg_url, capsys):
    from console.db import drop_database

    code, out, err = cli(
        pg_url, "drill", "run", str(MEDIA), "--headless", "--name", "pg", "--json", capsys=capsys
    )
    assert code == 0, err
    drill_url = json.loads(out)["db"]
    try:
        assert drill_url.rsplit("/", 1)[-1] == pg_url.rsplit("/", 1)[-1] + "_drill_pg"
        code, out, _ = cli(pg_url, "drill", "list", "--json", capsys=capsys)
        assert [s["session"] for s in json.loads(out)["sessions"]] == ["pg"]
        code, _, err = cli(
            pg_url, "drill", "run", str(MEDIA), "--headless", "--name", "pg", capsys=capsys
        )
        assert code == 2 and "--name" in err
    finally:
        drop_database(drill_url)
