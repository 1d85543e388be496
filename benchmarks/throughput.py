"""Service throughput: 接报登记 then 启动预案 (console.services.incidents.register and
activate: the incident, the plan's tasks for its level, type and channel, their SLA clocks,
the duty log and the audit chain, each call one transaction) one incident after another,
through the real services, on SQLite and — when reachable — on PostgreSQL (a scratch
database, dropped afterwards). Goal: p95 ≤ 0.1 s per register + activate.

The reports cycle through every plan, level and channel (and the plan's complaint types),
so every kind of activation is in the mix. Incidents per second counts the whole loop;
latency is per incident, register + activate. No scheduler is attached: the services alone.

    python -m benchmarks.throughput [--quick] [--pg postgresql+psycopg://user@host:5432/postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import time

PG_SERVER = os.environ.get(
    "CONSOLE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
GOAL_P95_S = 0.1
WARM_UP = 5  # incidents registered first and not counted (imports, statement caches)


def figures(values: list[float]) -> dict:
    from benchmarks.common import summary

    return {k: round(v, 4) for k, v in summary(values).items() if k != "n"}


def run(url: str, n: int) -> dict:
    from sqlalchemy import func, select

    from console.context import open_app
    from console.incidents.lifecycle import CHANNELS
    from console.services import incidents
    from console.services.demo import add_demo_users
    from console.services.incidents import ReportInput
    from console.time.source import SystemTime
    from models import Incident, SlaClock, Task

    app = open_app(url, SystemTime())
    add_demo_users(app, password=None)
    reports = []  # every plan, level and channel; the plan's complaint types in turn
    for plan in app.catalogue:
        types = [t.id for t in plan.types] or [None]
        for level in plan.levels:
            for channel in CHANNELS:
                reports.append((plan.id, level.id, channel, types[len(reports) % len(types)]))

    def one(i: int) -> tuple[float, float]:
        plan, level, channel, type_ = reports[i % len(reports)]
        t0 = time.perf_counter()
        inc = incidents.register(app, "duty", ReportInput(
            plan=plan, title=f"接报 {i + 1}", channel=channel, level=level, type=type_,
            people=1 + i % 60, demands="要求答复", reporter="来电人", contact="13800000000"))  # fmt: skip
        t1 = time.perf_counter()
        incidents.activate(app, "zhang", inc.id)
        return t1 - t0, time.perf_counter() - t1

    for i in range(WARM_UP):
        one(i)
    with app.read() as s:
        first_id = (s.execute(select(func.max(Incident.id))).scalar() or 0) + 1
    register_s, activate_s = [], []
    t0 = time.perf_counter()
    for i in range(WARM_UP, WARM_UP + n):
        r, a = one(i)
        register_s.append(r)
        activate_s.append(a)
    elapsed = time.perf_counter() - t0
    with app.read() as s:
        tasks = s.execute(select(func.count()).select_from(Task).where(Task.incident_id >= first_id)).scalar_one()  # fmt: skip
        clocks = s.execute(select(func.count()).select_from(SlaClock).where(SlaClock.incident_id >= first_id)).scalar_one()  # fmt: skip
        activated = s.execute(select(func.count()).select_from(Incident).where(
            Incident.id >= first_id, Incident.state == "activated")).scalar_one()  # fmt: skip
    app.close()
    both = [r + a for r, a in zip(register_s, activate_s, strict=True)]
    return {
        "incidents": n,
        "activated": activated,
        "tasks_created": tasks,
        "clocks_started": clocks,
        "incidents_per_s": round(n / elapsed, 1),
        "register_activate_s": figures(both),
        "register_s": figures(register_s),
        "activate_s": figures(activate_s),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="50 incidents per database (CI)")
    parser.add_argument("--pg", default=PG_SERVER, help="the PostgreSQL server (a database URL)")
    args = parser.parse_args()
    n = 50 if args.quick else 500
    from benchmarks.common import on_postgresql, temp_db

    result: dict = {"sqlite": run(temp_db(), n)}
    result["postgresql"] = on_postgresql(args.pg, lambda url: run(url, n))
    measured = [r for r in result.values() if "skipped" not in r]
    result["goal"] = f"p95 ≤ {GOAL_P95_S:g} s per register + activate"
    result["met"] = all(
        r["register_activate_s"]["p95"] <= GOAL_P95_S and r["activated"] == r["incidents"]
        for r in measured
    )
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
