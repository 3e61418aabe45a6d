"""Where, inside one piece of text, a direct identifier sits: phone, email, GPS, ID number, name.

Each detector returns ``(start, end, kind)`` spans on the *original* text (digit folding maps
one character to one character, so offsets survive).  Kinds: ``phone``, ``email``, ``gps``,
``national_id``, ``person_name``.

Hand-written rather than a library (Presidio, scrubadub) because those are tuned to
English/US formats: they know neither Iraqi numbering (07xx / +964 7xx), Arabic-Indic digits,
Kobo geopoint strings, nor Arabic name particles (ابو، ام، بنت، عبد ال...).
"""

from __future__ import annotations

from wpsresearch.text.digits import DIGITS_TO_ASCII

import re

from wpsresearch.privacy import name_lexicon as lex

__all__ = ["KINDS", "fold_digits", "identifier_spans", "IRAQ_LAT", "IRAQ_LON"]

KINDS = ("phone", "email", "gps", "national_id", "person_name")

# Arabic-Indic and Extended Arabic-Indic digits (and the Arabic decimal separator), one char -> one char.
_DIGITS = DIGITS_TO_ASCII | {0x066B: "."}
_FOLDABLE = re.compile("[" + "".join(map(chr, sorted(_DIGITS))) + "]")
# Bounding box of Iraq with a small margin (OCHA COD-AB extent: 29.06-37.38 N, 38.79-48.61 E).
IRAQ_LAT = (29.0, 37.5)
IRAQ_LON = (38.7, 48.7)

_SEP = r"[\s\-./\u00a0]?"  # "/" too: 0770/839/7129
# Iraqi mobiles: 07[3-9]X XXX XXXX locally, +964 / 00964 7XX XXX XXXX internationally (the
# trunk 0 is sometimes kept in brackets).  Landlines with +964 are caught by the generic rule.
_PHONE = re.compile(
    r"(?<![\d])(?:(?:\+|00)[\s\-]*964[\s\-.]*(?:\(0\)[\s\-.]*|0[\s\-.]*)?|0" + _SEP + r")"
    r"7" + _SEP + r"[3-9](?:" + _SEP + r"\d){8}(?!\d)"
    r"|(?<![\d])(?:\+|00)[\s\-]*964(?:" + _SEP + r"\d){8,10}(?!\d)"
    # a mobile whose leading 0 a spreadsheet dropped: 7701234567 or 770 123 4567
    r"|(?<![\d.,])7[3-9]\d(?:\d{7}|[ \-]\d{3}[ \-]\d{4})(?![\d.,])"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_COORD_PAIR = re.compile(
    r"(?<![\d.])(-?\d{2}\.\d{3,})\s*(?:[,;]\s*|\s+)(-?\d{2}\.\d{3,})(?![\d.])"
)
_DMS = re.compile(r"\d{1,2}\s*°\s*\d{1,2}\s*['′]\s*(?:\d{1,2}(?:\.\d+)?\s*[\"″])?\s*[NSEWشق]?")
# Iraq's unified national card: 12 digits (often grouped 4-4-4).
_NATIONAL_ID = re.compile(r"(?<![\d])\d{4}[\s\-]?\d{4}[\s\-]?\d{4}(?![\d])")
_PASSPORT = re.compile(r"(?<![A-Za-z0-9])[A-Z]{1,2}\d{7,8}(?![A-Za-z0-9])")
_ID_CUE = re.compile(
    r"(?:هوي[هة]|الهوي[هة]|بطاق[هة]|البطاق[هة]|جنسي[هة]|الجنسي[هة]|جواز|passport|national\s*id|"
    r"id\s*(?:no|number|card|#)|identity\s*card|civil\s*id)[^\d\n]{0,25}(\d(?:[\s\-]?\d){5,11})",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[\u0600-\u06FF\u0750-\u077F]+|[A-Za-z][A-Za-z'\-]*")
# What every pattern of _number_spans needs: "@" (an e-mail address), "°" (degrees, minutes)
# or six digits (an ID number after its cue; phones, coordinates and ID numbers have more)
_SIX_DIGITS = re.compile(r"\d(?:\D*\d){5}")


def _may_hold_number(text: str) -> bool:
    return "@" in text or "°" in text or _SIX_DIGITS.search(text) is not None
_MY_NAME = re.compile(r"\b(?:my name is|her name is|his name is|name:|called|named)\s+$", re.I)


def fold_digits(text: str) -> str:
    """Arabic-Indic and Extended Arabic-Indic digits to 0-9 (same length).

    >>> fold_digits("٠٧٧٠ ۱۲۳")
    '0770 123'
    """
    text = str(text)
    # translated only when there is something to fold (a search costs less than a translation)
    return text.translate(_DIGITS) if _FOLDABLE.search(text) else text


def _in_iraq(a: float, b: float) -> bool:
    lat_ok = IRAQ_LAT[0] <= a <= IRAQ_LAT[1] and IRAQ_LON[0] <= b <= IRAQ_LON[1]
    return lat_ok or (IRAQ_LAT[0] <= b <= IRAQ_LAT[1] and IRAQ_LON[0] <= a <= IRAQ_LON[1])


def _number_spans(text: str) -> list[tuple[int, int, str]]:
    spans = [(m.start(), m.end(), "phone") for m in _PHONE.finditer(text)]
    spans += [(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]
    for m in _COORD_PAIR.finditer(text):
        if _in_iraq(float(m.group(1)), float(m.group(2))):
            spans.append((m.start(), m.end(), "gps"))
    spans += [(m.start(), m.end(), "gps") for m in _DMS.finditer(text)]
    spans += [(m.start(1), m.end(1), "national_id") for m in _ID_CUE.finditer(text)]
    spans += [(m.start(), m.end(), "national_id") for m in _NATIONAL_ID.finditer(text)]
    spans += [(m.start(), m.end(), "national_id") for m in _PASSPORT.finditer(text)]
    return spans


# ----------------------------------------------------------------------------- names
def _norm_token(tok: str) -> str:
    if tok.isascii():
        return tok.lower()
    norm = lex.normalize_arabic(tok)
    # "على" (on, upon) folds to "علي" (Ali): keep the preposition apart, as an ambiguous name
    if norm == "علي" and re.sub("[\u064B-\u065F]", "", tok).endswith("ى"):
        return "علي_"
    return norm


def _strip_clitic(norm: str) -> str:
    """و/ل/ب/ف + name ("وعلي", "لزينب") -> the name, when the rest is a known name."""
    if norm not in lex.ARABIC_FIRST_NAMES and len(norm) > 3 and norm[0] in "ولبف":
        rest = norm[1:]
        if rest in lex.ARABIC_FIRST_NAMES:
            return rest
    return norm


# Names the study's own data hold (its name columns), added for the length of a build by
# wpsresearch.privacy.text_redaction.known_names: a name no lexicon knows (Rezan) is found
# wherever it is typed.
KNOWN_NAMES: frozenset = frozenset()


def _is_name(norm: str) -> bool:
    return norm in lex.ARABIC_FIRST_NAMES or norm in lex.LATIN_FIRST_NAMES or norm in KNOWN_NAMES


def _is_abd_compound(tokens, i) -> int:
    """Length (in tokens) of an عبد ال... / Abdul... name starting at ``i``; 0 if none."""
    norm = tokens[i][1]
    if norm.startswith("عبدال") and len(norm) > 6:
        return 1
    if norm == "عبد" and i + 1 < len(tokens) and tokens[i + 1][1].startswith("ال"):
        return 2
    if re.fullmatch(r"abd(?:ul|al|el)[a-z]{3,}", norm) or norm in {"abdullah", "abdallah"}:
        return 1
    if norm in {"abd", "abdul", "abdel"} and i + 1 < len(tokens):
        return 2
    return 0


def _token_is_name_like(tokens, i, raw_text) -> bool:
    raw, norm = tokens[i][0], tokens[i][1]
    if raw.isascii() and not raw[:1].isupper():
        return False  # Latin names are capitalised; "amal" in lower case is the word "hope"
    return _is_name(norm)


_PLACE_RE = re.compile(
    "|".join(re.escape(lex.normalize_arabic_keep_length(p))
             for p in sorted(lex.PLACE_PHRASES, key=len, reverse=True)),
    re.IGNORECASE,
)


def _mask_places(text: str) -> str:
    """Blank out place names made of personal names (Salah al-Din, Abu Ghraib), same length."""
    places = list(_PLACE_RE.finditer(lex.normalize_arabic_keep_length(text)))
    if not places:
        return text
    chars = list(text)
    for m in places:
        chars[m.start():m.end()] = " " * (m.end() - m.start())
    return "".join(chars)


def _name_runs(text: str) -> list[tuple[int, int]]:
    text = _mask_places(text)
    toks = [(m.group(), _strip_clitic(_norm_token(m.group())), m.start(), m.end())
            for m in _TOKEN.finditer(text)]
    out = []
    i = 0
    while i < len(toks):
        run_end, strong = _name_run_at(toks, i, text)
        if run_end > i:
            if strong:
                out.append((toks[i][2], toks[run_end - 1][3]))
            i = run_end
        else:
            i += 1
    return out


def _name_run_at(toks, i, text) -> tuple[int, bool]:
    """End index of a name starting at token ``i`` and whether it is certainly a name."""
    prev = toks[i - 1][1] if i > 0 else ""
    if prev in lex.PLACE_OR_INSTITUTION_WORDS:
        return i, False
    raw = toks[i][0]
    naming = (prev in lex.NAMING_CUES or bool(_MY_NAME.search(text[: toks[i][2]]))
              or (prev in lex.LATIN_TITLE_CUES and raw.isascii() and raw[1:].islower()))
    cue = naming or prev in lex.NAME_CUES
    j, strong = i, False
    abd = _is_abd_compound(toks, i)
    norm = toks[i][1]
    if abd:
        j, strong = i + abd, True
    elif norm in lex.KUNYA_PARTICLES and i + 1 < len(toks) and _token_is_name_like(toks, i + 1, text):
        j, strong = i + 2, True
    elif _token_is_name_like(toks, i, text) or (naming and _plausible_after_cue(toks[i][0])):
        j = i + 1
        strong = cue or norm not in lex.AMBIGUOUS
    else:
        return i, False
    # extend: father's / grandfather's names, family (tribal) name
    while j < len(toks) and (_token_is_name_like(toks, j, text) or toks[j][1] in lex.FAMILY_NAMES
                             or _is_abd_compound(toks, j)):
        # two ambiguous words side by side ("عدالة وأمان", justice and safety) are not a name
        strong = strong or toks[j][1] not in lex.AMBIGUOUS
        j += max(_is_abd_compound(toks, j), 1)
    if any(t[1] in lex.INSTITUTION_SUFFIXES for t in toks[j:j + 2]):
        return j, False
    # a detected name is removed whole: no "[name] Barzani" / "[name] برزنجي" fragment may stay
    while strong and j < len(toks) and not text[toks[j - 1][3]:toks[j][2]].strip() \
            and _surname_like(toks[j]):
        j += 1
    return j, strong


def _surname_like(tok) -> bool:
    """Capitalised Latin word or a nisba (…ي / …i) surname, not a place or institution word."""
    raw, norm = tok[0], tok[1]
    if norm in lex.PLACE_OR_INSTITUTION_WORDS or norm in lex.INSTITUTION_SUFFIXES:
        return False
    if raw.isascii():
        return len(raw) > 1 and raw[0].isupper() and raw[1:].islower()
    return len(raw) > 2 and raw.endswith("ي")


def _plausible_after_cue(raw: str) -> bool:
    if raw.isascii():
        return raw[:1].isupper() and len(raw) > 1
    return len(raw) > 1


def identifier_spans(text) -> list[tuple[int, int, str]]:
    """All identifier spans in ``text``, sorted, overlaps resolved (first/longest wins).

    Examples
    --------
    >>> [k for _, _, k in identifier_spans("اتصلوا بي على ٠٧٧٠ ١٢٣ ٤٥٦٧")]
    ['phone']
    >>> [k for _, _, k in identifier_spans("Street lights near the Imam Ali shrine")]
    []
    >>> [k for _, _, k in identifier_spans("ام علي تعرف المشكلة")]
    ['person_name']
    >>> [k for _, _, k in identifier_spans("Ask Rezan Kakai at the women centre")]
    ['person_name']
    """
    if text is None:
        return []
    from wpsresearch.privacy.name_shapes import capitalised_name_spans

    s = fold_digits(text)
    # names: the lexicon's runs, and runs of capitalised words that are no ordinary word
    # (Rezan Kakai), whatever the lexicon knows.  A text without a word has no name run, and
    # one without what a number, an address or a coordinate needs has none of those.
    names = (_name_runs(s) if _TOKEN.search(s) else []) + capitalised_name_spans(s)
    numbers = _number_spans(s) if _may_hold_number(s) else []
    spans = numbers + [(a, b, "person_name") for a, b in names]
    spans.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if kept and span[0] < kept[-1][1]:
            last = kept[-1]
            if span[2] == last[2] == "person_name" and span[1] > last[1]:
                kept[-1] = (last[0], span[1], "person_name")  # a name is removed whole
            continue
        kept.append(span)
    return kept
