"""Write submissions as KoboToolbox exports: CSV (``;``, all quoted), XLSX (+ repeat sheet),
and the two Windows-1256 copies a field office produces.
"""

from __future__ import annotations

import csv
import io

from wpsresearch.datasets.submissions import ROSTER_FIELDS, main_columns

MAIN_SHEET = "wps_safety_justice_synthetic"
ROSTER_PATH = "household/roster"
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def table(subs) -> tuple[list[str], list[list[str]]]:
    """Header and rows (strings; empty string = not asked/empty) of the main sheet."""
    cols = main_columns()
    return cols, [[s.values.get(c, "") for c in cols] for s in subs]


def csv_text(header, rows, *, sep=";", quote_all=True) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
                   lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


EXCEL_MAX_ROWS = 1_048_576


def fits_excel(subs) -> bool:
    """Whether the main sheet and the roster sheet fit in Excel's 1,048,576 rows."""
    return len(subs) < EXCEL_MAX_ROWS and sum(len(s.roster) for s in subs) < EXCEL_MAX_ROWS


def kobo_csv_bytes(subs, tab=None) -> bytes:
    """Today's Kobo CSV export: ``;``-separated, every field quoted, UTF-8 (no BOM)."""
    header, rows = tab or table(subs)
    return csv_text(header, rows).encode("utf-8")


def office_rows(subs, office: str = "kirkuk"):
    """Submissions of one field office (the governorate of the enumerator's team).

    The Windows-1256 copies are what one field office re-saved from the export; keeping
    them to one office keeps the committed study under its 10 MB budget.
    """
    from wpsresearch.datasets.questionnaire import PROVINCES

    per = 10
    first = PROVINCES.index(office) * per + 1
    team = {f"enum_{i:02d}" for i in range(first, first + per)}
    return [s for s in subs if s.values.get("enumerator") in team]


def cp1256_clean_bytes(subs) -> tuple[bytes, list[str]]:
    """A Windows-1256 copy that reads correctly (of the rows given, see :func:`office_rows`).

    Arabic-Indic and extended digits are written as Western digits (what a careful office
    conversion does), and submissions that still hold characters Windows-1256 cannot
    encode (Sorani Kurdish letters such as ڕ ڵ ۆ ێ ە ی) are left out.  Returns the bytes
    and the ``_uuid``s left out.
    """
    header, rows = table(subs)
    kept, dropped = [], []
    uid = header.index("_uuid")
    for row in rows:
        row = [v.translate(_DIGITS) for v in row]
        try:
            for v in row:
                v.encode("cp1256")
        except UnicodeEncodeError:
            dropped.append(row[uid])
            continue
        kept.append(row)
    return csv_text(header, kept).encode("cp1256"), dropped


def cp1256_excel_bytes(subs) -> tuple[bytes, list[dict]]:
    """The export as Excel on Arabic Windows saves "CSV (Comma delimited)": Windows-1256,
    ``,``-separated, minimal quoting, unencodable characters replaced by ``?``.
    Returns the bytes and the cells that lost characters (1-based data row, column)."""
    header, rows = table(subs)
    text = csv_text(header, rows, sep=",", quote_all=False)
    lost = []
    for i, row in enumerate(rows, start=1):
        for c, v in zip(header, row):
            if v.encode("cp1256", errors="replace").decode("cp1256") != v:
                lost.append({"row": i, "column": c, "original": v})
    return text.encode("cp1256", errors="replace"), lost


def kobo_xlsx_bytes(subs, tab=None) -> bytes:
    """Kobo XLSX export: the main sheet plus a ``roster`` sheet linked ``_parent_index`` -> ``_index``."""
    from openpyxl import Workbook

    from wpsresearch.datasets.xlsx_bytes import workbook_bytes

    wb = Workbook(write_only=True)
    main = wb.create_sheet(MAIN_SHEET)
    header, rows = tab or table(subs)
    main.append(header)
    ints = {header.index("_id"), header.index("_index")}
    for row in rows:
        main.append([int(v) if j in ints else (v if v != "" else None) for j, v in enumerate(row)])
    ros = wb.create_sheet("roster")
    # Kobo also repeats _submission_time, _validation_status, _notes, _status, _submitted_by
    # and _tags of the submission on every repeat row; they are left out here to keep the
    # committed study under its 10 MB budget (the link is _parent_index -> _index).
    sub_meta = ["_id", "_uuid"]
    ros.append([f"{ROSTER_PATH}/{f}" for f in ROSTER_FIELDS] + ["_index", "_parent_table_name", "_parent_index"]
               + [f"_submission_{m}" for m in sub_meta])
    k = 0
    for s in subs:
        for member in s.roster:
            k += 1
            meta = [int(s.values[m]) if m == "_id" else (s.values.get(m) or None) for m in sub_meta]
            vals = [int(member[f]) if f == "member_age" and member[f].isascii() else member[f] for f in ROSTER_FIELDS]
            ros.append(vals + [k, MAIN_SHEET, int(s.values["_index"])] + meta)
    return workbook_bytes(wb)
