"""pyxform's own example forms: read as pyxform reads them, refused where pyxform refuses.

The reference is computed here by pyxform (the XLSForm reference implementation that
KoboToolbox and ODK run), never by wpsresearch: ``xls2xform.convert`` says whether a form
converts; pyxform's survey tree (its builder's output, loops expanded) gives each element's
XPath, type and choice list; pyxform's JSON gives the choice lists.  The forms are
``tests/data/xlsforms/pyxform_examples`` (BSD-2-Clause, see the licence beside them).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import wpsresearch as wps

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "xlsforms" / "pyxform_examples"
FORMS = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".xls", ".xlsx"))
# Findings of wpsresearch's own form checks (expressions ODK Validate would refuse): they
# warn and the form is still read.  bad_calc.xlsx's calculation is "because pyxform doesn't
# know what to do" (an apostrophe opens a quote that never closes).
EXPECTED_WARNINGS = {"bad_calc.xlsx": "row 2 (calculation)"}


def test_the_examples_are_all_there():
    assert len(FORMS) == 44
    assert (EXAMPLES.parent / "pyxform-LICENSE.txt").is_file()


def _read(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        form = wps.io.read_xlsform(path)
    ours = [str(w.message) for w in caught if issubclass(w.category, wps.errors.WpsWarning)]
    return form, ours


@pytest.mark.parametrize("path", FORMS, ids=[p.name for p in FORMS])
def test_example_is_read_as_pyxform_reads_it(path, pyxform_reference):
    reference = pyxform_reference(path)
    if isinstance(reference, Exception):
        with pytest.raises(wps.errors.FormError) as info:
            wps.io.read_xlsform(path)
        error = info.value
        assert "\n" not in str(error)
        assert error.sheet is not None and error.row is not None, str(error)
        assert reference.first_line in error.message
        return
    form, ours = _read(path)
    expected_warning = EXPECTED_WARNINGS.get(path.name)
    assert ours == [] if expected_warning is None else (
        len(ours) == 1 and expected_warning in ours[0]), ours
    v = form.variables
    assert v["path"].tolist() == [e["path"] for e in reference.elements]
    assert v["name"].is_unique
    for row, element in zip(v.to_dict("records"), reference.elements):
        where = element["path"]
        assert row["form_name"] == element["name"], where
        assert reference.same_type(row["base_type"], element), (where, row["base_type"],
                                                                element["type"])
        assert _text(row["group"]) == element["group"], where
        assert _text(row["repeat"]) == element["repeat"], where
        assert _text(row["list_name"]) == element["list_name"], where
        if reference.counts[element["name"]] == 1:
            assert row["name"] == element["name"], where
        else:
            assert row["name"] == element["path"], where
        labels = {k[len("label::"):]: t for k, t in row.items()
                  if k.startswith("label::") and isinstance(t, str)}
        wanted = {lang: t for lang, t in element["labels"].items() if lang in form.languages}
        assert labels == wanted, where
        if element["row_name"] is not None:  # a row of the sheet, not one pyxform generated
            assert reference.sheet_name(int(row["sheet_row"])) == element["row_name"], where
    assert _choices(form) == reference.choices


def _text(value):
    return value if isinstance(value, str) and value else None


def _choices(form) -> dict:
    out: dict = {}
    columns = [c for c in form.choices.columns if c.startswith("label::")]
    for row in form.choices.to_dict("records"):
        labels = {c[len("label::"):]: row[c] for c in columns if isinstance(row[c], str)}
        out.setdefault(row["list_name"], []).append((row["name"], labels))
    return out


def test_every_alias_and_legacy_type_has_its_spec_name():
    form, _ = _read(EXAMPLES / "widgets.xls")
    types = dict(zip(form.variables["name"], form.variables["base_type"]))
    assert types["my_string"] == "text" and types["my_int"] == "integer"  # string, int
    assert types["my_select"] == "select_multiple"  # select all that apply from list
    assert types["my_select1"] == "select_one"  # select one from list2
    assert types["my_trigger"] == "acknowledge" and types["dateTime"] == "datetime"
    spec, _ = _read(EXAMPLES / "xlsform_spec_test.xlsx")
    types = dict(zip(spec.variables["name"], spec.variables["base_type"]))
    assert types["uri_deviceid"] == "deviceid" and types["phonenumber"] == "phonenumber"


def test_loop_becomes_one_group_per_choice_with_export_paths():
    form, _ = _read(EXAMPLES / "loop.xlsx")
    numbers = form.variables[form.variables["form_name"] == "number"]
    assert numbers["name"].tolist() == [
        "loop_toilet_types/pit_latrine_with_slab/number",
        "loop_toilet_types/open_pit_latrine/number",
        "loop_toilet_types/bucket_system/number", "loop_toilet_types/other/number"]
    assert set(numbers["sheet_row"]) == {4}
    assert form.label("loop_toilet_types/bucket_system/number", "english") == \
        "How many Bucket system are on the premises?"
    assert form.other_of("available_toilet_types") == "available_toilet_types_other"


def test_or_other_adds_the_other_choice_and_text_question():
    form, _ = _read(EXAMPLES / "or_other.xlsx")
    assert form.question("fav_color")["or_other"]
    assert form.choices_for("fav_color")["name"].tolist()[-1] == "other"
    other = form.question("fav_color_other")
    assert (other["base_type"], other["sheet_row"]) == ("text", form.question(
        "fav_color")["sheet_row"])
    assert form.other_of("fav_color") == "fav_color_other"


def test_cascading_lists_keep_their_filter_columns():
    form, _ = _read(EXAMPLES / "choice_filter_test.xlsx")
    filtered = form.variables[form.variables["choice_filter"].notna()]
    assert len(filtered) > 0
    extra = [c for c in form.choices.columns if c not in ("list_name", "name", "sheet_row")
             and not c.startswith("label::")]
    assert extra, "the choices sheet's filter columns are kept"
