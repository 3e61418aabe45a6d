"""Turn integer answer codes into a clean, analysis-ready pandas frame.

Conventions of the clean frame (``load_synthetic``, ``Population.persons``,
``draw_sample``): form ``name``s without group prefixes; select_one as
``pandas.Categorical`` of choice names (don't know / refused stay the choices ``"98"`` /
``"99"``); select_multiple as nullable-boolean ``q__option`` columns (NA when not asked);
integers as ``Int64`` (the 98/99 codes of ``age_at_marriage`` become NA: missing is NA,
never a number); no direct identifiers (name, phone, GPS).
"""

from __future__ import annotations

import numpy as np

from wpsresearch.datasets.questionnaire import CHOICES, PROVINCES, question_types

_NOT_IN_FRAME = {"start", "end", "today", "deviceid", "respondent_name", "phone", "gps", "consent",
                 "stratum", "weight", "psu", "member_sex", "member_age", "member_relation"}
_MULTI = {"help_sought": "help_source", "no_report_reason": "no_report_reason"}


def _categorical(codes, list_name):
    import pandas as pd

    names = [c[0] for c in CHOICES[list_name]]
    lut = np.full(101, -1, dtype=np.int64)
    lut[: len(names)] = np.arange(len(names))
    for special in ("98", "99"):
        if special in names:
            lut[int(special)] = names.index(special)
    codes = np.asarray(codes, dtype=np.int64)
    return pd.Categorical.from_codes(np.where(codes >= 0, lut[np.clip(codes, 0, 100)], -1), categories=names)


def codes_to_frame(codes: dict, *, extra: dict | None = None):
    """Clean frame from the codes of :func:`answers.person_answers` (+ sample ``extra`` columns)."""
    import pandas as pd

    codes = {**codes, **(extra or {})}
    cols = {}
    types = question_types()
    from wpsresearch.datasets.geography import admin_names
    from wpsresearch.datasets.parameters import load_parameters

    pcodes = {k: v["pcode"] for k, v in load_parameters()["provinces"].items()}
    district_codes = sorted(r["pcode"] for r in admin_names()
                            if r["level"] == "ADM2" and r["parent_pcode"] in pcodes.values())
    names_en = {r["pcode"]: r["name_en"] for r in admin_names() if r["level"] == "ADM1"}
    for name, qtype in types.items():
        if name in _NOT_IN_FRAME:
            continue
        if name == "governorate":
            cols[name] = _categorical(codes["province"], "governorate")
        elif name == "urban_rural":
            cols[name] = _categorical(codes["urban_rural"], "urban_rural")
        elif name == "district" and "adm2_pcode" in codes:
            cols[name] = pd.Categorical(codes["adm2_pcode"], categories=district_codes)
        elif name == "origin_governorate" and "origin_pcode" in codes:
            cols[name] = pd.array(pd.Series(codes["origin_pcode"], dtype=object).map(names_en), dtype="string")
        elif qtype.startswith("select_one ") and name in codes:
            cols[name] = _categorical(codes[name], qtype.split()[1])
        elif qtype.startswith("select_multiple ") and name in codes:
            mask = np.asarray(codes[name], dtype=np.int64)
            for i, (opt, _, _) in enumerate(CHOICES[_MULTI[name]]):
                vals = pd.array(((mask >> i) & 1) == 1, dtype="boolean")
                vals[mask < 0] = pd.NA
                cols[f"{name}__{opt}"] = vals
        elif qtype == "integer" and name in codes:
            v = np.asarray(codes[name], dtype=np.int64)
            arr = pd.array(v, dtype="Int64")
            bad = v < 0
            if name == "age_at_marriage":
                bad = bad | (v == 98) | (v == 99)
            arr[bad] = pd.NA
            cols[name] = arr
        elif qtype == "text" and name in codes:
            cols[name] = pd.array(codes[name], dtype="string")
    frame = pd.DataFrame(cols)
    frame.insert(0, "province", pd.array(np.array(PROVINCES, dtype=object)[np.asarray(codes["province"])], dtype="string"))
    frame.insert(1, "adm1_pcode", pd.array(np.array([pcodes[p] for p in PROVINCES], dtype=object)[np.asarray(codes["province"])], dtype="string"))
    if "adm2_pcode" in codes:
        frame.insert(2, "adm2_pcode", pd.array(codes["adm2_pcode"], dtype="string"))
    frame["psu"] = pd.array(np.asarray(codes["psu"], dtype=np.int64), dtype="Int64")
    frame["stratum"] = pd.array(frame["province"].astype(str) + "_" + frame["urban_rural"].astype(str), dtype="string")
    if "weight" in codes:
        frame["weight"] = np.asarray(codes["weight"], dtype=float)
    return frame
