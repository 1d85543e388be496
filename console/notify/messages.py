"""What a message off the seat says: pure functions of what happened, no database.

A message names the incident, the task, the deadline, how far over it is (as of when the
message was written) and how to acknowledge; a call-out says where to be and how to
confirm (到位确认)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from console.people.privacy import mask_phone
from console.time.format import countdown, local_short

KIND_WORDS = {"warning": "预警", "lapsed": "超时", "escalated": "升级", "repeat": "重发"}
STEP_WORDS = {0: "A角", 1: "B角", 2: "组长"}


@dataclass(frozen=True)
class AlarmNote:
    """An alarm, as a message tells it."""

    alarm_id: int
    kind: str  # warning | lapsed
    incident_id: int
    incident_title: str
    level: str
    what: str  # the task's title, or the incident clock's rule name
    group: str  # the work group's name
    due_at: datetime
    now: datetime
    tz: ZoneInfo
    step: int = 0
    repeat: int = 0  # 0: the first message; n: the n-th repeat
    stand_in: str = ""
    watermark: str = ""  # 测试 / 演练: the title says so


def _title_prefix(watermark: str) -> str:
    return f"【{watermark}】" if watermark else ""


def alarm_message(n: AlarmNote) -> tuple[str, str]:
    """(title, body) of an alarm's message, its escalation's or its repeat's."""
    kind = KIND_WORDS.get(n.kind, n.kind)
    head = f"{kind}告警"
    if n.step:
        head += f" · 已升级至{STEP_WORDS.get(n.step, str(n.step))}"
    if n.repeat:
        head += f" · 第 {n.repeat} 次重发(未确认)"
    title = f"{_title_prefix(n.watermark)}【应急指挥台】{head}:事件#{n.incident_id} {n.what}"
    left = (n.due_at - n.now).total_seconds()
    as_of = n.now.astimezone(n.tz).strftime("%H:%M:%S")
    timing = (f"已超时 {countdown(-left)}(截至 {as_of})" if left <= 0
              else f"距期限 {countdown(left)}(截至 {as_of})")  # fmt: skip
    lines = [
        f"事件:#{n.incident_id} {n.incident_title}({n.level})",
        f"任务:{n.what}({n.group}){n.stand_in}",
        f"期限:{local_short(n.due_at, n.tz)}  {timing}",
        f"确认:在席位上点“确认”,或运行 main.py ack {n.alarm_id};确认后不再重发与升级。",
    ]
    return title, "\n".join(lines)


@dataclass(frozen=True)
class CalloutNote:
    incident_id: int
    incident_title: str
    level: str
    plan_name: str
    group: str
    due_at: datetime | None
    tz: ZoneInfo
    watermark: str = ""


def callout_message(n: CalloutNote) -> tuple[str, str]:
    """(title, body) of 启动预案's call-out: 通知各工作组成员到位."""
    title = (f"{_title_prefix(n.watermark)}【应急指挥台】启动预案,请立即到位:"
             f"事件#{n.incident_id} {n.incident_title}")  # fmt: skip
    by = f",于 {local_short(n.due_at, n.tz)} 前" if n.due_at else ""
    lines = [
        f"已启动《{n.plan_name}》:事件#{n.incident_id} {n.incident_title}({n.level})。",
        f"请立即到{n.group}岗位{by}确认到位:在席位上点“到位确认”,或运行 main.py checkin {n.incident_id}。",
    ]
    return title, "\n".join(lines)


@dataclass(frozen=True)
class HelpNote:
    """A group's request for help (求助), as the leaders' message tells it."""

    request_id: int
    incident_id: int
    incident_title: str
    level: str
    task: str
    group: str
    reason: str
    asked_by: str
    asked_at: datetime
    tz: ZoneInfo
    watermark: str = ""


def help_message(n: HelpNote) -> tuple[str, str]:
    """(title, body) of 求助, to those who acknowledge it (leaders, deputies) off their seats."""
    title = (
        f"{_title_prefix(n.watermark)}【应急指挥台】求助:{n.group} 事件#{n.incident_id} {n.task}"
    )
    lines = [
        f"事件:#{n.incident_id} {n.incident_title}({n.level})",
        f"任务:{n.task}({n.group})",
        f"求助:{mask_phone(n.reason)}({n.asked_by} {local_short(n.asked_at, n.tz)})",
        "收到:在指挥屏上点“收到”(Ctrl+Shift+K)。",
    ]
    return title, "\n".join(lines)


def mention_line(scheme: str, people: list[tuple[str, str, str]]) -> str:
    """How a robot message names its people ((name, display name, mobile) each): 钉钉 @-s a
    mobile in the text (the robot's atMobiles makes it ring), the others by name."""
    marks = []
    for name, display, mobile in people:
        if scheme == "dingtalk" and mobile:
            marks.append(f"@{mobile}")
        else:
            marks.append(f"@{display or name}")
    return " ".join(marks)
