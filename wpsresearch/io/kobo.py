"""Read KoboToolbox exports: today's CSV, legacy KoBoCAT CSV, XLSX with repeat sheets."""

from __future__ import annotations

from pathlib import Path

from wpsresearch.errors import InputError
from wpsresearch.io.boundary import reader_boundary
from wpsresearch.io.csv_table import drop_hxl_and_blank_rows, read_text_table
from wpsresearch.io.repeat_links import link_kobo_repeats
from wpsresearch.io.survey_data import SourceInfo, SurveyData, file_sha256
from wpsresearch.io.table_shaping import TableOrigin, shape_table
from wpsresearch.io.xlsx_table import iter_sheet, open_workbook

__all__ = ["read_kobo", "resolve_form", "finish_main", "sheet_frame"]


def resolve_form(form, *, file):
    """A Codebook, or the path of an XLSForm to read."""
    from wpsresearch.io.codebook import Codebook
    from wpsresearch.io.xlsform import read_xlsform

    if isinstance(form, Codebook):
        return form
    if form is None:
        raise InputError("a form is needed to read this export", file=file,
                         hint="pass form=read_xlsform('form.xlsx') (or the path of the form)")
    return read_xlsform(form)


def finish_main(frame, source_rows, *, file, require_uuid=True):
    """Add ``source_row`` first; make sure every submission has a ``_uuid``."""
    import pandas as pd

    if "_uuid" not in frame.columns and "meta/instanceID" in frame.columns:
        frame["_uuid"] = frame["meta/instanceID"].str.replace(r"^uuid:", "", regex=True)
    if require_uuid and "_uuid" not in frame.columns:
        raise InputError(
            "the export has no _uuid column, so submissions cannot be told apart or linked "
            "to their repeat rows", file=file, row=1, column="_uuid",
            hint="export again with the metadata columns (KoboToolbox: 'Include all metadata'"
            " / do not untick _uuid)")
    if "source_row" in frame.columns:
        raise InputError("the file already has a column named source_row", file=file, row=1,
                         column="source_row",
                         hint="rename that column: readers add source_row (the row number in "
                         "the file) themselves")
    frame.insert(0, "source_row", pd.array(source_rows, dtype="Int64"))
    return frame.reset_index(drop=True)


def _read_csv(path, raw, form):
    from concurrent.futures import ThreadPoolExecutor

    # the file's checksum is taken from the bytes in memory (not read again), on a second
    # thread while the table is parsed and shaped (hashlib works without the GIL): 0.2 s of
    # CPU per 300 MB export, off the path the reader waits on
    with ThreadPoolExecutor(max_workers=1) as background:
        sha256 = background.submit(file_sha256, path, raw)
        table = read_text_table(raw, file=path)
        notes = list(table.notes)
        legacy = table.delimiter != ";"
        origin = TableOrigin(path, server_export=True, encoding_strict=table.encoding == "cp1256",
                             legacy_na=legacy, scan_mojibake=table.may_hold_mojibake,
                             scan_lost=table.has_question_marks)
        shaped = shape_table(table.frame, table.source_rows, form, origin, notes=notes)
        main = finish_main(shaped.frame, table.source_rows, file=path)
        sha256 = sha256.result()
    dialects = sorted(shaped.match.dialects() | ({"hxl"} if table.hxl else set()))
    fmt = "kobo_csv" if table.delimiter == ";" or "r" in dialects else "kobo_legacy_csv"
    if table.encoding == "cp1256":
        notes.insert(0, "read as Windows-1256 (the file is not UTF-8)")
    source = SourceInfo(
        path=str(path), format=fmt, encoding=table.encoding,
        mojibake_repaired=shaped.mojibake_repaired, sha256=sha256,
        unknown_columns=list(shaped.match.unknown), warnings=notes,
        column_map={h: shaped.match.renamed(h) for h in table.header}, dialects=dialects)
    return SurveyData(main=main, repeats={}, codebook=form, source=source)


def sheet_frame(book, sheet, *, file, chunk_rows: int = 5000):
    """A sheet as a frame of text (``<NA>`` for empty cells) and its row numbers.

    Rows are turned into Arrow string columns a few thousand at a time, so a large export
    never sits in memory as millions of Python objects.
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    header, rows = iter_sheet(book, sheet, file=file, strip=False)
    if not header:
        raise InputError("the sheet is empty", file=file, sheet=sheet,
                         hint="export the data again")
    seen, dupes = set(), []
    for name in header:
        (dupes.append(name) if name in seen else seen.add(name))
    if dupes:
        raise InputError("duplicate column name(s) in the header", file=file, sheet=sheet,
                         row=1, column=sorted(set(dupes)),
                         hint="rename or delete the repeated columns and read the file again")
    chunks, numbers, batch = [[] for _ in header], [], []

    def flush():
        for i, column in enumerate(zip(*[r for _, r in batch])):
            chunks[i].append(pa.array([v or None for v in column], type=pa.string()))
        numbers.extend(n for n, _ in batch)
        batch.clear()

    for item in rows:
        batch.append(item)
        if len(batch) >= chunk_rows:
            flush()
    if batch:
        flush()
    dtype = pd.StringDtype("pyarrow")
    frame = pd.DataFrame({i: pd.array(pa.chunked_array(c, type=pa.string()), dtype=dtype)
                          for i, c in enumerate(chunks)}, index=range(len(numbers)))
    frame.columns = header
    return frame, np.array(numbers, dtype=np.int64)


def _repeat_sheets(workbook, form, notes):
    """``{repeat: sheet}``; Excel cuts sheet names at 31 characters, as Kobo's do."""
    wanted: dict = {}
    for repeat in form.repeats():  # a sheet bears the repeat's name as the form writes it
        wanted.setdefault(repeat.rsplit("/", 1)[-1][:31], []).append(repeat)
    found = {}
    for name in workbook.sheetnames[1:]:
        candidates = wanted.get(name, [])
        if len(candidates) == 1:
            found[candidates[0]] = name
        elif candidates:
            import warnings

            from wpsresearch.errors import WpsWarning

            warnings.warn(f"sheet '{name}' could hold any of the repeats {candidates} (their "
                          "names agree in their first 31 characters, where Excel cuts sheet "
                          "names); not read. Export as CSV per repeat, or rename the repeats",
                          WpsWarning, stacklevel=4)
            notes.append(f"sheet '{name}' could be any of {candidates}; not read")
        else:
            notes.append(f"sheet '{name}' is not a repeat group of the form; not read")
    return found


def _read_xlsx(path, form):
    import pandas as pd

    notes: list = []
    workbook = open_workbook(path, what="Kobo XLSX export")
    try:
        first = workbook.sheetnames[0]
        frame, rows = sheet_frame(workbook, first, file=path)
        frame, rows, hxl = drop_hxl_and_blank_rows(frame, rows, notes)
        shaped = shape_table(frame, rows, form, TableOrigin(path, first, server_export=True),
                             notes=notes)
        main = finish_main(shaped.frame, rows, file=path)
        column_map = {h: shaped.match.renamed(h) for h in frame.columns}
        unknown, dialects = list(shaped.match.unknown), shaped.match.dialects()
        dialects |= {"hxl"} if hxl else set()
        repeats = {}
        for repeat, sheet in _repeat_sheets(workbook, form, notes).items():
            r_frame, r_rows = sheet_frame(workbook, sheet, file=path)
            r_shaped = shape_table(r_frame, r_rows, form,
                                   TableOrigin(path, sheet, repeat, server_export=True),
                                   notes=notes)
            table = r_shaped.frame
            table.insert(0, "source_row", pd.array(r_rows, dtype="Int64"))
            repeats[repeat] = table
            unknown += [f"{sheet}:{u}" for u in r_shaped.match.unknown]
    finally:
        workbook.close()
    repeats = link_kobo_repeats(main, repeats, form, file=path)
    source = SourceInfo(
        path=str(path), format="kobo_xlsx", encoding=None,
        mojibake_repaired=shaped.mojibake_repaired, sha256=file_sha256(path),
        unknown_columns=unknown, warnings=notes, column_map=column_map,
        dialects=sorted(dialects))
    return SurveyData(main=main, repeats=repeats, codebook=form, source=source)


@reader_boundary("KoboToolbox export")
def read_kobo(path, *, form) -> SurveyData:
    """Read a KoboToolbox export (CSV or XLSX), mapping its columns to form names.

    Parameters
    ----------
    path : str or pathlib.Path
        Today's Kobo CSV (``;``, quoted), a legacy KoBoCAT CSV (``,``, ``.`` group
        separators, ``True/False`` dummies, ``n/a``), a Kobo XLSX (repeat groups on their own
        sheets), an "XML values" or "labels" export, with or without an HXL tag row, or any of
        these after R or Excel touched them (``X_uuid``, ``X.U.FEFF.start``, ``q.opt``,
        ``NA``, serial dates).  Encoding: UTF-8 (BOM or not), else Windows-1256.
    form : Codebook or path
        The XLSForm the data were collected with (see :func:`read_xlsform`).

    Returns
    -------
    SurveyData
        ``main`` with one row per data row of the file and ``source_row`` (the header is
        row 1, the first data row is row 2); ``repeats`` (XLSX only) with ``_parent_uuid``;
        ``source`` says what was read and done.

    Raises
    ------
    InputError
        Empty, truncated or malformed file; duplicate columns; no ``_uuid``; repeat rows
        whose parent submission is missing.
    EncodingProblem
        Characters were lost to ``?`` (rows and columns named).
    FormError
        The export does not match the form.

    Notes
    -----
    R/SPSS equivalent: ``koboloadeR`` / ``robotoolbox::kobo_data`` in R.

    Examples
    --------
    >>> import tempfile, pathlib, wpsresearch.io as wio
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
    >>> _ = path.write_text('"start";"intro/consent";"respondent/age";"_uuid"\\n'
    ...                     '"2024-05-01T10:00:00";"yes";"٣٥";"a1"\\n', encoding="utf-8")
    >>> sd = wio.read_kobo(path, form=wio.example_form())
    >>> sd.main[["source_row", "consent", "age", "_uuid"]].values.tolist()
    [[2, 'yes', '٣٥', 'a1']]
    >>> sd.source.format, sd.source.encoding
    ('kobo_csv', 'utf-8')
    """
    path = Path(path)
    form = resolve_form(form, file=path)
    raw = path.read_bytes()
    if raw.startswith(b"PK\x03\x04"):
        if path.suffix.lower() == ".zip":
            raise InputError("a ZIP archive is not a Kobo export", file=path,
                             hint="for an ODK Central ZIP use read_odk_central; from "
                             "KoboToolbox download the XLSX (repeat groups on their own sheets)")
        return _read_xlsx(path, form)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise InputError("the file is named .xlsx but is not an XLSX workbook", file=path,
                         hint="download the XLSX export again, or rename a CSV to .csv")
    return _read_csv(path, raw, form)
