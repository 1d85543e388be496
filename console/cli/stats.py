"""统计分析: `stats --from DATE --to DATE [--plan P] [--by …] [--json] [--xlsx F] [--pdf F]`."""

from __future__ import annotations

import unicodedata
from argparse import Namespace
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from console.cli.common import arg, handles, out
from console.context import App
from console.errors import InputError
from console.stats import BREAKDOWNS, Figures, Stats

STATS = (
    arg("--from", dest="start", required=True, metavar="DATE", help="first day, YYYY-MM-DD"),
    arg("--to", dest="end", required=True, metavar="DATE", help="last day (inclusive)"),
    arg("--plan", help="one plan's incidents (and its time zone); default: every plan"),
    arg("--by", default="group", help=f"the breakdown: {' | '.join(BREAKDOWNS)} (default group)"),
    arg("--xlsx", metavar="FILE", help="also write the workbook (every breakdown) to FILE.xlsx"),
    arg("--pdf", metavar="FILE", help="also write the 监督报告 (every breakdown) to FILE.pdf"),
)


def day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(option, f"not a date: {text[:40]!r} (YYYY-MM-DD)") from None


# --- the text table -------------------------------------------------------------------------
def span(seconds: float | None) -> str:
    """A duration as a person says it: 45秒, 12分30秒, 3小时5分, 2天4小时."""
    if seconds is None:
        return "—"
    sign, s = ("-" if seconds < 0 else ""), round(abs(seconds))
    if s < 60:
        return f"{sign}{s}秒"
    if s < 3600:
        return f"{sign}{s // 60}分" + (f"{s % 60}秒" if s % 60 else "")
    if s < 86400:
        return f"{sign}{s // 3600}小时" + (f"{s % 3600 // 60}分" if s % 3600 // 60 else "")
    return f"{sign}{s // 86400}天" + (f"{s % 86400 // 3600}小时" if s % 86400 // 3600 else "")


def rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


COLUMNS: tuple[tuple[str, str], ...] = (
    ("接报", "received"), ("结案", "closed"), ("按时完成", "clocks_met"), ("超时完成", "clocks_late"),
    ("超时未完成", "clocks_missed"), ("按时率", "on_time_rate"), ("超时中位", "late_median_s"),
    ("超时最多", "late_max_s"), ("响应中位", "response_median_s"), ("响应P90", "response_p90_s"),
    ("结案中位", "close_median_s"), ("结案P90", "close_p90_s"), ("告警", "alarms"),
    ("确认中位", "ack_median_s"), ("确认P90", "ack_p90_s"), ("升级", "escalations"),
    ("回访", "revisits"), ("满意率", "satisfaction_rate"), ("重复投诉人", "repeat_complainants"),
    ("其投诉", "repeat_incidents"),
)  # fmt: skip


def cell(name: str, value: float | None, change: bool = False) -> str:
    if name.endswith("_rate"):
        if change and value is not None:
            return f"{value * 100:+.1f}点"
        return rate(value)
    if name.endswith("_s"):
        return ("+" if change and value is not None and value > 0 else "") + span(value)
    if value is None:
        return "—"
    return f"{int(value):+d}" if change else str(int(value))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(rows: list[list[str]]) -> str:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for k, r in enumerate(rows):
        cells = [c + " " * (w - _width(c)) if i == 0 else " " * (w - _width(c)) + c
                 for i, (c, w) in enumerate(zip(r, widths, strict=True))]  # fmt: skip
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def stats_text(st: Stats) -> str:
    def line(label: str, f: Figures) -> list[str]:
        return [label, *(cell(name, getattr(f, name)) for _, name in COLUMNS)]

    change = st.change()
    rows = [[BREAKDOWNS[st.by], *(title for title, _ in COLUMNS)]]
    rows += [line(f.label or f.key, f) for f in st.rows]
    rows.append(line("合计", st.total))
    rows.append(line("上期", st.previous))
    rows.append(["较上期", *(cell(name, change[name], change=True) for _, name in COLUMNS)])
    head = (f"统计分析 {st.start.isoformat()} 至 {st.end.isoformat()}({st.timezone})· "
            f"{'预案 ' + st.plan if st.plan else '全部预案'} · 按{BREAKDOWNS[st.by]}")  # fmt: skip
    out = [head, "", table(rows), ""]
    for name, title in (("locations", "地点"), ("types", "投诉类型"), ("demands", "诉求")):
        items = st.top.get(name, ())
        out.append(f"前十{title}:" + ("、".join(f"{v}({n})" for v, n in items) or "—"))
    when = st.computed_at.astimezone(ZoneInfo(st.timezone)) if st.computed_at else None
    out.append("百分位按最近秩(第 ⌈p×n⌉ 小的值);期限按截止时间落在本期者计,超时未完成截至 "
               + (when.isoformat(timespec="seconds") if when else "现在"))  # fmt: skip
    return "\n".join(out)


@handles("stats", arguments=STATS)
def _stats(app: App, args: Namespace, actor: str | None) -> None:
    from console.services import stats

    start, end = day(args.start, "--from"), day(args.end, "--to")
    if not (args.xlsx or args.pdf):
        result = stats.compute(app, actor, start=start, end=end, by=args.by, plan=args.plan)
        out(args, result.to_json(), lambda _: stats_text(result))
        return
    # what can be told before the (longer) work of every breakdown
    if args.by not in BREAKDOWNS:
        raise InputError("--by", f"no breakdown {args.by!r}: one of {', '.join(BREAKDOWNS)}")
    for option, name in (("--xlsx", args.xlsx), ("--pdf", args.pdf)):
        if name and (Path(name).is_dir() or not Path(name).parent.is_dir()):
            raise InputError(
                option, f"cannot write {name}: it is a folder, or its folder does not exist"
            )
    every = stats.compute_all(app, actor, start=start, end=end, plan=args.plan)
    files: dict[str, str] = {}
    if args.xlsx:
        files["xlsx"] = str(stats.export_xlsx(app, actor, args.xlsx, start=start, end=end,
                                              plan=args.plan, stats_by=every))  # fmt: skip
    if args.pdf:
        files["pdf"] = str(stats.export_pdf(app, actor, args.pdf, start=start, end=end,
                                            plan=args.plan, stats_by=every))  # fmt: skip
    result = every[args.by]
    out(args, result.to_json() | {"files": files},
        lambda _: stats_text(result) + "".join(f"\nwrote {f}" for f in files.values()))  # fmt: skip
