"""Byte-identical outputs: the same inputs must give the same files.

XLSX (and ZIP) writers stamp every archive entry with the current time, and openpyxl also
writes the save time into ``docProps/core.xml`` (``dcterms:modified``) whatever the workbook
properties say, so two builds of the same data differ byte for byte.
:func:`freeze_zip_timestamps` rewrites an archive with a fixed timestamp (and fixed
created/modified document properties), keeping entry order, names, contents and compression.
openpyxl has no option for this, hence the post-processing.

Examples
--------
>>> import zipfile, tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "a.zip")
>>> with zipfile.ZipFile(path, "w") as z:
...     z.writestr("x.txt", "hello")
>>> freeze_zip_timestamps(path)
>>> zipfile.ZipFile(path).infolist()[0].date_time
(1980, 1, 1, 0, 0, 0)
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

__all__ = ["freeze_zip_timestamps", "fixed_entry", "fixed_core_dates", "FIXED_ZIP_TIME"]

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIXED_W3CDTF = "2000-01-01T00:00:00Z"
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def fixed_entry(name: str, *, date_time=FIXED_ZIP_TIME, compress_type=zipfile.ZIP_DEFLATED,
                level: int | None = None, external_attr: int = 0o600 << 16,
                create_system: int = 0) -> zipfile.ZipInfo:
    """A ZIP entry whose every header field is fixed: the one rule for archives we write.

    ``zipfile.ZipInfo`` otherwise takes ``create_system`` from the platform (0 on Windows,
    3 elsewhere), so the same workbook saved on Windows and Linux would differ.

    >>> fixed_entry("a.xml").date_time, fixed_entry("a.xml").create_system
    ((1980, 1, 1, 0, 0, 0), 0)
    """
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = compress_type
    if level is not None:
        info._compresslevel = level  # ZipFile.writestr ignores the archive's level for a ZipInfo
    info.external_attr = external_attr
    info.create_system = create_system
    return info


def fixed_core_dates(data: bytes, w3cdtf: str = _FIXED_W3CDTF) -> bytes:
    """``docProps/core.xml`` with its created/modified dates set to ``w3cdtf`` (openpyxl
    writes the save time there whatever the workbook's properties say).

    >>> fixed_core_dates(b"<dcterms:modified x='1'>2031-05-05T10:00:00Z</dcterms:modified>")
    b"<dcterms:modified x='1'>2000-01-01T00:00:00Z</dcterms:modified>"
    """
    return _CORE_DATES.sub(rb"\g<1>" + w3cdtf.encode("ascii") + rb"\g<2>", data)


def freeze_zip_timestamps(path) -> None:
    """Rewrite the ZIP/XLSX at ``path`` in place with every entry dated :data:`FIXED_ZIP_TIME`."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = fixed_core_dates(data)
            dst.writestr(fixed_entry(info.filename, compress_type=info.compress_type,
                                     external_attr=info.external_attr), data)
    os.replace(tmp, path)
