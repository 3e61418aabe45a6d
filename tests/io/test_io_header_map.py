"""Header spellings of every dialect map to one form name; ambiguity is never guessed."""

from __future__ import annotations

import pytest

import wpsresearch as wps
from wpsresearch.io.header_map import match_headers


@pytest.mark.parametrize("header, name", [
    ("respondent/age", "age"), ("age", "age"), ("respondent.age", "age"),
    ("respondent-age", "age"), ("help/help_sought/police", "help_sought__police"),
    ("help_sought/police", "help_sought__police"), ("help.help_sought.police", "help_sought__police"),
    ("help_sought.police", "help_sought__police"), ("_respondent/gps_latitude", "_gps_latitude"),
    ("_gps_precision", "_gps_precision"), ("respondent-gps-Accuracy", "_gps_precision"),
    ("X_respondent.gps_latitude", "_gps_latitude"), ("X_uuid", "_uuid"),
    ("meta-instanceID", "meta/instanceID"), ("X__version__", "__version__"),
    ("household/roster/member_age", "member_age"), ("How old are you?", "age"),
    ("كم عمرك؟", "age"), ("Respondent/How old are you?", "age"),
    ("Where did you seek help?/Family Protection Directorate", "help_sought__fpd"),
])
def test_each_dialect_spelling_maps_to_the_form_name(form, header, name):
    match = match_headers([header], form)
    assert match.renamed(header) == name and match.unknown == []


def test_a_label_two_questions_share_is_not_guessed(tmp_path, form):
    import dataclasses

    variables = form.variables.copy()
    variables.loc[variables["name"] == "hh_size", "label::English (en)"] = "How old are you?"
    twin = dataclasses.replace(form, variables=variables)
    match = match_headers(["How old are you?", "respondent/age"], twin)
    assert match.unknown == ["How old are you?"]
    assert match.ambiguous == {"How old are you?": ["age", "hh_size"]}
    assert match.renamed("respondent/age") == "age"


def test_utf16_with_bom_is_read(tmp_path, form, render):
    path = tmp_path / "unicode.txt"
    path.write_bytes(render.kobo_csv_text().replace(";", "\t").encode("utf-16"))
    sd = wps.io.read_kobo(path, form=form)
    assert sd.source.encoding == "utf-16"
    assert sd.main["respondent_name"].tolist()[:2] == ["فاطمة الزهراء", "ڕێژین ئەحمەد"]
