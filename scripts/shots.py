"""Opens a seat on a fresh demo database for looking at it (screenshots under Xvfb).

python scripts/shots.py ROLE_USER [--wall] [--seconds N] [--intake] [--db URL]
python scripts/shots.py zhang --drill resources/drills/000_branch_mass_complaint.yaml [--speed 60]
python scripts/shots.py zhang --notify 8765 [--detail N --tab 通知与到位] [--save /tmp/shots/x.png]
python scripts/shots.py zhang --sitrep [--save /tmp/shots/sitrep.png]
python scripts/shots.py zhang --stats --history 45 [--save /tmp/shots/stats.png]
python scripts/shots.py zhang --forms [--save /tmp/shots/forms.png]

--notify PORT: the demo with notification channels (the 协调联络组 and 现场处置组 robots and
an SMS gateway as JSON webhooks to a receiver on 127.0.0.1:PORT, and a mail server on a port
nothing listens on, so e-mail keeps retrying), a group complaint activated after them with a
partial roll, and the sender running as in the window. --save grabs the window (and an open
incident detail, as NAME-detail.png) just before the end.

--sitrep: the demo's mass complaint with a 初报 drafted, signed and a 续报(一) drafted, its
初报/续报/终报 dialog open (NAME-detail.png); the command screen shows 下次续报 for it.
--stats: the 统计 tab; with --history DAYS on a fresh database, DAYS days of past cases
(received, handled on time or late, closed, called back) before the demo's live ones.
--forms: a 重大客户投诉 (seed 004) registered and chosen, the 打印 → 表单… chooser open.
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
    parser.add_argument("--notify", type=int, metavar="PORT", help="channels to a receiver here")
    parser.add_argument("--tab", help="the incident detail's tab to show (its name's start)")
    parser.add_argument("--save", type=Path, help="grab the window (and the detail) to this PNG")
    parser.add_argument(
        "--sitrep", action="store_true", help="open 初报/续报/终报 (reports drafted)"
    )
    parser.add_argument("--stats", action="store_true", help="show the 统计 tab")
    parser.add_argument("--history", type=int, metavar="DAYS", help="past cases before the demo's")
    parser.add_argument("--forms", action="store_true", help="open 打印 → 表单… for a 重大客户投诉")
    args = parser.parse_args()
    qt = QApplication(sys.argv[:1])
    register_fonts()
    install_translators(qt, args.lang)
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'shots.db'}"
    app = open_app(url)
    if not has_users(app):
        if args.history:
            with_history(app, args.history)  # then the demo's live cases, its people already in
            from console.services import demo

            demo.add_demo_users = lambda *_a, **_k: None
        load_demo(app)
    chosen = None
    if args.sitrep:
        chosen = with_sitreps(app)
    if args.forms:
        chosen = with_form_case(app)
    activated = with_channels(app, args.notify) if args.notify else None
    sweep(app)
    notifier = None
    if args.notify:
        from console.runners.notifier import Notifier

        notifier = Notifier(app)
        notifier.start()
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
    if args.stats:
        window.show_stats()
        if args.history and window.stats is not None:
            window.stats.set_quick("近30天")
    if chosen is not None:
        choose_incident(window, chosen)
        QTimer.singleShot(500, window.sitreps if args.sitrep else window.print_form)
    detail = activated if args.detail == 0 else args.detail
    if detail:
        QTimer.singleShot(500, lambda: window.open_incident(detail))
        if args.tab:
            QTimer.singleShot(800, lambda: show_tab(args.tab))
    if args.save:
        QTimer.singleShot(int(max(1.0, args.seconds - 1) * 1000), lambda: save(window, args.save))
    QTimer.singleShot(int(args.seconds * 1000), close_all)
    try:
        return qt.exec()
    finally:
        if notifier is not None:
            notifier.stop()
        if scheduler is not None:
            scheduler.stop()


def with_channels(app, port: int) -> int:  # type: ignore[no-untyped-def]
    """Channels to a receiver on `port` (and a dead mail server), people's own addresses,
    the demo's alarms raised (its warnings acknowledged), then a group complaint activated
    with three of its people confirmed: its roll is
    partial, its call-out messages go out when the sender runs."""
    import socket

    from console.services import alarms, incidents, notify
    from console.services.incidents import ReportInput

    with socket.socket() as s:  # a port nothing listens on: e-mail keeps retrying
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    if not notify.list_channels(app):
        receiver = f"json://127.0.0.1:{port}"
        notify.add_channel(
            app, None, "协调联络组群", f"{receiver}/coordination", group="coordination"
        )
        notify.add_channel(app, None, "现场处置组群", f"{receiver}/onsite", group="onsite")
        notify.add_channel(app, None, "短信网关", f"{receiver}/sms")
        notify.add_channel(
            app, None, "邮件", f"mailto://console:secret@127.0.0.1:{dead}?from=console@example.com"
        )
        for n, name in enumerate(("li", "wang", "zhao", "sun", "qian", "zhou", "wu", "zheng")):
            users.set_contact(
                app, None, name, mobile=f"1390000{n:04d}", email=f"{name}@example.com"
            )
    sweep(app)  # the demo's alarms, with their messages; the leader has seen to the warnings
    for a in alarms.list_alarms(app):
        if a.kind == "warning":
            alarms.ack(app, "zhang", a.id)
    inc = incidents.register(app, "duty", ReportInput(plan="group_complaint", title="城西支行约 30 名客户聚集,要求说明理财产品亏损",
                                                      channel="onsite", people=30, level="major"))  # fmt: skip
    incidents.activate(app, "zhang", inc.id)
    for name in ("wang", "zhao"):
        notify.checkin(app, name, inc.id, via="席位")
    return inc.id


def with_history(app, days: int) -> None:  # type: ignore[no-untyped-def]
    """DAYS days of past cases, played in the order they happened on a clock set by hand
    (the database a sandbox first), ending before the demo's live ones: a few a day,
    most handled on time, some late, called back and closed (those of the last two days
    left open)."""
    import contextlib
    import random
    from datetime import timedelta

    from console.errors import ConsoleError
    from console.services import incidents, queries, revisits, sitreps, tasks
    from console.services.demo import add_demo_users
    from console.services.incidents import ReportInput
    from console.services.sandbox import mark_sandbox
    from console.time.source import FixedTime

    rng = random.Random(19)
    real, now = app.time, app.time.now()
    story = app.time = FixedTime(now - timedelta(days=days, hours=2))
    cases = [("group_complaint", "网点门口客户聚集,要求说明理财产品亏损", "onsite", "serious"),
             ("major_complaint", "住户投诉地下车库漏水无人维修", "phone", None),
             ("customer_crisis", "客户来电投诉退款迟迟未到账", "phone", "general"),
             ("bank_complaint", "客户投诉柜面办理业务等待过久", "onsite", None),
             ("campus_complaint", "家长投诉课程退费被拒", "phone", None)]  # fmt: skip
    try:
        mark_sandbox(app)
        add_demo_users(app)
        for day in range(days, 0, -1):
            for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
                plan, title, channel, level = rng.choice(cases)
                at = now - timedelta(days=day) + timedelta(minutes=rng.randint(0, 600))
                if at <= story.now():
                    continue
                story.set(at)
                fields = {"level": level} if level else {}
                found = app.catalogue.get(plan)
                if found is not None and found.types:
                    fields["type"] = found.types[min(1, len(found.types) - 1)].id
                inc = incidents.register(app, "duty", ReportInput(plan=plan, title=title, channel=channel,
                                                                  contact=f"1390000{rng.randint(0, 9999):04d}",
                                                                  received_at=at, **fields))  # fmt: skip
                story.set(at + timedelta(minutes=3))
                with contextlib.suppress(ConsoleError):  # a plan that asks for no activation
                    incidents.activate(app, "zhang", inc.id)
                late = rng.random() < 0.25
                for t in queries.show(app, inc.id).tasks or ():
                    if t.state != "open":
                        continue
                    story.set(story.now() + timedelta(minutes=rng.randint(2, 90 if late else 8)))
                    with contextlib.suppress(ConsoleError):  # one done otherwise (a report's)
                        tasks.complete(app, "zhang", t.id, "已落实")
                if found is not None and found.reporting is not None:  # 初报, then 终报
                    for kind in ("first", "final"):
                        story.set(story.now() + timedelta(minutes=rng.randint(10, 70)))
                        sitreps.sign(app, "zhang", sitreps.add(app, "wang", inc.id, kind).id)
                try:
                    for state in ("handling", "feedback"):
                        if queries.incident(app, inc.id).state != state:
                            incidents.advance(app, "zhang", inc.id, state)
                    if found is not None and found.revisit is not None and rng.random() < 0.8:
                        result = rng.choice(
                            ("satisfied", "satisfied", "basically_satisfied", "dissatisfied")
                        )
                        revisits.record(app, "zhang", inc.id, result, note="电话回访")
                    if queries.incident(app, inc.id).state == "feedback" and day > 2:
                        incidents.advance(app, "zhang", inc.id, "closed")
                except ConsoleError as exc:  # left open: the plan wants more first
                    print(f"#{inc.id} left open: {exc}", file=sys.stderr)
    finally:
        app.time = real


def with_sitreps(app) -> int:  # type: ignore[no-untyped-def]
    """The demo's mass complaint (plan 000 reports upward): its 初报 drafted by 协调联络组 and
    signed by the leader, and a 续报(一) drafted."""
    from console.services import queries, sitreps

    iid = next(i.id for i in queries.list_incidents(app) if i.plan == "group_complaint")
    first = sitreps.add(app, "wang", iid, "first")
    sitreps.sign(app, "zhang", first.id)
    sitreps.add(app, "wang", iid, "update")
    return iid


def with_form_case(app) -> int:  # type: ignore[no-untyped-def]
    """A 重大客户投诉 (seed 004, whose plan has forms), registered and activated."""
    from console.services import incidents
    from console.services.incidents import ReportInput

    inc = incidents.register(app, "duty", ReportInput(plan="major_complaint", title="住户投诉地下车库漏水无人维修",
                                                      channel="phone", reporter="李先生", contact="13900005555",
                                                      location="3 号楼地下车库", demands="尽快维修并赔偿车辆损失"))  # fmt: skip
    incidents.activate(app, "zhang", inc.id)
    return inc.id


def choose_incident(window, incident_id: int) -> None:  # type: ignore[no-untyped-def]
    """Selects the incident on the command screen (the menus act on the one chosen)."""
    seat = window.seat
    model = seat.boards.incidents
    for row in range(model.rowCount()):
        if model.row_at(row).incident_id == incident_id:
            seat.incident_view.selectRow(row)


def show_tab(prefix: str) -> None:
    from PySide6.QtWidgets import QTabWidget

    dialog = QApplication.activeModalWidget()
    tabs = dialog.findChild(QTabWidget) if dialog is not None else None
    if tabs is not None:
        for i in range(tabs.count()):
            if tabs.tabText(i).startswith(prefix):
                tabs.setCurrentIndex(i)


def save(window, path: Path) -> None:  # type: ignore[no-untyped-def]
    path.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(path))
    dialog = QApplication.activeModalWidget()
    if dialog is not None:
        dialog.grab().save(str(path.with_name(f"{path.stem}-detail{path.suffix}")))


def close_all() -> None:
    """Closes a modal detail first (its own event loop), then quits."""
    dialog = QApplication.activeModalWidget()
    if dialog is not None:
        dialog.reject()
    QTimer.singleShot(0, QApplication.quit)


if __name__ == "__main__":
    sys.exit(main())
