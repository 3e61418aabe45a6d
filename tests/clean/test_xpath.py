"""The XLSForm expression evaluator against XPath 1.0 rules (W3C XPath 1.0 §3.4, §4.4) and
the ODK XForms spec's functions, row by row."""

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wpsresearch.clean.xpath import UnsupportedExpression, evaluate


def frame(**cols):
    return pd.DataFrame(cols, dtype="string")


def test_numeric_comparison_with_an_empty_or_text_answer_is_false_except_not_equal():
    # XPath 1.0 §3.4: number('') and number('abc') are NaN; NaN compares false, != true
    df = frame(x=["5", "", None, "abc", "12"])
    assert evaluate("${x} > 3", df).tolist() == [True, False, False, False, True]
    assert evaluate("${x} = 5", df).tolist() == [True, False, False, False, False]
    assert evaluate("${x} != 5", df).tolist() == [False, True, True, True, True]


def test_string_comparison_treats_unanswered_as_empty_string():
    df = frame(q=["yes", "no", None])
    assert evaluate("${q} = 'yes'", df).tolist() == [True, False, False]
    assert evaluate("${q} = ''", df).tolist() == [False, False, True]
    assert evaluate("${q} != 'neutral'", df).tolist() == [True, True, True]


def test_constraint_on_the_current_question():
    df = frame(age=["0", "120", "121", "-1", None, "٣٥"])
    # "٣٥" is not a number to XPath (the cleaning step converts digits before checks run)
    assert evaluate(". >= 0 and . <= 120", df, current="age").tolist() == [
        True, True, False, False, False, False]


def test_select_multiple_functions():
    df = frame(m=["a b", "ab", "b a c", None])
    assert evaluate("selected(${m}, 'a')", df).tolist() == [True, False, True, False]
    assert evaluate("count-selected(${m}) >= 2", df).tolist() == [True, False, True, False]
    assert evaluate("not(selected(${m}, 'c'))", df).tolist() == [True, True, False, True]


def test_string_functions_and_arithmetic():
    df = frame(p=["07701234567", "0770", None], n=["7", "8", "9"])
    assert evaluate("regex(${p}, '^07[0-9]{9}$')", df).tolist() == [True, False, False]
    assert evaluate("string-length(${p}) = 4", df).tolist() == [False, True, False]
    assert evaluate("${n} mod 2 = 1 and ${n} div 2 > 3", df).tolist() == [True, False, True]


def test_an_unsupported_expression_is_refused_not_guessed():
    with pytest.raises(UnsupportedExpression):
        evaluate("pulldata('prices', 'p', 'k', ${n})", frame(n=["1"]))
    with pytest.raises(UnsupportedExpression):
        evaluate("${missing} = 1", frame(n=["1"]))


def _xpath_number(text):
    if text is None or text.strip() == "":
        return math.nan
    try:
        return float(text)
    except ValueError:
        return math.nan


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["", "3", "10", "98", "x", "2.5", "-4"])),
                min_size=1, max_size=40),
       st.sampled_from(["<", "<=", ">", ">=", "=", "!="]), st.integers(-5, 20))
def test_whole_column_evaluation_matches_row_by_row_xpath(values, op, k):
    # the evaluator parses each distinct answer once and spreads the result: it must give
    # exactly what XPath gives each row on its own
    import operator

    ops = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
           "=": operator.eq, "!=": operator.ne}
    got = evaluate(f"${{x}} {op} {k}", frame(x=values)).tolist()
    want = [ops[op](_xpath_number(v), k) for v in values]
    assert got == want


@pytest.mark.parametrize("dtype", ["string[pyarrow]", "string[python]", object])
def test_count_selected_per_distinct_answer_equals_counting_each_row(dtype):
    # counted once per distinct answer (a column's factor codes) vs row by row
    values = ["a b", "", None, "  a   b  c ", "a\tb\nc", "ب ت", "a b", None, "x", "  ", "ب ت"]
    df = pd.DataFrame({"m": pd.Series(values, dtype=dtype)})
    counts = [len((v or "").split()) for v in values]
    for k in range(5):
        got = evaluate(f"count-selected(${{m}}) = {k}", df).tolist()
        assert got == [c == k for c in counts], k
    # a value that is not a column (a literal) is counted row by row
    assert evaluate("count-selected('a b c') = 3", df).tolist() == [True] * len(values)
