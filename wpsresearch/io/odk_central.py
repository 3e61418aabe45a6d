"""Read ODK Central exports: one CSV, or the ZIP with one CSV per repeat group."""

from __future__ import annotations

import zipfile
from pathlib import Path

from wpsresearch.errors import InputError
from wpsresearch.io.boundary import reader_boundary
from wpsresearch.io.csv_table import read_text_table
from wpsresearch.io.kobo import finish_main, resolve_form
from wpsresearch.io.repeat_links import link_odk_repeats
from wpsresearch.io.survey_data import SourceInfo, SurveyData, file_sha256
from wpsresearch.io.table_shaping import TableOrigin, shape_table

__all__ = ["read_odk_central"]


def _add_uuid(frame):
    """Central's ``meta-instanceID`` is ``uuid:…``; Kobo's ``_uuid`` is the bare id."""
    for column in ("meta/instanceID", "instanceID", "KEY"):
        if column in frame.columns:
            frame["_uuid"] = frame[column].str.replace(r"^uuid:", "", regex=True)
            return frame
    return frame


def _read_member(raw, name, form, *, scope, notes):
    table = read_text_table(raw, file=name)
    notes.extend(f"{name}: {n}" for n in table.notes)
    origin = TableOrigin(name, scope=scope, server_export=True,
                         encoding_strict=table.encoding == "cp1256",
                         scan_mojibake=table.may_hold_mojibake, scan_lost=table.has_question_marks)
    shaped = shape_table(table.frame, table.source_rows, form, origin, notes=notes)
    return table, shaped


def _zip_members(path, form):
    with zipfile.ZipFile(path) as archive:
        members = {m.filename: archive.read(m) for m in archive.infolist()
                   if m.filename.lower().endswith(".csv") and not m.is_dir()}
    if not members:
        raise InputError("the ZIP holds no CSV file", file=path,
                         hint="download 'All data and media' / CSV (.zip) from ODK Central")
    repeat_files, main_files = {}, []
    for name in members:
        stem = Path(name).stem
        # Central names a repeat's file <form id>-<repeat name as the form writes it>.csv
        repeat = next((r for r in form.repeats()
                       if stem.endswith("-" + r.rsplit("/", 1)[-1])), None)
        (repeat_files.__setitem__(repeat, name) if repeat else main_files.append(name))
    if len(main_files) != 1:
        raise InputError(f"cannot tell the main table among {sorted(main_files)}", file=path,
                         hint="the ZIP should hold <form>.csv and <form>-<repeat>.csv files")
    return members, main_files[0], repeat_files


@reader_boundary("ODK Central export")
def read_odk_central(path, *, form) -> SurveyData:
    """Read an ODK Central CSV, or its ZIP with repeat CSVs, mapping columns to form names.

    Groups are joined with ``-`` in Central's headers (``respondent-age``); geopoints are
    split into ``-Latitude/-Longitude/-Altitude/-Accuracy`` (read as ``_gps_latitude`` ...,
    Accuracy as ``_gps_precision``); ``_uuid`` is ``meta-instanceID`` without ``uuid:``;
    repeat tables keep ``PARENT_KEY``/``KEY`` and gain ``_parent_uuid``.  select_multiple
    0/1 columns are derived from the space-separated answers (Central does not write them).

    Parameters
    ----------
    path : str or pathlib.Path
        ``.csv`` or ``.zip`` as downloaded from ODK Central.
    form : Codebook or path

    Returns
    -------
    SurveyData

    Notes
    -----
    R/SPSS equivalent: ``ruODK::odata_submission_get`` in R.

    Examples
    --------
    >>> import tempfile, pathlib, wpsresearch.io as wio
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "wps.csv"
    >>> _ = path.write_text("SubmissionDate,intro-consent,help-help_sought,meta-instanceID,KEY\\n"
    ...     "2024-05-01,yes,police family,uuid:a1,uuid:a1\\n", encoding="utf-8")
    >>> sd = wio.read_odk_central(path, form=wio.example_form())
    >>> sd.main[["consent", "help_sought__police", "help_sought__fpd", "_uuid"]].values.tolist()
    [['yes', '1', '0', 'a1']]
    """
    import pandas as pd

    path = Path(path)
    form = resolve_form(form, file=path)
    notes: list = []
    is_zip = zipfile.is_zipfile(path)
    if is_zip:
        members, main_name, repeat_files = _zip_members(path, form)
        main_raw = members[main_name]
    else:
        main_name, repeat_files, main_raw = path.name, {}, path.read_bytes()
    table, shaped = _read_member(main_raw, f"{path}:{main_name}" if is_zip else path, form,
                                 scope=None, notes=notes)
    main = finish_main(_add_uuid(shaped.frame), table.source_rows,
                       file=path, require_uuid=True)
    repeats, unknown = {}, list(shaped.match.unknown)
    for repeat, name in repeat_files.items():
        r_table, r_shaped = _read_member(members[name], f"{path}:{name}", form, scope=repeat,
                                         notes=notes)
        frame = r_shaped.frame
        frame.insert(0, "source_row", pd.array(r_table.source_rows, dtype="Int64"))
        repeats[repeat] = frame.reset_index(drop=True)
        unknown += [f"{name}:{u}" for u in r_shaped.match.unknown]
    repeats = link_odk_repeats(main, repeats, file_of={r: f"{path}:{n}" for r, n in
                                                       repeat_files.items()}, main_file=path)
    source = SourceInfo(
        path=str(path), format="odk_central_zip" if is_zip else "odk_central_csv",
        encoding=table.encoding, mojibake_repaired=shaped.mojibake_repaired,
        sha256=file_sha256(path), unknown_columns=unknown, warnings=notes,
        column_map={h: shaped.match.renamed(h) for h in table.header},
        dialects=sorted(shaped.match.dialects()))
    return SurveyData(main=main, repeats=repeats, codebook=form, source=source)
