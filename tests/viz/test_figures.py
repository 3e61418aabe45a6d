"""Figures: Arabic text from the label table, suppression, sidecars, maps with attribution."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.errors import DisclosureError, InputError
from wpsresearch.labels import Labels

LAB = Labels.default()
STUDY_PROVINCES = {"IQG02": "Basra", "IQG13": "Kirkuk", "IQG08": "Baghdad", "IQG16": "Salah ad Din"}


def _frame():
    # n chosen on the DHS small-base rule (min_n = 25): 640 fine, 30 bracketed, 7 suppressed
    return pd.DataFrame({
        "sex": ["female", "male", "female", "male"],
        "adm1_pcode": ["IQG02", "IQG02", "IQG13", "IQG13"],
        "estimate": [0.312, 0.123, 0.201, 0.777],
        "se": [0.02, 0.01, 0.03, 0.05],
        "ci_low": [0.273, 0.104, 0.142, 0.679],
        "ci_high": [0.351, 0.142, 0.260, 0.875],
        "n": [640, 600, 30, 7],
    })


def _svg_texts(path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(el.itertext()) for el in root.iter() if el.tag.endswith("text")]


def test_arabic_svg_text_matches_label_table(tmp_path):
    chart = wps.viz.bar_chart(_frame(), title_key="estimate", by="adm1_pcode", hue="sex",
                              lang="ar", synthetic=True, percent=True)
    png, svg, side = chart.save(tmp_path / "fig_ar")
    texts = [t.strip() for t in _svg_texts(svg)]
    for key in ("estimate", "female", "male", "synthetic_stamp", "viz_axis_percent",
                "viz_ci_legend", "viz_suppressed_marker"):
        assert LAB.get(key, "ar") in texts, key
    assert "البصرة" in texts and "كركوك" in texts        # COD-AB Arabic names
    assert "Women" not in texts and "Basra" not in " ".join(texts)
    # text stayed text, set in the shipped Arabic font
    assert "Amiri" in svg.read_text(encoding="utf-8")
    assert "<path" in svg.read_text(encoding="utf-8") and "<text" in svg.read_text(encoding="utf-8")


def test_suppressed_cells_show_no_number_and_sidecar_lists_every_number(tmp_path):
    chart = wps.viz.bar_chart(_frame(), title_key="estimate", by="adm1_pcode", hue="sex",
                              lang="en", percent=True, source="test survey")
    png, svg, side = chart.save(tmp_path / "fig_en")
    record = json.loads(side.read_text(encoding="utf-8"))
    status = {(c["category"], c["group"]): c for c in record["cells"]}
    assert status[("Kirkuk", "Men")]["status"] == "suppressed"
    assert status[("Kirkuk", "Men")]["estimate"] is None and status[("Kirkuk", "Men")]["n"] is None
    assert status[("Kirkuk", "Women")]["shown"] == "(20.1)"     # bracketed, 25-49 cases
    svg_text = " ".join(_svg_texts(svg))
    for hidden in ("77.7", "67.9", "87.5"):
        assert hidden not in svg_text and hidden not in side.read_text(encoding="utf-8")
    assert "suppressed" in _svg_texts(svg) or " suppressed " in _svg_texts(svg)
    numbers_in_svg = {m for t in _svg_texts(svg) for m in re.findall(r"\d[\d,.]*", t)}
    numbers_in_sidecar = {m for t in record["texts"] for m in re.findall(r"\d[\d,.]*", t)}
    assert numbers_in_svg <= numbers_in_sidecar
    for shown in ("31.2", "12.3", "(20.1)"):
        assert shown in record["numbers_shown"]
    assert record["synthetic"] is False and record["title"] == "Estimate"


def test_png_is_nontrivial_and_synthetic_stamp_inside(tmp_path):
    from matplotlib.image import imread

    chart = wps.viz.bar_chart(_frame(), title_key="estimate", by="adm1_pcode", hue="sex",
                              synthetic=True, percent=True)
    png, svg, side = chart.save(tmp_path / "fig")
    assert png.stat().st_size > 10_000
    pixels = imread(png)
    assert pixels.shape[0] > 300 and pixels.shape[1] > 600 and float(np.std(pixels)) > 0.05
    assert LAB.get("synthetic_stamp", "en") in _svg_texts(svg)
    assert json.loads(side.read_text(encoding="utf-8"))["synthetic"] is True


def _watermark(fig):
    found = [t for t in fig.texts if t.get_alpha() is not None and t.get_alpha() < 0.5]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("width", [3.0, 3.4, 3.8, 7.5])
def test_watermark_lies_wholly_inside_every_figure(lang, width):
    """A fact-sheet column (3.4 in) is narrower than the 22 pt watermark's one line: it is
    set smaller (or on two lines) rather than cut at the figure's edges."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    s = pd.Series({"IQG02": 0.21, "IQG13": 0.35, "IQG08": 0.18, "IQG16": float("nan")})
    figures = [wps.viz.bar_chart(_frame(), title_key="estimate", by="adm1_pcode", hue="sex",
                                 synthetic=True, percent=True, lang=lang, width=width).figure,
               wps.viz.choropleth(s, title_key="estimate", synthetic=True, lang=lang,
                                  width=max(width, 3.0)).figure]
    for fig in figures:
        renderer = FigureCanvasAgg(fig).get_renderer()
        mark = _watermark(fig)
        box = mark.get_window_extent(renderer)
        assert box.x0 >= 0 and box.y0 >= 0, (box, fig.bbox)
        assert box.x1 <= fig.bbox.x1 and box.y1 <= fig.bbox.y1, (box, fig.bbox)
        assert mark.get_fontsize() >= 9 and mark.get_text().replace("\n", " ") == LAB.get(
            "synthetic_stamp", lang)


def test_the_old_watermark_was_cut_on_a_fact_sheet_column():
    """The measure itself: 22 pt on one line, turned 20°, is wider than a 3.4 in figure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from wpsresearch.viz.typefaces import text_font

    fig = Figure(figsize=(3.4, 5.0))
    mark = fig.text(0.5, 0.5, LAB.get("synthetic_stamp", "en"), ha="center", va="center",
                    rotation=20, fontproperties=text_font("en", "bold", size=22))
    box = mark.get_window_extent(FigureCanvasAgg(fig).get_renderer())
    assert box.x0 < 0 or box.x1 > fig.bbox.x1


def test_svg_is_deterministic(tmp_path):
    for name in ("a", "b"):
        wps.viz.bar_chart(_frame(), title_key="estimate", by="adm1_pcode", hue="sex").save(tmp_path / name)
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


def test_accepts_an_estimate_like_object():
    class FakeEstimate:
        kind = "proportion"
        by = ("adm1_pcode",)
        policy = wps.privacy.DisclosurePolicy(min_n=5)

        def to_frame(self):
            return _frame()[_frame()["sex"] == "female"]

    chart = wps.viz.bar_chart(FakeEstimate(), title_key="estimate")
    assert [c["shown"] for c in chart.sidecar["cells"]] == ["31.2", "20.1"]   # min_n=5: 30 is fine
    assert chart.sidecar["categories"] == ["Al-Basrah", "Kirkuk"]


def test_missing_columns_are_refused():
    with pytest.raises(InputError, match="n"):
        wps.viz.bar_chart(pd.DataFrame({"estimate": [0.1]}), title_key="estimate")


def test_map_of_the_four_study_provinces_has_attribution(tmp_path):
    frame = pd.DataFrame({"adm1_pcode": list(STUDY_PROVINCES), "estimate": [0.21, 0.35, 0.18, 0.5],
                          "ci_low": [0.18, 0.3, 0.15, 0.4], "ci_high": [0.24, 0.4, 0.21, 0.6],
                          "n": [900, 800, 30, 10]})
    for lang in ("en", "ar"):
        chart = wps.viz.choropleth(frame, title_key="estimate", lang=lang, synthetic=True)
        png, svg, side = chart.save(tmp_path / f"map_{lang}")
        attribution = LAB.get("viz_map_attribution", lang)
        assert attribution in _svg_texts(svg)
        record = json.loads(side.read_text(encoding="utf-8"))
        assert record["attribution"] == attribution
        assert {c["pcode"] for c in record["cells"]} == set(STUDY_PROVINCES)
        by_code = {c["pcode"]: c for c in record["cells"]}
        assert by_code["IQG16"]["status"] == "suppressed"
        assert not any("50.0" in t for t in _svg_texts(svg)) and "50.0" not in side.read_text("utf-8")
        assert by_code["IQG08"]["shown"] == "(18.0)"
        assert png.stat().st_size > 20_000
    assert "Boundaries: CSO Iraq / OCHA COD-AB 2019, CC BY 3.0 IGO" in _svg_texts(tmp_path / "map_en.svg")


def test_sgbv_district_map_refused_unless_study_allows(tmp_path):
    districts = wps.geo.places.districts("basra").index[:3]
    s = pd.Series([0.1, 0.2, 0.3], index=districts)
    with pytest.raises(DisclosureError, match="governorate level"):
        wps.viz.choropleth(s, title_key="estimate", level="adm2", sgbv=True)
    chart = wps.viz.choropleth(s, title_key="estimate", level="adm2", sgbv=True,
                               study={"district_maps_for_sgbv": True})
    assert len(chart.sidecar["cells"]) == 3


def test_unknown_pcode_refused():
    with pytest.raises(InputError, match="p-code"):
        wps.viz.choropleth(pd.Series({"IQG99": 0.1}), title_key="estimate")


def test_writing_into_raw_is_refused(tmp_path):
    chart = wps.viz.bar_chart(_frame(), title_key="estimate", by="adm1_pcode", hue="sex")
    with pytest.raises(InputError, match="raw"):
        chart.save(tmp_path / "data" / "raw" / "fig")


def test_dhs_small_base_rule_boundaries():
    # DHS Guide to Statistics: < 25 unweighted cases suppressed, 25-49 in brackets
    from wpsresearch.viz.cell_status import cell_status, estimate_frame

    f = estimate_frame(pd.DataFrame({"estimate": [0.5] * 5, "n": [24, 25, 49, 50, 1000]}))
    assert list(cell_status(f)) == ["suppressed", "unreliable", "unreliable", "ok", "ok"]


def test_numerator_below_min_cell_is_suppressed():
    from wpsresearch.viz.cell_status import cell_status, estimate_frame

    f = estimate_frame(pd.DataFrame({"estimate": [0.02, 0.98, 0.5], "n": [400, 400, 400],
                                     "n_level": [8, 392, 200]}))
    assert list(cell_status(f)) == ["suppressed", "suppressed", "ok"]


def test_arabic_font_ships_with_its_licence():
    from importlib import resources

    from wpsresearch.viz.typefaces import font_file, text_font

    folder = resources.files("wpsresearch.viz.fonts")
    assert "SIL OPEN FONT LICENSE Version 1.1" in folder.joinpath("OFL.txt").read_text("utf-8")
    assert font_file("ar").is_file() and str(font_file("ar")).startswith(str(folder))
    assert text_font("ar").get_file() == str(font_file("ar"))


def test_chart_html_is_self_contained_and_marks_counts():
    chart = wps.viz.bar_chart(_frame(), title_key="estimate", by="adm1_pcode", hue="sex")
    html = chart._repr_html_()
    assert 'src="data:image/png;base64,' in html and 'data-n="640"' in html
    assert "http" not in html and 'data-n="7"' not in html


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.floats(0.001, 0.999), st.integers(0, 300)), min_size=1, max_size=5))
def test_no_number_is_ever_shown_for_a_suppressed_cell(rows):
    frame = pd.DataFrame({"group": [f"g{i}" for i in range(len(rows))],
                          "estimate": [r[0] for r in rows], "n": [r[1] for r in rows]})
    frame["ci_low"], frame["ci_high"] = frame["estimate"] * 0.9, frame["estimate"] * 1.1
    chart = wps.viz.bar_chart(frame, title_key="estimate", by="group", percent=True)
    for cell, (est, n) in zip(chart.sidecar["cells"], rows):
        if n < 25:
            assert cell["status"] == "suppressed" and cell["estimate"] is None and cell["n"] is None
            assert cell["shown"] == LAB.get("viz_suppressed_marker", "en")
        else:
            assert cell["shown"].strip("()") == f"{round(est * 100, 1):.1f}"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_arabic_figures_are_mirrored(lang):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    chart = wps.viz.bar_chart(_frame(), title_key="estimate", by="adm1_pcode", hue="sex", lang=lang)
    fig = chart.figure
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    ax = fig.axes[0]
    box = ax.get_window_extent(renderer)
    ticks = [t for t in ax.get_yticklabels() if t.get_text()]
    extents = [t.get_window_extent(renderer) for t in ticks]
    title = next(t for t in fig.texts if t.get_text() == LAB.get("estimate", lang))
    if lang == "ar":
        assert ax.xaxis_inverted()                                 # bars grow right to left
        assert all(e.x0 >= box.x1 for e in extents)               # categories on the right
        assert len({round(e.x1) for e in extents}) == 1           # ... right-aligned
        assert title.get_ha() == "right"
    else:
        assert not ax.xaxis_inverted()
        assert all(e.x1 <= box.x0 for e in extents)
        assert title.get_ha() == "left"
