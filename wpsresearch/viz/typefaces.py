"""The typefaces every figure uses, selected explicitly per text (never a system font).

Arabic text is set in Amiri (SIL Open Font License 1.1), shipped in ``wpsresearch/viz/fonts``
with its licence; English text in DejaVu Sans, which matplotlib bundles.  matplotlib >= 3.11
shapes Arabic itself (complex text layout via libraqm), so plain Unicode strings are passed:
arabic-reshaper and python-bidi would now reverse them.

Numbers are Western digits with a full stop in both languages, as the report tables print
them (DESIGN.md, "Arabic").  Amiri 0.113 swaps the full stop for its raised Arabic full stop
whenever it sits in Arabic text, so "فترة الثقة 13.2–23.4" was drawn "13•2–23•4"; the shipped
files have that one substitution removed (``fonts/OFL.txt`` says how).  The same files are
embedded in the Arabic HTML reports, so figures and pages draw the same decimal point.  The
Arabic decimal separator (U+066B) was not used: with Western digits it reads as a comma,
i.e. a thousands separator ("23٫4" beside "1,234").

Examples
--------
>>> from wpsresearch.viz.typefaces import text_font, font_file
>>> text_font("ar").get_name()
'Amiri'
>>> text_font("en").get_name()
'DejaVu Sans'
>>> font_file("ar").name
'Amiri-Regular.ttf'
"""

from __future__ import annotations

import functools
from pathlib import Path

from wpsresearch.errors import CodebookError

__all__ = ["font_file", "text_font", "register_fonts", "ARABIC_FAMILY"]

ARABIC_FAMILY = "Amiri"
_ARABIC_FILES = {"normal": "Amiri-Regular.ttf", "bold": "Amiri-Bold.ttf"}
_LATIN_FILES = {"normal": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}


def font_file(lang: str, weight: str = "normal") -> Path:
    """Path of the font file used for ``lang`` (``"en"`` or ``"ar"``) and ``weight``."""
    if weight not in ("normal", "bold"):
        raise CodebookError(f"font weight must be 'normal' or 'bold', not {weight!r}")
    if lang == "ar":
        from importlib import resources

        # The package is installed unzipped (setuptools), so the resource is a real file.
        return Path(str(resources.files("wpsresearch.viz.fonts").joinpath(_ARABIC_FILES[weight])))
    if lang == "en":
        import matplotlib

        return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / _LATIN_FILES[weight]
    raise CodebookError(f"unknown language {lang!r}; use 'en' or 'ar'")


@functools.lru_cache(maxsize=1)
def register_fonts() -> tuple[str, ...]:
    """Add the shipped Arabic font files to matplotlib's font manager (idempotent)."""
    from matplotlib import font_manager

    for weight in _ARABIC_FILES:
        font_manager.fontManager.addfont(str(font_file("ar", weight)))
    return tuple(str(font_file("ar", w)) for w in _ARABIC_FILES)


def text_font(lang: str, weight: str = "normal", size: float | None = None):
    """A :class:`matplotlib.font_manager.FontProperties` pinned to the font *file* for ``lang``.

    Pinning the file (``fname=``), not the family name, is what keeps a system-wide Amiri or
    a missing font from changing the figure.
    """
    from matplotlib.font_manager import FontProperties

    register_fonts()
    # family/weight are what an SVG (text kept as text) names; fname is what is drawn with
    family = [ARABIC_FAMILY, "serif"] if lang == "ar" else ["DejaVu Sans", "sans-serif"]
    return FontProperties(family=family, weight=weight, fname=str(font_file(lang, weight)), size=size)
