"""Read an XLSForm (survey / choices / settings sheets) into a :class:`Codebook`.

The form is the key to every export: column names are mapped back to form names through it,
so it is validated first and every problem is reported by sheet, row and column.
pyxform is not used for reading: it converts to XForm XML and stops at the first error,
while scholars need every problem of a partner's form at once, with spreadsheet rows.
"""

from __future__ import annotations

import re
from pathlib import Path

from wpsresearch.errors import FormError, InputError
from wpsresearch.io.boundary import reader_boundary
from wpsresearch.io.codebook import Codebook
from wpsresearch.io.xlsx_table import open_workbook, sheet_rows

__all__ = ["read_xlsform"]

_TYPE_ALIASES = {
    "begin group": "begin_group", "end group": "end_group", "begin repeat": "begin_repeat",
    "end repeat": "end_repeat", "int": "integer", "string": "text", "select one": "select_one",
    "select multiple": "select_multiple", "begin_group": "begin_group",
    "end_group": "end_group", "begin_repeat": "begin_repeat", "end_repeat": "end_repeat",
    "select1": "select_one", "select all that apply": "select_multiple",
    "select_one_external": "select_one", "datetime": "datetime", "gps": "geopoint",
    "location": "geopoint", "note": "note", "imei": "deviceid", "add note prompt": "note",
}
_KEEP = ["relevant", "constraint", "required", "choice_filter", "calculation", "appearance",
         "repeat_count", "default", "read_only"]


def _column_key(header: str) -> str:
    """``Label::Arabic (ar)`` → ``label::Arabic (ar)``; ``label`` → ``label::default``."""
    text = re.sub(r"\s*::\s*", "::", str(header).strip())
    if "::" in text:
        head, lang = text.split("::", 1)
        return f"{head.lower()}::{lang}"
    low = text.lower()
    return {"label": "label::default", "hint": "hint::default"}.get(low, low)


def _split_type(raw: str):
    """``"select_one yes_no or_other"`` → ("select_one", "yes_no", True)."""
    text = " ".join(str(raw).split())
    for alias in ("begin group", "end group", "begin repeat", "end repeat", "select one",
                  "select multiple", "select all that apply"):
        if text.lower().startswith(alias):
            text = _TYPE_ALIASES[alias] + text[len(alias):]
    parts = text.split(" ")
    base = _TYPE_ALIASES.get(parts[0], parts[0].lower())
    if base.startswith("select_one_from_file") or base.startswith("select_multiple_from_file"):
        return base, (parts[1] if len(parts) > 1 else None), False
    list_name = parts[1] if base in ("select_one", "select_multiple") and len(parts) > 1 else None
    return base, list_name, "or_other" in parts[2:]


def _read_sheet(workbook, wanted: str, *, file, required: bool):
    names = {name.strip().lower(): name for name in workbook.sheetnames}
    if wanted not in names:
        if required:
            raise FormError(
                f"the form has no '{wanted}' sheet (sheets: {', '.join(workbook.sheetnames)})",
                file=file, hint="an XLSForm needs 'survey' and 'choices' sheets; export the "
                "form from KoboToolbox (Download XLS) or fix the sheet name")
        return None, []
    header, rows = sheet_rows(workbook, names[wanted], file=file)
    return [_column_key(h) for h in header], rows


def _survey_frame(header, rows, *, file):
    import pandas as pd

    if "type" not in header or "name" not in header:
        missing = [c for c in ("type", "name") if c not in header]
        raise FormError(f"the survey sheet has no {' or '.join(missing)} column", file=file,
                        sheet="survey", row=1, hint="the first row must hold the column names")
    labels = [c for c in header if c.startswith("label::")]
    records, stack = [], []
    for sheet_row, values in rows:
        cell = dict(zip(header, values))
        raw_type, name = cell.get("type", ""), cell.get("name", "")
        if not raw_type and not name:
            continue
        base, list_name, or_other = _split_type(raw_type) if raw_type else ("", None, False)
        if base in ("end_group", "end_repeat"):
            group_path = "/".join(n for n, _, _ in stack[:-1]) if stack else ""
        else:
            group_path = "/".join(n for n, _, _ in stack)
        repeats = [n for n, kind, _ in stack if kind == "begin_repeat"]
        if base in ("end_group", "end_repeat"):
            repeats = [n for n, kind, _ in stack[:-1] if kind == "begin_repeat"]
        record = {"name": name, "type": raw_type, "base_type": base, "list_name": list_name,
                  "or_other": or_other, "group": group_path or None,
                  "repeat": repeats[-1] if repeats else None}
        record.update({k: cell.get(k) or None for k in _KEEP})
        record.update({k: cell.get(k) or None for k in labels})
        record["sheet_row"] = sheet_row
        records.append(record)
        _track_groups(stack, base, name, sheet_row, file=file)
    if stack:
        name, kind, begin_row = stack[-1]
        raise FormError(f"{kind.replace('_', ' ')} '{name}' is never closed", file=file,
                        sheet="survey", row=begin_row, column="type",
                        hint=f"add an 'end {kind.split('_')[1]}' row at the end of the group")
    columns = ["name", "type", "base_type", "list_name", "or_other", "group", "repeat", *_KEEP,
               *labels, "sheet_row"]
    return pd.DataFrame.from_records(records, columns=columns)


def _track_groups(stack, base, name, sheet_row, *, file):
    if base in ("begin_group", "begin_repeat"):
        stack.append((name, base, sheet_row))
    elif base in ("end_group", "end_repeat"):
        want = "begin_" + base.split("_")[1]
        if not stack or stack[-1][1] != want:
            raise FormError(f"'{base.replace('_', ' ')}' without a matching '{want}'",
                            file=file, sheet="survey", row=sheet_row, column="type",
                            hint="check that every begin group/repeat has one end row, in order")
        stack.pop()


def _choices_frame(header, rows, *, file):
    import pandas as pd

    if header and ("list_name" not in header or "name" not in header):
        header = ["list_name" if h == "list name" else h for h in header]
        if "list_name" not in header or "name" not in header:
            raise FormError("the choices sheet needs 'list_name' and 'name' columns", file=file,
                            sheet="choices", row=1, hint="fix the header row of the choices sheet")
    labels = [c for c in header if c.startswith("label::")]
    records = []
    for sheet_row, values in rows:
        cell = dict(zip(header, values))
        if not cell.get("list_name") and not cell.get("name"):
            continue
        record = {"list_name": cell.get("list_name", ""), "name": cell.get("name", "")}
        record.update({k: cell.get(k) or None for k in labels})
        extra = [h for h in header if h not in record and h and not h.startswith(("label::",
                 "media::", "image::", "audio::"))]
        record.update({k: cell.get(k) or None for k in extra})
        record["sheet_row"] = sheet_row
        records.append(record)
    base = ["list_name", "name", *labels]
    columns = base + sorted({k for r in records for k in r} - set(base) - {"sheet_row"}) + ["sheet_row"]
    return pd.DataFrame.from_records(records, columns=columns)


@reader_boundary("XLSForm")
def read_xlsform(path, *, strict: bool = True) -> Codebook:
    """Read and validate an XLSForm into a :class:`~wpsresearch.io.Codebook`.

    Parameters
    ----------
    path : str or pathlib.Path
        The form as ``.xlsx`` (KoboToolbox "Download XLS", ODK Central form file).
    strict : bool, default True
        With ``False``, problems that do not stop the form from keying its data (a missing
        choice list, a broken expression) become one :class:`~wpsresearch.errors.WpsWarning`
        instead of an error; unbalanced groups and a missing survey sheet still raise.

    Returns
    -------
    Codebook
        Variables with types, groups and repeats, choices in every label language,
        languages (``label::Arabic (ar)`` → ``"Arabic (ar)"``) and settings.

    Raises
    ------
    FormError
        Missing survey sheet, unbalanced groups, duplicate names, a select question whose
        choice list does not exist, unknown types, broken ``relevant``/``constraint``
        expressions or references to unknown ``${names}``; all problems are listed by sheet,
        row and column.

    Notes
    -----
    R/SPSS equivalent: ``readxl::read_excel(path, "survey")`` plus the checks of
    ``pyxform``/ODK Validate.

    Examples
    --------
    >>> import tempfile, openpyxl, pathlib
    >>> wb = openpyxl.Workbook(); ws = wb.active; ws.title = "survey"
    >>> for row in [["type", "name", "label::English (en)", "label::Arabic (ar)"],
    ...             ["select_one yn", "consent", "Consent?", "موافقة؟"]]:
    ...     ws.append(row)
    >>> ch = wb.create_sheet("choices")
    >>> for row in [["list_name", "name", "label::English (en)", "label::Arabic (ar)"],
    ...             ["yn", "yes", "Yes", "نعم"], ["yn", "no", "No", "لا"]]:
    ...     ch.append(row)
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "form.xlsx"; wb.save(path)
    >>> form = read_xlsform(path)
    >>> form.languages, form.label("consent", "ar"), form.label("consent", choice="no")
    (['English (en)', 'Arabic (ar)'], 'موافقة؟', 'No')
    """
    from wpsresearch.io.form_checks import check_form

    path = Path(path)
    if not path.exists():
        raise InputError("file not found", file=path, hint="check the path to the form")
    if path.suffix.lower() in (".xls", ".ods", ".xml"):
        raise FormError(f"'{path.suffix}' forms are not read", file=path,
                        hint="save the form as .xlsx (KoboToolbox: Download XLS gives .xlsx)")
    workbook = open_workbook(path, what="XLSForm")
    try:
        s_header, s_rows = _read_sheet(workbook, "survey", file=path, required=True)
        c_header, c_rows = _read_sheet(workbook, "choices", file=path, required=False)
        t_header, t_rows = _read_sheet(workbook, "settings", file=path, required=False)
    finally:
        workbook.close()
    variables = _survey_frame(s_header, s_rows, file=path)
    choices = _choices_frame(c_header or ["list_name", "name"], c_rows, file=path)
    settings = dict(zip(t_header, t_rows[0][1])) if t_header and t_rows else {}
    settings = {k: v for k, v in settings.items() if k and v}
    languages = []
    for column in [*variables.columns, *choices.columns]:
        if column.startswith("label::") and column[7:] not in languages:
            languages.append(column[7:])
    check_form(variables, choices, file=path, strict=strict)
    return Codebook(variables=variables, choices=choices, languages=languages,
                    settings=settings, source=str(path))
