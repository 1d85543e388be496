"""The GUI thread's longest stall (issue 20): how long the command screen's event loop could
not run (an event-loop lag probe: a 5 ms timer, the gap between two of its ticks less 5 ms)
while each of these happens on the big day (default 5,000 incidents, 120,000 open clocks):

- sweep: the seat's scheduler starts (in its process beside the seat, as the console runs
  it: console.runners.beside) and its first sweep raises every deadline already passed
  (the big day has an hour of them: about 24,000 alarms at 120,000 clocks), watched until
  the banner shows them;
- change: another seat (a process of its own) completes 30 tasks of 30 cases, one a 0.2 s;
- regrade: another seat re-grades 20 cases (tasks cancelled and added);
- jump: the system clock jumps an hour ahead (the scheduler re-plans and sweeps what it
  skipped, thousands of alarms), watched until the banner shows them;
- reconnect: the database comes back after an outage (everything read again).

Goal: no stall over 50 ms, on SQLite and on PostgreSQL.

    python -m benchmarks.stalls [--incidents N --tasks M] [--quick] [--pg URL] [--no-pg]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta

GOAL_MS = 50.0
PROBE_MS = 5
PG_SERVER = os.environ.get(
    "CONSOLE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


class Shifted:
    """The system clock with a knob (a jump), as the scheduler's watcher sees one."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def wall_time(self, instant: datetime) -> datetime | None:
        return instant - self.offset  # APScheduler runs on the machine's real clock

    def jump(self, delta: timedelta) -> None:
        self.offset += delta


# --- another seat ------------------------------------------------------------------------
def act(url: str, what: str, n: int) -> None:
    from sqlalchemy import func, select

    from console.context import open_app
    from console.errors import ConsoleError
    from console.services import incidents, tasks
    from models import Incident, Task

    app = open_app(url)
    rnd = random.Random(7)
    with app.read() as s:
        busiest = s.execute(select(Task.incident_id, func.min(Task.id)).where(Task.state == "open")
                            .group_by(Task.incident_id).order_by(func.count().desc()).limit(n)).all()  # fmt: skip
        levels = {i.id: (i.plan_id, i.level_id) for i in s.execute(
            select(Incident).where(Incident.id.in_([b[0] for b in busiest]))).scalars()}  # fmt: skip
    for iid, tid in busiest:
        try:
            if what == "complete":
                tasks.complete(app, "zhang", tid, "已办")
            else:
                plan_id, level = levels[iid]
                others = [lv.id for lv in app.catalogue.get(plan_id).levels if lv.id != level]
                incidents.regrade(app, "zhang", iid, rnd.choice(others), reason="基准测试")
        except ConsoleError as exc:
            print(f"{what} {iid}: {exc}", file=sys.stderr)
        time.sleep(0.2)
    app.close()


# --- the seat's serve ---------------------------------------------------------------------
def serve_beside(url: str, marker: str | None = None) -> None:
    """The seat's scheduler in a process of its own, as console.runners.beside starts it
    (`serve`), on the shifted clock: SIGUSR1 jumps it an hour ahead, SIGTERM stops it.
    `marker`: a file it writes the ids of the alarms its first sweep raised to, once
    committed."""
    import signal

    from console.context import open_app
    from console.runners.beside import give_way
    from console.runners.scheduler import AlarmScheduler

    give_way()  # as `serve --parent` does
    clock = Shifted()
    app = open_app(url, time=clock)
    scheduler = AlarmScheduler(app, wall=clock)
    stop = threading.Event()
    after_jump: list[int] = []
    jumped: list[datetime] = []

    def jump(*_: object) -> None:
        clock.jump(timedelta(hours=1))
        jumped.append(clock.now())

    sweep = scheduler.sweep

    def sweep_marked():  # type: ignore[no-untyped-def]
        """What the sweeps begun after the jump raise, as each commits (not a sweep under
        way at the jump: its time is from before)."""
        began = clock.now()
        swept = sweep()
        if marker and jumped and began >= jumped[0] and swept.raised:
            mark(marker + ".jump", after_jump, swept)
        return swept

    scheduler.sweep = sweep_marked  # type: ignore[method-assign]

    signal.signal(signal.SIGUSR1, jump)
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    swept = scheduler.start()
    if marker:
        mark(marker, [], swept)
    while not stop.wait(0.2):
        pass
    scheduler.stop()
    app.close()


def mark(path: str, raised: list[int], swept) -> None:  # type: ignore[no-untyped-def]
    """Adds a sweep's raised alarms to `raised` and writes them all to `path` (atomically)."""
    raised.extend(swept.raised)
    with open(path + ".tmp", "w") as out:
        out.write(json.dumps(raised))
    os.replace(path + ".tmp", path)


def shown_by_banner(path: str, window, since: list[float]):  # type: ignore[no-untyped-def]
    """Every alarm the sweeps beside listed in `path` is on the banner, and nothing is left
    to read or show; False until the file is there. It is read again when it changes
    (`since`: its last modification time, and the ids read)."""
    if not os.path.exists(path):
        return False
    stamp = os.stat(path).st_mtime_ns
    if not since or since[0] != stamp:
        with open(path) as f:
            since[:] = [stamp, set(json.load(f))]
    return since[1] <= window.banner.open_ids and not window.reader.busy and window._pending is None


# --- the command screen ------------------------------------------------------------------
def measure(url: str, only: list[str] | None = None, why_on: bool = False) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from console.context import open_app
    from console.services import users
    from widgets.bridge import ConsoleBridge
    from widgets.style import register_fonts
    from widgets.window import MainWindow

    slow_events: list[tuple[float, float, str]] = []  # --why: (when, ms, what) of events > 20 ms

    class Timed(QApplication):
        def notify(self, receiver, event):  # type: ignore[no-untyped-def]
            t0 = time.perf_counter()
            try:
                return super().notify(receiver, event)
            finally:
                ms = (time.perf_counter() - t0) * 1000
                if ms > 20:
                    slow_events.append((t0, ms, f"{type(receiver).__name__} {event.type().name}"))

    qt = (Timed if why_on else QApplication)([])
    register_fonts()
    clock = Shifted()
    app = open_app(url, time=clock)
    leader = next(u for u in users.list_users(app) if u.name == "zhang")
    window = MainWindow(app, leader)
    ConsoleBridge(app).connect_window(window)  # the scheduler is the seat's serve, beside it
    window.resize(1600, 950)
    window.start()
    window.show()
    qt.processEvents()

    # How long the GUI thread itself spends showing what was read (the rest of a stall is
    # waiting: for the GIL, held by the scheduler's or the reader's thread).
    worked: list[float] = []
    by_name: dict[str, float] = {}

    def timed(obj, name: str) -> None:  # type: ignore[no-untyped-def]
        fn = getattr(obj, name)

        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                ms = (time.perf_counter() - t0) * 1000
                worked.append(ms)
                by_name[name] = max(by_name.get(name, 0.0), round(ms, 1))

        setattr(obj, name, wrapper)

    for obj, name in ((window.seat, "put_all"), (window.seat, "put_change"), (window.banner, "put"),
                      (window, "_apply_pending")):  # fmt: skip
        timed(obj, name)
    ticks: list[float] = []
    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(PROBE_MS)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    probe.start()
    # --why: every 10 ms while the probe is over 50 ms late, each thread's innermost frames
    # (the worst stall of each event is printed with what was running in it)
    why: dict[str, int] = {}
    samples: list = []
    probe_on = True
    if why_on:
        import collections
        import traceback

        why = collections.Counter()
        gui_ident = threading.get_ident()

        def sampler() -> None:
            while True:
                time.sleep(0.01)
                if probe_on and ticks and time.perf_counter() - ticks[-1] > 0.05:
                    frames = sys._current_frames()
                    for ident, frame in frames.items():
                        if ident == threading.get_ident():
                            continue
                        stack = traceback.extract_stack(frame)[-(16 if ident == gui_ident else 6) :]
                        tag = "GUI" if ident == gui_ident else "bg"
                        key = (
                            tag
                            + " | "
                            + " < ".join(
                                f"{f.name}:{os.path.basename(f.filename)}:{f.lineno}"
                                for f in reversed(stack)
                            )
                        )
                        why[key] += 1
                        samples.append((time.perf_counter(), key))

        threading.Thread(target=sampler, daemon=True).start()

    def run_for(seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    def stall(fn, seconds: float, until=None) -> dict:  # type: ignore[no-untyped-def]
        """The stalls while `fn` happens: for `seconds`, or (`until`) until what it does is
        shown, at most `seconds`, and a second more."""
        run_for(0.5)  # quiet before
        ticks.clear()
        worked.clear()
        by_name.clear()
        began = time.perf_counter()
        fn()
        shown_s = None
        if until is None:
            run_for(seconds)
        else:
            while not until() and time.perf_counter() - began < seconds:
                run_for(0.05)
            shown_s = round(time.perf_counter() - began, 2) if until() else None
            run_for(1.0)
        marks = [began, *ticks]
        gaps = [(b - a) * 1000 - PROBE_MS for a, b in zip(marks, marks[1:], strict=False)]
        worst = max(gaps, default=0.0)
        if samples and gaps:
            i = gaps.index(worst)
            a, b = marks[i], marks[i + 1]
            print(f"--- worst stall {worst:.0f} ms", file=sys.stderr)
            last = None
            for t, key in samples:
                if a <= t <= b and key != last:
                    print(f"  +{(t - a) * 1000:6.0f} {key[:400]}", file=sys.stderr)
                    last = key
            samples.clear()
        if why_on and gaps:
            i = gaps.index(worst)
            a, b = marks[i], marks[i + 1]
            for t, ms, what in slow_events:
                if a - 0.01 <= t <= b:
                    print(f"  event +{(t - a) * 1000:5.0f} {ms:5.0f} ms {what}", file=sys.stderr)
            slow_events.clear()
        return {**({"shown_after_s": shown_s} if until is not None else {}), "max_stall_ms": round(worst, 1), "gui_work_max_ms": round(max(worked, default=0), 1), "gui_work_ms": dict(by_name), "over_50ms": sum(g > GOAL_MS for g in gaps),
                "p99_stall_ms": round(sorted(gaps)[int(len(gaps) * 0.99)] if gaps else 0, 1)}  # fmt: skip

    def other_seat(what: str, n: int):  # type: ignore[no-untyped-def]
        def go() -> None:
            subprocess.Popen([sys.executable, "-m", "benchmarks.stalls", "--act", url, "--what", what,
                              "--n", str(n)])  # fmt: skip

        return go

    out: dict = {}

    def wanted(name: str) -> bool:
        return not only or name in only

    beside: list[subprocess.Popen] = []
    marker = os.path.join(tempfile.mkdtemp(prefix="stalls-"), "swept")

    def start_beside() -> None:
        beside.append(subprocess.Popen([sys.executable, "-m", "benchmarks.stalls", "--serve", url,
                                        "--marker", marker]))  # fmt: skip

    first: list = []  # the first sweep's: [mtime, ids]
    jumped: list = []  # the sweeps' after the jump

    if wanted("sweep") or wanted("jump"):
        # watched until shown: PostgreSQL's 24,000 alarms take longer than a fixed wait, and
        # were shown during the next event
        out["sweep"] = stall(start_beside, 180,
                             until=lambda: shown_by_banner(marker, window, first))  # fmt: skip
        out["sweep"]["raised"] = len(first[1]) if first else None
    if wanted("change"):
        out["change"] = stall(other_seat("complete", 30), 14)
    if wanted("regrade"):
        out["regrade"] = stall(other_seat("regrade", 20), 14)

    def jump() -> None:  # the machine's clock, as both processes see it
        clock.jump(timedelta(hours=1))
        beside[0].send_signal(signal.SIGUSR1)

    if wanted("jump"):
        # until the alarms the jump made due are shown: the serve beside notices the jump
        # within a second, re-plans and sweeps (the ids are written as each sweep commits)
        out["jump"] = stall(jump, 120,
                            until=lambda: shown_by_banner(marker + ".jump", window, jumped))  # fmt: skip
        out["jump"]["raised"] = len(jumped[1]) if jumped else None

    def reconnect() -> None:
        window.set_online(False)
        window.set_online(True)

    if wanted("reconnect"):
        out["reconnect"] = stall(reconnect, 60, until=window.offline.isHidden)
    probe_on = False
    probe.stop()
    for proc in beside:  # its sweep under way is finished first, as `serve` does on SIGTERM
        proc.terminate()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
    window.close()
    shutil.rmtree(os.path.dirname(marker), ignore_errors=True)
    if why:
        for k, v in why.most_common(40):
            print(v, k, file=sys.stderr)
    out["worst_ms"] = max(v["max_stall_ms"] for v in out.values() if isinstance(v, dict))
    out["met"] = out["worst_ms"] <= GOAL_MS
    return out


def run(url: str, incidents: int, tasks: int) -> dict:
    from benchmarks.tick import build

    build(url, incidents, tasks)
    proc = subprocess.run([sys.executable, "-m", "benchmarks.stalls", "--measure", url],
                          capture_output=True, text=True)  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    return {
        "incidents": incidents,
        "tasks": tasks,
        **json.loads(proc.stdout.strip().splitlines()[-1]),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=5000)
    parser.add_argument("--tasks", type=int, default=120_000)
    parser.add_argument("--quick", action="store_true", help="50 incidents, 1,200 tasks (for CI)")
    parser.add_argument("--pg", default=PG_SERVER)
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--only", nargs="*", help="of sweep, change, regrade, jump, reconnect")
    parser.add_argument("--act", help=argparse.SUPPRESS)
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--marker", help=argparse.SUPPRESS)
    parser.add_argument("--why", action="store_true",
                        help="with --measure: print what each thread was doing in the worst stalls")  # fmt: skip
    parser.add_argument("--what", help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.only, args.why)))
        return
    if args.act:
        act(args.act, args.what, args.n)
        return
    if args.serve:
        serve_beside(args.serve, args.marker)
        return
    from benchmarks.common import on_postgresql, temp_db

    incidents, tasks = (50, 1200) if args.quick else (args.incidents, args.tasks)
    result = {"goal": f"no stall over {GOAL_MS:g} ms", "sqlite": run(temp_db(), incidents, tasks)}
    if not args.no_pg:
        result["postgresql"] = on_postgresql(args.pg, lambda url: run(url, incidents, tasks))
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
