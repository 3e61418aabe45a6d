"""Read SPSS ``.sav`` files from university partners, labels and user-missing codes kept."""

from __future__ import annotations

from pathlib import Path

from wpsresearch.errors import InputError
from wpsresearch.io.boundary import reader_boundary
from wpsresearch.io.survey_data import SourceInfo, SurveyData, file_sha256

__all__ = ["read_spss"]


def _text(value) -> str | None:
    import datetime as dt
    import math

    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


def _codebook(meta, path):
    import pandas as pd

    from wpsresearch.io.codebook import Codebook

    labels = dict(zip(meta.column_names, meta.column_labels or [None] * len(meta.column_names)))
    value_labels = meta.variable_value_labels or {}
    records, choices = [], []
    for position, name in enumerate(meta.column_names, start=1):
        kind = meta.readstat_variable_types.get(name, "double")
        has_labels = bool(value_labels.get(name))
        base = "select_one" if has_labels else ("text" if kind == "string" else "decimal")
        records.append({"name": name, "type": base, "base_type": base,
                        "list_name": name if has_labels else None, "or_other": False,
                        "group": None, "repeat": None, "relevant": None, "constraint": None,
                        "required": None, "choice_filter": None, "calculation": None,
                        "appearance": None, "label::default": labels.get(name),
                        "sheet_row": position})
        for code, label in (value_labels.get(name) or {}).items():
            choices.append({"list_name": name, "name": _text(code), "label::default": label})
    variables = pd.DataFrame.from_records(records)
    choices = pd.DataFrame.from_records(choices, columns=["list_name", "name", "label::default"])
    choices["sheet_row"] = range(2, len(choices) + 2)
    return Codebook(variables=variables, choices=choices, languages=["default"],
                    settings={"file_label": meta.file_label, "encoding": meta.file_encoding},
                    source=str(path))


def _unlabeled(frame, meta, declared=None) -> list:
    """Notes on codes without a value label, for coded (categorical) variables only: a number
    whose only labels are its missing codes (an age with 98 "Don't know") is not coded."""
    notes = []
    missing = meta.missing_user_values or {}
    declared = declared or {}
    for name, labels in (meta.variable_value_labels or {}).items():
        if {_text(code) for code in labels} <= set(declared.get(name, {})):
            continue
        known = {_text(code) for code in labels}
        known |= {_text(code) for code in missing.get(name, [])}
        present = frame[name].dropna()
        extra = sorted(set(present) - known)
        if extra:
            notes.append(f"column '{name}': code(s) {extra[:10]} have no value label "
                         "(kept as they are)")
    return notes


# What a user-missing code's value label says it is (English, Arabic, common SPSS wordings).
_MISSING_WORDS = (
    ("dont_know", ("don't know", "dont know", "do not know", "don't knows", "dk", "unknown",
                   "لا أعرف", "لا اعرف", "لا يعرف", "لا تعرف")),
    ("refused", ("refused", "refuse", "refusal", "prefer not", "declined",
                 "رفض", "يرفض", "رفضت", "تفضل عدم")),
    ("not_applicable", ("not applicable", "n/a", "na", "لا ينطبق")),
)


def missing_category(label) -> str:
    """The missing category (:data:`wpsresearch.io.missing.MISSING_CATEGORIES`) an SPSS
    user-missing code's value label names; ``no_answer`` when it names none.

    Examples
    --------
    >>> missing_category("Don't know"), missing_category("Prefer not to answer")
    ('dont_know', 'refused')
    >>> missing_category("لا أعرف"), missing_category(None)
    ('dont_know', 'no_answer')
    """
    text = " ".join(str(label or "").replace("’", "'").casefold().split())
    for category, words in _MISSING_WORDS:
        if any(text == w or text.startswith(w + " ") or w in text and len(w) > 3 for w in words):
            return category
    return "no_answer"


def _declared_missing(meta, frame) -> dict:
    """``{variable: {code as text: category}}`` of the .sav's user-missing values: discrete
    codes (pyreadstat gives them as ranges ``lo == hi``) and, for a true range, every value of
    the range that is labelled or occurs in the data.  Each code is named by its value label
    (:func:`missing_category`)."""
    import math

    out = {}
    labels = meta.variable_value_labels or {}
    declared = {k: list(v) for k, v in (meta.missing_ranges or {}).items()}
    for variable, values in (meta.missing_user_values or {}).items():
        declared.setdefault(variable, []).extend({"lo": v, "hi": v} for v in values)
    for variable, ranges in declared.items():
        named = labels.get(variable, {})
        codes = {}
        for r in ranges:
            lo, hi = r.get("lo"), r.get("hi")
            if lo is None or hi is None:
                continue
            if isinstance(lo, str) or lo == hi:
                candidates = [lo]
            else:
                observed = [v for v in frame[variable].dropna() if isinstance(v, (int, float))]
                candidates = sorted({v for v in [*named, *observed]
                                     if not isinstance(v, str) and not math.isnan(v)
                                     and lo <= v <= hi})
            for code in candidates:
                codes[_text(code)] = missing_category(named.get(code))
        codes.pop(None, None)
        if codes:
            out[variable] = codes
    return out


def _choice_codes(meta, codebook, match) -> dict:
    """``{sav variable: {code as text: choice name}}`` for the select questions of the form
    whose values the .sav stores as labelled codes (``1`` = "Yes"): a code whose value label
    is exactly one choice's label (any form language, spacing and case aside) is that choice,
    else a code whose label is a choice's name is that choice.  Other codes are left as they
    are (the cleaning stage flags them, or recodes declared missing codes)."""
    from wpsresearch.text import normalize_key

    def key(text):
        return " ".join(normalize_key(str(text)).casefold().split())

    selects = set(codebook.select_one()) | set(codebook.select_multiple())
    label_columns = [c for c in codebook.choices.columns if c.startswith("label::")]
    out = {}
    for variable, labels in (meta.variable_value_labels or {}).items():
        target = match.targets.get(variable)
        if target is None or target.kind != "field" or target.name not in selects:
            continue
        options = codebook.choices_for(target.name)
        names_by_key = {key(n): n for n in options["name"].astype(str)}
        names = set(names_by_key.values())
        by_label: dict = {}
        for column in label_columns:
            for name, label in zip(options["name"].astype(str), options[column]):
                if isinstance(label, str) and label.strip():
                    by_label.setdefault(key(label), set()).add(name)
        codes = {}
        for code, label in labels.items():
            text = _text(code)
            if text is None:
                continue
            # the label decides first: sequential codes 1, 2 of choices named "0", "1"
            # (a yes/no list) are told apart by their labels, not by their digits
            hit = by_label.get(key(label), set())
            if len(hit) == 1:
                if next(iter(hit)) != text:
                    codes[text] = next(iter(hit))
            elif text not in names and len(hit) == 0 and key(label) in names_by_key:
                codes[text] = names_by_key[key(label)]  # a label that is a choice's name
        if codes:
            out[variable] = codes
    return out


SPSS_NAME_BYTES = 64  # SPSS cuts longer variable names (a long option column) to 64 bytes


def _untruncated(main, codebook, notes):
    """Variables whose names SPSS cut at 64 bytes, renamed to the one form spelling they
    begin (``long_question.long_opti`` -> ``long_question.long_option``)."""
    from wpsresearch.io.header_map import build_spellings

    table = None
    renamed = {}
    for name in main.columns:
        if len(str(name).encode("utf-8")) < SPSS_NAME_BYTES:
            continue
        table = table if table is not None else build_spellings(codebook)
        if name in table:
            continue
        targets = {t for spelled, (_, found) in table.items() if spelled.startswith(name)
                   for t in found}
        if len(targets) == 1:
            target = next(iter(targets))
            renamed[name] = next(s for s, (_, f) in table.items()
                                 if s.startswith(name) and target in f)
    if renamed:
        notes.append(f"{len(renamed)} variable name(s) cut at {SPSS_NAME_BYTES} bytes by SPSS "
                     "matched to the one form field they begin")
    return main.rename(columns=renamed), renamed


def _keyed_on_form(main, meta, form, path, notes):
    """The .sav's columns and coded answers in the form's names (see :func:`read_spss`)."""
    from wpsresearch.io.header_map import match_headers
    from wpsresearch.io.kobo import finish_main, resolve_form
    from wpsresearch.io.table_shaping import TableOrigin, shape_table

    codebook = resolve_form(form, file=path)
    original = list(main.columns)
    main, renamed = _untruncated(main, codebook, notes)
    codes = _choice_codes(meta, codebook, match_headers(list(main.columns), codebook))
    recoded = 0
    for variable, mapping in codes.items():
        column = main[variable]
        mapped = column.map(lambda v: mapping.get(v, v), na_action="ignore").astype(column.dtype)
        recoded += int((mapped != column).fillna(False).sum())
        main[variable] = mapped
    if recoded:
        notes.append(f"{recoded} coded answer(s) of {len(codes)} question(s) read as the form's "
                     "choice names through their SPSS value labels")
    rows = list(range(1, len(main) + 1))
    shaped = shape_table(main, rows, codebook, TableOrigin(path), notes=notes)
    frame = finish_main(shaped.frame, rows, file=path, require_uuid=False)
    if "_uuid" not in frame.columns:
        # a partner's .sav often has no submission id: cases are told apart by their number
        frame["_uuid"] = frame["source_row"].map(lambda n: f"case-{n}").astype("string")
        notes.append("the file has no submission id (_uuid, uuid or instanceID): cases are "
                     "identified by their case number; duplicates cannot be found by id")
    column_map = {h: shaped.match.renamed(renamed.get(h, h)) for h in original}
    return frame, codebook, shaped, column_map


@reader_boundary("SPSS .sav file")
def read_spss(path, *, form=None) -> SurveyData:
    """Read an SPSS ``.sav``: variable and value labels become the codebook.

    User-missing codes (e.g. 98 "don't know", 99 "refused") are kept as their own codes
    (pyreadstat drops them to NaN unless ``user_missing=True``): "refused" is not "not
    asked".  Codes without a value label are kept and listed in ``source.warnings``.
    Values are text, like every reader's (``1.0`` → ``"1"``); system-missing is ``<NA>``.
    ``source_row`` is the case number as SPSS's Data View shows it (a .sav has no header
    row, so the first case is 1).

    With the study's ``form`` (an XLSForm the data were collected with), the .sav is read
    like any export of that form: variables are matched to its questions by name (Kobo,
    R-mangled and group spellings: ``q``, ``group.q``, ``q.option``, ``uuid``), select
    answers stored as labelled codes become the form's choice names where a code's value
    label is a choice's label, and the form is the codebook.

    Parameters
    ----------
    path : str or pathlib.Path
    form : Codebook or path, optional
        The XLSForm the data were collected with.

    Returns
    -------
    SurveyData
        Without a form, ``codebook.variables`` has ``label::default`` (variable labels) and
        ``codebook.choices`` the value labels (``list_name`` = variable name).

    Notes
    -----
    R/SPSS equivalent: ``haven::read_sav(path, user_na = TRUE)``.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd, pyreadstat
    >>> path = str(pathlib.Path(tempfile.mkdtemp()) / "s.sav")
    >>> pyreadstat.write_sav(pd.DataFrame({"q1": [1.0, 2.0, 99.0, 7.0]}), path,
    ...     variable_value_labels={"q1": {1.0: "Yes", 2.0: "No", 99.0: "Refused"}},
    ...     missing_ranges={"q1": [99.0]})
    >>> sd = read_spss(path)
    >>> sd.main["q1"].tolist(), sd.source.warnings
    (['1', '2', '99', '7'], ["column 'q1': code(s) ['7'] have no value label (kept as they are)"])
    """
    import pandas as pd
    import pyreadstat

    path = Path(path)
    if not path.exists():
        raise InputError("file not found", file=path, hint="check the path")
    try:
        frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    except pyreadstat.ReadstatError as exc:
        raise InputError(f"this is not a readable SPSS .sav file ({exc})", file=path,
                         hint="save the data from SPSS as .sav (not .por, .zsav from another "
                         "tool, or a renamed CSV/Excel file)") from None
    main = pd.DataFrame({name: frame[name].map(_text).astype(pd.StringDtype("pyarrow"))
                         for name in frame.columns})
    declared = _declared_missing(meta, frame)
    notes = _unlabeled(main, meta, declared)
    if form is not None:
        main, codebook, shaped, column_map = _keyed_on_form(main, meta, form, path, notes)
        source = SourceInfo(path=str(path), format="spss", encoding=meta.file_encoding,
                            sha256=file_sha256(path), warnings=notes, column_map=column_map,
                            unknown_columns=list(shaped.match.unknown),
                            dialects=sorted(shaped.match.dialects()),
                            missing_codes={column_map.get(k, k): v for k, v in declared.items()})
        return SurveyData(main=main, repeats={}, codebook=codebook, source=source)
    main.insert(0, "source_row", pd.array(range(1, len(main) + 1), dtype="Int64"))
    source = SourceInfo(path=str(path), format="spss", encoding=meta.file_encoding,
                        sha256=file_sha256(path), warnings=notes,
                        column_map={c: c for c in frame.columns}, missing_codes=declared)
    return SurveyData(main=main, repeats={}, codebook=_codebook(meta, path), source=source)
