"""Running a drill headless: `run_virtual` runs a whole scenario in simulated time, stepping
from one event to the next (an inject, a response, a warning point, a deadline, an
escalation) and sweeping at each, so alarms are raised at exactly their simulated times;
`run_paced` runs it on the drill clock with the real alarm scheduler."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from console.context import App
from console.drills.scenario import Scenario, format_offset
from console.runners.scheduler import AlarmScheduler
from console.services import alarms as alarm_service
from console.services.drills import Applied, Director, resume, session_row, stop
from console.sla import alarms as alarm_engine
from console.time.source import FixedTime
from models import Alarm, DrillEvent, Incident, Task


@dataclass
class RunResult:
    session: str
    url: str
    applied: list[Applied] = field(default_factory=list)
    alarms: list[dict] = field(default_factory=list)
    missing: list[dict] = field(default_factory=list)
    unexpected: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[Applied]:
        return [a for a in self.applied if not a.ok]

    @property
    def ok(self) -> bool:
        return not (self.failed or self.missing or self.unexpected)


def _next_point(app: App, now: datetime) -> datetime | None:
    """The next instant anything could fall due by itself: a warning point, a deadline, an
    escalation or the end of a shelving."""
    with app.read() as s:
        times = [when for _, _, when in alarm_engine.pending_points(s, now)]
        for a in s.execute(
            select(Alarm).where(Alarm.acknowledged_at.is_(None), Alarm.step < 2)
        ).scalars():
            incident = s.get(Incident, a.incident_id)
            plan = app.catalogue.get(incident.plan_id) if incident else None
            if plan is not None:
                times.append(
                    alarm_engine.next_escalation_base(a)
                    + alarm_engine.escalation_delay(plan, a.step)
                )
            if a.shelved_until is not None:
                times.append(a.shelved_until)
    later = [t for t in times if t > now]
    return min(later) if later else None


def run_virtual(app: App, scenario: Scenario) -> RunResult:
    """The whole scenario in simulated time, as fast as the machine goes: injects and
    scripted responses at their offsets, every alarm at its exact simulated time."""
    began = time.perf_counter()
    clock = FixedTime(scenario.start)
    app.time = clock
    director = Director(app, scenario, responses=True)
    end = scenario.end
    while True:
        now = clock.now()
        candidates = [t for t in (director.next_due(), _next_point(app, now)) if t is not None]
        if not candidates or min(candidates) > end:
            break
        clock.set(min(candidates))
        director.tick()  # the teams act first: a task done at its deadline is on time
        alarm_service.sweep(app)
    clock.set(end)
    alarm_service.sweep(app)
    stop(app, None)
    return _result(app, scenario, director, time.perf_counter() - began, tolerance=timedelta(0))


def run_paced(app: App, scenario: Scenario) -> RunResult:
    """Headless on the drill clock in real time (e.g. 600×), with the real alarm
    scheduler: the machinery of a live drill, with the scripted responses."""
    began = time.perf_counter()
    app.time = app.drill.make_time()  # type: ignore[union-attr]
    director = Director(app, scenario, responses=True)
    resume(app, None)  # the clock starts once everything is ready
    scheduler = AlarmScheduler(app, sweep_seconds=5)
    scheduler.start()
    try:
        while app.time.now() < scenario.end:
            director.tick()
            time.sleep(0.01)
        director.tick()
        scheduler.sweep()
    finally:
        scheduler.stop()
    stop(app, None)
    # A timer fires within a fraction of a real second: allow one real second, in drill time.
    return _result(
        app,
        scenario,
        director,
        time.perf_counter() - began,
        tolerance=timedelta(seconds=app.time.speed),
    )


def _result(
    app: App, scenario: Scenario, director: Director, seconds: float, tolerance: timedelta
) -> RunResult:
    with app.read() as s:
        row = session_row(s)
        refs = dict(
            s.execute(
                select(DrillEvent.incident_id, DrillEvent.ref).where(DrillEvent.ref.is_not(None))
            ).all()
        )
        raised = []
        for a in s.execute(select(Alarm).order_by(Alarm.raised_at, Alarm.id)).scalars():
            task = s.get(Task, a.task_id) if a.task_id else None
            raised.append({"at": format_offset(a.raised_at - scenario.start), "incident": refs.get(a.incident_id),
                           "task": task.template_id if task else None, "kind": a.kind,
                           "_at": a.raised_at - scenario.start})  # fmt: skip
    result = RunResult(row.name, app.url, applied=director.log, seconds=seconds)
    result.alarms = [{k: v for k, v in a.items() if k != "_at"} for a in raised]
    if scenario.expect is not None:
        left = list(raised)
        for e in scenario.expect.alarms:
            match = next((a for a in left if (a["incident"], a["task"], a["kind"]) == (e.incident, e.task, e.kind)
                          and abs(a["_at"] - e.at) <= tolerance), None)  # fmt: skip
            if match is None:
                result.missing.append({"at": format_offset(e.at), "incident": e.incident, "task": e.task,
                                       "kind": e.kind})  # fmt: skip
            else:
                left.remove(match)
        result.unexpected = [{k: v for k, v in a.items() if k != "_at"} for a in left]
    return result
