"""The cleaning log: every row dropped and every value changed, in the REACH/IMPACT contract.

Columns (the contract Iraqi partners already use, plus two of ours)::

    uuid, question, old_value, new_value, issue, change_type, check_id, table, source_row

``change_type`` is one of ``change_response``, ``blank_response``, ``remove_survey`` and
``no_action`` (a flag for review).  ``uuid = all_data`` means a whole column.  ``table`` is
``main`` or a repeat's name; ``source_row`` is the row in the raw file (duplicates share a
uuid, so the uuid alone cannot say which copy was removed).

**The log never holds a direct identifier.**  Values of the columns it is told are personal
data (``pii_columns``) are written as ``[redacted]`` whatever a step passes in, so a log can be
shared for review without leaking the names and phone numbers it accounts for.

Examples
--------
>>> from wpsresearch.clean import CleaningLog
>>> log = CleaningLog(pii_columns=["phone"])
>>> log.add(uuid="a1", question="age", old_value="٣٥", new_value="35",
...         issue="Arabic-Indic digits converted", change_type="change_response",
...         check_id="arabic_digits", source_row=2)
>>> log.add(uuid="a1", question="phone", old_value="07701234567", new_value="",
...         issue="direct identifier removed", change_type="blank_response", check_id="pii")
>>> log.to_frame()[["question", "old_value", "new_value", "check_id"]]
  question    old_value new_value       check_id
0      age           ٣٥        35  arabic_digits
1    phone  [redacted]            pii
>>> len(log), log.counts()["arabic_digits"]
(2, 1)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from wpsresearch.errors import InputError

__all__ = ["CleaningLog", "LOG_COLUMNS", "CHANGE_TYPES", "REDACTED", "ALL_DATA"]

LOG_COLUMNS = ("uuid", "question", "old_value", "new_value", "issue", "change_type", "check_id",
               "table", "source_row")
CHANGE_TYPES = ("change_response", "blank_response", "remove_survey", "no_action")
REDACTED = "[redacted]"
ALL_DATA = "all_data"


def _text(value) -> str:
    """Log values are text, exactly as a reviewer sees them; missing is the empty string."""
    if value is None:
        return ""
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _cell(value):
    """A value as an Excel cell: missing → empty, numpy scalars → Python."""
    import pandas as pd

    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value.item() if hasattr(value, "item") else value


def _as_list(values) -> list:
    """Python objects from a list, numpy array or pandas Series (``tolist`` is C-speed)."""
    return values.tolist() if hasattr(values, "tolist") else list(values)


def _texts(values) -> list:
    """:func:`_text` over a sequence; strings (most log values) skip the per-value checks,
    which is what keeps a 10^6-entry log cheap."""
    from pandas import NA

    return [v if v.__class__ is str else ("" if v is None or v is NA else _text(v))
            for v in _as_list(values)]


# Values that cannot hold an identifier (short numbers, codes): skipped before scrubbing so a
# 10^5-entry add_many stays cheap.  Everything else goes through privacy's one scrubber.
_PLAIN = re.compile(r"[-+]?\d{1,6}(?:[.,]\d{1,6})?|[A-Za-z_]{0,3}\d{0,3}")


def _scrubbed(values: list) -> list:
    """Every logged value through :func:`wpsresearch.privacy.text_redaction.scrub`: a value that
    held an identifier is kept as its scrubbed text (the fact, e.g. ``"call [phone]"``, not the
    value)."""
    from wpsresearch.privacy.text_redaction import scrub

    # each distinct value is tested (and scrubbed) once; the rows are then a C-speed lookup
    table = {v: v if not v or _PLAIN.fullmatch(v) else scrub(v)[0] for v in set(values)}
    return list(map(table.__getitem__, values))


@dataclass
class CleaningLog:
    """An append-only record of cleaning decisions.

    Parameters
    ----------
    pii_columns : iterable of str, optional
        Columns holding direct identifiers: their values are always logged as ``[redacted]``.
    """

    pii_columns: set = field(default_factory=set)
    _rows: list = field(default_factory=list, repr=False)

    def __post_init__(self):
        self.pii_columns = set(self.pii_columns or ())

    def add(self, *, uuid, question, old_value, new_value, issue, change_type, check_id,
            table="main", source_row=None) -> None:
        """Record one decision (keyword arguments only, so no field is ever swapped)."""
        if change_type not in CHANGE_TYPES:
            raise InputError(f"unknown change_type {change_type!r}; use one of {', '.join(CHANGE_TYPES)}")
        old, new = _scrubbed([_text(old_value), _text(new_value)])
        if question in self.pii_columns or check_id == "pii":
            old = REDACTED if old else old
            new = REDACTED if new else new
        self._rows.append((
            _text(uuid), _text(question), old, new, _scrubbed([str(issue)])[0], change_type, str(check_id),
            str(table), None if source_row is None else int(source_row),
        ))

    def add_many(self, *, uuids, question, old_values, new_values, issue, change_type, check_id,
                 table="main", source_rows=None) -> None:
        """Record one decision per row at once (same question, check and change type).

        ``uuids``, ``old_values``, ``new_values``, ``source_rows`` (and ``issue`` when it is
        not a single string) are sequences of equal length.  The bulk form of :meth:`add`
        for steps that change thousands of values.
        """
        if change_type not in CHANGE_TYPES:
            raise InputError(f"unknown change_type {change_type!r}; use one of {', '.join(CHANGE_TYPES)}")
        uuids, olds, news = _texts(uuids), _scrubbed(_texts(old_values)), _scrubbed(_texts(new_values))
        n = len(uuids)
        # an issue text may quote an answer (an enumerator's name, a place): scrubbed like values
        issues = _scrubbed([str(issue)] * n if isinstance(issue, str) else [str(i) for i in issue])
        rows = [None] * n if source_rows is None else [
            r if r.__class__ is int else (None if _text(r) == "" else int(r))
            for r in _as_list(source_rows)]
        if not (len(olds) == len(news) == len(issues) == len(rows) == n):
            raise InputError("add_many needs one value per row in every sequence")
        if question in self.pii_columns or check_id == "pii":
            olds = [REDACTED if v else v for v in olds]
            news = [REDACTED if v else v for v in news]
        q, ct, cid, tb = _text(question), change_type, str(check_id), str(table)
        self._rows.extend(zip(uuids, [q] * n, olds, news, issues, [ct] * n, [cid] * n, [tb] * n, rows))

    def add_masked(self, frame, mask, *, question, old_values, new_values, issue, change_type,
                   check_id, table="main") -> int:
        """:meth:`add_many` for the rows of ``frame`` where ``mask`` is true.

        The uuid and source row come from ``frame`` (``_uuid`` — ``_parent_uuid`` in a
        repeat table — and ``source_row``);
        ``old_values``/``new_values`` (and ``issue``) are full-length Series/arrays or one
        string.  Everything is cut to the masked rows *before* it becomes Python objects:
        turning whole 10^5-row Arrow columns into objects, column after column, is what
        made logging the slowest part of cleaning.  Returns the number of entries.
        """
        import numpy as np
        import pandas as pd

        mask = np.asarray(mask, dtype=bool)
        n = int(mask.sum())
        if not n:
            return 0

        from wpsresearch.text.columns import values_at

        at = np.flatnonzero(mask)

        def cut(values):
            # only arrays and Series are full-length; a list is taken as already cut
            if isinstance(values, str):
                return [values] * n
            if isinstance(values, pd.Series):
                return values_at(values, at)
            if isinstance(values, (np.ndarray, pd.api.extensions.ExtensionArray)):
                return values[mask]
            return values

        key = "_uuid" if "_uuid" in frame else "_parent_uuid"  # a repeat row: its submission
        uuids = values_at(frame[key], at) if key in frame else [""] * n
        rows = values_at(frame["source_row"], at) if "source_row" in frame else None
        self.add_many(uuids=uuids, question=question, old_values=cut(old_values),
                      new_values=cut(new_values), issue=issue if isinstance(issue, str) else cut(issue),
                      change_type=change_type, check_id=check_id, table=table, source_rows=rows)
        return n

    def extend(self, entries) -> None:
        """Add many entries given as mappings with the :data:`LOG_COLUMNS` keys."""
        for e in entries:
            self.add(**{k: e.get(k) for k in LOG_COLUMNS if k in e})

    def protect(self, columns) -> None:
        """Declare more identifier columns (their values will be logged as ``[redacted]``)."""
        self.pii_columns |= set(columns)

    def __len__(self) -> int:
        return len(self._rows)

    def to_frame(self):
        """The log as a DataFrame with exactly :data:`LOG_COLUMNS`."""
        import pandas as pd

        frame = pd.DataFrame(self._rows, columns=list(LOG_COLUMNS))
        frame["source_row"] = pd.array(frame["source_row"], dtype="Int64")
        for col in LOG_COLUMNS:
            if col != "source_row":
                frame[col] = frame[col].astype("string").fillna("")
        return frame

    def counts(self):
        """Number of entries per ``check_id`` (a Series)."""
        return self.to_frame()["check_id"].value_counts().sort_index()

    def removed_rows(self, table: str = "main") -> set:
        """Source rows logged as ``remove_survey`` in ``table``."""
        frame = self.to_frame()
        sel = (frame["change_type"] == "remove_survey") & (frame["table"] == table)
        return set(int(r) for r in frame.loc[sel, "source_row"].dropna())

    def to_csv(self, path) -> Path:
        """Write the log as UTF-8 CSV (with BOM, so Excel on Arabic Windows opens it right)."""
        from wpsresearch.io.paths import ensure_writable

        path = ensure_writable(path)
        self.to_frame().to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
        return path

    def to_excel(self, path, *, sheets=None) -> Path:
        """Write the review workbook: the log (a drop-down for ``change_type``), any extra
        ``sheets`` (``{name: DataFrame}``, e.g. the deletion log and the enumerator summary),
        and a how-to sheet (``readme``) — the layout of REACH's
        ``cleaningtools::create_xlsx_cleaning_log``.  The first sheet is always the log, so a
        reviewed workbook is read back with ``pandas.read_excel(path, sheet_name=0)``."""
        from openpyxl import Workbook
        from openpyxl.styles import Font, PatternFill
        from openpyxl.worksheet.datavalidation import DataValidation

        from wpsresearch.io.paths import ensure_writable

        path = ensure_writable(path)
        wb = Workbook()
        ws = wb.active
        ws.title = "cleaning_log"
        header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="EE5859")
        ws.append(list(LOG_COLUMNS))
        for cell in ws[1]:
            cell.font, cell.fill = header_font, header_fill
        for row in self._rows:
            ws.append(list(row))
        last = max(2, len(self._rows) + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(CHANGE_TYPES) + '"',
                            allow_blank=False, showErrorMessage=True,
                            errorTitle="change_type", error="Choose one of the listed change types.")
        col = "ABCDEFGHI"[LOG_COLUMNS.index("change_type")]
        dv.add(f"{col}2:{col}{last + 1000}")
        ws.add_data_validation(dv)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:I{last}"
        for letter, width in zip("ABCDEFGHI", (38, 28, 18, 18, 50, 18, 18, 10, 10)):
            ws.column_dimensions[letter].width = width
        for name, frame in (sheets or {}).items():
            extra = wb.create_sheet(str(name)[:31])
            extra.append([str(c) for c in frame.columns])
            for cell in extra[1]:
                cell.font, cell.fill = header_font, header_fill
            for values in frame.itertuples(index=False):
                extra.append([_cell(v) for v in values])
            extra.freeze_panes = "A2"
        legend = wb.create_sheet("readme")
        for line in (
            ["change_type", "meaning"],
            ["change_response", "change the value from old_value to new_value"],
            ["blank_response", "remove the value (set it to missing)"],
            ["remove_survey", "delete the whole interview (row source_row)"],
            ["no_action", "flagged for review; nothing changed. new_value holds the suggested value "
                          "where there is one: set change_type to act on it"],
            ["", "Then run: wpsresearch build <study> --reviewed-log <this file>"],
        ):
            legend.append(line)
        # fixed metadata so the same log gives the same bytes (deterministic builds)
        import datetime as _dt

        stamp = _dt.datetime(2000, 1, 1)
        wb.properties.created = stamp
        wb.properties.modified = stamp
        wb.properties.creator = "wpsresearch"
        wb.save(path)
        from wpsresearch.io.deterministic import freeze_zip_timestamps

        freeze_zip_timestamps(path)
        return path
