"""One bilingual label table for everything the toolkit prints or draws.

The table is the union of the CSV files in this folder (``common.csv``, ``sgbv.csv``,
``stats.csv``, ...), each with the columns ``key, en, ar, reviewed``.  ``reviewed`` is
``true`` when a named standard or a person confirmed the Arabic term; builds list the
unreviewed terms they used in a QA file.  Forms bring their own labels
(``label::Arabic (ar)``); :meth:`Labels.with_form` layers them on top.

Examples
--------
>>> from wpsresearch.labels import Labels
>>> lab = Labels.default()
>>> lab.get("synthetic_stamp", "en")
'SYNTHETIC DATA: not real statistics'
>>> lab.get("synthetic_stamp", "ar")
'بيانات مُصطنعة: ليست إحصاءات حقيقية'
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from importlib import resources

from wpsresearch.errors import CodebookError

__all__ = ["Labels", "LANGUAGES", "at_level"]

LANGUAGES = ("en", "ar")
_COLUMNS = ["key", "en", "ar", "reviewed"]
_DEFAULT_LEVEL = 0.95


def at_level(text: str, level) -> str:
    """A label written for 95% confidence, said at ``level`` instead.

    The label table writes intervals as "95%" in each language (the usual level); an analysis
    plan row may ask another (analysistools' ``level``, e.g. 0.90), and its table header,
    sentence and image must then say that level, not 95%.

    Examples
    --------
    >>> at_level("95% confidence interval", 0.9), at_level("فترة الثقة 95%", 0.99)
    ('90% confidence interval', 'فترة الثقة 99%')
    >>> at_level("95% CI 21.7–39.8", 0.95), at_level("95% CI", None)
    ('95% CI 21.7–39.8', '95% CI')
    """
    if level is None or abs(float(level) - _DEFAULT_LEVEL) < 1e-9:
        return text
    return text.replace("95%", f"{float(level) * 100:g}%")


def _parse_bool(text: str, *, file: str, row: int) -> bool:
    value = text.strip().lower()
    if value in {"true", "yes", "1"}:
        return True
    if value in {"false", "no", "0", ""}:
        return False
    raise CodebookError(
        f"'reviewed' must be true or false, not {text!r}", file=file, row=row, column="reviewed"
    )


@functools.lru_cache(maxsize=1)
def _package_rows() -> tuple[tuple[str, str, str, bool, str], ...]:
    rows = []
    seen: dict[str, str] = {}
    folder = resources.files("wpsresearch.labels")
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".csv"):
            continue
        text = entry.read_text(encoding="utf-8")
        reader = csv.reader(text.splitlines())
        header = next(reader, None)
        if header != _COLUMNS:
            raise CodebookError(
                f"label table header must be {','.join(_COLUMNS)}, found {header}",
                file=entry.name, row=1,
            )
        for i, rec in enumerate(reader, start=2):
            if not rec or not "".join(rec).strip():
                continue
            if len(rec) != 4:
                raise CodebookError(
                    f"expected 4 fields, found {len(rec)}", file=entry.name, row=i
                )
            key, en, ar, reviewed = rec
            if key in seen:
                raise CodebookError(
                    f"label key {key!r} is defined twice (also in {seen[key]})",
                    file=entry.name, row=i, column="key",
                )
            if not en.strip() or not ar.strip():
                raise CodebookError(
                    f"label {key!r} needs both an English and an Arabic text",
                    file=entry.name, row=i,
                )
            seen[key] = entry.name
            rows.append((key, en, ar, _parse_bool(reviewed, file=entry.name, row=i), entry.name))
    return tuple(rows)


@dataclass(frozen=True)
class Labels:
    """Bilingual labels: ``key -> {en, ar}`` plus a ``reviewed`` flag per key.

    Use :meth:`default` for the package table; :meth:`with_form` adds a form's own labels.
    """

    table: dict = field(default_factory=dict)
    reviewed: dict = field(default_factory=dict)
    source: dict = field(default_factory=dict)

    @classmethod
    def default(cls) -> "Labels":
        """The package label table (all ``wpsresearch/labels/*.csv``)."""
        rows = _package_rows()
        return cls(
            table={k: {"en": en, "ar": ar} for k, en, ar, _, _ in rows},
            reviewed={k: rev for k, _, _, rev, _ in rows},
            source={k: src for k, _, _, _, src in rows},
        )

    def get(self, key: str, lang: str = "en", default: str | None = None) -> str:
        """Label of ``key`` in ``lang``; ``default`` (or the key itself) when absent."""
        if lang not in LANGUAGES:
            raise CodebookError(f"unknown language {lang!r}; use one of {LANGUAGES}")
        entry = self.table.get(key)
        if entry is None:
            return key if default is None else default
        return entry[lang]

    def __contains__(self, key: str) -> bool:
        return key in self.table

    def __len__(self) -> int:
        return len(self.table)

    def with_entries(self, entries: dict, *, reviewed: bool = False, source: str = "user") -> "Labels":
        """A copy with extra ``{key: {"en": ..., "ar": ...}}`` entries layered on top."""
        table = dict(self.table)
        rev = dict(self.reviewed)
        src = dict(self.source)
        for key, texts in entries.items():
            table[key] = {"en": texts.get("en") or key, "ar": texts.get("ar") or texts.get("en") or key}
            rev[key] = reviewed
            src[key] = source
        return Labels(table=table, reviewed=rev, source=src)

    def unreviewed(self, keys=None) -> list[str]:
        """Keys (of ``keys``, or all) whose Arabic term has not been reviewed."""
        keys = self.table if keys is None else keys
        return sorted(k for k in keys if k in self.table and not self.reviewed.get(k, False))

    def to_frame(self):
        """The table as a DataFrame ``key, en, ar, reviewed, source``."""
        import pandas as pd

        return pd.DataFrame(
            [
                {"key": k, "en": v["en"], "ar": v["ar"], "reviewed": self.reviewed.get(k, False),
                 "source": self.source.get(k, "")}
                for k, v in self.table.items()
            ],
            columns=["key", "en", "ar", "reviewed", "source"],
        )
