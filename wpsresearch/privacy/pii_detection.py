"""Direct identifiers found by content and column name, beyond the columns a study declares.

A column is reported with a *role*:

- ``identifier_column``: the column *is* an identifier (a phone number, a name, a GPS point
  per respondent): drop it, or pseudonymise it;
- ``text_with_identifiers``: a free-text answer that sometimes *contains* one ("call me on
  0770…", "my neighbour Zainab"): keep the answer, :func:`redact_text` the identifier.

Decisions combine the column name (``phone``, ``respondent_name``, ``اسم``, ``_gps_latitude``
...) with what the values look like, so ``phone_ownership`` (yes/no) and
``organization_name`` are not flagged while an unnamed column full of 07xx numbers is.
"""

from __future__ import annotations

import re
from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from wpsresearch.errors import InputError
from wpsresearch.privacy import identifier_patterns as patterns
from wpsresearch.privacy import name_lexicon as lex
from wpsresearch.privacy.identifier_patterns import IRAQ_LAT, IRAQ_LON, fold_digits, identifier_spans

__all__ = [
    "IdentifierFinding",
    "scan_column",
    "detect_pii_columns",
    "find_identifiers",
    "remembered_kinds",
]

_NAME_CUES = {
    "phone": {"phone", "mobile", "tel", "telephone", "cell", "cellphone", "whatsapp", "viber",
              "telegram", "msisdn", "contact_number", "phone_number", "phonenumber", "هاتف",
              "الهاتف", "موبايل", "جوال", "تلفون", "الموبايل", "mob"},
    "email": {"email", "e_mail", "mail", "emailaddress", "email_address", "بريد", "ايميل"},
    "gps": {"gps", "geopoint", "geo", "coordinates", "coords", "latlon", "latlong", "location_gps",
            "geolocation", "احداثيات", "الاحداثيات", "geotrace", "geoshape"},
    "national_id": {"national_id", "nationalid", "nid", "id_number", "idnumber", "id_card",
                    "idcard", "civil_id", "passport", "passport_number", "unified_card",
                    "هويه", "الهويه", "جواز", "البطاقه", "بطاقه", "national", "identity"},
    "person_name": {"name", "fullname", "full_name", "first_name", "firstname", "last_name",
                    "lastname", "surname", "family_name", "given_name", "اسم", "الاسم",
                    "respondent_name", "nickname", "kunya"},
}
_GPS_PARTS = {"altitude", "precision", "accuracy", "alt", "acc"}
_LAT = {"lat", "latitude", "خط_العرض"}
_LON = {"lon", "lng", "long", "longitude", "خط_الطول"}
# "<something>_name" where something is not a person: organisations and places.
_NOT_PERSON = {
    "organization", "organisation", "org", "ngo", "agency", "partner", "district", "governorate",
    "province", "village", "city", "town", "place", "location", "site", "camp", "school",
    "facility", "hospital", "clinic", "project", "company", "business", "program", "programme",
    "form", "file", "group", "team", "list", "choice", "country", "street", "area", "tribe",
    "clan", "ministry", "office", "service", "provider", "brand", "product", "item", "question",
    "variable", "column", "sheet", "neighbourhood", "neighborhood", "subdistrict", "adm1",
    "adm2", "adm3", "pcode", "cluster", "stratum", "psu", "label", "field", "event", "shop",
    "market", "mosque", "court", "station", "police", "unit", "course", "activity", "user",
}
# Kobo / ODK metadata: identifiers of submissions and devices, not of respondents.
_METADATA = {"_uuid", "_id", "uuid", "instanceid", "meta/instanceid", "_index", "_parent_index",
             "deviceid", "subscriberid", "simserial", "start", "end", "today", "_submission_time",
             "_submitted_by", "_validation_status", "_notes", "_status", "_tags", "__version__",
             "_version_", "key", "parent_key", "submissiondate", "enumerator", "psu", "stratum",
             "weight", "x_uuid", "x_id", "_index_", "audit",
             # a Kobo XLSX repeat sheet's links: the main sheet's name (the form's title, whose
             # words would otherwise become "first names" that block every label using them)
             # and the submission's ids and metadata
             "_parent_table_name", "_parent_uuid", "_submission__id", "_submission__uuid",
             "_submission__submission_time", "_submission__validation_status",
             "_submission__notes", "_submission__status", "_submission__submitted_by",
             "_submission___version__", "_submission__tags", "_xform_id_string",
             "formhub/uuid", "meta/rootuuid", "meta/deprecatedid"}
_YES_NO = {"yes", "no", "y", "n", "true", "false", "0", "1", "dont_know", "refused", "98", "99",
           "na", "n/a", "none", "نعم", "لا", "other", "dk", "rf", "smartphone", "basic",
           "own", "shared", "no_phone", "lost"}


@dataclass(frozen=True)
class IdentifierFinding:
    """One kind of identifier found in one column (never holds the values themselves)."""

    column: str
    kind: str
    role: str          # "identifier_column" or "text_with_identifiers"
    evidence: str      # "name", "content" or "name+content"
    n_values: int      # values in which the kind was found (0 when the name alone decided)
    share: float       # n_values / non-empty values

    def describe(self) -> str:
        return (f"column '{self.column}': {self.kind.replace('_', ' ')} "
                f"({self.role.replace('_', ' ')}; by {self.evidence}; {self.n_values} values)")


def _name_tokens(name: str) -> list[str]:
    name = re.sub(r"([a-z])([A-Z])", r"\1_\2", str(name))
    name = lex.normalize_arabic(name)
    return [t for t in re.split(r"[\s_\-/.:]+", name) if t]


def _kind_from_name(name: str) -> str | None:
    raw = lex.normalize_arabic(str(name)).strip().lower()
    if raw in _METADATA or raw.rsplit("/", 1)[-1] in _METADATA:
        return None
    toks = _name_tokens(name)
    joined = "_".join(toks)
    if any(t in _GPS_PARTS for t in toks):
        return None  # Kobo's _gps_altitude / _gps_precision say nothing about where
    for kind, cues in _NAME_CUES.items():
        if kind == "person_name":
            continue
        if joined in cues or any(t in cues for t in toks):
            return kind
    if any(t in _LAT for t in toks) or any(t in _LON for t in toks):
        return "gps_axis"
    cues = _NAME_CUES["person_name"]
    if (joined in cues or any(t in cues for t in toks)) and not any(t in _NOT_PERSON for t in toks):
        return "person_name"
    return None


def _text(v) -> str | None:
    """One cell as the detector reads it: None when missing or blank, ``7701234567.0`` as
    ``7701234567``."""
    import pandas as pd

    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    s = str(v).strip()
    return s or None


def _as_text(series) -> list[str | None]:
    return [_text(v) for v in series.tolist()]


# Cells of these types that are equal read as the same text (``_text``), so a column's
# distinct values can be read instead of its rows.  Not so for others: Decimal("1.0") ==
# Decimal("1"), equal timestamps in two time zones print differently.
_SAME_TEXT_WHEN_EQUAL = frozenset({str, int, float, bool})


def _text_counts(series) -> Counter:
    """``{text: rows}`` of a column as :func:`_as_text` reads it, each distinct value read
    once (a column of 10^5 answers holds a few hundred distinct ones)."""
    import numpy as np
    import pandas as pd

    from wpsresearch.text.columns import factorize_text

    dtype = series.dtype
    if isinstance(dtype, pd.StringDtype) or (dtype.kind in "iufb" and not isinstance(dtype, pd.SparseDtype)):
        # one Python type per column: equal cells are read alike; factorised in C (and
        # remembered for the cleaning steps that factorise the same Arrow column)
        codes, uniques = factorize_text(series)
        rows = np.bincount(codes[codes >= 0], minlength=len(uniques)).tolist()
        pairs = zip(uniques.tolist(), rows)
    else:
        items = series.dropna().tolist()  # the cells _text reads as missing
        if not set(map(type, items)) <= _SAME_TEXT_WHEN_EQUAL:
            return Counter(v for v in _as_text(series) if v is not None)
        # keyed on the type too: 1, 1.0 and True are equal, but read "1", "1" and "True"
        pairs = ((value, times) for (_, value), times in Counter(zip(map(type, items), items)).items())
    out: Counter = Counter()
    for value, times in pairs:
        text = _text(value)
        if text is not None:
            out[text] += times
    return out


def _looks_like_person(value: str) -> bool:
    """A whole value that reads as a personal name: 1-5 words, starting with a first name."""
    words = re.findall(r"[\u0600-\u06FF]+|[A-Za-z][A-Za-z'\-]*", fold_digits(value))
    if not 1 <= len(words) <= 5 or re.search(r"\d", value):
        return False
    norms = [lex.normalize_arabic(w) if not w.isascii() else w.lower() for w in words]
    if any(n in lex.INSTITUTION_SUFFIXES or n in lex.PLACE_OR_INSTITUTION_WORDS for n in norms):
        return False
    first = norms[0]
    if first in lex.KUNYA_PARTICLES and len(norms) > 1:
        first = norms[1]
    return (first in lex.ARABIC_FIRST_NAMES or first in lex.LATIN_FIRST_NAMES
            or first.startswith("عبدال") or first == "عبد" or first.startswith("abd"))


# While remembered_kinds() is open: ({text: _read_value(text)}, the KNOWN_NAMES they were
# read with)
_KINDS_MEMO: ContextVar = ContextVar("wpsresearch_identifier_kinds", default=None)


@contextmanager
def remembered_kinds():
    """While the block runs, each distinct text is read once (its identifier kinds, whether
    it reads as a person's name).

    :func:`~wpsresearch.privacy.gate.identifiers_of` scans every column of a frame to find
    the identifier columns, then the identifier columns again to read them; columns share
    values (choices, dates).  The kinds depend on the names known at the time
    (:func:`~wpsresearch.privacy.text_redaction.known_names`): when those change inside the
    block, values are read afresh.  Nothing is kept after the block.
    """
    if _KINDS_MEMO.get() is not None:
        yield
        return
    token = _KINDS_MEMO.set(({}, patterns.KNOWN_NAMES))
    try:
        yield
    finally:
        _KINDS_MEMO.reset(token)


def _read_value(value: str) -> tuple[frozenset, bool]:
    """The identifier kinds in ``value``, and whether it reads as a person's name."""
    return frozenset(k for _, _, k in identifier_spans(value)), _looks_like_person(value)


def _read_values(distinct: dict[str, int]) -> tuple[dict[str, int], int]:
    """Values holding each kind, and values reading as a person's name; each distinct value
    is read once (select_one columns have a handful)."""
    memo = _KINDS_MEMO.get()
    known = memo[0] if memo is not None and memo[1] is patterns.KNOWN_NAMES else None
    counts: dict[str, int] = {}
    n_person = 0
    for v, times in distinct.items():
        if known is None:
            kinds, person = _read_value(v)
        else:
            read = known.get(v)
            if read is None:
                read = known[v] = _read_value(v)
            kinds, person = read
        for kind in kinds:
            counts[kind] = counts.get(kind, 0) + times
        n_person += times if person else 0
    return counts, n_person


def _axis_in_range(values: list[str], axis: str) -> bool:
    lo, hi = IRAQ_LAT if axis == "lat" else IRAQ_LON
    nums = []
    for v in values:
        try:
            nums.append(float(fold_digits(v)))
        except ValueError:
            return False
    return bool(nums) and all(lo <= x <= hi for x in nums)


def scan_column(series, name: str | None = None) -> list[IdentifierFinding]:
    """Identifiers in one column, judged by its name and its values.

    Parameters
    ----------
    series : Series
        The column (any dtype; numbers are read as text, ``7701234567.0`` as ``7701234567``).
    name : str, optional
        Column name; defaults to ``series.name``.

    Returns
    -------
    list of IdentifierFinding
        Empty when the column looks clean.  Findings never hold a value.

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.privacy import scan_column
    >>> [f.kind for f in scan_column(pd.Series(["0770 123 4567", "+964 781 234 5678"]), "q12")]
    ['phone']
    >>> scan_column(pd.Series(["yes", "no"]), "phone_ownership")
    []
    >>> scan_column(pd.Series(["Al-Amal Association", "Zainab Foundation"]), "organization_name")
    []
    """
    name = str(series.name if name is None else name)
    distinct = _text_counts(series)
    values = list(distinct)  # every rule below reads which values occur, not how often
    n_values = sum(distinct.values())
    by_name = _kind_from_name(name)
    if by_name is None and lex.normalize_arabic(name).lower() in _METADATA:
        return []
    out: list[IdentifierFinding] = []
    counts, n_person = _read_values(distinct)
    if by_name in (None, "gps_axis") and any(t in _NOT_PERSON for t in _name_tokens(name)):
        counts.pop("person_name", None)  # names of places/organisations contain first names
    n = n_values or 1
    if by_name != "person_name" and n_person / n >= 0.6 and n_values >= 2 and \
            not any(t in _NOT_PERSON for t in _name_tokens(name)):
        counts["person_name"] = max(counts.get("person_name", 0), n_person)
    for kind, k in sorted(counts.items()):
        role = "identifier_column" if k / n >= 0.5 else "text_with_identifiers"
        evidence = "name+content" if kind == by_name else "content"
        out.append(IdentifierFinding(name, kind, role, evidence, k, k / n))
    if by_name and by_name not in counts:
        finding = _name_only_finding(name, by_name, values)
        if finding is not None:
            out.append(finding)
    return out


def _name_only_finding(name, kind, values) -> IdentifierFinding | None:
    """The name says identifier; believe it unless the values clearly say otherwise."""
    lowered = {lex.normalize_arabic(v).lower() for v in values}
    if kind == "gps_axis":
        toks = _name_tokens(name)
        axis = "lat" if any(t in _LAT for t in toks) else "lon"
        if values and not _axis_in_range(values, axis):
            return None
        kind = "gps"
    elif values and lowered <= _YES_NO:
        return None  # phone_ownership = yes/no, name_known = 1/0
    elif kind in ("phone", "national_id", "gps") and values and \
            not any(re.search(r"\d", fold_digits(v)) for v in values):
        return None  # no digit anywhere: a categorical question about phones, not a number
    elif kind == "email" and values and not any("@" in v for v in values):
        return None
    elif kind == "person_name" and values and all(re.fullmatch(r"[\d.\-]+", fold_digits(v)) for v in values):
        return None
    return IdentifierFinding(name, kind, "identifier_column", "name", 0, 0.0)


def detect_pii_columns(df) -> dict[str, str]:
    """Columns that *are* identifiers, ``{column: kind}`` (drop or pseudonymise them).

    Free-text columns that merely contain an identifier now and then are not listed: use
    :func:`find_identifiers` / :func:`redact_text` for those.

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.privacy import detect_pii_columns
    >>> df = pd.DataFrame({"respondent_name": ["زينب علي", "Fatima Hassan"],
    ...                    "q7": ["07701234567", "0781 234 5678"],
    ...                    "district_name": ["Abu Ghraib", "Al-Sadr"],
    ...                    "age": [34, 51]})
    >>> detect_pii_columns(df)
    {'respondent_name': 'person_name', 'q7': 'phone'}
    """
    _require_frame(df)
    out = {}
    with remembered_kinds():
        for col in df.columns:
            found = [f for f in scan_column(df[col], str(col)) if f.role == "identifier_column"]
            if found:
                out[col] = max(found, key=lambda f: (f.share, f.evidence != "content")).kind
    return out


def find_identifiers(df):
    """Every column holding identifiers, whole-column or inside free text.

    Returns
    -------
    DataFrame
        ``column, kind, role, evidence, n_values, share`` (no values).
    """
    import pandas as pd

    _require_frame(df)
    with remembered_kinds():
        rows = [f.__dict__ for col in df.columns for f in scan_column(df[col], str(col))]
    return pd.DataFrame(rows, columns=["column", "kind", "role", "evidence", "n_values", "share"])


def _require_frame(df):
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise InputError(f"expected a pandas DataFrame, not {type(df).__name__}")
