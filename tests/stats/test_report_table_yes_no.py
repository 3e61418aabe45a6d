"""A yes/no answer held as a boolean is printed as a reader says it — "Yes" / "No" (نعم / لا) —
in every place a report table shows an answer or a group, never Python's True / False."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps

WORDS = {"en": ("Yes", "No"), "ar": ("نعم", "لا")}


@pytest.fixture(scope="module")
def design():
    rng = np.random.default_rng(7)
    n = 400
    df = pd.DataFrame({"displaced": rng.integers(0, 2, n).astype(bool),
                       "urban_rural": rng.choice(["urban", "rural"], n),
                       "psu": np.arange(n) // 4})
    df["feels_unsafe"] = rng.integers(0, 2, n).astype(bool)
    return wps.stats.SurveyDesign(df, ids="psu")


def _cells(table) -> set[str]:
    frame = table.frame
    return {str(v) for v in frame.to_numpy().ravel()} | {str(c) for c in frame.columns}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_boolean_answers_and_groups_read_yes_no(design, lang):
    yes, no = WORDS[lang]
    tables = {
        "answers": wps.stats.proportion(design, "feels_unsafe", by="urban_rural").table(lang=lang),
        "groups": wps.stats.proportion(design, "urban_rural", by="displaced").table(lang=lang),
        "crosstab rows and columns": wps.stats.crosstab(design, "feels_unsafe", "displaced").table(lang=lang),
    }
    for kind, table in tables.items():
        cells = _cells(table)
        assert not cells & {"True", "False"}, kind
        # a proportion of a boolean shows its "yes" share only
        assert ({yes} if kind == "answers" else {yes, no}) <= cells, (kind, cells)
        html = table._repr_html_()
        assert ">True<" not in html and ">False<" not in html, kind


def test_a_label_table_entry_for_true_still_wins(design):
    labels = wps.labels.Labels.default().with_entries({"True": {"en": "Displaced", "ar": "نازح"}})
    table = wps.stats.proportion(design, "urban_rural", by="displaced").table(labels=labels)
    assert "Displaced" in _cells(table) and "No" in _cells(table)


def test_charts_and_findings_name_a_boolean_group_as_tables_do():
    """One rule for a value a reader sees: a chart's category and a finding's group read
    "Yes"/"No" (نعم/لا) as the table's rows do, never "True"/"False"."""
    from wpsresearch.labels import Labels
    from wpsresearch.report.findings import key_finding
    from wpsresearch.viz.display_names import display_name

    labels = Labels.default()
    assert [display_name(v, "en", labels) for v in (True, False, "True")] == ["Yes", "No", "Yes"]
    assert display_name(False, "ar", labels) == "لا"
    df = pd.DataFrame({"x": [True, False] * 50, "g": [True] * 60 + [False] * 40, "w": [1.0] * 100})
    est = wps.stats.proportion(wps.stats.SurveyDesign(df, weights="w"), "x", by="g")
    sentence = key_finding(est, "x", lang="en", label="Knows the hotline", where={"g": True}).sentence
    assert "True" not in sentence and "Yes" in sentence
