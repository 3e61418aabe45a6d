"""Reliability of multi-item scales: Cronbach's alpha with the Feldt confidence interval.

Written here (ten lines) because no installed library gives alpha with the Feldt interval:
statsmodels has none, and pingouin is not a dependency.

It lives in the SGBV stage because its Likert indices (trust in police, perceived safety) report
it, and stages only import stages above them; :mod:`wpsresearch.stats` re-exports it as
``wps.stats.cronbach_alpha`` for training evaluations.
"""

from __future__ import annotations

from dataclasses import dataclass

from wpsresearch.errors import EstimationError

__all__ = ["cronbach_alpha", "CronbachAlpha"]


@dataclass(frozen=True)
class CronbachAlpha:
    """Cronbach's alpha with a Feldt confidence interval (complete cases only)."""

    alpha: float
    ci_low: float
    ci_high: float
    n: int
    k: int
    level: float = 0.95

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([{"alpha": self.alpha, "ci_low": self.ci_low, "ci_high": self.ci_high,
                              "n": self.n, "k": self.k}])

    def summary(self) -> str:
        return (f"Cronbach's alpha = {self.alpha:.3f} ({self.level:.0%} CI {self.ci_low:.3f} to "
                f"{self.ci_high:.3f}; Feldt), n = {self.n} complete cases, k = {self.k} items")

    def _repr_html_(self) -> str:
        return f"<p>{self.summary()}</p>"


def cronbach_alpha(items, *, level=0.95):
    """Cronbach's alpha of item scores (rows = respondents), with the Feldt (1987) CI.

    Parameters
    ----------
    items : pandas.DataFrame or 2-D array
        Numeric item scores; rows with any missing item are dropped (listwise, as SPSS
        RELIABILITY and R ``psych::alpha(use="complete")``).
    level : float
        Confidence level.

    Returns
    -------
    CronbachAlpha

    Notes
    -----
    alpha = k/(k-1) · (1 − Σ s²_i / s²_total) with sample variances (Cronbach 1951).  CI:
    ``1 − (1 − alpha)·F`` with F quantiles on (n−1, (n−1)(k−1)) degrees of freedom (Feldt,
    Woodruff & Salih 1987, formulas 6–7; as R ``cocron::cronbach.alpha.CI``).  Checked
    against the pingouin documentation example (alpha 0.591719, CI 0.195 to 0.840).
    R/SPSS equivalent: ``psych::alpha``; SPSS ``RELIABILITY /MODEL=ALPHA``.

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.stats import cronbach_alpha
    >>> res = cronbach_alpha(pd.DataFrame({"a": [4, 3, 5, 2], "b": [5, 4, 5, 3], "c": [4, 3, 5, 2]}))
    >>> round(res.alpha, 4)
    0.9796
    """
    import pandas as pd

    frame = pd.DataFrame(items).apply(pd.to_numeric, errors="coerce").dropna()
    x = frame.to_numpy(dtype=float)
    n, k = x.shape
    if k < 2 or n < 2:
        raise EstimationError(f"Cronbach's alpha needs at least 2 items and 2 complete cases (got {k}, {n})")
    total_var = x.sum(axis=1).var(ddof=1)
    if total_var == 0:
        raise EstimationError("the total score has no variance: alpha is undefined")
    alpha = k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / total_var)
    tail = (1 - level) / 2
    f_hi, f_lo = _f_ppf([1 - tail, tail], n - 1, (n - 1) * (k - 1))
    return CronbachAlpha(alpha=float(alpha), ci_low=float(1 - (1 - alpha) * f_hi),
                         ci_high=float(1 - (1 - alpha) * f_lo), n=int(n), k=int(k), level=level)


def _f_ppf(q, dfn, dfd):
    """``scipy.stats.f.ppf(q, dfn, dfd)`` without importing scipy.stats (0.8 s of CPU, paid
    by every process that built a study's Likert indices for this one quantile): on quantiles
    inside (0, 1) and positive finite degrees of freedom it is the function scipy.stats calls
    (scipy 1.17: ``f._ppf`` is ``scipy.special.fdtri``, then ``* scale + loc`` with 1 and 0),
    to the bit; any other argument goes to scipy.stats itself.
    (:mod:`wpsresearch.stats.distributions` does the same for t, normal and F tails.)"""
    import numpy as np
    from scipy import special

    qa, na, da = (np.asarray(v, dtype=float) for v in (q, dfn, dfd))
    if (np.all((qa > 0) & (qa < 1)) and np.all((na > 0) & np.isfinite(na))
            and np.all((da > 0) & np.isfinite(da))):
        out = special.fdtri(na, da, qa) * 1.0 + 0.0
        return out[()] if np.ndim(out) == 0 else out
    from scipy import stats

    return stats.f.ppf(q, dfn, dfd)
