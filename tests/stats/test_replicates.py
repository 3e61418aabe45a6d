"""Replicate-weight designs: R ``as.svrepdesign`` / ``svrepdesign`` semantics.

Published anchor: ``rclus1_mean`` in test_r_reference.py (R's JK1 standard errors).  Here:
exact identities the jackknife must satisfy (for a linear statistic, a total, the JK1 and
JKn variances equal the Taylor variance with the same fpc: Wolter 2007, Introduction to
Variance Estimation, sec. 4.5), agreement of the PSU-factor and supplied-weight paths, and
the bootstrap's expectation.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wpsresearch as wps

DATA = Path(__file__).resolve().parents[1] / "data" / "api"


@pytest.fixture(scope="module")
def api():
    c1 = pd.read_csv(DATA / "apiclus1.csv")
    strat = pd.read_csv(DATA / "apistrat.csv")
    return {
        "c1": c1,
        "dclus1": wps.stats.SurveyDesign(c1, ids="dnum", weights="pw", fpc="fpc"),
        "dstrat": wps.stats.SurveyDesign(strat, strata="stype", weights="pw", fpc="fpc"),
    }


@pytest.mark.parametrize("mse", [True, False])
def test_jk1_total_equals_taylor_with_fpc(api, mse):
    d = api["dclus1"]
    taylor = wps.stats.total(d, "enroll").se
    jk = wps.stats.total(d.replicate("JK1", mse=mse), "enroll").se
    assert jk == pytest.approx(taylor, rel=1e-10)


def test_jkn_total_equals_taylor_in_a_stratified_design(api):
    d = api["dstrat"]
    rep = d.replicate()  # auto: JKn for a stratified design, as R
    assert rep._replicates.type == "JKn"
    assert rep._replicates.count == len(d.data)
    for var in ("enroll", "api00"):
        assert wps.stats.total(rep, var).se == pytest.approx(wps.stats.total(d, var).se,
                                                             rel=1e-10)


def test_replicate_design_keeps_estimates_and_r_degf(api):
    d = api["dclus1"]
    rep = d.replicate("JK1")
    assert rep.df == 14  # R degf(as.svrepdesign(dclus1)): rank 15 - 1
    assert wps.stats.mean(rep, "api00").estimate == wps.stats.mean(d, "api00").estimate
    # rank of the analysis weights: limited by the 15 PSUs here, by the 50 replicates there
    assert d.replicate("bootstrap", replicates=50, seed=3).df == 14
    assert api["dstrat"].replicate("bootstrap", replicates=50, seed=3).df == 49
    assert "JK1 replicates=15" in repr(rep)


def _supplied(rep, data):
    weights = rep.replicate_weights("rw")
    return wps.stats.SurveyDesign.from_replicates(
        pd.concat([data, weights], axis=1), "^rw[0-9]+$", weights="pw", type="JK1",
        scale=rep._replicates.scale, mse=rep._replicates.mse)


def test_supplied_weights_reproduce_the_psu_factor_path(api):
    rep = api["dclus1"].replicate("JK1")
    sup = _supplied(rep, api["c1"])
    pairs = [
        (wps.stats.mean(rep, ["api00", "ell"], by="stype"), wps.stats.mean(sup, ["api00", "ell"], by="stype")),
        (wps.stats.proportion(rep, "sch.wide"), wps.stats.proportion(sup, "sch.wide")),
        (wps.stats.ratio(rep, "api.stu", "enroll"), wps.stats.ratio(sup, "api.stu", "enroll")),
        (wps.stats.total(rep, "enroll"), wps.stats.total(sup, "enroll")),
        (wps.stats.quantile(rep, "api00", 0.5), wps.stats.quantile(sup, "api00", 0.5)),
    ]
    for a, b in pairs:
        fa, fb = a.to_frame(), b.to_frame()
        assert np.allclose(fa["estimate"], fb["estimate"], rtol=1e-12)
        assert np.allclose(fa["se"], fb["se"], rtol=1e-10)
    for stat in ("F", "Chisq", "adjWald"):
        ta = wps.stats.crosstab(rep, "sch.wide", "stype").test(stat)
        tb = wps.stats.crosstab(sup, "sch.wide", "stype").test(stat)
        assert ta.statistic == pytest.approx(tb.statistic, rel=1e-10)
        assert ta.pvalue == pytest.approx(tb.pvalue, rel=1e-8)
        assert 0 <= ta.pvalue <= 1


def test_subset_of_a_replicate_design_matches_by(api):
    rep = api["dclus1"].replicate("JK1")
    high = wps.stats.mean(rep.subset(api["c1"]["stype"] == "H"), "api00")
    by = wps.stats.mean(rep, "api00", by="stype").to_frame().set_index("stype")
    assert high.estimate == pytest.approx(by.loc["H", "estimate"], rel=1e-12)
    assert high.se == pytest.approx(by.loc["H", "se"], rel=1e-10)


def test_bootstrap_is_seeded_and_unbiased_for_a_total(api):
    d = api["dclus1"]
    a = wps.stats.total(d.replicate("bootstrap", replicates=200, seed=7), "enroll").se
    b = wps.stats.total(d.replicate("bootstrap", replicates=200, seed=7), "enroll").se
    c = wps.stats.total(d.replicate("bootstrap", replicates=200, seed=8), "enroll").se
    assert a == b and a != c
    # Rao-Wu with sqrt(1-f) rescaling: E[v_boot] = Taylor variance with the fpc (Rao & Wu 1988)
    big = d.replicate("bootstrap", replicates=4000, seed=1)
    ratio = wps.stats.total(big, "enroll").se ** 2 / wps.stats.total(d, "enroll").se ** 2
    assert 0.9 < ratio < 1.1


def test_bootstrap_factors_are_rao_wu(api):
    rep = api["dclus1"].replicate("bootstrap", replicates=30, seed=2)
    f = rep._replicates.factors
    n, frac = 15, 15 / 757
    lam = np.sqrt(1 - frac)
    counts = (f - 1 + lam) / (lam * n / (n - 1))
    assert np.allclose(counts, np.round(counts))
    assert np.allclose(counts.sum(axis=0), n - 1)  # n_h - 1 PSUs drawn per replicate


def test_replicate_weight_export_is_weight_times_factor(api):
    rep = api["dclus1"].replicate("JK1")
    w = rep.replicate_weights()
    first = api["c1"]["dnum"].iloc[0]
    dropped = [c for c in w.columns if (w.loc[api["c1"]["dnum"] == first, c] == 0).all()]
    assert len(dropped) == 1
    others = w.drop(columns=dropped).iloc[0]
    assert np.allclose(others, api["c1"]["pw"].iloc[0] * 15 / 14)


def test_glm_on_a_replicate_design_refits_each_replicate(api):
    d = api["dclus1"]
    taylor = wps.stats.glm(d, "api00 ~ ell + meals")
    rep = wps.stats.glm(d.replicate("JK1"), "api00 ~ ell + meals")
    assert np.allclose(rep.params, taylor.params, rtol=1e-10)
    assert rep.df_resid == 12
    assert np.all(np.abs(rep.bse / taylor.bse - 1) < 0.2)


def test_replicate_errors(api):
    err = wps.errors.DesignError
    with pytest.raises(err, match="JK1 is for unstratified"):
        api["dstrat"].replicate("JK1")
    with pytest.raises(err, match="type must be"):
        api["dclus1"].replicate("SDR")
    with pytest.raises(err, match="need a stratified design"):
        api["dclus1"].replicate("BRR")
    with pytest.raises(err, match="already has replicate"):
        api["dclus1"].replicate("JK1").replicate("JK1")
    with pytest.raises(err, match="replicates must be an integer"):
        api["dclus1"].replicate("bootstrap", replicates=1)
    with pytest.raises(err, match="no column name matches"):
        wps.stats.SurveyDesign.from_replicates(api["c1"], "^nothing", weights="pw")
    with pytest.raises(err, match="not found"):
        wps.stats.SurveyDesign.from_replicates(api["c1"], ["pw", "zz"], weights="pw")
    bad = api["c1"].assign(r1=-1.0, r2=1.0)
    with pytest.raises(err, match="negative"):
        wps.stats.SurveyDesign.from_replicates(bad, ["r1", "r2"], weights="pw")
    with pytest.raises(err, match="rscales"):
        wps.stats.SurveyDesign.from_replicates(bad.assign(r1=1.0), ["r1", "r2"], weights="pw",
                                               type="JKn")
    with pytest.raises(err, match="replicate weights"):
        api["dclus1"].replicate_weights()
    many = wps.stats.SurveyDesign(pd.DataFrame({"y": np.arange(6000.0)}))
    with pytest.raises(err, match="bootstrap"):
        many.replicate("JK1")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=4), min_size=3, max_size=8),
       st.integers(min_value=0, max_value=10_000))
def test_jk1_total_variance_is_the_taylor_variance(sizes, seed):
    """Property: for any one-stage cluster sample, JK1 on a total == Taylor (no fpc)."""
    rng = np.random.default_rng(seed)
    psu = np.repeat(np.arange(len(sizes)), sizes)
    df = pd.DataFrame({"psu": psu, "w": rng.uniform(1, 5, len(psu)),
                       "y": rng.normal(size=len(psu))})
    d = wps.stats.SurveyDesign(df, ids="psu", weights="w")
    taylor = wps.stats.total(d, "y").se
    jk = wps.stats.total(d.replicate("JK1"), "y").se
    assert jk == pytest.approx(taylor, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("kind,expected", [
    ("JK1", 3 / 4), ("bootstrap", 1 / 3), ("BRR", 1 / 4), ("Fay", 1 / (4 * 0.5**2)), ("other", 1.0),
])
def test_supplied_weights_take_r_svrepdesign_default_scales(kind, expected):
    df = pd.DataFrame({"w": [1.0, 1.0], **{f"r{i}": [1.0, 1.0] for i in range(4)}})
    d = wps.stats.SurveyDesign.from_replicates(df, [f"r{i}" for i in range(4)], weights="w",
                                               type=kind, fay_rho=0.5 if kind == "Fay" else 0.0)
    assert d._replicates.scale == pytest.approx(expected)
    assert d.is_replicate
