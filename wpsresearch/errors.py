"""Errors and warnings raised by wpsresearch.

Every problem a user can cause (a bad file, a missing column, an impossible value) is raised
as a :class:`WpsError` subclass whose message says *what* went wrong, *where* (file, sheet,
row, column) and *what to do*.  Code that calls pandas, openpyxl or pyreadstat catches their
exceptions at the boundary and re-raises one of these, so a scholar never has to read a
traceback from a library's internals.

Examples
--------
>>> from wpsresearch.errors import InputError
>>> err = InputError("the consent column is empty", file="export.csv", row=12,
...                  column="consent", hint="check that the export includes all questions")
>>> print(err)
export.csv, row 12, column 'consent': the consent column is empty. What to do: check that the export includes all questions.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "WpsError",
    "WpsWarning",
    "InputError",
    "EncodingProblem",
    "FormError",
    "AnalysisPlanError",
    "StudyConfigError",
    "DesignError",
    "EstimationError",
    "CodebookError",
    "DisclosureError",
    "PrivacyError",
    "ReportError",
]


class WpsError(Exception):
    """Base class of every error wpsresearch raises on purpose.

    Parameters
    ----------
    message : str
        What went wrong, in plain words.
    file, sheet, row, column : optional
        Where it went wrong.  ``row`` is the 1-based row as a spreadsheet program shows it
        (the header is row 1) unless the raiser says otherwise in ``message``.  ``column``
        may be a name or a list of names.
    hint : str, optional
        What the user can do about it.
    """

    def __init__(self, message, *, file=None, sheet=None, row=None, column=None, hint=None):
        self.message = str(message)
        self.file = str(file) if isinstance(file, Path) else file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.hint = hint
        super().__init__(self._render())

    def _where(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(str(self.file))
        if self.sheet is not None:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            rows = self.row
            if isinstance(rows, (list, tuple)):
                shown = ", ".join(str(r) for r in list(rows)[:10])
                more = f" (+{len(rows) - 10} more)" if len(rows) > 10 else ""
                parts.append(f"rows {shown}{more}")
            else:
                parts.append(f"row {rows}")
        if self.column is not None:
            cols = self.column
            if isinstance(cols, (list, tuple)):
                shown = ", ".join(f"'{c}'" for c in list(cols)[:10])
                more = f" (+{len(cols) - 10} more)" if len(cols) > 10 else ""
                parts.append(f"columns {shown}{more}")
            else:
                parts.append(f"column '{cols}'")
        return ", ".join(parts)

    def _render(self) -> str:
        where = self._where()
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text = text.rstrip(".") + f". What to do: {self.hint.rstrip('.')}."
        return text

    def __reduce__(self):  # keep pickling (multiprocessing, papermill) working
        return (
            _rebuild,
            (type(self), self.message, self.file, self.sheet, self.row, self.column, self.hint),
        )


def _rebuild(cls, message, file, sheet, row, column, hint):
    return cls(message, file=file, sheet=sheet, row=row, column=column, hint=hint)


class WpsWarning(UserWarning):
    """A problem worth knowing about that does not stop the work (pytest turns it into an error)."""


class InputError(WpsError, ValueError):
    """A data file or frame cannot be used as given (malformed, missing columns, bad values)."""


class EncodingProblem(InputError):
    """A text file's encoding is wrong or characters were lost in a conversion."""


class FormError(InputError):
    """An XLSForm is invalid or does not match the data."""


class AnalysisPlanError(InputError):
    """A study's analysis plan (list of analysis) has a missing column or a bad value."""


class StudyConfigError(WpsError, ValueError):
    """``study.yml`` is missing, malformed or inconsistent with the form."""


class DesignError(WpsError, ValueError):
    """A survey design cannot be built (missing design columns, bad weights, lonely PSUs)."""


class EstimationError(WpsError, ValueError):
    """An estimate cannot be computed (unknown variable, empty domain, separation, ...)."""


class CodebookError(WpsError, ValueError):
    """A coding rule or codebook (SGBV codes, labels, text patterns) is invalid."""


class DisclosureError(WpsError):
    """Something about to be published could identify a respondent."""


class PrivacyError(WpsError):
    """A privacy precondition does not hold (no consent column, no pseudonymisation secret)."""


class ReportError(WpsError):
    """A report could not be built or exported."""
