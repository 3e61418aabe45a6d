"""Write submissions as KoboToolbox exports: CSV (``;``, all quoted), XLSX (+ repeat sheet),
and the two Windows-1256 copies a field office produces.

Everything works on a column table (:class:`Table`, one object array of strings per export
column) and is written in chunks of rows, so a million interviews fit in memory and time.
"""

from __future__ import annotations

from wpsresearch.text.digits import DIGITS_TO_ASCII

import csv
import io
from dataclasses import dataclass

import numpy as np

from wpsresearch.datasets.submissions import RELATIONS, ROSTER_FIELDS, SEXES, main_columns

MAIN_SHEET = "wps_safety_justice_synthetic"
ROSTER_PATH = "household/roster"
_DIGITS = DIGITS_TO_ASCII
EXCEL_MAX_ROWS = 1_048_576
CHUNK = 20_000


@dataclass
class Table:
    """The main sheet: ``header`` and, per header, an object array of strings ("" = empty)."""

    header: list
    columns: dict

    def __len__(self):
        return len(self.columns[self.header[0]]) if self.header else 0

    def take(self, idx) -> Table:
        return Table(list(self.header), {c: v[idx] for c, v in self.columns.items()})

    def row_chunks(self, chunk: int | None = None):
        """Rows (tuples of strings) in blocks of ``chunk`` (default :data:`CHUNK`)."""
        chunk = chunk or CHUNK
        cols = [self.columns[c] for c in self.header]
        for start in range(0, len(self), chunk):
            yield list(zip(*[c[start:start + chunk] for c in cols]))


def table(subs, base=None) -> Table:
    """The main sheet of ``subs`` (in their order): base row of each submission, then its own cells."""
    header = main_columns()
    n = len(subs)
    rows = np.fromiter((s.values.row for s in subs), dtype=np.int64, count=n)
    has = rows >= 0
    safe = np.where(has, rows, 0)
    base_cols = subs[0].values.base if n else {}
    cols = {}
    for c in header:
        arr = base_cols.get(c)
        if arr is None or not has.any():
            cols[c] = np.full(n, "", dtype=object)
        else:
            col = arr[safe]
            col[~has] = ""
            cols[c] = col
    for k, s in enumerate(subs):
        for c, v in s.values.over.items():
            col = cols.get(c)
            if col is not None:
                col[k] = v
    return Table(header, cols)


def roster_table(subs, base) -> dict:
    """Roster sheet columns (numpy arrays): member fields, ``_index``, ``_parent_index``, ``_submission__*``."""
    lengths = np.fromiter((len(s.roster) for s in subs), dtype=np.int64, count=len(subs))
    starts = np.fromiter((s.roster.start if len(s.roster) else 0 for s in subs), dtype=np.int64, count=len(subs))
    parent = np.repeat(np.arange(len(subs), dtype=np.int64), lengths)
    offset = np.arange(parent.size) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    member = starts[parent] + offset
    return {"member_sex": np.array(SEXES, dtype=object)[base.roster_sex[member]],
            "member_age": base.roster_age[member].astype(np.int64),
            "member_relation": np.array(RELATIONS, dtype=object)[base.roster_relation[member]],
            "_parent_row": parent}


def csv_text(header, rows, *, sep=";", quote_all=True) -> str:
    buf = io.StringIO()
    w = _csv_writer(buf, sep, quote_all)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def _csv_writer(f, sep=";", quote_all=True):
    return csv.writer(f, delimiter=sep, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
                      lineterminator="\r\n")


def fits_excel(subs) -> bool:
    """Whether the main sheet and the roster sheet fit in Excel's 1,048,576 rows."""
    return len(subs) < EXCEL_MAX_ROWS and sum(len(s.roster) for s in subs) < EXCEL_MAX_ROWS


def write_kobo_csv(path, tab: Table) -> None:
    """Today's Kobo CSV export: ``;``-separated, every field quoted, UTF-8 (no BOM), CRLF.

    Written block by block with the csv module (the csv module, not pandas/pyarrow: it is
    what Kobo's quoting looks like byte for byte, and writing in blocks keeps memory flat).
    """
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = _csv_writer(f)
        w.writerow(tab.header)
        for rows in tab.row_chunks():
            w.writerows(rows)


def office_rows(tab: Table, office: str = "kirkuk") -> Table:
    """Submissions of one field office (the governorate of the enumerator's team).

    The Windows-1256 copies are what one field office re-saved from the export; keeping
    them to one office keeps the committed study under its 10 MB budget.
    """
    from wpsresearch.datasets.questionnaire import PROVINCES

    per = 10
    first = PROVINCES.index(office) * per + 1
    team = {f"enum_{i:02d}" for i in range(first, first + per)}
    enum = tab.columns["enumerator"]
    return tab.take(np.fromiter((e in team for e in enum), dtype=bool, count=len(enum)))


def _per_value(col: np.ndarray, fn):
    """``fn`` of each distinct value of an object column, mapped back onto the rows."""
    import pandas as pd

    codes, uniques = pd.factorize(col, use_na_sentinel=False)
    out = [fn(u) for u in uniques.tolist()]
    return out, codes


def _encodable(v: str) -> bool:
    try:
        v.encode("cp1256")
    except UnicodeEncodeError:
        return False
    return True


def cp1256_clean_bytes(tab: Table) -> tuple[bytes, list[str]]:
    """A Windows-1256 copy that reads correctly (of the rows given, see :func:`office_rows`).

    Arabic-Indic and extended digits are written as Western digits (what a careful office
    conversion does), and submissions that still hold characters Windows-1256 cannot
    encode (Sorani Kurdish letters such as ڕ ڵ ۆ ێ ە ی) are left out.  Returns the bytes
    and the ``_uuid``s left out.
    """
    n = len(tab)
    bad = np.zeros(n, dtype=bool)
    cols = {}
    for c in tab.header:
        vals, codes = _per_value(tab.columns[c], lambda v: v.translate(_DIGITS))
        ok = np.array([_encodable(v) for v in vals], dtype=bool)
        bad |= ~ok[codes]
        cols[c] = np.array(vals + [""], dtype=object)[:-1][codes]
    clean = Table(list(tab.header), cols).take(~bad)
    dropped = tab.columns["_uuid"][bad].tolist()
    buf = io.StringIO(newline="")
    w = _csv_writer(buf)
    w.writerow(clean.header)
    for rows in clean.row_chunks():
        w.writerows(rows)
    return buf.getvalue().encode("cp1256"), dropped


def cp1256_excel_bytes(tab: Table) -> tuple[bytes, list[dict]]:
    """The export as Excel on Arabic Windows saves "CSV (Comma delimited)": Windows-1256,
    ``,``-separated, minimal quoting, unencodable characters replaced by ``?``.
    Returns the bytes and the cells that lost characters (1-based data row, column)."""
    lost = []
    for j, c in enumerate(tab.header):
        vals, codes = _per_value(tab.columns[c], _encodable)
        if vals and not all(vals):
            ok = np.array(vals)
            for i in np.flatnonzero(~ok[codes]).tolist():
                lost.append((i + 1, j, c, tab.columns[c][i]))
    lost.sort(key=lambda x: (x[0], x[1]))
    buf = io.StringIO(newline="")
    w = _csv_writer(buf, ",", False)
    w.writerow(tab.header)
    for rows in tab.row_chunks():
        w.writerows(rows)
    return (buf.getvalue().encode("cp1256", errors="replace"),
            [{"row": i, "column": c, "original": v} for i, _, c, v in lost])


def kobo_xlsx_bytes(tab: Table, roster: dict, *, level: int = 9) -> bytes:
    """Kobo XLSX export: the main sheet plus a ``roster`` sheet linked ``_parent_index`` -> ``_index``.

    The sheets are streamed as XML by :mod:`.xlsx_sheets` into the archive openpyxl lays out
    (openpyxl itself, even write-only, took 40 s for 20,000 interviews); the cells are
    written exactly as openpyxl writes them, so the file is the same byte for byte.
    ``level``: deflate level of the two sheets (9 = what openpyxl's file was recompressed with).
    """
    from wpsresearch.datasets.xlsx_sheets import sheet_xml_chunks
    from wpsresearch.datasets.xlsx_bytes import workbook_bytes_streamed

    ints = {"_id", "_index"}
    main = [(tab.columns[c], c in ints) for c in tab.header]
    # Kobo also repeats _submission_time, _validation_status, _notes, _status, _submitted_by
    # and _tags of the submission on every repeat row; they are left out here to keep the
    # committed study under its 10 MB budget (the link is _parent_index -> _index).
    parent = roster["_parent_row"]
    k = parent.size
    ros_header = ([f"{ROSTER_PATH}/{f}" for f in ROSTER_FIELDS] + ["_index", "_parent_table_name", "_parent_index"]
                  + ["_submission__id", "_submission__uuid"])
    ros = [(roster["member_sex"], False), (roster["member_age"], True), (roster["member_relation"], False),
           (np.arange(1, k + 1), True), (np.full(k, MAIN_SHEET, dtype=object), False),
           (tab.columns["_index"][parent], True), (tab.columns["_id"][parent], True),
           (tab.columns["_uuid"][parent], False)]
    return workbook_bytes_streamed(
        [MAIN_SHEET, "roster"],
        {"xl/worksheets/sheet1.xml": lambda: sheet_xml_chunks(tab.header, main),
         "xl/worksheets/sheet2.xml": lambda: sheet_xml_chunks(ros_header, ros)}, level=level)
