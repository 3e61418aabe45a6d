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


def data_note_text(lang: str, labels, *, source: str | None, n: int | None,
                   weighted: bool = True) -> str:
    """``Source: ... · Unweighted n = 1,234 · Weighted, design-based estimates ...``.

    Examples
    --------
    >>> from wpsresearch.labels import Labels
    >>> data_note_text("en", Labels.default(), source="Survey 2025", n=1234)
    'Source: Survey 2025 · Unweighted n = 1,234 · Weighted, design-based estimates with 95% confidence intervals'
    """
    parts = []
    if source:
        parts.append(f"{labels.get('viz_source', lang)}: {source}")
    if n is not None:
        parts.append(f"{labels.get('viz_unweighted_n', lang)} = {int(n):,}")
    if weighted:
        parts.append(labels.get("viz_weighting", lang))
    return " · ".join(parts)


def draw_note(fig, text: str, *, lang: str, y: float, size: float = 8, color: str = "#333333"):
    """Write one line of small print across the bottom of ``fig`` (mirrored for Arabic)."""
    x, ha = (0.98, "right") if lang == "ar" else (0.02, "left")
    return fig.text(x, y, text, ha=ha, va="bottom", color=color, wrap=True,
                    fontproperties=text_font(lang, size=size))


def draw_synthetic_stamp(fig, lang: str, labels) -> str:
    """Stamp ``synthetic_stamp`` across the figure and in its top corner; return the text."""
    stamp = labels.get("synthetic_stamp", lang)
    fig.text(0.5, 0.5, stamp, ha="center", va="center", rotation=20, alpha=0.16,
             color="#D55E00", fontproperties=text_font(lang, "bold", size=22), zorder=100)
    x, ha = (0.02, "left") if lang == "ar" else (0.98, "right")
    fig.text(x, 0.985, stamp, ha=ha, va="top", color="#D55E00",
             fontproperties=text_font(lang, "bold", size=9), zorder=100)
    return stamp
