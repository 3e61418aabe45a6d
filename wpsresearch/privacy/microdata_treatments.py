"""Treatments that lower re-identification risk: recoding, top/bottom coding, local suppression.

Each takes a required ``log=`` (the CleaningLog protocol, see
:mod:`wpsresearch.privacy.text_redaction`) and returns a new frame; the input is not changed.
"""

from __future__ import annotations

import numpy as np

from wpsresearch.errors import InputError
from wpsresearch.privacy.microdata_risk import _codes, frequencies_from_codes
from wpsresearch.privacy.text_redaction import require_log

__all__ = ["global_recode", "top_bottom_code", "local_suppression"]


def _need_column(df, col):
    if col not in df.columns:
        raise InputError("column not in the data", column=col)


def global_recode(df, col, breaks=None, mapping=None, *, labels=None, right: bool = False, log):
    """Recode a key variable into broader groups for every record.

    Parameters
    ----------
    df : DataFrame
    col : str
    breaks : sequence of numbers, optional
        Interval edges for a numeric variable (``[18, 25, 35, 50, 120]``); intervals are
        closed on the left (``[18, 25)``) unless ``right=True``.
    mapping : dict, optional
        ``{old: new}`` for categories (merging districts); unmapped values are kept.
    labels : sequence, optional
        Names of the intervals (default ``"18-24"`` style for whole-number breaks).
    log : ChangeLog
        One entry for the whole column (``uuid="all_data"``).

    Notes
    -----
    R/SPSS equivalent: ``sdcMicro::globalRecode`` / ``groupAndRename``; SPSS ``RECODE``.

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.privacy import global_recode
    >>> class Log(list):
    ...     def add(self, **e): self.append(e)
    >>> df = pd.DataFrame({"age": [19, 34, 51, 70]})
    >>> global_recode(df, "age", breaks=[18, 25, 50, 120], log=Log())["age"].tolist()
    ['18-24', '25-49', '50-119', '50-119']
    """
    import pandas as pd

    require_log(log)
    _need_column(df, col)
    if (breaks is None) == (mapping is None):
        raise InputError("give exactly one of breaks= or mapping=", column=col)
    out = df.copy()
    if breaks is not None:
        edges = list(breaks)
        if labels is None and all(float(b).is_integer() for b in edges) and not right:
            labels = [f"{int(a)}-{int(b) - 1}" for a, b in zip(edges[:-1], edges[1:])]
        values = pd.to_numeric(df[col], errors="coerce")
        out[col] = pd.cut(values, bins=edges, labels=labels, right=right).astype(object)
        outside = int((values.notna() & out[col].isna()).sum())
        if outside:
            raise InputError(f"{outside} value(s) fall outside the breaks", column=col,
                             hint="widen the first or last break")
        what = f"grouped into intervals {edges}"
    else:
        out[col] = df[col].map(lambda v: mapping.get(v, v))
        what = f"categories merged: {len(mapping)} mapped"
    log.add(uuid="all_data", question=col, old_value="(all values)", new_value=what,
            issue="global recoding to lower re-identification risk", change_type="change_response",
            check_id="privacy_global_recode", table="main", source_row=None)
    return out


def top_bottom_code(df, col, top=None, bottom=None, *, log):
    """Replace values above ``top`` by ``top`` and below ``bottom`` by ``bottom``.

    Notes
    -----
    R/SPSS equivalent: ``sdcMicro::topBotCoding(x, value, replacement)``.

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.privacy import top_bottom_code
    >>> class Log(list):
    ...     def add(self, **e): self.append(e)
    >>> top_bottom_code(pd.DataFrame({"hh_size": [3, 9, 25]}), "hh_size", top=12, log=Log())["hh_size"].tolist()
    [3, 9, 12]
    """
    import pandas as pd

    require_log(log)
    _need_column(df, col)
    if top is None and bottom is None:
        raise InputError("give top= and/or bottom=", column=col)
    values = pd.to_numeric(df[col], errors="coerce")
    if values.notna().sum() < df[col].notna().sum():
        raise InputError("top/bottom coding needs a numeric column", column=col)
    out = df.copy()
    n_top = int((values > top).sum()) if top is not None else 0
    n_bottom = int((values < bottom).sum()) if bottom is not None else 0
    out[col] = values.clip(lower=bottom, upper=top).astype(df[col].dtype, errors="ignore")
    log.add(uuid="all_data", question=col, old_value="(all values)",
            new_value=f"top {top}: {n_top} values; bottom {bottom}: {n_bottom} values",
            issue="top/bottom coding to lower re-identification risk",
            change_type="change_response", check_id="privacy_top_bottom_code", table="main",
            source_row=None)
    return out


def _fk_of(codes: np.ndarray, i: int) -> int:
    """Records compatible with record ``i`` (NA = wildcard; sdcMicro freqCalc, alpha = 1)."""
    row = codes[i]
    ok = (codes == row) | (codes < 0) | (row < 0)
    compat = ok.all(axis=1)
    if codes.shape[1] >= 2 and not (row < 0).any():
        compat &= ~(codes < 0).all(axis=1)
    return int(compat.sum())


def _violators(codes, k):
    fk, _ = frequencies_from_codes(codes, np.ones(len(codes)))
    return fk, np.flatnonzero(fk < k)


def local_suppression(df, keys, k: int = 3, *, importance=None, id_col=None, log):
    """Blank single key values until every record shares its keys with at least ``k - 1`` others.

    A simple greedy algorithm, not sdcMicro's: records are visited from the rarest
    combination; for each, the key to blank is the least important one (``importance``:
    most important first; default: keys with more categories are less important, as in
    sdcMicro) whose removal makes the record k-anonymous, otherwise the one that raises its
    frequency most.  NA matches any value (see :func:`key_frequencies`).  The number of
    suppressions is not minimal; the result is k-anonymous.

    Parameters
    ----------
    df : DataFrame
    keys : list of str
    k : int, default 3
    importance : list of str, optional
        Keys from most to least important.
    id_col : str, optional
        Column with the submission id for the log (default: the index).
    log : ChangeLog
        One entry per blanked value (``change_type="blank_response"``).

    Notes
    -----
    R/SPSS equivalent: ``sdcMicro::localSuppression(x, keyVars, k)`` / ``kAnon``.

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.privacy import local_suppression, key_frequencies
    >>> class Log(list):
    ...     def add(self, **e): self.append(e)
    >>> df = pd.DataFrame({"d": ["a"] * 4 + ["b"], "s": ["f", "f", "m", "m", "f"]})
    >>> out = local_suppression(df, ["d", "s"], k=2, log=Log())
    >>> int(key_frequencies(out, ["d", "s"])[0].min()) >= 2
    True
    """
    require_log(log)
    keys = list(keys)
    if int(k) < 2:
        raise InputError("k must be at least 2")
    order = list(importance) if importance else sorted(keys, key=lambda c: df[c].nunique())
    if sorted(order) != sorted(keys):
        raise InputError("importance must list each key exactly once", column=keys)
    least_first = list(reversed(order))
    codes = _codes(df, keys)
    blank = np.zeros(codes.shape, dtype=bool)
    for _ in range(codes.size + 1):
        fk, bad = _violators(codes, k)
        if not len(bad):
            return _apply_blanks(df, keys, blank)
        i = int(min(bad, key=lambda r: (fk[r], r)))
        col = _choose_key(codes, i, keys, least_first, k)
        j = keys.index(col)
        codes[i, j] = -1
        blank[i, j] = True
        log.add(uuid=df[id_col].iat[i] if id_col else df.index[i], question=col,
                old_value=df[col].iat[i], new_value=None, issue=f"local suppression for {k}-anonymity",
                change_type="blank_response", check_id="privacy_local_suppression",
                table="main", source_row=df.index[i])
    raise InputError("local suppression did not reach k-anonymity",
                     hint="recode the keys first (global_recode) or lower k")


def _apply_blanks(df, keys, blank):
    out = df.copy()
    for j, col in enumerate(keys):
        if blank[:, j].any():
            out[col] = df[col].mask(blank[:, j])
    return out


def _choose_key(codes, i, keys, least_first, k):
    best, best_fk = None, -1
    for col in least_first:
        j = keys.index(col)
        if codes[i, j] < 0:
            continue
        saved = codes[i, j]
        codes[i, j] = -1
        f = _fk_of(codes, i)
        codes[i, j] = saved
        if f >= k:
            return col
        if f > best_fk:
            best, best_fk = col, f
    return best
