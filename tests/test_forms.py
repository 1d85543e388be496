"""The seeds' paper forms, printed from the case (issue 19): seed 004's 《客户投诉记录表》,
《投诉处理表》 and 《客户信息处理表》, seed 001's 《投诉接收单》 and seed 003's report of the
事件情况及处理结果 to the 发起行 — each a plan's `forms:` entry, printed as a Chinese office
form (title, numbered fields in a ruled table, signature and date lines)."""

from __future__ import annotations

import contextlib
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from console.cli import main
from console.context import open_app
from console.plans.plan import PLANS_DIR, PlanError, load_catalogue, parse_plan
from console.services import forms, incidents, tasks
from console.services.incidents import ReportInput
from tests.conftest import local, tasks_of

# The forms each seed names, in its words, on the plan that transcribes it.
SEED_FORMS = {
    "campus_complaint": {"complaint_receipt": "投诉接收单"},  # seed 001
    "major_complaint": {  # seed 004
        "complaint_record": "客户投诉记录表",
        "complaint_handling": "投诉处理表",
        "customer_info_handling": "客户信息处理表",
    },
    "bank_complaint": {"origin_report": "客户投诉事件情况及处理结果报告"},  # seed 003
}
NUMBER = "13800001111"
MASKED = "138****1111"


def cli(url: str, now, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", url, "--now", now.isoformat(), *args])
    return code, out.getvalue(), err.getvalue()


def pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def flat(text: str) -> str:
    """The PDF's text without the line breaks a table cell wraps at."""
    return re.sub(r"\s+", "", text)


def rows(url: str, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def plan_form(plan_id: str, form_id: str):
    return load_catalogue().get(plan_id).form(form_id)


@pytest.fixture
def property_case(staff_url, clock) -> tuple[str, int]:
    """Seed 004, 5.2.1: 当接到住户投诉时 … 立即在《客户投诉记录表》及《投诉处理表》中作好详细
    记录; the 客服员 sends the 《投诉处理表》 within 10 分钟 (done at 16:53, received 16:45)."""
    room = open_app(staff_url, clock)
    try:
        clock.set(local(2026, 11, 24, 16, 50))
        inc = incidents.register(room, "duty1", ReportInput(
            plan="major_complaint", title="电梯停运三天无人处理", channel="phone", contact=NUMBER,
            reporter="李先生", location="3栋2单元电梯", demands="立即修复电梯并书面道歉",
            respondent="工程部", received_at=local(2026, 11, 24, 16, 45)))  # fmt: skip
        clock.set(local(2026, 11, 24, 16, 53))
        t = tasks_of(room, inc.id)
        tasks.complete(room, "leader1", t["send_form"].id, "已发送工程部,王工签收")
        clock.set(local(2026, 11, 24, 17, 30))
        incidents.add_note(room, "duty1", inc.id, f"住户来电催促,回电 {NUMBER}")
    finally:
        room.close()
    return staff_url, inc.id


# --- the forms the seeds name ---------------------------------------------------------
@pytest.mark.parametrize("plan_id", sorted(SEED_FORMS))
def test_every_form_the_seeds_name_is_declared_on_its_plan_quoting_the_seed(plan_id):
    plan = load_catalogue().get(plan_id)
    assert {f.id: f.title for f in plan.forms} == SEED_FORMS[plan_id]
    for form in plan.forms:
        assert form.basis and form.signatures and len(form.fields) >= 5
        assert any(f.source is None for f in form.fields)  # a hand entry


def test_the_complaint_record_holds_what_seed_004_says_to_record(property_case, tmp_path):
    """5.2.1 记录内容: 投诉事件的发生时间、地点; 被投诉人或被投诉部门; 投诉事件的发生经过;
    客户的要求; 客户的联系方式、方法 — signed by the 客服员 who received it."""
    url, iid = property_case
    out = tmp_path / "record.pdf"
    code, printed, err = cli(url, local(2026, 11, 24, 17, 40), "form", str(iid), "complaint_record",
                             "--out", str(out), "--as", "duty1", "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(printed) | {"file": ""} == {"file": "", "incident": iid, "form": "complaint_record",
                                                  "title": "客户投诉记录表", "fields": 13, "masked": True}  # fmt: skip
    text = "\n".join(pages(out))
    assert "客户投诉记录表" in flat(text)
    form = plan_form("major_complaint", "complaint_record")
    for number, field in enumerate(form.fields, start=1):
        assert flat(f"{number}. {field.label}") in flat(text), field.label
    for shown in ("2026-11-24 16:45", "3栋2单元电梯", "工程部", "电梯停运三天无人处理", "立即修复电梯并书面道歉",
                  "李先生", "有效投诉", "电话", MASKED):  # fmt: skip
        assert flat(shown) in flat(text), shown
    assert NUMBER not in text  # masked by default
    assert "接待客服员签名" in text and "客服部主管签名" in text and "日期" in text
    assert "【测试】" in text  # a sandbox's page says so


def test_the_handling_form_is_sent_within_ten_minutes_and_signed_for(property_case, tmp_path):
    """5.2.2: 10分钟内将《投诉处理表》发送到被投诉部门, 领表人做签收登记并于当天转呈公司总经理或
    中心负责人: the sending as done (who, when, in time), the 签收 still due today."""
    url, iid = property_case
    out = tmp_path / "handling.pdf"
    code, _, err = cli(url, local(2026, 11, 24, 17, 40), "form", str(iid), "complaint_handling",
                       "--out", str(out), "--as", "duty1")  # fmt: skip
    assert code == 0, err
    text = flat("\n".join(pages(out)))
    assert "投诉处理表" in text
    assert flat("已完成 · 完成人:leader1 · 完成时间:2026-11-24 16:53") in text
    assert flat("期限:2026-11-24 16:55(按时完成)") in text and "已发送工程部,王工签收" in text
    assert flat("待办 · 期限:2026-11-25 00:00") in text  # 领表人签收, 当天
    assert "本案不适用" in text  # 重大投诉当天呈送: this one is an 有效投诉
    for who in ("发表客服员签名", "领表人(签收)签名", "总经理/中心负责人签名"):
        assert who in text


def test_the_customer_information_form_records_the_handling(property_case, tmp_path):
    """5.2.3: 被投诉部门负责人 … 按《客户信息处理表》对投诉处理过程作好记录: the duty log's
    handling, numbers masked, without the plan's own tasks being made."""
    url, iid = property_case
    out = tmp_path / "info.pdf"
    code, _, err = cli(url, local(2026, 11, 24, 17, 40), "form", str(iid), "customer_info_handling",
                       "--out", str(out), "--as", "duty1")  # fmt: skip
    assert code == 0, err
    text = flat("\n".join(pages(out)))
    assert "客户信息处理表" in text and flat(f"住户来电催促,回电 {MASKED}") in text
    assert "完成任务" in text and "新增任务" not in text
    assert "被投诉部门负责人签名" in text and "收存客服员签名" in text


def test_the_campus_complaint_receipt_is_filled_when_other_departments_must_coordinate(
    staff_url, clock, tmp_path
):
    """Seed 001 校区: 需其他部门协调,填写投诉接收单; 调查投诉问题,附加至投诉接收单,本日内完成;
    协调处理(1日、3日、7日)."""
    room = open_app(staff_url, clock)
    try:
        clock.set(local(2026, 11, 24, 9, 0))
        inc = incidents.register(room, "duty1", ReportInput(
            plan="campus_complaint", title="教师频繁更换,孩子跟不上进度", channel="onsite",
            type="teaching", reporter="张女士", contact=NUMBER, demands="固定任课教师", level="moderate"))  # fmt: skip
        clock.set(local(2026, 11, 24, 9, 30))
        tasks.complete(room, "leader1", tasks_of(room, inc.id)["pass_form"].id, "已传递教学部")
    finally:
        room.close()
    out = tmp_path / "receipt.pdf"
    code, _, err = cli(staff_url, local(2026, 11, 24, 10, 0), "form", str(inc.id), "complaint_receipt",
                       "--out", str(out), "--as", "duty1")  # fmt: skip
    assert code == 0, err
    texts = pages(out)
    assert len(texts) == 1  # a receipt on one page, signatures and all
    text = flat(texts[0])
    form = plan_form("campus_complaint", "complaint_receipt")
    for number, field in enumerate(form.fields, start=1):
        assert flat(f"{number}. {field.label}") in text, field.label
    for shown in ("投诉接收单", "教学投诉", "张女士", "三日协调", MASKED, "已传递教学部",
                  flat("完成人:leader1 · 完成时间:2026-11-24 09:30"), "待办·期限:2026-11-25 00:00",
                  "接收人签名", "协调部门负责人签名", "校区主管签名", "需其他部门协调,填写投诉接收单"):  # fmt: skip
        assert flat(shown) in text, shown


def test_the_report_to_the_originating_bank_after_an_excessive_behaviour_case(
    staff_url, clock, tmp_path
):
    """Seed 003 四.7: 应在客户投诉过激行为事件处理完的三日内,将整个事件情况及处理结果报送发起行;
    四.3: 注意观察该客户的体貌特征,如:身高、体态、脸部的黑痣、疤痕等."""
    room = open_app(staff_url, clock)
    try:
        clock.set(local(2026, 11, 24, 14, 0))
        inc = incidents.register(room, "duty1", ReportInput(
            plan="bank_complaint", title="客户在柜面大声吵闹并摔打物品", channel="onsite", level="severe",
            reporter="赵某", contact=NUMBER, location="城东支行营业厅", mood="情绪激动,推搡保安"))  # fmt: skip
        t = tasks_of(room, inc.id)
        clock.set(local(2026, 11, 24, 14, 4))
        tasks.complete(room, "leader1", t["call_police"].id, "已拨打110")
        clock.set(local(2026, 11, 24, 14, 20))
        tasks.complete(room, "leader1", t["observe"].id, "男,约175cm,左脸颊有疤痕")
    finally:
        room.close()
    out = tmp_path / "origin.pdf"
    code, _, err = cli(staff_url, local(2026, 11, 25, 9, 0), "form", str(inc.id), "origin_report",
                       "--out", str(out), "--as", "leader1")  # fmt: skip
    assert code == 0, err
    text = flat("\n".join(pages(out)))
    for shown in ("客户投诉事件情况及处理结果报告", "严重过激行为", "城东支行营业厅", "情绪激动,推搡保安",
                  flat("完成人:leader1 · 完成时间:2026-11-24 14:04"), flat("期限:2026-11-24 14:05(按时完成)"),
                  "已拨打110", "男,约175cm,左脸颊有疤痕", "经办人签名", "网点负责人签名", "支行负责人(行长)签名",
                  "报送发起行", MASKED):  # fmt: skip
        assert flat(shown) in text, shown


# --- numbers in full, for whom the plan lets ----------------------------------------------
def test_numbers_in_full_for_a_leader_refused_to_a_member(property_case, tmp_path):
    url, iid = property_case
    out = tmp_path / "full.pdf"
    code, _, err = cli(url, local(2026, 11, 24, 17, 40), "form", str(iid), "complaint_record",
                       "--out", str(out), "--unmask", "--as", "leader1")  # fmt: skip
    assert code == 0, err
    assert NUMBER in "".join(pages(out))
    logged = rows(url, "SELECT actor, after FROM audit_log WHERE action = 'form.print'")
    assert [(a, json.loads(after)["form"], json.loads(after)["unmasked"]) for a, after in logged] == [
        ("leader1", "complaint_record", True)]  # fmt: skip
    assert rows(url, "SELECT text FROM log_entries WHERE incident_id = ? AND kind = 'report'", iid) == [
        ("打印《客户投诉记录表》(未遮蔽号码)",)]  # fmt: skip

    refused = tmp_path / "refused.pdf"
    before = rows(url, "SELECT count(*) FROM audit_log")
    code, _, err = cli(url, local(2026, 11, 24, 17, 41), "form", str(iid), "complaint_record",
                       "--out", str(refused), "--unmask", "--as", "member_onsite")  # fmt: skip
    assert code == 3 and "--unmask" in err
    assert not refused.exists() and rows(url, "SELECT count(*) FROM audit_log") == before
    # masked, the member may print it: reading the case is everyone's
    code, _, err = cli(url, local(2026, 11, 24, 17, 42), "form", str(iid), "complaint_record",
                       "--out", str(refused), "--as", "member_onsite")  # fmt: skip
    assert code == 0, err
    assert MASKED in "".join(pages(refused)) and NUMBER not in "".join(pages(refused))


def test_an_unknown_form_exits_2_naming_form_and_the_forms_there_are(property_case, tmp_path):
    url, iid = property_case
    out = tmp_path / "x.pdf"
    code, _, err = cli(url, local(2026, 11, 24, 17, 40), "form", str(iid), "complaint_receipt",
                       "--out", str(out), "--as", "duty1")  # fmt: skip
    assert code == 2 and err.startswith("error: form:")
    assert "major_complaint has no form 'complaint_receipt'" in err
    assert "complaint_record, complaint_handling, customer_info_handling" in err
    assert not out.exists()
    code, _, err = cli(url, local(2026, 11, 24, 17, 40), "form", "999", "complaint_record",
                       "--out", str(out), "--as", "duty1")  # fmt: skip
    assert code == 4 and "incident" in err


def test_a_form_field_with_an_unknown_source_is_refused_naming_its_path():
    data = yaml.safe_load((PLANS_DIR / "001_campus_complaint.yaml").read_text(encoding="utf-8"))
    data["forms"][0]["fields"][1]["source"] = "incident.shoe_size"
    with pytest.raises(PlanError) as info:
        parse_plan(data)
    assert any(e.startswith("forms[0].fields[1].source: the incident has no field 'shoe_size'")
               for e in info.value.errors)  # fmt: skip
    data["forms"][0]["fields"][1]["source"] = "task:no_such_step"
    with pytest.raises(PlanError) as info:
        parse_plan(data)
    assert "forms[0].fields[1].source: no task template 'no_such_step'" in info.value.errors


def test_the_forms_of_an_incident_are_its_plans(property_case, clock):
    url, iid = property_case
    room = open_app(url, clock)
    try:
        assert forms.forms_of(room, "member_onsite", iid) == [
            {"id": "complaint_record", "title": "客户投诉记录表"},
            {"id": "complaint_handling", "title": "投诉处理表"},
            {"id": "customer_info_handling", "title": "客户信息处理表"},
        ]
        clock.set(local(2026, 11, 24, 18, 0))
        other = incidents.register(room, "duty1", ReportInput(plan="group_complaint", title="群体投诉",
                                                             channel="onsite"))  # fmt: skip
        assert forms.forms_of(room, "duty1", other.id) == []  # seed 000 names no form
    finally:
        room.close()
