"""The synthetic study's own analysis plan, indicators block and report cells: written by
`wpsresearch synth`, committed as written, valid against the synthetic form."""

from __future__ import annotations

from pathlib import Path

import wpsresearch as wps
from wpsresearch.datasets.study_plan import SYNTHETIC_INDICATORS, plan_csv, report_cells

COMMITTED = Path(__file__).resolve().parents[2] / "data" / "raw" / "synthetic"


def test_committed_plan_and_cells_are_the_generators():
    assert (COMMITTED / "analysis_plan.csv").read_text(encoding="utf-8") == plan_csv()
    assert (COMMITTED / "report_cells.py").read_text(encoding="utf-8") == report_cells()
    study = wps.Study.load(COMMITTED, check_form=False)
    assert dict(study.indicators) == SYNTHETIC_INDICATORS


def test_plan_and_indicators_are_valid_against_the_form():
    study = wps.Study.load(COMMITTED)
    form = wps.io.read_xlsform(study.form)
    wps.sgbv.check_indicators(dict(study.indicators), form)
    plan = study.read_plan(codebook=form, known=wps.sgbv.indicator_names(dict(study.indicators)))
    assert len(plan.headlines()) == 6 and len(plan.sections()) == 6
    # the synthetic report's six themes are its headline numbers
    assert [r.analysis_var for r in plan.headlines()] == [
        "ipv_any_12m", "reported_formal", "harass_public_yes", "unsafe_night",
        "trust_police_index", "heard_1325_yes"]
