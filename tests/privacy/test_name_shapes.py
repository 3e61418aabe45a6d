"""Names by their shape (#14): names no lexicon knows, typed in free text without a title.

Measured on ``tests/data/pii_corpus/name_text_corpus.csv`` (hand-labelled answers: names of
people no lexicon holds, and answers full of capitalised words that are no names).  The data
rule must not destroy answers (no false redaction); the quote rule may drop a harmless quote
but must not show a name.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from wpsresearch.privacy.identifier_patterns import identifier_spans
from wpsresearch.privacy.name_shapes import capitalised_name_spans, is_ordinary_word, quote_name_spans
from wpsresearch.privacy.text_redaction import scrub
from wpsresearch.report.quotes import quotable_answers

CORPUS = Path(__file__).parents[1] / "data" / "pii_corpus" / "name_text_corpus.csv"


def _rows():
    with CORPUS.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _names(text):
    return [(a, b) for a, b, k in identifier_spans(text) if k == "person_name"]


def _whole(text, spans, words) -> bool:
    """Every word of the name sits inside one detected span (removed whole, never partly)."""
    for word in words:
        a = text.find(word)
        if a < 0 or not any(s <= a and a + len(word) <= e for s, e in spans):
            return False
    return True


def _measure(rule):
    missed, partial, false = [], [], []
    for r in _rows():
        spans = rule(r["text"])
        if r["has_name"] == "true":
            words = r["name"].split("|")
            if not _whole(r["text"], spans, words):
                (partial if _whole(r["text"], spans, words[:1]) or any(spans) else missed).append(r)
        elif spans:
            false.append(r)
    return missed, partial, false


def test_the_corpus_has_names_no_lexicon_knows_and_hard_negatives():
    from wpsresearch.privacy import name_lexicon as lex

    rows = _rows()
    positives = [r for r in rows if r["has_name"] == "true"]
    assert len(positives) >= 40 and len(rows) - len(positives) >= 60
    for r in positives:  # no planted name is in the lexicon: the shape must find it
        for word in r["name"].split("|"):
            norm = lex.normalize_arabic(word) if not word.isascii() else word.lower()
            assert norm not in lex.LATIN_FIRST_NAMES | lex.ARABIC_FIRST_NAMES, word


def test_the_data_rule_finds_full_latin_names_whole_and_redacts_no_plain_answer():
    missed, partial, false = _measure(_names)
    assert false == [], [r["text"] for r in false]
    assert partial == []
    full = [r for r in _rows() if r["has_name"] == "true" and r["script"] == "latin"
            and "|" in r["name"] and r["name"] != r["name"].upper() and r["name"][0].isupper()]
    assert len(full) >= 19
    assert not {r["case_id"] for r in full} & {r["case_id"] for r in missed}
    # what the conservative rule leaves (measured, see the report of #14): a first name alone,
    # a lower-case name, names in Arabic script without a title
    assert len(missed) == 18


def test_the_quote_rule_misses_no_latin_name_but_one_that_is_also_a_place():
    quote = lambda t: _names(t) + quote_name_spans(t)  # noqa: E731 - what quotable_answers applies
    missed, partial, false = _measure(quote)
    latin = {r["case_id"] for r in missed if r["script"] == "latin"}
    # "Khalis threatened us": Khalis is also a district (Al-Khalis); "rezan kakai" in lower case
    assert {r["note"] for r in missed if r["case_id"] in latin} == {
        "first name alone, sentence start", "lower-case name: no shape to see"}
    # every kinship/title pattern is caught in Arabic; untitled Arabic names are not
    assert all(r["script"] == "arabic" and "no title" in r["note"] for r in missed
               if r["case_id"] not in latin)
    assert len(false) <= 5  # a dropped harmless quote; measured 4 of 69


@pytest.mark.parametrize("text", [
    "Ask Rezan Kakai at the women centre", "Karwan Jaff threatened my sister",
    "Nawal Al-Mandalawi came with us", "REZAN KAKAI HELPED ME", "Ask Rezan Kakai At The Centre",
])
def test_scrub_removes_a_full_name_no_lexicon_knows(text):
    out, kinds = scrub(text)
    assert kinds == ["person_name"]
    assert not any(w in out.lower() for w in ("rezan", "kakai", "karwan", "jaff", "mandalawi"))


@pytest.mark.parametrize("text", [
    "More Female Police Officers", "The Family Protection Directorate in Kirkuk should open at night",
    "Mam Rashan camp is far from the clinic", "Korek Telecom should block harassers",
    "Youth Centre Activities For Girls", "Iraqi Al-Amal Association runs the shelter",
    "MORE POLICE PATROLS AT NIGHT",
])
def test_scrub_keeps_capitalised_answers_that_name_nobody(text):
    assert scrub(text) == (text, [])


def test_a_name_found_by_both_rules_is_removed_whole():
    out, _ = scrub("Ahmed Rezan Kakai said so")  # lexicon first name + unknown family names
    assert out == "[name] said so"


def test_ordinary_words_cover_british_spelling_and_not_names():
    assert all(is_ordinary_word(w) for w in ("Centre", "Programme", "Neighbourhood", "Counselling"))
    assert not any(is_ordinary_word(w) for w in ("Rezan", "Kakai", "Al-Sudani"))


@pytest.mark.parametrize("text", [
    "Rezan said the police ignored her", "Ask Hawkar about the lights", "the teacher Kazhal helps girls",
    "Umm Rezan sells bread", "ام ريزان تساعد النساء", "ابو هوكر يهدد البنات", "الشيخ كاكائي يحل المشاكل",
    "بنت نوال تعرضت للضرب", "we spoke to Amal at the centre", "Ali helped us", "ZAINAB helped",
])
def test_quotes_that_may_name_someone_are_not_shown(text):
    out = quotable_answers(pd.Series([text] * 12), min_people=10)
    assert out.empty
    assert out.attrs["dropped"]["may name a person"] + out.attrs["dropped"][
        "identifier or redaction mark"] == 12


@pytest.mark.parametrize("text", [
    "More police at night", "Ban harassment in markets", "I called the FPD hotline twice in March",
    "The Zainab Foundation helped us", "More female officers in Basra and Baghdad",
    "ابن عمي يعمل في الشرطة", "زيادة عدد الشرطة النسائية في السيطرة", "Need More Schools And Jobs",
])
def test_plain_quotes_are_shown(text):
    assert quotable_answers(pd.Series([text] * 12), min_people=10)["quote"].tolist() == [text]
