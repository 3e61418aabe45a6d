"""pyxform's refusals as one-line :class:`~wpsresearch.errors.FormError` naming sheet and row.

Most pyxform messages start with ``[row : N]`` and many name their sheet (``On the
'choices' sheet``); a few name neither (``Unknown question type 'integr'.``, ``This section
has not been included.``, a ``${name}`` that several elements share).  For those the row is
looked up in the workbook pyxform read, from what the message names: the type, the
``include`` row, the ``${name}`` reference, the choice.  The message itself stays pyxform's
(the reference implementation's wording, which Kobo and ODK users also see), on one line.
"""

from __future__ import annotations

import re

from wpsresearch.errors import FormError

__all__ = ["form_error", "one_line", "row_type", "duplicate_header_sheet", "ROW_MARK"]

ROW_MARK = re.compile(r"\[row\s*:\s*(\d+)\]\s*")
_SHEET = re.compile(r"(?:On the|on the|for sheet:|in the) '(\w+)'(?: sheet)?")
_COLUMN = re.compile(r"the '([\w:-]+)' value")
# pyxform's messages about a type or a name that do not say which column they are about
_TYPE_WORDS = ("question type", "List name not in", "Unmatched", "with no type",
               "loop without list", "select one external", "or_other", "or 'other'",
               "File name for 'select")
_NAME_WORDS = ("with no name", "Audits must always be named", "Choice names with spaces")
_OTHER_WORDS = {"Missing calculation": "calculation", "using 'search()'": "appearance"}
_HINT = ("correct the form (Excel, or KoboToolbox's form builder) and read it again; "
         "the message is pyxform's, the converter KoboToolbox and ODK use")


def one_line(text: str) -> tuple[str, list]:
    """pyxform's message on one line, without row marks and trailing row dumps."""
    rows = [int(r) for r in ROW_MARK.findall(text)]
    lines = [line for line in text.splitlines() if line.strip()]
    first = lines[0] if lines else text
    # pyxform appends the offending row as a Python dict after a newline: not for users
    message = " ".join(ROW_MARK.sub("", first).split())
    return message, sorted(set(rows))


def _cells(row: dict) -> list:
    return [str(v) for v in row.values() if v not in (None, "")]


def row_type(row: dict) -> str:
    """The type cell of a row of pyxform's reading of the survey sheet, spaces collapsed."""
    for key, value in row.items():
        if str(key).strip().lower() in ("type", "command"):
            return " ".join(str(value).split())
    return ""


def _name_of(row: dict) -> str:
    for key, value in row.items():
        if str(key).strip().lower() in ("name", "value"):
            return str(value).strip()
    return ""


def _is_select(row: dict) -> bool:
    from pyxform.xls2json import RE_SELECT

    return RE_SELECT.search(row_type(row)) is not None


def _parameters(row: dict) -> list:
    """Parameter names of a row (``randomize=true seed=3`` → ``["randomize", "seed"]``)."""
    text = next((str(v) for k, v in row.items() if str(k).strip().lower() == "parameters"), "")
    return [part.split("=")[0].strip() for part in re.split(r"[\s;,]+", text) if "=" in part]


def _locate(message: str, workbook):
    """``(sheet, row, column)`` for a message that names no row, from what it names."""
    survey = list(getattr(workbook, "survey", None) or [])
    choices = list(getattr(workbook, "choices", None) or [])
    unknown_type = re.search(r"Unknown question type '([^']*)'", message)
    if unknown_type:
        wanted = " ".join(unknown_type.group(1).split())
        return "survey", _first(survey, lambda r: row_type(r) == wanted), "type"
    if "has not been included" in message:
        return "survey", _first(survey, lambda r: row_type(r).startswith("include")), "type"
    if "There should be a choices sheet" in message:  # the first select needs it
        return "survey", _first(survey, _is_select), "type"
    if "There should be an external_choices sheet" in message:
        return "survey", _first(survey, lambda r: row_type(r).startswith(
            ("select_one_external", "select one external"))), "type"
    reference = re.search(r"\$\{([^}]+)\}", message)
    if reference:
        token = "${" + reference.group(1) + "}"
        return "survey", _first(survey, lambda r: any(token in c for c in _cells(r))), None
    spaced = re.search(r"See \[(.*)\] in \[(.*)\]", message)
    if spaced:
        choice, list_name = spaced.groups()
        return "choices", _first(choices, lambda r: _name_of(r) == choice and list_name in
                                 _cells(r)), "name"
    named = _parameters_named(message)
    if named:  # "randomize must be set to true or false", "Parameter max-pixels must …"
        row = _first(survey, lambda r: any(p in named for p in _parameters(r)))
        if row is not None:
            return "survey", row, "parameters"
    question = re.search(r"Question '([^']+)'", message)
    if question:
        return "survey", _first(survey, lambda r: _name_of(r) == question.group(1)), None
    return None, None, None


def _parameters_named(message: str) -> list:
    words = set(re.findall(r"[A-Za-z][\w-]*", message))
    known = {"randomize", "seed", "max-pixels", "app", "rows", "quality", "value", "label",
             "start", "end", "step", "tick_interval", "placeholder", "tick_labelset",
             "capture-accuracy", "warning-accuracy", "allow-mock-accuracy", "incremental",
             "location-priority", "location-min-interval", "location-max-age",
             "track-changes", "track-changes-reasons", "identify-user"}
    if not re.search(r"[Pp]arameter|must be set to|must have|must include", message):
        return []
    return sorted(words & known)


def duplicate_header_sheet(raw: bytes, header: str):
    """The sheet whose header row holds ``header`` twice (pyxform says only which header).

    Read with python-calamine (``.xls`` and ``.xlsx``), header row only."""
    import io

    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        for name in book.sheet_names:
            first = next(iter(book.get_sheet_by_name(name).iter_rows()), [])
            cells = [" ".join(str(c).split()) for c in first if c not in (None, "")]
            if cells.count(" ".join(header.split())) > 1:
                return name
    except Exception:  # noqa: BLE001 - only a better message is at stake
        return None
    return None


def _first(rows, test):
    for number, row in enumerate(rows, start=2):
        if row and test(row):
            return number
    return None


def form_error(exc, *, file, workbook=None) -> FormError:
    """The FormError for a pyxform exception (see module doc)."""
    text = str(exc)
    message, rows = one_line(text)
    context = getattr(exc, "context", None) or {}
    sheet = context.get("sheet")
    match = _SHEET.search(text)
    if sheet is None and match:
        sheet = match.group(1)
    if context.get("row") and not rows:
        rows = [int(context["row"])]
    column = None
    if not rows and workbook is not None:
        where, row, column = _locate(message, workbook)
        sheet = sheet or where
        rows = [row] if row is not None else []
    if rows and sheet is None:
        sheet = "survey"  # pyxform's row marks without a sheet are survey-sheet rows
    if sheet is not None and not rows and "header" in message.lower():
        rows = [1]
    row = rows[0] if len(rows) == 1 else (rows or None)
    return FormError(message, file=file, sheet=sheet, row=row,
                     column=_column(message, context) or column, hint=_HINT)


def _column(message: str, context: dict):
    if context.get("column"):
        return context["column"]
    named = _COLUMN.search(message)
    if named:
        return named.group(1)
    if any(word in message for word in _TYPE_WORDS):
        return "type"
    if any(word in message for word in _NAME_WORDS):
        return "name"
    return next((c for word, c in _OTHER_WORDS.items() if word in message), None)
