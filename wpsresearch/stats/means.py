"""Means, totals and ratios (R ``svymean``, ``svytotal``, ``svyratio``, each with ``svyby``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wpsresearch.errors import EstimationError
from wpsresearch.stats.answers import indicators, is_binary
from wpsresearch.stats.domains import (
    domains_of, ratio_by_domain, ratio_srs_variance, srs_variance,
)
from wpsresearch.stats.estimate import Estimate
from wpsresearch.stats.covariance import Covariance
from wpsresearch.stats.intervals import TInterval

__all__ = ["mean", "total", "ratio", "ratio_total"]


def _variables(var) -> list[str]:
    if isinstance(var, str):
        return [var]
    out = list(var)
    if not out or not all(isinstance(v, str) for v in out):
        raise EstimationError(f"variable names must be strings, got {var!r}")
    return out


def numeric_column(design, name) -> pd.Series:
    col = design.column(name)
    if pd.api.types.is_bool_dtype(col):
        return col.astype("Float64").astype(float)
    if not pd.api.types.is_numeric_dtype(col):
        converted = pd.to_numeric(col, errors="coerce")
        bad = converted.isna() & col.notna()
        if bad.any():
            rows = [int(i) + 2 for i in np.flatnonzero(bad.to_numpy())]
            raise EstimationError(
                f"'{name}' is not numeric ({int(bad.sum())} non-numeric value(s))",
                column=name, row=rows,
                hint="use proportion() for categorical answers, or recode the column",
            )
        col = converted
    return col.astype(float)


def _check_na(values, name, na_rm):
    miss = values.isna().to_numpy()
    if miss.any() and not na_rm:
        raise EstimationError(
            f"'{name}' has {int(miss.sum())} missing value(s) and na_rm=False",
            column=name, row=[int(i) + 2 for i in np.flatnonzero(miss)],
            hint="pass na_rm=True to exclude missing answers from the base",
        )
    return miss


def _df_for(design, df):
    return float(design.df) if df is None else float(df)


def domain_df(design, domains, df, levels=1, rows=None):
    """Degrees of freedom of each row: one number, or R ``svyby``'s per-domain ``degf``.

    ``df=None``: the design's (R ``degf(design)``, the package default for ``by=``, as
    srvyr); ``df="domain"``: each domain's own ``degf(subset(design, domain))``, what R's
    ``svyby`` passes its estimator; a number: that number.  ``rows`` (bool, optional):
    the rows R's design holds (e.g. the non-missing ones, as ``svyquantile(na.rm=TRUE)``).
    """
    if isinstance(df, str):
        if df != "domain":
            raise EstimationError(f"df must be a number, None or 'domain', not {df!r}")
        keep = np.ones(len(domains.codes), dtype=bool) if rows is None else rows
        per = np.array([design.degf((domains.codes == g) & keep)
                        for g in range(domains.count)], dtype=float)
        return np.repeat(per, levels)
    if df is None:
        return float(design.df if rows is None else design.degf(design._domain & rows))
    return float(df)


def _merge_df(dfs):
    """One float when every row has the same df, else the per-row array."""
    arr = np.concatenate([np.broadcast_to(np.asarray(d, dtype=float), (k,)) for d, k in dfs])
    return float(arr[0]) if arr.size and np.all(arr == arr[0]) else arr


def base_frame(domains, variable, n, n_missing):
    frame = domains.groups.copy() if domains.by else pd.DataFrame(index=range(len(n)))
    frame["variable"] = variable
    frame["n"] = n.astype(int)
    frame["n_missing"] = n_missing.astype(int)
    return frame


def count_missing(design, domains, miss):
    if not miss.any():
        return np.zeros(domains.count, dtype=np.int64)
    inside = domains.codes >= 0
    return np.bincount(domains.codes[inside & miss], minlength=domains.count)


def level_frame(domains, name, res, levels, n_miss):
    """Rows group-major, level-minor (svyby order) with estimate and se filled in."""
    G, L = res["estimate"].shape
    frame = pd.concat(
        [base_frame(domains, name, res["n"], n_miss).assign(level=lev) for lev in levels],
        ignore_index=True,
    )
    order = np.arange(G * L).reshape(L, G).T.ravel()
    frame = frame.iloc[order].reset_index(drop=True)
    frame["estimate"] = res["estimate"].ravel()
    frame["se"] = np.sqrt(res["var"].ravel())
    return frame


def _values_matrix(design, name, kind):
    """Numeric column -> one column; for totals a categorical item -> one column per level."""
    raw = design.column(name)
    numeric = pd.api.types.is_numeric_dtype(raw) or pd.api.types.is_bool_dtype(raw)
    if kind == "total" and not numeric:
        y, levels = indicators(raw, is_binary(raw))
        return raw, y, levels
    values = numeric_column(design, name)
    return values, values.fillna(0.0).to_numpy()[:, None], None


def _linear(design, var, by, deff, na_rm, df, level, kind):
    domains = domains_of(design, by)
    names = _variables(var)
    frames, blocks, dfs = [], [], []
    scalar = not domains.by and len(names) == 1
    for name in names:
        values, y, levels = _values_matrix(design, name, kind)
        scalar = scalar and levels is None
        miss = _check_na(values, name, na_rm)
        valid = design._domain & ~miss
        res = ratio_by_domain(design, y, None, valid, domains, kind=kind)
        _no_empty(res["n"], domains, name)
        n_miss = count_missing(design, domains, miss)
        if levels is None:
            frame = base_frame(domains, name, res["n"], n_miss)
            frame["estimate"] = res["estimate"][:, 0]
            frame["se"] = np.sqrt(res["var"][:, 0])
        else:
            frame = level_frame(domains, name, res, levels, n_miss)
        if deff:
            vsrs = srs_variance(design, y, res, kind=kind,
                                replace=(deff == "replace"))
            with np.errstate(invalid="ignore", divide="ignore"):  # NaN as R's deff
                frame["deff"] = (res["var"] / vsrs).ravel()
        else:
            frame["deff"] = np.nan
        frames.append(frame)
        blocks.append(res)
        dfs.append((domain_df(design, domains, df, y.shape[1]), len(frame)))
    return _finish(kind, frames, domains.by, _merge_df(dfs), level, design.policy,
                   covariance=Covariance(design, tuple(blocks)), scalar=scalar)


def _no_empty(n, domains, name):
    """Refuse an estimate with no answer at all; a by-group without answers gets NaN, n = 0."""
    if np.all(n == 0):
        where = "the domain" if not domains.by else f"any group of {list(domains.by)}"
        raise EstimationError(f"no non-missing answer to '{name}' in {where}", column=name)


def check_level(level):
    if not isinstance(level, (int, float, np.floating)) or not 0 < level < 1:
        raise EstimationError(f"level must be a confidence level between 0 and 1, not "
                              f"{level!r}", hint="e.g. level=0.95")
    return float(level)


def _finish(kind, frames, by, df, level, policy, *, covariance=None, scalar=None):
    """The :class:`Estimate` of ``frames``, with t intervals on ``df``."""
    frame = pd.concat(frames, ignore_index=True)
    level = check_level(level)
    interval = TInterval(frame["estimate"].to_numpy(), frame["se"].to_numpy(), df)
    frame["ci_low"], frame["ci_high"] = interval(1 - level)
    frame = _order(frame, by)
    return Estimate(kind, frame, tuple(by), df, level, "t", policy, interval, covariance,
                    scalar)


def _order(frame, by):
    first = list(by) + ["variable"] + (["level"] if "level" in frame.columns else [])
    rest = ["estimate", "se", "ci_low", "ci_high", "deff", "n", "n_missing"]
    extra = [c for c in frame.columns if c not in first + rest]
    return frame[first + rest + extra]


def mean(design, var, by=None, *, deff=False, na_rm=True, df=None, level=0.95):
    """Design-based mean of one or more numeric variables, optionally by domain.

    Parameters
    ----------
    design : SurveyDesign
    var : str or list of str
    by : str or list of str, optional
        Domains (R ``svyby``); rows with a missing ``by`` value are left out.
    deff : bool or "replace"
        Design effect as R ``deff=TRUE`` (SRS without replacement) or ``deff="replace"``.
    na_rm : bool
        Exclude missing answers from the base (their count is in ``n_missing``).
    df : float, "domain" or None
        Degrees of freedom of the t interval; default the design's ``degf()``.  Pass
        ``float("inf")`` for R's default normal ``confint()``, or ``"domain"`` for each
        ``by`` group's own ``degf`` (what R ``svyby`` gives each domain).
    level : float
        Confidence level of ``ci_low``/``ci_high`` (the same keyword in every estimator).

    Returns
    -------
    Estimate

    Notes
    -----
    R equivalent: ``svymean(~var, design, na.rm=TRUE, deff=)``; with ``by``,
    ``svyby(~var, ~by, design, svymean)``; intervals ``confint(..., df=degf(design))``.

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> df = pd.DataFrame({"y": [1.0, 2.0, 3.0, None], "w": [1.0, 1.0, 2.0, 1.0]})
    >>> est = wps.stats.mean(wps.stats.SurveyDesign(df, weights="w"), "y")
    >>> est.estimate, est.n, est.n_missing
    (2.25, 3, 1)
    """
    return _linear(design, var, by, deff, na_rm, df, level, "mean")


def total(design, var, by=None, *, deff=False, na_rm=True, df=None, level=0.95):
    """Design-based total (population count when ``var`` is 0/1).

    Same parameters as :func:`mean`.  A categorical (text) variable gives one row per
    level: the estimated number of people giving each answer.

    Notes
    -----
    R equivalent: ``svytotal(~var, design, na.rm=TRUE)`` (on a factor: one total per level).

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> df = pd.DataFrame({"y": [1.0, 0.0, 1.0], "w": [10.0, 10.0, 5.0]})
    >>> wps.stats.total(wps.stats.SurveyDesign(df, weights="w"), "y").estimate
    15.0
    """
    return _linear(design, var, by, deff, na_rm, df, level, "total")


def ratio(design, num, den, by=None, *, deff=False, na_rm=True, df=None, level=0.95,
          separate=False):
    """Ratio of two population totals, ``sum(w num) / sum(w den)``.

    Parameters
    ----------
    design : SurveyDesign
    num, den : str
    separate : bool
        Separate ratio estimator (R ``svyratio(..., separate=TRUE)``): one ratio per
        stratum of the design (rows keyed by the stratum column); estimate a population
        total from them with :func:`ratio_total` and the strata's known totals of ``den``.
    by, na_rm, df, level : as :func:`mean` (a row missing either value is excluded)
    deff : bool or "replace"
        Design effect of the ratio, as R ``deff(svyratio(..., deff=TRUE))``: the variance
        over the SRS variance of the ratio estimator,
        ``(1 - f) / n * sum(w (y - R x)^2) / (sum(w) - ...)`` (see Notes).

    Notes
    -----
    R equivalent: ``svyratio(~num, ~den, design, na.rm=TRUE, deff=)``; with ``by``,
    ``svyby(~num, ~by, design, svyratio, denominator=~den)``.  The SRS variance of the
    design effect is R's: ``svytotal(y - R x)`` under simple random sampling, divided by
    the estimated denominator total squared.

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [2.0, 2.0, 4.0]})
    >>> wps.stats.ratio(wps.stats.SurveyDesign(df), "a", "b").estimate
    0.75
    """
    if separate:
        if by is not None:
            raise EstimationError("separate=True gives one ratio per stratum: leave by= out")
        if design.strata is None:
            raise EstimationError("a separate ratio estimator needs a stratified design",
                                  hint="without strata the separate and combined ratio "
                                       "estimators are the same: separate=False")
        by = design.strata
    domains = domains_of(design, by)
    yv, xv = numeric_column(design, num), numeric_column(design, den)
    miss = _check_na(yv, num, na_rm) | _check_na(xv, den, na_rm)
    valid = design._domain & ~miss
    y = yv.fillna(0.0).to_numpy()[:, None]
    x = xv.fillna(0.0).to_numpy()[:, None]
    res = ratio_by_domain(design, y, x, valid, domains, kind="ratio")
    _no_empty(res["n"], domains, num)
    frame = base_frame(domains, f"{num}/{den}", res["n"], count_missing(design, domains, miss))
    frame["estimate"] = res["estimate"][:, 0]
    frame["se"] = np.sqrt(res["var"][:, 0])
    if deff:
        frame["deff"] = (res["var"] / ratio_srs_variance(design, y, x, res,
                                                         replace=(deff == "replace"))).ravel()
    else:
        frame["deff"] = np.nan
    return _finish("ratio", [frame], domains.by, domain_df(design, domains, df), level,
                   design.policy, covariance=Covariance(design, (res,)),
                   scalar=not domains.by)


def ratio_total(estimate, total, *, level=None):
    """Ratio estimator of a population total, R ``predict(svyratio(...), total=)``.

    ``estimate`` is a :func:`ratio` without ``by`` (combined ratio estimator: ``R X`` with
    standard error ``se(R) X``) or with ``separate=True`` (separate ratio estimator:
    ``sum_h R_h X_h``, standard error ``sqrt(sum_h se(R_h)^2 X_h^2)``, strata being
    independent).

    Parameters
    ----------
    estimate : Estimate
    total : float, or dict / Series of stratum -> total
        Known population total of the denominator (per stratum for a separate ratio).
    level : float, optional

    Returns
    -------
    Estimate
        ``kind="total"``, one row (``variable`` = ``"num/den"``).

    Notes
    -----
    R equivalent: ``predict(svyratio(~y, ~x, design), total = X)`` and
    ``predict(svyratio(~y, ~x, design, separate = TRUE), total = list(...))``.

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> df = pd.DataFrame({"h": list("aabb"), "y": [2.0, 4, 3, 9], "x": [1.0, 2, 1, 3]})
    >>> d = wps.stats.SurveyDesign(df, strata="h")
    >>> r = wps.stats.ratio(d, "y", "x", separate=True)
    >>> wps.stats.ratio_total(r, {"a": 10, "b": 20}).estimate
    80.0
    """
    if not isinstance(estimate, Estimate) or estimate.kind != "ratio":
        raise EstimationError("ratio_total() takes an Estimate from ratio()")
    frame = estimate.frame
    if estimate.by:
        if not hasattr(total, "items"):
            raise EstimationError("a separate ratio needs one total per stratum (a dict)")
        key = estimate.by[0] if len(estimate.by) == 1 else None
        if key is None:
            raise EstimationError("ratio_total() needs a ratio by one column (the strata)")
        given = {str(k): float(v) for k, v in total.items()}
        labels = [str(v) for v in frame[key]]
        missing = [lab for lab in labels if lab not in given]
        if missing or len(given) != len(labels):
            raise EstimationError(f"totals must be given for exactly the strata {labels}",
                                  hint=f"missing {missing}")
        x = np.array([given[lab] for lab in labels])
    else:
        x = np.array([float(total)])
    est = float(np.sum(frame["estimate"].to_numpy() * x))
    se = float(np.sqrt(np.sum((frame["se"].to_numpy() * x) ** 2)))
    out = pd.DataFrame({"variable": [frame["variable"].iloc[0]], "estimate": [est], "se": [se],
                        "deff": [np.nan], "n": [int(frame["n"].sum())],
                        "n_missing": [int(frame["n_missing"].sum())]})
    df = estimate.df if np.ndim(estimate.df) == 0 else float(np.min(estimate.df))
    return _finish("total", [out], (), df, estimate.conf_level if level is None else level,
                   estimate.policy, scalar=True)
