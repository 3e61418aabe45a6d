"""Value-level steps: Arabic-Indic digits and special missing codes (``other`` answers are in
:mod:`wpsresearch.clean.others`).

Each changed value is logged (``change_response``) with its uuid, question and source row.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from wpsresearch.io.missing import MISSING_CATEGORIES
from wpsresearch.text.columns import blank_distinct, factorize_text, map_distinct, texts_of

__all__ = ["convert_digits", "missing_reason_name", "recode_missing", "numeric_columns", "numbers_of",
           "numbers_of_many", "MISSING_CATEGORIES"]

# Names of the missing categories special codes become (study.yml ``missing_codes`` values).


@dataclasses.dataclass(frozen=True)
class _Change:
    """What a step logs for each value it changes: the question, its table and why."""

    question: str
    issue: str
    check_id: str
    table: str = "main"


def _distinct_change(log, frame, change: _Change, *, found, old, new):
    """Log the rows whose distinct answer ``old[i]`` became ``new[i]`` (``None``: missing),
    where the two differ; ``found`` are the column's factor codes.  Returns the rows' mask.

    The values logged are cut from the few distinct answers, row by row: the same entries as
    comparing the whole column before and after, without building either as 10^5 strings."""
    differ = np.array([a != b for a, b in zip(old, new)] + [False], dtype=bool)
    rows = differ[found]
    if rows.any():
        at = found[rows]
        olds = np.array([*old, ""], dtype=object)[at].tolist()
        news = np.array([*("" if v is None else v for v in new), ""], dtype=object)[at].tolist()
        log.add_masked(frame, rows, question=change.question, old_values=olds, new_values=news,
                       issue=change.issue, change_type="change_response", check_id=change.check_id,
                       table=change.table)
    return rows


def with_columns(frame: pd.DataFrame, changed: dict) -> pd.DataFrame:
    """``frame`` with ``changed`` columns replaced (or appended, in order), as one new frame:
    assigning columns one at a time to a 300-column frame costs a block update each (and
    ``copy=False``: a frame built from a dict copies every column by default, where
    copy-on-write already keeps the input frame unchanged)."""
    if not changed:
        return frame
    columns = {c: changed.pop(c, frame[c]) for c in frame.columns}
    columns.update(changed)
    return pd.DataFrame(columns, index=frame.index, copy=False)


def each_table(sd, step):
    """``sd`` with ``step(frame, table) -> frame`` applied to the main table and to every
    repeat (``table`` is ``"main"`` or the repeat's name, for the log): a number typed in
    Arabic digits or a 98 code in a household roster is the same defect as in the main table."""
    repeats = {name: step(frame, name) for name, frame in sd.repeats.items()}
    return dataclasses.replace(sd, main=step(sd.main, "main"), repeats=repeats)


def numbers_of(series) -> np.ndarray:
    """Text answers read as numbers (``parse_number`` rules), a float array with NaN where a
    value is missing or unreadable — parsed once per distinct answer, spread by the column's
    factor codes (cached per column: outliers and typing read the same columns)."""
    return numbers_of_many([series])[0]


def numbers_of_many(columns: list) -> list:
    """``[numbers_of(s) for s in columns]``, the distinct answers of all the columns not yet
    read parsed together in one ``parse_number`` call.

    ``parse_number`` is a handful of pandas string operations, each costing ~0.3 ms whatever
    its length: on the few distinct answers of 65 numeric columns that overhead was the
    cost (0.45 s of the outlier check, profiled); the rules are value by value, so a value's
    number does not depend on the other values parsed with it.
    """
    from wpsresearch.io import parse_number
    from wpsresearch.text.columns import recalled, remembered

    texts = [series.astype("string") for series in columns]
    out = [recalled(text, "numbers") for text in texts]  # the columns read before
    todo = [i for i, known in enumerate(out) if known is None]
    if not todo:
        return out
    factorized = [factorize_text(texts[i]) for i in todo]
    distinct = [value for _, uniques in factorized for value in texts_of(uniques)]
    parsed = parse_number(pd.Series(distinct, dtype="string")).to_numpy(dtype=float,
                                                                       na_value=np.nan)
    start = 0
    for i, (found, uniques) in zip(todo, factorized):
        numbers = np.append(parsed[start:start + len(uniques)], np.nan)[found]
        start += len(uniques)
        numbers.flags.writeable = False
        out[i] = remembered(texts[i], "numbers", lambda _text, numbers=numbers: numbers)
    return out


def numeric_columns(main: pd.DataFrame, codebook) -> list[str]:
    """Columns the form types as ``integer``, ``decimal`` or ``range`` (in ``main``)."""
    if codebook is None:
        return []
    v = codebook.variables
    names = v.loc[v["base_type"].isin(["integer", "decimal", "range"]), "name"]
    return [n for n in names if n in main.columns]


def convert_digits(sd, *, log, columns=None):
    """Translate Arabic-Indic / Extended digits and ``٫ ٬`` in numeric answers; log each.

    ``pandas.to_numeric("٥٠")`` is silently NaN: without this step every number typed on an
    Arabic keyboard would vanish.  Only the characters change (``"٣٥"`` → ``"35"``); the
    value stays text until the form's types are applied.
    """
    from wpsresearch.io import normalize_digits

    def step(frame, table):
        wanted = numeric_columns(frame, sd.codebook) if columns is None else columns
        changed = {}
        for col in (c for c in wanted if c in frame.columns):
            # decided on the column's distinct answers; a column without an Arabic digit
            # (most) is left as it is, with no copy made
            text = frame[col].astype("string")
            found, distinct = factorize_text(text)
            old = texts_of(distinct)
            fixed = [normalize_digits(v) for v in old]
            change = _Change(col, "Arabic-Indic digits converted", "arabic_digits", table)
            if _distinct_change(log, frame, change, found=found, old=old, new=fixed).any():
                changed[col] = map_distinct(text, fixed)
        return with_columns(frame, changed)

    return each_table(sd, step)


def codes_for(column: str, missing_codes: dict) -> dict:
    """The special codes of a column: its own entry in study.yml, else ``default``."""
    spec = missing_codes.get(column, missing_codes.get("default", {})) or {}
    return {str(k): str(v) for k, v in spec.items()}


def missing_reason_name(question: str) -> str:
    """The companion column holding why a numeric answer is missing: ``age__missing``.

    >>> missing_reason_name("age")
    'age__missing'
    """
    return f"{question}__missing"


def recode_missing(sd, *, log, missing_codes: dict, columns=None):
    """Turn special codes (98 = don't know, 99 = refused ...) into missing categories.

    * In select_one answers the code becomes the category name (``"98"`` → ``dont_know``),
      so "refused" stays distinct from "not asked" and estimators exclude it from
      denominators by name (see :data:`MISSING_CATEGORIES`).
    * In numeric answers the value becomes missing and the reason is kept in a companion
      column ``<question>__missing`` (``dont_know``/``refused``), never a silent NaN.

    A variable listed with an empty mapping (``age: {}``) has no special codes: a real age
    of 98 stays 98.
    """
    cb = sd.codebook
    v = cb.variables
    coded = v.loc[v["base_type"].isin(["select_one", "integer", "decimal", "range"]), "name"]

    def step(main, table):
        numeric = set(numeric_columns(main, cb))
        changed: dict[str, pd.Series] = {}
        for col in (c for c in (coded if columns is None else columns) if c in main.columns):
            codes = codes_for(col, missing_codes)
            if not codes:
                continue
            original = main[col].astype("string")
            # " 98" is the code too; other answers are left as typed.  Decided on the few
            # distinct answers, then spread to the rows by their factor codes.
            found, distinct = factorize_text(original)
            old = texts_of(distinct)
            reasons = [codes.get(v.strip()) for v in old]
            if all(r is None for r in reasons):
                continue
            if col in numeric:  # the value goes, its reason goes to the companion column
                new = [v if r is None else None for v, r in zip(old, reasons)]
                changed[missing_reason_name(col)] = map_distinct(original, reasons)
                blanked = blank_distinct(original, [r is not None for r in reasons])
            else:
                new = [v if r is None else r for v, r in zip(old, reasons)]
                blanked = None
            # a code recoded to itself (a choice named like its reason) is still an entry
            hit = np.array([r is not None for r in reasons] + [False], dtype=bool)[found]
            at = found[hit]
            log.add_masked(main, hit, question=col, old_values=np.array(old, dtype=object)[at].tolist(),
                           new_values=np.array(["" if v is None else v for v in new],
                                               dtype=object)[at].tolist(),
                           change_type="change_response", issue="special code recoded to a missing category",
                           check_id="missing_code", table=table)
            changed[col] = map_distinct(original, new) if blanked is None else blanked
        return with_columns(main, changed)

    return each_table(sd, step)
