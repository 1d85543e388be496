"""Who may do what. Enforced in the services; the UI only hides what a role cannot use."""

from __future__ import annotations

from enum import StrEnum

from console.errors import PermissionDenied


class Role(StrEnum):
    LEADER = "leader"
    DEPUTY = "deputy"
    COORDINATOR = "coordinator"
    MEMBER = "member"
    DUTY_OFFICER = "duty_officer"
    SUPERVISOR = "supervisor"
    DIRECTOR = "director"  # 演练导演: plays the outside world in a drill database only


ROLE_NAMES = {
    Role.LEADER: "组长",
    Role.DEPUTY: "副组长",
    Role.COORDINATOR: "工作组负责人",
    Role.MEMBER: "组员",
    Role.DUTY_OFFICER: "值班员",
    Role.SUPERVISOR: "监督",
    Role.DIRECTOR: "演练导演",
}

GROUP_ROLES = frozenset({Role.COORDINATOR, Role.MEMBER})


class Action(StrEnum):
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


ACTION_NAMES = {
    Action.READ: "查看",
    Action.REGISTER: "接报登记",
    Action.ACTIVATE: "启动预案",
    Action.REGRADE: "调整响应级别",
    Action.ADVANCE: "推进事件状态",
    Action.REASSIGN: "改派任务",
    Action.COMPLETE: "完成任务",
    Action.REOPEN: "重开任务",
    Action.BLOCK: "标记任务受阻",
    Action.NOTE: "记录值班日志",
    Action.PAUSE: "暂停/恢复计时",
    Action.ACK: "确认告警",
    Action.SHELVE: "搁置告警",
    Action.SHIFT: "交接班",
    Action.FORCE_HANDOVER: "强制交接班",
    Action.MANAGE_USERS: "管理用户",
    Action.DRILL: "组织演练",
}

_ALL = frozenset(Action)
MATRIX: dict[Role, frozenset[Action]] = {
    Role.LEADER: _ALL,
    Role.DEPUTY: _ALL - {Action.MANAGE_USERS},
    Role.COORDINATOR: frozenset(
        {Action.READ, Action.COMPLETE, Action.REOPEN, Action.BLOCK, Action.NOTE, Action.PAUSE}
        | {Action.ACK, Action.SHELVE}
    ),
    Role.MEMBER: frozenset({Action.READ, Action.COMPLETE, Action.BLOCK, Action.NOTE, Action.ACK}),
    # The duty desk watches every alarm and may acknowledge any of them.
    Role.DUTY_OFFICER: frozenset(
        {Action.READ, Action.REGISTER, Action.NOTE, Action.ACK, Action.SHIFT}
    ),
    Role.SUPERVISOR: frozenset({Action.READ}),  # 监督小组: read-only, audits
    # Injects: new reports and follow-ups, notes, and a task blocked from outside.
    Role.DIRECTOR: frozenset(
        {Action.READ, Action.REGISTER, Action.NOTE, Action.BLOCK, Action.DRILL}
    ),
}

# Coordinators and members act on their own group's tasks and alarms only.
GROUP_SCOPED = frozenset(
    {Action.COMPLETE, Action.REOPEN, Action.BLOCK, Action.PAUSE, Action.ACK, Action.SHELVE}
)


def allowed(
    role: str, action: Action, user_group: str | None = None, target_group: str | None = None
) -> bool:
    try:
        r = Role(role)
    except ValueError:
        return False
    if action not in MATRIX[r]:
        return False
    if r in GROUP_ROLES and action in GROUP_SCOPED:
        return user_group is not None and user_group == target_group
    return True


def check(name: str, role: str, action: Action, user_group: str | None = None,
          target_group: str | None = None) -> None:  # fmt: skip
    if allowed(role, action, user_group, target_group):
        return
    who = f"{name}({ROLE_NAMES.get(role, role)}{'·' + user_group if user_group else ''})"  # type: ignore[call-overload]
    what = ACTION_NAMES[action]
    if target_group is not None and action in MATRIX.get(Role(role), frozenset()):
        raise PermissionDenied(
            f"permission: {who} 只能处理本组的任务和告警,不能{what}({target_group} 组)"
        )
    raise PermissionDenied(f"permission: {who} 无权{what}")
