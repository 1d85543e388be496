"""Demo data: users for every seat and a few live incidents, so a newcomer sees a living
board in seconds — and the "big day" (500 incidents, 12,000 tasks) for benchmarks."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select, text

from console.context import App
from console.people.cast import DEMO_USERS
from console.services import incidents, tasks, users
from console.services.incidents import ReportInput
from models import ClockEvent, Incident, SlaClock, Task, User

DEMO_PASSWORD = "demo1234"


def has_users(app: App) -> bool:
    with app.read() as s:
        return s.execute(select(func.count()).select_from(User)).scalar_one() > 0


def add_demo_users(app: App, password: str | None = DEMO_PASSWORD) -> None:
    """A user for every seat, with their groups, A角/B角 and org roles."""
    for name, display, role, group, org_role, ab in DEMO_USERS:
        users.add_user(app, None, name, role, group=group, display_name=display, org_role=org_role, ab=ab,
                       password=password)  # fmt: skip


def load_demo(app: App) -> None:
    """Users (password demo1234) and four live incidents at different stages, so the
    board shows running, warning and lapsed clocks at once. The demo's story is played in
    the order it happened, on a clock set by hand: the database becomes a sandbox (测试)
    first, as only a sandbox honours one."""
    from console.services.sandbox import mark_sandbox
    from console.time.source import FixedTime

    real_clock, now = app.time, app.time.now()
    story = app.time = FixedTime(now - timedelta(minutes=55))
    try:
        mark_sandbox(app)
        add_demo_users(app)
        _incident(app, story, "group_complaint", "城东支行门口约 40 名客户聚集,要求退还理财本金", now - timedelta(minutes=50),
                  level="major", channel="onsite", people=40, demands="退还理财本金及利息",
                  location="城东支行营业厅门口", mood="情绪激动,有人举横幅", reporter="大堂经理", done=3, contact="13900001111")  # fmt: skip
        _incident(app, story, "customer_crisis", "微博出现门店服务态度差的视频,转发量上升", now - timedelta(minutes=25),
                  level="urgent", channel="online", type_="public_opinion", people=1,
                  demands="公开道歉并处理涉事员工", reporter="舆情监测", done=1, contact="13900002222")  # fmt: skip
        _incident(app, story, "group_complaint", "新城小区业主 12 人到服务中心投诉停车收费", now - timedelta(minutes=8),
                  level="serious", channel="onsite", people=12, demands="暂停收费调整",
                  location="新城服务中心", mood="较平稳", done=0,
                  contact="13900003333")  # fmt: skip
        story.set(now - timedelta(minutes=3))
        incidents.register(app, "duty", ReportInput(plan="customer_crisis", title="客户来电投诉退款迟迟未到账",
                                                    channel="phone", level="general", type="service",
                                                    reporter="王女士", contact="13812345678",
                                                    received_at=now - timedelta(minutes=3)))  # fmt: skip
    finally:
        app.time = real_clock


def _incident(app: App, story, plan: str, title: str, at, *, level: str, channel: str, type_: str | None = None,  # type: ignore[no-untyped-def]
              people: int = 1, demands: str = "", location: str = "", mood: str = "", reporter: str = "",
              done: int = 0, contact: str = "") -> int:  # fmt: skip
    """Reported at `at`, activated two minutes later, its first `done` tasks done after
    three more."""
    story.set(at)
    inc = incidents.register(app, "duty", ReportInput(plan=plan, title=title, channel=channel, level=level,
                                                      type=type_, people=people, demands=demands,
                                                      location=location, mood=mood, reporter=reporter,
                                                      contact=contact, received_at=at))  # fmt: skip
    story.set(at + timedelta(minutes=2))
    incidents.activate(app, "zhang", inc.id)
    with app.read() as s:
        ids = (
            s.execute(
                select(Task.id)
                .where(Task.incident_id == inc.id, Task.state == "open")
                .order_by(Task.id)
            )
            .scalars()
            .all()
        )
    story.set(at + timedelta(minutes=5))
    for task_id in ids[:done]:
        tasks.complete(app, "zhang", task_id, "已落实")
    return inc.id


def load_big_day(app: App, incidents_n: int = 500, tasks_n: int = 12_000, seed: int = 500) -> int:
    """The "big day" for benchmarks: `incidents_n` active incidents with `tasks_n` open tasks
    and their clocks (deadlines from lapsed an hour ago to six hours ahead), bulk-written
    as a fixture — not through the services, which would take minutes. Returns tasks_n."""
    rng = random.Random(seed)
    plans = list(app.catalogue)
    now = app.time.now()
    per = tasks_n // incidents_n
    with app.write() as s:
        base_inc = (s.execute(select(func.max(Incident.id))).scalar() or 0) + 1
        base_task = (s.execute(select(func.max(Task.id))).scalar() or 0) + 1
        base_clock = (s.execute(select(func.max(SlaClock.id))).scalar() or 0) + 1
        inc_rows, task_rows, clock_rows = [], [], []
        for i in range(incidents_n):
            plan = plans[i % len(plans)]
            received = now - timedelta(minutes=rng.randint(5, 300))
            iid = base_inc + i
            inc_rows.append({"id": iid, "plan_id": plan.id, "title": f"规模测试事件 {i + 1}", "channel": "onsite",
                             "level_id": plan.levels[-1].id, "type_id": plan.types[0].id if plan.types else None,
                             "state": "activated", "reporter": "", "contact": "", "people": rng.randint(1, 80),
                             "demands": "", "location": "", "mood": "", "received_at": received,
                             "recorded_by": "duty", "version": 1,
                             "milestones": {"reported": received.isoformat(), "activated": received.isoformat()}})  # fmt: skip
            n = per + (1 if i < tasks_n % incidents_n else 0)
            for k in range(n):
                tpl = plan.task_templates[k % len(plan.task_templates)]
                tid, cid = base_task + len(task_rows), base_clock + len(clock_rows)
                due = now + timedelta(minutes=rng.randint(-60, 360), seconds=rng.randint(0, 59))
                start = due - timedelta(minutes=rng.randint(10, 240))
                clock_rows.append({"id": cid, "incident_id": iid, "task_id": tid, "rule_id": tpl.sla or "none",
                                   "status": "running", "started_at": start, "due_at": due,
                                   "warn_at": start + (due - start) * 0.8, "unconfirmed": False,
                                   "pause_reason": "", "version": 1})  # fmt: skip
                task_rows.append({"id": tid, "incident_id": iid, "template_id": f"{tpl.id}_{k}", "title": tpl.title,
                                  "group_id": tpl.group, "role_id": tpl.role, "phase": tpl.phase, "rule_id": tpl.sla,
                                  "clock_id": cid, "state": "blocked" if k % 37 == 5 else "open",
                                  "assignee": None, "note": "", "created_at": start,
                                  "block_reason": "等待外部单位回复" if k % 37 == 5 else "",
                                  "version": 1})  # fmt: skip
        s.execute(insert(Incident), inc_rows)
        s.execute(insert(SlaClock), clock_rows)
        s.execute(insert(Task), task_rows)
        if s.get_bind().dialect.name == "postgresql":
            # explicit ids leave PostgreSQL's sequences behind: move them past the fixture
            for table in ("incidents", "tasks", "clocks"):
                s.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                    )
                )
            # as after any bulk load: the planner's statistics now, not when autovacuum comes
            # round (never analysed, it thought the 120,000 tasks were a hundred, and read
            # the boards by a nested loop: 20 s, not 0.7)
            s.execute(text("ANALYZE incidents, tasks, clocks"))
    return len(task_rows)


def copy_incidents(app: App, incident_ids: list[int], times: int) -> None:
    """`times` row-for-row copies of these incidents with their tasks, clocks and clock
    events (new ids, the same times), written in one transaction: a benchmark fixture, like
    `load_big_day`, so it writes no audit entries."""
    tables = {m: m.__table__ for m in (Incident, Task, SlaClock, ClockEvent)}
    with app.write() as s:
        clocks = select(SlaClock.id).where(SlaClock.incident_id.in_(incident_ids))
        where = {Incident: Incident.id.in_(incident_ids), Task: Task.incident_id.in_(incident_ids),
                 SlaClock: SlaClock.incident_id.in_(incident_ids), ClockEvent: ClockEvent.clock_id.in_(clocks)}  # fmt: skip
        rows = {m: [dict(r) for r in s.execute(select(t).where(where[m])).mappings()]
                for m, t in tables.items()}  # fmt: skip
        base = {m: s.execute(select(func.max(t.c.id))).scalar_one() for m, t in tables.items()}
        step = {m: max((r["id"] for r in rows[m]), default=0) for m in tables}
        out: dict = {m: [] for m in tables}
        for n in range(1, times + 1):

            def new(model, old_id, n=n):  # type: ignore[no-untyped-def]
                """The copy's id: past every id in the table, the same order as the originals."""
                return None if old_id is None else base[model] + (n - 1) * step[model] + old_id

            for r in rows[Incident]:
                out[Incident].append(
                    r | {"id": new(Incident, r["id"]), "title": f"{r['title']}·{n}"}
                )
            for r in rows[SlaClock]:
                out[SlaClock].append(r | {"id": new(SlaClock, r["id"]), "task_id": new(Task, r["task_id"]),
                                          "incident_id": new(Incident, r["incident_id"])})  # fmt: skip
            for r in rows[Task]:
                out[Task].append(r | {"id": new(Task, r["id"]), "clock_id": new(SlaClock, r["clock_id"]),
                                      "incident_id": new(Incident, r["incident_id"])})  # fmt: skip
            for r in rows[ClockEvent]:
                out[ClockEvent].append(r | {"id": new(ClockEvent, r["id"]),
                                            "clock_id": new(SlaClock, r["clock_id"])})  # fmt: skip
        for model in (Incident, SlaClock, Task, ClockEvent):  # clocks before the tasks naming them
            if out[model]:
                s.execute(insert(tables[model]), out[model])
        if s.get_bind().dialect.name == "postgresql":  # explicit ids leave the sequences behind
            for table in tables.values():
                s.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                               f"(SELECT max(id) FROM {table.name}))"))  # fmt: skip


def add_running_clocks(app: App, received_at: datetime, dues: list[datetime], *,
                       plan: str = "major_complaint") -> int:  # fmt: skip
    """One active incident with a running clock for each deadline in `dues` (no tasks): the
    alarm benchmark's pending deadlines, bulk-written as a fixture. Returns the incident."""
    with app.write() as s:
        inc = Incident(plan_id=plan, title="big day", channel="phone", level_id="effective", state="activated",
                       received_at=received_at, recorded_by="bench", milestones={})  # fmt: skip
        s.add(inc)
        s.flush()
        rows = [{"incident_id": inc.id, "rule_id": "send_form", "status": "running",
                 "started_at": due - timedelta(minutes=10), "due_at": due, "warn_at": due,
                 "unconfirmed": False, "pause_reason": "", "version": 1} for due in dues]  # fmt: skip
        s.execute(insert(SlaClock), rows)
        return inc.id
