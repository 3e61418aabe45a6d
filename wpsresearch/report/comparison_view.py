"""What the province comparison shows: the plan's headline numbers by governorate, its
governorate maps and design-based tests of differences between governorates.

Every number is :func:`wpsresearch.stats.analyse` of a plan row grouped by ``adm1_pcode`` on
the whole design; tables, charts and tests are the library's own renderings (suppressed,
``data-n`` counts, sidecars), shown by :func:`show_comparison` in one language.
"""

from __future__ import annotations

import dataclasses
import html

__all__ = ["province_comparison", "show_comparison", "design_with_provinces", "Comparison"]

_BY = ("adm1_pcode",)


def design_with_provinces(analysis):
    """The whole design, with ``adm1_pcode`` even when a one-province study's data name no
    governorate (every respondent is then in that province)."""
    from wpsresearch.geo.places import province_pcode

    if "adm1_pcode" in analysis.frame.columns:
        return analysis.design
    frame = analysis.frame.assign(adm1_pcode=province_pcode(analysis.study.provinces[0]))
    return dataclasses.replace(analysis.design, data=frame)


@dataclasses.dataclass(frozen=True, eq=False)
class Comparison:
    """Headline rows by governorate (``results``), map rows (``maps``) and ``tests``
    (``{plan row: TestResult}``; a row with one governorate or one answer has none)."""

    results: object
    maps: object
    tests: dict


def _by_province(row):
    return dataclasses.replace(row, group_var=_BY, chart="none", test=None)


def province_comparison(analysis) -> Comparison:
    """The plan's headline rows and governorate maps, analysed by governorate."""
    import wpsresearch as wps
    from wpsresearch.errors import EstimationError
    from wpsresearch.report.headlines import headline_rows

    design = design_with_provinces(analysis)
    rows = tuple(_by_province(r) for r in headline_rows(analysis.study, analysis.plan,
                                                         analysis.frame, required=False))
    maps = tuple(r for r in analysis.plan if r.chart == "map" and r.group_var == _BY)
    run = lambda part: wps.stats.analyse(design, dataclasses.replace(analysis.plan, rows=part),  # noqa: E731
                                         labels=analysis.labels, codebook=analysis.form)
    results = run(rows) if rows else wps.stats.AnalysisResults((), analysis.plan, analysis.labels,
                                                               analysis.form, analysis.study.policy)
    tests = {}
    for result in results:
        if result.row.analysis_type != "prop_select_one" or not result.estimates:
            continue
        here = design.subset(result.row.where.mask(design.data)) if result.row.where else design
        try:
            tests[result.row.row] = wps.stats.crosstab(here, result.row.analysis_var, "adm1_pcode").test()
        except EstimationError:  # one governorate (or one answer): nothing to compare
            continue
    return Comparison(results, run(maps) if maps else None, tests)


def show_comparison(comparison, *, lang: str, study):
    """Tables, a chart of the headline percentages, the maps and the tests, in ``lang``."""
    import pandas as pd

    import wpsresearch as wps
    from wpsresearch.labels import Labels
    from wpsresearch.report.plan_report import SectionView, _labels_of, row_chart
    from wpsresearch.stats.analysis_tables import yes_rows

    results = comparison.results
    base = results.labels or Labels.default()
    parts, charts, frames = [], [], []
    for result in results:
        labels = _labels_of(results, result)
        parts.append(f"<h3>{html.escape(labels.get(result.row.name, lang))}</h3>")
        table = results.table(result.row.row, lang=lang)
        if table is not None:
            parts.append(table._repr_html_())
        if result.binary and result.row.analysis_type == "prop_select_one":
            frame = result.estimate.to_frame()
            frames.append(frame[yes_rows(frame)].assign(
                indicator=labels.get(result.row.name, lang)))
    if frames:
        chart = wps.viz.bar_chart(pd.concat(frames, ignore_index=True), title_key="nb_chart_headlines",
                                  by="indicator", hue="adm1_pcode", lang=lang, labels=base,
                                  percent=True, synthetic=bool(study.synthetic),
                                  source=study.title_in(lang), policy=study.policy)
        parts.append(chart._repr_html_())
        charts.append(chart)
    for result in comparison.maps or ():
        chart = row_chart(comparison.maps, result, lang=lang, study=study)
        if chart is not None:
            parts.append(chart._repr_html_())
            charts.append(chart)
    if comparison.tests:
        named = {_labels_of(results, results[r]).get(results[r].row.name, lang): t
                 for r, t in comparison.tests.items()}
        parts.append(f"<h3>{html.escape(base.get('cmp_tests', lang))}</h3>")
        parts.append(wps.stats.TestResult.stacked_table(named, lang=lang, labels=base)._repr_html_())
    else:
        parts.append(f"<p class=\"wps-note\">{html.escape(base.get('nb_test_not_possible', lang))}</p>")
    return SectionView(tuple(parts), lang, tuple(charts))
