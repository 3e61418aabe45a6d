"""Iraq's governorates and districts: slugs, OCHA p-codes and names (COD-AB 2019).

The names table ships inside the package (``wpsresearch/data/boundaries``, CC BY 3.0 IGO;
see ``wpsresearch/data/NOTICE.md``).  Province *slugs* (``basra``, ``salah_ad_din``) are the
ASCII names used in file names, ``study.yml`` and notebook parameters; p-codes are the keys
used in data.

Examples
--------
>>> from wpsresearch.geo import places
>>> places.province_pcode("salah_ad_din")
'IQG16'
>>> places.province_slug("IQG02")
'basra'
>>> len(places.governorates())
18
>>> places.governorates().loc["IQG13", "name_ar"]
'كركوك'
"""

from __future__ import annotations

import csv
import functools
from importlib import resources

from wpsresearch.errors import StudyConfigError

__all__ = ["governorates", "districts", "province_pcode", "province_slug", "PROVINCE_SLUGS",
           "admin_names"]


@functools.lru_cache(maxsize=1)
def _slug_table() -> dict[str, str]:
    text = resources.files("wpsresearch.data").joinpath("governorates.csv").read_text("utf-8")
    return {row["slug"]: row["adm1_pcode"] for row in csv.DictReader(text.splitlines())}


PROVINCE_SLUGS = tuple(_slug_table())


def admin_names():
    """The COD-AB names table (ADM1 and ADM2) as a DataFrame, all columns as strings."""
    import pandas as pd

    path = resources.files("wpsresearch.data").joinpath("boundaries", "iraq_admin_names.csv")
    with resources.as_file(path) as p:
        return pd.read_csv(p, dtype=str, keep_default_na=False)


def governorates():
    """The 18 governorates, indexed by ``adm1_pcode``, with ``slug, name_en, name_ar``."""
    names = admin_names()
    adm1 = names[names["level"] == "ADM1"].set_index("pcode")
    slugs = {v: k for k, v in _slug_table().items()}
    out = adm1[["name_en", "name_ar", "iso_3166_2"]].copy()
    out.insert(0, "slug", [slugs[p] for p in out.index])
    out.index.name = "adm1_pcode"
    return out


def districts(province=None):
    """The 101 districts (or one province's), indexed by ``adm2_pcode``."""
    names = admin_names()
    adm2 = names[names["level"] == "ADM2"].rename(columns={"parent_pcode": "adm1_pcode"})
    if province is not None:
        adm2 = adm2[adm2["adm1_pcode"] == province_pcode(province)]
    return adm2.set_index("pcode")[["adm1_pcode", "name_en", "name_ar"]].rename_axis("adm2_pcode")


def province_pcode(slug: str) -> str:
    """OCHA ADM1 p-code of a province slug (``basra`` -> ``IQG02``); p-codes pass through."""
    table = _slug_table()
    if slug in table:
        return table[slug]
    if slug in table.values():
        return slug
    import difflib

    close = difflib.get_close_matches(str(slug), list(table), n=3)
    hint = f"did you mean {', '.join(close)}?" if close else f"use one of {', '.join(table)}"
    raise StudyConfigError(f"unknown province {slug!r}", hint=hint)


def province_slug(pcode: str) -> str:
    """Province slug of an ADM1 p-code (``IQG16`` -> ``salah_ad_din``)."""
    for slug, code in _slug_table().items():
        if code == pcode:
            return slug
    raise StudyConfigError(f"unknown governorate p-code {pcode!r}", hint="p-codes run IQG01 to IQG18")
