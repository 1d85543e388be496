"""How the costs grow with the number of open clocks: 12,000, 60,000 and 120,000 (the big day's
500, 2,500 and 5,000 incidents), each benchmark in a process of its own at each size:

- alarm lateness (`benchmarks.alarm_latency --pending N`: 1,000 of them due in 20 s) and the
  scheduler's start with N open clocks;
- restart catch-up: 10,000 deadlines lapsed while the console was closed, besides N − 10,000
  open clocks due later (`benchmarks.restart_catchup --lapsed 10000 --pending …`);
- cold start to the command screen, peak RSS and the 1 Hz tick
  (`benchmarks.tick --incidents I --tasks N`).

`--against REV` runs the same at the same sizes on the code of REV (a git revision: a
worktree of it, with this checkout's benchmark code copied in), side by side in one run.
Goals at 120,000 (issue 20): lateness p99 ≤ 0.05 s, scheduler start ≤ 0.5 s, 10,000 lapsed
raised ≤ 2 s after the start, cold start ≤ 2 s, peak RSS ≤ 300 MB, tick ≤ 1.5 ms.

    python -m benchmarks.scale [--sizes 12000,60000,120000] [--against REV] [--out F.json]
    python -m benchmarks --scale [...]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (12_000, 60_000, 120_000)
TASKS_PER_INCIDENT = 24  # the big day's: 12,000 tasks among 500 incidents
LAPSED = 10_000
GOALS = {  # figure → (most, as the table says it)
    "lateness_p99_s": (0.05, "≤ 0.05 s"),
    "scheduler_start_s": (0.5, "≤ 0.5 s"),
    "catchup_s": (2.0, "≤ 2 s"),
    "cold_start_s": (2.0, "≤ 2 s"),
    "peak_rss_mb": (300.0, "≤ 300 MB"),
    "tick_ms": (1.5, "≤ 1.5 ms"),
}
NAMES = {
    "lateness_p95_s": "alarm lateness p95 (s)",
    "lateness_p99_s": "alarm lateness p99 (s)",
    "scheduler_start_s": "scheduler start (s)",
    "catchup_s": f"{LAPSED:,} lapsed: all raised after start (s)",
    "cold_start_s": "cold start to command screen (s)",
    "peak_rss_mb": "peak RSS (MB)",
    "tick_ms": "tick with repaint p50 (ms)",
}


def _json(root: Path, *args: str, timeout: float = 1800) -> dict:
    from benchmarks.__main__ import last_json

    proc = subprocess.run([sys.executable, "-m", *args], cwd=root, capture_output=True,
                          text=True, timeout=timeout)  # fmt: skip
    doc = last_json(proc.stdout)
    if proc.returncode != 0 or not isinstance(doc, dict):
        tail = "\n".join(proc.stderr.strip().splitlines()[-10:])
        raise SystemExit(f"{' '.join(args)} failed in {root} ({proc.returncode}):\n{tail}")
    return doc


def at_size(root: Path, clocks: int) -> dict:
    incidents = clocks // TASKS_PER_INCIDENT
    print(
        f"  {clocks:,} open clocks ({incidents:,} incidents) in {root}", file=sys.stderr, flush=True
    )
    alarm = _json(root, "benchmarks.alarm_latency", "--pending", str(clocks))
    restart = _json(root, "benchmarks.restart_catchup", "--lapsed", str(LAPSED),
                    "--pending", str(max(0, clocks - LAPSED)))  # fmt: skip
    tick = _json(root, "benchmarks.tick", "--incidents", str(incidents), "--tasks", str(clocks))
    return {
        "lateness_p95_s": alarm["lateness_s"]["p95"],
        "lateness_p99_s": alarm["lateness_s"]["p99"],
        "scheduler_start_s": alarm["scheduler_start_s"],
        "scheduler_jobs": alarm["jobs"],
        "catchup_s": restart["catchup_s"],
        "catchup_missing_twice": [restart["missing"], restart["duplicates"]],
        "cold_start_s": tick["cold_start_s"],
        "peak_rss_mb": tick["peak_rss_mb"],
        "tick_ms": tick["tick_with_repaint_ms"]["p50"],
    }


def worktree(rev: str) -> Path:
    """REV's code, with this checkout's benchmarks (the same measuring on the old code)."""
    path = Path(tempfile.mkdtemp(prefix="console-bench-rev-"))
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(path), rev],
                   check=True, capture_output=True)  # fmt: skip
    shutil.rmtree(path / "benchmarks", ignore_errors=True)
    shutil.copytree(ROOT / "benchmarks", path / "benchmarks")
    return path


def table(result: dict) -> str:
    runs = [k for k in result if k in ("code", "against")]
    sizes = result["sizes"]
    head = ["figure", *(f"{k} {n // 1000}k" if len(runs) > 1 else f"{n:,}" for n in sizes for k in runs), "goal at 120k"]  # fmt: skip
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for figure, name in NAMES.items():
        cells = [name]
        for n in sizes:
            for k in runs:
                cells.append(f"{result[k][str(n)][figure]:g}")
        cells.append(GOALS[figure][1] if figure in GOALS else "")
        lines.append(" | ".join(cells))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default=",".join(str(n) for n in SIZES))
    parser.add_argument("--against", help="a git revision to measure side by side")
    parser.add_argument("--out", help="write the JSON here too")
    args = parser.parse_args([a for a in sys.argv[1:] if a != "--scale"])
    sizes = [int(n) for n in args.sizes.split(",")]
    result: dict = {"sizes": sizes, "code": {}}
    roots = {"code": ROOT}
    if args.against:
        result["against"], result["revision"] = {}, args.against
        roots["against"] = worktree(args.against)
    try:
        for n in sizes:
            for name, root in roots.items():
                result[name][str(n)] = at_size(root, n)
    finally:
        if args.against:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(roots["against"])],
                           capture_output=True)  # fmt: skip
    top = result["code"][str(max(sizes))]
    result["met_at_largest"] = {f: top[f] <= most for f, (most, _) in GOALS.items()}
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(table(result), file=sys.stderr)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
