"""Starts the console: settings, the CJK font, the language, the database (first run offers
a demo), sign-in, the alarm scheduler and the sender of messages off the seats (notifier),
as `serve` in a process beside the seat, and the window for the signed-in role."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from datetime import UTC
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from console.context import App, open_app
from console.files import RESOURCES
from console.runners.beside import ServeBeside, in_memory
from console.runners.notifier import Notifier
from console.runners.scheduler import AlarmScheduler
from console.time.format import parse_instant
from console.time.source import ScaledTime, SystemTime, TimeSource
from console.views.records import UserView
from widgets.bridge import ConsoleBridge
from widgets.style import app_icon, register_fonts

I18N = RESOURCES / "i18n"


def install_translators(qt: QApplication, language: str) -> list[QTranslator]:
    """zh_CN is the source language; English comes from resources/i18n/console_en.qm.
    Qt's own strings (Save, Cancel …) come from Qt's translations."""
    installed = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in ((f"qtbase_{language}", qt_dir), (f"console_{language}", str(I18N))):
        translator = QTranslator(qt)
        if translator.load(name, folder):
            qt.installTranslator(translator)
            installed.append(translator)
    QLocale.setDefault(
        QLocale(QLocale.Language.English if language == "en" else QLocale.Language.Chinese)
    )
    return installed


def make_time(now: str | None) -> TimeSource:
    """--now starts the console's clock at that instant; it then runs at real speed."""
    return ScaledTime(parse_instant(now).astimezone(UTC), 1.0) if now else SystemTime()


def _start_qt(
    qt_args: list[str], lang: str | None, db: str | None
) -> tuple[QApplication, QSettings, str, str | None]:
    """Qt, the settings, the CJK font and the language; and which database to open
    (--db, else CONSOLE_DB, else the last one used)."""
    qt = QApplication([sys.argv[0], *qt_args])
    qt.setApplicationName("应急指挥台")
    qt.setWindowIcon(app_icon())  # every window and dialog, and the task bar
    settings = QSettings("IncidentConsole", "console")
    register_fonts()
    language = lang or str(settings.value("language", "zh_CN"))
    install_translators(qt, language)
    url = db or os.environ.get("CONSOLE_DB") or settings.value("db_url") or None
    return qt, settings, language, url


def window_parser() -> argparse.ArgumentParser:
    """The window's options (main.py with no command; console.cli.wants_window knows them)."""
    parser = argparse.ArgumentParser(prog="main.py")
    parser.add_argument("--db")
    parser.add_argument("--now")
    parser.add_argument("--as", dest="as_user")
    parser.add_argument("--lang", choices=["zh_CN", "en"])
    parser.add_argument("--wall", action="store_true")
    return parser


def run(argv: Sequence[str]) -> int:
    args, qt_args = window_parser().parse_known_args(list(argv))
    qt, settings, language, url = _start_qt(qt_args, args.lang, args.db)
    try:
        app = open_app(url, make_time(args.now))
    except Exception as exc:  # a bad URL or an unreachable server: say so, no traceback
        QMessageBox.critical(None, "应急指挥台", f"无法打开数据库:{exc}")
        return 6
    if args.now and not (app.sandbox or app.drill):
        text = ("--now: 真实数据库只用本机时钟;--now 仅用于测试库(migrate --sandbox)和演练库 "
                "(a real database runs on the machine's clock; --now only in a sandbox or drill database)")  # fmt: skip
        print(f"error: {text}", file=sys.stderr)
        QMessageBox.critical(None, "应急指挥台", text)
        app.close()
        return 2
    if args.wall:
        settings.setValue("wall_mode", True)
    return _signed_in(
        qt, app, settings, args.as_user or str(settings.value("last_user", "")), language
    )


def _signed_in(
    qt: QApplication, app: App, settings: QSettings, last_user: str, language: str
) -> int:
    from widgets.dialogs.signin import SignIn, first_run

    if not first_run(app):
        return 0
    dialog = SignIn(app, last_user=last_user, language=language)
    if not dialog.exec() or dialog.user is None:
        return 0
    settings.setValue("last_user", dialog.user.name)
    chosen = dialog.language.currentData()
    if chosen != language:
        settings.setValue("language", chosen)
        for translator in qt.findChildren(QTranslator):
            qt.removeTranslator(translator)
        install_translators(qt, chosen)
    if app.drill is None:  # a drill database opened by --db is not the one to come back to
        settings.setValue("db_url", app.url)
    return _run_window(qt, app, settings, dialog.user)


def _run_window(qt: QApplication, app: App, settings: QSettings, user: UserView) -> int:
    from widgets.window import MainWindow

    beside = ServeBeside(app.url) if serves_beside(app) else None
    scheduler = notifier = None
    if beside is None:  # a drill (its clock is this process's), a fixed --now, in memory
        scheduler = AlarmScheduler(app)
        # a drill pages nobody (its database has no channels)
        notifier = Notifier(app) if app.drill is None else None
        if notifier is not None:
            scheduler.on_swept.append(notifier.wake)
    bridge = ConsoleBridge(app, scheduler)
    window = MainWindow(app, user, settings)
    if window.drill_bar is not None and scheduler is not None:
        window.drill_bar.replan = scheduler.rebuild  # pausing moves the drill clock's timers
    bridge.listen()
    bridge.connect_window(window)
    if beside is not None:
        beside.start()  # raises what lapsed while nothing ran; the window hears it by the bus
        window.beside = beside
    if scheduler is not None:
        scheduler.start()
    if notifier is not None:
        notifier.start()  # its first pass sends what fell due while nothing was running
    window.start()
    window.show()
    try:
        return qt.exec()
    finally:
        if beside is not None:
            beside.stop()
        if notifier is not None:
            notifier.stop()  # finishes the pass under way (bounded by the channels' timeouts)
        if scheduler is not None:
            scheduler.stop()
        bridge.detach()
        dispose(window)
        app.close()


def serves_beside(app: App) -> bool:
    """The seat's scheduler and sender run as `serve` in a process of their own (so their
    sweeps never hold up the window: console.runners.beside) on a database another process
    can open, on the machine's clock; a drill, a fixed --now or a database in memory keep
    them in the seat's process."""
    return app.drill is None and isinstance(app.time, SystemTime) and not in_memory(app.url)


def drill_parser() -> argparse.ArgumentParser:
    """The options of `drill run` in the window (console.cli.wants_drill_window knows them)."""
    parser = argparse.ArgumentParser(prog="main.py drill run")
    parser.add_argument("words", nargs="*")
    parser.add_argument("--db")
    parser.add_argument("--as", dest="as_user")
    parser.add_argument("--lang", choices=["zh_CN", "en"])
    parser.add_argument("--name")
    parser.add_argument("--speed", type=float)
    parser.add_argument("--wall", action="store_true")
    parser.add_argument("--scripted", action="store_true")
    return parser


def drill_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """The options of `drill run` in the window (the rest go to Qt)."""
    args, qt_args = drill_parser().parse_known_args(list(argv))
    return args, qt_args


def run_drill(argv: Sequence[str]) -> int:
    """A drill in the window; whatever goes wrong is said, never a traceback."""
    try:
        return _run_drill(argv)
    except Exception as exc:
        logging.getLogger(__name__).debug("drill window failed", exc_info=True)
        print(
            f"error: internal error ({type(exc).__name__}: {exc}); run with CONSOLE_LOG=DEBUG",
            file=sys.stderr,
        )
        return 70


def _run_drill(argv: Sequence[str]) -> int:
    """`main.py drill run FILE`: sign in on the real database (only leaders, deputies and
    the director organise drills), start the session in its own database, and open the
    console on it — on the drill clock, watermarked, with the drill bar."""
    from console.drills.scenario import DrillError, load_scenario
    from console.errors import ConsoleError
    from console.services import drills, users
    from widgets.dialogs.signin import SignIn

    args, qt_args = drill_args(argv)
    files = [w for w in args.words if w not in ("drill", "run")]
    if len(files) != 1:
        print("error: drill run FILE: name one scenario file", file=sys.stderr)
        return 2
    qt, settings, language, url = _start_qt(qt_args, args.lang, args.db)
    try:
        real = open_app(url)
    except Exception as exc:
        QMessageBox.critical(None, "应急指挥台", f"无法打开数据库:{exc}")
        return 6
    try:
        scenario, text = load_scenario(Path(files[0]), real.catalogue)
    except DrillError as exc:
        print("\n".join(exc.errors), file=sys.stderr)
        QMessageBox.critical(None, "演练", "演练脚本有误:\n" + "\n".join(exc.errors[:20]))
        real.close()
        return 2
    dialog = SignIn(
        real, last_user=args.as_user or str(settings.value("last_user", "")), language=language
    )
    dialog.setWindowTitle("组织演练 — 登录")
    if not dialog.exec() or dialog.user is None:
        real.close()
        return 0
    try:
        drill = drills.start(real, dialog.user.name, scenario, text, speed=args.speed, name=args.name,
                             mode="scripted" if args.scripted else "live")  # fmt: skip
    except ConsoleError as exc:
        QMessageBox.critical(None, "演练", str(exc))
        return exc.exit_code
    finally:
        real.close()
    if args.wall:
        settings.setValue("wall_mode", True)
    # The organiser sits in the drill as themself when cast, else as its director.
    cast = {u.name: u for u in users.list_users(drill)}
    user = cast.get(dialog.user.name) or cast["director"]
    return _run_window(qt, drill, settings, user)


def dispose(widget) -> None:  # type: ignore[no-untyped-def]
    """Deletes a window while Qt is still alive. Left to interpreter shutdown, PySide6 6.12
    with pyqtgraph crashes in the final garbage collection (bool_dealloc)."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
