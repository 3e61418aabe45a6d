"""A plan row's ``level`` (analysistools' LOA column) is the level every output states:
a 90% interval must not be labelled "95%" in a table, a key finding, a campaign image or a
chart (the label table writes "95%", the usual level)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.report.campaign import card_for
from wpsresearch.report.findings import key_finding


@pytest.fixture(scope="module")
def design():
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"x": rng.random(400) < 0.3, "y": rng.normal(40, 8, 400), "w": 1.0})
    return wps.stats.SurveyDesign(df, weights="w")


@pytest.mark.parametrize("level, en, ar", [(0.9, "90%", "90%"), (0.99, "99%", "99%")])
def test_tables_findings_and_images_say_the_level(design, level, en, ar):
    est = wps.stats.proportion(design, "x", level=level)
    wide = wps.stats.proportion(design, "x", level=0.95)
    assert (est.to_frame()["ci_high"] - est.to_frame()["ci_low"]).iloc[-1] != pytest.approx(
        (wide.to_frame()["ci_high"] - wide.to_frame()["ci_low"]).iloc[-1])
    assert f"{en} confidence interval" in est.table(lang="en").to_frame().columns
    assert f"فترة الثقة {ar}" in est.table(lang="ar").to_frame().columns
    assert f"{en} confidence interval" in wps.stats.mean(design, "y", level=level).table(
        lang="en").to_frame().columns
    finding = key_finding(est, "x", lang="en", label="Says yes")
    assert f"({en} CI " in finding.sentence and "95%" not in finding.sentence
    assert finding.level == level
    study = SimpleNamespace(synthetic=True, title_in=lambda lang: "Survey")
    card = card_for(finding, study=study, size="square", labels=wps.labels.Labels.default())
    assert card.sidecar["numbers_shown"][1].startswith(f"{en} CI ")
    assert "95%" not in str(card.sidecar)
    card.figure.clear()


def test_a_chart_says_its_level(design):
    est = wps.stats.proportion(design, "x", level=0.9)
    chart = wps.viz.bar_chart(est, title_key="x", lang="en")
    assert "90% confidence interval" in chart.sidecar["legend"]
    assert "90% confidence intervals" in chart.sidecar["data_note"]
    assert "95%" not in str(chart.sidecar)
    chart.figure.clear()


def test_the_usual_level_reads_as_before(design):
    est = wps.stats.proportion(design, "x")
    assert "95% confidence interval" in est.table(lang="en").to_frame().columns
    assert "(95% CI " in key_finding(est, "x", lang="en", label="Says yes").sentence
