"""IPV and attitude indicators on hand-built respondents whose DHS values are known from the
DHS rules (DV_prtnr.do: past 12 months = often|sometimes, ever = often|sometimes|not in past 12
months; denominator ever-partnered women 15-49 interviewed in private; DV_viol.do: v744 "don't
know" (8) recoded 0)."""

import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.errors import InputError

PHYSICAL = ["ipv_push", "ipv_slap", "ipv_twist", "ipv_punch", "ipv_kick", "ipv_choke", "ipv_weapon"]
SEXUAL = ["ipv_forced_sex", "ipv_forced_acts", "ipv_threat_sex"]
EMOTIONAL = ["ipv_humiliate", "ipv_threaten", "ipv_insult"]
ITEMS = {"physical": PHYSICAL, "sexual": SEXUAL, "emotional": EMOTIONAL}
DENOMINATOR = {"sex": "sex", "marital": "marital_status", "age": "age", "private": "ipv_private"}


def ipv(df, **kw):
    kw.setdefault("items", ITEMS)
    kw.setdefault("denominator", DENOMINATOR)
    return wps.sgbv.ipv_indicators(df, **kw)


def woman(age=30, marital="married", private="yes", sex="female", **answers):
    row = {c: "never" for c in PHYSICAL + SEXUAL + EMOTIONAL}
    row.update(answers)
    row.update(sex=sex, age=age, marital_status=marital, ipv_private=private)
    return row


RESPONDENTS = pd.DataFrame([
    woman(ipv_slap="often"),                         # 0 physical 12m
    woman(ipv_kick="not_past_12m"),                  # 1 physical ever only
    woman(ipv_forced_sex="sometimes"),               # 2 sexual 12m
    woman(ipv_insult="often"),                       # 3 emotional only
    woman(),                                         # 4 nothing
    woman(ipv_push="refused"),                       # 5 refused, nothing else: unknown
    woman(ipv_push="refused", ipv_slap="sometimes"), # 6 refused but another yes: yes
    woman(marital="never_married"),                  # 7 not in denominator
    woman(age=52, ipv_slap="often"),                 # 8 over 49: DHS no, SDG yes
    woman(sex="male", ipv_slap="often"),             # 9 men are not in the denominator
    woman(private="no"),                             # 10 module not administered in private
], index=[f"r{i}" for i in range(11)])


@pytest.fixture(scope="module")
def out():
    return ipv(RESPONDENTS)


def col(out, name):
    return out[name].tolist()


def test_denominator(out):
    assert col(out, "ipv_denominator") == [True] * 7 + [False] * 4
    assert col(out, "sdg_5_2_1_denominator") == [True] * 7 + [False, True, False, False]


def test_physical(out):
    NA = pd.NA
    assert col(out, "ipv_physical_12m") == [True, False, False, False, False, NA, True, NA, NA, NA, NA]
    assert col(out, "ipv_physical_ever") == [True, True, False, False, False, NA, True, NA, NA, NA, NA]


def test_sexual_emotional_any(out):
    NA = pd.NA
    assert col(out, "ipv_sexual_12m")[:7] == [False, False, True, False, False, False, False]
    assert col(out, "ipv_emotional_12m")[:7] == [False, False, False, True, False, False, False]
    assert col(out, "ipv_any_12m")[:7] == [True, False, True, False, False, NA, True]
    assert col(out, "ipv_any_ever")[:7] == [True, True, True, False, False, NA, True]


def test_dhs_prevalence_by_hand(out):
    # among the 6 women with a known answer (r5 unknown is excluded): 3 of 6 physical ever
    known = out.loc[out["ipv_denominator"], "ipv_physical_ever"].dropna()
    assert (len(known), int(known.sum())) == (6, 3)


def test_sdg_5_2_1(out):
    # physical, sexual OR psychological in 12 months; ever-partnered women 15+ (no upper limit)
    assert col(out, "sdg_5_2_1")[:9] == [True, False, True, True, False, pd.NA, True, pd.NA, True]


def test_age_range_configurable():
    out = ipv(RESPONDENTS, age_range=(15, None))
    assert bool(out.loc["r8", "ipv_physical_12m"]) is True
    out = ipv(RESPONDENTS, age_range=(18, 29))
    assert not out.loc["r0", "ipv_denominator"]


def test_custom_item_mapping():
    df = RESPONDENTS.rename(columns={"ipv_slap": "DV1B", "sex": "WB4", "ipv_private": "DV0"})
    items = {d: ["DV1B" if c == "ipv_slap" else c for c in v] for d, v in ITEMS.items()}
    out = wps.sgbv.ipv_indicators(df, items=items, denominator={
        "sex": "WB4", "marital": "marital_status", "age": "age", "private": "DV0"})
    assert bool(out.loc["r0", "ipv_physical_12m"]) is True
    assert wps.sgbv.ipv_items()["physical"][:2] == ["d105a", "d105b"]   # the DHS codes


def test_study_codes_for_answers_and_denominator():
    """A form with Arabic-transliterated codes: answers and denominator codes are mapped."""
    codes = {"often": "kathiran", "sometimes": "ahyanan", "not_past_12m": "qabla_sana",
             "never": "abadan", "refused": "rafd"}
    df = RESPONDENTS.replace({c: {k: v for k, v in codes.items()} for c in PHYSICAL + SEXUAL + EMOTIONAL})
    df = df.replace({"sex": {"female": "untha", "male": "dhakar"},
                     "marital_status": {"married": "mutazawija"}, "ipv_private": {"yes": "naam"}})
    out = wps.sgbv.ipv_indicators(
        df, items=ITEMS, refused="missing",
        denominator={**DENOMINATOR, "female": ["untha"], "ever_partnered": ["mutazawija"],
                     "private_yes": ["naam"]},
        answers={"past_12m": ["kathiran", "ahyanan"], "ever_not_12m": ["qabla_sana"],
                 "never": ["abadan"], "missing": ["rafd"]})
    assert out.equals(ipv(RESPONDENTS))


def test_without_emotional_items_there_is_no_sdg_5_2_1():
    out = ipv(RESPONDENTS, items={"physical": PHYSICAL, "sexual": SEXUAL})
    assert "ipv_any_12m" in out and "sdg_5_2_1" not in out and "ipv_emotional_12m" not in out


def test_output_aligned_and_nullable(out):
    assert list(out.index) == list(RESPONDENTS.index)
    assert str(out["ipv_physical_12m"].dtype) == "boolean"


def test_unknown_item_answer():
    bad = RESPONDENTS.copy()
    bad.loc["r3", "ipv_kick"] = "yes"
    with pytest.raises(InputError, match="ipv_kick"):
        ipv(bad)


ATT = ["justify_goes_out", "justify_neglects_children", "justify_argues", "justify_refuses_sex",
       "justify_burns_food"]


def test_attitudes_dhs_rules():
    df = pd.DataFrame([
        ["yes", "yes", "no", "no", "no"],     # 2 reasons
        ["98", "98", "98", "98", "98"],       # all don't know: 0 reasons, DHS counts them as no
        ["no", "no", "no", "no", "yes"],      # 1
        ["no", "refused", "no", "no", "no"],  # refused: unknown
        ["yes", "99", "no", "no", "no"],      # refused but one yes: at least one = yes
    ], columns=ATT)
    out = wps.sgbv.attitude_indicators(df, items=ATT)
    assert out["beating_justified_n"].tolist() == [2, 0, 1, pd.NA, pd.NA]
    assert out["beating_justified_any"].tolist() == [True, False, True, pd.NA, True]
    assert "DHS" in out.attrs["wpsresearch"]["dont_know"]


def test_attitudes_unknown_answer():
    df = pd.DataFrame([["maybe", "no", "no", "no", "no"]], columns=ATT)
    with pytest.raises(InputError, match="justify_goes_out"):
        wps.sgbv.attitude_indicators(df, items=ATT)


def test_refused_as_no_follows_dhs_stata():
    # DV_prtnr.do: gen dv_prtnr_phy = 0 if v044==1 & v502>0, then 1 if any item 1-3: a refused
    # item with no other "yes" stays 0
    out = ipv(RESPONDENTS, refused="no")
    assert bool(out.loc["r5", "ipv_physical_12m"]) is False
    assert bool(out.loc["r6", "ipv_physical_12m"]) is True
    with pytest.raises(InputError):
        ipv(RESPONDENTS, refused="zero")


def test_denominator_without_privacy_column():
    df = RESPONDENTS.drop(columns="ipv_private")
    with pytest.raises(InputError, match="ipv_private"):
        ipv(df)
    out = ipv(df, denominator={k: v for k, v in DENOMINATOR.items() if k != "private"})
    assert out.loc["r10", "ipv_denominator"]
    with pytest.raises(InputError, match="needs the question"):
        ipv(df, denominator={"sex": "sex"})


def test_item_mapping_missing_a_domain_is_a_clear_error():
    import pandas as pd

    import wpsresearch as wps

    df = pd.DataFrame({"sex": ["female"], "age": [30], "marital_status": ["married"],
                       "ipv_private": ["yes"], "ipv_slap": ["often"], "ipv_insult": ["never"]})
    with pytest.raises(wps.errors.InputError, match="lacks the domain"):
        wps.sgbv.ipv_indicators(df, items={"physical": ["ipv_slap"], "emotional": ["ipv_insult"]},
                                denominator=DENOMINATOR)
