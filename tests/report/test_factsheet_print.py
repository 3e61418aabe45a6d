"""Fact sheets print their figures' text at a readable size (>= 7 pt on A4), on one page.

Printed scale of a figure = the width it is printed at / the width it was drawn at (inches);
a text drawn at s pt prints at s x scale pt.  The old layout put a 7.5 in chart into a 93 mm
column (scale 0.49: 8 pt numbers printed at 4 pt) and capped the 7 x 8 in map at 78 mm high
(scale 0.38: 7 pt names at 2.7 pt).  7 pt is the floor print-legibility guidance sets for
captions and data labels; the watermark (faint, 22 pt) is not text to be read.

The first test reads the printed width from the page's own CSS (A4 page, margins, the figure
grid) and the drawn width from the PNGs embedded in the page; the second measures it in the
PDF Typst sets (``pdfimages -list``: an image's pixels per printed inch).
"""

from __future__ import annotations

import base64
import re
import shutil
import struct
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

import wpsresearch as wps
from wpsresearch.report import factsheet

REPO = Path(__file__).resolve().parents[2]
STUDY_DIR = REPO / "data" / "raw" / "synthetic"
A4_MM = (210.0, 297.0)
MIN_PRINTED_PT = 7.0


@pytest.fixture(scope="module")
def prepared():
    analysis = wps.datasets.synthetic_analysis(n=480, seed=1)
    return analysis.study, analysis


def _figures(prepared, lang, province="kirkuk"):
    from wpsresearch.report.publication import Publication

    _, analysis = prepared
    return factsheet._figures(Publication(analysis, Path("."), {}), province, lang)


def _read_texts(figure) -> list:
    """Every text a reader sees: figure texts, legends, area labels, and the ticks and labels
    of the axes that are drawn (a map's axes are off: their lon/lat labels never show)."""
    texts = list(figure.texts) + [t for leg in figure.legends for t in leg.get_texts()]
    for ax in figure.axes:
        texts += ax.texts
        if ax.get_legend():
            texts += ax.get_legend().get_texts()
        if ax.axison:
            for axis in (ax.xaxis, ax.yaxis):
                texts += [axis.label, *axis.get_ticklabels()]
    return [t for t in texts if t.get_visible() and t.get_text().strip()
            and not (t.get_alpha() is not None and t.get_alpha() < 0.5)]  # not the watermark


def _smallest_text_pt(figure) -> float:
    return min(t.get_fontsize() for t in _read_texts(figure))


def _png_inches(data: bytes) -> tuple[float, float]:
    """Width and height in inches of a PNG: its pixels over the dpi in its pHYs chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    at = data.index(b"pHYs")
    per_metre = struct.unpack(">I", data[at + 4:at + 8])[0]
    dpi = per_metre * 0.0254
    return width / dpi, height / dpi


def _css_mm(page, pattern):
    match = re.search(pattern, page, re.S)
    assert match, pattern
    return [float(v) for v in match.groups()]


def _printed_columns_mm(page) -> list[float]:
    """The figure columns' printed widths, read from the page's CSS, checked to fit on A4."""
    (margin,) = _css_mm(page, r"@page\s*\{\s*size:\s*A4;\s*margin:\s*([\d.]+)mm")
    (max_width,) = _css_mm(page, r"body\.factsheet\s*\{[^}]*max-width:\s*([\d.]+)mm")
    rule = re.search(r"\.fs-figures\s*\{([^}]*)\}", page).group(1)
    (gap,) = _css_mm(rule, r"gap:\s*([\d.]+)mm")
    columns = _css_mm(rule, r"grid-template-columns:\s*([\d.]+)mm\s+([\d.]+)mm")
    assert sum(columns) + gap <= min(A4_MM[0] - 2 * margin, max_width) + 1e-9
    # each image fills its column exactly: neither a height cap nor a max-width shrinks it
    img = re.search(r"\.fs-figures img\s*\{([^}]*)\}", page).group(1)
    assert re.search(r"(^|;)\s*width:\s*100%", img) and "max-height: none" in img
    return columns


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_figures_print_at_seven_points_or_more(prepared, lang):
    study = prepared[0]
    chart, ipv_map = _figures(prepared, lang)
    page = factsheet.factsheet_html(study, "kirkuk", factsheet.FactsheetParts([], chart, ipv_map, 120),
                                    lang=lang, labels=wps.labels.Labels.default())
    columns = _printed_columns_mm(page)
    # the chart's title says what its bars are (the province's headline percentages)
    assert chart.sidecar["title"] == {"en": "Headline percentages in Kirkuk",
                                      "ar": "النسب الرئيسية في كركوك"}[lang]
    pngs = [base64.b64decode(b) for b in re.findall(r'<img src="data:image/png;base64,([^"]+)"', page)]
    assert len(pngs) == 2 == len(columns)
    for figure, png, column_mm in zip((chart.figure, ipv_map.figure), pngs, columns):
        drawn_w, drawn_h = _png_inches(png)
        assert (drawn_w, drawn_h) == pytest.approx(tuple(figure.get_size_inches()), abs=0.01)
        scale = column_mm / 25.4 / drawn_w
        assert _smallest_text_pt(figure) * scale >= MIN_PRINTED_PT, (figure, scale)
        # and the figure's printed height leaves room for the rest of the one-page sheet
        assert drawn_h * scale * 25.4 <= 0.5 * A4_MM[1]


def test_the_old_layout_would_fail_this_check(prepared):
    """The measure itself: a 7.5 in chart in a 93 mm column prints 8 pt text at about 4 pt."""
    from matplotlib.figure import Figure

    old = Figure(figsize=(7.5, 5.0))
    old.text(0.5, 0.5, "79.6", fontsize=8)
    assert _smallest_text_pt(old) * (93.0 / 25.4 / 7.5) < MIN_PRINTED_PT


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_map_drawn_at_its_column_keeps_every_text_inside(prepared, lang):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    _, ipv_map = _figures(prepared, lang)
    fig = ipv_map.figure
    assert fig.get_size_inches()[0] == pytest.approx(factsheet.MAP_WIDTH_IN)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    box = fig.bbox
    for t in _read_texts(fig):
        ext = t.get_window_extent(renderer)
        assert ext.x0 >= box.x0 - 1 and ext.x1 <= box.x1 + 1, t.get_text()
        assert ext.y0 >= box.y0 - 1 and ext.y1 <= box.y1 + 1, t.get_text()
    # no two area labels on top of each other
    labels = [a.get_window_extent(renderer) for a in fig.axes[0].texts]
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not a.overlaps(b)


@pytest.mark.skipif(not shutil.which("pdfimages") or not shutil.which("pdfinfo"),
                    reason="needs poppler-utils")
def test_printed_pdf_is_one_page_and_its_figures_are_not_shrunk(prepared, tmp_path):
    """Every province, both languages: one A4 page (Kirkuk's long 'too few respondents'
    sentences once pushed the method note onto a second page)."""
    study = prepared[0]
    written = wps.report.build_factsheets(STUDY_DIR, out_root=tmp_path, to=("html", "pdf"),
                                          prepared=prepared[1])
    pdfs = sorted(p for p, _ in written if p.suffix == ".pdf")
    assert sorted((p.parent.parent.name, p.parent.name) for p in pdfs) == sorted(
        (province, lang) for province in study.provinces for lang in ("ar", "en"))
    for pdf in pdfs:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert re.search(r"Pages:\s+1\b", info), info
        listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                                 text=True).stdout.splitlines()[2:]
        # an image with transparency is listed twice: the picture and its soft mask (smask)
        ppi = [float(line.split()[12]) for line in listing if line.split()[2] == "image"]
        assert len(ppi) == 2
        page = pdf.with_suffix(".html").read_text(encoding="utf-8")
        pngs = [base64.b64decode(b) for b in
                re.findall(r'<img src="data:image/png;base64,([^"]+)"', page)]
        chart, ipv_map = _figures(prepared, pdf.parent.name, pdf.parent.parent.name)
        for figure, png, printed_ppi in zip((chart.figure, ipv_map.figure), pngs, ppi):
            drawn_w, _ = _png_inches(png)
            pixels = struct.unpack(">I", png[16:20])[0]
            scale = (pixels / printed_ppi) / drawn_w     # printed inches / drawn inches
            assert _smallest_text_pt(figure) * scale >= MIN_PRINTED_PT, (pdf, scale)


def test_a_too_short_map_is_refused():
    import pandas as pd

    s = pd.Series({"IQG02": 0.21, "IQG13": 0.35})
    with pytest.raises(wps.errors.InputError, match="taller"):
        wps.viz.choropleth(s, title_key="estimate", width=3.4, height=2.0)
    with pytest.raises(wps.errors.InputError, match="width"):
        wps.viz.choropleth(s, title_key="estimate", width=2.0)
    # width alone: as tall as the areas need, text at its own size
    chart = wps.viz.choropleth(s, title_key="estimate", width=3.4)
    assert chart.figure.get_size_inches()[0] == pytest.approx(3.4)
    assert SimpleNamespace(**chart.sidecar).attribution.startswith("Boundaries")
