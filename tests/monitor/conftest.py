"""Shared fixtures: two independent synthetic samples (rounds) and their contract frames, built once."""

from __future__ import annotations

import pytest

import wpsresearch as wps
from monitor_fixtures import contract_frame, sample_design
from wpsresearch.monitor import StudyRecord


@pytest.fixture(scope="session")
def two_rounds():
    from wpsresearch.datasets.rounds import round_population

    pops = {r: round_population(r, seed=5, scale=0.25) for r in (1, 2)}
    frames = {r: contract_frame(sample_design(wps.datasets.draw_sample(pops[r], n=960, seed=40 + r)))
              for r in (1, 2)}
    records = {r: StudyRecord(study=f"synthetic_r{r}", title_en=f"Test survey round {r} (SYNTHETIC)",
                              round_date=f"{2024 + 2 * r}-03-01", synthetic=True,
                              province_pcodes=("IQG02", "IQG08", "IQG13", "IQG16"),
                              manifest={"inputs": {"export.csv": f"sha{r}"}, "outputs": {}})
               for r in (1, 2)}
    return {"populations": pops, "frames": frames, "records": records}


@pytest.fixture(scope="session")
def built_scorecard(two_rounds, tmp_path_factory):
    """Both rounds published to a store file and the scorecard written from it."""
    from wpsresearch.monitor import IndicatorStore, publish_results, scorecard

    root = tmp_path_factory.mktemp("monitor")
    db = root / "indicators.duckdb"
    with IndicatorStore.open(db) as store:
        for r in (1, 2):
            publish_results(store, two_rounds["frames"][r], two_rounds["records"][r],
                            policy=wps.privacy.DisclosurePolicy())
    written = scorecard(db, root / "scorecard")
    return {"db": db, "out": root / "scorecard", "written": written}
