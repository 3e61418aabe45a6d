"""Bar charts drawn at the width they are printed, so their text prints at its point size.

A fact sheet (A4, 10 mm margins, two figures side by side: ``report/factsheet.py``) gives a
chart a column of about 93 mm.  A chart drawn 7.5 in (190 mm) wide is shrunk to half there,
so its 8 pt numbers print at about 4 pt — below the 6-7 pt that print legibility guidance
treats as the floor for captions and data labels.  ``bar_chart(width=...)`` draws it at the
column's size instead; every text must then still fit inside the figure.
"""

from __future__ import annotations

import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.errors import InputError

COLUMN_IN = (190 - 6 * 25.4 / 96) / 2 / 25.4     # one of two A4 columns, 6 px gap: ~3.7 in
MIN_PRINTED_PT = 7.0


def _frame():
    # long category labels, as the fact sheet's indicator names are
    rows = []
    for ind in ("unsafe_night", "trusts_police", "harass_public_yes"):
        for sex, est in (("female", 0.412), ("male", 0.237)):
            rows.append({"indicator": ind, "sex": sex, "estimate": est, "ci_low": est - 0.05,
                         "ci_high": est + 0.05, "n": 400 if sex == "female" else 40})
    return pd.DataFrame(rows)


def _column_chart(lang):
    return wps.viz.bar_chart(_frame(), title_key="nb_chart_safety_trust", by="indicator",
                             hue="sex", lang=lang, percent=True, synthetic=True,
                             source="Women's Safety, Justice and Reporting Survey (SYNTHETIC)",
                             width=3.6)


def _texts(chart):
    fig = chart.figure
    ax = fig.axes[0]
    texts = [*fig.texts, *ax.texts, ax.xaxis.label, *ax.get_xticklabels(), *ax.get_yticklabels()]
    legend = ax.get_legend()
    texts += list(legend.get_texts()) if legend else []
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_chart_drawn_for_a_fact_sheet_column_prints_legibly_and_fits(lang):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    chart = _column_chart(lang)
    fig = chart.figure
    assert fig.get_size_inches()[0] == pytest.approx(3.6)
    texts = _texts(chart)
    scale = min(1.0, COLUMN_IN / fig.get_size_inches()[0])   # shrunk to the column, never enlarged
    stamp = {t for t in fig.texts if t.get_rotation() != 0}   # the watermark is meant to be faint and large
    smallest = min(t.get_fontsize() for t in texts if t not in stamp)
    assert smallest * scale >= MIN_PRINTED_PT
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    box = fig.bbox
    for t in texts:
        if t in stamp:
            continue
        ext = t.get_window_extent(renderer)
        assert ext.x0 >= box.x0 - 1 and ext.x1 <= box.x1 + 1, (t.get_text(), ext, box)
        assert ext.y0 >= box.y0 - 1 and ext.y1 <= box.y1 + 1, (t.get_text(), ext, box)
    # the plot keeps room for its bars: at least a third of the width
    assert fig.axes[0].get_position().width >= 1 / 3
    # the sidecar still names each category and the title in full (the gate reads it)
    assert chart.sidecar["title"] == wps.labels.Labels.default().get("nb_chart_safety_trust", lang)
    assert "\n" not in "".join(chart.sidecar["categories"])


def test_default_width_is_unchanged():
    chart = wps.viz.bar_chart(_frame(), title_key="estimate", by="indicator", hue="sex")
    assert chart.figure.get_size_inches()[0] == pytest.approx(7.5)


def test_too_narrow_a_chart_is_refused():
    with pytest.raises(InputError, match="width"):
        wps.viz.bar_chart(_frame(), title_key="estimate", by="indicator", width=1.5)


def test_chart_note_gives_each_indicators_base_not_their_sum():
    # two indicators by sex: the respondents are the same people for both, so the note's
    # n is one indicator's total over the sexes (a range when the bases differ), never the
    # bases of both indicators added together
    import pandas as pd

    import wpsresearch as wps

    frame = pd.DataFrame({"indicator": ["a", "a", "b", "b"], "sex": ["female", "male"] * 2,
                          "estimate": [0.3, 0.2, 0.4, 0.5], "ci_low": [0.25, 0.15, 0.3, 0.4],
                          "ci_high": [0.35, 0.25, 0.5, 0.6], "n": [600, 608, 300, 280]})
    chart = wps.viz.bar_chart(frame, title_key="nb_chart_safety_trust", by="indicator",
                              hue="sex", lang="en", percent=True, width=7.5)
    note = chart.sidecar["data_note"]
    assert "580–1,208" in note and "1,788" not in note


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_chart_text_fits_at_the_dpi_it_is_saved_at(lang):
    # text is wrapped when the chart is built, but the PNG is rendered at 150 dpi where
    # hinted Amiri lines come out wider: every line must still fit at that dpi
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    chart = _column_chart(lang)
    fig = chart.figure
    fig.set_dpi(150)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    stamp = {t for t in fig.texts if t.get_rotation() != 0}
    for t in _texts(chart):
        if t in stamp:
            continue
        box = t.get_window_extent(renderer)
        assert box.x0 >= -0.5 and box.x1 <= fig.bbox.x1 + 0.5, t.get_text()
