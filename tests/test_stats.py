"""统计分析 (定期分析, 监督报告): a month of a bank branch's complaints (seed 003), scripted
through the real services on a sandbox database with a fixed clock, and the figures the
statistics give for it, each computed here by hand from the script's times: deadlines met,
late (by how much) and missed, first-response and close times, alarms, MTTA and
escalations, 回访 and the satisfaction rate, repeat complainants, the top lists, the change
against the previous month; by group, type and day; on SQLite and on PostgreSQL. Then the
command line: its JSON, its text, a drill's database refused, bad input naming the field.

Percentiles are nearest-rank (console/stats/queries.py): the p-th of n values is the
ceil(p × n)-th smallest."""

from __future__ import annotations

import contextlib
import io
import json
import math
import shutil
import sys
import types
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console import db
from console.cli import main
from console.context import App, open_app
from console.errors import InputError
from console.services import alarms, incidents, revisits, stats, tasks
from console.services.incidents import ReportInput
from console.services.sandbox import mark_sandbox
from console.stats import BREAKDOWNS, NUMBERS
from console.time.source import FixedTime
from tests.conftest import HIRED, PG_SERVER, add_staff, local, tasks_of

PLAN = "bank_complaint"  # seed 003: a bank branch's 客户投诉应急预案
ROOM = timedelta(minutes=10)  # its 请到接待室 (receive_room): 本单位设定 10 分钟 from 接报
WARN = ROOM - timedelta(minutes=3)  # its warning: 3 分钟 before the deadline
TO_B = timedelta(minutes=5)  # its escalation.to_b_after: an alarm not acknowledged goes to B角

NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
OCTOBER = (date(2026, 10, 2), date(2026, 10, 31))  # the 30 days before November
NOW = local(2026, 12, 1, 10, 0)  # when the figures are read
NOW_ISO = NOW.isoformat()

# --- the previous period (October) ---------------------------------------------------------
P1 = local(2026, 10, 10, 9, 0)  # 接报
P1_ROOM = P1 + timedelta(minutes=5)  # 请到接待室 done: on time
P2 = local(2026, 10, 20, 11, 0)
P2_SWEEP = P2 + timedelta(minutes=12)  # its deadline passed: a lapse alarm
P2_ACK = P2 + timedelta(minutes=14)
P2_ROOM = P2 + timedelta(minutes=25)  # done, late

# --- November --------------------------------------------------------------------------------
# A: on time all the way: 回访 满意, 结案. 07:30 local is still 2 November in UTC.
A = local(2026, 11, 3, 7, 30)
A_ROOM = A + timedelta(minutes=4)
A_EXPLAIN, A_HANDLING, A_FEEDBACK = (
    local(2026, 11, 3, 8, 0),
    local(2026, 11, 3, 8, 30),
    local(2026, 11, 3, 9, 0),
)
A_REVISIT = local(2026, 11, 4, 10, 0)  # 满意: the 满意度调查 task done, on time
A_ORIGIN = local(2026, 11, 5, 9, 0)  # 报送发起行 done, on time (3 日 from 反馈)
A_CLOSE = local(2026, 11, 5, 10, 0)
# B: the same customer (the number typed differently); late into the room, 回访 不满意, then 基本满意.
B = local(2026, 11, 10, 14, 0)
B_WARN_SWEEP = B + WARN + timedelta(minutes=1)  # a warning alarm
B_WARN_ACK = B_WARN_SWEEP + timedelta(seconds=60)
B_LAPSE_SWEEP = B + ROOM + timedelta(minutes=2)  # a lapse alarm
B_LAPSE_ACK = B_LAPSE_SWEEP + timedelta(seconds=120)
B_ROOM = B + timedelta(minutes=16)  # late
B_EXPLAIN, B_HANDLING, B_FEEDBACK = (
    B + timedelta(minutes=30),
    B + timedelta(hours=1),
    B + timedelta(hours=2),
)
B_REVISIT_1 = local(2026, 11, 11, 10, 0)  # 不满意: back to 处置, re-handling within 1 日
B_REHANDLE = local(2026, 11, 11, 16, 0)  # on time
B_FEEDBACK_2 = local(2026, 11, 11, 17, 0)
C = local(2026, 11, 12, 8, 0)  # C: nobody ever takes the customer to the room (missed)
C_SWEEP = C + timedelta(minutes=20)  # a lapse alarm, never acknowledged
C_ESCALATE = C_SWEEP + TO_B + timedelta(minutes=1)  # → B角
B_REVISIT_2 = local(2026, 11, 12, 11, 0)  # 基本满意
B_ORIGIN = local(2026, 11, 12, 12, 0)
B_CLOSE = local(2026, 11, 12, 13, 0)
D = local(2026, 11, 20, 10, 0)  # D: a letter, no number; late by half an hour
D_SWEEP = D + timedelta(minutes=15)
D_ACK = D_SWEEP + timedelta(seconds=180)
D_ROOM = D + timedelta(minutes=40)
E = local(2026, 11, 25, 15, 0)  # E: the customer of A and B a third time, now 社会知名人士投诉
E_ROOM = E + timedelta(minutes=2)
F = local(2026, 11, 30, 23, 50)  # F: the month's last minutes, no type
G = local(2026, 12, 1, 0, 5)  # G: December already (in UTC still 30 November)
H = local(2026, 11, 28, 9, 0)  # H: another plan's (customer_crisis), left running

CUSTOMER = "13800000002"


def nearest_rank(values: list[float], p: float) -> float:
    """The ceil(p × n)-th smallest."""
    ordered = sorted(values)
    return ordered[math.ceil(p * len(ordered)) - 1]


def seconds(d: timedelta) -> float:
    return d.total_seconds()


# --- the script ------------------------------------------------------------------------------
class Month:
    """Drives the services at the script's times (the clock never goes back)."""

    def __init__(self, app: App) -> None:
        self.app = app

    def at(self, when: datetime) -> None:
        self.app.time = FixedTime(when)

    def report(self, when: datetime, plan: str = PLAN, **fields) -> int:
        self.at(when)
        data = {"title": "投诉", "channel": "onsite", "level": "mild", "type": "general"} | fields
        return incidents.register(self.app, "duty1", ReportInput(plan=plan, **data)).id

    def done(self, incident: int, template: str, when: datetime) -> None:
        self.at(when)
        tasks.complete(self.app, "leader1", tasks_of(self.app, incident)[template].id, "已办")

    def advance(self, incident: int, state: str, when: datetime) -> None:
        self.at(when)
        incidents.advance(self.app, "leader1", incident, state)

    def sweep(self, when: datetime) -> list[int]:
        self.at(when)
        return alarms.sweep(self.app).raised

    def ack(self, alarm: int, when: datetime) -> None:
        self.at(when)
        alarms.ack(self.app, "leader1", alarm)

    def revisit(self, incident: int, result: str, when: datetime) -> None:
        self.at(when)
        revisits.record(self.app, "leader1", incident, result)


def script(app: App) -> dict[str, int]:
    m = Month(app)
    p1 = m.report(P1, contact="13800000001")
    m.done(p1, "receive_room", P1_ROOM)
    p2 = m.report(P2)
    (lapse,) = m.sweep(P2_SWEEP)
    m.ack(lapse, P2_ACK)
    m.done(p2, "receive_room", P2_ROOM)

    a = m.report(A, contact=CUSTOMER, location="城东支行", demands="退还手续费")
    m.done(a, "receive_room", A_ROOM)
    m.done(a, "explain", A_EXPLAIN)
    m.advance(a, "handling", A_HANDLING)
    m.advance(a, "feedback", A_FEEDBACK)  # 报送发起行 (3 日) and 满意度调查 (2 个工作日) start
    m.revisit(a, "satisfied", A_REVISIT)
    m.done(a, "report_origin", A_ORIGIN)
    m.advance(a, "closed", A_CLOSE)

    b = m.report(
        B, channel="phone", contact="138 0000 0002", location="城东支行", demands="退还手续费"
    )
    (warning,) = m.sweep(B_WARN_SWEEP)
    m.ack(warning, B_WARN_ACK)
    (lapse,) = m.sweep(B_LAPSE_SWEEP)
    m.ack(lapse, B_LAPSE_ACK)
    m.done(b, "receive_room", B_ROOM)
    m.done(b, "explain", B_EXPLAIN)
    m.advance(b, "handling", B_HANDLING)
    m.advance(b, "feedback", B_FEEDBACK)
    m.revisit(b, "dissatisfied", B_REVISIT_1)  # 满意度调查 done; re-handling and a new 调查
    m.done(b, "rehandle:1:rehandle", B_REHANDLE)
    m.advance(b, "feedback", B_FEEDBACK_2)

    c = m.report(C, contact="13900000003", location="城西支行", demands="赔偿损失")
    assert len(m.sweep(C_SWEEP)) == 1
    m.sweep(C_ESCALATE)
    m.revisit(b, "basically_satisfied", B_REVISIT_2)
    m.done(b, "report_origin", B_ORIGIN)
    m.advance(b, "closed", B_CLOSE)

    d = m.report(D, channel="letter")
    (lapse,) = m.sweep(D_SWEEP)
    m.ack(lapse, D_ACK)
    m.done(d, "receive_room", D_ROOM)

    e = m.report(E, contact=CUSTOMER, location="城东支行", demands="退还手续费", type="celebrity")
    m.done(e, "receive_room", E_ROOM)
    h = m.report(H, plan="customer_crisis", level="general", type="service", location="城东支行")
    f = m.report(F, type=None, location="城北支行")
    g = m.report(G, location="城北支行")
    m.at(NOW)
    return {"p1": p1, "p2": p2, "a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "g": g, "h": h}


def _build(url: str, calendars: Path) -> None:
    app = open_app(url, FixedTime(HIRED), calendar_dir=calendars)
    try:
        mark_sandbox(app)
        add_staff(app)
        script(app)
    finally:
        app.close()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def month_url(request, tmp_path_factory, migrated_db) -> str:
    """The scripted month, once per module and database kind (read only by the tests)."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("month") / "month.db"
        shutil.copy(migrated_db, path)
        url = f"sqlite:///{path}"
        _build(url, path.parent / "calendars")
        yield url
        return
    template = request.getfixturevalue("pg_template")
    url = db.create_database(PG_SERVER, "console_stats", template=template)
    try:
        _build(url, tmp_path_factory.mktemp("calendars"))
        yield url
    finally:
        db.drop_database(url)


@pytest.fixture
def month(month_url) -> App:
    app = open_app(month_url, FixedTime(NOW))
    yield app
    app.close()


def november(app: App, by: str = "group", plan: str | None = PLAN):
    return stats.compute(app, "leader1", start=NOVEMBER[0], end=NOVEMBER[1], by=by, plan=plan)


# --- the figures -----------------------------------------------------------------------------
def test_the_month_of_a_branch_counts_a_deadline_met_late_and_by_how_much(month):
    t = november(month).total
    # every deadline falling in November, by hand: 请到接待室 of A and E in time, of B and D
    # late, of C never (past its deadline at NOW); A's and B's 满意度调查 and 报送发起行, B's
    # re-handling and its second 满意度调查, each done before its deadline
    met = ["A 接待室", "A 满意度调查", "A 报送发起行", "B 满意度调查", "B 重新处理",
           "B 第二次满意度调查", "B 报送发起行", "E 接待室"]  # fmt: skip
    late = [seconds(B_ROOM - (B + ROOM)), seconds(D_ROOM - (D + ROOM))]
    missed = ["C 接待室"]
    assert (t.clocks_met, t.clocks_late, t.clocks_missed) == (len(met), len(late), len(missed))
    assert late == [360.0, 1800.0]
    assert t.late_median_s == nearest_rank(late, 0.5) == 360.0  # ceil(0.5 × 2) = the 1st
    assert t.late_max_s == max(late)
    assert t.on_time_rate == pytest.approx(len(met) / (len(met) + len(late) + len(missed)))


def test_first_response_and_close_times_are_nearest_rank_median_and_p90(month):
    t = november(month).total
    # first response: the first task done, of the incidents responded to in November (C never)
    response = [seconds(x) for x in (A_ROOM - A, B_ROOM - B, D_ROOM - D, E_ROOM - E)]
    assert t.response_median_s == nearest_rank(response, 0.5) == seconds(A_ROOM - A)
    assert t.response_p90_s == nearest_rank(response, 0.9) == seconds(D_ROOM - D)
    close = [seconds(A_CLOSE - A), seconds(B_CLOSE - B)]
    assert t.closed == 2
    assert t.close_median_s == nearest_rank(close, 0.5) == seconds(B_CLOSE - B)
    assert t.close_p90_s == nearest_rank(close, 0.9) == seconds(A_CLOSE - A)


def test_alarms_are_counted_with_their_time_to_acknowledge_and_escalations(month):
    t = november(month).total
    # B's warning and lapse, C's lapse (never acknowledged: escalated to the B角), D's lapse
    acked = [seconds(B_WARN_ACK - B_WARN_SWEEP), seconds(B_LAPSE_ACK - B_LAPSE_SWEEP),
             seconds(D_ACK - D_SWEEP)]  # fmt: skip
    assert (t.alarms, t.escalations) == (4, 1)
    assert t.ack_median_s == nearest_rank(acked, 0.5) == 120.0  # MTTA
    assert t.ack_p90_s == nearest_rank(acked, 0.9) == 180.0


def test_revisits_give_the_satisfaction_rate_and_a_returning_number_is_one_repeat_complainant(
    month,
):
    t = november(month).total
    calls = ["satisfied", "dissatisfied", "basically_satisfied"]  # A; B twice
    good = [c for c in calls if c != "dissatisfied"]
    assert (t.revisits, t.satisfied) == (len(calls), len(good))
    assert t.satisfaction_rate == pytest.approx(len(good) / len(calls))
    # A, B (the number with spaces) and E: one number, three incidents; C came once
    assert (t.repeat_complainants, t.repeat_incidents) == (1, 3)


def test_the_month_is_compared_with_the_previous_one_of_the_same_length(month):
    st = november(month)
    before = st.previous
    assert before.received == 2 and before.closed == 0
    assert (before.clocks_met, before.clocks_late, before.clocks_missed) == (1, 1, 0)
    assert before.late_median_s == seconds(P2_ROOM - (P2 + ROOM))
    assert before.on_time_rate == 0.5
    response = [seconds(P1_ROOM - P1), seconds(P2_ROOM - P2)]
    assert before.response_median_s == nearest_rank(response, 0.5)
    assert before.response_p90_s == nearest_rank(response, 0.9)
    assert (before.alarms, before.ack_median_s) == (1, seconds(P2_ACK - P2_SWEEP))
    assert before.satisfaction_rate is None and before.close_median_s is None
    change = st.change()
    assert change["received"] == st.total.received - 2 == 4
    assert change["clocks_met"] == 8 - 1 and change["clocks_missed"] == 1
    assert change["on_time_rate"] == pytest.approx(8 / 11 - 1 / 2)
    assert change["late_median_s"] == 360.0 - 900.0
    assert change["close_median_s"] is None  # nothing closed in October
    # ...which is exactly October 2–31 asked for itself
    october = stats.compute(month, "leader1", start=OCTOBER[0], end=OCTOBER[1], plan=PLAN).total
    assert replace(october, label=before.label) == before


def test_the_period_is_counted_in_local_days_of_the_plans_time_zone(month):
    t = november(month).total
    # A (3 Nov 07:30, still 2 Nov in UTC) and F (30 Nov 23:50) are November's; G (1 Dec
    # 00:05, 30 Nov in UTC) is not; nor is F's deadline, at midnight
    assert t.received == 6  # A, B, C, D, E, F
    days = {r.key: r for r in november(month, by="day").rows}
    assert len(days) == 30 and min(days) == "2026-11-01" and max(days) == "2026-11-30"
    assert days["2026-11-03"].received == 1 and days["2026-11-02"].received == 0
    assert days["2026-11-30"].received == 1 and days["2026-11-30"].clocks_missed == 0


def test_by_group_a_clock_counts_for_its_tasks_group_and_an_incident_for_each_of_its_groups(
    month,
):
    rows = {r.key: r for r in november(month).rows}
    assert set(rows) == {"branch", "office"}
    branch, office = rows["branch"], rows["office"]
    assert branch.label == "营业网点" and office.label == "综合部(领导小组办公室)"
    # 营业网点: the rooms (A, E in time; B, D late; C missed) and B's re-handling (in time)
    assert (branch.clocks_met, branch.clocks_late, branch.clocks_missed) == (3, 2, 1)
    assert branch.late_max_s == 1800.0 and branch.on_time_rate == pytest.approx(3 / 6)
    assert (branch.alarms, branch.escalations) == (4, 1)
    # 综合部: the 满意度调查 and 报送发起行 of A and B, and B's second 调查: all in time
    assert (office.clocks_met, office.clocks_late, office.clocks_missed) == (5, 0, 0)
    assert office.on_time_rate == 1.0 and office.alarms == 0
    # every case has tasks of both groups: each counts in both
    assert branch.received == office.received == 6
    assert branch.revisits == office.revisits == 3


def test_by_type_and_by_day(month):
    types = {r.key: r for r in november(month, by="type").rows}
    assert {k: r.received for k, r in types.items()} == {"general": 4, "celebrity": 1, "-": 1}
    assert types["general"].label == "一般客户投诉" and types["-"].label == "未分类"
    assert types["celebrity"].response_median_s == seconds(E_ROOM - E)
    # A and B are 一般客户投诉, E 社会知名人士投诉: within the type the number came twice
    assert (types["general"].repeat_complainants, types["general"].repeat_incidents) == (1, 2)
    assert types["general"].clocks_late == 2 and types["general"].clocks_missed == 1
    days = {r.key: r for r in november(month, by="day").rows}
    # 10 November: B came, warned and lapsed; its room's deadline fell that day, late
    assert (days["2026-11-10"].received, days["2026-11-10"].alarms) == (1, 2)
    assert days["2026-11-10"].clocks_late == 1 and days["2026-11-10"].label == "11月10日 周二"
    # 12 November: C came and its deadline was missed; B's 回访 基本满意 and its 结案
    d12 = days["2026-11-12"]
    assert (d12.received, d12.clocks_missed, d12.revisits, d12.closed) == (1, 1, 1, 1)
    assert d12.close_median_s == seconds(B_CLOSE - B)
    weeks = november(month, by="week").rows
    assert [w.key for w in weeks][:2] == ["2026-10-26", "2026-11-02"]  # Mondays
    assert sum(w.received for w in weeks) == 6
    (whole,) = november(month, by="month").rows
    assert (whole.key, whole.label, whole.received) == ("2026-11", "2026年11月", 6)


def test_top_locations_types_and_demands(month):
    top = november(month).top
    assert top["locations"] == (("城东支行", 3), ("城北支行", 1), ("城西支行", 1))
    assert top["types"] == (("一般客户投诉", 4), ("社会知名人士投诉", 1))
    assert top["demands"] == (("退还手续费", 3), ("赔偿损失", 1))


def test_every_plan_counts_the_other_plans_incidents_too(month):
    every = november(month, plan=None).total
    assert every.received == 7  # and H, customer_crisis
    assert every.clocks_missed == 2  # C's room, H's 一般投诉响应 (2 小时)
    assert november(month, plan="customer_crisis").total.received == 1


# --- the command line ------------------------------------------------------------------------
def cli(url: str, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", url, "--now", NOW_ISO, *args])
    return code, out.getvalue(), err.getvalue()


def test_the_json_output_holds_every_figure_the_previous_period_and_the_change(month_url):
    code, out, err = cli(month_url, "stats", "--from", "2026-11-01", "--to", "2026-11-30",
                         "--plan", PLAN, "--by", "type", "--json", "--as", "super1")  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert set(doc) == {"start", "end", "by", "plan", "timezone", "total", "previous", "rows",
                        "top", "author", "computed_at", "change"}  # fmt: skip
    assert (doc["start"], doc["end"], doc["by"], doc["plan"]) == (
        "2026-11-01",
        "2026-11-30",
        "type",
        PLAN,
    )
    assert doc["timezone"] == "Asia/Shanghai" and doc["author"] == "super1"
    assert set(doc["total"]) == {"key", "label", *NUMBERS} == set(doc["rows"][0])
    assert set(doc["change"]) == set(NUMBERS)
    assert doc["total"]["clocks_late"] == 2 and doc["change"]["received"] == 4
    assert doc["top"]["demands"] == [["退还手续费", 3], ["赔偿损失", 1]]
    assert datetime.fromisoformat(doc["computed_at"]) == NOW


def test_the_text_output_is_a_table_by_group_with_the_totals_and_the_previous_month(month_url):
    code, out, err = cli(month_url, "stats", "--from", "2026-11-01", "--to", "2026-11-30",
                         "--plan", PLAN)  # fmt: skip
    assert code == 0, err
    lines = out.splitlines()
    assert "2026-11-01 至 2026-11-30" in lines[0] and "按工作组" in lines[0]
    row = next(line for line in lines if line.startswith("营业网点"))
    assert "6分" in row and "30分" in row  # late median and most: 6 and 30 minutes
    assert any(line.startswith("合计") for line in lines)
    assert any(line.startswith("上期") for line in lines)
    assert any(line.startswith("较上期") and "+4" in line for line in lines)
    assert "城东支行(3)" in out


def test_exports_get_every_breakdown_and_an_unwritable_file_names_its_option(
    month_url, tmp_path, monkeypatch
):
    calls = []

    def write_workbook(stats_by, path):
        calls.append(("xlsx", sorted(stats_by), path))
        path.write_bytes(b"xlsx")
        return path

    def render(stats_by, path, *, watermark=""):
        calls.append(("pdf", sorted(stats_by), path, watermark))
        path.write_bytes(b"%PDF")
        return path

    monkeypatch.setitem(sys.modules, "console.printing.workbook",
                        types.SimpleNamespace(write_workbook=write_workbook))  # fmt: skip
    monkeypatch.setitem(sys.modules, "console.printing.stats_report",
                        types.SimpleNamespace(render=render))  # fmt: skip
    xlsx, pdf = tmp_path / "统计.xlsx", tmp_path / "监督报告.pdf"
    code, out, err = cli(month_url, "stats", "--from", "2026-11-01", "--to", "2026-11-30",
                         "--xlsx", str(xlsx), "--pdf", str(pdf), "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["files"] == {"xlsx": str(xlsx), "pdf": str(pdf)}
    assert calls == [("xlsx", sorted(BREAKDOWNS), xlsx), ("pdf", sorted(BREAKDOWNS), pdf, "测试")]
    code, _, err = cli(month_url, "stats", "--from", "2026-11-01", "--to", "2026-11-30",
                       "--xlsx", str(tmp_path))  # a folder  # fmt: skip
    assert code == 2 and err.startswith("error: --xlsx:")
    code, _, err = cli(month_url, "stats", "--from", "2026-11-01", "--to", "2026-11-30",
                       "--pdf", str(tmp_path / "no such folder" / "x.pdf"))  # fmt: skip
    assert code == 2 and err.startswith("error: --pdf:")
    assert len(calls) == 2  # nothing computed nor written for either


def test_a_drill_database_is_never_counted(db_url, tmp_path):
    from console.drills.scenario import DRILLS_DIR, load_scenario
    from console.services import drills

    real = open_app(db_url, FixedTime(HIRED), calendar_dir=tmp_path / "cal")
    try:
        scenario, text = load_scenario(
            DRILLS_DIR / "000_branch_mass_complaint.yaml", real.catalogue
        )
        drill = drills.start(real, None, scenario, text, mode="headless")
    finally:
        real.close()
    try:
        with pytest.raises(InputError) as refused:
            stats.compute(drill, None, start=NOVEMBER[0], end=NOVEMBER[1])
        assert refused.value.field == "database"
        code, _, err = cli(drill.url, "stats", "--from", "2026-11-01", "--to", "2026-11-30")
        assert code == 2 and "database" in err and "drill" in err
    finally:
        drill.close()


@pytest.mark.parametrize(("args", "field"), [
    (("--from", "2026-11-30", "--to", "2026-11-01"), "--from"),  # after --to
    (("--from", "2026-11-31", "--to", "2026-12-01"), "--from"),  # no such day
    (("--from", "2026-11-01", "--to", "30/11/2026"), "--to"),
    (("--from", "2026-11-01", "--to", "2026-11-30", "--by", "weekday"), "--by"),
    (("--from", "2026-11-01", "--to", "2026-11-30", "--plan", "no_such_plan"), "--plan"),
    (("--from", "2024-01-01", "--to", "2026-11-30"), "--to"),  # longer than the longest
    (("--from", "1900-01-01", "--to", "1900-01-31"), "--from"),
    (("--to", "2026-11-30"), "--from"),  # required
])  # fmt: skip
def test_bad_input_exits_2_naming_the_field(db_url, args, field):
    code, out, err = cli(db_url, "stats", *args)
    assert code == 2 and out == ""
    assert field in err, err


def test_the_service_refuses_bad_input_naming_the_option(app):
    cases = [
        (dict(start=date(2026, 11, 2), end=date(2026, 11, 1)), "--from"),
        (dict(start=date(2026, 11, 1), end=date(2026, 11, 30), by="weekday"), "--by"),
        (dict(start=date(2026, 11, 1), end=date(2026, 11, 30), plan="x"), "--plan"),
        (dict(start="2026-11-01", end=date(2026, 11, 30)), "--from"),
    ]
    for kwargs, field in cases:
        with pytest.raises(InputError) as refused:
            stats.compute(app, None, **kwargs)
        assert refused.value.field == field


# --- nearest rank, on any values, however the days are kept -----------------------------------
@settings(max_examples=60)
@given(st.lists(st.tuples(st.integers(0, 30), st.sampled_from(["", "13800000001", "010-1"]),
                          st.integers(0, 10**6)), min_size=1, max_size=80))  # fmt: skip
def test_a_periods_medians_and_repeat_numbers_from_kept_days_are_those_of_all_its_values(cases):
    """Whatever the values and however they fall on the days kept one by one: the period's
    median is the ceil(n/2)-th smallest of all of them, p90 the ceil(0.9 n)-th, the most the
    n-th; a number on two of its cases, on any days, is one repeat complainant."""
    from console.stats.rollup import Part

    days: dict[int, dict[str, list]] = {}
    for day, contact, ms in cases:
        lists = days.setdefault(day, {"received": [], "contacts": [], "close": [], "late": []})
        lists["received"].append(1)
        lists["close"].append(ms / 1000)
        lists["late"].append(ms / 1000)
        if contact:
            lists["contacts"].append("".join(ch for ch in contact if ch.isdigit()))
    period = Part()
    for lists in days.values():
        period.add(Part.collected(lists))
    got = period.figures("")
    mine = [ms / 1000 for _, _, ms in cases]
    assert got.received == len(cases)
    assert (got.close_median_s, got.close_p90_s) == (
        nearest_rank(mine, 0.5),
        nearest_rank(mine, 0.9),
    )
    assert (got.late_median_s, got.late_max_s) == (nearest_rank(mine, 0.5), max(mine))
    numbers = [c for _, c, _ in cases if c]
    again = {c for c in numbers if numbers.count(c) >= 2}
    assert got.repeat_complainants == len(again)
    assert got.repeat_incidents == sum(numbers.count(c) for c in again)


def test_the_workbook_of_the_scripted_month_opens_with_the_same_numbers_as_the_command_line(
    month_url, tmp_path
):
    """The acceptance: `stats --xlsx` on the scripted month, reopened as a user's Excel would,
    holds on its 汇总 sheet exactly the figures `stats --json` prints (durations in minutes,
    rates as fractions), and one sheet per breakdown whose rows are the JSON's rows."""
    from openpyxl import load_workbook

    from console.printing.workbook import FIGURE_NAMES, cell_value

    book = tmp_path / "十一月.xlsx"
    args = ("stats", "--from", "2026-11-01", "--to", "2026-11-30", "--plan", PLAN, "--as", "super1")
    code, out, err = cli(month_url, *args, "--json", "--xlsx", str(book))
    assert code == 0, err
    figures = json.loads(out)
    wb = load_workbook(book)
    assert wb.sheetnames == ["汇总", *BREAKDOWNS.values()]
    summary = {row[0]: row[1:4] for row in wb["汇总"].iter_rows(values_only=True) if row[0]}
    for name, label in FIGURE_NAMES.items():
        shown = next(v for k, v in summary.items() if str(k).startswith(label))
        for got, value in zip(
            shown, (figures["total"][name], figures["previous"][name]), strict=False
        ):
            want = cell_value(name, value)
            assert got == pytest.approx(want) if want is not None else got is None, (
                name,
                got,
                want,
            )
    groups = wb["工作组"]
    head = [c.value for c in groups[1]]
    received = next(i for i, h in enumerate(head) if str(h).startswith("接报"))
    by_name = {row[0]: row[received] for row in groups.iter_rows(min_row=2, values_only=True)}
    for row in figures["rows"]:
        assert by_name[row["label"]] == row["received"], row["label"]


# --- the day roll-up: finished days kept, and counted afresh when their cases change --------
LATER = NOW + timedelta(hours=2)  # late work on November's cases, after a first reading


@pytest.fixture(params=["sqlite", "postgresql"])
def own_month(request, tmp_path, migrated_db):
    """A scripted month of this test's own, to change."""
    if request.param == "sqlite":
        path = tmp_path / "month.db"
        shutil.copy(migrated_db, path)
        url = f"sqlite:///{path}"
        _build(url, tmp_path / "calendars")
        yield url
        return
    url = db.create_database(
        PG_SERVER, "console_stats", template=request.getfixturevalue("pg_template")
    )
    try:
        _build(url, tmp_path / "calendars")
        yield url
    finally:
        db.drop_database(url)


def _readings(app: App) -> dict[str, object]:
    return {by: november(app, by) for by in ("group", "type", "location", "day")}


def _kept(app: App) -> tuple[int, int]:
    from sqlalchemy import func, select

    from models import StatsBuilt, StatsStale

    with app.read() as s:
        return s.scalar(select(func.count()).select_from(StatsBuilt)), s.scalar(
            select(func.count()).select_from(StatsStale)
        )


def _forget(app: App) -> None:
    from sqlalchemy import delete

    from models import StatsBuilt, StatsDay

    with app.claim() as s:
        s.execute(delete(StatsDay))
        s.execute(delete(StatsBuilt))


def test_late_work_on_last_months_cases_changes_its_kept_figures_as_if_counted_afresh(
    own_month, monkeypatch
):
    """November is read once (its days are kept); then C's missed 请到接待室 is done late, the
    alarm that went to the B角 acknowledged, G retyped, a task added to F for another group,
    and D's location set by a script outside the console. November read again is what a
    reading from the rows alone gives, and C's deadline is now late, not missed. A third
    reading counts nothing from the rows: every day of it is kept."""
    from sqlalchemy import text

    from console.stats import rollup

    app = open_app(own_month, FixedTime(NOW))
    try:
        first = _readings(app)
        kept, marks = _kept(app)
        assert kept >= 30 + 30 and marks == 0  # November's and October's days, every mark read
        ids = script_ids(app)
        m = Month(app)
        m.done(ids["c"], "receive_room", LATER)
        with app.read() as s:
            open_alarm = s.execute(text(f"SELECT id FROM alarms WHERE incident_id = {ids['c']} "
                                        "AND acknowledged_at IS NULL")).scalar()  # fmt: skip
        m.ack(open_alarm, LATER + timedelta(minutes=1))
        m.at(LATER + timedelta(minutes=2))
        incidents.retype(app, "leader1", ids["g"], "celebrity", reason="核实为知名人士")
        tasks.add(app, "leader1", ids["f"], title="复核", group="office", within="1 小时")
        with app.claim() as s:  # not through the console: the trigger marks it all the same
            s.execute(text(f"UPDATE incidents SET location = '城南支行' WHERE id = {ids['d']}"))
        m.at(LATER + timedelta(minutes=3))
        assert _kept(app)[1] > 0
        again = _readings(app)
        assert _kept(app)[1] == 0
        before, after = first["group"].total, again["group"].total
        assert (after.clocks_late, after.clocks_missed) == (
            before.clocks_late + 1,
            before.clocks_missed - 1,
        )
        _forget(app)
        afresh = _readings(app)
        for by in again:
            assert replace(again[by], computed_at=None) == replace(afresh[by], computed_at=None), by
        assert dict(again["location"].top["locations"]).get("城南支行") == 1
        counted = []
        real = rollup.collect
        monkeypatch.setattr(
            rollup, "collect", lambda s, w, dim: counted.append(dim) or real(s, w, dim)
        )
        third = _readings(app)
        assert counted == [] and third == again
    finally:
        app.close()


def script_ids(app: App) -> dict[str, int]:
    """The scripted incidents by their letter (by their times of 接报)."""
    from sqlalchemy import text

    times = {"c": C, "d": D, "f": F, "g": G}
    with app.read() as s:
        rows = s.execute(text("SELECT id, received_at FROM incidents")).all()
    out = {}
    for letter, when in times.items():
        utc = when.astimezone(UTC).replace(tzinfo=None)
        out[letter] = next(i for i, at in rows if (at if isinstance(at, datetime) else
                                                    datetime.fromisoformat(at)) == utc)  # fmt: skip
    return out


def test_a_reading_keeps_nothing_when_another_cleared_marks_meanwhile(own_month):
    """Two seats read at once: the one that began first, before a change the other's reading
    cleared the mark of, keeps none of its days (its snapshot lacks the change)."""
    from sqlalchemy import text

    from console.stats import rollup

    app = open_app(own_month, FixedTime(NOW))
    try:
        period = stats.period_of(app, *NOVEMBER, PLAN)
        slow = rollup.Reading(period.offset_minutes, period.now)
        with app.read() as s:
            slow.start(s)
            slow.parts(s, app.read_engine.dialect.name, "", rollup.days_of(*NOVEMBER), None)
        with app.claim() as s:
            s.execute(text("UPDATE incidents SET location = '城南支行' WHERE id = "
                           "(SELECT min(id) FROM incidents)"))  # fmt: skip
        november(app)  # the other reading: clears the mark, keeps its days
        with app.claim() as s:
            assert slow.keep(s) is False
        _forget(app)
        fresh = rollup.Reading(period.offset_minutes, period.now)
        with app.read() as s:
            fresh.start(s)
            fresh.parts(s, app.read_engine.dialect.name, "", rollup.days_of(*NOVEMBER), None)
        with app.claim() as s:
            assert fresh.keep(s) is True
    finally:
        app.close()


def test_only_a_change_the_statistics_read_marks_its_days(each_db_url):
    """A task's note or a version bump marks nothing (the next reading keeps every day);
    its group, its incident's level or a clock's stop marks the case's report time, on
    either database, whoever writes it."""
    from sqlalchemy import delete, select, text

    from models import StatsStale

    app = open_app(each_db_url, FixedTime(HIRED))
    try:
        mark_sandbox(app)
        add_staff(app)
        m = Month(app)
        iid = m.report(A)
        with app.claim() as s:
            s.execute(delete(StatsStale))

        def marks(sql: str) -> list[datetime]:
            with app.claim() as s:
                s.execute(text(sql))
            with app.claim() as s:
                found = list(s.scalars(select(StatsStale.at)))
                s.execute(delete(StatsStale))
            return found

        assert (
            marks(f"UPDATE tasks SET note = 'n', version = version + 1 WHERE incident_id = {iid}")
            == []
        )
        assert marks(f"UPDATE incidents SET mood = '平稳' WHERE id = {iid}") == []
        assert set(marks(f"UPDATE tasks SET group_id = 'office' WHERE incident_id = {iid}")) == {A}
        assert set(marks(f"UPDATE incidents SET level_id = 'major' WHERE id = {iid}")) == {A}
        assert set(marks(f"UPDATE clocks SET status = 'stopped' WHERE incident_id = {iid}")) == {A}
    finally:
        app.close()
