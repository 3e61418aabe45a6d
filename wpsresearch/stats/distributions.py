"""Quantiles and tail areas of the t, normal and F distributions, without importing
``scipy.stats`` for them.

``scipy.stats`` takes 0.8 s of CPU to import (its hundred distributions are built at import);
every process that analysed a survey paid it for a few t quantiles and F tail areas: each
report kernel, the demo's own process and its second one.  On the arguments the estimators
pass, these are the :mod:`scipy.special` functions that scipy.stats itself calls (scipy
1.17: ``t._ppf`` is ``stdtrit``, ``t._sf`` is ``stdtr(df, -x)``, ``norm._ppf`` is ``ndtri``,
``f._sf`` is ``fdtrc``, with ``loc=0`` and ``scale=1`` applied as scipy.stats applies them),
so each number is scipy.stats' to the bit; any other argument (a bound of the support, a
missing value, a parameter out of range or infinite) goes to scipy.stats itself.
:data:`scipy_stats` is :mod:`scipy.stats`, imported when first used.  (Cronbach's alpha,
in :mod:`wpsresearch.sgbv`, which comes before this package, has its F quantiles the same way.)

Examples
--------
>>> from scipy import stats
>>> bool(t_ppf(0.975, 12) == stats.t.ppf(0.975, 12)), bool(f_sf(2.5, 3, 40) == stats.f.sf(2.5, 3, 40))
(True, True)
"""

from __future__ import annotations

import importlib

import numpy as np
from scipy import special

__all__ = ["t_ppf", "t_sf", "norm_ppf", "f_sf", "scipy_stats"]


class _LazyModule:
    """A module imported on its first attribute lookup."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr):
        return getattr(importlib.import_module(self._name), attr)


scipy_stats = _LazyModule("scipy.stats")


def _scalar_or_array(out):
    out = np.asarray(out, dtype=float)
    return out[()] if out.ndim == 0 else out


def _positive(*params) -> bool:
    return all(bool(np.all((p > 0) & np.isfinite(p))) for p in params)


def t_ppf(q, df):
    """``scipy.stats.t.ppf(q, df)``."""
    qa, da = np.asarray(q, dtype=float), np.asarray(df, dtype=float)
    if np.all((qa > 0) & (qa < 1)) and _positive(da):
        return _scalar_or_array(special.stdtrit(da, qa) * 1.0 + 0.0)
    return scipy_stats.t.ppf(q, df)


def t_sf(x, df):
    """``scipy.stats.t.sf(x, df)``."""
    xa, da = np.asarray(x, dtype=float), np.asarray(df, dtype=float)
    if np.all(np.isfinite(xa)) and _positive(da):
        return _scalar_or_array(special.stdtr(da, -((xa - 0.0) / 1.0)))
    return scipy_stats.t.sf(x, df)


def norm_ppf(q):
    """``scipy.stats.norm.ppf(q)``."""
    qa = np.asarray(q, dtype=float)
    if np.all((qa > 0) & (qa < 1)):
        return _scalar_or_array(special.ndtri(qa) * 1.0 + 0.0)
    return scipy_stats.norm.ppf(q)


def f_sf(x, dfn, dfd):
    """``scipy.stats.f.sf(x, dfn, dfd)``."""
    xa, na, da = (np.asarray(v, dtype=float) for v in (x, dfn, dfd))
    if np.all((xa > 0) & np.isfinite(xa)) and _positive(na, da):
        return _scalar_or_array(special.fdtrc(na, da, (xa - 0.0) / 1.0))
    return scipy_stats.f.sf(x, dfn, dfd)

