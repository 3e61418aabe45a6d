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


def test_plan_rows_point_into_the_monitoring_framework():
    from wpsresearch.framework import Framework

    fw = Framework.load()
    plan = wps.Study.load(COMMITTED, check_form=False).read_plan()
    describe_sample = {"sex", "urban_rural", "displacement_status", "woman_respondent"}
    for r in plan:
        # every row that measures something of the NAP has its pillar or sector; a row that
        # only describes the sample has none
        assert (r.nap_pillar is None) == (r.analysis_var in describe_sample), r.describe()
        if r.sdg is not None:
            # an SDG-coded row reports under the pillar the framework files that SDG under
            assert r.nap_pillar == fw.sdg[r.sdg].nap, r.describe()
    assert {r.sdg for r in plan if r.sdg} == {"5.2.1", "11.7.2", "16.3.1", "16.1.4"}


def test_the_sdg_16_1_4_row_is_the_share_who_feel_safe_after_dark():
    from wpsresearch.datasets.study_plan import synthetic_analysis

    a = synthetic_analysis(n=480, seed=3)
    form = a.form.variables.set_index("name")
    question = SYNTHETIC_INDICATORS["answers"]["safe_night_yes"]["question"]
    label = next(c for c in form.columns if c.lower().startswith("label") and "en" in c.lower())
    assert "after dark" in form.loc[question, label]
    safe = wps.stats.proportion(a.design, "safe_night_yes").frame
    unsafe = wps.stats.proportion(a.design, "unsafe_night").frame
    # complements among those who answered (don't know / refused are in neither base)
    p_safe = float(safe.loc[safe["level"].astype(str) == "True", "estimate"].iloc[0])
    p_unsafe = float(unsafe.loc[unsafe["level"].astype(str) == "True", "estimate"].iloc[0])
    assert abs(p_safe + p_unsafe - 1) < 1e-12 and 0.05 < p_safe < 0.95
