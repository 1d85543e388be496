"""What every printed page shares: the CJK TrueType font (embedded as a subset, so the PDF
reads on a machine without Chinese fonts and its text can be copied), styles, and a canvas
that knows the page count ("第 N 页 共 M 页") and draws the running header."""

from __future__ import annotations

from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, Table, TableStyle

FONT_FILE = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "wqy-microhei.ttc"
FONT = "WenQuanYiMicroHei"

# Binary (compressed) streams: smaller files, and no ASCII85 pass over every page.
rl_config.useA85 = 0


def register_font() -> str:
    """reportlab needs TrueType outlines (not OTF/CFF): WenQuanYi Micro Hei is one."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))
    return FONT


def styles() -> dict[str, ParagraphStyle]:
    register_font()
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=12, wordWrap="CJK")
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "title": ParagraphStyle(
            "title", parent=base, fontSize=18, leading=24, alignment=1, spaceAfter=6
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontSize=12,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
            textColor=colors.HexColor("#111827"),
        ),  # fmt: skip
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "head": ParagraphStyle("head", parent=base, fontSize=8, leading=10, textColor=colors.white),
    }


class NumberedCanvas(canvas.Canvas):
    """Holds pages back until the end, then writes "第 N 页 共 M 页" and the running header."""

    header_text = ""
    watermark = ""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(number, total)
            super().showPage()
        super().save()

    def _decorate(self, number: int, total: int) -> None:
        width, height = self._pagesize
        self.saveState()
        self.setFont(FONT, 8)
        self.setFillColor(colors.HexColor("#4b5563"))
        mark = f"【{self.watermark}】" if self.watermark else ""
        self.drawString(40, height - 28, mark + self.header_text)
        self.drawCentredString(width / 2, 22, f"第 {number} 页 共 {total} 页")
        if self.watermark:
            self.setFont(FONT, 80)
            self.setFillColor(colors.Color(0.85, 0.1, 0.1, alpha=0.12))
            self.translate(width / 2, height / 2)
            self.rotate(35)
            self.drawCentredString(0, 0, self.watermark)
        self.restoreState()


def canvas_with(header: str, watermark: str = ""):  # type: ignore[no-untyped-def]
    """A NumberedCanvas class carrying this document's header (and watermark)."""
    return type("DocCanvas", (NumberedCanvas,), {"header_text": header, "watermark": watermark})


ROWS_PER_TABLE = 40
COMPACT_OVER = 300  # more rows than this: one line each (a readable, printable length)


def table(
    rows: list[list], widths: list[float], st: dict, wrap: tuple[int, ...] | None = None
) -> Table:
    """A table whose header repeats on every page. Only the `wrap` columns are Paragraphs
    (CJK line-wrapping is the costly part of the layout); short cells are plain strings
    drawn in the CJK font. wrap=None wraps every column."""
    head, body = rows[0], rows[1:]
    columns = range(len(head)) if wrap is None else wrap

    def cell(i: int, value: object):  # type: ignore[no-untyped-def]
        if isinstance(value, Paragraph):
            return value
        return Paragraph(str(value), st["cell"]) if i in columns else str(value)

    data = [[Paragraph(str(c), st["head"]) for c in head]] + [
        [cell(i, c) for i, c in enumerate(row)] for row in body
    ]
    table = Table(data, colWidths=widths, repeatRows=1)  # headers repeat on every page
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 1), (-1, -1), 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#374151")),
        # Rules between rows and a box: a full grid draws four lines around every cell.
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#9ca3af")),
        ("BOX", (0, 0), (-1, -1), 0.4, colors.HexColor("#6b7280")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f4f6")]),
    ]))  # fmt: skip
    return table


def tables(
    rows: list[list], widths: list[float], st: dict, wrap: tuple[int, ...] | None = None
) -> list[Table]:
    """Page-sized tables, each with the header: reportlab splits one long table page by
    page by re-laying all the remaining rows, which is quadratic in the row count. Past
    COMPACT_OVER rows, cells are single lines cut to their column's width."""
    if len(rows) > COMPACT_OVER:
        fits = [max(2, int(w / 8.6)) for w in widths]  # CJK characters at 8 pt
        cut = lambda v, n: v if len(v) <= n else v[: n - 1] + "…"  # noqa: E731
        rows = [rows[0]] + [[cut(str(c), fits[i]) for i, c in enumerate(r)] for r in rows[1:]]
        wrap = ()
    return [table([rows[0], *rows[at : at + ROWS_PER_TABLE]], widths, st, wrap)
            for at in range(1, max(len(rows), 2), ROWS_PER_TABLE)]  # fmt: skip
