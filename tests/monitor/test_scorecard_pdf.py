"""The scorecard's PDFs (Typst, through the report stage's html_to_pdf), read back with
poppler's pdftotext: the English and Arabic text, numbers and ranges in reading order, the
values by group and the trend charts a reader of the HTML sees, the SYNTHETIC stamp."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")

# pdftotext marks right-to-left runs with bidi controls and places Arabic marks apart: not text
_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640]")


def _text(path, *args) -> str:
    out = subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout
    return _HARAKAT.sub("", _CONTROLS.sub("", out))


def _pct(v) -> str:
    return f"{100 * v:.1f}%"


@pytest.fixture(scope="module")
def latest(built_scorecard):
    """The latest round's overall estimate of each indicator, as the store holds it."""
    from wpsresearch.monitor import IndicatorStore

    with IndicatorStore.open(built_scorecard["db"], read_only=True) as store:
        rows = store.query("SELECT * FROM estimate_rows WHERE group_var = '' ORDER BY round_date")
    return rows.groupby("indicator_id").tail(1)


def test_both_languages_are_pdfs_with_the_synthetic_stamp(built_scorecard):
    out = built_scorecard["out"]
    en, ar = _text(out / "scorecard_en.pdf"), _text(out / "scorecard_ar.pdf")
    assert (out / "scorecard_en.pdf").read_bytes()[:5] == b"%PDF-"
    assert "SYNTHETIC DATA" in en and "NAP 1325 scorecard" in en
    assert _HARAKAT.sub("", "بيانات مُصطنعة") in ar and "بطاقة أداء" in ar


def test_arabic_is_shaped_text_with_numbers_in_reading_order(built_scorecard, latest):
    from wpsresearch.framework import Framework

    ar = _text(built_scorecard["out"] / "scorecard_ar.pdf")
    # shaped Arabic is extracted as its letters (not presentation forms, not reversed words)
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", ar)
    for entry in Framework.load().pillars.values():
        assert _HARAKAT.sub("", entry.ar) in ar
    for r in latest.itertuples():
        if r.analysis_type.startswith("prop"):
            low, high = _pct(r.ci_low), _pct(r.ci_high)
            # the interval reads low – high, as written, never backwards
            assert f"{low} – {high}" in ar, (r.indicator_id, low, high)
            assert f"{high} – {low}" not in ar
            assert _pct(r.estimate) in ar


def test_the_pdf_shows_the_groups_and_the_trend_charts(built_scorecard):
    from wpsresearch.monitor import IndicatorStore

    out = built_scorecard["out"]
    en = _text(out / "scorecard_en.pdf")
    # values by group, which the HTML folds into <details>, are printed
    assert "Al-Basrah" in en and "Latest values by group" in en
    # each trend chart's points are labelled with their values, in the PDF as text
    with IndicatorStore.open(built_scorecard["db"], read_only=True) as store:
        rows = store.query("SELECT * FROM estimate_rows WHERE group_var = '' AND analysis_type LIKE 'prop%'")
    first = rows[rows["round_date"] == rows["round_date"].min()]
    assert sum(_pct(v) in en for v in first["estimate"]) == len(first)  # round 1: only on the charts
    assert en.count("2026-03") >= first["indicator_id"].nunique()      # the charts' round axis


def test_the_pdf_prints_the_stores_bases_and_none_below_the_policy(built_scorecard, latest):
    """The bases printed are the store's published bases (all at least min_n)."""
    en = _text(built_scorecard["out"] / "scorecard_en.pdf")
    bases = [int(b) for b in re.findall(r"Base\s+\(unweighted\):\s*(\d+)", en)]
    assert sorted(bases) == sorted(int(n) for n in latest["n"])
    assert min(bases) >= 25


def test_no_trend_chart_is_split_from_its_heading(built_scorecard):
    """Each indicator's heading, values and trend chart are on one page (a chart never starts
    a page apart from the indicator it shows)."""
    from wpsresearch.monitor import IndicatorStore

    with IndicatorStore.open(built_scorecard["db"], read_only=True) as store:
        rows = store.query("SELECT label_en, round_date FROM estimate_rows WHERE group_var = ''")
    charted = sorted({label for label, n in rows.groupby("label_en")["round_date"].nunique().items() if n > 1})
    assert charted
    pdf = built_scorecard["out"] / "scorecard_en.pdf"
    pages = [" ".join(p.split()) for p in _text(pdf).split("\f")]
    first_round = str(rows["round_date"].min())[:7]
    for label in charted:
        on = [i for i, p in enumerate(pages) if label in p]
        assert on, label
        page = pages[on[0]]
        after = page[page.index(label):]
        # its caption and its chart (the round axis) follow the heading on the same page
        assert "Trend across rounds" in after and re.search(rf"{first_round}(?!-)", after), (label, on[0])



def _open_at(source: str, start: int, end: int) -> bool:
    """The ``[`` at ``start`` is still open at ``end`` (escaped brackets and strings skipped)."""
    text = re.sub(r'\\.|"(?:[^"\\]|\\.)*"', lambda m: " " * len(m.group(0)), source[start:end])
    depth = 0
    for ch in text:
        depth += {"[": 1, "]": -1}.get(ch, 0)
        if depth == 0:
            return False
    return True


def test_each_trend_chart_is_set_in_one_unbreakable_block_with_its_heading(built_scorecard, tmp_path, monkeypatch):
    """In the Typst source of both PDFs, every chart sits in a ``breakable: false`` block that
    starts with its indicator's heading, and is set at the size it was drawn (not stretched)."""
    import wpsresearch.report.typst_pdf as typst_pdf
    from wpsresearch.monitor import scorecard
    from wpsresearch.report.typst_markup import html_to_typst

    pages = []
    real = typst_pdf.html_to_pdf
    monkeypatch.setattr(typst_pdf, "html_to_pdf", lambda page, **kw: pages.append((page, kw)) or real(page, **kw))
    scorecard(built_scorecard["db"], tmp_path / "out")
    assert [kw["lang"] for _, kw in pages] == ["en", "ar"]
    opening = "#block(width: 100%, breakable: false)[#heading(level: 3)"
    for page, kw in pages:
        source = html_to_typst(page, lang=kw["lang"]).source
        images = [m.start() for m in re.finditer(r"#image\(", source)]
        assert len(images) >= 2
        for at in images:
            block = source.rfind(opening, 0, at)
            assert block >= 0 and _open_at(source, block + len(opening) - len("#heading(level: 3)") - 1, at), \
                (kw["lang"], source[max(0, at - 300):at])
            assert re.match(r'#image\("image-\d+\.svg", width: 5\.417in', source[at:])
