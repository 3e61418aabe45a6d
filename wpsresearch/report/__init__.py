"""Execute study notebooks, export offline HTML/PDF per language, run the disclosure gate, publish.

>>> from wpsresearch import report
>>> sorted(report.__all__)[:4]
['HtmlTable', 'KeyFinding', 'StudyAnalysis', 'add_indicators']
"""

from __future__ import annotations

from wpsresearch.lazy import lazy_attributes

__all__ = ["HtmlTable", "KeyFinding", "StudyAnalysis", "add_indicators", "analysis_frame",
           "build_all_outputs", "build_campaign_figures", "build_comparison", "build_factsheets",
           "build_reports", "build_results_tables", "expand_notebook", "find_browser",
           "html_table", "indicator_frame", "indicator_table", "key_finding", "key_findings",
           "plan_findings", "prepare", "province_comparison", "quotable_answers", "resolve_province", "show_findings",
           "show_comparison", "show_section", "study_labels", "synthetic_training_scores"]

_WHERE = {
    "HtmlTable": "wpsresearch.report.html_tables",
    "html_table": "wpsresearch.report.html_tables",
    "build_reports": "wpsresearch.report.pipeline",
    "find_browser": "wpsresearch.report.browser",
    "KeyFinding": "wpsresearch.report.findings",
    "key_finding": "wpsresearch.report.findings",
    "key_findings": "wpsresearch.report.findings",
    "add_indicators": "wpsresearch.report.indicators",
    "analysis_frame": "wpsresearch.report.indicators",
    "study_labels": "wpsresearch.report.indicators",
    "StudyAnalysis": "wpsresearch.report.plan_report",
    "prepare": "wpsresearch.report.plan_report",
    "resolve_province": "wpsresearch.report.plan_report",
    "show_section": "wpsresearch.report.plan_report",
    "show_findings": "wpsresearch.report.plan_report",
    "plan_findings": "wpsresearch.report.plan_report",
    "expand_notebook": "wpsresearch.report.plan_notebook",
    "build_results_tables": "wpsresearch.report.results_tables",
    "province_comparison": "wpsresearch.report.comparison_view",
    "show_comparison": "wpsresearch.report.comparison_view",
    "indicator_frame": "wpsresearch.report.indicator_tables",
    "indicator_table": "wpsresearch.report.indicator_tables",
    "quotable_answers": "wpsresearch.report.quotes",
    "build_factsheets": "wpsresearch.report.factsheet",
    "build_campaign_figures": "wpsresearch.report.campaign",
    "build_comparison": "wpsresearch.report.comparison",
    "build_all_outputs": "wpsresearch.report.all_outputs",
    "synthetic_training_scores": "wpsresearch.report.training_example",
}


__getattr__, __dir__ = lazy_attributes(__name__, _WHERE)  # PEP 562: heavy libraries load on first use
