"""Monitoring: every published estimate in one indicator store, compared across rounds and
provinces, and reported against Iraq's NAP 1325 and the SDGs (the stage after ``report``).

- :class:`Framework` — the NAP 1325 pillars/sectors and SDG indicators, as data
  (:mod:`wpsresearch.framework`, a shared layer: the plan reader checks a plan's
  ``nap_pillar``/``sdg`` codes against it too).
- :class:`IndicatorStore` — the embedded DuckDB database (default ``data/indicators.duckdb``):
  estimates that passed the export gate, with provenance; never a suppressed value, never
  microdata; synthetic rows always flagged.
- :func:`round_change`, :func:`group_contrast` — change that is real: differences with their
  standard errors and a design-based test, refused between incomparable indicators.
- :func:`publish_study`, :func:`scorecard` — what ``wpsresearch monitor`` and the demo call.

Examples
--------
>>> from wpsresearch import monitor
>>> "protection" in monitor.Framework.load().pillar_codes
True
"""

from __future__ import annotations

from wpsresearch.lazy import lazy_attributes

__all__ = ["Framework", "FrameworkEntry", "IndicatorStore", "StudyRecord", "publish_results",
           "publish_study", "round_change", "group_contrast", "stored_contrast", "Change",
           "IncomparableError", "changes_between_rounds", "scorecard", "write_hxl_csv"]

_WHERE = {
    "Framework": "wpsresearch.framework.codes", "FrameworkEntry": "wpsresearch.framework.codes",
    "IndicatorStore": "store", "StudyRecord": "records", "publish_results": "store",
    "publish_study": "publish", "scorecard": "publish",
    "round_change": "change", "group_contrast": "change", "stored_contrast": "change", "Change": "change",
    "IncomparableError": "change", "changes_between_rounds": "change",
    "write_hxl_csv": "hxl_export",
}

__getattr__, __dir__ = lazy_attributes(
    __name__, {k: m if "." in m else f"wpsresearch.monitor.{m}" for k, m in _WHERE.items()}, globals())
