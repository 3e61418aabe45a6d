"""Tail probabilities of linear combinations of chi-squares, for Rao-Scott tests.

Under the null, the Pearson statistic of a survey table is asymptotically
``sum_i delta_i chi2_1`` (``delta`` = eigenvalues of the generalised design-effect matrix),
and against an estimated variance with ``ddf`` degrees of freedom the reference law is that
of ``sum_i delta_i chi2_1 - (x / ddf) chi2_ddf > 0``.  R ``svychisq`` offers:

- ``statistic="saddlepoint"``: Kuonen's saddlepoint approximation, exactly as R ``saddle``
  and ``pFsum(method="saddlepoint")`` compute it (root found with R's ``uniroot``);
- ``statistic="lincom"``: the exact distribution (R calls Davies' algorithm from the
  ``CompQuadForm`` package; without that package R silently falls back to the saddlepoint,
  with a warning).  Here it is Imhof's (1961) inversion formula, integrated numerically
  with scipy's ``quad``: the same exact tail probability as Davies' method, to the
  integration's accuracy (about 1e-9).
"""

from __future__ import annotations

import numpy as np
from scipy import integrate

from wpsresearch.stats.distributions import scipy_stats as stats

from wpsresearch.stats.zeroin import uniroot

__all__ = ["saddle", "pf_sum_saddlepoint", "pf_sum_exact"]


def saddle(x: float, lam: np.ndarray) -> float:
    """R ``survey:::saddle(x, lambda)``: upper tail ``P(sum lambda_i chi2_1 > x)``; NaN where R
    gives NA (the saddlepoint too close to 0)."""
    lam = np.asarray(lam, dtype=float)
    d = lam.max()
    lam = lam / d
    x = x / d

    def k0(z):
        return -np.sum(np.log(1 - 2 * z * lam)) / 2

    def kprime0(z):
        return np.sum(lam / (1 - 2 * z * lam))

    def kpprime0(z):
        return 2 * np.sum(lam**2 / (1 - 2 * z * lam) ** 2)

    if np.any(lam < 0):
        lmin = np.max(1 / (2 * lam[lam < 0])) * 0.99999
    elif x > lam.sum():
        lmin = -0.01
    else:
        lmin = -len(lam) / (2 * x)
    lmax = np.min(1 / (2 * lam[lam > 0])) * 0.99999
    hz = uniroot(lambda z: kprime0(z) - x, lmin, lmax, tol=1e-8)
    w = np.sign(hz) * np.sqrt(2 * (hz * x - k0(hz)))
    v = hz * np.sqrt(kpprime0(hz))
    if abs(hz) < 1e-4:
        return np.nan
    return float(stats.norm.sf(w + np.log(v / w) / w))


def _expanded(eigenvalues, x, ddf):
    # R: a <- c(a, -x/ddf); df <- c(df, ddf); a <- rep(a, df) (rep truncates ddf)
    return np.concatenate([np.asarray(eigenvalues, dtype=float),
                           np.full(int(ddf), -x / ddf)])


def pf_sum_saddlepoint(x: float, eigenvalues, ddf: float) -> float:
    """R ``pFsum(x, df=1, a=eigenvalues, ddf=ddf, lower.tail=FALSE, method="saddlepoint")``."""
    a = np.asarray(eigenvalues, dtype=float)
    tr = a.mean()
    tr2 = np.mean(a**2) / tr**2
    scale = tr * tr2
    ndf = len(a) / tr2
    if not np.isfinite(ddf):
        rval = stats.chi2.sf(x / scale, ndf)
        s = saddle(x, a)
    else:
        rval = stats.f.sf(x / ndf / scale, ndf, ddf)
        s = saddle(0.0, _expanded(a, x, ddf))
    return float(rval if np.isnan(s) else s)


def pf_sum_exact(x: float, eigenvalues, ddf: float) -> float:
    """``P(sum_i a_i chi2_1 - (x/ddf) chi2_ddf > 0)`` (``ddf`` inf: ``P(sum a_i chi2_1 > x)``)
    by Imhof's formula: ``1/2 + (1/pi) int_0^inf sin(theta(u)) / (u rho(u)) du``."""
    a = np.asarray(eigenvalues, dtype=float)
    if np.isfinite(ddf):
        lam, h, q = np.append(a, -x / ddf), np.append(np.ones(len(a)), ddf), 0.0
    else:
        lam, h, q = a, np.ones(len(a)), float(x)

    def integrand(u):
        with np.errstate(over="ignore"):
            return _imhof(u)

    def _imhof(u):
        if u == 0:
            return 0.5 * (np.sum(h * lam) - q)
        theta = 0.5 * np.sum(h * np.arctan(lam * u)) - 0.5 * q * u
        rho = np.exp(np.sum(h / 4 * np.log1p((lam * u) ** 2)))
        return np.sin(theta) / (u * rho)

    if q == 0:
        value, _ = integrate.quad(integrand, 0, np.inf, limit=2000, epsabs=1e-15,
                                  epsrel=1e-12)
    else:
        # sin(theta) = sin(phi) cos(q u/2) - cos(phi) sin(q u/2), phi = theta + q u/2 slowly
        # varying: the oscillating tail as two Fourier integrals (QUADPACK's QAWF)
        start = 1.0
        head, _ = integrate.quad(integrand, 0, start, limit=2000, epsabs=1e-15, epsrel=1e-12)

        def part(u, trig):
            phi = 0.5 * np.sum(h * np.arctan(lam * u))
            with np.errstate(over="ignore"):
                rho = np.exp(np.sum(h / 4 * np.log1p((lam * u) ** 2)))
            return trig(phi) / (u * rho)

        c, _ = integrate.quad(part, start, np.inf, args=(np.sin,), weight="cos", wvar=q / 2,
                              limlst=200, epsabs=1e-13)
        s_, _ = integrate.quad(part, start, np.inf, args=(np.cos,), weight="sin", wvar=q / 2,
                               limlst=200, epsabs=1e-13)
        value = head + c - s_
    return float(min(max(0.5 + value / np.pi, 0.0), 1.0))
