"""A board table: a read-only view whose countdown cells a tick repaints alone, columns
sized once, and the helpers the seats share (selection kept by id, rows on screen)."""

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyleOption,
    QStyleOptionHeader,
    QStyleOptionHeaderV2,
    QTableView,
)

from widgets.boards.countdowns import CountdownDelegate, Look, paint_column, paint_rows
from widgets.boards.models import DISPLAY, TASK_ID, TaskTableModel

# What changes how countdowns are painted. A board is no window: of its window gaining
# or losing focus (the selection's colour group) it hears WindowActivate/-Deactivate,
# never the ActivationChange its window gets.
LOOK_CHANGES = {QEvent.Type.FontChange, QEvent.Type.PaletteChange, QEvent.Type.StyleChange,
                QEvent.Type.ActivationChange, QEvent.Type.EnabledChange,
                QEvent.Type.WindowActivate, QEvent.Type.WindowDeactivate}  # fmt: skip


# A board's scroll bar, drawn flat: Fusion's gradient bar took 0.5 ms to paint, longer than
# the rows beside it — 9 ms of every full repaint of the command screen's 18 boards. In the
# palette's colours (the wall's dark palette as well).
SCROLLBAR_QSS = (
    "QScrollBar:vertical { background: palette(base); width: 12px; margin: 0; }"
    " QScrollBar::handle:vertical { background: palette(mid); min-height: 24px;"
    " border-radius: 4px; margin: 2px; }"
    " QScrollBar::handle:vertical:hover, QScrollBar::handle:vertical:pressed"
    " { background: palette(dark); }"
    " QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; }"
    " QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: none; }"
)


def fusion(widget) -> bool:  # type: ignore[no-untyped-def]
    """Whether `widget` is drawn in Fusion, the style the console ships with (Qt's default on
    Linux): the boards' one-pass painting draws its cells as Fusion does; under another
    style (`-style`, a style sheet) Qt paints them itself."""
    return widget.style().name() == "fusion"


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
        """The rows in one pass (`paint_rows`; a tick's repaint, inside the countdown
        column, in `paint_column`'s). Qt's own table painting asks the model for seven
        roles of every cell, each a call from C++ into Python that waits for the GIL while
        another thread reads the database: a full repaint of the command screen made some
        1,000 such calls and took 40 to 80 ms under load."""
        if self.verticalHeader().hiddenSectionCount() or not fusion(self):
            super().paintEvent(event)  # rows unevenly spaced, or another style: Qt's way
            return
        column = self.model().countdown_column
        area = event.rect()
        x = self.columnViewportPosition(column)
        if x <= area.left() and area.right() < x + self.columnWidth(column):
            paint_column(self, self.look(), column, area)
        else:
            paint_rows(self, self.look(), area)

    def look(self) -> Look:
        """How this board paints countdowns, for a tick and for its delegate alike."""
        ratio = self.viewport().devicePixelRatioF()
        if self._look is None or self._look.ratio != ratio:
            self._look = Look(self.font(), self.palette(), ratio)
        return self._look

    def event(self, event) -> bool:  # type: ignore[no-untyped-def]
        if event.type() in LOOK_CHANGES:  # wall mode, another palette, the window (in)active
            self._look = None
            if event.type() == QEvent.Type.PaletteChange:  # a style sheet's palette() colours
                self.verticalScrollBar().setStyleSheet(SCROLLBAR_QSS)  # are fixed when set
        return super().event(event)


class BoardHeader(QHeaderView):
    """A board's column titles, painted in one pass: each section drawn by the style as
    QHeaderView draws it, with its text asked of the model from here. QHeaderView's own
    painting asks the model for six roles of every section from C++, each call waiting
    for the GIL: 500 calls in a full repaint of the command screen. (Sections here are
    neither clickable nor sorted; they are highlighted for the chosen row, as Qt does.)"""

    def __init__(self, parent: QTableView) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setHighlightSections(True)  # as the header QTableView makes for itself

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        model = self.model()
        if not fusion(self):
            super().paintEvent(event)
            return
        if model is None or self.count() == 0:
            return
        area = event.rect()
        shown = [i for i in range(self.count()) if not self.isSectionHidden(self.logicalIndex(i))]
        if not shown:
            return
        painter = QPainter(self.viewport())
        option = QStyleOptionHeaderV2()
        option.initFrom(self)
        active = self.window().isActiveWindow()
        selection, root = self.selectionModel(), self.rootIndex()
        highlight = self.highlightSections() and selection is not None and selection.hasSelection()
        right = -1
        for visual in shown:
            logical = self.logicalIndex(visual)
            x, width = self.sectionViewportPosition(logical), self.sectionSize(logical)
            right = max(right, x + width - 1)
            if width <= 0 or x > area.right() or x + width <= area.left():
                continue
            option.state = (QStyle.StateFlag.State_Raised | QStyle.StateFlag.State_Horizontal
                            | (QStyle.StateFlag.State_Enabled if self.isEnabled() else QStyle.StateFlag.State_None)
                            | (QStyle.StateFlag.State_Active if active else QStyle.StateFlag.State_None))  # fmt: skip
            if highlight:  # as QHeaderView: a chosen row's columns bold, a column all chosen sunk
                if selection.columnIntersectsSelection(logical, root):
                    option.state |= QStyle.StateFlag.State_On
                if selection.isColumnSelected(logical, root):
                    option.state |= QStyle.StateFlag.State_Sunken
            option.orientation = Qt.Orientation.Horizontal
            option.rect = QRect(x, 0, width, self.viewport().height())
            option.section = logical
            option.textAlignment = self.defaultAlignment()
            option.iconAlignment = Qt.AlignmentFlag.AlignVCenter
            option.text = model.headerData(logical, Qt.Orientation.Horizontal)
            option.textElideMode = self.textElideMode()
            position = QStyleOptionHeader.SectionPosition
            first, last = visual == shown[0], visual == shown[-1]
            option.position = (position.OnlyOneSection if first and last else position.Beginning
                               if first else position.End if last else position.Middle)  # fmt: skip
            option.selectedPosition = QStyleOptionHeader.SelectedPosition.NotAdjacent
            painter.save()  # a style may leave the label's bold font on the painter
            self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
            painter.restore()
        if right < area.right():  # beyond the last section
            empty = QStyleOption()
            empty.initFrom(self)
            empty.state |= QStyle.StateFlag.State_Horizontal
            empty.rect = QRect(right + 1, 0, area.right() - right, self.viewport().height())
            self.style().drawControl(QStyle.ControlElement.CE_HeaderEmptyArea, empty, painter, self)
        painter.end()


def make_table(model, *, stretch: int, widths: dict[int, int] | None = None,  # type: ignore[no-untyped-def]
               wall_hidden: tuple[int, ...] = ()) -> QTableView:  # fmt: skip
    """A read-only table whose columns are sized once: never ResizeToContents, which would
    make the view measure every row on every tick."""
    view = BoardView()
    view.setHorizontalHeader(BoardHeader(view))
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
    view.verticalScrollBar().setStyleSheet(SCROLLBAR_QSS)
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
