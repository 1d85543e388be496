"""求助 (issue 21): a coordinator asks the command for help with one of the group's tasks,
with a reason; the command screen shows the request on top, as an alarm, until a leader
or deputy acknowledges it; both are in the case's timeline and the audit."""

from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QInputDialog, QLabel

from console.errors import Conflict, InputError, PermissionDenied
from console.services import help, incidents, queries
from console.services.demo import load_demo
from tests.test_change_path import _finish_all
from tests.test_gui import window_for

REASON = "现场人数增至 80 人,需增派安保"


@pytest.fixture
def demo(app):
    load_demo(app)
    return app


def _arrive(app):  # type: ignore[no-untyped-def]
    """现场处置组's 抵达现场 of the mass complaint at 城东支行 (incident 1)."""
    return next(
        t
        for t in queries.show(app, 1).tasks
        if t.group == "onsite" and t.title.startswith("抵达现场")
    )


def test_the_onsite_coordinators_request_stands_until_the_leader_acknowledges_it(demo):
    task = _arrive(demo)
    asked = help.ask(demo, "zhao", task.id, REASON)
    assert [(r.task, r.reason, r.asked_by) for r in help.open_requests(demo)] == [
        (task.id, REASON, "zhao")
    ]
    timeline = [e["text"] for e in queries.duty_log(demo, limit=50)]
    assert any(REASON in t and "求助" in t for t in timeline)
    help.acknowledge(demo, "zhang", asked.id, version=asked.version)
    assert help.open_requests(demo) == []
    with pytest.raises(Conflict, match="已被 zhang"):  # the deputy was second
        help.acknowledge(demo, "li", asked.id)


def test_one_open_request_per_task_and_a_closed_cases_requests_leave_the_screen(demo):
    task = _arrive(demo)
    help.ask(demo, "zhao", task.id, REASON)
    with pytest.raises(Conflict, match="already asked by zhao"):
        help.ask(demo, "sun", task.id, "再次求助")
    refund = next(t for t in queries.show(demo, 4).tasks if t.state == "open")  # 退款迟迟未到账
    help.ask(demo, "duty", refund.id, "客户情绪激动,需领导回电")  # the desk: any case's task
    assert [r.incident for r in help.open_requests(demo)] == [1, 4]
    _finish_all(demo, 4)
    incidents.advance(demo, "zhang", 4, "assessing")
    incidents.advance(demo, "zhang", 4, "closed")
    assert [r.incident for r in help.open_requests(demo)] == [1]


def test_a_request_for_help_needs_a_reason_and_the_groups_own_task(demo):
    task = _arrive(demo)
    with pytest.raises(InputError, match="reason"):
        help.ask(demo, "zhao", task.id, "   ")
    with pytest.raises(PermissionDenied, match="只能处理本组"):  # 协调联络组 for 现场处置组
        help.ask(demo, "wang", task.id, REASON)
    asked = help.ask(demo, "zhao", task.id, REASON)
    with pytest.raises(PermissionDenied):  # a coordinator does not answer requests
        help.acknowledge(demo, "wang", asked.id)
    assert len(help.open_requests(demo)) == 1


def test_help_asked_on_the_group_seat_reaches_the_command_screen(qtbot, demo, monkeypatch):
    leader = window_for(qtbot, demo, "zhang")
    bar = leader.seat.help_bar
    assert not bar.isVisibleTo(leader)
    rang: list[str] = []  # the alarm sound, as a new alarm plays it
    leader.banner.sound_on, leader.banner._sound = (
        True,
        SimpleNamespace(play=lambda: rang.append("♪")),
    )
    group = window_for(qtbot, demo, "zhao")
    seat = group.seat
    seat.view.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (REASON, True))
    group.menu_actions["help"].trigger()  # Ctrl+J
    qtbot.waitUntil(lambda: len(bar.requests) == 1, timeout=5000)
    assert bar.isVisibleTo(leader) and rang == ["♪"]
    shown = " ".join(label.text() for label in bar.findChildren(QLabel))
    assert REASON in shown and "求助" in shown and "zhao" in shown
    bar.buttons[bar.requests[0].id].click()  # 收到
    qtbot.waitUntil(lambda: not bar.requests, timeout=5000)
    assert not bar.isVisibleTo(leader)
    assert help.open_requests(demo) == []


def test_a_request_for_help_reaches_the_leaders_off_their_seats_until_acknowledged(demo):
    from console.services import notify
    from tests.test_notify import messages

    notify.add_channel(demo, None, "robot", "dingtalk://TokenSeCrEt456/")  # the room's robot
    task = _arrive(demo)
    asked = help.ask(demo, "zhao", task.id, REASON)
    [m] = messages(demo, event=f"help:{asked.id}")
    assert m.mentions == ["zhang", "li"]  # the leader and the deputy, @-ed; not the asker
    # a sandbox's messages say so
    assert m.title == f"【测试】【应急指挥台】求助:现场处置组 事件#1 {task.title}"
    body = m.body.splitlines()
    assert body[1] == f"任务:{task.title}(现场处置组)" and body[2].startswith(
        f"求助:{REASON}(zhao "
    )
    assert m.state == "pending" and m.incident_id == 1
    help.acknowledge(demo, "li", asked.id)
    assert {m.state for m in messages(demo, event=f"help:{asked.id}")} == {"cancelled"}


def test_a_help_message_in_flight_when_the_leader_presses_received_is_not_sent_again(demo):
    """收到 pressed while `serve` is sending: a failed try is not retried, nor taken for an
    undelivered message (no 通知失败 alarm for a request already handled)."""
    from console.notify.channels import Failure
    from console.notify.send import Outcome
    from console.services import alarms, notify
    from tests.test_notify import messages

    notify.add_channel(demo, None, "robot", "dingtalk://TokenSeCrEt456/")
    asked = help.ask(demo, "zhao", _arrive(demo).id, REASON + ",联系 13812345678")
    [claimed] = notify.claim(demo)
    assert "13812345678" not in claimed.body  # a number typed into the reason goes masked
    help.acknowledge(demo, "zhang", asked.id)
    notify.settle(demo, [Outcome(claimed.id, claimed.lease, False, Failure.PERMANENT, "403")])
    [m] = messages(demo, event=f"help:{asked.id}")
    assert (m.state, m.last_error) == ("cancelled", "求助已收到,不再发送")
    assert not [a for a in alarms.list_alarms(demo, "open") if a.kind == "undelivered"]
