"""Post-stratification, raking and calibration (R ``postStratify``, ``rake``, ``calibrate``).

Published anchors: the ``gclus1_*`` and ``dclus1p_*`` rows of test_r_reference.py.  Here:
the defining properties (calibrated totals hit the population exactly, with zero standard
error, as R prints ``svytotal(~stype, dclus1p)``), equivalences between the methods, and
errors.
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
STYPE = {"E": 4421, "H": 755, "M": 1018}  # xtabs(~stype, apipop)


@pytest.fixture(scope="module")
def c1():
    return pd.read_csv(DATA / "apiclus1.csv")


@pytest.fixture(scope="module")
def dclus1(c1):
    return wps.stats.SurveyDesign(c1, ids="dnum", weights="pw", fpc="fpc")


def test_poststratified_counts_are_the_population_with_zero_se(dclus1):
    ps = dclus1.poststratify("stype", STYPE)
    f = wps.stats.total(ps, "stype").to_frame().set_index("level")
    assert np.allclose(f["estimate"], [STYPE[k] for k in f.index], rtol=1e-12)
    assert np.all(f["se"] < 1e-6)
    assert "poststratified" in repr(ps)


def test_calibrated_totals_hit_the_population(dclus1):
    cal = dclus1.calibrate("~ api99", {"(Intercept)": 6194, "api99": 3914069})
    assert wps.stats.total(cal, "api99").estimate == pytest.approx(3914069, rel=1e-10)
    assert wps.stats.total(cal, "api99").se < 1e-4
    assert cal.row_weights.sum() == pytest.approx(6194, rel=1e-12)


def test_poststratify_equals_calibration_on_dummies_when_weights_are_equal(dclus1):
    # apiclus1 has one weight for all schools, so R's unweighted post-stratum means of the
    # scores (postStratify) and GREG's weighted ones (calibrate) coincide
    ps = dclus1.poststratify("stype", STYPE)
    cal = dclus1.calibrate(["stype"], {"(Intercept)": 6194, "stypeH": 755, "stypeM": 1018})
    assert np.allclose(ps.row_weights, cal.row_weights, rtol=1e-10)
    for var in ("api00", "enroll"):
        a, b = wps.stats.mean(ps, var), wps.stats.mean(cal, var)
        assert a.se == pytest.approx(b.se, rel=1e-8)


def test_rake_with_one_margin_is_poststratification(dclus1):
    r = dclus1.rake({"stype": STYPE})
    ps = dclus1.poststratify("stype", STYPE)
    assert np.allclose(r.row_weights, ps.row_weights, rtol=1e-8)
    assert wps.stats.mean(r, "api00").se == pytest.approx(wps.stats.mean(ps, "api00").se,
                                                          rel=1e-6)


def test_rake_meets_every_margin(dclus1, c1):
    margins = {"stype": STYPE, "sch.wide": {"No": 1200, "Yes": 4994}}
    r = dclus1.rake(margins)
    for col, pop in margins.items():
        f = wps.stats.total(r, col).to_frame().set_index("level")
        assert np.allclose(f["estimate"], [pop[k] for k in f.index], rtol=1e-6)
    assert np.all(r.row_weights > 0)


def test_bounded_linear_calibration_respects_the_bounds(dclus1):
    pop = {"(Intercept)": 6194, "api99": 3914069}
    cal = dclus1.calibrate(["api99"], pop, bounds=(0.5, 1.5))  # unbounded g: 0.52 to 1.56
    g = cal.row_weights / dclus1.row_weights
    assert g.min() >= 0.5 - 1e-12 and g.max() <= 1.5 + 1e-12
    assert g.max() == pytest.approx(1.5)  # the bound binds
    assert wps.stats.total(cal, "api99").estimate == pytest.approx(3914069, rel=1e-6)
    with pytest.raises(wps.errors.EstimationError, match="did not converge"):
        dclus1.calibrate(["api99"], pop, bounds=(0.999, 1.001))


def test_estimators_and_glm_run_on_adjusted_designs(dclus1, c1):
    cal = dclus1.calibrate(["api99"], {"(Intercept)": 6194, "api99": 3914069})
    by = wps.stats.mean(cal, "api00", by="stype").to_frame()
    assert np.all(np.isfinite(by["se"]))
    sub = wps.stats.mean(cal.subset(c1["stype"] == "H"), "api00")
    assert sub.se == pytest.approx(by.set_index("stype").loc["H", "se"], rel=1e-10)
    assert 0 <= wps.stats.crosstab(cal, "sch.wide", "stype").test("F").pvalue <= 1
    assert 0 <= wps.stats.crosstab(cal, "sch.wide", "stype").test("adjWald").pvalue <= 1
    fit = wps.stats.glm(cal, "api00 ~ ell + meals")
    assert np.all(fit.bse > 0)


def test_replicate_designs_are_adjusted_replicate_by_replicate(dclus1):
    """R on a svyrep.design: each replicate is post-stratified / calibrated itself."""
    rep = dclus1.replicate("JK1")
    ps, ps_taylor = rep.poststratify("stype", STYPE), dclus1.poststratify("stype", STYPE)
    assert np.all(wps.stats.total(ps, "stype").to_frame()["se"] < 1e-6)
    assert wps.stats.mean(ps, "api00").estimate == pytest.approx(
        wps.stats.mean(ps_taylor, "api00").estimate, rel=1e-12)
    weights = ps.replicate_weights()
    by_stype = weights.groupby(dclus1.data["stype"].to_numpy()).sum()
    assert np.allclose(by_stype.to_numpy(), np.array([[STYPE[k]] for k in by_stype.index]))
    pop = {"(Intercept)": 6194, "api99": 3914069}
    cal = rep.calibrate(["api99"], pop)
    assert wps.stats.total(cal, "api99").se < 1e-4
    assert wps.stats.mean(cal, "api00").estimate == pytest.approx(
        wps.stats.mean(dclus1.calibrate(["api99"], pop), "api00").estimate, rel=1e-10)
    assert cal.df == 14


def test_calibration_errors(dclus1, c1):
    err = wps.errors.EstimationError
    with pytest.raises(err, match="no population total"):
        dclus1.poststratify("stype", {"E": 4421, "H": 755})
    with pytest.raises(err, match="no respondent"):
        dclus1.poststratify("stype", {**STYPE, "X": 3})
    with pytest.raises(err, match="exactly"):
        dclus1.calibrate(["api99"], {"api99": 3914069})
    with pytest.raises(err, match="different population sizes"):
        dclus1.rake({"stype": STYPE, "sch.wide": {"No": 1, "Yes": 2}})
    with pytest.raises(err, match="calfun"):
        dclus1.calibrate(["api99"], [6194, 3914069], calfun="probit")
    with pytest.raises(wps.errors.DesignError, match="then take subset"):
        dclus1.subset(c1["stype"] == "H").poststratify("stype", STYPE)
    with pytest.raises(wps.errors.DesignError, match="calibrated"):
        dclus1.poststratify("stype", STYPE).replicate("JK1")
    gap = c1.assign(api99=c1["api99"].where(c1.index > 0))
    with pytest.raises(err, match="missing"):
        wps.stats.SurveyDesign(gap, ids="dnum", weights="pw").calibrate(["api99"], [1, 2])


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=2, max_value=4))
def test_adjusted_designs_reproduce_their_controls(seed, n_cells):
    """Property: post-stratified and raked weights reproduce the controls exactly."""
    rng = np.random.default_rng(seed)
    n = 60
    cells = [f"c{i}" for i in range(n_cells)]
    df = pd.DataFrame({"psu": rng.integers(0, 12, n), "w": rng.uniform(1, 3, n),
                       "cell": np.array(cells)[np.arange(n) % n_cells],
                       "sex": np.array(["f", "m"])[rng.permutation(np.arange(n) % 2)]})
    d = wps.stats.SurveyDesign(df, ids="psu", weights="w")
    pop = {c: float(rng.integers(50, 500)) for c in cells}
    ps = d.poststratify("cell", pop)
    f = wps.stats.total(ps, "cell").to_frame().set_index("level")
    assert np.allclose(f["estimate"], [pop[c] for c in f.index], rtol=1e-10)
    size = sum(pop.values())
    raked = d.rake({"cell": pop, "sex": {"f": 0.4 * size, "m": 0.6 * size}})
    sexes = wps.stats.total(raked, "sex").to_frame().set_index("level")["estimate"]
    assert np.allclose(sexes.to_numpy(), [0.4 * size, 0.6 * size], rtol=1e-6)
