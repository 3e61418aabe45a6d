"""What a category or an area is called on a figure, in the figure's language.

Category values are looked up in the one label table; OCHA p-codes (``IQG02``,
``IQG02Q01``) are named from the bundled COD-AB names table, so a figure never shows a code.

Examples
--------
>>> from wpsresearch.labels import Labels
>>> from wpsresearch.viz.display_names import display_name
>>> lab = Labels.default()
>>> display_name("female", "ar", lab), display_name("IQG13", "en", lab), display_name("IQG13", "ar", lab)
('النساء', 'Kirkuk', 'كركوك')
"""

from __future__ import annotations

import functools

__all__ = ["display_name"]


@functools.lru_cache(maxsize=1)
def _pcode_names() -> dict:
    from wpsresearch.geo.places import admin_names

    names = admin_names()
    return {row.pcode: {"en": row.name_en, "ar": row.name_ar} for row in names.itertuples()}


def display_name(value, lang: str, labels) -> str:
    """Label of ``value`` in ``lang``: label table first, then p-code names, "Yes"/"No" for a
    boolean, else the value."""
    from wpsresearch.stats.report_table import value_label

    text = str(value)
    if text not in labels and text.startswith("IQG"):
        entry = _pcode_names().get(text)
        if entry is not None:
            return entry[lang]
    return value_label(value, lang, labels)  # the tables' rule: label table, Yes/No, the value
