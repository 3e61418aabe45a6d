"""Free text is not published verbatim by default (#14): one rule for quotes, results tables,
report tables and charts — a typed answer is printed only when at least min_cell people gave
it and no identifier or name (lexicon or shape) is in it."""

from __future__ import annotations

import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.io.analysis_plan import AnalysisPlan, PlanRow
from wpsresearch.privacy import DisclosurePolicy
from wpsresearch.privacy.free_text import HIDDEN_ANSWER, answer_shown, quote_problem

POLICY = DisclosurePolicy()


@pytest.mark.parametrize("value, count, shown", [
    ("More street lights", 10, True),
    ("More street lights", 9, False),  # a rare answer traces back to a person
    ("Ask Rezan at the centre", 500, False),  # a name no lexicon knows
    ("call [phone] please", 500, False),  # the build's redaction mark
    ("Zainab Kadhim helped", 500, False),
    ("dont_know", 1, True),  # a code, not free text
])
def test_answer_shown(value, count, shown):
    assert answer_shown(value, count, POLICY) is shown


def test_a_choice_of_the_form_is_always_shown_and_typed_text_never_by_default():
    assert answer_shown("Rezan", 3, POLICY, choice=True)
    assert not answer_shown("other_place", 3, POLICY, choice=False)


def test_quote_problem_names_the_reason():
    assert quote_problem("we need lights") is None
    assert quote_problem("0770 123 4567") == "identifier or redaction mark"
    assert quote_problem("Hawkar knows") == "may name a person"


def _design():
    answers = (["More street lights"] * 40 + ["Ask Rezan at the centre"] * 30 + ["A rare story"] * 3
               + ["police"] * 27)
    df = pd.DataFrame({"q": answers, "sex": ["female", "male"] * 50})
    return wps.stats.SurveyDesign(df)


def test_results_table_hides_typed_answers_that_may_not_be_printed():
    plan = AnalysisPlan((PlanRow(2, "prop_select_one", "q", ()),))
    res = wps.stats.analyse(_design(), plan)
    frame = res.to_frame()
    values = frame["analysis_var_value"].tolist()
    assert "More street lights" in values and "police" in values
    assert not any("Rezan" in v or "rare" in v for v in values)
    hidden = [v for v in values if v.startswith(HIDDEN_ANSWER[:-1])]
    assert len(hidden) == 2 and len(set(hidden)) == 2  # one key per answer
    assert not frame["analysis_key"].str.contains("Rezan|rare").any()
    assert frame["analysis_key"].is_unique
    # the estimate of a hidden answer given by 30 people is kept; the rare one is suppressed
    by_value = frame.set_index("analysis_var_value")
    assert by_value.loc[hidden, "suppressed"].tolist().count(True) == 1
    for lang in ("en", "ar"):
        table = res.table(2, lang=lang)
        text = table.frame.to_string() + table._repr_html_()
        assert "Rezan" not in text and "rare" not in text
        assert wps.labels.Labels.default().get("privacy_answer_not_shown", lang) in text


def test_results_table_shows_choices_of_the_form_by_the_form():
    from wpsresearch.io.codebook import Codebook

    variables = pd.DataFrame({"name": ["q"], "type": ["select_one places"], "base_type": ["select_one"],
                              "list_name": ["places"], "label::English (en)": ["Where?"]})
    choices = pd.DataFrame({"list_name": ["places"] * 2, "name": ["Ask Rezan at the centre", "police"],
                            "label::English (en)": ["A choice", "Police"]})
    codebook = Codebook(variables=variables, choices=choices)
    plan = AnalysisPlan((PlanRow(2, "prop_select_one", "q", ()),))
    values = wps.stats.analyse(_design(), plan, codebook=codebook).to_frame()["analysis_var_value"]
    assert "Ask Rezan at the centre" in values.tolist()  # the form's own choice code
    assert "More street lights" in values.tolist()  # typed by 40, names nobody
    assert sum(v.startswith(HIDDEN_ANSWER[:-1]) for v in values) == 1  # typed by 3


def test_crosstab_report_table_hides_typed_answers():
    df = pd.DataFrame({"q": ["More street lights"] * 60 + ["Ask Rezan at the centre"] * 60,
                       "sex": ["female", "male"] * 60})
    table = wps.stats.crosstab(wps.stats.SurveyDesign(df), "sex", "q").table()
    assert "Rezan" not in " ".join(map(str, table.frame.columns)) + table.frame.to_string()
    table = wps.stats.crosstab(wps.stats.SurveyDesign(df), "q", "sex").table()
    assert "Rezan" not in table.frame.to_string()
