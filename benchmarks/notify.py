"""Reaching people off their seats: alarms through the outbox to a receiver, with `main.py
serve` (the real scheduler and sender) in a process of its own on the machine clock.

The receiver is a threaded HTTP server in this process on 127.0.0.1; the console sends to it
on two json:// channels: a gateway for people's own mobiles (/gw, the SMS gateway's place)
and a work group's robot (/robot, --group admin). It timestamps every request on arrival and
reads which message it is from the JSON (the alarm id in the body's `ack N`, the title, the
gateway's `recipient`), so each one is matched to its row in the outbox: a row never
received is lost, a second arrival of one is a duplicate.

The alarms come from per-case tasks (`task add` with a deadline, through the services),
made before `serve` starts: each task's warning point and deadline are two alarm points,
all the points spread evenly over the window (the warnings in its first half, the lapses in
its second). An alarm's point is its warning point or deadline; the path from it to the
receiver is the real one: the scheduler's timer (an APScheduler job per point), the sweep's
transaction (alarm and outbox rows), the sender's claim, the send, the settle.

a. burst: 1,000 alarms in one minute (quick: 100 in 10 s); point → received, p50/p99
   (goal: p99 ≤ 1 s), none lost, none twice.
b. outage: the receiver down (connection refused) for 60 s (quick: 10 s) while alarms keep
   coming; every message raised meanwhile delivered ≤ 10 s after it is back, none lost,
   none twice. Also how hard the sender works meanwhile (claims settled, audit entries).
c. kill: a slow receiver (0.25 s an answer) so a batch is in flight; `serve` killed with
   SIGKILL in the middle of a batch, a new `serve` started; none lost, repeats ≤ the
   messages in flight (claimed, not settled: ≤ the batch of 20). Both serves run with
   CONSOLE_NOTIFY_LEASE=3: a claim's lease is the one its claimer wrote, so it is the killed
   sender's lease that the new one waits out.

On SQLite, and on PostgreSQL when reachable (a scratch database per scenario, ANALYZEd
after the build as autovacuum would have it, dropped afterwards; skipped with the reason
without a server). --no-analyze leaves its tables without statistics, as a new database
on a server with autovacuum off has them: the sweep's plan then degrades (see build).

    python -m benchmarks.notify [--quick] [--no-analyze] [--pg postgresql+psycopg://user@host:5432/postgres]
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get(
    "CONSOLE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
GOAL_P99_S = 1.0  # alarm point → message received
GOAL_BACKLOG_S = 10.0  # receiver back → its backlog delivered
BATCH = 20  # the sender's claim (console/runners/notifier.py)
WARM_S = 2.0  # the window's first seconds, left out of the "after_first_2s" figures
LEADER, OFFICER, GROUP, ROLE = "boss", "officer", "admin", "complaint_officer"
PLAN = "complaint_types"  # its 普通投诉 starts no clock of its own: the tasks' are the only ones
ACK = re.compile(r"main\.py ack (\d+)")
ANALYZE = [True]  # --no-analyze: PostgreSQL's tables as a fresh database has them


# --- the receiver --------------------------------------------------------------------------
class Receiver:
    """A threaded HTTP server on 127.0.0.1 that notes every request: (arrival time, path,
    JSON body). `delay` makes it answer slowly; `down()` closes the port (connection refused),
    `up()` opens the same port again."""

    def __init__(self) -> None:
        self.records: list[tuple[float, str, dict]] = []
        self.delay = 0.0
        self.port = 0
        self._lock = threading.Lock()
        self._server: http.server.ThreadingHTTPServer | None = None
        self.up()

    def up(self) -> None:
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                at = time.time()
                try:
                    doc = json.loads(body)
                except ValueError:
                    doc = {"unreadable": body[:200].decode("utf-8", "replace")}
                with outer._lock:
                    outer.records.append((at, self.path, doc))
                if outer.delay:
                    time.sleep(outer.delay)
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(b"{}")
                except OSError:  # the sender was killed meanwhile
                    pass

            def log_message(self, *args: object) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True
            allow_reuse_address = True

            def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
                pass  # a sender killed mid-request: nothing to say

        self._server = Server(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         name="receiver", daemon=True).start()  # fmt: skip

    def down(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def count(self) -> int:
        with self._lock:
            return len(self.records)

    def taken(self) -> list[tuple[float, str, dict]]:
        with self._lock:
            return list(self.records)


# --- the database ------------------------------------------------------------------------
def build(url: str, port: int, points: list[datetime], per_incident: int = 50) -> dict:
    """The people, the two channels, and per-case tasks whose warning points and deadlines
    are `points` (an even number, in order): task j warns at points[j] and lapses at
    points[j + n/2]. Made on a clock standing at the build's start (the tasks' start).
    On PostgreSQL the tables are then ANALYZEd (unless --no-analyze), as autovacuum with
    its defaults would have done on a room's server: without statistics the planner takes
    the sweep's "clock without an alarm" for a nested loop over every alarm."""
    from console.context import open_app
    from console.services import incidents, notify, tasks, users
    from console.services.incidents import ReportInput
    from console.time.source import FixedTime

    start = datetime.now(UTC)
    app = open_app(url, FixedTime(start))
    users.add_user(app, None, LEADER, "leader", display_name="总经理", org_role="general_manager",
                   ab="A", password=None)  # fmt: skip
    users.add_user(app, None, OFFICER, "coordinator", group=GROUP, display_name="投诉专员",
                   org_role=ROLE, ab="A", password=None)  # fmt: skip
    users.set_contact(app, None, OFFICER, mobile="13800000001")
    notify.add_channel(app, None, "gateway", f"json://127.0.0.1:{port}/gw")
    notify.add_channel(app, None, "robot", f"json://127.0.0.1:{port}/robot", GROUP)
    half = len(points) // 2
    incident = 0
    t0 = time.perf_counter()
    for j in range(half):
        if j % per_incident == 0:
            incident = incidents.register(app, LEADER, ReportInput(
                plan=PLAN, title=f"通知压测 {j // per_incident + 1}", channel="phone",
                level="ordinary", people=1, demands="要求答复")).id  # fmt: skip
        warn, due = points[j], points[j + half]
        pct = (warn - start) / (due - start) * 100
        tasks.add(app, LEADER, incident, title=f"bench-{j:04d}", group=GROUP, role=ROLE, due=due,
                  warn=f"{pct:.9f}%")  # fmt: skip
    built_s = time.perf_counter() - t0
    app.close()
    if ANALYZE[0] and url.startswith("postgresql"):
        from sqlalchemy import create_engine, text
        from sqlalchemy.pool import NullPool

        engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        with engine.connect() as conn:
            conn.execute(text("ANALYZE"))
        engine.dispose()
    return {"tasks": half, "build_s": round(built_s, 2)}


def lead_for(tasks: int, postgresql: bool) -> float:
    """Seconds from the build's start to the first alarm point: the build (measured: about
    10 ms a task on SQLite, 15 ms on PostgreSQL here; three times that allowed) and
    `serve`'s start."""
    return 6.0 + tasks * (0.045 if postgresql else 0.03)


def spread(first: datetime, window_s: float, n: int) -> list[datetime]:
    return [first + timedelta(seconds=(i + 0.5) * window_s / n) for i in range(n)]


def ground_truth(url: str) -> dict:
    """What the database says happened: the alarms with their points, the messages."""
    from sqlalchemy import select

    from console.context import open_app
    from console.time.source import SystemTime
    from models import Alarm, AuditEntry, Channel, Message, SlaClock

    app = open_app(url, SystemTime(), migrate=False)
    with app.read() as s:
        alarms = {a_id: (kind, (warn if kind == "warning" else due).timestamp(), raised.timestamp())
                  for a_id, kind, warn, due, raised in s.execute(
                      select(Alarm.id, Alarm.kind, SlaClock.warn_at, SlaClock.due_at, Alarm.raised_at)
                      .join(SlaClock, Alarm.clock_id == SlaClock.id))}  # fmt: skip
        messages = [
            {"id": m.id, "channel": c, "recipient": m.recipient, "alarm": m.alarm_id,
             "title": m.title, "state": m.state, "attempts": m.attempts,
             "created": m.created_at.timestamp(),
             "sent": m.sent_at.timestamp() if m.sent_at else None}
            for m, c in s.execute(select(Message, Channel.name)
                                  .join(Channel, Message.channel_id == Channel.id))
        ]  # fmt: skip
        # the sender's settles: one audit entry (and one change on the bus) each
        settles = [at.timestamp() for at in s.execute(
            select(AuditEntry.at).where(AuditEntry.action == "notify.deliver")).scalars()]  # fmt: skip
    app.close()
    return {"alarms": alarms, "messages": messages, "settles": settles}


def match(records: list[tuple[float, str, dict]], messages: list[dict]) -> tuple[dict, int]:
    """Each outbox row's arrival times (by channel, recipient, alarm and title), and how
    many requests matched no row."""
    paths = {"/gw": "gateway", "/robot": "robot"}
    index = {(m["channel"], m["recipient"], m["alarm"], m["title"]): m["id"] for m in messages}
    arrivals: dict[int, list[float]] = {m["id"]: [] for m in messages}
    stray = 0
    for at, path, doc in records:
        found = ACK.search(doc.get("message", ""))
        key = (paths.get(path), doc.get("recipient") or f"@{GROUP}",
               int(found.group(1)) if found else None, doc.get("title"))  # fmt: skip
        mid = index.get(key)
        if mid is None:
            stray += 1
        else:
            arrivals[mid].append(at)
    return arrivals, stray


def figures(values: list[float]) -> dict:
    from benchmarks.common import summary

    return {k: (round(v, 4) if k != "n" else v) for k, v in summary(values).items()}


# --- serve -------------------------------------------------------------------------------
class Serve:
    """`main.py --db URL serve` in a process of its own; its serve.log in a folder of ours
    (XDG_STATE_HOME, on Linux), its output (stderr, where it logs too) in a file there."""

    def __init__(self, url: str, logs: Path, lease: float | None = None) -> None:
        env = dict(os.environ, XDG_STATE_HOME=str(logs), PYTHONUNBUFFERED="1")
        if lease is not None:
            env["CONSOLE_NOTIFY_LEASE"] = str(lease)
        self.launched = time.time()
        # Its output to a file: serve logs to stderr too, and a pipe nobody reads fills
        # (64 KB) and stops it.
        self.output = logs / f"serve-{self.launched:.3f}.out"
        with self.output.open("w", encoding="utf-8") as out:
            self.proc = subprocess.Popen([sys.executable, "main.py", "--db", url, "serve"],
                                         cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                         text=True)  # fmt: skip

    def tail(self, chars: int = 3000) -> str:
        return self.output.read_text(encoding="utf-8", errors="replace")[-chars:]

    def wait_started(self, timeout: float = 30.0) -> float:
        end = time.time() + timeout
        while time.time() < end:
            if self.proc.poll() is not None:
                raise SystemExit(f"serve exited with {self.proc.returncode}: {self.tail()}")
            if "serve: started" in self.output.read_text(encoding="utf-8", errors="replace"):
                return time.time() - self.launched
            time.sleep(0.05)
        raise SystemExit(f"serve did not start within {timeout:g} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise SystemExit(
                    f"serve did not stop within 30 s of SIGTERM: {self.tail()}"
                ) from None
        if self.proc.returncode != 0:
            sys.stderr.write(self.tail())
            raise SystemExit(f"serve exited with {self.proc.returncode}")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()


def wait_for(done, timeout: float, step: float = 0.1) -> bool:  # type: ignore[no-untyped-def]
    end = time.time() + timeout
    while time.time() < end:
        if done():
            return True
        time.sleep(step)
    return done()


def unsent(url: str) -> int:
    """Outbox rows not yet sent (nor given up, nor cancelled)."""
    from sqlalchemy import func, select

    from console.context import open_app
    from console.time.source import SystemTime
    from models import Message

    app = open_app(url, SystemTime(), migrate=False)
    try:
        with app.read() as s:
            return s.execute(select(func.count()).select_from(Message).where(
                Message.state.in_(("pending", "sending", "retrying")))).scalar_one()  # fmt: skip
    finally:
        app.close()


def in_state(url: str, state: str) -> list[int]:
    from sqlalchemy import select

    from console.context import open_app
    from console.time.source import SystemTime
    from models import Message

    app = open_app(url, SystemTime(), migrate=False)
    try:
        with app.read() as s:
            return list(s.execute(select(Message.id).where(Message.state == state)).scalars())
    finally:
        app.close()


# --- the scenarios -------------------------------------------------------------------------
def burst(url: str, alarms: int, window_s: float, pg: bool, logs: Path) -> dict:
    """a. `alarms` alarm points evenly over `window_s`, serve running: point → received."""
    receiver = Receiver()
    first = datetime.now(UTC) + timedelta(seconds=lead_for(alarms // 2, pg))
    points = spread(first, window_s, alarms)
    made = build(url, receiver.port, points)
    serve = Serve(url, logs)
    started_s = serve.wait_started()
    margin = (first - datetime.now(UTC)).total_seconds()
    if margin < 0:
        serve.stop()
        raise SystemExit(f"the build took too long: the first alarm point passed {-margin:.1f} s "
                         "before serve started (raise lead_for)")  # fmt: skip
    expected = 2 * alarms  # each alarm: the gateway to the officer's mobile, the group's robot
    end_of_window = points[-1].timestamp()
    wait_for(lambda: receiver.count() >= expected and time.time() > end_of_window,
             max(0.0, end_of_window - time.time()) + 30)  # fmt: skip
    time.sleep(1.0)  # anything more (a duplicate) would arrive now
    serve.stop()
    receiver.down()
    truth = ground_truth(url)
    arrivals, stray = match(receiver.taken(), truth["messages"])
    by_id = {m["id"]: m for m in truth["messages"]}
    latency, raise_lag, deliver, warm = [], [], [], []
    for mid, times in arrivals.items():
        m = by_id[mid]
        _kind, point, raised = truth["alarms"][m["alarm"]]
        if times:
            latency.append(min(times) - point)
            deliver.append(min(times) - raised)
            if point >= points[0].timestamp() + WARM_S:
                warm.append(min(times) - point)
    for _kind, point, raised in truth["alarms"].values():
        raise_lag.append(raised - point)
    lost = sum(1 for t in arrivals.values() if not t)
    return {
        "alarms": alarms,
        "window_s": window_s,
        "tasks": made["tasks"],
        "build_s": made["build_s"],
        "serve_start_s": round(started_s, 2),
        "first_point_after_serve_start_s": round(margin, 2),
        "raised": len(truth["alarms"]),
        "messages": len(truth["messages"]),
        "expected_messages": expected,
        "received": len(receiver.taken()),
        "lost": lost,
        "duplicates": sum(max(0, len(t) - 1) for t in arrivals.values()),
        "stray": stray,
        "due_to_received_s": figures(latency),
        "due_to_raised_s": figures(raise_lag),  # the alarm's transaction time (its raised_at)
        "raised_to_received_s": figures(deliver),
        # without the window's first seconds: the sender's first send loads Apprise
        "due_to_received_after_first_2s_s": figures(warm),
        "settles": len(truth["settles"]),
    }


def outage(url: str, alarms: int, down_s: float, pg: bool, logs: Path) -> dict:
    """b. The receiver down for `down_s` while alarms keep coming: the backlog after it is
    back."""
    receiver = Receiver()
    window_s = down_s + 10.0
    first = datetime.now(UTC) + timedelta(seconds=lead_for(alarms // 2, pg))
    points = spread(first, window_s, alarms)
    made = build(url, receiver.port, points)
    serve = Serve(url, logs)
    serve.wait_started()
    down_at = first.timestamp() + 3.0
    wait_for(lambda: time.time() >= down_at, max(0.0, down_at - time.time()) + 1, 0.01)
    receiver.down()
    down_at = time.time()
    before_down = receiver.count()
    wait_for(lambda: False, down_s)
    receiver.up()
    up_at = time.time()
    expected = 2 * alarms
    wait_for(lambda: receiver.count() >= expected, window_s + 60)
    time.sleep(1.0)
    serve.stop()
    receiver.down()
    truth = ground_truth(url)
    arrivals, stray = match(receiver.taken(), truth["messages"])
    while_down = [m for m in truth["messages"] if down_at <= m["created"] < up_at]
    backlog = [m for m in truth["messages"] if m["created"] < up_at and not any(
        t < up_at for t in arrivals[m["id"]])]  # fmt: skip
    last_backlog = max(
        (min(arrivals[m["id"]]) for m in backlog if arrivals[m["id"]]), default=up_at
    )
    last_while_down = max((min(arrivals[m["id"]]) for m in while_down if arrivals[m["id"]]),
                          default=up_at)  # fmt: skip
    lost = sum(1 for t in arrivals.values() if not t)
    settles_during = sum(1 for t in truth["settles"] if down_at <= t < up_at)
    return {
        "alarms": alarms,
        "window_s": window_s,
        "down_s": round(up_at - down_at, 1),
        "tasks": made["tasks"],
        "received_before_down": before_down,
        "messages": len(truth["messages"]),
        "expected_messages": expected,
        "raised_while_down": len(while_down),
        "backlog_at_return": len(backlog),  # raised before the return and not yet received
        "while_down_delivered_after_return_s": round(last_while_down - up_at, 3),
        "backlog_delivered_after_return_s": round(last_backlog - up_at, 3),
        "lost": lost,
        "duplicates": sum(max(0, len(t) - 1) for t in arrivals.values()),
        "stray": stray,
        "max_attempts": max((m["attempts"] for m in truth["messages"]), default=0),
        # what the sender did meanwhile: one audit entry per settled claim
        "settles_while_down": settles_during,
        "settles_per_s_while_down": round(settles_during / max(up_at - down_at, 1e-9), 1),
    }


def kill(url: str, alarms: int, delay: float, pg: bool, logs: Path) -> dict:
    """c. serve killed with SIGKILL in the middle of a batch (the receiver slow), a new serve
    started: lost, repeated, and the bound (the messages in flight)."""
    lease = 3.0
    receiver = Receiver()
    receiver.delay = delay
    first = datetime.now(UTC) + timedelta(seconds=lead_for(alarms // 2, pg))
    points = spread(first, 2.0, alarms)
    made = build(url, receiver.port, points)
    serve = Serve(url, logs, lease=lease)
    serve.wait_started()
    kill_after = BATCH + BATCH // 3  # the first batch settled, the second under way
    if not wait_for(lambda: receiver.count() >= kill_after, lead_for(alarms // 2, pg) + 60, 0.005):
        serve.stop()
        raise SystemExit(f"only {receiver.count()} messages arrived before the kill")
    serve.kill()
    killed_at = time.time()
    received_at_kill = receiver.count()
    in_flight = in_state(url, "sending")  # claimed by the dead sender, not settled
    time.sleep(delay + 0.1)  # the request the kill interrupted is noted by now
    arrived_at_kill, _ = match(receiver.taken(), ground_truth(url)["messages"])
    second = Serve(url, logs, lease=lease)
    second.wait_started()
    restarted_at = time.time()
    expected = 2 * alarms
    wait_for(lambda: unsent(url) == 0 and receiver.count() >= expected,
             expected * delay + 60, 0.2)  # fmt: skip
    time.sleep(1.0)
    second.stop()
    receiver.down()
    truth = ground_truth(url)
    arrivals, stray = match(receiver.taken(), truth["messages"])
    repeats = sum(max(0, len(t) - 1) for t in arrivals.values())
    resent = [max(t) for t in arrivals.values() if len(t) > 1]
    return {
        "alarms": alarms,
        "tasks": made["tasks"],
        "receiver_delay_s": delay,
        "lease_s": lease,
        "messages": len(truth["messages"]),
        "expected_messages": expected,
        "received_at_kill": received_at_kill,
        "in_flight": len(in_flight),
        # the messages in flight that had reached the receiver: the ones a new sender repeats
        "in_flight_arrived": sum(1 for mid in in_flight if arrived_at_kill[mid]),
        "lost": sum(1 for t in arrivals.values() if not t),
        "duplicates": repeats,
        "repeated_outside_in_flight": sum(
            1 for mid, t in arrivals.items() if len(t) > 1 and mid not in in_flight
        ),
        "stray": stray,
        "unsent_at_end": sum(1 for m in truth["messages"] if m["state"] != "sent"),
        "second_serve_started_after_kill_s": round(restarted_at - killed_at, 2),
        "repeats_sent_after_kill_s": round(max(resent) - killed_at, 2) if resent else None,
    }


# --- the whole --------------------------------------------------------------------------
SIZES = {  # burst (alarms, window), outage (alarms, down), kill (alarms, receiver delay)
    "full": {"burst": (1000, 60.0), "outage": (600, 60.0), "kill": (100, 0.25)},
    "quick": {"burst": (100, 10.0), "outage": (60, 10.0), "kill": (40, 0.25)},
}


def on_database(make_url, drop, pg: bool, quick: bool) -> dict:  # type: ignore[no-untyped-def]
    sizes = SIZES["quick" if quick else "full"]
    out = {}
    with tempfile.TemporaryDirectory(prefix="console-bench-logs-") as folder:
        logs = Path(folder)
        for name, scenario in (("burst", burst), ("outage", outage), ("kill", kill)):
            url = make_url()
            try:
                out[name] = scenario(url, *sizes[name], pg, logs)
            finally:
                drop(url)
            print(f"{'postgresql' if pg else 'sqlite'} {name}: {json.dumps(out[name], ensure_ascii=False)}",
                  file=sys.stderr, flush=True)  # fmt: skip
    return out


def verdict(d: dict) -> bool:
    a, b, c = d["burst"], d["outage"], d["kill"]
    return (a["due_to_received_s"]["p99"] <= GOAL_P99_S and a["lost"] == a["duplicates"] == 0
            and a["messages"] == a["expected_messages"]
            and b["backlog_delivered_after_return_s"] <= GOAL_BACKLOG_S
            and b["lost"] == b["duplicates"] == 0 and b["messages"] == b["expected_messages"]
            and c["lost"] == 0 and c["duplicates"] <= c["in_flight"] <= BATCH
            and c["repeated_outside_in_flight"] == 0
            and c["unsent_at_end"] == 0)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true",
                        help="100 alarms in 10 s, the receiver down 10 s, 40 alarms killed (CI)")  # fmt: skip
    parser.add_argument("--pg", default=PG_SERVER, help="the PostgreSQL server (a database URL)")
    parser.add_argument("--no-analyze", action="store_true",
                        help="leave PostgreSQL's new tables without statistics (see build)")  # fmt: skip
    args = parser.parse_args()
    ANALYZE[0] = not args.no_analyze
    from benchmarks.common import temp_db
    from console.db import create_database, drop_database

    result: dict = {"sqlite": on_database(temp_db, lambda url: None, False, args.quick)}
    try:
        drop_database(create_database(args.pg, "console_bench"))
    except Exception as exc:  # noqa: BLE001
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        result["postgresql"] = {
            "skipped": f"no PostgreSQL at {args.pg} (set CONSOLE_TEST_PG or --pg): {first}"
        }
    else:

        def drop(url: str) -> None:
            try:
                drop_database(url)
            except Exception as exc:  # noqa: BLE001  # the figures stand; say what was left
                print(f"could not drop {url}: {exc}", file=sys.stderr)

        result["postgresql"] = on_database(lambda: create_database(args.pg, "console_bench"),
                                           drop, True, args.quick)  # fmt: skip
        result["postgresql"]["analyzed"] = ANALYZE[0]
    result["goal"] = (f"p99 ≤ {GOAL_P99_S:g} s point → received; backlog ≤ {GOAL_BACKLOG_S:g} s "
                      "after the receiver's return; none lost, none twice; a kill repeats ≤ the "
                      "messages in flight")  # fmt: skip
    result["met"] = all(
        verdict(d) for d in result.values() if isinstance(d, dict) and "skipped" not in d
    )
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
