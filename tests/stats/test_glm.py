"""Survey GLMs (R ``svyglm``).

Published anchors: the ``clus1_glm_*`` rows (coefficients, SEs, t, p) of
test_r_reference.py.  Here: agreement with statsmodels where the two must agree (point
estimates = weighted MLE; for element sampling the design-based sandwich is statsmodels'
HC0 sandwich times n/(n-1), R svyrecvar's with-replacement factor), domains, missing values
and the errors the issue asks for.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import wpsresearch as wps

DATA = Path(__file__).resolve().parents[1] / "data" / "api"


@pytest.fixture(scope="module")
def c1():
    return pd.read_csv(DATA / "apiclus1.csv")


@pytest.fixture(scope="module")
def dclus1(c1):
    return wps.stats.SurveyDesign(c1, ids="dnum", weights="pw", fpc="fpc")


@pytest.fixture(scope="module")
def srs():
    rng = np.random.default_rng(11)
    n = 300
    df = pd.DataFrame({"x": rng.normal(size=n), "g": rng.choice(["a", "b", "c"], n),
                       "w": rng.uniform(1, 4, n)})
    eta = -0.3 + 0.8 * df["x"] + (df["g"] == "b") * 0.5
    df["y"] = 2 + 1.5 * df["x"] + rng.normal(size=n)
    df["yes"] = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
    df["count"] = rng.poisson(np.exp(0.2 + 0.3 * df["x"]))
    return df


def test_gaussian_sandwich_is_statsmodels_hc0_times_n_over_n_minus_1(srs):
    fit = wps.stats.glm(wps.stats.SurveyDesign(srs, weights="w"), "y ~ x + g")
    X = sm.add_constant(pd.get_dummies(srs[["x", "g"]], drop_first=True, dtype=float))
    ref = sm.WLS(srs["y"], X, weights=srs["w"]).fit(cov_type="HC0")
    n = len(srs)
    assert np.allclose(fit.params.to_numpy(), ref.params.to_numpy(), rtol=1e-10)
    assert np.allclose(fit.bse.to_numpy(), ref.bse.to_numpy() * np.sqrt(n / (n - 1)),
                       rtol=1e-10)
    assert list(fit.params.index) == ["(Intercept)", "x", "g[T.b]", "g[T.c]"]
    assert fit.df_resid == n - 1 + 1 - 4


@pytest.mark.parametrize("family,y,sm_family", [
    ("binomial", "yes", sm.families.Binomial()),
    ("poisson", "count", sm.families.Poisson()),
])
def test_glm_estimates_are_the_weighted_mle(srs, family, y, sm_family):
    fit = wps.stats.glm(wps.stats.SurveyDesign(srs, weights="w"), f"{y} ~ x + g", family=family)
    X = sm.add_constant(pd.get_dummies(srs[["x", "g"]], drop_first=True, dtype=float))
    ref = sm.GLM(srs[y], X, family=sm_family, var_weights=srs["w"]).fit(tol=1e-14)
    assert np.allclose(fit.params.to_numpy(), ref.params.to_numpy(), rtol=1e-8, atol=1e-10)
    hc0 = sm.GLM(srs[y], X, family=sm_family, var_weights=srs["w"]).fit(tol=1e-14,
                                                                       cov_type="HC0")
    n = len(srs)
    assert np.allclose(fit.bse.to_numpy(), hc0.bse.to_numpy() * np.sqrt(n / (n - 1)),
                       rtol=1e-6)


def test_odds_ratios_and_outputs(dclus1):
    fit = wps.stats.glm(dclus1, "I(sch.wide == 'Yes') ~ ell + meals", family="binomial")
    ors = fit.odds_ratios()
    assert np.allclose(ors["odds_ratio"], np.exp(fit.params))
    ci = fit.conf_int(0.05)
    assert np.allclose(ors["ci_low"], np.exp(ci["ci_low"]))
    frame = fit.to_frame()
    assert {"term", "estimate", "se", "t", "pvalue", "odds_ratio"} <= set(frame.columns)
    assert "df.residual = 12" in fit.summary()
    assert "<table" in fit._repr_html_()
    ar = fit.table(lang="ar")
    assert ar.frame.shape == (3, 4) and "نسبة الأرجحية" in ar.frame.columns
    assert 'data-n="183"' in ar._repr_html_()
    with pytest.raises(wps.errors.EstimationError, match="odds ratios"):
        wps.stats.glm(dclus1, "api00 ~ ell").odds_ratios()


def test_domain_fit_keeps_the_design_and_missing_rows_are_counted(dclus1, c1):
    high = c1["stype"] == "H"
    sub = wps.stats.glm(dclus1.subset(high), "api00 ~ ell")
    alone = wps.stats.glm(wps.stats.SurveyDesign(c1[high].reset_index(drop=True), ids="dnum",
                                                 weights="pw", fpc="fpc"), "api00 ~ ell")
    assert np.allclose(sub.params, alone.params, rtol=1e-10)
    assert sub.n == int(high.sum())
    assert sub.df_resid == dclus1.subset(high).df + 1 - 2
    gaps = c1.assign(ell=c1["ell"].where(c1.index % 10 != 0))
    fit = wps.stats.glm(wps.stats.SurveyDesign(gaps, ids="dnum", weights="pw", fpc="fpc"),
                        "api00 ~ ell")
    assert fit.n_missing == int((c1.index % 10 == 0).sum())
    assert fit.n == len(c1) - fit.n_missing


def test_glm_errors(dclus1, c1, srs):
    err = wps.errors.EstimationError
    sep = srs.assign(sep=(srs["x"] > 0).astype(int))
    with pytest.raises(err, match="separat"):
        wps.stats.glm(wps.stats.SurveyDesign(sep, weights="w"), "sep ~ x", family="binomial")
    cat = c1.assign(kind=pd.Categorical(c1["stype"], categories=["E", "H", "M", "X"]))
    with pytest.raises(err, match="empty factor level"):
        wps.stats.glm(wps.stats.SurveyDesign(cat, ids="dnum", weights="pw"), "api00 ~ kind")
    empty = c1.assign(ell=np.nan)
    with pytest.raises(err, match="missing value"):
        wps.stats.glm(wps.stats.SurveyDesign(empty, ids="dnum", weights="pw"), "api00 ~ ell")
    with pytest.raises(err, match="family"):
        wps.stats.glm(dclus1, "api00 ~ ell", family="gamma")
    with pytest.raises(err, match="0/1"):
        wps.stats.glm(dclus1, "api00 ~ ell", family="binomial")
    with pytest.raises(err, match="formula"):
        wps.stats.glm(dclus1, "api00")
    with pytest.raises(err, match="collinear"):
        wps.stats.glm(dclus1, "api00 ~ ell + I(2 * ell)")
