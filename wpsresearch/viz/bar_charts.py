"""Bar charts of design-based estimates with confidence intervals, in English or Arabic."""

from __future__ import annotations

from dataclasses import dataclass

from wpsresearch.errors import InputError
from wpsresearch.viz.cell_status import cell_status, estimate_frame, shown_bases
from wpsresearch.viz.display_names import display_name
from wpsresearch.labels import at_level
from wpsresearch.viz.figure_notes import (OKABE_ITO, data_note_text, draw_note, drawn_bases,
                                          draw_synthetic_stamp)
from wpsresearch.viz.figure_output import Chart
from wpsresearch.viz.label_use import LabelUse
from wpsresearch.viz.text_metrics import text_width_in, wrap_to_width
from wpsresearch.viz.typefaces import text_font

__all__ = ["bar_chart"]

_BAR_IN = 0.34      # inches per bar
_WIDTH_IN = 7.5     # a report page; a fact-sheet column passes width= (see bar_chart)
_MIN_WIDTH_IN = 3.0
_LABEL_SHARE = 0.34  # category labels wrap beyond this share of the width


@dataclass(frozen=True)
class _BarStyle:
    """How one bar chart speaks and is laid out: its language (Arabic is mirrored), its
    words, percentages or plain values, and its printed width in inches."""

    lang: str
    labels: object
    percent: bool
    width: float

    @property
    def rtl(self) -> bool:
        return self.lang == "ar"


@dataclass(frozen=True)
class _ChartTexts:
    """The measured texts :func:`_fit_layout` places around the bars."""

    title: object
    legend: object
    note: object


def _category_column(frame, obj, by):
    if by is not None:
        if by not in frame.columns:
            raise InputError(f"no column {by!r} in the estimates", column=by,
                             hint=f"columns are: {', '.join(map(str, frame.columns))}")
        return by
    for candidate in (*tuple(getattr(obj, "by", ()) or ()), "level", "variable"):
        if candidate in frame.columns and frame[candidate].nunique() > 1:
            return candidate
    return "variable" if "variable" in frame.columns else frame.columns[0]


def _cells(frame, status, by, hue, style: _BarStyle):
    """One record per bar: names, status and the numbers it shows (none when suppressed)."""
    lang, labels = style.lang, style.labels
    scale = 100.0 if style.percent else 1.0
    cells = []
    for i, row in frame.iterrows():
        st = status.iloc[i]
        cell = {"category": display_name(row[by], lang, labels),
                "group": display_name(row[hue], lang, labels) if hue else None, "status": st}
        if st == "suppressed":
            cell.update(shown=labels.get("viz_suppressed_marker", lang), estimate=None,
                        ci_low=None, ci_high=None, n=None)
        else:
            est, lo, hi = (round(float(row[c]) * scale, 1) for c in ("estimate", "ci_low", "ci_high"))
            text = f"{est:.1f}"
            cell.update(shown=f"({text})" if st == "unreliable" else text, estimate=est,
                        ci_low=None if lo != lo else lo, ci_high=None if hi != hi else hi,
                        n=int(row["n"]))
        cells.append(cell)
    return cells


def _label_width_in(texts, prop) -> float:
    """Widest line of the tick labels in inches, measured with the real font (Arabic included)."""
    return max((text_width_in(t, prop) for t in texts), default=0.0)


def _draw_bars(ax, cells, categories, groups, lang):
    slot = 0.8 / len(groups)
    # inverted x-axis for Arabic: text anchored at a bar's end must grow leftwards
    ha, pad = ("right", " ") if lang == "ar" else ("left", " ")
    for gi, group in enumerate(groups):
        colour = OKABE_ITO[gi % len(OKABE_ITO)]
        for ci, cat in enumerate(categories):
            cell = next((c for c in cells if c["category"] == cat and c["group"] == group), None)
            if cell is None:
                continue
            y = ci - 0.4 + slot * (gi + 0.5)
            if cell["status"] == "suppressed":
                ax.text(0, y, " " + cell["shown"] + " ", va="center", ha=ha, color="#555555",
                        style="italic", fontproperties=text_font(lang, size=8))
                continue
            hatch = "////" if cell["status"] == "unreliable" else None
            ax.barh(y, cell["estimate"], height=slot * 0.9, color="white" if hatch else colour,
                    edgecolor=colour, hatch=hatch, linewidth=1.2)
            if cell["ci_low"] is not None and cell["ci_high"] is not None:
                ax.errorbar(cell["estimate"], y, capsize=3, color="#222222", linewidth=1,
                            xerr=[[cell["estimate"] - cell["ci_low"]], [cell["ci_high"] - cell["estimate"]]])
            end = cell["ci_high"] if cell["ci_high"] is not None else cell["estimate"]
            ax.text(end, y, pad + cell["shown"] + pad, va="center", ha=ha, color="#222222",
                    fontproperties=text_font(lang, size=8))


def _legend(ax, groups, style: _BarStyle, has_unreliable, has_suppressed, level=None):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    lang, labels = style.lang, style.labels

    def wrap(text):
        return wrap_to_width(text, text_font(lang, size=8), style.width - 1.0)

    handles = [Patch(facecolor=OKABE_ITO[i % len(OKABE_ITO)], label=wrap(g))
               for i, g in enumerate(groups) if g is not None]
    handles.append(Line2D([], [], color="#222222", marker="|", markersize=8,
                          label=wrap(at_level(labels.get("viz_ci_legend", lang), level))))
    if has_unreliable:
        handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="////",
                             label=wrap(labels.get("viz_unreliable_legend", lang))))
    if has_suppressed:
        handles.append(Patch(facecolor="white", edgecolor="white",
                             label=wrap(labels.get("viz_suppressed_legend", lang))))
    rtl = lang == "ar"
    return ax.legend(handles=handles, loc="upper right" if rtl else "upper left", frameon=False,
                     markerfirst=not rtl, prop=text_font(lang, size=8), ncols=1)


def _style_axes(ax, cells, categories, style: _BarStyle, label_w, tick_labels) -> str:
    """Limits, ticks and labels; Arabic mirrored (bars grow leftwards, categories on the right)."""
    lang, labels, percent = style.lang, style.labels, style.percent
    ax.set_yticks(range(len(categories)))
    ax.set_ylim(len(categories) - 0.5, -0.5)
    highs = [c["ci_high"] or c["estimate"] for c in cells if c["estimate"] is not None]
    ax.set_xlim(0, max([*highs, 1e-9]) * 1.25 if not percent else min(100, max([*highs, 1]) * 1.25))
    rtl = lang == "ar"
    ax.spines[["top", "left" if rtl else "right"]].set_visible(False)
    xlabel = labels.get("viz_axis_percent" if percent else "viz_axis_estimate", lang)
    ax.set_xlabel(xlabel, fontproperties=text_font(lang, size=9))
    # tick values are Western digits in both languages (DESIGN.md, Arabic), so DejaVu Sans
    ax.tick_params(axis="x", labelsize=8, labelfontfamily="DejaVu Sans")
    if rtl:
        ax.invert_xaxis()
        ax.yaxis.tick_right()
        # right-align the Arabic categories at the outer edge: pad by the widest label
        ax.set_yticklabels(tick_labels, ha="right", fontproperties=text_font(lang, size=9))
        ax.tick_params(axis="y", pad=(label_w - 0.1) * 72)
    else:
        ax.set_yticklabels(tick_labels, fontproperties=text_font(lang, size=9))
    return xlabel


_TITLE_TOP_IN = 0.3   # the title's top, under the SYNTHETIC corner line
_NOTE_BOTTOM_IN = 0.08


def _fit_layout(fig, ax, texts: _ChartTexts, rtl, label_w, plot_h) -> float:
    """Size the figure around its measured texts (title, tick labels, legend, note: Amiri
    lines are taller than DejaVu ones) and place them; return its height.

    Top to bottom: the title, the bars, the value axis, the legend, the data note.
    """
    from wpsresearch.viz.canvases import agg_canvas

    title, legend, note = texts.title, texts.legend, texts.note
    W = fig.get_size_inches()[0]
    renderer = agg_canvas(fig).get_renderer()

    def height(artist) -> float:
        return artist.get_window_extent(renderer).height / fig.dpi

    top = _TITLE_TOP_IN + height(title) + 0.15
    # tick marks, tick labels and the axis label under the bars
    axis_h = ax.xaxis.get_tightbbox(renderer).height / fig.dpi + 0.08
    note_top = _NOTE_BOTTOM_IN + height(note)
    legend_top = note_top + 0.12 + height(legend)
    bottom = legend_top + 0.06 + axis_h
    H = top + plot_h + bottom
    fig.set_size_inches(W, H)
    width = W - 0.3 - label_w - 0.6
    left = 0.9 if rtl else label_w
    ax.set_position([left / W, bottom / H, width / W, plot_h / H])
    # the legend starts at the outer margin, as the note does: beside a wide label column
    # on a narrow chart it would otherwise run off the figure
    x = 1 - 0.15 / W if rtl else 0.15 / W
    legend.set_bbox_to_anchor((x, legend_top / H), transform=fig.transFigure)
    title.set_y(1 - _TITLE_TOP_IN / H)
    note.set_y(_NOTE_BOTTOM_IN / H)
    return H


def bar_chart(estimate_or_frame, *, title_key: str, lang: str = "en", labels=None, by=None,
              hue=None, policy=None, synthetic: bool = False, source: str | None = None,
              data_note: str | None = None, percent: bool | None = None,
              width: float | None = None, level: float | None = None) -> Chart:
    """Horizontal bar chart of estimates with 95% CI bars, suppression and reliability shown.

    Parameters
    ----------
    estimate_or_frame : Estimate or DataFrame
        Anything with ``.to_frame()`` (a :class:`wpsresearch.stats.Estimate`) or a frame with
        ``estimate, ci_low, ci_high, n`` (+ ``se``, ``n_level``, ``suppressed``, the ``by`` columns).
    title_key : str
        Label-table key of the title (all words come from :class:`~wpsresearch.labels.Labels`).
    lang : {"en", "ar"}
        Arabic figures are mirrored: bars grow right to left, categories on the right,
        right-aligned, title and notes right-aligned.
    labels : Labels, optional
        Defaults to the package table.
    by, hue : str, optional
        Column of the categories (default: the estimate's first ``by``, else ``level``) and
        of a second grouping drawn as coloured bars (Okabe-Ito palette).
    policy : DisclosurePolicy, optional
        Suppression and bracketing rules (default: the estimate's, else the defaults).
    synthetic : bool
        Stamp the figure SYNTHETIC.
    source, data_note : str, optional
        The data note inside the image; by default ``Source · Unweighted n · weighting``.
    percent : bool, optional
        Show proportions as percentages (default: when the estimates have a ``level`` column
        or the estimate's ``kind`` is ``"proportion"``).
    width : float, optional
        Figure width in inches (default 7.5, a report page; at least 3).  Pass the width the
        chart will be printed at — about 3.6 for one of two columns on an A4 fact sheet — so
        its text prints at its point size (8-12 pt) instead of being shrunk; long category,
        title and legend texts are then broken between words to fit.
    level : float, optional
        Confidence level of the intervals drawn, as the legend and note say it (default: the
        estimate's ``conf_level``, else 0.95).

    Returns
    -------
    Chart
        ``.figure`` (a matplotlib Figure, no pyplot state) and ``.sidecar``; ``.save(stem)``.

    Notes
    -----
    Suppressed cells show the word from ``viz_suppressed_marker`` and no number; unreliable
    ones (``min_n`` to ``2*min_n - 1`` cases, or CV > 30%) are hatched and bracketed, as DHS
    final reports do.  R/SPSS equivalent: ``barplot(svymean(...))`` with ``confint``.

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.viz import bar_chart
    >>> f = pd.DataFrame({"sex": ["female", "male"], "estimate": [0.31, 0.12],
    ...                   "ci_low": [0.27, 0.09], "ci_high": [0.35, 0.15], "n": [640, 12]})
    >>> chart = bar_chart(f, title_key="estimate", by="sex", lang="ar", percent=True)
    >>> [c["shown"] for c in chart.sidecar["cells"]]
    ['31.0', 'محجوب']
    """
    from matplotlib.figure import Figure
    from wpsresearch.labels import Labels

    if level is None:
        level = getattr(estimate_or_frame, "conf_level", None)
    labels = LabelUse(labels or Labels.default())
    frame = estimate_frame(estimate_or_frame)
    policy = policy or getattr(estimate_or_frame, "policy", None)
    status = cell_status(frame, policy)  # on the exact bases
    frame = frame.assign(n=shown_bases(frame, policy))  # what is shown: the published bases
    by = _category_column(frame, estimate_or_frame, by)
    if percent is None:
        percent = getattr(estimate_or_frame, "kind", None) == "proportion" or "level" in frame.columns
    rtl = lang == "ar"
    W = _WIDTH_IN if width is None else float(width)
    if not W >= _MIN_WIDTH_IN:
        raise InputError(f"a bar chart needs a width of at least {_MIN_WIDTH_IN} inches, not {width!r}",
                         hint="draw it at the width it is printed at (3.6 for half an A4 page)")
    style = _BarStyle(lang, labels, percent, W)
    cells = _cells(frame, status, by, hue, style)
    categories = list(dict.fromkeys(c["category"] for c in cells))
    groups = list(dict.fromkeys(c["group"] for c in cells))

    fig = Figure(figsize=(W, 4.0))
    tick_labels = [wrap_to_width(c, text_font(lang, size=9), _LABEL_SHARE * W) for c in categories]
    label_w = _label_width_in(tick_labels, text_font(lang, size=9)) + 0.25
    lines = max(1, max((t.count("\n") + 1 for t in tick_labels), default=1))
    # a wrapped label needs its lines' height beside its bars (9 pt lines, Amiri ~0.19 in)
    plot_h = max(1.2, max(_BAR_IN * max(1, len(groups)), 0.19 * lines + 0.1) * len(categories) + 0.3)
    ax = fig.add_axes([0.1, 0.1, 0.8, 0.8])  # placed by _fit_layout once the legend is measured
    _draw_bars(ax, cells, categories, groups, lang)
    xlabel = _style_axes(ax, cells, categories, style, label_w, tick_labels)
    legend = _legend(ax, groups, style, "unreliable" in set(status), "suppressed" in set(status),
                     level=level)

    title = labels.get(title_key, lang)
    title_shown = wrap_to_width(title, text_font(lang, "bold", size=12), W - 0.3)
    # per indicator, the n of every group drawn, suppressed ones included (a total over the
    # shown groups only would let a reader subtract it from the sample size)
    bases = drawn_bases(frame, [by, hue])
    note = data_note or data_note_text(lang, labels, source=source, n=bases, level=level)
    note_shown = wrap_to_width(note, text_font(lang, size=8), W - 0.3)
    title_text = fig.text(0.98 if rtl else 0.02, 0.95, title_shown, ha="right" if rtl else "left",
                          va="top", fontproperties=text_font(lang, "bold", size=12))
    note_text = draw_note(fig, note_shown, lang=lang, y=0.02)
    note_text.set_wrap(False)  # broken above with the font drawn
    _fit_layout(fig, ax, _ChartTexts(title_text, legend, note_text), rtl, label_w, plot_h)
    stamp = draw_synthetic_stamp(fig, lang, labels) if synthetic else None
    sidecar = {
        "kind": "bar_chart", "lang": lang, "title": title, "title_key": title_key,
        "axis_labels": {"value": xlabel, "categories": labels.get(by, lang)},
        "categories": categories, "legend": [t.get_text() for t in legend.get_texts()], "cells": cells,
        "numbers_shown": [c["shown"] for c in cells if c["estimate"] is not None]
        + ([f"{b:,}" for b in dict.fromkeys(bases)] if bases is not None and not data_note else []),
        "data_note": note, "synthetic": bool(synthetic), "synthetic_stamp": stamp,
        "attribution": None, "data_summary": labels.get("viz_axis_estimate", lang),
    }
    sidecar["label_keys"] = sorted(labels.used)
    return Chart(figure=fig, sidecar=sidecar)
