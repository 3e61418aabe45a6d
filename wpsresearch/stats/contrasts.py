"""Linear contrasts of estimates with their standard errors, R ``svycontrast``.

"Is the difference real?": women - men, province A - province B, round 2 - round 1.  A
contrast ``c' theta`` has variance ``c' V c`` with ``V`` the covariance of the estimates
(:meth:`Estimate.vcov`), so estimates of groups that share PSUs are compared correctly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wpsresearch.errors import EstimationError
from wpsresearch.stats.estimate import Estimate
from wpsresearch.stats.intervals import TInterval

__all__ = ["contrast"]


def _as_tuple(key):
    return key if isinstance(key, tuple) else (key,)


def _row_of(index: pd.Index, key) -> int:
    """The one row whose labels contain every element of ``key``."""
    want = _as_tuple(key)
    rows = []
    for i, label in enumerate(index):
        have = list(_as_tuple(label))
        if all(any(_same(w, h) for h in have) for w in want):
            rows.append(i)
    if len(rows) != 1:
        shown = [tuple(_as_tuple(v)) for v in index[:6]]
        what = "no estimate" if not rows else f"{len(rows)} estimates"
        raise EstimationError(f"contrast key {key!r} matches {what}",
                              hint=f"name one row by its labels, e.g. {shown[0]!r}; rows "
                                   f"start {shown}")
    return rows[0]


def _same(a, b) -> bool:
    try:
        return bool(a == b) or str(a) == str(b)
    except (TypeError, ValueError):
        return False


def _matrix(est: Estimate, coefficients):
    index = est.to_series().index
    k = len(index)
    if isinstance(coefficients, dict) and coefficients and all(
            isinstance(v, dict) for v in coefficients.values()):
        names = list(coefficients)
        rows = [_matrix(est, c)[0][0] for c in coefficients.values()]
        return np.vstack(rows), names, False
    if isinstance(coefficients, (dict, pd.Series)):
        c = np.zeros(k)
        for key, value in coefficients.items():
            c[_row_of(index, key)] += float(value)
        return c[None, :], ["contrast"], True
    c = np.atleast_2d(np.asarray(coefficients, dtype=float))
    if c.shape[1] != k:
        raise EstimationError(f"{c.shape[1]} contrast coefficients for {k} estimates")
    names = ["contrast"] if c.shape[0] == 1 else [f"contrast_{i + 1}" for i in range(len(c))]
    return c, names, c.shape[0] == 1


def contrast(estimate: Estimate, coefficients, *, level: float | None = None) -> Estimate:
    """Linear combinations of estimates with design-based standard errors (R ``svycontrast``).

    Parameters
    ----------
    estimate : Estimate
        From :func:`mean`, :func:`total`, :func:`proportion` or :func:`ratio` (with or
        without ``by=``).
    coefficients : dict, dict of dicts, or array-like
        ``{"female": 1, "male": -1}``: coefficients keyed by the labels of the estimates
        (a label, or a tuple of labels such as ``("basra", "female")``, must name exactly
        one row of :meth:`Estimate.to_series`); several named contrasts as
        ``{"women - men": {...}, "basra - kirkuk": {...}}``; or coefficients in row order
        (one row per contrast).
    level : float, optional
        Confidence level; default the estimate's.

    Returns
    -------
    Estimate
        ``kind="contrast"``, one row per contrast: ``estimate = c' theta``,
        ``se = sqrt(c' V c)``, a t interval on the estimate's degrees of freedom (the
        smallest over the rows used when they differ); ``n`` is the smallest base among the
        rows with a non-zero coefficient, ``n_missing`` their sum.  One contrast given as a
        dict or vector is a single estimate (``.estimate`` a float).

    Notes
    -----
    R equivalent: ``svycontrast(svyby(~y, ~g, design, svymean, covmat=TRUE),
    c(female = 1, male = -1))`` and ``confint(..., df = degf(design))``.

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> df = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3, 4, 4], "sex": list("fmfmfmfm"),
    ...                    "ipv": [1, 0, 1, 1, 0, 0, 1, 0]})
    >>> est = wps.stats.proportion(wps.stats.SurveyDesign(df, ids="psu"), "ipv", by="sex")
    >>> diff = wps.stats.contrast(est, {"f": 1, "m": -1})
    >>> round(diff.estimate, 3), round(diff.se, 3)
    (0.5, 0.289)
    """
    if not isinstance(estimate, Estimate):
        raise EstimationError("contrast() takes an Estimate from mean(), total(), "
                              "proportion() or ratio()")
    C, names, scalar = _matrix(estimate, coefficients)
    theta = estimate.frame["estimate"].to_numpy(dtype=float)
    V = estimate.vcov().to_numpy()
    value = C @ theta
    cov = C @ V @ C.T
    se = np.sqrt(np.diag(cov))
    used = C != 0
    frame = estimate.frame
    n = np.array([frame["n"].to_numpy()[u].min() if u.any() else 0 for u in used])
    n_missing = np.array([frame["n_missing"].to_numpy()[u].sum() for u in used])
    dfs = np.broadcast_to(np.asarray(estimate.df, dtype=float), theta.shape)
    df = np.array([dfs[u].min() if u.any() else np.inf for u in used])
    df = float(df[0]) if np.all(df == df[0]) else df
    lev = estimate.conf_level if level is None else float(level)
    interval = TInterval(value, se, df)
    lo, hi = interval(1 - lev)
    out = pd.DataFrame({"variable": names, "estimate": value, "se": se, "ci_low": lo,
                        "ci_high": hi, "deff": np.nan, "n": n.astype(int),
                        "n_missing": n_missing.astype(int)})
    return Estimate("contrast", out, (), df, lev, "t", estimate.policy, interval,
                    _Fixed(cov), scalar)


@dataclass(frozen=True, eq=False)
class _Fixed:
    """A covariance already computed (that of the contrasts)."""

    value: np.ndarray
    taylor = False

    def matrix(self):
        return self.value
