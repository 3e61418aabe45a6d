"""Design-based variance of a variable and t tests of means (R ``svyvar``, ``svyttest``)."""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import pandas as pd
from wpsresearch.stats.distributions import scipy_stats as stats

from wpsresearch.errors import EstimationError
from wpsresearch.stats.covariance import Covariance
from wpsresearch.stats.domains import domains_of, ratio_by_domain
from wpsresearch.stats.means import (
    _check_na, _finish, _no_empty, base_frame, count_missing, domain_df, mean,
    numeric_column,
)

__all__ = ["variance", "ttest", "TTestResult"]


def variance(design, var, by=None, *, na_rm=True, df=None, level=0.95):
    """Design-based population variance of a numeric variable, R ``svyvar``.

    ``sum(w (x - xbar)^2) / sum(w) * n / (n - 1)`` with ``n`` the rows of the design (of
    each ``by`` group); its standard error is R's: that of the mean of
    ``(x - xbar)^2 n / (n - 1)`` with ``xbar`` held fixed.

    Parameters
    ----------
    design : SurveyDesign
    var : str
    by, na_rm, df, level : as :func:`mean`

    Returns
    -------
    Estimate
        ``kind="var"``.

    Notes
    -----
    R equivalent: ``svyvar(~var, design, na.rm=TRUE)``; with ``by``,
    ``svyby(~var, ~by, design, svyvar)``.

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> d = wps.stats.SurveyDesign(pd.DataFrame({"y": [1.0, 2, 3, 6]}))
    >>> wps.stats.variance(d, "y").estimate  # R: svyvar(~y, svydesign(ids=~1, data=...))
    4.666666666666667
    """
    if not isinstance(var, str):
        raise EstimationError(f"variance() takes one variable name, not {var!r}")
    domains = domains_of(design, by)
    values = numeric_column(design, var)
    miss = _check_na(values, var, na_rm)
    valid = design._domain & ~miss
    x = values.fillna(0.0).to_numpy()[:, None]
    centre = ratio_by_domain(design, x, None, valid, domains, kind="mean")
    _no_empty(centre["n"], domains, var)
    inside = domains.codes >= 0
    # R: n = sum(weights(design) != 0), counted before na.rm drops the missing answers
    n_rows = np.bincount(domains.codes[inside & design._domain & (design._weights > 0)],
                         minlength=domains.count).astype(float)
    g = np.where(inside, domains.codes, 0)
    if design._replicates is not None:
        res = _replicate_variance_of(design, x[:, 0], valid, domains, centre)
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            z = (x[:, 0] - centre["estimate"][g, 0]) ** 2 * (n_rows / (n_rows - 1))[g]
        res = ratio_by_domain(design, np.where(valid, z, 0.0)[:, None], None, valid, domains,
                              kind="mean")
    frame = base_frame(domains, var, res["n"], count_missing(design, domains, miss))
    frame["estimate"] = res["estimate"][:, 0]
    frame["se"] = np.sqrt(res["var"][:, 0])
    frame["deff"] = np.nan
    return _finish("var", [frame], domains.by, domain_df(design, domains, df), level,
                   design.policy, covariance=Covariance(design, (res,)),
                   scalar=not domains.by)


def _replicate_variance_of(design, x, valid, domains, centre):
    """R ``svyvar.svyrep.design``: every replicate recomputes its own mean and variance.

    ``n`` is the number of rows R's design holds (a subset and ``na.rm`` drop rows); the
    variance is ``n/(n-1) sum(w (x - xbar_w)^2) / sum(w)`` for the full-sample and each
    replicate's weights, its variance the replicate variance of those.
    """
    from wpsresearch.stats.domains import _Entering, _replicate_estimates
    from wpsresearch.stats.replicates import replicate_variance

    G = domains.count
    rows = np.flatnonzero(valid & (domains.codes >= 0))
    g = domains.codes[rows]
    n = np.bincount(g, minlength=G).astype(float)
    # centred on the full-sample mean first: the variance does not move, rounding does
    xc = x[rows] - centre["estimate"][g, 0]
    w = design._weights[rows]
    s0 = np.bincount(g, w, minlength=G)
    s1 = np.bincount(g, w * xc, minlength=G)
    s2 = np.bincount(g, w * xc * xc, minlength=G)
    with np.errstate(invalid="ignore", divide="ignore"):
        factor = n / (n - 1)
        est = factor * (s2 / s0 - (s1 / s0) ** 2)
        moments = np.column_stack([xc, xc * xc])
        reps = _replicate_estimates(design, _Entering(rows, g, G), moments,
                                    np.ones_like(moments), True)
        m1, m2 = reps[0::2], reps[1::2]
        theta_r = factor[:, None] * (m2 - m1**2)
    var = replicate_variance(design._replicates, est, theta_r)
    var[n == 0] = np.nan
    return {"estimate": est[:, None], "var": var[:, None], "n": n.astype(int),
            "replicates": theta_r}


@dataclass(frozen=True)
class TTestResult:
    """A design-based t test: ``estimate`` (mean - mu, or difference of two group means)."""

    method: str
    estimate: float
    se: float
    statistic: float
    df: float
    pvalue: float
    ci_low: float
    ci_high: float
    conf_level: float = 0.95

    def to_frame(self) -> pd.DataFrame:
        """One row: ``method, estimate, se, statistic, df, pvalue, ci_low, ci_high``."""
        return pd.DataFrame([{k: getattr(self, k) for k in
                              ("method", "estimate", "se", "statistic", "df", "pvalue",
                               "ci_low", "ci_high")}])

    def summary(self) -> str:
        return (f"{self.method}: t = {self.statistic:.4g}, df = {self.df:g}, "
                f"p-value = {self.pvalue:.4g}; estimate {self.estimate:.4g} "
                f"({self.conf_level:.0%} CI {self.ci_low:.4g} to {self.ci_high:.4g})")

    def _repr_html_(self):
        return f"<p>{html.escape(self.summary())}</p>"


def ttest(design, var, group=None, *, mu=0.0, na_rm=True, level=0.95) -> TTestResult:
    """Design-based t test of a mean (one sample) or of two group means, R ``svyttest``.

    Parameters
    ----------
    design : SurveyDesign
    var : str
        Numeric variable.
    group : str, optional
        A column with exactly two values: the test of ``mean(second) - mean(first)`` (levels
        in R factor order).  Without it: ``mean(var) - mu``.
    mu : float
        Null value of the one-sample test.
    level : float
        Confidence level of the interval of ``estimate``.

    Returns
    -------
    TTestResult

    Notes
    -----
    R equivalents: ``svyttest(I(var - mu) ~ 0, design)`` (t on ``degf(design) - 1`` degrees
    of freedom, as R) and ``svyttest(var ~ group, design)`` (the ``svyglm`` slope, t on its
    residual df ``degf - 1``; the slope of a binary group is the difference of the two
    domain means, with the same linearised variance).

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> df = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3, 4, 4], "y": [3.0, 5, 4, 8, 2, 6, 5, 9],
    ...                    "sex": list("fmfmfmfm")})
    >>> res = wps.stats.ttest(wps.stats.SurveyDesign(df, ids="psu"), "y", "sex")
    >>> round(res.estimate, 3), res.df
    (3.5, 2.0)
    """
    if group is None:
        est = mean(design, var, na_rm=na_rm)
        value, se = est.estimate - float(mu), est.se
        dof = float(design.df - 1)
        method = "Design-based one-sample t-test"
    else:
        from wpsresearch.stats.contrasts import contrast

        keep = design.column(group).notna().to_numpy() & \
            numeric_column(design, var).notna().to_numpy()
        est = mean(design, var, by=group, na_rm=na_rm)
        if len(est.frame) != 2:
            raise EstimationError(f"group must have exactly two values, '{group}' has "
                                  f"{len(est.frame)}", column=group)
        diff = contrast(est, [-1, 1])
        value, se = diff.estimate, diff.se
        # R: svyglm drops rows with a missing value, then df.residual = degf + 1 - 2
        dof = float(design.degf(design._domain & keep) - 1)
        method = "Design-based t-test"
    t = value / se
    q = stats.t.ppf(1 - (1 - level) / 2, dof)
    return TTestResult(method, float(value), float(se), float(t), dof,
                       float(2 * stats.t.sf(abs(t), dof)), float(value - q * se),
                       float(value + q * se), level)
