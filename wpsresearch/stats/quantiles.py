"""Quantiles with Woodruff intervals (R ``svyquantile``, survey >= 4.1 defaults)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wpsresearch.errors import EstimationError
from wpsresearch.stats.domains import domains_of, ratio_by_domain
from wpsresearch.stats.estimate import Estimate
from wpsresearch.stats.intervals import _crit
from wpsresearch.stats.means import (
    _check_na, _merge_df, _no_empty, _order, _variables, base_frame, check_level,
    count_missing, domain_df, numeric_column,
)

__all__ = ["quantile", "weighted_quantile"]


QRULES = ("math", "school", "shahvaish") + tuple(f"hf{i}" for i in range(1, 10))


class _Sorted:
    """One domain's values sorted once, with R's cumulative weights (zero weights dropped).

    ``quantile(p)`` applies R's ``qrule_<rule>`` (survey >= 4.1).
    """

    def __init__(self, x: np.ndarray, w: np.ndarray, rule: str = "math"):
        keep = w != 0
        order = np.argsort(x[keep], kind="stable")
        self.x = x[keep][order]
        self.w = w[keep][order]
        self.rule = rule
        # R's cumsum() and sum() accumulate in long double: ties F(x) == p are decided as R
        cum = np.cumsum(self.w.astype(np.longdouble))
        self.cumw = cum.astype(float)
        self.total = float(cum[-1])

    def _qs(self, p, x=None, cumw=None):
        """R ``qs()``: the values either side of p and the weight gaps (``ilow`` 1-based)."""
        x = self.x if x is None else x
        cumw, total = (self.cumw, self.total) if cumw is None else (cumw, float(cumw[-1]))
        pos = max(int(np.searchsorted(cumw, p * total, side="right")) - 1, 0)
        nxt = min(pos + 1, len(x) - 1)
        return x[pos], x[nxt], pos + 1, p - cumw[pos] / total, cumw[nxt] / total - p

    def quantile(self, p: float) -> float:
        rule = self.rule
        if rule in ("math", "hf1", "school", "hf2", "hf4"):
            qlow, qup, _, wlow, wup = self._qs(p)
            if rule == "hf4":
                gamma = wlow / (wup + wlow)
                return float(qlow * (1 - gamma) + qup * gamma)
            if wlow == 0:
                return float(qlow if rule in ("math", "hf1") else (qlow + qup) / 2)
            return float(qup)
        if rule == "hf3":  # on the distinct values, their weights summed (R rowsum)
            ux, start = np.unique(self.x, return_index=True)
            uw = np.add.reduceat(self.w.astype(np.longdouble), start)
            qlow, qup, ilow, wlow, _ = self._qs(p, ux, np.cumsum(uw).astype(float))
            return float(qlow if (wlow == 0 and ilow % 2 == 0) else qup)
        x, w, cumw = self.x, self.w, self.cumw
        n = len(x)
        before = np.concatenate([[0.0], cumw[:-1]])
        if rule == "shahvaish":
            # R qrule_shahvaish: pk = (cumsum(w / mean(w)) + 0.5 - w / 2) / (n + 1), a step
            S = np.cumsum((w / w.mean()).astype(np.longdouble)).astype(float)
            pk = (S + 0.5 - w / 2) / (n + 1)
            i = int(np.searchsorted(pk, p, side="right")) - 1
            return float(x[min(max(i, 0), n - 1)])
        pk = {"hf5": lambda: (cumw - w / 2) / cumw[-1],
              "hf6": lambda: cumw / (cumw[-1] + w[-1]),
              "hf7": lambda: before / (cumw[n - 2] if n > 1 else cumw[-1]),
              "hf8": lambda: (before / 3 + cumw * 2 / 3) / (cumw[-1] + w[-1] / 3),
              "hf9": lambda: (before * 3 / 8 + cumw * 5 / 8) / (cumw[-1] + w[-1] / 4)}[rule]()
        return float(np.interp(p, pk, x))  # R approx(method="linear", rule=2)


def weighted_quantile(x: np.ndarray, w: np.ndarray, p: float) -> float:
    """R ``qrule_math`` (Hyndman-Fan type 1 with weights): smallest x with F(x) >= p.

    Cumulative weights are summed in extended precision as R's ``cumsum`` and ``sum`` do,
    so ties (F(x) exactly p) are decided as in R.  Like R's ``qs()``, a ``p`` below the
    first cumulative weight returns the second-smallest value (R survey 4.x behaviour,
    kept so results match R).

    Examples
    --------
    >>> import numpy as np
    >>> from wpsresearch.stats.quantiles import weighted_quantile
    >>> weighted_quantile(np.array([3.0, 1, 2, 4]), np.ones(4), 0.5)
    2.0
    >>> weighted_quantile(np.array([3.0, 1, 2, 4]), np.ones(4), 0.6)
    3.0
    """
    return _Sorted(np.asarray(x, dtype=float), np.asarray(w, dtype=float)).quantile(p)


INTERVALS = ("mean", "beta", "xlogit", "asin", "quantile", "score")


@dataclass(frozen=True, eq=False)
class QuantileSpec:
    """One quantile to estimate: the variable's values ``x`` (every row of the design), the
    rows of its group with an answer (``mask``), their weighted distribution (``sample``,
    None when the group has none) and the probability ``p``."""

    x: np.ndarray
    mask: np.ndarray
    sample: object
    p: float


def _score_ci(design, spec: QuantileSpec, alpha, df):
    """R ``ffullerCI`` (``interval.type="score"``): invert the score test of the quantile.

    The test statistic of ``theta`` is the mean of ``(x > theta) - (1 - p)`` over its
    standard error; R finds where it crosses the t critical values with ``uniroot``
    (tolerance ``1 / (100 sqrt(n))``, search between ``min(x) + IQR/100`` and
    ``max(x) - IQR/100``) and maps each root back through the quantile rule at the
    *unweighted* share of ``x`` below it.  The statistic is a step function, so R's own
    root search is followed (:func:`wpsresearch.stats.zeroin.uniroot`).  NaN where R stops
    with an error (no sign change in the search interval).
    """
    from wpsresearch.errors import EstimationError
    from wpsresearch.stats.zeroin import uniroot

    x, mask, sample, p = spec.x, spec.mask, spec.sample, spec.p
    rows = mask if not design._adjustments else np.ones(len(x), dtype=bool)
    xr = x[rows]
    one = domains_of(design, None)
    q = float(_crit(alpha, df))

    def score(theta, qlimit):
        u = ((x > theta) - (1 - p)).astype(float)[:, None]
        res = ratio_by_domain(design, u, None, mask, one, kind="mean")
        with np.errstate(invalid="ignore", divide="ignore"):  # +-inf/NaN as R's
            return res["estimate"][0, 0] / np.sqrt(res["var"][0, 0]) - qlimit

    q75, q25 = np.percentile(xr, [75, 25])  # R IQR(): type 7 quantiles
    iqr = q75 - q25
    lower, upper = xr.min() + iqr / 100, xr.max() - iqr / 100
    tol = 1 / (100 * np.sqrt(rows.sum()))
    try:
        qlow = uniroot(lambda t: score(t, q), lower, upper, tol=tol)
        qup = uniroot(lambda t: score(t, -q), lower, upper, tol=tol)
    except EstimationError:
        return np.nan, np.nan, np.nan
    lo = sample.quantile(float(np.mean(xr <= qlow)))
    hi = sample.quantile(float(np.mean(xr <= qup)))
    return lo, hi, (hi - lo) / (2 * q)


def _woodruff(design, spec: QuantileSpec, qhat, alpha, df, method="mean"):
    """R ``woodruffCI(method=)``: invert an interval of the proportion below qhat.

    ``"quantile"`` (replicate designs): R ``repCI``, the quantile recomputed with every
    replicate's weights and a t interval on their variance.
    """
    q = float(_crit(alpha, df))
    if method == "quantile":
        return _replicate_ci(design, spec, qhat, q)
    if method == "score":
        return _score_ci(design, spec, alpha, df)
    x, mask, sample = spec.x, spec.mask, spec.sample
    one = domains_of(design, None)
    ind = (x <= qhat).astype(float)[:, None]
    res = ratio_by_domain(design, ind, None, mask, one, kind="mean")
    p, se = res["estimate"][0, 0], np.sqrt(res["var"][0, 0])
    if method == "mean":
        lo_p, hi_p = p - q * se, p + q * se
    else:
        from wpsresearch.stats.intervals import proportion_interval

        # beta: R uses nrow() and degf() of the design the quantile is computed on
        lo, hi = proportion_interval(p, se, alpha, df, int(mask.sum()), method,
                                     degf=design.degf(mask))
        lo_p, hi_p = float(lo[0]), float(hi[0])
    lower = np.nan if (np.isnan(lo_p) or lo_p < 0) else sample.quantile(lo_p)
    upper = np.nan if (np.isnan(hi_p) or hi_p > 1) else sample.quantile(hi_p)
    return lower, upper, (upper - lower) / (2 * q)


def _replicate_ci(design, spec: QuantileSpec, qhat, q):
    from wpsresearch.stats.replicates import replicate_variance

    x, mask, sample, p = spec.x, spec.mask, spec.sample, spec.p
    rw = design._replicates
    weights = design.replicate_weights().to_numpy()
    reps = np.array([_Sorted(x[mask], weights[mask, r], sample.rule).quantile(p)
                     for r in range(rw.count)])
    se = float(np.sqrt(replicate_variance(rw, np.array([qhat]), reps[None, :])[0]))
    return qhat - q * se, qhat + q * se, se


class WoodruffInterval:
    """Quantile intervals of a list of quantiles at any level (picklable, no closure)."""

    def __init__(self, design, inputs, estimates, df, method="mean"):
        self.design, self.inputs, self.estimates, self.df = design, inputs, estimates, df
        self.method = method

    def __call__(self, alpha, with_se=False):
        dfs = np.broadcast_to(np.asarray(self.df, dtype=float), (len(self.inputs),))
        out = []
        for spec, q, d in zip(self.inputs, self.estimates, dfs):
            if spec.sample is None:
                out.append((np.nan,) * 3)
                continue
            out.append(_woodruff(self.design, spec, q, alpha, d, self.method))
        out = np.array(out, dtype=float).reshape(-1, 3)
        return (out[:, 0], out[:, 1], out[:, 2]) if with_se else (out[:, 0], out[:, 1])


def quantile(design, var, probs=(0.25, 0.5, 0.75), by=None, *, na_rm=True, df=None,
             level=0.95, qrule="math", interval="mean"):
    """Quantiles with Woodruff confidence intervals, as R ``svyquantile`` (survey >= 4.1).

    Parameters
    ----------
    design : SurveyDesign
    var : str or list of str
    probs : float or sequence of float
        A single float (one variable, no ``by``) gives a float :attr:`Estimate.estimate`.
    by : str or list of str, optional
    na_rm : bool
    df : float, "domain" or None
        Degrees of freedom of the interval; default R's: ``degf()`` of the design's rows
        with an answer (``svyquantile(na.rm=TRUE)`` drops the others first, so PSUs without
        any answer do not count); ``"domain"``: each group's own.
    level : float
    qrule : {"math", "school", "shahvaish", "hf1", ..., "hf9"}
        How the weighted distribution function is inverted, as R ``svyquantile(qrule=)``
        (``"math"``, R's default, is ``"hf1"``; ``"school"`` is ``"hf2"``; ``hf4``-``hf9``
        interpolate, Hyndman and Fan's definitions with weights).  Intervals invert the
        same rule.
    interval : {"mean", "beta", "xlogit", "asin", "score", "quantile"}
        R ``svyquantile(interval.type=)``: Woodruff's interval inverts the ``mean``
        (default), ``beta``, ``xlogit`` or ``asin`` interval of the proportion below the
        quantile; ``score`` inverts the score test (Francisco and Fuller; R
        ``ffullerCI``, Taylor designs); ``quantile`` (replicate designs only) recomputes
        the quantile in every replicate (R ``repCI``).

    Returns
    -------
    Estimate
        ``level`` holds the probability; ``se`` is R's ``(upper - lower) / (2 t)``.

    Notes
    -----
    R equivalent: ``svyquantile(~var, design, quantiles=probs, ci=TRUE, na.rm=TRUE)`` with
    its defaults ``qrule="math"`` and ``interval.type="mean"`` (Woodruff).

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> df = pd.DataFrame({"age": [18.0, 25, 31, 40, 52, 60, 33, 27]})
    >>> wps.stats.quantile(wps.stats.SurveyDesign(df), "age", 0.5).estimate
    31.0
    """
    scalar = np.ndim(probs) == 0
    probs = np.atleast_1d(np.asarray(probs, dtype=float))
    if np.any((probs < 0) | (probs > 1)):
        raise EstimationError(f"probs must lie in [0, 1], got {probs.tolist()}")
    level = check_level(level)
    if qrule not in QRULES:
        raise EstimationError(f"qrule must be one of {QRULES}, not {qrule!r}")
    if interval not in INTERVALS:
        raise EstimationError(f"interval must be one of {INTERVALS}, not {interval!r}")
    if interval == "score" and design._replicates is not None:
        raise EstimationError("interval='score' is for Taylor designs (as R)",
                              hint="on a replicate design use 'mean' or 'quantile'")
    if interval == "quantile" and design._replicates is None:
        raise EstimationError("interval='quantile' needs a replicate design",
                              hint="design.replicate(...) first, or another interval")
    domains = domains_of(design, by)
    names = _variables(var)
    scalar = scalar and not domains.by and len(names) == 1
    frames, inputs, dfs = [], [], []
    for name in names:
        values = numeric_column(design, name)
        miss = _check_na(values, name, na_rm)
        x = values.fillna(0.0).to_numpy()
        n = np.bincount(domains.codes[(domains.codes >= 0) & ~miss], minlength=domains.count)
        _no_empty(n, domains, name)
        base = base_frame(domains, name, n, count_missing(design, domains, miss))
        for g in range(domains.count):
            mask = (domains.codes == g) & ~miss
            sample = _Sorted(x[mask], design._weights[mask], qrule) if mask.any() else None
            inputs.extend(QuantileSpec(x, mask, sample, p) for p in probs)
        rows = [base.iloc[[g]].assign(level=p) for g in range(domains.count) for p in probs]
        frames.append(pd.concat(rows, ignore_index=True))
        dfs.append((domain_df(design, domains, df, len(probs), rows=~miss),
                    domains.count * len(probs)))
    frame = pd.concat(frames, ignore_index=True)
    dof = _merge_df(dfs)
    estimates = [np.nan if spec.sample is None else spec.sample.quantile(spec.p)
                 for spec in inputs]
    interval = WoodruffInterval(design, inputs, estimates, dof, interval)
    frame["estimate"] = estimates
    frame["ci_low"], frame["ci_high"], frame["se"] = interval(1 - level, with_se=True)
    frame["deff"] = np.nan
    frame = _order(frame, domains.by)
    return Estimate("quantile", frame, domains.by, dof, level,
                    "replicate" if interval.method == "quantile" else "woodruff",
                    design.policy, interval, None, scalar)
