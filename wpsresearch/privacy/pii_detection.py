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
from dataclasses import dataclass

from wpsresearch.errors import InputError
from wpsresearch.privacy import name_lexicon as lex
from wpsresearch.privacy.identifier_patterns import IRAQ_LAT, IRAQ_LON, fold_digits, identifier_spans

__all__ = [
    "IdentifierFinding",
    "scan_column",
    "detect_pii_columns",
    "find_identifiers",
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


def _as_text(series) -> list[str | None]:
    import pandas as pd

    def one(v):
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return None
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        s = str(v).strip()
        return s or None

    return [one(v) for v in series.tolist()]


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


def _content_kinds(distinct: dict[str, int]) -> dict[str, int]:
    """Values holding each kind; each distinct value is scanned once (select_one columns
    have a handful)."""
    counts: dict[str, int] = {}
    for v, times in distinct.items():
        for kind in {k for _, _, k in identifier_spans(v)}:
            counts[kind] = counts.get(kind, 0) + times
    return counts


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
    values = [v for v in _as_text(series) if v is not None]
    by_name = _kind_from_name(name)
    if by_name is None and lex.normalize_arabic(name).lower() in _METADATA:
        return []
    out: list[IdentifierFinding] = []
    distinct = Counter(values)
    counts = _content_kinds(distinct)
    if by_name in (None, "gps_axis") and any(t in _NOT_PERSON for t in _name_tokens(name)):
        counts.pop("person_name", None)  # names of places/organisations contain first names
    n = len(values) or 1
    n_person = sum(t for v, t in distinct.items() if _looks_like_person(v))
    if by_name != "person_name" and n_person / n >= 0.6 and len(values) >= 2 and \
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
    rows = [f.__dict__ for col in df.columns for f in scan_column(df[col], str(col))]
    return pd.DataFrame(rows, columns=["column", "kind", "role", "evidence", "n_values", "share"])


def _require_frame(df):
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise InputError(f"expected a pandas DataFrame, not {type(df).__name__}")
