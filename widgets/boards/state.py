"""Board state for a seat: one TaskTableModel per lane and the incidents model, updated in
place from changes (only the affected incidents are re-read).

A lane loads what is on screen: its first page of rows, most urgent first, and the next
page when the view scrolls there (Qt's canFetchMore/fetchMore). What the whole lane holds
is its order (console/views/board.py LaneOrder: the open tasks as arrays of numbers), which
gives its counts (超时 / 预警 / 进行中) at any instant and which tasks the next page is."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from console.changes import Change
from console.context import App
from console.services.queries import board_light, board_rows, incident_rows
from console.views.board import (
    BoardRow,
    IncidentRow,
    LaneCounts,
    LaneOrder,
    LightRows,
    incident_summary,
    lane_orders,
    lanes,
    only_lane,
)
from widgets.boards.models import IncidentTableModel, TaskTableModel

PAGE = 100  # rows a lane loads at a time: more than a wall shows, a few scrolls at a desk
EMPTY = LaneOrder.empty()


@dataclass
class Loaded:
    """The boards as read from the database (Boards.read_all), to be shown."""

    orders: dict[str, LaneOrder]
    summary: dict[int, tuple]
    plans: set[str]
    keys: list[str]  # the lanes shown
    names: dict[str, str]
    first: dict[str, tuple[list[BoardRow], list[tuple]]]  # each lane's first page, ordered
    incidents: list[IncidentRow]  # in the table's order …
    incident_keys: list[tuple]  # … and their places in it (IncidentTableModel.ordered)
    reports: list[BoardRow]


@dataclass
class Touched:
    """A change's incidents as read from the database (Boards.read_change), to be shown."""

    ids: frozenset[int] | set[int]
    found: LightRows
    fresh: list[BoardRow]  # their rows now, most urgent first
    summary: dict[int, tuple]
    incidents: list[IncidentRow]
    base: dict[str, LaneOrder]  # the lanes' orders the read began from
    orders: dict[str, LaneOrder]  # … with the change merged in (computed off the GUI thread)


class Pager:
    """What a lane's model asks of the whole lane (TaskTableModel.pager)."""

    def __init__(self, boards: Boards, lane: str) -> None:
        self.boards, self.lane = boards, lane

    def order(self) -> LaneOrder:
        return self.boards.orders.get(self.lane, EMPTY)

    def total(self) -> int:
        return len(self.order())

    def position(self, key: tuple) -> int:
        """How many of the lane's tasks sort before or at `key`."""
        return self.order().after(key)

    def fetch(self, after: tuple | None) -> list[BoardRow]:
        """The page after `after`."""
        start = self.order().after(after)
        return self.boards.rows_of(self.order().task[start : start + PAGE].tolist())

    def counts(self, now) -> LaneCounts:  # type: ignore[no-untyped-def]
        return self.order().counts(now)


class Boards(QObject):
    lanes_changed = Signal()
    rows_changed = Signal()

    def __init__(
        self, app: App, only_lane: str | None = None, only_group: str | None = None
    ) -> None:
        super().__init__()
        self.app = app
        self.only_lane = only_lane
        self.only_group = only_group  # a group seat: its own group's tasks, not its lane-mates'
        self.models: dict[str, TaskTableModel] = {}
        self.orders: dict[str, LaneOrder] = {}
        self.lane_names: dict[str, str] = dict(lanes(app))
        self.incidents = IncidentTableModel(app.time)
        self._summary: dict[int, tuple] = {}  # incident → (open tasks, most urgent due, warn)
        self._plans: set[str] = set()  # the plans of the rows shown
        self.reports: dict[int, BoardRow] = {}  # the tasks holding a report's deadline
        self.later = None  # (read, show) → None: read on another thread, shown on this one

    def _wanted(self, row: BoardRow) -> bool:
        return (self.only_lane is None or row.lane == self.only_lane) and (
            self.only_group is None or row.group_id == self.only_group
        )

    def _light(self, incident_ids=None):  # type: ignore[no-untyped-def]
        found = board_light(self.app, incident_ids, self.only_group)
        return found if self.only_lane is None else only_lane(found, self.only_lane)

    def rows_of(self, task_ids: list[int]) -> list[BoardRow]:
        """Full rows of these tasks (a page)."""
        return [r for r in board_rows(self.app, task_ids=task_ids) if self._wanted(r)]

    # --- reading (any thread: no widget touched) and applying (the GUI thread) -----------
    def read_all(self) -> Loaded:
        """Everything the boards show, from the database: the lanes' orders, their first
        pages, the incidents, the report deadlines."""
        found = self._light()
        orders = lane_orders(found)
        summary = incident_summary(found)
        plans = set(found.plan)
        keys = self._lane_keys(orders)
        first = {k: orders.get(k, EMPTY).task[:PAGE].tolist() for k in keys}
        by_lane: dict[str, list[BoardRow]] = {}
        for r in self.rows_of([t for ids in first.values() for t in ids]):  # one query
            by_lane.setdefault(r.lane, []).append(r)
        pages = {lane: TaskTableModel.ordered(rows) for lane, rows in by_lane.items()}
        return Loaded(orders, summary, plans, keys, dict(lanes(self.app, plans)), pages,
                      *IncidentTableModel.ordered(incident_rows(self.app, summary)),
                      [r for r in board_rows(self.app, reports=True) if self._wanted(r)])  # fmt: skip

    def install(self, got: Loaded) -> None:
        self.orders, self._summary, self._plans = got.orders, got.summary, got.plans
        if got.keys != list(self.models) or got.names != self.lane_names:
            self.lane_names = got.names  # the plans in use name the leader lane
            self.models = {k: TaskTableModel(self.app.time) for k in got.keys}
            for key, model in self.models.items():
                model.pager = Pager(self, key)
            self.lanes_changed.emit()
        for key, model in self.models.items():
            model.set_rows(*got.first.get(key, ([], [])))  # in place when they are those shown
            model.recount()  # the lane beyond its first page may have changed all the same
        self.incidents.set_rows(got.incidents, got.incident_keys)
        self.reports = {r.task_id: r for r in got.reports}
        self.rows_changed.emit()

    def load(self) -> None:
        """Everything again, now (the window's start)."""
        self.install(self.read_all())

    def _lane_keys(self, orders: dict[str, LaneOrder]) -> list[str]:
        if self.only_lane is not None:
            return [self.only_lane]
        # the leader lane, the work groups of plans in use, supervision — in the catalogue's order
        return [
            key
            for key, _ in lanes(self.app)
            if len(orders.get(key, EMPTY)) or key in ("command", "supervision")
        ]

    def read_change(self, change: Change) -> Touched | None:
        """What the incidents whose board rows a change wrote now are on the boards (None:
        nothing to show)."""
        if not change.boards:
            return None
        ids = change.boards
        base = self.orders  # never changed in place: replaced whole on the GUI thread
        found = self._light(ids)
        summary = incident_summary(found)
        fresh = sorted((r for r in board_rows(self.app, ids) if self._wanted(r)),
                       key=lambda r: r.sort_key)  # fmt: skip
        return Touched(ids, found, fresh, summary, incident_rows(self.app, summary, ids),
                       base, lane_orders(found, base, ids))  # fmt: skip

    def needs_reload(self, got: Touched) -> bool:
        """A lane or a plan newly in use (which may rename the leader lane)."""
        return bool(set(got.found.lane) - set(self.models) or set(got.found.plan) - self._plans)

    def apply(self, change: Change) -> None:
        """Refresh only the incidents a change touched, now."""
        got = self.read_change(change)
        if got is None:
            return
        if self.needs_reload(got):
            self.load()
        else:
            self.put(got)

    def put(self, got: Touched) -> None:
        """Rows move, appear, or leave in place, within the pages loaded (a row that moves
        past them comes with the next page)."""
        ids = got.ids
        # merged while reading, unless another change was shown since the read began
        fresh_base = got.base is self.orders
        self.orders = got.orders if fresh_base else lane_orders(got.found, self.orders, ids)
        now_as = {r.task_id: r for r in got.fresh}
        # First out: every loaded row gone (done, cancelled), in another lane, or sorting
        # elsewhere; then in, most urgent first, each where it now sorts. (Moving them one by
        # one would leave a gap: a row moved later is still counted where it was, and the
        # next one's place looks taken by rows not loaded.)
        for key, model in self.models.items():
            for r in model.rows():
                f = now_as.get(r.task_id) if r.incident_id in ids else r
                if f is None or f.lane != key or f.sort_key != r.sort_key:
                    model.remove(r.task_id)
        lasts = {key: (m.last_key(), m.canFetchMore()) for key, m in self.models.items()}
        for r in got.fresh:
            last, more = lasts[r.lane]
            if more and last is not None and r.sort_key > last:
                continue  # past the rows loaded: it comes with the next page (a change of
                # 200 cases brings 4,800 rows; the rest of the lane is not on screen)
            self.models[r.lane].upsert(r)  # where it sorts among the rows loaded
        for model in self.models.values():
            if model.short(PAGE):
                self.top_up(model)
            model.recount()
        for iid in ids:
            self._summary.pop(iid, None)
        self._summary.update(got.summary)
        self.incidents.replace(ids, got.incidents)
        for tid in [t for t, r in self.reports.items() if r.incident_id in ids]:
            del self.reports[tid]
        self.reports.update((r.task_id, r) for r in got.fresh if r.report)
        self.rows_changed.emit()

    def read_later(self, read, show) -> None:  # type: ignore[no-untyped-def]
        """`show(read())`: read off the GUI thread when the boards have a reader (the
        window's `later`), else now."""
        if self.later is None:
            show(read())
        else:
            self.later(read, show)

    def top_up(self, model: TaskTableModel) -> None:
        """A lane that rows left gets its next page."""
        pager, after = model.pager, model.last_key()
        self.read_later(lambda: pager.fetch(after), model.append_page)

    def task_version(self, task_id: int) -> int | None:
        """The version of a task as this seat shows it (a service refuses an action on a task
        that has moved on since: optimistic locking between seats)."""
        return next((r.version for r in self.all_rows() if r.task_id == task_id), None)

    def incident_version(self, incident_id: int) -> int | None:
        rows = self.incidents.rows()
        return next((r.version for r in rows if r.incident_id == incident_id), None)

    def all_rows(self) -> list[BoardRow]:
        """The rows loaded (the lanes' pages so far)."""
        return [r for model in self.models.values() for r in model.rows()]

    def task_ids(self) -> set[int]:
        """Every open task on the boards, loaded or not."""
        return {int(t) for order in self.orders.values() for t in order.task}

    def counts(self, lane: str) -> LaneCounts:
        return self.orders.get(lane, EMPTY).counts(self.app.time.now())

    def horizon(
        self, before_min: float = 30, after_min: float = 240
    ) -> list[tuple[str, float, str]]:
        """(lane, minutes from now, state) of every live deadline from `before_min` ago to
        `after_min` ahead: the charts' points, from the lanes' order (no rows needed)."""
        now = self.app.time.now()
        out = []
        for lane, order in self.orders.items():
            out.extend(
                (lane, minutes, state)
                for minutes, state in order.window(now, before_min, after_min)
            )
        return out

    def tick(self) -> None:
        """The view's one timer: every model's countdown column moves."""
        self.incidents.tick()
        for model in self.models.values():
            model.tick()
