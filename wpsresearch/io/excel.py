"""Read plain Excel sheets (data typed or pasted by a partner), optionally keyed on a form."""

from __future__ import annotations

from pathlib import Path

from wpsresearch.errors import InputError
from wpsresearch.io.boundary import reader_boundary
from wpsresearch.io.survey_data import SourceInfo, SurveyData, file_sha256
from wpsresearch.io.xlsx_table import open_workbook

__all__ = ["read_excel"]


def _plain_codebook(columns, path):
    import pandas as pd

    from wpsresearch.io.codebook import Codebook

    variables = pd.DataFrame({
        "name": list(columns), "type": "text", "base_type": "text", "list_name": None,
        "or_other": False, "group": None, "repeat": None, "relevant": None,
        "constraint": None, "required": None, "choice_filter": None, "calculation": None,
        "appearance": None, "sheet_row": range(2, len(columns) + 2)})
    choices = pd.DataFrame(columns=["list_name", "name", "sheet_row"])
    return Codebook(variables=variables, choices=choices, languages=[], settings={},
                    source=str(path))


@reader_boundary("Excel workbook")
def read_excel(path, form=None, *, sheet=None) -> SurveyData:
    """Read a plain Excel sheet as text; with a form, map its headers to form names.

    Parameters
    ----------
    path : str or pathlib.Path
        An ``.xlsx`` workbook; the header is in row 1.
    form : Codebook or path, optional
        With a form, columns are mapped through it exactly as :func:`read_kobo` does and
        sheets named after repeat groups become ``repeats``; without one, headers are kept
        as written and the codebook lists every column as text.
    sheet : str, optional
        Sheet to read as the main table (default: the first).

    Returns
    -------
    SurveyData

    Notes
    -----
    R/SPSS equivalent: ``readxl::read_excel(path, col_types = "text")``.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> wb = openpyxl.Workbook(); ws = wb.active
    >>> ws.append(["id", "age"]); ws.append([1, "٣٠"]); ws.append([2, 41])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "sheet.xlsx"; wb.save(path)
    >>> read_excel(path).main.values.tolist()
    [[2, '1', '٣٠'], [3, '2', '41']]
    """
    import pandas as pd

    from wpsresearch.io.kobo import finish_main, resolve_form, sheet_frame
    from wpsresearch.io.repeat_links import link_kobo_repeats
    from wpsresearch.io.table_shaping import TableOrigin, shape_table

    path = Path(path)
    codebook = resolve_form(form, file=path) if form is not None else None
    workbook = open_workbook(path, what="Excel workbook")
    notes: list = []
    try:
        name = sheet or workbook.sheetnames[0]
        if name not in workbook.sheetnames:
            raise InputError(f"no sheet named '{name}' (sheets: {workbook.sheetnames})",
                             file=path, hint="pass one of the sheet names as sheet=")
        frame, rows = sheet_frame(workbook, name, file=path)
        if codebook is None:
            main = finish_main(frame, rows, file=path, require_uuid=False)
            info = SourceInfo(path=str(path), format="excel", sha256=file_sha256(path),
                              column_map={c: c for c in frame.columns})
            return SurveyData(main, {}, _plain_codebook(frame.columns, path), info)
        shaped = shape_table(frame, rows, codebook, TableOrigin(path, name), notes=notes)
        main = finish_main(shaped.frame, rows, file=path, require_uuid=False)
        repeats = {}
        for repeat in codebook.repeats():
            if repeat[:31] in workbook.sheetnames and repeat[:31] != name:
                r_frame, r_rows = sheet_frame(workbook, repeat[:31], file=path)
                r_shaped = shape_table(r_frame, r_rows, codebook,
                                       TableOrigin(path, repeat[:31], repeat), notes=notes)
                table = r_shaped.frame
                table.insert(0, "source_row", pd.array(r_rows, dtype="Int64"))
                repeats[repeat] = table
    finally:
        workbook.close()
    if repeats:
        repeats = link_kobo_repeats(main, repeats, codebook, file=path)
    info = SourceInfo(path=str(path), format="excel", sha256=file_sha256(path),
                      unknown_columns=list(shaped.match.unknown), warnings=notes,
                      mojibake_repaired=shaped.mojibake_repaired,
                      column_map={h: shaped.match.renamed(h) for h in frame.columns},
                      dialects=sorted(shaped.match.dialects()))
    return SurveyData(main, repeats, codebook, info)
