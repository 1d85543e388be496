"""The wall (F11 on the command screen): a layout of its own for a room, not the desk view
in bigger type. A tile per work group: its name, its counts (超时 / 预警 / 进行中 / 已完成)
and its most urgent open tasks, each with its countdown large, its whole title on at most
two lines, and its incident. Grey until abnormal (ISA-101): colour only where attention is
needed, and never colour alone (a lapsed row carries ▲ and 超时, a warned one 预警). No
scrollbars: when the tiles do not fit, the wall turns its pages on a timer and shows which
page it is on.

Painted by hand, line by line, so each text's size is what the room needs (at 1920×1080:
titles ≥ 28 px, countdowns ≥ 40 px, group names ≥ 32 px of ink, measured in the test), and
`drawn` records what was painted where."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QWidget

from console.services import queries
from console.time.format import countdown
from console.views.board import BoardRow
from widgets.boards.state import Boards

GROUND, TILE, TEXT, DIM = QColor("#111827"), QColor("#1f2937"), QColor("#d1d5db"), QColor("#9ca3af")
LAPSED, WARNING, LAPSED_TEXT = QColor("#dc2626"), QColor("#f59e0b"), QColor("#fca5a5")
# pixel sizes of the type at 1080 lines (scaled with the wall's height)
NAME_PX, COUNTS_PX, COUNTDOWN_PX, TITLE_PX, INCIDENT_PX, FOOT_PX = 40, 28, 58, 33, 22, 24
NO_LINE_START = set("，。、；：？！）」』》〉,.;:?!)]}%")
NO_LINE_END = set("（「『《〈([{")
PAGE_SECONDS = 12
TILE_MIN_WIDTH = 900  # two tiles across a 1920 wall: a title of 36 characters on two lines


@dataclass(frozen=True)
class Drawn:
    kind: str  # name | counts | countdown | title | incident | page
    text: str
    rect: QRect
    task_id: int | None = None


def wrap(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """Lines of `text` no wider than `width`, broken between characters (Chinese has no
    spaces to break at)."""
    lines, line = [], ""
    for ch in text:
        if line and metrics.horizontalAdvance(line + ch) > width:
            if ch in NO_LINE_START and len(line) > 1:  # a comma never starts a line: the
                lines.append(line[:-1])  # character before it goes down with it
                line = line[-1] + ch
            elif line[-1] in NO_LINE_END and len(line) > 1:  # nor does "(" end one
                lines.append(line[:-1])
                line = line[-1] + ch
            else:
                lines.append(line)
                line = "" if ch == " " else ch
        else:
            line += ch
    if line:
        lines.append(line)
    return lines


class WallView(QWidget):
    """The boards of the command screen (`boards`) as tiles; `done` gives each lane's
    completed tasks of the active incidents (read by the window, off the GUI thread)."""

    def __init__(self, boards: Boards) -> None:
        super().__init__()
        self.boards = boards
        self.done: dict[str, int] = {}
        self.page = 0
        self.drawn: list[Drawn] = []
        self.setAutoFillBackground(False)
        self.pager = QTimer(self)
        self.pager.setInterval(PAGE_SECONDS * 1000)
        self.pager.timeout.connect(self.next_page)
        boards.rows_changed.connect(self.update)
        boards.lanes_changed.connect(self.update)

    # --- what is shown ----------------------------------------------------------------
    def lanes(self) -> list[str]:
        return [
            k for k in self.boards.models if len(self.boards.orders.get(k, ())) or self.done.get(k)
        ]

    def _scale(self) -> float:
        """Type is sized for the screen the wall fills (1080 lines: 1.0), not for what the
        menu and the banner leave of it."""
        return max(0.5, self.window().height() / 1080)

    def grid(self) -> tuple[int, int]:
        """Tiles across and down."""
        s = self._scale()
        across = max(1, int(self.width() // (TILE_MIN_WIDTH * s)))
        down = max(1, int((self.height() - 40 * s) // (420 * s)))  # three tasks a tile
        return across, down

    def pages(self) -> int:
        across, down = self.grid()
        return max(1, ceil(len(self.lanes()) / (across * down)))

    def next_page(self) -> None:
        self.page = (self.page + 1) % self.pages()
        self.update()

    def tick(self) -> None:
        """The seat's one timer: countdowns move."""
        if self.isVisible():
            self.update()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.pager.start()
        super().showEvent(event)
        self.read_done()

    def read_done(self) -> None:
        """已完成 per group, read off the GUI thread when the boards have a reader."""
        if not self.isVisible():
            return

        def show(done: dict[str, int]) -> None:
            self.done = done
            self.update()

        self.boards.read_later(lambda: queries.done_by_lane(self.boards.app), show)

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.pager.stop()
        super().hideEvent(event)

    # --- painting ---------------------------------------------------------------------
    def _font(self, px: int, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(round(px * self._scale()))
        font.setBold(bold)
        return font

    def _text(self, p: QPainter, kind: str, text: str, rect: QRect, font: QFont, colour: QColor,
              align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft, task_id: int | None = None) -> None:  # fmt: skip
        p.setFont(font)
        p.setPen(colour)
        p.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), text)
        self.drawn.append(Drawn(kind, text, rect, task_id))

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.drawn = []
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.fillRect(self.rect(), GROUND)
        s = self._scale()
        lanes = self.lanes()
        across, down = self.grid()
        per_page = across * down
        pages = max(1, ceil(len(lanes) / per_page))
        self.page %= pages
        foot = round(36 * s)
        gap = round(10 * s)
        width = (self.width() - gap * (across + 1)) // across
        height = (self.height() - foot - gap * (down + 1)) // down
        now = self.boards.app.time.now()
        for i, lane in enumerate(lanes[self.page * per_page : (self.page + 1) * per_page]):
            col, row = i % across, i // across
            rect = QRect(gap + col * (width + gap), gap + row * (height + gap), width, height)
            self._tile(p, lane, rect, now)
        if pages > 1:
            marks = "  ".join("●" if i == self.page else "○" for i in range(pages))
            text = f"{self.tr('第 %1/%2 页').replace('%1', str(self.page + 1)).replace('%2', str(pages))}  {marks}"
            self._text(p, "page", text, QRect(gap, self.height() - foot, self.width() - 2 * gap, foot),
                       self._font(FOOT_PX), DIM, Qt.AlignmentFlag.AlignRight)  # fmt: skip
        p.end()

    def _tile(self, p: QPainter, lane: str, rect: QRect, now) -> None:  # type: ignore[no-untyped-def]
        s = self._scale()
        model = self.boards.models.get(lane)
        counts = self.boards.counts(lane)
        abnormal = counts.lapsed > 0
        p.fillRect(rect, TILE)
        pad = round(14 * s)
        name_h = round(NAME_PX * 1.35 * s)
        head = QRect(rect.left(), rect.top(), rect.width(), name_h + pad)
        if abnormal:  # the one place a tile takes colour: a deadline passed
            p.fillRect(head, LAPSED)
        name = self.boards.lane_names.get(lane, lane)
        inner = rect.adjusted(pad, 0, -pad, 0)
        self._text(p, "name", name, QRect(inner.left(), rect.top() + pad // 2, inner.width(), name_h),
                   self._font(NAME_PX, bold=True), QColor("#ffffff") if abnormal else TEXT)  # fmt: skip
        parts = []
        if counts.lapsed:
            parts.append("▲ " + self.tr("超时 %1").replace("%1", str(counts.lapsed)))
        if counts.warning:
            parts.append(self.tr("预警 %1").replace("%1", str(counts.warning)))
        parts.append(self.tr("进行中 %1").replace("%1", str(counts.running)))
        parts.append(self.tr("已完成 %1").replace("%1", str(self.done.get(lane, 0))))
        y = head.bottom() + pad // 2
        counts_h = round(COUNTS_PX * 1.3 * s)
        self._text(p, "counts", "   ".join(parts), QRect(inner.left(), y, inner.width(), counts_h),
                   self._font(COUNTS_PX), LAPSED_TEXT if counts.lapsed else DIM)  # fmt: skip
        y += counts_h + pad // 2
        if model is None:
            return
        clock_w = round(250 * s)  # -00:18:00 at 58 px is 241 px wide
        title_font = self._font(TITLE_PX)
        title_metrics = QFontMetricsF(title_font)
        line_h = round(TITLE_PX * 1.3 * s)
        row_h = max(round(COUNTDOWN_PX * 1.15 * s) + round(INCIDENT_PX * 1.3 * s), 2 * line_h) + pad
        title_w = inner.width() - clock_w - round(12 * s)  # 19 characters a line: 38 in two
        for r in range(model.rowCount()):
            if y + row_h - pad > rect.bottom():
                break
            self._row(p, model.row_at(r), QRect(inner.left(), y, inner.width(), row_h - pad), now,
                      clock_w, title_w, title_font, title_metrics, line_h)  # fmt: skip
            y += row_h

    def _row(self, p: QPainter, r: BoardRow, rect: QRect, now, clock_w: int, title_w: int,  # type: ignore[no-untyped-def]
             title_font: QFont, metrics: QFontMetricsF, line_h: int) -> None:  # fmt: skip
        s = self._scale()
        state = r.clock_state(now)
        colour = {"lapsed": LAPSED_TEXT, "warning": WARNING}.get(state, TEXT)
        if state == "lapsed":
            p.fillRect(
                QRect(rect.left() - round(8 * s), rect.top(), round(5 * s), rect.height()), LAPSED
            )
        remaining = r.remaining(now)  # a paused clock stands still
        left = remaining.total_seconds() if remaining is not None else None
        count_h = round(COUNTDOWN_PX * 1.15 * s)
        self._text(p, "countdown", countdown(left) if left is not None else "—",
                   QRect(rect.left(), rect.top(), clock_w, count_h), self._font(COUNTDOWN_PX, bold=True),
                   colour if left is not None else DIM, task_id=r.task_id)  # fmt: skip
        mark = {"lapsed": "▲ " + self.tr("超时") + " ", "warning": self.tr("预警") + " "}.get(
            state, ""
        )
        if state == "paused":
            mark = self.tr("暂停") + " "
        if r.state == "blocked":
            mark = "✖ " + self.tr("受阻") + " "
        self._text(p, "incident", f"{mark}#{r.incident_id} {r.level_name}",
                   QRect(rect.left(), rect.top() + count_h, clock_w, round(INCIDENT_PX * 1.3 * s)),
                   self._font(INCIDENT_PX), colour if mark else DIM, task_id=r.task_id)  # fmt: skip
        lines = wrap(r.title, metrics, title_w)
        if len(lines) > 2:  # never cut without a way to read it: the detail pane has it whole
            lines = [
                lines[0],
                metrics.elidedText("".join(lines[1:]), Qt.TextElideMode.ElideRight, title_w),
            ]
        x = rect.left() + clock_w + round(12 * s)
        top = (
            rect.top() + (rect.height() - line_h * len(lines)) // 2
            if len(lines) == 1
            else rect.top()
        )
        for i, line in enumerate(lines):
            self._text(p, "title", line, QRect(x, top + i * line_h, title_w, line_h), title_font,
                       TEXT, task_id=r.task_id)  # fmt: skip

    def sizeHint(self) -> QSize:
        return QSize(1920, 1080)
