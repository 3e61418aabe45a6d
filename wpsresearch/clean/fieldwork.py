"""Checks of how the fieldwork went, for review (``no_action``), and the enumerator summary
field supervisors read: duplicates on chosen columns, GPS points far from their sampled point,
dates outside the collection period.

Notes
-----
REACH/IMPACT equivalents: ``cleaningtools::check_duplicate`` (``.col_to_check``), the GPS and
date checks of REACH's data-cleaning SOPs, ``create_enumerator_performance``-style summaries.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wpsresearch.errors import InputError

__all__ = ["flag_duplicates", "flag_gps_distance", "flag_dates_outside", "enumerator_summary",
           "gps_columns", "distance_m"]


def _uuids(main):
    return main["_uuid"].astype("string").fillna("") if "_uuid" in main else pd.Series("", index=main.index)


def flag_duplicates(sd, *, log, columns):
    """Flag interviews whose answers to ``columns`` repeat an earlier interview's (the first
    in the file is not flagged); one entry per column, as cleaningtools logs them.

    An interview with every one of ``columns`` empty is not compared.

    Notes
    -----
    REACH/IMPACT equivalent: ``cleaningtools::check_duplicate(.col_to_check = columns)``
    (``duplicated()`` of the united columns; issue "duplicated a ~/~ b").  Removing one of
    the pair is the reviewer's decision (``remove_survey`` in the reviewed log).
    """
    main = sd.main
    columns = [columns] if isinstance(columns, str) else list(columns)
    missing = [c for c in columns if c not in main.columns]
    if missing:
        raise InputError("duplicate check: the data have no column " + ", ".join(missing),
                         column=missing, file=getattr(sd.source, "path", None),
                         hint="checks.duplicate_columns names the questions to compare")
    if not columns:
        return sd
    values = main[columns].astype("string")
    empty = values.isna().all(axis=1).to_numpy()
    key = values.fillna("\x00NA").agg("\x1f".join, axis=1) if len(columns) > 1 else values[columns[0]].fillna("\x00NA")
    key = key.where(~empty)
    dup = (key.duplicated(keep="first") & key.notna()).to_numpy()
    if not dup.any():
        return sd
    rows = main["source_row"] if "source_row" in main else pd.Series(np.arange(len(main)) + 2, index=main.index)
    first = pd.Series(rows.to_numpy(), index=key.to_numpy()).groupby(level=0).first()
    what = " ~/~ ".join(columns)
    issue = [f"duplicated {what} (same as the interview in row {first[k]})" for k in key[dup]]
    for col in columns:
        log.add_masked(main, dup, question=col, old_values=values[col], new_values="",
                       issue=issue, change_type="no_action", check_id="duplicate_columns")
    return sd


def gps_columns(main: pd.DataFrame, question: str):
    """``(latitude, longitude)`` floats of a geopoint question: Kobo's
    ``_<q>_latitude``/``_<q>_longitude`` columns, else the ``"lat lon alt acc"`` answer."""
    from wpsresearch.io import parse_number

    lat, lon = f"_{question}_latitude", f"_{question}_longitude"
    if lat in main.columns and lon in main.columns:
        return (parse_number(main[lat].astype("string")).to_numpy(dtype=float, na_value=np.nan),
                parse_number(main[lon].astype("string")).to_numpy(dtype=float, na_value=np.nan))
    if question not in main.columns:
        raise InputError(f"GPS check: the data have no geopoint '{question}'", column=question,
                         hint="checks.gps_column names the form's geopoint question")
    parts = main[question].astype("string").str.strip().str.split(r"\s+", n=2, expand=True, regex=True)
    parts = parts.reindex(columns=[0, 1])
    return (pd.to_numeric(parts[0], errors="coerce").to_numpy(dtype=float, na_value=np.nan),
            pd.to_numeric(parts[1], errors="coerce").to_numpy(dtype=float, na_value=np.nan))


def distance_m(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Geodesic distance in metres on the WGS84 ellipsoid (pyproj's ``Geod.inv``, the
    reference implementation of Karney's algorithm); NaN where a coordinate is missing."""
    from pyproj import Geod

    lat1, lon1, lat2, lon2 = (np.asarray(a, dtype=float) for a in (lat1, lon1, lat2, lon2))
    ok = np.isfinite(lat1) & np.isfinite(lon1) & np.isfinite(lat2) & np.isfinite(lon2)
    out = np.full(len(lat1), np.nan)
    if ok.any():
        _, _, dist = Geod(ellps="WGS84").inv(lon1[ok], lat1[ok], lon2[ok], lat2[ok])
        out[ok] = dist
    return out


def flag_gps_distance(sd, *, log, gps_column: str, point_column: str, frame: pd.DataFrame,
                      frame_point: str, frame_latitude: str = "latitude",
                      frame_longitude: str = "longitude", max_m: float = 500.0):
    """Flag interviews whose GPS point lies more than ``max_m`` metres from the sampled point
    (the sampling frame's coordinates of the point in ``point_column``).

    Interviews naming a point the frame does not have are flagged too; interviews without a
    GPS reading are counted in one ``all_data`` entry.  The log holds distances, never
    coordinates (the GPS column is an identifier: its value is logged ``[redacted]``).
    """
    main = sd.main
    for col in (frame_point, frame_latitude, frame_longitude):
        if col not in frame.columns:
            raise InputError(f"GPS check: the sampling frame has no column '{col}'", column=col,
                             hint="checks.frame_point_column / frame_latitude / frame_longitude "
                                  "name the frame's point id and coordinates")
    if point_column not in main.columns:
        raise InputError(f"GPS check: the data have no column '{point_column}'", column=point_column,
                         hint="checks.sample_point_column names the question holding the sampled point")
    lat, lon = gps_columns(main, gps_column)
    pts = frame.assign(_key=frame[frame_point].astype("string").str.strip()).drop_duplicates("_key")
    pts = pts.set_index("_key")
    key = main[point_column].astype("string").str.strip()
    flat = pd.to_numeric(key.map(pts[frame_latitude]), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    flon = pd.to_numeric(key.map(pts[frame_longitude]), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    dist = distance_m(lat, lon, flat, flon)
    has_gps = np.isfinite(lat) & np.isfinite(lon)
    unknown = (has_gps & key.notna().to_numpy() & ~key.isin(pts.index).fillna(False).to_numpy())
    far = np.nan_to_num(dist, nan=-1) > max_m
    issue = [f"GPS point {d:,.0f} m from its sampled point ({point_column} {k}), over the "
             f"{max_m:,.0f} m allowed" for d, k in zip(dist[far], key[far])]
    log.add_masked(main, far, question=gps_column, old_values="", new_values="", issue=issue,
                   change_type="no_action", check_id="gps_distance")
    log.add_masked(main, unknown, question=point_column, old_values=main[point_column], new_values="",
                   issue="sampled point not in the sampling frame; GPS distance not checked",
                   change_type="no_action", check_id="gps_distance")
    n_missing = int((~has_gps).sum())
    if n_missing:
        log.add(uuid="all_data", question=gps_column, old_value="", new_value="",
                issue=f"{n_missing} interview(s) without a GPS reading: distance not checked",
                change_type="no_action", check_id="gps_distance")
    return sd


DATE_METADATA = ("start", "end", "today", "_submission_time")


def flag_dates_outside(sd, *, log, start=None, end=None, columns=DATE_METADATA):
    """Flag dates before the collection period (``start``) or after it (``end``), in the
    interview's metadata dates (``start``, ``end``, ``today``, ``_submission_time``) or the
    ``columns`` given.  Unreadable dates are left to the typing step, which logs them.

    Notes
    -----
    A *question* about a past event (date of an incident) is legitimately before the
    collection period: only the interview's own dates are checked unless told otherwise.
    """
    main = sd.main
    lo = pd.Timestamp(start) if start is not None else None
    hi = pd.Timestamp(end) if end is not None else None
    if lo is None and hi is None:
        return sd
    for col in [c for c in columns if c in main.columns]:
        text = main[col].astype("string")
        # the calendar date where the interview took place (its own UTC offset), as written
        day = pd.to_datetime(text.str.slice(0, 10), errors="coerce", format="%Y-%m-%d")
        early = (day < lo).fillna(False).to_numpy(bool) if lo is not None else np.zeros(len(main), bool)
        late = (day > hi).fillna(False).to_numpy(bool) if hi is not None else np.zeros(len(main), bool)
        log.add_masked(main, early, question=col, old_values=text, new_values="",
                       issue=f"date before the collection period (starts {lo:%Y-%m-%d})" if lo is not None else "",
                       change_type="no_action", check_id="date_outside_collection")
        if hi is not None:
            log.add_masked(main, late, question=col, old_values=text, new_values="",
                           issue=f"date after the collection period (ends {hi:%Y-%m-%d})",
                           change_type="no_action", check_id="date_outside_collection")
    return sd


def enumerator_summary(main: pd.DataFrame, log_frame: pd.DataFrame, *, by: str = "enumerator",
                       durations: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per enumerator for field supervisors: ``interviews`` (submitted), ``removed``,
    ``median_minutes`` (audit time where there is one), and the number of interviews each
    check flagged (one column per ``check_id``; ``flagged_any``: interviews with any flag).

    ``main`` is the data as read (before removals, ids as in the log); ``log_frame`` is
    :meth:`CleaningLog.to_frame` after cleaning.
    """
    if by not in main.columns:
        return pd.DataFrame(columns=[by, "interviews", "removed", "median_minutes", "flagged_any"])
    who = main[by].astype("string").fillna("(none)")
    if "source_row" in main.columns:
        key_of = dict(zip(main["source_row"].astype("Int64").tolist(), who.tolist()))
    else:
        key_of = {}
    uuid_of = dict(zip(_uuids(main).tolist(), who.tolist()))
    per_row = log_frame[(log_frame["uuid"] != "all_data") & (log_frame["table"] == "main")].copy()
    per_row["who"] = [key_of.get(r) if pd.notna(r) and r in key_of else uuid_of.get(u)
                      for r, u in zip(per_row["source_row"], per_row["uuid"])]
    per_row = per_row.dropna(subset=["who"])
    per_row["interview"] = per_row["uuid"] + "#" + per_row["source_row"].astype("string").fillna("")
    out = pd.DataFrame({"interviews": who.value_counts()}).rename_axis(by)
    removed = per_row[per_row["change_type"] == "remove_survey"]
    out["removed"] = removed.groupby("who")["interview"].nunique().reindex(out.index).fillna(0).astype(int)
    if durations is not None:
        minutes = pd.Series(durations["minutes"].to_numpy(), index=main.index)
        out["median_minutes"] = minutes.groupby(who).median().reindex(out.index).round(1)
    flags = per_row[per_row["change_type"] == "no_action"]
    counts = flags.groupby(["who", "check_id"])["interview"].nunique().unstack(fill_value=0)
    counts = counts.reindex(out.index, fill_value=0).astype(int)
    out = out.join(counts.add_prefix("flagged_"))
    out["flagged_any"] = flags.groupby("who")["interview"].nunique().reindex(out.index).fillna(0).astype(int)
    return out.reset_index().sort_values(by, kind="stable").reset_index(drop=True)
