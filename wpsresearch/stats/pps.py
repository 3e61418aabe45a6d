"""PPS sampling without replacement with joint-probability variances (R ``pps_design``).

R's ``svydesign(pps=...)`` offers, besides Brewer's approximation (a per-PSU fpc, handled by
:mod:`wpsresearch.stats.variance`), variances written with a PSU x PSU matrix
``Dcheck_ij = (pi_ij - pi_i pi_j) / pi_ij`` and the PSU totals of the weighted scores
``x_i / pi_i``:

- Horvitz-Thompson: ``x' Dcheck x`` (R ``variance="HT"``, ``htvar.matrix``);
- Yates-Grundy / Sen: ``x' Dcheck x - sum_ij Dcheck_ij x_j^2`` (``variance="YG"``).

``Dcheck`` comes from the joint inclusion probabilities when they are known (R ``ppsmat``,
entries below ``tolerance`` set to 0), or from an approximation of them: Overton's
(``pps="overton"``) or Hartley and Rao's (``pps="HR"``).  The formulas are R's
``overton2Dcheck``, ``HRDcheck`` and ``pi2Dcheck``; no Python survey library offers them.
Single-stage designs only, as in R.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from wpsresearch.errors import DesignError

__all__ = ["PPSMatrix", "pps_matrix", "PPS_METHODS"]

PPS_METHODS = ("brewer", "overton", "HR")


@dataclass(frozen=True, eq=False)
class PPSMatrix:
    """``Dcheck`` (units x units, units in the stage's code order) and the variance formula."""

    dcheck: object
    variance: str

    def covariance(self, unit: np.ndarray, n_units: int, scores) -> np.ndarray:
        """Covariance of the column totals of ``scores`` (rows mapped to units by ``unit``)."""
        x = np.asarray(scores.toarray() if sparse.issparse(scores) else scores, dtype=float)
        if x.ndim == 1:
            x = x[:, None]
        xc = np.empty((n_units, x.shape[1]))
        for j in range(x.shape[1]):
            xc[:, j] = np.bincount(unit, x[:, j], minlength=n_units)
        dx = self.dcheck @ xc
        v = xc.T @ dx
        if self.variance == "YG":
            # R ygvar.matrix: minus sum(Dcheck %*% (x_a * x_b))
            row = np.asarray(self.dcheck.sum(axis=0)).ravel()
            v = v - (xc * row[:, None]).T @ xc
        return v


def _unit_values(values, unit, n_units, what):
    out = np.full(n_units, np.nan)
    out[unit] = values
    check = np.full(n_units, np.nan)
    check[unit[::-1]] = values[::-1]
    if not np.allclose(out, check, equal_nan=True):
        raise DesignError(f"the {what} varies within a PSU: it must be one value per PSU")
    return out


def pps_matrix(stage, probs, method, variance: str = "HT", *, psum=None,
               tolerance: float = 1e-4) -> PPSMatrix:
    """``Dcheck`` of R ``svydesign(pps=method)`` for one stage.

    Parameters
    ----------
    stage : Stage
        The first sampling stage (units and strata).
    probs : ndarray (rows,)
        Inclusion probability of each row's PSU.
    method : {"overton", "HR"} or ndarray
        Overton's approximation, Hartley-Rao's (``psum`` is R's ``HR(psum)`` argument,
        the ``p2bar`` of R's ``HRDcheck``; by default the stratum mean of ``pi``, as R's
        ``HR()``), or the PSU x PSU matrix of joint inclusion probabilities (R
        ``ppsmat``), PSUs in order of first appearance in the data.
    variance : {"HT", "YG"}
    """
    n_units = stage.n_units
    p = _unit_values(np.asarray(probs, dtype=float), stage.unit, n_units, "probability")
    strat = stage.unit_stratum
    same = strat[:, None] == strat[None, :]
    if isinstance(method, str) and method == "overton":
        n = np.bincount(strat)[strat].astype(float)
        fbar = (p[:, None] + p[None, :]) / 2
        with np.errstate(divide="ignore", invalid="ignore"):
            d = 1 - (n[:, None] - fbar) / (n[:, None] - 1)
        d[~same | (fbar == 1)] = 0.0
        np.fill_diagonal(d, 1 - np.diag(fbar))
    elif isinstance(method, str) and method == "HR":
        n = np.bincount(strat)[strat].astype(float)
        if psum is None:  # R HR(): the stratum mean of the probabilities
            p2bar = (np.bincount(strat, p) / np.bincount(strat))[strat]
        else:
            p2bar = np.full(n_units, float(psum))
        fbar = p[:, None] + p[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            d = 1 - (n[:, None] - fbar + p2bar[:, None]) / (n[:, None] - 1)
        d[~same | (fbar == 1)] = 0.0
        np.fill_diagonal(d, 1 - p)
    else:
        joint = np.asarray(method, dtype=float)
        if joint.shape != (n_units, n_units):
            raise DesignError(f"the joint inclusion probabilities must be a {n_units} x "
                              f"{n_units} matrix (one row and column per PSU), not "
                              f"{joint.shape}")
        # R orders PSUs by first appearance; our units are sorted codes
        first = np.full(n_units, len(stage.unit), dtype=np.int64)
        np.minimum.at(first, stage.unit, np.arange(len(stage.unit)))
        order = np.argsort(first, kind="stable")  # order[k] = unit appearing k-th
        where = np.empty(n_units, dtype=np.int64)
        where[order] = np.arange(n_units)
        pij = joint[np.ix_(where, where)]
        pi = np.diag(pij)
        with np.errstate(divide="ignore", invalid="ignore"):
            d = (pij - np.outer(pi, pi)) / pij
        d[np.abs(d) < tolerance] = 0.0
    if variance not in ("HT", "YG"):
        raise DesignError(f"variance must be 'HT' or 'YG', not {variance!r}")
    return PPSMatrix(sparse.csr_matrix(d), variance)
