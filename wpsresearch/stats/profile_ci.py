"""Profile-likelihood interval of a proportion, R ``svyciprop(method="likelihood")``.

R fits the intercept-only quasibinomial ``svyglm`` and inverts its profile deviance scaled
by the design: ``confint(fit, method="likelihood", ddf=degf(design))``, i.e. MASS's
``profile.glm`` on a grid of at most nine steps each way (step ``zmax / 5`` standard
errors), a cubic spline through the signed root deviances (R ``spline``, Forsythe-Malcolm-
Moler end conditions) and linear interpolation at ``t_ddf * sqrt(deff)``.  The interval is
that construction's, so it is reproduced step for step (spline included): an exact root of
the profile would differ from R's in the fourth or fifth digit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from wpsresearch.stats.distributions import scipy_stats as stats

__all__ = ["DevianceProfile", "likelihood_interval", "fmm_spline", "r_spline"]


@dataclass(frozen=True)
class DevianceProfile:
    """What MASS's ``profile.glm`` walks along for an intercept-only model.

    Attributes
    ----------
    beta0 : float
        Fitted intercept (logit).
    dev_of : callable
        Deviance of the model at an intercept value.
    dev0, dispersion : float
        Deviance at ``beta0`` and R's dispersion (``summary(fit)$dispersion``).
    n_obs : int
        Rows of the model frame (R's ``NROW(Y)``).
    """

    beta0: float
    dev_of: object
    dev0: float
    dispersion: float
    n_obs: int


def fmm_spline(x, y):
    """Coefficients ``b, c, d`` of R's ``spline_coef(method="fmm")`` (splines.c)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(x)
    b, c, d = np.zeros(n), np.zeros(n), np.zeros(n)
    if n < 3:
        t = (y[1] - y[0]) / (x[1] - x[0])
        b[:] = t
        return b, c, d
    d[0] = x[1] - x[0]
    c[1] = (y[1] - y[0]) / d[0]
    for i in range(1, n - 1):
        d[i] = x[i + 1] - x[i]
        b[i] = 2.0 * (d[i - 1] + d[i])
        c[i + 1] = (y[i + 1] - y[i]) / d[i]
        c[i] = c[i + 1] - c[i]
    b[0] = -d[0]
    b[n - 1] = -d[n - 2]
    c[0] = c[n - 1] = 0.0
    if n > 3:
        c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0])
        c[n - 1] = c[n - 2] / (x[n - 1] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4])
        c[0] = c[0] * d[0] * d[0] / (x[3] - x[0])
        c[n - 1] = -c[n - 1] * d[n - 2] * d[n - 2] / (x[n - 1] - x[n - 4])
    for i in range(1, n):
        t = d[i - 1] / b[i - 1]
        b[i] = b[i] - t * d[i - 1]
        c[i] = c[i] - t * c[i - 1]
    c[n - 1] = c[n - 1] / b[n - 1]
    for i in range(n - 2, -1, -1):
        c[i] = (c[i] - d[i] * c[i + 1]) / b[i]
    b[n - 1] = (y[n - 1] - y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2.0 * c[n - 1])
    for i in range(n - 1):
        b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i])
        d[i] = (c[i + 1] - c[i]) / d[i]
        c[i] = 3.0 * c[i]
    c[n - 1] = 3.0 * c[n - 1]
    d[n - 1] = d[n - 2]
    return b, c, d


def r_spline(x, y):
    """R ``spline(x, y)``: the fmm spline evaluated at ``3 * length(x)`` equispaced points."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    b, c, d = fmm_spline(x, y)
    m = 3 * len(x)
    lo, hi = x[0], x[-1]
    by = (hi - lo) / (m - 1)
    u = lo + np.arange(m) * by
    u[-1] = hi  # R seq.int(from, to, length.out=) ends exactly at 'to'
    i = np.clip(np.searchsorted(x, u, side="right") - 1, 0, len(x) - 1)
    dx = u - x[i]
    return u, y[i] + dx * (b[i] + dx * (c[i] + dx * d[i]))


def _approx(x, y, xout):
    """R ``approx(x, y, xout)$y`` (linear, NA outside the range)."""
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    out = np.interp(xout, x, y)
    return np.where((xout < x[0]) | (xout > x[-1]), np.nan, out)


def likelihood_interval(profile: DevianceProfile, se, lam, ddf, level):
    """R ``confint.svyglm(method="likelihood")`` for an intercept-only model.

    Parameters
    ----------
    profile : DevianceProfile
        The fitted intercept, its deviance function and R's dispersion.
    se : float
        The intercept's design-based standard error.
    lam : float
        Design effect of the coefficient, ``cov.unscaled / naive.cov``.
    ddf : float
        Degrees of freedom of the interval.
    level : float
        Confidence level.
    """
    beta0, dev_of, dev0 = profile.beta0, profile.dev_of, profile.dev0
    dispersion, n_obs = profile.dispersion, profile.n_obs
    q = stats.norm.ppf((1 - level) / 2) if not np.isfinite(ddf) else \
        stats.t.ppf((1 - level) / 2, ddf)
    alpha = stats.norm.cdf(q * np.sqrt(lam)) / 2
    # R qf(alpha, 1, n - 1, lower.tail=FALSE), written as a squared t quantile: scipy's
    # f.isf gives inf for the tiny alpha of a large design effect
    zmax = abs(stats.t.isf(alpha / 2, n_obs - 1))
    step_size = zmax / 5
    zs, bs = [0.0], [beta0]
    for sgn in (-1.0, 1.0):
        step, z = 0, 0.0
        while True:
            step += 1
            if not (step < 10 and abs(z) < zmax):
                break
            bi = beta0 + sgn * step * step_size * se
            zz = (dev_of(bi) - dev0) / dispersion
            if zz > -1e-3:
                zz = max(zz, 0.0)
            z = sgn * np.sqrt(zz)
            zs.append(z)
            bs.append(bi)
    order = np.argsort(zs, kind="stable")
    zs, bs = np.asarray(zs)[order], np.asarray(bs)[order]
    with np.errstate(invalid="ignore", divide="ignore"):  # a flat profile gives NaN, as R
        sx, sy = r_spline(bs, zs)
    unscaled = 2 * alpha
    cutoff = np.array([stats.norm.ppf(unscaled), stats.norm.isf(unscaled)])
    return _approx(sy, sx, cutoff)


def proportion_likelihood(design, y, answered, level, ddf):
    """The likelihood interval of the proportion of ``y`` (0/1) in ``design``'s domain.

    ``answered``: rows with an answer (R's ``svyglm`` drops the others before fitting,
    after rescaling the weights over all the rows of its design).
    """
    from wpsresearch.stats.regression import (
        ModelFit, _deviance, _irls, _logit_inv, _sandwich,
    )

    n = len(design.data)
    held = design._domain if not design._adjustments else np.ones(n, dtype=bool)
    w_all = np.where(design._domain, design._weights, 0.0)
    kept = np.flatnonzero(held & answered)
    w = w_all[kept] / w_all[held].mean()
    yk = np.asarray(y, dtype=float)[kept]
    X = np.ones((len(kept), 1))
    family = "quasibinomial"
    beta, mu, ok, working = _irls(yk, X, w, family)
    if not ok or not np.isfinite(beta[0]):
        return np.nan, np.nan
    cov = _sandwich(design, ModelFit(family, yk, X, w, kept, beta, mu, working))
    se = float(np.sqrt(cov[0, 0]))
    naive = 1.0 / working.sum()
    lam = cov[0, 0] / naive
    b0 = float(beta[0])
    m0 = float(_logit_inv(np.array([b0]))[0])
    dev0 = _deviance(family, yk, np.full(len(yk), m0), w)
    var_mu = m0 * (1 - m0)
    wk = w_all[kept]
    if design._replicates is None:
        # R summary.svyglm: svyvar() of the Pearson residuals over the fitted rows
        # R rescales by the mean over its design without the unanswered rows: dropped
        # from an uncalibrated design, kept with weight 0 in a calibrated one
        pw = wk / (wk.mean() if not design._adjustments else wk.sum() / n)
        with np.errstate(invalid="ignore", divide="ignore"):
            r = (yk - m0) * np.sqrt(w / pw) / np.sqrt(var_mu)
        use = wk > 0
        rw, ru = wk[use], r[use]
        nn = use.sum()
        xbar = np.sum(rw * ru) / rw.sum()
        dispersion = np.sum(rw * (ru - xbar) ** 2) / rw.sum() * nn / (nn - 1)
    else:
        # R summary.svrepglm: sum(pweights * r^2) / sum(pweights)
        with np.errstate(invalid="ignore", divide="ignore"):
            r = (yk - m0) * np.sqrt(w) / (np.sqrt(var_mu) * np.sqrt(wk / wk.sum()))
        good = np.isfinite(r)
        dispersion = np.sum(wk[good] * r[good] ** 2) / wk.sum()

    def dev_of(b):
        m = float(_logit_inv(np.array([b]))[0])
        return _deviance(family, yk, np.full(len(yk), m), w)

    profile = DevianceProfile(b0, dev_of, dev0, dispersion, len(kept))
    lo, hi = likelihood_interval(profile, se, lam, ddf, level)
    return float(_logit_inv(np.array([lo]))[0]), float(_logit_inv(np.array([hi]))[0])
