"""A base below min_cell is disclosive in itself: not shown, not marked up for the gate."""

import pandas as pd
import pytest

import wpsresearch as wps


def test_small_base_is_hidden_in_text_and_markup():
    df = pd.DataFrame({"y": [1, 0, 1] + [1, 0] * 20, "g": ["a"] * 3 + ["b"] * 40, "w": 1.0})
    d = wps.stats.SurveyDesign(df, weights="w")
    table = wps.stats.proportion(d, "y", by="g").table(lang="en")
    html = table._repr_html_()
    assert 'data-n="3"' not in html and 'data-n="40"' in html
    shown = table.to_frame()
    assert "3" not in set(shown.iloc[:, -1])


def test_arabic_interval_is_isolated_left_to_right():
    df = pd.DataFrame({"y": [1, 0] * 40, "w": 1.0})
    table = wps.stats.proportion(wps.stats.SurveyDesign(df, weights="w"), "y").table(lang="ar")
    ci = [c for c in table.to_frame().iloc[0] if "\u2013" in str(c)][0]
    assert ci.startswith("\u2066") and ci.endswith("\u2069")


def test_one_hidden_level_is_not_recoverable_by_subtraction():
    # 3 returnees among 94: hiding only them would leave 100 - host - idp = their share
    status = ["host"] * 60 + ["idp"] * 31 + ["returnee"] * 3
    df = pd.DataFrame({"status": pd.Categorical(status, categories=["host", "idp", "returnee"]),
                       "w": 1.0})
    shown = wps.stats.proportion(wps.stats.SurveyDesign(df, weights="w"), "status").table(lang="en")
    column = shown.to_frame().iloc[:, 2].tolist()
    assert column.count("*") >= 2 and column[2] == "*"


def test_small_refusal_counts_are_not_printed():
    df = pd.DataFrame({"y": [1.0, 0.0] * 40 + [None] * 3, "w": 1.0})
    notes = wps.stats.proportion(wps.stats.SurveyDesign(df, weights="w"), "y").table(lang="en").footnotes
    # the 3 are not printed, and the base (80 of 83) does not give them away either (#14)
    assert not any("3 respondents" in n for n in notes) and any("fewer than 10" in n for n in notes)


def test_a_text_mask_is_refused_not_read_as_all_true():
    df = pd.DataFrame({"y": [1, 0, 1, 0], "w": 1.0})
    d = wps.stats.SurveyDesign(df, weights="w")
    with pytest.raises(wps.errors.DesignError, match="True/False"):
        d.subset(pd.Series(["no", "no", "yes", "no"]))


def test_odds_ratio_on_few_reporters_is_suppressed():
    import numpy as np

    rng = np.random.default_rng(3)
    n = 400
    group = np.where(np.arange(n) < 12, "rare", rng.choice(["a", "b"], size=n))
    y = rng.integers(0, 2, size=n)
    y[:12] = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]  # 3 with the outcome in the rare group
    df = pd.DataFrame({"y": y, "g": group, "w": 1.0})
    fit = wps.stats.glm(wps.stats.SurveyDesign(df, weights="w"), "y ~ g", family="binomial")
    table = fit.table(lang="en").to_frame()
    rare = table[table.iloc[:, 0].str.contains("rare")].iloc[0]
    assert rare.iloc[1] == "*" and rare.iloc[2] == "*"
    common = table[table.iloc[:, 0].str.contains(r"\[T\.b\]")].iloc[0]
    assert common.iloc[1] != "*"
