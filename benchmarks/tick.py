"""The 1 Hz refresh of the command screen on the "big day" (500 incidents, 12,000 open
tasks), beside a naive baseline that reloads every row from the database each second.
Goal: ≤ 2 ms per tick and ≥ 50× cheaper than the baseline. Also cold start to a shown
command screen at that size (a fresh process: imports, database, boards, window) and peak RSS.

    python -m benchmarks.tick [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

START = time.perf_counter()


def build(url: str, incidents: int, tasks: int) -> None:
    from console.context import open_app
    from console.services import users
    from console.services.demo import load_big_day

    app = open_app(url)
    users.add_user(app, None, "zhang", "leader", display_name="张组长", password="demo1234")
    load_big_day(app, incidents, tasks)
    app.close()


def measure(url: str, ticks: int) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    from benchmarks.common import peak_rss_mb, summary
    from console.context import open_app
    from console.services import users
    from console.services.queries import board_rows
    from widgets.style import register_fonts
    from widgets.window import MainWindow

    qt = QApplication([])
    register_fonts()
    app = open_app(url)
    leader = next(u for u in users.list_users(app) if u.name == "zhang")
    window = MainWindow(app, leader)
    window.resize(1600, 950)
    window.start()
    window.show()
    qt.processEvents()
    cold_start = time.perf_counter() - START
    boards = window.seat.boards
    rows = sum(m.rowCount() for m in boards.models.values())

    def timed(fn) -> list[float]:  # type: ignore[no-untyped-def]
        out = []
        for _ in range(ticks):
            t0 = time.perf_counter()
            fn()
            qt.processEvents()  # the repaint of what is visible belongs to the tick
            out.append((time.perf_counter() - t0) * 1000)
        return out

    for _ in range(3):  # warm: the first ticks render the digits each colour needs, once
        boards.tick()
        qt.processEvents()
    tick_ms = timed(boards.tick)
    handler_ms = []  # the tick's own work (models, signals), before Qt repaints
    for _ in range(ticks):
        t0 = time.perf_counter()
        boards.tick()
        handler_ms.append((time.perf_counter() - t0) * 1000)
        qt.processEvents()

    # Before the baseline below, which holds every row of every lane as the boards once did.
    peak_rss = peak_rss_mb()

    def naive() -> None:  # reload all rows from the database every second
        fresh = board_rows(app)
        by_lane: dict[str, list] = {}
        for r in fresh:
            by_lane.setdefault(r.lane, []).append(r)
        for key, model in boards.models.items():
            model.set_rows(by_lane.get(key, []))
            model.beginResetModel()  # as the old boards did every second: each view whole
            model.endResetModel()

    naive_ms = timed(naive)
    tick, base, handler = summary(tick_ms), summary(naive_ms), summary(handler_ms)
    window.close()
    return {
        "rows_on_boards": rows,
        "lanes": len(boards.models),
        "tick_with_repaint_ms": {k: round(v, 3) for k, v in tick.items()},
        "tick_handler_only_ms": {k: round(v, 3) for k, v in handler.items()},
        "naive_reload_ms": {k: round(v, 1) for k, v in base.items()},
        "speedup_p50": round(base["p50"] / tick["p50"], 1),
        "speedup_handler_p50": round(base["p50"] / handler["p50"], 1),
        "cold_start_s": round(cold_start, 2),
        "peak_rss_mb": round(peak_rss, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--quick", action="store_true", help="50 incidents, 1,200 tasks, 5 ticks (for CI)"
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--ticks", type=int, default=30)
    parser.add_argument("--incidents", type=int, help="open incidents (default 500)")
    parser.add_argument(
        "--tasks", type=int, help="open tasks, each with its clock (default 12,000)"
    )
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.ticks)))
        return
    from benchmarks.common import temp_db

    url = temp_db()
    incidents, tasks, ticks = (50, 1200, 5) if args.quick else (500, 12_000, args.ticks)
    incidents, tasks = args.incidents or incidents, args.tasks or tasks
    build(url, incidents, tasks)
    # a fresh process, so cold start counts imports, the database and the window
    proc = subprocess.run([sys.executable, "-m", "benchmarks.tick", "--measure", url, "--ticks", str(ticks)],
                          capture_output=True, text=True, check=True)  # fmt: skip
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["incidents"], result["tasks"] = incidents, tasks
    result["goal"] = "tick ≤ 2 ms and ≥ 50× cheaper than reloading"
    # Met only counting the repaint the tick causes: the stricter reading of the goal.
    result["met"] = result["tick_with_repaint_ms"]["p50"] <= 2.0 and result["speedup_p50"] >= 50
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
