"""Interview durations from Kobo/ODK **audit files** (active time, pauses excluded), falling
back to the form's ``start``/``end`` and saying so.

A form with the ``audit`` metadata question makes Collect write an ``audit.csv`` per
submission (``event,node,start,end,…``; times in milliseconds since the epoch).  Kobo's media
export (a ZIP) holds one per submission, in a folder named after the submission's uuid
(``…/<uuid>/audit.csv``).

The REACH rule (IMPACT ``cleaningtools::create_duration_from_audit_sum_all``): the duration is
the sum of ``end - start`` over the events that have a ``node`` (questions, groups, repeats)
— "form start", "form exit", "form resume", "end screen", "form save" have none, so time the
form spent closed or paused is not counted.  ``end - start`` of the whole interview
(``start``/``end`` questions) counts every pause, which is why REACH times interviews from
the audit log.

Examples
--------
>>> import pandas as pd
>>> from wpsresearch.clean.audit import audit_duration_ms
>>> audit = pd.DataFrame({"event": ["form start", "question", "form exit", "form resume", "question"],
...                       "node": ["", "/f/q1", "", "", "/f/q2"],
...                       "start": [0, 1_000, 61_000, 3_661_000, 3_662_000],
...                       "end": [None, 61_000, None, None, 3_722_000]})
>>> audit_duration_ms(audit) / 60_000   # 1 + 1 minutes answered; the hour away is a pause
2.0
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd

from wpsresearch.errors import InputError

__all__ = ["read_audit_files", "audit_duration_ms", "audit_durations", "interview_durations",
           "AUDIT_COLUMNS"]

AUDIT_COLUMNS = ("event", "node", "start", "end")


def read_audit_files(path, *, uuids=None) -> dict:
    """``{uuid: audit DataFrame}`` from a Kobo media-export ZIP (or a folder laid out the
    same way): every ``audit.csv``, keyed by the name of the folder that holds it.

    ``uuids`` (optional): read only these submissions.  ``uuid:`` prefixes (ODK instance
    ids) are dropped from folder names.

    Notes
    -----
    REACH/IMPACT equivalent: ``cleaningtools::create_audit_list``.
    """
    path = Path(path)
    if not path.exists():
        raise InputError("the audit-file archive does not exist", file=path,
                         hint="set checks.audit_files in study.yml to the Kobo media export (ZIP)")
    wanted = None if uuids is None else {str(u) for u in uuids}
    out: dict[str, pd.DataFrame] = {}
    if path.is_dir():
        members = sorted(p for p in path.rglob("audit.csv"))
        for member in members:
            uuid = _uuid_of(PurePosixPath(member.relative_to(path).as_posix()))
            if uuid and (wanted is None or uuid in wanted):
                out[uuid] = _read_one(member.read_bytes(), path, member.relative_to(path).as_posix())
        return out
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"the audit-file archive cannot be read as a ZIP ({exc})", file=path,
                         hint="give the media export ZIP as Kobo wrote it") from None
    with archive:
        for name in sorted(archive.namelist()):
            if PurePosixPath(name).name.lower() != "audit.csv":
                continue
            uuid = _uuid_of(PurePosixPath(name))
            if uuid and (wanted is None or uuid in wanted):
                out[uuid] = _read_one(archive.read(name), path, name)
    return out


def _uuid_of(member: PurePosixPath) -> str:
    parent = member.parent.name
    return parent[5:] if parent.lower().startswith("uuid:") else parent


def _read_one(data: bytes, archive: Path, member: str) -> pd.DataFrame:
    """One audit.csv as ``event, node`` (text) and ``start, end`` (float ms)."""
    where = f"{archive}!{member}" if archive.is_file() else str(archive / member)
    try:
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"the audit file cannot be read ({type(exc).__name__}: {exc})", file=where,
                         hint="audit.csv files are comma-separated UTF-8 as Collect writes them") from None
    missing = [c for c in AUDIT_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError("the audit file lacks the columns " + ", ".join(missing), file=where,
                         row=1, column=missing,
                         hint="an audit.csv starts with the header event,node,start,end")
    for col in ("start", "end"):
        text = frame[col].str.strip()
        number = pd.to_numeric(text.replace("", np.nan), errors="coerce")
        bad = text.ne("") & number.isna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
            raise InputError(f"'{frame[col].iloc[row - 2]}' is not a time in milliseconds",
                             file=where, row=row, column=col,
                             hint="audit times are milliseconds since 1970 (e.g. 1661415887295)")
        frame[col] = number.astype(float)
    return frame


def audit_duration_ms(audit: pd.DataFrame) -> float:
    """Active time of one interview in milliseconds: the sum of ``end - start`` over the
    events with a ``node`` (cleaningtools' ``sum_all`` rule).

    An event without an end (Collect closed by force) adds nothing; cleaningtools' sum would
    be ``NA`` for the whole interview, which then escapes the duration check altogether.
    """
    node = audit["node"].astype("string").fillna("").str.strip()
    spans = (audit["end"].astype(float) - audit["start"].astype(float))[node.ne("").to_numpy()]
    spans = spans[np.isfinite(spans.to_numpy()) & (spans.to_numpy() >= 0)]
    return float(spans.sum())


def audit_durations(audits: dict) -> pd.DataFrame:
    """``uuid, duration_ms, duration_minutes`` for every audit (minutes rounded to 0.1 as
    cleaningtools does)."""
    rows = [(u, audit_duration_ms(a)) for u, a in audits.items()]
    frame = pd.DataFrame(rows, columns=["uuid", "duration_ms"])
    frame["duration_minutes"] = (frame["duration_ms"] / 60_000).round(1)
    return frame


def interview_durations(main: pd.DataFrame, *, audits=None, start="start", end="end") -> pd.DataFrame:
    """One row per interview (``main``'s index): ``minutes`` and where they come from
    (``source``: ``"audit"``, ``"start_end"`` or missing when neither is readable).

    ``audits`` is a ``{uuid: audit}`` mapping (:func:`read_audit_files`) or None; an
    interview without an audit file falls back to ``end - start``.
    """
    minutes = pd.Series(np.nan, index=main.index, dtype=float)
    source = pd.Series(pd.NA, index=main.index, dtype="string")
    if start in main.columns and end in main.columns:
        t0 = pd.to_datetime(main[start], errors="coerce", utc=True, format="ISO8601")
        t1 = pd.to_datetime(main[end], errors="coerce", utc=True, format="ISO8601")
        span = (t1 - t0).dt.total_seconds() / 60
        minutes = span.astype(float)
        source = source.mask(span.notna(), "start_end")
    if audits and "_uuid" in main.columns:
        table = audit_durations(audits).set_index("uuid")["duration_ms"] / 60_000
        found = main["_uuid"].astype("string").map(table)
        has = found.notna()
        minutes = minutes.mask(has, found.astype(float))
        source = source.mask(has, "audit")
    out = pd.DataFrame({"minutes": minutes, "source": source}, index=main.index)
    if "source_row" in main.columns:
        out["source_row"] = main["source_row"].to_numpy()
    return out
