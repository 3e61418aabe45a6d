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

A study may name its provinces as people write them, in either script and any case:

>>> places.province_pcode("Basra"), places.province_pcode("البصرة"), places.province_pcode("NINEWA")
('IQG02', 'IQG02', 'IQG15')
>>> places.province_slug_of("Salah Al-Din"), places.province_slug_of("صلاح الدين")
('salah_ad_din', 'salah_ad_din')
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

__all__ = ["governorates", "districts", "province_pcode", "province_slug", "province_slug_of",
           "PROVINCE_SLUGS", "admin_names", "name_index"]

_NAME_COLUMNS = ("name_en", "name_ar", "name_en_geoboundaries", "name_iso_3166_2",
                 "alt_names_en", "alt_names_ar", "alt_names_common")


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


@functools.lru_cache(maxsize=4)
def name_index(level: str = "adm1") -> tuple[dict, dict]:
    """``({place key: pcode}, {place key: display name})`` of every name and variant in the
    COD-AB names table (English, Arabic, ISO, geoBoundaries, common spellings), keyed by
    :func:`wpsresearch.text.place_key`; keys shared by two places are dropped (never guessed)."""
    from wpsresearch.text import place_key

    names = admin_names()
    names = names[names["level"] == level.upper()]
    seen: dict[str, set] = {}
    display: dict[str, str] = {}
    for _, row in names.iterrows():
        for col in _NAME_COLUMNS:
            if col not in row or not row[col]:
                continue
            for variant in str(row[col]).split("|"):
                key = place_key(variant)
                if key:
                    seen.setdefault(key, set()).add(row["pcode"])
                    display.setdefault(key, f"{row['name_en']} ({row['pcode']})")
    if level.lower() == "adm1":  # the package's own slugs (salah_ad_din) are names too
        for slug, pcode in _slug_table().items():
            key = place_key(slug.replace("_", " "))
            if key:
                seen.setdefault(key, set()).add(pcode)
    unique = {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}
    return unique, display


def province_pcode(name: str) -> str:
    """OCHA ADM1 p-code of a province: its slug (``basra`` -> ``IQG02``), its p-code, or its
    name in English or Arabic script, in any case and any common spelling (``Basrah``,
    ``البصرة``, ``NINEWA``).  A name that matches no governorate, or two, is refused."""
    from wpsresearch.text import place_key

    table = _slug_table()
    text = str(name).strip()
    if text in table:
        return table[text]
    if text.upper() in table.values():
        return text.upper()
    hit = name_index("adm1")[0].get(place_key(text))
    if hit is not None:
        return hit
    import difflib

    close = difflib.get_close_matches(text.lower(), list(table), n=3)
    hint = f"did you mean {', '.join(close)}?" if close else f"use one of {', '.join(table)}"
    raise StudyConfigError(f"unknown province {name!r}",
                           hint=hint + " (a slug, a p-code such as IQG02, or the name in "
                                       "English or Arabic)")


def province_slug_of(name: str) -> str:
    """The package's slug of a province named in any of the ways :func:`province_pcode`
    accepts (``"Basrah"`` -> ``basra``)."""
    return province_slug(province_pcode(name))


def province_slug(pcode: str) -> str:
    """Province slug of an ADM1 p-code (``IQG16`` -> ``salah_ad_din``)."""
    for slug, code in _slug_table().items():
        if code == pcode:
            return slug
    raise StudyConfigError(f"unknown governorate p-code {pcode!r}", hint="p-codes run IQG01 to IQG18")
