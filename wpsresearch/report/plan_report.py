"""What the province notebook shows of an analysis plan: its rows' tables, charts, tests and
key findings, in one language.

The notebook runs each plan row in a cell of its own (``wps.stats.analyse``); the cells tagged
``lang-en`` / ``lang-ar`` call :func:`show_section` and :func:`show_findings` to display them
in their language.  A display is built from the library's own renderings only —
``ReportTable`` (suppressed, ``data-n`` counts), ``Chart`` (figure + sidecar) and
``TestResult.table`` — so the disclosure gate checks it as it checks everything else.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from wpsresearch.errors import ReportError

__all__ = ["StudyAnalysis", "prepare", "resolve_province", "show_section", "show_findings",
           "plan_findings", "row_chart", "SectionView"]


@dataclass(frozen=True, eq=False)
class StudyAnalysis:
    """A study ready to analyse: its analysis data, design, plan, form and labels.

    ``here`` is the design restricted to ``province`` (the whole design when no province is
    given); ``design`` is always the whole design (domains keep every cluster).
    """

    study: object
    province: str | None
    frame: object
    design: object
    here: object
    plan: object
    form: object
    labels: object
    domain: object = None  # the province's rows (a boolean Series), None for the whole study

    @property
    def synthetic(self) -> bool:
        return bool(self.study.synthetic)

    def source(self, lang: str) -> str:
        return self.study.title_in(lang)


def resolve_province(name, study) -> str:
    """The study's province slug for ``name``: a slug, a p-code, or a name in English or
    Arabic in any usual spelling, upper or lower case (``Basra``, ``BASRAH``, ``البصرة``).

    Raises
    ------
    ReportError
        The name is no governorate of the study: listing the valid names in both scripts.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> study = SimpleNamespace(provinces=("basra", "kirkuk"))
    >>> resolve_province("BASRAH", study), resolve_province("كركوك", study)
    ('basra', 'kirkuk')
    """
    from wpsresearch.errors import StudyConfigError
    from wpsresearch.geo.places import governorates, province_pcode, province_slug_of

    try:  # the one rule for province names (study.yml, --province, notebooks)
        slug = province_slug_of(str(name))
    except StudyConfigError:
        slug = None
    if slug is None or slug not in study.provinces:
        gov = governorates()
        valid = "; ".join(f"{p} ({gov.loc[province_pcode(p), 'name_en']}, "
                          f"{gov.loc[province_pcode(p), 'name_ar']})" for p in study.provinces)
        raise ReportError(f"{name!r} is not a governorate of this study",
                          hint=f"use one of: {valid} (any of these spellings, any case)")
    return slug


def prepare(study_dir, province=None, *, check_form: bool = False) -> StudyAnalysis:
    """Load a built study for analysis: the first cell of the province notebook.

    Parameters
    ----------
    study_dir : path-like
        The study folder (``study.yml``), already built (``wpsresearch build``).
    province : str, optional
        A governorate of the study (see :func:`resolve_province`); ``None``: all of them.

    Returns
    -------
    StudyAnalysis
    """
    import wpsresearch as wps
    from wpsresearch.report.headlines import province_domain
    from wpsresearch.report.indicators import analysis_frame, study_form, study_labels, study_plan
    from wpsresearch.sgbv.study_indicators import check_indicators
    from wpsresearch.study import Study

    study = Study.load(study_dir, check_form=check_form)
    form = study_form(study)
    check_indicators(dict(study.indicators or {}), form, file=study.root / "study.yml")
    frame = analysis_frame(study)
    plan = study_plan(study, frame, form)
    design = wps.stats.study_design(frame, study)
    here, domain = design, None
    if province is not None:
        province = resolve_province(province, study)
        domain = province_domain(frame, province, study=study)
        here = design.subset(domain)
    return StudyAnalysis(study, province, frame, design, here, plan, form,
                         study_labels(study, form), domain)


# ---------------------------------------------------------------------------- display
@dataclass(frozen=True, eq=False)
class SectionView:
    """The HTML of one section's results in one language (tables, charts, tests)."""

    parts: tuple
    lang: str
    charts: tuple = field(default=())

    def _repr_html_(self) -> str:
        direction = ' dir="rtl" lang="ar"' if self.lang == "ar" else ' lang="en"'
        return f'<div class="wps-section"{direction}>{"".join(self.parts)}</div>'

    def __repr__(self) -> str:
        # the plain text a console shows and an execution record keeps: what the section is
        # about, one title a line — never the HTML (its embedded images read as words)
        titles = re.findall(r"<h3>(.*?)</h3>", "".join(self.parts), flags=re.S)
        return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", t)) for t in titles)


def _labels_of(results, result):
    from wpsresearch.stats.analysis_labels import table_labels

    return table_labels(result, results.labels, results.codebook)


def _chart_frame(result):
    """The estimates a bar chart draws: one frame (options of a select_multiple stacked)."""
    import pandas as pd

    from wpsresearch.stats.analysis_tables import yes_rows

    if result.row.analysis_type == "prop_select_multiple":
        parts = []
        for option, est in zip(result.options, result.estimates):
            frame = est.to_frame()
            parts.append(frame[yes_rows(frame)].assign(variable=option))
        return pd.concat(parts, ignore_index=True), "variable"
    frame = result.estimate.to_frame()
    if result.binary:
        frame = frame[yes_rows(frame)].reset_index(drop=True)
    return frame, ("level" if "level" in frame.columns and not result.binary else "variable")


def _shown_answers(frame, lang, labels, policy):
    """A chart's answers as reports print them: a typed answer only when the rule for
    printing free text allows it (:func:`wpsresearch.stats.report_table.answer_label`)."""
    from wpsresearch.stats.report_table import answer_labels

    if "level" not in frame.columns or "n_level" not in frame.columns:
        return frame
    return frame.assign(level=answer_labels(frame["level"], frame["n_level"], lang, labels, policy))


def row_chart(results, result, *, lang, study, width=None, height=None):
    """The chart a plan row asks for (``chart: bar`` or ``map``), or None.

    A map of a yes/no indicator or a mean is drawn by its ``adm1_pcode``/``adm2_pcode``
    group; an SGBV indicator (the package's, or an item of the study's ``indicators:``
    block) is refused by district unless the study allows it
    (``disclosure.district_maps_for_sgbv``).
    """
    import wpsresearch as wps
    from wpsresearch.sgbv.study_indicators import sgbv_columns

    row = result.row
    if row.chart == "none" or not result.estimates:
        return None
    labels = _chart_labels(_labels_of(results, result), row.name, row.group_var)
    common = dict(lang=lang, labels=labels, synthetic=bool(study.synthetic),
                  source=study.title_in(lang))
    percent = row.analysis_type.startswith("prop")
    if row.chart == "map":
        if not (result.binary or not percent):
            return None  # a map shows one number per area: not an answer with several levels
        level = "adm2" if row.group_var[0] == "adm2_pcode" else "adm1"
        sensitive = row.name in sgbv_columns(dict(study.indicators or {}))
        frame, _ = _chart_frame(result)
        return wps.viz.choropleth(frame, title_key=_TITLE_KEY, level=level, sgbv=sensitive,
                                  study=study, percent=percent, width=width, height=height,
                                  **common)
    frame, category = _chart_frame(result)
    if category == "level":
        frame = _shown_answers(frame, lang, labels, result.estimate.policy)
    groups = list(row.group_var)
    if groups and category == "variable" and row.analysis_type != "prop_select_multiple":
        by, hue = groups[0], (groups[1] if len(groups) > 1 else None)
    else:
        by, hue = category, (groups[0] if groups else None)
    note = _answers_note(frame, hue, lang, labels, study, row.level) if category == "level" else None
    return wps.viz.bar_chart(frame, title_key=_TITLE_KEY, by=by, hue=hue, percent=percent,
                             policy=result.estimate.policy, width=width, data_note=note,
                             level=row.level, **common)


_TITLE_KEY = "chart_title"


def chart_title(labels, name, groups, lang) -> str:
    """The title of a plan row's chart: the row's label, and what its bars (or areas) are
    when they are groups — "Trusts the police, by sex" — unless the label says so already
    (a plan's "Partner violence … by governorate").

    Examples
    --------
    >>> from wpsresearch.labels import Labels
    >>> labels = Labels.default().with_entries({"trust": {"en": "Trusts the police",
    ...                                                   "ar": "يثق بالشرطة"}})
    >>> chart_title(labels, "trust", ("sex",), "en"), chart_title(labels, "trust", ("sex",), "ar")
    ('Trusts the police, by sex', 'يثق بالشرطة حسب الجنس')
    >>> chart_title(labels, "trust", ("adm1_pcode",), "en")
    'Trusts the police, by governorate'
    >>> labels = labels.with_entries({"harassed": {"en": "Sexual harassment", "ar": "تحرش جنسي"},
    ...                               "by_gov": {"en": "Trust by governorate", "ar": "الثقة حسب المحافظة"}})
    >>> chart_title(labels, "harassed", ("sex",), "en")  # "sex" inside "Sexual" is not "by sex"
    'Sexual harassment, by sex'
    >>> chart_title(labels, "by_gov", ("adm1_pcode",), "ar")
    'الثقة حسب المحافظة'
    """
    from wpsresearch.stats.report_table import table_caption

    # one rule for "…, by sex" in a chart's title and a table's caption
    return table_caption(labels, lang, labels.get(name, lang), groups)


def _chart_labels(labels, name, groups):
    """``labels`` with the chart's title (:func:`chart_title`) under ``chart_title``."""
    titles = {lang: chart_title(labels, name, groups, lang) for lang in ("en", "ar")}
    return labels.with_entries({_TITLE_KEY: titles}, reviewed=bool(labels.reviewed.get(name)),
                               source="chart title")


def _answers_note(frame, hue, lang, labels, study, level=None):
    """The data note of a chart of one answer's levels: each group's base counted once (the
    levels of one answer share it)."""
    from wpsresearch.viz.figure_notes import data_note_text

    bases = frame.drop_duplicates([hue] if hue else ["variable"])["n"].astype(int)
    total = int(bases.sum())
    return data_note_text(lang, labels, source=study.title_in(lang), n=(total, total), level=level)


def _row_view(results, result, lang, study) -> tuple[str, object]:
    from wpsresearch.labels import Labels

    labels = _labels_of(results, result)
    row = result.row
    title = labels.get(row.name, lang)
    parts = [f"<h3>{html.escape(title)}</h3>"]
    if not result.estimates:
        base = results.labels or Labels.default()
        parts.append(f"<p class=\"wps-note\">{html.escape(base.get('nb_no_estimate', lang).format(reason=result.note or ''))}</p>")
        return "".join(parts), None
    table = results.table(row.row, lang=lang)
    parts.append(table._repr_html_())
    chart = row_chart(results, result, lang=lang, study=study)
    if chart is not None:
        parts.append(chart._repr_html_())
    if row.test:
        if result.test is None:
            base = results.labels or Labels.default()
            parts.append(f"<p class=\"wps-note\">{html.escape(base.get('nb_test_not_possible', lang))}</p>")
        else:
            parts.append(result.test.table(lang=lang, labels=labels, name=row.name)._repr_html_())
    return "".join(parts), chart


def _collect(results, rows):
    """One AnalysisResults from a dict {plan row: AnalysisResults} (or one AnalysisResults)."""
    from wpsresearch.stats.analysis import AnalysisResults

    if isinstance(results, dict):
        wanted = list(rows if rows is not None else results)
        missing = [r for r in wanted if r not in results]
        if missing:
            raise ReportError(f"plan row(s) {missing} have no results yet",
                              hint="run the cell of each plan row above this one "
                                   "(results[<row>] = wps.stats.analyse(...))")
        return AnalysisResults.concat([results[r] for r in wanted])
    return results


def show_section(results, rows=None, *, lang: str, study) -> SectionView:
    """Tables, charts and tests of some plan rows, in ``lang`` (one output of the notebook).

    Parameters
    ----------
    results : dict of int -> AnalysisResults, or AnalysisResults
        What the notebook's analysis cells computed (``results[7] = wps.stats.analyse(...)``).
    rows : list of int, optional
        Plan rows to show, in this order (default: all).
    lang : {"en", "ar"}
    study : Study
        For the SYNTHETIC stamp, the source line and the map policy.
    """
    collected = _collect(results, rows)
    parts, charts = [], []
    for result in collected:
        text, chart = _row_view(collected, result, lang, study)
        parts.append(text)
        if chart is not None:
            charts.append(chart)
    return SectionView(tuple(parts), lang, tuple(charts))


def plan_findings(results, *, lang: str) -> list:
    """The key findings of the headline rows of ``results``: one per group (and answer) of
    each headline estimate, with the plan's or the form's labels."""
    from wpsresearch.report.findings import RowNaming, finding_of_row
    from wpsresearch.stats.analysis_tables import yes_rows
    from wpsresearch.stats.report_table import place_names, value_label

    out = []
    for result in results.headlines():
        labels = _labels_of(results, result)
        row = result.row
        label = labels.get(row.name, lang)
        if not result.estimates:  # nobody to estimate from here: said, without a number
            out.append(_nothing_found(result, label, labels, lang, results.policy))
            continue
        names = result.options if row.analysis_type == "prop_select_multiple" else (None,)
        for option, est in zip(names, result.estimates):
            frame = est.to_frame()
            table = est.table(lang=lang, labels=labels)
            keep = yes_rows(frame) if (result.binary or option) else [True] * len(frame)
            for i in [i for i, k in enumerate(keep) if k]:
                parts, group = [], []
                for g in row.group_var:
                    value = frame[g].iloc[i]
                    shown = (place_names(g, [value], lang) or [value_label(value, lang, labels)])[0]
                    parts.append(shown)
                    group.append(str(value))
                if option is not None:
                    parts.insert(0, labels.get(option, lang))
                elif "level" in frame.columns and not result.binary:
                    parts.insert(0, table.frame[labels.get("stats_level", lang)].iloc[i])
                named = RowNaming(label, " / ".join(group) or None, " · ".join(parts))
                out.append(finding_of_row(est, i, row.name, lang=lang, labels=labels,
                                          named=named, table=table))
    return out


def _nothing_found(result, label, labels, lang, policy):
    import math

    from wpsresearch.privacy import DisclosurePolicy
    from wpsresearch.report.findings import KeyFinding

    policy = policy or DisclosurePolicy()
    sentence = labels.get("finding_suppressed", lang).format(
        indicator=label, group="", min_n=policy.min_n).replace("  ", " ").replace(" :", ":")
    return KeyFinding(result.row.name, lang, sentence, math.nan, math.nan, math.nan, 0,
                      result.row.analysis_type.startswith("prop"), True, label=label)


def show_findings(results, *, lang: str):
    """The key findings of the headline rows, as a list (``KeyFindings``)."""
    from wpsresearch.report.findings import key_findings

    return key_findings(plan_findings(_collect(results, None), lang=lang))
