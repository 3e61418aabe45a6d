"""A logistic model's odds ratios are all computed against the reference category: when that
category holds fewer than ``min_cell`` respondents with (or without) the outcome, every odds
ratio of the predictor describes that tiny group, so all of the predictor's rows are
suppressed (with the suppression note), and the other predictors' rows are not."""

import numpy as np
import pandas as pd

import wpsresearch as wps


def _frame(ref_yes, ref_no, seed=11):
    """Reference level "a" (first in sort order) with ``ref_yes`` / ``ref_no`` respondents with
    / without the outcome; levels "b" and "c" large; a numeric covariate ``x``."""
    rng = np.random.default_rng(seed)
    big = 300
    g = ["a"] * (ref_yes + ref_no) + list(rng.choice(["b", "c"], size=big))
    y = [1] * ref_yes + [0] * ref_no + list(rng.integers(0, 2, size=big))
    x = rng.normal(size=len(g))
    return pd.DataFrame({"y": y, "g": g, "x": x, "w": 1.0})


def _table(df, lang="en"):
    fit = wps.stats.glm(wps.stats.SurveyDesign(df, weights="w"), "y ~ g + x", family="binomial")
    return fit, fit.table(lang=lang)


def _rows(table, fragment):
    frame = table.to_frame()
    return frame[frame.iloc[:, 0].str.contains(fragment, regex=False)]


def test_tiny_reference_category_suppresses_every_odds_ratio_of_its_predictor():
    # 4 respondents with the outcome in the reference group "a" (30 without)
    fit, table = _table(_frame(ref_yes=4, ref_no=30))
    g_rows = _rows(table, "g[")
    assert len(g_rows) == 2
    assert (g_rows.iloc[:, 1:].to_numpy() == "*").all()
    assert _rows(table, "x").iloc[0, 1] != "*"
    # exp(intercept) is the odds in the reference group itself: hidden too
    assert _rows(table, "Intercept").iloc[0, 1] == "*"
    assert table.suppressed.sum() == 3
    assert any("Suppressed" in note for note in table.footnotes)
    html = table._repr_html_()
    assert html.count('data-suppressed="true"') == 3


def test_tiny_reference_category_without_the_outcome_too():
    _, table = _table(_frame(ref_yes=30, ref_no=3))
    assert (_rows(table, "g[").iloc[:, 1:].to_numpy() == "*").all()


def test_large_reference_category_keeps_the_odds_ratios():
    _, table = _table(_frame(ref_yes=30, ref_no=30))
    assert not table.suppressed.any()


def test_small_reference_of_a_yes_no_covariate():
    # a 0/1 covariate: its "no" group (the reference) holds only 5 respondents with the outcome
    rng = np.random.default_rng(2)
    n = 300
    on = np.ones(n, dtype=int)
    on[:40] = 0
    y = rng.integers(0, 2, size=n)
    y[:40] = [1] * 5 + [0] * 35
    df = pd.DataFrame({"y": y, "on": on, "x": rng.normal(size=n), "w": 1.0})
    fit = wps.stats.glm(wps.stats.SurveyDesign(df, weights="w"), "y ~ on + x", family="binomial")
    table = fit.table(lang="ar")
    frame = table.to_frame()
    on_row = frame[frame.iloc[:, 0] == "on"].iloc[0]
    x_row = frame[frame.iloc[:, 0] == "x"].iloc[0]
    assert on_row.iloc[1] == "*" and x_row.iloc[1] != "*"
