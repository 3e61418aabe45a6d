"""Canvases that measure and lay out each text once, not once per figure (Agg and SVG).

matplotlib keeps the width, height and descent of each text it has measured, but per
renderer, and every new canvas or ``savefig`` makes a new renderer: every figure measured its
texts again, and laid each out again to draw it.  Measuring and laying out are most of the
cost of drawing text (matplotlib shapes each string through libraqm/FreeType; an Arabic line
in Amiri takes several milliseconds), and the same texts come back figure after figure — a
campaign image's source line and SYNTHETIC stamp in all 48 images of a language, its title in
every province, a chart's ticks and notes.

- :func:`agg_canvas` gives a figure an Agg canvas whose renderer is the one this thread
  already has for that pixel size and dpi, so what was measured for one figure is known for
  the next; the renderer also keeps each text's glyph layout (which glyph goes where) and
  each glyph's bitmap where it lands, so a text drawn again is laid out and rasterised once.
- :func:`save_svg` writes an SVG as ``savefig`` does, the texts' sizes kept for the process.

What is kept is shared only between identical settings: the key holds every ``text.*``,
``font.*`` and ``mathtext.*`` setting and the state of the font manager (what a text's size
and layout depend on besides its string and font properties), so a text measured hinted never
serves a figure drawn unhinted.  Drawing clears the renderer first, so the pixels are those of
a new one; tests/viz/test_canvases.py compares both with matplotlib's own canvases.

Measured on the demo's 96 campaign images (their estimates computed before): CPU 6.4 s ->
5.7 s with shared renderers, 4.6 s with the layouts and SVG sizes kept too, 4.3 s with the
glyph bitmaps (medians of 3-5, spread about ±0.5 s on this shared machine), bytes unchanged;
in the demo (benchmarks/bench_reports.py) the campaign stage's CPU 6.0-6.5 s -> 3.4-3.9 s.
What is kept is bounded: 8 renderers a thread, 4,096 layouts and 16 MB of glyphs each.

The shared canvases copy parts of matplotlib 3.11 and call its private internals
(``RendererAgg._prepare_font``, ``FT2Font._layout``, ``_set_transform``, ``_render_glyph``,
``FigureCanvasSVG.print_svg``'s body).  With any other matplotlib (the project allows
``>=3.11,<4``) or when one of them is missing, :func:`internals_known` is false and these are
matplotlib's own canvases and ``savefig``: slower, never broken by an upgrade.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict

from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG

__all__ = ["agg_canvas", "shared_renderer", "save_svg", "internals_known"]

_KEPT = 8  # renderers kept per thread (a 1080x1080 one is 4.7 MB)
_LAYOUTS_KEPT = 4096  # glyph layouts kept per renderer
_GLYPH_BYTES_KEPT = 16_000_000  # glyph bitmaps kept per renderer (the demo's 48 square
# campaign images: 1,426 glyphs, 1.8 MB)
_local = threading.local()


@functools.lru_cache(maxsize=1)
def internals_known() -> bool:
    """Whether this matplotlib is the release whose internals the shared canvases copy
    (3.11.x) and has each of them; otherwise matplotlib's own canvases are used.

    Examples
    --------
    >>> isinstance(internals_known(), bool)
    True
    """
    import re

    import matplotlib
    from matplotlib import cbook, font_manager, ft2font
    from matplotlib.backends import backend_agg, backend_mixed

    version = re.match(r"(\d+)\.(\d+)", matplotlib.__version__)
    if version is None or (int(version[1]), int(version[2])) != (3, 11):
        return False
    needed = ((RendererAgg, "_prepare_font"), (ft2font.FT2Font, "_layout"), (ft2font.FT2Font, "_set_transform"),
              (ft2font.FT2Font, "_render_glyph"), (ft2font, "RenderMode"), (backend_agg, "get_hinting_flag"),
              (font_manager.FontManager, "_find_fonts_by_props"), (cbook, "open_file_cm"),
              (cbook, "file_requires_unicode"), (backend_mixed, "MixedModeRenderer"))
    return all(hasattr(owner, name) for owner, name in needed)


def _settings() -> tuple:
    """Everything besides the string and its FontProperties that a text's measured size
    depends on: the text, font and mathtext settings and the font manager's fonts."""
    import matplotlib
    from matplotlib import font_manager

    rc = matplotlib.rcParams
    # the names are fixed for the process: found once (looking through all ~300 settings
    # took 100 µs a call, which was 10 % of the campaign images' text drawing)
    names = _settings_names(len(rc))
    values = tuple(tuple(v) if isinstance(v, list) else v for v in map(rc.__getitem__, names))
    manager = font_manager.fontManager
    return (id(manager), len(manager.ttflist), len(manager.afmlist), values)


@functools.lru_cache(maxsize=4)
def _settings_names(count: int) -> tuple:
    """The names of the text, font and mathtext settings (``count``: how many settings
    there are, which is all that could change them)."""
    import matplotlib

    return tuple(sorted(k for k in matplotlib.rcParams
                        if k.startswith(("text.", "font.", "mathtext."))))


class _SharedRendererAgg(RendererAgg):
    """A :class:`RendererAgg` that keeps the glyph layout of each text it drew.

    Drawing a text is laying it out (``FT2Font._layout``: shaping, kerning, fallback fonts)
    then rasterising its glyphs; the layout depends only on the string, the fonts, the size,
    the dpi, the hinting and the font features and language, all in the key (the settings
    are the renderer's own: :func:`shared_renderer`).  ``draw_text`` is
    :meth:`RendererAgg.draw_text` (matplotlib 3.11) with the layout looked up first.
    """

    def __init__(self, width, height, dpi):
        super().__init__(width, height, dpi)
        self._layouts = OrderedDict()
        self._glyphs = OrderedDict()
        self._glyph_bytes = 0

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        from matplotlib.backends.backend_agg import get_hinting_flag
        from matplotlib.font_manager import fontManager

        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        size = prop.get_size_in_points()
        flags = get_hinting_flag()
        key = (s, tuple(fontManager._find_fonts_by_props(prop)), size, self.dpi, flags,
               _hashable(features), _hashable(language))
        items = self._layouts.get(key)
        if items is None:
            font = self._prepare_font(prop)
            items = tuple((item.ft_object, item.glyph_index, item.x, item.y) for item in
                          font._layout(s, flags=flags, features=features, language=language))
            self._layouts[key] = items
            if len(self._layouts) > _LAYOUTS_KEPT:
                self._layouts.popitem(last=False)
        self._draw_glyphs(gc, x, y, angle, items, size, flags)

    def _draw_glyphs(self, gc, x, y, angle, items, size, flags):
        """:meth:`RendererAgg._draw_text_glyphs_and_boxes` for a laid-out text (no slant,
        no stretch, no boxes), each glyph's bitmap kept.

        A glyph's bitmap depends only on its font, size, dpi, hinting, rotation and where it
        lands to 1/64 pixel — all in the key — and the same glyphs land on the same spots
        image after image (a source line, a stamp, a title in every province): 82 % of the
        28,331 glyphs of the demo's fact sheets and campaign images were drawn before.
        """
        import math

        import numpy as np
        from matplotlib.ft2font import RenderMode

        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])
                  @ [[1, 0], [0, 1]]).round().astype(int)
        antialiased = gc.get_antialiased()
        mode = RenderMode.NORMAL if antialiased else RenderMode.MONO
        height = self.height
        common = (size, self.dpi, flags, mode, matrix.tobytes())
        last = {}
        for font, glyph, dx, dy in items:  # dy is upwards
            delta = (round(0x40 * (x + dx * cos - dy * sin)),
                     # FreeType's y is upwards
                     round(0x40 * (height - y + dx * sin + dy * cos)))
            key = (font, glyph, delta, common)
            drawn = self._glyphs.get(key)
            if drawn is None:
                font.set_size(size, self.dpi)
                font._set_transform(matrix, list(delta))
                bitmap = font._render_glyph(glyph, flags, mode)
                buffer = np.array(bitmap.buffer)
                if not antialiased:
                    buffer *= 0xff
                drawn = self._glyphs[key] = (buffer, bitmap.left, bitmap.top)
                self._glyph_bytes += buffer.nbytes
                while self._glyph_bytes > _GLYPH_BYTES_KEPT:
                    self._glyph_bytes -= self._glyphs.popitem(last=False)[1][0].nbytes
            buffer, left, top = drawn
            # draw_text_image's y is downwards & the bitmap bottom side
            self._renderer.draw_text_image(buffer, left, int(height) - top + buffer.shape[0],
                                           0, gc)
            last[font] = delta
        for font, delta in last.items():  # each font left as drawing the text leaves it
            font.set_size(size, self.dpi)
            font._set_transform(matrix, list(delta))


def _hashable(value):
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    return value


def shared_renderer(width: int, height: int, dpi: float) -> RendererAgg:
    """This thread's Agg renderer for ``width`` × ``height`` pixels at ``dpi`` under the
    current text settings (made when first asked; the least recently used dropped past
    :data:`_KEPT`)."""
    if not internals_known():
        return RendererAgg(width, height, dpi)
    kept = getattr(_local, "renderers", None)
    if kept is None:
        kept = _local.renderers = OrderedDict()
    key = (width, height, float(dpi), _settings())
    renderer = kept.get(key)
    if renderer is None:
        renderer = kept[key] = _SharedRendererAgg(width, height, dpi)
        while len(kept) > _KEPT:
            kept.popitem(last=False)
    else:
        kept.move_to_end(key)
    return renderer


class _SharedAggCanvas(FigureCanvasAgg):
    """A :class:`FigureCanvasAgg` drawing with :func:`shared_renderer`."""

    def get_renderer(self):
        w, h = self.get_width_height(physical=True)
        return shared_renderer(w, h, self.figure.dpi)


def agg_canvas(figure) -> FigureCanvasAgg:
    """An Agg canvas on ``figure`` only (no global backend is set) whose renderer — and so
    its measured texts — is shared with every figure of the same size, dpi and settings.

    Use it where a new ``FigureCanvasAgg(figure)`` was used: to measure texts
    (``agg_canvas(fig).get_renderer()``) or to draw (``canvas.draw()``, then
    ``canvas.buffer_rgba()`` before anything else draws at that size on this thread).
    """
    return _SharedAggCanvas(figure) if internals_known() else FigureCanvasAgg(figure)


# -- SVG -------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=16384)
def _svg_text_size(text, prop, ismath, settings):
    """``RendererSVG.get_text_width_height_descent`` (``settings``: :func:`_settings`, part
    of the key only; ``prop`` a copy, as matplotlib's own cache keeps it)."""
    return _text_to_path().get_text_width_height_descent(text, prop, ismath)


def _text_to_path():
    # one per thread: a TextToPath holds a mathtext parser, and fonts are per thread
    t2p = getattr(_local, "text_to_path", None)
    if t2p is None:
        from matplotlib.textpath import TextToPath

        t2p = _local.text_to_path = TextToPath()
    return t2p


class _RendererSVG(RendererSVG):
    """A :class:`RendererSVG` whose texts' sizes are kept for the process."""

    def get_text_width_height_descent(self, s, prop, ismath):
        return _svg_text_size(s, prop.copy(), ismath, _settings())


class _SVGCanvas(FigureCanvasSVG):
    def print_svg(self, filename, *, bbox_inches_restore=None, metadata=None,
                  dpi=None, facecolor=None, edgecolor=None, orientation=None):
        # FigureCanvasSVG.print_svg of matplotlib 3.11 with _RendererSVG: the texts' sizes
        # measured for an earlier SVG serve this one (tests/viz/test_canvases.py compares
        # the bytes with savefig's).  dpi, facecolor, edgecolor and orientation are what
        # print_figure passes every backend; matplotlib drops them for its own SVG canvas
        # (print_figure has set them on the figure already)
        import codecs

        from matplotlib import cbook
        from matplotlib.backends.backend_mixed import MixedModeRenderer

        with cbook.open_file_cm(filename, "w", encoding="utf-8") as fh:
            if not cbook.file_requires_unicode(fh):
                fh = codecs.getwriter("utf-8")(fh)
            dpi = self.figure.dpi
            self.figure.dpi = 72
            width, height = self.figure.get_size_inches()
            w, h = width * 72, height * 72
            renderer = MixedModeRenderer(
                self.figure, width, height, dpi,
                _RendererSVG(w, h, fh, image_dpi=dpi, metadata=metadata),
                bbox_inches_restore=bbox_inches_restore)
            self.figure.draw(renderer)
            renderer.finalize()


def save_svg(figure, path, **kwargs) -> None:
    """``figure.savefig(path, format="svg", **kwargs)``, each text measured once per process
    (the figure keeps the canvas it had)."""
    if not internals_known():
        figure.savefig(path, format="svg", **kwargs)
        return
    canvas = figure.canvas
    _SVGCanvas(figure)  # the figure's canvas while it is saved, as savefig switches it
    try:
        figure.savefig(path, format="svg", **kwargs)
    finally:
        figure.set_canvas(canvas)
