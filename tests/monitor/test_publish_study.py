"""A built study round, end to end: publish_study reads its provenance, the scorecard's gate
looks for the raw data's identifiers.  Two small SYNTHETIC rounds are generated and built."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import wpsresearch as wps
from monitor_fixtures import contract_frame
from wpsresearch.monitor import IndicatorStore, StudyRecord, publish_study, scorecard

SPECS = [
    dict(type="prop_select_one", var="heard_1325", value="yes", plan_row=2, nap="awareness", sdg=None,
         label_en="Heard of UNSCR 1325", label_ar="سمع بقرار مجلس الأمن 1325", headline=True),
    dict(type="mean", var="trust_police_index", value="", plan_row=3, nap="prevention", sdg=None,
         label_en="Trust in the police (0-3)", label_ar="الثقة في الشرطة (0-3)", headline=True),
]


@pytest.fixture(scope="module")
def built_rounds(tmp_path_factory):
    from wpsresearch.pipeline.build import build_study

    project = tmp_path_factory.mktemp("monitor_project")
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WPSRESEARCH_SECRET_SYNTHETIC", "test-only-secret-0123456789abcdefghij")
        for r in (1, 2):
            raw = project / "data" / "raw" / ("synthetic" if r == 1 else f"synthetic_round{r}")
            wps.datasets.write_synthetic_study(raw, n=480, seed=7, round=r)
            # 480 interviews are too few for the full key variables: the build says so
            with pytest.warns(wps.errors.WpsWarning, match="unique on the key variables"):
                build_study(raw, out=project / "data" / "processed" / raw.name)
            out[r] = wps.Study.load(raw)
    return project, out


def _results(study):
    df = study.read_processed()
    df = wps.sgbv.add_indicators(df, dict(study.indicators))  # the study's own mapping
    design = wps.stats.SurveyDesign(df, **study.design, policy=study.policy)
    return contract_frame(design, SPECS, policy=study.policy, groups=(None, "governorate"))


def test_record_from_a_built_study(built_rounds):
    _, studies = built_rounds
    r1, r2 = (StudyRecord.from_study(studies[r]) for r in (1, 2))
    assert r1.round_date.startswith("2026-03") and r2.round_date.startswith("2028-03")
    assert r1.synthetic and "SYNTHETIC" in r1.title_en and "round 2" in r2.title_en
    assert r1.province_pcodes == ("IQG02", "IQG08", "IQG13", "IQG16")
    assert r1.district_pcodes and all(p.startswith("IQG") and "Q" in p[4:] for p in r1.district_pcodes)
    manifest = json.loads((studies[1].processed_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"]["export.csv"] in r1.manifest_json and len(r1.manifest_sha256) == 64


def test_publish_two_rounds_and_gate_the_scorecard(built_rounds):
    project, studies = built_rounds
    db = project / "data" / "indicators.duckdb"
    for r in (1, 2):
        out = publish_study(studies[r], _results(studies[r]), store=db)
        assert out["written"] and out["estimates"] > 0
    with IndicatorStore.open(db, read_only=True) as store:
        rows = store.estimates()
        assert set(store.studies()["study"]) == {"synthetic (SYNTHETIC)", "synthetic_round2 (SYNTHETIC)"}
    heard = rows[(rows["indicator_id"] == "heard_1325=yes") & (rows["group_var"] == "")]
    assert len(heard) == 2 and heard["wording"].str.len().gt(10).all()  # the form's question text
    assert heard["signature"].nunique() == 1  # same form, same question: comparable rounds
    written = scorecard(db, project / "reports" / "monitor", studies=list(studies.values()))
    page = written[0][0].read_text(encoding="utf-8")
    assert "Heard of UNSCR 1325" in page and "Change since the previous round" in page
    changes = pd.read_csv(project / "reports" / "monitor" / "changes.csv", skiprows=[1])
    assert "heard_1325=yes" in set(changes["indicator_id"])
