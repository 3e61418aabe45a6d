"""Processed data that do not link back to the raw export row by row.

Exact interview times (``start``/``end`` to the second) are unique to a submission: anyone
holding the raw export could put every processed row back beside its name and phone.  The
processed data keep the interview *date* and its *duration in whole minutes* instead.
"""

from __future__ import annotations

import re

__all__ = ["TIME_TYPES", "DURATION_COLUMN", "dates_without_times"]

# XLSForm types holding a date *and* a time of day.
TIME_TYPES = ("start", "end", "dateTime")
DURATION_COLUMN = "duration_minutes"
_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ]|$)")


def _local_date(series):
    """``YYYY-MM-DD`` as written in the value (the interview's local date), else parsed."""
    import pandas as pd

    from wpsresearch.privacy.identifier_patterns import fold_digits

    text = series.astype("string").map(fold_digits, na_action="ignore").astype("string")
    date = text.str.extract(_DATE, expand=False).astype("string")
    rest = date.isna() & text.notna() & (text.str.strip() != "")
    if rest.any():  # other spellings (Excel's "2024-03-01 10:02:00" is caught above)
        parsed = pd.to_datetime(text[rest], errors="coerce", format="mixed")
        date[rest] = parsed.dt.strftime("%Y-%m-%d").astype("string")
    return date


def dates_without_times(frame, codebook, *, log, table: str = "main"):
    """Replace timestamps by dates; add the interview duration in whole minutes.

    Parameters
    ----------
    frame : DataFrame
        A processed table (``respondent_id`` present).
    codebook : Codebook
        Its form: fields typed ``start``, ``end`` or ``dateTime`` lose their time of day.
    log : ChangeLog
        One entry per column (``uuid = all_data``) and one per value that cannot be read as a
        date (blanked).

    Returns
    -------
    DataFrame
        Timestamps as ``YYYY-MM-DD`` text; ``duration_minutes`` (Int64, rounded) from the
        form's ``start`` and ``end`` when it has both.

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.io.example_form import example_form
    >>> class Log(list):
    ...     def add(self, **entry): self.append(entry)
    >>> df = pd.DataFrame({"respondent_id": ["a"], "start": ["2024-03-01T10:02:11.000+03:00"],
    ...                    "end": ["2024-03-01T10:41:50.000+03:00"]})
    >>> out = dates_without_times(df, example_form(), log=Log())
    >>> out["start"].iloc[0], int(out["duration_minutes"].iloc[0])
    ('2024-03-01', 40)
    """
    import pandas as pd

    v = codebook.variables
    columns = [c for c in v.loc[v["base_type"].isin(list(TIME_TYPES)), "name"] if c in frame.columns]
    if not columns:
        return frame
    out = frame.copy()
    kinds = dict(zip(v["name"], v["base_type"]))
    start = next((c for c in columns if kinds.get(c) == "start"), None)
    end = next((c for c in columns if kinds.get(c) == "end"), None)
    if start and end and DURATION_COLUMN not in out.columns:
        t0 = pd.to_datetime(out[start], errors="coerce", utc=True, format="ISO8601")
        t1 = pd.to_datetime(out[end], errors="coerce", utc=True, format="ISO8601")
        minutes = ((t1 - t0).dt.total_seconds() / 60).round()
        out[DURATION_COLUMN] = pd.array(minutes, dtype="Float64").astype("Int64")
        log.add(uuid="all_data", question=DURATION_COLUMN, old_value="", new_value="",
                issue=f"interview duration in whole minutes, from {start} and {end}",
                change_type="change_response", check_id="date_only", table=table, source_row=None)
    ids = out["respondent_id"] if "respondent_id" in out.columns else pd.Series("", index=out.index)
    for col in columns:
        date = _local_date(out[col])
        unreadable = date.isna() & out[col].notna() & (out[col].astype("string").str.strip() != "")
        for idx in out.index[unreadable.fillna(False).to_numpy(bool)]:
            log.add(uuid=str(ids[idx]), question=col, old_value=str(out.at[idx, col]), new_value="",
                    issue="date and time could not be read; removed (processed data keep dates only)",
                    change_type="blank_response", check_id="date_only", table=table, source_row=None)
        out[col] = date
        log.add(uuid="all_data", question=col, old_value="", new_value="",
                issue="time of day removed, date kept (exact times link a row to the raw export)",
                change_type="change_response", check_id="date_only", table=table, source_row=None)
    return out
