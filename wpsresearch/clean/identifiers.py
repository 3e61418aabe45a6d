"""Drop direct identifiers — declared PII columns and the form's identifying types — before
anything else is done or written.

Logged once per column with ``uuid = all_data`` and ``old_value = [redacted]``: the log
accounts for the removal without repeating what was removed.  Content scanning for
identifiers hidden in other columns (phone numbers in free text ...) is the privacy stage's
job and runs after cleaning.
"""

from __future__ import annotations

import dataclasses

__all__ = ["drop_identifiers", "IDENTIFYING_TYPES", "IDENTIFYING_METADATA"]

from wpsresearch.privacy.identifying_fields import IDENTIFYING_METADATA, IDENTIFYING_TYPES


def _columns_of(frame, names) -> list[str]:
    """The columns of ``frame`` that hold ``names``: the column itself, its Kobo geopoint
    parts (``_gps_latitude`` ...) and its select/other children (``q__opt``)."""
    out = []
    for col in frame.columns:
        for name in names:
            if col == name or col.startswith(f"_{name}_") or col.startswith(f"{name}__"):
                out.append(col)
                break
    return out


def drop_identifiers(sd, *, log, columns=(), codebook_types=IDENTIFYING_TYPES,
                     metadata=IDENTIFYING_METADATA):
    """Remove identifier columns from the main table and every repeat; log each column.

    Parameters
    ----------
    sd : SurveyData
    log : CleaningLog
        Receives one ``blank_response`` entry per column (``uuid = all_data``,
        ``old_value = [redacted]``); the columns are also registered with
        :meth:`CleaningLog.protect`, so no later entry can carry their values.
    columns : iterable of str
        Declared PII columns (``study.yml`` ``pii_columns``).
    codebook_types : iterable of str
        Form types treated as identifying wherever they occur.

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.clean import CleaningLog
    >>> from wpsresearch.clean.identifiers import drop_identifiers
    >>> from wpsresearch.io import SurveyData, SourceInfo
    >>> main = pd.DataFrame({"age": ["30"], "phone": ["07701234567"], "_uuid": ["a"]})
    >>> log = CleaningLog()
    >>> out = drop_identifiers(SurveyData(main, {}, None, SourceInfo("x", "kobo_csv")),
    ...                        log=log, columns=["phone"])
    >>> list(out.main.columns), log.to_frame().loc[0, ["uuid", "old_value", "change_type"]].tolist()
    (['age', '_uuid'], ['all_data', '[redacted]', 'blank_response'])
    """
    names = set(columns)
    if sd.codebook is not None:
        v = sd.codebook.variables
        names |= set(v.loc[v["base_type"].isin(list(codebook_types)), "name"])
    names |= set(metadata)
    log.protect(names)
    tables = {"main": sd.main, **sd.repeats}
    cleaned = {}
    for table, frame in tables.items():
        drop = _columns_of(frame, sorted(names))
        log.protect(drop)
        for col in drop:
            log.add(uuid="all_data", question=col, old_value="[redacted]", new_value="",
                    issue="direct identifier removed before processing",
                    change_type="blank_response", check_id="pii", table=table)
        cleaned[table] = frame.drop(columns=drop)
    main = cleaned.pop("main")
    return dataclasses.replace(sd, main=main, repeats=cleaned)
