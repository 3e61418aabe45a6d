"""Text that travels *inside* every image: the SYNTHETIC stamp and the data note.

DESIGN.md ("Reports"): campaign images carry the CI, n, source and SYNTHETIC stamp inside
the image, because a picture is copied without its caption.
"""

from __future__ import annotations

from wpsresearch.viz.typefaces import text_font

__all__ = ["data_note_text", "draw_synthetic_stamp", "draw_note", "OKABE_ITO"]

# Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour-vision
# deficiencies.  Order: blue, vermillion, bluish green, orange, reddish purple, sky blue, yellow.
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442")


def drawn_bases(frame, groups) -> tuple[int, int] | None:
    """``(smallest, largest)`` unweighted base of the indicators a chart draws.

    Per indicator (``indicator``/``variable`` column, if any) the n of every group drawn —
    suppressed ones included, so no group's n follows by subtraction — is added up; rows
    that share a group (the levels of one answer) count once.  Indicators of one chart can
    have different bases (IPV among ever-partnered women only), hence a range; adding
    bases across indicators would count respondents twice.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"indicator": ["a", "a", "b", "b"], "sex": ["f", "m", "f", "m"],
    ...                   "n": [600, 608, 300, 0]})
    >>> drawn_bases(f, ["indicator", "sex"])
    (300, 1208)
    """
    if "n" not in frame.columns or not len(frame):
        return None
    indicator = next((c for c in ("indicator", "variable") if c in frame.columns), None)
    keys = list(dict.fromkeys(([indicator] if indicator else [])
                              + [g for g in groups if g and g in frame.columns]))
    rows = frame.drop_duplicates(keys) if keys else frame
    n = rows["n"].astype("Float64").fillna(0)
    if indicator is None:
        return int(n.sum()), int(n.sum())
    totals = n.groupby(rows[indicator].astype(str).to_numpy()).sum()
    return int(totals.min()), int(totals.max())


def data_note_text(lang: str, labels, *, source: str | None, n, weighted: bool = True,
                   level: float | None = None) -> str:
    """``Source: ... · Unweighted n = 1,234 · Weighted, design-based estimates ...``.

    ``n`` is a number, or ``(smallest, largest)`` when the indicators' bases differ;
    ``level`` the intervals' confidence level (default 0.95).

    Examples
    --------
    >>> from wpsresearch.labels import Labels
    >>> data_note_text("en", Labels.default(), source="Survey 2025", n=1234)
    'Source: Survey 2025 · Unweighted n = 1,234 · Weighted, design-based estimates with 95% confidence intervals'
    >>> data_note_text("en", Labels.default(), source=None, n=(540, 1208), weighted=False)
    'Unweighted n = 540–1,208'
    """
    parts = []
    if source:
        parts.append(f"{labels.get('viz_source', lang)}: {source}")
    if isinstance(n, tuple):
        low, high = n
        shown = f"{int(high):,}" if low == high else f"{int(low):,}–{int(high):,}"
        parts.append(f"{labels.get('viz_unweighted_n', lang)} = {shown}")
    elif n is not None:
        parts.append(f"{labels.get('viz_unweighted_n', lang)} = {int(n):,}")
    if weighted:
        from wpsresearch.labels import at_level

        parts.append(at_level(labels.get("viz_weighting", lang), level))
    return " · ".join(parts)


def draw_note(fig, text: str, *, lang: str, y: float, size: float = 8, color: str = "#333333"):
    """Write one line of small print across the bottom of ``fig`` (mirrored for Arabic)."""
    x, ha = (0.98, "right") if lang == "ar" else (0.02, "left")
    return fig.text(x, y, text, ha=ha, va="bottom", color=color, wrap=True,
                    fontproperties=text_font(lang, size=size))


_WATERMARK_PT = 22.0
_WATERMARK_DEG = 20.0
_WATERMARK_SHARE = 0.9  # of the figure's width and height the turned watermark may cover


def _watermark_layout(stamp: str, lang: str, width_in: float, height_in: float):
    """``(text, size)`` of the watermark: on one line or broken in two (whichever lets it be
    larger), at 22 pt or less so that, turned by 20°, it lies wholly inside the figure —
    a fact-sheet column is narrower than the stamp's one line at 22 pt, and a clipped
    "TIC DATA: not real st" reads as nothing."""
    import math

    from wpsresearch.viz.text_metrics import text_width_in

    words = stamp.split(" ")
    options = [stamp]
    if len(words) > 1:  # the break nearest the middle
        cut = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(stamp) / 2))
        options.append(" ".join(words[:cut]) + "\n" + " ".join(words[cut:]))
    cos, sin = math.cos(math.radians(_WATERMARK_DEG)), math.sin(math.radians(_WATERMARK_DEG))
    line_in = _WATERMARK_PT / 72 * (1.6 if lang == "ar" else 1.25)  # Amiri lines are taller
    best = None
    for text in options:
        w = text_width_in(text, text_font(lang, "bold", size=_WATERMARK_PT))
        h = line_in * (text.count("\n") + 1)
        scale = min(1.0, _WATERMARK_SHARE * width_in / (w * cos + h * sin),
                    _WATERMARK_SHARE * height_in / (w * sin + h * cos))
        if best is None or scale > best[1] + 1e-9:
            best = (text, scale)
    return best[0], round(_WATERMARK_PT * best[1], 1)


def draw_synthetic_stamp(fig, lang: str, labels) -> str:
    """Stamp ``synthetic_stamp`` across the figure and in its top corner; return the text.

    The faint watermark is sized (at most 22 pt, one line or two) so that it lies wholly
    inside the figure whatever its size; the corner line is 9 pt."""
    stamp = labels.get("synthetic_stamp", lang)
    text, size = _watermark_layout(stamp, lang, *fig.get_size_inches())
    fig.text(0.5, 0.5, text, ha="center", va="center", rotation=_WATERMARK_DEG, alpha=0.16,
             color="#D55E00", fontproperties=text_font(lang, "bold", size=size), zorder=100,
             multialignment="center", linespacing=1.1)
    x, ha = (0.02, "left") if lang == "ar" else (0.98, "right")
    # at most 0.1 in from the top: a tall chart's title starts 0.3 in down
    height_in = fig.get_size_inches()[1]
    fig.text(x, 1 - min(0.015 * height_in, 0.1) / height_in, stamp, ha=ha, va="top", color="#D55E00",
             fontproperties=text_font(lang, "bold", size=9), zorder=100)
    return stamp
