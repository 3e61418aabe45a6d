"""Read a delimited text export into a frame of text, row numbers as in the file.

pyarrow's CSV reader is used (multi-threaded, keeps every value as text, and, unlike
pandas' C parser, tells a short or long row from an empty cell).  When a row is malformed,
the file is read again with the standard ``csv`` module to name the exact rows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from wpsresearch.errors import InputError
from wpsresearch.io.decoding import decode_bytes

__all__ = ["TextTable", "read_text_table", "drop_hxl_and_blank_rows", "blank_rows"]


@dataclass
class TextTable:
    frame: object               # pandas DataFrame of pandas "string" columns, <NA> = empty
    header: list
    encoding: str
    delimiter: str
    source_rows: object         # numpy array: row number in the file of each frame row
    notes: list = field(default_factory=list)
    hxl: bool = False
    may_hold_mojibake: bool = True   # False: no cell can need repair (checked on the bytes)
    has_question_marks: bool = True  # False: no cell can show a lost character


def _sniff_delimiter(text: str) -> str:
    line = text[:100_000].split("\n", 1)[0]
    counts = {d: line.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _parse_header(text: str, delimiter: str, *, file) -> list:
    try:  # not strict: a header split on the wrong delimiter should reach the form check
        header = next(csv.reader(io.StringIO(text[:1_000_000]), delimiter=delimiter))
    except (StopIteration, csv.Error):
        header = []
    if not header or all(not h.strip() for h in header):
        raise InputError("the file has no header row", file=file, row=1,
                         hint="export the data again; the first row must hold the column names")
    seen, dupes = set(), []
    for name in header:
        (dupes.append(name) if name in seen else seen.add(name))
    if dupes:
        raise InputError("duplicate column name(s) in the header", file=file, row=1,
                         column=sorted(set(dupes)),
                         hint="rename or delete the repeated columns (a file pasted together "
                         "from two exports often has them) and read the file again")
    blank = [i + 1 for i, h in enumerate(header) if not h.strip()]
    if blank:
        raise InputError("header cell(s) are empty", file=file, row=1,
                         column=[f"#{i}" for i in blank],
                         hint="give every column a name in the first row")
    return header


def _diagnose(text: str, delimiter: str, width: int, *, file):
    """Name the malformed rows exactly (only called when the fast reader failed)."""
    bad, number = [], 1
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        next(reader)
        for number, record in enumerate(reader, start=2):
            if record and len(record) != width:
                bad.append((number, len(record)))
    except csv.Error as exc:
        raise InputError(
            f"the file ends inside a quoted cell after row {number} ({exc}): it is "
            "truncated or a quote is not closed", file=file, row=number + 1,
            hint="download the export again (an interrupted download or a file cut by an "
            "editor looks like this)") from None
    if not bad:
        return
    last = bad[-1][0] == number
    what = "truncated: the last row is incomplete" if last and len(bad) == 1 else \
        f"{len(bad)} row(s) have a different number of cells than the header ({width})"
    raise InputError(f"the file is {what}" if last and len(bad) == 1 else what, file=file,
                     row=[b[0] for b in bad],
                     hint="download the export again; if the file was edited, check the "
                     f"delimiter ('{delimiter}') and quotes in these rows")


def _arrow_read(data: bytes, header: list, delimiter: str):
    import pyarrow as pa
    import pyarrow.csv as pcsv

    invalid = []

    def on_invalid(row):
        invalid.append(row)
        return "skip"

    names = [f"c{i}" for i in range(len(header))]
    table = pcsv.read_csv(
        # the bytes as an Arrow buffer: read in place (a BytesIO is read block by block
        # through Python, each block copied: 0.1-0.2 s of CPU per 300 MB, under the GIL)
        pa.BufferReader(pa.py_buffer(data)),
        read_options=pcsv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 24),
        parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                        ignore_empty_lines=False, invalid_row_handler=on_invalid),
        # an empty cell, quoted or not, is missing (<NA>): the reader does it while parsing
        # large_string is what pandas' Arrow strings hold: no cast per column afterwards
        convert_options=pcsv.ConvertOptions(column_types={n: pa.large_string() for n in names},
                                            null_values=[""], strings_can_be_null=True,
                                            quoted_strings_can_be_null=True),
        memory_pool=_read_pool(),
    )
    if invalid:
        return None
    return table


def _read_pool():
    """The memory pool the CSV reader allocates from: jemalloc where pyarrow has it, else
    pyarrow's default.

    The reader's threads allocate every block's cells (the whole export, ~450 MB for 10^5
    interviews x 310 columns); with pyarrow's default pool (mimalloc) much of that memory is
    fresh pages, again and again.  Measured on that export (read_kobo, CPU of all threads,
    3 runs on a shared 2-core machine): 3.27-4.18 s with the default pool (1.1-1.7 s of it
    system time), 2.81-3.27 s with jemalloc (0.74-0.85 s system), peak memory 1.41 GB
    against 1.43-1.47 GB; the system allocator was between the two, at 1.7 GB.  The values
    read are the same whichever pool holds them.
    """
    import pyarrow as pa

    try:
        return pa.jemalloc_memory_pool()
    except NotImplementedError:  # a pyarrow built without jemalloc (Windows)
        return None


_BIG = 4 << 20  # bytes: above this a UTF-8 export is checked by pyarrow while it parses


def _utf8_fast_path(raw: bytes, file):
    """``(header, delimiter, encoding, table, facts)`` for a big plain-UTF-8 export, else None
    (``facts``: :func:`_byte_facts` of the data).

    Decoding a 300 MB export in Python only to prove it is UTF-8 costs a third of a second
    per 100,000 interviews; pyarrow checks every cell's UTF-8 while it parses (on all
    cores), so only the head is decoded here (for the delimiter and header).  Anything
    unusual — a code page, UTF-16, a NUL byte, a parse problem — returns None and the
    careful path (full decode, diagnosis by row) runs instead.
    """
    from concurrent.futures import ThreadPoolExecutor

    if len(raw) < _BIG or raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:65536]:
        return None
    bom = raw.startswith(b"\xef\xbb\xbf")
    data = raw[3:] if bom else raw
    head = data[:1_000_000].decode("utf-8", errors="ignore")  # a cut character at the end only
    try:
        data[:1_000_000].decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < 1_000_000 - 4:  # a real decoding error, not the cut at the end
            return None
    delimiter = _sniff_delimiter(head)
    # the bytes are searched (0.25 s per 300 MB) on a second thread while pyarrow parses
    # (it does not hold the GIL): off the path the reader waits on
    with ThreadPoolExecutor(max_workers=1) as background:
        facts = background.submit(_byte_facts, data)
        try:
            header = _parse_header(head, delimiter, file=file)
            table = _arrow_read(data, header, delimiter)
        except Exception:  # noqa: BLE001 - the careful path names the problem
            return None
        if table is None:
            return None
        return header, delimiter, "utf-8-sig" if bom else "utf-8", table, facts.result()


def _byte_facts(data: bytes) -> tuple:
    """``(may_hold_mojibake, has_question_marks)`` of UTF-8 ``data``: whether any cell can
    need a mojibake repair or show a character lost to ``?`` (else those scans are skipped)."""
    from wpsresearch.io.decoding import may_hold_mojibake

    return may_hold_mojibake(data), b"?" in data


def read_text_table(raw: bytes, *, file) -> TextTable:
    """Decode, find the delimiter, parse; every cell is text or <NA>."""
    fast = _utf8_fast_path(raw, file)
    if fast is not None:
        header, delimiter, encoding, table, facts = fast
        return _finish_table(table, header, encoding, delimiter, facts)
    decoded = decode_bytes(raw, file=file)
    text = decoded.text
    if not text or text.isspace():  # (text.strip() would copy a 300 MB export)
        raise InputError("the file is empty", file=file,
                         hint="download the export again; it should hold a header and rows")
    delimiter = _sniff_delimiter(text)
    header = _parse_header(text, delimiter, file=file)
    data = raw[3:] if decoded.encoding == "utf-8-sig" else raw
    if decoded.encoding in ("cp1256", "utf-16"):
        data = text.encode("utf-8")
    try:
        table = _arrow_read(data, header, delimiter)
    except Exception:  # noqa: BLE001 - pyarrow's errors do not name rows; diagnose below
        table = None
    if table is None:
        _diagnose(text, delimiter, len(header), file=file)
        raise InputError("the file could not be parsed as delimited text", file=file,
                         hint=f"check that the delimiter is '{delimiter}' and quotes are closed")
    return _finish_table(table, header, decoded.encoding, delimiter, _byte_facts(data))


def _finish_table(table, header, encoding, delimiter, facts) -> TextTable:
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    frame = table.to_pandas(types_mapper={pa.large_string(): pd.StringDtype("pyarrow")}.get)
    frame.columns = header
    source_rows = np.arange(2, len(frame) + 2)
    out = TextTable(frame, header, encoding, delimiter, source_rows,
                    may_hold_mojibake=facts[0], has_question_marks=facts[1])
    _drop_blank_and_hxl(out)
    return out


def _drop_blank_and_hxl(table: TextTable) -> None:
    table.frame, table.source_rows, table.hxl = drop_hxl_and_blank_rows(
        table.frame, table.source_rows, table.notes)


def blank_rows(frame):
    """``frame.isna().all(axis=1)`` as a numpy array: the rows where every cell is missing.

    A column with no missing cell proves that no row is blank, and an Arrow column knows its
    number of missing cells without a pass over them (a Kobo export's ``_uuid`` has none):
    testing 310 columns of 10^5 rows cell by cell cost 0.07 s of CPU per read.

    >>> import pandas as pd
    >>> blank_rows(pd.DataFrame({"a": pd.array([None, "x"], dtype="string[pyarrow]")})).tolist()
    [True, False]
    """
    import numpy as np

    from wpsresearch.text.columns import _arrow_data

    for j in range(frame.shape[1]):
        arrow = _arrow_data(frame.iloc[:, j].array)
        if arrow is None:
            break  # other storage: tested cell by cell below
        if arrow.null_count == 0:
            return np.zeros(len(frame), dtype=bool)
    return frame.isna().all(axis=1).to_numpy()


def drop_hxl_and_blank_rows(frame, source_rows, notes):
    """Drop an HXL tag row under the header and fully blank rows (numbers kept)."""
    hxl = False
    if len(frame):
        first = [v for v in frame.iloc[0].tolist() if isinstance(v, str)]
        if first and all(v.startswith("#") for v in first):
            hxl = True
            notes.append("an HXL hashtag row under the header was read as tags, not data")
            frame, source_rows = frame.iloc[1:], source_rows[1:]
    empty = blank_rows(frame)
    if empty.any():
        notes.append(f"{int(empty.sum())} blank row(s) skipped (rows "
                     f"{', '.join(map(str, source_rows[empty][:10]))})")
        frame, source_rows = frame.loc[~empty], source_rows[~empty]
    return frame.reset_index(drop=True), source_rows, hxl
