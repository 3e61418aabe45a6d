"""Widths of texts as a figure draws them, and line breaking by those widths.

Every chart breaks its titles, notes, legends and category labels between words so that no
line runs past its column (:func:`wrap_to_width`), measured with the font the text is drawn
in (an Arabic letter is narrower than a Latin one, so counting characters would not do).
Measuring is the slow part of drawing a chart (matplotlib shapes each string through
libraqm/FreeType, ~30 µs a character), and the same words come back in every chart of a
report — category names, "Source: …", the legend — so widths are kept per (text, font file,
size) for the life of the process, and a line is first laid out from the widths of its words
and then measured once, whole, to confirm it fits.

Examples
--------
>>> from wpsresearch.viz.typefaces import text_font
>>> from wpsresearch.viz.text_metrics import text_width_in, wrap_to_width
>>> font = text_font("en", size=9)
>>> text_width_in("Women", font) < text_width_in("Women and men", font)
True
>>> print(wrap_to_width("Feels unsafe walking alone at night", font, 1.5))
Feels unsafe
walking alone at
night
"""

from __future__ import annotations

import functools

__all__ = ["text_width_in", "wrap_to_width", "MEASURE_DPI"]

# matplotlib's default figure dpi: what the figures were always measured at (their PNGs are
# written at 150 dpi, where hinted lines come out up to 5 % wider: wrap_to_width keeps 5 % spare)
MEASURE_DPI = 100.0


@functools.lru_cache(maxsize=1)
def _renderer():
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, MEASURE_DPI)


@functools.lru_cache(maxsize=65536)
def _width(text: str, fname: str, size: float, family: tuple, weight) -> float:
    from matplotlib.font_manager import FontProperties

    import matplotlib

    prop = FontProperties(family=list(family), weight=weight, fname=fname, size=size)
    with matplotlib.rc_context({"text.hinting": "no_hinting"}):  # as figures are drawn
        width, _, _ = _renderer().get_text_width_height_descent(text, prop, ismath=False)
    return width / MEASURE_DPI


def text_width_in(text: str, prop) -> float:
    """Width in inches of one line of ``text`` drawn with ``prop`` (a FontProperties pinned
    to its file, as :func:`~wpsresearch.viz.typefaces.text_font` gives); the widest line of
    a text of several lines."""
    key = (prop.get_file(), float(prop.get_size_in_points()), tuple(prop.get_family()),
           prop.get_weight())
    return max((_width(line, *key) for line in str(text).split("\n")), default=0.0)


def _lines_by_words(words, prop, limit) -> list[str]:
    """Greedy lines from the words' own widths plus the space between two words."""
    space = max(text_width_in("x x", prop) - text_width_in("xx", prop), 0.0)
    lines: list[list[str]] = []
    used = 0.0
    for word in words:
        width = text_width_in(word, prop)
        if lines and used + space + width <= limit:
            lines[-1].append(word)
            used += space + width
        else:
            lines.append([word])
            used = width
    return [" ".join(line) for line in lines]


def _lines_measured(words, prop, limit) -> list[str]:
    """Greedy lines, every trial line measured whole (exact, slower)."""
    lines: list[str] = []
    for word in words:
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and text_width_in(trial, prop) > limit:
            lines.append(word)
        elif lines:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def wrap_to_width(text: str, prop, max_in: float) -> str:
    """Break ``text`` between words so no line is wider than ``max_in`` inches.

    A text that fits is returned unchanged; a single word wider than the line stays whole.
    Lines are laid out from word widths, then each is measured whole; should one not fit
    (kerning across a space), the text is laid out again measuring every trial line.
    """
    # 5 % short: measured at MEASURE_DPI but saved at 150 dpi, where hinted Amiri lines come
    # out up to 5 % wider (an Arabic line would be clipped at the edge)
    limit = 0.95 * max_in
    words = str(text).split(" ")
    lines = _lines_by_words(words, prop, limit)
    if any(" " in line and text_width_in(line, prop) > limit for line in lines):
        lines = _lines_measured(words, prop, limit)
    return "\n".join(lines)
