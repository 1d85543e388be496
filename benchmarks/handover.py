"""Time to print the handover sheet: a shift of 20 incidents (goal ≤ 0.5 s) and the "big
day" of 500 incidents with 12,000 tasks (goal ≤ 3 s). Timed from the database to the
written PDF (gathering, layout with the embedded CJK font, page numbering).

    python -m benchmarks.handover [--quick]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from benchmarks.common import temp_db
from console.context import open_app
from console.printing.handover_sheet import build, render
from console.services import users
from console.services.demo import load_big_day


def time_sheet(incidents: int, tasks: int) -> dict:
    app = open_app(temp_db())
    users.add_user(app, None, "duty", "duty_officer")
    load_big_day(app, incidents, tasks)
    out = Path(tempfile.mkdtemp()) / "handover.pdf"
    with app.read() as s:
        render(build(app, s, shift_id=None, printed_by="duty"), out)  # warm: font and imports
    t0 = time.perf_counter()
    with app.read() as s:
        sheet = build(app, s, shift_id=None, printed_by="duty")
    t1 = time.perf_counter()
    render(sheet, out)
    t2 = time.perf_counter()
    from pypdf import PdfReader

    pages = len(PdfReader(str(out)).pages)
    app.close()
    return {"incidents": incidents, "tasks": tasks, "gather_s": round(t1 - t0, 3), "render_s": round(t2 - t1, 3),
            "total_s": round(t2 - t0, 3), "pages": pages}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--quick", action="store_true", help="the 20-incident shift and a 100-incident day (CI)"
    )
    args = parser.parse_args()
    shift = time_sheet(20, 20 * 24)
    day = time_sheet(100, 2400) if args.quick else time_sheet(500, 12_000)
    result = {"shift_20": shift, "big_day" if not args.quick else "day_100": day,
              "goal": "shift ≤ 0.5 s, big day ≤ 3 s",
              "met": shift["total_s"] <= 0.5 and (args.quick or day["total_s"] <= 3.0)}  # fmt: skip
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
