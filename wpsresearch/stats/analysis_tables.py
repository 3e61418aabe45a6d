"""Report tables of analysis-plan rows, and the disclosure flags of each estimate.

Every table is :meth:`Estimate.table` (the design's disclosure policy, DHS small-base rules,
``data-n`` counts for the gate); this module only chooses which rows a reader sees: a yes/no
indicator shows its "yes" share without an "Answer: True" column, and the options of a
select_multiple question are stacked, each under its form label.  :func:`stack_tables`
stacks any such tables (the report's ``indicator_table`` uses it too).
"""

from __future__ import annotations

import numpy as np

__all__ = ["disclosure_flags", "row_table", "stack_tables", "yes_rows"]

_YES = ("True", "1", "yes", "TRUE")


def yes_rows(frame) -> np.ndarray:
    """Rows of an estimate frame that hold a yes/no indicator's "yes" share (all rows when
    the estimate has no such rows)."""
    if "level" not in frame.columns:
        return np.ones(len(frame), dtype=bool)
    yes = frame["level"].astype(str).isin(_YES).to_numpy()
    return yes if yes.any() else np.ones(len(frame), dtype=bool)


def disclosure_flags(est):
    """``(suppressed, reasons, hidden_n)`` of each row of ``est.to_frame()``, as its report
    table decides them (:func:`~wpsresearch.stats.report_table.row_flags`, without building
    the table: that was 30% of analysing a plan row); ``reasons`` says why in words."""
    from wpsresearch.privacy import DisclosurePolicy
    from wpsresearch.stats.report_table import row_flags

    policy = est.policy or DisclosurePolicy()
    suppressed, _, hidden = row_flags(est)  # the table's own policy rule
    frame = est.frame
    reasons = []
    for i, (n, hide) in enumerate(zip(frame["n"].to_numpy(), suppressed)):
        if not hide:
            reasons.append("")
        elif int(n) == 0:
            reasons.append("no answer in this group")
        elif policy.small_base_rule(int(n)) == "suppress":
            reasons.append(f"base below min_n ({policy.min_n})")
        elif "n_level" in frame.columns and policy.proportion_is_disclosive(
                int(frame["n_level"].iloc[i]), int(n)):
            reasons.append("cell below min_cell")
        else:
            reasons.append("secondary suppression (complement of a suppressed answer)")
    return np.asarray(suppressed, dtype=bool), reasons, np.asarray(hidden, dtype=bool)


def _naming_missing(labels, name):
    """``labels`` whose missing-answer note starts with the indicator's label."""
    note = {lang: labels.get(name, lang).replace("{", "{{").replace("}", "}}") + ": "
            + labels.get("stats_note_missing", lang) for lang in ("en", "ar")}
    return labels.with_entries({"stats_note_missing": note}, source=labels.source.get(
        "stats_note_missing", "stats.csv"))


def stack_tables(parts, *, lang, labels, name_notes: bool = True, caption: str | None = None):
    """Several ``(name, Estimate)`` report tables as one: each estimate's "yes" rows under the
    label of ``name``, each row keeping its own suppression and base; footnotes merged (a
    missing-answer note names its indicator).  ``caption`` (text in ``lang``) says what the
    indicators have in common; without it the table is captioned "Selected indicators"."""
    import pandas as pd

    from wpsresearch.errors import ReportError
    from wpsresearch.stats.report_table import ReportTable

    header = labels.get("stats_variable", lang)
    level = labels.get("stats_level", lang)
    frames, sup, counts, hidden, brackets, notes, codes = [], [], [], [], [], [], []
    for name, est in parts:
        table = est.table(lang=lang, labels=_naming_missing(labels, name) if name_notes else labels)
        keep = yes_rows(est.to_frame())
        part = table.frame[keep].drop(columns=[c for c in (level, header) if c in table.frame.columns])
        part.insert(0, header, labels.get(name, lang))
        frames.append(part)
        sup.append(table.suppressed[keep])
        counts.append(table.counts[keep])
        hidden.append(table.hidden_n[keep])  # a base below min_cell stays out of the markup
        brackets.append(table.bracketed[keep])
        codes.append({c: (h, [v for v, k in zip(vals, keep) if k]) for c, (h, vals) in table.codes.items()})
        notes += [n for n in table.footnotes if n not in notes]
    if not frames:
        raise ReportError("no estimates to tabulate")
    common = set.intersection(*(set(p) for p in codes))
    stacked = {c: (codes[0][c][0], [v for p in codes for v in p[c][1]]) for c in common
               if all(p[c][0] == codes[0][c][0] for p in codes)}
    return ReportTable(pd.concat(frames, ignore_index=True), np.concatenate(sup),
                       np.concatenate(counts), notes, lang, np.concatenate(hidden),
                       np.concatenate(brackets), stacked,
                       caption or labels.get("stats_caption_indicators", lang))


def row_table(result, *, lang, labels=None, codebook=None):
    """The report table of one plan row's result (see the module docstring).

    Returns
    -------
    ReportTable or None
        None when the row had nothing to estimate in this domain.
    """
    from wpsresearch.stats.analysis_labels import table_labels
    from wpsresearch.stats.report_table import ReportTable, table_caption

    if not result.estimates:
        return None
    named = table_labels(result, labels, codebook)
    # the row's indicator, and its groups: "Trusts the police, by sex"
    caption = table_caption(named, lang, named.get(result.row.name, lang), result.row.group_var)
    if result.row.analysis_type == "prop_select_multiple":
        # one question: its missing-answer note names the question, not each option
        return stack_tables(list(zip(result.options, result.estimates)), lang=lang,
                            labels=named, name_notes=False, caption=caption)
    est = result.estimate
    table = est.table(lang=lang, labels=named)
    # the row's heading names the indicator: no column repeating it on every line
    drop = [named.get("stats_variable", lang)]
    keep = yes_rows(est.to_frame()) if result.binary else np.ones(len(table.frame), dtype=bool)
    if result.binary:
        drop.append(named.get("stats_level", lang))
    frame = table.frame[keep].drop(columns=drop, errors="ignore")
    return ReportTable(frame.reset_index(drop=True), table.suppressed[keep], table.counts[keep],
                       table.footnotes, lang, table.hidden_n[keep], table.bracketed[keep],
                       {c: (h, [v for v, k in zip(vals, keep) if k])
                        for c, (h, vals) in table.codes.items()}, caption)
