"""Arabic-aware matching keys for free text (never used to rewrite stored answers).

``normalize_key`` folds the spelling variants that Arabic writers and keyboards produce so that a
pattern written once matches them all: alef forms (أ إ آ ٱ) → ا, alef maqsura ى and Farsi yeh ی
→ ي, ta marbuta ة → ه, Farsi kaf ک → ك; it strips tatweel, harakat (tashkeel), Quranic marks and
bidi / zero-width controls, maps Arabic-Indic digits to ASCII and case-folds Latin letters.
Kurdish letters (ڕ ڵ ۆ ێ ە ڤ گ چ پ ژ) are kept as they are.

Written here as a small table because pyarabic is GPL-3 and camel-tools pulls in torch.
Shared by the cleaning stage (place names, ``other`` answers) and the SGBV text coder.
:func:`place_key` adds what matching place names needs: no leading article, no punctuation.

Examples
--------
>>> normalize_key("إِسْتِشَارَة")
'استشاره'
>>> normalize_key("مستشفى ـــ كبير")
'مستشفي  كبير'
>>> normalize_key("Police ٤١")
'police 41'
"""

from __future__ import annotations

from wpsresearch.text.digits import DIGITS_TO_ASCII

import unicodedata

__all__ = ["normalize_key", "normalize_with_offsets", "place_key"]

_FOLD = {
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",  # أ إ آ ٱ → ا
    "\u0672": "\u0627", "\u0673": "\u0627",
    "\u0649": "\u064a", "\u06cc": "\u064a",  # ى ی → ي
    "\u0629": "\u0647",  # ة → ه
    "\u06a9": "\u0643",  # ک → ك
}
_FOLD.update({chr(k): v for k, v in DIGITS_TO_ASCII.items()})  # Arabic-Indic, Extended digits

_STRIP = {"\u0640"}  # tatweel
_STRIP.update(chr(c) for c in range(0x064B, 0x0660))  # harakat, shadda, sukun, maddah ...
_STRIP.update(chr(c) for c in range(0x0610, 0x061B))  # Quranic annotation signs
_STRIP.add("\u0670")  # superscript alef
_STRIP.update(chr(c) for c in range(0x06D6, 0x06DD))  # Quranic small high ligatures
_STRIP.update({"\u061c", "\u200e", "\u200f", "\u200b", "\u200c", "\u200d", "\ufeff"})
_STRIP.update(chr(c) for c in range(0x202A, 0x202F))  # LRE RLE PDF LRO RLO
_STRIP.update(chr(c) for c in range(0x2066, 0x206A))  # LRI RLI FSI PDI


def _fold_char(ch: str) -> str:
    if ch in _STRIP:
        return ""
    if ch in _FOLD:
        return _FOLD[ch]
    code = ord(ch)
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        # presentation forms (text copied from PDFs): NFKC gives the base letters back
        return "".join(_fold_char(c) for c in unicodedata.normalize("NFKC", ch))
    return ch.casefold()


class _FoldTable(dict):
    """``ord(ch) -> folded text`` for :meth:`str.translate`, each character folded once."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _fold_char(chr(code))
        return value


_TABLE = _FoldTable()


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Matching key of ``text`` and, for each key character, its index in ``text``.

    The offsets let a match found in the key be shown as the original words.

    Examples
    --------
    >>> key, offsets = normalize_with_offsets("أمـان")
    >>> key, offsets
    ('امان', [0, 1, 3, 4])
    """
    key = text.translate(_TABLE)
    # most answers fold one character to one: their offsets are their positions
    if len(key) == len(text) and all(len(_TABLE[ord(ch)]) == 1 for ch in set(text)):
        return key, list(range(len(text)))
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        out.append(folded)
        offsets.extend([i] * len(folded))
    return "".join(out), offsets


def normalize_key(text: str) -> str:
    """Matching key of ``text`` (see the module docstring for what is folded).

    Examples
    --------
    >>> normalize_key("ڕێگا") == "ڕێگا"   # Kurdish letters are kept
    True
    """
    return text.translate(_TABLE)


_PUNCT = dict.fromkeys(map(ord, "-_'’`ʿʾ.,;:()[]/\\\"!?،؛"), " ")


def place_key(text: str) -> str:
    """Key for matching place names in any spelling or script.

    Folds like :func:`normalize_key`, strips Latin diacritics (``Başrah`` → ``basrah``),
    punctuation and every leading article (``Al-``, ``As-``, ``ال``), and collapses spaces;
    "ah"/"a" endings are folded so ``Basrah`` and ``Basra`` meet.

    Examples
    --------
    >>> place_key("Al-Basrah") == place_key("Basra") == place_key("basra ")
    True
    >>> place_key("البصره") == place_key("البصرة")
    True
    >>> place_key("Salah Al-Din") == place_key("Salah ad Din") == place_key("صلاح الدين")
    False
    >>> place_key("Salah Al-Din") == place_key("Salah ad Din")
    True
    """
    if not isinstance(text, str):
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    # drop Latin combining marks only; Arabic harakat are handled by normalize_key
    latin = "".join(ch for ch in decomposed if not (unicodedata.combining(ch) and ord(ch) < 0x0600))
    key = normalize_key(unicodedata.normalize("NFC", latin)).translate(_PUNCT)
    words = []
    for word in key.split():
        if word in {"al", "an", "as", "ash", "at", "ad", "ar", "az", "el", "ath", "adh"}:
            continue
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        if word.endswith("ah") and len(word) > 4:
            word = word[:-1]
        words.append(word)
    return " ".join(words)
