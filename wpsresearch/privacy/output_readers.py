"""What a person can read in an output file, as pieces of text and counts, for the export gate.

Every channel a reader (or a program a reader uses) can see is read:

* HTML: text, every attribute (``alt``, ``title``, ``data-*``, ``id`` ...), comments, the file
  names in ``src``/``href``, embedded images (``data:`` URIs: PNG text chunks, SVG), and the
  ``data-n`` counts of the report contract; table rows are also read joined, so a phone
  number split across cells is seen whole; a bare number in a table without ``data-n`` is a
  count;
* SVG: text, titles, descriptions, attributes, comments, ``<metadata>``, embedded images;
* PNG/JPEG: text chunks (``tEXt``/``zTXt``/``iTXt``), EXIF and comments;
* JSON: every string and number (a phone stored as a number is still a phone), keys, and the
  numbers under count-like keys;
* notebooks: cell sources, outputs (HTML parsed as HTML, images decoded), notebook and cell
  metadata, attachments;
* CSV/TSV/XLSX/parquet/SPSS ``.sav``: cells, headers, joined rows, count-like columns;
  XLSX comments and document properties; ``.sav`` variable/value labels and file label;
* PDF: the text layer and the document information (Title, Author, Subject, Keywords ...);
* plain text (``.txt``/``.md``/...): every line.

A reader returns an :class:`Extract`; the gate (:mod:`wpsresearch.privacy.export_gate`)
decides what is a problem.  Locations never contain the text itself.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import csv
import functools
import io
import json
import re
import shutil
import subprocess
import urllib.parse
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["Extract", "read_output", "RAW_TABLE", "COUNT_NAME", "is_count_name", "READABLE_SUFFIXES",
           "IMAGE_SUFFIXES", "SKIP_SUFFIXES", "TEXT_SUFFIXES"]

TEXT_SUFFIXES = {".txt", ".md", ".tex", ".rst", ".log", ".yml", ".yaml"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".bmp"}
SKIP_SUFFIXES = {".css", ".woff", ".woff2", ".ttf", ".otf", ".ico", ".map"}
# Column names and JSON keys whose numbers are unweighted counts: n, count(s), freq,
# unweighted (n/count/base), respondents, cases, base(s), n_*, *_n, count_*, *_count.
COUNT_NAME = re.compile(
    r"^(n|count|counts|freq|frequency|unweighted|unweighted_(n|count|counts|base|bases)|"
    r"respondents|n_respondents|number_of_respondents|respondent_count|cases|base|bases|"
    r"n_.+|.+_n|count_.+|.+_count)$", re.IGNORECASE)
_MICRODATA_ID = "respondent_id"
RAW_TABLE = ("a raw data table (pandas DataFrame): publish tables through Estimate.table or "
             "html_table")  # a table with this column is microdata: its numbers are answers


_NAME_SEPARATORS = re.compile(r"[\s\-./]+")


def is_count_name(name) -> bool:
    """True for a column/key that holds unweighted counts (``Unweighted n`` -> ``unweighted_n``).

    >>> [is_count_name(x) for x in ("n", "Unweighted n", "respondents", "share", "n_women")]
    [True, True, True, False, True]
    """
    key = _NAME_SEPARATORS.sub("_", str(name).strip()).strip("_")
    return bool(key) and bool(COUNT_NAME.match(key))


_INLINE_DATA_URI = re.compile(r"data:([\w.+-]+/[\w.+-]+)((?:;[\w.+=-]+)*);base64,([A-Za-z0-9+/=]+)")


@dataclass
class Extract:
    """Pieces of one file.  ``texts``: ``(where, text, prose)`` — ``prose`` False for code
    and identifiers' own channels where "n = 3" is not a statement; ``counts``:
    ``(where, value)``; ``rows``: ``(where, joined cells)``; ``problems``: ``(where, kind)``
    found while reading (an embedded file that cannot be read)."""

    texts: list = field(default_factory=list)
    counts: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    microdata: bool = False
    tables: list = field(default_factory=list)  # (location prefix, header) of each table read

    def text(self, where, value, prose=True):
        if value is None:
            return
        value = value if isinstance(value, str) else str(value)
        if "base64," in value:
            # a data: URI inside text (an object's plain-text repr holding its HTML): the
            # embedded file is read as a file, and its base64 letters are not read as words
            # (a random "SAJa" in a PNG's base64 is not the first name Saja)
            value = _INLINE_DATA_URI.sub(lambda m: self._inline(m, where), value)
        if value.strip():
            self.texts.append((where, value, prose))

    def _inline(self, match, where) -> str:
        try:
            data = base64.b64decode(match.group(3), validate=False)
        except (binascii.Error, ValueError):
            self.problems.append((where, "an embedded file that could not be decoded"))
            return " "
        _embedded(data, match.group(1).lower(), where, self)
        return " "

    def merge(self, other: "Extract", prefix: str):
        self.texts += [(f"{prefix}, {w}", t, p) for w, t, p in other.texts]
        self.counts += [(f"{prefix}, {w}", v) for w, v in other.counts]
        self.rows += [(f"{prefix}, {w}", t) for w, t in other.rows]
        self.problems += [(f"{prefix}, {w}", k) for w, k in other.problems]
        self.tables += [(f"{prefix}, {w}", h) for w, h in other.tables]


# ----------------------------------------------------------------------------- embedded data
_DATA_URI = re.compile(r"^\s*data:([^;,]*)((?:;[^,]*)?),(.*)$", re.S)


def _data_uri(value: str, where: str, out: Extract) -> bool:
    """Read a ``data:`` URI's content into ``out``; True when ``value`` was one."""
    m = _DATA_URI.match(value)
    if not m:
        return False
    mime, params, payload = m.group(1).lower(), m.group(2).lower(), m.group(3)
    try:
        data = (base64.b64decode(payload, validate=False) if ";base64" in params
                else urllib.parse.unquote_to_bytes(payload))
    except (binascii.Error, ValueError):
        out.problems.append((where, "an embedded file that could not be decoded"))
        return True
    _embedded(data, mime, where, out)
    return True


def _embedded(data: bytes, mime: str, where: str, out: Extract):
    sub = Extract()
    try:
        if mime == "image/svg+xml" or data.lstrip()[:5] in (b"<?xml", b"<svg "):
            _svg(data, sub)
        elif mime.startswith("image/"):
            _image(data, sub)
        elif mime in ("text/html",):
            _html(data.decode("utf-8", "replace"), sub)
        else:
            sub.text("content", data.decode("utf-8", "replace"))
    except Exception as exc:  # noqa: BLE001 - an unreadable embedded file is a finding, not a pass
        out.problems.append((where, f"an embedded file that could not be read ({type(exc).__name__})"))
        return
    out.merge(sub, f"{where}, embedded {mime or 'file'}")


def _image(data: bytes, out: Extract):
    """Text a picture file carries besides its pixels: PNG text chunks, EXIF, comments.
    A file no image library can open is read for its printable strings instead (what a
    hex viewer shows)."""
    from PIL import Image, UnidentifiedImageError

    try:
        img = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError):
        for i, chunk in enumerate(re.findall(rb"[\x20-\x7e]{6,}", data), 1):
            out.text(f"bytes, string {i}", chunk.decode("ascii"), prose=False)
        return
    with img:
        chunks = _png_chunks(data) if img.format == "PNG" and not getattr(img, "is_animated", False) else None
        if chunks is None:
            text = dict(getattr(img, "text", {}) or {})  # PIL reads the chunks after the pixels
            getexif = img.getexif
        else:  # the same chunks, read without decoding the pixels (which hold no text)
            text, img.info = chunks
            getexif = functools.partial(Image.Image.getexif, img)
        for key, value in text.items():
            out.text(f"text chunk {_label(key)}", key, prose=False)
            out.text(f"text chunk {_label(key)}", value)
        for key, value in img.info.items():
            if isinstance(value, bytes):
                value = value.decode("utf-8", "replace")
            if isinstance(value, str):
                out.text(f"image info {_label(key)}", value)
        try:
            exif = getexif()
        except Exception:  # noqa: BLE001 - a picture without readable EXIF has none to check
            exif = {}
        for tag, value in dict(exif).items():
            if isinstance(value, bytes):
                value = value.decode("utf-8", "replace")
            out.text(f"EXIF tag {tag}", str(value))


def _png_chunks(data: bytes):
    """``(text, info)`` of a still PNG as PIL gives them once the image is loaded — every
    text chunk (``tEXt``, ``zTXt``, ``iTXt``, before or after the image data), ``eXIf``, the
    header chunks — read by PIL's own chunk reader, skipping the image data instead of
    decoding it.  ``None`` for an animated PNG (read the usual way).

    The gate reads hundreds of charts per build; decoding their pixels only to reach the
    chunks after them was most of the time it spent on images.

    Examples
    --------
    >>> from PIL import Image, PngImagePlugin
    >>> info = PngImagePlugin.PngInfo(); info.add_text("Comment", "a note", zip=True)
    >>> buf = io.BytesIO(); Image.new("L", (2, 2)).save(buf, format="PNG", pnginfo=info)
    >>> _png_chunks(buf.getvalue())[0]
    {'Comment': 'a note'}
    """
    import struct
    import zlib

    from PIL import PngImagePlugin

    fp = io.BytesIO(data)
    fp.seek(8)  # the signature
    png = PngImagePlugin.PngStream(fp)
    while True:
        try:
            cid, pos, length = png.read()
        except (struct.error, SyntaxError):  # truncated or broken: decoded the usual way,
            return None                      # which fails closed (the gate cannot read it)
        if cid == b"IEND":
            break
        if pos + length + 4 > len(data):  # a chunk cut short: as above
            return None
        if cid in (b"acTL", b"fcTL", b"fdAT"):
            return None
        try:
            if cid != b"IDAT":
                png.call(cid, pos, length)
        except UnicodeDecodeError:
            break
        except (EOFError, AttributeError):  # AttributeError: a chunk PIL does not know
            pass
        if cid == b"IDAT" and zlib.crc32(data[pos - 4:pos + length]) != struct.unpack(
                ">I", data[pos + length:pos + length + 4])[0]:
            return None  # damaged image data: decoded the usual way, which fails closed
        fp.seek(pos + length + 4)  # past the chunk (the image data unread) and its CRC
    return png.im_text, png.im_info


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z_ \-]{0,40}")


def _label(text) -> str:
    """A key shown in a location: only plain short names (a key can be a leaked value)."""
    text = str(text)
    if _PLAIN_KEY.fullmatch(text):
        return f"'{text}'"
    return "(a key)"


# ----------------------------------------------------------------------------- HTML
_CSS_DATA_URI = re.compile(r"""url\(\s*['"]?(data:[^'")]*)['"]?\s*\)""", re.I)


_BARE_NUMBER = re.compile(r"[\d٠-٩۰-۹][\d٠-٩۰-۹,٬]*")  # a count in a table cell


class _Html(HTMLParser):
    _SKIP_ATTRS = {"style", "class"}
    _CELL = ("td", "th")

    def __init__(self, out: Extract):
        super().__init__(convert_charrefs=True)
        self.out = out
        self.table = 0
        self.row = 0
        self.cell = 0
        self.tables: list[dict] = []     # per open table: has data-n, cells per row
        self.row_cells: list[str] = []
        self.in_cell = False
        self.cell_text: list[str] = []
        self.skip = 0                     # inside <script>/<style>

    def _where(self) -> str:
        line = self.getpos()[0]
        if self.tables and self.row:
            return f"line {line} (table {self.table}, row {self.row}, cell {self.cell})"
        return f"line {line}"

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        if tag == "table":
            if "dataframe" in (dict(attrs).get("class") or "").split():
                # a pandas table carries no data-n markup: its counts and rows cannot be
                # checked, so it must not be published at all
                self.out.problems.append((self._where(), RAW_TABLE))
            self.table += 1
            self.row = 0
            self.tables.append({"data_n": False, "bare": []})
        elif tag == "tr":
            self._end_row()
            self.row += 1
            self.cell = 0
        elif tag in self._CELL:
            self.cell += 1
            self.in_cell = True
            self.cell_text = []
        for name, value in attrs:
            if value is None:
                continue
            where = self._where() + f", attribute {_label(name)}"
            if name == "data-n":
                self.out.counts.append((where, value))
                if self.tables:
                    self.tables[-1]["data_n"] = True
                continue
            if name in self._SKIP_ATTRS:
                continue
            if name in ("src", "href", "xlink:href", "srcset", "poster", "data") and \
                    _data_uri(value, where, self.out):
                continue
            if name in ("src", "href", "srcset", "poster", "data", "xlink:href", "action"):
                # a file name can carry a name or a phone (Zainab_Kadhim_0771....jpg)
                path = urllib.parse.unquote(value.split("?")[0].split("#")[0])
                self.out.text(where, path, prose=False)
                self.out.text(where + " (file name)", re.sub(r"[_+.\-]+", " ", Path(path).name),
                              prose=False)
                continue
            self.out.text(where, value, prose=name not in ("id",))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        if tag in self._CELL and self.in_cell:
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag == "table" and self.tables:
            self._end_row()
            table = self.tables.pop()
            if not table["data_n"]:  # no count markup: bare numbers in the table are counts
                self.out.counts += table["bare"]

    def _end_cell(self):
        text = " ".join("".join(self.cell_text).split())
        self.in_cell = False
        self.row_cells.append(text)
        if self.tables and _BARE_NUMBER.fullmatch(text):
            self.tables[-1]["bare"].append((self._where(), text))

    def _end_row(self):
        if self.in_cell:
            self._end_cell()
        if len(self.row_cells) > 1:
            self.out.rows.append((self._where().split(", cell")[0] + ")", " ".join(self.row_cells)))
        self.row_cells = []

    def handle_data(self, data):
        if self.in_cell:
            self.cell_text.append(data)
        if not data.strip():
            return
        if self.skip:  # CSS/JS: embedded files (fonts, images) are read as files, not as text
            data = _CSS_DATA_URI.sub(lambda m: self._css_uri(m.group(1)), data)
        first = self.getpos()[0]
        where = self._where()
        for offset, line in enumerate(data.split("\n")):
            if line.strip():
                self.out.text(where.replace(f"line {first}", f"line {first + offset}", 1), line,
                              prose=not self.skip)

    def _css_uri(self, uri: str) -> str:
        if uri.lower().startswith(("data:font/", "data:application/font", "data:application/x-font",
                                   "data:application/vnd.ms-fontobject")):
            return "url()"  # a font: glyphs, not text anyone reads
        _data_uri(uri, self._where() + ", embedded in CSS", self.out)
        return "url()"

    def handle_comment(self, data):
        self.out.text(self._where() + ", comment", data)


def _html(text: str, out: Extract):
    parser = _Html(out)
    parser.feed(text)
    parser.close()
    parser._end_row()


# ----------------------------------------------------------------------------- SVG
def _svg(data: bytes, out: Extract):
    import xml.etree.ElementTree as ET

    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True, insert_pis=True))
    root = ET.fromstring(data, parser=parser)
    in_metadata = set()
    for i, el in enumerate(root.iter(), 1):
        if el.tag is ET.Comment:
            out.text(f"comment {i}", el.text or "")
            continue
        if el.tag is ET.ProcessingInstruction:
            out.text(f"processing instruction {i}", el.text or "")
            continue
        tag = str(el.tag).rsplit("}", 1)[-1]
        if tag == "metadata":
            in_metadata |= {id(x) for x in el.iter()}
            out.text(f"<metadata> element {i}", " ".join("".join(el.itertext()).split()))
        elif id(el) not in in_metadata and tag not in ("style", "script"):
            if el.text and el.text.strip():
                out.text(f"<{tag}> element {i}", el.text)
            if el.tail and el.tail.strip():
                out.text(f"<{tag}> element {i}, after", el.tail)
        for name, value in el.attrib.items():
            short = name.rsplit("}", 1)[-1]
            where = f"<{tag}> element {i}, attribute {_label(short)}"
            if short in ("d", "points", "transform", "style", "class", "viewBox", "x", "y",
                         "width", "height", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry"):
                continue
            if short in ("href",) and _data_uri(value, where, out):
                continue
            out.text(where, value, prose=short not in ("id",))


# ----------------------------------------------------------------------------- JSON
def _walk_json(obj, where, out: Extract):
    if isinstance(obj, dict):
        for i, (k, v) in enumerate(obj.items(), 1):
            label = _label(k)
            here = f"{where}/{label if label != '(a key)' else f'#{i}'}"
            out.text(f"key {here}", str(k), prose=False)
            number = isinstance(v, (int, float)) and not isinstance(v, bool)
            if is_count_name(k) and number:
                out.counts.append((here, v))
            elif is_count_name(k) and isinstance(v, list):
                out.counts += [(f"{here}[{j}]", x) for j, x in enumerate(v)
                               if isinstance(x, (int, float)) and not isinstance(x, bool)]
            else:
                _walk_json(v, here, out)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            _walk_json(v, f"{where}[{i}]", out)
    elif isinstance(obj, str):
        if not _data_uri(obj, f"value {where or '/'}", out):
            out.text(f"value {where or '/'}", obj)
    elif isinstance(obj, bool) or obj is None:
        return
    elif isinstance(obj, int) or (isinstance(obj, float) and obj == obj and obj.is_integer()):
        # a phone or an ID number stored as a number (leading zero lost)
        out.text(f"number {where or '/'}", str(int(obj)), prose=False)


def _json(path: Path, out: Extract):
    _walk_json(json.loads(path.read_text(encoding="utf-8")), "", out)


# ----------------------------------------------------------------------------- notebooks
_IMAGE_MIMES = ("image/png", "image/jpeg", "image/gif", "image/webp")


def _notebook(path: Path, out: Extract):
    nb = json.loads(path.read_text(encoding="utf-8"))
    meta = Extract()
    _walk_json(nb.get("metadata", {}), "", meta)
    out.merge(meta, "notebook metadata")
    for i, cell in enumerate(nb.get("cells", []), 1):
        src = cell.get("source", "")
        out.text(f"cell {i} source", "".join(src) if isinstance(src, list) else src, prose=False)
        sub = Extract()
        _walk_json(cell.get("metadata", {}), "", sub)
        out.merge(sub, f"cell {i} metadata")
        for j, (name, bundle) in enumerate((cell.get("attachments") or {}).items(), 1):
            where = f"cell {i} attachment {j}"
            out.text(where + " (name)", re.sub(r"[_+.\-]+", " ", str(name)), prose=False)
            out.text(where + " (name)", str(name), prose=False)
            _mime_bundle(bundle, where, out)
        for j, output in enumerate(cell.get("outputs", []), 1):
            where = f"cell {i} output {j}"
            for key in ("text", "traceback", "evalue", "ename", "name"):
                if key in output:
                    value = output[key]
                    out.text(where, "".join(value) if isinstance(value, list) else str(value))
            _mime_bundle(output.get("data", {}), where, out)
            sub = Extract()
            _walk_json(output.get("metadata", {}), "", sub)
            out.merge(sub, where + " metadata")


def _mime_bundle(bundle: dict, where: str, out: Extract):
    for mime, value in (bundle or {}).items():
        text = "".join(value) if isinstance(value, list) else value
        here = f"{where} ({mime})"
        if mime in _IMAGE_MIMES and isinstance(text, str):
            try:
                data = base64.b64decode(text, validate=False)
            except (binascii.Error, ValueError):
                out.problems.append((here, "an embedded image that could not be decoded"))
                continue
            _embedded(data, mime, here, out)
        elif mime == "image/svg+xml" and isinstance(text, str):
            _embedded(text.encode("utf-8"), mime, here, out)
        elif mime == "text/html" and isinstance(text, str):
            sub = Extract()
            _html(text, sub)
            out.merge(sub, here)
        elif isinstance(text, str):
            out.text(here, text)
        else:
            sub = Extract()
            _walk_json(text, "", sub)
            out.merge(sub, here)


# ----------------------------------------------------------------------------- tables
def _cells(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:
            return None
        if value.is_integer():
            return str(int(value))
    text = str(value)
    return text if text.strip() else None


def _table(rows: list[list], out: Extract, prefix: str, declared=frozenset()):
    header_at = 0
    declared = set(declared)
    while header_at < len(rows) and (not rows[header_at] or str(rows[header_at][0]).startswith("#")):
        first = str(rows[header_at][0]) if rows[header_at] else ""
        m = re.match(r"#\s*counts?\s*:\s*(.*)", first, re.I)
        if m:
            declared |= {c.strip() for c in ",".join([m.group(1)] + [str(x) for x in rows[header_at][1:]]).split(",")
                         if c.strip()}
        elif first:
            out.text(f"{prefix}row {header_at + 1} (comment)", ",".join(str(x) for x in rows[header_at]))
        header_at += 1
    if header_at >= len(rows):
        return
    header = [str(h) if h is not None else "" for h in rows[header_at]]
    _columns(header, [r for r in rows[header_at + 1:]], out, prefix, declared, first_row=header_at + 2)


def _columns(header, rows, out: Extract, prefix: str, declared=frozenset(), first_row=2):
    microdata = _MICRODATA_ID in header
    out.microdata = out.microdata or microdata
    out.tables.append((prefix, tuple(header)))
    is_count = [not microdata and (is_count_name(h) or h.strip() in declared) for h in header]
    names = [_column_label(h, c) for c, h in enumerate(header)]
    for c, h in enumerate(header):
        out.text(f"{prefix}header, column {c + 1}", h, prose=False)
    for r, row in enumerate(rows, start=first_row):
        joined = []
        for c, value in enumerate(row):
            text = _cells(value)
            if text is None:
                continue
            where = f"{prefix}row {r}, column {names[c] if c < len(names) else c + 1}"
            if c < len(is_count) and is_count[c]:
                out.counts.append((where, text))
            else:
                out.text(where, text)
                joined.append(text)
        if len(joined) > 1:
            out.rows.append((f"{prefix}row {r}", " ".join(joined)))


def _column_label(header, c) -> str:
    label = _label(header)
    return label if label != "(a key)" else str(c + 1)


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


def _head_without_comments(text: str, size: int) -> str:
    """The first ``size`` characters of ``text``'s lines that are no ``#`` comment, joined by
    newlines (the lines are read only as far as needed)."""
    head, length = [], -1
    for line in text.splitlines():
        if not line.startswith("#"):
            head.append(line)
            length += len(line) + 1
            if length >= size:
                break
    return "\n".join(head)[:size]


def _csv(path: Path, out: Extract):
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(_head_without_comments(text, 4096), delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    _table(list(csv.reader(io.StringIO(text), dialect)), out, "", _sidecar_count_columns(path))


_XLSX_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


_REF_LETTERS = re.compile(r"[A-Z]+")
_COLUMN_INDEX: dict = {}  # column letters -> index (a sheet has a few dozen columns)


def _column_index(ref: str) -> int:
    letters = _REF_LETTERS.match(ref or "A").group()
    index = _COLUMN_INDEX.get(letters)
    if index is None:
        n = 0
        for ch in letters:
            n = n * 26 + ord(ch) - 64
        index = _COLUMN_INDEX[letters] = n - 1
    return index


def _sheet_rows(z: zipfile.ZipFile, part: str, shared: list[str]) -> list[list]:
    """Cell values of one worksheet part, row by row (read from the XML: several times
    faster than a workbook library on a big cleaning log, and it sees every cell)."""
    import xml.etree.ElementTree as ET

    rows: list[list] = []
    row_tag, cell_tag, value_tag, text_tag = (_XLSX_NS + t for t in ("row", "c", "v", "t"))
    with z.open(part) as fh:
        for _, el in ET.iterparse(fh):
            if el.tag != row_tag:
                continue
            cells: dict[int, object] = {}
            for c in el.findall(cell_tag):
                kind = c.get("t")
                v = c.find(value_tag)
                if kind == "inlineStr":
                    value = "".join(t.text or "" for t in c.iter(text_tag))
                elif v is None or v.text is None:
                    continue
                elif kind == "s":
                    value = shared[int(v.text)]
                elif kind in ("str", "e"):
                    value = v.text
                elif kind == "b":
                    value = v.text
                else:
                    try:
                        number = float(v.text)
                        value = int(number) if number.is_integer() else number
                    except ValueError:
                        value = v.text
                cells[_column_index(c.get("r"))] = value
            index = int(el.get("r") or len(rows) + 1) - 1
            while len(rows) < index:
                rows.append([])
            rows.append([cells.get(i) for i in range(max(cells) + 1)] if cells else [])
            el.clear()
    return rows


def _xlsx(path: Path, out: Extract):
    import xml.etree.ElementTree as ET

    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        shared = []
        if "xl/sharedStrings.xml" in names:
            root = ET.fromstring(z.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter(_XLSX_NS + "t"))
                      for si in root.iter(_XLSX_NS + "si")]
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels}
        rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        for n, sheet in enumerate(book.iter(_XLSX_NS + "sheet"), 1):
            title = sheet.get("name") or ""
            out.text(f"sheet {n} name", title, prose=False)
            part = target.get(sheet.get(rel_ns), "")
            part = part.lstrip("/") if part.startswith("/") else "xl/" + part
            if part not in names:
                continue
            name = _label(title)
            _table(_sheet_rows(z, part, shared), out, f"sheet {name if name != '(a key)' else n}, ",
                   _sidecar_count_columns(path))
        # comments, threaded comments, their authors, and the document properties (creator,
        # title, subject, keywords, last modified by ...) live in their own parts
        for part in sorted(names):
            low = part.lower()
            if not low.endswith(".xml"):
                continue
            if low.startswith(("docprops/", "xl/comments", "xl/threadedcomments/", "xl/persons/")) \
                    or "/comments" in low:
                root = ET.fromstring(z.read(part))
                what = "document properties" if low.startswith("docprops/") else "comments"
                for el in root.iter():
                    tag = str(el.tag).rsplit("}", 1)[-1]
                    if el.text and el.text.strip():
                        out.text(f"{what} ({_label(tag)})", el.text)
                    for attr, value in el.attrib.items():
                        if attr.rsplit("}", 1)[-1] in ("displayName", "userId", "author"):
                            out.text(f"{what} ({_label(tag)} attribute)", value, prose=False)


def _distinct_columns(frame, out: Extract, prefix: str = ""):
    """Microdata or tables read whole: each column's distinct values once (fast on big files)."""
    import pandas as pd

    header = [str(c) for c in frame.columns]
    microdata = _MICRODATA_ID in header
    out.microdata = out.microdata or microdata
    out.tables.append((prefix, tuple(header)))
    for c, name in enumerate(header):
        out.text(f"{prefix}column {c + 1} (name)", name, prose=False)
        col = frame.iloc[:, c]
        count = not microdata and is_count_name(name)
        values = pd.unique(col.dropna())
        for value in values:
            text = _cells(value)
            if text is None:
                continue
            where = f"{prefix}column {_column_label(name, c)}"
            if count:
                out.counts.append((where, text))
            else:
                out.text(where, text, prose=not microdata)
    if not microdata and len(frame) and len(frame.columns) > 1:
        texts = frame.astype("string").fillna("")
        # each row's cells joined (as texts.agg(" ".join, axis=1), without a Series per row)
        columns = [texts.iloc[:, c].tolist() for c in range(texts.shape[1])]
        for r, cells in enumerate(zip(*columns), start=1):
            out.rows.append((f"{prefix}row {r}", " ".join(cells)))


def _parquet(path: Path, out: Extract):
    import pandas as pd

    _distinct_columns(pd.read_parquet(path), out)


def _sav(path: Path, out: Extract):
    import pyreadstat

    frame, meta = pyreadstat.read_sav(str(path))
    _distinct_columns(frame, out)
    out.text("file label", getattr(meta, "file_label", None) or "")
    for note in getattr(meta, "notes", None) or []:
        out.text("file notes", note)
    for c, (name, label) in enumerate((meta.column_names_to_labels or {}).items(), 1):
        out.text(f"variable label {c}", label or "", prose=False)
    for c, labels in enumerate((meta.variable_value_labels or {}).values(), 1):
        for value, label in labels.items():
            out.text(f"value labels of variable {c}", label, prose=False)


# ----------------------------------------------------------------------------- PDF
_LAYOUT_GAP = re.compile(r"\s{3,}")

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
    return "\f".join(_page_text(page) for page in reader.pages)


def _page_text(page) -> str:
    """``page.extract_text()``, its content stream parsed by :func:`_content_operations`."""
    from pypdf.generic import ContentStream, NameObject

    contents = page.get("/Contents")
    if contents is not None:
        # the content stream as PageObject.extract_text makes it, its operations parsed here
        stream = ContentStream(contents.get_object(), page.pdf, "bytes")
        with _no_cyclic_gc():
            operations = _content_operations(stream.get_data(), stream.forced_encoding)
        if operations:
            # the raw bytes stay (extract_text looks for text operators in them)
            stream._operations = operations
            page[NameObject("/Contents")] = stream
    return page.extract_text() or ""


@contextlib.contextmanager
def _no_cyclic_gc():
    """The cyclic garbage collector paused (if it ran): parsing a page makes no cycles, only
    tens of thousands of small objects, each of which counted towards a collection of the
    whole heap (with it running, the parsing saved nothing: 2.8 s for the demo's PDFs)."""
    import gc

    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


# What pypdf's content-stream parser (ContentStream._parse_content_stream) reads, cut by one
# pattern: pypdf's whitespace (not regex \s), then an operator (a letter, ' or ", up to
# pypdf's delimiters), a number (pypdf's number characters: + , - . and digits), a name
# without "#" escapes, a string without escapes or nested brackets, a hex string without
# spaces, or an array of only those strings and numbers.  Anything else is left to pypdf.
_PDF_NOT_DELIMITER = rb"[^\s()<>\[\]{}/%]"
_PDF_ARRAY_SPACE = rb"[\x00\t\n\x0b\x0c\r ]"  # inside an array pypdf also skips \v
# read_object starts a number at + - . or a digit; possessive (never cut in two), so an array
# that is not of the simple kind fails at once, not after trying every split of its numbers
_PDF_NUMBER = rb"[+\-.0-9][+,\-.0-9]*+"
_PDF_ELEMENT = _PDF_NUMBER + rb"|\([^()\\]*\)|<[0-9A-Fa-f]*>"
_PDF_TOKEN = re.compile(
    rb"[\x00\t\n\f\r ]*(?:(?P<op>[A-Za-z'\"]" + _PDF_NOT_DELIMITER + rb"*)"
    rb"|(?P<num>" + _PDF_NUMBER + rb")"
    rb"|(?P<name>/[^\s()<>\[\]{}/%#]*(?=[\s()<>\[\]{}/%]|\Z))"
    rb"|\((?P<str>[^()\\]*)\)"
    rb"|<(?P<hex>[0-9A-Fa-f]*)>"
    rb"|\[(?P<arr>(?:" + _PDF_ARRAY_SPACE + rb"*(?:" + _PDF_ELEMENT + rb"))*"
    + _PDF_ARRAY_SPACE + rb"*)\]"
    rb"|(?P<comment>%[^\r\n]*[\r\n]?)"
    rb"|(?P<end>\Z))")
_PDF_ELEMENTS = re.compile(rb"(?P<num>" + _PDF_NUMBER
                           + rb")|\((?P<str>[^()\\]*)\)|<(?P<hex>[0-9A-Fa-f]*)>")
_PDF_SHORT = 19  # a number pypdf reads from its 20-byte look-ahead; names, operators: 100


def _content_operations(data: bytes, forced_encoding) -> list | None:
    """The operations of a PDF content stream, exactly as pypdf parses them, or None where
    pypdf's own parser should read the whole stream (an inline image, a very long operator,
    a stream near pypdf's size limit).

    pypdf reads a content stream a byte at a time through a file object: that was two thirds
    of the gate's time reading the demo's PDFs (2.8 s of 3.6 s for 20 files).  Here the
    tokens are cut by one pattern (:data:`_PDF_TOKEN`) and made with pypdf's own classes;
    any token outside that pattern (a dictionary, a string with escapes, a name with "#", an
    array of other things, a number that may start an object reference) is read by pypdf's
    ``read_object`` at the same position, so the operations are the objects pypdf makes
    (tests/privacy/test_pdf_operations.py compares them on every page of real PDFs and on
    made-up streams of each kind of token; the 113 pages of the demo's 20 PDFs were compared
    too).  Reading the demo's PDFs' text: 2.98 s -> 2.11 s CPU (medians of 5, with a heap of
    300,000 other objects as in the demo), the same text.
    """
    import binascii

    try:  # pypdf's private parts (pypdf 7.1): a release without them parses the stream itself
        from pypdf._configuration import get_configuration
        from pypdf.generic import (ArrayObject, FloatObject, NameObject, NumberObject,
                                   create_string_object, read_object)
        from pypdf.generic._data_structures import IndirectPattern
    except ImportError:
        return None

    config = get_configuration()
    limit = getattr(config, "stream_parsing_work_maximum_count", None)
    if (not isinstance(limit, int) or len(data) >= limit
            or not isinstance(getattr(config, "array_maximum_element_count", None), int)):
        return None  # each token is a byte at least: below this pypdf's budget never runs out

    def number(text):
        return FloatObject(text) if b"." in text else NumberObject(text)

    def string(text):
        return create_string_object(text, forced_encoding)

    def elements(text):
        if len(text) >= config.array_maximum_element_count:
            return None  # pypdf's limit: it says so
        out = ArrayObject()
        for m in _PDF_ELEMENTS.finditer(text):
            kind = m.lastgroup
            if kind == "num":
                if len(m["num"]) > _PDF_SHORT:
                    return None
                out.append(number(m["num"]))
            elif kind == "str":
                out.append(string(m["str"]))
            else:
                out.append(string(_unhex(binascii, m["hex"])))
        return out

    stream = io.BytesIO(data)
    operations: list = []
    operands: list = []
    pos, match = 0, _PDF_TOKEN.match
    while True:
        m = match(data, pos)
        kind = m.lastgroup if m else None
        made = None
        if kind == "end":
            return operations
        if kind == "op":
            operator = m["op"]
            if len(operator) > 100 or operator == b"BI":
                return None
            operations.append((operands, operator))
            operands = []
            pos = m.end()
            continue
        if kind == "comment":
            pos = m.end()
            continue
        if kind == "num":
            text = m["num"]
            if len(text) <= _PDF_SHORT and not IndirectPattern.match(data, m.start("num"),
                                                                      m.start("num") + 20):
                made = number(text)
        elif kind == "name":
            if len(m["name"]) <= 100:
                try:
                    made = NameObject(m["name"].decode("utf-8"))
                except UnicodeDecodeError:
                    made = None
        elif kind == "str":
            made = string(m["str"])
        elif kind == "hex":
            made = string(_unhex(binascii, m["hex"]))
        elif kind == "arr":
            made = elements(m["arr"])
        if made is not None:
            operands.append(made)
            pos = m.end()
        else:  # pypdf reads this token itself, from its first byte
            if m is None:
                start = _PDF_SPACE.match(data, pos).end()
            else:  # a string, hex string or array group starts after its bracket
                start = m.start(kind) - (kind in ("str", "hex", "arr"))
            stream.seek(start)
            operands.append(read_object(stream, None, forced_encoding))
            pos = stream.tell()


_PDF_SPACE = re.compile(rb"[\x00\t\n\f\r ]*")  # pypdf's WHITESPACES


def _unhex(binascii, digits: bytes) -> bytes:
    """A hex string's bytes as pypdf reads them: an odd last digit is followed by 0."""
    return binascii.unhexlify(digits + b"0" if len(digits) % 2 else digits)


def _pdf_info(path: Path) -> dict | None:
    """The document information dictionary (Title, Author, Subject, Keywords, Creator ...)."""
    try:
        import pypdf
    except ImportError:
        pypdf = None
    if pypdf is not None:
        reader = pypdf.PdfReader(str(path))
        info = {str(k).lstrip("/"): str(v) for k, v in (reader.metadata or {}).items()}
        try:
            xmp = reader.xmp_metadata
        except Exception:  # noqa: BLE001 - a broken XMP packet is read as text below
            xmp = None
        if xmp is not None:
            info["XMP"] = " ".join(str(x) for x in (xmp.dc_title, xmp.dc_creator, xmp.dc_subject,
                                                      xmp.dc_description) if x)
        return info
    exe = shutil.which("pdfinfo")
    if exe:
        run = subprocess.run([exe, "-enc", "UTF-8", str(path)], capture_output=True, timeout=60)
        if run.returncode == 0:
            lines = run.stdout.decode("utf-8", errors="replace").splitlines()
            return dict(line.split(":", 1) for line in lines if ":" in line)
    return None


def _pdf(path: Path, out: Extract):
    text = _pdf_text(path)
    info = _pdf_info(path)
    if text is None or info is None:
        out.problems.append(("whole file", "a PDF whose text or metadata could not be checked "
                                           "(install poppler-utils, or pypdf)"))
        return
    for key, value in info.items():
        out.text(f"document information {_label(key)}", value)
    for p, page in enumerate(text.split("\f"), 1):
        for i, line in enumerate(page.splitlines(), 1):
            where = f"page {p}, line {i}"
            # pdftotext -layout sets side-by-side columns on one line, three or more spaces
            # apart: identifiers are looked for in the whole line, written counts in each
            # column's own words ("… 3" ending one column and "People …" starting the next
            # are not "3 people")
            chunks = [c for c in _LAYOUT_GAP.split(line) if c.strip()]
            if len(chunks) > 1:
                out.text(where, line, prose=False)
                for chunk in chunks:
                    out.text(where, chunk)
            else:
                out.text(where, line)


def _plain(path: Path, out: Extract):
    for i, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        out.text(f"line {i}", line)


def _html_file(path: Path, out: Extract):
    _html(path.read_text(encoding="utf-8", errors="replace"), out)


def _svg_file(path: Path, out: Extract):
    _svg(path.read_bytes(), out)


def _image_file(path: Path, out: Extract):
    _image(path.read_bytes(), out)


_READERS = {".html": _html_file, ".htm": _html_file, ".json": _json, ".svg": _svg_file,
            ".csv": _csv, ".tsv": _csv, ".xlsx": _xlsx, ".xlsm": _xlsx, ".ipynb": _notebook,
            ".pdf": _pdf, ".parquet": _parquet, ".sav": _sav, ".zsav": _sav}
READABLE_SUFFIXES = set(_READERS) | TEXT_SUFFIXES | IMAGE_SUFFIXES


def read_output(path: Path) -> Extract | None:
    """Everything a person can read in ``path``; None for a file type the gate cannot read.

    Raises whatever the underlying reader raises for a broken file (the gate turns it into a
    finding).
    """
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None and suffix in TEXT_SUFFIXES:
        reader = _plain
    if reader is None and suffix in IMAGE_SUFFIXES:
        reader = _image_file
    if reader is None:
        return None
    out = Extract()
    reader(path, out)
    return out
