"""Real districts (OCHA COD-AB p-codes) of the four study governorates, from package data.

Examples
--------
>>> from wpsresearch.datasets.geography import districts
>>> d = districts()
>>> sorted(d["province"].unique())
['baghdad', 'basra', 'kirkuk', 'salah_ad_din']
>>> d.loc[d["adm2_pcode"] == "IQG13Q04", "name_en"].item()
'Kirkuk'
"""

from __future__ import annotations

import csv
import functools
import json
from importlib import resources

from wpsresearch.datasets.parameters import load_parameters

_BOUNDARIES = "wpsresearch.data.boundaries"


@functools.lru_cache(maxsize=1)
def admin_names() -> tuple[dict, ...]:
    """Rows of ``iraq_admin_names.csv`` as dicts (read once)."""
    text = resources.files(_BOUNDARIES).joinpath("iraq_admin_names.csv").read_text(encoding="utf-8")
    return tuple(csv.DictReader(text.splitlines()))


@functools.lru_cache(maxsize=1)
def _district_boxes() -> dict[str, tuple[float, float, float, float, float, float]]:
    """p-code -> (mean lon, mean lat, min lon, min lat, max lon, max lat) of the polygon's vertices."""
    raw = resources.files(_BOUNDARIES).joinpath("iraq_adm2.geojson").read_text(encoding="utf-8")
    boxes = {}
    for feat in json.loads(raw)["features"]:
        geom = feat["geometry"]
        rings = geom["coordinates"] if geom["type"] == "Polygon" else [r for p in geom["coordinates"] for r in p]
        pts = [pt for ring in rings for pt in ring]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        boxes[feat["properties"]["adm2_pcode"]] = (
            sum(xs) / len(xs), sum(ys) / len(ys), min(xs), min(ys), max(xs), max(ys))
    return boxes


def districts():
    """Districts of the study provinces: province, adm1_pcode, adm2_pcode, names, box, capital flag."""
    import pandas as pd

    params = load_parameters()
    by_pcode = {v["pcode"]: k for k, v in params["provinces"].items()}
    capitals = {v["capital"] for v in params["provinces"].values()}
    boxes = _district_boxes()
    rows = []
    for rec in admin_names():
        if rec["level"] != "ADM2" or rec["parent_pcode"] not in by_pcode:
            continue
        lon, lat, x0, y0, x1, y1 = boxes[rec["pcode"]]
        rows.append({
            "province": by_pcode[rec["parent_pcode"]], "adm1_pcode": rec["parent_pcode"],
            "adm2_pcode": rec["pcode"], "name_en": rec["name_en"], "name_ar": rec["name_ar"],
            "lon": lon, "lat": lat, "lon_min": x0, "lat_min": y0, "lon_max": x1, "lat_max": y1,
            "capital": rec["pcode"] in capitals,
        })
    return pd.DataFrame(rows)


def governorate_spellings() -> dict[str, list[str]]:
    """Governorate p-code -> spellings a field team writes (canonical first, then variants).

    Variants come from the names table's ``alt_names_*`` columns (matching keys only, never
    display names) plus the Arabic name without its final ta marbuta dots (``البصره``), a
    common keyboard habit.
    """
    out = {}
    for rec in admin_names():
        if rec["level"] != "ADM1":
            continue
        names = [rec["name_en"], rec["name_ar"]]
        for col in ("name_en_geoboundaries", "alt_names_en", "alt_names_ar", "alt_names_common"):
            names += [n for n in rec[col].split("|") if n]
        if rec["name_ar"].endswith("ة"):
            names.append(rec["name_ar"][:-1] + "ه")
        seen = []
        for n in names:
            if n not in seen:
                seen.append(n)
        out[rec["pcode"]] = seen
    return out
