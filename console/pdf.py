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
        self.drawString(40, height - 28, self.header_text)
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
