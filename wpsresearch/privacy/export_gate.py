"""The export gate: scan outputs for raw-data identifiers and unsuppressed small counts.

Reads what a reader of the outputs would read: HTML text, attributes and ``data-n`` counts
(the report contract: every published count sits in ``data-n`` on its table cell; a suppressed
cell has no number there), PDF text layers, CSV/XLSX cells, SVG text, notebooks, Markdown and
figure sidecars (``.txt``/``.json``).  Findings say the file, where, and *what kind* of problem
("a phone number from the raw data") — never the value.

Counts in CSV/XLSX are the cells of count-like columns (``n``, ``count``, ``n_*``, ``*_n``,
``*_count``, ``freq``), of the columns a leading comment row names (``# counts: women, men``),
and of those a sidecar ``<table>.json`` lists under ``count_columns``.

A file that cannot be checked is a finding too (a PDF without a text extractor, an image
without a sidecar, an unreadable file): the gate never passes silently.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from wpsresearch.errors import InputError
from wpsresearch.privacy import name_lexicon as lex
from wpsresearch.privacy.identifier_matching import canonical_phone, gps_key, name_words
from wpsresearch.privacy.identifier_patterns import fold_digits
from wpsresearch.privacy.policy import DisclosurePolicy

__all__ = ["Finding", "scan_outputs", "KIND_MESSAGES"]

KIND_MESSAGES = {
    "phone": "a phone number from the raw data",
    "email": "an email address from the raw data",
    "person_name": "a person's name from the raw data",
    "gps": "GPS coordinates from the raw data",
    "national_id": "an ID number from the raw data",
    "other": "a value of a declared identifier column from the raw data",
}
_TEXT_SUFFIXES = {".txt", ".md", ".tex", ".rst", ".log", ".yml", ".yaml"}
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".bmp"}
_SKIP_SUFFIXES = {".css", ".woff", ".woff2", ".ttf", ".otf", ".ico", ".map"}
_COUNT_NAME = re.compile(r"^(n|count|counts|freq|frequency|unweighted_n|n_.+|.+_n|count_.+|.+_count)$",
                         re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One problem in one output file.  Holds no sensitive value."""

    file: str
    location: str
    kind: str

    def __str__(self) -> str:
        return f"{self.file}, {self.location}: {self.kind}"


# --------------------------------------------------------------------------- matching
class _Matcher:
    def __init__(self, identifiers: dict, policy: DisclosurePolicy):
        ids = {k: set(v) for k, v in (identifiers or {}).items()}
        self.phones = ids.get("phone", set())
        self.emails = {e.lower() for e in ids.get("email", set())}
        self.names = ids.get("person_name", set())
        self.gps = ids.get("gps", set())
        self.ids = ids.get("national_id", set())
        self.other = ids.get("other", set())
        self.policy = policy
        # numbers run together in PDF layouts and tables: look for the last 10 digits of a
        # mobile (the part every written form shares) inside any run of digits
        self.phone_tails = {p[-10:] for p in self.phones if len(p) >= 11}

    def kinds_in(self, text: str) -> list[str]:
        if not text or not text.strip():
            return []
        folded = fold_digits(text)
        found = []
        runs = re.findall(r"\+?\d[\d\s\-.()]{5,}\d", folded)
        digits = [re.sub(r"\D", "", r) for r in runs]
        if self.phones and (any(canonical_phone(r) in self.phones for r in runs)
                            or _window_hit(digits, self.phone_tails, 10)):
            found.append("phone")
        if self.ids:
            tokens = {t.upper() for t in re.findall(r"[A-Za-z]{1,2}\d{6,9}", folded)}
            if tokens & self.ids or set(digits) & self.ids or _window_hit(digits, self.ids, 12):
                found.append("national_id")
        if self.emails and any(e in folded.lower() for e in self.emails):
            found.append("email")
        if self.names and self._has_name(text):
            found.append("person_name")
        if self.gps and self._has_gps(folded):
            found.append("gps")
        if self.other:
            norm = lex.normalize_arabic(text).lower()
            if any(o in norm for o in self.other):
                found.append("other")
        return found

    def _has_name(self, text):
        words = name_words(text)
        for n in (2, 3, 4):
            for i in range(len(words) - n + 1):
                if " ".join(words[i:i + n]) in self.names:
                    return True
        return False

    def _has_gps(self, folded):
        nums = [float(x) for x in re.findall(r"-?\d{1,3}\.\d{3,}", folded)]
        return any(gps_key(a, b) in self.gps or gps_key(b, a) in self.gps
                   for a, b in zip(nums, nums[1:]))

    def count_problem(self, value) -> str | None:
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


def _window_hit(digit_runs, keys, width) -> bool:
    if not keys:
        return False
    return any(d[i:i + width] in keys for d in digit_runs for i in range(len(d) - width + 1))


# --------------------------------------------------------------------------- readers
class _HtmlChunks(HTMLParser):
    """Text, readable attributes and data-n counts, each with its line and table cell."""

    _READABLE_ATTRS = {"title", "alt", "aria-label", "placeholder", "value", "content", "href",
                       "data-label", "data-title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[tuple[str, str]] = []
        self.counts: list[tuple[str, str]] = []
        self.table = 0
        self.row = 0
        self.cell = 0

    def _where(self) -> str:
        line = self.getpos()[0]
        if self.table and self.row:
            return f"line {line} (table {self.table}, row {self.row}, cell {self.cell})"
        return f"line {line}"

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.table += 1
            self.row = 0
        elif tag == "tr":
            self.row += 1
            self.cell = 0
        elif tag in ("td", "th"):
            self.cell += 1
        for name, value in attrs:
            if value is None:
                continue
            if name == "data-n":
                self.counts.append((self._where(), value))
            elif name in self._READABLE_ATTRS:
                self.texts.append((self._where() + f", attribute {name}", value))

    def handle_data(self, data):
        if not data.strip():
            return
        first = self.getpos()[0]
        where = self._where()
        for offset, line in enumerate(data.split("\n")):
            if line.strip():
                here = where.replace(f"line {first}", f"line {first + offset}", 1)
                self.texts.append((here, line))


def _read_html(path: Path):
    parser = _HtmlChunks()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser.texts, parser.counts


def _read_text(path: Path):
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [(f"line {i}", t) for i, t in enumerate(lines, 1)], []


def _walk_json(obj, where, texts, counts):
    if isinstance(obj, dict):
        for k, v in obj.items():
            here = f"{where}/{k}"
            if _COUNT_NAME.match(str(k)) and isinstance(v, (int, float)) and not isinstance(v, bool):
                counts.append((here, v))
            elif _COUNT_NAME.match(str(k)) and isinstance(v, list):
                counts += [(f"{here}[{i}]", x) for i, x in enumerate(v) if isinstance(x, (int, float))]
            else:
                texts.append((f"key {here}", str(k)))
                _walk_json(v, here, texts, counts)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            _walk_json(v, f"{where}[{i}]", texts, counts)
    elif isinstance(obj, str):
        texts.append((f"value {where or '/'}", obj))


def _read_json(path: Path):
    texts: list = []
    counts: list = []
    _walk_json(json.loads(path.read_text(encoding="utf-8")), "", texts, counts)
    return texts, counts


def _read_notebook(path: Path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    texts = []
    for i, cell in enumerate(nb.get("cells", []), 1):
        src = cell.get("source", "")
        texts.append((f"cell {i} source", "".join(src) if isinstance(src, list) else src))
        for j, out in enumerate(cell.get("outputs", []), 1):
            sub: list = []
            _walk_json(out, "", sub, [])
            texts += [(f"cell {i} output {j}", t) for _, t in sub]
    counts: list = []
    for where, text in list(texts):
        if "output" in where and "data-n" in text:
            sub = _HtmlChunks()
            sub.feed(text)
            counts += [(f"{where}, {w}", v) for w, v in sub.counts]
    return texts, counts


def _read_svg(path: Path):
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    texts = []
    for i, el in enumerate(root.iter(), 1):
        tag = el.tag.rsplit("}", 1)[-1]
        content = "".join(el.itertext()) if tag in ("text", "title", "desc", "tspan") else ""
        if tag in ("text", "title", "desc") and content.strip():
            texts.append((f"<{tag}> element {i}", content))
        for name in ("aria-label", "data-label"):
            if el.get(name):
                texts.append((f"<{tag}> element {i}, attribute {name}", el.get(name)))
    return texts, []


def _sidecar_count_columns(path: Path) -> set[str]:
    """Count columns a table declares in a sidecar: ``<table>.json`` with ``count_columns``."""
    for side in (path.with_suffix(".json"), path.with_name(path.name + ".json")):
        if side.exists():
            try:
                data = json.loads(side.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # the sidecar itself is scanned (and reported) on its own
            if isinstance(data, dict) and isinstance(data.get("count_columns"), list):
                return {str(c) for c in data["count_columns"]}
    return set()


def _table_cells(rows: list[list], where_prefix: str, declared: set[str] | None = None):
    texts, counts = [], []
    header_at = 0
    declared = set(declared or ())
    while header_at < len(rows) and (not rows[header_at] or str(rows[header_at][0]).startswith("#")):
        first = str(rows[header_at][0]) if rows[header_at] else ""
        m = re.match(r"#\s*counts?\s*:\s*(.*)", first, re.I)
        if m:
            declared |= {c.strip() for c in ",".join([m.group(1)] + [str(x) for x in rows[header_at][1:]]).split(",")
                         if c.strip()}
        header_at += 1
    if header_at >= len(rows):
        return texts, counts
    header = [str(h) if h is not None else "" for h in rows[header_at]]
    is_count = [bool(_COUNT_NAME.match(h.strip())) or h.strip() in declared for h in header]
    for c, h in enumerate(header):
        texts.append((f"{where_prefix}header, column {c + 1}", h))
    for r, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        for c, value in enumerate(row):
            if value is None or str(value).strip() == "":
                continue
            name = header[c] if c < len(header) else f"column {c + 1}"
            where = f"{where_prefix}row {r}, column '{name}'"
            if c < len(is_count) and is_count[c]:
                counts.append((where, value))
            else:
                texts.append((where, str(value)))
    return texts, counts


def _read_csv(path: Path):
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    try:
        dialect = csv.Sniffer().sniff(body[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return _table_cells(list(csv.reader(io.StringIO(text), dialect)), "",
                        _sidecar_count_columns(path))


def _read_xlsx(path: Path):
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    texts, counts = [], []
    try:
        for sheet in book.worksheets:
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]
            t, c = _table_cells(rows, f"sheet '{sheet.title}', ", _sidecar_count_columns(path))
            texts += t
            counts += c
    finally:
        book.close()
    return texts, counts


def _pdf_text(path: Path) -> str | None:
    exe = shutil.which("pdftotext")
    if exe:
        run = subprocess.run([exe, "-layout", "-enc", "UTF-8", str(path), "-"],
                             capture_output=True, timeout=120)
        if run.returncode == 0:
            return run.stdout.decode("utf-8", errors="replace")
    try:
        import pypdf
    except ImportError:
        return None
    reader = pypdf.PdfReader(str(path))
    return "\f".join(page.extract_text() or "" for page in reader.pages)


def _read_pdf(path: Path):
    text = _pdf_text(path)
    if text is None:
        return None
    texts = []
    for p, page in enumerate(text.split("\f"), 1):
        texts += [(f"page {p}, line {i}", t) for i, t in enumerate(page.splitlines(), 1)]
    return texts, []


_READERS = {".html": _read_html, ".htm": _read_html, ".json": _read_json, ".svg": _read_svg,
            ".csv": _read_csv, ".tsv": _read_csv, ".xlsx": _read_xlsx, ".ipynb": _read_notebook,
            ".pdf": _read_pdf}


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


def _scan_file(path: Path, matcher: _Matcher) -> list[Finding]:
    suffix = path.suffix.lower()
    if suffix in _SKIP_SUFFIXES:
        return []
    if suffix in _IMAGE_SUFFIXES:
        return [] if _has_sidecar(path) else [Finding(str(path), "whole file",
                                                      "an image without a text sidecar (its text cannot be checked)")]
    reader = _READERS.get(suffix) or (_read_text if suffix in _TEXT_SUFFIXES else None)
    if reader is None:
        return [Finding(str(path), "whole file", f"a file type the gate cannot read ({suffix or 'no suffix'})")]
    try:
        result = reader(path)
    except Exception as exc:  # any parse failure must become a finding, never a pass
        return [Finding(str(path), "whole file", f"a file that could not be read ({type(exc).__name__})")]
    if result is None:
        return [Finding(str(path), "whole file",
                        "a PDF whose text could not be checked (install poppler-utils for pdftotext, or pypdf)")]
    texts, counts = result
    found = []
    raw_table = False
    if suffix in (".html", ".htm") and _RAW_TABLE.search(path.read_text(encoding="utf-8", errors="replace")):
        raw_table = True
        found.append(Finding(str(path), "source", "a raw data table (pandas DataFrame): publish "
                             "tables through Estimate.table or html_table"))
    for where, text in texts:
        for kind in matcher.kinds_in(text):
            found.append(Finding(str(path), where, KIND_MESSAGES[kind]))
        if not raw_table and _RAW_TABLE.search(text):
            # a pandas table carries no data-n markup, so its counts and rows cannot be
            # checked: it must not be published at all
            raw_table = True
            found.append(Finding(str(path), where, "a raw data table (pandas DataFrame): publish "
                                 "tables through Estimate.table or html_table"))
    for where, value in counts:
        problem = matcher.count_problem(value)
        if problem:
            found.append(Finding(str(path), where, problem))
    return found


def scan_outputs(paths, *, identifiers, policy: DisclosurePolicy | None = None) -> list[Finding]:
    """Scan output files (or folders) for raw-data identifiers and small unsuppressed counts.

    Parameters
    ----------
    paths : iterable of paths
        Files or folders (scanned recursively).
    identifiers : dict
        ``kind -> set`` from :func:`collect_identifiers` (may be empty).
    policy : DisclosurePolicy, optional
        Gives ``min_cell`` and whether zeros are disclosive (default ``DisclosurePolicy()``).

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
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    matcher = _Matcher(identifiers, policy or DisclosurePolicy())
    findings: list[Finding] = []
    for path in _files(paths):
        findings += _scan_file(path, matcher)
    return findings
