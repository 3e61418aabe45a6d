"""Taylor-linearisation variance of estimated totals, R ``svyrecvar`` for design-based estimators.

Every estimator here reduces to a matrix of *scores* (one row per respondent, one column per
estimate; R's ``x/design$prob`` after linearisation).  The variance is R's ``multistage``:
at each stage, within each stratum, ``f * n/(n-1) * sum_j (z_j - zbar)(z_j - zbar)'`` over the
unit totals ``z_j``, with ``f = (N-n)/N``; later stages (only when their fpc is given) are
added with the sampling fractions of the stages above as multipliers.

Written with ``np.bincount`` rather than R's per-stratum loops, so a million respondents in
800 PSUs take a fraction of a second.  No Python library implements R's lonely-PSU rules and
multistage recursion exactly (samplics gets two-stage variance wrong), hence this module.

Domain estimates (``by=``) pass :class:`DomainScores`: each respondent has scores only in
the columns of its own domain, so unit totals are kept per (unit, domain) pair and a unit
without members in a domain counts as a zero total, exactly as R's ``subset()`` does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from wpsresearch.stats.sampling_stages import SELF_REPRESENTING, Stage

__all__ = ["linearised_variance", "DomainScores"]


@dataclass(frozen=True, eq=False)
class DomainScores:
    """Scores of ``L`` columns for the respondents ``rows``, each in its domain ``g`` (0..G-1).

    Stands for the (n x G*L) matrix whose row ``rows[i]`` holds ``values[i]`` in columns
    ``g[i]*L .. g[i]*L + L - 1`` and zeros elsewhere.

    ``linear = (u, v, a, b)`` gives the scores as ``a[g] * u + b[g] * v`` (a mean's
    ``w (y - est) / sum(w)`` is ``u = w y``, ``v = w``): unit totals then come from two
    bincounts of ``u`` and ``v`` without forming the scores row by row (``values`` is built
    only when asked for).
    """

    rows: np.ndarray
    g: np.ndarray
    _values: np.ndarray | None
    n_domains: int
    linear: tuple | None = None

    @property
    def values(self) -> np.ndarray:
        if self._values is None:
            u, v, a, b = self.linear
            object.__setattr__(self, "_values", a[self.g] * u + b[self.g] * v[:, None])
        return self._values

    def dense(self, n_rows: int) -> np.ndarray:
        L = self.values.shape[1]
        out = np.zeros((n_rows, self.n_domains * L))
        cols = self.g[:, None] * L + np.arange(L)[None, :]
        out[self.rows[:, None], cols] = self.values
        return out


def _unit_totals(stage: Stage, scores: np.ndarray) -> np.ndarray:
    """Totals of the score columns within each unit of the stage (dense units x k)."""
    n_units = stage.n_units
    if sparse.issparse(scores):
        ind = sparse.csr_matrix((np.ones(scores.shape[0]), (stage.unit, np.arange(scores.shape[0]))),
                                shape=(n_units, scores.shape[0]))
        return np.asarray((ind @ scores).toarray())
    if n_units == scores.shape[0] and np.array_equal(stage.unit, np.arange(n_units)):
        return scores
    out = np.empty((n_units, scores.shape[1]))
    for j in range(scores.shape[1]):
        out[:, j] = np.bincount(stage.unit, weights=scores[:, j], minlength=n_units)
    return out


def _stratum_scale(stage: Stage, lonely_psu: str, present=None):
    """Per-stratum variance multipliers, whether to centre, and the columns R makes NaN.

    R ``onestrat``/``onestage``.  ``present`` (strata x D bool, or None = every stratum) says
    which strata hold rows of each of D domains: R's ``subset()`` of an uncalibrated design
    drops the other rows, so under ``"average"`` a stratum without members in the domain is
    not counted in ``nstrat / nokstrat``.  Returns ``scale`` (strata x D), ``centre``
    (strata,) and ``nan`` (D,): R gives NaN when a group of strata holds rows but none has
    two or more PSUs (``sum(NA, na.rm=TRUE) * nstrat / 0``).
    """
    n = stage.n.astype(float)
    f = stage.fpc_factor
    lonely = n == 1
    scale = np.where(lonely, f, f * n / np.maximum(n - 1, 1)) * stage.multiplier
    scale = np.where(f < SELF_REPRESENTING, 0.0, scale)
    # R "adjust": a lonely PSU is centred at the population (score) mean, i.e. at zero
    centre = ~(lonely & (lonely_psu == "adjust"))
    n_strata = n.shape[0]
    if present is None:
        present = np.ones((n_strata, 1), dtype=bool)
    D = present.shape[1]
    if lonely_psu != "average":
        return np.broadcast_to(scale[:, None], (n_strata, D)), centre, np.zeros(D, dtype=bool)
    # R: lonely strata give NA, dropped; the sum is scaled by nstrat / nokstrat per group
    ok = ~lonely | (f < SELF_REPRESENTING)
    n_groups = int(stage.stratum_group.max()) + 1
    nstrat = np.zeros((n_groups, D))
    nok = np.zeros((n_groups, D))
    np.add.at(nstrat, stage.stratum_group, present.astype(float))
    np.add.at(nok, stage.stratum_group, (present & ok[:, None]).astype(float))
    factor = np.divide(nstrat, nok, out=np.zeros_like(nstrat), where=nok > 0)
    nan = ((nstrat > 0) & (nok == 0)).any(axis=0)
    scale = np.where(ok[:, None], scale[:, None] * factor[stage.stratum_group], 0.0)
    return scale, centre, nan


def _dense_stage(stage: Stage, scores, lonely_psu: str, full: bool, present=None):
    z = _unit_totals(stage, scores)
    k = z.shape[1]
    n_strata = stage.n.shape[0]
    strata_present = None
    if present is not None and lonely_psu == "average":
        strata_present = (np.bincount(stage.unit_stratum[stage.unit[present]],
                                      minlength=n_strata) > 0)[:, None]
    scale, centre, nan = _stratum_scale(stage, lonely_psu, strata_present)
    scale = scale[:, 0]
    unit_scale = scale[stage.unit_stratum]
    if stage.unit_fpc is not None:
        # Brewer: each unit's own 1 - pi_i in place of the stratum's (N - n) / N
        f_h = stage.fpc_factor[stage.unit_stratum]
        unit_scale = np.divide(unit_scale * stage.unit_fpc, f_h, out=np.zeros_like(f_h),
                               where=f_h > 0)
    sums = np.empty((n_strata, k))
    for j in range(k):
        sums[:, j] = np.bincount(stage.unit_stratum, weights=z[:, j], minlength=n_strata)
    means = sums / np.maximum(stage.n, 1)[:, None]
    means[~centre] = 0.0
    zc = z - means[stage.unit_stratum]
    w = unit_scale
    out = (zc * w[:, None]).T @ zc if full else np.einsum("ij,ij,i->j", zc, zc, w)
    return out * np.nan if nan[0] else out


def _pair_codes(unit: np.ndarray, g: np.ndarray, n_units: int, n_domains: int):
    """Codes of the (unit, domain) pairs present, and the unit and domain of each pair."""
    key = unit.astype(np.int64) * n_domains + g
    if n_units * n_domains <= 4 * len(key) + 1_000_000:
        present = np.bincount(key, minlength=n_units * n_domains) > 0
        lookup = np.cumsum(present) - 1
        pairs = np.flatnonzero(present)
        return lookup[key], pairs // n_domains, pairs % n_domains
    codes, uniques = pd.factorize(key)
    uniques = np.asarray(uniques)
    return codes, uniques // n_domains, uniques % n_domains


def _domain_stage(stage: Stage, ds: DomainScores, lonely_psu: str,
                  domain_present: bool = True) -> np.ndarray:
    """Variances (G*L,) of the domain columns at one stage, without building the n x G*L matrix.

    Within stratum h and domain column c, with pair totals z and m = sum(z) / n_h:
    sum_j (z_j - m)^2 = sum_pairs (z - m)^2 + (n_h - pairs_h) m^2, the second term for the
    units with no member in the domain (their total is zero).
    """
    G = ds.n_domains
    L = ds.linear[0].shape[1] if ds._values is None else ds._values.shape[1]
    unit = stage.unit if len(ds.rows) == stage.unit.shape[0] else stage.unit[ds.rows]
    cells = stage.n_units * G
    if cells <= 4 * len(ds.rows) + 1_000_000:
        # few (unit, domain) cells: totals straight into the dense table, then keep the
        # cells that hold rows (no per-row recoding)
        key = unit * G + ds.g  # unit codes are int64
        held = np.flatnonzero(np.bincount(key, minlength=cells))
        p_unit, p_g = held // G, held % G
        if ds._values is None:  # scores a[g] u + b[g] v: totals of u and v per cell
            u, v, a, b = ds.linear
            zv = np.bincount(key, v, minlength=cells)[held]
            z = np.stack([a[p_g, l] * np.bincount(key, u[:, l], minlength=cells)[held]
                          + b[p_g, l] * zv for l in range(L)], 1)
        else:
            z = np.stack([np.bincount(key, ds.values[:, l], minlength=cells)[held]
                          for l in range(L)], 1).astype(float)
    else:
        pair, p_unit, p_g = _pair_codes(unit, ds.g, stage.n_units, G)
        P = len(p_unit)
        z = np.stack([np.bincount(pair, ds.values[:, l], minlength=P) for l in range(L)], 1)
        z = z.astype(float)  # bincount of no rows is integer
    p_stratum = stage.unit_stratum[p_unit]
    n_strata = stage.n.shape[0]
    cell = p_stratum * G + p_g  # (stratum, domain) of each pair
    n_cells = n_strata * G
    present = np.bincount(cell, minlength=n_cells).astype(float)
    in_domain = present.reshape(n_strata, G) > 0 if domain_present else None
    scale, centre, nan = _stratum_scale(stage, lonely_psu, in_domain)
    if scale.shape[1] != G:
        scale = np.broadcast_to(scale[:, :1], (n_strata, G))
    sums = np.stack([np.bincount(cell, z[:, l], minlength=n_cells) for l in range(L)], 1)
    n_h = np.repeat(stage.n.astype(float), G)
    mean = np.where(np.repeat(centre, G)[:, None], sums / np.maximum(n_h, 1)[:, None], 0.0)
    dev2 = (z - mean[cell]) ** 2
    ss = np.stack([np.bincount(cell, dev2[:, l], minlength=n_cells) for l in range(L)], 1)
    ss = ss.astype(float)
    ss += (n_h - present)[:, None] * mean**2
    ss *= scale.reshape(n_cells)[:, None]
    out = ss.reshape(n_strata, G * L).sum(axis=0)
    if nan.any():
        out[np.repeat(np.broadcast_to(nan, (G,)), L)] = np.nan
    return out


def linearised_variance(stages, scores, lonely_psu: str = "fail", full: bool = False,
                        present=None):
    """Variance of the column totals of ``scores`` under the design's stages.

    Parameters
    ----------
    stages : list of Stage
    scores : ndarray (n, k), scipy sparse matrix, or DomainScores
        Linearised scores (weighted influence values), one row per respondent.
    lonely_psu : {"fail", "remove", "adjust", "average", "certainty"}
    full : bool
        Return the k x k covariance matrix instead of the k variances.
    present : None, bool ndarray (n,) or "domain"
        Rows that belong to the design R would see.  R's ``subset()`` of an uncalibrated
        design drops the rows outside the domain (and ``na.rm`` drops missing answers), which
        changes ``lonely_psu="average"`` (strata counted) and nothing else.  ``"domain"``
        (DomainScores only): each domain's own rows.  ``None``: every row (a calibrated
        design, which R subsets by zeroing weights).
    """
    if isinstance(scores, DomainScores):
        if full or any(st.unit_fpc is not None for st in stages):
            # (Brewer's unit-by-unit fpc: through the dense path)
            if present == "domain":
                present = np.zeros(stages[0].unit.shape[0], dtype=bool)
                present[scores.rows] = True
            scores = scores.dense(stages[0].unit.shape[0])
        else:
            return sum(_domain_stage(st, scores, lonely_psu, present == "domain")
                       for st in stages)
    if isinstance(present, str):
        present = None
    if not sparse.issparse(scores):
        scores = np.asarray(scores, dtype=float)
        if scores.ndim == 1:
            scores = scores[:, None]
    return sum(_dense_stage(st, scores, lonely_psu, full, present) for st in stages)
