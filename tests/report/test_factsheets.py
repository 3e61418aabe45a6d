"""Fact sheets: one page per province and language, 4-6 headline numbers that equal the
library's, a chart, a map, a method note, SYNTHETIC, through the disclosure gate."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import wpsresearch as wps

_HELPERS = Path(__file__).resolve().parents[1] / "notebooks" / "output_numbers.py"
_spec = importlib.util.spec_from_file_location("wps_output_numbers", _HELPERS)
numbers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(numbers)



@pytest.fixture(scope="module")
def factsheets(tmp_path_factory):
    project, study_dir = numbers.make_built_study(tmp_path_factory)
    to = ("html", "pdf")  # PDF needs no browser (Typst)
    calls = []

    def gate(paths, *, identifiers, policy):
        calls.append([Path(p).name for p in paths])
        return wps.privacy.scan_outputs(paths, identifiers=identifiers, policy=policy)

    written = wps.report.build_factsheets(study_dir, out_root=project, provinces=["kirkuk"],
                                          to=to, gate=gate)
    return {"project": project, "study_dir": study_dir, "written": written, "to": to,
            "root": project / "reports" / "synthetic" / "kirkuk", "gate_calls": calls}


def test_published_per_language_after_the_gate(factsheets):
    names = sorted(str(p.relative_to(factsheets["root"])) for p, _ in factsheets["written"])
    expected = [f"{lang}/factsheet.{ext}" for lang in ("ar", "en") for ext in factsheets["to"]]
    assert names == sorted(expected)
    assert len(factsheets["gate_calls"]) == 1
    assert sorted(factsheets["gate_calls"][0]) == sorted(Path(n).name for n in expected)
    # the gate passes on what was published (run again by the test, independently)
    found = wps.privacy.scan_outputs([p for p, _ in factsheets["written"]], identifiers={})
    assert found == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_headline_numbers_equal_the_library(factsheets, lang):
    page = (factsheets["root"] / lang / "factsheet.html").read_text(encoding="utf-8")
    shown = numbers.read_numbers(page)
    assert 4 <= len(shown) <= 6
    expected = numbers.headline_numbers(factsheets["study_dir"], "kirkuk")
    for key, got in shown.items():
        assert got == pytest.approx(expected[key], rel=1e-12), key


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_page_has_chart_map_method_note_and_stamp(factsheets, lang):
    labels = wps.labels.Labels.default()
    page = (factsheets["root"] / lang / "factsheet.html").read_text(encoding="utf-8")
    assert labels.get("synthetic_stamp", lang) in page
    assert page.count('<figure class="wps-figure"') == 2           # one chart, one map
    assert "COD-AB" in page                                        # map attribution
    assert labels.get("fs_method", lang) in page
    assert f'dir="{"rtl" if lang == "ar" else "ltr"}"' in page[:200]
    from wpsresearch.report.offline_html import external_resources

    assert external_resources(page) == []
    # the figures' tables of numbers are announced by the figure's title
    assert page.count("<table") == 2 and numbers.tables_without_caption(page) == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_pdf_is_one_page_and_says_synthetic(factsheets, lang, tmp_path):
    pdf = factsheets["root"] / lang / "factsheet.pdf"
    from pypdf import PdfReader

    assert len(PdfReader(str(pdf)).pages) == 1
    if shutil.which("pdftotext"):
        from .test_typst_pdf import pdf_text, reading

        text = reading(pdf_text(pdf.read_bytes(), tmp_path))
        assert ("SYNTHETIC" in text) if lang == "en" else ("مصطنعة" in text)
        # the title and every headline number, in logical (reading) order
        page = (factsheets["root"] / lang / "factsheet.html").read_text(encoding="utf-8")
        title = re.search(r"<h1>(.*?)</h1>", page).group(1)
        import html as _html

        assert reading(_html.unescape(title)) in text
        bigs = re.findall(r'<div class="big">([^<]+)</div>', page)
        assert bigs and all(_html.unescape(b) in text for b in bigs), bigs


def test_arabic_page_is_small_and_its_fonts_cover_every_character(factsheets):
    import base64
    import io

    from fontTools.ttLib import TTFont

    from wpsresearch.viz.typefaces import font_file

    path = factsheets["root"] / "ar" / "factsheet.html"
    assert path.stat().st_size <= 400_000          # was 1.67 MB with two whole fonts
    page = path.read_text(encoding="utf-8")
    fonts = re.findall(r'url\("data:font/woff;base64,([^"]+)"\)', page)
    assert len(fonts) == 2
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", " ", page, flags=re.S))
    needed = {ord(c) for c in text if "\u0600" <= c <= "\u06ff"}
    full = len(TTFont(str(font_file("ar"))).getGlyphOrder())
    for data in fonts:
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        assert needed <= set(font.getBestCmap()), sorted(needed - set(font.getBestCmap()))
        assert len(font.getGlyphOrder()) < full / 3     # a subset, not the whole font


def test_no_chart_of_nothing_when_every_headline_is_suppressed():
    """A province where every headline is suppressed (or asked of nobody) got a chart saying
    "Unweighted n = 0", which the gate refused, so `report --all` failed for the whole study."""
    import math

    from wpsresearch.report.factsheet import _chart
    from wpsresearch.report.findings import KeyFinding

    nothing = [KeyFinding(name, "en", f"{name}: too few respondents", math.nan, math.nan,
                          math.nan, 0, True, True, label=name) for name in ("a", "b")]
    assert _chart(nothing, None, "en", wps.labels.Labels.default(), "kirkuk") is None
