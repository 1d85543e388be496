"""A plan's paper forms (《投诉接收单》《投诉处理表》…), printed from the case as a Chinese
office form: the plan's name small at the top, the form's title large and centred, 编号 and
填表日期, the numbered fields in a fully ruled table (filled from the incident, its tasks and
its log; a field without a source is left blank, its ruled lines for a hand entry), then a
signature and date line for each person the form names."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from console.context import App
from console.incidents.lifecycle import (
    CHANNELS,
    REVISIT_RESULTS,
    STATE_NAMES,
    TASK_STATE_NAMES,
    State,
    TaskState,
    per_case,
)
from console.incidents.reporting import title_of
from console.people.privacy import mask_phone
from console.plans.plan import Form, Plan
from console.printing.pdf import FONT, canvas_with, register_font
from console.sla.clocks import CLOCK_STATE_NAMES, clock_state
from console.time.format import DEFAULT_TZ, countdown, local_short
from models import Attachment, AuditEntry, Incident, LogEntry, Revisit, Sitrep, SlaClock, Task, User

INK = colors.HexColor("#111111")
GREY = colors.HexColor("#555555")
GUIDE = colors.HexColor("#c8c8c8")

PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 20 * mm, 16 * mm, 15 * mm
WIDTH = PAGE_W - 2 * MARGIN_X - 12  # the page's frame keeps 6 pt each side
LABEL_W = 170  # the numbered labels' column; the content takes the rest
CONTENT_W = WIDTH - LABEL_W
PAD = 4
LINE_H = 22  # one ruled line of the form: room for a handwritten line
SIGN_SIZE, SIGN_H = 11, 26  # a signature line: room to sign above it
CHUNK = 500  # characters of one item per table row, so that any row fits on a page


def plain_title(title: str) -> str:
    """《投诉接收单》 → 投诉接收单 (the title line and the log name the form without brackets)."""
    return title.strip().removeprefix("《").removesuffix("》").strip()


# --- content ---------------------------------------------------------------------------
def gather(app: App, s: Session, incident: Incident, form: Form, *, unmask: bool = False) -> dict:
    """The form's content, read in the caller's transaction: each numbered field's text as
    lines (a list source: one line per item). Complainants' numbers are masked unless
    `unmask`."""
    now = app.time.now()
    plan = app.catalogue.get(incident.plan_id)
    tz = plan.tz if plan is not None else DEFAULT_TZ
    reader = _Reader(s, plan, incident, tz, now, (lambda t: t or "") if unmask else mask_phone)
    fields = []
    for number, f in enumerate(form.fields, start=1):
        items, is_list = reader.content(f.source)
        fields.append({"number": number, "label": f.label, "source": f.source, "lines": f.lines,
                       "items": items, "list": is_list})  # fmt: skip
    today = now.astimezone(tz)
    return {
        "plan": plan.name if plan is not None else incident.plan_id,
        "form": form.id,
        "title": plain_title(form.title),
        "basis": form.basis,
        "incident": incident.id,
        "incident_title": reader.mask(incident.title),
        "number": f"{incident.id}-{form.id}",
        "date": f"{today.year}年{today.month}月{today.day}日",
        "fields": fields,
        "signatures": list(form.signatures),
        "masked": not unmask,
        "printed_at": now,
        "tz": tz,
    }


class _Reader:
    """Reads what a field's source names, as lines of text."""

    def __init__(self, s: Session, plan: Plan | None, incident: Incident, tz: ZoneInfo,
                 now: datetime, mask) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
        self.s, self.plan, self.incident = s, plan, incident
        self.tz, self.now, self.mask = tz, now, mask
        self._names: dict[str, str] | None = None

    def at(self, when: datetime | None) -> str:
        return local_short(when, self.tz) if when else ""

    def who(self, name: str | None) -> str:
        """A user as the form names them: their display name with the user name, else the name."""
        if not name:
            return ""
        if self._names is None:
            self._names = {
                n: d for n, d in self.s.execute(select(User.name, User.display_name)) if d
            }
        shown = self._names.get(name)
        return f"{shown}({name})" if shown and shown != name else name

    def content(self, source: str | None) -> tuple[list[str], bool]:
        if source is None:
            return [], False
        if source.startswith("incident."):
            text = self.field(source.removeprefix("incident."))
            return ([text] if text else []), False
        if source.startswith("task:"):
            return self.task(source.removeprefix("task:")), False
        return getattr(self, f"list_{source}")(), True

    # incident.<field>
    def field(self, name: str) -> str:
        inc, plan = self.incident, self.plan
        if name == "id":
            return str(inc.id)
        if name == "plan":
            return plan.name if plan else inc.plan_id
        if name in ("received_at", "closed_at"):
            return self.at(getattr(inc, name))
        if name == "channel":
            return CHANNELS.get(inc.channel, inc.channel)
        if name == "level":
            level = plan.level(inc.level_id) if plan else None
            return level.name if level else inc.level_id
        if name == "type":
            ctype = plan.complaint_type(inc.type_id) if (plan and inc.type_id) else None
            return ctype.name if ctype else (inc.type_id or "")
        if name == "people":
            return f"{inc.people} 人"
        if name == "state":
            return STATE_NAMES[State(inc.state)]
        if name == "recorded_by":
            return self.who(inc.recorded_by)
        if name == "order_no":
            return inc.order_no or ""
        return self.mask(str(getattr(inc, name) or ""))

    # task:<template>: the task, and its re-handlings after a 不满意 回访
    def task(self, template: str) -> list[str]:
        found = []
        for t in self._tasks():
            if t.template_id == template:
                found.append(("", t))
            elif t.template_id.startswith("rehandle:") and t.template_id.endswith(f":{template}"):
                found.append((f"第{t.template_id.split(':')[1]}次重新处理:", t))
        lines: list[str] = []
        for prefix, t in found:
            if t.state == TaskState.CANCELLED and len(found) > 1:
                continue
            lines.extend(self._task_lines(t, prefix))
        if not lines and self._not_for_this_case(template):
            lines.append("本案不适用")
        return lines

    def _not_for_this_case(self, template: str) -> bool:
        """A step of the plan this case's level, type and channel do not call for (not one
        merely not made yet: before 启动预案, or a re-handling no 回访 has asked for)."""
        plan, inc = self.plan, self.incident
        found = plan.template(template) if plan else None
        if plan is None or found is None or found.starts == "rehandle":
            return False
        return found not in plan.templates_for(inc.level_id, inc.type_id, inc.channel)

    def _tasks(self) -> list[Task]:
        return list(self.s.execute(select(Task).where(Task.incident_id == self.incident.id)
                                   .order_by(Task.id)).scalars())  # fmt: skip

    def _task_lines(self, t: Task, prefix: str = "") -> list[str]:
        state = TASK_STATE_NAMES[TaskState(t.state)]
        lines = [prefix + state]
        if t.state == TaskState.DONE:
            lines[0] += f" · 完成人:{self.who(t.done_by)} · 完成时间:{self.at(t.done_at)}"
        due = t.due_at
        if due is not None:
            limit = f"期限:{self.at(due)}"
            if t.state == TaskState.DONE and t.done_at is not None:
                late = (t.done_at - due).total_seconds()
                lines.append(limit + (f"(超时 {countdown(late)})" if late > 0 else "(按时完成)"))
            else:
                overdue = t.state != TaskState.CANCELLED and due < self.now
                lines[0] += f" · {limit}" + ("(已超时)" if overdue else "")
        if t.note:
            lines.append(f"备注:{self.mask(t.note)}")
        if t.block_reason:
            lines.append(f"受阻原因:{self.mask(t.block_reason)}")
        return lines

    # the lists
    def list_tasks(self) -> list[str]:
        out = []
        for t in self._tasks():
            if t.state == TaskState.CANCELLED:
                continue
            state = TASK_STATE_NAMES[TaskState(t.state)]
            if t.state == TaskState.DONE:
                state += f"({self.who(t.done_by)} {self.at(t.done_at)})"
            elif t.due_at is not None:
                state += f"(期限 {self.at(t.due_at)})"
            out.append(f"{t.title}:{state}")
        return out

    def list_log(self) -> list[str]:
        """The case's handling as the duty log tells it, less what is not handling: the plan's
        own tasks being made (the procedure, not a decision of the case) and prints."""
        plan_tasks = {str(i) for i, template in self.s.execute(
            select(Task.id, Task.template_id).where(Task.incident_id == self.incident.id)) if not per_case(template)}  # fmt: skip
        rows = self.s.execute(select(LogEntry, AuditEntry.action, AuditEntry.entity_id)
                              .outerjoin(AuditEntry, AuditEntry.seq == LogEntry.audit_seq)
                              .where(LogEntry.incident_id == self.incident.id)
                              .order_by(LogEntry.at, LogEntry.id)).all()  # fmt: skip
        return [f"{self.at(e.at)} {self.who(e.actor)}:{'★ ' if e.significant else ''}{self.mask(e.text)}"
                for e, action, entity_id in rows
                if not ((action == "task.create" and entity_id in plan_tasks)
                        or (action or "").endswith(".print") or action == "incident.unmask")]  # fmt: skip

    def list_revisit(self) -> list[str]:
        rows = self.s.execute(select(Revisit).where(Revisit.incident_id == self.incident.id)
                              .order_by(Revisit.at, Revisit.id)).scalars()  # fmt: skip
        return [f"{self.at(r.at)} {self.who(r.by)}:{REVISIT_RESULTS.get(r.result, r.result)}"
                + (f"(第{r.rehandle_round}次重新处理)" if r.rehandle_round else "")
                + (f"。{self.mask(r.note)}" if r.note else "") for r in rows]  # fmt: skip

    def list_clocks(self) -> list[str]:
        out = []
        for c in self.s.execute(select(SlaClock).where(SlaClock.incident_id == self.incident.id,
                                                       SlaClock.status != "cancelled")
                                .order_by(SlaClock.started_at, SlaClock.id)).scalars():  # fmt: skip
            task = self.s.get(Task, c.task_id) if c.task_id else None
            rule = self.plan.rule(c.rule_id) if self.plan else None
            name = task.title if task else (rule.name if rule else c.rule_id)
            margin = (c.due_at - (c.stopped_at or self.now)).total_seconds()
            verdict = "" if c.stopped_at is None else (
                f",提前 {countdown(margin)}" if margin >= 0 else f",超时 {countdown(-margin)}")  # fmt: skip
            out.append(
                f"{name}:期限 {self.at(c.due_at)};{CLOCK_STATE_NAMES[clock_state(c, self.now)]}{verdict}"
            )
        return out

    def list_attachments(self) -> list[str]:
        rows = self.s.execute(select(Attachment.name, Attachment.size, Attachment.sha256, Attachment.added_by,
                                     Attachment.added_at, Attachment.note)
                              .where(Attachment.incident_id == self.incident.id).order_by(Attachment.id)).all()  # fmt: skip
        return [f"{a.name}({_size(a.size)})· {self.who(a.added_by)} {self.at(a.added_at)} · SHA-256 {a.sha256[:16]}…"
                + (f" · {self.mask(a.note)}" if a.note else "") for a in rows]  # fmt: skip

    def list_sitreps(self) -> list[str]:
        rows = self.s.execute(select(Sitrep).where(Sitrep.incident_id == self.incident.id)
                              .order_by(Sitrep.drafted_at, Sitrep.id)).scalars()  # fmt: skip
        return [f"{title_of(r.kind, r.number)}" + (f" → {r.to}" if r.to else "") + ":"
                + (f"{self.who(r.signed_by)} 于 {self.at(r.signed_at)} 签发" if r.signed_at else "草稿(未签发)")
                for r in rows]  # fmt: skip


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    return f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


# --- layout ----------------------------------------------------------------------------
def _styles() -> dict[str, ParagraphStyle]:
    register_font()
    base = ParagraphStyle(
        "form", fontName=FONT, fontSize=10.5, leading=15, wordWrap="CJK", textColor=INK
    )
    return {
        "plan": ParagraphStyle("plan", parent=base, fontSize=10, leading=14, alignment=1, textColor=GREY),
        "meta": base,
        "meta_right": ParagraphStyle("meta_right", parent=base, alignment=2),
        "label": ParagraphStyle("label", parent=base, fontSize=10.5, leading=14),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10, leading=13.5),
        "note": ParagraphStyle("note", parent=base, fontSize=8, leading=11, textColor=GREY),
    }  # fmt: skip


def _chunks(text: str) -> list[str]:
    """A text in pieces of at most CHUNK characters, cut between its lines where it can (a
    table row never outgrows a page)."""
    pieces: list[str] = []
    for line in text.split("\n"):
        for part in [line[i : i + CHUNK] for i in range(0, len(line), CHUNK)] or [""]:
            if pieces and len(pieces[-1]) + 1 + len(part) <= CHUNK:
                pieces[-1] += "\n" + part
            else:
                pieces.append(part)
    return pieces or [""]


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


class Ruled(Flowable):
    """A blank field's writing lines: faint rules one form line apart, for a hand entry."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self.lines = lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.lines * LINE_H - 2 * PAD

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(GUIDE)
        canv.setLineWidth(0.4)
        canv.setDash(1, 2)
        for i in range(1, self.lines):
            y = self.lines * LINE_H - 2 * PAD - i * LINE_H + PAD  # a rule at each line's foot
            canv.line(0, y, self.width, y)
        canv.restoreState()


def _field_rows(field: dict, st: dict) -> tuple[list[list], list[float], int]:
    """A field's table rows (label in the first), their heights, and how many rows continue
    the field (their label cell is merged into the first's by leaving out its rules)."""
    label = _para(f"{field['number']}. {field['label']}", st["label"])
    _, label_h = label.wrap(LABEL_W - 2 * PAD, 10_000)
    cells: list
    if field["list"]:
        pieces = [c for item in field["items"] for c in _chunks(item)]
        pieces += [""] * max(0, field["lines"] - len(pieces))  # ruled rows left for hand entries
        cells = [_para(p, st["cell"]) if p else "" for p in pieces or [""]]
        heights = []
        for c in cells:
            h = c.wrap(CONTENT_W - 2 * PAD, 10_000)[1] + 2 * PAD if c else 0
            heights.append(max(LINE_H, h))
    else:
        text = "\n".join(field["items"])
        if not text:  # a hand entry: its ruled lines
            cells = [Ruled(field["lines"]) if field["lines"] > 1 else ""]
            heights = [field["lines"] * LINE_H]
        else:
            pieces = _chunks(text)
            cells = [_para(p, st["cell"]) for p in pieces]
            heights = [c.wrap(CONTENT_W - 2 * PAD, 10_000)[1] + 2 * PAD for c in cells]
            heights[0] = max(heights[0], field["lines"] * LINE_H if len(cells) == 1 else LINE_H)
            heights[1:] = [max(LINE_H, h) for h in heights[1:]]
    heights[0] = max(heights[0], label_h + 2 * PAD)
    rows = [[label if i == 0 else "", c] for i, c in enumerate(cells)]
    return rows, heights, len(rows) - 1


def _continued(field: dict, st: dict) -> Paragraph:
    return _para(f"{field['number']}. {field['label']}(续)", st["label"])


FRAME, RULE = 1.2, 0.6  # the form's frame, and the rules between its fields


class _FormTable(Table):
    """A table that, split over pages, closes its frame on each (reportlab draws a BOX's
    rules only at the table's own top and bottom, none where a page cuts it), and names the
    field a page starts in the middle of: 「8. 处理经过(续)」."""

    continued: list[Paragraph | None] = []  # per row: the label it shows when a page starts there

    def split(self, avail_width: float, avail_height: float) -> list:  # type: ignore[override]
        parts = super().split(avail_width, avail_height)
        if len(parts) == 2:
            first, rest = parts
            cut = len(first._cellvalues)
            first.continued, rest.continued = self.continued[:cut], self.continued[cut:]
            label = rest.continued[0] if rest.continued else None
            if label is not None:
                rest._cellvalues[0][0] = label
            first.setStyle(TableStyle([("LINEBELOW", (0, -1), (-1, -1), FRAME, INK)]))
            rest.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), FRAME, INK)]))
        return parts


def _form_table(fields: list[dict], st: dict, *, top: bool = True, bottom: bool = True) -> Table:
    """The ruled table of `fields`; `top`/`bottom`: whether it starts or ends the form (the
    frame's heavy rule), else it continues or is continued by the next part."""
    data: list[list] = []
    heights: list[float] = []
    continued: list[Paragraph | None] = []
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 10),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
        ("VALIGN", (0, 0), (0, -1), "MIDDLE"),
        ("VALIGN", (1, 0), (1, -1), "MIDDLE"),
        ("LINEAFTER", (0, 0), (0, -1), RULE, INK),  # the column rule
        ("BOX", (0, 0), (-1, -1), RULE, INK),  # every part's edges, on each page
        ("LINEBEFORE", (0, 0), (0, -1), FRAME, INK),  # the frame
        ("LINEAFTER", (-1, 0), (-1, -1), FRAME, INK),
    ]
    for f in fields:
        rows, row_heights, more = _field_rows(f, st)
        first = len(data)
        data.extend(rows)
        heights.extend(row_heights)
        continued.extend([None] + [_continued(f, st)] * more)
        style.append(("LINEABOVE", (0, first), (-1, first), RULE, INK))
        if more and f["list"]:  # a list: its items on ruled lines beside one label
            style.append(("LINEABOVE", (1, first + 1), (1, first + more), 0.3, INK))
            style.append(("VALIGN", (0, first), (0, first), "TOP"))
        if not f["list"] and (f["lines"] > 1 or more):
            style.append(("VALIGN", (1, first), (1, first + more), "TOP"))
    if top:
        style.append(("LINEABOVE", (0, 0), (-1, 0), FRAME, INK))
    if bottom:
        style.append(("LINEBELOW", (0, -1), (-1, -1), FRAME, INK))
    table = _FormTable(data, colWidths=[LABEL_W, CONTENT_W], rowHeights=heights)
    table.continued = continued
    table.setStyle(TableStyle(style))
    return table


def _signatures(names: list[str]) -> Table:
    """「name签名:________  日期:____年__月__日」 for each, the blanks drawn as rules, the
    names' lines aligned."""
    labels = [f"{name}签名:" for name in names]
    label_w = max(stringWidth(label, FONT, SIGN_SIZE) for label in labels) + 4
    widths = [label_w, 150, 0, 34, 46, 16, 28, 16, 28, 16]
    widths[2] = max(10, WIDTH - sum(widths))  # the gap between the name and the date
    rows = [[label, "", "", "日期:", "", "年", "", "月", "", "日"] for label in labels]
    t = Table(rows, colWidths=widths, rowHeights=[SIGN_H] * len(rows))
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), SIGN_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("ALIGN", (5, 0), (-1, -1), "CENTER"),
    ]
    for column in (1, 4, 6, 8):
        style.append(("LINEBELOW", (column, 0), (column, -1), 0.6, INK))
    t.setStyle(TableStyle(style))
    t.hAlign = "LEFT"
    return t


class _Title(Flowable):
    """The form's title: large, centred, in a heavier stroke (the font has no bold), a short
    one spaced out as a printed form's is (投 诉 接 收 单)."""

    SIZE = 22

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.space = 6.0 if len(text) <= 8 else 1.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.SIZE + 10

    def draw(self) -> None:
        canv = self.canv
        size = self.SIZE
        width = lambda: stringWidth(self.text, FONT, size) + self.space * (len(self.text) - 1)  # noqa: E731
        while width() > self.width and size > 12:  # a long title: smaller, never past the margins
            size -= 1
        canv.saveState()
        canv.setLineWidth(0.7)
        canv.setStrokeColor(INK)
        canv.setFillColor(INK)
        text = canv.beginText(max(0, (self.width - width()) / 2), 8)
        text.setFont(FONT, size)
        text.setCharSpace(self.space)
        text.setTextRenderMode(2)  # fill and stroke: a bold face
        text.textOut(self.text)
        canv.drawText(text)
        canv.restoreState()


def render(content: dict, path: Path, *, watermark: str = "") -> Path:
    """The form as a PDF on A4."""
    st = _styles()
    meta = Table([[_para(f"编号:{content['number']}", st["meta"]),
                   _para(f"填表日期:{content['date']}", st["meta_right"])]],
                 colWidths=[WIDTH / 2, WIDTH / 2])  # fmt: skip
    meta.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))  # fmt: skip
    story: list = [
        _para(content["plan"], st["plan"]),
        Spacer(1, 4),
        _Title(content["title"]),
        Spacer(1, 8),
        meta,
    ]
    # The last field stays with the signatures: they never stand alone on a page.
    *body, last = content["fields"]
    if body:
        story.append(_form_table(body, st, bottom=False))
    tail: list = [_form_table([last], st, top=not body), Spacer(1, 10)]
    if content["signatures"]:
        tail.append(_signatures(content["signatures"]))
    story.append(KeepTogether(tail))
    story.append(Spacer(1, 6))
    story.append(_para(f"依据:{content['basis'].rstrip('。')}。本表由应急指挥台据事件记录生成,空白栏与签名、日期由经办人手写;"
                       + ("投诉人号码已遮蔽。" if content["masked"] else "投诉人号码未遮蔽,注意保密。"), st["note"]))  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
                            title=f"{content['title']} #{content['incident']}", author="应急指挥台")  # fmt: skip
    header = (f"应急指挥台 · {content['title']} · #{content['incident']} {content['incident_title'][:30]}"
              f" · 打印于 {local_short(content['printed_at'], content['tz'])}")  # fmt: skip
    doc.build(story, canvasmaker=canvas_with(header, watermark))
    return path
