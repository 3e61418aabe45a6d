"""Several single-indicator estimates as one report table or one chart frame.

``wps.stats.proportion`` takes one variable; a report often shows a family of 0/1 indicators
together (IPV domains, help-seeking pathways, reasons for silence, coded themes).  These two
functions stack them without re-estimating anything: each row keeps its own base, its own
suppression (``Estimate.table``) and its own CI.
"""

from __future__ import annotations

__all__ = ["indicator_frame", "indicator_table"]


def _yes_rows(frame):
    if "level" not in frame.columns:
        return frame
    yes = frame["level"].astype(str).isin(["True", "1", "yes"])
    return frame[yes] if yes.any() else frame


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


def indicator_table(estimates, *, lang: str = "en", labels=None):
    """The report tables of several estimates stacked (the "yes"/True row of each).

    Each estimate is suppressed and bracketed by its own ``Estimate.table`` rules; the
    footnotes are merged.

    Returns
    -------
    wpsresearch.stats.ReportTable
    """
    import numpy as np
    import pandas as pd

    from wpsresearch.stats import ReportTable

    from wpsresearch.labels import Labels

    labels = labels or Labels.default()
    ests = list(estimates.values()) if isinstance(estimates, dict) else list(estimates)
    names = list(estimates) if isinstance(estimates, dict) else \
        [e.to_frame()["variable"].iloc[0] for e in ests]
    header = labels.get("stats_variable", lang)
    frames, suppressed, counts, hidden, bracketed, notes, codes = [], [], [], [], [], [], []
    for name, est in zip(names, ests):
        table = est.table(lang=lang, labels=labels)
        frame = est.to_frame()
        keep = np.ones(len(frame), dtype=bool)
        if "level" in frame.columns:
            yes = frame["level"].astype(str).isin(["True", "1", "yes"]).to_numpy()
            keep = yes if yes.any() else keep
        part = table.frame[keep]
        level_col = [c for c in part.columns if c == _level_header(lang, labels)]
        part = part.drop(columns=level_col + [header], errors="ignore")
        part.insert(0, header, labels.get(name, lang))
        frames.append(part)
        suppressed.append(table.suppressed[keep])
        counts.append(table.counts[keep])
        # a base below min_cell stays out of the markup of the stacked table too
        hidden.append(table.hidden_n[keep])
        bracketed.append(table.bracketed[keep])
        codes.append({c: (h, [v for v, k in zip(vals, keep) if k]) for c, (h, vals) in table.codes.items()})
        notes += [n for n in table.footnotes if n not in notes]
    if not frames:
        from wpsresearch.errors import ReportError

        raise ReportError("no estimates to tabulate")
    return ReportTable(pd.concat(frames, ignore_index=True), np.concatenate(suppressed),
                       np.concatenate(counts), notes, lang, np.concatenate(hidden),
                       np.concatenate(bracketed), _stacked_codes(codes))


def _stacked_codes(parts):
    """The p-codes behind place names, kept when every stacked table has them."""
    common = set.intersection(*(set(p) for p in parts)) if parts else set()
    return {c: (parts[0][c][0], [v for p in parts for v in p[c][1]]) for c in common
            if all(p[c][0] == parts[0][c][0] for p in parts)}


def _level_header(lang, labels):
    from wpsresearch.labels import Labels

    return (labels or Labels.default()).get("stats_level", lang)
