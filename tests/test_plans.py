"""Plans as data: the shipped plans load, encode the seeds' deadlines, and broken plans are
rejected with field paths — never a crash."""

import copy
import os
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.plans.plan import PLANS_DIR, PlanError, load_catalogue, load_plan, parse_plan
from console.time.deadlines import parse_duration

SHIPPED = sorted(PLANS_DIR.glob("*.yaml"))
GOOD = yaml.safe_load((PLANS_DIR / "000_group_complaint.yaml").read_text(encoding="utf-8"))


def test_every_shipped_plan_loads_and_none_is_broken():
    catalogue = load_catalogue()
    assert catalogue.broken == {}
    assert len(catalogue.plans) == len(SHIPPED)


def test_there_is_a_plan_for_each_of_the_five_seeds():
    sources = " ".join(p.source for p in load_catalogue())
    for seed in ("seed 000", "seed 001", "seed 002", "seed 003", "seed 004"):
        assert seed in sources


def test_the_mass_complaint_plan_has_the_six_work_groups_of_seed_000():
    plan = load_catalogue().get("group_complaint")
    names = {g.name for g in plan.org.groups if g.kind == "work"}
    assert names == {
        "协调联络组",
        "现场处置组",
        "沟通谈判组",
        "问题研判组",
        "信息发布组",
        "后勤保障组",
    }
    assert plan.role(plan.org.leader)[1].name == "组长"


def test_every_role_has_an_a_and_b_post():
    for plan in load_catalogue():
        for g in plan.org.groups:
            for r in g.roles:
                assert r.a and r.b, f"{plan.id}/{r.id}"


def test_seed_004_team_lead_is_stood_in_for_by_the_duty_security_lead_off_hours():
    plan = load_catalogue().get("major_complaint")
    _, lead = plan.role(plan.org.leader)
    assert plan.role(lead.stand_in)[1].name == "当值秩序维护领班"
    assert plan.working_hours is not None


# Every deadline in the table of shared/DESIGN.md, as (plan, duration, words from the seed).
DESIGN_DEADLINES = [
    ("customer_crisis", "2 小时", "一般投诉2小时内响应"),
    ("customer_crisis", "30 分钟", "紧急投诉30分钟内响应"),
    ("customer_crisis", "4 小时", "黄金4小时"),
    ("customer_crisis", "10 分钟", "10分钟内自动回复"),
    ("customer_crisis", "2 小时", "2小时内人工联系"),
    ("customer_crisis", "30 分钟", "回电(30分钟内)"),
    ("customer_crisis", "24 小时", "24小时内与客户或转办方取得联系"),
    ("complaint_types", "24 小时", "24小时内按照其意见"),
    ("complaint_types", "5 个工作日", "5个工作日内完成报告"),
    ("complaint_types", "2 个工作日", "2个工作日内审核"),
    ("complaint_types", "24 小时", "面谈后24小时内形成处理意见"),
    ("complaint_types", "5 个工作日", "5个工作日内跟投诉方协商"),
    ("complaint_types", "2 个工作日", "审批后2个工作日内执行"),
    ("complaint_types", "24 小时", "24小时内\n报送总经理".replace("\n", "")),
    ("complaint_types", "5 个工作日", "5个工作日内行政部和被投诉部门负责人登门拜访"),
    ("complaint_types", "2 个工作日", "2个工作日内将处理结果"),
    ("campus_complaint", "当天", "本日内完成"),
    ("campus_complaint", "1 日", "1日、3日、7日"),
    ("campus_complaint", "3 日", "1日、3日、7日"),
    ("campus_complaint", "7 日", "1日、3日、7日"),
    ("campus_complaint", "2 日", "2日内没有传递投诉接收单"),
    ("bank_complaint", "3 日", "三日内"),
    ("major_complaint", "10 分钟", "10分钟内将《投诉处理表》发送到被投诉部门"),
    ("major_complaint", "当天", "重大投诉应当天呈送"),
    ("major_complaint", "24 小时", "24小时内给投诉的住户明确答复"),
    ("major_complaint", "3 日", "不宜超过3日"),
    ("major_complaint", "1 个月", "一个月内得不到合理解决"),
]


@pytest.mark.parametrize(("plan_id", "duration", "words"), DESIGN_DEADLINES)
def test_every_deadline_of_the_design_table_is_a_rule_in_a_plan(plan_id, duration, words):
    plan = load_catalogue().get(plan_id)
    wanted = parse_duration(duration)
    matches = [
        r for r in plan.sla_rules if r.duration == wanted and words in r.basis.replace("'", "")
    ]
    assert matches, f"{plan_id}: no rule of {duration} quoting {words!r}"


def test_the_one_month_rule_regrades_to_major():
    plan = load_catalogue().get("major_complaint")
    rule = plan.rule("escalate_month")
    assert rule.scope == "incident" and rule.on_lapse.regrade_to == "major"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_plans_check_says_ok_for_each_shipped_plan(path):
    load_plan(path)


def _errors(data) -> list[str]:
    with pytest.raises(PlanError) as info:
        parse_plan(data)
    return info.value.errors


def test_a_broken_role_id_is_named_by_its_path():
    data = copy.deepcopy(GOOD)
    data["org"]["groups"][2]["roles"][0]["id"] = "Bad Id!"
    assert any(e.startswith("org.groups[2].roles[0].id:") for e in _errors(data))


def test_a_template_naming_a_missing_group_is_named_by_its_path():
    data = copy.deepcopy(GOOD)
    data["task_templates"][3]["group"] = "nowhere"
    assert "task_templates[3].group: no group 'nowhere'" in _errors(data)


def test_an_unreadable_duration_is_named_by_its_path():
    data = copy.deepcopy(GOOD)
    data["sla_rules"][1]["duration"] = "soon"
    assert any(e.startswith("sla_rules[1].duration:") for e in _errors(data))


def test_a_rule_starting_from_an_unknown_event_is_refused():
    data = copy.deepcopy(GOOD)
    data["sla_rules"][0]["start"] = "task_done:ghost"
    assert "sla_rules[0].start: no task template 'ghost'" in _errors(data)


def test_clocks_waiting_on_each_other_in_a_circle_are_refused():
    data = copy.deepcopy(GOOD)
    rule = next(r for r in data["sla_rules"] if r["id"] == "verify_facts")
    rule["start"] = "task_done:draft_solution"
    assert any("circle" in e for e in _errors(data))


def test_not_yaml_at_all_is_refused_with_the_line(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert info.value.errors[0].startswith("(file): not valid YAML")


# --- hypothesis: mutated plans never crash the loader ---------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-10, 10**6)
    | st.text(max_size=12)
    | st.floats(allow_nan=False),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


ALL_PATHS = [p for p in _paths(GOOD) if p]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), st.sampled_from(["delete", "replace"]), json_values),
                min_size=1, max_size=4))  # fmt: skip
def test_mutated_plans_are_loaded_or_rejected_with_field_paths_never_crash(mutations):
    data = copy.deepcopy(GOOD)
    for path, how, value in mutations:
        parent = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            if how == "delete":
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    try:
        parse_plan(data)
    except PlanError as exc:
        assert exc.errors
        for line in exc.errors:
            field, sep, message = line.partition(": ")
            assert sep and field and message, line


@settings(max_examples=200)
@given(st.text(max_size=200))
def test_any_text_as_a_plan_file_is_loaded_or_rejected_never_crashes(text):
    tmp = Path(tempfile.gettempdir()) / f"hypothesis-plan-{os.getpid()}.yaml"
    try:
        tmp.write_text(text, encoding="utf-8")
        try:
            load_plan(tmp)
        except PlanError as exc:
            assert exc.errors
    finally:
        tmp.unlink(missing_ok=True)
