"""A sandbox: a database for tests, training and demos. Only there (and in a drill's own
database) is a hand-set clock (--now) honoured; every window and page of it carries 测试.
Only a new, empty database becomes one, and the mark is the chain's first entry, so a real
database cannot be turned into a sandbox afterwards without breaking its audit chain."""

from __future__ import annotations

from sqlalchemy import func, select

from console.context import SANDBOX_WATERMARK, App
from console.errors import InputError
from console.journal import SYSTEM, journal
from models import AuditEntry, Setting, User

SANDBOX = "sandbox"


def mark_sandbox(app: App) -> None:
    """Marks this new, empty database as a sandbox (idempotent on one already marked)."""
    if app.sandbox:
        return
    if app.drill is not None:
        raise InputError("--sandbox", "a drill database keeps its own clock; it is no sandbox")
    with app.write() as s:
        if s.get(Setting, SANDBOX) is not None:
            return
        entries = s.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
        people = s.execute(select(func.count()).select_from(User)).scalar_one()
        if entries or people:
            raise InputError("--sandbox", f"only a new, empty database becomes a sandbox; this one "
                             f"holds {entries} audit entries and {people} users")  # fmt: skip
        s.add(Setting(key=SANDBOX, value="1"))
        journal(app, s, actor=SYSTEM, action="database.sandbox", entity="database", entity_id=SANDBOX,
                before=None, after={"sandbox": True}, incident_id=None, kind="admin",
                text=f"标记为测试库({SANDBOX_WATERMARK}):用于测试、培训和演示,可指定时间")  # fmt: skip
    app.sandbox = True
