"""Shared Agg renderers (wpsresearch.viz.canvases) draw exactly what a new canvas draws."""

from __future__ import annotations

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from wpsresearch.viz import canvases as shared
from wpsresearch.viz.figure_output import _png_bytes
from wpsresearch.viz.typefaces import text_font

TEXTS = [("en", "Women who feel unsafe walking alone after dark"),
         ("ar", "النساء اللواتي يشعرن بعدم الأمان"), ("en", "95% CI 13.2–23.4 · n = 290"),
         ("en", "US$ 5 to $10")]  # two dollars: read as mathtext


def _figure(size=(3.0, 2.0), face="white", fontsize=14, dpi=100):
    fig = Figure(figsize=size, dpi=dpi, facecolor=face)
    for i, (lang, text) in enumerate(TEXTS):  # placed by their measured size: right, centred
        fig.text(0.95, 0.85 - 0.2 * i, text, ha="right", va="center",
                 fontproperties=text_font(lang, size=fontsize))
    return fig


def _plain(monkeypatch, fig, dpi):
    """The PNG as drawn with a new canvas (and renderer) of its own."""
    with monkeypatch.context() as m:
        m.setattr(shared, "agg_canvas", FigureCanvasAgg)
        return _png_bytes(fig, dpi)


@pytest.fixture(autouse=True)
def _fresh_renderers():
    shared._local.renderers = None
    yield
    shared._local.renderers = None


@pytest.mark.parametrize("dpi", [100, 150])
def test_measured_hinted_then_drawn_unhinted_is_as_a_new_canvas(monkeypatch, dpi):
    # a campaign image measures its title with the default (hinted) settings, then is drawn
    # unhinted: the widths measured hinted must not be reused for the drawing
    fig = _figure()
    expected = _plain(monkeypatch, fig, dpi)
    fig = _figure()
    with matplotlib.rc_context({"text.hinting": "force_autohint"}):
        for measured in (fig, _figure(dpi=dpi)):  # at the figure's dpi and at the PNG's
            renderer = shared.agg_canvas(measured).get_renderer()
            for t in measured.texts:
                t.get_window_extent(renderer)
    assert _png_bytes(fig, dpi) == expected
    assert _png_bytes(fig, dpi) == expected  # and again, everything measured already


def test_a_figure_drawn_after_another_of_its_size_shows_nothing_of_it(monkeypatch):
    dark = _figure(face="black", fontsize=20)
    _png_bytes(dark, 100)
    clear = Figure(figsize=(3.0, 2.0), dpi=100)
    clear.patch.set_alpha(0.0)  # transparent: any pixel left behind would show
    clear.text(0.5, 0.5, "42")
    assert _png_bytes(clear, 100) == _plain(monkeypatch, clear, 100)


def test_texts_measured_by_other_figures_give_the_same_pixels(monkeypatch):
    figures = [_figure(fontsize=s) for s in (9, 14, 9, 14)]
    expected = [_plain(monkeypatch, f, 150) for f in figures]
    assert [_png_bytes(f, 150) for f in figures] == expected
    assert len(shared._local.renderers) == 1  # one size, one dpi, one setting: one renderer


def test_a_setting_that_changes_widths_gets_a_renderer_of_its_own():
    fig = _figure()
    first = shared.agg_canvas(fig).get_renderer()
    assert shared.agg_canvas(fig).get_renderer() is first
    with matplotlib.rc_context({"text.hinting": "force_autohint"}):
        assert shared.agg_canvas(fig).get_renderer() is not first
    with matplotlib.rc_context({"font.sans-serif": ["DejaVu Serif"]}):
        assert shared.agg_canvas(fig).get_renderer() is not first
    fig.set_size_inches(4, 2)
    assert shared.agg_canvas(fig).get_renderer() is not first


def test_only_a_few_renderers_are_kept():
    for width in range(1, shared._KEPT + 5):
        shared.agg_canvas(Figure(figsize=(width, 1), dpi=10)).get_renderer()
    assert len(shared._local.renderers) == shared._KEPT


def _buffer(canvas):
    canvas.draw()
    return bytes(canvas.buffer_rgba())


def test_one_string_at_other_sizes_fonts_and_features_is_laid_out_for_each():
    # the glyph layout kept per text must not serve the same string in another size, font,
    # weight, font features or language, nor another string
    fig = Figure(figsize=(3.0, 2.0), dpi=100, facecolor="white")
    for i, (lang, weight, size) in enumerate([("en", "normal", 9), ("en", "normal", 14),
                                              ("en", "bold", 14), ("ar", "normal", 14)]):
        fig.text(0.9, 0.9 - 0.2 * i, "office 42", ha="right",
                 fontproperties=text_font(lang, weight, size=size))
    fig.text(0.1, 0.1, "office 42", fontproperties=text_font("en", size=14),
             fontfeatures=["-liga", "-kern"])
    fig.text(0.5, 0.1, "office 42", fontproperties=text_font("en", size=14), language="tr")
    fig.text(0.1, 0.02, "office 43", fontproperties=text_font("en", size=14))
    for hinting in ("no_hinting", "force_autohint", "no_hinting"):
        with matplotlib.rc_context({"text.hinting": hinting}):
            expected = _buffer(FigureCanvasAgg(fig))
            assert _buffer(shared.agg_canvas(fig)) == expected
            assert _buffer(shared.agg_canvas(fig)) == expected  # every layout kept already


def _svg(fig, save):
    import io

    out = io.StringIO()
    save(fig, out)
    return out.getvalue()


def test_svg_as_savefig_writes_it_with_sizes_measured_before():
    from wpsresearch.viz.canvases import save_svg

    def figure():
        fig = _figure()
        # the family by name, on two lines: where each line goes depends on the measured size
        fig.text(0.95, 0.3, "Plain default\nfont, two lines", ha="right", va="top")
        return fig

    kwargs = {"format": "svg", "metadata": {"Date": None}}
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "x"}):
        # measured first with another font behind "sans-serif": that must not be reused
        with matplotlib.rc_context({"font.sans-serif": ["DejaVu Serif"]}):
            other = _svg(figure(), lambda f, out: save_svg(f, out, metadata={"Date": None}))
        fig = figure()
        expected = _svg(fig, lambda f, out: f.savefig(out, **kwargs))
        canvas = fig.canvas
        assert _svg(fig, lambda f, out: save_svg(f, out, metadata={"Date": None})) == expected
        assert fig.canvas is canvas
        assert _svg(figure(), lambda f, out: save_svg(f, out, metadata={"Date": None})) == expected
        assert other != expected


def test_glyphs_drawn_before_at_the_same_spot_turned_or_not_antialiased_are_drawn_again():
    # a kept glyph bitmap must serve only the same glyph, size, turn, antialiasing and
    # spot to 1/64 pixel: the first glyph of each text below lands on the same spot
    def figure(rotation=0.0, antialiased=True, x=0.1, size=20, lang="en"):
        fig = Figure(figsize=(3.0, 2.0), dpi=100, facecolor="white")
        fig.text(x, 0.4, "Wa 42", rotation=rotation, rotation_mode="anchor",
                 antialiased=antialiased, fontproperties=text_font(lang, size=size))
        return fig

    variants = [figure(), figure(rotation=20), figure(antialiased=False), figure(x=0.1 + 0.3 / 300),
                figure(size=21), figure(lang="ar"), figure()]
    with matplotlib.rc_context({"text.hinting": "no_hinting"}):
        for fig in variants:
            expected = _buffer(FigureCanvasAgg(fig))
            assert _buffer(shared.agg_canvas(fig)) == expected


def test_glyphs_kept_stay_under_their_bound_and_draw_the_same(monkeypatch):
    monkeypatch.setattr(shared, "_GLYPH_BYTES_KEPT", 3000)
    fig = Figure(figsize=(3.0, 2.0), dpi=100, facecolor="white")
    fig.text(0.1, 0.3, "Wa 42 %", fontproperties=text_font("en", size=40))
    expected = _buffer(FigureCanvasAgg(fig))
    for _ in range(2):
        canvas = shared.agg_canvas(fig)
        assert _buffer(canvas) == expected
        renderer = canvas.get_renderer()
        assert 0 < renderer._glyph_bytes <= 3000
        assert renderer._glyph_bytes == sum(b.nbytes for b, _, _ in renderer._glyphs.values())


def test_another_matplotlib_gets_matplotlibs_own_canvases(monkeypatch, tmp_path):
    """The shared canvases copy matplotlib 3.11's internals: on a release where they are not
    known the figures are drawn by matplotlib's own canvases and savefig, to the same bytes."""
    assert shared.internals_known()  # the fast path is the one the other tests exercise
    fig = _figure()
    fast_png, fast_svg, plain_svg = _png_bytes(fig, 100), tmp_path / "fast.svg", tmp_path / "plain.svg"
    with matplotlib.rc_context({"svg.hashsalt": "x"}):  # an SVG's ids are random otherwise
        shared.save_svg(fig, fast_svg, metadata={"Date": None})
        monkeypatch.setattr(shared, "internals_known", lambda: False)
        assert type(shared.agg_canvas(fig)) is FigureCanvasAgg
        assert type(shared.shared_renderer(300, 200, 100)) is shared.RendererAgg
        assert _png_bytes(fig, 100) == fast_png
        shared.save_svg(fig, plain_svg, metadata={"Date": None})
    assert plain_svg.read_bytes() == fast_svg.read_bytes()


def test_internals_known_only_for_the_release_copied(monkeypatch):
    shared.internals_known.cache_clear()
    try:
        monkeypatch.setattr(matplotlib, "__version__", "3.12.0")
        assert not shared.internals_known()
        shared.internals_known.cache_clear()
        monkeypatch.setattr(matplotlib, "__version__", "3.11.2")
        from matplotlib import ft2font

        monkeypatch.delattr(ft2font.FT2Font, "_layout")
        assert not shared.internals_known()
    finally:
        monkeypatch.undo()
        shared.internals_known.cache_clear()
    assert shared.internals_known()
