"""A study's indicators: block: the package's standard indicators on its own questions and
codes; an indicator whose questions or codes the form (or the data) lack is a clear error
naming all of them."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.errors import StudyConfigError


@pytest.fixture(scope="module")
def form(tmp_path_factory):
    path = tmp_path_factory.mktemp("form") / "form.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(["type", "name", "label::English (en)", "label::Arabic (ar)"])
    for kind, name in [("select_one jins", "Q1"), ("integer", "Q2"), ("select_one hala", "Q3"),
                       ("select_one freq", "Q21"), ("select_one freq", "Q23"),
                       ("select_one aman", "S2"), ("select_multiple masadir", "Q7")]:
        ws.append([kind, name, f"Question {name}", f"سؤال {name}"])
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name", "label::English (en)", "label::Arabic (ar)"])
    for row in [("jins", "untha", "Woman", "امرأة"), ("jins", "dhakar", "Man", "رجل"),
                ("hala", "mutazawija", "Married", "متزوجة"), ("hala", "aziba", "Single", "عزباء"),
                ("freq", "often", "Often", "غالباً"), ("freq", "never", "Never", "أبداً"),
                ("aman", "amin", "Safe", "آمن"), ("aman", "ghayr_amin", "Unsafe", "غير آمن"),
                ("masadir", "shurta", "Police", "الشرطة"), ("masadir", "ahl", "Family", "الأهل")]:
        ch.append(list(row))
    wb.save(path)
    return wps.io.read_xlsform(path)


IPV = {"physical": ["Q21"], "sexual": ["Q23"], "sex": "Q1", "female": ["untha"], "marital": "Q3",
       "ever_partnered": ["mutazawija"], "age": "Q2"}


def test_a_valid_mapping_passes_and_names_what_it_adds(form):
    mapping = {"dhs_ipv": IPV, "help_seeking": {"question": "Q7", "options": {"police": "shurta",
                                                                             "family": "ahl"}},
               "answers": {"night_unsafe": {"question": "S2", "yes": ["ghayr_amin"]}}}
    wps.sgbv.check_indicators(mapping, form)
    names = wps.sgbv.indicator_names(mapping)
    assert {"ipv_any_12m", "ipv_physical_12m", "help_formal", "reported_formal", "night_unsafe"} <= set(names)
    assert "ipv_emotional_12m" not in names and "sdg_5_2_1" not in names   # no emotional items
    assert wps.sgbv.indicator_sources(mapping)["ipv_any_12m"] == "Q21"
    assert wps.sgbv.indicator_labels(mapping, form)["night_unsafe"] == {
        "en": "Question S2: Unsafe", "ar": "سؤال S2: غير آمن"}


def test_absent_questions_are_named_all_at_once(form):
    mapping = {"dhs_ipv": {**IPV, "physical": ["Q21", "Q22"], "emotional": ["Q24"]}}
    with pytest.raises(StudyConfigError, match="indicators.dhs_ipv") as info:
        wps.sgbv.check_indicators(mapping, form, file="study.yml")
    assert "'Q22'" in str(info.value) and "'Q24'" in str(info.value)
    assert info.value.column == ["Q22", "Q24"] and info.value.file == "study.yml"


@pytest.mark.parametrize("mapping, words", [
    ({"dhs_ipv": {**IPV, "female": ["female"]}}, "female: 'female' not among the answers of 'Q1'"),
    ({"dhs_ipv": {k: v for k, v in IPV.items() if k != "female"}}, "default female"),
    ({"help_seeking": {"question": "Q7", "options": {"police": "police"}}}, "'police' not among"),
    ({"answers": {"x": {"question": "S2", "yes": ["very_unsafe"]}}}, "'very_unsafe' not among"),
    ({"dhs_ipvv": IPV}, "did you mean 'dhs_ipv'"),
    ({"dhs_ipv": {**IPV, "sexx": "Q1"}}, "unknown key(s) ['sexx']"),
    ({"dhs_ipv": {"physical": ["Q21"]}}, "needs age, marital, sex, sexual"),
    ({"answers": {"x": {"question": "S2"}}}, "indicators.answers.x: needs yes"),
])
def test_bad_mappings_are_clear_errors(form, mapping, words):
    with pytest.raises(StudyConfigError) as info:
        wps.sgbv.check_indicators(mapping, form)
    assert words in str(info.value), str(info.value)


def test_data_without_the_questions_is_a_clear_error():
    df = pd.DataFrame({"Q1": ["untha"], "Q2": [30], "Q3": ["mutazawija"]})
    with pytest.raises(StudyConfigError, match="the data have no column.*'Q21'.*'Q23'"):
        wps.sgbv.add_indicators(df, {"dhs_ipv": IPV})


def test_indicators_on_a_forms_own_codes():
    df = pd.DataFrame({"Q1": ["untha", "untha", "dhakar"], "Q2": [30, 55, 30],
                       "Q3": ["mutazawija", "mutazawija", "mutazawija"],
                       "Q21": ["often", "never", "often"], "Q23": ["never", "never", "never"],
                       "S2": ["ghayr_amin", "amin", "dont_know"], "Q7": ["shurta ahl", "ahl", ""]})
    mapping = {"dhs_ipv": IPV,
               "help_seeking": {"question": "Q7", "options": {"police": "shurta", "family": "ahl"}},
               "answers": {"night_unsafe": {"question": "S2", "yes": ["ghayr_amin"]}}}
    out = wps.sgbv.add_indicators(df, mapping)
    assert out["ipv_physical_12m"].tolist() == [True, pd.NA, pd.NA]   # 55: outside 15-49; a man
    assert out["night_unsafe"].tolist() == [True, False, pd.NA]
    assert out["reported_formal"].tolist() == [True, False, pd.NA]
    assert "help_ngo" not in out                # the form offers no NGO: no 0 %
    assert list(out.columns[:len(df.columns)]) == list(df.columns)
