"""Qt models over board rows. One timer per view calls `tick()`: it emits dataChanged for
the countdown column only, and for whole rows only when their colour changes (their warn
or due point passed) — found from a heap, not by walking every row. `data()` computes
deadline − now for the rows actually painted; nothing queries the database on a tick."""

from __future__ import annotations

import bisect
import heapq
import operator
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from console.time.format import countdown, local_short
from console.time.source import TimeSource
from console.views.board import BoardRow, IncidentRow, LaneCounts
from widgets.style import BLOCKED_COLOURS, STATE_COLOURS

Index = QModelIndex | QPersistentModelIndex
TASK_ID = int(Qt.ItemDataRole.UserRole)
STATE_ROLE = TASK_ID + 1
# Plain ints: data() runs for every painted cell and role, so comparisons must be cheap.
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
FONT = int(Qt.ItemDataRole.FontRole)
ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
HANDLED = frozenset({DISPLAY, BACKGROUND, FOREGROUND, FONT, ALIGN, TOOLTIP, TASK_ID, STATE_ROLE})
PAINTED = {DISPLAY: 0, BACKGROUND: 1, FOREGROUND: 2}  # the roles a board paints: cells()
NO_DEADLINE = "—"
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class _Ticking(QAbstractTableModel):
    countdown_column = 0
    recoloured = Signal()  # once per tick in which some row's warn or due point passed

    def __init__(self, time: TimeSource) -> None:
        super().__init__()
        self.time = time
        self.now = time.now()
        self._rows: list = []  # plain row objects (BoardRow, IncidentRow)
        self._transitions: list[tuple[datetime, int]] = []  # (when, key)
        self._planned: dict[int, list[datetime]] = {}  # key → its pending points
        self.mono = QFont()
        # Set by the view that shows this model: the rows on screen, or None when hidden.
        self.visible_rows: Callable[[], tuple[int, int] | None] | None = None

    def _due_points(self, row) -> list[datetime]:  # type: ignore[no-untyped-def]
        raise NotImplementedError

    @staticmethod
    def _key(row) -> tuple:  # type: ignore[no-untyped-def]
        """A row's place in the table (unique)."""
        raise NotImplementedError

    @classmethod
    def ordered(cls, rows: list) -> tuple[list, list[tuple]]:
        """The rows in the table's order, with their keys (any thread: the reader sorts a
        reload's 5,000 cases and the lanes' first pages, not the GUI thread)."""
        keyed = sorted(((cls._key(r), r) for r in rows), key=operator.itemgetter(0))
        return [r for _, r in keyed], [k for k, _ in keyed]

    def countdown_cell(self, row: int) -> tuple[float | None, QColor | None, QColor | None]:
        """Seconds left (negative once lapsed; None: no deadline), background and foreground
        of a row's countdown (None: the palette's). Seconds, not text: the painter keeps
        the digits it has drawn before (widgets/countdowns.py)."""
        raise NotImplementedError

    def cells(self, row: int) -> tuple[tuple[str, QColor | None, QColor | None], ...]:
        """Each column's text, background and foreground (None: the palette's) for a row:
        what the board paints (widgets/boards/countdowns.py, one pass over the rows) and
        what data() answers. The countdown's text is countdown_cell's, drawn apart."""
        raise NotImplementedError

    def painted(self, index: Index, role: int):  # type: ignore[no-untyped-def]
        """data() of the roles a board paints, as it paints them."""
        if role == DISPLAY and index.column() == self.countdown_column:
            return self.countdown_text(index.row())
        return self.cells(index.row())[index.column()][PAINTED[role]]

    def countdown_text(self, row: int) -> str:
        left = self.countdown_cell(row)[0]
        return countdown(left) if left is not None else NO_DEADLINE

    def _row_of_key(self, key: int) -> int | None:
        raise NotImplementedError

    def _push(self, key: int, points: list[datetime]) -> None:
        """Plans the colour changes of one row; unchanged points are not pushed again, and a
        heap swollen with stale entries (rows gone, points moved) is rebuilt."""
        points = [p for p in points if p > self.now]
        if self._planned.get(key) == points:
            return
        self._planned[key] = points
        for when in points:
            heapq.heappush(self._transitions, (when, key))
        if len(self._transitions) > 4 * max(64, self.rowCount()):
            self._transitions = [
                (w, k) for k, ps in self._planned.items() for w in ps if w > self.now
            ]
            heapq.heapify(self._transitions)

    def tick(self) -> None:
        """Once a second: countdowns move; rows whose warn/due point passed change colour.
        Only the countdown cells on screen are announced (a whole-column dataChanged
        makes the view repaint its whole viewport); a view that is not shown costs nothing."""
        self.now = self.time.now()
        n = len(self._rows)
        if n == 0:
            return
        last = len(self.HEADERS) - 1
        recoloured = False
        while self._transitions and self._transitions[0][0] <= self.now:
            _, key = heapq.heappop(self._transitions)
            row = self._row_of_key(key)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
                recoloured = True
        if recoloured:
            self.recoloured.emit()
        first, end = 0, n - 1
        if self.visible_rows is not None:
            shown = self.visible_rows()
            if shown is None:
                return
            first, end = max(0, shown[0]), min(n - 1, shown[1])
            if end < first:
                return
        c = self.countdown_column
        self.dataChanged.emit(self.createIndex(first, c), self.createIndex(end, c), [DISPLAY])

    def multiData(self, index: Index, roles) -> None:  # type: ignore[no-untyped-def]
        """All the roles a delegate asks of one cell in one call from C++ (Qt's views ask
        seven per cell): each call from C++ into Python takes the GIL, which another
        thread reading the database may hold for a while, so a repaint of the command
        screen that asked 6,000 times could wait 100 ms and more."""
        for wanted in roles:
            wanted.setData(self.data(index, wanted.role()))

    def _same_order(self, rows: list, keys: list[tuple]) -> bool:
        """Rows read again in the order shown (a reload that found what was there: after a
        reconnect, a sweep's alarms) are put in place: the rows on screen that differ
        repaint (rows off screen are asked for when scrolled to), the rest do not, and the
        view keeps its scroll and selection. False: another order, for a reset. A row's
        deadline is in its key, so only its warning point can have moved."""
        if keys != self._keys:
            return False
        old, self._rows = self._rows, rows  # (an empty lane stays empty: nothing to do)
        shown = self.visible_rows() if self.visible_rows is not None else (0, len(rows) - 1)
        if shown is not None:
            last = len(self.HEADERS) - 1
            for i in range(max(0, shown[0]), min(len(rows) - 1, shown[1]) + 1):
                if old[i] != rows[i]:
                    self.dataChanged.emit(self.index(i, 0), self.index(i, last))
        warn = self.warn_of
        if list(map(warn, old)) != list(map(warn, rows)):  # at C speed: 5,000 cases in 0.2 ms
            for was, now in zip(old, rows, strict=True):
                if warn(was) != warn(now):
                    self._push(self._id(now), self._due_points(now))
        return True

    def _id(self, row) -> int:  # type: ignore[no-untyped-def]
        raise NotImplementedError

    warn_of: Callable[[object], datetime | None]  # a row's warning point

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def row_at(self, row: int):  # type: ignore[no-untyped-def]
        """The plain row object behind a table row."""
        return self._rows[row]

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):  # type: ignore[no-untyped-def]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None


class TaskTableModel(_Ticking):
    """A lane's open tasks, most urgent first: the first pages of them. With a `pager` (the
    whole lane, widgets/boards/state.py) it holds exactly the lane's rows up to the last
    one loaded, and Qt's views ask for the next page as they scroll (canFetchMore,
    fetchMore); without one, the rows it is given."""

    HEADERS = ["剩余", "任务", "事件", "岗位", "状态"]
    COUNTDOWN, TITLE, INCIDENT, ROLE, STATE = range(5)
    counted = Signal()  # the lane's counts (超时 / 预警 / 进行中 …) changed

    def __init__(self, time: TimeSource, rows: list[BoardRow] | None = None) -> None:
        super().__init__(time)
        self._rows: list[BoardRow] = []
        self._keys: list[tuple] = []
        self.pager = None  # Pager | None
        self._counts = None
        self.set_rows(rows or [])

    # --- the lane beyond the rows loaded --------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return (
            not parent.isValid() and self.pager is not None and len(self._rows) < self.pager.total()
        )

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self.append_page(self.pager.fetch(self.last_key()))  # type: ignore[union-attr]

    def last_key(self) -> tuple | None:
        return self._keys[-1] if self._keys else None

    def append_page(self, page: list[BoardRow]) -> None:
        """A page read after the last row held (read on any thread: rows that arrived
        meanwhile are not added twice)."""
        page = sorted(page, key=lambda r: r.sort_key)
        if self._keys:
            page = [r for r in page if r.sort_key > self._keys[-1]]
        if not page:
            return
        n = len(self._rows)
        self.beginInsertRows(QModelIndex(), n, n + len(page) - 1)
        self._rows.extend(page)
        self._keys.extend(r.sort_key for r in page)
        self.endInsertRows()
        for r in page:
            self._push(r.task_id, self._due_points(r))

    def short(self, page: int) -> bool:
        """Fewer than a page held while the lane has more (rows left it)."""
        return len(self._rows) < page and self.canFetchMore()

    def lane_counts(self):  # type: ignore[no-untyped-def]
        """The whole lane's counts now (from the pager; else of the rows held)."""
        if self.pager is not None:
            return self.pager.counts(self.now)
        states = [r.clock_state(self.now) for r in self._rows]
        return LaneCounts(len(states), states.count("lapsed"), states.count("warning"),
                          sum(1 for r in self._rows if r.state == "blocked"))  # fmt: skip

    def recount(self) -> None:
        counts = self.lane_counts()
        if counts != self._counts:
            self._counts = counts
            self.counted.emit()

    # --- content ----------------------------------------------------------------------
    _key = staticmethod(operator.attrgetter("sort_key"))

    def set_rows(self, rows: list[BoardRow], keys: list[tuple] | None = None) -> None:
        """The lane's rows (`keys`: they come ordered, with their keys: `ordered`)."""
        self.now = self.time.now()
        if keys is None:
            rows, keys = self.ordered(rows)
        if self._same_order(rows, keys):
            return
        self.beginResetModel()
        self._rows, self._keys = rows, keys
        self._transitions = []
        self._planned = {}
        for r in self._rows:
            self._push(r.task_id, self._due_points(r))
        heapq.heapify(self._transitions)
        self.endResetModel()

    def rows(self) -> list[BoardRow]:
        return list(self._rows)

    def upsert(self, row: BoardRow) -> None:
        """Insert or update one task in place (no reset while the user scrolls). A task that
        now sorts after rows not loaded yet is left for the page that brings them."""
        existing = self._row_of_key(row.task_id)
        if existing is not None:
            if self._keys[existing] == row.sort_key:
                self._rows[existing] = row
                self.dataChanged.emit(
                    self.index(existing, 0), self.index(existing, self.columnCount() - 1)
                )
                self._push(row.task_id, self._due_points(row))
                return
            self.remove(row.task_id)
        pos = bisect.bisect_left(self._keys, row.sort_key)
        if self.pager is not None and self.pager.position(row.sort_key) - 1 != pos:
            return  # rows before it are not loaded: it arrives with them
        self.beginInsertRows(QModelIndex(), pos, pos)
        self._rows.insert(pos, row)
        self._keys.insert(pos, row.sort_key)
        self.endInsertRows()
        self._push(row.task_id, self._due_points(row))

    def remove(self, task_id: int) -> None:
        pos = self._row_of_key(task_id)
        if pos is None:
            return
        self.beginRemoveRows(QModelIndex(), pos, pos)
        self._planned.pop(task_id, None)
        del self._rows[pos]
        del self._keys[pos]
        self.endRemoveRows()

    def task_ids(self) -> set[int]:
        return {r.task_id for r in self._rows}

    def _due_points(self, r: BoardRow) -> list[datetime]:
        return [p for p in (r.warn_at, r.due_at) if p is not None]

    def _id(self, r: BoardRow) -> int:
        return r.task_id

    warn_of = operator.attrgetter("warn_at")

    def _row_of_key(self, key: int) -> int | None:
        for i, r in enumerate(self._rows):  # lanes hold tens to hundreds of rows
            if r.task_id == key:
                return i
        return None

    def tick(self) -> None:
        super().tick()
        self.recount()  # rows not loaded pass their warning points and deadlines too

    def countdown_cell(self, row: int) -> tuple[float | None, QColor | None, QColor | None]:
        r = self._rows[row]
        left = r.remaining(self.now)
        bg, fg = STATE_COLOURS[r.clock_state(self.now)]
        return (left.total_seconds() if left is not None else None), bg, fg

    def cells(self, row: int) -> tuple[tuple[str, QColor | None, QColor | None], ...]:
        r = self._rows[row]
        state = r.clock_state(self.now)
        bg, fg = STATE_COLOURS[state]
        title = (r.title, bg, fg)
        if r.state == "blocked":
            title = ("✖ " + r.title, *BLOCKED_COLOURS)  # a mark the shipped font has
            shown = self.tr("受阻")
        elif state == "paused":
            shown = self.tr("暂停")
        elif state == "lapsed":
            shown = self.tr("超时")
        elif state == "warning":
            shown = self.tr("预警")
        else:
            shown = self.tr("进行中")
        return (
            ("", bg, fg),
            title,
            (f"#{r.incident_id} {r.level_name}", bg, fg),
            (r.role_name + (f" / {r.assignee}" if r.assignee else ""), bg, fg),
            (shown, bg, fg),
        )

    # --- Qt ---------------------------------------------------------------------------

    def data(self, index: Index, role: int = DISPLAY):  # type: ignore[no-untyped-def]
        if role not in HANDLED:
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role in PAINTED:
            return self.painted(index, role)
        if role == FONT:
            return self.mono if col == self.COUNTDOWN else None
        if role == ALIGN:
            return RIGHT if col == self.COUNTDOWN else None
        if role == TOOLTIP:
            tip = f"{r.title}\n{r.incident_label}\n{r.group_name} / {r.role_name}\n期限 {local_short(r.due_at)}"
            return tip + (f"\n受阻:{r.block_reason}" if r.block_reason else "")
        if role == TASK_ID:
            return r.task_id
        if role == STATE_ROLE:
            return r.clock_state(self.now)
        return None


class IncidentTableModel(_Ticking):
    """Active incidents with their most urgent clock."""

    HEADERS = ["最紧急", "级别", "事件", "状态", "待办"]
    COUNTDOWN, LEVEL, TITLE, STATE, OPEN = range(5)

    def __init__(self, time: TimeSource) -> None:
        super().__init__(time)
        self._rows: list[IncidentRow] = []
        self._keys: list[tuple] = []  # each row's sort key, in order (unique: the id is last)
        self._key_of: dict[int, tuple] = {}  # incident → its row's key

    REPLACE_IN_PLACE = 50  # a change of more incidents resets the table

    @staticmethod
    def _key(r: IncidentRow) -> tuple:
        return (-r.level_rank, r.urgent_due is None, r.urgent_due or datetime.min, r.incident_id)

    def set_rows(self, rows: list[IncidentRow], keys: list[tuple] | None = None) -> None:
        """The table's rows (`keys`: they come ordered, with their keys: `ordered`)."""
        self.now = self.time.now()
        if keys is None:
            rows, keys = self.ordered(rows)
        if self._same_order(rows, keys):
            return
        self.beginResetModel()
        self._rows, self._keys = rows, keys
        self._key_of = {r.incident_id: k for r, k in zip(self._rows, self._keys, strict=True)}
        # each row's colour changes to come, planned in one heap (5,000 cases: 8 ms, not 40)
        self._planned = {r.incident_id: [p for p in self._due_points(r) if p > self.now]
                         for r in self._rows}  # fmt: skip
        self._transitions = [(w, k) for k, ps in self._planned.items() for w in ps]
        heapq.heapify(self._transitions)
        self.endResetModel()

    def replace(self, incident_ids, rows: list[IncidentRow]) -> None:  # type: ignore[no-untyped-def]
        """These incidents as now read (`rows`: those still active): each updated, moved,
        added or removed in place, so a selection stays with its case (the table of 5,000
        cases is not sorted and reset for a few)."""
        ids = set(incident_ids)
        if len(ids) > self.REPLACE_IN_PLACE:
            self.set_rows([r for r in self._rows if r.incident_id not in ids] + rows)
            return
        now_as = {r.incident_id: r for r in rows}
        for iid in ids - now_as.keys():
            i = self._row_of_key(iid)
            if i is not None:
                self.beginRemoveRows(QModelIndex(), i, i)
                self._planned.pop(iid, None)
                del self._rows[i], self._keys[i], self._key_of[iid]
                self.endRemoveRows()
        for r in rows:
            key, i = self._key(r), self._row_of_key(r.incident_id)
            if i is None:
                i = bisect.bisect_left(self._keys, key)
                self.beginInsertRows(QModelIndex(), i, i)
                self._rows.insert(i, r)
                self._keys.insert(i, key)
                self._key_of[r.incident_id] = key
                self.endInsertRows()
            else:
                del self._keys[i]
                j = bisect.bisect_left(self._keys, key)  # where it sorts among the others
                self._keys.insert(i, key)
                if j != i:  # a move, which the selection follows
                    self.beginMoveRows(QModelIndex(), i, i, QModelIndex(), j if j < i else j + 1)
                    del self._rows[i], self._keys[i]
                    self._rows.insert(j, r)
                    self._keys.insert(j, key)
                    self.endMoveRows()
                    i = j
                self._rows[i] = r
                self._key_of[r.incident_id] = key
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.HEADERS) - 1))
            self._push(r.incident_id, self._due_points(r))

    def _id(self, r: IncidentRow) -> int:
        return r.incident_id

    warn_of = operator.attrgetter("urgent_warn")

    def _due_points(self, r: IncidentRow) -> list[datetime]:
        return [p for p in (r.urgent_warn, r.urgent_due) if p]

    def _row_of_key(self, key: int) -> int | None:
        sort_key = self._key_of.get(key)
        return None if sort_key is None else bisect.bisect_left(self._keys, sort_key)

    def rows(self) -> list[IncidentRow]:
        return list(self._rows)

    def countdown_cell(self, row: int) -> tuple[float | None, QColor | None, QColor | None]:
        r = self._rows[row]
        bg, fg = STATE_COLOURS[self._state(r)]
        return ((r.urgent_due - self.now).total_seconds() if r.urgent_due else None), bg, fg

    def _state(self, r: IncidentRow) -> str:
        return r.clock_state(self.now)

    GRAVE = (QColor("#7f1d1d"), QColor("#ffffff"))  # the level of a case graded 3 and up

    def cells(self, row: int) -> tuple[tuple[str, QColor | None, QColor | None], ...]:
        r = self._rows[row]
        bg, fg = STATE_COLOURS[self._state(r)]
        return (
            ("", bg, fg),
            (r.level_name, *(self.GRAVE if r.level_rank >= 3 else (None, None))),
            (f"#{r.incident_id} {r.title}", None, None),
            (r.state_name, None, None),
            (str(r.open_tasks), None, None),
        )

    def data(self, index: Index, role: int = DISPLAY):  # type: ignore[no-untyped-def]
        if role not in HANDLED:
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role in PAINTED:
            return self.painted(index, role)
        if role == FONT and col == self.COUNTDOWN:
            return self.mono
        if role == TOOLTIP and col == self.TITLE:
            return f"{r.plan_name} · {self.tr('首问负责人')} {r.first_receiver}"
        if role == TASK_ID:
            return r.incident_id
        return None
