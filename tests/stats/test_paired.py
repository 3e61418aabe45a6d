"""Pre/post tests for training evaluations, and Cronbach's alpha.

Published worked example: Student's (1908) sleep data as R's ``datasets::sleep``; R prints
for ``t.test(extra ~ group, data = sleep, paired = TRUE)``: t = -4.0621, df = 9,
p-value = 0.002833, 95% CI -2.4598858 to -0.7001142, mean difference -1.58; and for
``wilcox.test(..., paired = TRUE)``: V = 0, p-value = 0.009091 (normal approximation, ties
and zeros present).  Statistics and p-values are also checked against scipy / statsmodels /
closed forms to 1e-10; effect-size intervals against the equations that define them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import wpsresearch as wps

SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def test_paired_t_reproduces_r_on_the_sleep_data():
    # R's difference is group 1 - group 2, i.e. post = group 1 here
    res_r = wps.stats.paired_test(SLEEP_2, SLEEP_1, kind="t")
    res = wps.stats.paired_test(SLEEP_1, SLEEP_2, kind="t")
    assert res_r.statistic == pytest.approx(-4.0621, abs=0.00005)
    assert res.pvalue == pytest.approx(0.002833, abs=0.0000005)
    assert res_r.details["mean_difference"] == pytest.approx(-1.58, abs=1e-12)
    assert res_r.details["md_ci_low"] == pytest.approx(-2.4598858, abs=5e-8)
    assert res_r.details["md_ci_high"] == pytest.approx(-0.7001142, abs=5e-8)
    ref = stats.ttest_rel(SLEEP_1, SLEEP_2)
    assert abs(res_r.statistic - ref.statistic) < 1e-10 and abs(res.pvalue - ref.pvalue) < 1e-10


def test_cohen_dz_and_its_noncentral_t_interval():
    res = wps.stats.paired_test(SLEEP_1, SLEEP_2, kind="t")
    diff = np.subtract(SLEEP_2, SLEEP_1)
    n = len(diff)
    assert res.effect == pytest.approx(diff.mean() / diff.std(ddof=1), abs=1e-12)
    assert res.effect == pytest.approx(res.statistic / np.sqrt(n), abs=1e-12)
    # the limits are the noncentrality parameters putting t_obs at the 97.5th / 2.5th centile
    assert stats.nct.cdf(res.statistic, n - 1, res.ci_low * np.sqrt(n)) == pytest.approx(0.975, abs=1e-10)
    assert stats.nct.cdf(res.statistic, n - 1, res.ci_high * np.sqrt(n)) == pytest.approx(0.025, abs=1e-10)


def test_wilcoxon_reproduces_r_and_the_rank_biserial_correlation():
    res = wps.stats.paired_test(SLEEP_1, SLEEP_2, kind="wilcoxon")
    r_side = wps.stats.paired_test(SLEEP_2, SLEEP_1, kind="wilcoxon")  # R: group 1 - group 2
    assert r_side.statistic == 0  # R: V = 0
    assert res.pvalue == pytest.approx(0.009091, abs=0.0000005)
    ref = stats.wilcoxon(SLEEP_2, SLEEP_1, method="approx", correction=True)
    assert abs(res.pvalue - ref.pvalue) < 1e-10
    assert res.effect == 1.0 and r_side.effect == -1.0  # every non-zero difference is positive
    assert res.details["n_nonzero"] == 9 and res.n == 10


def test_rank_biserial_interval_uses_the_effectsize_standard_error():
    pre = np.array([3, 5, 2, 4, 4, 6, 1, 3, 5, 2, 4, 3])
    post = np.array([4, 6, 4, 3, 6, 7, 3, 3, 7, 5, 4, 6])
    res = wps.stats.paired_test(pre, post, kind="wilcoxon")
    d = (post - pre)[post != pre]
    ranks = stats.rankdata(np.abs(d))
    r = (ranks[d > 0].sum() - ranks[d < 0].sum()) / ranks.sum()  # Kerby (2014)
    assert res.effect == pytest.approx(r, abs=1e-12)
    m = len(d)
    se = np.sqrt((2 * m**3 + 3 * m**2 + m) / 6) / (m * (m + 1) / 2)
    z = stats.norm.ppf(0.975)
    assert res.ci_low == pytest.approx(np.tanh(np.arctanh(r) - z * se), abs=1e-12)
    assert res.ci_high == pytest.approx(np.tanh(np.arctanh(r) + z * se), abs=1e-12)


def test_mcnemar_matches_closed_forms_and_statsmodels():
    from statsmodels.stats.contingency_tables import mcnemar

    rng = np.random.default_rng(4)
    pre = rng.integers(0, 2, 80)
    post = np.where(rng.random(80) < 0.3, 1 - pre, pre)
    post[:10] = 1
    res = wps.stats.paired_test(pre, post, kind="mcnemar")
    b = int(((pre == 0) & (post == 1)).sum())
    c = int(((pre == 1) & (post == 0)).sum())
    chi2 = (abs(b - c) - 1) ** 2 / (b + c)  # McNemar (1947) with Edwards' continuity correction
    assert res.statistic == pytest.approx(chi2, abs=1e-10)
    assert res.pvalue == pytest.approx(stats.chi2.sf(chi2, 1), abs=1e-10)
    assert res.effect == pytest.approx(b / c, abs=1e-12)
    ci = stats.binomtest(b, b + c).proportion_ci(0.95, method="exact")
    assert res.ci_low == pytest.approx(ci.low / (1 - ci.low), abs=1e-10)
    assert res.ci_high == pytest.approx(ci.high / (1 - ci.high), abs=1e-10)
    exact = wps.stats.paired_test(pre, post, kind="mcnemar", exact=True)
    assert exact.pvalue == pytest.approx(stats.binomtest(b, b + c).pvalue, abs=1e-10)
    table = pd.crosstab(pre, post).to_numpy()
    assert exact.pvalue == pytest.approx(mcnemar(table, exact=True).pvalue, abs=1e-10)


def test_missing_pairs_are_dropped_and_counted():
    res = wps.stats.paired_test(pd.Series([1.0, 2, None, 4, 5]), [2.0, 3, 4, None, 7])
    assert res.n == 3 and res.n_missing == 2
    assert "2 incomplete pairs dropped" in res.summary()
    assert res.to_frame().loc[0, "n"] == 3
    assert "<p>" in res._repr_html_()


def test_paired_errors():
    err = wps.errors.EstimationError
    with pytest.raises(err, match="same length"):
        wps.stats.paired_test([1, 2, 3], [1, 2])
    with pytest.raises(err, match="kind"):
        wps.stats.paired_test([1, 2], [1, 2], kind="sign")
    with pytest.raises(err, match="0/1"):
        wps.stats.paired_test([1, 2, 3], [2, 3, 1], kind="mcnemar")
    with pytest.raises(err, match="no discordant"):
        wps.stats.paired_test([0, 1, 1], [0, 1, 1], kind="mcnemar")
    with pytest.raises(err, match="differences vary"):
        wps.stats.paired_test([1, 2, 3], [2, 3, 4], kind="t")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10), st.integers(0, 10)), min_size=3, max_size=40))
def test_swapping_pre_and_post_flips_the_effect(pairs):
    pre, post = np.array(pairs, dtype=float).T
    if np.sum(pre != post) < 2:
        return  # the test needs two non-zero differences (an error, tested above)
    a = wps.stats.paired_test(pre, post, kind="wilcoxon")
    b = wps.stats.paired_test(post, pre, kind="wilcoxon")
    assert a.effect == pytest.approx(-b.effect, abs=1e-12)
    assert a.pvalue == pytest.approx(b.pvalue, abs=1e-12)
    assert -1 <= a.effect <= 1


def test_cronbach_alpha_hand_worked_example_and_sgbv_uses_it():
    # calkulon.com worked example: variances 5/3, 11/12, 5/3; total 12.25 -> 0.979591836...
    items = pd.DataFrame({"a": [4, 3, 5, 2], "b": [5, 4, 5, 3], "c": [4, 3, 5, 2]})
    res = wps.stats.cronbach_alpha(items)
    assert res.alpha == pytest.approx(1.5 * (1 - 4.25 / 12.25), abs=1e-12)
    assert wps.sgbv.cronbach_alpha is wps.stats.cronbach_alpha


def test_cronbach_alpha_is_hoyts_anova_reliability():
    """Hoyt (1941): alpha = 1 - MS_residual / MS_persons from the persons x items ANOVA."""
    import statsmodels.formula.api as smf
    from statsmodels.stats.anova import anova_lm

    rng = np.random.default_rng(9)
    latent = rng.normal(size=40)
    items = pd.DataFrame({f"i{j}": np.round(latent + rng.normal(size=40) + j, 0)
                          for j in range(5)})
    long = items.reset_index().melt(id_vars="index", var_name="item", value_name="score")
    table = anova_lm(smf.ols("score ~ C(index) + C(item)", data=long).fit())
    ms = table["sum_sq"] / table["df"]
    hoyt = 1 - ms["Residual"] / ms["C(index)"]
    assert wps.stats.cronbach_alpha(items).alpha == pytest.approx(hoyt, abs=1e-10)
