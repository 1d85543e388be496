"""Who may do what. Enforced in the services; the UI only hides what a role cannot use.
The table is console/actions.py: each permission's entry names the roles that hold it."""

from __future__ import annotations

from console.actions import ACTIONS, Action, permission
from console.errors import PermissionDenied
from console.people.roles import GROUP_ROLES, ROLE_NAMES, Role

__all__ = ["ACTION_NAMES", "GROUP_ROLES", "GROUP_SCOPED", "MATRIX", "ROLE_NAMES", "Action", "Role",
           "allowed", "check"]  # fmt: skip

ACTION_NAMES = {action: permission(action).zh for action in Action}

MATRIX: dict[Role, frozenset[Action]] = {
    role: frozenset(action for action in Action if role in permission(action).roles)
    for role in Role
}

# Coordinators and members act on their own group's tasks and alarms only; supervisors, who
# otherwise only read, complete their own (监督小组's) tasks only.
GROUP_SCOPED = frozenset(e.needs for e in ACTIONS if e.own_group and e.needs is not None)


def allowed(
    role: str, action: Action, user_group: str | None = None, target_group: str | None = None
) -> bool:
    try:
        r = Role(role)
    except ValueError:
        return False
    if action not in MATRIX[r]:
        return False
    if (r in GROUP_ROLES or r is Role.SUPERVISOR) and action in GROUP_SCOPED:
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
