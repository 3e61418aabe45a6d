"""GBVIMS classification, written from the GBVIMS rules (User Guide ch. 3; Standard GBV
Intake & Assessment Form; Incident Recorder derived fields; UN SG CRSV definition)."""

import itertools

import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.errors import InputError, WpsError

# The Classification Tool's questions in the order the GBVIMS User Guide ch. 3 gives them, and
# the type each "yes" leads to.  Written here from the standard, not read from the package.
TOOL_ORDER = [
    ("q_penetration", "rape"),
    ("q_sexual_contact", "sexual_assault"),
    ("q_physical_assault", "physical_assault"),
    ("q_forced_marriage", "forced_marriage"),
    ("q_denial_of_resources", "denial_of_resources_opportunities_or_services"),
    ("q_psychological_abuse", "psychological_emotional_abuse"),
]
ALL_TYPES = [t for _, t in TOOL_ORDER] + ["non_gbv"]
QUESTIONS = [q for q, _ in TOOL_ORDER]


def case(*yes, **context):
    row = {q: ("yes" if q in yes else "no") for q in QUESTIONS}
    row.update(context)
    return row


def classify(rows):
    return wps.sgbv.classify_incidents(pd.DataFrame(rows))


@pytest.mark.parametrize("question,expected", TOOL_ORDER)
def test_each_type_alone(question, expected):
    assert classify([case(question)])["gbv_type"].iloc[0] == expected


def test_no_yes_is_non_gbv():
    assert classify([case()])["gbv_type"].iloc[0] == "non_gbv"


def test_type_ids_match_the_standard():
    assert wps.sgbv.gbv_types() == ALL_TYPES


# all 21 pairs of the seven outcomes: for two core types, both "yes" → the earlier one wins
# ("the first yes wins", a process of elimination); with non_gbv, any core "yes" beats it.
@pytest.mark.parametrize("first,second", list(itertools.combinations(ALL_TYPES, 2)))
def test_precedence_pairs(first, second):
    q = dict((t, q) for q, t in TOOL_ORDER)
    yes = [q[first]] + ([q[second]] if second != "non_gbv" else [])
    assert classify([case(*yes)])["gbv_type"].iloc[0] == first


def test_worked_examples_from_the_user_guide():
    # "rape with beating is rape; forced marriage with beating is physical assault"
    out = classify([case("q_penetration", "q_physical_assault"),
                    case("q_forced_marriage", "q_physical_assault")])
    assert out["gbv_type"].tolist() == ["rape", "physical_assault"]


def test_answer_spellings():
    rows = pd.DataFrame({
        "q_penetration": [False, 0, "no", "لا", "NO"],
        "q_sexual_contact": [True, 1, "yes", "نعم", " Yes "],
    }).assign(**{q: "no" for q in QUESTIONS[2:]})
    assert (wps.sgbv.classify_incidents(rows)["gbv_type"] == "sexual_assault").all()


def test_unknown_answer_names_row_and_column():
    rows = pd.DataFrame([case(), case()])
    rows.loc[1, "q_physical_assault"] = "maybe"
    with pytest.raises(InputError) as err:
        wps.sgbv.classify_incidents(rows)
    assert "q_physical_assault" in str(err.value) and "maybe" in str(err.value)
    assert err.value.row == [1]


def test_missing_question_column():
    with pytest.raises(WpsError, match="q_psychological_abuse"):
        wps.sgbv.classify_incidents(pd.DataFrame([case()]).drop(columns="q_psychological_abuse"))


def test_unanswered_question_before_first_yes_is_unclassified():
    rows = [case("q_physical_assault"), case("q_penetration")]
    rows[0]["q_sexual_contact"] = None  # could have been sexual assault
    rows[1]["q_sexual_contact"] = None  # irrelevant: rape already decided
    assert classify(rows)["gbv_type"].tolist()[1] == "rape"
    assert pd.isna(classify(rows)["gbv_type"].iloc[0])


# --- context flags (GBVIMS Incident Recorder) --------------------------------------------
def test_ipv_is_context_not_type():
    out = classify([case("q_physical_assault", perpetrator_relationship="intimate_partner_former_partner"),
                    case("q_physical_assault", perpetrator_relationship="no_relation")])
    assert out["gbv_type"].tolist() == ["physical_assault"] * 2
    assert out["ipv"].tolist() == [True, False]


@pytest.mark.parametrize("question,exchanged,expected", [
    ("q_penetration", "yes", True), ("q_sexual_contact", "yes", True),
    ("q_penetration", "no", False), ("q_physical_assault", "yes", False)])
def test_possible_sexual_exploitation(question, exchanged, expected):
    # money/goods/benefits exchanged AND type in {Rape, Sexual Assault}
    out = classify([case(question, goods_money_exchanged=exchanged)])
    assert out["possible_sexual_exploitation"].iloc[0] == expected


@pytest.mark.parametrize("question,abduction,expected", [
    ("q_penetration", "trafficked", True), ("q_sexual_contact", "forced_conscription", True),
    ("q_penetration", "other_abduction_kidnapping", True), ("q_penetration", "none", False),
    ("q_physical_assault", "trafficked", False)])
def test_possible_sexual_slavery(question, abduction, expected):
    out = classify([case(question, abduction_type=abduction)])
    assert out["possible_sexual_slavery"].iloc[0] == expected


@pytest.mark.parametrize("question,age,csa,early", [
    ("q_penetration", 15, True, False), ("q_sexual_contact", 17, True, False),
    ("q_penetration", 18, False, False), ("q_forced_marriage", 14, False, True),
    ("q_forced_marriage", 18, False, False), ("q_physical_assault", 12, False, False)])
def test_child_sexual_abuse_and_early_marriage(question, age, csa, early):
    out = classify([case(question, age_at_incident=age)])
    assert out["child_sexual_abuse"].iloc[0] == csa
    assert out["early_marriage"].iloc[0] == early


@pytest.mark.parametrize("yes,armed,link,expected", [
    (("q_penetration",), "yes", "no", True),
    (("q_sexual_contact",), "no", "yes", True),
    (("q_forced_marriage",), "yes", "no", True),
    # forced marriage with beating is typed physical assault, but it is still a forced marriage
    (("q_forced_marriage", "q_physical_assault"), "yes", "no", True),
    (("q_penetration",), "no", "no", False),
    (("q_physical_assault",), "yes", "yes", False),  # not sexual violence
])
def test_crsv(yes, armed, link, expected):
    out = classify([case(*yes, perpetrator_armed_actor=armed, conflict_link=link)])
    assert out["crsv"].iloc[0] == expected


def test_missing_context_gives_na_not_false():
    out = classify([case("q_penetration", age_at_incident=None)])
    assert pd.isna(out["child_sexual_abuse"].iloc[0])
    assert pd.isna(out["ipv"].iloc[0])  # column absent
    assert "perpetrator_relationship" in out.attrs["wpsresearch"]["absent_context_columns"]


def test_unknown_context_code():
    with pytest.raises(InputError, match="perpetrator_relationship"):
        classify([case("q_penetration", perpetrator_relationship="husband")])


def test_incident_counts_carry_the_caveat():
    out = classify([case("q_penetration"), case("q_physical_assault"), case("q_physical_assault")])
    out["province"] = ["basra", "basra", "kirkuk"]
    t = wps.sgbv.incident_counts(out, by="province")
    assert t.counts.loc["physical_assault"].tolist() == [1, 1]
    assert list(t.counts.index) == ALL_TYPES  # zeros kept
    assert "not prevalence" in t.caveat["en"] and "ليست معدلات انتشار" in t.caveat["ar"]
    assert "not prevalence" in t.summary() and "not prevalence" in t._repr_html_()
    assert t.to_frame().attrs["caveat"]["ar"] == t.caveat["ar"]
    assert t.table(lang="ar").attrs["caveat"] == t.caveat["ar"]
    assert "اغتصاب" in t.table(lang="ar").index


def test_standard_fields_checked_against_code_lists():
    df = wps.sgbv.synthetic_incidents(n=50, seed=2)
    checked = wps.sgbv.check_incident_fields(df)
    assert {"time_of_day", "location_type", "perpetrator_relationship", "referral_medical"} <= set(checked)
    df.loc[3, "time_of_day"] = "dawn"
    with pytest.raises(InputError, match="time_of_day") as err:
        wps.sgbv.check_incident_fields(df)
    assert "dawn" in str(err.value) and err.value.row == [3]


def test_field_code_lists_follow_the_incident_recorder():
    fields = wps.sgbv.incident_field_codes()
    # GBVIMS Incident Recorder: time of day has 4 options, perpetrator age groups 7, stage of
    # displacement 6, abduction types 4, referral outcomes 6
    assert len(fields["time_of_day"]) == 4
    assert len(fields["perpetrator_age_group"]) == 7
    assert len(fields["stage_of_displacement"]) == 6
    assert len(fields["abduction_type"]) == 4
    assert len(fields["referral_outcome"]) == 6
    assert "intimate_partner_former_partner" in fields["perpetrator_relationship"]


@pytest.mark.parametrize("question,htp,expected", [
    ("q_physical_assault", "fgm_c", True),
    ("q_forced_marriage", "exchange_marriage", True),
    ("q_physical_assault", "no", False),
    ("q_penetration", "No", False),
    ("q_physical_assault", "", None),
    ("q_physical_assault", None, None),
])
def test_harmful_traditional_practice(question, htp, expected):
    # GBVIMS: "the HTP field holds any value other than No"; context, never a type
    out = classify([case(question, harmful_traditional_practice=htp)])
    got = out["harmful_traditional_practice"].iloc[0]
    if expected is None:
        assert pd.isna(got)
    else:
        assert got == expected
    assert out["gbv_type"].iloc[0] != "harmful_traditional_practice"


def test_htp_not_flagged_for_non_gbv():
    out = classify([case(harmful_traditional_practice="fgm_c")])
    assert out["gbv_type"].iloc[0] == "non_gbv" and not out["harmful_traditional_practice"].iloc[0]
