"""Codebook-driven coding of open answers and dialogue notes (Arabic and English).

A text codebook is a CSV with one row per code: ``code, label_en, label_ar, pattern_en,
pattern_ar`` (+ optional ``note``).  Patterns are regular expressions matched on the
*normalised key* of each text (:func:`wpsresearch.text.normalize_key`: alef forms,
ya/ta marbuta, harakat, tatweel, bidi marks, case), and the patterns are normalised the same
way, so ``أمن`` in a pattern also finds ``امن`` and ``آمن``.  The stored text is never changed;
the evidence shows the original words that matched.  The starter codebook
(``codebooks/text_codes_starter.csv``) covers the field's recurring themes; treat its hits as
suggestions for a human coder to confirm, not as codes.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from wpsresearch.errors import CodebookError, InputError
from wpsresearch.text import normalize_key, normalize_with_offsets

__all__ = ["TextCodebook", "read_text_codebook", "starter_codebook", "code_text", "CodedText"]

_REQUIRED = ["code", "label_en", "label_ar", "pattern_en", "pattern_ar"]
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class TextCodebook:
    """Validated text codes: compiled patterns and bilingual labels per code."""

    codes: tuple
    labels: dict
    patterns: dict = field(repr=False)
    source: str = "user"

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([{"code": c, "label_en": self.labels[c]["en"],
                              "label_ar": self.labels[c]["ar"],
                              "patterns": [p.pattern for p in self.patterns[c]]} for c in self.codes])


def _compile(text, *, file, row, column):
    text = (text or "").strip()
    if not text:
        return None
    try:
        return re.compile(normalize_key(text))
    except re.error as exc:
        raise CodebookError(f"invalid regular expression {text!r}: {exc}", file=file, row=row,
                            column=column, hint="fix the pattern (test it at regex101.com, Python flavour)") from exc


def _from_rows(rows, *, file):
    codes, labels, patterns = [], {}, {}
    for i, rec in enumerate(rows, start=2):  # spreadsheet row: the header is row 1
        missing = [c for c in _REQUIRED if c not in rec]
        if missing:
            raise CodebookError("text codebook lacks column(s)", file=file, column=missing,
                                hint=f"columns: {', '.join(_REQUIRED)}")
        code = (rec["code"] or "").strip()
        if not _CODE.match(code):
            raise CodebookError(f"code {code!r} must be a snake_case slug", file=file, row=i, column="code")
        if code in labels:
            raise CodebookError(f"duplicate code {code!r}", file=file, row=i, column="code",
                                hint="merge the two rows' patterns with | into one row")
        for lang in ("en", "ar"):
            if not (rec[f"label_{lang}"] or "").strip():
                raise CodebookError(f"code {code!r} has no {lang} label", file=file, row=i,
                                    column=f"label_{lang}")
        pats = [p for p in (_compile(rec[f"pattern_{lang}"], file=file, row=i, column=f"pattern_{lang}")
                            for lang in ("en", "ar")) if p is not None]
        if not pats:
            raise CodebookError(f"code {code!r} has no pattern", file=file, row=i)
        codes.append(code)
        labels[code] = {"en": rec["label_en"].strip(), "ar": rec["label_ar"].strip()}
        patterns[code] = tuple(pats)
    if not codes:
        raise CodebookError("the text codebook has no codes", file=file)
    return TextCodebook(codes=tuple(codes), labels=labels, patterns=patterns, source=str(file))


def read_text_codebook(source) -> TextCodebook:
    """Read and validate a text codebook from a CSV path or a DataFrame.

    Raises :class:`~wpsresearch.errors.CodebookError` naming the file and row for an invalid
    regular expression, a duplicate code, a missing label or pattern.

    Examples
    --------
    >>> import pandas as pd
    >>> cb = read_text_codebook(pd.DataFrame([{"code": "police", "label_en": "Police",
    ...     "label_ar": "الشرطة", "pattern_en": "police", "pattern_ar": "شرطه"}]))
    >>> cb.codes
    ('police',)
    """
    import pandas as pd

    if isinstance(source, pd.DataFrame):
        rows = source.astype(object).where(source.notna(), "").to_dict("records")
        return _from_rows(rows, file="<DataFrame>")
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CodebookError(f"cannot read the text codebook: {exc}", file=path) from exc
    return _from_rows(list(csv.DictReader(text.splitlines())), file=path.name)


def starter_codebook() -> TextCodebook:
    """The package's starter codebook of recurring themes (tribal vs formal justice, stigma and
    silence, trust in police, women in security institutions, cyber harassment, legal reform,
    services for survivors)."""
    from wpsresearch.sgbv.rulebook import load_csv

    return _from_rows(load_csv("text_codes_starter.csv"), file="text_codes_starter.csv")


@dataclass(frozen=True)
class CodedText:
    """Result of :func:`code_text`: one boolean column per code, and every hit's evidence."""

    codes: object  # DataFrame, boolean, aligned on the input index
    evidence: object  # DataFrame: index, code, match, start, end (offsets in the original text)
    codebook: TextCodebook

    def to_frame(self):
        """Codes plus, per code, ``<code>__evidence`` (matched words joined by ' | ')."""
        out = self.codes.copy()
        for code in self.codebook.codes:
            hits = self.evidence[self.evidence["code"] == code]
            joined = hits.groupby("index", sort=False)["match"].agg(" | ".join)
            out[f"{code}__evidence"] = joined.reindex(out.index).astype("string")
        return out

    def summary(self) -> str:
        counts = self.codes.sum()
        return "\n".join(f"{c}: {int(counts[c])} of {len(self.codes)}" for c in self.codebook.codes)

    def _repr_html_(self) -> str:
        return self.to_frame().to_html()


def code_text(texts, codebook) -> CodedText:
    """Apply a text codebook to open answers or notes (multi-label).

    Parameters
    ----------
    texts : pandas.Series or sequence of str
        Texts in Arabic, English or both; missing texts give <NA> codes.
    codebook : TextCodebook, path to a CSV, DataFrame, or ``"starter"``

    Returns
    -------
    CodedText
        ``.codes``: one ``boolean`` column per code (aligned on the input index);
        ``.evidence``: one row per hit with the original matched words and their offsets.

    Examples
    --------
    >>> import pandas as pd
    >>> res = code_text(pd.Series(["الشيخ حلّ المشكلة بالفصل العشائري", "We need female officers"]), "starter")
    >>> bool(res.codes.loc[0, "tribal_justice"]), bool(res.codes.loc[1, "women_security_institutions"])
    (True, True)
    >>> res.evidence["match"].tolist()[:2]
    ['شيخ', 'عشائر']
    """
    import pandas as pd

    if isinstance(codebook, str) and codebook == "starter":
        codebook = starter_codebook()
    elif not isinstance(codebook, TextCodebook):
        codebook = read_text_codebook(codebook)
    if isinstance(texts, str):
        raise InputError("code_text expects several texts (a Series or list), not one string")
    texts = texts if isinstance(texts, pd.Series) else pd.Series(list(texts))
    # one list of answers per code, filled row by row and made a frame once: setting cells
    # of a frame one at a time took seconds on a few thousand answers
    columns = {code: [] for code in codebook.codes}
    hits = []
    # each distinct text is coded once (open answers repeat: 72 distinct among the synthetic
    # study's 4,814 answers; coding each row was 0.16 s of every province notebook)
    coded: dict = {}
    for idx, text in texts.items():
        if text is None or (not isinstance(text, str) and pd.isna(text)):
            for code in codebook.codes:
                columns[code].append(pd.NA)
            continue
        text = str(text)
        if text not in coded:
            coded[text] = _code_one(text, codebook)
        found, text_hits = coded[text]
        for code, value in zip(codebook.codes, found):
            columns[code].append(value)
        hits += [{"index": idx, "code": code, "match": match, "start": start, "end": end}
                 for code, match, start, end in text_hits]
    codes = pd.DataFrame({code: pd.array(values, dtype="boolean") for code, values in columns.items()},
                         index=texts.index, columns=list(codebook.codes))
    evidence = pd.DataFrame(hits, columns=["index", "code", "match", "start", "end"])
    return CodedText(codes=codes, evidence=evidence, codebook=codebook)


def _code_one(text: str, codebook) -> tuple:
    """``(found per code, [(code, match, start, end), ...])`` of one text, hits in the order
    of the codes, their patterns and the matches."""
    key, offsets = normalize_with_offsets(text)
    found, hits = [], []
    for code in codebook.codes:
        hit = False
        for pattern in codebook.patterns[code]:
            for m in pattern.finditer(key):
                if m.end() == m.start():
                    continue
                start, end = offsets[m.start()], offsets[m.end() - 1] + 1
                hits.append((code, text[start:end], start, end))
                hit = True
        found.append(hit)
    return found, hits
