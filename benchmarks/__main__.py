"""Runs every benchmark, each in a process of its own, and prints one table of the headline
figures: benchmark | figure | value | goal | met.

    python -m benchmarks [--quick] [--jobs N] [--out FILE.json] [NAME ...]
    python -m benchmarks --scale [--sizes …] [--against REV]   (benchmarks/scale.py)

--quick passes --quick to each (the small versions CI runs so the code cannot rot; the goals
are judged on the full run). A missed goal does not change the exit status; a benchmark that
fails (non-zero exit, e.g. propagation without PostgreSQL when CI is set) or prints no JSON
does (1). --out saves every benchmark's own JSON."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ["alarm_latency", "restart_catchup", "tick", "handover", "propagation", "throughput",
              "notify", "stats"]  # fmt: skip

SLOWEST = ("notify", "stats")
Row = tuple[str, str, str, bool | None]  # figure, value, goal, met (None: no goal of its own)


def last_json(text: str) -> dict | None:
    """The last JSON document on stdout (the benchmarks print theirs last, some indented)."""
    decoder = json.JSONDecoder()
    for m in reversed(list(re.finditer(r"^[{\[]", text, re.MULTILINE))):
        try:
            doc, end = decoder.raw_decode(text, m.start())
        except ValueError:
            continue
        if not text[end:].strip():
            return doc
    return None


def _s(v: float) -> str:
    return f"{v:.3f} s"


def alarm_latency(r: dict) -> list[Row]:
    late = r["lateness_s"]
    return [("lateness p50", _s(late["p50"]), "", None),
            ("lateness p99", _s(late["p99"]), "≤ 0.25 s", late["p99"] <= 0.25),
            ("raised / expected", f"{r['raised']} / {r['expected']}", "all", r["raised"] == r["expected"]),
            ("raised twice", str(r["duplicates"]), "0", r["duplicates"] == 0)]  # fmt: skip


def restart_catchup(r: dict) -> list[Row]:
    from benchmarks.restart_catchup import GOAL_S

    return [(f"{r['deadlines']} lapsed: all raised after start", _s(r["catchup_s"]), f"≤ {GOAL_S:g} s",
             r["catchup_s"] <= GOAL_S),
            ("… after the process launch", _s(r["from_launch_s"]), "", None),
            ("missing / raised twice", f"{r['missing']} / {r['duplicates']}", "0 / 0",
             r["missing"] == r["duplicates"] == 0),
            ("raised again on a 2nd start", str(r["raised_again_on_second_start"]), "0",
             r["raised_again_on_second_start"] == 0)]  # fmt: skip


def tick(r: dict) -> list[Row]:
    p50 = r["tick_with_repaint_ms"]["p50"]
    return [(f"tick with repaint p50 ({r['tasks']} tasks)", f"{p50:.3f} ms", "≤ 2 ms", p50 <= 2.0),
            ("cheaper than reloading (p50)", f"{r['speedup_p50']:g}×", "≥ 50×", r["speedup_p50"] >= 50),
            ("cold start to command screen", f"{r['cold_start_s']:.2f} s", "", None),
            ("peak RSS", f"{r['peak_rss_mb']:.0f} MB", "", None)]  # fmt: skip


def handover(r: dict) -> list[Row]:
    shift = r["shift_20"]["total_s"]
    rows: list[Row] = [("shift of 20 incidents", _s(shift), "≤ 0.5 s", shift <= 0.5)]
    if "big_day" in r:
        day = r["big_day"]["total_s"]
        rows.append(("big day (500 / 12,000 tasks)", _s(day), "≤ 3 s", day <= 3.0))
    else:
        day = r["day_100"]["total_s"]
        rows.append(("day of 100 incidents (quick)", _s(day), "", None))
    return rows


def propagation(r: dict) -> list[Row]:
    if "skipped" in r:
        return [("skipped", r["skipped"], "", None)]
    p = r["propagation_s"]
    return [(f"seat to seat p50 ({r['changes']} changes)", _s(p["p50"]), "", None),
            ("seat to seat p95", _s(p["p95"]), "≤ 0.3 s", p["p95"] <= 0.3),
            ("missed", str(r["missed"]), "0", r["missed"] == 0)]  # fmt: skip


def per_database(r: dict, rows_of: Callable[[str, dict], list[Row]]) -> list[Row]:
    """The rows of a benchmark run on SQLite and, when reachable, PostgreSQL."""
    rows: list[Row] = []
    for db in ("sqlite", "postgresql"):
        d = r.get(db)
        if d is None:
            continue
        rows += [(f"{db}: skipped", d["skipped"], "", None)] if "skipped" in d else rows_of(db, d)
    return rows


def throughput(r: dict) -> list[Row]:
    from benchmarks.throughput import GOAL_P95_S

    def rows_of(db: str, d: dict) -> list[Row]:
        lat = d["register_activate_s"]
        return [(f"{db}: incidents per second", f"{d['incidents_per_s']:g}", "", None),
                (f"{db}: register+activate p50", _s(lat["p50"]), "", None),
                (f"{db}: register+activate p95", _s(lat["p95"]), f"≤ {GOAL_P95_S:g} s",
                 lat["p95"] <= GOAL_P95_S),
                (f"{db}: tasks created", f"{d['tasks_created']} ({d['incidents']} incidents)", "", None)]  # fmt: skip

    return per_database(r, rows_of)


def notify(r: dict) -> list[Row]:
    from benchmarks.notify import GOAL_BACKLOG_S, GOAL_P99_S

    def rows_of(db: str, d: dict) -> list[Row]:
        a, b, c = d["burst"], d["outage"], d["kill"]
        lat = a["due_to_received_s"]
        return [(f"{db}: {a['alarms']:,} alarms in {a['window_s']:g} s, due → received p50", _s(lat["p50"]), "", None),
                 (f"{db}: … p99", _s(lat["p99"]), f"≤ {GOAL_P99_S:g} s", lat["p99"] <= GOAL_P99_S),
                 (f"{db}: … lost / sent twice ({a['messages']:,} messages)", f"{a['lost']} / {a['duplicates']}", "0 / 0",
                  a["lost"] == a["duplicates"] == 0 and a["messages"] == a["expected_messages"]),
                 (f"{db}: receiver down {b['down_s']:g} s: backlog ({b['backlog_at_return']:,}) delivered",
                  _s(b["backlog_delivered_after_return_s"]) + " after return", f"≤ {GOAL_BACKLOG_S:g} s",
                  b["backlog_delivered_after_return_s"] <= GOAL_BACKLOG_S),
                 (f"{db}: … lost / sent twice", f"{b['lost']} / {b['duplicates']}", "0 / 0",
                  b["lost"] == b["duplicates"] == 0 and b["messages"] == b["expected_messages"]),
                 (f"{db}: serve killed mid-batch: lost / repeated (in flight)",
                  f"{c['lost']} / {c['duplicates']} ({c['in_flight']})", "0 / ≤ in flight (≤ 20)",
                  c["lost"] == 0 and c["duplicates"] <= c["in_flight"] <= 20
                  and c["repeated_outside_in_flight"] == 0)]  # fmt: skip

    return per_database(r, rows_of)


def stats(r: dict) -> list[Row]:
    from benchmarks.stats import GOAL_MONTH_S, GOAL_YEAR_S

    def rows_of(db: str, d: dict) -> list[Row]:
        out: list[Row] = []
        for span, goal in (("month", GOAL_MONTH_S), ("year", GOAL_YEAR_S)):
            n = d[f"{span}_totals"]["received"]
            for by in ("group", "day"):
                worst = d[f"{span}_by_{by}"]["worst_s"]
                out.append((f"{db}: {span} ({n:,} incidents) by {by}, slowest of 3", _s(worst),
                            f"≤ {goal:g} s", worst <= goal))  # fmt: skip
        book = d["workbook"]
        if "skipped" in book:
            out.append((f"{db}: workbook", "skipped", "", None))
        else:
            out.append((f"{db}: workbook of the year (every breakdown + write)",
                        f"{book['compute_all_s']:.3f} + {book['write_s']:.3f} s", "", None))  # fmt: skip
        return out

    return per_database(r, rows_of)


HEADLINES: dict[str, Callable[[dict], list[Row]]] = {
    "alarm_latency": alarm_latency,
    "restart_catchup": restart_catchup,
    "tick": tick,
    "handover": handover,
    "propagation": propagation,
    "throughput": throughput,
    "notify": notify,
    "stats": stats,
}


def run(name: str, quick: bool, timeout: float) -> tuple[dict | None, str]:
    """The benchmark's JSON, or None and what went wrong."""
    cmd = [sys.executable, "-m", f"benchmarks.{name}", *(["--quick"] if quick else [])]
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"no result within {timeout:g} s"
    doc = last_json(proc.stdout)
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        said = f" — {doc['skipped']}" if isinstance(doc, dict) and "skipped" in doc else ""
        return None, f"exit status {proc.returncode}{said}\n{tail}".rstrip()
    if not isinstance(doc, dict):
        return None, "printed no JSON document\n" + "\n".join(proc.stderr.splitlines()[-15:])
    return doc, ""


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(text: str, limit: int = 72) -> str:
    """One line, at most `limit` characters (a skip reason in full is on stderr or in --out)."""
    text = text.splitlines()[0] if text else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def table(rows: list[list[str]]) -> str:
    rows = [[_cell(c) for c in r] for r in rows]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for k, r in enumerate(rows):
        lines.append(
            " | ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)).rstrip()
        )
        if k == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> None:
    if "--scale" in sys.argv:  # the costs against the number of open clocks (benchmarks/scale.py)
        from benchmarks.scale import main as scale

        scale()
        return
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"only these ({', '.join(BENCHMARKS)})"
    )
    parser.add_argument("--quick", action="store_true", help="the small versions (for CI)")
    parser.add_argument("--out", type=Path, help="save every benchmark's JSON to this file")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per benchmark")
    parser.add_argument("--jobs", type=int, default=1,
                        help="run this many at once (for --quick in CI: the figures of benchmarks "
                             "sharing the machine are not the ones to judge)")  # fmt: skip
    args = parser.parse_args()
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"no benchmark {', '.join(unknown)}; one of {', '.join(BENCHMARKS)}")
    results: dict[str, dict | None] = {}
    rows = [["benchmark", "figure", "value", "goal", "met"]]
    failed = []
    names = args.names or BENCHMARKS

    def one(name: str) -> tuple[dict | None, str]:
        print(f"{name}{' --quick' if args.quick else ''} …", file=sys.stderr, flush=True)
        t0 = time.monotonic()
        done = run(name, args.quick, args.timeout)
        print(f"{name}: {time.monotonic() - t0:.1f} s", file=sys.stderr, flush=True)
        return done

    # the longest first, so the others run beside them (CI's quick run: notify takes 140 s,
    # stats 45, the rest 5-10 each); the table keeps its order
    started = sorted(names, key=lambda n: n not in SLOWEST)
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:  # each in its own process
        outcomes = dict(zip(started, pool.map(one, started), strict=True))
    for name in names:
        doc, problem = outcomes[name]
        results[name] = doc
        if doc is None:
            failed.append(name)
            print(f"{name} FAILED: {problem}", file=sys.stderr)
            rows.append([name, "FAILED", problem, "", "NO"])
            continue
        try:
            figures = HEADLINES[name](doc)
        except (KeyError, TypeError) as exc:  # its output changed: the table must follow
            failed.append(name)
            figures = [("unreadable output", f"{type(exc).__name__}: {exc}", "", False)]
        for k, (figure, value, goal, met) in enumerate(figures):
            mark = "" if met is None else ("yes" if met else "NO")
            rows.append([name if k == 0 else "", figure, value, goal, mark])
        if "met" in doc:  # the benchmark's own verdict over all its conditions
            rows.append(
                ["", "verdict", "", str(doc.get("goal", "")), "yes" if doc["met"] else "NO"]
            )
    print(table(rows))
    if args.quick:
        print(
            "\n--quick: reduced sizes; the goals are judged on the full run (python -m benchmarks)."
        )
    if args.out:
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
