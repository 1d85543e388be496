"""Painting countdown cells: the one thing every board repaints every second.

A countdown "-01:23:45" is drawn as two stamps (text rendered once to a pixmap, then only
copied): "-01:23:", which changes once a minute, and "45", one of sixty. Laying the text
out and rasterising it anew each second was most of a tick's cost; a copy is ~1 µs.
A tick's repaint (a region inside the countdown column) is painted by `paint_column` in
one pass over the rows, without the table's per-cell delegate dispatch; any other repaint
goes through the table and `CountdownDelegate`, which paints the same pixels."""

from __future__ import annotations

from math import ceil, floor
from typing import NamedTuple

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionFocusRect,
    QStyleOptionViewItem,
    QTableView,
)

from console.time.format import countdown
from widgets.boards.models import NO_DEADLINE, Index

PADDING = 4  # px between the digits and the cell's right edge
VCENTER = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class Stamp(NamedTuple):
    """Text rendered once, for a right edge at `r` (where a right-aligned drawText would
    end it) whose sub-pixel part r - floor(r) it was rendered at, so its glyphs fall exactly
    where drawText puts them (digits are 7.16 px wide, not whole pixels). It is drawn at
    x = floor(r) - reach."""

    pixmap: QPixmap
    reach: int
    advance: float  # how far the text reaches leftwards (to place the stamp before it)


class Stamps:
    """The pieces of countdowns in one font, colour, pixel ratio and row height: the sixty
    seconds, the dash, and the recently used "HH:MM:" heads."""

    HEADS = 512  # twice the deadlines a wall of boards shows; each moves to a new head a minute

    def __init__(self, font: QFont, colour: QColor, ratio: float, height: int) -> None:
        self.font, self.colour, self.ratio, self.height = QFont(font), QColor(colour), ratio, height
        self.metrics = QFontMetricsF(self.font)
        self.tails = [self.render(f"{s:02d}", 0.0) for s in range(60)]
        self.dash = self.render(NO_DEADLINE, 0.0)
        self.heads: dict[tuple[bool, int, float], Stamp] = {}

    def render(self, text: str, phase: float) -> Stamp:
        advance = self.metrics.horizontalAdvance(text)
        width = ceil(advance) + 1
        pixmap = QPixmap(ceil(width * self.ratio), max(1, ceil(self.height * self.ratio)))
        pixmap.setDevicePixelRatio(self.ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setFont(self.font)
        painter.setPen(self.colour)
        # as a table cell places its text: centred in the row's height, ending at the edge
        right = width - 1 + phase
        painter.drawText(QRectF(right - advance, 0, advance, self.height), VCENTER, text)
        painter.end()
        return Stamp(pixmap, width - 1, advance)

    def head(self, negative: bool, minutes: int, phase: float) -> Stamp:
        """ "-HH:MM:" for a countdown of `minutes` whole minutes."""
        key = (negative, minutes, phase)
        stamp = self.heads.get(key)
        if stamp is None:
            if len(self.heads) >= self.HEADS:  # the older half: heads of minutes gone by
                for old in list(self.heads)[: self.HEADS // 2]:
                    del self.heads[old]
            text = ("-" if negative else "") + countdown(minutes * 60)[:-2]  # "-01:23:"
            stamp = self.render(text, phase)
            self.heads[key] = stamp
        return stamp


_STAMPS: dict[tuple[str, float, int, int], Stamps] = {}


def stamps_for(font: QFont, font_key: str, colour: QColor, ratio: float, height: int) -> Stamps:
    key = (font_key, ratio, height, colour.rgba())
    stamps = _STAMPS.get(key)
    if stamps is None:
        # the boards share one font: another one (wall mode on or off) retires the old stamps
        for old in [k for k in _STAMPS if k[:2] != key[:2]]:
            del _STAMPS[old]
        stamps = _STAMPS[key] = Stamps(font, colour, ratio, height)
    return stamps


class Look:
    """How a view paints its countdown cells: its font, palette colours and pixel ratio, and
    the stamps it draws with. Kept by the view between paints (finding a font's key alone
    costs more than painting a cell) and made anew when its font, palette or screen changes."""

    def __init__(self, font: QFont, palette: QPalette, ratio: float) -> None:
        self.font, self.ratio = QFont(font), ratio
        self.font_key = font.key()
        self.text = palette.text().color()
        self.highlight = palette.highlight()
        self.highlighted_text = palette.highlightedText().color()
        self._stamps: dict[tuple[int, int], Stamps] = {}
        self.elided: dict[tuple[str, int], str] = {}  # (text, width) → as it fits

    def cell(self, painter: QPainter, x: int, y: int, w: int, h: int, left: float | None,
             background: QColor | None, foreground: QColor | None, selected: bool) -> None:  # fmt: skip
        """One cell: its background, then the countdown right-aligned, centred vertically —
        "HH:MM:SS", "-HH:MM:SS" once lapsed, "—" without a deadline."""
        if selected:
            painter.fillRect(x, y, w, h, self.highlight)
            foreground = self.highlighted_text
        elif background is not None:
            painter.fillRect(x, y, w, h, background)
        colour = foreground if foreground is not None else self.text
        key = (colour.rgba(), h)
        stamps = self._stamps.get(key)
        if stamps is None:
            stamps = self._stamps[key] = stamps_for(self.font, self.font_key, colour, self.ratio, h)
        right = x + w - PADDING
        if left is None:
            dash = stamps.dash
            painter.drawPixmap(right - dash.reach, y, dash.pixmap)
            return
        negative = left < 0
        seconds = int(-left if negative else left)  # as timefmt.countdown: toward zero
        tail = stamps.tails[seconds % 60]
        painter.drawPixmap(right - tail.reach, y, tail.pixmap)
        edge = right - tail.advance  # where the head ends
        floor_edge = floor(edge)
        head = stamps.head(negative, seconds // 60, edge - floor_edge)
        painter.drawPixmap(floor_edge - head.reach, y, head.pixmap)


class CountdownDelegate(QStyledItemDelegate):
    """A countdown cell when the table paints it (scrolling, selection, a full repaint),
    with the look of the board it paints for (the same as a tick's). The stock delegate
    would ask the model for some ten roles and lay the text out twice."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        left, background, foreground = index.model().countdown_cell(index.row())
        look = self.parent().look()
        rect = option.rect
        look.cell(painter, rect.x(), rect.y(), rect.width(), rect.height(), left, background,
                  foreground, bool(option.state & QStyle.StateFlag.State_Selected))  # fmt: skip


def rows_touched(view: QTableView, area: QRect) -> tuple[int, int, set[int] | tuple] | None:
    """The first and last rows `area` (viewport coordinates) touches, or None, and the rows
    chosen."""
    first = view.rowAt(area.top())
    if first < 0:
        return None
    last = view.rowAt(area.bottom())
    if last < 0:
        last = view.model().rowCount() - 1
    selection = view.selectionModel()
    selected = (
        {i.row() for i in selection.selectedRows()}
        if selection is not None and selection.hasSelection()
        else ()
    )
    return first, last, selected


def paint_column(view: QTableView, look: Look, column: int, area: QRect) -> None:
    """Paints the countdown cells of `view` that `area` (viewport coordinates, inside the
    countdown column) touches: the whole repaint of a tick."""
    model = view.model()
    touched = rows_touched(view, area)
    if touched is None:
        return
    first, last, selected = touched
    x, w = view.columnViewportPosition(column), view.columnWidth(column)
    y, h = view.rowViewportPosition(first), view.rowHeight(first)  # rows have one fixed height
    painter = QPainter(view.viewport())
    cell, countdown_cell = look.cell, model.countdown_cell
    for row in range(first, last + 1):
        left, background, foreground = countdown_cell(row)
        cell(painter, x, y, w, h, left, background, foreground, row in selected)
        y += h
    painter.end()


TEXT_MARGIN = 3  # px either side of a cell's text, as Qt's item views leave (focus margin + 1)


def paint_rows(view: QTableView, look: Look, area: QRect) -> None:
    """Paints every cell of `view` that `area` (viewport coordinates) touches, in one pass
    over the rows: one call into the model a row (`cells`), the countdowns as a tick draws
    them, the rest as Qt's item views do (background, the text elided at the right, the
    selection, the focus frame), without the table's per-cell dispatch and its calls back
    into Python. Rows have one fixed height."""
    model = view.model()
    touched = rows_touched(view, area)
    if touched is None:
        return
    first, last, selected = touched
    countdown = model.countdown_column
    columns = []
    for c in range(model.columnCount()):
        x, w = view.columnViewportPosition(c), view.columnWidth(c)
        if not view.isColumnHidden(c) and w > 0 and x <= area.right() and x + w > area.left():
            columns.append((c, x, w))
    y, h = view.rowViewportPosition(first), view.rowHeight(first)
    elided = look.elided
    metrics = view.fontMetrics()
    painter = QPainter(view.viewport())
    painter.setFont(view.font())
    cell, countdown_cell, cells = look.cell, model.countdown_cell, model.cells
    for row in range(first, last + 1):
        texts = cells(row)
        chosen = row in selected
        for c, x, w in columns:
            if c == countdown:
                left, background, foreground = countdown_cell(row)
                cell(painter, x, y, w, h, left, background, foreground, chosen)
                continue
            text, background, foreground = texts[c]
            if chosen:
                painter.fillRect(x, y, w, h, look.highlight)
                foreground = look.highlighted_text
            elif background is not None:
                painter.fillRect(x, y, w, h, background)
            if text:
                width = w - 2 * TEXT_MARGIN
                key = (text, width)
                shown = elided.get(key)
                if shown is None:
                    if len(elided) > 4096:
                        elided.clear()
                    shown = elided[key] = metrics.elidedText(
                        text, Qt.TextElideMode.ElideRight, width
                    )
                painter.setPen(foreground if foreground is not None else look.text)
                painter.drawText(x + TEXT_MARGIN, y, width, h, VCENTER, shown)
        y += h
    current = view.currentIndex()  # its focus frame (a countdown's delegate draws none)
    if (view.hasFocus() and current.isValid() and first <= current.row() <= last
            and current.column() != countdown and not view.isColumnHidden(current.column())):  # fmt: skip
        option = QStyleOptionFocusRect()  # as Qt's item views fill it in
        option.initFrom(view)
        option.rect = view.visualRect(current)
        option.state |= QStyle.StateFlag.State_KeyboardFocusChange | QStyle.StateFlag.State_Item
        option.backgroundColor = (look.highlight.color() if current.row() in selected
                                  else view.palette().window().color())  # fmt: skip
        view.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter, view)
    painter.end()
