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

__all__ = ["freeze_zip_timestamps", "FIXED_ZIP_TIME"]

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIXED_W3CDTF = b"2000-01-01T00:00:00Z"
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def freeze_zip_timestamps(path) -> None:
    """Rewrite the ZIP/XLSX at ``path`` in place with every entry dated :data:`FIXED_ZIP_TIME`."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _CORE_DATES.sub(rb"\g<1>" + _FIXED_W3CDTF + rb"\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            fixed.create_system = 0
            dst.writestr(fixed, data)
    os.replace(tmp, path)
