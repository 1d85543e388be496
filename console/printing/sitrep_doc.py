"""A report upward (初报/续报/终报) as paper: a PDF to print and sign, and a Word file
(.docx), because offices edit and forward Word. Both carry the same content: the report's
name and number, to whom, the case, the body in its numbered sections, who drafted it and
who signed it when, and the audit head as of the signing. A draft says 草稿 on every page."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from console.context import App
from console.incidents.reporting import title_of
from console.printing.pdf import FONT, canvas_with, styles
from console.time.format import DEFAULT_TZ
from models import Incident, Sitrep

DRAFT = "草稿"


def gather(app: App, s: Session, report: Sitrep, incident: Incident) -> dict:
    """The report's content, read in the caller's transaction."""
    plan = app.catalogue.get(incident.plan_id)
    tz = plan.tz if plan else DEFAULT_TZ
    when = lambda at: at.astimezone(tz).strftime("%Y年%m月%d日 %H:%M") if at else ""  # noqa: E731
    name = title_of(report.kind, report.number)
    return {
        "title": name,
        "subject": f"关于“{incident.title}”的{name}",
        "to": report.addressee,
        "incident": incident.id,
        "plan": plan.name if plan else incident.plan_id,
        "number": f"第 {report.id} 号",
        "text": report.text,
        "drafted": f"{report.drafted_by} {when(report.drafted_at)}",
        "edited": f"{report.edited_by} {when(report.edited_at)}" if report.edited_by else "",
        "signed": report.signed_at is not None,
        "signed_by": report.signed_by or "",
        "signed_at": when(report.signed_at),
        "anchor": report.anchor or "",
    }


def _lines(text: str) -> list[tuple[str, bool]]:
    """The body's lines, each with whether it is a section heading (一、… 二、…)."""
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        heading = (
            len(stripped) > 1 and stripped[0] in "一二三四五六七八九十" and "、" in stripped[:4]
        )
        out.append((stripped, heading))
    return out


def _sign_rows(c: dict) -> list[list[str]]:
    return [
        ["报送单位", c["to"], "事件编号", f"#{c['incident']}"],
        ["拟稿", c["drafted"], "修改", c["edited"] or "—"],
        ["签发人", c["signed_by"] or "(未签发)", "签发时间", c["signed_at"] or "—"],
    ]


def render_pdf(c: dict, path: Path, *, watermark: str = "") -> Path:
    st = styles()
    title = ParagraphStyle(
        "doc_title",
        parent=st["title"],
        fontSize=22,
        leading=30,
        textColor=colors.HexColor("#b91c1c"),
    )
    subject = ParagraphStyle(
        "subject", parent=st["base"], fontSize=14, leading=20, alignment=1, spaceAfter=4
    )
    body = ParagraphStyle("body", parent=st["base"], fontSize=11, leading=19, firstLineIndent=22)
    heading = ParagraphStyle(
        "heading",
        parent=body,
        firstLineIndent=0,
        spaceBefore=8,
        textColor=colors.HexColor("#111827"),
    )
    story = [
        Paragraph(f"{c['plan']}", ParagraphStyle("org", parent=st["small"], alignment=1)),
        Paragraph(c["title"] + ("" if c["signed"] else f"({DRAFT})"), title),
        Paragraph(f"{c['number']}", ParagraphStyle("no", parent=st["base"], alignment=1)),
        HRFlowable(width="100%", thickness=1.5, color=colors.HexColor("#b91c1c"), spaceBefore=4, spaceAfter=10),
        Paragraph(c["subject"], subject),
        Paragraph(f"{c['to']}:", ParagraphStyle("to", parent=body, firstLineIndent=0, spaceBefore=6)),
    ]  # fmt: skip
    for line, is_heading in _lines(c["text"]):
        if line:
            story.append(Paragraph(line, heading if is_heading else body))
    story.append(Spacer(1, 14))
    table = Table(_sign_rows(c), colWidths=[22 * mm, 62 * mm, 22 * mm, 62 * mm])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#374151")),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f3f4f6")),
        ("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#f3f4f6")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))  # fmt: skip
    story.append(table)
    if c["anchor"]:
        story.append(Spacer(1, 4))
        story.append(Paragraph(f"签发时审计链头(audit head):{c['anchor']}", st["small"]))
    if not c["signed"]:
        story.append(Spacer(1, 6))
        story.append(Paragraph("本件为草稿,未经签发,不作为正式报送。", st["small"]))
    mark = "  ".join(m for m in (watermark, "" if c["signed"] else DRAFT) if m)
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm,
                            topMargin=22 * mm, bottomMargin=20 * mm, title=c["subject"])  # fmt: skip
    doc.build(story, canvasmaker=canvas_with(f"{c['title']} · 事件 #{c['incident']}", mark))
    return path


def _east_asian(run, font: str = "宋体") -> None:  # type: ignore[no-untyped-def]
    """Word picks a CJK run's font from eastAsia: set it, or the text falls back to a Latin font."""
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), font)


def render_docx(c: dict, path: Path, *, watermark: str = "") -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.5)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")

    def para(text: str, *, size: float = 12, bold: bool = False, center: bool = False,
             colour: RGBColor | None = None, indent: bool = False):  # type: ignore[no-untyped-def]  # fmt: skip
        p = doc.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
        run = p.add_run(text)
        run.font.size, run.font.bold = Pt(size), bold
        if colour is not None:
            run.font.color.rgb = colour
        _east_asian(run, "黑体" if bold else "宋体")
        return p

    marks = [m for m in (watermark, "" if c["signed"] else DRAFT) if m]
    if marks:
        para("【" + "·".join(marks) + "】", size=10, center=True, colour=RGBColor(0xB9, 0x1C, 0x1C))
    para(c["plan"], size=10, center=True)
    para(c["title"] + ("" if c["signed"] else f"({DRAFT})"), size=22, bold=True, center=True,
         colour=RGBColor(0xB9, 0x1C, 0x1C))  # fmt: skip
    para(c["number"], size=11, center=True)
    para(c["subject"], size=15, bold=True, center=True)
    para(f"{c['to']}:", size=12)
    for line, is_heading in _lines(c["text"]):
        if line:
            para(line, bold=is_heading, indent=not is_heading)
    table = doc.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    for row in _sign_rows(c):
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
            for run in cell.paragraphs[0].runs:
                _east_asian(run)
    if c["anchor"]:
        para(f"签发时审计链头(audit head):{c['anchor']}", size=9)
    if not c["signed"]:
        para("本件为草稿,未经签发,不作为正式报送。", size=9)
    doc.core_properties.title = c["subject"]
    doc.core_properties.author = c["signed_by"] or c["drafted"].split(" ")[0]
    doc.save(str(path))
    return path
