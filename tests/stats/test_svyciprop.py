"""svyciprop intervals against the R-derived values in the `svy` project's test suite.

Source: samplics-org/svy, packages/svy/tests/svy/estimation/test_proportions.py (commit
1785b2748353e3bece06072c35d8ad2a882ead84): R survey 4.4-2 ``svyciprop(method="beta")`` and
``svyciprop(method="logit")`` on a 922-row synthetic sample; each case gives the proportion,
its standard error, the number of rows and ``degf(design)``.  Only the R values are used here
(the Stata/NCHS Korn-Graubard truncation cases are not R's rule).
"""

from __future__ import annotations

import pytest

from wpsresearch.stats.intervals import proportion_interval

TOL = 1e-7

# (case, p, se, n, df, lower, upper)
BETA = [
    ("srs", 0.507348258357226, 0.0192309892530454, 922, 921, 0.468954757876348, 0.545677337133621),
    ("stratified", 0.507348258357226, 0.0192537392244595, 922, 918, 0.468908426601806,
     0.545723513770539),
    ("clustered", 0.507348258357226, 0.0164967611954173, 922, 59, 0.47383814353398,
     0.540809220838568),
    ("strat_clus", 0.507348258357226, 0.0167712595840644, 922, 56, 0.473233376535445,
     0.541412207644769),
    ("subset_high_school", 0.471999767708621, 0.0348828290040279, 276, 56, 0.400786658613709,
     0.544064683764286),
    ("subset_postgraduate", 0.501335861736522, 0.0438888962101757, 167, 52, 0.410824184861583,
     0.5917831333426),
]
LOGIT = [
    ("srs", 0.507348258357226, 0.0192309892530454, 922, 921, 0.469636396975924, 0.544976682060238),
    ("strat_clus", 0.507348258357226, 0.0167712595840644, 922, 56, 0.473768764613996,
     0.54086158229386),
    ("subset_high_school", 0.471999767708817, 0.0348828290040279, 276, 56, 0.403112644241021,
     0.541969987343409),
    ("subset_postgraduate", 0.501335861736521, 0.0438888962101757, 167, 52, 0.41412536084128,
     0.588465156732825),
]


@pytest.mark.parametrize("case,p,se,n,df,lo,hi", BETA, ids=[f"svyciprop(method='beta')-{c[0]}" for c in BETA])
def test_beta_matches_r(case, p, se, n, df, lo, hi):
    low, high = proportion_interval(p, se, 0.05, df, n, "beta")
    assert low[0] == pytest.approx(lo, abs=TOL)
    assert high[0] == pytest.approx(hi, abs=TOL)


@pytest.mark.parametrize("case,p,se,n,df,lo,hi", LOGIT, ids=[f"svyciprop(method='logit')-{c[0]}" for c in LOGIT])
@pytest.mark.parametrize("method", ["logit", "xlogit"])
def test_logit_matches_r(case, p, se, n, df, lo, hi, method):
    low, high = proportion_interval(p, se, 0.05, df, n, method)
    assert low[0] == pytest.approx(lo, abs=TOL)
    assert high[0] == pytest.approx(hi, abs=TOL)


def test_effective_sample_size_of_strat_clus_case():
    """svy's cross-check against R and Stata: n_eff (df-adjusted) = 852.88 for case D.

    The Korn-Graubard interval on n_eff trials is Clopper-Pearson on x = n_eff p successes,
    so the beta interval must equal scipy's beta quantiles at that n_eff.
    """
    from scipy import stats

    p, se, n, df = 0.507348258357226, 0.0167712595840644, 922, 56
    n_eff = p * (1 - p) / se**2 * (stats.t.ppf(0.025, n - 1) / stats.t.ppf(0.025, df)) ** 2
    assert n_eff == pytest.approx(852.88, abs=0.5)
    low, _ = proportion_interval(p, se, 0.05, df, n, "beta")
    assert low[0] == pytest.approx(stats.beta.ppf(0.025, n_eff * p, n_eff * (1 - p) + 1))
