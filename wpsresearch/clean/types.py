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
    from wpsresearch.clean.values import numbers_of
    from wpsresearch.text.columns import missing_mask

    text = main[col].astype("string")
    x = numbers_of(text)
    bad = ~missing_mask(text) & np.isnan(x)
    if integer:
        with np.errstate(invalid="ignore"):
            # a fraction, or a number too large for a whole-number column (beyond 2^53 a
            # float no longer holds every integer), cannot be this question's answer
            frac = ~np.isnan(x) & ((x != np.floor(x)) | (np.abs(x) > 2.0 ** 53))
        bad |= frac
        x = np.where(frac, np.nan, x)
    if bad.any():
        kind = "a whole number" if integer else "a number"
        _log_blanked(log, main, col, text, pd.Series(bad, index=main.index),
                     f"not {kind}; value removed", table)
    missing = np.isnan(x)
    if integer:
        values = np.where(missing, 0, np.round(x)).astype(np.int64)
        return pd.Series(pd.arrays.IntegerArray(values, missing), index=main.index)
    return pd.Series(pd.arrays.FloatingArray(np.where(missing, 0.0, x), missing), index=main.index)


def _to_date(main, col, log, table="main"):
    text = main[col].astype("string")
    parsed = pd.to_datetime(text, errors="coerce", format="ISO8601")
    bad = text.notna() & parsed.isna()
    if bad.any():
        _log_blanked(log, main, col, text, bad, "not a date; value removed", table)
    return parsed


# A column with more than this share of its answers outside the form's choices was most likely
# collected with another version of the form (or its choice names were anonymised/renamed): the
# log then carries one ``form_version`` entry for the whole column, naming the likely cause.
FORM_VERSION_SHARE = 0.20


def _categories(codebook, name, codes: dict, observed) -> list:
    """The form's choices, with special-code choices (``98``, ``99``) replaced by the missing
    categories they were recoded to (so builds of a form share categories), plus missing
    categories found in the data."""
    # a list may name a choice twice (a form read with form_repairs: pyxform refuses that,
    # Kobo's builder lets it through): one category per name, at its first place
    form = list(dict.fromkeys(codebook.choices_for(name)["name"].astype(str)))
    choices = [c for c in form if c not in codes]
    wanted = {codes[c] for c in form if c in codes} | (set(observed) & set(MISSING_CATEGORIES))
    return choices + [m for m in MISSING_CATEGORIES if m in wanted and m not in choices]


def _label_index(codebook, name) -> dict:
    """``{matching key of a label: choice name}`` over every label language; a label two
    choices share is left out (an exact match must be unambiguous)."""
    from wpsresearch.text import normalize_key

    options = codebook.choices_for(name)
    seen: dict[str, set] = {}
    for col in [c for c in options.columns if c.startswith("label")]:
        for label, choice in zip(options[col], options["name"].astype(str)):
            if isinstance(label, str) and label.strip():
                key = " ".join(normalize_key(label).casefold().split())
                seen.setdefault(key, set()).add(choice)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def _by_label(codebook, name, values) -> dict:
    """``{answer: choice name}`` for answers that are exactly one choice's label (any
    language, Arabic-normalised, case and spacing ignored): an export written with labels."""
    from wpsresearch.text import normalize_key

    index = _label_index(codebook, name) if len(values) else {}
    found = {}
    for v in values:
        hit = index.get(" ".join(normalize_key(v).casefold().split()))
        if hit is not None:
            found[v] = hit
    return found


def suggest_choice(value: str, choices) -> str | None:
    """The choice name closest to an unknown answer (``about_half`` → ``about_half_pay``),
    for the reviewer only: never applied."""
    import difflib

    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    return close[0] if close else None


@dataclasses.dataclass(frozen=True)
class _Question:
    """A select question being typed: its column, table and choice list (for the log)."""

    name: str
    table: str = "main"
    list_name: object = None


@dataclasses.dataclass(frozen=True)
class _Unknown:
    """A select column's answers outside its choices.

    ``mask`` marks the rows; ``old_values`` is the full-length column; ``parts`` (the unknown
    part of each flagged answer) and ``suggested`` are cut to the flagged rows; ``hints`` maps
    each unknown value to its closest choice (or None); ``n_answered`` counts the answers.
    """

    mask: np.ndarray
    old_values: object
    parts: list
    suggested: list
    hints: dict
    n_answered: int


def _flag_unknown(log, main, question: _Question, unknown: _Unknown):
    """Unknown answers are kept and flagged (``no_action``) with the closest choice as the
    suggested ``new_value``; above :data:`FORM_VERSION_SHARE` of the answers, one whole-column
    entry (and a :class:`~wpsresearch.errors.WpsWarning`) says the form version (or
    anonymised choice names) is the likely cause.
    """
    import warnings

    from wpsresearch.errors import WpsWarning

    col, table, list_name = question.name, question.table, question.list_name
    mask, parts, hints, n_answered = unknown.mask, unknown.parts, unknown.hints, unknown.n_answered
    issues = []
    for part in parts:
        close = [f"{v} → {hints[v]}" for v in str(part).split() if hints.get(v)]
        issues.append(f"'{part}' is not one of the choices of {col}; kept for review"
                      + (f" (closest choice: {', '.join(close)})" if close else ""))
    log.add_masked(main, mask, question=col, old_values=unknown.old_values,
                   new_values=unknown.suggested, issue=issues, change_type="no_action",
                   check_id="unknown_choice", table=table)
    share = int(np.count_nonzero(mask)) / max(n_answered, 1)
    if share > FORM_VERSION_SHARE:
        pairs = [f"'{v}' vs the form's '{h}'" for v, h in hints.items() if h][:3]
        cause = ("the data were collected with another version of the form ("
                 + ", ".join(pairs) + ")") if pairs else (
            "the choice names were anonymised or recoded before export, or the data come from "
            "another version of the form")
        message = (f"{int(np.count_nonzero(mask))} of {n_answered} answers to {col} "
                   f"({share:.0%}) are not choices of its list"
                   f"{f' {list_name!r}' if isinstance(list_name, str) else ''}: likely cause: "
                   f"{cause}; answers kept")
        log.add(uuid="all_data", question=col, old_value="", new_value="", issue=message,
                change_type="no_action", check_id="form_version", table=table)
        warnings.warn(f"form version: {message}", WpsWarning, stacklevel=2)


def _to_category(main, col, codebook, log, codes, table="main"):
    text = main[col].astype("string")
    # factorize once, then map the few distinct answers onto the categories (much faster
    # than building a Categorical from 10^5 strings)
    from wpsresearch.text.columns import factorize_text, texts_of

    found, distinct = factorize_text(text)
    distinct = texts_of(distinct)
    cats = _categories(codebook, col, codes, distinct)
    position = {c: i for i, c in enumerate(cats)}
    outside = [v for v in distinct if v not in position]
    # deterministic repair: an answer written as a choice's label is that choice
    labelled = _by_label(codebook, col, outside)
    unknown = sorted(v for v in outside if v not in labelled)
    cats = cats + unknown  # unknown answers are kept, never blanked
    position.update({v: len(cats) - len(unknown) + i for i, v in enumerate(unknown)})
    position.update({v: position[c] for v, c in labelled.items()})
    lookup = np.array([position[v] for v in distinct] + [-1], dtype=np.int64)
    mapped = lookup[found]  # factorize's -1 (missing) picks the trailing -1
    if labelled:
        is_label = np.array([v in labelled for v in distinct] + [False])[found]
        log.add_masked(main, is_label, question=col, old_values=text,
                       new_values=np.array(cats, dtype=object)[np.where(mapped < 0, 0, mapped)],
                       issue="answer is exactly a choice's label: set to the choice's name",
                       change_type="change_response", check_id="choice_label", table=table)
    if unknown:
        unknown_set = set(unknown)
        is_unknown = np.array([v in unknown_set for v in distinct] + [False])[found]
        hints = {v: suggest_choice(v, cats[:len(cats) - len(unknown)]) for v in unknown}
        parts = text[is_unknown].tolist()
        _flag_unknown(log, main, _Question(col, table, codebook.question(col)["list_name"]),
                      _Unknown(is_unknown, old_values=text, parts=parts,
                               suggested=[hints[v] or "" for v in parts], hints=hints,
                               n_answered=int(text.notna().sum())))
    return pd.Categorical.from_codes(mapped, categories=cats)


_DUMMY_VALUES = {"1": 1, "true": 1, "0": 0, "false": 0}


def _dummy_codes(series) -> np.ndarray:
    """A Kobo 0/1 (or True/False) column as int8 codes: 1, 0, or -1 (blank / unreadable),
    decided on its few distinct values (or, when every answer is one character, on the
    bytes themselves: hashing 10^5 one-character texts per dummy costs more)."""
    from wpsresearch.text.columns import factorize_text, one_byte_answers, texts_of

    text = series.astype("string")
    single = one_byte_answers(text)
    if single is not None:  # one byte per answer ("0", "1"); 0 where missing
        lookup = np.full(256, -1, dtype=np.int8)
        for value, code in _DUMMY_VALUES.items():
            if len(value) == 1:
                lookup[ord(value)] = code
        return lookup[single]
    found, distinct = factorize_text(text)
    lookup = np.array([_DUMMY_VALUES.get(v.strip().lower(), -1) for v in texts_of(distinct)] + [-1],
                      dtype=np.int8)
    return lookup[found]


def _select_multiple(main, col, codebook, log, table="main"):
    """Boolean dummies from the parent; returns {dummy column: Series}.

    Answers naming a choice the form does not have are kept in the parent and flagged
    (``unknown_choice``, ``no_action``); the form's dummies are derived from the parent (the
    dummies are a copy of the answer, not an answer: one that disagrees is set from it).
    Where the answer is missing the given dummies are kept as they are (and flagged when they
    select a choice).  Everything is decided on the distinct answers and spread to the rows.
    """
    from wpsresearch.text.columns import factorize_text, texts_of

    parent = main[col].astype("string")
    names = list(codebook.choices_for(col)["name"].astype(str))
    known = set(names)
    found, distinct = factorize_text(parent)
    chosen = [v.split() for v in texts_of(distinct)]
    answered = found >= 0
    leftover = [" ".join(t for t in words if t not in known) for words in chosen]
    odd = np.array([bool(x) for x in leftover] + [False])[found]
    if odd.any():
        parts = [leftover[i] for i in found[odd]]
        hints = {v: suggest_choice(v, names) for v in sorted({x for p in parts for x in p.split()})}
        suggested = [" ".join(hints.get(x) or x for x in str(answer).split())
                     if all(hints.get(x) or x in known for x in str(answer).split()) else ""
                     for answer in parent[odd].tolist()]
        _flag_unknown(log, main, _Question(col, table, codebook.question(col)["list_name"]),
                      _Unknown(odd, old_values=parent, parts=parts, suggested=suggested,
                               hints=hints, n_answered=int(answered.sum())))
    out = {col: parent}
    given_any = np.zeros(len(main), dtype=bool)
    for choice in names:
        dummy = f"{col}__{choice}"
        value = np.array([choice in words for words in chosen] + [False])[found]
        missing = ~answered
        if dummy in main.columns:
            given = _dummy_codes(main[dummy])
            # where the question was answered the dummies are a copy of the answer; where the
            # answer is missing the dummies are all there is: kept as they are
            differ = answered & (given != value.astype(np.int8))
            if differ.any():
                log.add_masked(main, differ, question=dummy, old_values=main[dummy],
                               new_values=np.where(value[differ], "1", "0").tolist(),
                               issue=f"dummy disagreed with the answer to {col}; set from the answer",
                               change_type="change_response", check_id="type_conversion", table=table)
            value = np.where(answered, value, given == 1)
            missing = ~answered & (given < 0)
            given_any |= ~answered & (given == 1)
        out[dummy] = pd.Series(pd.arrays.BooleanArray(value, missing), index=main.index)
    if given_any.any():
        rows = np.flatnonzero(given_any)
        rebuilt = [" ".join(c for c in names if f"{col}__{c}" in main.columns
                            and bool(out[f"{col}__{c}"].iat[i])) for i in rows]
        log.add_masked(main, given_any, question=col, old_values="", new_values=rebuilt,
                       issue=f"{col} is empty but its dummies select choices; suggested answer "
                             "rebuilt from the dummies", change_type="no_action",
                       check_id="unknown_choice", table=table)
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
    return pd.DataFrame(columns, index=frame.index, copy=False)


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
