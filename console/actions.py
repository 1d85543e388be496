"""Every action of the console, declared once: what it is called (Chinese, English), who may
do it, what it writes to the audit log, its command-line words, where it sits in the
window and which drill response plays it.

From this table come the permission matrix (console/people/permissions.py), the verbs of
"已被 X 于 T 完成" (console/services/common.py), the drill response kinds
(console/drills/scenario.py), the command line's commands and their help (console/cli) and
the window's menus and shortcuts (widgets/window.py, which keeps the slots). Entries without
a permission are the window's own (refresh, quit, wall mode …) or commands that only read.

An entry whose id is an `Action` value is that permission: its `roles` may do it, and with
`own_group` coordinators and members only on their own group's tasks and alarms. Other
entries name the permission they need (`needs`) and carry no roles of their own."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum

from console.people.roles import Role


class Action(StrEnum):
    """The permissions the services check."""

    READ = "read"
    REGISTER = "register"
    ACTIVATE = "activate"
    REGRADE = "regrade"
    ADVANCE = "advance"
    REASSIGN = "reassign"
    COMPLETE = "complete"
    REOPEN = "reopen"
    BLOCK = "block"
    NOTE = "note"
    PAUSE = "pause"
    ACK = "ack"
    SHELVE = "shelve"
    SHIFT = "shift"
    FORCE_HANDOVER = "force_handover"
    MANAGE_USERS = "manage_users"
    DRILL = "drill"
    ADD_TASK = "add_task"
    REVISIT = "revisit"
    ATTACH = "attach"
    SITREP = "sitrep"
    SIGN = "sign"
    HELP = "help"
    ACK_HELP = "ack_help"


class Menu(Enum):
    """The window's menus, in the menu bar's order."""

    INCIDENT = ("事件", "Incident")
    TASK = ("任务", "Tasks")
    ALARM = ("告警", "Alarms")
    PRINT = ("打印", "Print")
    VIEW = ("视图", "View")
    DRILL = ("演练", "Drill")

    def __init__(self, zh: str, en: str) -> None:
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class Item:
    """An entry's place in the window: its menu, its text there and its shortcut."""

    menu: Menu
    zh: str
    en: str
    shortcut: str


@dataclass(frozen=True)
class Command:
    """A command of the command line (`main.py WORDS …`) and its help."""

    words: tuple[str, ...]
    help: str


@dataclass(frozen=True)
class Entry:
    id: str
    zh: str  # how the action is named (in refusals: "无权" + zh)
    en: str
    needs: Action | None = None  # the permission it takes; None: anyone, or the shell
    roles: frozenset[Role] = frozenset()  # who holds the permission (its own entry only)
    own_group: bool = False  # coordinators and members: their own group's only
    verbs: tuple[tuple[str, str], ...] = ()  # audit action → how "已被 X 于 T …" says it
    cli: tuple[Command, ...] = ()
    item: Item | None = None
    response: str | None = None  # a drill scenario's response of this kind plays it
    # Its commands change this database (on a real one they record the machine's clock:
    # --now is refused); the others only read it, or act in a drill's own database.
    writes: bool = False

    @property
    def shortcut(self) -> str:
        return self.item.shortcut if self.item else ""


def _cli(*commands: tuple[str, str]) -> tuple[Command, ...]:
    """("shift start", "open a shift") → Command(("shift", "start"), "open a shift")."""
    return tuple(Command(tuple(words.split()), help) for words, help in commands)


L, D, C, M = Role.LEADER, Role.DEPUTY, Role.COORDINATOR, Role.MEMBER
DO, S, DIR = Role.DUTY_OFFICER, Role.SUPERVISOR, Role.DIRECTOR
EVERYONE = frozenset(Role)
A = Action

# In the command line's order (its help lists the commands so); a menu lists its items in
# this order too.
ACTIONS: tuple[Entry, ...] = (
    Entry("read", "查看", "View", A.READ, EVERYONE),
    Entry("demo", "载入演示数据", "Load the demo data", writes=True,
          cli=_cli(("demo", "load the demo data (plans' people, cases under way) into an empty database, "
                            "made a sandbox (测试)"))),
    Entry("migrate", "升级数据库", "Migrate the database", writes=True,
          cli=_cli(("migrate", "bring the database to the current schema (--sandbox: mark a new one a sandbox)"))),
    Entry("plans", "预案", "Plans",
          cli=_cli(("plans list", "the loaded plans"), ("plans check", "validate a plan file"))),
    Entry("manage_users", "管理用户", "Manage users", A.MANAGE_USERS, frozenset({L}), writes=True,
          cli=_cli(("users add", "add a user"),
                   ("users deactivate", "deactivate a user (no sign-in, no actions, no alarms)"),
                   ("users activate", "activate a deactivated user again"),
                   ("users token", "make an API token for a user (printed once)"),
                   ("users revoke-token", "revoke an API token"))),
    Entry("passwd", "修改密码", "Change password", writes=True,
          cli=_cli(("users passwd", "set a password (the user themself, or the administrator)"))),
    Entry("users", "用户", "Users",
          cli=_cli(("users list", "list users"), ("users tokens", "list API tokens (never the tokens)"))),
    Entry("contact", "设置联系方式", "Set contact addresses", writes=True,
          cli=_cli(("users contact", "a person's own mobile and e-mail, for messages off the seat "
                                     "(by themself, a leader or the administrator)"))),
    Entry("notify_admin", "管理通知渠道", "Manage notification channels", A.MANAGE_USERS, writes=True,
          cli=_cli(("notify channel", "notification channels: add NAME --url URL [--group G], "
                                      "list, remove NAME (secrets never printed)"),
                   ("notify test", "send a test message on a channel now"))),
    Entry("notify_log", "通知记录", "Notification log",
          cli=_cli(("notify log", "messages sent off the seat: state, attempts, last error"))),
    # 接报登记 is front-line work: 客服员 (members), coordinators and duty officers register.
    Entry("register", "接报登记", "Register report", A.REGISTER, frozenset({L, D, C, M, DO, DIR}),
          writes=True,
          cli=_cli(("report", "接报登记: register a report")),
          item=Item(Menu.INCIDENT, "接报登记…", "Register report…", "Ctrl+N")),
    Entry("follow_up", "续报", "Follow-up report", A.REGISTER,
          verbs=(("incident.follow_up", "续报"),)),
    Entry("detail", "事件详情", "Incident details", A.READ,
          item=Item(Menu.INCIDENT, "事件详情", "Incident details", "Ctrl+D")),
    Entry("activate", "启动预案", "Activate plan", A.ACTIVATE, frozenset({L, D}),
          verbs=(("incident.activate", "启动预案"),),
          writes=True,
          cli=_cli(("activate", "启动预案: activate the plan for an incident")),
          item=Item(Menu.INCIDENT, "启动预案", "Activate plan", "Ctrl+Shift+A"),
          response="activate"),
    Entry("regrade", "调整响应级别", "Change response level", A.REGRADE, frozenset({L, D}),
          verbs=(("incident.regrade", "调整级别"), ("task.cancel", "取消")),
          writes=True,
          cli=_cli(("regrade", "change the response level")),
          item=Item(Menu.INCIDENT, "调整响应级别…", "Change response level…", "Ctrl+G"),
          response="regrade"),
    Entry("advance", "推进事件状态", "Advance incident", A.ADVANCE, frozenset({L, D}),
          verbs=(("incident.advance", "推进状态"),),
          writes=True,
          cli=_cli(("advance", "move the incident to a state")),
          item=Item(Menu.INCIDENT, "推进事件状态…", "Advance incident…", "Ctrl+P"),
          response="advance"),
    Entry("retype", "调整投诉类型", "Change complaint type", A.REGRADE,
          verbs=(("incident.retype", "调整类型"),),
          writes=True,
          cli=_cli(("retype", "change the complaint type (adds and cancels the tasks it calls for)")),
          response="retype",
          item=Item(Menu.INCIDENT, "调整投诉类型…", "Change complaint type…", "Ctrl+Shift+G")),
    Entry("revisit", "登记回访", "Record a follow-up call", A.REVISIT, frozenset({L, D, C, M, S}),
          verbs=(("incident.revisit", "登记回访"),),
          writes=True,
          cli=_cli(("revisit", "回访: record a follow-up result (dissatisfied reopens handling)")),
          item=Item(Menu.INCIDENT, "登记回访…", "Record a follow-up call…", "Ctrl+Shift+V")),
    Entry("attach", "上传证据", "Attach evidence", A.ATTACH, frozenset({L, D, C, M, DO}),
          verbs=(("attachment.add", "上传"),),
          writes=True,
          cli=_cli(("attach", "keep a file as evidence of an incident (its bytes and SHA-256)")),
          item=Item(Menu.INCIDENT, "添加证据…", "Attach evidence…", "Ctrl+O")),
    Entry("sitrep", "起草报告", "Draft a report", A.SITREP, frozenset({L, D, C, DO}),
          verbs=(("sitrep.draft", "起草"), ("sitrep.edit", "修改")),
          writes=True,
          cli=_cli(("sitrep add", "draft a 初报/续报/终报 (--kind first|update|final), prefilled from the case"),
                   ("sitrep edit", "change a draft's text (a signed report is frozen)")),
          item=Item(Menu.INCIDENT, "初报/续报/终报…", "Situation reports…", "Ctrl+E")),
    Entry("sign", "签发报告", "Sign a report", A.SIGN, frozenset({L, D}),
          verbs=(("sitrep.sign", "签发"),),
          writes=True,
          cli=_cli(("sitrep sign", "签发: issue a draft (its time fixed, the report frozen)"))),
    Entry("sitreps", "报告", "Reports",
          cli=_cli(("sitrep list", "an incident's reports upward, in order"))),
    Entry("sitrep_print", "打印报告", "Print a report", A.READ,
          writes=True,
          cli=_cli(("sitrep pdf", "a report as PDF"), ("sitrep docx", "a report as Word (.docx)"))),
    Entry("form", "打印表单", "Print a form", A.READ,
          writes=True,
          cli=_cli(("form", "print one of the plan's forms for an incident (《投诉接收单》…) to a PDF")),
          item=Item(Menu.PRINT, "表单…", "Forms…", "Ctrl+Shift+F")),
    Entry("stats", "统计分析", "Statistics", A.READ,
          cli=_cli(("stats", "statistics of a period (--from --to): clocks, alarms, 回访, repeat "
                             "complainants, by group/type/…; --xlsx, --pdf")),
          item=Item(Menu.VIEW, "统计分析", "Statistics", "Ctrl+Shift+T")),
    Entry("attachments", "证据", "Evidence",
          cli=_cli(("attachments", "an incident's evidence (names, sizes, SHA-256)"),
                   ("attachment get", "write an attachment's exact bytes to a file (hash checked)"))),
    Entry("show", "事件及其任务", "An incident with its tasks",
          cli=_cli(("show", "an incident with its tasks"))),
    Entry("incidents", "进行中的事件", "Active incidents",
          cli=_cli(("incidents", "active incidents"))),
    # 监督小组 (supervisors) complete their own group's tasks (回访验证, 审计): nothing else.
    Entry("complete", "完成任务", "Complete task", A.COMPLETE, frozenset({L, D, C, M, S}), True,
          verbs=(("task.done", "完成"),),
          writes=True,
          cli=_cli(("done", "complete a task")),
          item=Item(Menu.TASK, "完成", "Done", "Ctrl+Return"),
          response="complete"),
    Entry("reopen", "重开任务", "Reopen task", A.REOPEN, frozenset({L, D, C}), True,
          verbs=(("task.reopen", "重开"),),
          writes=True,
          cli=_cli(("reopen", "reopen a done or blocked task"))),
    Entry("block", "标记任务受阻", "Mark task blocked", A.BLOCK, frozenset({L, D, C, M, DIR}), True,
          verbs=(("task.block", "标记受阻"),),
          writes=True,
          cli=_cli(("block", "mark a task blocked")),
          item=Item(Menu.TASK, "标记受阻…", "Mark blocked…", "Ctrl+B"),
          response="block"),
    Entry("undo", "撤销完成", "Undo done", A.COMPLETE,
          verbs=(("task.undo", "撤销完成"),),
          item=Item(Menu.TASK, "撤销完成", "Undo done", "Ctrl+Z")),
    Entry("add_task", "新增临时任务", "Add a task", A.ADD_TASK, frozenset({L, D, C}), True,
          verbs=(("task.create", "新增"),),
          writes=True,
          cli=_cli(("task add", "a task for this case with its own deadline (--due or --within)")),
          item=Item(Menu.TASK, "新增临时任务…", "Add a task…", "Ctrl+T")),
    Entry("reassign", "改派任务", "Reassign task", A.REASSIGN, frozenset({L, D}),
          verbs=(("task.reassign", "改派"),),
          writes=True,
          cli=_cli(("reassign", "move a task to another group/role or person")),
          item=Item(Menu.INCIDENT, "改派任务…", "Reassign task…", "Ctrl+R")),
    Entry("board", "待办任务", "Open tasks",
          cli=_cli(("board", "open tasks across incidents, most urgent first"))),
    Entry("log", "时间线", "Timeline", cli=_cli(("log", "an incident's timeline"))),
    Entry("note", "记录值班日志", "Write the duty log", A.NOTE, frozenset({L, D, C, M, DO, DIR}),
          writes=True,
          cli=_cli(("note", "write a duty-log entry")),
          response="note"),
    Entry("clocks", "时钟", "Clocks",
          cli=_cli(("clocks", "an incident's SLA clocks with their history"))),
    Entry("sweep", "扫描到期告警", "Sweep alarms",
          writes=True,
          cli=_cli(("sweep", "raise every alarm due as of the clock; print what was raised"))),
    Entry("alarms", "告警", "Alarms", cli=_cli(("alarms", "alarms, most urgent first"))),
    Entry("serve", "后台服务", "Headless service", writes=True,
          cli=_cli(("serve", "the alarm scheduler and the sender without a window, until SIGTERM "
                             "(--once: one pass, then exit)"))),
    Entry("ack", "确认告警", "Acknowledge alarm", A.ACK, frozenset({L, D, C, M, DO}), True,
          verbs=(("alarm.ack", "确认"),),
          writes=True,
          cli=_cli(("ack", "acknowledge an alarm")),
          item=Item(Menu.ALARM, "确认最紧急告警", "Acknowledge the most urgent alarm", "Ctrl+K"),
          response="ack"),
    Entry("help", "求助", "Ask the command for help", A.HELP, frozenset({C, M, DO}), True,
          verbs=(("help.ask", "求助"),),
          writes=True,
          item=Item(Menu.TASK, "就所选任务求助…", "Ask for help with the chosen task…", "Ctrl+J")),
    Entry("ack_help", "收到求助", "Acknowledge a request for help", A.ACK_HELP, frozenset({L, D}),
          verbs=(("help.ack", "收到"),),
          writes=True,
          item=Item(Menu.ALARM, "收到最早的求助", "Acknowledge the oldest request for help",
                    "Ctrl+Shift+K")),
    Entry("shelve", "搁置告警", "Shelve alarm", A.SHELVE, frozenset({L, D, C}), True,
          verbs=(("alarm.shelve", "搁置"),),
          writes=True,
          cli=_cli(("shelve", "put an alarm aside for N minutes")),
          item=Item(Menu.ALARM, "搁置最紧急告警…", "Shelve the most urgent alarm…", "Ctrl+H")),
    Entry("pause", "暂停/恢复计时", "Pause/resume a clock", A.PAUSE, frozenset({L, D, C}), True,
          verbs=(("task.pause", "暂停计时"), ("task.resume", "恢复计时")),
          writes=True,
          cli=_cli(("pause", "pause a task's clock"),
                   ("resume", "resume a task's clock (its deadline moves by the pause)"))),
    Entry("calendar_import", "导入工作日历", "Import the working calendar", A.MANAGE_USERS,
          writes=True,
          cli=_cli(("calendar import", "import a year's official holiday notice"))),
    Entry("calendar_show", "工作日历", "Working calendar",
          cli=_cli(("calendar show", "holidays and make-up workdays of a year"))),
    Entry("checkin", "到位确认", "Check in", writes=True,
          verbs=(("callout.checkin", "到位确认"),),
          cli=_cli(("checkin", "到位确认: confirm you are at your post after 启动预案's call-out"))),
    Entry("roll", "到位情况", "Call-out roll",
          cli=_cli(("roll", "who was called out at 启动预案, by group, and who has confirmed"))),
    Entry("shift", "交接班", "Shift handover", A.SHIFT, frozenset({L, D, DO}),
          writes=True,
          cli=_cli(("shift start", "open a shift"), ("shift handover", "hand the open shift over"))),
    Entry("force_handover", "强制交接班", "Forced handover", A.FORCE_HANDOVER, frozenset({L, D})),
    Entry("shift_show", "当前班次", "The open shift", cli=_cli(("shift show", "the open shift"))),
    Entry("handover_sheet", "交接班单", "Handover sheet", A.READ,
          writes=True,
          cli=_cli(("handover", "print the handover sheet (交接班单) to a PDF")),
          item=Item(Menu.PRINT, "交接班单:预览与打印…", "Handover sheet: preview and print…",
                    "Ctrl+Shift+P")),
    Entry("handover_sheet_pdf", "交接班单:保存 PDF", "Handover sheet: save PDF", A.READ,
          item=Item(Menu.PRINT, "交接班单:保存 PDF…", "Handover sheet: save PDF…", "Ctrl+Shift+S")),
    Entry("incident_report", "结案报告", "Incident report", A.READ,
          writes=True,
          cli=_cli(("report-pdf", "print an incident's report (结案报告) to a PDF"))),
    Entry("scenarios", "演练脚本", "Drill scenarios",
          cli=_cli(("drill list", "the scenarios in resources/drills and the sessions beside this database"),
                   ("drill check", "validate a scenario file"))),
    Entry("drill", "组织演练", "Run a drill", A.DRILL, frozenset({L, D, DIR}),
          cli=_cli(("drill run", "run a scenario in its own database (a window unless --headless)"))),
    Entry("drill_report", "演练报告", "Drill report", A.READ,
          cli=_cli(("drill report", "print a session's drill report (PDF)"))),
    Entry("drill_pause", "暂停/继续演练", "Pause / resume the drill", A.DRILL,
          cli=_cli(("drill pause", "pause a running drill"), ("drill resume", "resume a paused drill")),
          item=Item(Menu.DRILL, "暂停/继续", "Pause / resume", "F8")),
    Entry("drill_stop", "结束演练", "End drill", A.DRILL,
          cli=_cli(("drill stop", "end a drill (with --notes: the closing notes)")),
          item=Item(Menu.DRILL, "结束演练…", "End drill…", "Ctrl+Shift+E")),
    Entry("drill_review", "演练报告(窗口)", "Drill report (window)", A.READ,
          item=Item(Menu.DRILL, "演练报告…", "Drill report…", "Ctrl+Shift+R")),
    Entry("audit", "核验审计链", "Verify the audit chain",
          cli=_cli(("audit verify", "check the hash chain (--anchor: against a head written down)"),
                   ("audit head", "the chain's head (SEQ:HASH), to write down or sign"))),
    # the window's own
    Entry("search", "搜索", "Search", item=Item(Menu.VIEW, "搜索…", "Search…", "Ctrl+F")),
    Entry("shortcuts", "快捷键一览", "Keyboard shortcuts",
          item=Item(Menu.VIEW, "快捷键一览", "Keyboard shortcuts", "F1")),
    Entry("wall", "墙屏模式", "Wall mode", item=Item(Menu.VIEW, "墙屏模式", "Wall mode", "F11")),
    Entry("sound", "告警声音", "Alarm sound",
          item=Item(Menu.VIEW, "告警声音", "Alarm sound", "Ctrl+M")),
    Entry("language", "界面语言", "Language",
          item=Item(Menu.VIEW, "English(下次登录生效)", "English (from the next sign-in)", "Ctrl+L")),
    Entry("refresh", "刷新", "Refresh", item=Item(Menu.VIEW, "刷新", "Refresh", "F5")),
    Entry("quit", "退出", "Quit", item=Item(Menu.VIEW, "退出", "Quit", "Ctrl+Q")),
)  # fmt: skip

# The command groups of the command line (`main.py shift start`): the group's help.
GROUPS = {
    "plans": "plans: list, check FILE",
    "users": "users: add, list, deactivate, activate, passwd, contact, token, tokens, revoke-token",
    "calendar": "working calendar: import FILE, show YEAR",
    "shift": "duty shifts: start, handover, show",
    "drill": "演练 drills: list, check FILE, run FILE, report SESSION, pause/resume/stop SESSION",
    "audit": "audit chain: verify [--anchor SEQ:HASH], head",
    "task": "per-case tasks: add INCIDENT --title T --group G (--due ISO | --within DURATION)",
    "attachment": "evidence: get ID --out FILE",
    "notify": "notifications off the seat: channel add|list|remove, test NAME, log",
    "sitrep": "reports upward 初报/续报/终报: add, edit, sign, list, pdf, docx",
}

BY_ID = {e.id: e for e in ACTIONS}
BY_COMMAND = {c.words: e for e in ACTIONS for c in e.cli}  # ("shift", "start") → its entry


def entry(entry_id: str) -> Entry:
    return BY_ID[entry_id]


def permission(action: Action) -> Entry:
    """The entry that is the permission: its roles, its name."""
    return BY_ID[action.value]


def commands() -> tuple[Command, ...]:
    """Every command of the command line, in its order."""
    return tuple(c for e in ACTIONS for c in e.cli)


def command_words() -> tuple[str, ...]:
    """The first words of the commands (`shift`, not `shift start`), in order, once each."""
    return tuple(dict.fromkeys(c.words[0] for c in commands()))


def in_menu(menu: Menu) -> tuple[Entry, ...]:
    return tuple(e for e in ACTIONS if e.item is not None and e.item.menu is menu)


def _require(holds: bool, what: str) -> None:
    if not holds:
        raise ValueError(f"console/actions.py: {what}")


def _check() -> None:
    """The table holds together: a mistake in it fails at import, not in front of a user."""
    ids = [e.id for e in ACTIONS]
    _require(len(ids) == len(set(ids)), "an entry id twice")
    for action in Action:
        own = BY_ID.get(action.value)
        _require(own is not None and own.needs is action, f"no entry for permission {action}")
    for e in ACTIONS:
        if e.id not in set(Action):
            _require(not e.roles and not e.own_group, f"{e.id}: roles belong to {e.needs}'s entry")
    verbs = [audit for e in ACTIONS for audit, _ in e.verbs]
    _require(len(verbs) == len(set(verbs)), "an audit action with two verbs")
    words = [c.words for c in commands()]
    _require(len(words) == len(set(words)), "a command twice")
    for w in words:
        _require((len(w) == 1) != (w[0] in GROUPS), f"{' '.join(w)}: group or command?")
    shortcuts = [e.shortcut for e in ACTIONS if e.shortcut]
    _require(len(shortcuts) == len(set(shortcuts)), "a shortcut twice")
    kinds = [e.response for e in ACTIONS if e.response]
    _require(len(kinds) == len(set(kinds)), "a drill response kind twice")


_check()
