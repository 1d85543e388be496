"""The command screen's lanes are titled with the plans' own group names (issue 17): the
leader lane by the command groups of the plans in use, and one lane per work-group name."""

from collections import Counter

from console.views.board import COMMAND_LANE, lane_of, lanes


def test_leader_lane_is_named_as_the_plan_in_use_names_its_command(app):
    titles = dict(lanes(app, {"major_complaint"}))
    assert titles[COMMAND_LANE] == "重大投诉处理应急小组"
    titles = dict(lanes(app, {"customer_crisis", "bank_complaint"}))
    assert titles[COMMAND_LANE] == "领导小组 / 客户投诉处理应急领导小组"
    assert titles["supervision"] == "监督小组"


def test_no_two_lanes_share_a_title_and_the_complained_department_has_one_lane(app):
    titles = [name for _, name in lanes(app)]
    assert [t for t, n in Counter(titles).items() if n > 1] == []
    # seed 001's 被投诉部门 and seed 004's 被投诉部门 are one lane on a screen running both
    assert lane_of(app, "complaint_types", "department") == lane_of(
        app, "major_complaint", "complained"
    )
    assert lane_of(app, "complaint_types", "department")[1] == "被投诉部门"


def test_a_task_row_carries_its_own_group_name_in_the_leader_lane(app):
    assert lane_of(app, "major_complaint", "command") == (COMMAND_LANE, "重大投诉处理应急小组")
    assert lane_of(app, "group_complaint", "command") == (COMMAND_LANE, "应急小组(组长、副组长)")


def test_a_group_seat_lists_its_own_group_only_when_lanes_share_a_name(app, staff, clock, qtbot):
    """Seed 004's 被投诉部门 shares its lane (and its title) with seed 001's on the command
    screen, but its coordinator's seat lists only its own group's tasks, those it may act on."""
    from console.services import incidents
    from console.services.incidents import ReportInput
    from widgets.boards.state import Boards

    incidents.register(
        app, "duty1", ReportInput(plan="major_complaint", title="物业", channel="phone")
    )
    incidents.register(app, "duty1", ReportInput(plan="complaint_types", title="学校", channel="phone",
                                                 type="suggestion"))  # fmt: skip
    lane, _ = lane_of(app, "major_complaint", "complained")
    wall = Boards(app)
    wall.load()
    assert {r.group_id for r in wall.models[lane].rows()} == {"complained", "department"}
    seat = Boards(app, lane, "complained")
    seat.load()
    assert seat.models[lane].rows() and {r.group_id for r in seat.models[lane].rows()} == {
        "complained"
    }
