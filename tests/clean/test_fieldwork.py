"""Fieldwork checks as REACH runs them: duplicates on chosen columns
(``cleaningtools::check_duplicate``), soft duplicates per enumerator
(``check_soft_duplicates``), GPS distance from the sampled point, dates outside the collection
period, and the enumerator summary for field supervisors — on small hand-worked cases."""

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.clean import CleaningLog
from wpsresearch.clean.fieldwork import distance_m
from wpsresearch.io import SourceInfo, SurveyData

FORM = wps.io.example_form()


def _sd(main, form=None):
    main = pd.DataFrame(main).astype("string")
    main["source_row"] = np.arange(2, len(main) + 2)
    return SurveyData(main, {}, form, SourceInfo("x.csv", "kobo_csv"))


def test_duplicates_on_chosen_columns_as_cleaningtools_example():
    """check_duplicate's example testdata2: village 1-3,1-3,4 and ki_identifier xx_1..5,3,4:
    by village, d/e/f repeat a/b/c; by village ~/~ ki_identifier only f (village 3, xx_3)."""
    sd = _sd({"_uuid": list("abcdefg"),
              "village": [f"village {i}" for i in (1, 2, 3, 1, 2, 3, 4)],
              "ki_identifier": [f"xx_{i}" for i in (1, 2, 3, 4, 5, 3, 4)]})
    log = CleaningLog()
    wps.clean.flag_duplicates(sd, log=log, columns="village")
    e = log.to_frame()
    assert e["uuid"].tolist() == ["d", "e", "f"] and set(e["change_type"]) == {"no_action"}
    assert e["issue"].iloc[0] == "duplicated village (same as the interview in row 2)"
    log = CleaningLog()
    wps.clean.flag_duplicates(sd, log=log, columns=["village", "ki_identifier"])
    e = log.to_frame()
    assert e[["uuid", "question", "old_value"]].values.tolist() == [
        ["f", "village", "village 3"], ["f", "ki_identifier", "xx_3"]]
    assert e["issue"].iloc[0].startswith("duplicated village ~/~ ki_identifier")


def test_duplicate_check_on_an_unknown_column_names_it():
    with pytest.raises(wps.errors.InputError, match="no column gps_point"):
        wps.clean.flag_duplicates(_sd({"_uuid": ["a"]}), log=CleaningLog(), columns=["gps_point"])


def _answers(**changes):
    row = {"consent": "yes", "governorate": "basra", "psu": "1", "hh_size": "4", "age": "35",
           "help_sought": "family", "start": "2026-03-01T10:00:00+03:00",
           "end": "2026-03-01T10:30:00+03:00"}
    row.update(changes)
    return row


def test_soft_duplicates_per_enumerator_lowercase_and_skip_metadata():
    """check_soft_duplicates per enumerator (threshold 1 here): answers compared lower-case
    ("Basra" = "basra"); start/end never count; an identical interview by *another*
    enumerator is not a soft duplicate of this one's."""
    rows = [
        _answers(enumerator="e1", age="35"),
        _answers(enumerator="e1", age="36", governorate="BASRA", start="2026-03-02T09:00:00+03:00"),
        _answers(enumerator="e1", age="50", hh_size="9", help_sought="police"),
        _answers(enumerator="e2", age="50", hh_size="9", help_sought="police"),
    ]
    log = CleaningLog()
    wps.clean.flag_soft_duplicates(_sd(rows, FORM), log=log, max_differences=1)
    e = log.to_frame()
    assert sorted(e["source_row"].astype(int)) == [2, 3]
    assert all("1 answer(s) differ" in i for i in e["issue"])


def test_geodesic_distance_by_hand():
    """One degree of latitude at the equator on WGS84 is 110,574 m; Basra to Baghdad
    (30.5085 N 47.7804 E → 33.3152 N 44.3661 E) is about 446 km."""
    assert distance_m([0], [0], [1], [0])[0] == pytest.approx(110_574.4, abs=1)
    assert distance_m([30.5085], [47.7804], [33.3152], [44.3661])[0] == pytest.approx(446_000, rel=0.01)
    assert np.isnan(distance_m([np.nan], [0], [1], [0])[0])


def test_gps_points_far_from_their_sampled_point_are_flagged():
    """Sampled point P1 at (33.0, 44.0): an interview 0.001° north (111 m) passes at 500 m,
    one 0.01° north (1,109 m: a degree of latitude is 110.9 km at 33° N on WGS84) is flagged; an unknown point is flagged; one without GPS is
    counted; coordinates never reach the log."""
    frame = pd.DataFrame({"psu": ["P1"], "latitude": ["33.0"], "longitude": ["44.0"]})
    sd = _sd({"_uuid": list("abcd"), "psu": ["P1", "P1", "P9", "P1"],
              "_gps_latitude": ["33.001", "33.01", "33.0", None],
              "_gps_longitude": ["44.0", "44.0", "44.0", None],
              "gps": ["33.001 44.0 0 5", "33.01 44.0 0 5", "33.0 44.0 0 5", None]})
    log = CleaningLog(pii_columns=["gps"])
    wps.clean.flag_gps_distance(sd, log=log, gps_column="gps", point_column="psu", frame=frame,
                                frame_point="psu", max_m=500)
    e = log.to_frame()
    far = e[e["question"] == "gps"]
    assert far.loc[far["uuid"] != "all_data", "uuid"].tolist() == ["b"]
    assert "1,109 m from its sampled point" in far["issue"].iloc[0]
    assert e.loc[e["question"] == "psu", "uuid"].tolist() == ["c"]
    assert "1 interview(s) without a GPS reading" in far.loc[far["uuid"] == "all_data", "issue"].iloc[0]
    assert "33.0" not in e.to_csv() and set(e["change_type"]) == {"no_action"}


def test_gps_from_the_geopoint_answer_when_kobo_parts_are_absent():
    frame = pd.DataFrame({"psu": ["P1"], "latitude": ["33.0"], "longitude": ["44.0"]})
    sd = _sd({"_uuid": ["a"], "psu": ["P1"], "gps": ["33.02 44.0 0 5"]})
    log = CleaningLog()
    wps.clean.flag_gps_distance(sd, log=log, gps_column="gps", point_column="psu", frame=frame,
                                frame_point="psu", max_m=500)
    assert log.to_frame()["uuid"].tolist() == ["a"]


def test_dates_before_and_after_the_collection_period():
    """Interview dates (start/end/today) before 2026-03-01 or after 2026-03-31, read as the
    calendar day written (the interview's own time zone)."""
    sd = _sd({"_uuid": list("abc"),
              "start": ["2026-02-28T23:50:00+03:00", "2026-03-01T00:10:00+03:00", "2026-04-01T09:00:00+03:00"],
              "today": ["2026-02-28", "2026-03-01", "2026-04-01"]})
    log = CleaningLog()
    wps.clean.flag_dates_outside(sd, log=log, start="2026-03-01", end="2026-03-31")
    e = log.to_frame()
    assert sorted(zip(e["uuid"], e["question"])) == [("a", "start"), ("a", "today"),
                                                     ("c", "start"), ("c", "today")]
    assert "before the collection period (starts 2026-03-01)" in e.loc[e["uuid"] == "a", "issue"].iloc[0]


def test_enumerator_summary_counts_interviews_durations_and_flags():
    """Enumerator e1: 3 interviews (one removed), durations 10/20/30 → median 20, two
    interviews flagged (one twice by the same check: counted once); e2: 1, no flag."""
    main = pd.DataFrame({"_uuid": list("abcd"), "enumerator": ["e1", "e1", "e1", "e2"],
                         "source_row": [2, 3, 4, 5]})
    log = CleaningLog()
    for uuid, row, check, kind in [("a", 2, "outlier", "no_action"), ("a", 2, "outlier", "no_action"),
                                   ("b", 3, "duration", "no_action"), ("c", 4, "consent", "remove_survey")]:
        log.add(uuid=uuid, question="age", old_value="", new_value="", issue="x", change_type=kind,
                check_id=check, source_row=row)
    log.add(uuid="all_data", question="age", old_value="", new_value="", issue="x",
            change_type="no_action", check_id="outlier")
    durations = pd.DataFrame({"minutes": [10.0, 20.0, 30.0, 5.0]})
    out = wps.clean.enumerator_summary(main, log.to_frame(), durations=durations).set_index("enumerator")
    assert out.loc["e1", ["interviews", "removed", "median_minutes", "flagged_any",
                          "flagged_outlier", "flagged_duration"]].tolist() == [3, 1, 20.0, 2, 1, 1]
    assert out.loc["e2", ["interviews", "removed", "flagged_any"]].tolist() == [1, 0, 0]


def test_soft_duplicates_fold_case_as_arrow_does():
    """Answers are folded with Arrow's utf8_lower, as cleaningtools' tolower: "İbrahim" and
    "ibrahim" are one answer (Python's str.lower keeps a combining dot above the i)."""
    rows = [_answers(enumerator="e1", governorate="İbrahim"), _answers(enumerator="e1", governorate="ibrahim")]
    log = CleaningLog()
    wps.clean.flag_soft_duplicates(_sd(rows, FORM), log=log, max_differences=0)
    assert sorted(log.to_frame()["source_row"].astype(int)) == [2, 3]
