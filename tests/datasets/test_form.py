"""The form is a valid XLSForm with the features the contract promises."""

from __future__ import annotations

import openpyxl
import pytest
from pyxform.xls2xform import convert

from wpsresearch.datasets.xlsform import form_bytes


@pytest.fixture(scope="module")
def form_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("form") / "form.xlsx"
    path.write_bytes(form_bytes())
    return path


def test_pyxform_converts_without_warnings(form_path):
    warnings: list[str] = []
    result = convert(str(form_path), warnings=warnings)
    assert "<h:html" in result.xform
    assert warnings == []


def test_form_has_the_contract_features(form_path):
    wb = openpyxl.load_workbook(form_path)
    assert wb.sheetnames == ["survey", "choices", "settings"]
    survey = list(wb["survey"].iter_rows(values_only=True))
    header = survey[0]
    for col in ("type", "name", "label::English (en)", "label::Arabic (ar)", "relevant", "constraint",
                "constraint_message::English (en)", "required", "choice_filter", "calculation", "appearance"):
        assert col in header
    rows = [dict(zip(header, r)) for r in survey[1:]]
    types = {r["name"]: r["type"] for r in rows if not str(r["type"]).startswith("end_")}
    for meta in ("start", "end", "today", "deviceid"):
        assert types[meta] == meta
    assert types["help_sought"] == "select_multiple help_source"
    assert types["help_sought_other"] == "text"
    assert types["gps"] == "geopoint"
    assert types["stratum"] == types["weight"] == "calculate"
    assert types["roster"] == "begin_repeat"
    assert {r["type"] for r in rows} >= {"begin_group", "end_group", "begin_repeat", "end_repeat", "integer"}
    relevant = {r["name"]: r["relevant"] for r in rows if not str(r["type"]).startswith("end_")}
    # a refusal ends the form: every group after intro is relevant only with consent
    for group in ("location", "household", "respondent", "safety", "trust", "ipv", "help", "open"):
        assert "${consent} = 'yes'" in relevant[group]
    choices = list(wb["choices"].iter_rows(values_only=True))
    help_names = [r[1] for r in choices if r[0] == "help_source"]
    assert "other" in help_names and "no_one" in help_names
    districts = [r for r in choices if r[0] == "district"]
    assert {r[4] for r in districts} == {"basra", "kirkuk", "baghdad", "salah_ad_din"}
    settings = list(wb["settings"].iter_rows(values_only=True))
    assert "SYNTHETIC" in settings[1][0]


def test_form_names_match_the_contract():
    contract = ["consent", "governorate", "district", "urban_rural", "psu", "stratum", "weight", "n_adults",
                "hh_size", "member_sex", "member_age", "member_relation", "respondent_name", "phone", "gps", "sex",
                "age", "marital_status", "age_at_marriage", "education", "displacement_status",
                "origin_governorate", "disability", "safe_day", "safe_night", "trust_police", "trust_fpd",
                "trust_courts", "trust_tribal", "police_treat_fairly", "police_respond_quickly", "heard_1325",
                "heard_nap", "women_police_support", "women_police_approach", "justify_goes_out",
                "justify_neglects_children", "justify_argues", "justify_refuses_sex", "justify_burns_food",
                "ipv_private", "ipv_push", "ipv_slap", "ipv_twist", "ipv_punch", "ipv_kick", "ipv_choke",
                "ipv_weapon", "ipv_forced_sex", "ipv_forced_acts", "ipv_threat_sex", "ipv_humiliate",
                "ipv_threaten", "ipv_insult", "harass_public_12m", "harass_online_12m", "help_sought",
                "help_sought_other", "no_report_reason", "no_report_reason_other", "safer_suggestion",
                "enumerator"]
    from wpsresearch.datasets.questionnaire import question_names

    names = question_names()
    assert sorted(set(contract) - set(names)) == []
