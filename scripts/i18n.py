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
    "受阻 %n": ("blocked %n", "blocked %n"), "预警 %n": ("warning %n", "warning %n"),
    "进行中 %n": ("running %n", "running %n"), "受阻… (Ctrl+B)": "Blocked… (Ctrl+B)", "受阻原因:": "What blocks it:",
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
    "数据库中还没有用户。\n\n载入演示数据吗?(群体投诉预案、各岗位用户、几起进行中的事件;密码均为 %1。此数据库将成为测试库,处处标注“测试”,不能再用于真实事件)\n\n选“否”则创建第一位组长。":
        "There are no users in this database yet.\n\nLoad the demo? (the mass-complaint plan, a user for every seat, "
        "a few live incidents; every password is %1. This database becomes a sandbox, marked 测试 everywhere, "
        "and can no longer be used for real incidents)\n\nChoose No to create the first leader.",
    "脚本与当前预案不符,不再注入:": "The scenario no longer fits the plans; no more injects: ",
    "连续 5 次密码错误,已锁定 5 分钟,请稍后再试": "Five wrong passwords in a row: locked for 5 minutes, try again later",
    "此用户已停用,请联系管理员": "This user is deactivated; ask the administrator",
    "此用户尚未设置密码,请联系管理员": "This user has no password yet; ask the administrator",
    # case work: 接报登记's new fields, evidence, 回访, per-case tasks, complaint type
    "订单号/业务编号": "Order / business no.", "被投诉人/被投诉部门": "Complained-about person / department",
    "首问负责人": "First receiver", "信函": "Letter", "物业单号、银行业务流水号、订单号等": "Work order, bank transaction or order number",
    "被投诉的员工、网点或部门": "The employee, branch or department complained about", " 等": " and more",
    "同一客户近 %1 日内投诉 %2 次": "The same customer complained %2 times in the last %1 days",
    ",其中 %1 件未结": ", %1 still open", ",均已结案": ", all closed",
    "同一号码": "same number", "同一订单号": "same order no.", "同一号码和订单号": "same number and order no.",
    "证据": "Evidence", "回访": "Follow-up call", "文件": "File", "大小": "Size", "上传人": "Added by",
    "上传时间": "Added at", "可将文件拖入本窗口保存为证据(单个文件不超过 %1)":
        "Drop files on this window to keep them as evidence (up to %1 each)",
    "打开": "Open", "另存为…": "Save as…", "另存为": "Save as", "时间": "Time", "回访结果": "Result",
    "回访人": "Called by", "回访情况": "What was said", "重新处理": "Handled again", "第 %1 次": "round %1",
    "(临时任务,%1 新增)": "(ad hoc, added by %1)", "本预案未规定回访。": "This plan asks for no follow-up call.",
    "回访由 %1 负责(组长、副组长亦可)。": "Follow-up calls are made by %1 (or the leader and deputies).",
    "组长": "the leader", "(暂无证据)": "(no evidence yet)",
    "%1\n\n双击或点“打开”用系统程序查看": "%1\n\nDouble-click or press Open to view it in the system viewer",
    "添加证据…": "Attach evidence…", "添加证据": "Attach evidence", "新增临时任务…": "Add a task…",
    "新增临时任务": "Add a task", "登记回访…": "Record a follow-up call…", "登记回访": "Record a follow-up call",
    "调整投诉类型": "Change complaint type", "调整投诉类型…": "Change complaint type…",
    "要做什么,例如:约见住户当面说明处理方案": "What is to be done, e.g. meet the resident to explain the solution",
    "时限": "Within", "截止于": "Due at", "工作组": "Group", "负责人": "Person", "说明": "Note", "新增任务": "Add task",
    "(按岗位,不指定个人)": "(the role, no one in particular)", "当前类型:": "Current type: ",
    "例如:面谈、协商失败,转为恶意投诉": "e.g. the interview and negotiation failed: now a malicious complaint",
    "原因": "Reason", "调整": "Change", "回访情况:联系了谁、对方怎么说": "Whom you reached and what they said",
    "不满意:事件退回处置,按预案重新处理后再次回访。":
        "Dissatisfied: the case goes back to handling, is handled again as the plan says, then called again.",
    "登记": "Record", "请选择回访结果": "Choose the result", "无权登记回访": "Not allowed to record follow-up calls",
    "满意": "Satisfied", "基本满意": "Basically satisfied", "不满意": "Dissatisfied",
    "请先选中一项任务。": "Select a task first.", "本预案未划分投诉类型。": "This plan has no complaint types.",
    "已保存证据:": "Evidence kept: ",
    "是文件夹,请逐个添加其中的文件": "is a folder: attach its files one by one",
    "%1,超过上限 %2(CONSOLE_ATTACHMENT_LIMIT_MB)": "%1, over the limit of %2 (CONSOLE_ATTACHMENT_LIMIT_MB)",
    "未保存为证据": "Not kept as evidence", "以下文件未保存,证据中没有它们:": "These files were not kept; the evidence does not hold them:",
    "所有文件 (*);;图片 (*.png *.jpg *.jpeg *.gif);;PDF (*.pdf)": "All files (*);;Images (*.png *.jpg *.jpeg *.gif);;PDF (*.pdf)",
    "无法打开": "Cannot open", "没有可打开此类文件的程序。副本在:": "No program opens this kind of file. The copy is at:",
    "未保存": "Not saved",
    "我的任务(首问负责)": "My tasks (first receiver)", "完成所选任务": "Complete the selected task",
    # reaching people off their seats: delivery, the call-out's roll, 到位确认
    "通知送达情况(席位以外)": "Delivery off the seats", "请电话联系": "telephone them",
    "未送达:%1 → %2": "Not delivered: %1 → %2",
    "▶ 启动预案:#%1 %2 — 已通知您(%3)到岗,到岗后请确认":
        "▶ Plan activated: #%1 %2 — you (%3) are called to your post; check in when you are there",
    "到位确认 %1/%2": "Checked in %1/%2", "期限 %1": "due %1", "到位确认": "Check in",
    "通知与到位": "Notifications & roll call", "工作组 / 人员": "Group / person", "到位情况": "Roll call",
    "方式": "How", "通知送达": "Delivery", "接收人": "Recipient", "次数": "Attempts", "最后错误": "Last error",
    "本事件没有启动预案的到位通知。": "No call-out for this incident (its plan was not activated).",
    "全员到位": "everyone checked in", "已到位 %1": "Checked in %1", "未确认": "Not yet", "已到位": "Checked in",
    "发出的通知 %n 条": ("%n message sent off the seats", "%n messages sent off the seats"),
    "失败 %n 条,请电话联系": ("%n failed: telephone", "%n failed: telephone"),
    "没有发往席位以外的通知(未配置通知渠道,或尚无告警与到位通知)。":
        "No messages off the seats (no notification channels, or no alarm or call-out yet).",
    "写入 %1": "Written %1", "送达 %1": "Delivered %1", "下次尝试 %1": "Next try %1", "到位": "In",
    "待确认 %n 人": ("%n to check in", "%n to check in"), "全员到位 %1": "All checked in %1",
    "到位 %1": "Checked in %1", "已超时": "overdue",
    "待发送": "Pending", "发送中": "Sending", "已送达": "Delivered", "重试中": "Retrying", "失败": "Failed",
    "已取消": "Cancelled",
    # documents and statistics: reports upward (初报/续报/终报), forms, the 统计 tab
    "初报/续报/终报": "Situation reports", "报告": "Report", "起草初报": "Draft first report",
    "起草续报": "Draft update", "起草终报": "Draft final report", "起草下一份报告:": "Draft the next report:",
    "草稿按案情自动生成:基本情况、处置措施、未完成工作、超时情况、下一步":
        "The draft is written from the case: the facts, what was done, what is open, deadlines missed, next steps",
    "保存修改": "Save changes", "签发": "Sign", "关闭": "Close", "导出 PDF…": "Export PDF…", "导出 PDF": "Export PDF",
    "导出 Word…": "Export Word…", "导出 Word": "Export Word",
    "已签发 · %1 %2": "Signed · %1 %2", "草稿 · %1 起草 %2": "Draft · drafted by %1 %2", "报送 %1": "To %1",
    "报送期限 %1,已超时 %2": "Due %1, overdue by %2",
    "下一份报告的报送期限 %1(剩余 %2)": "The next report is due %1 (%2 left)",
    "尚无报告。点“起草初报”:草稿按案情(基本情况、处置措施、未完成工作、超时情况)自动生成,修改后由组长或副组长签发。":
        "No report yet. Press Draft first report: the draft is written from the case (the facts, what was done, "
        "what is open, deadlines missed); once edited, the leader or a deputy signs it.",
    "%1 已签发,不可修改(%2 于 %3 签发,报送 %4)": "%1 is signed and cannot be changed (signed by %2 at %3, to %4)",
    ",%1 修改于 %2": ", edited by %1 at %2",
    "%1 草稿:%2 起草于 %3%4。签发后不可修改。": "%1, a draft: drafted by %2 at %3%4. Once signed it cannot change.",
    "已起草 %1,请核对修改后保存。": "%1 drafted: check it, edit it and save.", "已保存 %1": "%1 saved",
    "签发 %1?签发后报告定稿,不可再修改。": "Sign %1? A signed report is final and cannot be changed.",
    "未保存的修改将先保存。": "Unsaved changes are saved first.", "%1 已签发,报送 %2": "%1 signed, to %2",
    "注意:导出的是已保存的内容,未保存的修改不在其中。": "Note: the export holds the saved text, not the unsaved changes.",
    "已导出:%1": "Exported: %1", "有未保存的修改,仍要关闭?": "There are unsaved changes. Close anyway?",
    "报告时限": "Reports due", "下次报告": "Next report", "下次%1 %2": "Next %1 %2", "%1超时 %2": "%1 overdue %2",
    "(暂停)": "(paused)", "初报": "first report", "续报": "update", "终报": "final report",
    "打印表单": "Print a form", "本事件的预案没有规定表单。": "This incident's plan has no forms.",
    "本预案的表单(按案情填写):": "The plan's forms (filled from the case):",
    "打印完整号码(记入日志)": "Print numbers in full (logged)", "预览与打印…": "Preview and print…",
    "统计": "Statistics", "重新统计": "Recompute", "从": "From", "至": "to", "本月": "This month", "上月": "Last month", "近30天": "Last 30 days",
    "本年": "This year", "全部": "All", "分类": "By", "接报": "Received", "结案": "Closed",
    "按时完成率": "On-time rate", "告警确认用时(中位数)": "Alarm acknowledgement (median)",
    "回访满意率": "Satisfaction rate", "每日接报与结案": "Received and closed per day", "件数": "Cases",
    "各工作组按时完成率(按时/到期时限)": "On-time rate by group (on time / deadlines due)",
    "%1 至 %2(%3 天),与上期(之前 %3 天)比较 · 统计于 %4,用时 %5 秒":
        "%1 to %2 (%3 days), against the %3 days before · computed at %4 in %5 s",
    "上期无可比数据": "nothing to compare before", "与上期持平": "same as before", "%1 个百分点": "%1 points",
    "较上期 %1": "%1 on the period before", "%1 分钟": "%1 min", "%1 小时": "%1 h",
    "按时 %1 · 超时完成 %2 · 超时未完成 %3": "On time %1 · late %2 · missed %3",
    "回访 %1 次,满意或基本满意 %2 次": "%1 follow-up calls, %2 satisfied or basically satisfied",
    "本期无接报与结案": "Nothing received or closed in the period", "本期没有到期的时限": "No deadline fell due in the period",
    "按时": "On time", "超时完成": "Late", "超时未完成": "Missed", "首次响应(中位)": "First response (median)",
    "结案用时(中位)": "To closure (median)", "确认用时(中位)": "Acknowledged in (median)", "升级": "Escalated",
    "满意率": "Satisfied", "重复投诉人": "Repeat complainants", "合计": "Total", "未导出": "Not exported",
    "导出 Excel…": "Export Excel…", "导出 Excel": "Export Excel", "导出监督报告 PDF…": "Export supervision report PDF…",
    "导出监督报告 PDF": "Export supervision report PDF", "日": "Day", "周": "Week", "月": "Month",
}  # fmt: skip

# Strings that reach tr() through a variable, by the context (class) that translates them.
DYNAMIC = {
    "TaskTableModel": ["剩余", "任务", "事件", "岗位", "状态"],
    "IncidentTableModel": ["最紧急", "级别", "事件", "状态", "待办"],
    "IntakeDialog": ["预案", "事由", "渠道", "响应级别", "投诉类型", "人数", "核心诉求", "地点", "投诉人", "联系方式",
                     "订单号/业务编号", "被投诉人/被投诉部门", "情绪状态", "接报时间", "现场", "电话", "网络", "第三方",
                     "信函"],
    "IncidentDetail": ["渠道", "接报时间", "投诉人", "联系方式", "订单号/业务编号", "被投诉人/被投诉部门", "人数",
                       "核心诉求", "地点", "情绪状态", "投诉类型", "首问负责人", "待办", "已完成", "受阻", "现场", "电话",
                       "网络", "第三方", "信函", "满意", "基本满意", "不满意",
                       "待发送", "发送中", "已送达", "重试中", "失败", "已取消"],
    "RevisitDialog": ["满意", "基本满意", "不满意"],
    # widgets/dialogs/casework.py's functions (QCoreApplication.translate("Casework", …))
    "Casework": ["同一客户近 %1 日内投诉 %2 次", ",其中 %1 件未结", ",均已结案", "是文件夹,请逐个添加其中的文件",
                 "%1,超过上限 %2(CONSOLE_ATTACHMENT_LIMIT_MB)", "未保存为证据", "以下文件未保存,证据中没有它们:",
                 "添加证据", "所有文件 (*);;图片 (*.png *.jpg *.jpeg *.gif);;PDF (*.pdf)", "无法打开",
                 "没有可打开此类文件的程序。副本在:", "另存为", "未保存"],
    "QDialog": ["首次使用", "创建组长", "用户名:", "密码(至少 8 位):", "未创建"],
    # the breakdowns of console/stats (BREAKDOWNS), the report kinds of console/incidents/reporting
    "StatsView": ["工作组", "投诉类型", "渠道", "响应级别", "地点", "日", "周", "月"],
    "ReportClocks": ["初报", "续报", "终报"],
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
