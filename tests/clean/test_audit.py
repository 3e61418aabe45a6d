"""Interview durations from Kobo audit files (``cleaningtools::create_audit_list``,
``create_duration_from_audit_sum_all``, ``add_duration_from_audit``, ``check_duration``),
on a Kobo media-export ZIP built here in Collect's audit format."""

import zipfile

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.clean import CleaningLog
from wpsresearch.clean.audit import audit_duration_ms, audit_durations, read_audit_files
from wpsresearch.io import SourceInfo, SurveyData

HEADER = "event,node,start,end,latitude,longitude,accuracy,old-value,new-value\n"
T0 = 1_772_355_600_000  # 2026-03-01 09:00 UTC, in ms


def _audit(events):
    """audit.csv text: (event, node, start offset s, end offset s or None)."""
    lines = [HEADER]
    for event, node, start, end in events:
        end_ms = "" if end is None else str(T0 + int(end * 1000))
        lines.append(f"{event},{node},{T0 + int(start * 1000)},{end_ms},,,,,\n")
    return "".join(lines)


# interview a: 3 questions of 5 minutes each, with a 2-hour pause (form exit → resume) between
# the 2nd and 3rd: active time 15 minutes, start→end 135 minutes.
AUDIT_A = _audit([
    ("form start", "", 0, None),
    ("question", "/aXyz/intro/consent", 1, 301),
    ("question", "/aXyz/respondent/age", 301, 601),
    ("form exit", "", 601, None),
    ("form resume", "", 7801, None),
    ("question", "/aXyz/help/help_sought", 7801, 8101),
    ("end screen", "", 8101, 8102),
    ("form save", "", 8102, None),
    ("form finalize", "", 8102, None),
])
# interview b: 8 minutes of questions (a field-list group counts as one event with its node)
AUDIT_B = _audit([
    ("form start", "", 0, None),
    ("group questions", "/aXyz/household", 2, 242),
    ("question", "/aXyz/respondent/age", 242, 482),
    ("end screen", "", 482, 483),
])


@pytest.fixture
def media_zip(tmp_path):
    """Kobo's media export: <user>/attachments/<form uuid>/<submission uuid>/audit.csv."""
    path = tmp_path / "media.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("enum_user/attachments/4f1a2b/uuid-a/audit.csv", AUDIT_A)
        z.writestr("enum_user/attachments/4f1a2b/uuid-a/photo_1.jpg", b"not an audit")
        z.writestr("enum_user/attachments/4f1a2b/uuid:uuid-b/audit.csv", AUDIT_B)
    return path


def test_audit_list_is_read_by_submission_folder(media_zip):
    """create_audit_list: every audit.csv, named by the folder above it ('uuid:' dropped)."""
    audits = read_audit_files(media_zip)
    assert sorted(audits) == ["uuid-a", "uuid-b"]
    assert list(audits["uuid-a"].columns[:4]) == ["event", "node", "start", "end"]
    assert sorted(read_audit_files(media_zip, uuids=["uuid-b"])) == ["uuid-b"]


def test_active_time_excludes_pauses(media_zip):
    """sum_all rule: sum of end - start over events with a node; a by-hand 15 and 8 minutes."""
    table = audit_durations(read_audit_files(media_zip)).set_index("uuid")
    assert table.loc["uuid-a", "duration_ms"] == 15 * 60_000
    assert table.loc["uuid-b", "duration_minutes"] == 8.0


def test_cleaningtools_example_audit():
    """The audit of cleaningtools' add_duration_from_audit example: 3489 + 1454 + 1209 + 1174
    + 1732 = 9058 ms (0.2 minutes); the 'form start' row without a node is ignored."""
    audit = pd.DataFrame({
        "event": ["form start"] + ["question"] * 5,
        "node": [""] + [f"/xx/question{i}" for i in range(1, 6)],
        "start": [1661415887295, 1661415887301, 1661415890819, 1661415892297, 1661415893529,
                  1661415894720],
        "end": [np.nan, 1661415890790, 1661415892273, 1661415893506, 1661415894703, 1661415896452]})
    assert audit_duration_ms(audit) == 9058
    assert audit_durations({"uuid1": audit})["duration_minutes"].tolist() == [0.2]


def _survey():
    start = "2026-03-01T12:00:00+03:00"
    main = pd.DataFrame({
        "_uuid": ["uuid-a", "uuid-b", "uuid-c"],
        "start": [start] * 3,
        # a: 135 min by the clock (15 active); b: 12 (8 active); c: no audit file, 6 by the clock
        "end": ["2026-03-01T14:15:00+03:00", "2026-03-01T12:12:00+03:00", "2026-03-01T12:06:00+03:00"],
        "source_row": [2, 3, 4]}).astype({"_uuid": "string", "start": "string", "end": "string"})
    return SurveyData(main, {}, wps.io.example_form(), SourceInfo("x.csv", "kobo_csv"))


def test_duration_check_uses_audits_and_says_when_it_falls_back(media_zip):
    """check_duration with lower bound 10: a (15 active min) passes although its clock time
    is long; b (8 active min) and c (6 min, start/end: no audit) are flagged, c saying so."""
    log = CleaningLog()
    wps.clean.flag_short_interviews(_survey(), log=log, min_minutes=10,
                                    audits=read_audit_files(media_zip))
    e = log.to_frame()
    rows = e[e["uuid"] != "all_data"]
    assert rows["uuid"].tolist() == ["uuid-b", "uuid-c"]
    assert rows["old_value"].tolist() == ["8.0", "6.0"]
    assert "audit file" in rows["issue"].iloc[0] and "pauses included" in rows["issue"].iloc[1]
    summary = e.loc[e["uuid"] == "all_data", "issue"].iloc[0]
    assert "2 from audit files" in summary and "1 from start/end" in summary
    assert set(e["change_type"]) == {"no_action"}


def test_upper_bound_flags_long_interviews(media_zip):
    """check_duration's higher bound (strictly above)."""
    log = CleaningLog()
    wps.clean.flag_short_interviews(_survey(), log=log, min_minutes=0, max_minutes=8,
                                    audits=read_audit_files(media_zip))
    e = log.to_frame()
    assert e.loc[e["uuid"] != "all_data", "uuid"].tolist() == ["uuid-a"]


def test_clean_survey_reads_the_study_audit_archive(media_zip):
    log = CleaningLog()
    sd = _survey()
    sd.main["consent"] = "yes"
    wps.clean.clean_survey(sd, log=log, pii_columns=[], checks_config={
        "audit_files": str(media_zip), "min_duration_minutes": 10})
    e = log.to_frame()
    assert e[(e["check_id"] == "duration") & (e["uuid"] != "all_data")]["uuid"].tolist() == [
        "uuid-b", "uuid-c"]


@pytest.mark.parametrize("content, what", [
    ("event,node,start\nquestion,/a/q,1\n", "lacks the columns end"),
    ("event,node,start,end\nquestion,/a/q,yesterday,2\n", "not a time in milliseconds"),
])
def test_bad_audit_file_names_archive_member_row_and_column(tmp_path, content, what):
    path = tmp_path / "media.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("u/attachments/f/uuid-a/audit.csv", content)
    with pytest.raises(wps.errors.InputError, match=what) as exc:
        read_audit_files(path)
    assert "uuid-a/audit.csv" in str(exc.value.file)


def test_not_a_zip_is_a_clear_error(tmp_path):
    bad = tmp_path / "media.zip"
    bad.write_bytes(b"nope")
    with pytest.raises(wps.errors.InputError, match="cannot be read as a ZIP"):
        read_audit_files(bad)
