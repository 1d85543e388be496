"""The roles people hold at the console (the permissions they carry: console/actions.py)."""

from __future__ import annotations

from enum import StrEnum


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
