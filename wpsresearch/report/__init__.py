"""Execute study notebooks, export offline HTML/PDF per language, run the disclosure gate, publish.

>>> from wpsresearch import report
>>> sorted(report.__all__)
['HtmlTable', 'build_reports', 'find_browser', 'html_table']
"""

from __future__ import annotations

import importlib

__all__ = ["HtmlTable", "build_reports", "find_browser", "html_table"]

_WHERE = {
    "HtmlTable": "wpsresearch.report.html_tables",
    "html_table": "wpsresearch.report.html_tables",
    "build_reports": "wpsresearch.report.pipeline",
    "find_browser": "wpsresearch.report.browser",
}


def __getattr__(name):  # PEP 562: nbconvert/papermill load only when a report is built
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'wpsresearch.report' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
