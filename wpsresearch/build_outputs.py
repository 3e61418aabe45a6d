"""Writers for the processed study: the SPSS file scholars open, and the data dictionary.

SPSS users get their cleaned data back in the format they know: categories become numbered
codes with value labels (choice labels in the study's language), the missing categories
keep the study's special codes (98 ``dont_know``, 99 ``refused``) declared as SPSS
user-missing values, yes/no dummies become 0/1 with labels, and every variable carries its
question label.  pyreadstat writes the ``.sav`` (UTF-8, so Arabic labels survive).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from wpsresearch.clean.values import MISSING_CATEGORIES
from wpsresearch.paths import ensure_writable

__all__ = ["write_sav", "write_dictionary", "spss_names"]

# Codes the missing categories get in SPSS (DHS/REACH convention: 8 don't know, 9 refused at
# the top of the range; 98/99 for two-digit lists).
_MISSING_CODES = {"dont_know": 98, "refused": 99, "not_applicable": 97, "no_answer": 96}
_MISSING_LABELS = {
    "en": {"dont_know": "Don't know", "refused": "Refused", "not_applicable": "Not applicable",
           "no_answer": "No answer"},
    "ar": {"dont_know": "لا أعرف", "refused": "رفض الإجابة", "not_applicable": "لا ينطبق",
           "no_answer": "لا إجابة"},
}
_YES_NO = {"en": {0: "No", 1: "Yes"}, "ar": {0: "لا", 1: "نعم"}}


def spss_names(columns) -> dict[str, str]:
    """A valid, unique SPSS variable name for every column (letters, digits, ``_ . @ # $``,
    starting with a letter, at most 64 bytes)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for col in columns:
        name = re.sub(r"[^A-Za-z0-9_.@#$]", "_", str(col))
        if not name or not name[0].isalpha():
            name = "v_" + name.lstrip("_")
        name = name[:64].rstrip(".")
        base, k = name, 1
        while name.lower() in used:
            k += 1
            name = f"{base[:60]}_{k}"
        used.add(name.lower())
        out[col] = name
    return out


def _question_of(col: str, codebook):
    """(question, choice) for ``q__choice`` dummies; (question, None) otherwise."""
    if "__" in col:
        q, _, choice = col.partition("__")
        if q in codebook.names:
            return q, choice
    return col, None


def _label(col, codebook, lang) -> str:
    q, choice = _question_of(col, codebook)
    if q not in codebook.names:
        return col
    text = codebook.label(q, lang)
    if choice == "missing":
        return f"{text} (reason missing)"
    if choice is not None:
        return f"{text}: {codebook.label(q, lang, choice=choice)}"
    return text


def write_sav(main: pd.DataFrame, codebook, path, *, lang: str = "en") -> None:
    """Write ``main`` as an SPSS ``.sav`` with variable labels, value labels and user-missing
    codes (see the module docstring)."""
    import pyreadstat

    path = ensure_writable(path)
    names = spss_names(main.columns)
    frame = pd.DataFrame(index=main.index)
    value_labels, missing, labels = {}, {}, {}
    for col in main.columns:
        s, name = main[col], names[col]
        labels[name] = _label(col, codebook, lang)
        if isinstance(s.dtype, pd.CategoricalDtype):
            codes, vl = {}, {}
            k = 0
            for cat in s.cat.categories:
                if cat in MISSING_CATEGORIES:
                    codes[cat] = _MISSING_CODES[cat]
                    vl[_MISSING_CODES[cat]] = _MISSING_LABELS.get(lang, _MISSING_LABELS["en"])[cat]
                else:
                    k += 1
                    codes[cat] = k
                    vl[k] = codebook.label(col, lang, choice=cat) if col in codebook.names else str(cat)
            frame[name] = s.map(codes).astype(float)
            value_labels[name] = vl
            miss = [c for c in codes if c in MISSING_CATEGORIES]
            if miss:
                missing[name] = [_MISSING_CODES[c] for c in miss]
        elif pd.api.types.is_bool_dtype(s):
            frame[name] = s.astype("Float64").astype(float)
            value_labels[name] = _YES_NO.get(lang, _YES_NO["en"])
        elif pd.api.types.is_numeric_dtype(s):
            frame[name] = s.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        elif pd.api.types.is_datetime64_any_dtype(s):
            frame[name] = s.dt.tz_localize(None) if getattr(s.dt, "tz", None) is not None else s
        else:
            frame[name] = s.astype("object").where(s.notna(), "")
    pyreadstat.write_sav(frame, str(path), column_labels=labels, variable_value_labels=value_labels,
                         missing_ranges=missing or None, file_label="wpsresearch processed data")


def write_dictionary(main: pd.DataFrame, codebook, path) -> None:
    """``dictionary.csv``: variable, spss_name, type, English and Arabic labels, choices."""
    path = ensure_writable(path)
    names = spss_names(main.columns)
    rows = []
    for col in main.columns:
        s = main[col]
        q, choice = _question_of(col, codebook)
        base = codebook.question(q)["base_type"] if q in codebook.names else ""
        if isinstance(s.dtype, pd.CategoricalDtype):
            choices = "; ".join(
                f"{c}={codebook.label(col, 'en', choice=c) if col in codebook.names else c}"
                for c in s.cat.categories)
        else:
            choices = ""
        rows.append({
            "variable": col, "spss_name": names[col], "question": q if q != col else "",
            "form_type": base, "dtype": str(s.dtype),
            "label_en": _label(col, codebook, "en"), "label_ar": _label(col, codebook, "ar"),
            "choices": choices, "n_nonmissing": int(s.notna().sum()),
        })
    pd.DataFrame(rows).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
