"""Cleaning steps on hand-built submissions: each defect logged with the contract's
check_id/change_type, nothing else changed, rows conserved, steps idempotent."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wpsresearch as wps
from wpsresearch.clean import CleaningLog
from wpsresearch.io import SourceInfo, SurveyData

from survey_frames import FORM, survey_data  # noqa: E402 (the folder's helper module)


def make(rows, roster=None):
    """SurveyData from dicts of answers (text, as readers return them)."""
    return survey_data(rows, roster, FORM)


def base(**kw):
    row = {"consent": "yes", "governorate": "basra", "psu": "1", "hh_size": "4", "age": "35",
           "respondent_name": "Zainab", "help_sought": "family", "enumerator": "enum_01",
           "start": "2026-03-01T10:00:00+03:00", "end": "2026-03-01T10:30:00+03:00"}
    row.update(kw)
    return row


def entries(log, check_id):
    frame = log.to_frame()
    return frame[frame["check_id"] == check_id]


def test_consent_refused_and_missing_removed_with_their_repeat_rows():
    sd = make([base(), base(consent="no"), base(consent=None)],
              roster=[{"_parent_index": "1", "member_sex": "female"},
                      {"_parent_index": "2", "member_sex": "male"},
                      {"_parent_index": "3", "member_sex": "male"}])
    log = CleaningLog()
    out = wps.clean.drop_no_consent(sd, log=log)
    assert out.main["_uuid"].tolist() == ["u0"]
    assert out.repeats["roster"]["_parent_index"].tolist() == ["1"]
    e = entries(log, "consent")
    assert set(e["change_type"]) == {"remove_survey"}
    assert sorted(e.loc[e["table"] == "main", "source_row"].tolist()) == [3, 4]
    assert sorted(e.loc[e["table"] == "roster", "source_row"].tolist()) == [3, 4]


def test_missing_consent_column_is_a_clear_error():
    sd = make([base()])
    with pytest.raises(wps.WpsError, match="consent column 'agree' is not in the data"):
        wps.clean.drop_no_consent(sd, log=CleaningLog(), column="agree")


@pytest.mark.parametrize("marker, removed", [("test", True), ("TEST ", True), ("تجربة", True),
                                             ("Testa", False), ("enum_02", False)])
def test_test_submissions(marker, removed):
    sd = make([base(enumerator=marker), base()])
    log = CleaningLog()
    out = wps.clean.drop_test_submissions(sd, log=log)
    assert len(out.main) == (1 if removed else 2)
    assert len(entries(log, "test_submission")) == int(removed)


def test_duplicate_uuid_keeps_most_complete_and_logs_by_source_row():
    sd = make([base(_uuid="a", age=None), base(_uuid="a"), base(_uuid="b"), base(_uuid="a", age=None)])
    log = CleaningLog()
    out = wps.clean.drop_duplicate_uuids(sd, log=log)
    assert out.main["source_row"].tolist() == [3, 4]
    e = entries(log, "duplicate_uuid")
    assert sorted(e["source_row"].tolist()) == [2, 5] and set(e["uuid"]) == {"a"}
    assert set(e["change_type"]) == {"remove_survey"}


def _brute_force_soft_duplicates(frame, cols, limit):
    """Every pair compared (the definition), vectorised."""
    values = frame[cols].to_numpy()
    enum = frame["enumerator"].to_numpy()
    diff = (values[:, None, :] != values[None, :, :]).sum(axis=2)
    close = (diff <= limit) & (enum[:, None] == enum[None, :])
    np.fill_diagonal(close, False)
    return set(np.flatnonzero(close.any(axis=1)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**31 - 1))
def test_soft_duplicates_match_brute_force(seed):
    rng = np.random.default_rng(seed)
    cols = ["age", "hh_size", "psu", "governorate", "help_sought", "consent"]
    n = 150  # above the pairwise-comparison leaf size, so the blocking recursion is exercised
    frame = pd.DataFrame({c: rng.choice(["1", "2"], size=n, p=[0.8, 0.2]) for c in cols})
    frame["consent"] = "yes"
    frame["enumerator"] = rng.choice(["e1", "e2"], size=n)
    sd = make(frame.to_dict("records"))
    log = CleaningLog()
    wps.clean.flag_soft_duplicates(sd, log=log, max_differences=2)
    got = set(entries(log, "soft_duplicate")["source_row"].astype(int) - 2)
    assert got == _brute_force_soft_duplicates(frame, cols, 2)
    assert set(entries(log, "soft_duplicate")["change_type"]) <= {"no_action"}


def test_short_interviews_flagged_not_removed():
    sd = make([base(end="2026-03-01T10:05:00+03:00"), base()])
    log = CleaningLog()
    out = wps.clean.flag_short_interviews(sd, log=log, min_minutes=10)
    assert len(out.main) == 2
    e = entries(log, "duration")
    assert set(e["change_type"]) == {"no_action"}
    per_row = e[e["uuid"] != "all_data"]
    assert per_row["source_row"].tolist() == [2] and "pauses included" in per_row["issue"].iloc[0]
    assert "0 from audit files" in e.loc[e["uuid"] == "all_data", "issue"].iloc[0]


def test_arabic_digits_converted_and_logged():
    sd = make([base(age="٣٥", hh_size="۴"), base()])
    log = CleaningLog()
    out = wps.clean.convert_digits(sd, log=log)
    assert out.main["age"].tolist() == ["35", "35"] and out.main["hh_size"].tolist() == ["4", "4"]
    e = entries(log, "arabic_digits")
    assert sorted(zip(e["question"], e["old_value"], e["new_value"])) == [("age", "٣٥", "35"), ("hh_size", "۴", "4")]


def test_missing_codes_per_variable():
    sd = make([base(age="98", hh_size="99", governorate="98"), base(age="40")])
    log = CleaningLog()
    codes = {"default": {98: "dont_know", 99: "refused"}, "age": {}}
    out = wps.clean.recode_missing(sd, log=log, missing_codes=codes)
    row = out.main.iloc[0]
    assert row["age"] == "98"  # a real age of 98 stays 98
    assert pd.isna(row["hh_size"]) and row["hh_size__missing"] == "refused"
    assert row["governorate"] == "dont_know"
    e = entries(log, "missing_code")
    assert sorted(e["question"]) == ["governorate", "hh_size"]
    assert set(e["change_type"]) == {"change_response"}


@pytest.mark.parametrize("text, applied, suggested", [
    ("Police", "police", "police"), ("الشرطة", "police", "police"),
    ("the police station", None, "police"), ("مديرية حماية الاسره", "fpd", "fpd"),
    ("حماية الاسرة", None, "fpd"),
    ("my neighbour", None, None), ("police and family", None, None),
    ("موظفو دائرة الماء لا يأتون لجباية الأجور", None, None),
])
def test_other_texts_are_listed_suggested_and_only_exact_labels_applied(text, applied, suggested):
    """cleaningtools::check_others lists every non-empty ``_other`` text ("recode other");
    a keyword match is only a suggestion (issue #16); a text that *is* a choice's label is
    a deterministic repair."""
    sd = make([base(help_sought="other", help_sought_other=text)])
    log = CleaningLog()
    out = wps.clean.recode_other(sd, log=log)
    row = out.main.iloc[0]
    listed = entries(log, "other_text")
    assert listed[["question", "old_value", "change_type"]].values.tolist() == [
        ["help_sought_other", text, "no_action"]]
    assert listed["new_value"].iloc[0] == (suggested or "")
    recode = entries(log, "other_recode")
    if applied:
        assert row["help_sought"] == applied and pd.isna(row["help_sought_other"])
        assert set(recode["change_type"]) == {"change_response", "blank_response"}
    else:
        assert row["help_sought"] == "other" and row["help_sought_other"] == text
        assert set(recode["change_type"]) <= {"no_action"}
        assert recode["new_value"].tolist() == ([suggested] if suggested else [])


def test_identifiers_dropped_everywhere_and_never_logged():
    sd = make([base(_gps_latitude="30.5", _gps_longitude="47.8", gps="30.5 47.8 0 5")])
    log = CleaningLog()
    out = wps.clean.drop_identifiers(sd, log=log, columns=["respondent_name"])
    for col in ("respondent_name", "gps", "_gps_latitude", "_gps_longitude"):
        assert col not in out.main
    e = entries(log, "pii")
    assert set(e["uuid"]) == {"all_data"} and set(e["old_value"]) == {"[redacted]"}
    assert "Zainab" not in log.to_frame().to_csv() and "30.5" not in log.to_frame().to_csv()


def test_skip_logic_violation_flagged():
    sd = make([base(help_sought="family", help_sought_other="cousin"),
               base(help_sought="other", help_sought_other="cousin")])
    log = CleaningLog()
    wps.clean.flag_skip_logic(sd, log=log)
    e = entries(log, "skip_logic")
    assert e["question"].tolist() == ["help_sought_other"] and e["source_row"].tolist() == [2]


def test_refused_consent_makes_every_later_answer_a_skip_violation():
    sd = make([base(consent="no")])
    log = CleaningLog()
    wps.clean.flag_skip_logic(sd, log=log)
    assert {"age", "governorate", "help_sought"} <= set(entries(log, "skip_logic")["question"])


def test_types_from_form_and_impossible_values_logged():
    sd = make([base(age="abc", help_sought="police family"), base(age="40", help_sought="no_one")])
    sd.main["help_sought__police"] = ["0", "0"]  # a damaged dummy
    log = CleaningLog()
    out = wps.clean.apply_form_types(sd, log=log).main
    assert str(out["age"].dtype) == "Int64" and pd.isna(out.loc[0, "age"]) and out.loc[1, "age"] == 40
    assert isinstance(out["governorate"].dtype, pd.CategoricalDtype)
    assert list(out["governorate"].cat.categories) == ["basra", "kirkuk", "baghdad", "salah_ad_din"]
    assert out["help_sought__police"].tolist() == [True, False]
    assert out["help_sought__family"].tolist() == [True, False]
    e = entries(log, "type_conversion")
    assert ("age", "abc") in set(zip(e["question"], e["old_value"]))
    assert ("help_sought__police", "0") in set(zip(e["question"], e["old_value"]))


def test_outliers_flag_only():
    ages = [str(a) for a in [30, 31, 29, 35, 33, 28, 32, 30, 34, 31] * 3] + ["300"]
    sd = make([base(age=a) for a in ages])
    log = CleaningLog()
    out = wps.clean.flag_outliers(sd, log=log, columns=["age"])
    assert out.main["age"].tolist() == ages
    e = entries(log, "outlier")
    assert e["old_value"].tolist() == ["300"] and set(e["change_type"]) == {"no_action"}


STEPS = [
    lambda sd, log: wps.clean.drop_no_consent(sd, log=log),
    lambda sd, log: wps.clean.drop_test_submissions(sd, log=log),
    lambda sd, log: wps.clean.drop_duplicate_uuids(sd, log=log),
    lambda sd, log: wps.clean.drop_identifiers(sd, log=log, columns=["respondent_name"]),
    lambda sd, log: wps.clean.convert_digits(sd, log=log),
    lambda sd, log: wps.clean.recode_missing(sd, log=log, missing_codes={"default": {98: "dont_know"}}),
    lambda sd, log: wps.clean.recode_other(sd, log=log),
    lambda sd, log: wps.clean.apply_form_types(sd, log=log),
]


def messy_rows(draw_ints):
    consent, enum, uuid, age, other = draw_ints
    return base(consent=["yes", "no", None][consent % 3], enumerator=["e1", "test", "e2"][enum % 3],
                _uuid=f"u{uuid % 4}", age=["35", "٣٥", "98", "x"][age % 4],
                help_sought=["other", "family"][other % 2], help_sought_other="Police")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(*[st.integers(0, 11)] * 5), min_size=1, max_size=12))
def test_rows_conserved_and_steps_idempotent(draws):
    sd = make([messy_rows(d) for d in draws])
    n_in = len(sd.main)
    log = CleaningLog()
    for step in STEPS:
        once = step(sd, log)
        again_log = CleaningLog()
        twice = step(once, again_log)
        pd.testing.assert_frame_equal(once.main, twice.main)
        changes = again_log.to_frame()
        assert (changes["change_type"] == "no_action").all() or len(changes) == 0
        sd = once
    removed = log.removed_rows()
    assert n_in == len(sd.main) + len(removed)


def test_unknown_select_multiple_choice_is_kept_and_flagged_with_a_suggestion():
    """An answer outside the form's choices is never removed (issue #16: REACH flags, a
    person decides); the closest choice is the suggested new value."""
    sd = make([base(help_sought="police famly")] + [base() for _ in range(9)])
    log = CleaningLog()
    out = wps.clean.apply_form_types(sd, log=log).main
    assert out.loc[0, "help_sought"] == "police famly" and bool(out.loc[0, "help_sought__police"])
    assert not entries(log, "type_conversion")["question"].eq("help_sought").any()
    e = entries(log, "unknown_choice")
    assert e[["question", "old_value", "new_value", "change_type"]].values.tolist() == [
        ["help_sought", "police famly", "police family", "no_action"]]


def test_unknown_select_one_answers_are_kept_and_a_form_version_is_suspected():
    """35 of 100 answers ``about_half`` against a form whose choice is ``about_half_pay``
    (the REACH Iraq case of issue #16): kept as a category, each flagged with the suggestion,
    and one whole-column form-version entry (and warning) naming the likely cause."""
    rows = [base(governorate="basrah_gov")] * 30 + [base()] * 70
    sd = make(rows)
    log = CleaningLog()
    with pytest.warns(wps.errors.WpsWarning, match="form version"):
        out = wps.clean.apply_form_types(sd, log=log).main
    assert (out["governorate"].astype(str) == "basrah_gov").sum() == 30
    assert "basrah_gov" in out["governorate"].cat.categories
    e = entries(log, "unknown_choice")
    assert len(e) == 30 and set(e["change_type"]) == {"no_action"}
    version = entries(log, "form_version")
    assert version["uuid"].tolist() == ["all_data"] and "30%" in version["issue"].iloc[0]


def test_answers_written_as_labels_are_set_to_their_choice_names():
    """An export written with labels ("Basra"/Arabic label) instead of choice names: an exact,
    unambiguous label match is a deterministic repair (``choice_label``)."""
    label_en = FORM.label("governorate", "en", choice="basra")
    sd = make([base(governorate=label_en.upper())] + [base()] * 9)
    log = CleaningLog()
    out = wps.clean.apply_form_types(sd, log=log).main
    assert out.loc[0, "governorate"] == "basra"
    e = entries(log, "choice_label")
    assert e[["old_value", "new_value", "change_type"]].values.tolist() == [
        [label_en.upper(), "basra", "change_response"]]


def test_a_choice_named_twice_in_its_list_is_one_category():
    """A form read with form_repairs may name a choice twice in one list (Kobo's builder lets
    it through; the MSNA 2024 tool does): typing the answers must not fail on it."""
    import warnings
    from pathlib import Path

    bad = Path(__file__).resolve().parents[1] / "bad_inputs" / "form_duplicate_choice.xlsx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wps.errors.WpsWarning)
        form = wps.io.read_xlsform(bad, strict=False)
    main = pd.DataFrame({"consent": ["yes", "no", "yes"], "_uuid": ["a", "b", "c"]},
                        dtype="string")
    main["source_row"] = [2, 3, 4]
    sd = SurveyData(main, {}, form, SourceInfo("test.csv", "kobo_csv"))
    out = wps.clean.apply_form_types(sd, log=CleaningLog()).main
    assert list(out["consent"].cat.categories) == ["yes", "no"]
    assert out["consent"].tolist() == ["yes", "no", "yes"]
