"""The task explained on every seat (issue 21): a coordinator who chooses a task sees what
the duty is (the plan's `duties`), where the deadline comes from (the rule's `basis`
quote), its deadline, warning point and pause history, who holds A角/B角 and who stands
in off-hours, what follows it, and the case's key facts."""

import pytest

from console.services import incidents, queries, tasks
from console.services.demo import load_demo
from tests.conftest import local
from tests.test_gui import window_for


@pytest.fixture
def demo(app):
    load_demo(app)
    return app


def _task(app, group, title_starts):  # type: ignore[no-untyped-def]
    return next(t for i in queries.list_incidents(app) for t in queries.show(app, i.id).tasks
                if t.group == group and t.title.startswith(title_starts) and t.state == "open")  # fmt: skip


def test_the_onsite_groups_arrival_is_explained_by_its_duties_basis_and_holders(demo):
    arrive = _task(demo, "onsite", "抵达现场")
    d = queries.task_detail(demo, arrive.id)
    assert d.duties == ("现场秩序的维护", "投诉人员的引导与安置", "必要物资的准备与供应")
    assert d.basis == "现场处置组应迅速抵达现场(迅速 — 本单位设定 30 分钟)"
    assert d.task.clock.due_at and d.task.clock.warn_at  # the deadline and the warning point
    assert (d.holder.role_name, d.holder.a_post, d.holder.b_post) == (
        "现场处置组负责人",
        "安保主管",
        "行政主管",
    )
    assert d.holder.a_people == ("赵现场",)
    assert d.stand_in is None  # 10:00 on a Tuesday: the role's own people answer
    assert [n.title for n in d.follows] == [
        "维护现场秩序，保持冷静克制，避免与投诉人员发生直接冲突"
    ]
    assert d.incident.id == arrive.incident and d.incident.location == "城东支行营业厅门口"


def test_off_hours_the_security_duty_lead_stands_in_for_the_team_lead(demo, clock):
    """Seed 004: 非标准工作时间内由当值秩序维护领班担任应急处理小组负责人."""
    incidents.register(demo, "duty", incidents.ReportInput(plan="major_complaint", title="电梯停运", level="major",
                                                           channel="phone"))  # fmt: skip
    task = _task(demo, "command", "给投诉住户明确答复")
    assert queries.task_detail(demo, task.id).stand_in is None  # 10:00 on a Tuesday
    clock.set(local(2026, 11, 24, 22, 30))  # that night
    d = queries.task_detail(demo, task.id)
    assert (d.holder.role_name, d.holder.a_post, d.holder.b_post) == (
        "组长(项目经理)",
        "项目经理",
        "客服部主管",
    )
    assert d.stand_in is not None and d.stand_in.role == "duty_security_lead"


def test_a_paused_clock_shows_its_pause_and_reason(demo):
    arrive = max((t for i in queries.list_incidents(demo) for t in queries.show(demo, i.id).tasks
                  if t.title.startswith("抵达现场")), key=lambda t: t.clock.due_at)  # not lapsed yet  # fmt: skip
    tasks.pause(demo, "zhang", arrive.id, "客户要求改约")
    d = queries.task_detail(demo, arrive.id)
    assert [(h.kind, h.by, h.reason) for h in d.history][-1] == ("pause", "zhang", "客户要求改约")


def test_the_coordinator_who_chooses_a_task_sees_it_explained(qtbot, demo):
    window = window_for(qtbot, demo, "zhao")
    seat = window.seat
    assert "选择一项任务" in seat.task_pane.text.text()  # nothing chosen yet
    row = max((r for r in range(seat.model.rowCount()) if seat.model.row_at(r).title.startswith("抵达现场")),
              key=lambda r: seat.model.row_at(r).due_at)  # the one not lapsed yet  # fmt: skip
    seat.view.selectRow(row)
    qtbot.waitUntil(lambda: seat.task_pane.detail is not None, timeout=5000)
    shown = seat.task_pane.text.text()
    for words in ("现场秩序的维护", "现场处置组应迅速抵达现场", "A角 安保主管(赵现场)", "B角 行政主管",
                  "维护现场秩序", "新城服务中心"):  # fmt: skip
        assert words in shown
    # the leader pauses it on the command screen: the pane shows it as it now is
    chosen = seat.task_pane.task_id
    tasks.pause(demo, "zhang", chosen, "客户要求改约")
    qtbot.waitUntil(lambda: "客户要求改约" in seat.task_pane.text.text(), timeout=5000)
    assert "暂停" in seat.task_pane.text.text()
    # done: it leaves the list, and the pane shows the task chosen next
    tasks.complete(demo, "zhao", chosen, "已到场")
    qtbot.waitUntil(lambda: seat.task_pane.task_id not in (None, chosen), timeout=5000)
    qtbot.waitUntil(lambda: seat.task_pane.detail and seat.task_pane.detail.task.id == seat.selected_task(),
                    timeout=5000)  # fmt: skip


def test_the_columns_a_user_widened_keep_their_widths_across_refreshes(qtbot, demo):
    """Issue 21: a refresh (a change, everything read again after an outage) leaves the
    columns as the user set them."""
    window = window_for(qtbot, demo, "zhang")
    seat = window.seat
    views = [seat.incident_view, *(lane.view for lane in seat.lanes.values())]
    for view in views:
        view.horizontalHeader().resizeSection(0, 151)
    seat.put_all(seat.read_all())  # everything again
    tasks.complete(demo, "zhang", next(r.task_id for r in seat.boards.all_rows()), "")
    qtbot.wait(200)
    assert [view.horizontalHeader().sectionSize(0) for view in views] == [151] * len(views)
