"""`python main.py shot OUT.png`: a seat rendered offscreen, as its user sees it, on the
database given (for the README's pictures, a report, a bug). Who is shown is proven as for
any `--as`: CONSOLE_PASSWORD, --password-stdin or CONSOLE_TOKEN.

    python main.py shot OUT.png --as zhang [--wall] [--size 1920x1080] [--lang en]
        [--show intake | incident:N | task:N] [--db URL]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from console.errors import ConsoleError, InputError

SIZE = re.compile(r"^(\d{3,4})x(\d{3,4})$")
SHOW = re.compile(r"^(intake|incident:\d+|task:\d+)$")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="main.py shot", description="render a seat offscreen to a PNG")
    p.add_argument("out", metavar="OUT.png")
    p.add_argument("--db")
    p.add_argument("--as", dest="as_user", help="whose seat (proof: CONSOLE_PASSWORD, "
                   "--password-stdin or CONSOLE_TOKEN)")  # fmt: skip
    p.add_argument("--password-stdin", action="store_true")
    p.add_argument("--wall", action="store_true", help="the command screen's wall")
    p.add_argument("--size", default="1600x950", help="WIDTHxHEIGHT (default 1600x950)")
    p.add_argument("--lang", choices=["zh_CN", "en"], default="zh_CN")
    p.add_argument("--show", default="", help="intake (接报登记), incident:N (its detail), or "
                   "task:N (chosen, with its detail pane)")  # fmt: skip
    return p


def _checked(args: argparse.Namespace) -> tuple[int, int]:
    if not args.out.lower().endswith(".png"):
        raise InputError("OUT.png", f"{args.out!r}: a .png file")
    if not Path(args.out).resolve().parent.is_dir():
        raise InputError("OUT.png", f"{args.out!r}: no such folder")
    size = SIZE.match(args.size)
    if size is None:
        raise InputError("--size", f"{args.size!r}: WIDTHxHEIGHT, such as 1920x1080")
    if args.show and SHOW.match(args.show) is None:
        raise InputError("--show", f"{args.show!r}: intake, incident:N or task:N")
    if not (args.as_user or os.environ.get("CONSOLE_USER") or os.environ.get("CONSOLE_TOKEN")):
        raise InputError("--as", "whose seat to render")
    return int(size[1]), int(size[2])


def main(argv: Sequence[str]) -> int:
    args = parser().parse_args(list(argv))
    try:
        width, height = _checked(args)
        return _render(args, width, height)
    except ConsoleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code


def _render(args: argparse.Namespace, width: int, height: int) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from console.cli.common import identify, open_console
    from console.services import users
    from widgets.start import install_translators
    from widgets.style import app_icon, register_fonts

    qt = QApplication.instance() or QApplication([sys.argv[0]])
    qt.setApplicationName("应急指挥台")
    qt.setWindowIcon(app_icon())
    register_fonts()
    install_translators(qt, args.lang)  # type: ignore[arg-type]
    app = open_console(args)
    try:
        name = identify(app, args, ("shot",))
        user = next((u for u in users.list_users(app) if u.name == name), None)
        if user is None:
            raise InputError("--as", "whose seat to render")
        from widgets.window import MainWindow

        window = MainWindow(app, user)
        window.resize(width, height)
        window.start()
        window.show()
        if args.wall:
            window.set_wall(True)
            window.showNormal()  # offscreen: the size asked for, not the virtual screen's
            window.resize(width, height)

        def settle(ms: int) -> None:
            loop = QEventLoop()
            QTimer.singleShot(ms, loop.quit)
            loop.exec()

        settle(800)
        shown = window
        kind, _, number = args.show.partition(":")
        if kind == "task":
            _choose_task(window, int(number))
        elif kind == "intake":
            from widgets.dialogs.intake import IntakeDialog

            shown = IntakeDialog(app, user.name, window)
        elif kind == "incident":
            from widgets.dialogs.detail import IncidentDetail

            shown = IncidentDetail(app, user.name, int(number), can_note=True, parent=window)
        if shown is not window:
            shown.show()
        settle(700)
        if not shown.grab().save(args.out):
            raise InputError("OUT.png", f"{args.out!r}: could not be written")
        print(f"ok: {args.out} ({shown.width()}×{shown.height()}, {user.name})")
        window.close()
        return 0
    finally:
        app.close()


def _choose_task(window, task_id: int) -> None:  # type: ignore[no-untyped-def]
    """The task selected on the seat, as a user would choose it (its pane follows)."""
    from widgets.boards.models import TASK_ID

    views = [window.seat.view] if hasattr(window.seat, "view") else [
        lane.view for lane in getattr(window.seat, "lanes", {}).values()]  # fmt: skip
    for view in views:
        model = view.model()
        for row in range(model.rowCount()):
            if model.data(model.index(row, 0), TASK_ID) == task_id:
                view.selectRow(row)
                return
    window.seat.task_pane.show_task(task_id)  # not on this seat's boards: the pane alone
