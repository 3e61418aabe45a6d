"""The indicator store: what goes in, what never does, idempotence, the synthetic flag."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.errors import DisclosureError, InputError
from wpsresearch.monitor import IndicatorStore, StudyRecord, publish_results

POLICY = wps.privacy.DisclosurePolicy()


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_published_rows_carry_provenance_and_never_a_suppressed_value(tmp_path, two_rounds):
    frame, record = two_rounds["frames"][1], two_rounds["records"][1]
    assert frame["suppressed"].any() and (~frame["suppressed"]).any()  # the fixture has both
    with IndicatorStore.open(tmp_path / "ind.duckdb") as store:
        out = publish_results(store, frame, record, policy=POLICY, wording={"ipv_any_12m": "Q1"})
        est = store.estimates()
        held = store.withheld()
    assert out == {"written": True, "estimates": int((~frame["suppressed"]).sum()),
                   "withheld": int(frame["suppressed"].sum()), "covariances": 0}  # a frame carries none
    assert len(est) == out["estimates"] and est["estimate"].notna().all() and est["se"].notna().all()
    # every stored number passes the policy again; no numerator is stored at all
    assert (est["n"] >= POLICY.min_n).all()
    assert "n_level" not in est and "numerator" not in est
    assert set(held.columns).isdisjoint({"estimate", "se", "ci_low", "ci_high", "n"})
    row = est[(est["indicator_id"] == "ipv_any_12m=1") & (est["group_var"] == "")].iloc[0]
    src = frame[(frame["analysis_var"] == "ipv_any_12m") & frame["group_var"].isna()].iloc[0]
    assert row["estimate"] == src["stat"] and row["se"] == src["se"] and row["df"] == src["df"]
    assert row["synthetic"] and row["study"] == "synthetic_r1 (SYNTHETIC)"
    assert row["label_en"].startswith("SYNTHETIC: ") and row["sdg"] == "5.2.1" and row["nap_pillar"] == "protection"
    assert row["round_date"] == pd.Timestamp("2026-03-01") and row["area"] == "IQG02+IQG08+IQG13+IQG16"
    assert row["manifest_sha256"] == record.manifest_sha256 and row["package_version"] == wps.__version__
    assert row["wording"] == "Q1" and len(row["signature"]) == 16
    basra = est[(est["indicator_id"] == "trust_police_index") & (est["group_value"] == "basra")].iloc[0]
    assert basra["adm1_pcode"] == "IQG02" and basra["area"] == "IQG02"


def test_publishing_twice_leaves_the_file_byte_identical_and_a_new_version_replaces(tmp_path, two_rounds):
    frame, record = two_rounds["frames"][1], two_rounds["records"][1]
    path = tmp_path / "ind.duckdb"
    with IndicatorStore.open(path) as store:
        publish_results(store, frame, record, policy=POLICY)
    before = _sha(path)
    with IndicatorStore.open(path) as store:
        again = publish_results(store, frame, record, policy=POLICY)
        rows = store.estimates()
    assert again["written"] is False and _sha(path) == before
    changed = frame.copy()
    changed.loc[changed["suppressed"] == False, "stat"] += 0.001  # noqa: E712 - a corrected re-run
    with IndicatorStore.open(path) as store:
        assert publish_results(store, changed, record, policy=POLICY)["written"]
        new = store.estimates()
        assert len(store.studies()) == 1
    assert len(new) == len(rows) and np.allclose(new["estimate"], rows["estimate"] + 0.001)


def test_a_row_that_breaks_the_policy_stops_the_publication(tmp_path, two_rounds):
    frame, record = two_rounds["frames"][1].copy(), two_rounds["records"][1]
    i = frame.index[~frame["suppressed"] & (frame["analysis_type"] == "prop_select_one")][0]
    frame.loc[i, ["n", "n_total"]] = [3, 60]  # 3 women of 60: a cell the gate should have caught
    with IndicatorStore.open(tmp_path / "ind.duckdb") as store:
        with pytest.raises(DisclosureError, match="nothing was stored"):
            publish_results(store, frame, record, policy=POLICY)
        assert len(store.estimates()) == 0


def test_unknown_framework_codes_and_missing_columns_are_errors(tmp_path, two_rounds):
    frame, record = two_rounds["frames"][1].copy(), two_rounds["records"][1]
    frame.loc[frame["plan_row"] == 5, "nap_pillar"] = "policing"
    with IndicatorStore.open("duckdb::memory:") as store:
        with pytest.raises(InputError, match=r"nap_pillar 'policing' \(plan rows? 5\)"):
            publish_results(store, frame, record, policy=POLICY)
        with pytest.raises(InputError, match="lack the contract's column.*stat_low"):
            publish_results(store, frame.drop(columns=["stat_low"]), record, policy=POLICY)


def test_synthetic_and_real_rows_are_never_mixed_without_the_flag(two_rounds):
    frame = two_rounds["frames"][1]
    real = StudyRecord(study="real_survey", title_en="A real survey", round_date="2025-05-01",
                       synthetic=False, province_pcodes=("IQG02",))
    with IndicatorStore.open("duckdb::memory:") as store:
        publish_results(store, frame, two_rounds["records"][1], policy=POLICY)
        publish_results(store, frame, real, policy=POLICY)
        with pytest.raises(InputError, match="mixes synthetic and real rows"):
            store.query("SELECT indicator_id, estimate FROM estimates")
        assert store.query("SELECT synthetic, estimate FROM estimates")["synthetic"].nunique() == 2
        only_real = store.query("SELECT estimate, label_en FROM real_estimates")
        only_synth = store.query("SELECT estimate, label_en FROM synthetic_estimates")
        assert len(only_real) == len(only_synth) > 0
        assert only_synth["label_en"].str.startswith("SYNTHETIC").all()
        assert not only_real["label_en"].str.contains("SYNTHETIC").any()
        # one kind selected by a WHERE clause is fine
        assert len(store.query("SELECT estimate FROM estimates WHERE study = 'real_survey'")) == len(only_real)
        studies = store.studies()
        assert studies.columns[0] == "synthetic" and set(studies["study"]) == {"real_survey", "synthetic_r1 (SYNTHETIC)"}


def test_locations(tmp_path, monkeypatch):
    with IndicatorStore.open(f"duckdb://{tmp_path / 'a.duckdb'}") as s:
        assert s.location.endswith("a.duckdb")
    monkeypatch.setenv("WPSRESEARCH_INDICATOR_STORE", str(tmp_path / "env.duckdb"))
    with IndicatorStore.open() as s:
        assert s.location.endswith("env.duckdb")
    with pytest.raises(InputError, match="must be a .duckdb file"):
        IndicatorStore.open(tmp_path / "x.csv")
    with pytest.raises(InputError, match="raw-data folder"):
        IndicatorStore.open(tmp_path / "data" / "raw" / "x.duckdb")
    with pytest.raises(InputError, match="no indicator store here yet"):
        IndicatorStore.open(tmp_path / "none.duckdb", read_only=True)


def test_aggregates_over_one_kind_pass_and_over_both_are_refused(two_rounds):
    frame = two_rounds["frames"][1]
    real = StudyRecord(study="real_survey", title_en="A real survey", round_date="2025-05-01",
                       synthetic=False, province_pcodes=("IQG02",))
    with IndicatorStore.open("duckdb::memory:") as store:
        publish_results(store, frame, two_rounds["records"][1], policy=POLICY)
        publish_results(store, two_rounds["frames"][2], real, policy=POLICY)
        n = store.query("SELECT count(*) AS n FROM estimates WHERE study = 'real_survey'")["n"].iloc[0]
        assert n == int((~two_rounds["frames"][2]["suppressed"]).sum())
        with pytest.raises(InputError, match="mixes synthetic and real"):
            store.query("SELECT avg(estimate) AS mean_estimate FROM estimates")


def test_audit_finds_nothing_in_a_clean_store_and_a_planted_small_base(two_rounds):
    with IndicatorStore.open("duckdb::memory:") as store:
        for r in (1, 2):
            publish_results(store, two_rounds["frames"][r], two_rounds["records"][r], policy=POLICY)
        assert store.audit(POLICY) == []
        store._con.execute("UPDATE estimate_rows SET n = 7 WHERE rowid = (SELECT min(rowid) FROM estimate_rows)")
        assert store.audit(POLICY) == ["1 row(s) with a base below min_n 25"]


def test_a_store_from_before_the_group_labels_gains_their_columns(tmp_path, two_rounds):
    db = tmp_path / "old.duckdb"
    with IndicatorStore.open(db) as store:
        for table in ("estimate_rows", "withheld"):
            for column in ("group_label_en", "group_label_ar"):
                store._con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    with IndicatorStore.open(db) as store:  # opened for writing: the columns are added
        out = publish_results(store, two_rounds["frames"][1], two_rounds["records"][1], policy=POLICY)
        est = store.estimates()
    assert out["written"] and {"group_label_en", "group_label_ar"} <= set(est.columns)
    before = _sha(db)
    with IndicatorStore.open(db) as store:  # an up-to-date store is not touched
        assert not publish_results(store, two_rounds["frames"][1], two_rounds["records"][1], policy=POLICY)["written"]
    assert _sha(db) == before
