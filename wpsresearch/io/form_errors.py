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

__all__ = ["form_error", "one_line", "row_type", "ROW_MARK"]

ROW_MARK = re.compile(r"\[row\s*:\s*(\d+)\]\s*")
_SHEET = re.compile(r"(?:On the|on the|for sheet:|in the) '(\w+)'(?: sheet)?")
_COLUMN = re.compile(r"the '([\w:-]+)' value")
# pyxform's messages about a type or a name that do not say which column they are about
_TYPE_WORDS = ("question type", "List name not in", "Unmatched", "with no type",
               "loop without list", "select one external", "or_other", "or 'other'")
_NAME_WORDS = ("with no name",)
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


def _locate(message: str, workbook):
    """``(sheet, row)`` for a message that names no row, from what it names."""
    survey = list(getattr(workbook, "survey", None) or [])
    choices = list(getattr(workbook, "choices", None) or [])
    unknown_type = re.search(r"Unknown question type '([^']*)'", message)
    if unknown_type:
        wanted = " ".join(unknown_type.group(1).split())
        return "survey", _first(survey, lambda r: row_type(r) == wanted)
    if "has not been included" in message:
        return "survey", _first(survey, lambda r: row_type(r).startswith("include"))
    reference = re.search(r"\$\{([^}]+)\}", message)
    if reference:
        token = "${" + reference.group(1) + "}"
        return "survey", _first(survey, lambda r: any(token in c for c in _cells(r)))
    spaced = re.search(r"See \[(.*)\] in \[(.*)\]", message)
    if spaced:
        choice, list_name = spaced.groups()
        return "choices", _first(choices, lambda r: _name_of(r) == choice and list_name in
                                 _cells(r))
    for token in re.findall(r"'([^'\s]+)'", message):
        row = _first(survey, lambda r, t=token: _name_of(r) == t)
        if row is not None:
            return "survey", row
    return None, None


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
    if not rows and workbook is not None:
        where, row = _locate(message, workbook)
        sheet = sheet or where
        rows = [row] if row is not None else []
    if rows and sheet is None:
        sheet = "survey"  # pyxform's row marks without a sheet are survey-sheet rows
    if sheet is not None and not rows and "header" in message.lower():
        rows = [1]
    row = rows[0] if len(rows) == 1 else (rows or None)
    return FormError(message, file=file, sheet=sheet, row=row, column=_column(message, context),
                     hint=_HINT)


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
    return None
