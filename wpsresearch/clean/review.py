"""The REACH round trip: a review workbook with the suggested values, and the reviewed
decisions applied back to the data.

1. ``wpsresearch build`` writes ``cleaning_log.xlsx``: every entry of the log (``no_action``
   entries carry a *suggested* ``new_value``), the deletion log, the enumerator summary and a
   how-to sheet — the workbook REACH reviewers know (IMPACT ``cleaningtools::
   create_xlsx_cleaning_log``: a ``change_type`` drop-down with ``change_response``,
   ``blank_response``, ``remove_survey``, ``no_action``).
2. A reviewer changes ``change_type`` (and ``new_value``) of the entries they accept.
3. ``wpsresearch build --reviewed-log FILE`` runs the same cleaning and then
   :func:`apply_log`: each reviewed decision that this run has not already made is applied
   and logged (``check_id = apply_log``); an entry that cannot be applied is logged as such,
   never dropped silently (``cleaningtools::review_cleaning_log`` reports the same problems:
   unknown uuid, unknown question, a value the question cannot take).

``apply_log`` follows ``cleaningtools::create_clean_data``: ``change_response`` sets the
question to ``new_value``; ``blank_response`` sets it missing; ``remove_survey`` removes the
interview (with its repeat rows); ``no_action`` changes nothing; ``uuid = all_data`` with
``blank_response`` removes the column.  A select_multiple answer and its ``q__choice`` dummies
stay consistent: a changed answer re-derives its dummies, changed dummies rebuild the answer
(cleaningtools' ``recreate_parent_column``).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from wpsresearch.clean import submissions
from wpsresearch.errors import InputError

__all__ = ["apply_log", "deletion_log", "review_sheets", "ReviewRound"]

_KEY = ("uuid", "question", "change_type", "new_value", "check_id", "table", "source_row")


def _reviewed_frame(reviewed):
    """The reviewed log as text, with change types checked (rows named as Excel shows them)."""
    from wpsresearch.clean.log import CHANGE_TYPES, LOG_COLUMNS

    if not isinstance(reviewed, pd.DataFrame):
        raise InputError("the reviewed log must be a DataFrame (read it with pandas.read_excel)")
    missing = [c for c in ("uuid", "question", "new_value", "change_type") if c not in reviewed.columns]
    if missing:
        raise InputError("the reviewed log lacks required columns", column=missing,
                         hint=f"keep the columns {', '.join(LOG_COLUMNS)}")
    frame = reviewed.astype({c: "string" for c in ("uuid", "question", "new_value", "change_type")})
    frame["change_type"] = frame["change_type"].fillna("").str.strip().replace("", "no_action")
    for col in ("uuid", "question", "table", "check_id"):
        if col in frame:
            frame[col] = frame[col].astype("string").fillna("").str.strip()
    bad = ~frame["change_type"].isin(CHANGE_TYPES)
    if bad.any():
        raise InputError(f"unknown change_type {frame.loc[bad, 'change_type'].iloc[0]!r}",
                         row=[int(i) + 2 for i in frame.index[bad]], column="change_type",
                         hint=f"use one of {', '.join(CHANGE_TYPES)}")
    if "source_row" in frame:
        text = frame["source_row"].astype("string").fillna("").str.strip()
        number = pd.to_numeric(text.replace("", pd.NA), errors="coerce")
        bad = (text != "") & number.isna()
        if bad.any():
            raise InputError("source_row must be a row number or empty",
                             row=[int(i) + 2 for i in frame.index[bad]], column="source_row")
        frame["source_row"] = number.astype("Int64")
    return frame


def _coerce(series: pd.Series, value):
    """``value`` (text from a reviewed workbook) in the column's type, or raise ValueError."""
    if value is pd.NA or value is None:
        return pd.NA
    text = str(value).strip()
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        if text not in set(map(str, dtype.categories)):
            raise ValueError(f"'{text}' is not one of the choices")
        return text
    if pd.api.types.is_bool_dtype(dtype):
        table = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}
        if text.lower() not in table:
            raise ValueError(f"'{text}' is not yes/no")
        return table[text.lower()]
    if pd.api.types.is_numeric_dtype(dtype):
        from wpsresearch.io import parse_number

        number = parse_number(pd.Series([text], dtype="string")).iloc[0]
        if pd.isna(number):
            raise ValueError(f"'{text}' is not a number")
        if pd.api.types.is_integer_dtype(dtype):
            if float(number) != int(number):
                raise ValueError(f"'{text}' is not a whole number")
            return int(number)
        return float(number)
    if pd.api.types.is_datetime64_any_dtype(dtype):
        stamp = pd.to_datetime(text, errors="coerce")
        if pd.isna(stamp):
            raise ValueError(f"'{text}' is not a date")
        return stamp
    return text


def _already_done(frame: pd.DataFrame, already) -> np.ndarray:
    """Entries identical to one this run logged itself (the automatic repairs of the same
    build, which the reviewer left as they were): already applied, not applied twice."""
    if already is None or len(already) == 0 or frame.empty:
        return np.zeros(len(frame), dtype=bool)

    def keys(f):
        cols = []
        for c in _KEY:
            v = f[c] if c in f else pd.Series("", index=f.index)
            cols.append(v.astype("string").fillna("").str.strip())
        return pd.Series(list(zip(*cols)), index=f.index)

    done = set(keys(already).tolist())
    return keys(frame).isin(done).to_numpy()


def _positions(frame: pd.DataFrame, key: str) -> dict:
    """``{uuid: row positions}`` of a table (a repeat's rows by their submission's uuid)."""
    if key not in frame:
        return {}
    return {str(k): v for k, v in frame[key].astype("string").groupby(frame[key].astype("string")).indices.items()}


def _multiple_questions(codebook) -> dict:
    """``{select_multiple question: [choice names]}``."""
    if codebook is None:
        return {}
    v = codebook.variables
    return {q: list(codebook.choices_for(q)["name"].astype(str))
            for q in v.loc[v["base_type"] == "select_multiple", "name"]}


def apply_log(sd, reviewed, *, log, already=None):
    """Apply a reviewed cleaning log (e.g. read back from ``cleaning_log.xlsx``).

    Parameters
    ----------
    sd : SurveyData
        The cleaned data the log was written for (same ids).
    reviewed : DataFrame
        At least ``uuid, question, new_value, change_type``; ``table`` and ``source_row``
        pick a repeat table and one copy of a duplicated uuid.
    log : CleaningLog
        Receives one ``apply_log`` entry per applied change, and one per entry that could not
        be applied (``reviewed entry not applied: …``).
    already : DataFrame, optional
        The log of the run that produced ``sd``: reviewed entries identical to one of its
        entries were applied by that run and are skipped.

    Notes
    -----
    REACH/IMPACT equivalent: ``cleaningtools::create_clean_data`` (with
    ``review_cleaning_log``'s checks reported in the log instead of stopping).
    """
    frame = _reviewed_frame(reviewed)
    frame = frame[(frame["change_type"] != "no_action")]
    frame = frame[~_already_done(frame, already)]
    tables = {"main": sd.main.copy(), **{k: v.copy() for k, v in sd.repeats.items()}}
    index = {t: _positions(f, "_uuid" if t == "main" else "_parent_uuid") for t, f in tables.items()}
    multiple = _multiple_questions(sd.codebook)
    changes: dict[tuple, dict] = {}  # (table, column) -> {position: value}
    remove = {t: np.zeros(len(f), dtype=bool) for t, f in tables.items()}

    def not_applied(entry, why):
        log.add(uuid=entry["uuid"], question=entry["question"], old_value="",
                new_value=entry["new_value"], issue=f"reviewed entry not applied: {why}",
                change_type="no_action", check_id="apply_log",
                table=entry.get("table") or "main")

    for entry in frame.to_dict("records"):
        kind, q, u = entry["change_type"], entry["question"], entry["uuid"]
        table = str(entry.get("table") or "main").strip() or "main"
        if table not in tables:
            not_applied(entry, f"unknown table '{table}'")
            continue
        data = tables[table]
        if u == "all_data":
            # whole-column entries: a column the build already removed (identifiers, export
            # metadata, the id pseudonymisation) is done; anything else names what is missing
            if kind == "blank_response" and q in data.columns:
                tables[table] = data.drop(columns=[q])
                log.add(uuid="all_data", question=q, old_value="[redacted]", new_value="",
                        issue="column removed (reviewed log)", change_type="blank_response",
                        check_id="apply_log", table=table)
            elif kind != "blank_response" and q in data.columns:
                not_applied(entry, "whole-column changes other than removal are not re-applied")
            continue
        rows = index[table].get(str(u), np.array([], dtype=int))
        row_no = entry.get("source_row")
        if len(rows) and row_no is not None and not pd.isna(row_no) and "source_row" in data:
            rows = rows[data["source_row"].to_numpy()[rows] == int(row_no)]
        if not len(rows):
            not_applied(entry, "unknown uuid")
            continue
        if kind == "remove_survey":
            remove[table][rows] = True
            continue
        if q not in data.columns:
            not_applied(entry, "unknown question")
            continue
        raw_new = entry["new_value"]
        if kind == "blank_response" or pd.isna(raw_new) or str(raw_new).strip() == "":
            raw_new = pd.NA  # an empty new value means "missing" (as the log writes it)
        try:
            new = _coerce(data[q], raw_new)
            if q in multiple and new is not pd.NA:
                unknown = [c for c in str(new).split() if c not in multiple[q]]
                if unknown:
                    raise ValueError(f"'{' '.join(unknown)}' is not one of the choices")
        except ValueError as exc:
            not_applied(entry, str(exc))
            continue
        cell = changes.setdefault((table, q), {})
        for pos in rows:
            cell[int(pos)] = (new, entry)
    for (table, q), cells in changes.items():
        tables[table] = _set_cells(tables[table], q, cells, table, log)
    for table, data in tables.items():
        tables[table] = _consistent_multiple(data, changes, table, multiple, log)
    main = tables.pop("main")
    out = dataclasses.replace(sd, main=main, repeats=tables)
    for table, mask in remove.items():
        if mask.any() and table != "main":
            rep = out.repeats[table]
            log.add_masked(rep, mask, question="", old_values="", new_values="",
                           issue="removed by the reviewed log", change_type="remove_survey",
                           check_id="apply_log", table=table)
            out = dataclasses.replace(out, repeats={**out.repeats, table: rep.loc[~mask]})
    return submissions.remove_submissions(out, remove["main"], log=log, check_id="apply_log",
                                          issue="removed by the reviewed log")


def _set_cells(data, q, cells, table, log):
    """Write ``{position: (value, entry)}`` into column ``q`` (one column copy) and log each."""
    column = data[q].copy()
    positions = np.fromiter(cells, dtype=int)
    olds = column.iloc[positions].tolist()
    news = [cells[p][0] for p in positions]
    column.iloc[positions] = news
    for p, old, new in zip(positions, olds, news):
        entry = cells[p][1]
        log.add(uuid=entry["uuid"], question=q, old_value=old, new_value=new,
                issue=f"reviewed change applied ({entry.get('check_id') or 'review'})",
                change_type=entry["change_type"], check_id="apply_log", table=table,
                source_row=data["source_row"].iat[p] if "source_row" in data else None)
    out = data.copy()
    out[q] = column
    return out


def _consistent_multiple(data, changes, table, multiple, log):
    """After reviewed changes: dummies follow a changed select_multiple answer; an answer
    whose dummies alone were changed is rebuilt from them."""
    for q, choices in multiple.items():
        if q not in data.columns:
            continue
        dummies = {c: f"{q}__{c}" for c in choices if f"{q}__{c}" in data.columns}
        parent_rows = set(changes.get((table, q), {}))
        dummy_rows = set().union(*[set(changes.get((table, d), {})) for d in dummies.values()]) - parent_rows
        if parent_rows and dummies:
            pos = np.array(sorted(parent_rows), dtype=int)
            answers = data[q].astype("string").iloc[pos]
            for c, col in dummies.items():
                new = answers.map(lambda a, c=c: pd.NA if pd.isna(a) else c in str(a).split(),
                                  na_action=None).astype("boolean")
                old = data[col].iloc[pos].astype("boolean")
                differ = ((old != new).fillna(False) | (old.isna() != new.isna())).to_numpy(bool)
                if differ.any():
                    column = data[col].copy()
                    column.iloc[pos[differ]] = new.to_numpy()[differ]
                    _log_derived(log, data, pos[differ], col, old[differ], new[differ], table,
                                 f"dummy set from the reviewed answer to {q}")
                    data = data.assign(**{col: column})
        if dummy_rows:
            pos = np.array(sorted(dummy_rows), dtype=int)
            picked = pd.DataFrame({c: data[col].iloc[pos].astype("boolean") for c, col in dummies.items()})
            chosen = picked.fillna(False).to_numpy(bool)
            names = np.array(list(dummies), dtype=object)
            rebuilt = pd.Series([" ".join(names[row]) or pd.NA for row in chosen],
                                index=picked.index, dtype="string")
            rebuilt = rebuilt.where(~picked.isna().all(axis=1).to_numpy(), pd.NA)
            old = data[q].astype("string").iloc[pos]
            differ = (old.fillna("") != rebuilt.astype("string").fillna("")).to_numpy(bool)
            if differ.any():
                column = data[q].astype("string").copy()
                column.iloc[pos[differ]] = rebuilt.to_numpy()[differ]
                _log_derived(log, data, pos[differ], q, old[differ], rebuilt[differ], table,
                             "answer rebuilt from its reviewed dummies")
                data = data.assign(**{q: column})
    return data


def _log_derived(log, data, pos, column, old, new, table, issue):
    mask = np.zeros(len(data), dtype=bool)
    mask[pos] = True
    log.add_masked(data, mask, question=column, old_values=list(old), new_values=list(new),
                   issue=issue, change_type="change_response", check_id="apply_log", table=table)


def deletion_log(log_frame: pd.DataFrame) -> pd.DataFrame:
    """The interviews removed, one row each (REACH's deletion log): ``uuid, issue, check_id,
    table, source_row``."""
    gone = log_frame[log_frame["change_type"] == "remove_survey"]
    return gone[["uuid", "issue", "check_id", "table", "source_row"]].reset_index(drop=True)


def review_sheets(log_frame: pd.DataFrame, *, main=None, enumerator_column="enumerator",
                  durations=None) -> dict:
    """The extra sheets of the review workbook: ``deletion_log`` and, when the data have an
    enumerator column, ``enumerator_summary``."""
    from wpsresearch.clean.fieldwork import enumerator_summary

    sheets = {"deletion_log": deletion_log(log_frame)}
    if main is not None and enumerator_column in main.columns:
        sheets["enumerator_summary"] = enumerator_summary(main, log_frame, by=enumerator_column,
                                                          durations=durations)
    return sheets


class ReviewRound:
    """What one build needs for the REACH round trip, in one place: interview durations
    taken from the raw export (audit files are named by the raw submission ids, which the
    build pseudonymises next), the reviewed log applied after this run's own repairs, and the
    review workbook's extra sheets."""

    def __init__(self, study, raw):
        from wpsresearch.clean.pipeline import study_durations

        self.study = study
        self.durations = study_durations(raw, dict(study.checks), study=study)

    def apply(self, clean, reviewed, *, log):
        """:func:`apply_log` of ``reviewed``, skipping what this run already did."""
        return apply_log(clean, reviewed, log=log, already=log.to_frame())

    def sheets(self, main, log) -> dict:
        """:func:`review_sheets` for the data as read (pseudonymised ids, as in the log)."""
        by = self.study.enumerator_column(main.columns)
        return review_sheets(log.to_frame(), main=main, enumerator_column=by,
                             durations=self.durations)
