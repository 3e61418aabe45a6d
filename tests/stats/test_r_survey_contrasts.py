"""Covariances of estimates and contrasts with their SE, against R ``vcov(svyby(...,
covmat=TRUE))`` and ``svycontrast`` (tests/data/r_reference/make_reference_estimators.R)."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import wpsresearch as wps

S = wps.stats
REL = 1e-8


def close(ours, r, rel=REL):
    assert np.asarray(ours, dtype=float) == pytest.approx(np.asarray(r, dtype=float), rel=rel)


def _v(rref, case):
    values = [v for k, v in rref(case).items() if k.startswith("v")]
    k = int(round(len(values) ** 0.5))
    return np.array(values).reshape(k, k, order="F")


@pytest.fixture(scope="module")
def dclus1(rdata):
    return S.SurveyDesign(rdata("apiclus1"), ids="dnum", weights="pw", fpc="fpc")


def test_vcov_of_domain_means_matches_svyby_covmat(rref, rdata, dclus1):
    close(S.mean(dclus1, "api00", by="stype").vcov().to_numpy(), _v(rref, "vcov_by_clus1"))
    close(S.total(dclus1, "api00", by="stype").vcov().to_numpy(), _v(rref, "vcov_total_by"))
    dclus2 = S.SurveyDesign(rdata("apiclus2"), ids=["dnum", "snum"], fpc=["fpc1", "fpc2"])
    close(S.mean(dclus2, "api00", by="stype").vcov().to_numpy(), _v(rref, "vcov_by_clus2"))
    jk = dclus1.replicate("JK1")
    close(S.mean(jk, "api00", by="stype").vcov().to_numpy(), _v(rref, "vcov_by_jk1"))
    close(S.mean(dclus1, ["api00", "api99"]).vcov().to_numpy(), _v(rref, "vcov_two_vars"))


def test_contrasts_of_domain_means_and_proportions(rref, rdata, dclus1):
    est = S.mean(dclus1, "api00", by="stype")
    diff = S.contrast(est, {"E": 1, "H": -1})
    close([diff.estimate, diff.se], list(rref("contrast_E_H").values()))
    lo, hi = diff.conf_int()
    q = (hi - lo) / (2 * diff.se)
    assert q == pytest.approx(float(__import__("scipy").stats.t.ppf(0.975, dclus1.df)))
    two = S.contrast(est, {"E - H": {"E": 1, "H": -1}, "E - M": {"E": 1, "M": -1}})
    r = rref("contrast_two")
    close(two.estimate.to_numpy(), [r["estimate1"], r["estimate2"]])
    close(two.vcov().to_numpy(), _v(rref, "contrast_two"))
    strat = rdata("apistrat").assign(yes=lambda f: (f["sch.wide"] == "Yes").astype(int))
    ds = S.SurveyDesign(strat, strata="stype", weights="pw", fpc="fpc")
    p = S.proportion(ds, "yes", by="yr.rnd")
    r = rref("contrast_prop_strat")
    close(p.vcov().to_numpy(), _v(rref, "contrast_prop_strat"))
    diff = S.contrast(p, {"Yes": 1, "No": -1})
    close([diff.estimate, diff.se], [r["estimate"], r["se"]])
    same = S.contrast(p, [-1, 1])  # coefficients in row order
    close([same.estimate, same.se], [r["estimate"], r["se"]])


def test_contrast_keys_must_name_one_row(dclus1):
    est = S.proportion(dclus1, "stype", by="sch.wide")
    with pytest.raises(wps.errors.EstimationError, match="matches 3 estimates"):
        S.contrast(est, {"Yes": 1, "No": -1})
    d = S.contrast(est, {("Yes", "E"): 1, ("No", "E"): -1})
    assert d.n == min(est.frame["n"])


def test_results_pickle_and_keep_their_intervals(dclus1):
    for est in (S.mean(dclus1, "api00", by="stype"), S.proportion(dclus1, "sch.wide"),
                S.quantile(dclus1, "api00", 0.5), S.ratio(dclus1, "api.stu", "enroll"),
                S.contrast(S.mean(dclus1, "api00", by="stype"), {"E": 1, "H": -1})):
        back = pickle.loads(pickle.dumps(est))
        assert back.conf_int(level=0.9) == pytest.approx(est.conf_int(alpha=0.1)) \
            if est.scalar else back.conf_int(level=0.9).equals(est.conf_int(alpha=0.1))


def test_the_type_of_estimate_follows_the_call_not_the_data(dclus1, rdata):
    c1 = rdata("apiclus1")
    one_group = dclus1.subset(c1["stype"] == "H")
    by = S.mean(one_group, "api00", by="stype")  # one group present: still a Series
    assert len(by.frame) == 1 and not by.scalar
    assert list(by.estimate.index) == ["H"]
    assert isinstance(S.mean(dclus1, "api00").estimate, float)
    assert isinstance(S.mean(dclus1, "api00").to_series(), type(by.estimate))
    assert isinstance(S.quantile(dclus1, "api00", [0.5]).estimate, type(by.estimate))
    with pytest.raises(TypeError):
        S.proportion(dclus1, "sch.wide", None, "beta")  # ci and level are keyword-only
