"""Checks that flag for review and change nothing (``no_action``): outliers, constraints,
skip logic, missingness.

A check that cannot be made (an expression outside the supported XPath subset) is logged
once per question with ``uuid = all_data``, so "not checked" is never mistaken for "passed".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wpsresearch.clean.xpath import UnsupportedExpression, evaluate

__all__ = ["flag_outliers", "flag_constraints", "flag_skip_logic", "flag_missingness",
           "relevance"]


def _flag(log, main, mask, *, question, issue, check_id, values=None, table="main"):
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return
    idx = main.index[mask]
    issues = [issue(i) for i in idx] if callable(issue) else issue
    log.add_masked(main, mask, question=question, old_values="" if values is None else values,
                   new_values="", issue=issues, change_type="no_action", check_id=check_id,
                   table=table)


def _not_checked(log, question, check_id, why, table="main"):
    log.add(uuid="all_data", question=question, old_value="", new_value="",
            issue=f"{check_id.replace('_', ' ')} not checked: {why}", change_type="no_action",
            check_id=check_id, table=table)


def _repeat_context(sd, name: str, frame: pd.DataFrame, expressions) -> pd.DataFrame:
    """A repeat table with the main-table answers its expressions name (``${q}`` of the
    submission the row belongs to) joined on, so the form's rules evaluate row by row."""
    import re

    wanted = {m for e in expressions for m in re.findall(r"\$\{([^}]+)\}", str(e))}
    cols = [c for c in wanted if c in sd.main.columns and c not in frame.columns]
    if not cols or "_parent_uuid" not in frame.columns or "_uuid" not in sd.main.columns:
        return frame
    # a row without a uuid owns nothing: NA must not match a repeat row's missing link
    parent = sd.main.dropna(subset=["_uuid"]).drop_duplicates("_uuid").set_index("_uuid")[cols]
    joined = parent.reindex(frame["_parent_uuid"].astype("string").to_numpy())
    return pd.concat([frame, joined.set_index(frame.index)], axis=1)


def flag_outliers(sd, *, log, columns, sd_limit: float = 3.0, method: str = "sd",
                  iqr_k: float = 1.5, min_unique: int | None = None):
    """Flag numeric answers far from the rest, on the raw scale and on the log scale
    (``log(x + 1)``, for skewed amounts such as income or household size); ``no_action``.

    Parameters
    ----------
    columns : list of str
        Numeric questions of the main table (repeats: their own numeric questions).
    sd_limit : float, default 3
        ``method="sd"``: flag ``|x - mean| > sd_limit * sd`` (``sd`` with ``n - 1``).
    method : {"sd", "iqr"}
        ``"iqr"``: Tukey's fences instead, ``x < Q1 - iqr_k * IQR`` or ``x > Q3 + iqr_k * IQR``
        (quartiles as R's default ``quantile(type = 7)``), on both scales too.
    min_unique : int, optional
        Skip a question with at most this many distinct values (cleaningtools'
        ``minimum_unique_value_of_variable``).

    Notes
    -----
    REACH/IMPACT equivalent: ``cleaningtools::check_outliers`` (``strongness_factor = 3``):
    the normal rule on ``x`` and on ``log(x + 1)``, an interview flagged on both scales
    logged once, as "outlier (normal distribution)"; the issue texts are REACH's.  The
    suggested ``new_value`` is empty: a reviewer confirms the value, corrects it, or blanks it.
    """
    from wpsresearch.clean.values import numeric_columns

    if method not in {"sd", "iqr"}:
        from wpsresearch.errors import InputError

        raise InputError(f"outlier method must be 'sd' or 'iqr', not {method!r}",
                         column="checks.outlier_method")
    rule = dict(method=method, k=float(sd_limit if method == "sd" else iqr_k), min_unique=min_unique)
    _outliers(sd.main, "main", log, columns, rule)
    for name, frame in sd.repeats.items():
        _outliers(frame, name, log, numeric_columns(frame, sd.codebook), rule)
    return sd


def outlier_mask(values: np.ndarray, *, method: str = "sd", k: float = 3.0) -> np.ndarray:
    """True where a value breaks the rule (NaN and infinite values never do)."""
    ok = np.isfinite(values)
    hit = np.zeros(len(values), dtype=bool)
    v = values[ok]
    if len(v) < 2:
        return hit
    if method == "sd":
        sigma = v.std(ddof=1)
        if not np.isfinite(sigma) or sigma == 0:
            return hit
        hit[ok] = np.abs(v - v.mean()) > k * sigma
    else:
        q1, q3 = np.quantile(v, [0.25, 0.75])  # numpy's default "linear" = R type 7
        hit[ok] = (v < q1 - k * (q3 - q1)) | (v > q3 + k * (q3 - q1))
    return hit


def _outliers(main, table, log, columns, rule):
    from wpsresearch.clean.values import numbers_of, numbers_of_many

    method, k, min_unique = rule["method"], rule["k"], rule["min_unique"]
    what = (f"more than {k:g} SD from the mean" if method == "sd"
            else f"outside the quartiles by more than {k:g} IQR")
    numbers_of_many([main[col] for col in columns if col in main.columns])  # read together
    for col in columns:
        if col not in main.columns:
            continue
        x = numbers_of(main[col])
        if min_unique is not None and len(np.unique(x[np.isfinite(x)])) <= min_unique:
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.log(x + 1)  # as cleaningtools: log(x + 1); x <= -1 gives NaN/-Inf, skipped
        raw = outlier_mask(x, method=method, k=k)
        logged = outlier_mask(logs, method=method, k=k) & ~raw
        flags = raw | logged
        if not flags.any():
            continue
        normal = f"outlier (normal distribution): {what}"
        logged_text = f"outlier (log distribution): {what} on log(x + 1)"
        # reasons for the flagged rows only (a 10^5-row array of text per column is costly)
        log.add_masked(main, flags, question=col, old_values=main[col], new_values="",
                       issue=[normal if r else logged_text for r in raw[flags]],
                       change_type="no_action", check_id="outlier", table=table)


def relevance(codebook, main: pd.DataFrame) -> dict:
    """``{question: boolean Series}`` — where each question was relevant (its own ``relevant``
    and every enclosing group's), or an :class:`UnsupportedExpression` for the ones that
    cannot be evaluated."""
    v = codebook.variables
    group_rel: dict[str, object] = {}
    out: dict[str, object] = {}
    cache: dict = {}
    everywhere = np.ones(len(main), dtype=bool)  # shared, never written: no condition at all
    # combined as numpy arrays (a pandas operation per question and group costs more than the
    # comparison); one Series per question at the end
    names, bases = v["name"].tolist(), v["base_type"].tolist()
    rels = v["relevant"].tolist() if "relevant" in v else [None] * len(v)
    groups = v["group"].tolist() if "group" in v else [None] * len(v)
    for name, base, rel, group in zip(names, bases, rels, groups):
        rel = rel if isinstance(rel, str) and rel.strip() else None
        parents = [p for p in str(group or "").split("/") if p]
        if base in {"begin_group", "begin_repeat"}:
            parents = parents[:-1] if parents and parents[-1] == name else parents
        mask: object = everywhere
        for p in parents:
            pm = group_rel.get(p)
            if isinstance(pm, Exception):
                mask = pm
                break
            if pm is not None:
                mask = mask & pm
        if not isinstance(mask, Exception) and rel is not None:
            try:
                mask = mask & evaluate(rel, main, cache=cache).to_numpy(bool)
            except UnsupportedExpression as exc:
                mask = exc
        if base in {"begin_group", "begin_repeat"}:
            group_rel[name] = mask
        elif name in main.columns:
            out[name] = mask
    return {name: m if isinstance(m, Exception)
            else pd.Series(m, index=main.index, dtype=bool, copy=True) for name, m in out.items()}


def flag_skip_logic(sd, *, log, relevant=None):
    """Flag answers given where the question was not relevant (skip-logic violations).

    ``relevant`` is :func:`relevance` of ``sd`` when the caller has it already.
    """
    main = sd.main
    relevant = relevance(sd.codebook, main) if relevant is None else relevant
    _skip_logic(log, main, "main", {n: m for n, m in relevant.items()
                                    if sd.codebook.repeat_of(n) is None})
    v = sd.codebook.variables
    for table, frame in sd.repeats.items():
        context = _repeat_context(sd, table, frame, v["relevant"].dropna())
        rel = relevance(sd.codebook, context)
        _skip_logic(log, context, table, {n: m for n, m in rel.items()
                                          if sd.codebook.repeat_of(n) == table and n in frame.columns})
    return sd


def _skip_logic(log, main, table, relevant):
    for name, mask in relevant.items():
        if isinstance(mask, Exception):
            _not_checked(log, name, "skip_logic", str(mask), table=table)
            continue
        bad = ~_missing(main[name]) & ~np.asarray(mask, dtype=bool)
        _flag(log, main, bad, question=name, check_id="skip_logic", values=main[name],
              issue="answered although the form's relevant condition was false", table=table)


def flag_constraints(sd, *, log):
    """Flag answers that break the form's ``constraint`` (where the question was answered)."""
    v = sd.codebook.variables
    has = v[v["constraint"].astype("string").fillna("").str.strip() != ""]
    tables = {"main": sd.main, **{k: _repeat_context(sd, k, f, has["constraint"])
                                   for k, f in sd.repeats.items()}}
    for table, main in tables.items():
        cache: dict = {}  # each column converted once for all the table's constraints
        for _, row in has.iterrows():
            name = row["name"]
            if name not in main.columns or (table != "main" and sd.codebook.repeat_of(name) != table):
                continue
            try:
                ok = evaluate(row["constraint"], main, current=name, cache=cache)
            except UnsupportedExpression as exc:
                _not_checked(log, name, "constraint", str(exc), table=table)
                continue
            bad = ~_missing(main[name]) & ~ok.to_numpy(bool)
            _flag(log, main, bad, question=name, check_id="constraint", values=main[name],
                  issue=f"breaks the form's constraint: {row['constraint']}", table=table)
    return sd


def flag_missingness(sd, *, log, threshold: float = 0.5, relevant=None):
    """Flag interviews that left more than ``threshold`` of their relevant questions empty."""
    main = sd.main
    relevant = relevance(sd.codebook, main) if relevant is None else relevant
    relevant = {n: m for n, m in relevant.items()
                if not isinstance(m, Exception) and sd.codebook.repeat_of(n) is None
                and sd.codebook.question(n)["base_type"] not in {"calculate", "start", "end",
                                                                 "today", "deviceid", "note"}}
    if not relevant:
        return sd
    # counted question by question on numpy arrays (two 10^5 x 300 frames cost more)
    n_asked = np.zeros(len(main), dtype=np.int64)
    n_empty = np.zeros(len(main), dtype=np.int64)
    for name, mask in relevant.items():
        asked = np.asarray(mask, dtype=bool)
        n_asked += asked
        n_empty += asked & _missing(main[name])
    with np.errstate(invalid="ignore"):
        share = n_empty / np.where(n_asked > 0, n_asked, np.nan)
        bad = share > threshold
    _flag(log, main, bad, question="", check_id="missingness",
          issue=[f"{x:.0%} of the questions asked were left empty" for x in share[bad]])
    return sd


def _missing(column) -> np.ndarray:
    """``column.isna()`` as a numpy array (read-only; remembered for Arrow text)."""
    from wpsresearch.text.columns import missing_mask

    return missing_mask(column)
