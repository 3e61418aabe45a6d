"""Pre/post comparisons of the same people (training evaluations): paired t, Wilcoxon, McNemar.

Each test comes with an effect size and its confidence interval, as evaluation reports need:

- ``"t"``: Cohen's d_z = mean(diff) / sd(diff), interval by inverting the noncentral t
  (Steiger & Fouladi 1997; R ``MBESS::ci.sm`` on the differences);
- ``"wilcoxon"``: matched-pairs rank-biserial correlation r = (W+ - W-) / (W+ + W-)
  (Kerby 2014), interval on Fisher's z with R ``effectsize::rank_biserial``'s standard error
  ``sqrt((2n^3 + 3n^2 + n) / 6) / (n (n + 1) / 2)``;
- ``"mcnemar"``: odds ratio of the discordant pairs b / c (post 1 & pre 0 over pre 1 &
  post 0), exact conditional interval from the Clopper-Pearson interval of b / (b + c).

The tests themselves are scipy's and statsmodels' (``ttest_rel``, ``wilcoxon``,
``mcnemar``), so the statistics and p-values are theirs.  These are tests for the people
who sat the training, not design-based survey estimates (no weights).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize

from wpsresearch.stats.distributions import scipy_stats as stats

from wpsresearch.errors import EstimationError

__all__ = ["paired_test", "PairedTestResult"]

KINDS = ("t", "wilcoxon", "mcnemar")


@dataclass(frozen=True)
class PairedTestResult:
    """A paired test with its effect size.

    Attributes
    ----------
    kind, method : str
    statistic, pvalue : float
        t (``post - pre``), Wilcoxon V = W+ of ``post - pre`` (as R prints it), McNemar
        chi-square (or the smaller discordant count when ``exact``), and their p-values
        (scipy / statsmodels).
    effect_name : str
        ``"cohen_dz"``, ``"rank_biserial"`` or ``"odds_ratio"``.
    effect, ci_low, ci_high : float
        Effect size and its interval at ``conf_level``.
    n : int
        Complete pairs used (Wilcoxon: including zero differences, which it drops).
    n_missing : int
        Pairs dropped because pre or post is missing.
    details : dict
        Test-specific numbers (mean difference and its interval; W+ and W-; b and c).
    """

    kind: str
    method: str
    statistic: float
    pvalue: float
    effect_name: str
    effect: float
    ci_low: float
    ci_high: float
    n: int
    n_missing: int
    conf_level: float = 0.95
    details: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """One row: ``method, statistic, pvalue, effect, effect_name, ci_low, ci_high, n``."""
        row = {"method": self.method, "statistic": self.statistic, "pvalue": self.pvalue,
               "effect_name": self.effect_name, "effect": self.effect, "ci_low": self.ci_low,
               "ci_high": self.ci_high, "n": self.n, "n_missing": self.n_missing}
        return pd.DataFrame([row])

    def summary(self) -> str:
        return (f"{self.method}: statistic = {self.statistic:.4g}, p = {self.pvalue:.4g}; "
                f"{self.effect_name} = {self.effect:.3f} ({self.conf_level:.0%} CI "
                f"{self.ci_low:.3f} to {self.ci_high:.3f}); n = {self.n} pairs"
                + (f" ({self.n_missing} incomplete pairs dropped)" if self.n_missing else ""))

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.summary())}</p>"


def _pairs(pre, post):
    a = pd.to_numeric(pd.Series(np.asarray(pre, dtype=object)), errors="coerce")
    b = pd.to_numeric(pd.Series(np.asarray(post, dtype=object)), errors="coerce")
    if len(a) != len(b):
        raise EstimationError(f"pre and post must have the same length ({len(a)} vs {len(b)})",
                              hint="one row per person, pre and post side by side")
    keep = a.notna().to_numpy() & b.notna().to_numpy()
    return (a[keep].to_numpy(dtype=float), b[keep].to_numpy(dtype=float),
            int((~keep).sum()))


def _dz_interval(t, n, level):
    """Noncentral-t limits for d_z: ncp with P(T <= t | ncp) = 1 - a/2 and a/2, over sqrt(n)."""
    df = n - 1
    tail = (1 - level) / 2

    def limit(p):
        f = lambda ncp: stats.nct.cdf(t, df, ncp) - p  # noqa: E731
        lo, hi = t - 10, t + 10
        while f(lo) < 0:
            lo -= 10
        while f(hi) > 0:
            hi += 10
        return optimize.brentq(f, lo, hi, xtol=1e-12)

    return limit(1 - tail) / np.sqrt(n), limit(tail) / np.sqrt(n)


def _t(pre, post, level):
    diff = post - pre
    n = diff.shape[0]
    if n < 2 or np.std(diff) == 0:
        raise EstimationError("a paired t test needs at least 2 pairs whose differences vary")
    res = stats.ttest_rel(post, pre)
    dz = float(diff.mean() / diff.std(ddof=1))
    lo, hi = _dz_interval(float(res.statistic), n, level)
    q = stats.t.ppf(1 - (1 - level) / 2, n - 1)
    half = q * diff.std(ddof=1) / np.sqrt(n)
    details = {"mean_difference": float(diff.mean()), "md_ci_low": float(diff.mean() - half),
               "md_ci_high": float(diff.mean() + half), "df": n - 1}
    return ("Paired t test", float(res.statistic), float(res.pvalue), "cohen_dz", dz, lo, hi,
            n, details)


def _wilcoxon(pre, post, level):
    diff = post - pre
    nz = diff[diff != 0]
    m = nz.shape[0]
    if m < 2:
        raise EstimationError("the Wilcoxon test needs at least 2 pairs with a difference")
    ranks = stats.rankdata(np.abs(nz))
    # R wilcox.test: exact only below 50 pairs without ties or zeros, otherwise the normal
    # approximation with tie and continuity corrections (scipy's "auto" differs)
    exact = m < 50 and len(np.unique(ranks)) == m and m == diff.shape[0]
    res = stats.wilcoxon(post, pre, method="exact" if exact else "approx", correction=True)
    w_plus, w_minus = float(ranks[nz > 0].sum()), float(ranks[nz < 0].sum())
    r = (w_plus - w_minus) / (w_plus + w_minus)
    se = np.sqrt((2 * m**3 + 3 * m**2 + m) / 6) / (m * (m + 1) / 2)
    z = stats.norm.ppf(1 - (1 - level) / 2)
    with np.errstate(divide="ignore"):
        centre = np.arctanh(np.clip(r, -1, 1))
    lo, hi = np.tanh(centre - z * se), np.tanh(centre + z * se)
    details = {"w_plus": w_plus, "w_minus": w_minus, "n_nonzero": m}
    return ("Wilcoxon signed-rank test", w_plus, float(res.pvalue),
            "rank_biserial", float(r), float(lo), float(hi), diff.shape[0], details)


def _mcnemar(pre, post, level, exact):
    from statsmodels.stats.contingency_tables import mcnemar

    values = np.concatenate([pre, post])
    if not np.all(np.isin(values, [0, 1])):
        raise EstimationError("McNemar's test needs 0/1 (no/yes, wrong/right) answers")
    b = int(np.sum((pre == 0) & (post == 1)))
    c = int(np.sum((pre == 1) & (post == 0)))
    table = np.array([[np.sum((pre == 0) & (post == 0)), b],
                      [c, np.sum((pre == 1) & (post == 1))]])
    if b + c == 0:
        raise EstimationError("no discordant pairs: McNemar's test and its odds ratio are undefined")
    res = mcnemar(table, exact=exact, correction=True)
    tail = (1 - level) / 2
    p_lo = stats.beta.ppf(tail, b, c + 1) if b > 0 else 0.0
    p_hi = stats.beta.ppf(1 - tail, b + 1, c) if c > 0 else 1.0
    with np.errstate(divide="ignore"):
        ratio = b / c if c else np.inf
        lo, hi = p_lo / (1 - p_lo), (p_hi / (1 - p_hi) if p_hi < 1 else np.inf)
    method = "McNemar test (exact binomial)" if exact else "McNemar test (continuity corrected)"
    return (method, float(res.statistic), float(res.pvalue), "odds_ratio", float(ratio),
            float(lo), float(hi), pre.shape[0], {"b": b, "c": c})


def paired_test(pre, post, kind: str = "t", *, level: float = 0.95,
                exact: bool = False) -> PairedTestResult:
    """Compare pre- and post-training scores of the same people, with an effect size.

    Parameters
    ----------
    pre, post : array-like or pandas.Series
        One value per person, aligned; a pair with either value missing is dropped
        (counted in ``n_missing``).
    kind : {"t", "wilcoxon", "mcnemar"}
        Paired t test (scores), Wilcoxon signed-rank (ordinal scores), McNemar (0/1 items).
    level : float
        Confidence level of the effect-size interval.
    exact : bool
        McNemar only: exact binomial test instead of the continuity-corrected chi-square
        (R ``mcnemar.test``'s default).

    Returns
    -------
    PairedTestResult

    Notes
    -----
    R equivalents: ``t.test(post, pre, paired=TRUE)``, ``wilcox.test(post, pre,
    paired=TRUE)`` (same exact/normal-approximation rule and continuity correction),
    ``mcnemar.test`` (continuity corrected).

    Examples
    --------
    >>> from wpsresearch.stats import paired_test
    >>> res = paired_test([10, 12, 9, 14, 11], [13, 14, 10, 17, 15], kind="t")
    >>> round(res.statistic, 4), round(res.effect, 4)
    (5.099, 2.2804)
    """
    if kind not in KINDS:
        raise EstimationError(f"kind must be one of {KINDS}, not {kind!r}")
    if not 0 < level < 1:
        raise EstimationError(f"level must be between 0 and 1, not {level!r}")
    a, b, n_missing = _pairs(pre, post)
    if kind == "t":
        out = _t(a, b, level)
    elif kind == "wilcoxon":
        out = _wilcoxon(a, b, level)
    else:
        out = _mcnemar(a, b, level, exact)
    method, stat, p, name, eff, lo, hi, n, details = out
    return PairedTestResult(kind, method, stat, p, name, eff, float(lo), float(hi), int(n),
                            n_missing, level, details)
