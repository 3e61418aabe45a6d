"""Estimators added for issue #19 against R ``survey`` (make_reference_estimators.R):
svyvar, svyttest, the design effect of a ratio, svyciprop's interval methods."""

from __future__ import annotations

import numpy as np
import pytest

import wpsresearch as wps

S = wps.stats
REL = 1e-8


def close(ours, r, rel=REL):
    assert np.asarray(ours, dtype=float) == pytest.approx(np.asarray(r, dtype=float), rel=rel,
                                                          nan_ok=True)


@pytest.fixture(scope="module")
def dclus1(rdata):
    c1 = rdata("apiclus1").assign(yes=lambda f: (f["sch.wide"] == "Yes").astype(int))
    return S.SurveyDesign(c1, ids="dnum", weights="pw", fpc="fpc")


@pytest.fixture(scope="module")
def dstrat(rdata):
    return S.SurveyDesign(rdata("apistrat"), strata="stype", weights="pw", fpc="fpc")


def test_variance_is_svyvar(rref, dclus1, dstrat):
    for case, d in (("svyvar_clus1", dclus1), ("svyvar_strat", dstrat)):
        est = S.variance(d, "api00")
        close([est.estimate, est.se], list(rref(case).values()))


def test_ttest_is_svyttest(rref, dclus1, dstrat):
    one = S.ttest(dclus1, "api00", mu=650)
    r = rref("ttest_one")
    close([one.statistic, one.df, one.pvalue, one.estimate],
          [r["statistic"], r["df"], r["pvalue"], r["estimate"]])
    for case, d in (("ttest_two", dclus1), ("ttest_two_strat", dstrat)):
        two = S.ttest(d, "api00", "sch.wide")
        r = rref(case)
        close([two.statistic, two.df, two.pvalue, two.estimate],
              [r["statistic"], r["df"], r["pvalue"], r["estimate"]])
    with pytest.raises(wps.errors.EstimationError, match="exactly two"):
        S.ttest(dclus1, "api00", "stype")


def test_ratio_design_effect(rref, dclus1, dstrat):
    for case, d in (("ratio_deff", dclus1), ("ratio_deff_strat", dstrat)):
        est = S.ratio(d, "api.stu", "enroll", deff=True)
        close([est.estimate, est.se, est.frame["deff"].iloc[0]], list(rref(case).values()))


@pytest.mark.parametrize("method", ["asin", "xlogit", "beta", "mean", "logit"])
def test_proportion_intervals_are_svyciprop(rref, dclus1, method):
    close(S.proportion(dclus1, "yes", ci=method).conf_int(),
          list(rref(f"ciprop_{method}").values()))


def test_beta_interval_by_domain_is_svyby_svyciprop(rref, dclus1):
    f = S.proportion(dclus1, "yes", by="stype", ci="beta").to_frame()
    r = rref("ciprop_beta_by")
    close(f["ci_low"].tolist() + f["ci_high"].tolist(),
          [r[f"ci_low{i}"] for i in (1, 2, 3)] + [r[f"ci_high{i}"] for i in (1, 2, 3)])


def test_lonely_psu_certainty(rref, rdata):
    d = S.SurveyDesign(rdata("apiclus1"), strata="dnum", weights="pw", lonely_psu="certainty")
    est = S.mean(d, "api00")
    close([est.estimate, est.se], list(rref("certainty_strat_dnum").values()))
    two = S.SurveyDesign(rdata("two_stage_lonely"), ids=["psu", "ssu"], fpc=["N1", "N2"],
                         lonely_psu="certainty")
    est = S.mean(two, "y")
    close([est.estimate, est.se], list(rref("certainty_stage2").values()))


@pytest.mark.parametrize("rule", ["math", "school", "shahvaish"] + [f"hf{i}" for i in range(1, 10)])
def test_quantile_rules_are_svyquantile_qrule(rref, dclus1, rule):
    f = S.quantile(dclus1, "api00", [0.25, 0.5, 0.9], qrule=rule).to_frame()
    r = rref(f"qrule_{rule}")
    for col in ("estimate", "ci_low", "ci_high", "se"):
        close(f[col].tolist(), [r[f"{col}.{p}"] for p in ("0.25", "0.5", "0.9")])


def test_interpolating_rule_on_a_stratified_design(rref, dstrat):
    f = S.quantile(dstrat, "enroll", [0.1, 0.5], qrule="hf7").to_frame()
    r = rref("qrule_hf7_strat")
    for col in ("estimate", "ci_low", "ci_high"):
        close(f[col].tolist(), [r[f"{col}.{p}"] for p in ("0.1", "0.5")])


def test_logit_calibration_with_bounds(rref, dclus1):
    pop = {"(Intercept)": 6194, "api99": 3914069}
    cal = dclus1.calibrate(["api99"], pop, calfun="logit", bounds=(0.5, 1.6))
    g = cal.row_weights / dclus1.row_weights
    r = rref("cal_logit")
    est = S.mean(cal, "api00")
    # iterative fit (Newton to epsilon 1e-7 on both sides): 1e-6
    close([est.estimate, est.se, g.min(), g.max()],
          [r["estimate"], r["se"], r["g_min"], r["g_max"]], rel=1e-6)
    cal = dclus1.calibrate(["stype", "api99"], {**pop, "stypeH": 755, "stypeM": 1018},
                           calfun="logit", bounds=(0.7, 1.7))
    est = S.total(cal, "enroll")
    close([est.estimate, est.se], list(rref("cal_logit_stype").values()), rel=1e-6)
    with pytest.raises(wps.errors.EstimationError, match="finite bounds"):
        dclus1.calibrate(["api99"], pop, calfun="logit")


def test_trim_weights_is_trimweights(rref, dstrat):
    tr = S.trim_weights(dstrat, upper=40, lower=20)
    est = S.mean(tr, "api00")
    r = rref("trim")
    close([est.estimate, est.se, tr.row_weights.sum(), tr.row_weights.max()],
          [r["estimate"], r["se"], r["wsum"], r["wmax"]])
    tr = S.trim_weights(dstrat, upper=40, lower=20, strict=True)
    est = S.total(tr, "enroll")
    r = rref("trim_strict")
    close([est.estimate, est.se, tr.row_weights.max()], [r["estimate"], r["se"], r["wmax"]])


@pytest.mark.parametrize("statistic", ["Wald", "adjWald", "F"])
@pytest.mark.parametrize("design", ["dclus1", "dstrat"])
def test_svychisq_statistics(rref, request, statistic, design):
    d = request.getfixturevalue(design)
    t = S.crosstab(d, "sch.wide", "stype").test(statistic)
    r = rref(f"chisq_{statistic}_{design}")
    close([t.statistic, t.ndf, t.ddf, t.pvalue], [r["statistic"], r["ndf"], r["ddf"],
                                                  r["pvalue"]])


@pytest.mark.parametrize("kind", ["beta", "xlogit", "asin"])
def test_quantile_interval_types(rref, dclus1, kind):
    f = S.quantile(dclus1, "api00", [0.25, 0.5], interval=kind).to_frame()
    r = rref(f"qint_{kind}")
    for col in ("estimate", "ci_low", "ci_high"):
        close(f[col].tolist(), [r[f"{col}.{p}"] for p in ("0.25", "0.5")])


def test_replicate_quantile_interval(rref, dclus1):
    f = S.quantile(dclus1.replicate("JK1"), "api00", [0.25, 0.5], interval="quantile").to_frame()
    r = rref("qint_rep_quantile")
    for col in ("estimate", "ci_low", "ci_high", "se"):
        close(f[col].tolist(), [r[f"{col}.{p}"] for p in ("0.25", "0.5")])
    with pytest.raises(wps.errors.EstimationError, match="replicate design"):
        S.quantile(dclus1, "api00", 0.5, interval="quantile")
