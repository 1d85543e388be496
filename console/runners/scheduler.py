"""The alarm scheduler: APScheduler 3 with one job per warning point and deadline of the
next few minutes (the horizon), so its cost does not grow with the number of open clocks.

- At start it raises everything that lapsed while the console was closed (computed from
  the database, not from misfire grace), then plans a job for every point of the horizon
  (HORIZON of wall time ahead): two indexed range queries, however many clocks are open.
- Every REFILL seconds it plans the points that came into the horizon since (those between
  the end planned so far and the new end), so every point has its timer minutes before it
  falls due; a point beyond the horizon waits in the database, not in memory.
- Every committed change (done, reopen, pause, resume, regrade, reassign), this process's
  or another's, re-plans the affected clocks: the scheduler subscribes to the app's change
  bus, which names them. When the database comes back after an outage it sweeps at once.
- Each job calls the module-level `fire`, which runs `services.alarms.sweep` — a sweep that is
  idempotent, so a job firing late, twice, or on two seats raises nothing twice.
- A safety sweep every 30 s catches anything a timer missed.
- Escalations of open alarms are planned as timers within the same horizon, and come
  into it with the refill: a day's flood leaves tens of thousands waiting.
- The system clock jumping (an operator, NTP stepping it, a laptop waking from sleep) is
  noticed within a second by a watcher on its own thread, which re-plans and sweeps at
  once (see `_watch`). Deadlines are absolute UTC: a jump moves "now", never a deadline.
- Jobs run on one worker thread; listeners (the GUI's Qt bridge) hear of new alarms
  from it and must hop to their own thread (Qt signals do).
Not APScheduler's QtScheduler: it cannot cancel timers on PySide6 6.12."""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
import time
from concurrent import futures
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import func, or_, select

from console.changes import Change
from console.context import App
from console.errors import Unavailable
from console.services import alarms as alarm_service
from console.sla import alarms
from console.sla.alarms import Swept
from console.sla.clocks import Status
from console.time.source import SystemTime, TimeSource
from models import Alarm, Incident, SlaClock

log = logging.getLogger(__name__)

_REGISTRY: dict[int, AlarmScheduler] = {}
_KEYS = itertools.count(1)
HORIZON = timedelta(minutes=10)  # wall time ahead planned as timers
REFILL = 60.0  # seconds between plannings of what came into the horizon


def fire(key: int, at: float | None = None) -> None:
    """What every job calls (module-level, so jobs hold no lambdas or bound methods).

    `at`: the point's wall time (a timer's job). A sweep that began at or after it has
    raised it already: when many points fall due at once, their jobs queue behind one
    sweep, and each would otherwise sweep again, falling further behind.

    Sweeps again while a sweep was asked for meanwhile: APScheduler skips a "sweep now" job
    whose id is still running (max_instances 1), so a change committed during a sweep
    would otherwise wait for the safety sweep, up to 30 s."""
    scheduler = _REGISTRY.get(key)
    if scheduler is not None:
        with scheduler._busy:
            if at is not None and scheduler._swept_at >= at and not scheduler._again.is_set():
                return
            while not scheduler._stopping:
                scheduler._again.clear()
                scheduler.sweep()
                if not scheduler._again.is_set():
                    break


def _load(s, model, ids: set[int]) -> list:  # type: ignore[no-untyped-def]
    """These rows, a thousand ids a query."""
    ordered = sorted(ids)
    return [row for k in range(0, len(ordered), 1000)
            for row in s.execute(select(model).where(model.id.in_(ordered[k:k + 1000]))).scalars()]  # fmt: skip


def refill(key: int) -> None:
    """The horizon's job: plan what came into it."""
    scheduler = _REGISTRY.get(key)
    if scheduler is not None:
        with scheduler._busy:
            if not scheduler._stopping:
                scheduler.refill()


class AlarmScheduler:
    def __init__(self, app: App, *, sweep_seconds: float = 30.0, wall: TimeSource | None = None,
                 jump_seconds: float = 2.0) -> None:  # fmt: skip
        self.app = app
        self.sweep_seconds = sweep_seconds
        # The machine's clock, which APScheduler plans by (it reads the system time); tests
        # pass a stand-in to make "the system clock" jump. Not app.time: a drill clock runs
        # fast or stands still, and only its wall_time() speaks APScheduler's language.
        self.wall = wall or SystemTime()
        self.jump_seconds = jump_seconds  # wall vs monotonic disagreement taken as a jump
        self.key = next(_KEYS)
        self._lock = threading.Lock()
        self._busy = threading.Lock()  # held by a running job (fire)
        # rebuild() swaps every job while a listener may be planning one from another thread.
        self._planning = threading.Lock()
        self._watch_stop = threading.Event()
        self._again = threading.Event()  # a sweep asked for while one runs
        self._swept_at = 0.0  # the wall time the last sweep began (a POSIX timestamp)
        self._watcher: threading.Thread | None = None
        self._planner: futures.ThreadPoolExecutor | None = None  # started with the timers
        self._stopping = False
        self._until: datetime | None = None  # the horizon planned so far (app time)
        self._sched = BackgroundScheduler(
            timezone=UTC,
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            # None: run however late (the default grace of 1 s would drop a late job).
            job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )
        self.on_swept: list = []  # callbacks(Swept), called on the worker thread

    # --- life cycle -------------------------------------------------------------------
    def start(self) -> Swept:
        """Plan every pending point, raise what lapsed while closed, start the timers.
        (Planning first: a point passing between the two is then caught by the sweep.)"""
        _REGISTRY[self.key] = self
        self._planner = futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="alarm-plan")
        self.app.bus.start()  # other processes' changes: NOTIFY, or the audit-counter poll
        self.rebuild()
        caught_up = self.sweep()
        self._sched.add_job(
            fire, "interval", seconds=self.sweep_seconds, args=[self.key], id="safety-sweep"
        )
        self._sched.add_job(refill, "interval", seconds=REFILL, args=[self.key], id="horizon")
        self._sched.start()
        self.app.bus.subscribe(self._on_change)
        self.app.bus.on_status(self._on_status)
        self._watcher = threading.Thread(target=self._watch, name="clock-jump-watch", daemon=True)
        self._watcher.start()
        return caught_up

    def stop(self) -> None:
        """Stops the timers; when it returns, no job of ours is still running.

        Not `shutdown(wait=True)`: APScheduler waits for running jobs while holding its
        job-store lock, and a job that is re-planning (add_job) needs that lock — a
        deadlock. So: stop planning, shut down without waiting, then wait on our own lock."""
        self._stopping = True
        self._watch_stop.set()
        self.app.bus.unsubscribe(self._on_change)
        self.app.bus.off_status(self._on_status)
        self.app.bus.stop()
        if self._planner is not None:
            self._planner.shutdown(wait=True, cancel_futures=True)
        _REGISTRY.pop(self.key, None)
        if self._sched.running:
            self._sched.shutdown(wait=False)
        with self._busy:
            pass
        if self._watcher is not None:
            self._watcher.join(timeout=5)

    # --- planning ---------------------------------------------------------------------
    def _horizon(self, now: datetime) -> datetime:
        """The end of the horizon in the app's time (a drill's runs `speed` times faster)."""
        return now + HORIZON * getattr(self.app.time, "speed", 1.0)

    def rebuild(self) -> int:
        """One job per warning point, deadline and escalation of the horizon, from the
        database."""
        with self._planning, self.app.read() as s:
            now = self.app.time.now()
            until = self._horizon(now)
            points = alarms.pending_points(s, now, until)
            escalations = self._escalations(s, None, until)
            for job in self._sched.get_jobs():
                if job.id not in ("safety-sweep", "horizon"):
                    job.remove()
            self._until = until
            for clock_id, kind, when in points:
                self._plan(f"{clock_id}:{kind}", when)
            for alarm_id, when in escalations:
                self._plan(f"alarm:{alarm_id}", when)
        return len(points)

    def _escalations(
        self, s, after: datetime | None, until: datetime
    ) -> list[tuple[int, datetime]]:  # type: ignore[no-untyped-def]
        """(alarm id, when) of every escalation due after `after` (None: whenever) up to
        `until`: the open alarms read as a few columns (tens of thousands after a day's
        flood; a job each would make a restart plan for a minute)."""
        longest = max((alarms.escalation_delay(p, step) for p in self.app.catalogue
                       for step in (0, 1)), default=timedelta(minutes=10))  # fmt: skip
        base = func.coalesce(Alarm.escalated_at, Alarm.raised_at)
        q = (select(Alarm.id, Alarm.step, Alarm.raised_at, Alarm.escalated_at, Alarm.shelved_until,
                    Incident.plan_id)
             .join(Incident, Alarm.incident_id == Incident.id)
             .where(Alarm.acknowledged_at.is_(None), Alarm.step < 2))  # fmt: skip
        if after is not None:  # only those that can fall due after it
            q = q.where(or_(base > after - longest, Alarm.shelved_until > after - longest))
        out = []
        for a in s.connection().execute(q).all():  # rows with the columns an Alarm's names
            plan = self.app.catalogue.get(a.plan_id)
            if plan is None:
                continue
            when = alarms.next_escalation_base(a) + alarms.escalation_delay(plan, a.step)
            if (after is None or when > after) and when <= until:
                out.append((a.id, when))
        return out

    def refill(self) -> int:
        """Plan the points between the end of the horizon planned so far and its new end."""
        with self._planning, self.app.read() as s:
            if self._until is None:
                return 0
            now = self.app.time.now()
            until = self._horizon(now)
            if until <= self._until:
                return 0
            # from now at the earliest: what passed while refills failed (the database away)
            # is the catch-up sweep's, not a timer each
            since = max(self._until, now)
            points = alarms.pending_points(s, since, until)
            for clock_id, kind, when in points:
                self._plan(f"{clock_id}:{kind}", when)
            for alarm_id, when in self._escalations(s, since, until):
                self._plan(f"alarm:{alarm_id}", when)
            self._until = until
        return len(points)

    def _near(self, when: datetime) -> bool:
        return self._until is not None and when <= self._until

    def _plan(self, job_id: str, when: datetime) -> None:
        if self._stopping:
            return
        real = self.app.time.wall_time(when)
        if real is None:
            return  # a clock that stands still: sweeps are run by hand
        self._sched.add_job(fire, "date", run_date=real, args=[self.key, real.timestamp()],
                            id=job_id, replace_existing=True)  # fmt: skip

    def _unplan(self, job_id: str) -> None:
        with contextlib.suppress(JobLookupError):
            self._sched.remove_job(job_id)

    def _plan_escalation(self, a: Alarm, plan) -> None:  # type: ignore[no-untyped-def]
        """An alarm's next escalation, when it falls in the horizon (else a refill plans it
        as it comes into the horizon)."""
        if plan is None or a.acknowledged_at is not None or a.step >= 2:
            self._unplan(f"alarm:{a.id}")
            return
        when = alarms.next_escalation_base(a) + alarms.escalation_delay(plan, a.step)
        if self._near(when):
            self._plan(f"alarm:{a.id}", when)
        else:
            self._unplan(f"alarm:{a.id}")

    def _on_change(self, change: Change) -> None:
        """A committed change, heard on whatever thread committed it (the GUI thread for the
        seat's own actions): re-planned on the planner's thread, so a seat's click never
        waits for the planning lock (held a second or two by a re-plan after a clock jump)."""
        planner = self._planner
        if self._stopping or planner is None:
            return
        if not (change.drill or not change.complete or change.clocks or change.alarms):
            return
        with contextlib.suppress(RuntimeError):  # shut down meanwhile: the console is closing
            planner.submit(self._replan, change)

    def _replan(self, change: Change) -> None:
        """Re-plan the clocks and alarms a committed change touched (all of them when the
        change could not name everything, or the drill clock was paused or resumed)."""
        try:
            self._replan_now(change)
        except Exception:  # the database away: the bus catches up on its return
            log.exception("re-planning %r failed", change)

    def _replan_now(self, change: Change) -> None:
        if self._stopping:
            return
        if change.drill or not change.complete:
            self.rebuild()
            self.catch_up()
            return
        now = self.app.time.now()
        overdue = False
        with self._planning, self.app.read() as s:
            clock_ids = set(change.clocks)
            # held: the identity map keeps them for the gets below (a sweep names thousands)
            held = [*_load(s, SlaClock, clock_ids), *_load(s, Alarm, set(change.alarms))]
            held += _load(s, Incident, {a.incident_id for a in held if isinstance(a, Alarm)})
            for cid in clock_ids:
                c = s.get(SlaClock, cid)
                live = c is not None and c.status == Status.RUNNING.value
                if live and c.warn_at > now and c.warn_at < c.due_at and self._near(c.warn_at):
                    self._plan(f"{cid}:warning", c.warn_at)
                else:
                    self._unplan(f"{cid}:warning")
                if live and c.due_at > now and self._near(c.due_at):
                    self._plan(f"{cid}:lapsed", c.due_at)
                else:
                    self._unplan(f"{cid}:lapsed")
                # A point already passed (a report received late, a reopened overdue task,
                # a task added by a re-grade, a late completion): sweep now, not in 30 s.
                if (
                    c is not None
                    and c.status != Status.CANCELLED.value
                    and (c.due_at <= now or (c.warn_at <= now and c.status == Status.RUNNING.value))
                ):
                    overdue = True
            for aid in change.alarms:
                a = s.get(Alarm, aid)
                if a is not None:
                    incident = s.get(Incident, a.incident_id)
                    self._plan_escalation(
                        a, self.app.catalogue.get(incident.plan_id) if incident else None
                    )
        if overdue and self._sched.running:
            self._again.set()
            self._sched.add_job(fire, "date", run_date=self.wall.now(), args=[self.key],
                                id="due-now", replace_existing=True)  # fmt: skip

    def _on_status(self, online: bool) -> None:
        """The database is back: raise what fell due while it was away, and re-plan what
        other processes changed meanwhile (the bus delivers their changes as it catches up)."""
        if online:
            log.warning("database back: catching up on missed deadlines")
            self.catch_up()

    def catch_up(self) -> None:
        """Sweeps now, on the scheduler's thread (e.g. the database came back)."""
        if self._sched.running and not self._stopping:
            self._again.set()
            self._sched.add_job(fire, "date", run_date=self.wall.now(), args=[self.key],
                                id="catch-up", replace_existing=True)  # fmt: skip

    # --- the system clock jumping ------------------------------------------------------
    def _watch(self) -> None:
        """Once a second, compares how far the wall clock moved with how far monotonic
        time did; a disagreement beyond `jump_seconds` is a jump.

        Why a thread of its own: APScheduler reads the wall clock but sleeps on monotonic
        time, and an interval job's next run is its last run + the interval *in wall time*.
        After a jump back of an hour, the safety sweep is due only when the wall clock
        gets back there — an hour of no sweep — so a watcher inside a job would stall with
        it. After a jump forward, APScheduler sleeps out the wait it computed before the
        jump: the watcher wakes it (modify_job), so the points the jump skipped fire now."""
        mono, wall = time.monotonic(), self.wall.now()
        while not self._watch_stop.wait(1.0):
            mono_now, wall_now = time.monotonic(), self.wall.now()
            jumped = (wall_now - wall).total_seconds() - (mono_now - mono)
            mono, wall = mono_now, wall_now
            if abs(jumped) > self.jump_seconds:
                self._clock_jumped(jumped)

    def _clock_jumped(self, seconds: float) -> None:
        """Re-plan every job against the new wall time, then sweep now."""
        log.warning("the system clock jumped %+.1f s: re-planning the alarm timers", seconds)
        with self._busy:  # no job of ours is running meanwhile
            if self._stopping:
                return
            self._swept_at = 0.0  # a sweep "after" a point may now lie before it
            try:
                self.rebuild()
            except Exception:  # e.g. the database is away: the planned jobs stay, and they
                # are wall instants, still right after a jump; the bus catches up on return
                log.exception("re-planning after the clock jump failed")
            # Interval jobs count from their last run in wall time: restart them from now
            # (the safety sweep, now, is the sweep that raises whatever the jump made due).
            # modify_job wakes APScheduler, which recomputes its wait from the new time.
            now = self.wall.now()
            for job in ("safety-sweep", "horizon"):
                with contextlib.suppress(JobLookupError):
                    self._sched.modify_job(job, next_run_time=now)

    # --- raising ----------------------------------------------------------------------
    def sweep(self) -> Swept:
        with self._lock:  # one sweep at a time in this process; the database guards the rest
            self._swept_at = self.wall.now().timestamp()
            try:
                result = alarm_service.sweep(self.app)
            except Exception as exc:  # a database hiccup must not kill the timer thread
                if isinstance(exc, Unavailable):  # deadlines missed meanwhile are raised on return
                    log.warning("alarm sweep: %s; retrying in 1 s", exc)
                else:
                    log.exception("alarm sweep failed; retrying in 1 s")
                if self._sched.running:
                    self._sched.add_job(fire, "date", run_date=self.wall.now() + timedelta(seconds=1),
                                        args=[self.key], id="retry", replace_existing=True)  # fmt: skip
                return Swept()
        if result.raised or result.escalated or result.repeated:
            log.info("raised %s, escalated %s", result.raised, result.escalated)
            for callback in list(self.on_swept):
                callback(result)
        return result

    @property
    def job_count(self) -> int:
        return len(self._sched.get_jobs())
