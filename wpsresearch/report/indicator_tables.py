"""Several single-indicator estimates as one report table or one chart frame.

``wps.stats.proportion`` takes one variable; a report often shows a family of 0/1 indicators
together (IPV domains, help-seeking pathways, reasons for silence, coded themes).  These two
functions stack them without re-estimating anything: each row keeps its own base, its own
suppression (``Estimate.table``) and its own CI.
"""

from __future__ import annotations

__all__ = ["indicator_frame", "indicator_table"]


def _yes_rows(frame):
    from wpsresearch.stats.analysis_tables import yes_rows

    return frame[yes_rows(frame)]


def indicator_frame(estimates):
    """One row per indicator (the "yes"/True row of each proportion), for ``viz.bar_chart``.

    Parameters
    ----------
    estimates : dict of name -> Estimate, or list of Estimate

    Returns
    -------
    DataFrame with ``indicator`` (+ the estimates' ``by`` columns), ``estimate, se, ci_low,
    ci_high, n`` and ``n_level`` where present.

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> from wpsresearch.report.indicator_tables import indicator_frame
    >>> df = pd.DataFrame({"a": [True, False] * 20, "b": [True] * 10 + [False] * 30})
    >>> d = wps.stats.SurveyDesign(df)
    >>> indicator_frame({"a": wps.stats.proportion(d, "a"), "b": wps.stats.proportion(d, "b")})[
    ...     ["indicator", "estimate"]].to_dict("list")
    {'indicator': ['a', 'b'], 'estimate': [0.5, 0.25]}
    """
    import pandas as pd

    items = estimates.items() if isinstance(estimates, dict) else \
        [(e.to_frame()["variable"].iloc[0], e) for e in estimates]
    parts = []
    for name, est in items:
        frame = _yes_rows(est.to_frame()).copy()
        frame.insert(0, "indicator", name)
        parts.append(frame.drop(columns=["variable", "level"], errors="ignore"))
    return pd.concat(parts, ignore_index=True)


def indicator_table(estimates, *, lang: str = "en", labels=None, caption: str | None = None):
    """The report tables of several estimates stacked (the "yes"/True row of each).

    Each estimate is suppressed and bracketed by its own ``Estimate.table`` rules; the
    footnotes are merged (:func:`wpsresearch.stats.analysis_tables.stack_tables`).
    ``caption``, a label key or text, says what the indicators have in common (default:
    "Selected indicators").

    Returns
    -------
    wpsresearch.stats.ReportTable
    """
    from wpsresearch.labels import Labels
    from wpsresearch.stats.analysis_tables import stack_tables

    labels = labels or Labels.default()
    items = list(estimates.items()) if isinstance(estimates, dict) else \
        [(e.to_frame()["variable"].iloc[0], e) for e in estimates]
    return stack_tables(items, lang=lang, labels=labels,
                        caption=labels.get(caption, lang) if caption else None)
