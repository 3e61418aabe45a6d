"""The export gate: scan outputs for raw-data identifiers and unsuppressed small counts.

Reads what a reader of the outputs would read (:mod:`wpsresearch.privacy.output_readers`: HTML
text, attributes, comments and embedded images; SVG text, comments, metadata; PNG text
chunks; JSON strings and numbers; notebook metadata and attachments; XLSX comments and
properties; PDF text and document information; CSV/XLSX/parquet/.sav cells) and reports:

* identifiers of the raw data (phones in any spelling — Arabic-Indic digits, spaces,
  ``/``, split across table cells —, e-mails, names, a first name alone when it reads as a
  name, GPS, ID numbers, values of declared identifier columns, raw submission ids and
  enumerator codes), after removing zero-width and direction characters;
* counts below ``min_cell``: ``data-n`` (the report contract: every published count sits in
  ``data-n`` on its table row or cell; a suppressed cell has none), a bare number in a table
  without ``data-n``, count-like columns and JSON keys (``n``, ``count``, ``Unweighted n``,
  ``respondents``, ``n_*`` ...), and counts written as prose: "n = 3", "3 respondents";
* a 0.0 % or 100.0 % share when zeros are disclosive (it says "no one" or "everyone").

Findings say the file, where, and *what kind* of problem ("a phone number from the raw
data") — never the value.  Microdata (a table with ``respondent_id``) are read for
identifiers only: their numbers are answers, not counts.

A file that cannot be checked is a finding too (a PDF without a text extractor, an image
without a text sidecar, an unreadable file): the gate never passes silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from wpsresearch.errors import InputError
from wpsresearch.privacy import identifier_patterns as patterns
from wpsresearch.privacy import name_lexicon as lex
from wpsresearch.privacy.identifier_matching import _WORD, _norm_word, canonical_phone, gps_part, name_tokens
from wpsresearch.privacy.identifier_patterns import fold_digits
from wpsresearch.privacy.policy import DisclosurePolicy

__all__ = ["Finding", "scan_outputs", "KIND_MESSAGES"]

KIND_MESSAGES = {
    "phone": "a phone number from the raw data",
    "email": "an email address from the raw data",
    "person_name": "a person's name from the raw data",
    "first_name": "a first name from the raw data, used as a name",
    "gps": "GPS coordinates from the raw data",
    "national_id": "an ID number from the raw data",
    "other": "a value of a declared identifier column from the raw data",
    "submission_id": "a submission id of the raw export (_uuid/_id)",
    "staff": "an enumerator code (or name) from the raw data",
    "local_path": "an absolute path of this machine (it names the user and their folders)",
}
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u00ad"
                                    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_INVISIBLE_CHAR = re.compile("[" + "".join(map(chr, _INVISIBLE)) + "]")


def _visible(text: str) -> str:
    """``text`` without zero-width and direction characters (translated only when it has one:
    most texts have none, and a search is cheaper than a translation)."""
    return text.translate(_INVISIBLE) if _INVISIBLE_CHAR.search(text) else text


_UUID = re.compile(r"(?<![0-9a-f])[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}(?![0-9a-f])")
_NUM = r"(\d[\d,٬]*)"
# "n = 3", "N: 3", "ن = ٣", "(n = 1,145–1,176)"
_N_EQUALS = re.compile(r"(?<![\w.])(?:n|N|ن)\s*[=:]\s*" + _NUM + r"(?:\s*[–\-]\s*" + _NUM + ")?")
_PEOPLE = re.compile(
    r"(?<!\bin )(?<!\bof )(?<![\d.,])" + _NUM + r"\s+(?:respondents?|women|men|girls|boys|people|persons|"
    r"individuals|cases|survivors|households|interviewees|participants|mothers|widows)\b"
    r"|(?<![\d.,])" + _NUM + r"\s+(?:مستجيب\w*|امرأة|امراة|نساء|سيدات|رجال|رجل|أشخاص|اشخاص|"
    r"شخص|حالات|حالة|ناجيات|ناجية|أسر|اسر|مشارك\w*)", re.IGNORECASE)
_ZERO_SHARE = re.compile(r"(?<![\d.,٫])(?:0[.,٫]0+|100[.,٫]0+)\s*[%٪]")
_ZERO_CELL = re.compile(r"[(\[]?\s*(?:0[.,٫]0+|100[.,٫]0+)\s*[)\]]?[\u2020*]?")


@dataclass(frozen=True)
class Finding:
    """One problem in one output file.  Holds no sensitive value."""

    file: str
    location: str
    kind: str

    def __str__(self) -> str:
        return f"{self.file}, {self.location}: {self.kind}"


# --------------------------------------------------------------------------- matching
class _Identifiers:
    """The raw data's identifiers as the gate looks for them, and the kinds found in each
    text read so far (:func:`_prepared` keeps them between gate runs)."""

    def __init__(self, identifiers: dict):
        ids = {k: set(v) for k, v in (identifiers or {}).items()}
        self.phones = ids.get("phone", set())
        self.emails = {e.lower() for e in ids.get("email", set())}
        self.names = ids.get("person_name", set())
        self.gps = ids.get("gps", set())
        self.ids = ids.get("national_id", set())
        self.other = ids.get("other", set())
        self.submissions = {_submission_key(x) for x in ids.get("submission_id", set())}
        self.submissions.discard("")
        self.staff = {str(x).lower() for x in ids.get("staff", set())}
        self.staff_columns = {str(x) for x in ids.get("staff_column", set())}
        self.staff_names = ids.get("staff_name", set())
        self.paths = {str(x) for x in ids.get("local_path", set()) if len(str(x)) >= 8}
        # one search for any value of the declared identifier columns (as "o in text" for each)
        self._other = re.compile("|".join(map(re.escape, sorted(map(str, self.other)))))
        self._seen: dict = {}
        # numbers run together in PDF layouts and tables: look for the last 10 digits of a
        # mobile (the part every written form shares) inside any run of digits
        self.phone_tails = {p[-10:] for p in self.phones if len(p) >= 11}
        # every word of a raw name: a first name alone counts when it reads as a name
        self.name_words = {w for gram in self.names | ids.get("name_word", set()) for w in gram.split()
                           if len(w) >= 3 and w not in lex.NOT_NAME_WORDS}
        # the first word of every raw name: where a name can start in a text (see _has_name)
        self._name_starts = _first_words(self.names)
        self._staff_starts = _first_words(self.staff_names)
        self._norms: dict = {}  # each distinct word normalised once (name_tokens)

    def kinds_in(self, text: str, *, only=None) -> list[str]:
        """Kinds of raw-data identifier in ``text`` (each distinct text is matched once)."""
        key = text if only is None else (text, only)
        hit = self._seen.get(key)
        if hit is None:
            hit = [] if not text or not text.strip() else self._kinds_in(text, only)
            self._seen[key] = hit
        return hit

    def _kinds_in(self, text: str, only) -> list[str]:
        if not text.isascii():  # zero-width and direction marks, Arabic-Indic digits
            text = _visible(text)
            folded = fold_digits(text)
        else:
            folded = text
        found = []
        runs = _DIGIT_RUN.findall(folded)
        digits = [_NOT_DIGIT.sub("", r) for r in runs]
        if self.phones and (any(canonical_phone(r) in self.phones for r in runs)
                            or _window_hit(digits, self.phone_tails, 10)):
            found.append("phone")
        if self.ids:
            tokens = {t.upper() for t in _ID_TOKEN.findall(folded)}
            if tokens & self.ids or set(digits) & self.ids or _window_hit(digits, self.ids, 12):
                found.append("national_id")
        if only is not None:
            return [k for k in found if k in only]
        low = folded.lower()
        if self.emails and any(e in low for e in self.emails):
            found.append("email")
        words = self._words(text) if self.names or self.name_words or self.staff_names else []
        if self.names and (self._has_name(words) or self._has_separated_name(text)):
            found.append("person_name")  # also in ids and file names: zainab_kadhim, zainab-kadhim
        elif self.name_words and not self.name_words.isdisjoint(words) and self._has_first_name(text):
            found.append("first_name")
        if self.gps and self._has_gps(folded):
            found.append("gps")
        if self.other:
            norm = lex.normalize_arabic(text).lower()
            if self._other.search(norm):
                found.append("other")
        if self.submissions and (
                {_submission_key(m) for m in _UUID.findall(low)} & self.submissions
                or set(_LONG_NUMBER.findall(folded)) & self.submissions):
            found.append("submission_id")
        if (self.staff and set(_STAFF_TOKEN.findall(low)) & self.staff) or \
                (self.staff_names and self._has_name(words, self.staff_names, self._staff_starts)):
            found.append("staff")
        if self.paths and any(p in text for p in self.paths):
            found.append("local_path")
        return found

    def _words(self, text: str) -> list[str]:
        """:func:`~wpsresearch.privacy.identifier_matching.name_words` of ``text``, each
        distinct word normalised once per gate run."""
        norms = self._norms
        out = []
        for word in _WORD.findall(text):
            norm = norms.get(word)
            if norm is None:
                norm = norms[word] = _norm_word(word)
            out.append(norm)
        return out

    def _has_name(self, words, names=None, starts=None) -> bool:
        """A run of 2-4 of ``words`` is a raw name (``names``, default the raw names).

        Only positions holding a name's first word are tried: a joined run equals a name only
        if its first word is that name's first word (no word holds a space)."""
        if names is None:
            names, starts = self.names, self._name_starts
        for i, word in enumerate(words):
            if word in starts:
                for n in (2, 3, 4):
                    if i + n <= len(words) and " ".join(words[i:i + n]) in names:
                        return True
        return False

    def _has_separated_name(self, text: str) -> bool:
        """A raw name written with ``_ - + .`` between its words (zainab_kadhim)."""
        spaced = _SEPARATORS.sub(" ", text)
        return spaced != text and self._has_name(self._words(spaced))

    def _has_first_name(self, text) -> bool:
        """A word of a raw name, alone, where it reads as a name: inside a name the detector
        finds (lexicon, titles, kinship words), or a capitalised word the lexicon does not
        know as anything else (Rezan)."""
        from wpsresearch.privacy.identifier_patterns import identifier_spans

        hits = [(raw, a, b) for raw, a, b, norm in name_tokens(text, self._norms) if norm in self.name_words]
        if not hits:
            return False
        for raw, _, _ in hits:
            norm = self._norms[raw]
            known = norm in lex.ARABIC_FIRST_NAMES or norm in lex.LATIN_FIRST_NAMES or \
                norm in lex.FAMILY_NAMES or norm in lex.PLACE_OR_INSTITUTION_WORDS
            if not known and (not raw.isascii() or (raw[:1].isupper() and raw[1:2].islower())):
                return True
        # the name detector on the lines around the hits only (a page can be one long line)
        for _, s, e in hits:
            a0 = max(0, s - 200)
            window = text[a0:e + 200]
            spans = [(a + a0, b + a0) for a, b, k in identifier_spans(window) if k == "person_name"]
            if any(a <= s and e <= b for a, b in spans):
                return True
        return False

    def _has_gps(self, folded):
        parts = [gps_part(x) for x in _GPS_NUMBER.findall(folded)]  # each number rounded once
        return any(f"{a},{b}" in self.gps or f"{b},{a}" in self.gps for a, b in zip(parts, parts[1:]))


class _Matcher:
    """One gate run: the identifiers (:class:`_Identifiers`) and the disclosure policy."""

    def __init__(self, identifiers: dict, policy: DisclosurePolicy, check_counts: bool = True):
        self.identifiers = _prepared(identifiers)
        self.staff_columns = self.identifiers.staff_columns
        self.kinds_in = self.identifiers.kinds_in
        self.policy = policy
        self.check_counts = check_counts
        self._prose: dict = {}

    def count_problem(self, value) -> str | None:
        if not self.check_counts:
            return None
        try:
            number = float(fold_digits(str(value)).replace(",", "").replace("٬", "").strip())
        except ValueError:
            return None
        if number != number or number < 0 or not float(number).is_integer():
            return None
        if self.policy.cell_is_disclosive(number):
            return ("an unsuppressed zero count" if number == 0
                    else f"an unsuppressed count below {self.policy.min_cell}")
        return None

    def prose_problems(self, text: str) -> list[str]:
        """Counts written as words ("n = 3", "3 respondents") and 0 %/100 % shares."""
        if not self.check_counts or not _DIGIT.search(text):
            return []  # every count pattern holds a decimal digit (\d)
        hit = self._prose.get(text)
        if hit is None:
            hit = self._prose[text] = self._prose_problems(text)
        return hit

    def _prose_problems(self, text: str) -> list[str]:
        folded = fold_digits(_visible(text))
        out = []
        for m in _N_EQUALS.finditer(folded):
            out += [p for p in (self.count_problem(g) for g in m.groups() if g) if p]
        for m in _PEOPLE.finditer(folded):
            out += [p for p in (self.count_problem(g) for g in m.groups() if g) if p]
        if self.policy.zeros_disclosive and _ZERO_SHARE.search(folded):
            out.append("a 0 % or 100 % share (it says no one or everyone in the group)")
        return [p.replace("an unsuppressed", "a written") for p in dict.fromkeys(out)]


_SEPARATORS = re.compile(r"[_\-+.]+")
_DIGIT_RUN = re.compile(r"\+?\d[\d\s\-.()/]{5,}\d")  # a number written with spaces, dashes, brackets
_DIGIT = re.compile(r"\d")
_NOT_DIGIT = re.compile(r"\D")
_ID_TOKEN = re.compile(r"[A-Za-z]{1,2}\d{6,9}")
_LONG_NUMBER = re.compile(r"(?<!\d)\d{5,}(?!\d)")
_STAFF_TOKEN = re.compile(r"[a-z0-9][a-z0-9_\-]{3,}")
_GPS_NUMBER = re.compile(r"-?\d{1,3}\.\d{3,}")


def _first_words(grams) -> frozenset:
    return frozenset(str(g).partition(" ")[0] for g in grams)


# The identifiers of the last gate runs, prepared (see _Identifiers), with the kinds found in
# each text: `wpsresearch demo` gates a dozen staging folders against the same identifiers,
# and their pages and charts share most labels.  Keyed on the identifiers' values and on the
# names the name detector knows (identifier_patterns.KNOWN_NAMES); dropped by
# wpsresearch.privacy.gate.forget_identifiers.
_PREPARED: dict = {}
_MAX_TEXTS = 200_000  # texts remembered before starting afresh (a few tens of MB at most)
_MAX_PREPARED = 3  # studies (a demo's two rounds, and a test's own identifiers)


def _prepared(identifiers) -> _Identifiers:
    values = sorted(((k, frozenset(v)) for k, v in (identifiers or {}).items()), key=lambda kv: str(kv[0]))
    key = (tuple(values), patterns.KNOWN_NAMES)
    hit = _PREPARED.pop(key, None)
    if hit is None or len(hit._seen) > _MAX_TEXTS:
        hit = _Identifiers(identifiers)
    _PREPARED[key] = hit  # the most recent last
    while len(_PREPARED) > _MAX_PREPARED:
        del _PREPARED[next(iter(_PREPARED))]
    return hit


def forget_prepared() -> None:
    """Drop the prepared identifiers and what was found in the texts read."""
    _PREPARED.clear()


def _submission_key(value) -> str:
    text = str(value).strip().lower()
    if text.startswith("uuid:"):
        text = text[5:]
    return text.replace("-", "") if _UUID.fullmatch(text) else text


def _window_hit(digit_runs, keys, width) -> bool:
    if not keys:
        return False
    return any(d[i:i + width] in keys for d in digit_runs for i in range(len(d) - width + 1))


# --------------------------------------------------------------------------- gate
def _files(paths):
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from sorted(q for q in p.rglob("*") if q.is_file())
        elif p.exists():
            yield p
        else:
            raise InputError("output path does not exist", file=p)


def _has_sidecar(img: Path) -> bool:
    stems = [img.with_suffix(s) for s in (".txt", ".json")] + \
            [img.with_name(img.name + s) for s in (".txt", ".json")]
    return any(s.exists() for s in stems)


_RAW_TABLE = re.compile(r'<table[^>]*class="[^"]*\bdataframe\b')


# the cleaning log's columns (REACH): a log is a supervisor's tool, like the enumerator summary
_LOG_COLUMNS = frozenset({"uuid", "question", "old_value", "new_value", "change_type"})


def _team_table(extract, where: str, matcher: _Matcher) -> bool:
    """``where`` is in a table of the team's processed files that may hold enumerator codes:
    microdata (a ``respondent_id`` column), the cleaning log, or a table keyed by the
    enumerator column (the review workbook's enumerator summary)."""
    if extract.microdata:
        return True
    return any(where.startswith(prefix) and (set(header) & matcher.staff_columns
                                             or _LOG_COLUMNS <= set(header))
               for prefix, header in extract.tables)


def _scan_file(path: Path, matcher: _Matcher, processed: bool = False) -> list[Finding]:
    from wpsresearch.privacy.output_readers import IMAGE_SUFFIXES, RAW_TABLE, SKIP_SUFFIXES, read_output

    suffix = path.suffix.lower()
    if suffix in SKIP_SUFFIXES:
        return []
    found = []
    if suffix in IMAGE_SUFFIXES and not _has_sidecar(path):
        found.append(Finding(str(path), "whole file",
                             "an image without a text sidecar (its text cannot be checked)"))
    try:
        extract = read_output(path)
    except Exception as exc:  # any parse failure must become a finding, never a pass
        return found + [Finding(str(path), "whole file", f"a file that could not be read ({type(exc).__name__})")]
    if extract is None:
        return [Finding(str(path), "whole file", f"a file type the gate cannot read ({suffix or 'no suffix'})")]
    found += [Finding(str(path), where, kind) for where, kind in extract.problems]
    raw_table = any(kind == RAW_TABLE for _, kind in extract.problems)
    file = str(path)
    kinds_in, prose_problems = matcher.kinds_in, matcher.prose_problems
    counts_in_prose = matcher.check_counts and not extract.microdata  # else no prose problem
    for where, text, prose in extract.texts:
        for kind in kinds_in(text):
            if kind == "staff" and processed and _team_table(extract, where, matcher):
                continue  # the team's files keep enumerator codes for quality checks
            found.append(Finding(file, where, KIND_MESSAGES[kind]))
        if prose and counts_in_prose:
            found += [Finding(file, where, problem) for problem in prose_problems(text)]
        if not raw_table and _RAW_TABLE.search(text):
            # a pandas table carries no data-n markup, so its counts and rows cannot be
            # checked: it must not be published at all
            raw_table = True
            found.append(Finding(str(path), where, RAW_TABLE))
    for where, text in extract.rows:  # a phone or ID number split across cells
        for kind in matcher.kinds_in(text, only=("phone", "national_id")):
            finding = Finding(str(path), where, KIND_MESSAGES[kind] + " (across cells)")
            if not any(f.kind.startswith(KIND_MESSAGES[kind]) and f.location.startswith(where)
                       for f in found):
                found.append(finding)
    for where, value in extract.counts:
        problem = matcher.count_problem(value)
        if problem:
            found.append(Finding(str(path), where, problem))
    return list(dict.fromkeys(found))


def scan_outputs(paths, *, identifiers, policy: DisclosurePolicy | None = None,
                 check_counts: bool = True, processed: bool = False) -> list[Finding]:
    """Scan output files (or folders) for raw-data identifiers and small unsuppressed counts.

    Parameters
    ----------
    paths : iterable of paths
        Files or folders (scanned recursively).
    identifiers : dict
        ``kind -> set`` from :func:`collect_identifiers` (may be empty); the gate adds
        ``submission_id`` and ``staff`` (:func:`wpsresearch.privacy.gate.identifiers_of`).
    policy : DisclosurePolicy, optional
        Gives ``min_cell`` and whether zeros are disclosive (default ``DisclosurePolicy()``).
    check_counts : bool, default True
        False looks for identifiers only (processed microdata).
    processed : bool, default False
        The files are a build's ``data/processed`` (shared inside the team): enumerator codes
        may stand in microdata, in the cleaning log and in tables keyed by the enumerator
        column (``identifiers["staff_column"]``) — nowhere else, not in the dictionary, which
        travels with any shared table.  Outside ``data/processed`` an enumerator code is always a
        finding.

    Returns
    -------
    list of Finding
        Empty when the outputs may be published.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from wpsresearch.privacy import scan_outputs
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "t.html").write_text('<table><tr><td data-n="3">3</td></tr></table>')
    >>> [f.kind for f in scan_outputs([folder], identifiers={})]
    ['an unsuppressed count below 10']
    >>> _ = (folder / "t.html").write_text('<p>Among them (n = 4) ...</p>')
    >>> [f.kind for f in scan_outputs([folder], identifiers={})]
    ['a written count below 10']
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    matcher = _Matcher(identifiers, policy or DisclosurePolicy(), check_counts)
    findings: list[Finding] = []
    for path in _files(paths):
        findings += _scan_file(path, matcher, processed)
    return findings
