"""The one shape every reader returns: :class:`SurveyData` with its :class:`SourceInfo`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

__all__ = ["SurveyData", "SourceInfo", "file_sha256"]


def file_sha256(path, data: bytes | None = None) -> str:
    """SHA-256 (hex) of the file at ``path``; ``data``: its bytes, when already read (a
    300 MB export is then not read a second time)."""
    if data is not None:
        return hashlib.sha256(data).hexdigest()
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class SourceInfo:
    """Where the data came from and what the reader did to read it.

    Attributes
    ----------
    path : str
        The file read.
    format : str
        ``"kobo_csv"``, ``"kobo_legacy_csv"``, ``"kobo_xlsx"``, ``"odk_central_csv"``,
        ``"odk_central_zip"``, ``"spss"`` or ``"excel"``.
    encoding : str or None
        ``"utf-8"``, ``"utf-8-sig"`` (with BOM) or ``"cp1256"`` for text files.
    mojibake_repaired : bool
        True when UTF-8 text that had been read as Windows-1256 was repaired.
    sha256 : str
        Checksum of the file, for the build manifest.
    unknown_columns : list of str
        Columns the form does not define: kept in ``main`` under their own name.
    warnings : list of str
        Everything the reader noticed and did (dialect, repaired cells, derived columns,
        unlabeled SPSS codes ...), in plain words.
    column_map : dict
        ``{header in the file: column name in main}`` (for the cleaning log and for users
        who need to find a column of the original file).
    dialects : list of str
        Header spellings seen: ``kobo``, ``separator`` (``.``/``-`` paths), ``r``
        (``make.names``), ``labels``; plus ``hxl`` when a tag row was dropped.
    missing_codes : dict
        Codes the file itself declares missing, ``{column: {code: missing category}}``
        (SPSS user-missing values, named by their value labels: ``{"age": {"98":
        "dont_know"}}``); cleaning recodes them like a study's ``missing_codes``.
    """

    path: str
    format: str
    encoding: str | None = None
    mojibake_repaired: bool = False
    sha256: str | None = None
    unknown_columns: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    column_map: dict = field(default_factory=dict)
    dialects: list = field(default_factory=list)
    missing_codes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SurveyData:
    """Submissions read from a field export.

    Attributes
    ----------
    main : pandas.DataFrame
        One row per data row of the file, in file order.  ``source_row`` is the row number
        as a spreadsheet program shows it: the header is row 1, so the first data row is 2
        (3 when an HXL tag row follows the header).  Columns are form names (no group
        paths); select_multiple dummies are ``<question>__<choice>`` holding ``"1"``/``"0"``
        (``<NA>`` when the question was not asked); geopoint parts ``_<q>_latitude`` ...;
        metadata keep their Kobo names (``_uuid``, ``_index`` ...).  Answers are text
        (pandas ``string``); empty answers are ``<NA>``; nothing is converted to a number
        here (see :func:`wpsresearch.io.parse_number`).
    repeats : dict of str to pandas.DataFrame
        One table per repeat group (e.g. ``"roster"``) with its own ``source_row``, the
        export's link columns (``_index``/``_parent_index`` or ``KEY``/``PARENT_KEY``) and a
        uniform ``_parent_uuid`` (the ``_uuid`` of the submission the row belongs to).
    codebook : Codebook
    source : SourceInfo
    """

    main: object
    repeats: dict
    codebook: object
    source: SourceInfo

    def summary(self) -> str:
        reps = ", ".join(f"{k}: {len(v)} rows" for k, v in self.repeats.items()) or "none"
        return (f"{len(self.main)} submissions x {self.main.shape[1]} columns from "
                f"{self.source.path} ({self.source.format}, {self.source.encoding or '-'}); "
                f"repeats: {reps}; unknown columns: {len(self.source.unknown_columns)}; "
                f"notes: {len(self.source.warnings)}")

    def __repr__(self) -> str:
        return f"<SurveyData: {self.summary()}>"

    def _repr_html_(self) -> str:
        import html

        notes = "".join(f"<li>{html.escape(w)}</li>" for w in self.source.warnings)
        return (f"<p>{html.escape(self.summary())}</p><ul>{notes}</ul>"
                + self.main.head(10).to_html())

    def to_frame(self):
        """The main table (a copy)."""
        return self.main.copy()
