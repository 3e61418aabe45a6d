"""A figure plus its text sidecar, and the one function that writes them to disk.

Every figure is written three times: PNG (for reports and slides), SVG with text kept as text
(``svg.fonttype = "none"``) and a JSON sidecar listing the title, axis labels, legend, every
number the figure shows, the SYNTHETIC flag and the map attribution.  The disclosure gate
reads the SVG text and the sidecar, so it checks what a picture *says* (DESIGN.md, "Reports").
SVGs are deterministic: a fixed ``svg.hashsalt`` and no date in the metadata.
"""

from __future__ import annotations

import base64
import html
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from wpsresearch.io.paths import ensure_writable

__all__ = ["Chart", "save_figure", "SIDECAR_SUFFIX"]

SIDECAR_SUFFIX = ".json"
# Glyphs are drawn unhinted, as browsers and PDF viewers draw them: at 100-150 dpi the text
# looks the same, and drawing a chart's or a campaign image's text takes a third less time.
_RC = {"svg.fonttype": "none", "svg.hashsalt": "wpsresearch", "path.simplify": True,
       "text.hinting": "no_hinting"}
_SVG_METADATA = {"Date": None, "Creator": "wpsresearch (matplotlib)"}
_PNG_METADATA = {"Software": "wpsresearch (matplotlib)"}


def _png_bytes(figure, dpi: int = 150) -> bytes:
    """The figure as an indexed-colour PNG (what pages and PDFs embed).

    A chart has a handful of colours plus their anti-aliasing: a 256-colour palette keeps it
    visually identical at about a quarter of the bytes, which is what lets an Arabic fact
    sheet (two figures and its fonts) stay under 400 KB, and a campaign image posted from a
    phone a quarter of the data.  The dpi (pHYs) is kept, so the printed size stays the drawn
    size.  :func:`save_figure` writes its PNG with this function too: one rule for every PNG.

    The figure is drawn once into Agg's pixel buffer and encoded once, as a palette image
    (not saved as a full-colour PNG, read back and saved again): half the time.
    """
    import matplotlib
    from PIL import Image

    from wpsresearch.viz.canvases import agg_canvas

    # on this figure only (no global backend is set), with the renderer of every figure of
    # this size: texts another figure measured already are not measured again
    canvas = agg_canvas(figure)
    shown_dpi = figure.dpi
    with matplotlib.rc_context(_RC):
        figure.dpi = dpi
        try:
            canvas.draw()
            width, height = canvas.get_width_height()
            image = Image.frombuffer("RGBA", (width, height), bytes(canvas.buffer_rgba()),
                                     "raw", "RGBA", 0, 1)
        finally:
            figure.dpi = shown_dpi
    palette = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    palette.save(out, format="PNG", compress_level=6, dpi=(dpi, dpi),
                 pnginfo=_png_info())
    return out.getvalue()


def _png_info():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    for key, value in _PNG_METADATA.items():
        info.add_text(key, value)
    return info


def save_figure(fig, path_stem, *, sidecar: dict, dpi: int = 150) -> list[Path]:
    """Write ``<stem>.png``, ``<stem>.svg`` and the sidecar ``<stem>.json``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    path_stem : str or Path
        Output path without suffix; its folder is created.  Refused inside ``data/raw``.
    sidecar : dict
        What the figure says (title, labels, legend, numbers shown, synthetic, attribution),
        as built by :func:`~wpsresearch.viz.bar_chart` or :func:`~wpsresearch.viz.choropleth`.
    dpi : int, default 150

    Returns
    -------
    list of Path
        The three files written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from matplotlib.figure import Figure
    >>> from wpsresearch.viz import save_figure
    >>> fig = Figure(figsize=(2, 1)); _ = fig.text(0.1, 0.5, "42")
    >>> out = save_figure(fig, pathlib.Path(tempfile.mkdtemp()) / "demo",
    ...                   sidecar={"title": "demo", "numbers_shown": ["42"]})
    >>> [p.suffix for p in out]
    ['.png', '.svg', '.json']
    """
    import matplotlib

    from wpsresearch.viz.canvases import save_svg

    stem = ensure_writable(Path(path_stem))
    paths = [ensure_writable(stem.with_name(stem.name + s)) for s in (".png", ".svg", SIDECAR_SUFFIX)]
    stem.parent.mkdir(parents=True, exist_ok=True)
    # the PNG as pages embed it (indexed colour: a quarter of the bytes, and encoding a
    # quarter of the data was most of the time of writing 96 campaign images)
    paths[0].write_bytes(_png_bytes(fig, dpi))
    with matplotlib.rc_context(_RC):
        save_svg(fig, paths[1], metadata=_SVG_METADATA)  # fig.savefig, texts measured once
    record = dict(sidecar)
    record["files"] = [p.name for p in paths[:2]]
    # every string drawn (ticks included), read back after drawing: what the image says
    record["texts"] = _drawn_texts(fig)
    paths[2].write_text(json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                        encoding="utf-8")
    return paths


# Text shown on a screen must stay >= 9 CSS px (the reports' accessibility floor).
MIN_SCREEN_TEXT_PX = 9.0


def smallest_text_pt(fig) -> float | None:
    """The smallest font size (pt) of the texts a reader is meant to read in ``fig``.

    The faint watermark (alpha < 0.5) is decoration, not text to be read.
    """
    from matplotlib.text import Text

    sizes = [t.get_fontsize() for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip()
             and not (t.get_alpha() is not None and t.get_alpha() < 0.5)]
    return min(sizes) if sizes else None


def min_shown_width_px(fig) -> int:
    """The narrowest on-screen width (CSS px, 96 per inch) at which the figure's smallest text
    is still :data:`MIN_SCREEN_TEXT_PX`; narrower screens scroll the figure in its own box."""
    import math

    pt = smallest_text_pt(fig)
    width_in = fig.get_size_inches()[0]
    if not pt:
        return 0
    # shown px of a text = pt / 72 * shown_width_px / drawn_width_in
    return math.ceil(MIN_SCREEN_TEXT_PX * 72 * width_in / pt)


def _drawn_texts(fig) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def _data_rows_html(sidecar: dict) -> str:
    rows = []
    for cell in sidecar.get("cells", []):
        name = " / ".join(str(cell[k]) for k in ("category", "group") if cell.get(k) is not None)
        n = cell.get("n")
        n_td = "<td></td>" if n is None else f'<td data-n="{int(n)}">{int(n)}</td>'
        rows.append(f"<tr><th scope=\"row\">{html.escape(name)}</th>"
                    f"<td>{html.escape(cell.get('shown', ''))}</td>{n_td}</tr>")
    return "\n".join(rows)


@dataclass(frozen=True, eq=False)
class Chart:
    """A finished figure and its sidecar (what the figure says, in text).

    In a notebook it shows itself as an image with its data note and a collapsible table of
    the numbers it shows (unweighted counts marked ``data-n`` for the disclosure gate).
    """

    figure: object
    sidecar: dict = field(default_factory=dict)

    def save(self, path_stem, *, dpi: int = 150) -> list[Path]:
        """Write PNG, SVG and sidecar: see :func:`save_figure`."""
        return save_figure(self.figure, path_stem, sidecar=self.sidecar, dpi=dpi)

    def __repr__(self) -> str:
        # a console shows what the figure is, not the sidecar's numbers and counts
        s = self.sidecar
        return f"{s.get('kind', 'figure')}: {s.get('title', '')}".rstrip(": ")

    def _repr_png_(self) -> bytes:
        return _png_bytes(self.figure)

    def _repr_html_(self) -> str:
        data = _png_bytes(self.figure)
        png = base64.b64encode(data).decode("ascii")
        s = self.sidecar
        alt = html.escape(s.get("title", ""), quote=True)
        caption = html.escape(s.get("data_note", ""))
        lang = s.get("lang", "en")
        table = _data_rows_html(s)
        # the numbers' table is captioned with the chart's title: a screen reader names it
        details = (f'<details><summary>{html.escape(s.get("data_summary", ""))}</summary>'
                   f'<table class="figure-data"><caption>{html.escape(s.get("title") or s.get("data_summary", ""))}'
                   f'</caption>{table}</table></details>') if table else ""
        keys = html.escape(" ".join(s.get("label_keys", [])), quote=True)
        pt = smallest_text_pt(self.figure)
        width_in = self.figure.get_size_inches()[0]
        # never shown so narrow that its text falls under 9 px: on a phone a wide chart
        # scrolls inside its figure box (as a wide table does) instead of shrinking
        sizing = (f' data-min-text-pt="{pt:g}" data-drawn-width-in="{width_in:g}" '
                  f'style="max-width:100%; min-width:{min_shown_width_px(self.figure)}px"'
                  if pt else ' style="max-width:100%"')
        # the note is drawn under the chart inside the image; the caption repeats it for
        # screen readers only, so a sighted reader sees the source line once
        return (f'<figure class="wps-figure" lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}" '
                f'data-label-keys="{keys}">'
                f'<img src="data:image/png;base64,{png}" alt="{alt}"{sizing}>'
                f'<figcaption class="wps-sr-only">{caption}</figcaption>{details}</figure>')
