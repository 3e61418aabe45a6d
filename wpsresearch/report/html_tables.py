"""HTML tables whose counts are machine-readable (``data-n``), for reports and the gate.

The disclosure gate checks the numbers a table publishes, not guesses from its text: every
cell of a count column carries ``data-n="<unweighted count>"`` (DESIGN.md, "Reports").
"""

from __future__ import annotations

import html
from dataclasses import dataclass

__all__ = ["html_table", "HtmlTable"]


@dataclass(frozen=True)
class HtmlTable:
    """An HTML table that displays itself in notebooks (``_repr_html_``)."""

    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def _cell(value, *, is_count: bool, lang: str, labels) -> str:
    missing = value is None or (isinstance(value, float) and value != value)
    if is_count and missing:
        text = html.escape(labels.get("viz_suppressed_marker", lang))
        return f'<td class="suppressed" data-suppressed="true">{text}</td>'
    if is_count:
        n = int(value)
        return f'<td class="count" data-n="{n}">{n:,}</td>'
    if missing:
        return "<td></td>"
    if isinstance(value, float):
        return f'<td class="number">{value:,.1f}</td>'
    return f"<td>{html.escape(str(value))}</td>"


def _place_cell(code, name) -> str:
    if code is None or (isinstance(code, float) and code != code):
        return "<td></td>"
    return f'<td data-pcode="{html.escape(str(code))}">{html.escape(str(name))}</td>'


def html_table(frame, count_columns=(), *, lang: str = "en", labels=None,
               caption: str | None = None) -> HtmlTable:
    """Render ``frame`` as an HTML table; cells of ``count_columns`` carry ``data-n``.

    Parameters
    ----------
    frame : DataFrame
        Already suppressed and labelled (e.g. from ``Estimate.table``); the index is dropped,
        column names are looked up in the label table.  A p-code column (``adm1_pcode``,
        ``adm2_pcode``) shows the places' names in ``lang``, the code in ``data-pcode``.
    count_columns : list of str
        Columns holding unweighted counts; a missing count is shown as suppressed.
    lang : {"en", "ar"}
    labels : Labels, optional
    caption : str, optional
        What the table shows: a label key (looked up in ``lang``, as the headers are) or
        text.  Screen readers announce a table by its caption: give every published one one.

    Returns
    -------
    HtmlTable

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.report import html_table
    >>> t = html_table(pd.DataFrame({"sex": ["female"], "n": [120]}), count_columns=["n"])
    >>> 'data-n="120"' in t.html, "<th scope=\\"col\\">Sex</th>" in t.html
    (True, True)
    """
    from wpsresearch.labels import Labels

    from wpsresearch.viz.label_use import LabelUse

    labels = LabelUse(labels or Labels.default())
    missing = [c for c in count_columns if c not in frame.columns]
    if missing:
        from wpsresearch.errors import InputError

        raise InputError("count columns not in the table", column=missing)
    from wpsresearch.stats.report_table import PLACE_COLUMNS, place_names

    # a p-code column is shown as the place's name in ``lang``; the code stays in data-pcode
    names = {c: place_names(c, frame[c].tolist(), lang) for c in frame.columns if c in PLACE_COLUMNS}
    head = "".join(f'<th scope="col">{html.escape(labels.get(PLACE_COLUMNS.get(c, str(c)), lang))}</th>'
                   for c in frame.columns)
    rows = []
    for i, rec in enumerate(frame.itertuples(index=False)):
        cells = [_place_cell(v, names[c][i]) if c in names else
                 _cell(v if not isinstance(v, str) else labels.get(v, lang), is_count=c in count_columns,
                       lang=lang, labels=labels) for c, v in zip(frame.columns, rec)]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(labels.get(caption, lang))}</caption>" if caption else ""
    direction = "rtl" if lang == "ar" else "ltr"
    keys = html.escape(" ".join(sorted(labels.used)), quote=True)
    # the scroll box: on a phone a wide table scrolls inside it instead of widening the page
    return HtmlTable(f'<div class="wps-scroll"><table class="wps-table" dir="{direction}" '
                     f'data-label-keys="{keys}">{cap}<thead><tr>{head}</tr></thead>'
                     f'<tbody>{"".join(rows)}</tbody></table></div>')
