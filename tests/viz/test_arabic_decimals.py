"""The decimal point of a number in Arabic figures is drawn as a decimal point.

Amiri 0.113 replaces the full stop by its Arabic full-stop glyph (``period.ara``, a raised
diamond) whenever the stop sits in Arabic-script text (GSUB ``locl``, script ``arab``).  A
number inside an Arabic string ("النسبة 23.4") inherits the Arabic script, so "23.4" was drawn
"23•4": a mid-height dot a reader takes for a multiplication sign or thousands separator.
The reports print Western digits with a full stop in Arabic too (DESIGN.md, "Arabic":
Western digits by default; ``stats.report_table`` formats ``f"{v:,.1f}"``), so figures must
draw that same stop.  The glyphs are read from the shapes matplotlib actually lays out.
"""

from __future__ import annotations

import pandas as pd
import pytest
from fontTools.ttLib import TTFont
from matplotlib.font_manager import get_font
from matplotlib.textpath import text_to_path

import wpsresearch as wps
from wpsresearch.viz.typefaces import font_file, text_font


def _shaped_glyph_names(text, weight="normal"):
    """Glyph names matplotlib's layout (libraqm/HarfBuzz) picks for ``text`` in the Arabic font.

    Lines are shaped one by one, as matplotlib's Text lays them out.
    """
    fp = text_font("ar", weight, size=12)
    order = TTFont(fp.get_file()).getGlyphOrder()
    names = []
    for line in text.split("\n"):
        glyphs = text_to_path.get_glyphs_with_font(get_font(fp.get_file()), line)[0]
        # entries are (font-key-glyphid-hex, x, y, scale)
        names += [order[int(key.rsplit("-", 1)[1], 16)] for key, *_ in glyphs]
    return names


@pytest.mark.parametrize("weight", ["normal", "bold"])
@pytest.mark.parametrize("text", ["النسبة 23.4", "(18.0) النساء", "البصرة\n23.4",
                                  "23.4 – 31.2 :فترة الثقة"])
def test_decimal_point_in_arabic_text_is_the_full_stop_glyph(text, weight):
    names = _shaped_glyph_names(text, weight)
    assert "period" in names and "period.ara" not in names, names


@pytest.mark.parametrize("weight", ["normal", "bold"])
def test_full_stop_glyph_sits_on_the_baseline(weight):
    from fontTools.pens.boundsPen import BoundsPen

    font = TTFont(str(font_file("ar", weight)))
    cmap = font.getBestCmap()
    assert cmap[ord(".")] == "period" and ord("0") in cmap
    glyphs = font.getGlyphSet()

    def bounds(name):
        pen = BoundsPen(glyphs)
        glyphs[name].draw(pen)
        return pen.bounds

    digit_top = bounds(cmap[ord("2")])[3]
    y_min, y_max = bounds("period")[1], bounds("period")[3]
    assert y_min <= 0 < y_max < 0.25 * digit_top     # a low dot, like the Latin decimal point


def test_no_substitution_of_the_full_stop_is_left_in_the_shipped_fonts():
    for weight in ("normal", "bold"):
        gsub = TTFont(str(font_file("ar", weight)))["GSUB"].table
        for lookup in gsub.LookupList.Lookup:
            for sub in lookup.SubTable:
                sub = sub.ExtSubTable if lookup.LookupType == 7 else sub
                assert "period" not in (getattr(sub, "mapping", None) or {}), weight


def test_arabic_campaign_card_draws_the_decimal_points_of_its_ci_line():
    # the card's CI line is Arabic words and decimals in one string: the case that broke
    from wpsresearch.viz.campaign import campaign_card

    detail = "فترة الثقة 95%: 13.2–23.4 · العدد = 290"
    card = campaign_card(value="17.8%", title="عنف الشريك خلال الاثني عشر شهراً الماضية",
                         detail=detail, source="مسح", lang="ar")
    drawn = [t for t in card.figure.texts if t.get_text() == detail]
    assert len(drawn) == 1 and drawn[0].get_fontproperties().get_file() == str(font_file("ar"))
    names = _shaped_glyph_names(detail)
    assert names.count("period") == 2 and "period.ara" not in names
