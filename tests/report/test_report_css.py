"""The report stylesheet: the SYNTHETIC banner is readable (WCAG AA) and wide tables scroll in
their own box."""

from __future__ import annotations

import re
from importlib import resources

import pandas as pd

import wpsresearch as wps

CSS = resources.files("wpsresearch.report.templates").joinpath("report.css").read_text("utf-8")


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_matches_wcag_examples():
    assert round(contrast("#000000", "#FFFFFF"), 1) == 21.0
    assert round(contrast("#D55E00", "#FFFFFF"), 2) == 3.87   # the old banner: fails AA


def test_banner_colour_passes_wcag_aa_on_white():
    warn = re.search(r"--warn:\s*(#[0-9A-Fa-f]{6})", CSS).group(1)
    assert contrast(warn, "#FFFFFF") >= 4.5


def test_report_tables_sit_in_a_scroll_box():
    assert re.search(r"\.wps-scroll[^{]*\{[^}]*overflow-x:\s*auto", CSS)
    table = wps.report.html_table(pd.DataFrame({"sex": ["female"], "n": [30]}),
                                  count_columns=["n"], lang="en")
    html = table._repr_html_() if hasattr(table, "_repr_html_") else str(table)
    assert html.startswith('<div class="wps-scroll"><table')
