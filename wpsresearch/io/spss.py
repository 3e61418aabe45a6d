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


def _unlabeled(frame, meta) -> list:
    notes = []
    missing = meta.missing_user_values or {}
    for name, labels in (meta.variable_value_labels or {}).items():
        known = {_text(code) for code in labels}
        known |= {_text(code) for code in missing.get(name, [])}
        present = frame[name].dropna()
        extra = sorted(set(present) - known)
        if extra:
            notes.append(f"column '{name}': code(s) {extra[:10]} have no value label "
                         "(kept as they are)")
    return notes


@reader_boundary("SPSS .sav file")
def read_spss(path) -> SurveyData:
    """Read an SPSS ``.sav``: variable and value labels become the codebook.

    User-missing codes (e.g. 98 "don't know", 99 "refused") are kept as their own codes
    (pyreadstat drops them to NaN unless ``user_missing=True``): "refused" is not "not
    asked".  Codes without a value label are kept and listed in ``source.warnings``.
    Values are text, like every reader's (``1.0`` → ``"1"``); system-missing is ``<NA>``.
    ``source_row`` is the case number as SPSS's Data View shows it (a .sav has no header
    row, so the first case is 1).

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    SurveyData
        ``codebook.variables`` has ``label::default`` (variable labels) and
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
    notes = _unlabeled(main, meta)
    main.insert(0, "source_row", pd.array(range(1, len(main) + 1), dtype="Int64"))
    source = SourceInfo(path=str(path), format="spss", encoding=meta.file_encoding,
                        sha256=file_sha256(path), warnings=notes,
                        column_map={c: c for c in frame.columns})
    return SurveyData(main=main, repeats={}, codebook=_codebook(meta, path), source=source)
