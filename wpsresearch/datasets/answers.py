"""How a synthetic adult answers: the behavioural model, vectorised over adult ids.

Codes returned (numpy arrays, one entry per adult):

* select_one: index into the choice list of :data:`questionnaire.CHOICES`; ``98`` don't
  know, ``99`` refused, ``-1`` not asked;
* integers (``age``, ``age_at_marriage``): the value, ``98``/``99`` codes in
  ``age_at_marriage`` as the form records them, ``-1`` not asked;
* select_multiple: a bit mask over the choice list (bit i = choice i), ``-1`` not asked.

Every parameter comes from ``parameters.yml`` (all invented); docs/synthetic_study.md
describes the model in words.
"""

from __future__ import annotations

import numpy as np

from wpsresearch.datasets.questionnaire import (
    CHOICES, FORMAL_SOURCES, IPV_EMOTIONAL, IPV_PHYSICAL, IPV_SEXUAL, JUSTIFY_ITEMS, PROVINCES,
    TRUST_ITEMS,
)
from wpsresearch.datasets.randomness import Streams

NA = -1


def _logit(p):
    p = np.asarray(p, dtype=float)
    return np.log(p) - np.log1p(-p)


def _expit(x):
    return 1.0 / (1.0 + np.exp(-x))


def _idx(list_name: str, name: str) -> int:
    return [c[0] for c in CHOICES[list_name]].index(name)


def _ordinal4(latent, cuts):
    """Latent -> 0..3 where 0 is the top category (very_safe, a_lot, strongly_agree)."""
    return (3 - np.searchsorted(np.asarray(cuts), latent)).astype(np.int8)


def _dkrf(s: Streams, name, ids, codes, shares):
    u = s.uniform(name + ":dkrf", ids)
    codes = codes.copy()
    codes[u < shares[0] + shares[1]] = 99
    codes[u < shares[0]] = 98
    return codes


def person_answers(pop, pid: np.ndarray, *, headline_only: bool = False) -> dict:
    """Answers of adults ``pid`` of population ``pop`` as integer codes (see module doc).

    ``headline_only``: draw only what the headline indicators of :mod:`.truth` need (the
    other streams are skipped; being counter-based, the answers drawn are the same).
    """
    p = pop.params
    s = Streams(pop.seed)
    hh = pop.household_of(pid)
    first = pop.eas["first_household"].to_numpy()
    ea = np.searchsorted(first, hh, side="right") - 1
    E = pop.eas
    out = {"person_id": pid, "household_id": hh, "ea_index": ea,
           "psu": E["psu"].to_numpy()[ea], "adm2_pcode": E["adm2_pcode"].to_numpy()[ea],
           "province": np.array([PROVINCES.index(x) for x in E["province"]], dtype=np.int8)[ea],
           "urban_rural": (E["urban_rural"].to_numpy()[ea] == "rural").astype(np.int8)}
    out["n_adults"] = pop.hh_adults[hh].astype(np.int16)
    _demographics(p, s, pid, E, out, headline_only)
    re = {c: E[c].to_numpy()[ea] for c in E.columns if c.startswith("re_")}
    _opinions(p, s, pid, re, out, headline_only)
    _ipv(p, s, pid, re, out)
    _harassment_help(p, s, pid, re, out, headline_only)
    return out


def _demographics(p, s, pid, E, out, headline_only=False):
    ea = out["ea_index"]
    n = pid.size
    female = s.uniform("sex", pid) < p["share_female"]
    out["sex"] = np.where(female, 0, 1).astype(np.int8)
    bands = p["age_bands"]
    band = s.choice("age_band", pid, bands["probs"])
    starts, ends = np.array(bands["starts"]), np.array(bands["ends"])
    age = starts[band] + np.floor(s.uniform("age", pid) * (ends[band] - starts[band] + 1)).astype(int)
    out["age"] = age.astype(np.int16)
    mar = np.where(female[:, None], np.array(p["marital"]["female"])[band], np.array(p["marital"]["male"])[band])
    out["marital_status"] = s.choice("marital", pid, mar).astype(np.int8)
    ever = out["marital_status"] != 0
    am = p["age_at_marriage"]
    mean = np.where(female, am["female"]["mean"], am["male"]["mean"])
    sd = np.where(female, am["female"]["sd"], am["male"]["sd"])
    aam = np.clip(np.round(mean + sd * s.normal("age_at_marriage", pid)), 12, age).astype(np.int16)
    aam = _dkrf(s, "age_at_marriage", pid, aam, (am["dont_know"], am["refused"]))
    out["age_at_marriage"] = np.where(ever, aam, NA).astype(np.int16)
    rural = out["urban_rural"] == 1
    ed = p["education"]
    probs = np.empty((n, 4))
    for sx, fem in (("female", True), ("male", False)):
        for ur, rur in (("urban", False), ("rural", True)):
            probs[(female == fem) & (rural == rur)] = ed[sx][ur]
    old = age >= 50
    hi = probs[:, 2] + probs[:, 3]
    shift = ed["older_shift"]
    probs[old, 2] -= shift * probs[old, 2] / hi[old]
    probs[old, 3] -= shift * probs[old, 3] / hi[old]
    probs[old, 0] += shift / 2
    probs[old, 1] += shift / 2
    out["education"] = s.choice("education", pid, probs).astype(np.int8)
    u = s.uniform("displacement", pid)
    idp = E["share_idp"].to_numpy()[ea]
    ret = E["share_returnee"].to_numpy()[ea]
    out["displacement_status"] = np.where(u < idp, 1, np.where(u < idp + ret, 2, 0)).astype(np.int8)
    if headline_only:
        return
    _origin(p, s, pid, out)
    dis = p["disability"]
    pd_ = _expit(_logit(dis["base"]) + np.log(dis["age65_or"]) * (age >= 65))
    code = np.where(s.uniform("disability", pid) < pd_, 0, 1).astype(np.int8)
    out["disability"] = _dkrf(s, "disability", pid, code, (dis["dont_know"], dis["refused"]))


def _origin(p, s, pid, out):
    """Governorate of origin of IDPs/returnees, as an index into ORIGIN_PCODES."""
    origins = p["displacement"]["idp_origins"]
    pcodes = list(origins)
    own_codes = [p["provinces"][x]["pcode"] for x in PROVINCES]
    own = np.array(own_codes, dtype=object)[out["province"]]
    table = np.array([[0.0 if pc == o else origins[pc] for pc in pcodes] for o in own_codes])
    idx = s.choice("origin", pid, table[out["province"]].reshape(-1, len(pcodes)))
    origin = np.array(pcodes, dtype=object)[idx]
    d = out["displacement_status"]
    out["origin_pcode"] = np.where(d == 1, origin, np.where(d == 2, own, None))


def _safety(p, s, pid, re, out):
    female = out["sex"] == 0
    rural = out["urban_rural"] == 1
    d = out["displacement_status"]
    sp = p["safety"]
    shares = p["dk_rf"]
    base = (np.array([sp["province"][x] for x in PROVINCES])[out["province"]] + sp["female"] * female
            + sp["rural"] * rural + sp["idp"] * (d == 1) + re["re_safety"] + 0.8 * s.normal("safety_person", pid))
    out["safe_day"] = _dkrf(s, "safe_day", pid, _ordinal4(base + s.logistic("safe_day", pid), sp["cuts"]), shares["safety"])
    night = base + sp["night"] + s.logistic("safe_night", pid)
    out["safe_night"] = _dkrf(s, "safe_night", pid, _ordinal4(night, sp["cuts"]), shares["safety"])


def _opinions(p, s, pid, re, out, headline_only=False):
    female = out["sex"] == 0
    rural = out["urban_rural"] == 1
    d = out["displacement_status"]
    shares = p["dk_rf"]
    if not headline_only:
        _safety(p, s, pid, re, out)
    tp = p["trust"]
    higher = out["education"] == 3
    trust = (np.array([tp["province"][x] for x in PROVINCES])[out["province"]] + tp["female"] * female
             + tp["idp"] * (d == 1) + tp["returnee"] * (d == 2) + tp["higher_education"] * higher
             + re["re_trust"] + tp["sd_person"] * s.normal("trust_person", pid))
    out["_trust_latent"] = trust
    for item, (shift, sd) in tp["items"].items():
        lat = trust + shift + sd * s.normal(item, pid)
        if item == "trust_tribal":
            lat = 0.4 * trust + shift + tp["tribal_rural"] * rural + sd * s.normal(item, pid)
        kind = "trust" if item in TRUST_ITEMS else "agree"
        out[item] = _dkrf(s, item, pid, _ordinal4(lat, tp["cuts"]), shares[kind])
    if headline_only:
        return
    aw = p["awareness"]
    p1325 = np.array([aw["heard_1325"][e] for e in ("none", "primary", "secondary", "higher")])[out["education"]]
    p1325 = _expit(_logit(p1325) + np.log(aw["female_or"]) * female)
    heard = s.uniform("heard_1325", pid) < p1325
    out["heard_1325"] = _dkrf(s, "heard_1325", pid, np.where(heard, 0, 1).astype(np.int8), shares["yes_no_dkrf"])
    pnap = np.where(heard, aw["heard_nap_if_1325"], aw["heard_nap_otherwise"])
    nap = np.where(s.uniform("heard_nap", pid) < pnap, 0, 1).astype(np.int8)
    out["heard_nap"] = _dkrf(s, "heard_nap", pid, nap, shares["yes_no_dkrf"])
    wp = p["women_police"]
    for key, name in (("support", "women_police_support"), ("approach", "women_police_approach")):
        c = wp[key]
        lat = (c["base"] + c["female"] * female + c["rural"] * rural + c["higher_education"] * higher
               + re["re_wpolice"] + s.logistic(name, pid))
        out[name] = _dkrf(s, name, pid, _ordinal4(lat, tp["cuts"]), shares["agree"])
    jp = p["justify"]
    edu = out["education"]
    common = (np.log(jp["or_female"]) * female + np.log(jp["or_none_education"]) * (edu == 0)
              + np.log(jp["or_higher_education"]) * (edu == 3) + np.log(jp["or_rural"]) * rural
              + re["re_justify"] + jp["sd_person"] * s.normal("justify_person", pid))
    for item in JUSTIFY_ITEMS:
        yes = s.uniform(item, pid) < _expit(_logit(jp["items"][item]) + common)
        code = np.where(yes, 0, 1).astype(np.int8)
        code[s.uniform(item + ":dk", pid) < shares["justify_dk"]] = 98
        out[item] = code


def _ipv_form(s, pid, items, ip, ever, past12):
    """Item codes (often 0, sometimes 1, not_past_12m 2, never 3) for one form of violence
    (``ip``: the generator's IPV parameters, with each item's share and how often)."""
    probs, often_share = [ip["item_probs"][i] for i in items], ip["often_share"]
    n, k = pid.size, len(items)
    u = np.column_stack([s.uniform(f"{it}:sel", pid) for it in items])
    sel = (u < np.asarray(probs)) & ever[:, None]
    forced = s.choice(f"{items[0]}:forced", pid, probs)
    none = ever & ~sel.any(axis=1)
    sel[none, forced[none]] = True
    in12 = sel & (np.column_stack([s.uniform(f"{it}:12m", pid) for it in items]) < 0.7) & past12[:, None]
    first_sel = np.argmax(sel, axis=1)
    need = past12 & ~in12.any(axis=1)
    in12[need, first_sel[need]] = True
    often = np.column_stack([s.uniform(f"{it}:often", pid) for it in items]) < often_share
    code = np.full((n, k), 3, dtype=np.int8)
    code[sel] = 2
    code[in12 & often] = 0
    code[in12 & ~often] = 1
    return code


def _ipv(p, s, pid, re, out):
    ip = p["ipv"]
    female = out["sex"] == 0
    eligible = female & (out["marital_status"] != 0)
    rural = out["urban_rural"] == 1
    base = np.array([[ip["physical_ever"][x][u] for u in ("urban", "rural")] for x in PROVINCES])
    lp = _logit(base[out["province"], rural.astype(int)])
    edu, d, age = out["education"], out["displacement_status"], out["age"]
    lp = (lp + np.log(ip["or_none_education"]) * (edu == 0) + np.log(ip["or_higher_education"]) * (edu == 3)
          + np.log(ip["or_idp"]) * (d == 1) + np.log(ip["or_returnee"]) * (d == 2)
          + np.log(ip["or_age_18_24"]) * (age < 25) + np.log(ip["or_age_50_plus"]) * (age >= 50) + re["re_ipv"])
    phys = eligible & (s.uniform("ipv_phys", pid) < _expit(lp))
    p12 = np.where(age < 35, ip["physical_12m_given_ever"]["under_35"], ip["physical_12m_given_ever"]["from_35"])
    phys12 = phys & (s.uniform("ipv_phys12", pid) < p12)
    psex = np.where(phys, ip["sexual_ever"]["with_physical"], ip["sexual_ever"]["without_physical"])
    sex = eligible & (s.uniform("ipv_sex", pid) < psex)
    sex12 = sex & (s.uniform("ipv_sex12", pid) < ip["sexual_12m_given_ever"])
    pemo = np.where(phys, ip["emotional_ever"]["with_physical"], ip["emotional_ever"]["without_physical"])
    emo = eligible & (s.uniform("ipv_emo", pid) < pemo)
    emo12 = emo & (s.uniform("ipv_emo12", pid) < ip["emotional_12m_given_ever"])
    for items, ever, past in ((IPV_PHYSICAL, phys, phys12), (IPV_SEXUAL, sex, sex12), (IPV_EMOTIONAL, emo, emo12)):
        codes = _ipv_form(s, pid, items, ip, ever, past)
        for j, item in enumerate(items):
            c = codes[:, j]
            refuse = (c == 3) & (s.uniform(item + ":rf", pid) < p["dk_rf"]["ipv_refused"])
            c[refuse] = 99
            c[~eligible] = NA
            out[item] = c


def _harassment_help(p, s, pid, re, out, headline_only=False):
    hp = p["harassment"]
    female = out["sex"] == 0
    rural = out["urban_rural"] == 1
    young = out["age"] < 30
    shares = p["dk_rf"]["yes_no_dkrf"]
    pub = np.where(female, np.where(rural, hp["public"]["female_rural"], hp["public"]["female_urban"]), hp["public"]["male"])
    onl = np.where(female, hp["online"]["female"], hp["online"]["male"])
    for name, base in (("harass_public_12m", pub), ("harass_online_12m", onl)):
        lp = _logit(base) + np.log(hp["or_age_under_30"]) * young + re["re_harass"]
        code = np.where(s.uniform(name, pid) < _expit(lp), 0, 1).astype(np.int8)
        out[name] = _dkrf(s, name, pid, code, shares)
    ipv_ever = np.zeros(pid.size, dtype=bool)
    for item in IPV_PHYSICAL + IPV_SEXUAL + IPV_EMOTIONAL:
        ipv_ever |= np.isin(out[item], (0, 1, 2))
    eligible = ipv_ever | (out["harass_public_12m"] == 0) | (out["harass_online_12m"] == 0)
    out["_help_eligible"] = eligible
    h = p["help"]
    out.pop("_trust_latent")
    names = [c[0] for c in CHOICES["help_source"]]
    mask = np.zeros(pid.size, dtype=np.int64)
    for src, base in h["sources"].items():
        lp = _logit(base)
        if src in FORMAL_SOURCES:
            lp = lp + np.log(h["formal_trust_or"]) * np.clip(_trust_proxy(out), -2, 2)
        if src == "tribal_leader":
            lp = lp + np.log(h["tribal_rural_or"]) * rural
        hit = s.uniform(f"help:{src}", pid) < _expit(lp)
        mask |= hit.astype(np.int64) << names.index(src)
    mask[mask == 0] = 1 << names.index("no_one")
    formal = np.zeros(pid.size, dtype=bool)
    for src in FORMAL_SOURCES:
        formal |= (mask >> names.index(src)) & 1 == 1
    out["help_sought"] = np.where(eligible, mask, NA)
    if headline_only:
        return
    rnames = [c[0] for c in CHOICES["no_report_reason"]]
    rmask = np.zeros(pid.size, dtype=np.int64)
    rp = np.array(list(h["reasons"].values()))
    for j, (reason, base) in enumerate(h["reasons"].items()):
        lp = _logit(base)
        if reason == "distrust_police":
            lp = lp + np.log(h["distrust_trust_or"]) * np.clip(_trust_proxy(out), -2, 2)
        hit = s.uniform(f"reason:{reason}", pid) < _expit(lp)
        rmask |= hit.astype(np.int64) << rnames.index(reason)
    pick = s.choice("reason:forced", pid, rp)
    rmask = np.where(rmask == 0, np.left_shift(1, pick), rmask)
    out["no_report_reason"] = np.where(eligible & ~formal, rmask, NA)


def _trust_proxy(out):
    """Person's trust in the police on a rough z-scale, from the three police items.

    Help-seeking depends on what the person *says* about the police (not on a hidden
    latent), so the link is the same in any subset of the population: the answers of one
    adult never depend on who else is generated with them.
    """
    score = np.zeros(out["trust_police"].size)
    count = np.zeros_like(score)
    for item in ("trust_police", "police_treat_fairly", "police_respond_quickly"):
        c = out[item]
        ok = c < 4
        score += np.where(ok, 3 - c, 0)
        count += ok
    mean = np.where(count > 0, score / np.maximum(count, 1), 1.5)
    return (mean - 1.5) / 0.9
