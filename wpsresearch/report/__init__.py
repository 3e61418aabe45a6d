"""Execute study notebooks, export offline HTML/PDF per language, run the disclosure gate, publish.

>>> from wpsresearch import report
>>> sorted(report.__all__)[:4]
['HtmlTable', 'KeyFinding', 'add_indicators', 'answer_indicators']
"""

from __future__ import annotations

from wpsresearch.lazy import lazy_attributes

__all__ = ["HtmlTable", "KeyFinding", "add_indicators", "answer_indicators", "build_all_outputs",
           "build_campaign_figures", "build_comparison", "build_factsheets", "build_reports",
           "find_browser", "html_table", "indicator_frame", "indicator_table", "key_finding",
           "key_findings", "quotable_answers", "synthetic_training_scores"]

_WHERE = {
    "HtmlTable": "wpsresearch.report.html_tables",
    "html_table": "wpsresearch.report.html_tables",
    "build_reports": "wpsresearch.report.pipeline",
    "find_browser": "wpsresearch.report.browser",
    "KeyFinding": "wpsresearch.report.findings",
    "key_finding": "wpsresearch.report.findings",
    "key_findings": "wpsresearch.report.findings",
    "add_indicators": "wpsresearch.report.indicators",
    "answer_indicators": "wpsresearch.report.indicators",
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
