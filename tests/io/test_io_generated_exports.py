"""Exports of forms nobody here wrote (pyxform's own examples), in every dialect a study may
bring, read back to the answers that were written (tests/data/studies/export_generator.py).

The generator fills any form: choices from each field's list, numbers within the field's
constraint, skip logic honoured, repeats as Kobo XLSX sheets / ODK Central CSVs.  Each
rendering must read back, through the form, to the same answers in the same columns."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import pandas as pd
import pytest

import wpsresearch as wps

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "xlsforms" / "pyxform_examples"
# groups, a loop, a repeat-only form (its main sheet holds metadata only), "or_other", a
# cascading list, widgets of every type, geopoints, a yes/no list whose choices are named 1/0
FORMS = ["group.xlsx", "loop.xlsx", "tutorial.xls", "specify_other.xlsx", "widgets.xls",
         "choice_filter_test.xlsx", "gps.xls", "sms_info.xls", "flat_xlsform_test.xlsx"]
DIALECTS = ["kobo_csv", "kobo_xlsx", "kobocat_csv", "odk_zip", "r_csv", "sav"]


def _same(expected, got, base) -> bool:
    if expected == got:
        return True
    if base == "decimal" and expected is not None and got is not None:
        return math.isclose(float(expected), float(got))  # XLSX stores 7.0 as the number 7
    return False


def _values(column):
    return [None if pd.isna(v) else str(v) for v in column]


@pytest.fixture(scope="module")
def forms():
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wps.errors.WpsWarning)
        for name in FORMS:
            out[name] = wps.io.read_xlsform(EXAMPLES / name)
    return out


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("form_name", FORMS)
def test_every_dialect_reads_back_to_the_answers(forms, export_generator, tmp_path, form_name,
                                                 dialect):
    g = export_generator
    form = forms[form_name]
    answers = g.generate(form, 30, seed=7)
    path = g.write_export(answers, tmp_path / f"export{g.SUFFIX[dialect]}", dialect)
    sd = wps.io.read_export(path, form=form)
    fields = [r for r in answers.main.fields if not (dialect == "sav" and "/" in r["name"])]
    for row in fields:
        name = row["name"]
        assert name in sd.main.columns, name
        expected, got = _values(answers.main.frame[name]), _values(sd.main[name])
        if dialect == "sav" and row["base_type"] in ("integer", "decimal"):
            continue  # the .sav carries declared missing codes in numbers (tested elsewhere)
        bad = [(k, e, v) for k, (e, v) in enumerate(zip(expected, got))
               if not _same(e, v, row["base_type"])]
        assert not bad, (name, bad[:3])
    assert sd.main["_uuid"].notna().all() and len(sd.main) == 30
    if dialect in ("kobo_xlsx", "odk_zip"):
        assert set(sd.repeats) == set(answers.repeats)
        for repeat, table in answers.repeats.items():
            read = sd.repeats[repeat]
            assert len(read) == len(table.frame)
            parents = answers.main.frame["_uuid"].to_numpy()[g._top(answers, table)]
            assert read["_parent_uuid"].tolist() == list(parents)
            for row in table.fields:
                assert _values(read[row["name"]]) == _values(table.frame[row["name"]]), row["name"]
