"""SYNTHETIC example data: service-provider incident records and double-coded dialogue excerpts.

Everything here is invented by a seeded generator for tests, doctests and teaching.  Every
frame has a ``synthetic`` column set to True and ``attrs["synthetic"] = True``, and every
narrative or excerpt text starts with the word SYNTHETIC.  No record describes a real person.
"""

from __future__ import annotations

import datetime
import functools

__all__ = ["synthetic_incidents", "synthetic_dialogue_excerpts", "synthetic_dialogue_coding",
           "codetext_agreement"]

PROVINCES = ("basra", "kirkuk", "baghdad", "salah_ad_din")
_TYPES = ("rape", "sexual_assault", "physical_assault", "forced_marriage",
          "denial_of_resources_opportunities_or_services", "psychological_emotional_abuse", "non_gbv")
_TYPE_P = (0.10, 0.10, 0.34, 0.08, 0.13, 0.22, 0.03)
_QUESTIONS = ("q_penetration", "q_sexual_contact", "q_physical_assault", "q_forced_marriage",
              "q_denial_of_resources", "q_psychological_abuse")
_NARRATIVE = {
    "rape": "she was forced into intercourse by {who}",
    "sexual_assault": "{who} touched her against her will",
    "physical_assault": "{who} beat her",
    "forced_marriage": "her family married her against her will",
    "denial_of_resources_opportunities_or_services": "{who} took her earnings and stopped her from working",
    "psychological_emotional_abuse": "{who} threatened and insulted her repeatedly",
    "non_gbv": "she reports a dispute with a neighbour that is not gender-based",
}
_WHO = {"intimate_partner_former_partner": "her husband", "family_other_than_spouse_or_caregiver":
        "a relative", "no_relation": "a stranger", "family_friend_neighbor": "a neighbour",
        "supervisor_employer": "her employer", "other_resident_community_member": "a man from the area",
        "unknown": "an unknown man"}


def _relationship(rng, gbv_type):
    partner = {"physical_assault": 0.65, "psychological_emotional_abuse": 0.6,
               "denial_of_resources_opportunities_or_services": 0.6, "rape": 0.3}.get(gbv_type, 0.1)
    others = list(_WHO)[1:]
    if rng.random() < partner:
        return "intimate_partner_former_partner"
    if gbv_type == "forced_marriage":
        return "family_other_than_spouse_or_caregiver"
    return others[rng.integers(len(others))]


def _incident(rng, i, province):
    gbv_type = _TYPES[rng.choice(len(_TYPES), p=_TYPE_P)]
    k = _TYPES.index(gbv_type)
    # answers: "no" before the incident's type, "yes" for it, other acts sometimes co-occur after it
    answers = {q: ("no" if j < k else "yes" if j == k else ("yes" if rng.random() < 0.3 else "no"))
               for j, q in enumerate(_QUESTIONS)}
    rel = _relationship(rng, gbv_type)
    age = int(rng.integers(13, 21) if gbv_type == "forced_marriage" else rng.integers(14, 56))
    sexual = gbv_type in ("rape", "sexual_assault")
    conflict_p = 0.25 if province in ("kirkuk", "salah_ad_din") else 0.08
    rec = {
        "incident_id": f"SYN-{province[:3].upper()}-{i:04d}", "synthetic": True, "province": province,
        "date_of_incident": str(datetime.date(2025, 1, 1) + datetime.timedelta(days=int(rng.integers(0, 300)))),
        "survivor_sex": "female" if rng.random() < 0.93 else "male", "age_at_incident": age,
        "displacement_status": ("resident", "idp", "returnee")[rng.choice(3, p=(0.6, 0.25, 0.15))],
        "stage_of_displacement": ("not_displaced_home_country", "during_refuge", "post_displacement")[rng.integers(3)],
        "time_of_day": ("morning", "afternoon", "evening_night", "unknown_not_applicable")[rng.integers(4)],
        "location_type": ("clients_home" if rel == "intimate_partner_former_partner"
                          else ("road", "market", "workplace", "online", "perpetrators_home")[rng.integers(5)]),
        "perpetrator_relationship": rel,
        "perpetrator_age_group": ("18_25", "26_40", "41_60", "unknown")[rng.integers(4)],
        "perpetrator_sex": "male" if rng.random() < 0.9 else "female",
        "goods_money_exchanged": "yes" if sexual and rng.random() < 0.12 else "no",
        "abduction_type": ("trafficked" if sexual and rng.random() < 0.05 else "none"),
        "harmful_traditional_practice": ("exchange_marriage" if gbv_type == "forced_marriage"
                                         and rng.random() < 0.4 else "no"),
        "perpetrator_armed_actor": "yes" if rng.random() < conflict_p / 2 else "no",
        "conflict_link": "yes" if rng.random() < conflict_p else "no",
        **answers,
        "referral_medical": ("referred", "no_referral_not_applicable")[int(not sexual)],
        "referral_psychosocial": ("referred", "no_referral_provided_by_agency", "no_referral_declined")[rng.integers(3)],
        "referral_legal": ("referred", "no_referral_declined", "no_referral_unavailable")[rng.integers(3)],
        "wants_legal_action": ("yes", "no", "undecided")[rng.integers(3)],
    }
    who = _WHO.get(rel, "a man")
    rec["narrative"] = f"SYNTHETIC record. Survivor aged {age} reports that {_NARRATIVE[gbv_type].format(who=who)}."
    return rec


def synthetic_incidents(n=300, seed=20251):
    """SYNTHETIC GBVIMS-style service-provider incident records across the four provinces.

    Parameters
    ----------
    n : int
        Number of records.
    seed : int
        Random seed (same seed, same records).

    Returns
    -------
    pandas.DataFrame
        One row per incident with the Classification Tool answers (``q_*``), the context
        columns :func:`~wpsresearch.sgbv.classify_incidents` reads, standard incident fields,
        referral outcomes, a short narrative starting "SYNTHETIC", and ``synthetic=True``.

    Examples
    --------
    >>> df = synthetic_incidents(n=20, seed=1)
    >>> bool(df["synthetic"].all()), bool(df["narrative"].str.startswith("SYNTHETIC").all())
    (True, True)
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    provinces = rng.choice(PROVINCES, size=n, p=(0.3, 0.2, 0.35, 0.15))
    df = pd.DataFrame([_incident(rng, i + 1, str(p)) for i, p in enumerate(provinces)])
    df.attrs["synthetic"] = True
    df.attrs["note"] = "SYNTHETIC incident records: invented, describe no real person"
    return df


# Sentences per theme: (English, Arabic).  The first two of each theme use words the starter
# codebook looks for; the last is a paraphrase it cannot see (so machine coding is imperfect).
_THEMES = {
    "tribal_justice": [("The sheikh settled it between the two families.", "الشيخ حلّ المشكلة بين العائلتين."),
                       ("They paid blood money instead of going further.", "دفعوا الفصل العشائري بدل الشكوى."),
                       ("The elders met and decided what she was owed.", "اجتمع كبار القوم وقرروا ما لها.")],
    "formal_justice": [("She took the case to court with a lawyer.", "رفعت دعوى في المحكمة مع محامية."),
                       ("The judge postponed the hearing twice.", "القاضي أجّل الجلسة مرتين."),
                       ("She wanted the state to decide, not the family.", "أرادت أن تحكم الدولة لا العائلة.")],
    "stigma_silence": [("Women keep quiet because of shame.", "النساء يسكتن خوفاً من العار."),
                       ("Her family worried about their reputation.", "خافت العائلة على سمعتها وكلام الناس."),
                       ("Nobody talks about these things here.", "لا أحد يتكلم عن هذه الأمور هنا.")],
    "police_trust": [("Women do not trust the police to help.", "النساء لا يثقن بالشرطة."),
                     ("I trust the police more than before.", "صرت أثق بالشرطة أكثر من قبل."),
                     ("When she went to the station they sent her home.", "عندما ذهبت إلى المركز أعادوها إلى البيت.")],
    "women_security_institutions": [("We need more female officers at the station.", "نحتاج إلى شرطيات أكثر في المراكز."),
                                    ("Women joining the police changes things.", "وجود ضابطات في الأمن يغيّر الكثير."),
                                    ("A woman in uniform would understand her.", "امرأة بالزي الرسمي ستفهمها.")],
    "cyber_harassment": [("He threatened to post her photos on Facebook.", "هددها بنشر صورها على فيسبوك."),
                         ("Girls face blackmail online.", "الفتيات يتعرضن للابتزاز الإلكتروني."),
                         ("Messages kept coming to her phone at night.", "كانت الرسائل تصل إلى هاتفها ليلاً.")],
    "legal_reform": [("The domestic violence law is still a draft.", "قانون العنف الأسري ما زال مشروعاً."),
                     ("Article 41 must be removed.", "يجب إلغاء المادة 41."),
                     ("Parliament should act for women.", "على البرلمان أن يتحرك من أجل النساء.")],
    "survivor_services": [("There is no shelter in the district.", "لا يوجد دار إيواء في القضاء."),
                          ("She called the hotline for psychosocial support.", "اتصلت بالخط الساخن للدعم النفسي."),
                          ("Someone should be there to listen to her.", "يجب أن يكون هناك من يستمع إليها.")],
}


@functools.lru_cache(maxsize=8)
def _dialogue(seed, n):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    themes = list(_THEMES)
    excerpts, codes = [], []
    for i in range(n):
        lang = "ar" if rng.random() < 0.6 else "en"
        true = set(rng.choice(themes, size=int(rng.integers(1, 3)), replace=False))
        text = " ".join(_THEMES[t][int(rng.choice(3, p=(0.4, 0.35, 0.25)))][lang == "ar"] for t in sorted(true))
        unit = f"SYN-DLG-{i + 1:03d}"
        excerpts.append({"excerpt_id": unit, "session_id": f"S{1 + i // 10:02d}",
                         "province": PROVINCES[(i // 10) % 4], "language": lang,
                         "text": f"SYNTHETIC: {text}", "synthetic": True})
        for coder, (hit, false) in {"coder_a": (0.92, 0.03), "coder_b": (0.85, 0.06)}.items():
            for t in themes:
                p = hit if t in true else false
                codes.append({"unit": unit, "coder": coder, "code": t, "value": int(rng.random() < p)})
    ex = pd.DataFrame(excerpts)
    cd = pd.DataFrame(codes)
    for frame in (ex, cd):
        frame.attrs["synthetic"] = True
    cd["synthetic"] = True
    return ex, cd


def synthetic_dialogue_excerpts(n=80, seed=1325):
    """SYNTHETIC dialogue-session excerpts in Arabic and English (text starts "SYNTHETIC").

    Examples
    --------
    >>> ex = synthetic_dialogue_excerpts(n=10, seed=3)
    >>> sorted(ex["language"].unique()), bool(ex["text"].str.startswith("SYNTHETIC").all())
    (['ar', 'en'], True)
    """
    return _dialogue(seed, n)[0].copy()


def synthetic_dialogue_coding(n=80, seed=1325):
    """Two SYNTHETIC coders' codes (long: ``unit, coder, code, value``) for the excerpts of the
    same ``n`` and ``seed``, with realistic disagreement (misses and stray codes)."""
    return _dialogue(seed, n)[1].copy()


def codetext_agreement(excerpts, coding, codebook="starter"):
    """Agreement between :func:`~wpsresearch.sgbv.code_text` and each human coder, per code.

    Parameters
    ----------
    excerpts : pandas.DataFrame
        With ``excerpt_id`` and ``text``.
    coding : CodingSet or long DataFrame (``unit, coder, code, value``)
        The human codes.
    codebook : TextCodebook, path, DataFrame or "starter"

    Returns
    -------
    pandas.DataFrame
        Index ``code`` (+ ``overall``), columns ``agreement_<coder>``, ``kappa_<coder>`` and
        ``alpha_all`` (Krippendorff's alpha with the machine as one more coder).

    Examples
    --------
    >>> ex, cd = synthetic_dialogue_excerpts(n=40), synthetic_dialogue_coding(n=40)
    >>> t = codetext_agreement(ex, cd)
    >>> bool(0 < t.loc["overall", "kappa_coder_a"] < 1)
    True
    """
    import pandas as pd

    from wpsresearch.sgbv.double_coding import CodingSet, agreement_report, read_coding
    from wpsresearch.sgbv.textcoding import code_text

    human = coding if isinstance(coding, CodingSet) else read_coding(coding, layout="long")
    coded = code_text(excerpts.set_index("excerpt_id")["text"], codebook).codes
    codes = [c for c in human.codes if c in coded.columns]
    machine = coded[codes].astype(int).rename_axis("unit").reset_index().melt(
        id_vars="unit", var_name="code", value_name="value").assign(coder="code_text")
    data = human.data[human.data["code"].isin(codes)][["unit", "coder", "code", "value"]]
    out = {}
    for coder in human.coders:
        pair = CodingSet(pd.concat([data[data["coder"] == coder], machine], ignore_index=True))
        rep = agreement_report(pair).table
        out[f"agreement_{coder}"] = rep["percent_agreement"]
        out[f"kappa_{coder}"] = rep["cohen_kappa"]
    out["alpha_all"] = agreement_report(CodingSet(pd.concat([data, machine], ignore_index=True))).table["krippendorff_alpha"]
    return pd.DataFrame(out)
