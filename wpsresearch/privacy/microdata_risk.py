"""Re-identification risk of survey microdata, computed as R's sdcMicro computes it.

Quantities (sdcMicro names in brackets):

- ``fk`` (``freqCalc``): how many sample records share the record's combination of key
  variables; ``Fk``: the sum of their weights (an estimate of how many people in the
  population share it).
- k-anonymity: records with ``fk < k`` violate k-anonymity.
- individual risk (``indivRisk`` / ``measure_risk``): the Benedetti-Franconi risk
  ``E[1/F_k | f_k]`` with ``F_k - f_k`` negative binomial, ``p_k = f_k / F_k``; the default
  approximation (Franconi & Polettini 2004) is
  ``f=1: p/(1-p) log(1/p)``, ``f=2: p/(1-p) - (p/(1-p))^2 log(1/p)``, ``f>2: p/(f-(1-p))``;
  ``method="exact"`` integrates ``E[1/(f+Y)] = int_0^1 t^(f-1) (p/(1-(1-p)t))^f dt`` instead.
  Where ``f == F`` (no weights) the risk is ``1/f``.
- global risk: expected re-identifications ``ER = sum(risk)``; ``global_risk = ER/n``.
- household risk: ``1 - prod(1 - r_i)`` over the members of a household, carried by every
  member (sdcMicro ``hid``, ``fast_hier=TRUE``).
- l-diversity (``ldiversity``): distinct sensitive values in the record's key class, and the
  exponential of their Shannon entropy.

**Missing key values** are treated as sdcMicro does by default: an NA in a key variable
*matches any value* (a wildcard), pairwise and not transitively; so a record with NA adds to
the classes of every compatible record and the other way round.  With ``alpha < 1`` a match
through the other record's NA counts ``alpha`` (unless both records have the same NA pattern).
With two or more key variables a record without NA does not count a record whose keys are all
NA (sdcMicro's source does this; no printed example confirms it).  For l-diversity, NA in a
key is its own category (sdcMicro 5.8.1).  Missing sensitive values are ignored.

Written here rather than calling sdcMicro through rpy2 because the toolkit must run without R;
the test suite reproduces sdcMicro's printed values (``tests/data/sdc/``).
"""

from __future__ import annotations

import math

import numpy as np

from wpsresearch.errors import InputError

__all__ = ["key_frequencies", "individual_risk", "l_diversity", "household_risk"]


def _codes(df, keys) -> np.ndarray:
    import pandas as pd

    missing = [k for k in keys if k not in df.columns]
    if missing:
        raise InputError("key variable(s) not in the data", column=missing,
                         hint="keys are the quasi-identifiers: age group, district, sex ...")
    cols = []
    for k in keys:
        codes, _ = pd.factorize(df[k], use_na_sentinel=True)
        cols.append(codes)
    return np.column_stack(cols) if cols else np.zeros((len(df), 0), dtype=int)


def key_frequencies(df, keys, weights=None, *, alpha: float = 1.0):
    """Sample frequency ``fk`` and weighted frequency ``Fk`` of each record's key combination.

    Parameters
    ----------
    df : DataFrame
    keys : list of str
        Key variables (quasi-identifiers).
    weights : str, array-like or None
        Sampling weights (a column name or values); ``None`` gives ``Fk == fk``.
    alpha : float, default 1
        Weight of a match made through an NA of the other record (sdcMicro ``alpha``).

    Returns
    -------
    (ndarray, ndarray)

    Notes
    -----
    R/SPSS equivalent: ``sdcMicro::freqCalc(x, keyVars, w)$fk`` and ``$Fk``.

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.privacy import key_frequencies
    >>> df = pd.DataFrame({"a": [1, 1, None, 2], "b": ["x", "x", "x", "y"]})
    >>> fk, Fk = key_frequencies(df, ["a", "b"])
    >>> fk.tolist()
    [3.0, 3.0, 3.0, 1.0]
    """
    keys = list(keys)
    return frequencies_from_codes(_codes(df, keys), _weights(df, weights), alpha=alpha)


def frequencies_from_codes(codes: np.ndarray, w: np.ndarray, *, alpha: float = 1.0):
    """``fk``, ``Fk`` from integer-coded keys (``-1`` = NA); works on distinct patterns."""
    n_keys = codes.shape[1]
    uniq, inverse = np.unique(codes, axis=0, return_inverse=True)
    inverse = np.ravel(inverse)
    count = np.bincount(inverse, minlength=len(uniq)).astype(float)
    wsum = np.bincount(inverse, weights=w, minlength=len(uniq))
    na = uniq < 0
    all_na = na.all(axis=1)
    fk_u = np.empty(len(uniq))
    Fk_u = np.empty(len(uniq))
    chunk = max(1, int(2e7 // max(len(uniq) * max(n_keys, 1), 1)))
    for start in range(0, len(uniq), chunk):
        a = uniq[start:start + chunk]
        na_a = na[start:start + chunk]
        eq = (a[:, None, :] == uniq[None, :, :]) | na_a[:, None, :] | na[None, :, :]
        compat = eq.all(axis=2).astype(float)
        same_pattern = (na_a[:, None, :] == na[None, :, :]).all(axis=2)
        factor = np.where(na.any(axis=1)[None, :] & ~same_pattern, alpha, 1.0)
        if n_keys >= 2:  # a complete record does not count an all-NA record
            factor = np.where((~na_a.any(axis=1))[:, None] & all_na[None, :], 0.0, factor)
        m = compat * factor
        fk_u[start:start + chunk] = m @ count
        Fk_u[start:start + chunk] = m @ wsum
    return fk_u[inverse], Fk_u[inverse]


def _weights(df, weights) -> np.ndarray:
    if weights is None:
        return np.ones(len(df))
    w = df[weights] if isinstance(weights, str) else weights
    w = np.asarray(w, dtype=float)
    if len(w) != len(df) or np.isnan(w).any() or (w <= 0).any():
        raise InputError("weights must be positive numbers, one per record",
                         column=weights if isinstance(weights, str) else None)
    return w


def _exact_risk(f: float, p: float) -> float:
    from scipy.integrate import quad

    value, _ = quad(lambda t: t ** (f - 1) * (p / (1 - (1 - p) * t)) ** f, 0.0, 1.0, limit=200)
    return value


def individual_risk(fk, Fk, *, method: str = "approx", qual: float = 1.0, survey: bool = True):
    """Benedetti-Franconi individual re-identification risk, as sdcMicro's ``indivRisk``.

    Parameters
    ----------
    fk, Fk : array-like
        From :func:`key_frequencies`.
    method : {"approx", "exact"}
    qual : float
        Multiplier for data quality (sdcMicro ``qual``).
    survey : bool
        ``False``: the file is the population (or unweighted): risk = ``1/fk``.

    Notes
    -----
    R/SPSS equivalent: ``sdcMicro::indivRisk(freqCalc(...), method, qual, survey)$rk``.

    Examples
    --------
    >>> from wpsresearch.privacy import individual_risk
    >>> individual_risk([1, 3], [17, 108]).round(8).tolist()
    [0.17707583, 0.01369863]
    """
    if method not in ("approx", "exact"):
        raise InputError(f"method must be 'approx' or 'exact', not {method!r}")
    fk = np.asarray(fk, dtype=float)
    Fk = np.asarray(Fk, dtype=float)
    if not survey:
        return 1.0 / fk
    out = np.empty(len(fk))
    for i, (f, F) in enumerate(zip(fk, Fk)):
        if abs(f - F) < 1e-9:
            out[i] = qual / f
            continue
        p = f / F
        odds = p / (1 - p)
        if f == 1:
            r = odds * math.log(1 / p)
        elif f == 2:
            r = odds - odds ** 2 * math.log(1 / p)
        elif method == "exact":
            r = _exact_risk(f, p)
        else:
            r = p / (f - (1 - p))
        out[i] = qual * r
    return out


def household_risk(risk, household_ids) -> np.ndarray:
    """``1 - prod(1 - r_i)`` over each household, repeated for every member."""
    import pandas as pd

    r = pd.Series(np.asarray(risk, dtype=float))
    h = pd.Series(np.asarray(household_ids))
    if h.isna().any():
        raise InputError("household ids must not be missing")
    log_safe = np.log1p(-np.clip(r.to_numpy(), 0.0, 1.0 - 1e-15))
    per_hh = pd.Series(log_safe).groupby(h.to_numpy()).transform("sum").to_numpy()
    return 1.0 - np.exp(per_hh)


def l_diversity(df, keys, sensitive: str):
    """Distinct and entropy l-diversity of ``sensitive`` within each record's key class.

    NA in a key is its own category here (as sdcMicro 5.8.1); NA sensitive values are ignored.

    Returns
    -------
    DataFrame with columns ``distinct`` and ``entropy`` (one row per record, same index).

    Notes
    -----
    R/SPSS equivalent: ``sdcMicro::ldiversity(x, keyVars, ldiv_index)``.

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.privacy import l_diversity
    >>> df = pd.DataFrame({"k": [1, 1, 1, 2], "s": ["a", "b", "a", "c"]})
    >>> l_diversity(df, ["k"], "s")["distinct"].tolist()
    [2, 2, 2, 1]
    """
    import pandas as pd

    if sensitive not in df.columns:
        raise InputError("sensitive variable not in the data", column=sensitive)
    codes = _codes(df, list(keys))
    _, cls = np.unique(codes, axis=0, return_inverse=True)
    frame = pd.DataFrame({"cls": np.ravel(cls), "s": df[sensitive].to_numpy()})
    valid = frame.dropna(subset=["s"])
    distinct = valid.groupby("cls")["s"].nunique()

    def entropy(values):
        p = values.value_counts(normalize=True).to_numpy()
        return float(np.exp(-(p * np.log(p)).sum()))

    ent = valid.groupby("cls")["s"].agg(entropy)
    return pd.DataFrame({
        "distinct": frame["cls"].map(distinct).fillna(0).astype(int).to_numpy(),
        "entropy": frame["cls"].map(ent).fillna(0.0).to_numpy(),
    }, index=df.index)
