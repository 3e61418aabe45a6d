"""Read an XLSForm into a :class:`Codebook`, through pyxform.

pyxform is the XLSForm reference implementation (KoboToolbox and ODK Central convert forms
with it), so a form is read exactly as the platforms read it: every type alias and legacy
spelling, ``begin loop over LIST``, ``or_other``, cascading lists, the same name in two
groups, ``${}`` references, ``.xls`` files.  What pyxform refuses is refused with pyxform's
own message, on one line, with the sheet and row (:mod:`wpsresearch.io.form_errors`).

Two things pyxform does not give are added: the spreadsheet row of every question (a marker
column is written into pyxform's reading of the sheets before conversion, see
:mod:`wpsresearch.io.form_tree`), and the checks of :mod:`wpsresearch.io.form_checks`
(expressions the cleaning stage evaluates), which warn and never refuse a form pyxform
converts.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
import warnings
from pathlib import Path

from wpsresearch.errors import FormError, InputError, WpsWarning
from wpsresearch.io.boundary import reader_boundary
from wpsresearch.io.codebook import Codebook

__all__ = ["read_xlsform"]

_MAGIC = {".xlsx": b"PK\x03\x04", ".xlsm": b"PK\x03\x04", ".xls": b"\xd0\xcf\x11\xe0"}
_MAX_REPAIRS = 500
_CACHE: dict = {}
_CACHE_SIZE = 16


def _check_file(path: Path, raw: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix not in _MAGIC:
        raise FormError(f"'{suffix or path.name}' is not an XLSForm file type", file=path,
                        hint="save the form as .xlsx (KoboToolbox: Download XLS gives .xlsx)")
    magic = _MAGIC[suffix]
    if not raw.startswith(magic):
        kind = "an XLS (Excel 97-2003)" if suffix == ".xls" else "an XLSX"
        raise InputError(f"this is not {kind} file (it starts with {raw[:4]!r})", file=path,
                         hint="save the form as .xlsx (Excel 2007+), not .csv or .ods, and "
                         "give it the right extension")
    return suffix


def _read_workbook(raw: bytes, suffix: str, path: Path):
    from pyxform.errors import PyXFormError
    from pyxform.xls2json_backends import get_xlsform

    from wpsresearch.io.form_errors import duplicate_header_sheet, form_error

    try:
        with warnings.catch_warnings():  # openpyxl's notices are not the user's business
            warnings.simplefilter("ignore")
            return get_xlsform(io.BytesIO(raw), file_type=suffix)
    except PyXFormError as exc:
        error = form_error(exc, file=path, workbook=None)
        duplicate = re.match(r"Duplicate column header: (.*)$", error.message)
        if duplicate and error.sheet is None:
            sheet = duplicate_header_sheet(raw, duplicate.group(1))
            error = FormError(error.message, file=path, sheet=sheet, row=1,
                              column=duplicate.group(1), hint=error.hint)
        raise error from None
    except Exception as exc:  # noqa: BLE001 - xlrd/openpyxl on a damaged file
        raise InputError(f"the workbook cannot be read ({type(exc).__name__}: {exc})",
                         file=path, hint="open the form in Excel and save it again as .xlsx"
                         ) from None


def _mark_rows(workbook) -> dict:
    """Write each row's sheet row into a column pyxform carries along; return raw types."""
    from wpsresearch.io.form_errors import row_type
    from wpsresearch.io.form_tree import CHOICES_ROW, SURVEY_ROW

    raw_types = {}
    for sheet, key in (("survey", SURVEY_ROW), ("choices", CHOICES_ROW)):
        rows = getattr(workbook, sheet, None) or []
        for number, row in enumerate(rows, start=2):
            if row:
                if sheet == "survey":
                    raw_types[number] = row_type(row) or None
                row[key] = str(number)
        header = getattr(workbook, f"{sheet}_header", None)
        if header:
            header[0][key] = None
    return raw_types


# -- strict=False: the few repairs that keep a form usable as the key to its data --------
def _repair(exc, workbook, repairs: list) -> bool:
    """Apply one named repair for a pyxform refusal; False when there is none."""
    from wpsresearch.io.form_errors import ROW_MARK, one_line, row_type

    text = str(exc)
    message, rows = one_line(text)
    survey = workbook.survey or []
    if "Question with no type" in message and rows:
        row = survey[rows[0] - 2]
        if any(str(k).strip().lower() in ("name", "value") for k in row):
            return False
        row.clear()  # kept in place: pyxform numbers rows by position
        repairs.append((rows[0], "a row with a label but no type and no name (a note to "
                        "the form's designers) was skipped"))
        return True
    if "Choice names must be unique" in message:
        if not workbook.settings:
            workbook.settings, workbook.settings_header = [{}], [{}]
        workbook.settings[0]["allow_choice_duplicates"] = "yes"
        workbook.settings_header[0]["allow_choice_duplicates"] = None
        repairs.append((None, "a choice name appears twice in one list (choices sheet rows "
                        f"{', '.join(map(str, rows))}); duplicates allowed"))
        return True
    missing_list = "List name not in choices sheet" in message and rows
    unknown_select = message.startswith("Unknown question type 'select")
    if missing_list or unknown_select:
        if unknown_select:
            wanted = message.split("'")[1]
            rows = [n for n, r in enumerate(survey, start=2) if r and row_type(r) == wanted]
        for number in rows:
            _set_type(survey[number - 2], "text")
        what = message if unknown_select else ROW_MARK.sub("", text).strip()
        repairs.append((rows[0] if rows else None, f"{what}: read as text (answers kept as "
                        "written, not checked against a list)"))
        return bool(rows)
    return False


def _set_type(row: dict, new: str) -> None:
    for key in list(row):
        if str(key).strip().lower() in ("type", "command"):
            row[key] = new


def _convert(workbook, *, path: Path, strict: bool):
    """pyxform's conversion (JSON, survey tree, XForm), with repairs when not strict."""
    from pyxform.errors import PyXFormError

    from wpsresearch.io.form_errors import form_error

    repairs: list = []
    try:
        with warnings.catch_warnings():  # pyxform's deprecation notices, openpyxl's
            warnings.simplefilter("ignore")
            survey, pyxform_json, notes = _pyxform_steps(workbook, path, strict, repairs)
    except PyXFormError as exc:
        raise form_error(exc, file=path, workbook=workbook) from None
    except FormError:
        raise
    except Exception as exc:  # noqa: BLE001 - pyxform failing inside is still a refusal
        raise FormError(f"pyxform could not convert the form ({type(exc).__name__}: {exc})",
                        file=path, hint="check the form with KoboToolbox or ODK's online "
                        "converter (getodk.org/xlsform), which name the problem") from None
    return survey, pyxform_json, notes, repairs


def _pyxform_steps(workbook, path, strict, repairs):
    from pyxform.builder import create_survey_element_from_dict
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import workbook_to_json

    from wpsresearch.io.form_errors import form_error

    for _ in range(_MAX_REPAIRS):
        # pyxform edits the sheets it is given (headers, settings): a fresh copy for each
        # try when a refusal may be repaired and the form converted again
        work, notes = (workbook if strict else copy.deepcopy(workbook)), []
        try:
            pyxform_json = workbook_to_json(work, form_name=None, default_language=None,
                                            fallback_form_name=None, warnings=notes)
            survey = create_survey_element_from_dict(pyxform_json)
            break
        except PyXFormError as exc:
            if strict or not _repair(exc, workbook, repairs):
                error = form_error(exc, file=path, workbook=workbook)
                if strict and _repair(exc, copy.deepcopy(workbook), []):
                    error = FormError(error.message, file=path, sheet=error.sheet,
                                      row=error.row, column=error.column, hint=(
                                          f"{error.hint}; or read it with read_xlsform(path, "
                                          "strict=False) (in a study: form_repairs: true in "
                                          "study.yml), which repairs this and says so"))
                raise error from None
    else:
        raise FormError("too many problems to repair", file=path,
                        hint="correct the form and read it again")
    # The XForm itself is not needed; writing it runs pyxform's last checks (every ${name}
    # resolves to one element, external instances, search()).
    survey.to_xml(validate=False, pretty_print=False, warnings=notes)
    return survey, pyxform_json, notes


def _settings(workbook) -> dict:
    from wpsresearch.io.form_tree import CHOICES_ROW, SURVEY_ROW

    rows = getattr(workbook, "settings", None) or []
    first = rows[0] if rows else {}
    return {str(k).strip().lower(): str(v) for k, v in first.items()
            if k and v not in (None, "") and k not in (SURVEY_ROW, CHOICES_ROW)}


def _build(raw: bytes, suffix: str, path: Path, strict: bool) -> dict:
    from wpsresearch.io.form_checks import check_form
    from wpsresearch.io.form_tree import survey_frames

    workbook = _read_workbook(raw, suffix, path)
    settings = _settings(workbook)
    raw_types = _mark_rows(workbook)
    survey, pyxform_json, notes, repairs = _convert(workbook, path=path, strict=strict)
    default_language = pyxform_json.get("default_language") or "default"
    variables, choices, languages = survey_frames(survey, raw_types,
                                                  default_language=default_language)
    problems = check_form(variables, choices)
    shown = []
    if repairs:
        listed = "; ".join((f"row {r}: " if r else "") + m for r, m in repairs)
        shown.append(f"pyxform refuses this form; read anyway (strict=False): {listed}")
    if problems:
        listed = "; ".join(f"{s} row {r} ({c}): {m}" for s, r, c, m in problems[:15])
        more = f"; and {len(problems) - 15} more" if len(problems) > 15 else ""
        shown.append(f"{len(problems)} expression(s) the cleaning checks cannot evaluate: "
                     f"{listed}{more}")
    notes = [" ".join(str(n).split()) for n in notes]
    return {"variables": variables, "choices": choices, "languages": languages,
            "settings": settings, "warnings": [*shown, *notes], "shown": shown}


@reader_boundary("XLSForm")
def read_xlsform(path, *, strict: bool = True) -> Codebook:
    """Read an XLSForm into a :class:`~wpsresearch.io.Codebook`, as pyxform reads it.

    Parameters
    ----------
    path : str or pathlib.Path
        The form as ``.xlsx``, ``.xlsm`` or ``.xls`` (KoboToolbox "Download XLS", an ODK
        Central form file, a REACH/IMPACT tool).
    strict : bool, default True
        ``True``: a form pyxform refuses is refused.  ``False``: three refusals that do not
        stop the form from keying its data are repaired and reported in one
        :class:`~wpsresearch.errors.WpsWarning`: rows holding only a label (notes to the
        form's designers, as in REACH's MSNA templates) are skipped, a choice name repeated
        in a list is allowed, and a select whose choice list is missing is read as text.

    Returns
    -------
    Codebook
        One row per question, group and repeat of pyxform's survey tree (loops expanded,
        ``or_other`` questions added), with the spreadsheet row of each; choices in every
        label language; languages (``label::Arabic (ar)`` → ``"Arabic (ar)"``); settings.

    Raises
    ------
    FormError
        pyxform refuses the form: its message, on one line, with the sheet and row.
    InputError
        The file is not an Excel workbook or cannot be opened.

    Warns
    -----
    WpsWarning
        An expression (relevant, constraint, calculation, choice_filter) that ODK would
        reject and the cleaning checks cannot evaluate (unbalanced brackets or quotes);
        repairs made with ``strict=False``.

    Notes
    -----
    R/SPSS equivalent: ``pyxform``'s ``xls2xform`` (what KoboToolbox runs when a form is
    deployed) followed by reading the survey and choices sheets.

    Examples
    --------
    >>> import tempfile, openpyxl, pathlib
    >>> wb = openpyxl.Workbook(); ws = wb.active; ws.title = "survey"
    >>> for row in [["type", "name", "label::English (en)", "label::Arabic (ar)"],
    ...             ["select one from yn", "consent", "Consent?", "موافقة؟"]]:
    ...     ws.append(row)
    >>> ch = wb.create_sheet("choices")
    >>> for row in [["list_name", "name", "label::English (en)", "label::Arabic (ar)"],
    ...             ["yn", "yes", "Yes", "نعم"], ["yn", "no", "No", "لا"]]:
    ...     ch.append(row)
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "form.xlsx"; wb.save(path)
    >>> form = read_xlsform(path)
    >>> form.languages, form.label("consent", "ar"), form.label("consent", choice="no")
    (['English (en)', 'Arabic (ar)'], 'موافقة؟', 'No')
    >>> q = form.question("consent")
    >>> q["base_type"], q["list_name"], int(q["sheet_row"])
    ('select_one', 'yn', 2)
    """
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", file=path, hint="check the path to the form")
    raw = path.read_bytes()
    suffix = _check_file(path, raw)
    key = (hashlib.sha256(raw).hexdigest(), suffix, bool(strict))
    built = _CACHE.get(key)
    if built is None:
        built = _build(raw, suffix, path, strict)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = built
    for text in built["shown"]:
        warnings.warn(f"{path}: {text}", WpsWarning, stacklevel=3)
    return Codebook(variables=built["variables"].copy(), choices=built["choices"].copy(),
                    languages=list(built["languages"]), settings=dict(built["settings"]),
                    source=str(path), warnings=list(built["warnings"]))
