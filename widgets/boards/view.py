"""A board table: a read-only view whose countdown cells a tick repaints alone, columns
sized once, and the helpers the seats share (selection kept by id, rows on screen)."""

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
)

from widgets.boards.countdowns import CountdownDelegate, Look, paint_column
from widgets.boards.models import DISPLAY, TASK_ID, TaskTableModel

# What changes how countdowns are painted. A board is no window: of its window gaining
# or losing focus (the selection's colour group) it hears WindowActivate/-Deactivate,
# never the ActivationChange its window gets.
LOOK_CHANGES = {QEvent.Type.FontChange, QEvent.Type.PaletteChange, QEvent.Type.StyleChange,
                QEvent.Type.ActivationChange, QEvent.Type.EnabledChange,
                QEvent.Type.WindowActivate, QEvent.Type.WindowDeactivate}  # fmt: skip


class BoardView(QTableView):
    """A board table. A countdown-only change repaints exactly those cells: Qt's own
    dataChanged update rectangle reaches one pixel into the next column, which made every
    tick repaint (and elide) the task titles beside the countdowns as well."""

    def dataChanged(self, top_left, bottom_right, roles=()) -> None:  # type: ignore[no-untyped-def]
        column = top_left.column()
        if column != bottom_right.column() or len(roles) != 1 or roles[0] != DISPLAY:
            super().dataChanged(top_left, bottom_right, roles)
            return
        if self.isColumnHidden(column):
            return
        top = self.rowViewportPosition(top_left.row())
        bottom = self.rowViewportPosition(bottom_right.row()) + self.rowHeight(bottom_right.row())
        x = self.columnViewportPosition(column)
        self.viewport().update(QRect(x, top, self.columnWidth(column), bottom - top))

    _look: Look | None = None

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """A repaint inside the countdown column (a tick's) is painted in one pass over its
        rows; anything wider goes through the table and its delegates as usual."""
        column = self.model().countdown_column
        area = event.rect()
        x = self.columnViewportPosition(column)
        inside = x <= area.left() and area.right() < x + self.columnWidth(column)
        if inside and not self.verticalHeader().hiddenSectionCount():  # rows evenly spaced
            paint_column(self, self.look(), column, area)
            return
        super().paintEvent(event)

    def look(self) -> Look:
        """How this board paints countdowns, for a tick and for its delegate alike."""
        ratio = self.viewport().devicePixelRatioF()
        if self._look is None or self._look.ratio != ratio:
            self._look = Look(self.font(), self.palette(), ratio)
        return self._look

    def event(self, event) -> bool:  # type: ignore[no-untyped-def]
        if event.type() in LOOK_CHANGES:  # wall mode, another palette, the window (in)active
            self._look = None
        return super().event(event)


def make_table(model, *, stretch: int, widths: dict[int, int] | None = None,  # type: ignore[no-untyped-def]
               wall_hidden: tuple[int, ...] = ()) -> QTableView:  # fmt: skip
    """A read-only table whose columns are sized once: never ResizeToContents, which would
    make the view measure every row on every tick."""
    view = BoardView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(40)
    view.column_chars = widths or {}  # type: ignore[attr-defined]
    view.wall_hidden = wall_hidden  # type: ignore[attr-defined]  # columns a wall display drops
    fit_columns(view)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setShowGrid(False)
    view.setItemDelegateForColumn(model.countdown_column, CountdownDelegate(view))
    model.visible_rows = lambda: visible_rows(view)
    return view


def keep_selection(view: QTableView, model) -> None:  # type: ignore[no-untyped-def]
    """Re-selects the same item (by its id) after the model resets under the user's hand."""
    remembered: list[int] = []

    def before() -> None:
        rows = view.selectionModel().selectedRows() if view.selectionModel() else []
        remembered[:] = [model.data(rows[0], TASK_ID)] if rows else []

    def after() -> None:
        if not remembered:
            return
        for row in range(model.rowCount()):
            if model.data(model.index(row, 0), TASK_ID) == remembered[0]:
                view.selectRow(row)
                return

    model.modelAboutToBeReset.connect(before)
    model.modelReset.connect(after)


def fit_columns(view: QTableView) -> None:
    """Column widths and row height for the current font (again after wall mode)."""
    metrics = view.fontMetrics()
    em = metrics.horizontalAdvance("剩")
    view.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
    for column, chars in getattr(view, "column_chars", {}).items():
        view.horizontalHeader().resizeSection(column, int(chars * em))


def visible_rows(view: QTableView) -> tuple[int, int] | None:
    """The model rows the view shows now, or None when it shows none (hidden, another tab)."""
    if not view.isVisible() or view.visibleRegion().isEmpty():
        return None
    first = view.rowAt(0)
    if first < 0:
        return None
    last = view.rowAt(view.viewport().height() - 1)
    return first, (last if last >= 0 else view.model().rowCount() - 1)


TASK_WIDTHS = {TaskTableModel.COUNTDOWN: 5.2, TaskTableModel.INCIDENT: 4.6, TaskTableModel.ROLE: 6.5,
               TaskTableModel.STATE: 3.5}  # fmt: skip
INCIDENT_WIDTHS = {0: 5.2, 1: 3.2, 3: 4.2, 4: 2.6}
