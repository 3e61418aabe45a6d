"""Bilingual charts and maps (OCHA COD-AB boundaries).

Every figure takes its words from the one label table (:class:`wpsresearch.labels.Labels`),
sets Arabic in the shipped Amiri font (right to left, shaped by matplotlib itself) and
English in DejaVu Sans, shows suppressed and unreliable estimates as such, carries the
SYNTHETIC stamp and a data note inside the image, and is saved as PNG + SVG (text as text)
+ a JSON sidecar listing every number it shows.

>>> from wpsresearch import viz
>>> sorted(viz.__all__)
['Chart', 'bar_chart', 'choropleth', 'load_boundaries', 'save_figure']
"""

from __future__ import annotations

from wpsresearch.lazy import lazy_attributes

__all__ = ["Chart", "bar_chart", "choropleth", "load_boundaries", "save_figure"]

_WHERE = {
    "Chart": "wpsresearch.viz.figure_output",
    "save_figure": "wpsresearch.viz.figure_output",
    "bar_chart": "wpsresearch.viz.bar_charts",
    "choropleth": "wpsresearch.viz.maps",
    "load_boundaries": "wpsresearch.viz.maps",
}


__getattr__, __dir__ = lazy_attributes(__name__, _WHERE)  # PEP 562: heavy libraries load on first use
