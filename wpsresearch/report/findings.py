"""Key-finding sentences in English and Arabic, built from computed estimates.

A sentence never holds a number typed by hand: :func:`key_finding` reads the estimate, its
95% CI and unweighted base from an :class:`~wpsresearch.stats.Estimate`, applies the same
suppression rules as ``Estimate.table`` (DHS ``min_n``, the disclosure policy) and fills a
sentence of the label table: ``finding_<indicator>`` when the table has one, else the general
``{label}: {value}% (95% CI …; n = …)`` with the indicator's label from the analysis plan or
the form.  The HTML marks every number
(``data-value``, ``data-ci-low``, ``data-ci-high``, ``data-n``) so tests and the disclosure
gate read them back without parsing prose.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from wpsresearch.errors import ReportError

__all__ = ["KeyFinding", "KeyFindings", "key_finding", "key_findings", "format_number",
           "finding_of_row", "RowNaming"]


@dataclass(frozen=True)
class KeyFinding:
    """One sentence and the numbers it states (``estimate`` etc. unscaled, as estimated;
    ``n`` the published unweighted base, rounded when the disclosure policy rounds)."""

    indicator: str
    lang: str
    sentence: str
    estimate: float
    ci_low: float
    ci_high: float
    n: int
    percent: bool
    suppressed: bool
    group: str | None = None
    bracketed: bool = False  # DHS small base (min_n to 2*min_n - 1): shown with a caution
    caution: str | None = None  # that caution, the report table's footnote, in ``lang``
    label: str | None = None  # what the number is, in ``lang`` (plan, form or label table)
    group_text: str = ""  # the group it describes, in ``lang`` ("Women"), or ""
    level: float = 0.95  # confidence level of ci_low/ci_high (an analysis plan's ``level``)

    def _repr_html_(self) -> str:
        return KeyFindings((self,))._repr_html_()

    def __repr__(self) -> str:
        # the plain text kept in executed notebooks: the published sentence only (a suppressed
        # finding's estimate and n must not travel in its repr)
        return self.sentence


@dataclass(frozen=True)
class KeyFindings:
    """Several findings, shown as a list (``_repr_html_``)."""

    findings: tuple

    def _repr_html_(self) -> str:
        items = []
        for f in self.findings:
            attrs = f'data-indicator="{html.escape(f.indicator)}"'
            if f.group:
                attrs += f' data-group="{html.escape(f.group)}"'
            if f.suppressed:
                attrs += ' data-suppressed="true"'
            else:
                if f.bracketed:
                    attrs += ' data-bracketed="true"'
                attrs += (f' data-value="{f.estimate!r}" data-ci-low="{f.ci_low!r}" '
                          f'data-ci-high="{f.ci_high!r}" data-n="{f.n}" '
                          f'data-percent="{str(f.percent).lower()}"')
            items.append(f"<li {attrs}>{html.escape(f.sentence)}</li>")
        lang = self.findings[0].lang if self.findings else "en"
        direction = "rtl" if lang == "ar" else "ltr"
        return f'<ul class="key-findings" dir="{direction}">{"".join(items)}</ul>'

    def __repr__(self) -> str:
        return "\n".join(f.sentence for f in self.findings)

    def __iter__(self):
        return iter(self.findings)

    def __len__(self):
        return len(self.findings)


def format_number(value: float, *, percent: bool) -> str:
    """How a finding prints a number: percentages with one decimal, indices with two.

    >>> format_number(0.2345, percent=True), format_number(1.6789, percent=False)
    ('23.4', '1.68')
    """
    return f"{value * 100:.1f}" if percent else f"{value:.2f}"


def _row(est, where: dict | None):
    frame = est.to_frame()
    keep = [True] * len(frame)
    where = dict(where or {})
    if "level" in frame.columns and "level" not in where:
        yes = frame["level"].astype(str).isin(["True", "1", "yes"]).to_numpy()
        keep = yes if yes.any() else keep
    for col, value in where.items():
        if col not in frame.columns:
            raise ReportError(f"the estimate has no column {col!r} to select a finding by",
                              hint=f"its columns: {', '.join(map(str, frame.columns))}")
        keep = keep & (frame[col].astype(str) == str(value)).to_numpy()
    rows = [i for i, k in enumerate(keep) if k]
    if len(rows) != 1:
        raise ReportError(f"a key finding needs exactly one row of the estimate, found {len(rows)}",
                          hint="pass where={'sex': 'female'} to choose a domain")
    return frame, rows[0]


def key_finding(est, indicator: str, *, lang: str, where: dict | None = None,
                labels=None, label: str | None = None) -> KeyFinding:
    """The key-finding sentence of one row of ``est``.

    Parameters
    ----------
    est : Estimate
        From ``wps.stats.proportion`` (a 0/1 indicator: the "yes"/True row) or ``mean``.
    indicator : str
        The indicator's name.  Its sentence is the label table's ``finding_<indicator>``
        when there is one (placeholders ``{value} {ci_low} {ci_high} {n} {group}``), else
        the general sentence ``{label}: {value}% (95% CI …; n = …)`` with ``label`` (default:
        the indicator's label in the label table).
    lang : {"en", "ar"}
    where : dict, optional
        Chooses the row of a ``by=`` estimate, e.g. ``{"sex": "female"}``.
    labels : Labels, optional
    label : str, optional
        What the number is, in ``lang`` (an analysis plan's or a form's label).

    Returns
    -------
    KeyFinding
        Suppressed (a sentence saying so, no number) when ``Estimate.table`` suppresses it;
        bracketed (the number in brackets and the table's caution appended to the sentence)
        when ``Estimate.table`` brackets it (DHS: ``min_n`` to ``2*min_n - 1`` cases).

    Examples
    --------
    >>> import pandas as pd
    >>> import wpsresearch as wps
    >>> from wpsresearch.report.findings import key_finding
    >>> df = pd.DataFrame({"x": [True] * 30 + [False] * 70, "w": [1.0] * 100})
    >>> est = wps.stats.proportion(wps.stats.SurveyDesign(df, weights="w"), "x")
    >>> key_finding(est, "x", lang="en", label="Has heard of the National Action Plan").sentence
    'Has heard of the National Action Plan: 30.0% (95% CI 21.7–39.8; n = 100).'
    """
    from wpsresearch.labels import Labels
    from wpsresearch.stats.report_table import value_label

    labels = labels or Labels.default()
    frame, i = _row(est, where)
    group = next((str(v) for k, v in (where or {}).items() if k != "level"), None)
    group_text = value_label(group, lang, labels) if group is not None else ""
    return finding_of_row(est, i, indicator, lang=lang, labels=labels,
                          named=RowNaming(label, group, group_text))


@dataclass(frozen=True)
class RowNaming:
    """How a finding names its row: what the number is (``label``; default: the indicator's
    label in the label table) and its group, as a key (``group``) and as shown
    (``group_text``, e.g. ``"Basra · Women"``)."""

    label: str | None = None
    group: str | None = None
    group_text: str = ""


def finding_of_row(est, i: int, indicator: str, *, lang: str, labels,
                   named: RowNaming = RowNaming(), table=None) -> KeyFinding:
    """The :class:`KeyFinding` of row ``i`` of ``est.to_frame()`` (see :func:`key_finding`)."""
    from wpsresearch.labels import at_level
    from wpsresearch.stats.report_table import bracket_note, in_brackets

    label, group, group_text = named.label, named.group, named.group_text

    frame = est.to_frame()
    table = table if table is not None else est.table(lang=lang, labels=labels)
    suppressed = bool(table.suppressed[i])
    percent = est.kind == "proportion"
    vals = {c: float(frame[c].iloc[i]) for c in ("estimate", "ci_low", "ci_high")}
    # the published base (rounded when the policy rounds), never the exact one
    n = int(table.counts[i])
    label = label or labels.get(indicator, lang)
    if suppressed:
        # the group after " — ", as the published sentences write it
        sentence = labels.get("finding_suppressed", lang).format(
            indicator=label, group=f" — {group_text}" if group_text else "",
            min_n=est.policy.min_n)
        return KeyFinding(indicator, lang, sentence, math.nan, math.nan, math.nan, n, percent,
                          True, group, label=label, group_text=group_text)
    text = {k: format_number(v, percent=percent) for k, v in vals.items()}
    bracketed = bool(table.bracketed[i])
    key = f"finding_{indicator}"
    if key not in labels:
        key = ("finding_percent" if percent else "finding_value") + ("_group" if group_text else "")
    template = at_level(labels.get(key, lang), est.conf_level)
    if bracketed:  # the table's brackets and its own footnote, not a second wording
        if percent and "{value}%" in template:  # "(46.9%)", as the fact sheet's box shows it
            template = template.replace("{value}%", "{value}")
            text["estimate"] += "%"
        text["estimate"] = in_brackets(text["estimate"])
    sentence = template.format(
        value=text["estimate"], ci_low=text["ci_low"], ci_high=text["ci_high"], n=f"{n:,}",
        group=group_text, label=label)
    caution = bracket_note(labels, lang, est.policy) if bracketed else None
    if caution:
        sentence += " " + caution
    return KeyFinding(indicator, lang, sentence, vals["estimate"], vals["ci_low"], vals["ci_high"],
                      n, percent, False, group, bracketed, caution, label, group_text,
                      est.conf_level)


def key_findings(*findings) -> KeyFindings:
    """Show several :class:`KeyFinding` as one list (HTML with ``data-value`` per number)."""
    flat = []
    for f in findings:
        flat.extend(f if isinstance(f, (list, tuple, KeyFindings)) else [f])
    return KeyFindings(tuple(flat))
