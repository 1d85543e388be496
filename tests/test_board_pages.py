"""The boards load what is on screen (issue 20): a lane holds its first page of rows, most
urgent first, and the next on scroll; its counts (超时 / 预警 / 进行中) are the whole lane's,
exact at any instant; a change updates only the rows it touched."""

from datetime import timedelta

import pytest

from console.context import open_app
from console.services import queries
from console.services.demo import load_big_day
from console.views.board import micros
from widgets.boards import state
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
    boards.apply(Change(incidents=frozenset({first.incident_id})))
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
    boards.apply(Change(incidents=frozenset({iid})))
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
    boards.apply(Change(incidents=frozenset({first.incident_id})))
    reader.wait()
    reader.close()
    assert read_on and threading.main_thread() not in read_on
    everything = [r for r in queries.board_rows(big_day) if r.lane == lane]
    expected = [r.task_id for r in sorted(everything, key=lambda r: r.sort_key)]
    shown = [r.task_id for r in model.rows()]
    assert len(shown) >= 5 and shown == expected[: len(shown)]
