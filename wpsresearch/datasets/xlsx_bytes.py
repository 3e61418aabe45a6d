"""Byte-identical XLSX files from openpyxl.

openpyxl stamps ``docProps/core.xml`` with the current time on every save and ``zipfile``
stamps each entry with the current time, so two saves of the same workbook differ.  We
save to memory, then rewrite the archive with fixed timestamps (the fieldwork start date,
in ``core.xml`` and on every zip entry) and a fixed entry order — through the package's one
rule for archives (:func:`wpsresearch.io.deterministic.fixed_entry`); only the date differs
from the other outputs' (the synthetic study's files keep the date they were published with).
"""

from __future__ import annotations

import io
import zipfile

from wpsresearch.io.deterministic import fixed_core_dates, fixed_entry

FIXED_W3CDTF = "2026-03-01T00:00:00Z"
_ZIP_TIME = (2026, 3, 1, 0, 0, 0)


def workbook_bytes(wb) -> bytes:
    """The workbook as deterministic XLSX bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info, data in _fixed_parts(wb):
            dst.writestr(info, data)
    return out.getvalue()


def _fixed_parts(wb):
    """``(ZipInfo, bytes)`` of each part of ``wb`` with fixed dates and attributes."""
    import datetime as dt

    wb.properties.creator = "wpsresearch synth (SYNTHETIC data)"
    wb.properties.created = dt.datetime(2026, 3, 1)
    wb.properties.lastModifiedBy = "wpsresearch"
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    for name in src.namelist():
        data = src.read(name)
        if name == "docProps/core.xml":
            data = fixed_core_dates(data, FIXED_W3CDTF)
        # create_system 3 (Unix), as the committed workbooks were written, on every platform
        yield fixed_entry(name, date_time=_ZIP_TIME, level=9, create_system=3), data


_EMPTY_SHEET_DATA = b"<sheetData></sheetData>"


def workbook_bytes_streamed(sheet_names, sheets: dict, *, level: int = 9) -> bytes:
    """Deterministic XLSX bytes of a workbook whose sheet XML is streamed in.

    openpyxl lays out the package (workbook, styles, relations, properties) for empty
    write-only sheets named ``sheet_names``; ``sheets`` maps an archive name such as
    ``xl/worksheets/sheet1.xml`` to a function returning blocks of ``<row>`` XML, which are
    compressed as they come (the deflate stream does not depend on how the input is split).
    ``level`` is the deflate level of the streamed sheets (the small parts always use 9).
    """
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name in sheet_names:
        wb.create_sheet(name)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info, data in _fixed_parts(wb):
            name = info.filename
            if name not in sheets:
                dst.writestr(info, data)
                continue
            head, tail = data.split(_EMPTY_SHEET_DATA)
            info._compresslevel = level
            with dst.open(info, "w") as f:
                f.write(head + b"<sheetData>")
                for block in sheets[name]():
                    f.write(block)
                f.write(b"</sheetData>" + tail)
    return out.getvalue()
