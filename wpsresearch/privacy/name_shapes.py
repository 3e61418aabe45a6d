"""Names by their shape, not by a lexicon: capitalised Latin words that are no ordinary word,
Arabic kinship and title patterns (أم/أبو/بنت/بن/الشيخ … followed by a word).

A lexicon of first names (:mod:`~wpsresearch.privacy.name_lexicon`) finds Zainab and Ali; it
cannot find Rezan Kakai.  Two rules look at the shape of the words instead:

* **strict** (:func:`quote_name_spans`, for publishing a quote): any capitalised Latin word
  that is not an ordinary English word, a place of Iraq, an institution word or an acronym —
  or a known first name, even an ambiguous one, outside the first word of a sentence; the
  first word of a sentence when it is no ordinary word; a kinship or title particle (أبو، أم،
  بن، بنت، ابن، الشيخ، الحاج، السيد …, Abu, Umm, Sheikh, Haji …) followed by any word.  A
  quote is cheap to drop, so a false alarm costs little.
* **conservative** (:func:`capitalised_name_spans`, for the data: wrong redactions destroy
  answers): two or more adjacent capitalised Latin words none of which is an ordinary word,
  a place or an institution word ("Ask Rezan Kakai at the centre").

"Ordinary English word": the English word-frequency list of ``pyspellchecker`` (160 000
words from subtitles; words seen at least 100 times, so rare names that slipped in are not
counted), with British spellings (centre, programme, organisation) mapped to American ones.
Arabic script has no capitals: there only the particle patterns (and the lexicon, and the
study's own name columns) find a name.

Examples
--------
>>> [text[a:b] for text in ["Ask Rezan Kakai at the women centre"]
...  for a, b in capitalised_name_spans(text)]
['Rezan Kakai']
>>> capitalised_name_spans("More Street Lights Near The Market")
[]
>>> bool(quote_name_spans("Rezan said the police ignored her"))
True
>>> bool(quote_name_spans("أم زيد تعرف المشكلة")), bool(quote_name_spans("More police at night"))
(True, False)
"""

from __future__ import annotations

import functools
import re

from wpsresearch.privacy import name_lexicon as lex

__all__ = ["quote_name_spans", "capitalised_name_spans", "is_ordinary_word"]

# words seen at least this often in the frequency list count as ordinary English words
_MIN_FREQUENCY = 100
_LATIN = r"[A-Za-z][A-Za-z'’\-]*"
_TOKEN = re.compile(r"[\u0600-\u06FF\u0750-\u077F]+|" + _LATIN)
_SENTENCE_END = re.compile(r"[.!?؟:;\n…]\s*[\"'“”«»(\[]*\s*$")

# Capitalised words of answers about WPS in Iraq that no English word list holds, or holds
# too rarely: peoples, faiths and their phrases, holidays, security forces, agencies, phone
# companies and apps (a harasser's channel).  None is a person's name.
_DOMAIN_WORDS = frozenset("""
iraq iraqi iraqis kurdistan kurdish kurd kurds arab arabs arabic turkmen yazidi yazidis ezidi
shabak assyrian chaldean christian christians muslim muslims islam islamic shia shiite sunni
allah god quran koran ramadan eid adha fitr hajj muharram ashura arbaeen nowruz newroz
inshallah insha mashallah masha alhamdulillah salam salaam assalamu alaikum
sheikh sheikhs shaikh mukhtar mukhtars mullah
peshmerga asayish hashd shaabi pmf daesh isis isil krg
gbv sgbv idp idps ngo ngos un unhcr unfpa unicef unscr undp iom who wfp fpd moi mowa nap cso
csos hotline okay ok mr mrs ms dr telecom wifi internet facebook whatsapp instagram telegram tiktok viber
youtube snapchat zain asiacell korek
""".split())
# British spellings: the word list is American
_BRITISH = ((re.compile(r"our(s?)$"), r"or\1"), (re.compile(r"tre(s?)$"), r"ter\1"),
            (re.compile(r"isation(s?)$"), r"ization\1"), (re.compile(r"ise([sd]?)$"), r"ize\1"),
            (re.compile(r"ising$"), "izing"), (re.compile(r"lled$"), "led"),
            (re.compile(r"lling$"), "ling"), (re.compile(r"mme(s?)$"), r"m\1"),
            (re.compile(r"ence$"), "ense"), (re.compile(r"ogue(s?)$"), r"og\1"))

# Particles after which the next word is a person (kunya, nasab) and titles used when naming
# someone; the strict rule takes the next word as a name whatever it is.
_AR_PARTICLES = lex.KUNYA_PARTICLES | lex._ar(
    "الشيخ شيخ الحاج الحاجه حجي الملا ملا السيد السيده سيد الست الاستاذ الاستاذه الدكتور "
    "الدكتوره دكتور المدعو المدعوه")
_LATIN_PARTICLES = frozenset("abu umm om bin bint ibn sheikh shaikh sheik haji hajji hajja mulla "
                             "mullah sayyid sayed mr mrs ms dr".split())
# "ابن عمي" (my cousin), "بنت خالتي": a particle before a kinship word names nobody
_AR_KIN = lex._ar("عم عمي عمه عمها عمتي عمة خال خالي خاله خالها خالتي خالة اخ اخي اخو اخوي اخت "
                  "اختي اخته اختها الجيران جيراننا جارنا جارتنا")


@functools.lru_cache(maxsize=1)
def _english_words() -> frozenset:
    from spellchecker import SpellChecker

    frequency = SpellChecker(language="en", distance=1).word_frequency
    return frozenset(w for w, n in frequency.items() if n >= _MIN_FREQUENCY)


@functools.lru_cache(maxsize=1)
def _place_re():
    """Latin and Arabic names of Iraq's governorates and districts (COD-AB), and the place
    phrases made of personal names (Abu Ghraib, Salah al-Din), longest first."""
    from wpsresearch.geo.places import admin_names

    names = set(lex.PLACE_PHRASES)
    table = admin_names()
    for column in ("name_en", "name_ar", "name_en_geoboundaries", "alt_names_en", "alt_names_ar",
                   "alt_names_common"):
        for cell in table[column]:
            names.update(n.strip() for n in str(cell).split("|") if len(n.strip()) >= 3)
    for name in list(names):  # "Al-Basrah" is written "Al Basrah" and "Basrah" too
        bare = re.sub(r"^(?:al|el|ad|as|an|ar|az)[\s\-]", "", name, flags=re.I)
        names |= {name.replace("-", " "), bare}
    pattern = "|".join(re.escape(lex.normalize_arabic_keep_length(n))
                       for n in sorted(names, key=len, reverse=True) if n)
    return re.compile(r"(?<![\w])(?:" + pattern + r")(?![\w])", re.IGNORECASE)


def _mask_places(text: str) -> str:
    places = list(_place_re().finditer(lex.normalize_arabic_keep_length(text)))
    if not places:
        return text
    chars = list(text)
    for m in places:
        chars[m.start():m.end()] = " " * (m.end() - m.start())
    return "".join(chars)


def is_ordinary_word(word: str) -> bool:
    """True for an English word (any case), a word of WPS answers in Iraq, an institution or
    place word; each part of a hyphenated word must be one (``Al-Sudani`` is not).

    >>> [is_ordinary_word(w) for w in ("Police", "centre", "Organisation", "Rezan", "Al-Sudani")]
    [True, True, True, False, False]
    """
    words = _english_words()
    parts = [p for p in re.split(r"[\-'’]", word.lower()) if p and p != "s"]
    if not parts:
        return True
    for part in parts:
        if part in words or part in _DOMAIN_WORDS or part in lex.PLACE_OR_INSTITUTION_WORDS \
                or part in lex.INSTITUTION_SUFFIXES:
            continue
        if any(rx.search(part) and rx.sub(repl, part) in words for rx, repl in _BRITISH):
            continue
        return False
    return True


def _tokens(text: str):
    masked = _mask_places(text)
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(masked)]


_TITLE_SHAPED = re.compile(r"(?:[A-Z][a-z'’]+|[Aa]l|[Ee]l)(?:-[A-Z][a-z'’]+)*")


def _capitalised(raw: str) -> bool:
    """Written as a name is: ``Rezan``, ``Al-Sudani``; not ``ZArVSMm`` or ``Bdl`` (a code,
    noise: a transliterated name has three letters or more and a vowel)."""
    return (raw.isascii() and len(raw) > 2 and bool(_TITLE_SHAPED.fullmatch(raw))
            and bool(re.search("[aeiouy]", raw.lower())) and raw.lower() not in ("al", "el"))


_ASCII_LOWER = re.compile("[a-z]")
_ASCII_UPPER = re.compile("[A-Z]")


def _has_lower(text: str) -> bool:
    return _ASCII_LOWER.search(text) is not None


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start]
    return not before.strip(" \t\"'“”«»([-–—*•") or bool(_SENTENCE_END.search(before))


def _institution_context(toks, i, j) -> bool:
    """Tokens ``i..j-1`` name an institution or place: "Zainab Foundation", "Imam Ali",
    "Al-Zahraa hospital", "the Mohammed Al-Qasim highway"."""
    prev = toks[i - 1][0].lower() if i > 0 else ""
    if prev in lex.PLACE_OR_INSTITUTION_WORDS or lex.normalize_arabic(prev) in lex.PLACE_OR_INSTITUTION_WORDS:
        return True
    after = [t[0].lower() for t in toks[j:j + 2]]
    return any(w in lex.INSTITUTION_SUFFIXES for w in after[:1]) or (
        len(after) == 2 and after[1] in lex.INSTITUTION_SUFFIXES and _capitalised(toks[j][0]))


def _joined(text, toks, a, b) -> bool:
    """Token ``b`` follows token ``a`` with only spaces between them."""
    gap = text[toks[a][2]:toks[b][1]]
    return gap != "" and not gap.strip()


def capitalised_name_spans(text: str) -> list[tuple[int, int]]:
    """Runs of two or more adjacent capitalised Latin words, none of them an ordinary word, a
    place or an institution word: a person's name whatever the lexicon knows (the data rule).

    >>> capitalised_name_spans("Shilan Barzani and Dilan Hawrami helped")
    [(0, 14), (19, 32)]
    >>> capitalised_name_spans("The Family Protection Directorate in Mosul helped")
    []
    """
    if not text or not _ASCII_UPPER.search(text):
        return []
    toks = _tokens(text)
    # in an answer typed in capitals every word looks capitalised
    shaped = _capitalised if _has_lower(text) else (lambda raw: raw.isascii() and len(raw) > 1)
    # a name needs two capitalised words side by side: without such a pair there is nothing
    # to look up (the English word list is loaded only for a text that could hold a name)
    if not any(shaped(toks[k][0]) and shaped(toks[k + 1][0]) and _joined(text, toks, k, k + 1)
               for k in range(len(toks) - 1)):
        return []
    out, i = [], 0
    while i < len(toks):
        j = i
        while j < len(toks) and shaped(toks[j][0]) and not is_ordinary_word(toks[j][0]) \
                and (j == i or _joined(text, toks, j - 1, j)):
            j += 1
        if j - i >= 2 and not _institution_context(toks, i, j):
            out.append((toks[i][1], toks[j - 1][2]))
        i = max(j, i + 1)
    return out


def _is_known_name(raw: str) -> bool:
    from wpsresearch.privacy import identifier_patterns as patterns

    low = raw.lower()
    norm = low if raw.isascii() else lex.normalize_arabic(raw)
    return (norm in lex.LATIN_FIRST_NAMES or norm in lex.ARABIC_FIRST_NAMES
            or norm in patterns.KNOWN_NAMES or norm in lex.FAMILY_NAMES)


def _particle_names(toks, i, norm) -> bool:
    """A kinship or title particle at ``i`` followed by a word that may be a name."""
    nxt = toks[i + 1][0]
    if norm in _AR_PARTICLES:
        return lex.normalize_arabic(nxt) not in _AR_KIN and not _institution_context(toks, i, i + 1)
    if norm in _LATIN_PARTICLES:  # "Mr and Mrs" name nobody; "Umm Rezan", "abu hawkar" do
        return nxt.isascii() and (nxt[:1].isupper() or not is_ordinary_word(nxt)) \
            and not _institution_context(toks, i, i + 1)
    return False


def quote_name_spans(text: str) -> list[tuple[int, int]]:
    """Where a quote may name someone, by the strict rule (see the module notes): empty when
    the text may be quoted as far as names go.

    >>> [t for t in ("Ask Rezan at the women centre", "Sheikh Omar decides",
    ...              "The Zainab Foundation helped us", "I spoke to the FPD in Kirkuk")
    ...  if quote_name_spans(t)]
    ['Ask Rezan at the women centre', 'Sheikh Omar decides']
    """
    if not text:
        return []
    toks = _tokens(text)
    all_caps = not _has_lower(text)
    out = []
    for i, (raw, a, b) in enumerate(toks):
        norm = raw.lower() if raw.isascii() else lex.normalize_arabic(raw)
        nxt = i + 1 < len(toks) and _joined(text, toks, i, i + 1)
        if nxt and _particle_names(toks, i, norm):
            out.append((a, toks[i + 1][2]))
            continue
        if not raw.isascii() or not raw[:1].isupper() or len(raw) < 2:
            continue  # Arabic script has no capitals: the particles above and the lexicon
        if _institution_context(toks, i, i + 1):
            continue
        if raw.isupper() and not all_caps:  # an acronym (UN, FPD), unless it spells a name (ALI)
            if _is_known_name(raw) or (len(raw) > 6 and not is_ordinary_word(raw)):
                out.append((a, b))
            continue
        first = _sentence_start(text, a)
        known = _is_known_name(raw)
        # a known first name is a name anywhere but at the head of a sentence, where an
        # ambiguous one that is also an English word ("Ban harassment") is the word
        if not is_ordinary_word(raw) or (known and not (first and raw.lower() in lex.AMBIGUOUS)):
            out.append((a, b))
    return out
