"""Running a drill (演练): a session in a database of its own, so no real board, handover
sheet or statistic can ever include drill data, on a drill clock (scaled, pausable) that
drives the countdowns, the scheduler and the injects.

- `start` creates the drill database next to the real one (SQLite: drills/NAME.sqlite
  beside it; PostgreSQL: database drill_NAME on the same server), migrates it, adds the
  scenario's cast (with their real passwords where the real database knows them) and the
  director who plays the outside world, and writes the session row.
- `Director.tick` applies every inject (and, headless, every scripted response) that has
  fallen due, each once: its key is claimed in drill_events before it is applied.
- the headless runs (`console/runners/drill.py`) drive a Director and the sweeps.
- `pause`, `resume` and `stop` move the session's clock anchor, with their audit entries."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, ProgrammingError

from console import db
from console.context import App, load_drill, open_app
from console.drills.scenario import DIRECTOR, MODE_NAMES, Scenario, Step, cast_of, format_offset
from console.errors import ConsoleError, InputError, NotFound
from console.incidents.lifecycle import parse_state
from console.journal import SYSTEM, journal
from console.people.permissions import Action
from console.services import alarms as alarm_service
from console.services import incidents, tasks, users
from console.services.common import authorize
from console.time.source import DrillTime, FixedTime, SystemTime, TimeSource
from models import Alarm, DrillEvent, DrillSession, Task, User

log = logging.getLogger(__name__)

_NAME = re.compile(r"^[a-z0-9_]{1,60}$")


# --- where a session lives -------------------------------------------------------------
def session_url(main_url: str, name: str) -> str:
    """The drill database of session `name`, beside the real database `main_url`."""
    if not _NAME.match(name):
        raise InputError("session", "lower-case letters, digits and _ (as `drill list` shows)")
    parsed = make_url(main_url)
    if parsed.get_backend_name() == "postgresql":
        database = _pg_prefix(main_url) + name
        if len(database) > 63:
            raise InputError(
                "--name",
                f"{database!r} is longer than PostgreSQL's 63 characters; choose a shorter name",
            )
        return parsed.set(database=database).render_as_string(hide_password=False)
    if parsed.get_backend_name() != "sqlite":
        raise InputError("--db", "drills run on SQLite or PostgreSQL")
    folder = drills_folder(main_url)
    return f"sqlite:///{folder / (name + '.sqlite')}"


def _pg_prefix(main_url: str) -> str:
    """A drill database on PostgreSQL is named after the real one it belongs to."""
    return f"{make_url(main_url).database}_drill_"


def session_name(main_url: str, url: str) -> str:
    database = make_url(url).database or ""
    if make_url(url).get_backend_name() == "postgresql":
        return database.removeprefix(_pg_prefix(main_url))
    return Path(database).stem


def drills_folder(main_url: str) -> Path:
    parsed = make_url(main_url)
    if parsed.database and parsed.database != ":memory:":
        return Path(parsed.database).resolve().parent / "drills"
    return db.data_dir() / "drills"


def list_sessions(main_url: str) -> list[dict]:
    """The drill sessions beside this database, newest first."""
    parsed = make_url(main_url)
    if parsed.get_backend_name() == "postgresql":
        from sqlalchemy import create_engine, text
        from sqlalchemy.pool import NullPool

        server = create_engine(
            parsed.set(database="postgres"), poolclass=NullPool, connect_args={"connect_timeout": 3}
        )
        try:
            with server.connect() as conn:
                prefix = _pg_prefix(main_url)
                pattern = prefix.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%"
                names = conn.execute(text("SELECT datname FROM pg_database WHERE datname LIKE :p ORDER BY datname DESC"),
                                     {"p": pattern}).scalars().all()  # fmt: skip
        finally:
            server.dispose()
        names = [n.removeprefix(prefix) for n in names]
    else:
        folder = drills_folder(main_url)
        names = (
            sorted((p.stem for p in folder.glob("*.sqlite")), reverse=True)
            if folder.exists()
            else []
        )
    out = []
    for name in names:  # only the session row: no plans, no migrations, no App
        engine = db.make_engine(session_url(main_url, name), immediate=False)
        try:
            d = load_drill(engine)
        except Exception as exc:  # a broken file is listed, not fatal
            out.append({"session": name, "error": str(exc).splitlines()[0]})
            continue
        finally:
            engine.dispose()
        if d is not None:
            out.append({"session": name, "scenario": d.scenario_id, "name": d.scenario_name, "mode": d.mode,
                        "state": d.state, "speed": d.speed, "start": d.sim_start.isoformat()})  # fmt: skip
    return out


# --- starting --------------------------------------------------------------------------
def start(real: App, actor: str | None, scenario: Scenario, text: str, *, mode: str = "live",
          speed: float | None = None, name: str | None = None, wall: TimeSource | None = None) -> App:  # fmt: skip
    """Creates the session's database and returns an App on it. `actor` is checked
    against the real database: leaders, deputies and the local administrator (None)
    organise drills. `wall` is the real clock the drill clock runs from.

    mode: live (people respond), scripted (live, and the script plays the scenario's
    responses too: a demonstration, or a command post drilling alone), headless (no
    window: `run_virtual` or `run_paced`). Live drills start running once everything is
    ready; headless sessions start paused, and their runner sets the clock going."""
    if mode not in MODE_NAMES:
        raise InputError("mode", f"one of {', '.join(MODE_NAMES)}")
    wall = wall or SystemTime()
    with real.read() as s:
        who = SYSTEM if actor is None else authorize(s, actor, Action.DRILL).name
        passwords = {
            u.name: u.password_hash for u in s.execute(select(User)).scalars() if u.password_hash
        }
    if real.drill is not None:
        raise InputError("--db", "this is a drill database already; start drills from the real one")
    speed = scenario.speed if speed is None else speed
    if not 0 < speed <= 3600:
        raise InputError("--speed", "more than 0 and at most 3600")
    auto = name is None
    name = name or f"{scenario.id[:24]}_{wall.now():%Y%m%d_%H%M%S}"
    url = session_url(real.url, name)
    for n in range(2, 100):  # two drills started in the same second
        if (
            not auto
            or make_url(url).get_backend_name() != "sqlite"
            or not Path(make_url(url).database or "").exists()
        ):
            break
        url = session_url(real.url, f"{name}_{n}")
    name = session_name(real.url, url)
    if make_url(url).get_backend_name() == "postgresql":
        server = make_url(real.url).set(database="postgres").render_as_string(hide_password=False)
        try:
            db.create_database(server, "drill", name=make_url(url).database)
        except ProgrammingError as exc:
            if "already exists" in str(exc):
                raise InputError("--name", f"session {name!r} exists already") from None
            raise
    elif Path(make_url(url).database or "").exists():
        raise InputError("--name", f"session {name!r} exists already")
    try:
        app = open_app(url, FixedTime(scenario.start), calendar_dir=real.calendar_dir)
    except BaseException:
        _discard(url)
        raise
    try:
        app.catalogue = real.catalogue
        from console.services.demo import DEMO_PASSWORD

        with app.write() as s:
            row = DrillSession(name=name, scenario_id=scenario.id, scenario_name=scenario.name, scenario=text,
                               plan_id=scenario.plan, mode=mode, state="paused", speed=speed,
                               sim_start=scenario.start, sim_end=scenario.end, anchor_sim=scenario.start,
                               anchor_wall=wall.now(), started_by=who, notes="")  # fmt: skip
            s.add(row)
            s.flush()
            journal(app, s, actor=who, action="drill.start", entity="drill", entity_id=row.id, before=None,
                    after={"scenario": scenario.id, "speed": speed, "mode": mode}, incident_id=None, kind="drill",
                    significant=True,
                    text=f"演练开始:{scenario.name}({speed:g} 倍速,{MODE_NAMES[mode]})")  # fmt: skip
        app.drill = load_drill(app.read_engine)  # its first entry: what makes it a drill's
        # The cast sign in with their real passwords where the real database knows them;
        # the director's seat is the organiser's.
        for c in cast_of(scenario):
            users.add_user(app, None, c.name, c.role, group=c.group, display_name=c.display_name, org_role=c.org_role,
                           ab=c.ab, password_hash=passwords.get(c.name),
                           password=None if c.name in passwords else DEMO_PASSWORD)  # fmt: skip
        users.add_user(app, None, DIRECTOR, "director", display_name="演练导演", password_hash=passwords.get(actor or ""),
                       password=None if actor in passwords else DEMO_PASSWORD)  # fmt: skip
        if mode != "headless":
            app.time = app.drill.make_time(base=wall)  # type: ignore[union-attr]
            _control(app, None, "resume", who=who)  # the clock starts now, everything ready
        return app
    except BaseException:
        app.close()
        _discard(url)
        raise


def _discard(url: str) -> None:
    """Removes a session's database that could not be set up (its name is free again)."""
    try:
        if make_url(url).get_backend_name() == "postgresql":
            db.drop_database(url, attempts=1)
        else:
            path = Path(make_url(url).database or "")
            for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                p.unlink(missing_ok=True)
    except Exception:  # the original error is the one to report
        log.exception("could not remove the unfinished drill database %s", url)


def open_session(main_url: str, name_or_url: str) -> App:
    """A drill session's App, by session name (beside `main_url`, where the actor was
    proven: a URL could name a database of anyone's making)."""
    if "://" in name_or_url or "/" in name_or_url:
        raise InputError("session", f"a session's name as `drill list` shows it, not a URL or path: "
                         f"{name_or_url[:60]!r}")  # fmt: skip
    url = session_url(main_url, name_or_url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").exists():
        raise NotFound(f"session: no drill session {name_or_url!r} (see `drill list`)")
    app = open_app(url)
    if app.drill is None:
        app.close()
        raise InputError("session", f"{name_or_url!r} is not a drill database")
    return app


def scenario_of(app: App) -> Scenario:
    """The scenario the session ran (kept in the session row, not read from disk again)."""
    from console.drills.scenario import read_scenario

    with app.read() as s:
        row = session_row(s)
    return read_scenario(row.scenario, app.catalogue, row.name)


def session_row(s) -> DrillSession:  # type: ignore[no-untyped-def]
    """The drill session of this database (bad input when it is not a drill database)."""
    row = s.execute(select(DrillSession).order_by(DrillSession.id).limit(1)).scalar_one_or_none()
    if row is None:
        raise InputError("--db", "not a drill database")
    return row


# --- pause, resume, stop ---------------------------------------------------------------
def _control(app: App, actor: str | None, verb: str, *, who: str | None = None) -> dict:
    now = app.time.now()
    real_now = app.time.wall() if isinstance(app.time, DrillTime) else SystemTime().now()
    with app.write() as s:
        if who is None:
            who = SYSTEM if actor is None else authorize(s, actor, Action.DRILL).name
        row = session_row(s)
        before = {"state": row.state}
        if verb == "pause":
            if row.state != "running":
                raise InputError("drill", f"the drill is {row.state}, not running")
            row.state, row.anchor_sim, row.anchor_wall = "paused", now, real_now
            text = f"演练暂停(演练时间 {format_offset(now - row.sim_start)})"
        elif verb == "resume":
            if row.state != "paused":
                raise InputError("drill", f"the drill is {row.state}, not paused")
            first = row.anchor_sim == row.sim_start
            row.state, row.anchor_wall = "running", real_now
            text = (
                "演练开始计时"
                if first
                else f"演练继续(演练时间 {format_offset(row.anchor_sim - row.sim_start)})"
            )
        else:
            if row.state == "finished":
                raise InputError("drill", "the drill has ended already")
            end = min(now, row.sim_end)
            row.state, row.anchor_sim, row.anchor_wall, row.ended_at = (
                "finished",
                end,
                real_now,
                end,
            )
            text = f"演练结束(演练时间 {format_offset(end - row.sim_start)})"
        journal(app, s, actor=who, action=f"drill.{verb}", entity="drill", entity_id=row.id, before=before,
                after={"state": row.state}, incident_id=None, kind="drill", significant=True, text=text)  # fmt: skip
        result = {"session": row.name, "state": row.state, "at": row.anchor_sim.isoformat()}
    sync(app)
    return result


def sync(app: App) -> bool:
    """Follows the session row: when this seat, another seat or the command line paused,
    resumed or stopped the drill, the drill clock is rebuilt from its new anchor. True
    when it changed (the caller re-plans its timers)."""
    fresh = load_drill(app.read_engine)
    old = app.drill
    if fresh is None or old is None:
        return False
    if (fresh.state, fresh.anchor_sim, fresh.anchor_wall, fresh.speed) == (old.state, old.anchor_sim, old.anchor_wall,
                                                                            old.speed):  # fmt: skip
        return False
    app.drill = fresh
    if isinstance(app.time, DrillTime):
        app.time = fresh.make_time(base=app.time._base)
    return True


def pause(app: App, actor: str | None) -> dict:
    return _control(app, actor, "pause")


def resume(app: App, actor: str | None) -> dict:
    return _control(app, actor, "resume")


def stop(app: App, actor: str | None) -> dict:
    return _control(app, actor, "stop")


def set_notes(app: App, actor: str | None, notes: str) -> dict:
    """The leader's closing notes (演练总结), printed in the drill report."""
    notes = (notes or "").strip()
    if len(notes) > 4000:
        raise InputError("notes", f"at most 4000 characters (got {len(notes)})")
    with app.write() as s:
        who = SYSTEM if actor is None else authorize(s, actor, Action.DRILL).name
        row = session_row(s)
        before = {"notes": row.notes}
        row.notes = notes
        journal(app, s, actor=who, action="drill.notes", entity="drill", entity_id=row.id, before=before,
                after={"notes": notes}, incident_id=None, kind="drill", text="演练总结:" + (notes or "(清空)"))  # fmt: skip
        return {"session": row.name, "notes": notes}


# --- applying injects and responses ----------------------------------------------------
@dataclass
class Applied:
    key: str
    kind: str
    source: str  # inject | response
    at: datetime
    ok: bool
    detail: str


class Director:
    """Applies what the scenario says, when it falls due on the drill clock. Live drills
    play injects only (people respond); headless runs play the scripted responses too."""

    def __init__(self, app: App, scenario: Scenario, *, responses: bool) -> None:
        self.app, self.scenario = app, scenario
        self.steps = [st for st in scenario.timeline() if responses or st.source == "inject"]
        with app.read() as s:
            self.session_id = session_row(s).id
            done = set(s.execute(select(DrillEvent.key)).scalars())
        self.pending = [st for st in self.steps if st.key not in done]
        self.log: list[Applied] = []

    def next_due(self) -> datetime | None:
        return self.scenario.start + self.pending[0].at if self.pending else None

    def tick(self) -> list[Applied]:
        """Applies every step due by now; returns what it applied."""
        now = self.app.time.now()
        out = []
        while self.pending and self.scenario.start + self.pending[0].at <= now:
            step = self.pending.pop(0)
            result = self._apply(step, self.scenario.start + step.at)
            if result is not None:
                out.append(result)
        self.log.extend(out)
        return out

    def _apply(self, step: Step, due: datetime) -> Applied | None:
        now = self.app.time.now()
        try:  # claim the step: another seat's director may have applied it already
            with self.app.write() as s:
                event = DrillEvent(session_id=self.session_id, key=step.key, kind=step.kind, due_at=due,
                                   applied_at=now, ok=False, detail="正在执行(未完成即中断)",
                                   ref=step.body.ref if step.kind == "report" else None)  # fmt: skip
                s.add(event)
                s.flush()
                event_id = event.id
        except IntegrityError:
            return None
        ok, incident_id = True, None
        try:
            detail, incident_id = self._do(step, due)
        except ConsoleError as exc:
            ok, detail = False, str(exc)
            log.warning("drill %s (%s) failed: %s", step.key, step.kind, exc)
        except Exception as exc:  # recorded as failed, never as done
            ok, detail = False, f"internal error: {type(exc).__name__}: {exc}"
            log.exception("drill %s (%s) failed", step.key, step.kind)
        with self.app.write() as s:
            event = s.get(DrillEvent, event_id)
            event.ok, event.detail, event.incident_id = ok, detail[:2000], incident_id
        return Applied(step.key, step.kind, step.source, due, ok, detail)

    def _incident(self, ref: str) -> int:
        with self.app.read() as s:
            found = s.execute(select(DrillEvent.incident_id).where(
                DrillEvent.ref == ref, DrillEvent.incident_id.is_not(None))).scalar_one_or_none()  # fmt: skip
        if found is None:
            raise NotFound(f"incident: report {ref!r} has not been registered")
        return found

    def _task(self, ref: str, template: str) -> int:
        incident_id = self._incident(ref)
        with self.app.read() as s:
            found = s.execute(select(Task.id).where(Task.incident_id == incident_id,
                                                    Task.template_id == template)).scalar_one_or_none()  # fmt: skip
        if found is None:
            raise NotFound(
                f"task: {ref} has no task {template!r} (not activated, or not at this level)"
            )
        return found

    def _do(self, step: Step, due: datetime) -> tuple[str, int | None]:
        app, b, by = self.app, step.body, step.by
        k = step.kind
        if step.source == "inject":
            if k == "report":
                inc = incidents.register(app, b.received_by or DIRECTOR, incidents.ReportInput(
                    plan=self.scenario.plan, title=b.title, channel=b.channel, level=b.level, type=b.type,
                    people=b.people, demands=b.demands, location=b.location, mood=b.mood, reporter=b.reporter,
                    contact=b.contact, received_at=due))  # fmt: skip
                return f"接报 #{inc.id} {b.title}", inc.id
            incident_id = self._incident(b.incident)
            if k == "crowd":
                incidents.follow_up(
                    app, DIRECTOR, incident_id, people=b.people, mood=b.mood or None
                )
                return f"现场人数增至 {b.people}", incident_id
            if k == "demand":
                incidents.follow_up(app, DIRECTOR, incident_id, demand=b.text)
                return f"新诉求:{b.text}", incident_id
            if k == "media":
                incidents.follow_up(app, DIRECTOR, incident_id, text=f"【媒体问询】{b.text}")
                return f"媒体问询:{b.text}", incident_id
            task = tasks.block(app, DIRECTOR, self._task(b.incident, b.task), b.reason)
            return f"任务受阻:{task.title}({b.reason})", incident_id
        if k == "activate":
            incident_id = self._incident(b)
            incidents.activate(app, by, incident_id)
            return f"{by} 启动预案", incident_id
        incident_id = self._incident(b.incident) if getattr(b, "incident", None) else None
        if k == "complete":
            task = tasks.complete(app, by, self._task(b.incident, b.task), b.note)
            return f"{by} 完成:{task.title}", incident_id
        if k == "block":
            task = tasks.block(app, by, self._task(b.incident, b.task), b.reason)
            return f"{by} 标记受阻:{task.title}", incident_id
        if k == "regrade":
            incidents.regrade(app, by, incident_id, b.level, reason=b.reason)  # type: ignore[arg-type]
            return f"{by} 调整响应级别为 {b.level}", incident_id
        if k == "advance":
            incidents.advance(app, by, incident_id, parse_state(b.state).value)  # type: ignore[arg-type]
            return f"{by} 推进事件至 {b.state}", incident_id
        if k == "retype":
            incidents.retype(app, by, incident_id, b.type, reason=b.reason)  # type: ignore[arg-type]
            return f"{by} 调整投诉类型为 {b.type}", incident_id
        if k == "note":
            incidents.add_note(app, by, incident_id, b.text, significant=b.significant)
            return f"{by} 记录:{b.text}", incident_id
        # ack: the alarm of that task (or of the incident's own clock) and kind, still open
        task_id = self._task(b.incident, b.task) if b.task else None
        with app.read() as s:
            alarm_id = s.execute(select(Alarm.id).where(
                Alarm.incident_id == incident_id, Alarm.task_id.is_(None) if task_id is None else Alarm.task_id == task_id,
                Alarm.kind == b.kind, Alarm.acknowledged_at.is_(None))).scalars().first()  # fmt: skip
        if alarm_id is None:
            raise NotFound(f"ack: no open {b.kind} alarm for {b.incident}/{b.task or '事件'}")
        alarm_service.ack(app, by, alarm_id)
        return f"{by} 确认告警 #{alarm_id}", incident_id
