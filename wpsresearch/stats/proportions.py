"""Proportions of 0/1 and categorical answers (R ``svymean`` on a factor, ``svyciprop``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wpsresearch.errors import EstimationError
from wpsresearch.stats.domains import domains_of, ratio_by_domain, srs_variance
from wpsresearch.stats.estimate import Estimate
from wpsresearch.stats.intervals import CI_METHODS, proportion_interval
from wpsresearch.stats.answers import MISSING, drop_missing_categories, indicators, is_binary
from wpsresearch.stats.means import _check_na, _no_empty, _order, count_missing, level_frame

__all__ = ["proportion"]


def proportion(design, var, by=None, ci="logit", level=0.95, *, deff=False, na_rm=True,
               df=None, missing=MISSING):
    """Proportion answering each level (or 1/True for a 0/1 variable), with R's intervals.

    Parameters
    ----------
    design : SurveyDesign
    var : str
        A 0/1 or boolean column (one row: the proportion of 1/True) or a categorical one
        (one row per level, summing to 1 within each group).
    by : str or list of str, optional
        Domains (R ``svyby``).
    ci : {"logit", "beta", "wilson", "mean", "xlogit"}
        Interval method, as R ``svyciprop(method=)`` (``wilson`` is not in R).
    level : float
    deff : bool or "replace"
    na_rm : bool
        Exclude missing answers from the base (their count is in ``n_missing``).
    missing : tuple of str, default ``("dont_know", "refused", "not_applicable", "no_answer")``
        Categories counted as missing answers (the ones cleaning gives special codes such as
        98/99).  Pass ``missing=()`` to keep them in the base, e.g. for an indicator standard
        that says so.
    df : float, optional
        Degrees of freedom; default the design's ``degf()`` (for ``by=`` the whole
        design's, as ``svyby`` + ``confint(df=degf(design))`` and srvyr do).

    Returns
    -------
    Estimate
        ``frame`` has ``level`` and ``n_level`` (unweighted respondents giving the answer).

    Notes
    -----
    R equivalent: ``svyciprop(~I(var == level), design, method=ci, df=degf(design))``;
    ``svyby(~var, ~by, design, svymean)`` for the estimates and standard errors.

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> df = pd.DataFrame({"q": ["yes", "no", "yes", None, "yes"], "w": [1.0, 1, 2, 1, 1]})
    >>> est = wps.stats.proportion(wps.stats.SurveyDesign(df, weights="w"), "q")
    >>> est.to_frame()[["level", "estimate", "n", "n_missing", "n_level"]]
      level  estimate  n  n_missing  n_level
    0    no       0.2  4          1        1
    1   yes       0.8  4          1        3
    """
    if ci not in CI_METHODS:
        raise EstimationError(f"ci must be one of {CI_METHODS}, not {ci!r}")
    if not isinstance(var, str):
        raise EstimationError(f"proportion() takes one variable name, not {var!r}")
    values = drop_missing_categories(design.column(var), missing)
    miss = _check_na(values, var, na_rm)
    y, levels = indicators(values, is_binary(values))
    domains = domains_of(design, by)
    valid = design._domain & ~miss
    res = ratio_by_domain(design, y, None, valid, domains, kind="mean")
    _no_empty(res["n"], domains, var)
    G, L = res["estimate"].shape
    n_level = np.stack(
        [np.bincount(res["g"], y[res["rows"], l], minlength=G) for l in range(L)], 1)
    n_miss = count_missing(design, domains, miss)
    frame = level_frame(domains, var, res, levels, n_miss)
    frame["n_level"] = n_level.ravel().astype(int)
    if deff:
        vsrs = srs_variance(design, y, valid, domains, res, kind="mean",
                            replace=(deff == "replace"))
        frame["deff"] = (res["var"] / vsrs).ravel()
    else:
        frame["deff"] = np.nan
    dof = float(design.df) if df is None else float(df)
    p, se, n = frame["estimate"].to_numpy(), frame["se"].to_numpy(), frame["n"].to_numpy()

    def interval(a):
        return proportion_interval(p, se, a, dof, n, ci)

    frame["ci_low"], frame["ci_high"] = interval(1 - level)
    frame = _order(frame, domains.by)
    return Estimate("proportion", frame, domains.by, dof, level, ci, design.policy, interval)
