"""Social-media "number cards": one headline number with its CI, n, source and SYNTHETIC stamp.

Campaign images travel without their report, so everything a reader needs to judge the
number is drawn *inside* the image (DESIGN.md, "Reports"): the 95% confidence interval, the
unweighted n, the source and, for synthetic data, the stamp.  Sizes are the common post
formats (1080×1080 square, 1200×675 landscape); the PNG has exactly those pixels.
"""

from __future__ import annotations

import textwrap

__all__ = ["campaign_card", "SOCIAL_SIZES"]

SOCIAL_SIZES = {"square": (1080, 1080), "landscape": (1200, 675)}
_DPI = 100
_ACCENT = "#0072B2"  # Okabe-Ito blue, as the bar charts


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width)) or text


def campaign_card(*, value: str, title: str, detail: str, source: str, lang: str = "en",
                  size: str = "square", synthetic: bool = False, labels=None,
                  caution: str | None = None):
    """A headline-number card at a social-media size.

    Parameters
    ----------
    value : str
        The number as it should read (e.g. ``"17.8%"``), already formatted and safe to publish.
    title : str
        What the number measures (one sentence, the label table's indicator label).
    detail : str
        The CI and n line (e.g. ``"95% CI 13.2–23.4 · n = 290"``).
    source : str
        Study title or citation.
    lang : {"en", "ar"}
    size : {"square", "landscape"}
    synthetic : bool
        Draw the SYNTHETIC stamp (banner and watermark).
    labels : Labels, optional
    caution : str, optional
        A caution drawn under the CI line, e.g. the report table's note for a bracketed
        estimate on a small base (DHS ``min_n`` to ``2*min_n - 1`` cases).

    Returns
    -------
    Chart
        ``.save(stem, dpi=100)`` writes the PNG at exactly the requested pixels, the SVG (text
        kept as text) and the sidecar.

    Examples
    --------
    >>> from wpsresearch.viz.campaign import campaign_card
    >>> card = campaign_card(value="17.8%", title="Partner violence, past 12 months",
    ...                      detail="95% CI 13.2–23.4 · n = 290", source="Survey", synthetic=True)
    >>> [round(v * 100) for v in card.figure.get_size_inches()], card.sidecar["numbers_shown"]
    ([1080, 1080], ['17.8%', '95% CI 13.2–23.4 · n = 290'])
    """
    from matplotlib.figure import Figure

    from wpsresearch.labels import Labels
    from wpsresearch.viz.figure_notes import draw_synthetic_stamp
    from wpsresearch.viz.figure_output import Chart
    from wpsresearch.viz.typefaces import text_font

    labels = labels or Labels.default()
    width, height = SOCIAL_SIZES[size]
    fig = Figure(figsize=(width / _DPI, height / _DPI), dpi=_DPI, facecolor="white")
    x, ha = (0.94, "right") if lang == "ar" else (0.06, "left")
    square = size == "square"
    # Arabic letters are narrower than bold Latin ones but its lines are taller: wrap wider
    wrap = int((30 if square else 40) * (1.35 if lang == "ar" else 1.0))
    fig.patches.append(_band(fig, 0.0, 0.03, _ACCENT))
    title_text = fig.text(x, 0.86 if square else 0.83, _wrap(title, wrap), ha=ha, va="top",
                          color="#1a1a1a", linespacing=1.25,
                          fontproperties=text_font(lang, "bold", size=(34 if square else 28)
                                                   - (4 if lang == "ar" else 0)))
    # a caution line needs room between the CI line and the source of the short landscape card
    low = 0.0 if square or not caution else 0.045
    value_text = fig.text(x, (0.40 if square else 0.36) + low, value, ha=ha, va="center", color=_ACCENT,
                          fontproperties=text_font("en", "bold", size=150 if square else 110))
    _keep_apart(fig, title_text, value_text)
    fig.text(x, (0.22 if square else 0.19) + low, detail, ha=ha, va="center", color="#333333",
             fontproperties=text_font(lang, size=26 if square else 22))
    if caution:
        fig.text(x, 0.155 if square else 0.16, _wrap(caution, 80 if square else 120), ha=ha,
                 va="center", color="#8a4b00", linespacing=1.15,
                 fontproperties=text_font(lang, size=15 if square else 12))
    fig.text(x, 0.08, _wrap(source, 70 if square else 90), ha=ha, va="center", color="#555555",
             fontproperties=text_font(lang, size=17 if square else 15))
    stamp = draw_synthetic_stamp(fig, lang, labels) if synthetic else None
    if synthetic:
        for t in fig.texts[-2:]:  # the stamp must stay legible when a post is shown small
            t.set_fontsize(t.get_fontsize() * (2.4 if t.get_rotation() == 0 else 1.5))
    sidecar = {"kind": "campaign_card", "lang": lang, "title": title, "size": f"{width}x{height}",
               "numbers_shown": [value, detail], "data_note": source, "synthetic": synthetic,
               "synthetic_stamp": stamp, "caution": caution}
    return Chart(fig, sidecar)


def _keep_apart(fig, upper, lower, gap=0.02, steps=8):
    """Shrink the (wrapped) title until it ends above the big number: long titles, and Arabic
    lines that are taller than Latin ones, would otherwise run into it."""
    from wpsresearch.viz.canvases import agg_canvas

    # an Agg canvas on this one figure only, to measure text (its renderer shared with every
    # card of this size: a title measured for one province is known for the next); no global
    # backend is set
    renderer = agg_canvas(fig).get_renderer()
    for _ in range(steps):
        top_of_lower = lower.get_window_extent(renderer).transformed(fig.transFigure.inverted()).y1
        bottom_of_upper = upper.get_window_extent(renderer).transformed(fig.transFigure.inverted()).y0
        if bottom_of_upper - top_of_lower >= gap:
            return
        upper.set_fontsize(upper.get_fontsize() * 0.9)


def _band(fig, y, h, color):
    from matplotlib.patches import Rectangle

    return Rectangle((0, y), 1, h, transform=fig.transFigure, color=color, zorder=0)
