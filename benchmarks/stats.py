"""统计分析 over a year: 1,000,000 archived (closed) incidents received over twelve months
(quick: 20,000), each with two tasks of its plan's groups and a clock per task (met, late
or withdrawn), the alarms of the late clocks and of some warnings (most acknowledged, some
escalated), a 回访 for most, and numbers that come back, bulk-loaded (not through the
services: that would take hours) on SQLite and, when reachable, on PostgreSQL (a scratch
database, dropped afterwards).

Loading: the migrated schema's indexes are dropped, the rows are written in chunks in the
order a console writes them (by time: ids grow with received_at) — executemany on SQLite,
COPY on PostgreSQL — and the indexes built again, then PostgreSQL's tables are VACUUM ANALYZEd,
as autovacuum would have them (SQLite gets no ANALYZE: the console never runs one).

Measured through console.services.stats, as `main.py stats` runs it: one month (June) and
the whole year, by group (the default breakdown) and by day, each three times (the first,
and the slowest of the three, are reported). Goals: a month ≤ 1 s and the year ≤ 3 s, by
group and by day, on both. Also the workbook: every breakdown of the year computed
(compute_all) and written (console.printing.workbook.write_workbook, skipped with a note
when it is not there).

    python -m benchmarks.stats [--quick] [--incidents N] [--pg postgresql+psycopg://user@host:5432/postgres]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

PG_SERVER = os.environ.get(
    "CONSOLE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
GOAL_MONTH_S = 1.0
GOAL_YEAR_S = 3.0
SHANGHAI = ZoneInfo("Asia/Shanghai")
YEAR = (date(2025, 12, 1), date(2026, 11, 30))
MONTH = (date(2026, 6, 1), date(2026, 6, 30))
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)
CHUNK = 20_000  # incidents per chunk
SIZES = {"full": 1_000_000, "quick": 20_000}
RUNS = 3
LATE_WORK = 2_000  # deadlines, and as many alarms, of the last week changed after the first reading
TABLES = ("incidents", "clocks", "tasks", "alarms", "revisits")  # in the order of their keys

LOCATIONS = [f"{a}{b}" for a in ("城东", "城西", "城南", "城北", "高新", "开发区", "滨江", "新城",
             "老城", "江北", "河西", "港区") for b in ("支行", "营业部", "网点", "服务中心",
             "社区店", "旗舰店", "分理处", "客服中心", "门店", "二部", "三部", "中心店",
             "一部", "四部", "五部", "六部", "七部", "八部", "九部", "十部")]  # fmt: skip
DEMANDS = ["退还手续费", "赔偿损失", "要求道歉", "更换产品", "退款", "维修", "解释说明",
           "处理责任人", "延期还款", "恢复服务", "补发单据", "核实账单", "取消收费", "上门服务",
           "书面答复", "减免费用", "加快办理", "调换经办人", "保护隐私", "撤回处罚"]  # fmt: skip


# --- the rows -------------------------------------------------------------------------------
def _plans() -> list[dict]:
    """Per shipped plan: its levels, types, and two groups (with a role each) for the tasks."""
    from console.plans.plan import load_catalogue

    out = []
    for p in load_catalogue():
        groups = [(g.id, g.roles[0].id) for g in p.org.groups]
        out.append({"id": p.id, "levels": [lv.id for lv in p.levels],
                    "types": [t.id for t in p.types] or [None], "groups": groups})  # fmt: skip
    return out


class Rows:
    """Every table's rows, a chunk of incidents at a time (ids in the order of their times,
    as a console writes them), deterministic for a seed. Times are naive UTC, as the
    database keeps them."""

    def __init__(self, total: int, seed: int = 19) -> None:
        self.total = total
        self.rnd = random.Random(seed)
        self.plans = _plans()
        start = datetime.combine(YEAR[0], datetime.min.time(), SHANGHAI).astimezone(UTC)
        end = datetime.combine(
            YEAR[1] + timedelta(days=1), datetime.min.time(), SHANGHAI
        ).astimezone(UTC)
        self.start, self.span = start.replace(tzinfo=None), (end - start).total_seconds()
        self.customers = max(10, int(total * 0.6))  # numbers: some complain again
        self.clock_id = self.task_id = self.alarm_id = self.revisit_id = 0

    def chunk(self, first: int, n: int) -> dict[str, list[tuple]]:
        rnd = self.rnd
        out: dict[str, list[tuple]] = {t: [] for t in TABLES}
        step = self.span / self.total
        for i in range(first, first + n):
            iid = i + 1
            plan = self.plans[i % len(self.plans)]
            received = self.start + timedelta(seconds=i * step + rnd.random() * step)
            responded = received + timedelta(seconds=rnd.lognormvariate(6.5, 1.0))  # ~11 分钟
            closed = received + timedelta(seconds=rnd.lognormvariate(12.0, 1.0))  # ~2 日
            contact = f"1{rnd.randrange(self.customers):010d}" if rnd.random() < 0.8 else ""
            out["incidents"].append((
                iid, plan["id"], f"投诉 {iid}", rnd.choice(("onsite", "phone", "online", "third_party", "letter")),
                rnd.choice(plan["levels"]), rnd.choice(plan["types"]), "closed", "来电人", contact, contact,
                "", "", 1 + rnd.randrange(5), rnd.choice(DEMANDS) if rnd.random() < 0.7 else "",
                LOCATIONS[min(int(rnd.paretovariate(1.2)) - 1, len(LOCATIONS) - 1)] if rnd.random() < 0.9 else "",
                "", received, "duty", "{}", responded, closed, 1))  # fmt: skip
            for g, (group, role) in enumerate(plan["groups"][:2]):
                self.task_id += 1
                self.clock_id += 1
                tid, cid = self.task_id, self.clock_id
                due = received + timedelta(minutes=rnd.choice((10, 30, 120, 240, 1440, 4320)))
                warn = due - (due - received) * 0.2
                fate = rnd.random()
                status = "cancelled" if fate < 0.03 else "stopped"
                if fate < 0.85:  # in time
                    stopped = received + (due - received) * rnd.uniform(0.05, 1.0)
                else:  # late
                    stopped = due + timedelta(seconds=rnd.lognormvariate(8.0, 1.5))
                out["clocks"].append((cid, iid, tid, f"rule_{g}", status, received, due, warn, False,
                                      None, "", stopped, 1))  # fmt: skip
                out["tasks"].append((tid, iid, f"task_{g}", f"任务 {g}", group, role, "phase", f"rule_{g}",
                                     cid, "done", "duty", stopped, "duty", received, "", "", None, "", 1))  # fmt: skip
                alarms = []
                if status == "stopped" and stopped > due:
                    alarms.append(("lapsed", due))
                if status == "stopped" and stopped > warn and rnd.random() < 0.5:
                    alarms.append(("warning", warn))
                for kind, at in alarms:
                    self.alarm_id += 1
                    raised = at + timedelta(seconds=rnd.uniform(0, 30))
                    by = "duty" if rnd.random() < 0.95 else None  # some never acknowledged
                    acked = raised + timedelta(seconds=rnd.lognormvariate(5.0, 1.2)) if by else None
                    slow = acked is None or acked - raised > timedelta(minutes=10)
                    escalated = raised + timedelta(minutes=10) if slow else None
                    out["alarms"].append((self.alarm_id, cid, iid, tid, kind, 2, group, role, int(slow), "[]",
                                          due, raised, escalated, by, acked, None, "", None, 0, 1))  # fmt: skip
            if rnd.random() < 0.6:
                self.revisit_id += 1
                result = rnd.choices(
                    ("satisfied", "basically_satisfied", "dissatisfied"), (7, 2, 1)
                )[0]
                out["revisits"].append(
                    (self.revisit_id, iid, result, "", "duty", closed - timedelta(hours=1), None)
                )
        return out


COLUMNS = {
    "incidents": ("id", "plan_id", "title", "channel", "level_id", "type_id", "state", "reporter", "contact",
                  "contact_key", "order_no", "respondent", "people", "demands", "location", "mood",
                  "received_at", "recorded_by", "milestones", "responded_at", "closed_at", "version"),
    "clocks": ("id", "incident_id", "task_id", "rule_id", "status", "started_at", "due_at", "warn_at",
               "unconfirmed", "paused_at", "pause_reason", "stopped_at", "version"),
    "tasks": ("id", "incident_id", "template_id", "title", "group_id", "role_id", "phase", "rule_id", "clock_id",
              "state", "assignee", "done_at", "done_by", "created_at", "note", "detail", "created_by",
              "block_reason", "version"),
    "alarms": ("id", "clock_id", "incident_id", "task_id", "kind", "priority", "group_id", "role_id", "step",
               "recipients", "due_at", "raised_at", "escalated_at", "acknowledged_by", "acknowledged_at",
               "shelved_until", "shelve_reason", "notified_at", "repeats", "version"),
    "revisits": ("id", "incident_id", "result", "note", "by", "at", "rehandle_round"),
}  # fmt: skip


# --- loading ----------------------------------------------------------------------------------
def _sqlite_value(v: object) -> object:
    """As SQLAlchemy's SQLite DateTime writes it (the queries compare this text)."""
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S.%f")
    return v


def load_sqlite(url: str, rows: Rows) -> dict:
    import sqlite3

    path = url.removeprefix("sqlite:///")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA foreign_keys=OFF")
    # the indexes, and the triggers that mark the statistics' kept days stale (a load is
    # history, not a change), dropped and made again afterwards
    indexes = conn.execute("SELECT name, sql, type FROM sqlite_master WHERE type IN ('index', 'trigger') "
                           f"AND sql IS NOT NULL AND tbl_name IN ({','.join('?' * len(TABLES))})", TABLES).fetchall()  # fmt: skip
    for name, _, kind in indexes:
        conn.execute(f'DROP {kind.upper()} "{name}"')
    t0 = time.perf_counter()
    for first in range(0, rows.total, CHUNK):
        chunk = rows.chunk(first, min(CHUNK, rows.total - first))
        conn.execute("BEGIN")
        for table in TABLES:
            cols = COLUMNS[table]
            names = ", ".join(f'"{c}"' for c in cols)  # "by" is a keyword
            sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(cols))})"
            conn.executemany(sql, ([_sqlite_value(v) for v in r] for r in chunk[table]))
        conn.execute("COMMIT")
    loaded = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _, sql, _ in indexes:
        conn.execute(sql)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    indexed = time.perf_counter() - t0
    conn.close()
    return {"load_s": round(loaded, 1), "index_s": round(indexed, 1),
            "file_mb": round(Path(path).stat().st_size / 2**20)}  # fmt: skip


def load_postgresql(url: str, rows: Rows) -> dict:
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    conn = psycopg.connect(host=u.host, port=u.port, user=u.username, password=u.password, dbname=u.database,
                           autocommit=True)  # fmt: skip
    with contextlib.suppress(psycopg.Error):  # no triggers while loading (foreign keys, the
        conn.execute("SET session_replication_role = replica")  # statistics' marks): history
    indexes = conn.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
                           "AND tablename = ANY(%s) AND indexname LIKE 'ix_%%'", (list(TABLES),)).fetchall()  # fmt: skip
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    t0 = time.perf_counter()
    for first in range(0, rows.total, CHUNK):
        chunk = rows.chunk(first, min(CHUNK, rows.total - first))
        with conn.transaction():
            for table in TABLES:
                cols = ", ".join(f'"{c}"' for c in COLUMNS[table])
                with conn.cursor().copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for r in chunk[table]:
                        copy.write_row(r)
    loaded = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _, sql in indexes:
        conn.execute(sql)
    for table in TABLES:
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )
    conn.execute("VACUUM ANALYZE")  # as autovacuum does after a load: statistics, visibility map
    indexed = time.perf_counter() - t0
    size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    conn.close()
    return {
        "load_s": round(loaded, 1),
        "index_s": round(indexed, 1),
        "database_mb": round(size / 2**20),
    }


# --- measuring ----------------------------------------------------------------------------------
def timed(fn, runs: int = RUNS) -> tuple[dict, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return {"first_s": round(times[0], 3), "worst_s": round(max(times), 3),
            "best_s": round(min(times), 3)}, result  # fmt: skip


def late_work(url: str, n: int = LATE_WORK) -> dict:
    """A day's late work on the last week's cases, as seats do it (here as bulk UPDATEs: the
    database's triggers mark what changed whoever writes): `n` deadlines met a minute later
    than they were, and as many alarms acknowledged a minute later."""
    from sqlalchemy import select, update

    from console import db
    from models import Alarm, Incident, SlaClock

    week = datetime.combine(YEAR[1] - timedelta(days=6), datetime.min.time(), SHANGHAI)
    engine = db.make_engine(url)
    t0 = time.perf_counter()
    with engine.begin() as conn:
        for table, column in ((SlaClock, SlaClock.stopped_at), (Alarm, Alarm.acknowledged_at)):
            rows = conn.execute(
                select(table.id, column).join(Incident, Incident.id == table.incident_id)
                .where(Incident.received_at >= week, column.is_not(None)).limit(n)
            ).all()  # fmt: skip
            for rid, at in rows:
                conn.execute(
                    update(table).where(table.id == rid).values({column: at + timedelta(minutes=1)})
                )
    engine.dispose()
    return {"changed": 2 * n, "s": round(time.perf_counter() - t0, 1)}


def kept_size(url: str) -> dict:
    from sqlalchemy import func, select

    from console import db
    from models import StatsBuilt, StatsDay

    engine = db.make_engine(url)
    with engine.connect() as conn:
        size = conn.scalar(select(func.sum(
            func.length(StatsDay.close) + func.length(StatsDay.response) + func.length(StatsDay.late)
            + func.length(StatsDay.ack) + func.length(StatsDay.contacts) + func.length(StatsDay.counts))))  # fmt: skip
        rows = conn.scalar(select(func.count()).select_from(StatsDay))
        days = conn.scalar(select(func.count()).select_from(StatsBuilt))
    engine.dispose()
    return {"rows": rows, "days_by_breakdown": days, "mb": round((size or 0) / 2**20, 1)}


def measure(url: str, folder: Path) -> dict:
    from console.context import open_app
    from console.services import stats
    from console.time.source import FixedTime

    app = open_app(url, FixedTime(NOW), migrate=False)
    out: dict = {}
    try:
        # the first reading counts every finished day from the rows, once, and keeps it
        for by in ("group", "day"):
            figures, _ = timed(
                lambda: stats.compute(app, None, start=YEAR[0], end=YEAR[1], by=by),  # noqa: B023
                runs=1,
            )
            out[f"year_by_{by}_first_reading"] = figures["first_s"]
            print(f"year by {by}, the first reading: {figures}", file=sys.stderr, flush=True)
        out["kept"] = kept_size(url)
        out["late_work"] = late_work(url)
        print(f"kept {out['kept']}, then late work {out['late_work']}", file=sys.stderr, flush=True)
        for name, (start, end) in (("month", MONTH), ("year", YEAR)):
            for by in ("group", "day"):
                figures, st = timed(lambda: stats.compute(app, None, start=start, end=end, by=by))  # noqa: B023
                out[f"{name}_by_{by}"] = figures
                print(f"{name} by {by}: {figures}", file=sys.stderr, flush=True)
            out[f"{name}_totals"] = {"received": st.total.received, "clocks": st.total.clocks_met  # type: ignore[attr-defined]
                                     + st.total.clocks_late + st.total.clocks_missed, "alarms": st.total.alarms,  # type: ignore[attr-defined]
                                     "revisits": st.total.revisits}  # type: ignore[attr-defined]  # fmt: skip
        figures, every = timed(
            lambda: stats.compute_all(app, None, start=YEAR[0], end=YEAR[1]), runs=2
        )
        out["year_every_breakdown"] = figures  # first: four more breakdowns counted and kept
        try:
            from console.printing.workbook import write_workbook
        except ImportError as exc:
            out["workbook"] = {"skipped": f"console.printing.workbook is not there yet ({exc})"}
        else:
            path = folder / "year.xlsx"
            t0 = time.perf_counter()
            write_workbook(every, path)  # type: ignore[arg-type]
            out["workbook"] = {"write_s": round(time.perf_counter() - t0, 3),
                               "compute_all_s": figures["best_s"],
                               "total_s": round(figures["best_s"] + time.perf_counter() - t0, 3),
                               "kb": round(path.stat().st_size / 1024)}  # fmt: skip
        print(f"workbook: {out['workbook']}", file=sys.stderr, flush=True)
        out["kept_every_breakdown"] = kept_size(url)
    finally:
        app.close()
    return out


def on_database(url: str, n: int, pg: bool, folder: Path) -> dict:
    from console import db

    engine = db.make_engine(url)
    db.migrate(engine)
    engine.dispose()
    rows = Rows(n)
    t0 = time.perf_counter()
    loaded = (load_postgresql if pg else load_sqlite)(url, rows)
    loaded["total_s"] = round(time.perf_counter() - t0, 1)
    print(f"{'postgresql' if pg else 'sqlite'}: loaded {loaded}", file=sys.stderr, flush=True)
    counts = {"incidents": n, "tasks": rows.task_id, "clocks": rows.clock_id, "alarms": rows.alarm_id,
              "revisits": rows.revisit_id}  # fmt: skip
    return {"rows": counts, "load": loaded, **measure(url, folder)}


def verdict(d: dict) -> bool:
    return all(d[f"month_by_{by}"]["worst_s"] <= GOAL_MONTH_S and d[f"year_by_{by}"]["worst_s"] <= GOAL_YEAR_S
               for by in ("group", "day"))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help=f"{SIZES['quick']:,} incidents (CI)")
    parser.add_argument("--incidents", type=int, help=f"how many (default {SIZES['full']:,})")
    parser.add_argument("--pg", default=PG_SERVER, help="the PostgreSQL server (a database URL)")
    args = parser.parse_args()
    n = args.incidents or SIZES["quick" if args.quick else "full"]
    from benchmarks.common import on_postgresql

    folder = Path(tempfile.mkdtemp(prefix="console-bench-stats-"))
    result: dict = {
        "incidents": n,
        "sqlite": on_database(f"sqlite:///{folder / 'stats.db'}", n, False, folder),
    }
    (folder / "stats.db").unlink(missing_ok=True)
    result["postgresql"] = on_postgresql(args.pg, lambda url: on_database(url, n, True, folder))
    result["goal"] = (f"a month ≤ {GOAL_MONTH_S:g} s, the year ≤ {GOAL_YEAR_S:g} s (by group and by day, "
                      f"the slowest of {RUNS} runs)")  # fmt: skip
    result["met"] = all(
        verdict(d) for d in (result["sqlite"], result["postgresql"]) if "skipped" not in d
    )
    shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
