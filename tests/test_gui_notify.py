"""Reaching people off their seats, in the window (offscreen with pytest-qt): 到位确认 from
the seat of a person called out, the roll on the command screen and in the incident
detail, the messages and their delivery in the detail and in the alarm banner.

Messages go to a JSON webhook on a port nothing listens on: the sender's pass (Notifier's
run_pass, run here on the test's thread) leaves them retrying, as a dead robot would."""

import socket
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

from console.runners.notifier import Notifier
from console.services import incidents, notify, users
from console.services.alarms import sweep
from console.services.demo import load_demo
from console.services.incidents import ReportInput
from widgets.dialogs.detail import IncidentDetail
from widgets.seats.duty import DutyDesk
from widgets.seats.group import GroupSeat
from widgets.window import MainWindow


@pytest.fixture(autouse=True)
def told(monkeypatch) -> list[tuple[str, str]]:
    """The message boxes the window would show, as (title, text): none is modal here (a
    modal box offscreen would wait for ever)."""
    shown: list[tuple[str, str]] = []
    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(
            QMessageBox, kind, lambda _p, title, text, *_a: shown.append((title, text))
        )
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    return shown


def dead_port() -> int:
    """A local port nothing listens on (connections to it are refused at once)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def demo(app):
    """The demo, with the robots of 协调联络组 and 现场处置组 added before anything is
    raised (their alarms and call-outs then have messages)."""
    load_demo(app)
    port = dead_port()
    notify.add_channel(
        app, None, "协调群", f"json://127.0.0.1:{port}/coordination", group="coordination"
    )
    notify.add_channel(app, None, "现场群", f"json://127.0.0.1:{port}/onsite", group="onsite")
    return app


def window_for(qtbot, app, name) -> MainWindow:
    user = next(u for u in users.list_users(app) if u.name == name)
    window = MainWindow(app, user)
    qtbot.addWidget(window)
    window.start()
    return window


def activated(app, title="第二处聚集") -> int:
    """A group complaint registered by the duty officer and activated by the leader: its
    call-out goes to every work group (zhang, who activated, is there already)."""
    inc = incidents.register(app, "duty", ReportInput(plan="group_complaint", title=title, channel="onsite",
                                                      people=20))  # fmt: skip
    incidents.activate(app, "zhang", inc.id)
    return inc.id


def test_a_person_called_out_confirms_from_their_seat_and_the_button_goes(qtbot, demo, told):
    seat = window_for(qtbot, demo, "wang")  # 协调联络组
    assert isinstance(seat.seat, GroupSeat)
    bar = seat.seat.checkin
    demo_pending = set(bar.pending())  # the demo's own incidents called wang out too
    iid = activated(demo)
    seat.pull_changes()
    assert set(bar.pending()) == demo_pending | {iid}
    button = bar.buttons[iid]
    assert bar.isVisibleTo(seat) and button.isVisibleTo(seat) and button.text() == "到位确认"
    assert "第二处聚集" in bar.findChild(QLabel, f"checkin-text-{iid}").text()

    button.click()

    assert not told
    entry = next(e for e in notify.roll(demo, iid).entries if e.user == "wang")
    assert entry.checked_in_at and entry.via == "席位"
    assert iid not in bar.buttons and iid not in bar.pending()
    for other in demo_pending:
        bar.buttons[other].click()
    assert not bar.isVisibleTo(seat)


def test_a_second_confirmation_is_refused_and_said(qtbot, demo, told):
    iid = activated(demo)
    seat = window_for(qtbot, demo, "zhao")
    assert iid in seat.seat.checkin.buttons
    notify.checkin(demo, "zhao", iid, via="命令行")  # on the command line meanwhile
    assert not seat.seat.check_in(iid)  # the click that came second
    assert told and told[0][0] == "未执行" and "confirmed" in told[0][1]
    assert iid not in seat.seat.checkin.pending() and iid not in seat.seat.checkin.buttons


def test_nobody_is_asked_who_was_not_called_out(qtbot, demo):
    activated(demo)
    duty = window_for(qtbot, demo, "duty")  # the duty officer holds no role in the plan's groups
    assert isinstance(duty.seat, DutyDesk)
    assert not duty.seat.checkin.pending() and not duty.seat.checkin.isVisibleTo(duty)
    leader = window_for(qtbot, demo, "zhang")  # called out, and confirmed by activating
    assert not leader.seat.checkin.buttons


def test_the_deputy_confirms_on_the_command_screen(qtbot, demo, told):
    iid = activated(demo)
    window = window_for(qtbot, demo, "li")
    button = window.seat.checkin.buttons[iid]
    button.click()
    assert not told
    assert iid not in window.seat.checkin.buttons
    assert next(e for e in notify.roll(demo, iid).entries if e.user == "li").checked_in_at


def test_the_command_screen_shows_the_roll_per_group_and_follows_confirmations(
    qtbot, demo, told, clock
):
    iid = activated(demo)
    leader = window_for(qtbot, demo, "zhang")
    tree = leader.seat.roll.tree
    assert leader.seat.roll.isVisibleTo(leader)

    def groups() -> dict[str, tuple[str, str, str]]:
        """Each group's (count, not confirmed, confirmed) on the incident's roll."""
        top = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                   if tree.topLevelItem(i).text(0).startswith(f"#{iid} "))  # fmt: skip
        assert " — 第二处聚集" in top.text(0)  # the count first: a narrow panel cuts the title
        return {top.child(k).text(0): tuple(top.child(k).text(c) for c in (1, 2, 3))
                for k in range(top.childCount())}  # fmt: skip

    top = tree.topLevelItem(0)  # the newest call-out first
    assert top.text(0).startswith(f"#{iid} 到位 1/9 · 期限 ")
    assert groups()["现场处置组"] == ("0/2", "✖赵现场 ✖孙安保", "")
    assert groups()["应急小组"] == ("1/2", "✖李副组长", "✔张组长")
    zhao = window_for(qtbot, demo, "zhao")
    zhao.seat.checkin.buttons[iid].click()  # another seat
    leader.pull_changes()
    assert groups()["现场处置组"] == ("1/2", "✖孙安保", "✔赵现场")
    assert "已超时" not in tree.topLevelItem(0).text(0)
    clock.advance(timedelta(minutes=16))  # past the call-out's 15 minutes: the tick says so
    leader.seat.timer.timeout.emit()
    assert "已超时" in tree.topLevelItem(0).text(0)


def test_the_detail_lists_the_roll_and_the_messages_with_their_delivery(qtbot, demo):
    iid = activated(demo)
    assert Notifier(demo).run_pass()  # the robots are down: retrying
    dialog = IncidentDetail(demo, "zhang", iid, can_note=True)
    qtbot.addWidget(dialog)
    tab = dialog.tabs.indexOf(dialog.notify_tab)
    assert dialog.tabs.tabText(tab) == "通知与到位 (1/9)"
    assert "到位确认 1/9" in dialog.roll_summary.text()
    roll = {dialog.roll.topLevelItem(i).text(0): dialog.roll.topLevelItem(i)
            for i in range(dialog.roll.topLevelItemCount())}  # fmt: skip
    coordination = roll["协调联络组"]
    assert coordination.text(1) == "0/1"
    wang = coordination.child(0)
    assert wang.text(0) == "王协调(wang)" and wang.text(1) == "未确认"
    assert wang.text(3) == "Webhook失败,重试中"
    rows = [[dialog.messages.topLevelItem(i).text(c) for c in range(6)]
            for i in range(dialog.messages.topLevelItemCount())]  # fmt: skip
    assert len(rows) == 2
    by_channel = {r[1]: r for r in rows}
    assert by_channel["Webhook · 协调群"][2] == "@协调联络组(王协调)"
    assert by_channel["Webhook · 现场群"][2] == "@现场处置组(赵现场、孙安保)"
    assert {r[3] for r in rows} == {"重试中"}
    assert any("connection refused" in r[5] for r in rows)

    notify.checkin(demo, "wang", iid)  # another seat: the open dialog follows (window._details)
    dialog.reload()
    wang = next(dialog.roll.topLevelItem(i) for i in range(dialog.roll.topLevelItemCount())
                if dialog.roll.topLevelItem(i).text(0) == "协调联络组").child(0)  # fmt: skip
    assert wang.text(1).startswith("已到位 ") and wang.text(2) == "席位"


def test_an_open_detail_follows_delivery_states_through_the_window(qtbot, demo):
    iid = activated(demo)
    window = window_for(qtbot, demo, "zhang")
    dialog = IncidentDetail(demo, "zhang", iid, can_note=True, parent=window)
    qtbot.addWidget(dialog)
    window._details.append(dialog)  # as open_incident does while the dialog is shown
    try:
        states = lambda: {dialog.messages.topLevelItem(i).text(3)  # noqa: E731
                          for i in range(dialog.messages.topLevelItemCount())}  # fmt: skip
        assert states() == {"待发送"}
        Notifier(demo).run_pass()  # settles on this thread: its change names the incident
        window.pull_changes()
        assert states() == {"重试中"}
    finally:
        window._details.remove(dialog)


def test_the_banner_shows_each_alarm_s_delivery(qtbot, demo):
    sweep(demo)  # the demo's lapsed and warned tasks: 现场处置组's goes to its robot
    Notifier(demo).run_pass()
    window = window_for(qtbot, demo, "zhang")
    banner = window.banner
    shown = {label.objectName(): label.text() for label in banner.findChildren(QLabel)}
    deliveries = {k: v for k, v in shown.items() if k.startswith("delivery-")}
    assert deliveries and set(deliveries.values()) == {"Webhook失败,重试中"}
    for name in deliveries:  # beside its own alarm, in the same row
        alarm = banner.findChild(QLabel, name.replace("delivery-", "alarm-"))
        assert alarm is not None and alarm.parent() is banner.findChild(QLabel, name).parent()
    quiet = [
        k for k in shown if k.startswith("alarm-") and k.replace("alarm-", "delivery-") not in shown
    ]
    assert quiet  # an alarm without messages has no delivery text


def test_a_message_given_up_on_is_an_alarm_that_says_to_telephone(qtbot, demo, clock):
    iid = activated(demo)
    notifier = Notifier(demo)
    for _ in range(4):  # transient failures until GIVE_UP has passed since it was written
        notifier.run_pass()
        clock.advance(timedelta(minutes=6))
    window = window_for(qtbot, demo, "zhang")
    failed = [a for a in window.banner.items if getattr(a, "kind", "") == "undelivered"]
    assert failed
    a = failed[0]
    label = window.banner.findChild(QLabel, f"alarm-{a.id}")
    assert (
        label.text().startswith("✉ ")
        and "通知失败" in label.text()
        and "请电话联系" in label.text()
    )
    assert "超时" not in label.text() and "期限" not in label.text()
    delivery = window.banner.findChild(QLabel, f"delivery-{a.id}").text()
    assert delivery.startswith("未送达:Webhook → ")
    assert a.incident == iid
    assert window.banner.findChild(QPushButton, f"ack-{a.id}") is not None
