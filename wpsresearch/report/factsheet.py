"""One-page fact sheets per province and language: headline numbers, a chart, a map, a method note.

Built like the reports (DESIGN.md, "Reports"): staged, checked by the disclosure gate, and
only then published as ``reports/<study>/<province>/<lang>/factsheet.html`` (+ ``.pdf``
set by Typst from the same page, :func:`~wpsresearch.report.typst_pdf.html_to_pdf`).  Every number is a :class:`KeyFinding` of a headline row
of the study's analysis plan (:mod:`wpsresearch.report.headlines`), marked ``data-value`` /
``data-n`` in the HTML; the chart shows those percentages, the map the plan's first
governorate map (else its first headline percentage) across the study's governorates.
"""

from __future__ import annotations

import html
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from wpsresearch.io.paths import ensure_writable

__all__ = ["build_factsheets", "factsheet_html", "FactsheetParts"]

# Printed size.  The page is A4 with 10 mm margins (190 mm of width); the chart and the map
# stand side by side, each drawn at the width of its column (inches) and shown at exactly
# that width, so a text drawn at 8 pt prints at 8 pt.  Shrunk to fit, as they once were,
# the chart's 8 pt numbers printed at 4 pt and the map's 7 pt names at 2.7 pt, below the
# 6-7 pt floor that print legibility guidance sets for data labels.  The map takes the
# chart's height, so one row holds both; the page stays one A4 sheet per language.
PAGE_MARGIN_MM = 10.0
PAGE_WIDTH_MM = 190.0
CHART_WIDTH_IN = 3.8
MAP_WIDTH_IN = 3.4
FIGURE_GAP_MM = 4.0
_MM_PER_IN = 25.4  # 96.5 + 86.4 + 4 = 186.9 mm <= 190 (tests/report/test_factsheet_print.py)

_CSS = f"""
@page {{ size: A4; margin: 10mm; }}
body.factsheet {{ max-width: {PAGE_WIDTH_MM:g}mm; font-size: 10pt; line-height: 1.4; }}
html[dir="rtl"] body.factsheet {{ line-height: 1.6; }}
body.factsheet h1 {{ font-size: 15pt; margin: 2px 0; }}
body.factsheet h2 {{ font-size: 11.5pt; margin: 5px 0 3px; }}
body.factsheet .report-meta {{ margin: 0 0 2mm; font-size: 8pt; }}
.fs-numbers {{ display: grid; grid-template-columns: repeat(3, 1fr); gap: 5px; }}
.fs-number {{ border: 1px solid #ccc; border-radius: 4px; padding: 3px 6px; }}
.fs-number .big {{ font-size: 19pt; font-weight: bold; color: #0072B2; direction: ltr;
                  unicode-bidi: isolate; line-height: 1.2; }}
.fs-number p {{ margin: 1px 0; font-size: 8pt; line-height: 1.35; }}
.fs-figures {{ display: grid; gap: {FIGURE_GAP_MM:g}mm; align-items: start;
              grid-template-columns: {CHART_WIDTH_IN * _MM_PER_IN:.2f}mm {MAP_WIDTH_IN * _MM_PER_IN:.2f}mm; }}
.fs-figures figure {{ margin: 0; }}
.fs-figures img {{ width: 100%; height: auto; max-width: none; max-height: none; }}
.fs-figures details, .fs-figures figcaption {{ display: none; }}
.fs-method {{ font-size: 7.5pt; color: #333; margin: 0; }}
body.factsheet .synthetic-banner {{ padding: 2px 6px; margin: 0 0 2mm; font-size: 8.5pt;
                                    line-height: 1.3; }}
/* a phone: one column; each figure as wide as the screen (its text stays >= 9 px, since each
   was drawn at its print column's width) */
@media screen and (max-width: 760px) {{
  .fs-numbers {{ grid-template-columns: 1fr; }}
  .fs-figures {{ grid-template-columns: minmax(0, 1fr); }}
  .fs-figures img {{ max-width: 100%; }}
  .fs-number p {{ font-size: 10pt; }}
  .fs-method {{ font-size: 9pt; }}
}}
"""


def _number_box(f, labels, lang) -> str:
    if f.suppressed:
        big, attrs = labels.get("viz_suppressed_marker", lang), 'data-suppressed="true"'
    else:
        from wpsresearch.report.findings import format_number

        big = format_number(f.estimate, percent=f.percent) + ("%" if f.percent else "")
        attrs = (f'data-value="{f.estimate!r}" data-ci-low="{f.ci_low!r}" '
                 f'data-ci-high="{f.ci_high!r}" data-n="{f.n}" data-percent="{str(f.percent).lower()}"')
        if f.bracketed:  # the sentence below carries the table's caution
            from wpsresearch.stats.report_table import in_brackets

            big, attrs = in_brackets(big), attrs + ' data-bracketed="true"'
    if f.group:
        attrs += f' data-group="{html.escape(f.group)}"'
    return (f'<div class="fs-number" data-indicator="{f.indicator}" {attrs}>'
            f'<div class="big">{html.escape(big)}</div><p>{html.escape(f.sentence)}</p></div>')


def _html(chart) -> str:
    # a plan without a headline percentage has no chart (a study without governorates no map)
    return chart._repr_html_() if chart is not None else "<div></div>"


@dataclass(frozen=True)
class FactsheetParts:
    """What one fact sheet shows, computed already.

    Attributes
    ----------
    findings : list of KeyFinding
        The province's headline numbers.
    chart, map_chart : Figure or None
        The headline percentages and the governorate map (None: the plan has none).
    n_total : int
        Respondents of the province, as published.
    map_html : str, optional
        The map's rendering, when made already (the same in every province's sheet).
    """

    findings: list
    chart: object
    map_chart: object
    n_total: int
    map_html: str | None = None


def factsheet_html(study, province, parts: FactsheetParts, *, lang, labels) -> str:
    """The fact sheet page (self-contained, offline) from already computed ``parts``."""
    from wpsresearch.geo.places import governorates, province_pcode
    from wpsresearch.report.offline_html import page_shell

    findings, chart, map_chart = parts.findings, parts.chart, parts.map_chart
    n_total, map_html = parts.n_total, parts.map_html

    gov = governorates().loc[province_pcode(province)]
    name = gov["name_ar" if lang == "ar" else "name_en"]
    note = labels.get("fs_method_note", lang).format(
        n=f"{n_total:,}", province=name, min_n=study.policy.min_n, source=study.title_in(lang))
    body = (f'<style>{_CSS}</style>'
            f'<h2>{html.escape(labels.get("fs_headlines", lang))}</h2>'
            f'<div class="fs-numbers">{"".join(_number_box(f, labels, lang) for f in findings)}</div>'
            f'<div class="fs-figures">{_html(chart)}{map_html or _html(map_chart)}</div>'
            f'<h2>{html.escape(labels.get("fs_method", lang))}</h2>'
            f'<p class="fs-method">{html.escape(note)} '
            f'{html.escape((map_chart.sidecar.get("attribution") or "") if map_chart else "")}</p>')
    title = f'{labels.get("fs_title", lang)}: {name} — {study.title_in(lang)}'
    page = page_shell(body, lang=lang, title=title, synthetic=study.synthetic, labels=labels,
                      meta=f'{labels.get("report_meta_generated", lang)}')
    return page.replace("<body>", '<body class="factsheet">', 1)


_MAP_MIN_HEIGHT_IN = 4.5  # room for the areas beside title, legend and notes


_CHART_LABEL_CHARS = 30  # a bar's name in a fact-sheet column (its whole sentence is in the box above)


def _short(text: str) -> str:
    if len(text) <= _CHART_LABEL_CHARS:
        return text
    return text[:_CHART_LABEL_CHARS].rsplit(" ", 1)[0].rstrip(",;:(") + "…"


def _chart(findings, analysis, lang, labels, province):
    """The province's headline percentages as one bar chart (one bar per finding), titled
    with what the bars are: "Headline percentages in Kirkuk"."""
    import pandas as pd

    import wpsresearch as wps
    from wpsresearch.geo.places import governorates, province_pcode

    rows = [{"indicator": _short(f.label + (f" — {f.group_text}" if f.group_text else "")),
             "estimate": f.estimate, "ci_low": f.ci_low, "ci_high": f.ci_high, "n": f.n,
             "suppressed": f.suppressed} for f in findings if f.percent]
    if not any(not r["suppressed"] for r in rows):
        # every headline suppressed (a small province, questions nobody was asked): a chart
        # of nothing would only print "n = 0", which the disclosure gate rightly refuses
        return None
    gov = governorates().loc[province_pcode(province)]
    titles = {code: labels.get("nb_fs_chart", code).format(province=gov[f"name_{code}"])
              for code in ("en", "ar")}
    labels = labels.with_entries({"fs_chart_title": titles}, source="fact sheet chart title")
    return wps.viz.bar_chart(pd.DataFrame(rows), title_key="fs_chart_title", by="indicator",
                             lang=lang, labels=labels, percent=True, policy=analysis.study.policy,
                             synthetic=analysis.synthetic, source=analysis.source(lang),
                             width=CHART_WIDTH_IN)


def _map_row(analysis, rows):
    """The plan row the fact sheet maps by governorate: the first ``chart: map`` row by
    ``adm1_pcode``, else the first headline percentage."""
    import dataclasses

    for row in analysis.plan:
        if row.chart == "map" and row.group_var == ("adm1_pcode",):
            return row
    for row in rows:
        if row.analysis_type.startswith("prop"):
            return dataclasses.replace(row, group_var=("adm1_pcode",), chart="map", test=None)
    return None


def _map(pub, lang, height):
    """The map of :func:`_map_row` over the whole design (all the study's governorates): the
    same for every province, so drawn once per language and height."""
    import dataclasses

    import wpsresearch as wps
    from wpsresearch.report.comparison_view import design_with_provinces
    from wpsresearch.report.plan_report import row_chart

    analysis = pub.analysis
    row = _map_row(analysis, pub.headline_rows())
    if row is None:
        return None

    def results():
        return wps.stats.analyse(design_with_provinces(analysis),
                                 dataclasses.replace(analysis.plan, rows=(row,)),
                                 labels=analysis.labels, codebook=analysis.form)

    found = pub.cached("factsheet map results", results)
    return pub.cached(("factsheet map", lang, round(float(height), 3)), lambda: row_chart(
        found, found.results[0], lang=lang, study=analysis.study, width=MAP_WIDTH_IN,
        height=height))


def _figures(pub, province, lang, findings=None):
    """The fact sheet's chart (the province's headline percentages) and map (governorates)."""
    findings = pub.findings(province, lang) if findings is None else findings
    chart = _chart(findings, pub.analysis, lang, pub.labels, province)
    height = chart.figure.get_size_inches()[1] if chart is not None else _MAP_MIN_HEIGHT_IN
    return chart, _map(pub, lang, max(height, _MAP_MIN_HEIGHT_IN))


def _stage_one(pub, province, stage):
    from wpsresearch.report.offline_html import external_resources
    from wpsresearch.stats.report_table import published_counts

    study = pub.study
    staged = []
    domain = pub.domain(province)
    n_total = int(published_counts([int(domain.sum())], study.policy)[0])
    for lang in pub.langs:
        findings = pub.findings(province, lang)
        chart, the_map = _figures(pub, province, lang, findings)
        # the map is the same in every province's sheet: its image is made once
        map_html = pub.cached(("factsheet map html", id(the_map)), lambda: _html(the_map))
        parts = FactsheetParts(findings, chart, the_map, n_total, map_html)
        page = factsheet_html(study, province, parts, lang=lang, labels=pub.labels)
        if external_resources(page):
            from wpsresearch.errors import ReportError

            raise ReportError("the fact sheet would load resources from elsewhere")
        folder = stage / lang
        folder.mkdir(parents=True)
        path = folder / "factsheet.html"
        path.write_text(page, encoding="utf-8")
        staged.append(path)
        if "pdf" in pub.to:
            from wpsresearch.report.typst_pdf import html_to_pdf

            pdf = html_to_pdf(page, lang=lang, margin_mm=PAGE_MARGIN_MM, size="9pt")
            (folder / "factsheet.pdf").write_bytes(pdf)
            staged.append(folder / "factsheet.pdf")
    return staged


def build_factsheets(study_dir, *, out_root=Path("."), provinces=None, langs=("en", "ar"),
                     to=("html", "pdf"), gate=None, progress=None, prepared=None,
                     identifiers=None, publication=None) -> list[tuple[Path, str]]:
    """Build, gate and publish one fact sheet per province and language.

    ``prepared`` (a :class:`~wpsresearch.report.plan_report.StudyAnalysis` from
    :func:`~wpsresearch.report.plan_report.prepare`) and ``identifiers`` (from the raw export)
    may be passed in when the caller has them already; ``publication`` (a
    :class:`~wpsresearch.report.publication.Publication`) replaces all of ``out_root``,
    ``langs``, ``to``, ``gate``, ``progress``, ``prepared`` and ``identifiers`` and shares its
    estimates with the other stages (:func:`~wpsresearch.report.all_outputs.build_all_outputs`).

    Returns
    -------
    list of (Path, str)
        Every file published, with one line on what it is.

    Raises
    ------
    ReportError
        A disclosure-gate finding (nothing of that province is published).
    """
    from wpsresearch.report.publication import Publication

    pub = publication or Publication.of(study_dir, out_root=out_root, langs=langs, to=to,
                                        gate=gate, progress=progress, prepared=prepared,
                                        identifiers=identifiers)
    reports = ensure_writable(pub.out_root / "reports" / pub.study.name)
    reports.mkdir(parents=True, exist_ok=True)
    written = []
    for province in provinces or pub.study.provinces:
        written += _publish_one(pub, province, reports)
    return written


def _publish_one(pub, province, reports):
    pub.say(f"{province}: fact sheets ({', '.join(pub.langs)})")
    written = []
    stage = Path(tempfile.mkdtemp(prefix=f".staging-factsheet-{province}-", dir=reports))
    try:
        staged = _stage_one(pub, province, stage)
        pub.gate_staged(staged, stage)
        if "html" not in pub.to:
            staged = [p for p in staged if p.suffix != ".html"]
        for path in staged:
            dest = ensure_writable(reports / province / path.relative_to(stage))
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(path), str(dest))
            written.append((dest, f"{province} {dest.parent.name} one-page fact sheet "
                                  f"({dest.suffix[1:].upper()})"))
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return written
