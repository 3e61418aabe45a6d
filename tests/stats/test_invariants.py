"""Invariants of design-based estimation (hypothesis, bounded examples)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import wpsresearch as wps

SETTINGS = settings(max_examples=25, deadline=None)


@st.composite
def surveys(draw):
    n_strata = draw(st.integers(1, 3))
    psus_per = draw(st.integers(2, 4))
    rows = []
    for h in range(n_strata):
        for j in range(psus_per):
            m = draw(st.integers(1, 5))
            for _ in range(m):
                rows.append({
                    "stratum": f"s{h}",
                    "psu": f"s{h}p{j}",
                    "w": draw(st.floats(0.5, 50)),
                    "y": draw(st.floats(-100, 100)),
                    "answer": draw(st.sampled_from(["a", "b", "c"])),
                    "g": draw(st.sampled_from(["x", "y"])),
                })
    df = pd.DataFrame(rows)
    # every group and every answer present, so each estimate exists
    df.loc[0, "g"], df.loc[len(df) - 1, "g"] = "x", "y"
    return df


def _design(df, weights="w"):
    return wps.stats.SurveyDesign(df, ids="psu", strata="stratum", weights=weights)


@SETTINGS
@given(surveys())
def test_categorical_proportions_sum_to_one(df):
    est = wps.stats.proportion(_design(df), "answer", by="g").to_frame()
    sums = est.groupby("g")["estimate"].sum()
    assert np.allclose(sums, 1.0)
    # the standard errors of a two-level split are equal (p and 1 - p)
    two = df.assign(b=np.where(df["answer"] == "a", "yes", "no"))
    f = wps.stats.proportion(_design(two), "b").to_frame()
    if len(f) == 2:
        assert np.isclose(f["se"].iloc[0], f["se"].iloc[1])


@SETTINGS
@given(surveys(), st.floats(0.01, 1000))
def test_scaling_weights_leaves_means_and_ses_unchanged(df, c):
    a = wps.stats.mean(_design(df), "y", by="g").to_frame()
    b = wps.stats.mean(_design(df.assign(w2=df["w"] * c), "w2"), "y", by="g").to_frame()
    assert np.allclose(a["estimate"], b["estimate"], rtol=1e-9, atol=1e-9)
    assert np.allclose(a["se"], b["se"], rtol=1e-7, atol=1e-9)
    # totals scale with the weights
    ta = wps.stats.total(_design(df), "y").estimate
    tb = wps.stats.total(_design(df.assign(w2=df["w"] * c), "w2"), "y").estimate
    assert np.isclose(tb, c * ta, rtol=1e-9, atol=1e-6)


@SETTINGS
@given(surveys())
def test_subset_domain_equals_by_row(df):
    d = _design(df)
    by = wps.stats.mean(d, "y", by="g").to_frame().set_index("g")
    for group in ("x", "y"):
        sub = wps.stats.mean(d.subset(df["g"] == group), "y")
        assert np.isclose(sub.estimate, by.loc[group, "estimate"])
        assert np.isclose(sub.se, by.loc[group, "se"], rtol=1e-9, atol=1e-12)


@SETTINGS
@given(surveys())
def test_ratio_of_y_to_one_is_the_mean(df):
    d = _design(df.assign(one=1.0))
    m, r = wps.stats.mean(d, "y"), wps.stats.ratio(d, "y", "one")
    assert np.isclose(m.estimate, r.estimate)
    assert np.isclose(m.se, r.se, rtol=1e-9, atol=1e-12)


@SETTINGS
@given(surveys())
def test_srs_variance_is_the_textbook_formula(df):
    """Element sampling with equal weights: se = sd / sqrt(n) (R svymean, no fpc)."""
    d = wps.stats.SurveyDesign(df)
    est = wps.stats.mean(d, "y")
    if len(df) > 1:
        assert np.isclose(est.se, df["y"].std(ddof=1) / np.sqrt(len(df)), rtol=1e-9, atol=1e-12)


@SETTINGS
@given(surveys())
def test_crosstab_margins_are_weighted_totals(df):
    assume(df["g"].nunique() >= 2 and df["answer"].nunique() >= 2)
    ct = wps.stats.crosstab(_design(df), "answer", "g")
    assert np.isclose(ct.counts.to_numpy().sum(), df["w"].sum())
    assert np.allclose(ct.row_percent.sum(axis=1), 100)
    assert np.allclose(ct.col_percent.sum(axis=0), 100)
    t = ct.test("F")
    assert 0 <= t.pvalue <= 1


def test_quantile_of_equal_weights_is_type_1_quantile():
    x = np.array([5.0, 1, 9, 3, 7, 2, 8])
    d = wps.stats.SurveyDesign(pd.DataFrame({"x": x}))
    for p in (0.25, 0.5, 0.9, 1.0):
        assert wps.stats.quantile(d, "x", p).estimate == np.quantile(x, p, method="inverted_cdf")


def test_quantile_below_first_weight_follows_r_qs():
    """R's qs(): when no cumulative weight is <= p*W, pos = 1 and (wlow != 0) the rule
    returns the *second* smallest value.  We reproduce R, quirk included."""
    x = np.array([5.0, 1, 9, 3, 7, 2, 8])
    d = wps.stats.SurveyDesign(pd.DataFrame({"x": x}))
    assert wps.stats.quantile(d, "x", 0.1).estimate == 2.0


@pytest.mark.parametrize("ci", ["logit", "beta", "wilson", "mean", "xlogit"])
def test_intervals_contain_the_estimate_and_conf_int_recomputes(ci):
    df = pd.DataFrame({"y": [1, 0, 0, 1, 1, 0, 1, 1, 0, 1] * 3, "psu": np.repeat(range(10), 3)})
    est = wps.stats.proportion(wps.stats.SurveyDesign(df, ids="psu"), "y", ci=ci)
    f = est.to_frame()
    assert f["ci_low"].iloc[0] < est.estimate < f["ci_high"].iloc[0]
    lo90, hi90 = est.conf_int(alpha=0.10)
    assert f["ci_low"].iloc[0] < lo90 < est.estimate < hi90 < f["ci_high"].iloc[0]
    assert est.conf_int() == pytest.approx((f["ci_low"].iloc[0], f["ci_high"].iloc[0]))
