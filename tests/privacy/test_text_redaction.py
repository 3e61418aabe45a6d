"""The one identifier scrubber: wpsresearch.privacy.text_redaction.scrub."""

import pandas as pd
import pytest

from wpsresearch.privacy.text_redaction import scrub, scrub_series


@pytest.mark.parametrize("text, kind", [
    ("call me on 07701234567", "phone"),
    ("write to someone@example.org", "email"),
])
def test_scrub_removes_planted_identifier(text, kind):
    out, kinds = scrub(text)
    assert kind in kinds
    assert "07701234567" not in out and "someone@example.org" not in out


def test_scrub_leaves_plain_text():
    assert scrub("we need more schools") == ("we need more schools", [])


def test_scrub_rejects_non_str():
    with pytest.raises(TypeError):
        scrub(5)


def test_scrub_series_keeps_missing_and_matches_scrub():
    s = pd.Series(["call 07701234567", None, "call 07701234567", "fine"])
    out, kinds = scrub_series(s)
    assert out[0] == scrub("call 07701234567")[0] == out[2]
    assert pd.isna(out[1]) and kinds[1] == []
    assert out[3] == "fine" and kinds[3] == []


@pytest.mark.parametrize("text", [
    "0770/839/7129", "077 1 555 4433", "+964 770 123 4567", "00964 770 123 4567",
    "٠٧٧٠١٢٣٤٥٦٧", "۰۷۷۰۱۲۳۴۵۶۷",
    "077\u200b01234567", "0770\u200d1234567", "\u200f07701234567", "0770\ufeff123\u20604567",
])
def test_scrub_phone_forms(text):
    out, kinds = scrub(text)
    assert kinds == ["phone"]
    assert not any(ch.isdigit() for ch in out)


def test_scrub_dates_are_not_phones():
    assert scrub("on 07/08/2023 we left")[1] == []


@pytest.mark.parametrize("text, fragment", [
    ("Ask Ahmed Barzani about it", "Barzani"),
    ("اسألوا أحمد برزنجي", "برزنجي"),
])
def test_scrub_removes_name_whole(text, fragment):
    out, kinds = scrub(text)
    assert "person_name" in kinds
    assert fragment not in out


@pytest.mark.parametrize("text, frags", [
    ("tell Mr Zoran Kovac", ("Zoran", "Kovac")),
    ("my neighbour Karwan Jaff helped", ("Karwan", "Jaff")),
])
def test_scrub_latin_names_after_titles_not_in_lexicon(text, frags):
    out, kinds = scrub(text)
    assert "person_name" in kinds and not any(f in out for f in frags)


def test_scrub_keeps_institution():
    assert scrub("Kirkuk Police Directorate helped")[1] == []
