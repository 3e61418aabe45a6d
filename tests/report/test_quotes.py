"""Quotes are shown only when identifier-free and given by at least min_people respondents."""

import pandas as pd

from wpsresearch.report.quotes import quotable_answers


def test_quotes_drop_names_redaction_marks_and_rare_answers():
    s = pd.Series(["More street lights"] * 12 + ["Ask Ahmed Barzani"] * 12
                  + ["call [phone] please"] * 12 + ["A rare story"] * 2)
    out = quotable_answers(s, min_people=10)
    assert out["quote"].tolist() == ["More street lights"]
    assert out.attrs["dropped"]["identifier or redaction mark"] == 24
    assert out.attrs["dropped"]["fewer than 10 respondents"] == 2


def test_quotes_count_after_case_space_and_digit_folding():
    s = pd.Series(["need 2 schools"] * 5 + ["Need  ٢ schools"] * 5)
    out = quotable_answers(s, min_people=10)
    assert out["n"].tolist() == [10]
