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


def draw_synthetic_stamp(fig, lang: str, labels) -> str:
    """Stamp ``synthetic_stamp`` across the figure and in its top corner; return the text."""
    stamp = labels.get("synthetic_stamp", lang)
    fig.text(0.5, 0.5, stamp, ha="center", va="center", rotation=20, alpha=0.16,
             color="#D55E00", fontproperties=text_font(lang, "bold", size=22), zorder=100)
    x, ha = (0.02, "left") if lang == "ar" else (0.98, "right")
    fig.text(x, 0.985, stamp, ha=ha, va="top", color="#D55E00",
             fontproperties=text_font(lang, "bold", size=9), zorder=100)
    return stamp
