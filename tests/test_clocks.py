"""SLA clocks and alarms on a fixed clock: warn, lapse, met/late, pause, escalation,
off-hours stand-ins, and the one-month re-grade of seed 004."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from console.errors import Conflict, InputError, PermissionDenied
from console.services import alarms, queries, tasks, users
from console.services.alarms import sweep
from models import Alarm
from tests.conftest import local, open_incident, tasks_of


def sweep_at(app, clock, at):
    clock.set(at)
    return sweep(app)


def alarm_kinds(app):
    return sorted((a.title, a.kind) for a in alarms.list_alarms(app, "all"))


def test_online_urgent_complaint_warns_and_lapses_on_the_plan_s_minutes(app, staff, clock):
    iid = open_incident(
        app, clock, "customer_crisis", local(2026, 11, 24, 10, 0), channel="online", level="urgent"
    )
    t = tasks_of(app, iid)
    ack_title, respond_title = t["online_ack"].title, t["respond_urgent"].title
    assert sweep_at(app, clock, local(2026, 11, 24, 10, 7, 59)).raised == []
    sweep_at(app, clock, local(2026, 11, 24, 10, 8))
    assert alarm_kinds(app) == [(ack_title, "warning")]
    sweep_at(app, clock, local(2026, 11, 24, 10, 10))
    assert (ack_title, "lapsed") in alarm_kinds(app)
    shown = {x.title: x for x in queries.show(app, iid).tasks}
    assert shown[ack_title].clock.clock_state == "lapsed"
    assert shown[respond_title].clock.clock_state == "running"
    sweep_at(app, clock, local(2026, 11, 24, 10, 20))  # 10 分钟 before 10:30
    assert shown[respond_title].clock.due_at == "2026-11-24T10:30:00+08:00"
    sweep_at(app, clock, local(2026, 11, 24, 10, 30))
    assert (respond_title, "lapsed") in alarm_kinds(app)


def test_an_alarm_is_raised_once_however_often_the_sweep_runs(app, staff, clock):
    open_incident(app, clock, "major_complaint", local(2026, 11, 24, 10, 0))
    for minute in (11, 11, 12, 30, 30):
        sweep_at(app, clock, local(2026, 11, 24, 10, minute))
    with app.read() as s:
        counts = s.execute(
            select(Alarm.clock_id, Alarm.kind, func.count()).group_by(Alarm.clock_id, Alarm.kind)
        ).all()
    assert counts and all(n == 1 for *_, n in counts)


def test_a_deadline_missed_while_closed_raises_only_the_lapse_not_a_stale_warning(
    app, staff, clock
):
    iid = open_incident(app, clock, "major_complaint", local(2026, 11, 24, 10, 0))
    sweep_at(app, clock, local(2026, 11, 24, 11, 0))
    send_form = tasks_of(app, iid)["send_form"].title
    assert [k for title, k in alarm_kinds(app) if title == send_form] == ["lapsed"]


def test_done_on_time_is_met_and_done_late_is_met_late(app, staff, clock):
    iid = open_incident(app, clock, "major_complaint", local(2026, 11, 24, 10, 0))
    t = tasks_of(app, iid)
    clock.set(local(2026, 11, 24, 10, 9))
    tasks.complete(app, "leader1", t["send_form"].id)
    clock.set(local(2026, 11, 25, 0, 30))
    tasks.complete(app, "leader1", t["forward_gm"].id)
    shown = {x.id: x for x in queries.show(app, iid).tasks}
    assert shown[t["send_form"].id].clock.clock_state == "met"
    assert shown[t["forward_gm"].id].clock.clock_state == "met_late"
    sweep_at(app, clock, local(2026, 11, 25, 1, 0))
    assert all(a.task != t["send_form"].id for a in alarms.list_alarms(app, "all"))


def test_pausing_moves_the_deadline_by_the_pause_and_says_why(app, staff, clock):
    # 24 小时内明确答复 is 重大投诉's (seed 004: 重大投诉的处理时效)
    iid = open_incident(app, clock, "major_complaint", local(2026, 11, 24, 10, 0), level="major")
    answer = tasks_of(app, iid)["clear_answer"]  # 24 小时 → 11-25 10:00
    clock.set(local(2026, 11, 24, 12, 0))
    tasks.pause(app, "leader1", answer.id, "等待住户提供维修单据")
    sweep_at(app, clock, local(2026, 11, 25, 11, 0))
    assert all(a.task != answer.id for a in alarms.list_alarms(app, "all"))  # paused: no lapse
    clock.set(local(2026, 11, 25, 12, 0))  # paused 24 h
    resumed = tasks.resume(app, "leader1", answer.id)
    assert resumed.clock.due_at == "2026-11-26T10:00:00+08:00"
    history = next(c for c in queries.clocks_of(app, iid) if c.task == answer.id).history
    moved = history[-1]
    assert moved.kind == "resume" and "等待住户提供维修单据" in moved.reason
    assert (moved.due_before, moved.due_after) == (
        "2026-11-25T10:00:00+08:00",
        "2026-11-26T10:00:00+08:00",
    )


def test_a_lapsed_clock_cannot_be_paused_to_hide_it(app, staff, clock):
    iid = open_incident(app, clock, "major_complaint", local(2026, 11, 24, 10, 0))
    clock.set(local(2026, 11, 24, 10, 20))
    with pytest.raises(InputError, match="lapsed"):
        tasks.pause(app, "leader1", tasks_of(app, iid)["send_form"].id, "稍后再说")


def test_reopening_a_task_resumes_its_original_deadline(app, staff, clock):
    iid = open_incident(app, clock, "major_complaint", local(2026, 11, 24, 10, 0))
    send = tasks_of(app, iid)["send_form"]
    clock.set(local(2026, 11, 24, 10, 5))
    tasks.complete(app, "leader1", send.id)
    clock.set(local(2026, 11, 24, 10, 30))
    tasks.reopen(app, "leader1", send.id, "表单发错部门")
    assert tasks_of(app, iid)["send_form"].due_at == local(2026, 11, 24, 10, 10)
    sweep(app)
    assert "lapsed" in {a.kind for a in alarms.list_alarms(app) if a.task == send.id}


def _lapse_one(app, clock):
    iid = open_incident(app, clock, "major_complaint", local(2026, 11, 24, 10, 0))
    users.add_user(
        app, None, "cs_a", "member", group="customer_service", org_role="cs_officer", ab="A"
    )
    users.add_user(
        app, None, "cs_b", "member", group="customer_service", org_role="cs_officer", ab="B"
    )
    sweep_at(app, clock, local(2026, 11, 24, 10, 10))
    send = tasks_of(app, iid)["send_form"]
    return next(a for a in alarms.list_alarms(app) if a.task == send.id and a.kind == "lapsed")


def test_an_unacknowledged_alarm_escalates_to_the_b_role_then_the_leader(app, staff, clock):
    alarm = _lapse_one(app, clock)
    # first the 首问负责人 the task is assigned to (duty1 registered it), then the A角
    assert (alarm.step, alarm.recipients) == (0, ("duty1", "cs_a"))
    sweep_at(app, clock, local(2026, 11, 24, 10, 19))
    assert next(a for a in alarms.list_alarms(app) if a.id == alarm.id).step == 0
    sweep_at(app, clock, local(2026, 11, 24, 10, 20))  # escalation: to_b_after 10 分钟
    now = next(a for a in alarms.list_alarms(app) if a.id == alarm.id)
    assert (now.step, now.recipients) == (1, ("cs_b",))
    sweep_at(app, clock, local(2026, 11, 24, 10, 30))
    now = next(a for a in alarms.list_alarms(app) if a.id == alarm.id)
    assert now.step == 2 and set(now.recipients) == {"leader1", "deputy1"}


def test_acknowledging_stops_escalation_and_records_who_and_when(app, staff, clock):
    alarm = _lapse_one(app, clock)
    clock.set(local(2026, 11, 24, 10, 12))
    acked = alarms.ack(app, "cs_a", alarm.id)
    assert (acked.acknowledged_by, acked.acknowledged_at) == (
        "cs_a",
        "2026-11-24T10:12:00+08:00",
    )
    sweep_at(app, clock, local(2026, 11, 24, 11, 0))
    assert alarms.list_alarms(app, "acked")[0].step == 0
    with pytest.raises(Conflict, match="已被 cs_a 于 10:12 确认"):
        alarms.ack(app, "leader1", alarm.id)


def test_a_shelved_alarm_returns_when_its_time_is_up(app, staff, clock):
    alarm = _lapse_one(app, clock)
    clock.set(local(2026, 11, 24, 10, 15))
    with pytest.raises(InputError) as info:
        alarms.shelve(app, "leader1", alarm.id, 30, " ")
    assert info.value.field == "--reason"
    alarms.shelve(app, "leader1", alarm.id, 30, "已电话联系被投诉部门")
    assert alarm.id not in [a.id for a in alarms.list_alarms(app, "open")]
    sweep_at(app, clock, local(2026, 11, 24, 10, 44))
    assert next(a for a in alarms.list_alarms(app, "shelved") if a.id == alarm.id).step == 0
    sweep_at(app, clock, local(2026, 11, 24, 10, 45))
    back = next(a for a in alarms.list_alarms(app, "open") if a.id == alarm.id)
    assert back.step == 0  # escalation counts again from the end of the shelving
    sweep_at(app, clock, local(2026, 11, 24, 10, 55))
    assert next(a for a in alarms.list_alarms(app, "open") if a.id == alarm.id).step == 1


def test_a_coordinator_acknowledges_their_own_group_s_alarms_only(app, staff, clock):
    alarm = _lapse_one(app, clock)  # a 客服部 alarm
    with pytest.raises(PermissionDenied):
        alarms.ack(app, "coord_onsite", alarm.id)
    with pytest.raises(PermissionDenied):
        alarms.ack(app, "super1", alarm.id)
    assert alarms.ack(app, "duty1", alarm.id).state == "acked"


def test_off_hours_the_team_lead_s_alarm_goes_to_the_duty_security_lead(app, staff, clock):
    users.add_user(
        app, None, "lead_pm", "coordinator", group="command", org_role="team_lead", ab="A"
    )
    users.add_user(
        app, None, "night_lead", "member", group="security", org_role="duty_security_lead", ab="A"
    )
    iid = open_incident(app, clock, "major_complaint", local(2026, 11, 24, 21, 0), level="major")
    sweep_at(app, clock, local(2026, 11, 25, 0, 0))  # 重大投诉当天呈送 lapses at 24:00, off-hours
    same_day = tasks_of(app, iid)["major_same_day"]
    alarm = next(a for a in alarms.list_alarms(app) if a.task == same_day.id)
    assert (alarm.role, alarm.recipients) == ("duty_security_lead", ("night_lead",))
    day = open_incident(app, clock, "major_complaint", local(2026, 11, 25, 9, 0), level="major")
    sweep_at(
        app, clock, local(2026, 11, 25, 9, 30)
    )  # clear_answer warns... not yet; send_form lapsed 9:10
    clock.set(local(2026, 11, 26, 9, 0))
    sweep(app)
    answer = tasks_of(app, day)["clear_answer"]
    alarm = next(a for a in alarms.list_alarms(app) if a.task == answer.id and a.kind == "lapsed")
    assert (alarm.role, alarm.recipients) == ("team_lead", ("lead_pm",))  # working hours


def test_an_effective_complaint_unresolved_for_a_month_becomes_major(app, staff, clock):
    iid = open_incident(app, clock, "major_complaint", local(2026, 10, 8, 9, 0), level="effective")
    assert "site_security" not in tasks_of(app, iid)
    sweep_at(app, clock, local(2026, 11, 8, 8, 59))
    assert queries.show(app, iid).level == "effective"
    sweep_at(app, clock, local(2026, 11, 8, 9, 0))
    assert queries.show(app, iid).level == "major"
    assert "site_security" in tasks_of(app, iid)  # the major-level tasks were added
    assert any("一个月" in e.text for e in queries.timeline(app, iid))


def test_the_predecessor_reopened_withdraws_the_dependent_deadline(app, staff, clock):
    iid = open_incident(app, clock, "complaint_types", local(2026, 11, 23, 9, 0), type="problem")
    t = tasks_of(app, iid)
    tasks.complete(app, "leader1", t["problem_approve"].id)
    assert tasks_of(app, iid)["problem_execute"].due_at is not None
    tasks.reopen(app, "leader1", t["problem_approve"].id, "审批意见需修改")
    assert tasks_of(app, iid)["problem_execute"].due_at is None
    history = [e.kind for c in queries.clocks_of(app, iid) if c.task == t["problem_execute"].id
               for e in c.history]  # fmt: skip
    assert history == ["start", "cancel"]


def test_the_off_hours_stand_in_can_acknowledge_the_alarm_sent_to_them(app, staff, clock):
    users.add_user(
        app,
        None,
        "night_lead",
        "coordinator",
        group="security",
        org_role="duty_security_lead",
        ab="A",
    )
    iid = open_incident(app, clock, "major_complaint", local(2026, 11, 24, 21, 0), level="major")
    sweep_at(app, clock, local(2026, 11, 25, 0, 1))
    same_day = tasks_of(app, iid)["major_same_day"]
    alarm = next(a for a in alarms.list_alarms(app) if a.task == same_day.id)
    assert alarm.group == "command" and alarm.recipients == ("night_lead",)
    assert alarms.ack(app, "night_lead", alarm.id).acknowledged_by == "night_lead"


def test_a_task_done_late_while_nothing_swept_still_gets_its_lapse_alarm(app, staff, clock):
    iid = open_incident(app, clock, "major_complaint", local(2026, 11, 24, 10, 0))
    send = tasks_of(app, iid)["send_form"]
    clock.set(local(2026, 11, 24, 10, 30))  # 20 minutes late, and no sweep ran
    tasks.complete(app, "leader1", send.id)
    sweep(app)
    assert [a.kind for a in alarms.list_alarms(app) if a.task == send.id] == ["lapsed"]


def test_a_task_done_weeks_late_while_nothing_swept_still_gets_its_lapse_alarm(app, staff, clock):
    iid = open_incident(app, clock, "major_complaint", local(2026, 11, 2, 10, 0))
    send = tasks_of(app, iid)["send_form"]
    clock.set(local(2026, 11, 24, 10, 30))  # three weeks late, no seat open all that time
    tasks.complete(app, "leader1", send.id)
    sweep_at(app, clock, local(2026, 11, 27, 9, 0))  # the next seat opens days later
    assert [a.kind for a in alarms.list_alarms(app) if a.task == send.id] == ["lapsed"]
    assert sweep_at(app, clock, local(2026, 11, 27, 9, 1)).raised == []  # and only once


def test_a_moved_deadline_is_in_the_audit_chain(app, staff, clock):
    import json

    from models import AuditEntry

    iid = open_incident(app, clock, "major_complaint", local(2026, 11, 24, 10, 0), level="major")
    answer = tasks_of(app, iid)["clear_answer"]
    tasks.pause(app, "leader1", answer.id, "等待住户")
    clock.advance(timedelta(hours=2))
    tasks.resume(app, "leader1", answer.id)
    with app.read() as s:
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "task.resume")).scalar_one()
    assert json.loads(entry.before)["due_at"] != json.loads(entry.after)["due_at"]


def test_a_clock_s_state_is_the_same_wherever_it_is_shown(app, staff, clock):
    """The task's view (CLI, detail dialog), the board row (the boards' colours, the charts,
    the handover sheet) and the incident row (its most urgent clock) all ask
    console.sla.clocks.clock_state."""
    from console.sla.clocks import clock_state
    from models import SlaClock

    iid = open_incident(app, clock, "group_complaint", local(2026, 11, 24, 10, 0))
    task = tasks_of(app, iid)["report_up"]  # 10 minutes from 接报: the incident's most urgent
    with app.read() as s:
        c = s.get(SlaClock, task.clock_id)
        start, warn, due = c.started_at, c.warn_at, c.due_at

    def states(now, *, urgent: bool = True):
        clock.set(now)
        with app.read() as s:
            stored = clock_state(s.get(SlaClock, task.clock_id), now).value
        rows = queries.board_rows(app, [iid])
        row = next(r for r in rows if r.task_id == task.id)
        shown = [stored, queries.task(app, task.id).clock.clock_state, row.clock_state(now)]
        if urgent:
            (incident,) = queries.incident_rows(app, rows)
            assert incident.urgent_due == row.due_at
            shown.append(incident.clock_state(now))
        return shown

    second = timedelta(seconds=1)
    for now, expected in [(start, "running"), (warn - second, "running"), (warn, "warning"),
                          (due - second, "warning"), (due, "lapsed"), (due + timedelta(hours=1), "lapsed")]:  # fmt: skip
        assert states(now) == [expected] * 4, now
    clock.set(start + second)
    tasks.pause(app, "leader1", task.id, "等待投诉代表到场")
    assert states(due + timedelta(hours=1), urgent=False) == ["paused"] * 3
