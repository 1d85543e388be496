"""The complaint life's new inputs, thrown at by Hypothesis: a case's own task (task add's
--title, --within, --due, --warn, --note), a 回访 (--result, --note) and 接报登记's --order-no
and --respondent. Whatever is typed either succeeds or is refused with an InputError that
names the field, and a refusal saves nothing (the rows are counted before and after).

The examples are bounded (max_examples ≤ 50) and run on a hand-set clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from console.errors import InputError
from console.services import evidence, incidents, queries, revisits, tasks
from console.services.incidents import ReportInput
from models import Attachment, AuditEntry, Incident, Revisit, SlaClock, Task
from tests.conftest import SHANGHAI, local

BOUNDED = settings(max_examples=50, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip

# Any character but a lone surrogate (what the command line lets through: it refuses bytes
# that are not UTF-8 itself), with the awkward pieces made likely.
AWKWARD = ["", " ", "\t", "\n", "\r", "\x00", "\x1b", "\x7f", "\u3000", "\u200b", "\u202e", "\ufeff",
           "％", "%", "内", "分钟", "个工作日", "十", "二十五", "٣", "😀", "'", '"', ";", "--"]  # fmt: skip
TEXT = st.lists(st.one_of(st.characters(exclude_categories=["Cs"]), st.sampled_from(AWKWARD)),
                max_size=12).map("".join)  # fmt: skip


def long_text(n: int) -> st.SearchStrategy[str]:
    """Around the limit `n`: n−1 … n+2 characters, with blanks at either end sometimes."""
    return st.builds(lambda k, pad: pad + "字" * k + pad, st.integers(n - 1, n + 2),
                     st.sampled_from(["", " ", "\u3000"]))  # fmt: skip


def count(app, model) -> int:
    with app.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def written(app) -> dict[str, int]:
    return {m.__name__: count(app, m)
            for m in (Incident, Task, SlaClock, Revisit, Attachment, AuditEntry)}  # fmt: skip


def grew(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {k: after[k] - before[k] for k in before if after[k] != before[k]}


# --- task add ---------------------------------------------------------------------------
UNITS = [
    "分钟",
    "小时",
    "日",
    "天",
    "个工作日",
    "个月",
    "m",
    "h",
    "d",
    "wd",
    "mo",
    "fortnights",
    "",
]
GOOD_WITHIN = st.sampled_from(["2 小时", "30 分钟", "3 个工作日", "当天", "本日内", "1 个月", "二 小时",
                               "366 日", "24 个月", "两小时内", "2h", " 2 小时 ", "十五分钟"])  # fmt: skip
ANY_WITHIN = st.one_of(
    st.sampled_from(["367 日", "0 分钟", "25 个月", "251 个工作日", "-1 小时", "1.5 小时"]),
    st.builds(
        lambda n, u, sep: f"{n}{sep}{u}",
        st.integers(-3, 600_000),
        st.sampled_from(UNITS),
        st.sampled_from(["", " ", "\u3000"]),
    ),  # fmt: skip
    TEXT,
)
ZONES = st.sampled_from(
    [None, UTC, SHANGHAI, timezone(timedelta(hours=-11)), timezone(timedelta(hours=14))]
)
NOW = local(2026, 11, 24, 10, 0)
GOOD_DUE = st.builds(lambda minutes, tz: (NOW + timedelta(minutes=minutes)).astimezone(tz),
                     st.integers(1, 365 * 24 * 60), st.sampled_from([UTC, SHANGHAI, timezone(timedelta(hours=-11))]))  # fmt: skip
ANY_DUE = st.one_of(
    st.datetimes(min_value=datetime(2025, 11, 1), max_value=datetime(2028, 1, 1), timezones=ZONES),
    # around now: the past and the future a minute apart
    st.datetimes(
        min_value=datetime(2026, 11, 24, 1),
        max_value=datetime(2026, 11, 24, 3),
        timezones=st.just(UTC),
    ),  # fmt: skip
)


def mostly(good: st.SearchStrategy, anything: st.SearchStrategy) -> st.SearchStrategy:
    """What a person types three times in four, anything at all the fourth: so that the
    examples reach the saving as well as each refusal."""
    return st.one_of(good, good, good, anything)


# (due, within): one deadline as a person gives it, or anything (none, both, nonsense).
DEADLINE = mostly(st.one_of(st.tuples(st.none(), GOOD_WITHIN), st.tuples(GOOD_DUE, st.none())),
                  st.tuples(st.one_of(st.none(), ANY_DUE), st.one_of(st.none(), ANY_WITHIN)))  # fmt: skip
WARN = mostly(st.one_of(st.none(), st.sampled_from(["80%", "15 分钟", "50.5%", "1 小时"])),
              st.one_of(st.sampled_from(["0%", "100%", "nan%", "-5%", "1 个工作日", "当天", "abc", ""]),
                        TEXT))  # fmt: skip
TITLE = mostly(st.sampled_from(["财务部核算退费", "增派安保 ", "回电告知进展", "字" * 300, "Call back"]),
               st.one_of(TEXT, long_text(300), st.sampled_from(["  ", "a\nb", "\u3000\u3000", "a\tb"])))  # fmt: skip
NOTE = mostly(st.sampled_from(["", "会商明确", "  "]), st.one_of(TEXT, long_text(2000)))
GROUPS = mostly(st.sampled_from(["command", "coordination", "onsite", "logistics"]),
                st.sampled_from(["nope", "", "Onsite", "onsite "]))  # fmt: skip
ROLES = mostly(st.none(), st.sampled_from(["onsite_guard", "leader", "chef", ""]))

TASK_FIELDS = {"--title", "--within", "--due", "--warn", "--note", "--group", "--role"}


@pytest.fixture
def case(app, staff, clock) -> int:
    """A mass complaint received and activated at 10:00 on 2026-11-24."""
    clock.set(local(2026, 11, 24, 10, 0))
    inc = incidents.register(app, "duty1", ReportInput(plan="group_complaint", title="网点聚集",
                                                        channel="onsite"))  # fmt: skip
    incidents.activate(app, "leader1", inc.id)
    return inc.id


@BOUNDED
@given(title=TITLE, deadline=DEADLINE, warn=WARN, note=NOTE, group=GROUPS, role=ROLES)
@example(
    title="财务部核算退费",
    deadline=(None, "2 小时"),
    warn=None,
    note="",
    group="command",
    role=None,
)
@example(title="x", deadline=(None, None), warn=None, note="", group="command", role=None)
@example(title="x", deadline=(local(2026, 11, 24, 12), "2 小时"), warn=None, note="", group="command",
         role=None)  # fmt: skip
@example(title="x", deadline=(datetime(2026, 11, 24, 12), None), warn=None, note="", group="command",
         role=None)  # fmt: skip
def test_task_add_succeeds_or_names_the_field_and_saves_nothing(app, case, title, deadline, warn, note,
                                                                group, role):  # fmt: skip
    due, within = deadline
    before = written(app)
    try:
        made = tasks.add(app, "leader1", case, title=title, group=group, role=role, due=due,
                         within=within, warn=warn, note=note)  # fmt: skip
    except InputError as exc:
        event(f"refused: {exc.field}")
        assert exc.field in TASK_FIELDS, exc
        assert written(app) == before
        kept = title.strip()
        if not kept:
            assert exc.field == "--title"
        elif (due is None) == (within is None) and len(kept) <= 300 and kept.isprintable():
            assert exc.field in ("--note", "--due")  # give one deadline, not none or two
        return
    event("added")
    assert grew(before, written(app)) == {"Task": 1, "SlaClock": 1, "AuditEntry": 1}
    assert made.title == title.strip() and made.group == group and made.state == "open"
    assert made.clock.clock_id is not None and made.clock.due_at is not None
    assert made.clock.warn_at <= made.clock.due_at
    assert datetime.fromisoformat(made.clock.due_at) > NOW
    if due is not None:  # a deadline is kept to the second, never earlier than the one given
        whole = due if not due.microsecond else due.replace(microsecond=0) + timedelta(seconds=1)
        assert datetime.fromisoformat(made.clock.due_at) == whole
    shown = {t.id: t for t in queries.show(app, case).tasks}
    assert shown[made.id].clock.due_at == made.clock.due_at  # as saved


# --- revisit ----------------------------------------------------------------------------
RESULTS = mostly(st.sampled_from(["satisfied", "basically_satisfied", "dissatisfied"]),
                 st.one_of(st.sampled_from(["满意", "不满意", "SATISFIED", " satisfied", "", "none"]), TEXT))  # fmt: skip


@pytest.fixture
def answered(app, staff, clock) -> int:
    """A 问题型投诉 handled and answered (反馈), waiting for its 回访."""
    clock.set(local(2026, 11, 24, 10, 0))
    inc = incidents.register(app, "duty1", ReportInput(plan="complaint_types", title="退费纠纷",
                                                        channel="phone", type="problem"))  # fmt: skip
    incidents.advance(app, "leader1", inc.id, "handling")
    incidents.advance(app, "leader1", inc.id, "feedback")
    return inc.id


@BOUNDED
@given(result=RESULTS, note=NOTE)
@example(result="dissatisfied", note="仍有异议")
@example(result="satisfied", note="字" * 2001)
def test_revisit_succeeds_or_names_the_field_and_saves_nothing(app, answered, result, note):
    before = written(app)
    try:
        visit = revisits.record(app, "deputy1", answered, result, note)
    except InputError as exc:
        event(f"refused: {exc.field}")
        assert exc.field in {"--result", "--note"}, exc
        assert written(app) == before
        if result not in ("satisfied", "basically_satisfied", "dissatisfied"):
            assert exc.field == "--result"
        return
    event(f"recorded: {result}")
    assert (visit.result, visit.note, visit.by) == (result, note.strip(), "deputy1")
    added = grew(before, written(app))
    assert added["Revisit"] == 1 and added["AuditEntry"] >= 1
    shown = queries.show(app, answered)
    assert shown.revisits[-1].id == visit.id and shown.revisits[-1].note == note.strip()
    if result == "dissatisfied":
        assert shown.state == "handling"
        # 继续调查 and 反馈 on fresh clocks, and the round's own 回访 task (no clock of its own)
        assert added.get("Task") == 3 and added.get("SlaClock") == 2
        assert visit.rehandle_round == sum(1 for r in shown.revisits if r.result == "dissatisfied")
    else:
        assert "Task" not in added and visit.rehandle_round is None
        assert next(t for t in shown.tasks if t.title.startswith("跟踪回访")).state == "done"


# --- 接报登记: --order-no, --respondent -------------------------------------------------------
ORDER = st.one_of(st.sampled_from(["", "SO-1001", "SO-1001 ", "WX2026112400001", "订单-甲"]),
                  TEXT, long_text(64))  # fmt: skip
RESPONDENT = st.one_of(st.sampled_from(["", "工程部", "保安 张某"]), TEXT, long_text(200))


@pytest.fixture
def intake(app, staff, clock):
    clock.set(local(2026, 11, 24, 10, 0))
    return {"orders": set()}  # the order numbers of the open cases registered so far


@BOUNDED
@given(order_no=ORDER, respondent=RESPONDENT)
@example(order_no="SO-1001", respondent="工程部")
@example(order_no=" SO-1001", respondent="")
@example(order_no="字" * 65, respondent="")
def test_intake_order_no_and_respondent_succeed_or_name_the_field(
    app, intake, order_no, respondent
):
    """Seed 004: a 住户 who comes back with the same order while the first is still open is
    a 重大投诉 at registration; a new order is an 有效投诉."""
    before = written(app)
    try:
        inc = incidents.register(app, "duty1", ReportInput(
            plan="major_complaint", title="维修投诉", channel="letter", order_no=order_no,
            respondent=respondent))  # fmt: skip
    except InputError as exc:
        event(f"refused: {exc.field}")
        assert exc.field in {"--order-no", "--respondent"}, exc
        assert written(app) == before
        return
    event("registered")
    assert grew(before, written(app))["Incident"] == 1
    assert (inc.order_no, inc.respondent) == (order_no.strip(), respondent.strip())
    assert inc.channel_name == "信函"
    shown = queries.show(app, inc.id)
    assert (shown.order_no, shown.respondent) == (inc.order_no, inc.respondent)
    repeat = bool(inc.order_no) and inc.order_no in intake["orders"]
    assert inc.level == ("major" if repeat else "effective")
    assert (inc.earlier.count > 0) == repeat
    if inc.order_no:
        intake["orders"].add(inc.order_no)


# --- the command line: what a hotline script types --------------------------------------
ARG = mostly(st.sampled_from(["2 小时", "dissatisfied", "satisfied", "核算", "仍有异议"]),
             st.one_of(TEXT, st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3),
                       st.sampled_from(["--json", "-h", "--as", ""])))  # fmt: skip


@pytest.fixture
def cli_case(staff_url, clock):
    from console.context import open_app
    from console.time.source import FixedTime

    app = open_app(staff_url, FixedTime(local(2026, 11, 24, 10, 0)))
    inc = incidents.register(app, "duty1", ReportInput(plan="complaint_types", title="退费",
                                                        channel="phone", type="problem"))  # fmt: skip
    incidents.advance(app, "leader1", inc.id, "handling")
    incidents.advance(app, "leader1", inc.id, "feedback")
    yield staff_url, app, inc.id
    app.close()


def _main(url: str, *argv: str) -> tuple[int, str, str]:
    import contextlib
    import io

    from console.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", url, "--now", "2026-11-24T10:30:00+08:00", *argv])
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(kind=st.sampled_from(["task", "revisit"]), a=ARG, b=ARG)
@example(kind="task", a="核算", b="2 小时")
@example(kind="revisit", a="dissatisfied", b="仍有异议")
def test_the_command_line_refuses_by_field_and_writes_nothing(cli_case, kind, a, b):
    url, app, iid = cli_case
    if kind == "task":
        argv = ["task", "add", str(iid), "--title", a, "--group", "admin", "--within", b,
                "--as", "leader1"]  # fmt: skip
        fields = ("--title", "--within", "--group")
    else:
        argv = ["revisit", str(iid), "--result", a, "--note", b, "--as", "leader1"]
        fields = ("--result", "--note")
    before = written(app)
    code, _, err = _main(url, *argv)
    assert "Traceback" not in err
    event(f"exit {code}")
    if code == 0:
        return
    assert code == 2, err
    assert any(f in err for f in fields), err
    assert written(app) == before


# --- service calls a seat makes with text that is not text ------------------------------
# The command line refuses lone surrogates itself (check_text); a seat calls the services
# directly, and the intake's own fields refuse them by name (console/services/incidents.py
# _text). The complaint life's new text fields must do the same.
@pytest.mark.parametrize("bad", ["核算\ud800", "\udc80"])
def test_adhoc_task_title_that_is_not_valid_text_is_refused_naming_the_title(app, case, bad):
    before = written(app)
    with pytest.raises(InputError) as info:
        tasks.add(app, "leader1", case, title=bad, group="command", within="1 小时")
    assert info.value.field == "--title"
    assert written(app) == before


def test_revisit_note_that_is_not_valid_text_is_refused_naming_the_note(app, answered):
    before = written(app)
    with pytest.raises(InputError) as info:
        revisits.record(app, "deputy1", answered, "dissatisfied", "仍有\udc80异议")
    assert info.value.field == "--note"
    assert written(app) == before


def test_evidence_note_that_is_not_valid_text_is_refused_naming_the_note(app, case, tmp_path):
    f = tmp_path / "a.png"
    f.write_bytes(b"\x89PNG\r\n\x1a\n")
    before = written(app)
    with pytest.raises(InputError) as info:
        evidence.attach(app, "duty1", case, f, note="现场\ud800照片")
    assert info.value.field == "--note"
    assert written(app) == before


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u200b\u200b "])
def test_adhoc_task_title_of_only_invisible_characters_is_refused(app, case, invisible):
    """As the intake's --title is (required: blank or only invisible characters)."""
    before = written(app)
    with pytest.raises(InputError) as info:
        tasks.add(app, "leader1", case, title=invisible, group="command", within="1 小时")
    assert info.value.field == "--title"
    assert written(app) == before
