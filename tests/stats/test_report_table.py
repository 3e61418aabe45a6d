"""Estimate results and their report tables (DHS rules and the disclosure policy)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.privacy import DisclosurePolicy


def _survey(n_a=60, n_b=30, n_c=12, yes_c=3):
    rng = np.random.default_rng(1)
    groups = ["a"] * n_a + ["b"] * n_b + ["c"] * n_c
    y = np.r_[rng.integers(0, 2, n_a), rng.integers(0, 2, n_b), [1] * yes_c + [0] * (n_c - yes_c)]
    return pd.DataFrame({"g": groups, "y": y, "x": rng.normal(50, 10, len(groups)),
                         "psu": np.arange(len(groups)) // 3})


def test_frame_columns_and_scalar_access():
    d = wps.stats.SurveyDesign(_survey(), ids="psu")
    est = wps.stats.mean(d, "x")
    assert isinstance(est.estimate, float) and isinstance(est.se, float)
    f = est.to_frame()
    for col in ["estimate", "se", "ci_low", "ci_high", "deff", "n", "variable", "n_missing"]:
        assert col in f.columns
    by = wps.stats.proportion(d, "y", by="g")
    assert list(by.to_frame().columns[:3]) == ["g", "variable", "level"]
    assert isinstance(by.estimate, pd.Series) and by.estimate.index.names == ["g", "level"]
    assert "<table" in by._repr_html_() and "proportion" in by.summary()


def test_default_interval_is_t_on_design_df_and_df_can_be_inf():
    d = wps.stats.SurveyDesign(_survey(), ids="psu")
    from scipy import stats

    est = wps.stats.mean(d, "x")
    half = est.to_frame()["ci_high"].iloc[0] - est.estimate
    assert half == pytest.approx(stats.t.ppf(0.975, d.df) * est.se)
    z = wps.stats.mean(d, "x", df=float("inf"))
    assert z.to_frame()["ci_high"].iloc[0] - z.estimate == pytest.approx(1.959964 * z.se, rel=1e-6)


def test_dhs_suppression_brackets_and_min_cell():
    d = wps.stats.SurveyDesign(_survey(), ids="psu")
    table = wps.stats.proportion(d, "y", by="g").table()
    f = table.to_frame()
    pct = f.columns[2]
    # a: 60 cases -> shown plainly; b: 30 -> bracketed; c: 12 < 25 -> suppressed
    assert not f.loc[0, pct].startswith("(") and f.loc[0, pct] != "*"
    assert f.loc[1, pct].startswith("(")
    assert f.loc[2, pct] == "*"
    assert table.suppressed.tolist() == [False, False, True]
    assert any("25" in note for note in table.footnotes)


def test_numerator_or_complement_below_min_cell_is_suppressed():
    df = _survey(n_a=100, n_b=0, n_c=0, yes_c=0)
    df.loc[:, "y"] = 0
    df.loc[:4, "y"] = 1  # 5 yes out of 100: numerator below min_cell 10
    d = wps.stats.SurveyDesign(df, ids="psu", policy=DisclosurePolicy(min_cell=10))
    table = wps.stats.proportion(d, "y").table()
    assert table.suppressed.tolist() == [True]
    d2 = wps.stats.SurveyDesign(df, ids="psu", policy=DisclosurePolicy(min_cell=3))
    assert wps.stats.proportion(d2, "y").table().suppressed.tolist() == [False]


def test_arabic_table_uses_the_label_table_and_rtl_html():
    df = _survey()
    df.loc[0, "x"] = np.nan
    d = wps.stats.SurveyDesign(df, ids="psu")
    t = wps.stats.mean(d, "x", by="g").table(lang="ar")
    assert "التقدير" in t.frame.columns
    # 1 refusal: a small count, which the exact base (59 of 60) would give away by
    # subtraction: the base shown is the group's 60 respondents, marked and footnoted (#14)
    assert any("أقل من 10 منهم لم يجيبوا" in note for note in t.footnotes)
    html = t._repr_html_()
    assert 'dir="rtl"' in html and 'data-n="60"' in html and 'data-suppressed="true"' in html
    assert 'data-n="59"' not in html and "60\u2021" in set(t.frame.iloc[:, -1])
    with pytest.raises(wps.errors.ReportError):
        wps.stats.mean(d, "x").table(lang="fr")


def test_cv_flag_marks_imprecise_estimates():
    df = pd.DataFrame({"x": [0.1, -0.2, 0.15, 0.3, -0.1] * 20})
    t = wps.stats.mean(wps.stats.SurveyDesign(df), "x").table()
    assert t.frame.iloc[0, 1].endswith("\u2020")
    assert any("variation" in note for note in t.footnotes)


def test_crosstab_table_suppresses_small_cells_and_rows():
    rng = np.random.default_rng(3)
    n = 200
    df = pd.DataFrame({
        "sex": rng.choice(["female", "male"], n),
        "reported": rng.choice(["formal", "tribal", "none"], n, p=[0.45, 0.5, 0.05]),
    })
    df.loc[:9, "sex"] = "other"  # a 10-person row: below min_n 25
    ct = wps.stats.crosstab(wps.stats.SurveyDesign(df), "sex", "reported")
    t = ct.table()
    f = t.to_frame().set_index("Sex")
    assert (f.loc["other"].iloc[:3] == "*").all()
    small = ct.unweighted.loc["female", "none"]
    assert (f.loc["Women", "none"] == "*") == (0 <= small < 10)  # "female" labelled "Women"
    assert t.counts.tolist() == ct.unweighted.sum(axis=1).tolist()
    assert float(f.loc["Men", "formal"].strip("()")) == pytest.approx(
        ct.row_percent.loc["male", "formal"], abs=0.05)
