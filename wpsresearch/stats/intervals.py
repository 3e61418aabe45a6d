"""Confidence intervals: t on design degrees of freedom, and R ``svyciprop``'s proportion methods."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from wpsresearch.stats.distributions import norm_ppf, t_ppf
from wpsresearch.stats.distributions import scipy_stats as stats

from wpsresearch.errors import EstimationError

__all__ = ["t_interval", "proportion_interval", "CI_METHODS", "TInterval",
           "ProportionInterval"]

CI_METHODS = ("logit", "likelihood", "beta", "wilson", "mean", "xlogit", "asin")


def _crit(alpha, df):
    df = np.asarray(df, dtype=float)
    return np.where(np.isfinite(df), t_ppf(1 - alpha / 2, np.where(np.isfinite(df), df, 1)),
                    norm_ppf(1 - alpha / 2))


def t_interval(est, se, alpha, df):
    """``est -/+ q * se`` with q from t on ``df`` (normal when ``df`` is inf).

    R: ``confint(svymean(...), df = degf(design))``.
    """
    q = _crit(alpha, df)
    est = np.asarray(est, dtype=float)
    se = np.asarray(se, dtype=float)
    return est - q * se, est + q * se


def proportion_interval(p, se, alpha, df, n, method="logit", *, degf=None, se_logit=None):
    """Interval for a proportion, as R ``svyciprop(method=)``.

    Parameters
    ----------
    p, se : array-like
        Estimated proportion and its design-based standard error.
    alpha : float
    df : float or array-like
        Design degrees of freedom (R ``degf(design)``).
    n : array-like
        Rows of the design the proportion is estimated on (R ``nrow(design)``, used by
        ``"beta"`` and ``"wilson"``).
    method : {"logit", "xlogit", "beta", "wilson", "mean", "asin"}
        ``logit``/``xlogit``: t interval on the logit scale, back-transformed (R's ``logit``
        fits an intercept-only quasibinomial ``svyglm``; on a Taylor design its standard
        error is exactly the delta-method one used by ``xlogit``; on a replicate design pass
        ``se_logit``, the replicate standard error of the logit).  ``asin``: t interval of
        ``asin(sqrt(p))`` (delta method), back-transformed with ``sin(.)^2`` as R does.
        ``beta``: Korn and Graubard (1998) with the effective sample size
        ``p(1-p)/se^2 * (t_{n-1}/t_degf)^2``.  ``wilson``: Wilson score interval on that
        effective sample size (not in R; as in the ``svy`` package).  ``mean``: symmetric t
        interval (may leave [0, 1]).
    degf : float or array-like, optional
        R ``degf(design)`` for ``"beta"``/``"wilson"``'s effective sample size: R uses the
        design's degrees of freedom there whatever ``df`` says.  Default ``df``.
    se_logit : array-like, optional
        Standard error on the logit scale (replicate designs), used by ``"logit"``.

    Examples
    --------
    >>> from wpsresearch.stats.intervals import proportion_interval
    >>> lo, hi = proportion_interval(0.507348258357226, 0.0167712595840644, 0.05, 56, 922)
    >>> round(float(lo[0]), 6), round(float(hi[0]), 6)
    (0.473769, 0.540862)
    """
    if method not in CI_METHODS:
        raise EstimationError(f"ci must be one of {CI_METHODS}, not {method!r}")
    p = np.atleast_1d(np.asarray(p, dtype=float))
    se = np.atleast_1d(np.asarray(se, dtype=float))
    df = np.broadcast_to(np.asarray(df, dtype=float), p.shape)
    n = np.broadcast_to(np.asarray(n, dtype=float), p.shape)
    degf = df if degf is None else np.broadcast_to(np.asarray(degf, dtype=float), p.shape)
    if method == "mean":
        return t_interval(p, se, alpha, df)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        q = _crit(alpha, df)
        if method in ("logit", "xlogit"):
            eta = np.log(p / (1 - p))
            half = q * se / (p * (1 - p))
            if method == "logit" and se_logit is not None:
                half = q * np.broadcast_to(np.asarray(se_logit, dtype=float), p.shape)
            lo, hi = _expit(eta - half), _expit(eta + half)
            degenerate = (p <= 0) | (p >= 1)
            return np.where(degenerate, p, lo), np.where(degenerate, p, hi)
        if method == "asin":
            # R: svycontrast(m, asin(sqrt(p))), confint, then sin()^2 of both limits
            centre = np.arcsin(np.sqrt(p))
            half = q * se / (2 * np.sqrt(p * (1 - p)))
            return np.sin(centre - half) ** 2, np.sin(centre + half) ** 2
        n_eff = p * (1 - p) / se**2
        n_eff = n_eff * (t_ppf(alpha / 2, n - 1) / _t_or_norm(alpha / 2, degf)) ** 2
        if method == "beta":
            lo = stats.beta.ppf(alpha / 2, n_eff * p, n_eff * (1 - p) + 1)
            hi = stats.beta.ppf(1 - alpha / 2, n_eff * p + 1, n_eff * (1 - p))
            return lo, hi
        z = q
        z2 = z * z
        denom = 1 + z2 / n_eff
        centre = (p + z2 / (2 * n_eff)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / n_eff + z2 / (4 * n_eff**2))
        return np.maximum(0.0, centre - half), np.minimum(1.0, centre + half)


def _t_or_norm(q, df):
    return np.where(np.isfinite(df), t_ppf(q, np.where(np.isfinite(df), df, 1)),
                    norm_ppf(q))


def _expit(x):
    return 1.0 / (1.0 + np.exp(-x))


@dataclass(frozen=True, eq=False)
class TInterval:
    """``estimate -/+ t_df * se`` at any level: the interval an Estimate recomputes."""

    estimate: np.ndarray
    se: np.ndarray
    df: object

    def __call__(self, alpha):
        return t_interval(self.estimate, self.se, alpha, self.df)


@dataclass(frozen=True, eq=False)
class ProportionInterval:
    """:func:`proportion_interval` with its inputs kept, so ``conf_int`` can recompute it."""

    p: np.ndarray
    se: np.ndarray
    df: object
    n: np.ndarray
    method: str
    degf: object = None
    se_logit: object = None

    def __call__(self, alpha):
        return proportion_interval(self.p, self.se, alpha, self.df, self.n, self.method,
                                   degf=self.degf, se_logit=self.se_logit)
