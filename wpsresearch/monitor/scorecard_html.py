"""The bilingual NAP 1325 scorecard page: by pillar, latest value, trend, change, no data.

The page is one self-contained offline HTML file per language, built on the report stage's
page shell (Content-Security-Policy forbidding every network load, embedded Arabic font,
SYNTHETIC banner, ``dir="rtl"`` for Arabic).  Trend charts are inline SVG written here: a few
points with interval bars need no plotting library, stay sharp at any width (``viewBox``),
and their text is page text, which the export gate reads.  Counts sit in ``data-n``.

``print_=True`` gives the same page for the PDF (:func:`wpsresearch.report.typst_pdf.html_to_pdf`,
which sets what it can print): the trend charts as SVG images in the bundled fonts and the
values by group as open tables instead of a ``<details>`` a reader unfolds.
"""

from __future__ import annotations

import html
import math

__all__ = ["scorecard_page"]

_PERCENT_TYPES = ("prop_select_one", "prop_select_multiple")
_CSS = """
.pillar { margin: 1.5rem 0; } .pillar h2 { border-bottom: 2px solid #1f4e79; padding-bottom: .2rem; }
.kind { color: #555; font-size: .85rem; margin: 0; }
.card { border: 1px solid #ccd; border-radius: 6px; padding: .75rem; margin: .75rem 0; max-width: 100%; }
.card h3 { font-size: 1.05rem; margin: 0 0 .4rem 0; }
.latest { font-size: 1.6rem; font-weight: bold; } .muted { color: #555; font-size: .9rem; }
table.groups caption { caption-side: top; text-align: start; color: #555; font-size: .9rem; padding: .2rem 0; }
.sig { color: #0b5d1e; font-weight: bold; } .nonsig { color: #444; }
.trend svg { width: 100%; max-width: 520px; height: auto; display: block; }
.scroll { overflow-x: auto; } table.groups { border-collapse: collapse; font-size: .9rem; }
table.groups th, table.groups td { border-bottom: 1px solid #ddd; padding: .2rem .5rem; text-align: start; white-space: nowrap; }
.nodata li { margin: .2rem 0; } .sdg { font-size: .85rem; color: #333; }
"""


def _fmt(value, percent: bool, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{100 * value:.{digits}f}%" if percent else f"{value:.2f}"


def _fmt_change(value, percent: bool) -> str:
    """A change as a signed number: percentage points for a percentage (the unit is written
    after it by :func:`_points`, in the page's language)."""
    if percent:
        return f"{100 * value:+.1f}"
    return f"{value:+.2f}"


def _points(percent: bool, labels, lang: str) -> str:
    """The unit after a change: " percentage points" ("نقطة مئوية") for a percentage, else nothing.

    Written outside the number's left-to-right isolate, so an Arabic unit reads in the
    paragraph's direction.

    Examples
    --------
    >>> from wpsresearch.labels import Labels
    >>> _points(True, Labels.default(), "ar"), _points(False, Labels.default(), "ar")
    (' نقطة مئوية', '')
    """
    return f" {html.escape(labels.get('monitor_percentage_points', lang))}" if percent else ""


def _trend_svg(points, percent: bool, lang: str, title: str, print_: bool = False) -> str:
    """Dots with interval bars, one per round, oldest first (right to left in Arabic).

    For print, a flatter chart (it is set at the text width) as a ``data:`` SVG image whose
    text uses the PDF's bundled fonts."""
    w, h, left, right, top, bottom = (520, 130 if print_ else 180, 56, 16, 14, 34)
    lo = min(p["ci_low"] for p in points)
    hi = max(p["ci_high"] for p in points)
    if percent:
        lo, hi = max(0.0, lo - 0.05), min(1.0, hi + 0.05)
    else:
        pad = 0.1 * (hi - lo or 1)
        lo, hi = lo - pad, hi + pad
    span = hi - lo or 1.0
    k = len(points)
    xs = [left + (w - left - right) * ((i + 0.5) / k) for i in range(k)]
    if lang == "ar":
        xs = xs[::-1]
    y = lambda v: top + (h - top - bottom) * (1 - (v - lo) / span)  # noqa: E731
    font = "DejaVu Sans, Amiri" if print_ else "inherit"
    parts = [f'<svg viewBox="0 0 {w} {h}" role="img" aria-label="{html.escape(title)}" '
             + (f'width="{w}" height="{h}" ' if print_ else "")
             + f'xmlns="http://www.w3.org/2000/svg" font-family="{font}" font-size="12">',
             f"<title>{html.escape(title)}</title>"]
    for frac in (0, 0.5, 1):
        v = lo + span * frac
        parts.append(f'<line x1="{left}" x2="{w - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" direction="ltr">'
                     f"{html.escape(_fmt(v, percent, 0))}</text>")
    for x, p in zip(xs, points):
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y(p["ci_low"]):.1f}" y2="{y(p["ci_high"]):.1f}" '
                     'stroke="#1f4e79" stroke-width="2"/>')
        parts.append(f'<circle cx="{x:.1f}" cy="{y(p["estimate"]):.1f}" r="5" fill="#1f4e79"/>')
        parts.append(f'<text x="{x:.1f}" y="{h - 8}" text-anchor="middle" direction="ltr">'
                     f'{html.escape(str(p["round_date"])[:7])}</text>')
        parts.append(f'<text x="{x + 8:.1f}" y="{y(p["estimate"]) - 6:.1f}" direction="ltr">'
                     f'{html.escape(_fmt(p["estimate"], percent))}</text>')
    parts.append("</svg>")
    svg = "".join(parts)
    if not print_:
        return svg
    import base64

    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    # printed at the size drawn: its 12 px text is 9 pt on paper, as the body text is near
    return f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(title)}" width="{w}">'


def _label(row, lang):
    text = row.get(f"label_{lang}") or row.get("label_en") or row["indicator_id"]
    return text


def _change_html(change, percent, labels, lang):
    if change is None:
        return f'<p class="muted">{html.escape(labels.get("monitor_no_previous", lang))}</p>'
    sig = change["significant"]
    word = labels.get("monitor_significant" if sig else "monitor_not_significant", lang)
    return (f'<p>{html.escape(labels.get("monitor_change", lang))}: '
            f'<bdi dir="ltr">{html.escape(_fmt_change(change["change"], percent))}</bdi>'
            f'{_points(percent, labels, lang)} '
            f'(<bdi dir="ltr">{html.escape(_fmt_change(change["change_ci_low"], percent))} … '
            f'{html.escape(_fmt_change(change["change_ci_high"], percent))}</bdi>) — '
            f'<span class="{"sig" if sig else "nonsig"}">{html.escape(word)}</span> '
            f'<span class="muted">(<bdi dir="ltr">t = {change["t"]:.2f}, df = {change["change_df"]:g}, '
            f'p = {change["p_value"]:.3f}</bdi>)</span></p>')


def _card(card, framework, labels, lang, print_=False):
    series, changes, groups, latest = card["series"], card["changes"], card["groups"], card["latest"]
    percent = latest["analysis_type"] in _PERCENT_TYPES
    title = _label(latest, lang)
    sdg = ""
    for code in (latest.get("sdg") or "").split("; "):
        if code in framework.sdg:
            sdg += (f'<p class="sdg">{html.escape(labels.get("monitor_sdg", lang))} '
                    f'<bdi dir="ltr">{html.escape(code)}</bdi>: {html.escape(framework.sdg[code].title(lang))}</p>')
    contrasts = _contrasts_html(card.get("contrasts") or [], percent, labels, lang)
    if not series:  # estimated by group only: the groups are the card
        return (f'<section class="card"><h3>{html.escape(title)}</h3>{sdg}'
                f'<p class="muted">{html.escape(labels.get("monitor_latest", lang))} <bdi dir="ltr">'
                f'({html.escape(str(latest["round_date"])[:10])}, {html.escape(latest["study"])})</bdi></p>'
                + _groups_table(groups, percent, labels, lang, open_=True, print_=print_, indicator=title) + contrasts + "</section>")
    bracket = (f' <span class="muted">[{html.escape(labels.get("monitor_bracketed", lang))}]</span>'
               if latest["suppression_status"] == "bracketed" else "")
    # in print, the heading, the values and the trend chart stay on one page
    out = [f'<section class="card">{"<div class=keep-together>" if print_ else ""}<h3>{html.escape(title)}</h3>{sdg}',
           f'<p><span class="muted">{html.escape(labels.get("monitor_latest", lang))} '
           f'<bdi dir="ltr">({html.escape(str(latest["round_date"])[:10])}, '
           f'{html.escape(latest["study"])})</bdi>:</span> <span class="latest"><bdi dir="ltr">'
           f'{html.escape(_fmt(latest["estimate"], percent))}</bdi></span>{bracket} '
           f'<span class="muted">{html.escape(labels.get("monitor_ci", lang))}: <bdi dir="ltr">'
           f'{html.escape(_fmt(latest["ci_low"], percent))} – {html.escape(_fmt(latest["ci_high"], percent))}'
           f'</bdi>; {html.escape(labels.get("monitor_base", lang))}: '
           f'<span data-n="{int(latest["n"])}">{int(latest["n"])}</span></span></p>',
           _change_html(changes.get(len(series) - 1), percent, labels, lang)]
    if len(series) > 1:
        out.append(f'<div class="trend"><p class="muted">{html.escape(labels.get("monitor_trend", lang))}</p>'
                   f'{_trend_svg(series, percent, lang, title, print_)}</div>')
    if print_:
        out.append("</div>")
    if groups:
        out.append(_groups_table(groups, percent, labels, lang, print_=print_, indicator=title))
    out.append(contrasts)
    out.append("</section>")
    return "".join(out)


def _contrasts_html(contrasts, percent, labels, lang) -> str:
    """Differences between the groups of the latest round, each with its interval and test."""
    if not contrasts:
        return ""
    items = []
    for c in contrasts:
        word = labels.get("monitor_significant" if c["significant"] else "monitor_not_significant", lang)
        items.append(
            f'<li>{html.escape(c[f"name_{lang}"])}: <bdi dir="ltr">{html.escape(_fmt_change(c["change"], percent))}'
            f'</bdi>{_points(percent, labels, lang)} (<bdi dir="ltr">{html.escape(_fmt_change(c["change_ci_low"], percent))} … '
            f'{html.escape(_fmt_change(c["change_ci_high"], percent))}</bdi>) — '
            f'<span class="{"sig" if c["significant"] else "nonsig"}">{html.escape(word)}</span> '
            f'<span class="muted">(<bdi dir="ltr">t = {c["t"]:.2f}, df = {c["change_df"]:g}, '
            f'p = {c["p_value"]:.3f}</bdi>)</span></li>')
    return (f'<p class="muted">{html.escape(labels.get("monitor_between_groups", lang))}</p>'
            f'<ul class="contrasts">{"".join(items)}</ul>')


def _groups_table(groups, percent, labels, lang, open_=False, print_=False, indicator=""):
    head = [labels.get(k, lang) for k in ("monitor_group", "monitor_latest", "monitor_ci", "monitor_base",
                                           "monitor_change")]
    rows = []
    for g in groups:
        ch = g.get("change")
        change = "" if ch is None else (
            f'<bdi dir="ltr">{html.escape(_fmt_change(ch["change"], percent))}</bdi>{_points(percent, labels, lang)} '
            f'<span class="{"sig" if ch["significant"] else "nonsig"}">'
            f'{html.escape(labels.get("monitor_significant" if ch["significant"] else "monitor_not_significant", lang))}'
            "</span>")
        rows.append(f'<tr><th scope="row">{html.escape(g[f"name_{lang}"])}</th>'
                    f'<td><bdi dir="ltr">{html.escape(_fmt(g["estimate"], percent))}</bdi></td>'
                    f'<td><bdi dir="ltr">{html.escape(_fmt(g["ci_low"], percent))} – '
                    f'{html.escape(_fmt(g["ci_high"], percent))}</bdi></td>'
                    f'<td data-n="{int(g["n"])}">{int(g["n"])}</td><td>{change}</td></tr>')
    title = html.escape(labels.get("monitor_by_group", lang))
    # the caption names the indicator: a screen reader's table list reads on its own
    caption = f"<caption>{html.escape(indicator)}: {title}</caption>" if indicator else f"<caption>{title}</caption>"
    table = ('<div class="scroll"><table class="groups">' + caption + '<thead><tr>'
             + "".join(f'<th scope="col">{html.escape(h)}</th>' for h in head)
             + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>")
    if print_:  # the caption says it (no "By group" line above it)
        return table
    return f'<details{" open" if open_ else ""}><summary>{title}</summary>{table}</details>'



def scorecard_page(model, *, lang: str, labels, framework, synthetic: bool, csv_files=(),
                   print_: bool = False) -> str:
    """The whole page for ``lang`` from the scorecard model built by :mod:`.publish`
    (``print_``: the page the PDF is set from)."""
    from wpsresearch.report.offline_html import page_shell

    body = [f"<style>{_CSS}</style>"]
    for code, entry, cards in model["pillars"]:
        kind = labels.get("monitor_pillar" if entry.kind == "pillar" else "monitor_sector", lang)
        body.append(f'<section class="pillar" id="{html.escape(code)}"><h2>{html.escape(entry.title(lang))}</h2>'
                    f'<p class="kind">{html.escape(kind)}</p>')
        if not cards:
            body.append(f'<p class="muted">{html.escape(labels.get("monitor_no_data_cell", lang))}</p>')
        for c in cards:
            body.append(_card(c, framework, labels, lang, print_))
        body.append("</section>")
    if model["unassigned"]:
        body.append(f'<section class="pillar"><h2>{html.escape(labels.get("monitor_unassigned", lang))}</h2>')
        for c in model["unassigned"]:
            body.append(_card(c, framework, labels, lang, print_))
        body.append("</section>")
    body.append(_no_data(model, framework, labels, lang))
    if csv_files:
        links = "".join(f'<li><a href="{html.escape(n)}">{html.escape(n)}</a></li>' for n in csv_files)
        body.append(f'<p class="muted">{html.escape(labels.get("monitor_csv_note", lang))}</p><ul>{links}</ul>')
    meta = labels.get("monitor_meta", lang)
    return page_shell("\n".join(body), lang=lang, title=labels.get("monitor_title", lang), synthetic=synthetic,
                      labels=labels, meta=meta)


def _no_data(model, framework, labels, lang):
    out = [f'<section class="pillar nodata" id="no-data"><h2>{html.escape(labels.get("monitor_no_data_title", lang))}</h2>',
           f'<h3>{html.escape(labels.get("monitor_no_data_pillars", lang))}</h3><ul>']
    out += [f"<li>{html.escape(framework.nap_entry(c).title(lang))}</li>" for c in model["empty_pillars"]]
    out.append(f'</ul><h3>{html.escape(labels.get("monitor_no_data_sdg", lang))}</h3><ul>')
    for code in model["empty_sdg"]:
        e = framework.sdg[code]
        admin = (f' <span class="muted">({html.escape(labels.get("monitor_administrative", lang))})</span>'
                 if e.measured_by == "administrative" else "")
        out.append(f'<li><bdi dir="ltr">{html.escape(code)}</bdi>: {html.escape(e.title(lang))}{admin}</li>')
    out.append("</ul>")
    if model["withheld"]:
        out.append(f'<h3>{html.escape(labels.get("monitor_withheld", lang))}</h3><ul>')
        out += [f"<li>{html.escape(w)}</li>" for w in model["withheld"][lang]]
        out.append("</ul>")
    out.append("</section>")
    return "".join(out)
