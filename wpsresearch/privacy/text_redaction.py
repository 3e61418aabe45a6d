"""Redact identifiers inside free-text answers, keep the answer, log the change.

The log protocol is the CleaningLog contract of DESIGN.md (REACH/IMPACT columns plus ``table``
and ``source_row``).  Any object with a matching ``add`` method works, so this stage does not
import ``wpsresearch.clean``.  The log never receives the identifier: ``old_value`` is the
literal ``"[redacted]"`` and ``new_value`` is the redacted answer.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from typing import Protocol, runtime_checkable

from wpsresearch.errors import InputError
from wpsresearch.privacy.identifier_patterns import identifier_spans

__all__ = ["ChangeLog", "scrub", "scrub_series", "redact_text", "known_names", "REDACTION_TOKENS",
           "REDACTED"]

REDACTED = "[redacted]"
REDACTION_TOKENS = {
    "phone": "[phone]",
    "email": "[email]",
    "gps": "[location]",
    "national_id": "[id number]",
    "person_name": "[name]",
}


@runtime_checkable
class ChangeLog(Protocol):
    """What privacy steps need from a cleaning log (``wpsresearch.clean.CleaningLog`` has it)."""

    def add(self, *, uuid, question, old_value, new_value, issue, change_type, check_id,
            table, source_row) -> None:  # pragma: no cover - protocol
        ...


def require_log(log) -> None:
    if log is None or not callable(getattr(log, "add", None)):
        raise InputError(
            "a change log is required (log=...)",
            hint="pass wps.clean.CleaningLog() or any object with an add(uuid=, question=, "
                 "old_value=, new_value=, issue=, change_type=, check_id=, table=, source_row=) method",
        )


def _redact_one(text: str) -> tuple[str, list[str]]:
    spans = identifier_spans(text)
    if not spans:
        return text, []
    out, last = [], 0
    for start, end, kind in spans:
        out.append(text[last:start])
        out.append(REDACTION_TOKENS[kind])
        last = end
    out.append(text[last:])
    return "".join(out), [k for _, _, k in spans]


# Invisible characters (zero-width space/joiners, word joiner, BOM, bidi marks) that would split
# an identifier so the patterns miss it.  Removed before matching when present.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f"
                                    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


@lru_cache(maxsize=65536)
def _scrub_cached(text: str) -> tuple[str, tuple[str, ...]]:
    out, kinds = _redact_one(text)
    visible = text.translate(_INVISIBLE)
    if visible != text:
        v_out, v_kinds = _redact_one(visible)
        if len(v_kinds) > len(kinds):
            return v_out, tuple(v_kinds)
    return out, tuple(kinds)


@contextmanager
def known_names(values):
    """While the block runs, :func:`scrub` also finds the names in ``values`` (the data's own
    name columns), lexicon or not: "Ask Rezan at the women centre" loses the name because a
    respondent is called Rezan (a full name, "Rezan Kakai", is found by its shape anyway).  Names that are also ordinary words (Amal "hope",
    Noor "light") still need another name or a cue beside them.

    Examples
    --------
    >>> scrub("Ask Rezan at the women centre")[1]
    []
    >>> with known_names(["Rezan Kakai"]):
    ...     scrub("Ask Rezan at the women centre")
    ('Ask [name] at the women centre', ['person_name'])
    """
    from wpsresearch.privacy import identifier_patterns as patterns
    from wpsresearch.privacy import name_lexicon as lex
    from wpsresearch.privacy.identifier_matching import name_words

    words = {w for v in values if isinstance(v, str) for w in name_words(v)}
    words = frozenset(w for w in words if len(w) >= 3 and w not in lex.NOT_NAME_WORDS)
    before = patterns.KNOWN_NAMES
    patterns.KNOWN_NAMES = before | words
    _scrub_cached.cache_clear()
    try:
        yield patterns.KNOWN_NAMES
    finally:
        patterns.KNOWN_NAMES = before
        _scrub_cached.cache_clear()


def scrub(text: str) -> tuple[str, list[str]]:
    """Replace every identifier in ``text``; THE one scrubbing rule of the package.

    Parameters
    ----------
    text : str
        Any text value about to be written (a cell, a log entry, a quote).

    Returns
    -------
    tuple of (str, list of str)
        The scrubbed text and the kinds of identifier found (empty list: nothing found).

    Examples
    --------
    >>> scrub("call me on 07701234567")[1]
    ['phone']
    >>> scrub("no identifier here")
    ('no identifier here', [])
    """
    if not isinstance(text, str):
        raise TypeError(f"scrub() takes a str, not {type(text).__name__}")
    out, kinds = _scrub_cached(text)
    return out, list(kinds)


def scrub_series(series):
    """Apply :func:`scrub` to every string in a Series; returns (scrubbed, kinds) Series.

    Non-string values (NaN, numbers) pass through unchanged with an empty kinds list; each
    distinct value is scrubbed once.

    Examples
    --------
    >>> import pandas as pd
    >>> out, kinds = scrub_series(pd.Series(["call 07701234567", None]))
    >>> kinds.tolist()
    [['phone'], []]
    """
    import pandas as pd

    s = pd.Series(series)
    uniq = {v: scrub(v) for v in pd.unique(s.dropna()) if isinstance(v, str)}
    text = s.map(lambda v: uniq[v][0] if isinstance(v, str) else v)
    kinds = s.map(lambda v: uniq[v][1] if isinstance(v, str) else [])
    return text, kinds


def redact_text(series, *, log, uuids=None, table: str = "main", source_rows=None):
    """Replace phone numbers, emails, coordinates, ID numbers and names inside free text.

    Parameters
    ----------
    series : Series
        Free-text answers; its ``name`` is logged as the question.
    log : ChangeLog
        Receives one entry per changed answer (``change_type="change_response"``,
        ``check_id="privacy_redact_text"``, ``old_value="[redacted]"``).
    uuids : Series or sequence, optional
        Submission ids aligned with ``series`` (default: the index).
    table : str
        Main table or repeat name, for the log.
    source_rows : sequence, optional
        Row numbers in the raw file (default: the index).

    Returns
    -------
    Series
        Same index and name; answers without identifiers unchanged, missing stay missing.

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.privacy import redact_text
    >>> class Log(list):
    ...     def add(self, **entry): self.append(entry)
    >>> log = Log()
    >>> s = pd.Series(["Call me on 0770 123 4567", "More police patrols at night"], name="q")
    >>> redact_text(s, log=log).tolist()
    ['Call me on [phone]', 'More police patrols at night']
    >>> log[0]["old_value"], log[0]["issue"]
    ('[redacted]', 'identifier in free text: phone')
    """
    import pandas as pd

    require_log(log)
    if not isinstance(series, pd.Series):
        raise InputError(f"redact_text expects a pandas Series, not {type(series).__name__}")
    ids = list(series.index) if uuids is None else list(uuids)
    rows = list(series.index) if source_rows is None else list(source_rows)
    if len(ids) != len(series) or len(rows) != len(series):
        raise InputError("uuids/source_rows must have one entry per answer")
    out = series.copy()
    for pos, value in enumerate(series.tolist()):
        if not isinstance(value, str):
            continue
        new, kinds = scrub(value)
        if not kinds:
            continue
        out.iat[pos] = new
        log.add(uuid=ids[pos], question=series.name, old_value=REDACTED, new_value=new,
                issue="identifier in free text: " + ", ".join(sorted(set(kinds))),
                change_type="change_response", check_id="privacy_redact_text",
                table=table, source_row=rows[pos])
    return out
