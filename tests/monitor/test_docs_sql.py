"""Every SQL example in docs/monitoring.md runs on a store holding two synthetic rounds
(published from ``wps.stats.analyse``, so group contrasts have their covariances)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import wpsresearch as wps
from monitor_fixtures import analysed, sample_design
from wpsresearch.monitor import IndicatorStore, publish_results

DOC = Path(__file__).parents[2] / "docs" / "monitoring.md"
EXAMPLES = re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_the_doc_has_examples():
    assert len(EXAMPLES) >= 5


@pytest.fixture(scope="module")
def store(two_rounds):
    with IndicatorStore.open("duckdb::memory:") as s:
        for r in (1, 2):
            sample = wps.datasets.draw_sample(two_rounds["populations"][r], n=960, seed=40 + r)
            publish_results(s, analysed(sample_design(sample)), two_rounds["records"][r],
                            policy=wps.privacy.DisclosurePolicy())
        yield s


@pytest.mark.parametrize("sql", EXAMPLES, ids=[f"example{i + 1}" for i in range(len(EXAMPLES))])
def test_sql_example_runs_and_shows_the_flag(store, sql):
    result = store.query(sql)
    assert len(result) > 0 and result.columns[0] == "synthetic" and result["synthetic"].all()
