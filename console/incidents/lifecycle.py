"""The incident lifecycle 接报 → 研判 → 启动预案 → 处置 → 反馈 → 归档/结案 (seed 002's closed
loop 受理-调查-处理-反馈-归档), and the task states. Pure data and functions."""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    REPORTED = "reported"
    ASSESSING = "assessing"
    ACTIVATED = "activated"
    HANDLING = "handling"
    FEEDBACK = "feedback"
    CLOSED = "closed"


STATE_NAMES = {
    State.REPORTED: "接报",
    State.ASSESSING: "研判",
    State.ACTIVATED: "启动预案",
    State.HANDLING: "处置",
    State.FEEDBACK: "反馈",
    State.CLOSED: "归档/结案",
}

# 研判 may conclude that no plan is needed (结案 directly); a complaint the procedure handles
# without the emergency organisation goes from 接报 or 研判 straight to 处置 (seed 002's
# 受理-调查-处理-反馈-归档); 反馈 goes back to 处置 when the complainant still objects (seed
# 001: 如投诉人仍有异议,则继续调查处理; a 不满意 回访).
TRANSITIONS: dict[State, frozenset[State]] = {
    State.REPORTED: frozenset({State.ASSESSING, State.ACTIVATED, State.HANDLING}),
    State.ASSESSING: frozenset({State.ACTIVATED, State.HANDLING, State.CLOSED}),
    State.ACTIVATED: frozenset({State.HANDLING}),
    # a case handled by the procedure may still call for the emergency organisation (a
    # re-grade to 重大/紧急 while it is handled): activated once, from any open state
    State.HANDLING: frozenset({State.FEEDBACK, State.ACTIVATED}),
    State.FEEDBACK: frozenset({State.HANDLING, State.CLOSED, State.ACTIVATED}),
    State.CLOSED: frozenset(),
}

ACTIVE_STATES = frozenset(State) - {State.CLOSED}


def allowed(current: State, target: State) -> bool:
    return target in TRANSITIONS[current]


def parse_state(text: str) -> State:
    """Accepts the English id or the Chinese name (处置, 归档, 结案 …)."""
    for state in State:
        if text == state.value or text in STATE_NAMES[state].split("/"):
            return state
    if text == STATE_NAMES[State.CLOSED]:
        return State.CLOSED
    names = ", ".join(f"{s.value} ({STATE_NAMES[s]})" for s in State)
    raise ValueError(f"unknown state {text!r}; one of {names}")


class TaskState(StrEnum):
    OPEN = "open"
    DONE = "done"
    BLOCKED = "blocked"
    CANCELLED = "cancelled"  # its template no longer applies after a re-grade


TASK_STATE_NAMES = {
    TaskState.OPEN: "待办",
    TaskState.DONE: "已完成",
    TaskState.BLOCKED: "受阻",
    TaskState.CANCELLED: "已撤销",
}


# A task made for one case, not from a template: an ad-hoc task ("adhoc:…") or a re-handling
# task after a 不满意 回访 ("rehandle:N:template"); its clock is its own. Template ids never
# hold a colon.
def per_case(template_id: str) -> bool:
    return ":" in template_id


PENDING_TASK_STATES = frozenset({TaskState.OPEN, TaskState.BLOCKED})

# The follow-up results (回访结果), and whether each closes the loop.
REVISIT_RESULTS = {"satisfied": "满意", "basically_satisfied": "基本满意", "dissatisfied": "不满意"}

CHANNELS = {"onsite": "现场", "phone": "电话", "online": "网络", "third_party": "第三方",
            "letter": "信函"}  # fmt: skip
