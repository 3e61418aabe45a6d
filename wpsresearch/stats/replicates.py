"""Replicate weights: jackknife (JK1, JKn), Rao-Wu bootstrap, BRR/Fay and user-supplied weights.

R ``as.svrepdesign`` / ``svrepdesign`` semantics.  The variance of a statistic is
``scale * sum_r rscales_r (theta_r - c)^2`` with ``c`` the full-sample estimate
(``mse=True``) or the mean of the replicates (``mse=False``, R's default).

Replicate weights built from a design (jackknife, bootstrap) are constant within a PSU, so
they are stored as a PSU x R matrix of *factors*: a replicate total is then
``(PSU totals)' @ factors``, never an n x R matrix.  That is what makes 200 bootstrap
replicates on a million respondents take well under a second and almost no memory (R and
the ``svy`` package both materialise n x R weights).  User-supplied weights
(:meth:`SurveyDesign.from_replicates`) are kept as one n x R float64 array.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from wpsresearch.errors import DesignError

__all__ = ["ReplicateWeights", "jackknife_weights", "bootstrap_weights", "brr_weights",
           "replicate_totals",
           "replicate_variance", "REPLICATE_TYPES"]

REPLICATE_TYPES = ("JK1", "JKn", "bootstrap", "BRR", "Fay", "other")
MAX_JACKKNIFE_UNITS = 5_000


@dataclass(frozen=True, eq=False)
class ReplicateWeights:
    """Replicate weights of a design and the constants of its variance formula.

    Either ``factors`` (units x R, multiplying the full-sample weight of every row of the
    unit ``unit[i]``) or ``absolute`` (n x R replicate weights) is set.
    """

    type: str
    scale: float
    rscales: np.ndarray
    mse: bool
    unit: np.ndarray | None = None
    factors: np.ndarray | None = None
    absolute: np.ndarray | None = None
    df: int | None = None
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def count(self) -> int:
        return int(self.rscales.shape[0])

    def degf(self, weights=None, rows=None) -> int:
        """R ``degf`` of a replicate design: rank of the replicate weights minus one.

        R's rank is ``qr(weights(design, "analysis"), tol=1e-5)$rank`` (LINPACK ``dqrdc2``:
        a column whose norm, after removing the columns before it, falls below ``1e-5`` of
        its own norm does not count); computed here from the R x R cross-product.
        ``weights`` (the full-sample weights) are needed for factor-stored replicates.
        """
        if self.df is not None:
            return int(self.df)
        if rows is not None and not np.all(rows):
            # R's subset of a replicate design drops the other rows and recomputes degf
            rows = np.asarray(rows, dtype=bool)
            if self.absolute is not None and rows.sum() * self.count <= 2_000_000:
                # few rows: the rank of the matrix itself (the cross-product squares its
                # condition number, and a domain's weights can be nearly rank-deficient)
                return _qr_rank_columns(self.absolute[rows], 1e-5) - 1
            return _qr_rank(self._gram(weights, rows), 1e-5) - 1
        if "rank" not in self._cache:
            self._cache["rank"] = _qr_rank(self._gram(weights, None), 1e-5)
        return self._cache["rank"] - 1

    def _gram(self, weights, rows):
        """R x R cross-product of the replicate weights of ``rows`` (all rows: None)."""
        if self.factors is not None:
            w2 = np.ones(len(self.unit)) if weights is None else np.asarray(weights) ** 2
            if rows is not None:
                w2 = np.where(rows, w2, 0.0)
            w2 = np.bincount(self.unit, w2, minlength=self.factors.shape[0])
            return self.factors.T @ (self.factors * w2[:, None])
        values = self.absolute if rows is None else self.absolute[rows]
        gram = np.zeros((self.count, self.count))
        for start in range(0, values.shape[0], 200_000):
            block = values[start:start + 200_000]
            gram += block.T @ block
        return gram


def _qr_rank_columns(m: np.ndarray, tol: float) -> int:
    """LINPACK ``dqrdc2``'s rank of ``m`` (rows x columns): columns in order, one whose norm
    after removing the kept columns falls below ``tol`` times its own is set aside; at most
    as many as there are rows."""
    q = np.zeros((m.shape[0], 0))
    kept = 0
    for j in range(m.shape[1]):
        if kept >= m.shape[0]:
            break
        v = m[:, j].astype(float)
        norm = np.linalg.norm(v)
        if norm == 0:
            continue
        r = v - q @ (q.T @ v)
        r = r - q @ (q.T @ r)  # re-orthogonalised (classical Gram-Schmidt twice)
        rn = np.linalg.norm(r)
        if rn >= tol * norm:
            q = np.column_stack([q, r / rn])
            kept += 1
    return kept


def _qr_rank(gram: np.ndarray, tol: float) -> int:
    """Rank as LINPACK ``dqrdc2`` (R ``qr()``) decides it, from the cross-product matrix.

    Columns are taken in order; one whose residual (after the kept columns before it) has
    a norm below ``tol`` times its own norm is set aside, as ``dqrdc2`` moves it to the end.
    """
    from scipy.linalg import solve_triangular

    k = gram.shape[0]
    chol = np.zeros((k, k))
    kept: list[int] = []
    for j in range(k):
        norm2 = gram[j, j]
        if norm2 <= 0:
            continue
        m = len(kept)
        c = solve_triangular(chol[:m, :m], gram[kept, j], lower=True) if m else np.zeros(0)
        resid2 = norm2 - c @ c
        if resid2 > tol**2 * norm2:
            chol[m, :m] = c
            chol[m, m] = np.sqrt(resid2)
            kept.append(j)
    return len(kept)


def _unit_codes(design):
    stage = design._stages[0]
    return stage.unit, stage.unit_stratum, stage.n, stage.fpc_factor


def jackknife_weights(design, kind: str, mse: bool) -> ReplicateWeights:
    """R ``jk1weights`` / ``jknweights``: drop one PSU per replicate, reweight its stratum.

    The first-stage fpc enters as R's ``fpc*(n-1)/n`` (``scale`` for JK1, ``rscales`` for JKn).
    """
    unit, unit_stratum, n_h, f_h = _unit_codes(design)
    n_units = unit_stratum.shape[0]
    if n_units > MAX_JACKKNIFE_UNITS:
        # one replicate per PSU: a units x units factor matrix (8 bytes a cell)
        raise DesignError(f"a jackknife of {n_units:,} PSUs needs {n_units:,} replicates",
                          hint="use replicate('bootstrap', replicates=...) for designs with "
                               "many PSUs (or element sampling)")
    if kind == "JK1":
        if n_h.shape[0] > 1:
            raise DesignError("JK1 is for unstratified designs; use 'JKn' for a stratified one",
                              hint="R as.svrepdesign(type='auto') picks JKn when there are strata")
        n = n_units
        if n < 2:
            raise DesignError("a jackknife needs at least two PSUs")
        factors = np.full((n_units, n_units), n / (n - 1))
        np.fill_diagonal(factors, 0.0)
        return ReplicateWeights("JK1", float(f_h[0] * (n - 1) / n), np.ones(n), mse,
                                unit=unit, factors=factors)
    lonely = np.flatnonzero(n_h < 2)
    if lonely.size:
        raise DesignError(f"{lonely.size} stratum/strata have a single PSU: a stratified jackknife "
                          "cannot delete it", hint="merge single-PSU strata before replicate()")
    nh_unit = n_h[unit_stratum].astype(float)
    factors = np.ones((n_units, n_units))
    same = unit_stratum[:, None] == unit_stratum[None, :]
    factors[same] = np.broadcast_to((nh_unit / (nh_unit - 1))[None, :], same.shape)[same]
    np.fill_diagonal(factors, 0.0)
    rscales = f_h[unit_stratum] * (nh_unit - 1) / nh_unit
    return ReplicateWeights("JKn", 1.0, rscales, mse, unit=unit, factors=factors)


def brr_weights(design, fay_rho: float, mse: bool, large: str = "split") -> ReplicateWeights:
    """R ``brrweights`` / ``as.svrepdesign(type="BRR" | "Fay")``: half-samples from a Hadamard
    matrix, the same replicates R builds.

    Each stratum needs two PSUs (R ``small="fail"``); one with more is split into pairs
    (``large="split"``, an even number of PSUs, R's default) or into two halves
    (``large="merge"``).  PSUs are paired in R's order: strata sorted as text, PSUs by first
    appearance in the data.  Stratum ``k`` follows row ``k + 1`` of R's ``hadamard(K)``
    (:func:`wpsresearch.stats.hadamard.hadamard`), one replicate per column: the PSU in the
    chosen half gets factor ``2 - rho``, the other ``rho`` (Fay; BRR is ``rho = 0``).
    ``scale = 1 / (R (1 - rho)^2)``.  R drops the fpc for these replicates (with a warning);
    so does this.
    """
    from wpsresearch.stats.hadamard import hadamard

    if not 0 <= fay_rho < 1:
        raise DesignError(f"fay_rho must be in [0, 1), not {fay_rho!r}")
    if large not in ("split", "merge"):
        raise DesignError(f"large must be 'split' or 'merge', not {large!r}")
    stage = design._stages[0]
    unit, unit_stratum = stage.unit, stage.unit_stratum
    n_units = stage.n_units
    first = np.full(n_units, len(unit), dtype=np.int64)
    np.minimum.at(first, unit, np.arange(len(unit)))
    label = np.array([str(v) for v in stage.stratum_labels], dtype=object)[unit_stratum]
    psu_order = sorted(range(n_units), key=lambda u: (label[u], first[u]))
    sizes = {}
    for u in psu_order:
        sizes[label[u]] = sizes.get(label[u], 0) + 1
    small = [h for h, k in sizes.items() if k < 2]
    if small:
        raise DesignError(f"{len(small)} stratum/strata have a single PSU: BRR needs two per "
                          f"stratum (e.g. {small[:5]})",
                          hint="merge the stratum with a similar one, or use "
                               "replicate('JKn') or 'bootstrap'")
    half = np.zeros(n_units, dtype=np.int64)   # 0: first half-sample (R weights[, 1] = 0)
    pair = np.zeros(n_units, dtype=np.int64)   # R's weightstrata (1-based)
    upto = 0
    for kind in ("large", "good"):
        for h in sorted(sizes):
            k = sizes[h]
            if (kind == "good") != (k == 2):
                continue
            members = [u for u in psu_order if label[u] == h]
            if k == 2 or large == "split":
                if k % 2:
                    raise DesignError(f"stratum {h!r} has {k} PSUs: BRR splits a large "
                                      "stratum into pairs and needs an even number",
                                      hint="replicate('BRR', large='merge') splits it in "
                                           "two halves instead")
                for j, u in enumerate(members):
                    half[u] = j % 2
                    pair[u] = upto + j // 2 + 1
                upto += k // 2
            else:
                cut = k // 2
                for j, u in enumerate(members):
                    half[u] = 0 if j < cut else 1
                    pair[u] = upto + 1
                upto += 1
    H = hadamard(upto)
    chosen = H[pair, :].astype(float)  # R: h = H[1 + ii, i] + 1
    # R: column h of weights (w[,1] = half, w[,2] = 1 - half); wa*(2 - rho) + wb*rho
    first_col = half[:, None].astype(float)
    wa = np.where(chosen == 0, first_col, 1 - first_col)
    factors = wa * (2 - fay_rho) + (1 - wa) * fay_rho
    count = H.shape[1]
    kind = "BRR" if fay_rho == 0 else "Fay"
    return ReplicateWeights(kind, 1.0 / (count * (1 - fay_rho) ** 2), np.ones(count), mse,
                            unit=unit, factors=factors)


def bootstrap_weights(design, replicates: int, seed, mse: bool) -> ReplicateWeights:
    """Rao-Wu (1988) rescaling bootstrap with ``n_h - 1`` PSUs resampled per stratum.

    Factor of PSU i in replicate r: ``1 - l + l * n_h/(n_h - 1) * m_ri`` with ``m_ri`` the
    times it is drawn and ``l = sqrt(1 - f_h)`` (``l = 1`` without an fpc, the classic
    ``n_h/(n_h-1) m_ri``).  This is the bootstrap of R ``as.svrepdesign(type="bootstrap")``
    (``bootweights``, Canty & Davison 1999), with its ``scale = 1/(R-1)``; random draws
    differ from R's, so values agree in distribution, not digit by digit.
    """
    if not isinstance(replicates, (int, np.integer)) or replicates < 2:
        raise DesignError(f"replicates must be an integer >= 2, not {replicates!r}")
    unit, unit_stratum, n_h, f_h = _unit_codes(design)
    rng = np.random.default_rng(seed)
    factors = np.ones((unit_stratum.shape[0], replicates))
    order = np.argsort(unit_stratum, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(n_h)])
    for h in range(n_h.shape[0]):
        n = int(n_h[h])
        if n < 2:
            continue  # a lonely PSU cannot be resampled: it adds no variance (as R)
        units = order[bounds[h]:bounds[h + 1]]
        counts = rng.multinomial(n - 1, np.full(n, 1.0 / n), size=replicates).T
        lam = np.sqrt(max(f_h[h], 0.0))
        factors[units] = 1 - lam + lam * n / (n - 1) * counts
    return ReplicateWeights("bootstrap", 1.0 / (replicates - 1), np.ones(replicates), mse,
                            unit=unit, factors=factors)


def replicate_totals(rw: ReplicateWeights, weights: np.ndarray, values) -> np.ndarray:
    """Replicate totals (k x R) of the columns of ``values`` (n x k, dense or sparse).

    ``weights`` are the full-sample weights (zero for rows that do not count).
    """
    if rw.absolute is not None:
        active = weights != 0
        if sparse.issparse(values):
            vals = sparse.diags(active.astype(float)) @ values
            return np.asarray((vals.T @ rw.absolute))
        rows = np.flatnonzero(active)
        return values[rows].T @ rw.absolute[rows]
    n_units = rw.factors.shape[0]
    n = weights.shape[0]
    ind = sparse.csr_matrix((weights, (rw.unit, np.arange(n))), shape=(n_units, n))
    unit_tot = ind @ values
    if sparse.issparse(unit_tot):
        return np.asarray((unit_tot.T @ rw.factors))
    return unit_tot.T @ rw.factors


def replicate_variance(rw: ReplicateWeights, theta: np.ndarray, theta_r: np.ndarray,
                       full: bool = False, block: int | None = None):
    """``scale * sum_r rscales_r (theta_r - c)^2`` (R ``svrVar``), per row of ``theta_r``.

    ``c`` is ``theta`` (``mse=True``) or the mean of the replicates with ``rscales > 0``.
    A replicate that gives no estimate (NaN: the domain is empty in it) is discarded with a
    :class:`~wpsresearch.errors.WpsWarning`, as R's ``svrVar`` does (``na.omit``).  R runs
    ``svrVar`` once per ``svyby`` domain: ``block`` = rows of ``theta_r`` per domain, so a
    replicate is discarded only for the domain it fails in (``full=True``: for all rows, as
    ``svyby(covmat=TRUE)``).  Rows whose own estimate is NaN (a domain without respondents)
    stay NaN silently.
    """
    theta = np.asarray(theta, dtype=float)
    theta_r = np.asarray(theta_r, dtype=float)
    bad = ~np.isfinite(theta_r) & np.isfinite(theta)[:, None]
    if not bad.any():
        return _svrvar(rw, theta, theta_r, np.ones(rw.count, dtype=bool), full)
    if full:
        keep = ~bad.any(axis=0)
        _warn_dropped(int((~keep).sum()))
        return _svrvar(rw, theta, theta_r, keep, True)
    k = theta_r.shape[0] if block is None else int(block)
    out = np.empty(theta_r.shape[0])
    dropped = 0
    for start in range(0, theta_r.shape[0], k):
        rows = slice(start, start + k)
        keep = ~bad[rows].any(axis=0)
        dropped = max(dropped, int((~keep).sum()))
        out[rows] = _svrvar(rw, theta[rows], theta_r[rows], keep, False)
    _warn_dropped(dropped)
    return out


def _svrvar(rw, theta, theta_r, keep, full):
    if not keep.any():
        k = theta_r.shape[0]
        return np.full((k, k), np.nan) if full else np.full(k, np.nan)
    reps, rscales = theta_r[:, keep], rw.rscales[keep]
    centre = theta[:, None] if rw.mse else reps[:, rscales > 0].mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore"):  # a replicate without estimate stays NaN
        dev = reps - centre
    if full:
        return rw.scale * (dev * rscales[None, :]) @ dev.T
    return rw.scale * np.einsum("kr,kr,r->k", dev, dev, rscales)


def _warn_dropped(count):
    if count:
        import warnings

        from wpsresearch.errors import WpsWarning

        warnings.warn(f"{count} replicate(s) gave no estimate (the domain has no weight in "
                      "them) and were discarded, as R's svrVar does", WpsWarning, stacklevel=4)
