"""Decode field files: strict UTF-8, then Windows-1256; repair mojibake; refuse lost text.

Three things happen to Arabic CSV files between the server and the scholar:

* Excel on an Arabic Windows saves "CSV" as Windows-1256.  That code page cannot hold the
  Arabic-Indic digits or the Sorani letters (ڕ ڵ ۆ ێ ە ی), which Excel replaces with ``?``:
  the data are gone, so such a file is refused, naming the rows and columns.
* A UTF-8 file opened as Windows-1256 and saved again as UTF-8 shows ``ط§ظ„`` for ``ال``.
  ``text.encode("cp1256").decode("utf-8")`` undoes it exactly when it round-trips (ftfy does
  not handle this code page, which is why it is written out here).
* A UTF-8 byte-order mark in front of the first header (handled by the CSV reader).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wpsresearch.errors import EncodingProblem, InputError

__all__ = ["decode_bytes", "repair_mojibake", "find_lost_characters", "Decoded"]

_ARABIC_LETTER = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
# '?' touching an Arabic letter on both sides, or a cell that is nothing but '?' marks.
_LOST_INSIDE_WORD = re.compile(f"[{_ARABIC_LETTER}]\\?+[{_ARABIC_LETTER}]")
# Lost digits: a cell of only '?' and number punctuation ("??", "+??? ??? ????"), or a run
# of '?' not following a Latin letter ("why??" is punctuation, " ???" is a lost number).
_LOST_WHOLE = re.compile(r"^[\s?+\-().,/]*\?[\s?+\-().,/]*$")
_LOST_RUN = re.compile(r"(?<![A-Za-z])\?{2,}")
_LOST_EDGE = re.compile(f"[{_ARABIC_LETTER}]\\?+(?![?\\w])|(?<![?\\w])\\?+[{_ARABIC_LETTER}]")
# UTF-8 lead bytes of Arabic (0xD8–0xDB) shown as cp1256 are ط ظ ع غ; a mojibake run is one of
# them followed by a character that cp1256 gives to a UTF-8 continuation byte (0x80–0xBF).
_CONTINUATION = bytes(range(0x80, 0xC0)).decode("cp1256", errors="ignore")
_MOJIBAKE = re.compile(f"[طظعغ][{re.escape(_CONTINUATION)}]")
# The same runs as UTF-8 bytes (ط ظ ع غ are D8 B7..BA): one search over a whole file's bytes
# tells whether any cell can hold mojibake, instead of a regex over every column.
_MOJIBAKE_BYTES = re.compile(rb"\xd8[\xb7-\xba](?:"
                             + b"|".join(re.escape(c.encode("utf-8")) for c in _CONTINUATION) + b")")


# The longest run _MOJIBAKE_BYTES matches: a lead letter (2 bytes) and one character.
_MOJIBAKE_LONGEST = 2 + max(len(c.encode("utf-8")) for c in _CONTINUATION)
_SLICE = 1 << 24


def may_hold_mojibake(data: bytes) -> bool:
    """False when UTF-8 ``data`` cannot hold a cell :func:`repair_mojibake` would change.

    The bytes are searched 16 MB at a time (slices overlapping by the longest match, so every
    match starts inside one slice and ends inside its window): the regex engine keeps the
    GIL for a whole search, and the CSV reader runs this on a second thread while pyarrow
    parses, so the reader's own thread must be able to take the GIL between slices.

    >>> may_hold_mojibake("البصرة".encode()), may_hold_mojibake("ط§ظ„".encode())
    (False, True)
    """
    return any(_MOJIBAKE_BYTES.search(data, start, start + _SLICE + _MOJIBAKE_LONGEST) is not None
               for start in range(0, max(len(data), 1), _SLICE))


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16" or "cp1256"


def decode_bytes(raw: bytes, *, file) -> Decoded:
    """Decode a text file strictly as UTF-8 (with or without BOM), else as Windows-1256.

    A UTF-16 file with its byte-order mark (Excel's "Unicode Text") is read as UTF-16.

    Examples
    --------
    >>> decode_bytes("ال".encode("cp1256"), file="x.csv").encoding
    'cp1256'
    >>> decode_bytes(b"\\xef\\xbb\\xbfa;b", file="x.csv")
    Decoded(text='a;b', encoding='utf-8-sig')
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text" is UTF-16
        try:
            return Decoded(raw.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw[:65536]:
        raise InputError(
            "this is not a text file (it contains NUL bytes: binary data, UTF-16 or a "
            "spreadsheet saved with the wrong extension)", file=file,
            hint="export the data again as CSV (UTF-8) or XLSX from KoboToolbox/ODK Central",
        )
    try:
        if raw.startswith(b"\xef\xbb\xbf"):
            return Decoded(raw[3:].decode("utf-8"), "utf-8-sig")
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(raw.decode("cp1256"), "cp1256")
    except UnicodeDecodeError as exc:  # cp1256 leaves no byte undefined in Python; be safe
        raise EncodingProblem(
            f"the file is neither UTF-8 nor Windows-1256 (byte {exc.start})", file=file,
            hint="re-export the data from the server as UTF-8 CSV or XLSX",
        ) from None


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as Windows-1256 (``ط§ظ„`` → ``ال``) when it round-trips.

    Examples
    --------
    >>> repair_mojibake("ط§ظ„ط¨طµط±ط©")
    'البصرة'
    >>> repair_mojibake("طالب")  # real Arabic is left alone
    'طالب'
    """
    if not isinstance(text, str) or _MOJIBAKE.search(text) is None:
        return text
    try:
        fixed = text.encode("cp1256").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    return fixed


def cell_lost_characters(value, *, strict: bool) -> bool:
    """True when a cell shows the ``?`` left by a code-page conversion.

    ``strict`` (used for Windows-1256 files) also counts a ``?`` at the edge of an Arabic
    word and a cell of only question marks (a lost number or Sorani word); for UTF-8 files
    only a ``?`` between two Arabic letters counts, since a question mark after an Arabic
    sentence is ordinary punctuation.
    """
    if not isinstance(value, str) or "?" not in value:
        return False
    if _LOST_INSIDE_WORD.search(value):
        return True
    return strict and (_LOST_WHOLE.match(value) is not None or _LOST_EDGE.search(value) is not None
                       or _LOST_RUN.search(value) is not None)


def find_lost_characters(frame, *, strict: bool, source_rows):
    """Cells (row numbers as in the file, column names) that lost characters to ``?``."""
    import numpy as np

    source_rows = np.asarray(source_rows)
    rows, cols = [], []
    for name in frame.columns:
        col = frame[name]
        hits = col.map(lambda v: cell_lost_characters(v, strict=strict)).to_numpy(dtype=bool)
        if hits.any():
            cols.append(name)
            rows.extend(source_rows[hits].tolist())
    return sorted(set(rows)), cols
