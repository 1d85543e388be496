"""Opens a seat on a fresh demo database for looking at it (screenshots under Xvfb).

python scripts/shots.py ROLE_USER [--wall] [--seconds N] [--intake] [--db URL]
python scripts/shots.py zhang --drill resources/drills/000_branch_mass_complaint.yaml [--speed 60]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from console.context import open_app  # noqa: E402
from console.services import users  # noqa: E402
from console.services.alarms import sweep  # noqa: E402
from console.services.demo import has_users, load_demo  # noqa: E402
from widgets.start import install_translators  # noqa: E402
from widgets.style import register_fonts  # noqa: E402
from widgets.window import MainWindow  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("user")
    parser.add_argument("--wall", action="store_true")
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--intake", action="store_true")
    parser.add_argument("--charts", action="store_true")
    parser.add_argument("--preview", action="store_true")
    parser.add_argument("--detail", type=int)
    parser.add_argument("--lang", default="zh_CN")
    parser.add_argument("--db")
    parser.add_argument("--drill", help="start this scenario live (its own database) and show it")
    parser.add_argument("--speed", type=float)
    parser.add_argument(
        "--report", action="store_true", help="open the drill report 3 s before the end"
    )
    parser.add_argument(
        "--scripted", action="store_true", help="the script plays the teams' responses"
    )
    args = parser.parse_args()
    qt = QApplication(sys.argv[:1])
    register_fonts()
    install_translators(qt, args.lang)
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'shots.db'}"
    app = open_app(url)
    if not has_users(app):
        load_demo(app)
    sweep(app)
    scheduler = None
    if args.drill:
        from console.drills.scenario import load_scenario
        from console.runners.scheduler import AlarmScheduler
        from console.services import drills

        scenario, text = load_scenario(Path(args.drill), app.catalogue)
        app = drills.start(app, "zhang", scenario, text, speed=args.speed,
                           mode="scripted" if args.scripted else "live")  # fmt: skip
        scheduler = AlarmScheduler(app)
    user = next(u for u in users.list_users(app) if u.name == args.user)
    window = MainWindow(app, user)
    if scheduler is not None:
        window.drill_bar.replan = scheduler.rebuild
        scheduler.start()
    if args.report:
        QTimer.singleShot(int(max(1, args.seconds - 3) * 1000), window.drill_bar.show_report)
    window.start()
    window.resize(1600, 950)
    window.move(0, 0)
    window.show()
    if args.wall:
        window.set_wall(True)
    if args.intake:
        QTimer.singleShot(500, window.intake)
    if args.preview:
        QTimer.singleShot(500, lambda: window.handover_printer().preview())
    if args.charts:
        from PySide6.QtWidgets import QTabWidget

        window.findChild(QTabWidget).setCurrentIndex(1)
    if args.detail:
        QTimer.singleShot(500, lambda: window.open_incident(args.detail))
    QTimer.singleShot(int(args.seconds * 1000), qt.quit)
    try:
        return qt.exec()
    finally:
        if scheduler is not None:
            scheduler.stop()


if __name__ == "__main__":
    sys.exit(main())
