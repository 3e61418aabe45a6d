"""The codebook: what an XLSForm (or an SPSS dictionary) says about each variable."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from wpsresearch.errors import CodebookError

__all__ = ["Codebook", "language_code", "QUESTION_TYPES"]

# XLSForm languages are free text; "Arabic (ar)" is the ODK convention, "english" the REACH one.
_LANGUAGE_NAMES = {
    "english": "en", "arabic": "ar", "french": "fr", "kurdish": "ku", "sorani": "ckb",
    "kurmanji": "kmr", "kurdish sorani": "ckb", "kurdish kurmanji": "kmr", "spanish": "es",
    "turkish": "tr", "persian": "fa", "farsi": "fa", "syriac": "syc", "default": "default",
    "portuguese": "pt", "russian": "ru", "ukrainian": "uk",
}

# The XLSForm spec's type names (xlsform.org), as the codebook's ``base_type``; pyxform's
# aliases are resolved to these in io/form_tree.py.  ``*_from_repeat``: "select_one ${q}",
# choices are the answers given to a repeat question (pyxform's name for it: choices from
# previous repeat answers).
QUESTION_TYPES = frozenset({
    "select_one", "select_multiple", "select_one_from_file", "select_multiple_from_file",
    "select_one_external", "select_one_from_repeat", "select_multiple_from_repeat", "osm",
    "integer", "decimal", "range", "text", "date", "time", "datetime", "geopoint", "geotrace",
    "geoshape", "image", "audio", "video", "file", "barcode", "acknowledge", "rank",
    "calculate", "hidden", "xml-external", "csv-external", "start", "end", "today", "deviceid",
    "subscriberid", "simserial", "phonenumber", "username", "email", "audit",
    "start-geopoint", "background-audio", "background-geopoint",
})
_NOT_DATA = frozenset({"begin_group", "end_group", "begin_repeat", "end_repeat", "note",
                       "xml-external", "csv-external"})


def language_code(language: str) -> str:
    """ISO code of an XLSForm language: ``"Arabic (ar)"`` → ``"ar"``, ``"english"`` → ``"en"``.

    Examples
    --------
    >>> language_code("Arabic (ar)"), language_code("english"), language_code("Klingon")
    ('ar', 'en', 'Klingon')
    """
    match = re.search(r"\(([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)\)\s*$", language)
    if match:
        return match.group(1).lower()
    return _LANGUAGE_NAMES.get(language.strip().lower(), language.strip())


@dataclass(frozen=True)
class Codebook:
    """Variables, choices and languages of a form.

    Attributes
    ----------
    variables : pandas.DataFrame
        One row per element of the form (question, calculate, group, repeat; a loop is a
        group holding one group per choice of its list, as pyxform builds it): ``name``
        (unique: the form's name, or the full slash path ``group/name`` when the form uses
        the name in more than one group or repeat), ``type`` (as written), ``base_type`` (the
        XLSForm spec's name: ``select_one``, ``integer``, ``begin_group``…), ``list_name``,
        ``or_other``, ``group`` (slash path of the enclosing groups and repeats),
        ``repeat`` (``name`` of the innermost enclosing repeat, or None), ``relevant,
        constraint, required, choice_filter, calculation, appearance, repeat_count, default,
        read_only``, one ``label::<language>`` column per language, ``path`` (full slash
        path, as KoboToolbox writes the export header), ``form_name`` (the name as written)
        and ``sheet_row`` (row in the survey sheet, header = 1).
    choices : pandas.DataFrame
        ``list_name, name, label::<language>...``, the choices sheet's other columns
        (filters of cascading lists) and ``sheet_row``.
    languages : list of str
        As written in the form, e.g. ``["English (en)", "Arabic (ar)"]``; see
        :meth:`language_codes`.
    settings : dict
        The settings sheet (``form_id``, ``version``, ``default_language`` ...).
    source : str or None
        Path of the form file.
    warnings : list of str
        What the converter (pyxform) and the form checks noted about the form.
    """

    variables: object
    choices: object
    languages: list = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    source: str | None = None
    warnings: list = field(default_factory=list)

    # -- lookup -------------------------------------------------------------------------
    # Lookups are called per column by the cleaning steps and writers; the indexes below are
    # built once per codebook (cached_property writes to the instance dict, which a frozen
    # dataclass allows) instead of filtering the frames on every call.
    @cached_property
    def _row_of(self) -> dict:
        """Position of each name, and of each full path (``respondent/age``)."""
        v = self.variables
        rows: dict = {}
        for pos, (name, base) in enumerate(zip(v["name"], v["base_type"])):
            if base not in ("end_group", "end_repeat"):
                rows.setdefault(name, pos)
        if "path" in v.columns:
            for pos, path in enumerate(v["path"]):
                if isinstance(path, str):
                    rows.setdefault(path, pos)
        return rows

    @cached_property
    def _questions(self) -> dict:
        return {}

    @cached_property
    def _lists(self) -> dict:
        return {name: frame.reset_index(drop=True)
                for name, frame in self.choices.groupby("list_name", sort=False)}

    @cached_property
    def names(self) -> set:
        """Names of every question, calculate, group, repeat and metadata field."""
        return frozenset(set(self.variables["name"].dropna()) - {""})

    def language_codes(self) -> dict:
        """``{language as written: ISO code}``, e.g. ``{"Arabic (ar)": "ar"}``."""
        return {lang: language_code(lang) for lang in self.languages}

    def question(self, name: str):
        """The variables row (a Series) defining ``name`` (or full path ``group/name``)."""
        cached = self._questions.get(name)
        if cached is not None:
            return cached
        pos = self._row_of.get(name)
        if pos is None:
            raise CodebookError(
                f"the form has no question named '{name}'", file=self.source,
                hint="check the spelling against codebook.names",
            )
        row = self._questions[name] = self.variables.iloc[pos]
        return row

    def choices_for(self, name: str):
        """Choices (``name`` and labels) of a select question, in form order."""
        list_name = self.question(name)["list_name"]
        if not isinstance(list_name, str) or not list_name:
            raise CodebookError(f"'{name}' is not a select question", file=self.source)
        frame = self._lists.get(list_name)
        if frame is None:
            return self.choices.iloc[0:0].reset_index(drop=True)
        return frame.copy()

    def _language_column(self, lang: str, frame) -> str | None:
        wanted = [c for c in frame.columns if c.startswith("label::")]
        for column in wanted:
            language = column[len("label::"):]
            if language == lang or language_code(language) == lang:
                return column
        return wanted[0] if wanted else None

    def label(self, name: str, lang: str = "en", *, choice: str | None = None) -> str:
        """Label of a question (or of one of its choices) in a language (code or name).

        Falls back to the first label language, then to the name itself.
        """
        if choice is None:
            row = self.question(name)
            frame = self.variables
        else:
            options = self.choices_for(name)
            hit = options[options["name"] == str(choice)]
            if hit.empty:
                return str(choice)
            row, frame = hit.iloc[0], self.choices
        column = self._language_column(lang, frame)
        text = row.get(column) if column else None
        return text if isinstance(text, str) and text else (name if choice is None else str(choice))

    def _names_of(self, base_types) -> list:
        v = self.variables
        return v.loc[v["base_type"].isin(base_types), "name"].tolist()

    def select_multiple(self) -> list:
        """Names of the select_multiple questions, in form order."""
        return self._names_of(["select_multiple", "select_multiple_from_file"])

    def select_one(self) -> list:
        """Names of the select_one questions, in form order."""
        return self._names_of(["select_one", "select_one_from_file"])

    def repeats(self) -> list:
        """Names of the repeat groups, in form order."""
        return self._names_of(["begin_repeat"])

    def groups(self) -> list:
        """Names of the (non-repeat) groups, in form order."""
        return self._names_of(["begin_group"])

    def data_names(self) -> list:
        """Names of the fields that hold answers (no groups, repeats, notes), in form order."""
        v = self.variables
        keep = ~v["base_type"].isin(list(_NOT_DATA)) & v["name"].notna() & (v["name"] != "")
        return v.loc[keep, "name"].tolist()

    def path(self, name: str) -> str:
        """Slash path of a field as Kobo writes it: ``"respondent/age"``."""
        row = self.question(name)
        if isinstance(row.get("path"), str):
            return row["path"]
        group = row["group"]
        return f"{group}/{name}" if isinstance(group, str) and group else name

    def other_of(self, name: str) -> str | None:
        """The ``<name>_other`` text question that details the ``other`` choice, if any."""
        try:
            options = self.choices_for(name)
        except CodebookError:
            return None
        if "other" not in set(options["name"]):
            return None
        beside = f"{self.path(name)}_other"  # in the select's own group first
        if beside in self._row_of:
            return self.variables["name"].iloc[self._row_of[beside]]
        written = self.question(name).get("form_name")
        candidate = f"{written if isinstance(written, str) else name}_other"
        return candidate if candidate in self.names else None

    def repeat_of(self, name: str) -> str | None:
        """Innermost repeat that holds ``name`` (None for the main table)."""
        value = self.question(name)["repeat"]
        return value if isinstance(value, str) and value else None

    # -- display ------------------------------------------------------------------------
    def summary(self) -> str:
        v = self.variables
        counts = v["base_type"].value_counts()
        parts = ", ".join(f"{counts.get(t, 0)} {t}" for t in
                          ("select_one", "select_multiple", "integer", "text", "calculate"))
        return (f"Codebook of {self.source or 'a form'}: {len(self.data_names())} fields "
                f"({parts}); {len(self.repeats())} repeat(s); languages: "
                f"{', '.join(self.languages) or 'none'}")

    def __repr__(self) -> str:
        return f"<{self.summary()}>"

    def _repr_html_(self) -> str:
        import html

        return f"<p>{html.escape(self.summary())}</p>" + self.variables.head(50).to_html()

    def to_frame(self):
        """The variables table (a copy)."""
        return self.variables.copy()

