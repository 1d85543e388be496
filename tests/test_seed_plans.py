"""At least one task deadline per seed plan, checked against the seed's own words."""

from datetime import timedelta

from console.services import incidents, queries, tasks
from tests.conftest import local, open_incident, tasks_of


def test_seed_000_onsite_group_arrives_within_30_minutes_of_activation(app, staff, clock):
    iid = open_incident(app, clock, "group_complaint", local(2026, 11, 24, 14, 0))
    t = tasks_of(app, iid)
    assert t["arrive_onsite"].due_at == local(2026, 11, 24, 14, 30)
    assert t["notify_groups"].due_at == local(2026, 11, 24, 14, 15)
    assert t["notify_groups"].warn_at == local(2026, 11, 24, 14, 10)  # 5 分钟 before


def test_seed_001_suggestion_report_counts_five_working_days_over_national_day(app, staff, clock):
    iid = open_incident(app, clock, "complaint_types", local(2026, 9, 30, 9, 0), type="suggestion")
    t = tasks_of(app, iid)
    assert t["suggestion_transfer"].due_at == local(2026, 10, 1, 9, 0)  # 24 小时内转交
    clock.set(local(2026, 9, 30, 16, 0))
    tasks.complete(app, "leader1", t["suggestion_transfer"].id)
    t = tasks_of(app, iid)
    assert t["suggestion_report"].due_at == local(2026, 10, 14, 0, 0)  # 10-13 24:00
    assert "problem_final" not in t  # only the suggestion timeline


def test_seed_001_problem_complaint_executes_two_working_days_after_approval(app, staff, clock):
    iid = open_incident(
        app, clock, "complaint_types", local(2026, 11, 19, 10, 0), type="problem"
    )  # a Thursday
    t = tasks_of(app, iid)
    assert t["problem_final"].due_at == local(
        2026, 11, 27, 0, 0
    )  # Thu 11-19 + 5 working days → Thu 11-26 24:00
    assert t["problem_execute"].due_at is None  # waits for 总经理审批
    clock.set(local(2026, 11, 27, 17, 0))  # Friday
    tasks.complete(app, "leader1", t["problem_approve"].id)
    assert tasks_of(app, iid)["problem_execute"].due_at == local(
        2026, 12, 2, 0, 0
    )  # Mon, Tue → 12-01 24:00


def test_seed_001_campus_investigation_is_due_the_same_day(app, staff, clock):
    iid = open_incident(
        app,
        clock,
        "campus_complaint",
        local(2026, 11, 24, 15, 0),
        level="moderate",
        type="teaching",
    )
    t = tasks_of(app, iid)
    assert t["investigate"].due_at == local(2026, 11, 25, 0, 0)
    assert t["pass_form"].due_at == local(2026, 11, 26, 15, 0)  # 2 日
    assert t["coordinate_3d"].due_at == local(2026, 11, 27, 15, 0)
    assert "coordinate_1d" not in t and "coordinate_7d" not in t


def test_seed_002_online_urgent_complaint_response_lapses_after_30_minutes(app, staff, clock):
    iid = open_incident(
        app, clock, "customer_crisis", local(2026, 11, 24, 10, 0), channel="online", level="urgent"
    )
    t = tasks_of(app, iid)
    assert t["respond_urgent"].due_at == local(2026, 11, 24, 10, 30)
    assert t["online_ack"].due_at == local(2026, 11, 24, 10, 10)
    assert t["online_ack"].warn_at == local(2026, 11, 24, 10, 8)
    assert t["online_contact"].due_at == local(2026, 11, 24, 12, 0)
    assert "phone_callback" not in t and "respond_general" not in t


def test_seed_002_crisis_starts_core_handling_within_four_golden_hours(app, staff, clock):
    iid = open_incident(app, clock, "customer_crisis", local(2026, 11, 24, 22, 0), channel="third_party",
                   level="critical", type="public_opinion")  # fmt: skip
    t = tasks_of(app, iid)
    assert t["crisis_core"].due_at == local(2026, 11, 25, 2, 0)
    assert t["third_party_contact"].due_at == local(2026, 11, 25, 22, 0)
    assert "media_line" in t


def test_seed_003_report_to_origin_bank_within_three_days_of_handling_done(app, staff, clock):
    iid = open_incident(app, clock, "bank_complaint", local(2026, 11, 24, 10, 0), level="severe")
    t = tasks_of(app, iid)
    assert t["call_police"].due_at == local(2026, 11, 24, 10, 5)
    assert t["report_origin"].due_at is None  # 处理完 has not happened
    incidents.advance(app, "leader1", iid, "handling")
    clock.advance(timedelta(hours=5))
    incidents.advance(app, "leader1", iid, "feedback")
    assert tasks_of(app, iid)["report_origin"].due_at == local(2026, 11, 27, 15, 0)


def test_seed_004_complaint_form_goes_out_within_10_minutes(app, staff, clock):
    iid = open_incident(
        app, clock, "major_complaint", local(2026, 11, 24, 16, 50), level="important"
    )
    t = tasks_of(app, iid)
    assert t["send_form"].due_at == local(2026, 11, 24, 17, 0)
    assert t["forward_gm"].due_at == local(2026, 11, 25, 0, 0)  # 当天
    # 重大投诉的处理时效 (24 小时内明确答复, 不超过 3 日) is for 重大投诉 only
    assert "clear_answer" not in t
    assert t["resolve"].due_at is None
    assert "major_same_day" not in t  # only for 重大投诉


def test_seed_004_major_complaint_answered_in_24_hours_and_settled_in_3_days(app, staff, clock):
    iid = open_incident(app, clock, "major_complaint", local(2026, 11, 24, 16, 50), level="major")
    t = tasks_of(app, iid)
    assert t["clear_answer"].due_at == local(2026, 11, 25, 16, 50)  # 24 小时
    assert t["major_same_day"].due_at == local(2026, 11, 25, 0, 0)  # 当天呈送
    own = {c.rule: c for c in queries.show(app, iid).incident_clocks}
    assert own["resolve_3d"].clock.due_at == local(2026, 11, 27, 16, 50).isoformat()  # 不超过 3 日
