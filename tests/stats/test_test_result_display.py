"""A design-based test shows itself through the display path (``_repr_html_``, ``.table``),
because published notebooks keep only HTML and image outputs: a printed test vanishes.

The numbers shown are R's, as printed on the survey package's example page for
``svychisq(~sch.wide+stype, dclus1)`` (tests/data/api/expected_r_values.csv, rows chisq_*):
each cell, printed with two decimals (p-values three), lies within half a unit of its last
digit of R's printed value.  The table carries no counts: no ``n`` column, no ``data-n``.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.labels import Labels

DATA = Path(__file__).resolve().parents[1] / "data" / "api"
LABELS = Labels.default()


def _r_printed(row_id):
    rows = pd.read_csv(DATA / "expected_r_values.csv").set_index("id")
    return [float(v) for v in rows.loc[row_id, "value"].split("/")]


@pytest.fixture(scope="module")
def crosstab():
    c1 = pd.read_csv(DATA / "apiclus1.csv")
    design = wps.stats.SurveyDesign(c1, ids="dnum", weights="pw", fpc="fpc")
    return wps.stats.crosstab(design, "sch.wide", "stype")


def _shown(table, lang):
    row = table.frame.iloc[0]
    get = lambda key: row[LABELS.get(key, lang)]  # noqa: E731
    return get("stats_test"), get("stats_statistic"), get("stats_ndf"), get("stats_ddf"), \
        get("stats_pvalue")


def _number(text):
    return float(text.replace("\u2066", "").replace("\u2069", "").replace(",", ""))


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("statistic, row_id, label", [
    ("F", "chisq_F", "stats_test_rao_scott_f"),
    ("adjWald", "chisq_adjWald", "stats_test_adjusted_wald"),
])
def test_f_tests_show_r_printed_values(crosstab, statistic, row_id, label, lang):
    f, ndf, ddf, p = _r_printed(row_id)
    method, shown_f, shown_ndf, shown_ddf, shown_p = _shown(
        crosstab.test(statistic).table(lang=lang), lang)
    assert method == LABELS.get(label, lang)
    # two printed decimals: half a unit (0.005) plus R's own rounding
    assert _number(shown_f) == pytest.approx(f, abs=0.0051)
    assert _number(shown_ndf) == pytest.approx(ndf, abs=0.0051)
    assert _number(shown_ddf) == pytest.approx(ddf, abs=0.0051)
    assert _number(shown_p) == pytest.approx(p, abs=0.00051)


def test_chisq_shows_r_printed_values_and_no_denominator_df(crosstab):
    x2, df, p = _r_printed("chisq_Chisq")
    method, shown_x2, shown_df, shown_ddf, shown_p = _shown(crosstab.test("Chisq").table(), "en")
    assert method == LABELS.get("stats_test_rao_scott_chisq", "en")
    assert _number(shown_x2) == pytest.approx(x2, abs=0.0051)
    assert _number(shown_df) == pytest.approx(df, abs=0.0051)
    assert shown_ddf == ""            # a chi-square test has no denominator df (R prints none)
    assert _number(shown_p) == pytest.approx(p, abs=0.00051)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_html_is_a_labelled_table_without_counts(crosstab, lang, tmp_path):
    result = crosstab.test("F")
    page = result.table(lang=lang, name="trusts_police")._repr_html_()
    assert LABELS.get("trusts_police", lang) in page
    assert html.escape(LABELS.get("stats_pvalue", lang)) in page
    assert html.escape(LABELS.get("stats_note_test", lang)) in page
    assert "data-n" not in page and LABELS.get("n", lang) not in page
    assert ('dir="rtl"' in page) == (lang == "ar")
    # the respondents behind the test (183 schools, and each cell) appear nowhere
    counts = {str(int(v)) for v in crosstab.unweighted.to_numpy().ravel()} | {"183"}
    numbers = set(pd.Series(page).str.findall(r"\d+").iloc[0])
    assert not counts & numbers
    # the notebook's display path: the default HTML of the result is the English table
    assert result._repr_html_() == result.table(lang="en")._repr_html_()
    # and the disclosure gate passes it
    out = tmp_path / "test.html"
    out.write_text(f"<html><body>{page}</body></html>", encoding="utf-8")
    assert wps.privacy.scan_outputs([out], identifiers={}) == []


def test_stacked_table_names_each_indicator_in_each_language():
    tests = {"ipv_any_12m": wps.stats.TestResult("Rao-Scott F", 2.51, 2.7, 54.1, 0.0731),
             "heard_1325_yes": wps.stats.TestResult("Rao-Scott F", 11.2, 2.9, 58.3, 2e-5)}
    for lang in ("en", "ar"):
        table = wps.stats.TestResult.stacked_table(tests, lang=lang)
        assert table.frame[LABELS.get("stats_variable", lang)].tolist() == [
            LABELS.get("ipv_any_12m", lang), LABELS.get("heard_1325_yes", lang)]
        assert "ipv_any_12m" not in table._repr_html_()
        p = table.frame[LABELS.get("stats_pvalue", lang)].tolist()
        # a "<" kept on the left of its number in right-to-left text (isolated run)
        assert p == (["0.073", "<0.001"] if lang == "en" else ["0.073", "\u2066<0.001\u2069"])


def test_text_is_escaped_and_an_empty_stack_refused():
    t = wps.stats.TestResult("Rao-Scott F", 1.0, 1.0, 10.0, 0.5)
    assert "<b>" not in t.table(name="<b>x</b>")._repr_html_()
    with pytest.raises(wps.errors.EstimationError):
        wps.stats.TestResult.stacked_table({})


def test_every_new_label_has_english_and_arabic():
    keys = ["stats_test", "stats_statistic", "stats_ndf", "stats_ddf", "stats_test_rao_scott_f",
            "stats_test_rao_scott_chisq", "stats_test_adjusted_wald", "stats_note_test"]
    for key in keys:
        assert LABELS.source[key] == "stats.csv"
        assert LABELS.get(key, "en") != LABELS.get(key, "ar")
