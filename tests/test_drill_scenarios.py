"""The shipped drill scenarios (resources/drills/*.yaml): each passes `drill check`, each
headless run raises exactly the alarms its scenario expects (and every scripted response
is played), every seed plan has a drill, and each seed's drill exercises that seed's own
time limits — read back from the drill's database as offsets from the drill's start.

Headless runs go in simulated time (console/runners/drill.run_virtual), so a day-long drill
takes as long as a short one; each file is run once, in a database of its own, and its
result and drill database are shared by the tests of this module."""

import io
import json
import re
import shutil
from contextlib import redirect_stderr, redirect_stdout
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from console.cli import main
from console.drills.scenario import (
    DIRECTOR,
    DRILLS_DIR,
    format_offset,
    load_scenario,
    parse_offset,
)
from console.plans.plan import load_catalogue
from console.services import drills
from models import Alarm, Incident, SlaClock, Task
from tests.conftest import local

CATALOGUE = load_catalogue()
SHIPPED = sorted(DRILLS_DIR.glob("*.yaml"))
URGENT = DRILLS_DIR / "001_urgent_complaint_not_activated.yaml"
SEVERE = DRILLS_DIR / "003_branch_severe_behaviour.yaml"
MAJOR = DRILLS_DIR / "004_resident_major_complaint.yaml"


def _cli(db_url: str, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["--db", db_url, *args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def headless(tmp_path_factory, migrated_db):
    """`drill run FILE --headless --json`, once per file: (the database's URL, the result)."""
    runs: dict[Path, tuple[str, dict]] = {}

    def run(file: Path) -> tuple[str, dict]:
        if file not in runs:
            db = tmp_path_factory.mktemp(file.stem) / "console.db"
            shutil.copy(migrated_db, db)
            url = f"sqlite:///{db}"
            code, out, err = _cli(url, "drill", "run", str(file), "--headless", "--json")
            result = json.loads(out)
            assert code == 0, (err, result)
            runs[file] = url, result
        return runs[file]

    return run


_at = parse_offset  # '24h55m', '45m': offsets as the scenarios write them


def _clocks(db_url: str, session: str, start: datetime) -> dict:
    """The drill's clocks by (task template, or None for the incident's own clock, rule):
    (started, due, stopped) as offsets from the drill's start (stopped None while running)."""
    drill = drills.open_session(db_url, session)
    try:
        with drill.read() as s:
            rows = s.execute(select(SlaClock, Task.template_id).outerjoin(Task, SlaClock.task_id == Task.id)
                             .where(SlaClock.status != "cancelled")).all()  # fmt: skip
    finally:
        drill.close()
    return {(template, c.rule_id): (c.started_at - start, c.due_at - start,
                                    c.stopped_at - start if c.stopped_at else None)
            for c, template in rows}  # fmt: skip


def _alarms(db_url: str, session: str, start: datetime) -> list[tuple]:
    """(raised, task template or None, kind, acting role, recipients, acknowledged by); the
    scripted teams acknowledge before any escalation, so the recipients are the first ones.
    The director is left out: a report no cast member is named to take (received_by) is
    registered by the director, whose 首问负责 tasks (assign: first_receiver) may alarm them."""
    drill = drills.open_session(db_url, session)
    try:
        with drill.read() as s:
            rows = s.execute(select(Alarm, Task.template_id).outerjoin(Task, Alarm.task_id == Task.id)
                             .order_by(Alarm.raised_at, Alarm.id)).all()  # fmt: skip
    finally:
        drill.close()
    assert all(a.step == 0 for a, _ in rows)
    return [(format_offset(a.raised_at - start), template, a.kind, a.role_id,
             [r for r in a.recipients if r != DIRECTOR], a.acknowledged_by) for a, template in rows]  # fmt: skip


# --- every shipped scenario -------------------------------------------------------------
@pytest.mark.parametrize("file", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_each_shipped_drill_passes_drill_check(db_url, file):
    code, out, err = _cli(db_url, "drill", "check", str(file))
    assert code == 0 and out.strip() == "ok", (out, err)


@pytest.mark.parametrize("file", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_a_headless_run_of_each_drill_raises_exactly_the_alarms_its_scenario_expects(
    headless, file
):
    scenario, _ = load_scenario(file, CATALOGUE)
    assert scenario.expect is not None and scenario.expect.alarms  # a drill says what it tests
    _, result = headless(file)
    assert result["ok"] and not result["failed"], result["failed"]  # every response was played
    assert result["applied"] == len(scenario.injects) + len(scenario.responses)
    assert not result["missing"] and not result["unexpected"], result
    expected = sorted(
        (format_offset(a.at), a.incident, a.task, a.kind) for a in scenario.expect.alarms
    )
    raised = sorted((a["at"], a["incident"], a["task"], a["kind"]) for a in result["alarms"])
    assert raised == expected


def test_each_seed_plan_000_to_004_is_drilled_by_a_shipped_scenario():
    seeds: dict[str, list[str]] = {}
    for file in SHIPPED:
        scenario, _ = load_scenario(file, CATALOGUE)
        source = CATALOGUE.get(scenario.plan).source  # "seed 003《客户投诉应急预案》— …"
        seed = re.match(r"seed (\d{3})", source)
        assert seed and file.stem.startswith(seed[1]), (file.stem, source)  # named by its seed
        seeds.setdefault(seed[1], []).append(file.stem)
    assert sorted(seeds) == ["000", "001", "002", "003", "004"], seeds


# --- seed 001: 紧急投诉 "立即启动应急预案" -----------------------------------------------
def test_seed_001_problem_complaint_turned_urgent_not_activated_within_30_minutes(headless):
    # "紧急投诉:立即启动应急预案,由应急指挥小组组长主持" — 立即: 本单位设定 30 分钟 from 接报.
    # The parent's 问题型投诉 is re-graded 紧急 at 12m; the clock counts from the report (0m),
    # warns at 20m, lapses at 30m and stops at 启动预案 (34m): 4 minutes late.
    scenario, _ = load_scenario(URGENT, CATALOGUE)
    db_url, result = headless(URGENT)
    clocks = _clocks(db_url, result["session"], scenario.start)
    assert clocks[None, "urgent_start"] == (_at("0m"), _at("30m"), _at("34m"))
    # 行政部 "电话沟通并登记" (本单位设定 2 小时) at 5m; "面谈后24小时内……形成处理意见" from
    # the interview at 55m, still running when the drill ends
    assert clocks["problem_contact", "problem_contact"] == (_at("0m"), _at("2h"), _at("5m"))
    assert clocks["problem_opinion", "problem_opinion"] == (_at("55m"), _at("24h55m"), None)
    # the incident's own clock alarms the 组长 (总经理) himself, and names no task
    assert _alarms(db_url, result["session"], scenario.start) == [
        ("00:20:00", None, "warning", "general_manager", ["zhang"], "li"),
        ("00:30:00", None, "lapsed", "general_manager", ["zhang"], "zhang"),
    ]


# --- seed 003: 严重过激行为 --------------------------------------------------------------
def test_seed_003_severe_behaviour_police_in_5_minutes_leader_on_site_30_minutes_after_report(
    headless,
):
    # "网点负责人或大堂经理应立即报警"(5 分钟);"分管'文优服务'的领导在接报告后应立即赶到现场"
    # (30 分钟 from the branch's report to 综合部, not from the complaint).
    scenario, _ = load_scenario(SEVERE, CATALOGUE)
    db_url, result = headless(SEVERE)
    clocks = _clocks(db_url, result["session"], scenario.start)
    assert clocks["call_police", "call_police"] == (_at("0m"), _at("5m"), _at("4m"))
    assert clocks["report_office", "report_office"] == (_at("0m"), _at("15m"), _at("6m"))
    assert clocks["leader_onsite", "leader_onsite"] == (_at("6m"), _at("36m"), _at("40m"))
    assert clocks["receive_room", "receive_room"] == (_at("0m"), _at("10m"), _at("18m"))
    # "处理完的三日内……报送发起行": from 反馈 (85m), running at the end
    assert clocks["report_origin", "report_origin"] == (
        _at("85m"),
        _at("85m") + timedelta(days=3),
        None,
    )
    alarms = _alarms(db_url, result["session"], scenario.start)
    # the branch's alarms reach the 网点负责人 (A角), the leader's the 分管副行长
    assert [(at, task, kind, role, to) for at, task, kind, role, to, _ in alarms] == [
        ("00:03:00", "call_police", "warning", "branch_handler", ["gao"]),
        ("00:07:00", "receive_room", "warning", "branch_handler", ["gao"]),
        ("00:10:00", "receive_room", "lapsed", "branch_handler", ["gao"]),
        ("00:30:00", "leader_onsite", "warning", "vice_president", ["li"]),
        ("00:36:00", "leader_onsite", "lapsed", "vice_president", ["li"]),
    ]
    assert all(by is not None for *_, by in alarms)  # every alarm acknowledged


# --- seed 004: 重大投诉 10 分钟 / 当天 / 24 小时 --------------------------------------------
def test_seed_004_major_complaint_form_in_10_minutes_same_day_and_answer_in_24_hours(headless):
    # "客服员根据10分钟内将《投诉处理表》发送到被投诉部门,领表人……于当天转呈……,重大投诉应
    # 当天呈送公司运营管理部进入处置程序";"重大投诉应当在24小时内给投诉的住户明确答复".
    scenario, _ = load_scenario(MAJOR, CATALOGUE)
    assert scenario.start == local(2026, 12, 9, 16, 40)  # a Wednesday, 50 minutes before 17:30
    db_url, result = headless(MAJOR)
    clocks = _clocks(db_url, result["session"], scenario.start)
    midnight = local(2026, 12, 10, 0, 0) - scenario.start  # 当天 ends at 24:00 local
    assert midnight == _at("7h20m")
    assert clocks["send_form", "send_form"] == (_at("0m"), _at("10m"), _at("9m"))
    assert clocks["forward_gm", "forward_gm"] == (_at("0m"), midnight, _at("30m"))
    assert clocks["major_same_day", "major_same_day"] == (_at("0m"), midnight, _at("16h10m"))
    assert clocks["clear_answer", "clear_answer"] == (_at("0m"), _at("24h"), _at("21h"))
    # "在当天将处理结果通报给投诉住户": from 工程部's result (22h, Thursday 14:40) to Thursday 24:00
    assert clocks["notify_result", "notify_result"] == (_at("22h"), _at("31h20m"), _at("22h30m"))
    # "投诉时间不宜超过3日": the complaint's own clock, still running at the end
    assert clocks[None, "resolve_3d"] == (_at("0m"), _at("72h"), None)
    # "非标准工作时间内由当值秩序维护领班担任应急处理小组负责人": the 组长's alarms at 22:32 and
    # 24:00 go to the duty lead, who acknowledges them; by day they are the 项目经理's own
    assert _alarms(db_url, result["session"], scenario.start) == [
        ("00:07:00", "send_form", "warning", "cs_officer", ["xiao"], "xiao"),
        ("05:52:00", "major_same_day", "warning", "duty_security_lead", ["lei"], "lei"),
        ("07:20:00", "major_same_day", "lapsed", "duty_security_lead", ["lei"], "lei"),
        ("20:00:00", "clear_answer", "warning", "team_lead", ["zhang"], "zhang"),
    ]
    # the 客服员 took the report (received_by): the case's 首问负责人, who holds the form
    drill = drills.open_session(db_url, result["session"])
    try:
        with drill.read() as s:
            incident = s.execute(select(Incident)).scalar_one()
            send = s.execute(select(Task).where(Task.template_id == "send_form")).scalar_one()
            assert (incident.recorded_by, send.assignee, send.done_by) == ("xiao", "xiao", "xiao")
    finally:
        drill.close()
