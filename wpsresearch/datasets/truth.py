"""Headline indicators with the contract's definitions, and their population values.

The SGBV stage builds the real indicator functions (``wps.sgbv``); this module holds the
minimal, literal definitions from ``docs/synthetic_study_contract.md`` so the synthetic
truth is computed on the population with exactly those definitions.

Examples
--------
>>> import pandas as pd
>>> from wpsresearch.datasets import derive_headline
>>> f = pd.DataFrame({
...     "sex": ["female", "male"], "age": [30, 40],
...     "marital_status": ["married", "married"],
...     "trust_police": ["a_lot", "98"], "police_treat_fairly": ["agree", "disagree"],
...     "police_respond_quickly": ["disagree", "99"],
... })
>>> derive_headline(f)["trust_police_index"].tolist()
[2.0, 1.0]
"""

from __future__ import annotations

import numpy as np

from wpsresearch.datasets.questionnaire import FORMAL_SOURCES, IPV_ITEMS, IPV_PHYSICAL, IPV_SEXUAL

HEADLINE = ("ipv_physical_12m", "ipv_any_12m", "reported_formal", "trust_police_index")

ESTIMANDS = {
    "ipv_physical_12m": (
        "Share of ever-partnered women aged 18-49 (marital_status not never_married) with at least one "
        "DHS physical item (ipv_push, ipv_slap, ipv_twist, ipv_punch, ipv_kick, ipv_choke, ipv_weapon) "
        "answered often or sometimes; a refused item (99) counts as not experienced. Population: all "
        "adults 18+ living in the province's households (SYNTHETIC)."),
    "ipv_any_12m": (
        "Share of ever-partnered women aged 18-49 with at least one physical or sexual item "
        "(the 7 physical plus ipv_forced_sex, ipv_forced_acts, ipv_threat_sex) answered often or "
        "sometimes; same denominator as ipv_physical_12m."),
    "reported_formal": (
        "Among adults who experienced any IPV item ever (often, sometimes or not_past_12m, any of the "
        "13 physical/sexual/emotional items) or harassment in public or online in the past 12 months "
        "(harass_public_12m or harass_online_12m = yes): share whose help_sought includes police, fpd "
        "or court."),
    "trust_police_index": (
        "Mean over adults 18+ of each person's mean score of trust_police (a_lot 3, somewhat 2, "
        "not_much 1, not_at_all 0), police_treat_fairly and police_respond_quickly (strongly_agree 3, "
        "agree 2, disagree 1, strongly_disagree 0); don't know (98) and refused (99) items are left "
        "out of the person's mean; persons with no scored item are left out of the denominator."),
}

_SCORES = {"a_lot": 3, "somewhat": 2, "not_much": 1, "not_at_all": 0,
           "strongly_agree": 3, "agree": 2, "disagree": 1, "strongly_disagree": 0}


def _any_in(frame, items, values):
    hit = np.zeros(len(frame), dtype=bool)
    for item in items:
        if item in frame:
            hit |= frame[item].isin(values).to_numpy(dtype=bool, na_value=False)
    return hit


def derive_headline(frame):
    """The four headline indicators per respondent, as the contract defines them.

    Parameters
    ----------
    frame : pandas.DataFrame
        A clean frame (``load_synthetic``, ``draw_sample``, ``Population.persons``).

    Returns
    -------
    pandas.DataFrame
        Columns ``ipv_physical_12m, ipv_any_12m, reported_formal`` (1.0 / 0.0, NA outside
        the denominator or when the module was not asked) and ``trust_police_index``
        (0-3, NA when no item was scored); same index as ``frame``.

    Notes
    -----
    An IPV module that was not asked (interview not private) gives NA: the woman is outside
    the sample's denominator, as in DHS (v044).  ``wps.sgbv.ipv_indicators`` is the full
    implementation; this helper exists so the synthetic truth needs no later stage.
    """
    import pandas as pd

    out = pd.DataFrame(index=frame.index)
    female = frame["sex"].isin(["female"]).to_numpy(dtype=bool, na_value=False)
    partnered = frame["marital_status"].isin(
        ["married", "divorced", "widowed", "separated"]).to_numpy(dtype=bool, na_value=False)
    age = pd.to_numeric(frame["age"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    asked = frame["ipv_push"].notna().to_numpy() if "ipv_push" in frame else np.zeros(len(frame), bool)
    domain = female & partnered & (age >= 18) & (age <= 49) & asked
    p12 = _any_in(frame, IPV_PHYSICAL, ["often", "sometimes"])
    a12 = p12 | _any_in(frame, IPV_SEXUAL, ["often", "sometimes"])
    out["ipv_physical_12m"] = np.where(domain, p12.astype(float), np.nan)
    out["ipv_any_12m"] = np.where(domain, a12.astype(float), np.nan)
    ever = _any_in(frame, IPV_ITEMS, ["often", "sometimes", "not_past_12m"])
    harass = _any_in(frame, ["harass_public_12m", "harass_online_12m"], ["yes"])
    eligible = ever | harass
    formal = np.zeros(len(frame), dtype=bool)
    known = np.zeros(len(frame), dtype=bool)
    for src in FORMAL_SOURCES:
        col = f"help_sought__{src}"
        if col in frame:
            formal |= frame[col].fillna(False).to_numpy(dtype=bool)
            known |= frame[col].notna().to_numpy()
    out["reported_formal"] = np.where(eligible & known, formal.astype(float), np.nan)
    total = np.zeros(len(frame))
    count = np.zeros(len(frame))
    for item in ("trust_police", "police_treat_fairly", "police_respond_quickly"):
        s = pd.to_numeric(frame[item].map(_SCORES).astype("object"), errors="coerce").to_numpy(dtype=float)
        total += np.nan_to_num(s)
        count += ~np.isnan(s)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["trust_police_index"] = np.where(count > 0, total / count, np.nan)
    return out


_HEADLINE_CODES = ("province", "urban_rural", "psu", "sex", "age", "marital_status", *IPV_ITEMS,
                   "harass_public_12m", "harass_online_12m", "help_sought",
                   "trust_police", "police_treat_fairly", "police_respond_quickly")


def _headline_frame(codes: dict):
    """The clean frame, but only the columns :func:`derive_headline` reads (built the same
    way, so the indicator values are the same; the other 70 columns cost half the time)."""
    from wpsresearch.datasets.analysis_frame import codes_to_frame

    return codes_to_frame({k: codes[k] for k in _HEADLINE_CODES})


def population_truth(population, *, chunk: int = 2_000_000) -> dict:
    """Population values of the headline indicators (the estimands of ``truth.json``).

    Returns
    -------
    dict
        ``{"synthetic": True, "seed", "scale", "population": {...sizes...},
        "estimands": {...}, "values": {indicator: {"overall": v, province: v, ...}},
        "trust_police_index_by_sex": {...}, "denominators": {...}}``.

    Examples
    --------
    >>> from wpsresearch.datasets import make_population, population_truth
    >>> t = population_truth(make_population(seed=2, scale=0.25))
    >>> t["synthetic"], sorted(t["values"]["ipv_physical_12m"])
    (True, ['baghdad', 'basra', 'kirkuk', 'overall', 'salah_ad_din'])
    >>> 0 < t["values"]["ipv_physical_12m"]["overall"] < 1
    True
    """
    import pandas as pd

    from wpsresearch.datasets.answers import person_answers

    acc = []
    n = population.n_adults
    for start in range(0, n, chunk):
        pid = np.arange(start, min(n, start + chunk), dtype=np.int64)
        frame = _headline_frame(person_answers(population, pid, headline_only=True))
        h = derive_headline(frame)
        h["province"] = frame["province"].to_numpy()
        h["sex"] = frame["sex"].astype(str).to_numpy()
        parts = []
        for ind in HEADLINE:
            v = h[ind]
            g = pd.DataFrame({"province": h["province"], "sex": h["sex"], "num": v.fillna(0.0), "den": v.notna()})
            parts.append(g.groupby(["province", "sex"]).sum().assign(indicator=ind))
        acc.append(pd.concat(parts))
    sums = pd.concat(acc).groupby(["indicator", "province", "sex"]).sum()
    return _truth_dict(population, sums)


def _truth_dict(population, sums) -> dict:
    values, dens, by_sex = {}, {}, {}
    for ind in HEADLINE:
        s = sums.loc[ind]
        prov = s.groupby(level="province").sum()
        values[ind] = {"overall": float(s["num"].sum() / s["den"].sum())}
        dens[ind] = {"overall": int(s["den"].sum())}
        for p in prov.index:
            values[ind][p] = float(prov.loc[p, "num"] / prov.loc[p, "den"])
            dens[ind][p] = int(prov.loc[p, "den"])
    s = sums.loc["trust_police_index"]
    for sex in ("female", "male"):
        sub = s.xs(sex, level="sex")
        by_sex[sex] = {"overall": float(sub["num"].sum() / sub["den"].sum()),
                       **{p: float(sub.loc[p, "num"] / sub.loc[p, "den"]) for p in sub.index}}
    eas = population.eas
    sizes = {"adults": int(population.n_adults), "households": population.n_households, "eas": len(eas),
             "adults_by_stratum": {k: int(v) for k, v in eas.groupby("stratum")["adults"].sum().items()},
             "households_by_stratum": {k: int(v) for k, v in eas.groupby("stratum")["households"].sum().items()}}
    return {"synthetic": True, "note": "SYNTHETIC: population values of an invented population; not real statistics.",
            "seed": population.seed, "scale": population.scale, "population": sizes,
            "estimands": dict(ESTIMANDS), "values": values, "trust_police_index_by_sex": by_sex,
            "denominators": dens}
