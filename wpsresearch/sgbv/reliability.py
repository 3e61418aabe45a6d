"""Inter-coder reliability: percent agreement, Cohen's and Fleiss' kappa, Krippendorff's alpha.

Cohen's and Fleiss' kappa call ``statsmodels.stats.inter_rater`` (checked against every
reference value in ``tests/data/irr/reliability_examples.json``).  Krippendorff's alpha is
written here from Krippendorff's coincidence-matrix definition ("Computing Krippendorff's
Alpha-Reliability", 2011) because the ``krippendorff`` package is not a dependency and
statsmodels has no alpha; it handles missing values and the nominal, ordinal, interval and
ratio metrics.
"""

from __future__ import annotations

from dataclasses import dataclass

from wpsresearch.errors import EstimationError, InputError

__all__ = ["KappaResult", "percent_agreement", "cohen_kappa", "fleiss_kappa",
           "krippendorff_alpha", "LEVELS"]

LEVELS = ("nominal", "ordinal", "interval", "ratio")


@dataclass(frozen=True)
class KappaResult:
    """A chance-corrected agreement coefficient with its parts."""

    statistic: str
    kappa: float
    p_observed: float
    p_expected: float
    n_units: int
    n_coders: int
    weights: str | None = None

    def __float__(self) -> float:
        return float(self.kappa)

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([self.__dict__])

    def summary(self) -> str:
        w = f", {self.weights} weights" if self.weights else ""
        return (f"{self.statistic} = {self.kappa:.4f}{w} (observed {self.p_observed:.4f}, "
                f"chance {self.p_expected:.4f}; {self.n_units} units, {self.n_coders} coders)")

    def _repr_html_(self) -> str:
        return f"<p>{self.summary()}</p>"


def _matrix(data):
    """Coders × units float matrix with NaN for missing; accepts lists, arrays, DataFrames."""
    import pandas as pd

    try:
        m = pd.DataFrame(data).apply(pd.to_numeric, errors="raise").to_numpy(dtype=float)
    except (ValueError, TypeError) as exc:
        raise InputError("reliability data must be numeric codes (coders × units); map "
                         "category labels to numbers first", hint=str(exc)) from exc
    if m.ndim != 2:
        raise InputError("reliability data must be a 2-D coders × units matrix")
    return m


def percent_agreement(matrix) -> float:
    """Share of units (with ≥ 2 codes) on which all coders who coded them agree.

    Examples
    --------
    >>> percent_agreement([[1, 2, 3, 3], [1, 2, 3, 4]])
    0.75
    """
    import numpy as np

    m = _matrix(matrix)
    agree = n = 0
    for col in m.T:
        vals = col[~np.isnan(col)]
        if len(vals) >= 2:
            n += 1
            agree += bool(np.all(vals == vals[0]))
    if n == 0:
        raise EstimationError("no unit was coded by two or more coders")
    return agree / n


def _table_from_labels(a, b):
    import pandas as pd

    a = pd.Series(list(a))
    b = pd.Series(list(b))
    if len(a) != len(b):
        raise InputError(f"the two coders coded different numbers of units ({len(a)} vs {len(b)})")
    keep = a.notna() & b.notna()
    cats = sorted(set(a[keep]) | set(b[keep]))
    return pd.crosstab(pd.Categorical(a[keep], cats), pd.Categorical(b[keep], cats),
                       dropna=False).to_numpy()


def cohen_kappa(table_or_a, b=None, weights=None) -> KappaResult:
    """Cohen's kappa for two coders, unweighted or with linear/quadratic weights.

    Parameters
    ----------
    table_or_a : 2-D array (square contingency table, coder A rows × coder B columns) or the
        first coder's codes when ``b`` is given.
    b : sequence, optional
        The second coder's codes (same units, same order); units missing for either are dropped.
    weights : None, "linear" or "quadratic"
        Disagreement weights for ordered categories (category order = sorted codes).

    Notes
    -----
    Uses ``statsmodels.stats.inter_rater.cohens_kappa``.  R equivalent: ``irr::kappa2``
    (``weight="equal"`` = linear, ``"squared"`` = quadratic); SPSS ``CROSSTABS /STATISTICS=KAPPA``.

    Examples
    --------
    >>> round(cohen_kappa([[20, 5], [10, 15]]).kappa, 4)
    0.4
    >>> round(cohen_kappa([1, 1, 0, 0], [1, 0, 0, 0]).kappa, 4)
    0.5
    """
    import numpy as np
    from statsmodels.stats.inter_rater import cohens_kappa as sm_kappa

    if weights not in (None, "linear", "quadratic"):
        raise InputError(f"weights must be None, 'linear' or 'quadratic', not {weights!r}")
    table = (np.asarray(table_or_a, dtype=float) if b is None
             else _table_from_labels(table_or_a, b).astype(float))
    if table.ndim != 2 or table.shape[0] != table.shape[1]:
        raise InputError(f"Cohen's kappa needs a square table, got shape {table.shape}")
    n = table.sum()
    if n == 0:
        raise EstimationError("no unit was coded by both coders")
    p_o = float(np.trace(table) / n)
    p_e = float((table.sum(axis=1) @ table.sum(axis=0)) / n**2)
    if p_e >= 1 - 1e-12:
        raise EstimationError("both coders used a single category: kappa is undefined (chance agreement is 1)")
    with np.errstate(divide="ignore", invalid="ignore"):  # its z-test, unused here, divides by 0 on tiny tables
        res = sm_kappa(table, wt=weights)
    if weights is not None:
        k = table.shape[0]
        i, j = np.indices((k, k))
        w = np.abs(i - j) if weights == "linear" else (i - j) ** 2
        w = w / w.max() if w.max() > 0 else w
        p_o = float(1 - (w * table).sum() / n)
        p_e = float(1 - (w * np.outer(table.sum(axis=1), table.sum(axis=0))).sum() / n**2)
    return KappaResult("Cohen's kappa", float(res.kappa), p_o, p_e, int(n), 2, weights)


def fleiss_kappa(counts=None, *, ratings=None) -> KappaResult:
    """Fleiss' kappa for several coders, from a subjects × categories count table or from
    a subjects × raters table of codes (``ratings=``).

    Notes
    -----
    Uses ``statsmodels.stats.inter_rater.fleiss_kappa`` (Fleiss 1971); every subject must have
    the same number of ratings.  R equivalent: ``irr::kappam.fleiss``.

    Examples
    --------
    >>> res = fleiss_kappa(ratings=[[1, 1, 1], [1, 2, 2], [2, 2, 2], [1, 1, 2]])
    >>> round(res.kappa, 4)
    0.3333
    """
    import numpy as np
    from statsmodels.stats.inter_rater import aggregate_raters
    from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss

    if (counts is None) == (ratings is None):
        raise InputError("give exactly one of counts= (subjects × categories) or ratings= (subjects × raters)")
    if ratings is not None:
        r = np.asarray(ratings, dtype=float)
        if np.isnan(r).any():
            raise InputError("Fleiss' kappa needs complete ratings; use krippendorff_alpha for missing codes")
        counts = aggregate_raters(r)[0]
    table = np.asarray(counts, dtype=float)
    per_subject = table.sum(axis=1)
    if table.ndim != 2 or len(set(per_subject)) != 1 or per_subject[0] < 2:
        raise InputError("Fleiss' kappa needs the same number (≥ 2) of ratings for every subject",
                         hint="use krippendorff_alpha when coders skipped units")
    m = per_subject[0]
    n = table.shape[0]
    p_bar = float(((table * (table - 1)).sum(axis=1) / (m * (m - 1))).mean())
    p_e = float(((table.sum(axis=0) / (n * m)) ** 2).sum())
    if p_e >= 1 - 1e-12:
        raise EstimationError("every rating is in one category: Fleiss' kappa is undefined")
    return KappaResult("Fleiss' kappa", float(sm_fleiss(table, method="fleiss")), p_bar, p_e,
                       int(n), int(m))


def _delta2(values, counts, level):
    """Squared difference function δ²(c, k) of Krippendorff (2011) for each level."""
    import numpy as np

    c = values[:, None]
    k = values[None, :]
    if level == "nominal":
        return (c != k).astype(float)
    if level == "interval":
        return (c - k) ** 2
    if level == "ratio":
        with np.errstate(invalid="ignore", divide="ignore"):
            d = ((c - k) / (c + k)) ** 2
        return np.nan_to_num(d)  # c = k = 0 gives 0/0: no difference
    # ordinal: (Σ_{g between c and k} n_g − (n_c + n_k)/2)² over the ranks of the values
    cum = np.cumsum(counts)
    i, j = np.indices((len(values), len(values)))
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    between = cum[hi] - np.where(lo > 0, cum[lo - 1], 0)
    return (between - (counts[i] + counts[j]) / 2) ** 2


def krippendorff_alpha(matrix, level="nominal") -> float:
    """Krippendorff's alpha for any number of coders, with missing values.

    Parameters
    ----------
    matrix : 2-D array-like
        Coders (rows) × units (columns) of numeric codes; ``None``/NaN = not coded.  Units
        coded by fewer than two coders are not pairable and are ignored.
    level : {"nominal", "ordinal", "interval", "ratio"}

    Notes
    -----
    alpha = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck from the coincidence matrix o_ck
    (Krippendorff 2011).  R equivalent: ``irr::kripp.alpha(method=...)``.

    Examples
    --------
    >>> round(krippendorff_alpha([[1, 2, 3, 3], [1, 2, 3, 4]]), 3)
    0.696
    """
    import numpy as np

    if level not in LEVELS:
        raise InputError(f"level must be one of {LEVELS}, not {level!r}")
    m = _matrix(matrix)
    pairable = (~np.isnan(m)).sum(axis=0) >= 2
    m = m[:, pairable]
    if m.shape[1] == 0:
        raise EstimationError("no unit was coded by two or more coders")
    values = np.unique(m[~np.isnan(m)])
    index = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for col in m.T:
        vals = col[~np.isnan(col)]
        idx = np.array([index[v] for v in vals])
        pair = np.zeros_like(o)
        np.add.at(pair, (idx[:, None].repeat(len(idx), 1), idx[None, :].repeat(len(idx), 0)), 1)
        pair[np.diag_indices_from(pair)] -= np.bincount(idx, minlength=len(values))
        o += pair / (len(vals) - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    d2 = _delta2(values, n_c, level)
    expected = (np.outer(n_c, n_c) * d2).sum()
    if expected == 0:
        raise EstimationError("all codes are identical: alpha is undefined (no variation)")
    return float(1 - (n - 1) * (o * d2).sum() / expected)
