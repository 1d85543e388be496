"""The incident lifecycle and task work through the services, as the seats use them."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from console.errors import Conflict, InputError
from console.services import incidents, queries, sitreps, tasks
from console.services.incidents import ReportInput
from models import AuditEntry, Incident, Task
from tests.conftest import local


def report(app, plan="group_complaint", **kw):
    fields = {"title": "营业网点群体投诉", "channel": "onsite", "people": 40} | kw
    return incidents.register(app, "duty1", ReportInput(plan=plan, **fields))


def by_template(app, incident_id):
    with app.read() as s:
        return {
            t.template_id: t
            for t in s.execute(select(Task).where(Task.incident_id == incident_id)).scalars()
        }


def audit_count(app):
    with app.read() as s:
        return s.execute(select(func.count()).select_from(AuditEntry)).scalar_one()


def test_a_registered_report_keeps_every_intake_field(app, staff):
    inc = report(app, demands="退还押金", location="城东支行营业厅", reporter="王先生", contact="138 1234 5678",
                 mood="情绪激动", order_no="YW-2026-0042", respondent="城东支行柜面", channel="letter")  # fmt: skip
    shown = queries.show(app, inc.id)
    # before 启动预案 only 接报与初步研判 runs: report upward, then the assessment
    assert shown.state == "reported"
    assert {t.id: t.title for t in shown.tasks} == {
        t.id: t.title for t in by_template(app, inc.id).values()
    }
    assert set(by_template(app, inc.id)) == {"report_up", "initial_assessment"}
    assert (shown.order_no, shown.respondent, shown.channel_name) == (
        "YW-2026-0042",
        "城东支行柜面",
        "信函",
    )
    assert shown.first_receiver == "duty1"
    assert (shown.people, shown.demands, shown.location) == (
        40,
        "退还押金",
        "城东支行营业厅",
    )
    assert (shown.reporter, shown.contact, shown.mood) == (
        "王先生",
        "138 1234 5678",
        "情绪激动",
    )
    assert shown.recorded_by == "duty1"
    assert shown.received_at == "2026-11-24T10:00:00+08:00"


def test_activating_the_mass_complaint_plan_gives_tasks_to_all_six_groups(app, staff):
    inc = incidents.activate(app, "leader1", report(app).id)
    groups = {t.group for t in inc.tasks}
    assert {"coordination", "onsite", "negotiation", "analysis", "publicity", "logistics"} <= groups
    assert inc.state == "activated"
    notify = next(t for t in inc.tasks if t.title == "通知各工作组成员到位")
    assert notify.clock.due_at == "2026-11-24T10:15:00+08:00"
    assert notify.clock.remaining_s == 15 * 60


def test_a_task_waiting_on_another_gets_its_deadline_when_that_one_is_done(app, staff, clock):
    inc = incidents.activate(app, "leader1", report(app).id)
    reps = by_template(app, inc.id)["representatives"]
    hear = by_template(app, inc.id)["hear_representatives"]
    assert hear.due_at is None  # 建立联系后 2 小时: not started yet
    clock.advance(timedelta(minutes=20))
    users_for_negotiation(app)
    tasks.complete(app, "coord_neg", reps.id)
    assert by_template(app, inc.id)["hear_representatives"].due_at == local(2026, 11, 24, 12, 20)
    tasks.reopen(app, "coord_neg", reps.id, "代表人选变更")
    assert by_template(app, inc.id)["hear_representatives"].due_at is None


def users_for_negotiation(app):
    from console.services import users

    users.add_user(app, None, "coord_neg", "coordinator", group="negotiation")


def test_regrading_adds_the_tasks_the_new_level_calls_for_and_cancels_the_rest(app, staff):
    inc = incidents.activate(app, "leader1", report(app, level="serious").id)
    assert "public_statement" not in by_template(app, inc.id)
    incidents.regrade(app, "leader1", inc.id, "major", reason="聚集人数增至 200 人")
    statement = by_template(app, inc.id)["public_statement"]
    assert statement.state == "open" and statement.due_at == local(2026, 11, 24, 14, 0)
    incidents.regrade(app, "deputy1", inc.id, "serious")
    assert by_template(app, inc.id)["public_statement"].state == "cancelled"
    assert all(t.title != statement.title for t in queries.show(app, inc.id).tasks)


def test_a_done_task_stays_done_when_a_regrade_no_longer_calls_for_it(app, staff):
    inc = incidents.activate(app, "leader1", report(app, level="major").id)
    statement = by_template(app, inc.id)["public_statement"]
    incidents.advance(app, "leader1", inc.id, "handling")
    tasks.complete(app, "leader1", statement.id, "已发布情况通报")
    incidents.regrade(app, "leader1", inc.id, "general")
    assert by_template(app, inc.id)["public_statement"].state == "done"


def test_the_lifecycle_runs_in_order_and_refuses_skips(app, staff):
    iid = report(app).id
    with pytest.raises(InputError) as info:
        incidents.advance(app, "leader1", iid, "feedback")
    assert info.value.field == "state"
    incidents.advance(app, "leader1", iid, "研判")
    incidents.advance(app, "leader1", iid, "activated")
    incidents.advance(app, "leader1", iid, "处置")
    incidents.advance(app, "leader1", iid, "feedback")
    incidents.advance(app, "leader1", iid, "handling")  # 仍有异议,继续调查处理
    incidents.advance(app, "leader1", iid, "feedback")
    with pytest.raises(InputError, match="still open"):
        incidents.advance(app, "leader1", iid, "closed")
    for t in by_template(app, iid).values():
        if t.state == "open" and not t.template_id.startswith("sitrep:"):
            tasks.complete(app, "leader1", t.id)  # 初步研判 was done by the decision to activate
    with pytest.raises(InputError, match="still open"):  # the 初报 is due (plan 000 reports up)
        incidents.advance(app, "leader1", iid, "closed")
    sitreps.sign(app, "leader1", sitreps.add(app, "duty1", iid, "first").id)
    sitreps.sign(app, "leader1", sitreps.add(app, "duty1", iid, "final").id)
    assert incidents.advance(app, "leader1", iid, "结案").state == "closed"
    with pytest.raises(InputError):
        incidents.advance(app, "leader1", iid, "handling")


def test_assessment_may_conclude_that_no_plan_is_needed(app, staff):
    iid = report(app).id
    incidents.advance(app, "leader1", iid, "assessing")
    with pytest.raises(InputError, match="still open"):  # the report and the assessment first
        incidents.advance(app, "leader1", iid, "closed")
    for t in by_template(app, iid).values():
        tasks.complete(app, "leader1", t.id)
    assert incidents.advance(app, "leader1", iid, "closed").state == "closed"


def test_a_plan_cannot_be_activated_twice(app, staff):
    iid = report(app).id
    incidents.activate(app, "leader1", iid)
    with pytest.raises(InputError, match="activated from"):
        incidents.activate(app, "leader1", iid)


def test_block_needs_a_reason_and_reopen_unblocks(app, staff):
    inc = incidents.activate(app, "leader1", report(app).id)
    arrive = by_template(app, inc.id)["arrive_onsite"]
    with pytest.raises(InputError) as info:
        tasks.block(app, "coord_onsite", arrive.id, "  ")
    assert info.value.field == "--reason"
    blocked = tasks.block(app, "coord_onsite", arrive.id, "道路封闭,车辆无法到达")
    assert blocked.state == "blocked" and blocked.block_reason == "道路封闭,车辆无法到达"
    assert tasks.reopen(app, "coord_onsite", arrive.id).state == "open"


def test_completing_a_task_twice_says_who_did_it_and_when(app, staff, clock):
    inc = incidents.activate(app, "leader1", report(app).id)
    arrive = by_template(app, inc.id)["arrive_onsite"]
    tasks.complete(app, "member_onsite", arrive.id, "已引导至三楼会议室")
    with pytest.raises(Conflict, match="已被 member_onsite 于 10:00 完成"):
        tasks.complete(app, "coord_onsite", arrive.id)


def test_reassigning_moves_the_task_to_another_group_and_person(app, staff):
    inc = incidents.activate(app, "leader1", report(app).id)
    meals = by_template(app, inc.id)["logistics_ready"]
    moved = tasks.reassign(app, "deputy1", meals.id, group="onsite", user_name="member_onsite")
    assert (moved.group, moved.role, moved.assignee) == (
        "onsite",
        "onsite_lead",
        "member_onsite",
    )
    with pytest.raises(InputError) as info:
        tasks.reassign(app, "deputy1", meals.id, group="onsite", role="publicity_lead")
    assert info.value.field == "--role"


@pytest.mark.parametrize(
    ("field", "kw"),
    [
        ("--plan", {"plan": "no_such_plan"}),
        ("--title", {"title": "   "}),
        ("--channel", {"channel": "fax"}),
        ("--level", {"level": "apocalyptic"}),
        ("--people", {"people": 0}),
        ("--people", {"people": -3}),
        ("--contact", {"contact": "call me maybe"}),
        ("--title", {"title": "x" * 201}),
        ("--received-at", {"received_at": local(2026, 11, 25, 10, 0)}),
    ],
)
def test_bad_intake_names_the_field_and_saves_nothing(app, staff, field, kw):
    before = audit_count(app)
    with pytest.raises(InputError) as info:
        report(app, **kw)
    assert info.value.field == field
    with app.read() as s:
        assert s.execute(select(func.count()).select_from(Incident)).scalar_one() == 0
    assert audit_count(app) == before


def test_a_failed_change_leaves_nothing_half_saved(app, staff):
    inc = incidents.activate(app, "leader1", report(app).id)
    before = audit_count(app)
    arrive = by_template(app, inc.id)["arrive_onsite"]
    with pytest.raises(InputError):
        tasks.reassign(app, "leader1", arrive.id, group="onsite", role="nonexistent")
    assert by_template(app, inc.id)["arrive_onsite"].role_id == "onsite_lead"
    assert audit_count(app) == before


def test_the_timeline_tells_the_story_in_order(app, staff):
    iid = report(app).id
    incidents.activate(app, "leader1", iid)
    incidents.add_note(app, "duty1", iid, "现场人数增至 60 人", significant=True)
    texts = [e.text for e in queries.timeline(app, iid)]
    assert texts[0].startswith("接报登记")
    # 接报与初步研判's tasks are made with the report, the organisation's at 启动预案
    activated = next(i for i, t in enumerate(texts) if t.startswith("启动预案"))
    assert [t.split(":")[0] for t in texts[1:activated]] == ["新增任务 #1", "新增任务 #2"]
    assert texts[activated + 1].startswith("完成任务 #2")  # 启动预案 is the assessment's decision
    assert texts[activated + 2].startswith("新增任务")
    assert texts[-1] == "现场人数增至 60 人"


def test_the_board_lists_open_tasks_across_incidents_most_urgent_first(app, staff, clock):
    first = incidents.activate(app, "leader1", report(app).id)
    clock.advance(timedelta(minutes=5))
    incidents.activate(app, "leader1", report(app, title="第二起").id)
    clock.advance(timedelta(minutes=20))
    rows = queries.board(app)
    remaining = [r.clock.remaining_s for r in rows if r.clock.remaining_s is not None]
    assert remaining == sorted(remaining)
    # the first report's 第一时间向组长报告 (10 分钟 from 10:00) lapsed 15 min ago, before
    # its 通知各工作组成员到位 (15 分钟 from activation), which lapsed 10 min ago
    assert rows[0].incident == first.id and rows[0].clock.remaining_s == -15 * 60
    assert rows[1].incident == first.id and rows[1].clock.remaining_s == -10 * 60
    assert {r.group for r in queries.board(app, "onsite")} == {"onsite"}
