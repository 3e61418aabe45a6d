"""Domain (``by=``) estimation of ratios of totals: the engine behind mean, total, proportion.

R's ``svyby`` runs the estimator once per domain on ``subset(design, ...)``; because a subset
keeps every PSU with zero weights outside the domain, the result is the same as computing all
domains at once with scores that are zero outside their own domain.  Doing that in one sparse
matrix (one column per domain x level) is what makes a million respondents fast.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from wpsresearch.errors import EstimationError
from scipy import sparse

from wpsresearch.stats.replicates import replicate_totals, replicate_variance
from wpsresearch.stats.variance import DomainScores

__all__ = ["Domains", "domains_of", "ratio_by_domain", "srs_variance"]


@dataclass(frozen=True)
class Domains:
    """Row -> domain code (-1 outside every domain) and one row of ``by`` values per domain."""

    codes: np.ndarray
    groups: pd.DataFrame
    by: tuple

    @property
    def count(self) -> int:
        return len(self.groups)


def _as_by(by) -> tuple:
    if by is None:
        return ()
    if isinstance(by, str):
        return (by,)
    return tuple(by)


def domains_of(design, by) -> Domains:
    """Domains defined by the ``by`` columns within the design's domain (R ``svyby``)."""
    by = _as_by(by)
    inside = design._domain.copy()
    if not by:
        codes = np.where(inside, 0, -1).astype(np.int64)
        return Domains(codes, pd.DataFrame(index=[0]), by)
    combined = np.zeros(len(inside), dtype=np.int64)
    uniques = []
    for b in by:
        if b == design.strata and design.strata is not None:
            # the strata were factorised (sorted) when the design was built: reuse them
            st = design._stages[0]
            uniq_b = st.stratum_labels
            codes_b = st.row_stratum if st.row_stratum is not None else \
                st.unit_stratum[st.unit]
            if len(by) == 1 and inside.all():  # every stratum holds rows by construction
                return Domains(np.asarray(codes_b, dtype=np.int64),
                               pd.DataFrame({b: np.asarray(uniq_b)}), by)
        else:
            codes_b, uniq_b = pd.factorize(design.column(b), sort=True)
        inside &= codes_b >= 0  # a missing by value leaves the respondent out (R svyby)
        if len(by) == 1 and inside.all() and len(uniq_b) and \
                np.all(np.bincount(codes_b, minlength=len(uniq_b)) > 0):
            # every row in a domain and every level present: the codes are the domains
            return Domains(np.asarray(codes_b, dtype=np.int64),
                           pd.DataFrame({b: np.asarray(uniq_b)}), by)
        combined = combined * max(len(uniq_b), 1) + codes_b
        uniques.append(uniq_b)
    if not inside.any():
        raise EstimationError("no respondent in the domain has values for the by columns",
                              column=list(by))
    codes = np.full(len(inside), -1, dtype=np.int64)
    keys = combined[inside]
    if int(keys.max()) < 4 * len(keys) + 1_000_000:
        seen = np.bincount(keys) > 0
        present = np.flatnonzero(seen)
        codes[inside] = (np.cumsum(seen) - 1)[keys]
    else:
        present, codes[inside] = np.unique(keys, return_inverse=True)
    parts, rest = {}, present
    for b, uniq_b in zip(reversed(by), reversed(uniques)):
        parts[b] = np.asarray(uniq_b)[rest % max(len(uniq_b), 1)]
        rest = rest // max(len(uniq_b), 1)
    groups = pd.DataFrame({b: parts[b] for b in by})
    return Domains(codes, groups, by)


@dataclass(frozen=True, eq=False)
class _Entering:
    """The rows that enter an estimate (positions in the design's data), the domain of
    each (``g``) and how many domains there are (``count``)."""

    rows: np.ndarray
    g: np.ndarray
    count: int


# stands for a column of ones (a mean's denominator) without allocating it
MEAN_DENOMINATOR = "mean denominator"


def _group_sums(codes, weights, n_groups):
    return np.bincount(codes, weights=weights, minlength=n_groups)


def ratio_by_domain(design, y: np.ndarray, x: np.ndarray | None, valid: np.ndarray,
                    domains: Domains, *, kind: str, full: bool = False):
    """Estimates and variances of sum(w y_l) / sum(w x_l) per domain and column.

    Parameters
    ----------
    y : ndarray (n, L)
        Values (rows outside ``valid`` are ignored).
    x : ndarray (n, L) or None
        Denominator values; ``None`` means 1 for a mean, or no denominator for a total.
    valid : bool ndarray (n,)
        Rows that enter (in the design's domain, not missing).
    kind : {"mean", "total", "ratio"}

    Returns
    -------
    dict with ``estimate`` (G, L), ``var`` (G, L) or full covariance, ``n`` (G,),
    ``weight_sum`` (G,), ``denominator`` (G, L).
    """
    G, L = domains.count, y.shape[1]
    sel = valid & (domains.codes >= 0)
    if sel.all():  # every row enters: views, not copies (a million rows stay cheap)
        rows = np.arange(len(sel))
        g, w, yv = domains.codes, design._weights, y
    else:
        rows = np.flatnonzero(sel)
        g = domains.codes[rows]
        w = design._weights[rows]
        yv = y[rows]
    n = np.bincount(g, minlength=G)
    wsum = _group_sums(g, w, G)
    wy = w[:, None] * yv
    num = np.stack([_group_sums(g, wy[:, l], G) for l in range(L)], axis=1)
    xv = None
    if kind == "total":
        est, den = num, None
    elif x is None:  # a mean: the denominator is the domain's weight total
        den = np.repeat(wsum[:, None], L, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            est = num / den
    else:
        xv = x if len(rows) == len(x) else x[rows]
        den = np.stack([_group_sums(g, w * xv[:, l], G) for l in range(L)], axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            est = num / den
    theta_r = scores = None
    if design._replicates is not None:
        if kind != "total" and xv is None:
            # a mean's denominator is 1 per row: the PSU-factor path sums the weights
            # directly (MEAN_DENOMINATOR), supplied replicate weights need the column
            xv = MEAN_DENOMINATOR if design._replicates.factors is not None \
                else np.ones_like(yv)
        theta_r = _replicate_estimates(design, _Entering(rows, g, G), yv,
                                       None if kind == "total" else xv, x is None)
        var = replicate_variance(design._replicates, np.asarray(est, dtype=float).ravel(),
                                 theta_r, full=full, block=L)
    else:
        # linearised scores (R's influence functions), only for Taylor variances
        linear = None
        with np.errstate(invalid="ignore", divide="ignore"):
            if kind == "total":
                score = wy
            elif x is None:  # w (y - est) / wsum = (1/wsum) w y - (est/wsum) w
                score = None
                inv = 1.0 / wsum
                linear = (wy, w, np.repeat(inv[:, None], L, axis=1), -est * inv[:, None])
            else:
                score = w[:, None] * (yv - est[g] * xv) / den[g]
        scores = DomainScores(rows, g, score, G, linear)
        var = design.variance_of_totals(scores, full=full)
    if not full:
        var = var.reshape(G, L)
        var[n == 0] = np.nan  # R svyby: a domain without respondents has no estimate
    return {"estimate": est, "var": var, "n": n, "weight_sum": wsum, "denominator": den,
            "rows": rows, "g": g, "replicates": theta_r, "scores": scores}


def _domain_matrix(n, rows, g, values, G):
    """Sparse (n x G*L) matrix holding ``values[i]`` in the columns of row ``rows[i]``'s domain."""
    L = values.shape[1]
    cols = (g[:, None] * L + np.arange(L)[None, :]).ravel()
    return sparse.csr_matrix((values.ravel(), (np.repeat(rows, L), cols)), shape=(n, G * L))


def _replicate_estimates(design, entering: _Entering, yv, xv, is_mean):
    """Replicate estimates (G*L x R) of sum(w_r y) / sum(w_r x) (R ``svrVar``'s thetas).

    All replicates at once: replicate totals are one sparse-times-dense product.
    """
    rw = design._replicates
    if rw.factors is not None:
        return _factor_replicate_estimates(design, entering, yv, xv, is_mean)
    rows, g, G = entering.rows, entering.g, entering.count
    n = len(design.data)
    L = yv.shape[1]
    w = np.zeros(n)
    w[rows] = design._weights[rows]
    num = replicate_totals(rw, w, _domain_matrix(n, rows, g, yv, G))
    with np.errstate(invalid="ignore", divide="ignore"):
        if xv is None:
            return num
        if is_mean:
            den = replicate_totals(rw, w, _domain_matrix(n, rows, g, np.ones((len(rows), 1)), G))
            return num / np.repeat(den, L, axis=0)
        return num / replicate_totals(rw, w, _domain_matrix(n, rows, g, xv, G))


def _factor_replicate_estimates(design, entering: _Entering, yv, xv, is_mean):
    """PSU-factor replicates: (PSU, domain) totals by one bincount, then one product."""
    rw, rows, g, G = design._replicates, entering.rows, entering.g, entering.count
    n_units, L = rw.factors.shape[0], yv.shape[1]
    every = len(rows) == len(design._weights)  # rows is then 0..n-1: no copies
    w = design._weights if every else design._weights[rows]
    key = (rw.unit if every else rw.unit[rows]) * G + g

    def totals(values):  # (G*L, R): replicate totals of each domain x column
        if values is None:  # the weights themselves (a mean's denominator)
            cell = np.bincount(key, w, minlength=n_units * G).reshape(n_units, G)
            return cell.T @ rw.factors
        out = np.empty((n_units, G, values.shape[1]))
        for l in range(values.shape[1]):
            out[:, :, l] = np.bincount(key, w * values[:, l],
                                       minlength=n_units * G).reshape(n_units, G)
        return out.reshape(n_units, -1).T @ rw.factors

    num = totals(yv)
    with np.errstate(invalid="ignore", divide="ignore"):
        if xv is None:
            return num
        if is_mean:
            return num / np.repeat(totals(None), L, axis=0)
        return num / totals(xv)


def srs_variance(design, y, res, *, kind, replace):
    """Variance under simple random sampling for design effects (R ``deff=`` in svymean)."""
    rows, g = res["rows"], res["g"]
    G, L = res["estimate"].shape
    w = design._weights[rows]
    n = res["n"].astype(float)
    psum = res["weight_sum"]
    mean = np.stack([np.bincount(g, w * y[rows, l], minlength=G) for l in range(L)], 1) / psum[:, None]
    dev2 = (y[rows] - mean[g]) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        svyvar = np.stack([np.bincount(g, w * dev2[:, l], minlength=G) for l in range(L)], 1)
        svyvar = svyvar / psum[:, None] * (n / (n - 1))[:, None]
        if kind == "total":
            factor = psum**2 / n if replace else psum**2 * (psum - n) / (psum * n)
        else:
            factor = 1 / n if replace else (psum - n) / (psum * n)
        return svyvar * factor[:, None]


def ratio_srs_variance(design, y, x, res, *, replace):
    """SRS variance behind a ratio's design effect, R ``deff(svyratio(..., deff=TRUE))``.

    R: ``deff(svytotal(r, design, deff=))`` with ``r = (y - R x) / sum(w x)``, so the SRS
    variance is that of a total of ``r``.
    """
    rows, g = res["rows"], res["g"]
    r = np.zeros_like(y, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        r[rows] = (y[rows] - res["estimate"][g] * x[rows]) / res["denominator"][g]
    return srs_variance(design, r, res, kind="total", replace=replace)
