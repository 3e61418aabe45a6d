"""Identifier values from the raw data, normalised so that every written form matches.

``0770 123 4567``, ``+964 770 123 4567``, ``٠٧٧٠١٢٣٤٥٦٧`` and ``7701234567`` are one phone
number; ``فاطمة`` and ``فاطمه`` one name.  The export gate compares what it reads in outputs
with these normalised sets.
"""

from __future__ import annotations

import re

from wpsresearch.errors import InputError
from wpsresearch.privacy import name_lexicon as lex
from wpsresearch.privacy.identifier_patterns import fold_digits
from wpsresearch.privacy.pii_detection import _kind_from_name, scan_column

__all__ = ["collect_identifiers", "canonical_phone", "name_grams", "name_words", "name_tokens",
           "gps_key", "IDENTIFIER_KINDS"]

IDENTIFIER_KINDS = ("phone", "email", "person_name", "gps", "national_id", "other")
_WORD = re.compile(r"[\u0600-\u06FF\u0750-\u077F]+|[A-Za-z][A-Za-z'\-]*")


def canonical_phone(text: str) -> str | None:
    """Digits of an Iraqi number in local form (``07XXXXXXXXX``); None if not phone-like.

    >>> canonical_phone("+964 (0) 770-123-4567"), canonical_phone("٠٧٧٠ ١٢٣ ٤٥٦٧")
    ('07701234567', '07701234567')
    """
    digits = re.sub(r"\D", "", fold_digits(text))
    for prefix in ("00964", "964"):
        if digits.startswith(prefix) and len(digits) >= len(prefix) + 8:
            digits = digits[len(prefix):]
            break
    if len(digits) == 10 and digits.startswith("7"):
        digits = "0" + digits
    if len(digits) < 7:
        return None
    return digits if digits.startswith("0") else "0" + digits


def _norm_word(word: str) -> str:
    return lex.normalize_arabic(word) if not word.isascii() else word.lower()


def name_words(text: str) -> list[str]:
    """The words of ``text`` (Arabic-script runs, Latin words), normalised for matching names.

    >>> name_words("Zainab KADHIM, زينب كاظم")
    ['zainab', 'kadhim', 'زينب', 'كاظم']
    """
    return [_norm_word(w) for w in _WORD.findall(str(text))]


def name_tokens(text: str, norms: dict | None = None) -> list[tuple[str, int, int, str]]:
    """:func:`name_words` with where they are: ``(word, start, end, normalised)``.

    ``norms``: a dict kept by the caller between calls, word -> normalised (each distinct
    word is normalised once; the export gate reads the same labels thousands of times).

    >>> name_tokens("Ask Rezan")
    [('Ask', 0, 3, 'ask'), ('Rezan', 4, 9, 'rezan')]
    """
    norms = {} if norms is None else norms
    out = []
    for m in _WORD.finditer(str(text)):
        word = m.group()
        norm = norms.get(word)
        if norm is None:
            norm = norms[word] = _norm_word(word)
        out.append((word, m.start(), m.end(), norm))
    return out


def name_grams(text: str, *, min_words: int = 2, max_words: int = 4) -> set[str]:
    """Runs of 2-4 consecutive words of a name, normalised (a first name alone is too common
    to count as evidence)."""
    words = name_words(text)
    out = set()
    for n in range(min_words, max_words + 1):
        for i in range(len(words) - n + 1):
            out.add(" ".join(words[i:i + n]))
    return out


def gps_key(lat: float, lon: float) -> str:
    """Coordinates rounded to 3 decimals (about 100 m), the precision at which a home is found."""
    return f"{gps_part(lat)},{gps_part(lon)}"


def gps_part(value: float) -> str:
    """One coordinate of a :func:`gps_key`: ``gps_key(a, b) == f"{gps_part(a)},{gps_part(b)}"``."""
    return f"{round(float(value), 3):.3f}"


_NUM = re.compile(r"-?\d{1,3}\.\d+")


def _gps_keys(value: str) -> set[str]:
    nums = [float(x) for x in _NUM.findall(fold_digits(value))]
    return {gps_key(nums[0], nums[1])} if len(nums) >= 2 else set()


def _column_kind(series, col, declared) -> str:
    if declared.get(col):
        kind = str(declared[col]).lower()
        aliases = {"name": "person_name", "geopoint": "gps", "id": "national_id",
                   "phone_number": "phone", "mobile": "phone"}
        kind = aliases.get(kind, kind)
        if kind in IDENTIFIER_KINDS:
            return kind
    found = [f for f in scan_column(series, str(col)) if f.role == "identifier_column"]
    if found:
        return max(found, key=lambda f: f.share).kind
    by_name = _kind_from_name(str(col))
    return {"gps_axis": "gps"}.get(by_name, by_name) or "other"


def collect_identifiers(df, pii_columns, codebook_pii_types=None) -> dict[str, set[str]]:
    """Normalised identifier values of the declared PII columns of a raw frame.

    Parameters
    ----------
    df : DataFrame
        Raw submissions (before PII columns are dropped).
    pii_columns : list of str
        Declared PII columns (``study.yml`` ``pii_columns``) plus any found by
        :func:`detect_pii_columns`.
    codebook_pii_types : dict, optional
        ``{column: kind}`` when the codebook says what each column is (phone, email,
        person_name, gps, national_id); otherwise the kind is read from the column.

    Returns
    -------
    dict
        ``kind -> set of normalised strings``; keep it in memory only.  ``person_name`` holds
        runs of 2-4 words of each name; ``name_word`` (when a name column was read) every
        word of them, for a first name alone.

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.privacy import collect_identifiers
    >>> raw = pd.DataFrame({"phone": ["0770 123 4567"], "respondent_name": ["زينب علي حسين"]})
    >>> ids = collect_identifiers(raw, ["phone", "respondent_name"])
    >>> sorted(ids["phone"]), "زينب علي" in ids["person_name"]
    (['07701234567'], True)
    """
    declared = dict(codebook_pii_types or {})
    out: dict[str, set[str]] = {k: set() for k in IDENTIFIER_KINDS}
    resolved = {c: _resolve(df, c) for c in pii_columns}
    missing = [c for c, r in resolved.items() if r is None]
    if missing:
        raise InputError("declared PII column(s) not in the data", column=missing,
                         hint="use the form's question names; group paths (respondent/phone) are found too")
    for name, col in resolved.items():
        series = df[col]
        declared.setdefault(col, declared.get(name))
        kind = _column_kind(series, col, declared)
        # each distinct value once: every kind below collects into a set
        for value in dict.fromkeys(series.dropna().astype(str).tolist()):
            value = value.strip()
            if not value:
                continue
            if kind == "phone":
                p = canonical_phone(value)
                if p:
                    out["phone"].add(p)
            elif kind == "email":
                out["email"].add(value.lower())
            elif kind == "person_name":
                out["person_name"] |= name_grams(value)
                out.setdefault("name_word", set()).update(w for w in name_words(value) if len(w) >= 3)
            elif kind == "gps":
                out["gps"] |= _gps_keys(value)
            elif kind == "national_id":
                out["national_id"].add(re.sub(r"[\s\-]", "", fold_digits(value)).upper())
            elif len(value) >= 6:
                out["other"].add(lex.normalize_arabic(value).lower())
    geo = [c for c in resolved.values()]
    geo += [c for c in df.columns if any(str(c).endswith(f"{g}_{axis}") for g in geo
                                           for axis in ("latitude", "longitude"))]
    _pair_lat_lon(df, geo, out)
    return out


def _resolve(df, col):
    """A declared name (``phone``) or the Kobo group path that ends with it (``respondent/phone``)."""
    if col in df.columns:
        return col
    hits = [c for c in df.columns if str(c).endswith("/" + str(col)) or str(c).endswith("-" + str(col))]
    return hits[0] if len(hits) == 1 else None


def _pair_lat_lon(df, cols, out):
    lat = [c for c in cols if re.search(r"(^|_)lat(itude)?$", str(c).lower())]
    lon = [c for c in cols if re.search(r"(^|_)(lon|lng|long|longitude)$", str(c).lower())]
    if len(lat) == 1 and len(lon) == 1:
        import pandas as pd

        a = pd.to_numeric(df[lat[0]], errors="coerce")
        b = pd.to_numeric(df[lon[0]], errors="coerce")
        out["gps"] |= {gps_key(x, y) for x, y in zip(a, b) if pd.notna(x) and pd.notna(y)}
