"""Fills resources/i18n/console_en.ts with English for the Chinese source strings.

The source language is zh_CN. Run after `pyside6-lupdate $(git ls-files "widgets/*.py") -ts resources/i18n/console_en.ts`
(which collects the tr() strings); strings that reach tr() through a variable (form labels,
table headers, channel names) are added here under their class's context."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from console.actions import ACTIONS, Menu  # noqa: E402

TS = ROOT / "resources" / "i18n" / "console_en.ts"

EN = {
    "(暂无重要动态)": "(no significant events yet)", "(未分类)": "(unclassified)",
    "⚠ 告警涌入:10 分钟内 %n 条告警": ("⚠ Alarm flood: %n alarm in 10 minutes", "⚠ Alarm flood: %n alarms in 10 minutes"),
    "一句话说明:谁、在哪、因为什么": "One line: who, where, about what",
    "事件": "Incident", "事件详情": "Incident details", "任务": "Tasks",
    "例如:平稳 / 激动 / 有过激行为": "e.g. calm / agitated / aggressive", "保存 (Ctrl+Enter)": "Save (Ctrl+Enter)",
    "值班日志": "Duty log", "值班日志:输入后回车": "Duty log: type and press Enter", "全部确认": "Acknowledge all",
    "创建组长": "Create the leader", "刷新": "Refresh", "剩余": "Left", "原因:": "Reason:", "受阻": "Blocked",
    "受阻 %n": ("blocked %n", "blocked %n"), "受阻… (Ctrl+B)": "Blocked… (Ctrl+B)", "受阻原因:": "What blocks it:",
    "另有 %n 条告警": ("%n more alarm", "%n more alarms"), "启动预案": "Activate plan", "告警": "Alarms",
    "图表": "Charts", "墙屏模式": "Wall mode", "完成": "Done", "完成 ✔ (Ctrl+Enter)": "Done ✔ (Ctrl+Enter)",
    "完成人/时间": "Done by / at", "完成备注(可选)": "Note on completion (optional)",
    "密码(至少 8 位):": "Password (8+ characters):", "密码:": "Password:",
    "对事件 #%1 启动预案?": "Activate the plan for incident #%1?", "岗位": "Role", "已用": "Elapsed",
    "应急指挥台": "Incident Command Console", "应急指挥台 — 登录": "Incident Command Console — Sign in",
    "接报信息": "Report", "接报登记": "Register report", "接报登记 (Ctrl+N)": "Register report (Ctrl+N)",
    "接报登记…": "Register report…", "推进事件状态": "Advance incident", "推进事件状态…": "Advance incident…",
    "搁置…": "Shelve…", "搁置分钟数:": "Shelve for (minutes):", "搁置告警": "Shelve alarm",
    "搁置最紧急告警…": "Shelve the most urgent alarm…", "撤销完成": "Undo done", "撤销完成 (Ctrl+Z)": "Undo done (Ctrl+Z)",
    "改派任务": "Reassign task", "改派任务…": "Reassign task…", "无法搁置": "Cannot shelve", "无法确认": "Cannot acknowledge",
    "时钟": "Clocks", "时间线": "Timeline", "暂停": "Paused", "期限": "Deadline", "未创建": "Not created",
    "未执行": "Not done", "未来 4 小时到期(按工作组)": "Deadlines in the next 4 hours (by group)",
    "未记录": "Not recorded", "本年度日历未确认": "this year's calendar is unconfirmed",
    "本班各组待办任务数": "Open tasks per group this shift", "本组任务 — %1": "Our group's tasks — %1",
    "标记受阻": "Mark blocked", "标记受阻…": "Mark blocked…", "状态": "State", "用户:": "User:", "用户名:": "User name:",
    "用户名或密码不正确": "Wrong user name or password", "看板": "Boards", "确认": "Acknowledge",
    "确认最紧急告警": "Acknowledge the most urgent alarm", "视图": "View", "记录": "Record",
    "记录本班情况,回车保存(选中事件则记入该事件)": "Log this shift; Enter saves (to the selected incident)",
    "详情": "Details", "语言:": "Language:", "请先在工作组看板中选中一项任务。": "Select a task on a group board first.",
    "请先选中一起事件。": "Select an incident first.", "调整响应级别": "Change response level",
    "调整响应级别…": "Change response level…", "起算": "Started", "超时": "Lapsed", "超时 %n": ("lapsed %n", "lapsed %n"),
    "距现在(分钟)": "From now (minutes)", "距现在(小时)": "From now (hours)", "进行中": "Running",
    "进行中的事件": "Active incidents", "退出": "Quit", "重要(上指挥屏)": "Significant (to the command screen)",
    "预警": "Warning", "首次使用": "First run", "告警声音": "Alarm sound",
    "English(下次登录生效)": "English (from the next sign-in)", "语言将在下次登录时切换": "The language changes at the next sign-in", "最紧急": "Most urgent", "级别": "Level", "待办": "Open",
    "预案": "Plan", "事由": "What happened", "渠道": "Channel", "响应级别": "Response level", "投诉类型": "Complaint type",
    "人数": "People", "核心诉求": "Core demands", "地点": "Location", "投诉人": "Complainant", "联系方式": "Contact",
    "情绪状态": "Emotional state", "接报时间": "Received at", "登记人": "Recorded by",
    "现场": "On site", "电话": "Phone", "网络": "Online", "第三方": "Third party", "待办 ": "Open",
    "已完成": "Done", "数据库中还没有用户。\n\n载入演示数据吗?(群体投诉预案、各岗位用户、几起进行中的事件;密码均为 %1)\n\n选“否”则创建第一位组长。":
        "There are no users in this database yet.\n\nLoad the demo? (the mass-complaint plan, a user for every seat, "
        "a few live incidents; every password is %1)\n\nChoose No to create the first leader.",
    "暂停 (F8)": "Pause (F8)", "继续 (F8)": "Resume (F8)", "结束演练…": "End drill…", "结束演练": "End drill",
    "演练报告…": "Drill report…", "演练评估报告": "Drill report", "脚本代演": "scripted", "已暂停": "paused",
    "已结束": "ended", "最新": "latest", "演练": "Drill", "演练:": "Drill: ",
    "演练总结(可留空,稍后在报告中填写):": "Closing notes (may be left empty and written in the report later):",
    "各组各岗位": "Groups and roles", "告警确认": "Alarm acknowledgement", "与预案时限对比": "Against the plan's deadlines",
    "注入与指挥记录": "Injects and command notes", "演练总结:": "Closing notes:", "保存总结": "Save notes",
    "保存 PDF…": "Save PDF…", "保存 PDF": "Save PDF", "暂停/继续": "Pause / resume",
    "结案报告:预览与打印…": "Incident report: preview and print…", "结案报告": "Incident report", "打印": "Print",
    "交接班单:预览与打印…": "Handover sheet: preview and print…", "交接班单:保存 PDF…": "Handover sheet: save PDF…",
    "交接班单": "Handover sheet", "未打印": "Not printed",
    "⚠ 数据库连接中断(%1 起)。屏幕显示最后已知状态,倒计时按已知期限继续;此时的操作不会保存。正在自动重连…":
        "⚠ Database connection lost (since %1). The screen shows the last known state and the countdowns run on "
        "the known deadlines; actions now are not saved. Reconnecting…",
    "数据库已恢复连接,已同步最新状态": "Database connection restored; the screen is up to date",
}  # fmt: skip

# Strings that reach tr() through a variable, by the context (class) that translates them.
DYNAMIC = {
    "TaskTableModel": ["剩余", "任务", "事件", "岗位", "状态"],
    "IncidentTableModel": ["最紧急", "级别", "事件", "状态", "待办"],
    "IntakeDialog": ["预案", "事由", "渠道", "响应级别", "投诉类型", "人数", "核心诉求", "地点", "投诉人", "联系方式",
                     "情绪状态", "接报时间", "现场", "电话", "网络", "第三方"],
    "IncidentDetail": ["渠道", "接报时间", "投诉人", "联系方式", "人数", "核心诉求", "地点", "情绪状态", "投诉类型",
                       "登记人", "待办", "已完成", "受阻"],
    "QDialog": ["首次使用", "创建组长", "用户名:", "密码(至少 8 位):", "未创建",
                "数据库中还没有用户。\n\n载入演示数据吗?(群体投诉预案、各岗位用户、几起进行中的事件;密码均为 %1)\n\n选“否”则创建第一位组长。"],
}  # fmt: skip
# The window's menus and their items come from console/actions.py, in both languages.
WINDOW_TEXTS = {m.zh: m.en for m in Menu} | {e.item.zh: e.item.en for e in ACTIONS if e.item}
DYNAMIC["MainWindow"] = list(WINDOW_TEXTS)
for source, english in WINDOW_TEXTS.items():
    EN.setdefault(source, english)


def fill() -> int:
    tree = ET.parse(TS)
    root = tree.getroot()
    root.set("sourcelanguage", "zh_CN")
    root.set("language", "en")
    contexts = {c.findtext("name"): c for c in root.findall("context")}
    for name, sources in DYNAMIC.items():
        ctx = contexts.get(name)
        if ctx is None:
            ctx = ET.SubElement(root, "context")
            ET.SubElement(ctx, "name").text = name
            contexts[name] = ctx
        have = {m.findtext("source") for m in ctx.findall("message")}
        for source in sources:
            if source not in have:
                m = ET.SubElement(ctx, "message")
                ET.SubElement(m, "source").text = source
                ET.SubElement(m, "translation")
    missing = []
    for message in root.iter("message"):
        source = message.findtext("source")
        english = EN.get(source)
        translation = message.find("translation")
        if english is None:
            missing.append(source)
            continue
        translation.attrib.pop("type", None)
        for child in list(translation):
            translation.remove(child)
        if message.get("numerus") == "yes":
            forms = english if isinstance(english, tuple) else (english, english)
            translation.text = None
            for form in forms:
                ET.SubElement(translation, "numerusform").text = form
        else:
            translation.text = english if isinstance(english, str) else english[0]
    ET.indent(tree)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    for source in missing:
        print(f"untranslated: {source!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(fill())
