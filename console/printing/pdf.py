"""What every printed page shares: the CJK TrueType font (embedded as a subset, so the PDF
reads on a machine without Chinese fonts and its text can be copied), styles, and a canvas
that knows the page count ("第 N 页 共 M 页") and draws the running header."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from console.errors import InputError
from console.files import RESOURCES

FONT_FILE = RESOURCES / "fonts" / "wqy-microhei.ttc"
FONT = "WenQuanYiMicroHei"

# Binary (compressed) streams: smaller files, and no ASCII85 pass over every page.
rl_config.useA85 = 0


@contextmanager
def writing(out: object) -> Iterator[None]:
    """Printing to the file `out`: one that cannot be written (a folder, no permission, a
    full disk) is bad input naming --out, not an internal error."""
    try:
        yield
    except OSError as exc:
        raise InputError("--out", f"cannot write {out}: {exc.strerror or exc}") from None


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


def tables(rows: list[list], widths: list[float], st: dict, wrap: tuple[int, ...] | None = None
           ) -> list[Flowable]:  # fmt: skip
    """Page-sized tables, each with the header: reportlab splits one long table page by
    page by re-laying all the remaining rows, which is quadratic in the row count. Past
    COMPACT_OVER rows, cells are single lines cut to their column's width, drawn as a
    LineTable."""
    if len(rows) > COMPACT_OVER:
        fits = [max(2, int(w / 8.6)) for w in widths]  # CJK characters at 8 pt
        cut = lambda v, n: v if len(v) <= n else v[: n - 1] + "…"  # noqa: E731
        body = [[cut(str(c), fits[i]) for i, c in enumerate(r)] for r in rows[1:]]
        return [LineTable([str(c) for c in rows[0]], body, widths)]
    return [table([rows[0], *rows[at : at + ROWS_PER_TABLE]], widths, st, wrap)
            for at in range(1, max(len(rows), 2), ROWS_PER_TABLE)]  # fmt: skip


class LineTable(Flowable):
    """Rows of one line each, looking like `table()` (dark header repeated on every page,
    banded rows, a rule below each, a box), for the long lists of a big day. A reportlab
    Table spends ~50 µs a cell on style lookups, a text object and a font switch; here a
    page is one text object and each distinct cell text is encoded for the embedded font
    once per document: the 12,000-task handover sheet's 84,000 cells cost about a tenth."""

    PAD_X, PAD_Y, SIZE = 6, 3, 8
    ROW = SIZE * 1.2 + 2 * PAD_Y  # as a Table sizes a one-line 8 pt row
    HEAD = 10 + 2 * PAD_Y  # the header's 8 pt Paragraph (leading 10)

    def __init__(self, head: list[str], rows: list[list[str]], widths: list[float]) -> None:
        super().__init__()
        self.hAlign = "CENTER"  # placed as a Table is
        self.head, self.rows, self.widths = head, rows, widths

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = sum(self.widths), self.HEAD + len(self.rows) * self.ROW
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        fits = int((avail_height - self.HEAD) // self.ROW)
        if fits < 1:
            return []  # not even one row here: the next page
        return [LineTable(self.head, self.rows[:fits], self.widths),
                LineTable(self.head, self.rows[fits:], self.widths)]  # fmt: skip

    def draw(self) -> None:
        canv = self.canv
        width, height, row = self.width, self.height, self.ROW
        xs = [sum(self.widths[:i]) for i in range(len(self.widths))]
        canv.saveState()
        canv.setFillColor(HEAD_BACKGROUND)
        canv.rect(0, height - self.HEAD, width, self.HEAD, stroke=0, fill=1)
        bands = canv.beginPath()
        for i in range(1, len(self.rows), 2):
            bands.rect(0, height - self.HEAD - (i + 1) * row, width, row)
        canv.setFillColor(BAND)
        canv.drawPath(bands, stroke=0, fill=1)
        rules = canv.beginPath()
        for i in range(len(self.rows) + 1):
            y = height - self.HEAD - i * row
            rules.moveTo(0, y)
            rules.lineTo(width, y)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.3)
        canv.drawPath(rules, stroke=1, fill=0)
        canv.setStrokeColor(BOX)
        canv.setLineWidth(0.4)
        canv.rect(0, 0, width, height, stroke=1, fill=0)
        top = height - self.PAD_Y - self.SIZE  # a cell's baseline: its top less the padding
        self._text([(x + self.PAD_X, top, c) for x, c in zip(xs, self.head, strict=True)],
                   colors.white)  # fmt: skip
        top -= self.HEAD
        self._text([(x + self.PAD_X, top - i * row, c) for i, cells in enumerate(self.rows)
                    for x, c in zip(xs, cells, strict=True)], colors.black)  # fmt: skip
        canv.restoreState()

    def _text(self, cells: list[tuple[float, float, str]], colour) -> None:  # type: ignore[no-untyped-def]
        """One text object for many cells; each distinct text encoded once per document."""
        canv = self.canv
        doc = canv._doc
        font = pdfmetrics.getFont(FONT)
        encoded = doc.__dict__.setdefault("_console_encoded", {})  # codes are per document
        canv.setFillColor(colour)
        code = ["BT"]
        current = None
        size = f" {self.SIZE} Tf"
        for x, y, value in cells:
            if not value:
                continue
            parts = encoded.get(value)
            if parts is None:
                parts = encoded[value] = font.splitString(value, doc)
            code.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
            for subset, data in parts:
                if subset != current:
                    code.append(font.getSubsetInternalName(subset, doc) + size)
                    current = subset
                code.append(f"({canv._escape(data)}) Tj")
        code.append("ET")
        canv._code.append("\n".join(code))


HEAD_BACKGROUND = colors.HexColor("#374151")
BAND = colors.HexColor("#f3f4f6")
RULE = colors.HexColor("#9ca3af")
BOX = colors.HexColor("#6b7280")
