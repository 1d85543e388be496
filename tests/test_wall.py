"""The wall (issue 21): at 1920×1080, tiles per work group whose glyphs are measured in the
rendered image — task titles ≥ 28 px, countdowns ≥ 40 px, group names ≥ 32 px of ink —
every title shown whole on at most two lines, no scrollbar, and pages when tiles do not
fit; on the demo and on the big day."""

import re

import pytest
from PySide6.QtCore import QEventLoop, QPoint, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractScrollArea, QLabel

from console.services.alarms import sweep
from console.services.demo import add_demo_users, load_big_day, load_demo
from tests.test_gui import window_for

GOALS = {"title": 28, "countdown": 40, "name": 32}
DIGITS = re.compile(r"\d")


def _wall(qtbot, app):  # type: ignore[no-untyped-def]
    window = window_for(qtbot, app, "zhang")
    window.set_wall(True)
    window.showNormal()  # offscreen: the wall's own size, not the virtual screen's
    window.resize(1920, 1080)
    loop = QEventLoop()
    QTimer.singleShot(300, loop.quit)
    loop.exec()
    return window


def _ink_height(image: QImage, rect) -> int:  # type: ignore[no-untyped-def]
    """Rows of the rectangle with any pixel far from its background (its corner)."""
    ground = image.pixelColor(rect.left() + 1, rect.top() + 1)
    rows = []
    for y in range(max(0, rect.top()), min(image.height(), rect.bottom() + 1)):
        for x in range(max(0, rect.left()), min(image.width(), rect.right() + 1), 1):
            c = image.pixelColor(x, y)
            if (
                max(
                    abs(c.red() - ground.red()),
                    abs(c.green() - ground.green()),
                    abs(c.blue() - ground.blue()),
                )
                > 96
            ):
                rows.append(y)
                break
    return rows[-1] - rows[0] + 1 if rows else 0


def _measured(window):  # type: ignore[no-untyped-def]
    wall = window.wall
    image = window.grab().toImage()
    origin = wall.mapTo(window, QPoint(0, 0))
    out = []
    for d in wall.drawn:
        if d.kind in GOALS and (d.kind != "countdown" or DIGITS.search(d.text)):
            out.append((d, _ink_height(image, d.rect.translated(origin))))
    return out


@pytest.mark.parametrize("day", ["demo", "big_day"])
def test_the_wall_is_readable_across_the_room(qtbot, app, day):
    if day == "demo":
        load_demo(app)
    else:
        add_demo_users(app)
        load_big_day(app, 40, 600, seed=7)
    sweep(app)
    window = _wall(qtbot, app)
    wall = window.wall
    assert window.screens.currentWidget() is wall and wall.isVisible()
    measured = _measured(window)
    kinds = {d.kind for d, _ in measured}
    assert kinds == set(GOALS)
    too_small = [(d.kind, d.text, h) for d, h in measured if h < GOALS[d.kind]]
    assert not too_small
    # every title shown is whole, on one or two lines
    lines: dict[int, list[str]] = {}
    for d in wall.drawn:
        if d.kind == "title":
            lines.setdefault(d.task_id, []).append(d.text)
    rows = {r.task_id: r for m in wall.boards.models.values() for r in m.rows()}
    assert lines and all(
        1 <= len(ls) <= 2 and "".join(ls) == rows[t].title for t, ls in lines.items()
    )
    # the banner's alarms in large type, each whole: wrapped inside the window, not cut
    alarms = [w for w in window.banner.findChildren(QLabel)
              if w.objectName().startswith("alarm-") or w.objectName() == "flood"]  # fmt: skip
    assert alarms and all(a.isVisible() for a in alarms)
    for a in alarms:
        lines = a.heightForWidth(a.width()) // a.fontMetrics().lineSpacing()
        assert a.height() >= a.heightForWidth(a.width()), a.text()
        assert a.fontMetrics().horizontalAdvance(a.text()) <= a.width() * lines, a.text()
        assert a.mapTo(window, QPoint(a.width(), 0)).x() <= window.width()
    # nothing on the wall scrolls (the desk's tables are hidden behind it): it pages
    assert not [a for a in window.findChildren(QAbstractScrollArea) if a.isVisible()]
    assert wall.pages() > 1 and any(d.kind == "page" for d in wall.drawn)
    first = {d.text for d in wall.drawn if d.kind == "name"}
    wall.next_page()
    wall.repaint()
    assert {d.text for d in wall.drawn if d.kind == "name"}.isdisjoint(first)


def test_a_lapsed_task_is_marked_not_only_coloured(qtbot, app):
    load_demo(app)
    sweep(app)
    window = _wall(qtbot, app)
    wall = window.wall
    while not any(d.kind == "incident" and "超时" in d.text for d in wall.drawn):
        wall.next_page()
        wall.repaint()
        assert wall.page != 0, "no lapsed task on any page"
    lapsed = [d for d in wall.drawn if d.kind == "incident" and "超时" in d.text]
    assert all(d.text.startswith("▲ 超时") for d in lapsed)
    assert any(d.kind == "counts" and "▲ 超时" in d.text for d in wall.drawn)


def test_a_wrapped_title_starts_no_line_with_a_comma_and_ends_none_with_a_bracket(qapp):
    from PySide6.QtGui import QFont, QFontMetricsF

    from widgets.wall import NO_LINE_END, NO_LINE_START, wrap

    font = QFont(qapp.font())
    font.setPixelSize(33)
    metrics = QFontMetricsF(font)
    for title in ("抵达现场，引导投诉人员至指定接待区域(会议室、接待室)",
                  "舆情危机:启动核心处置流程，审批应对策略，协调跨部门资源",
                  "代表被投诉部门致歉，在《客户投诉记录表》《投诉处理表》详细记录"):  # fmt: skip
        for width in range(160, 700, 7):
            lines = wrap(title, metrics, width)
            assert "".join(lines) == title
            assert not any(line[0] in NO_LINE_START for line in lines[1:])
            assert not any(line[-1] in NO_LINE_END for line in lines[:-1])


def test_an_outage_on_the_wall_is_said_in_the_walls_type_over_the_banner(qtbot, app):
    load_demo(app)
    window = _wall(qtbot, app)
    window.set_online(False)
    notice = window.offline
    qtbot.waitUntil(notice.isVisible, timeout=3000)
    assert notice.font().pointSizeF() == pytest.approx(window.font().pointSizeF())
    assert notice.geometry().top() == 0 and notice.width() == window.centralWidget().width()
    assert notice.height() >= notice.heightForWidth(notice.width())  # every line of it
    image = window.grab().toImage()
    glyphs = notice.geometry().adjusted(8, 4, -8, -4).translated(window.centralWidget().pos())
    assert _ink_height(image, glyphs) >= GOALS["title"] - 4  # readable across the room
