"""Read a study's analysis plan: IMPACT's "list of analysis" plus the report's own columns.

Iraqi partners already describe analyses as the input of ``analysistools::create_analysis``
(IMPACT Initiatives): one row per analysis with ``analysis_type``, ``analysis_var``,
``group_var`` and ``level`` (+ ``analysis_var_numerator``, ``analysis_var_denominator``,
``numerator_NA_to_0``, ``filter_denominator_0`` for ratios).  The same file, with optional
report columns, drives the province reports, fact sheets and campaign images:

==========================  ============================================================
column                      meaning
==========================  ============================================================
``analysis_type``           ``prop_select_one``, ``prop_select_multiple``, ``mean``,
                            ``median``, ``ratio`` (analysistools), ``total``, ``quantile``
``analysis_var``            the question (form name) or a constructed indicator
                            (``ipv_any_12m``, see ``indicators:`` in study.yml)
``group_var``               grouping question(s), several separated by commas; blank: none
``level``                   confidence level (default 0.95)
``probs``                   quantiles of a ``quantile`` row, e.g. ``0.25, 0.5, 0.75``
``section``                 report section (blank: the form group of ``analysis_var``;
                            ``none``: results table, key findings and fact sheets only)
``section::Arabic (ar)``    the section's title in Arabic (also ``section::English (en)``)
``label::English (en)``     the indicator's label (default: the form's label)
``label::Arabic (ar)``      its Arabic label (default: the form's)
``where``                   a domain or denominator filter, e.g. ``sex == 'female'``
                            (:mod:`wpsresearch.io.plan_where`)
``chart``                   ``bar``, ``map`` (by ``adm1_pcode``/``adm2_pcode``) or ``none``
``headline``                ``yes``: a key finding, fact-sheet number and campaign image
``test``                    ``chisq``: design-based test of association with ``group_var``
``nap_pillar``, ``sdg``     monitoring codes: a NAP 1325 pillar or sector (``protection``)
                            and SDG indicator(s) (``5.2.1; 16.1.3``), from the framework
                            (:mod:`wpsresearch.framework`); an unknown code is an error
==========================  ============================================================

Other columns (a partner's own notes) are kept in :meth:`AnalysisPlan.to_frame` and
otherwise ignored.  Every problem is an :class:`~wpsresearch.errors.AnalysisPlanError` naming
the plan file, its row (as a spreadsheet shows it: the header is row 1) and the column.

Examples
--------
>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "plan.csv"
>>> _ = path.write_text("analysis_type,analysis_var,group_var,level,headline\\n"
...                     "prop_select_one,q1,sex,0.95,yes\\nmean,age,,,\\n", encoding="utf-8")
>>> plan = read_analysis_plan(path)
>>> [(r.row, r.analysis_type, r.analysis_var, r.group_var, r.headline) for r in plan]
[(2, 'prop_select_one', 'q1', ('sex',), True), (3, 'mean', 'age', (), False)]
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from wpsresearch.errors import AnalysisPlanError

__all__ = ["AnalysisPlan", "PlanRow", "read_analysis_plan", "ANALYSIS_TYPES", "LOA_COLUMNS",
           "REPORT_COLUMNS", "PLAN_OPTIONS"]

# analysistools' create_analysis types, then this package's two additions
ANALYSIS_TYPES = ("prop_select_one", "prop_select_multiple", "mean", "median", "ratio",
                  "total", "quantile")
LOA_COLUMNS = ("analysis_type", "analysis_var", "group_var", "level", "analysis_var_numerator",
               "analysis_var_denominator", "numerator_NA_to_0", "filter_denominator_0")
REPORT_COLUMNS = ("section", "where", "chart", "headline", "test", "nap_pillar", "sdg", "probs")
_REQUIRED = ("analysis_type", "analysis_var", "group_var")  # as analysistools::check_loa
_RATIO = ("analysis_var_numerator", "analysis_var_denominator")
CHARTS = ("bar", "map", "none")
TESTS = ("chisq",)
NO_SECTION = "none"
# plan-wide options (study.yml: analysis_plan: {file: ..., <option>: ...}), with their values
PLAN_OPTIONS = {
    # analysistools counts "don't know" / "refused" answers in the base of a proportion
    # ("include"); this package leaves them out and reports how many ("exclude")
    "missing_answers": ("exclude", "include"),
    # R svyciprop's logit interval (default) or srvyr/analysistools' symmetric one ("mean")
    "proportion_ci": ("logit", "mean", "beta", "asin", "xlogit", "wilson"),
}
_TRUE = {"yes", "true", "1", "y"}
_FALSE = {"no", "false", "0", "n", ""}
_NAMES_WITHOUT_FORM = ("adm1_pcode", "adm2_pcode")  # columns the build adds (geo p-codes)
# form types whose answers are not numbers (a mean or ratio of them is a plan error)
_NOT_NUMBERS = frozenset({"select_one", "select_multiple", "select_one_from_file",
                          "select_multiple_from_file", "text", "date", "time", "datetime",
                          "start", "end", "today", "geopoint", "geotrace", "geoshape", "image",
                          "audio", "video", "file", "barcode", "rank", "deviceid", "username",
                          "phonenumber", "email", "acknowledge", "begin_group", "begin_repeat"})


@dataclass(frozen=True)
class PlanRow:
    """One analysis of the plan.

    ``row`` is the row in the plan file as a spreadsheet shows it (header = 1).  ``labels``
    and ``section_labels`` map a language code (``en``, ``ar``) to the plan's text.
    """

    row: int
    analysis_type: str
    analysis_var: str | None
    group_var: tuple = ()
    level: float = 0.95
    numerator: str | None = None
    denominator: str | None = None
    numerator_na_to_0: bool = True
    filter_denominator_0: bool = True
    section: str | None = None
    section_labels: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    labels: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    where: object = None  # PlanFilter or None
    chart: str = "none"
    headline: bool = False
    test: str | None = None
    nap_pillar: str | None = None
    sdg: str | None = None
    probs: tuple = ()

    @property
    def variables(self) -> tuple:
        """Every data column the row reads (analysed, grouping and filter columns)."""
        own = (self.numerator, self.denominator) if self.analysis_type == "ratio" else (self.analysis_var,)
        where = self.where.columns if self.where is not None else ()
        return tuple(dict.fromkeys(c for c in (*own, *self.group_var, *where) if c))

    @property
    def name(self) -> str:
        """The analysed variable (``num/den`` for a ratio): the row's label key."""
        if self.analysis_type == "ratio":
            return f"{self.numerator}/{self.denominator}"
        return str(self.analysis_var)

    def describe(self) -> str:
        """One line in words, e.g. ``prop_select_one of q1 by sex where sex == 'female'``."""
        text = f"{self.analysis_type} of {self.name}"
        if self.group_var:
            text += f" by {', '.join(self.group_var)}"
        if self.where is not None:
            text += f" where {self.where.text}"
        extras = [f"chart {self.chart}"] if self.chart != "none" else []
        extras += [f"test {self.test}"] if self.test else []
        extras += ["headline"] if self.headline else []
        return text + (f" ({'; '.join(extras)})" if extras else "")


@dataclass(frozen=True)
class AnalysisPlan:
    """A validated analysis plan: its rows, the file it came from and plan-wide options.

    Attributes
    ----------
    rows : tuple of PlanRow
    path : Path or None
    frame : pandas.DataFrame
        The plan as read (every column, text), for display and export.
    missing_answers : {"exclude", "include"}
        ``include`` keeps "don't know"/"refused" answers in the base of proportions, as
        analysistools does; ``exclude`` (default) leaves them out and reports how many.
    proportion_ci : str
        Interval of proportions (:func:`wpsresearch.stats.proportion` ``ci=``); ``mean``
        is srvyr's (analysistools') symmetric interval.
    """

    rows: tuple
    path: Path | None = None
    frame: object = None
    missing_answers: str = "exclude"
    proportion_ci: str = "logit"

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, number: int) -> PlanRow:
        """The row with this spreadsheet row number (header = 1, first analysis = 2)."""
        for r in self.rows:
            if r.row == number:
                return r
        raise AnalysisPlanError(f"the plan has no analysis in row {number}", file=self.path,
                                row=number, hint=f"its rows are {self.rows[0].row} to "
                                f"{self.rows[-1].row}" if self.rows else "the plan is empty")

    def sections(self) -> dict:
        """``{section: [PlanRow, ...]}`` in the order sections first appear (``none`` left out).

        A row without a section is keyed ``None``: the report puts it under the form group of
        its variable.
        """
        out: dict = {}
        for r in self.rows:
            if r.section is not None and r.section.strip().lower() == NO_SECTION:
                continue
            out.setdefault(r.section, []).append(r)
        return out

    def headlines(self) -> tuple:
        """The rows marked ``headline: yes``, in plan order."""
        return tuple(r for r in self.rows if r.headline)

    def variables(self) -> tuple:
        """Every column the plan reads, in plan order."""
        return tuple(dict.fromkeys(c for r in self.rows for c in r.variables))

    def with_options(self, **options) -> "AnalysisPlan":
        """A copy with other plan-wide options (``missing_answers``, ``proportion_ci``)."""
        _check_options(options, self.path)
        return replace(self, **options)

    def check_columns(self, columns, *, what: str = "the data", select_multiple=(),
                      codebook=None) -> None:
        """Every column the plan reads must be in ``columns``.

        ``select_multiple``: questions whose options are separate ``q/option`` or
        ``q__option`` columns (a ``prop_select_multiple`` row names the question).
        ``codebook``: the form, to say when a missing name is a question of a repeat group
        (the plan analyses the main table, one row per interview).

        Raises
        ------
        AnalysisPlanError
            Naming the plan row, the plan column and the unknown name, with the closest
            known names.
        """
        present = set(map(str, columns))
        multiple = set(select_multiple) | _multiple_prefixes(present)
        for r in self.rows:
            for column, name in _row_names(r):
                ok = name in present or (r.analysis_type == "prop_select_multiple"
                                         and column == "analysis_var" and name in multiple)
                if not ok:
                    if name in _NAMES_WITHOUT_FORM:
                        level = name.split("_")[0]
                        raise AnalysisPlanError(
                            f"{column} names {name!r}, which is not in {what}", file=self.path,
                            row=r.row, column=column,
                            hint=f"the build adds {name} from the study's "
                                 f"{'governorate' if level == 'adm1' else 'district'} question: "
                                 f"name it in study.yml (admin_columns: {{{level}: <question>}})"
                                 " and build again")
                    group = _repeat_of(codebook, name)
                    if group:
                        raise AnalysisPlanError(
                            f"{column} names {name!r}, a question of the repeat group "
                            f"'{group}', and the plan analyses {what}: one row per interview",
                            file=self.path, row=r.row, column=column,
                            hint="analyse a question of the main part of the form, or a count "
                                 "or share the form calculates from the repeat (a calculate "
                                 "question)")
                    close = difflib.get_close_matches(name, sorted(present), n=3)
                    raise AnalysisPlanError(
                        f"{column} names {name!r}, which is not in {what}", file=self.path,
                        row=r.row, column=column,
                        hint=(f"did you mean {', '.join(close)}? " if close else "")
                        + "use a question name from the form, a select_multiple question, or "
                          "an indicator the study's indicators: block adds (study.yml)")

    def check_against_form(self, codebook, *, known=()) -> None:
        """What the form says about each name must fit the analysis (a check-study error,
        not a table of nothing after the report has run): a mean, median, quantile, total or
        ratio needs a number; ``prop_select_multiple`` a select_multiple question and
        ``prop_select_one`` or a ``group_var`` not one (their answers are combinations);
        a ``where`` text compared with a select question must be one of its choices.  Names
        that are not form questions (indicators, p-codes) are not judged here.

        Raises
        ------
        AnalysisPlanError
            Naming the plan row and column, what the form says and what to write instead.
        """
        from wpsresearch.io.missing import MISSING_CATEGORIES

        v = codebook.variables
        form_names = set(v["name"]) - set(known)
        base = dict(zip(v["name"], v["base_type"]))

        def fail(r, column, message, hint):
            raise AnalysisPlanError(message, file=self.path, row=r.row, column=column, hint=hint)

        for r in self.rows:
            for column, name in _row_names(r):
                if name not in form_names:
                    continue
                kind = base.get(name)
                if column == "where":
                    continue
                if kind == "select_multiple" and (column == "group_var" or
                                                  r.analysis_type == "prop_select_one"):
                    fail(r, column, f"'{name}' is a select_multiple question: its answers are "
                         "combinations of choices", "use analysis_type prop_select_multiple "
                         "for it, and group by a select_one question")
                if r.analysis_type == "prop_select_multiple" and column == "analysis_var" and \
                        kind != "select_multiple":
                    fail(r, column, f"prop_select_multiple needs a select_multiple question; "
                         f"'{name}' is {kind}", "use prop_select_one for a select_one question")
                numeric = r.analysis_type in ("mean", "median", "quantile", "total", "ratio")
                if numeric and column != "group_var" and kind in _NOT_NUMBERS:
                    fail(r, column, f"a {r.analysis_type} needs a number; '{name}' is {kind}",
                         "use prop_select_one (or prop_select_multiple) for answers that are "
                         "choices or text")
            if r.where is None:
                continue
            for name, text in r.where.compared_texts():
                if name not in form_names or base.get(name) not in ("select_one", "select_multiple"):
                    continue
                choices = list(dict.fromkeys(codebook.choices_for(name)["name"].astype(str)))
                if text not in choices and text not in MISSING_CATEGORIES:
                    close = difflib.get_close_matches(text, choices, n=3)
                    fail(r, "where", f"where compares '{name}' with {text!r}, which is not one "
                         f"of its choices", (f"did you mean {', '.join(close)}? " if close else "")
                         + f"its choices: {', '.join(choices[:12])}"
                         + ("…" if len(choices) > 12 else ""))

    def to_frame(self):
        """The plan as read (all columns, as text)."""
        return self.frame.copy()

    def summary(self) -> str:
        kinds = {}
        for r in self.rows:
            kinds[r.analysis_type] = kinds.get(r.analysis_type, 0) + 1
        parts = ", ".join(f"{n} {k}" for k, n in kinds.items())
        return (f"Analysis plan {self.path.name if self.path else ''}: {len(self.rows)} "
                f"analyses ({parts}); {len(self.headlines())} headline(s); "
                f"{len(self.sections())} section(s)")

    def __repr__(self) -> str:
        return f"<{self.summary()}>"

    def _repr_html_(self) -> str:
        import html

        return f"<p>{html.escape(self.summary())}</p>"


def _row_names(r: PlanRow):
    if r.analysis_type == "ratio":
        yield "analysis_var_numerator", r.numerator
        yield "analysis_var_denominator", r.denominator
    else:
        yield "analysis_var", r.analysis_var
    for g in r.group_var:
        yield "group_var", g
    if r.where is not None:
        for c in r.where.columns:
            yield "where", c


def _repeat_of(codebook, name) -> str | None:
    if codebook is None or name not in codebook.names:
        return None
    group = codebook.question(name).get("repeat")
    return group if isinstance(group, str) and group else None


def _multiple_prefixes(columns) -> set:
    """Questions that have option columns ``q/opt`` (Kobo) or ``q__opt`` (processed data)."""
    out = set()
    for c in columns:
        for sep in ("__", "/"):
            if sep in c:
                out.add(c.rsplit(sep, 1)[0])
    return out


def _check_options(options, path):
    for key, value in options.items():
        if key not in PLAN_OPTIONS:
            raise AnalysisPlanError(f"unknown plan option {key!r}", file=path,
                                    hint=f"plan options: {', '.join(PLAN_OPTIONS)}")
        if value not in PLAN_OPTIONS[key]:
            raise AnalysisPlanError(f"plan option {key} must be one of "
                                    f"{', '.join(PLAN_OPTIONS[key])}, not {value!r}", file=path)


# ---------------------------------------------------------------------------- reading
def _read_cells(path: Path):
    """``(header, [(sheet_row, [text, ...]), ...], sheet)`` from a CSV or XLSX plan."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from wpsresearch.io.xlsx_table import open_workbook, sheet_rows

        book = open_workbook(path, what="analysis plan")
        try:
            names = {n.strip().lower(): n for n in book.sheetnames}
            sheet = next((names[k] for k in ("analysis_plan", "loa", "list_of_analysis")
                          if k in names), book.sheetnames[0])
            header, rows = sheet_rows(book, sheet, file=path)
        finally:
            book.close()
        return header, rows, sheet
    if suffix not in (".csv", ".txt"):
        raise AnalysisPlanError(f"an analysis plan is a .csv or .xlsx file, not {suffix or 'a file without extension'}",
                                file=path, hint="save the list of analysis as CSV (UTF-8) or XLSX")
    from wpsresearch.io.csv_table import read_text_table

    import pandas as pd

    table = read_text_table(path.read_bytes(), file=path)
    frame = table.frame
    rows = []
    for number, values in zip(table.source_rows, frame.itertuples(index=False)):
        rows.append((int(number), [None if pd.isna(v) else str(v).strip() for v in values]))
    return [str(h).strip() for h in table.header], rows, None


def _canonical_header(header, path, sheet):
    """Header names as the plan's columns (case and spaces forgiven); near-misses refused."""
    known = {c.lower(): c for c in (*LOA_COLUMNS, *REPORT_COLUMNS)}
    out, seen = [], {}
    for i, name in enumerate(header):
        key = name.strip()
        canonical = known.get(key.lower())
        if canonical is None and key.lower().startswith(("label::", "section::")):
            canonical = key
        if canonical is None:
            close = difflib.get_close_matches(key.lower(), list(known), n=1, cutoff=0.85)
            if close:
                raise AnalysisPlanError(f"unknown column {key!r}", file=path, sheet=sheet, row=1,
                                        column=key, hint=f"did you mean '{known[close[0]]}'?")
            canonical = key  # a partner's own column: kept, not read
        if canonical in seen:
            raise AnalysisPlanError(f"the column {canonical!r} appears twice", file=path,
                                    sheet=sheet, row=1, column=canonical,
                                    hint="keep one column of each name")
        seen[canonical] = i
        out.append(canonical)
    missing = [c for c in _REQUIRED if c not in seen]
    if missing:
        raise AnalysisPlanError(
            f"the plan has no column {missing[0]!r}"
            + (f" (nor {', '.join(repr(m) for m in missing[1:])})" if missing[1:] else ""),
            file=path, sheet=sheet, row=1, column=missing[0],
            hint="a list of analysis has at least analysis_type, analysis_var and group_var "
                 "(leave group_var empty for no grouping), as analysistools::check_loa requires")
    return out


def _language_columns(header, prefix):
    from wpsresearch.io.codebook import language_code

    return {language_code(h[len(prefix):]): h for h in header if h.lower().startswith(prefix)}


def read_analysis_plan(path, *, codebook=None, known=(), missing_answers: str = "exclude",
                       proportion_ci: str = "logit", framework=None) -> AnalysisPlan:
    """Read and validate an analysis plan (IMPACT list of analysis + report columns).

    Parameters
    ----------
    path : path-like
        A ``.csv`` (UTF-8, ``,`` or ``;``) or ``.xlsx`` (sheet ``analysis_plan`` or ``loa``,
        else the first) file; the header is row 1.
    codebook : Codebook, optional
        The study's form: every name the plan reads must then be a question of the form, a
        select_multiple question, a p-code column the build adds (``adm1_pcode``,
        ``adm2_pcode``) or one of ``known``.
    known : iterable of str
        Further names that are valid, e.g. the indicators the study's ``indicators:`` block
        adds (``ipv_any_12m``).
    missing_answers : {"exclude", "include"}
        See :class:`AnalysisPlan`.
    proportion_ci : str
        See :class:`AnalysisPlan`.
    framework : wpsresearch.framework.Framework, optional
        The codes ``nap_pillar`` and ``sdg`` may use (default: the shipped NAP 1325 / SDG
        framework).  Codes are normalised (``SDG 5.2.1`` -> ``5.2.1``, ``Climate change`` ->
        ``climate_change``).

    Returns
    -------
    AnalysisPlan

    Raises
    ------
    AnalysisPlanError
        A missing column, a bad value, an unknown name: naming the file, row and column.
        Unknown framework codes: one error naming every bad code and the rows using it.

    Notes
    -----
    R equivalent: the ``loa`` argument of ``analysistools::create_analysis`` (checked as
    ``check_loa`` does: ``analysis_type``, ``analysis_var`` and ``group_var`` are required,
    ``level`` defaults to 0.95, ratios need their numerator and denominator columns and
    default ``numerator_NA_to_0`` and ``filter_denominator_0`` to TRUE).
    """
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise AnalysisPlanError("the analysis plan file does not exist", file=path,
                                hint="check the analysis_plan: entry of study.yml")
    _check_options({"missing_answers": missing_answers, "proportion_ci": proportion_ci}, path)
    header, cells, sheet = _read_cells(path)
    header = _canonical_header(header, path, sheet)
    labels = _language_columns(header, "label::")
    section_labels = _language_columns(header, "section::")
    rows = []
    for number, values in cells:
        record = dict(zip(header, values))
        rows.append(_parse_row(record, number, path, sheet, labels, section_labels))
    if not rows:
        raise AnalysisPlanError("the analysis plan has no analysis (no row under the header)",
                                file=path, sheet=sheet, hint="add one row per analysis")
    rows = _framework_codes(rows, framework, path, sheet)
    frame = pd.DataFrame([v for _, v in cells], columns=header, dtype="string")
    frame.insert(0, "plan_row", [n for n, _ in cells])
    plan = AnalysisPlan(tuple(rows), path, frame, missing_answers, proportion_ci)
    if codebook is not None:
        names = set(codebook.names) | set(known) | set(_NAMES_WITHOUT_FORM)
        plan.check_columns(names, what=f"the form {Path(str(codebook.source or 'form')).name}",
                           select_multiple=codebook.select_multiple())
        plan.check_against_form(codebook, known=known)
    return plan


def _framework_codes(rows, framework, path, sheet) -> list:
    """``rows`` with their ``nap_pillar``/``sdg`` codes checked against the monitoring
    framework and normalised; every unknown code and the rows using it in one error."""
    if not any(r.nap_pillar or r.sdg for r in rows):
        return rows
    import pandas as pd

    from wpsresearch.framework import Framework

    table = pd.DataFrame({"plan_row": [r.row for r in rows], "nap_pillar": [r.nap_pillar for r in rows],
                          "sdg": [r.sdg for r in rows]})
    codes = (framework or Framework.load()).check_plan(table, file=path, sheet=sheet, error=AnalysisPlanError)
    return [replace(r, nap_pillar=n, sdg=c) for r, n, c in zip(rows, codes["nap_pillar"], codes["sdg"])]


def _parse_row(record, number, path, sheet, labels, section_labels) -> PlanRow:
    def fail(column, message, hint=None):
        raise AnalysisPlanError(message, file=path, sheet=sheet, row=number, column=column,
                                hint=hint)

    def text(column):
        value = record.get(column)
        if value is None:
            return None
        value = str(value).strip()
        return None if value == "" or value.upper() == "NA" else value

    kind = (text("analysis_type") or "").lower()
    if kind not in ANALYSIS_TYPES:
        close = difflib.get_close_matches(kind, ANALYSIS_TYPES, n=1)
        fail("analysis_type", f"unknown analysis type {kind or '(empty)'!r}",
             (f"did you mean '{close[0]}'? " if close else "") + f"use one of {', '.join(ANALYSIS_TYPES)}")
    var = text("analysis_var")
    numerator = denominator = None
    if kind == "ratio":
        for column in _RATIO:
            if column not in record:
                fail(column, f"a ratio needs the column {column!r}",
                     "add analysis_var_numerator and analysis_var_denominator to the plan")
        numerator, denominator = text(_RATIO[0]), text(_RATIO[1])
        for column, value in zip(_RATIO, (numerator, denominator)):
            if value is None:
                fail(column, f"this ratio has no {column.split('_')[-1]}",
                     f"write the {column.split('_')[-1]}'s question name in {column}")
    elif var is None:
        fail("analysis_var", f"this {kind} row has no analysis_var",
             "write the question (or indicator) to analyse")
    group = text("group_var")
    groups = ()
    if group is not None:
        groups = tuple(g.strip() for g in group.split(","))
        if any(g == "" for g in groups):
            fail("group_var", f"group_var {group!r} has an empty name between commas",
                 "separate several grouping questions with single commas: 'sex, district'")
        if var is not None and var in groups:
            fail("group_var", f"{var!r} is grouped by itself", "choose another group_var")
    level = _number(text("level"), 0.95, "level", fail)
    if not 0 < level < 1:
        fail("level", f"level must be a confidence level between 0 and 1, not {text('level')!r}",
             "write 0.95 for 95% (analysistools' convention)")
    na_to_0 = _flag(text("numerator_NA_to_0"), True, "numerator_NA_to_0", fail)
    filter_0 = _flag(text("filter_denominator_0"), True, "filter_denominator_0", fail)
    chart = (text("chart") or "none").lower()
    if chart not in CHARTS:
        fail("chart", f"unknown chart {chart!r}", f"use one of {', '.join(CHARTS)}")
    if chart == "map" and (len(groups) != 1 or groups[0] not in _NAMES_WITHOUT_FORM):
        fail("chart", "a map needs group_var adm1_pcode (governorates) or adm2_pcode (districts)",
             "set group_var to adm1_pcode or adm2_pcode, or use chart: bar")
    test = text("test")
    if test is not None:
        test = test.lower()
        if test in ("none", "no"):
            test = None
        elif test not in TESTS:
            fail("test", f"unknown test {test!r}", "use chisq (or leave the cell empty)")
        elif kind not in ("prop_select_one",) or len(groups) != 1:
            fail("test", "a chisq test needs a prop_select_one row with exactly one group_var",
                 "the test asks whether the answers differ between the groups")
    probs = ()
    if kind == "quantile":
        raw = text("probs") or "0.25, 0.5, 0.75"
        probs = tuple(_number(p.strip(), None, "probs", fail) for p in raw.split(","))
        if any(not 0 <= p <= 1 for p in probs):
            fail("probs", f"quantiles must lie between 0 and 1, not {raw!r}", "e.g. 0.25, 0.5, 0.75")
    where = text("where")
    if where is not None:
        from wpsresearch.io.plan_where import WhereSyntaxError, parse_where

        try:
            where = parse_where(where)
        except WhereSyntaxError as exc:
            fail("where", str(exc))
    headline = _flag(text("headline"), False, "headline", fail)
    return PlanRow(
        row=number, analysis_type=kind, analysis_var=var if kind != "ratio" else None,
        group_var=groups, level=level, numerator=numerator, denominator=denominator,
        numerator_na_to_0=na_to_0, filter_denominator_0=filter_0, section=text("section"),
        section_labels=MappingProxyType({k: text(c) for k, c in section_labels.items() if text(c)}),
        labels=MappingProxyType({k: text(c) for k, c in labels.items() if text(c)}),
        where=where, chart=chart, headline=headline, test=test, nap_pillar=text("nap_pillar"),
        sdg=text("sdg"), probs=probs)


def _number(value, default, column, fail):
    if value is None:
        if default is None:
            fail(column, "a number is missing")
        return default
    try:
        return float(value.replace(",", ".") if value.count(",") == 1 and "." not in value else value)
    except ValueError:
        hint = ("write the level as a share: 0.95 for 95%, 0.9 for 90%" if column == "level"
                else "write a number with a point as decimal mark, e.g. 0.25")
        fail(column, f"{value!r} is not a number", hint)


def _flag(value, default, column, fail):
    if value is None:
        return default
    key = value.strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    fail(column, f"{value!r} is not yes/no", "write yes or no (TRUE/FALSE and 1/0 also work)")
