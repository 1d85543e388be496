"""The English window (issue 21): every string the widgets pass to tr() has its English in
resources/i18n/console_en.ts (collected by Qt's own pyside6-lupdate from the sources, as the
translators' tool would), so nothing shows in Chinese by oversight but the plans' own words."""

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "console_en.ts"


def _messages(path: Path) -> dict[tuple[str, str], str]:
    out = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            text = "".join(translation.itertext()).strip() if translation is not None else ""
            if translation is not None and translation.get("type") in (
                "unfinished",
                "obsolete",
                "vanished",
            ):
                text = ""
            out[(name, message.findtext("source") or "")] = text
    return out


def test_every_string_of_the_widgets_has_its_english(tmp_path):
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(__import__("sys").executable).parent))
    if lupdate is None:
        pytest.fail("pyside6-lupdate is part of PySide6 and should be beside the interpreter")
    sources = sorted(str(p) for p in (ROOT / "widgets").rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run([lupdate, *sources, "-ts", str(fresh)], check=True, capture_output=True)
    shipped = _messages(TS)
    missing = [(c, s) for (c, s) in _messages(fresh) if c and not shipped.get((c, s))]
    assert not missing
