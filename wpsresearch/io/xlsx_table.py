"""Read XLSX sheets as text, row numbers as a spreadsheet program shows them.

openpyxl in read-only mode streams rows, so a 100,000-row export does not need the whole
workbook in memory.  (pandas.read_excel would parse numbers and dates itself and lose the
difference between ``"07"`` and ``7``; the readers keep answers as written.)
"""

from __future__ import annotations

import datetime as dt

from wpsresearch.errors import InputError

__all__ = ["SheetBook", "open_workbook", "sheet_rows", "cell_text", "column_letter"]


class SheetBook:
    """An XLSX workbook, read one sheet at a time as rows of cell values.

    python-calamine (Rust) is used when installed: it reads a 100,000-row export about a
    hundred times faster than openpyxl, which stays the fallback (pure Python, always there).
    """

    def __init__(self, path, *, what: str):
        with open(path, "rb") as handle:
            magic = handle.read(4)
        if magic != b"PK\x03\x04":
            raise InputError(
                f"this is not an XLSX file (an .xlsx is a ZIP archive; this file starts with "
                f"{magic!r})", file=path,
                hint=f"save the {what} as .xlsx (Excel 2007+), not .xls, .csv or .ods")
        self.path, self._calamine, self._openpyxl = path, None, None
        try:
            try:
                import python_calamine
            except ImportError:
                import openpyxl

                self._openpyxl = openpyxl.load_workbook(path, read_only=True, data_only=True)
                self.sheetnames = list(self._openpyxl.sheetnames)
            else:
                self._calamine = python_calamine.CalamineWorkbook.from_path(str(path))
                self.sheetnames = list(self._calamine.sheet_names)
        except Exception as exc:  # noqa: BLE001 - zipfile/XML/calamine errors all mean "damaged"
            raise InputError(f"the XLSX file is damaged or incomplete ({exc})", file=path,
                             hint=f"download the {what} again or re-save it in Excel") from None
        if not self.sheetnames:
            raise InputError("the workbook has no sheet", file=path,
                             hint=f"download the {what} again")

    def rows(self, name):
        """Rows of a sheet from row 1, each a tuple of cell values (None or '' when empty)."""
        try:
            if self._calamine is not None:
                return self._calamine.get_sheet_by_name(name).iter_rows()
            return self._openpyxl[name].iter_rows(values_only=True)
        except Exception as exc:  # noqa: BLE001 - see __init__
            raise InputError(f"sheet '{name}' cannot be read ({exc})", file=self.path,
                             sheet=name, hint="re-save the workbook in Excel") from None

    def close(self):
        if self._openpyxl is not None:
            self._openpyxl.close()
        if self._calamine is not None and hasattr(self._calamine, "close"):
            self._calamine.close()


def open_workbook(path, *, what: str) -> SheetBook:
    return SheetBook(path, what=what)


def column_letter(index: int) -> str:
    """0-based column index → spreadsheet letter (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(value):
    """A cell as text: ``7`` → ``"7"``, ``7.0`` → ``"7"``, datetimes in ISO 8601."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def iter_sheet(book, sheet, *, file, strip: bool = True):
    """Header (list of str) and a generator of data rows ``(sheet_row, [text, ...])``.

    Blank rows are skipped (their numbers are not reused).  A blank header cell before a
    named one (merged header cells, a deleted header) or a cell with data beyond the last
    header is an error.
    """
    rows = iter(book.rows(sheet))
    header_cells = next(rows, None)
    if header_cells is None:
        return [], iter(())
    header = [("" if v is None else str(cell_text(v))).strip() for v in header_cells]
    while header and header[-1] == "":
        header.pop()
    blanks = [i for i, h in enumerate(header) if h == ""]
    if blanks:
        raise InputError(
            "header cell(s) are empty — merged header cells or a deleted column name",
            file=file, sheet=sheet, row=1, column=[column_letter(i) for i in blanks],
            hint="unmerge the header cells and give every column its own name in row 1")
    return header, _data_rows(rows, len(header), file=file, sheet=sheet, strip=strip)


def _data_rows(rows, width, *, file, sheet, strip):
    for number, values in enumerate(rows, start=2):
        texts = [v if type(v) is str else cell_text(v) for v in values[:width]]
        if strip:
            texts = [t.strip() if isinstance(t, str) else "" for t in texts]
        if any(texts):
            if len(texts) < width:
                texts += [None] * (width - len(texts))
            yield number, texts
        if len(values) > width and any(v is not None and v != "" for v in values[width:]):
            extra = next(i for i, v in enumerate(values) if i >= width and v not in (None, ""))
            raise InputError("a cell has data but its column has no header", file=file,
                             sheet=sheet, row=number, column=column_letter(extra),
                             hint="give every column a header in row 1 or delete the stray cell")


def sheet_rows(book, sheet, *, file, strip: bool = True):
    """Header and the list of data rows (see :func:`iter_sheet`); for small sheets (forms)."""
    header, rows = iter_sheet(book, sheet, file=file, strip=strip)
    return header, list(rows)
