"""Helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p99": percentile(values, 99),
        "max": max(values) if values else float("nan"),
        "mean": statistics.fmean(values) if values else float("nan"),
    }


def temp_db() -> str:
    folder = Path(tempfile.mkdtemp(prefix="console-bench-"))
    return f"sqlite:///{folder / 'bench.db'}"
