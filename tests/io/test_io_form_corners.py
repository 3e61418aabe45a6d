"""The corners of real forms that pyxform's examples do not cover, read as pyxform reads them.

Each form is small and written here; its structure is checked against pyxform itself (the
``pyxform_reference`` fixture, as for pyxform's examples), then what matters for reading the
data is checked by hand: names, export paths, list names, sheet rows, and how the columns of
an export land on the form's fields.
"""

from __future__ import annotations

import warnings

import pytest

import wpsresearch as wps

EN, AR = "label::English (en)", "label::Arabic (ar)"
YES_NO = [["list_name", "name", EN, AR], ["yn", "yes", "Yes", "نعم"], ["yn", "no", "No", "لا"]]


def _read_like_pyxform(path, pyxform_reference, **kwargs):
    """Read ``path`` and check it element by element against pyxform's own reading."""
    reference = pyxform_reference(path)
    assert not isinstance(reference, Exception), reference
    form = wps.io.read_xlsform(path, **kwargs)
    v = form.variables
    assert v["path"].tolist() == [e["path"] for e in reference.elements]
    for row, element in zip(v.to_dict("records"), reference.elements):
        assert reference.same_type(row["base_type"], element), (row, element)
        text = row["list_name"] if isinstance(row["list_name"], str) else None
        assert text == element["list_name"], element["path"]
    return form


def test_legacy_select_syntax(tmp_path, write_form, pyxform_reference):
    path = write_form(tmp_path / "legacy.xlsx", [
        ["type", "name", EN],
        ["select one from yn", "q1", "One?"],
        ["select all that apply from yn", "q2", "Many?"],
        ["select1 yn", "q3", "Old?"],
        ["add select one prompt using yn", "q4", "Older?"],
    ], YES_NO)
    form = _read_like_pyxform(path, pyxform_reference)
    v = form.variables.set_index("name")
    assert v.loc[["q1", "q2", "q3", "q4"], "base_type"].tolist() == [
        "select_one", "select_multiple", "select_one", "select_one"]
    assert set(v["list_name"]) == {"yn"}
    assert form.select_multiple() == ["q2"]


def test_select_one_from_with_underscore_is_refused_as_pyxform_does(tmp_path, write_form):
    # "select_one from LIST" is not XLSForm: pyxform refuses it (the old reader took "from"
    # for the list name)
    path = write_form(tmp_path / "from.xlsx", [["type", "name", EN], ["text", "a", "A"],
                                               ["select_one from yn", "q", "Q"]], YES_NO)
    with pytest.raises(wps.errors.FormError) as info:
        wps.io.read_xlsform(path)
    assert (info.value.sheet, info.value.row, info.value.column) == ("survey", 3, "type")
    assert "Unknown question type 'select_one from yn'" in str(info.value)


def test_aliases_and_rows_without_names(tmp_path, write_form, pyxform_reference):
    path = write_form(tmp_path / "aliases.xlsx", [
        ["type", "name", EN],
        ["begin group", "g", "G"],
        ["photo", "pic", "Picture"],
        ["phone number", "tel", "Phone"],
        ["uri:deviceid", "dev", ""],
        ["trigger", "ok", "OK?"],
        ["add text prompt", "txt", "Text"],
        ["end group", "", ""],
        ["begin lgroup", "people", "People"],
        ["q int", "n", "Number"],
        ["end lgroup", "", ""],
        ["osm", "building", "Building"],
        ["gps", "where", "Where"],
    ])
    form = _read_like_pyxform(path, pyxform_reference)
    types = dict(zip(form.variables["name"], form.variables["base_type"]))
    assert types == {"g": "begin_group", "pic": "image", "tel": "text", "dev": "deviceid",
                     "ok": "acknowledge", "txt": "text", "people": "begin_repeat",
                     "n": "integer", "building": "osm", "where": "geopoint"}
    assert form.repeats() == ["people"] and form.repeat_of("n") == "people"
    assert form.question("tel")["sheet_row"] == 4 and form.path("tel") == "g/tel"


def test_same_name_in_two_groups_and_in_a_repeat(tmp_path, write_form, pyxform_reference):
    path = write_form(tmp_path / "twice.xlsx", [
        ["type", "name", EN, AR, "relevant"],
        ["integer", "age", "Your age", "عمرك", ""],
        ["begin group", "mother", "Mother", "الأم", ""],
        ["integer", "age", "Mother's age", "عمر الأم", ""],
        ["end group", "", "", "", ""],
        ["begin group", "father", "Father", "الأب", ""],
        ["integer", "age", "Father's age", "عمر الأب", ""],
        ["select_one yn", "alive", "Alive?", "على قيد الحياة؟", ""],
        ["end group", "", "", "", ""],
        ["begin repeat", "children", "Children", "الأطفال", ""],
        ["integer", "age", "Child's age", "عمر الطفل", ""],
        ["end repeat", "", "", "", ""],
        ["text", "note_on_mother", "Note", "ملاحظة", "${alive} = 'yes'"],
    ], YES_NO)
    form = _read_like_pyxform(path, pyxform_reference)
    ages = form.variables[form.variables["form_name"] == "age"]
    assert ages["name"].tolist() == ["age", "mother/age", "father/age", "children/age"]
    assert ages["sheet_row"].tolist() == [2, 4, 7, 11]
    assert form.label("father/age", "ar") == "عمر الأب"
    assert form.repeat_of("children/age") == "children"
    assert form.question("alive")["group"] == "father"  # a unique name keeps its own name
    assert form.question("mother/age")["base_type"] == "integer"


def test_exports_of_a_form_with_a_name_used_twice(tmp_path, write_form):
    form_path = write_form(tmp_path / "twice.xlsx", [
        ["type", "name", EN],
        ["begin group", "mother", "Mother"], ["integer", "age", "Mother's age"],
        ["end group", "", ""],
        ["begin group", "father", "Father"], ["integer", "age", "Father's age"],
        ["end group", "", ""],
    ])
    form = wps.io.read_xlsform(form_path)
    spellings = {
        "kobo.csv": ('"mother/age";"father/age";"_uuid"\n"40";"45";"u1"\n', wps.io.read_kobo),
        "legacy.csv": ("mother.age,father.age,_uuid\n40,45,u1\n", wps.io.read_kobo),
        "r.csv": ("mother.age,father.age,X_uuid\n40,45,u1\n", wps.io.read_kobo),
        "central.csv": ("mother-age,father-age,meta-instanceID,KEY\n40,45,uuid:u1,uuid:u1\n",
                        wps.io.read_odk_central),
    }
    for name, (text, reader) in spellings.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        sd = reader(path, form=form)
        assert sd.main[["mother/age", "father/age"]].values.tolist() == [["40", "45"]], name
        assert sd.source.unknown_columns == [], name


def test_an_export_without_group_names_is_not_guessed(tmp_path, write_form):
    form = wps.io.read_xlsform(write_form(tmp_path / "twice.xlsx", [
        ["type", "name", EN],
        ["begin group", "mother", "Mother"], ["integer", "age", "Mother's age"],
        ["end group", "", ""],
        ["begin group", "father", "Father"], ["integer", "age", "Father's age"],
        ["text", "job", "Job"], ["end group", "", ""],
    ]))
    one = tmp_path / "one.csv"  # Kobo without "include groups in headers": which age?
    one.write_text('"age";"job";"_uuid"\n"40";"farmer";"u1"\n', encoding="utf-8")
    with pytest.warns(wps.errors.WpsWarning, match="'age' could be any of father/age, "
                      "mother/age"):
        sd = wps.io.read_kobo(one, form=form)
    assert "mother/age" not in sd.main and "father/age" not in sd.main
    assert sd.main["age"].tolist() == ["40"] and sd.main["job"].tolist() == ["farmer"]
    both = tmp_path / "both.csv"  # both ages, no group names: two columns named alike
    both.write_text('"age";"age";"_uuid"\n"40";"45";"u1"\n', encoding="utf-8")
    with pytest.raises(wps.errors.InputError, match="age"):
        wps.io.read_kobo(both, form=form)


def test_begin_loop_over_a_list_and_its_export(tmp_path, write_form, pyxform_reference):
    path = write_form(tmp_path / "loop.xlsx", [
        ["type", "name", EN],
        ["begin loop over crops", "harvest", "Harvest"],
        ["integer", "kg", "Kilograms of %(label)s"],
        ["end loop", "", ""],
    ], [["list_name", "name", EN], ["crops", "wheat", "wheat"], ["crops", "rice", "rice"]])
    form = _read_like_pyxform(path, pyxform_reference)
    kg = form.variables[form.variables["form_name"] == "kg"]
    assert kg["name"].tolist() == ["harvest/wheat/kg", "harvest/rice/kg"]
    assert form.label("harvest/rice/kg", "en") == "Kilograms of rice"
    assert form.question("harvest")["list_name"] == "crops"
    export = tmp_path / "loop.csv"
    export.write_text('"harvest/wheat/kg";"harvest/rice/kg";"_uuid"\n"10";"20";"u1"\n',
                      encoding="utf-8")
    sd = wps.io.read_kobo(export, form=form)
    assert sd.main[["harvest/wheat/kg", "harvest/rice/kg"]].values.tolist() == [["10", "20"]]


def test_or_other_and_its_export(tmp_path, write_form, pyxform_reference):
    path = write_form(tmp_path / "other.xlsx", [
        ["type", "name", EN],
        ["begin group", "g", "G"],
        ["select_multiple water or_other", "source", "Water source"],
        ["end group", "", ""],
    ], [["list_name", "name", EN], ["water", "tap", "Tap"], ["water", "well", "Well"]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning of ours
        form = _read_like_pyxform(path, pyxform_reference)
    assert form.choices_for("source")["name"].tolist() == ["tap", "well", "other"]
    assert form.other_of("source") == "source_other" and form.path("source_other") == \
        "g/source_other"
    # pyxform's condition is XPath (selected(../source, 'other')); kept as a form writes it
    assert form.question("source_other")["relevant"] == "selected(${source}, 'other')"
    export = tmp_path / "other.csv"
    export.write_text('"g/source";"g/source/tap";"g/source/well";"g/source/other";'
                      '"g/source_other";"_uuid"\n"tap other";"1";"0";"1";"a spring";"u1"\n',
                      encoding="utf-8")
    sd = wps.io.read_kobo(export, form=form)
    assert sd.main[["source", "source__other", "source_other"]].values.tolist() == [
        ["tap other", "1", "a spring"]]
    assert sd.source.unknown_columns == []


def test_select_from_previous_answers_and_from_file(tmp_path, write_form, pyxform_reference):
    path = write_form(tmp_path / "dynamic.xlsx", [
        ["type", "name", EN],
        ["begin repeat", "members", "Members"], ["text", "member_name", "Name"],
        ["end repeat", "", ""],
        ["select_one ${member_name}", "head", "Who is the head?"],
        ["select_multiple_from_file villages.csv", "villages", "Villages"],
    ])
    form = _read_like_pyxform(path, pyxform_reference)
    head, villages = form.question("head"), form.question("villages")
    assert (head["base_type"], head["list_name"]) == ("select_one_from_repeat",
                                                      "${member_name}")
    assert (villages["base_type"], villages["list_name"]) == ("select_multiple_from_file",
                                                              "villages.csv")
    assert form.select_one() == []  # no fixed choice list to check its answers against


def test_duplicate_choices_in_a_cascading_list(tmp_path, write_form, pyxform_reference):
    survey = [["type", "name", EN, "choice_filter"],
              ["select_one governorate", "gov", "Governorate", ""],
              ["select_one district", "district", "District", "gov=${gov}"]]
    choices = [["list_name", "name", EN, "gov"],
               ["governorate", "basra", "Basra", ""], ["governorate", "ninewa", "Ninewa", ""],
               ["district", "markaz", "Centre", "basra"], ["district", "markaz", "Centre",
                                                           "ninewa"]]
    refused = write_form(tmp_path / "dup.xlsx", survey, choices)
    with pytest.raises(wps.errors.FormError) as info:
        wps.io.read_xlsform(refused)
    assert (info.value.sheet, info.value.row) == ("choices", 5)
    allowed = write_form(tmp_path / "dup_allowed.xlsx", survey, choices,
                         [["allow_choice_duplicates"], ["yes"]])
    form = _read_like_pyxform(allowed, pyxform_reference)
    districts = form.choices_for("district")
    assert districts[["name", "gov", "sheet_row"]].values.tolist() == [
        ["markaz", "basra", 4], ["markaz", "ninewa", 5]]
    assert form.question("district")["choice_filter"] == "gov=${gov}"


def test_cells_outside_the_header_and_empty_header_cells(tmp_path, write_form,
                                                         pyxform_reference):
    # pyxform reads only columns with a header: a stray cell or a column whose header was
    # deleted is ignored, as KoboToolbox ignores it
    path = write_form(tmp_path / "stray.xlsx", [
        ["type", "name", EN, None, "relevant"],
        ["text", "a", "A", "designer's note", ""],
        ["integer", "b", "B", None, "${a} != ''", None, "stray"],
    ])
    form = _read_like_pyxform(path, pyxform_reference)
    assert form.question("b")["relevant"] == "${a} != ''"
    assert form.names == {"a", "b"}


def test_include_is_refused_with_its_row(tmp_path, write_form):
    path = write_form(tmp_path / "include.xlsx", [
        ["type", "name", EN], ["text", "a", "A"], ["include", "other_form", ""]])
    with pytest.raises(wps.errors.FormError) as info:
        wps.io.read_xlsform(path)
    assert (info.value.sheet, info.value.row) == ("survey", 3)
    assert "has not been included" in str(info.value) and "\n" not in str(info.value)


def test_an_ambiguous_reference_is_refused_as_pyxform_refuses_it(tmp_path, write_form):
    # the same name in two groups is fine; ${age} pointing at it is not
    path = write_form(tmp_path / "ambiguous.xlsx", [
        ["type", "name", EN, "relevant"],
        ["begin group", "mother", "Mother", ""], ["integer", "age", "Age", ""],
        ["end group", "", "", ""],
        ["begin group", "father", "Father", ""], ["integer", "age", "Age", ""],
        ["end group", "", "", ""],
        ["text", "old", "Old?", "${age} > 60"],
    ])
    with pytest.raises(wps.errors.FormError) as info:
        wps.io.read_xlsform(path)
    assert "The name 'age' appears more than once" in str(info.value)
    assert (info.value.sheet, info.value.row, info.value.column) == ("survey", 8, "relevant")


def test_a_broken_expression_warns_and_the_form_is_read(tmp_path, write_form):
    path = write_form(tmp_path / "broken.xlsx", [
        ["type", "name", EN, "relevant"], ["integer", "age", "Age", ""],
        ["text", "why", "Why?", "(${age} > 18"]])
    with pytest.warns(wps.errors.WpsWarning, match=r"survey row 3 \(relevant\).*parenthes"):
        form = wps.io.read_xlsform(path)
    assert form.question("why")["relevant"] == "(${age} > 18"


def test_a_form_is_read_once_per_content(tmp_path, write_form):
    path = write_form(tmp_path / "f.xlsx", [["type", "name", EN], ["text", "a", "A"]])
    first = wps.io.read_xlsform(path)
    first.variables.loc[0, "name"] = "changed by the caller"
    again = wps.io.read_xlsform(path)
    assert again.variables.loc[0, "name"] == "a"
    write_form(path, [["type", "name", EN], ["text", "b", "B"]])
    assert wps.io.read_xlsform(path).names == {"b"}


def test_an_export_of_another_form_version_warns(tmp_path, form, render):
    rows = [r.split(";") for r in render.kobo_csv_text().strip().split("\n")]
    at = rows[0].index('"respondent/age"')
    rows[0][at] = '"respondent/age_years"'  # the question was renamed in a later version
    path = tmp_path / "v2.csv"
    path.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    with pytest.warns(wps.errors.WpsWarning, match=r"1 question\(s\) of the form have no "
                      r"column in the export \(age\).*respondent/age_years.*another version"):
        sd = wps.io.read_kobo(path, form=form)
    assert sd.source.unknown_columns == ["respondent/age_years"]


def test_repeat_sheets_whose_names_excel_cut_alike_are_not_guessed(tmp_path, write_form):
    long = "household_member_characteristics_"  # 33 characters: Excel keeps 31
    form = wps.io.read_xlsform(write_form(tmp_path / "long.xlsx", [
        ["type", "name", EN], ["text", "village", "Village"],
        ["begin repeat", long + "a", "A"], ["text", "x", "X"], ["end repeat", "", ""],
        ["begin repeat", long + "b", "B"], ["text", "y", "Y"], ["end repeat", "", ""],
    ]))
    export = write_form(tmp_path / "export.xlsx", [["village", "_uuid", "_index"],
                                                   ["Zubair", "u1", "1"]],
                        extra_sheets={long[:31]: [["x", "_parent_index"], ["a", "1"]]})
    with pytest.warns(wps.errors.WpsWarning, match="could hold any of the repeats"):
        sd = wps.io.read_kobo(export, form=form)
    assert sd.repeats == {}


def test_a_full_path_wins_over_a_shortened_one(tmp_path, write_form):
    # "age" is both a top-level question and one in group g and in the roster repeat: the
    # header "age" is the top-level question's full path in the main table, and the roster's
    # own question in the roster sheet
    form = wps.io.read_xlsform(write_form(tmp_path / "f.xlsx", [
        ["type", "name", EN],
        ["integer", "age", "Age"],
        ["begin group", "g", "G"], ["integer", "age", "Age in g"], ["end group", "", ""],
        ["begin repeat", "roster", "Roster"], ["integer", "age", "Member age"],
        ["end repeat", "", ""],
    ]))
    assert form.variables["name"].tolist() == ["age", "g", "g/age", "roster", "roster/age"]
    for name, text in {"kobo.csv": '"age";"g/age";"_uuid"\n"30";"31";"u1"\n',
                       "r.csv": 'age,g.age,X_uuid\n30,31,u1\n'}.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        sd = wps.io.read_kobo(path, form=form)
        assert sd.main[["age", "g/age"]].values.tolist() == [["30", "31"]], name
    export = write_form(tmp_path / "export.xlsx", [["age", "g/age", "_uuid", "_index"],
                                                   ["30", "31", "u1", "1"]],
                        extra_sheets={"roster": [["age", "_parent_index"], ["7", "1"]]})
    sd = wps.io.read_kobo(export, form=form)
    assert sd.repeats["roster"][["roster/age", "_parent_uuid"]].values.tolist() == [["7", "u1"]]
