"""The report table of an ``Estimate``: labelled, suppressed and formatted as survey reports print.

Rules (DHS Guide to DHS Statistics, "Presentation of results"): an estimate on fewer than
``min_n`` (25) unweighted cases is suppressed (shown as ``*``), one on ``min_n`` to
``2*min_n - 1`` (25-49) cases is shown in brackets.  A percentage is also suppressed when its
unweighted numerator, or the unweighted complement in its base, is disclosive under the
:class:`~wpsresearch.privacy.DisclosurePolicy` (``min_cell``, zeros).  A coefficient of
variation (se / estimate) above ``cv_flag`` is marked as imprecise.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wpsresearch.errors import ReportError

__all__ = ["ReportTable", "build_report_table", "crosstab_report_table"]

SUPPRESSED = "*"
CV_MARK = "\u2020"  # dagger


@dataclass(frozen=True, eq=False)
class ReportTable:
    """A formatted estimate table ready for a report.

    Attributes
    ----------
    frame : DataFrame
        Text cells, headers in the report language.
    suppressed : ndarray of bool
        True where the estimate was suppressed.
    counts : ndarray of int
        Unweighted base of each row (exported as ``data-n`` in HTML for the disclosure gate).
    footnotes : list of str
    lang : str
    """

    frame: pd.DataFrame
    suppressed: np.ndarray
    counts: np.ndarray
    footnotes: list
    lang: str
    hidden_n: np.ndarray = None

    def __post_init__(self):
        if self.hidden_n is None:
            object.__setattr__(self, "hidden_n", np.zeros(len(self.counts), dtype=bool))

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()

    def _repr_html_(self):
        direction = ' dir="rtl"' if self.lang == "ar" else ""
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in self.frame.columns)
        body = []
        for i, row in enumerate(self.frame.itertuples(index=False)):
            cells = "".join(f"<td>{html.escape(str(v))}</td>" for v in row)
            flag = ' data-suppressed="true"' if self.suppressed[i] else ""
            # a base below min_cell is itself disclosive: it is neither shown nor marked up
            count = "" if self.hidden_n[i] else f' data-n="{int(self.counts[i])}"'
            body.append(f"<tr{count}{flag}>{cells}</tr>")
        notes = "".join(f"<li>{html.escape(t)}</li>" for t in self.footnotes)
        return (f'<div class="wps-table"{direction}><table><thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(body)}</tbody></table><ul class=\"notes\">{notes}</ul></div>")

    def __str__(self):
        return self.frame.to_string(index=False) + "\n" + "\n".join(self.footnotes)

    # the plain-text form (what a notebook keeps beside the HTML) shows only what is
    # published, never the hidden unweighted counts
    __repr__ = __str__


def _fmt(value, digits):
    return "" if not np.isfinite(value) else f"{value:,.{digits}f}"


def _row_rules(frame, kind, policy, by=()):
    n = frame["n"].to_numpy()
    suppress = n < policy.min_n
    if kind == "proportion":
        k = frame["n_level"].to_numpy()
        disclosive = np.array([policy.cell_is_disclosive(int(a)) or
                               policy.cell_is_disclosive(int(b)) for a, b in zip(k, n - k)])
        suppress = suppress | disclosive
        if "level" in frame.columns and len(frame):
            suppress = _complementary(frame, suppress, list(by) + ["variable"])
    bracket = ~suppress & (n < 2 * policy.min_n)
    return suppress, bracket


def _complementary(frame, suppress, keys):
    """Secondary suppression across the levels of one answer: the shares of a group add up
    to 100%, so one hidden level would be recovered by subtraction.  When exactly one level
    of a group is hidden, the next-smallest shown level is hidden too."""
    suppress = suppress.copy()
    keys = [k for k in keys if k in frame.columns]
    groups = frame.groupby(keys, sort=False, dropna=False).indices if keys else {None: np.arange(len(frame))}
    for rows in groups.values():
        rows = np.asarray(rows)
        hidden = suppress[rows]
        if len(rows) > 1 and hidden.sum() == 1:
            shown = rows[~hidden]
            partner = shown[np.argmin(frame["n_level"].to_numpy()[shown])]
            suppress[partner] = True
    return suppress


def _setup(lang, labels, policy):
    from wpsresearch.labels import LANGUAGES, Labels
    from wpsresearch.privacy import DisclosurePolicy

    if lang not in LANGUAGES:
        raise ReportError(f"lang must be one of {LANGUAGES}, not {lang!r}")
    return (Labels.default() if labels is None else labels,
            DisclosurePolicy() if policy is None else policy)


def crosstab_report_table(ct, *, lang, labels, percent, digits) -> ReportTable:
    """Percentages of a Crosstab with DHS base rules and the disclosure policy per cell."""
    labels, policy = _setup(lang, labels, ct._design.policy)
    unw = ct.unweighted if percent == "row" else ct.unweighted.T
    pct = ct.row_percent if percent == "row" else ct.col_percent.T
    base = unw.sum(axis=1).to_numpy()
    suppress_row = base < policy.min_n
    bracket = ~suppress_row & (base < 2 * policy.min_n)
    cells = unw.to_numpy()
    out = pd.DataFrame(index=range(len(pct)))
    out[labels.get(pct.index.name, lang)] = [labels.get(str(v), lang, default=str(v))
                                             for v in pct.index]
    any_cell = False
    for j, level in enumerate(pct.columns):
        column = []
        for i in range(len(pct)):
            cell_bad = (policy.cell_is_disclosive(int(cells[i, j])) or
                        policy.cell_is_disclosive(int(base[i] - cells[i, j])))
            any_cell |= cell_bad and not suppress_row[i]
            if suppress_row[i] or cell_bad:
                column.append(SUPPRESSED)
            else:
                text = _fmt(pct.iloc[i, j], digits)
                column.append(f"({text})" if bracket[i] else text)
        out[labels.get(str(level), lang, default=str(level))] = column
    hidden = np.array([policy.cell_is_disclosive(int(v)) for v in base], dtype=bool)
    out[labels.get("n", lang)] = [SUPPRESSED if h else f"{int(v):,}" for v, h in zip(base, hidden)]
    notes = _footnotes(labels, lang, policy, suppress_row | any_cell, bracket,
                       np.zeros(len(base), dtype=bool), 0.3, int(ct.n_missing))
    return ReportTable(out, suppress_row, base.astype(int), notes, lang, hidden)


def build_report_table(est, *, lang, labels, cv_flag, digits) -> ReportTable:
    labels, policy = _setup(lang, labels, est.policy)
    frame = est.frame
    pct = est.kind == "proportion"
    scale = 100.0 if pct else 1.0
    suppress, bracket = _row_rules(frame, est.kind, policy, est.by)
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = frame["se"].to_numpy() / np.abs(frame["estimate"].to_numpy())
    imprecise = ~suppress & (cv > cv_flag)
    out = pd.DataFrame(index=frame.index)
    for col in est.by:
        out[labels.get(col, lang)] = [labels.get(str(v), lang, default=str(v)) for v in frame[col]]
    if frame["variable"].nunique() > 1 or not est.by:
        out[labels.get("stats_variable", lang)] = [labels.get(v, lang) for v in frame["variable"]]
    if "level" in frame.columns:
        out[labels.get("stats_level", lang)] = [labels.get(str(v), lang, default=str(v))
                                                for v in frame["level"]]
    values, cis = [], []
    for i in range(len(frame)):
        e, lo, hi = (frame[c].iloc[i] * scale for c in ("estimate", "ci_low", "ci_high"))
        if suppress[i]:
            values.append(SUPPRESSED)
            cis.append("")
            continue
        text = _fmt(e, digits)
        text = f"({text})" if bracket[i] else text
        values.append(text + (CV_MARK if imprecise[i] else ""))
        interval = f"{_fmt(lo, digits)} \u2013 {_fmt(hi, digits)}"
        # in Arabic text a "low – high" run is reordered by the bidi algorithm unless isolated
        cis.append(f"\u2066{interval}\u2069" if lang == "ar" else interval)
    out[labels.get("stats_percent" if pct else "estimate", lang)] = values
    out[labels.get("ci", lang)] = cis
    n = frame["n"].to_numpy()
    shown_n = n if policy.round_to is None else np.round(n / policy.round_to) * policy.round_to
    hidden = np.array([policy.cell_is_disclosive(int(v)) for v in n], dtype=bool)
    out[labels.get("n", lang)] = [SUPPRESSED if h else f"{int(v):,}" for v, h in zip(shown_n, hidden)]
    notes = _footnotes(labels, lang, policy, suppress, bracket, imprecise, cv_flag,
                       int(frame["n_missing"].sum()))
    return ReportTable(out.reset_index(drop=True), suppress, n.astype(int), notes, lang, hidden)


def _footnotes(labels, lang, policy, suppress, bracket, imprecise, cv_flag, n_missing):
    notes = []
    if suppress.any():
        notes.append(SUPPRESSED + " " + labels.get("stats_note_suppressed", lang).format(
            min_n=policy.min_n, min_cell=policy.min_cell))
    if bracket.any():
        notes.append("( ) " + labels.get("stats_note_bracketed", lang).format(
            min_n=policy.min_n, max_n=2 * policy.min_n - 1))
    if imprecise.any():
        notes.append(CV_MARK + " " + labels.get("stats_note_cv", lang).format(
            cv=f"{cv_flag:.0%}"))
    if n_missing:
        # a small count of refusals is itself disclosive (e.g. "3 refused the IPV items")
        shown = (f"{n_missing:,}" if not policy.cell_is_disclosive(n_missing)
                 else ("< " if lang == "en" else "أقل من ") + f"{policy.min_cell}")
        notes.append(labels.get("stats_note_missing", lang).format(n_missing=shown))
    return notes
