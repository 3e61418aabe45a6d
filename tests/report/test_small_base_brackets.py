"""The DHS bracket rule (``DisclosurePolicy.small_base_rule(n) == "bracket"``: ``min_n`` to
``2*min_n - 1`` unweighted cases) carries the same caution in a key-finding sentence, on a
fact-sheet number and on a campaign card as in ``Estimate.table``: the number in brackets and
the table's own note (label ``stats_note_bracketed``), in English and Arabic."""

from types import SimpleNamespace

import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.report.findings import key_finding, key_findings

LABELS = wps.labels.Labels.default()


def _estimate(n_yes, n_no):
    df = pd.DataFrame({"x": [True] * n_yes + [False] * n_no, "w": 1.0})
    return wps.stats.proportion(wps.stats.SurveyDesign(df, weights="w"), "x")


def _note(lang, policy):
    return LABELS.get("stats_note_bracketed", lang).format(min_n=policy.min_n,
                                                           max_n=2 * policy.min_n - 1)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_bracketed_finding_shows_brackets_and_the_table_note(lang):
    est = _estimate(15, 25)  # n = 40: 25-49 -> bracket
    assert est.policy.small_base_rule(40) == "bracket"
    table = est.table(lang=lang)
    shown = [v for v in table.to_frame().iloc[0] if str(v).startswith("(")][0]  # "(37.5)"
    f = key_finding(est, "heard_1325_yes", lang=lang)
    assert f.bracketed and not f.suppressed
    # the table's brackets around the number and its percent sign, as the fact sheet's box
    # shows it: "(37.5%)", not "(37.5)%"
    assert shown[:-1] + "%)" in f.sentence and shown + "%" not in f.sentence
    assert _note(lang, est.policy) in f.sentence
    # the same wording as the table's footnote
    assert any(_note(lang, est.policy) in note for note in table.footnotes)
    html = key_findings(f)._repr_html_()
    assert 'data-bracketed="true"' in html and _note(lang, est.policy) in html.replace("&#x27;", "'")


def test_finding_on_a_large_base_has_no_caution():
    f = key_finding(_estimate(30, 30), "heard_1325_yes", lang="en")
    assert not f.bracketed
    assert "(" + "30.0" not in f.sentence.split(" (95%")[0]
    assert _note("en", wps.privacy.DisclosurePolicy()) not in f.sentence
    assert "data-bracketed" not in key_findings(f)._repr_html_()


def test_suppressed_finding_is_not_bracketed():
    f = key_finding(_estimate(10, 10), "heard_1325_yes", lang="en")
    assert f.suppressed and not f.bracketed


def _study():
    return SimpleNamespace(synthetic=True, title_in=lambda lang: "Test survey")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_bracketed_card_carries_brackets_and_the_note_inside_the_image(lang):
    from wpsresearch.report.campaign import card_for

    est = _estimate(15, 25)
    f = key_finding(est, "heard_1325_yes", lang=lang)
    card = card_for(f, study=_study(), size="square", labels=LABELS)
    texts = [t.get_text() for t in card.figure.texts]
    value = card.sidecar["numbers_shown"][0]
    assert value.startswith("(") and "37.5" in value
    drawn = " ".join(texts).replace("\n", " ")
    assert " ".join(_note(lang, est.policy).split()) in " ".join(drawn.split())
    assert card.sidecar["caution"] == "( ) " + _note(lang, est.policy)
    card.figure.clear()


def test_card_on_a_large_base_has_no_caution():
    from wpsresearch.report.campaign import card_for

    f = key_finding(_estimate(30, 30), "heard_1325_yes", lang="en")
    card = card_for(f, study=_study(), size="landscape", labels=LABELS)
    assert not card.sidecar["numbers_shown"][0].startswith("(")
    assert card.sidecar.get("caution") is None
    card.figure.clear()


def test_factsheet_number_box_is_bracketed():
    from wpsresearch.report.factsheet import _number_box

    f = key_finding(_estimate(15, 25), "heard_1325_yes", lang="ar")
    box = _number_box(f, LABELS, "ar")
    assert "(37.5%)" in box or "(37.5)%" in box
    assert 'data-bracketed="true"' in box


def test_a_suppressed_finding_names_its_group_as_a_published_one_does():
    df = pd.DataFrame({"x": [True] * 10 + [False] * 10 + [True] * 40 + [False] * 40,
                       "sex": ["female"] * 20 + ["male"] * 80})
    est = wps.stats.proportion(wps.stats.SurveyDesign(df), "x", by="sex")
    hidden = key_finding(est, "x", lang="en", where={"sex": "female"}, label="Says yes")
    shown = key_finding(est, "x", lang="en", where={"sex": "male"}, label="Says yes")
    assert hidden.suppressed and not shown.suppressed
    assert hidden.sentence.startswith("Says yes — Women: too few respondents")
    assert shown.sentence.startswith("Says yes — Men: ")
