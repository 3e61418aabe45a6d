"""Give every column the type its form question has.

integer → ``Int64``; decimal → ``Float64``; date → ``datetime64``; select_one →
``Categorical`` of the choice names (plus the missing categories special codes became);
select_multiple → boolean ``<q>__<choice>`` columns consistent with the space-separated
parent (the parent is the truth: a dummy that disagrees is corrected and logged).  A value
that cannot take its type (``"abc"`` in an integer question) is blanked and logged — never a
silent NaN.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from wpsresearch.io.missing import MISSING_CATEGORIES

__all__ = ["apply_form_types"]


def _row_keys(main):
    """The uuid and source_row of every row (what each log entry names)."""
    uuids = main["_uuid"].astype("string").fillna("") if "_uuid" in main else pd.Series("", index=main.index)
    rows = main["source_row"] if "source_row" in main else pd.Series(pd.NA, index=main.index)
    return uuids, rows


def _log_blanked(log, main, col, before, bad, issue, table="main"):
    log.add_masked(main, bad.to_numpy(bool), question=col, old_values=before, new_values="",
                   issue=issue, change_type="blank_response", check_id="type_conversion", table=table)


def _to_number(main, col, log, *, integer: bool, table="main"):
    from wpsresearch.io import parse_number

    text = main[col].astype("string")
    num = parse_number(text)
    bad = text.notna() & num.isna()
    if integer:
        frac = num.notna() & (num != np.floor(num.astype(float)))
        bad |= frac.fillna(False)
        num = num.where(~frac)
    if bad.any():
        kind = "a whole number" if integer else "a number"
        _log_blanked(log, main, col, text, bad, f"not {kind}; value removed", table)
    return num.round().astype("Int64") if integer else num.astype("Float64")


def _to_date(main, col, log, table="main"):
    text = main[col].astype("string")
    parsed = pd.to_datetime(text, errors="coerce", format="ISO8601")
    bad = text.notna() & parsed.isna()
    if bad.any():
        _log_blanked(log, main, col, text, bad, "not a date; value removed", table)
    return parsed


def _categories(codebook, name, codes: dict, observed) -> list:
    """The form's choices, with special-code choices (``98``, ``99``) replaced by the missing
    categories they were recoded to (so builds of a form share categories), plus missing
    categories found in the data."""
    form = list(codebook.choices_for(name)["name"].astype(str))
    choices = [c for c in form if c not in codes]
    wanted = {codes[c] for c in form if c in codes} | (set(observed) & set(MISSING_CATEGORIES))
    return choices + [m for m in MISSING_CATEGORIES if m in wanted and m not in choices]


def _to_category(main, col, codebook, log, codes, table="main"):
    text = main[col].astype("string")
    # factorize once, then map the few distinct answers onto the categories (much faster
    # than building a Categorical from 10^5 strings)
    from wpsresearch.text.columns import factorize_text

    found, distinct = factorize_text(text)
    distinct = [str(v) for v in distinct]
    cats = _categories(codebook, col, codes, distinct)
    position = {c: i for i, c in enumerate(cats)}
    lookup = np.array([position.get(v, -2) for v in distinct] + [-1], dtype=np.int64)
    mapped = lookup[found]  # factorize's -1 (missing) picks the trailing -1
    bad = pd.Series(mapped == -2, index=main.index)
    if bad.any():
        _log_blanked(log, main, col, text, bad, "not one of the question's choices; value removed",
                     table)
    return pd.Categorical.from_codes(np.where(mapped == -2, -1, mapped), categories=cats)


def _has_choice(parent: pd.Series, choice: str) -> pd.Series:
    """Is ``choice`` one of the space-separated answers (boolean, NA where not asked)."""
    import re

    from wpsresearch.text.columns import on_distinct

    pattern = rf"(?:^|\s){re.escape(choice)}(?:\s|$)"
    return on_distinct(parent, lambda t: t.str.contains(pattern, regex=True)).astype("boolean")


def _select_multiple(main, col, codebook, log, table="main"):
    """Boolean dummies from the parent; returns {dummy column: Series}."""
    import re

    from wpsresearch.text.columns import on_distinct

    parent = main[col].astype("string")
    names = list(codebook.choices_for(col)["name"].astype(str))
    uuids, rows = _row_keys(main)
    # answers naming a choice the form does not have (vectorised test, per-row detail only
    # for the few rows concerned)
    known = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = rf"(?:^|(?<=\s))(?:{known})(?=\s|$)"
    leftover = on_distinct(parent, lambda t: t.str.replace(pattern, "", regex=True).str.strip())
    parent = parent.copy()
    for idx in main.index[(leftover.str.len() > 0).fillna(False).to_numpy(bool)]:
        chosen = str(parent[idx]).split()
        unknown = [x for x in chosen if x not in names]
        kept = " ".join(x for x in chosen if x in names)
        log.add(uuid=uuids[idx], question=col, old_value=parent[idx], new_value=kept,
                issue=f"unknown choice(s) {' '.join(unknown)} removed",
                change_type="change_response", check_id="type_conversion", table=table,
                source_row=rows[idx])
        parent[idx] = kept if kept else pd.NA
    out = {col: parent}
    for choice in names:
        dummy = f"{col}__{choice}"
        value = _has_choice(parent, choice)
        if dummy in main.columns:
            text = main[dummy].astype("string").str.strip().str.lower()
            given = pd.Series(pd.NA, index=main.index, dtype="boolean")
            given[text.isin(["1", "true"]).fillna(False)] = True
            given[text.isin(["0", "false"]).fillna(False)] = False
            differ = ((given != value).fillna(False) | (given.isna() != value.isna())).to_numpy(bool)
            log.add_masked(main, differ, question=dummy, old_values=main[dummy],
                           new_values=value.astype("Int64").astype("string"),
                           issue=f"dummy disagreed with the answer to {col}; set from the answer",
                           change_type="change_response", check_id="type_conversion", table=table)
        out[dummy] = value
    return out


def _type_table(frame, cb, log, missing_codes, table):
    from wpsresearch.clean.values import codes_for

    typed: dict[str, object] = {}
    new_cols: dict[str, pd.Series] = {}
    for name, base in zip(cb.variables["name"], cb.variables["base_type"]):
        if name not in frame.columns:
            continue
        if base == "integer":
            typed[name] = _to_number(frame, name, log, integer=True, table=table)
        elif base in {"decimal", "range"}:
            typed[name] = _to_number(frame, name, log, integer=False, table=table)
        elif base == "date":
            typed[name] = _to_date(frame, name, log, table)
        elif base == "select_one":
            typed[name] = _to_category(frame, name, cb, log, codes_for(name, missing_codes), table)
        elif base == "select_multiple":
            new_cols.update(_select_multiple(frame, name, cb, log, table))
    typed.update(new_cols)
    if "source_row" in frame:
        typed["source_row"] = frame["source_row"].astype("Int64")
    # one new frame, not one column assignment at a time (each costs a block-manager update
    # on a 300-column frame); column order: the table's, then new dummies in form order
    columns = {c: typed.pop(c, frame[c]) for c in frame.columns}
    columns.update(typed)
    return pd.DataFrame(columns, index=frame.index)


def apply_form_types(sd, *, log, missing_codes=None):
    """Convert every form question column, in the main table and every repeat, to its type
    (see the module docstring).

    ``missing_codes`` is the study's mapping (as for :func:`recode_missing`): choices that are
    special codes are replaced by their missing categories in the categorical's levels.
    """
    missing_codes = missing_codes or {}
    main = _type_table(sd.main, sd.codebook, log, missing_codes, "main")
    repeats = {name: _type_table(rep, sd.codebook, log, missing_codes, name)
               for name, rep in sd.repeats.items()}
    return dataclasses.replace(sd, main=main, repeats=repeats)
