"""The boards load what is on screen (issue 20): a lane holds its first page of rows, most
urgent first, and the next on scroll; its counts (超时 / 预警 / 进行中) are the whole lane's,
exact at any instant; a change updates only the rows it touched."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtWidgets import QTableView

from console.context import open_app
from console.services import queries
from console.services.demo import load_big_day
from console.time.source import FixedTime
from console.views.board import NEVER, IncidentRow, LaneOrder, instant, micros
from widgets.boards import state
from widgets.boards.models import IncidentTableModel
from widgets.boards.state import Boards


@pytest.fixture
def big_day(each_db_url, clock):
    """A busy day: 40 incidents, 600 open tasks, deadlines from an hour ago to six ahead."""
    app = open_app(each_db_url, clock)
    load_big_day(app, 40, 600, seed=7)
    yield app
    app.close()


def _states(rows, now):
    return [r.clock_state(now) for r in rows]


def test_the_light_rows_are_the_board_rows(big_day):
    rows = {r.task_id: r for r in queries.board_rows(big_day)}
    light = queries.board_light(big_day)
    assert sorted(light.task.tolist()) == sorted(rows)
    for tid, lane, due in zip(
        light.task.tolist(), light.lane.tolist(), light.due.tolist(), strict=True
    ):
        assert lane == rows[tid].lane
        assert due == micros(rows[tid].due_at)


def test_a_lane_counts_lapsed_warning_and_running_as_its_rows_show_them_at_any_instant(
    big_day, clock, qtbot, monkeypatch
):
    monkeypatch.setattr(state, "PAGE", 5)  # far fewer rows loaded than the lane holds
    boards = Boards(big_day)
    boards.load()
    everything = queries.board_rows(big_day)
    for minutes in (0, 7, 45, 200, 400):
        now = clock.now() + timedelta(minutes=minutes)
        for lane, model in boards.models.items():
            rows = [r for r in everything if r.lane == lane]
            states = _states(rows, now)
            counted = boards.orders.get(lane, state.EMPTY).counts(now)
            assert (counted.total, counted.lapsed, counted.warning) == (
                len(rows),
                states.count("lapsed"),
                states.count("warning"),
            ), (lane, minutes)
            assert len(model.rows()) <= 5


def test_the_first_page_is_the_most_urgent_and_scrolling_brings_the_rest_in_order(
    big_day, qtbot, monkeypatch
):
    monkeypatch.setattr(state, "PAGE", 7)
    boards = Boards(big_day)
    boards.load()
    everything = queries.board_rows(big_day)
    for lane, model in boards.models.items():
        expected = [r.task_id for r in sorted((r for r in everything if r.lane == lane),
                                              key=lambda r: r.sort_key)]  # fmt: skip
        assert [r.task_id for r in model.rows()] == expected[:7]
        while model.canFetchMore():
            model.fetchMore()
        assert [r.task_id for r in model.rows()] == expected


def test_a_change_moves_only_its_rows_and_the_counts_follow(big_day, clock, qtbot, monkeypatch):
    from console.changes import Change
    from models import SlaClock, Task

    monkeypatch.setattr(state, "PAGE", 5)
    boards = Boards(big_day)
    boards.load()
    lane = max(boards.orders, key=lambda k: len(boards.orders[k]))
    model = boards.models[lane]
    first = model.rows()[0]  # the most urgent task of the busiest lane closes
    before = boards.counts(lane)
    with big_day.write() as s:  # as a completion on another seat lands in the database
        task = s.get(Task, first.task_id)
        task.state = "done"
        c = s.get(SlaClock, task.clock_id)
        c.status, c.stopped_at = "stopped", clock.now()
    inserted = []
    model.rowsInserted.connect(lambda *_: inserted.append(1))
    boards.apply(
        Change(incidents=frozenset({first.incident_id}), boards=frozenset({first.incident_id}))
    )
    assert first.task_id not in {r.task_id for r in model.rows()}
    assert boards.counts(lane).total == before.total - 1
    everything = [r for r in queries.board_rows(big_day) if r.lane == lane]
    expected = [r.task_id for r in sorted(everything, key=lambda r: r.sort_key)]
    shown = [r.task_id for r in model.rows()]
    assert len(shown) >= 5 and shown == expected[: len(shown)]  # the next rows moved up
    assert len(inserted) == 1  # the next page came in, the lane was not reloaded


def test_the_lane_title_counts_a_deadline_passing_beyond_the_loaded_rows(
    big_day, clock, qtbot, monkeypatch
):
    monkeypatch.setattr(state, "PAGE", 3)
    boards = Boards(big_day)
    boards.load()
    lane = max(boards.orders, key=lambda k: len(boards.orders[k]))
    model = boards.models[lane]
    order = boards.orders[lane]
    loaded_last = model.rows()[-1].due_at
    # the next deadline after the loaded rows': a row not loaded lapses
    later = min(r.due_at for r in queries.board_rows(big_day)
                if r.lane == lane and r.due_at and r.due_at > max(loaded_last, clock.now()))  # fmt: skip
    model.recount()
    lapsed = model.lane_counts().lapsed
    counted = []
    model.counted.connect(lambda: counted.append(model.lane_counts().lapsed))
    clock.set(later)
    model.tick()
    assert counted and counted[-1] >= lapsed + 1
    assert counted[-1] == order.counts(later).lapsed


def test_two_tasks_of_a_case_moved_later_in_one_change_leave_no_gap_in_the_page(
    big_day, clock, qtbot, monkeypatch
):
    """A re-type restarts a case's clocks: several of its rows sort later at once."""
    from console.changes import Change
    from models import SlaClock, Task

    monkeypatch.setattr(state, "PAGE", 8)
    boards = Boards(big_day)
    boards.load()
    lane, iid = next(
        (k, iid)
        for k, m in boards.models.items()
        for iid in {r.incident_id for r in m.rows()}
        if sum(r.incident_id == iid for r in m.rows()) >= 2
    )
    model = boards.models[lane]
    with big_day.write() as s:
        for r in model.rows():
            if r.incident_id == iid:
                c = s.get(SlaClock, s.get(Task, r.task_id).clock_id)
                c.due_at += timedelta(hours=5)
                c.warn_at += timedelta(hours=5)
    boards.apply(Change(incidents=frozenset({iid}), boards=frozenset({iid})))
    while model.canFetchMore():
        model.fetchMore()
    expected = sorted((r for r in queries.board_rows(big_day) if r.lane == lane),
                      key=lambda r: r.sort_key)  # fmt: skip
    assert [r.task_id for r in model.rows()] == [r.task_id for r in expected]


def test_a_lane_a_change_left_short_gets_its_next_page_read_off_the_gui_thread(
    big_day, clock, qtbot, monkeypatch
):
    import threading

    from console.changes import Change
    from models import SlaClock, Task
    from widgets.reader import Reader

    monkeypatch.setattr(state, "PAGE", 5)
    boards = Boards(big_day)
    boards.load()
    reader, read_on = Reader("test-read"), []

    def later(read, show):  # as the window gives its boards (MainWindow.reader)
        reader.submit(lambda: read_on.append(threading.current_thread()) or read(), show,
                      lambda exc: pytest.fail(str(exc)))  # fmt: skip

    boards.later = later
    lane = max(boards.orders, key=lambda k: len(boards.orders[k]))
    model = boards.models[lane]
    first = model.rows()[0]
    with big_day.write() as s:  # the lane's most urgent task is done on another seat
        task = s.get(Task, first.task_id)
        task.state = "done"
        c = s.get(SlaClock, task.clock_id)
        c.status, c.stopped_at = "stopped", clock.now()
    boards.apply(
        Change(incidents=frozenset({first.incident_id}), boards=frozenset({first.incident_id}))
    )
    reader.wait()
    reader.close()
    assert read_on and threading.main_thread() not in read_on
    everything = [r for r in queries.board_rows(big_day) if r.lane == lane]
    expected = [r.task_id for r in sorted(everything, key=lambda r: r.sort_key)]
    shown = [r.task_id for r in model.rows()]
    assert len(shown) >= 5 and shown == expected[: len(shown)]


def test_a_lane_scrolled_down_keeps_its_place_when_a_sweep_raises_alarms_on_every_case(
    app, db_url, clock, qtbot, monkeypatch
):
    """A sweep's alarms go on the banner; the boards, whose rows it did not move, are not
    read again, so the leader scrolled down a lane stays where they were."""
    from console.services import alarms, users
    from console.services.demo import load_demo
    from widgets.seats import base
    from widgets.window import MainWindow

    monkeypatch.setattr(state, "PAGE", 5)
    monkeypatch.setattr(base, "WHOLE", 5)  # a change of more cases' rows reads every board
    load_demo(app)
    load_big_day(app, 40, 600, seed=7)
    zhang = next(u for u in users.list_users(app) if u.name == "zhang")
    window = MainWindow(app, zhang)
    qtbot.addWidget(window)
    window.start()
    lane = max(window.seat.boards.orders, key=lambda k: len(window.seat.boards.orders[k]))
    model = window.seat.boards.models[lane]
    model.fetchMore()
    model.fetchMore()  # two pages further down
    scrolled = [r.task_id for r in model.rows()]
    assert len(scrolled) == 15
    heard: list = []  # by this call's poll, or the bus's own poll just before it
    app.bus.subscribe(heard.append)
    other = open_app(db_url, clock)  # the scheduler in another process
    clock.advance(timedelta(minutes=30))
    raised = alarms.sweep(other)
    other.close()
    window.pull_changes()
    app.bus.unsubscribe(heard.append)
    named = {i for c in heard for i in c.incidents}
    assert len(named) > base.WHOLE and set(raised.raised) <= {a for c in heard for a in c.alarms}
    qtbot.waitUntil(lambda: set(raised.raised) <= window.banner.open_ids, timeout=10_000)
    assert raised.raised and not raised.regraded
    assert [r.task_id for r in model.rows()] == scrolled


# A change's tasks are merged into a lane's order (LaneOrder.merged), not sorted in with
# the whole lane again: the order, the pages and the counts are the same either way.
_deadlines = st.one_of(st.just(NEVER), st.integers(0, 40).map(lambda m: m * 60_000_000))


@st.composite
def _lane_and_change(draw):  # type: ignore[no-untyped-def]
    n = draw(st.integers(0, 60))
    rows = [(t, draw(st.integers(1, 8)), draw(_deadlines), draw(st.sampled_from([0, 1, 2])))
            for t in range(1, n + 1)]  # fmt: skip
    replaced = draw(st.sets(st.integers(1, 8), max_size=4))
    fresh = [(t, draw(st.sampled_from(sorted(replaced))), draw(_deadlines), draw(st.sampled_from([0, 1, 2])))
             for t in range(n + 1, n + 1 + draw(st.integers(0, 20)))] if replaced else []  # fmt: skip
    return rows, replaced, fresh


def _columns(rows):  # type: ignore[no-untyped-def]
    task, incident, due, clock = (np.array([r[i] for r in rows], dtype=np.int64) for i in range(4))
    return {"task": task, "incident": incident, "due": due, "warn": np.minimum(due, due - 5),
            "clock": clock.astype(np.int8), "paused_late": clock == 2, "blocked": task % 7 == 0}  # fmt: skip


@given(_lane_and_change())
def test_a_changed_incidents_tasks_sort_into_the_lane_where_a_whole_sort_puts_them(case):
    rows, replaced, fresh = case
    lane = LaneOrder(**_columns(rows))
    merged = LaneOrder.merged(lane.without(replaced), _columns(fresh))
    whole = LaneOrder(**_columns([r for r in rows if r[1] not in replaced] + fresh))
    for name in ("task", "incident", "due", "warn", "clock", "paused_late", "blocked"):
        assert getattr(merged, name).tolist() == getattr(whole, name).tolist(), name
    for minute in (0, 10, 25, 41):
        now = instant(minute * 60_000_000)
        assert merged.counts(now) == whole.counts(now)


# The cases table takes a change's few cases in place (IncidentTableModel.replace): each
# updated, moved, added or removed where a whole re-sort would put it, and the case the
# user selected stays selected when it moves.
_T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@st.composite
def _cases_and_change(draw):  # type: ignore[no-untyped-def]
    def case(iid):  # type: ignore[no-untyped-def]
        due = draw(
            st.one_of(st.none(), st.integers(0, 30).map(lambda m: _T0 + timedelta(minutes=m)))
        )
        return IncidentRow(iid, f"事件{iid}", "群体性投诉", "级别", draw(st.integers(1, 3)), "handling", "处置",
                           draw(st.integers(1, 9)), due, due and due - timedelta(minutes=5))  # fmt: skip

    before = [case(i) for i in range(1, draw(st.integers(0, 25)) + 1)]
    touched = draw(st.sets(st.integers(1, 30), max_size=6))
    after = [case(i) for i in sorted(touched) if draw(st.booleans())]  # the rest closed
    return before, touched, after


@given(_cases_and_change())
def test_a_changed_case_moves_in_the_cases_table_where_a_whole_sort_puts_it(qapp, case):
    before, touched, after = case
    clock = FixedTime(_T0)
    model, whole = IncidentTableModel(clock), IncidentTableModel(clock)
    model.set_rows(before)
    view = QTableView()
    view.setModel(model)
    chosen = before[len(before) // 2].incident_id if before else None
    if chosen is not None:
        view.selectRow(model._row_of_key(chosen))
    model.replace(touched, after)
    whole.set_rows([r for r in before if r.incident_id not in touched] + after)
    assert [r.incident_id for r in model.rows()] == [r.incident_id for r in whole.rows()]
    assert model.rows() == whole.rows()
    selected = [model.row_at(i.row()).incident_id for i in view.selectionModel().selectedRows()]
    still_there = chosen is not None and (
        chosen not in touched or any(r.incident_id == chosen for r in after)
    )
    assert selected == ([chosen] if still_there else [])
