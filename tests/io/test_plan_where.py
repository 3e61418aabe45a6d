"""The plan's `where` filters: what they select, what they refuse (no code is ever run)."""

from __future__ import annotations

import pandas as pd
import pytest

from wpsresearch.io.plan_where import WhereSyntaxError, parse_where

DF = pd.DataFrame({
    "sex": pd.Categorical(["female", "male", None, "female", "female"]),
    "age": pd.array([30, 40, 25, 15, None], dtype="Int64"),
    "in_base": pd.array([True, False, None, True, True], dtype="boolean"),
    "marital": ["married", "single", "married", "divorced", "widowed"],
    "help/police": [True, False, True, False, True],
    "الجنس": ["أنثى", "ذكر", "أنثى", "أنثى", None],
})


@pytest.mark.parametrize("text, expected", [
    ("sex == 'female'", [True, False, False, True, True]),
    ("sex != 'female'", [False, True, False, False, False]),        # missing stays outside
    ("age >= 18", [True, True, True, False, False]),
    ("sex == 'female' and age >= 18", [True, False, False, False, False]),
    ("sex == 'male' or age < 20", [False, True, False, True, False]),
    ("in_base", [True, False, False, True, True]),
    ("not in_base", [False, True, False, False, False]),
    ("marital in ['married', 'divorced']", [True, False, True, True, False]),
    ("marital not in ['married']", [False, True, False, True, True]),
    ("`help/police` == True", [True, False, True, False, True]),
    ("(sex == 'female') and not (marital == 'widowed')", [True, False, False, True, False]),
    ("الجنس == 'أنثى'", [True, False, True, True, False]),
    ("age > -1", [True, True, True, True, False]),
])
def test_filters_select_the_rows_they_say(text, expected):
    assert parse_where(text).mask(DF).tolist() == expected


@pytest.mark.parametrize("text", [
    "__import__('os').system('rm -rf /')", "sex.str.contains('f')", "len(sex) > 2",
    "age + 1 > 20", "18 <= age <= 49", "sex == other_column", "age in 18", "lambda: 1", "",
])
def test_anything_else_is_refused(text):
    with pytest.raises(WhereSyntaxError):
        parse_where(text)


def test_columns_read_and_unknown_column():
    f = parse_where("`help/police` == True and sex == 'female'")
    assert f.columns == ("help/police", "sex")
    with pytest.raises(KeyError):
        parse_where("district == 'x'").mask(DF)
