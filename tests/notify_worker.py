"""Helpers of the notification tests (tests/test_notify.py, tests/test_notify_serve.py): the
people they page, a free local port, a database whose deadlines have already lapsed (for a
`serve` process on the machine's real clock), and a local HTTP receiver that counts what
it was sent, by message."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from datetime import UTC, datetime, timedelta

from console.context import open_app
from console.services import incidents, notify, users
from console.services.incidents import ReportInput
from console.time.source import FixedTime
from tests.conftest import HIRED, STAFF_HASH

# (name, display name, role, group, org role, A/B, mobile, e-mail)
CAST = [
    ("zhang", "张组长", "leader", None, "leader", "A", "13800000001", "zhang@example.com"),
    ("wang", "王协调", "coordinator", "coordination", "coordination_lead", "A", "13800000002",
     "wang@example.com"),
    ("wang_b", "王协调B", "coordinator", "coordination", "coordination_lead", "B", "13800000003",
     "wangb@example.com"),
    ("zhao", "赵现场", "coordinator", "onsite", "onsite_lead", "A", "13800000004", ""),
    ("sun", "孙安保", "member", "onsite", "onsite_guard", "A", "13800000005", ""),
    ("duty", "值班员小刘", "duty_officer", None, None, None, "", ""),
]  # fmt: skip
MOBILE = {name: mobile for name, *_, mobile, _ in CAST}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hire(app, people) -> None:  # type: ignore[no-untyped-def]
    """People (as in CAST), set up at HIRED with the session's password and their addresses."""
    real, app.time = app.time, FixedTime(HIRED)
    try:
        for name, display, role, group, org_role, ab, mobile, email in people:
            users.add_user(app, None, name, role, group=group, display_name=display,
                           org_role=org_role, ab=ab, password_hash=STAFF_HASH)  # fmt: skip
            if mobile or email:
                users.set_contact(app, None, name, mobile=mobile, email=email)
    finally:
        app.time = real


def hire_cast(app) -> None:  # type: ignore[no-untyped-def]
    hire(app, CAST)


def lapsed_database(url: str, *, incidents_: int, people: int, hook: str, ago: int = 20) -> int:
    """`incidents_` 群体投诉 reported `ago` minutes before now (the machine's clock), by the
    duty officer, each with its 10-minute report-up deadline lapsed and nobody's seat open;
    the role's A角 are `people` coordinators with mobiles, reached through a JSON gateway at
    `hook`. No alarm is raised yet: a `serve` started on it raises them. Returns how many
    messages the lapses make (one per incident and person)."""
    app = open_app(url, FixedTime(datetime.now(UTC) - timedelta(minutes=ago)))
    try:
        leads = [(f"lead{i:03d}", f"协调员{i}", "coordinator", "coordination", "coordination_lead",
                  "A", f"139{i:08d}", "") for i in range(people)]  # fmt: skip
        hire(app, [*leads, ("duty", "值班员", "duty_officer", None, None, None, "", "")])
        real, app.time = app.time, FixedTime(HIRED)
        notify.add_channel(app, None, "gateway", hook)
        app.time = real
        for n in range(incidents_):
            incidents.register(app, "duty", ReportInput(plan="group_complaint",
                                                        title=f"群体投诉{n}", channel="onsite",
                                                        people=30))  # fmt: skip
    finally:
        app.close()
    return incidents_ * people


class Tally:
    """What a receiver got, by message: (alarm number from `ack N`, recipient)."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.lock = threading.Lock()
        self.keys: list[tuple[int, str]] = []

    def __call__(self, request):  # type: ignore[no-untyped-def]
        from werkzeug.wrappers import Response

        payload = json.loads(request.get_data())
        found = re.search(r"main\.py ack (\d+)", payload["message"])
        if self.delay:
            time.sleep(self.delay)
        with self.lock:
            self.keys.append((int(found.group(1)) if found else 0, payload.get("recipient", "")))
        return Response("{}", status=200, content_type="application/json")

    @property
    def count(self) -> int:
        with self.lock:
            return len(self.keys)

    def unique(self) -> set[tuple[int, str]]:
        with self.lock:
            return set(self.keys)


def wait_for(condition, timeout: float, step: float = 0.05) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()
