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

from wpsresearch.io.missing import MISSING_CATEGORIES
from wpsresearch.io.paths import ensure_writable

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


class _LabelIndex:
    """Question and choice labels of a codebook as plain dicts (one pass over the form,
    instead of one DataFrame filter per lookup)."""

    def __init__(self, codebook):
        from wpsresearch.io import language_code

        v, ch = codebook.variables, codebook.choices
        self.names = set(codebook.names)
        self.base = dict(zip(v["name"], v["base_type"]))
        self.list_of = dict(zip(v["name"], v["list_name"]))
        self.q: dict[tuple, str] = {}
        self.c: dict[tuple, str] = {}
        for lang in ("en", "ar"):
            vcol = next((c for c in v.columns if c.startswith("label::")
                         and language_code(c[7:]) == lang), None)
            ccol = next((c for c in ch.columns if c.startswith("label::")
                         and language_code(c[7:]) == lang), None)
            vcol = vcol or next((c for c in v.columns if c.startswith("label::")), None)
            ccol = ccol or next((c for c in ch.columns if c.startswith("label::")), None)
            if vcol:
                for name, text in zip(v["name"], v[vcol]):
                    if isinstance(text, str) and text:
                        self.q.setdefault((name, lang), text)
            if ccol:
                for lst, name, text in zip(ch["list_name"], ch["name"].astype(str), ch[ccol]):
                    if isinstance(text, str) and text:
                        self.c.setdefault((lst, name, lang), text)

    def question(self, name, lang):
        return self.q.get((name, lang), name)

    def choice(self, name, value, lang):
        return self.c.get((self.list_of.get(name), str(value), lang), str(value))

    def split(self, col):
        """(question, choice) for ``q__choice`` dummies; (question, None) otherwise."""
        if "__" in col:
            q, _, choice = col.partition("__")
            if q in self.names:
                return q, choice
        return col, None

    def column(self, col, lang) -> str:
        q, choice = self.split(col)
        if q not in self.names:
            return col
        text = self.question(q, lang)
        if choice == "missing":
            return f"{text} (reason missing)"
        if choice is not None:
            return f"{text}: {self.choice(q, choice, lang)}"
        return text


def write_sav(main: pd.DataFrame, codebook, path, *, lang: str = "en") -> None:
    """Write ``main`` as an SPSS ``.sav`` with variable labels, value labels and user-missing
    codes (see the module docstring)."""
    import pyreadstat

    path = ensure_writable(path)
    names = spss_names(main.columns)
    idx = _LabelIndex(codebook)
    columns = {}  # built first, joined once (a column-by-column insert fragments a wide frame)
    value_labels, missing, labels = {}, {}, {}
    for col in main.columns:
        s, name = main[col], names[col]
        labels[name] = idx.column(col, lang)
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
                    vl[k] = idx.choice(col, cat, lang)
            columns[name] = s.map(codes).astype(float)
            value_labels[name] = vl
            miss = [c for c in codes if c in MISSING_CATEGORIES]
            if miss:
                missing[name] = [_MISSING_CODES[c] for c in miss]
        elif pd.api.types.is_bool_dtype(s):
            columns[name] = s.astype("Float64").astype(float)
            value_labels[name] = _YES_NO.get(lang, _YES_NO["en"])
        elif pd.api.types.is_numeric_dtype(s):
            columns[name] = s.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        elif pd.api.types.is_datetime64_any_dtype(s):
            columns[name] = s.dt.tz_localize(None) if getattr(s.dt, "tz", None) is not None else s
        else:
            columns[name] = s.astype("object").where(s.notna(), "")
    frame = pd.DataFrame(columns, index=main.index)
    pyreadstat.write_sav(frame, str(path), column_labels=labels, variable_value_labels=value_labels,
                         missing_ranges=missing or None, file_label="wpsresearch processed data")
    _fix_sav_timestamp(path)


# The .sav header stamps the creation date and time (bytes 92-108 of the "$FL2" record);
# pyreadstat has no option to set them, so they are overwritten with a fixed stamp to make
# builds byte-identical.  The layout is SPSS's documented file header record.
_SAV_STAMP_OFFSET = 92
_SAV_STAMP = b"01 Jan 00" + b"00:00:00"


def _fix_sav_timestamp(path) -> None:
    with open(path, "r+b") as fh:
        head = fh.read(4)
        if head not in (b"$FL2", b"$FL3"):
            return
        fh.seek(_SAV_STAMP_OFFSET)
        fh.write(_SAV_STAMP)


def write_dictionary(main: pd.DataFrame, codebook, path, *, withhold=()) -> None:
    """``dictionary.csv``: variable, spss_name, type, English and Arabic labels, choices.

    ``withhold``: columns whose choices are not listed (the enumerator codes: a dictionary
    travels with every shared table; the codes stay in the team's microdata and review
    workbook)."""
    path = ensure_writable(path)
    names = spss_names(main.columns)
    idx = _LabelIndex(codebook)
    rows = []
    for col in main.columns:
        s = main[col]
        q, _ = idx.split(col)
        base = idx.base.get(q, "")
        if col in withhold:
            choices = "(not listed: staff codes, kept in the data and the review workbook)"
        elif isinstance(s.dtype, pd.CategoricalDtype):
            choices = "; ".join(f"{c}={idx.choice(col, c, 'en')}" for c in s.cat.categories)
        else:
            choices = ""
        rows.append({
            "variable": col, "spss_name": names[col], "question": q if q != col else "",
            "form_type": base, "dtype": str(s.dtype),
            "label_en": idx.column(col, "en"), "label_ar": idx.column(col, "ar"),
            "choices": choices, "n_nonmissing": int(s.notna().sum()),
        })
    pd.DataFrame(rows).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
