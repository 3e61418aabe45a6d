"""The scorecard's content: pillars, no-data list, HXL files, and the export gate."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.errors import InputError, ReportError
from wpsresearch.monitor import Framework, IndicatorStore, StudyRecord, publish_results, scorecard
from wpsresearch.monitor.hxl_export import validate_hxl


def test_files_pillars_and_the_no_data_list(built_scorecard):
    out = built_scorecard["out"]
    assert sorted(p.name for p, _ in built_scorecard["written"]) == [
        "changes.csv", "contrasts.csv", "estimates.csv", "labels_unreviewed.csv", "scorecard_ar.html", "scorecard_ar.pdf",
        "scorecard_en.html", "scorecard_en.pdf"]
    qa = pd.read_csv(out / "labels_unreviewed.csv")
    assert {"monitor_title", "synthetic_stamp", "framework:sdg:16.1.4"} <= set(qa["key"])
    en = (out / "scorecard_en.html").read_text(encoding="utf-8")
    ar = (out / "scorecard_ar.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in ar and "SYNTHETIC DATA" in en
    fw = Framework.load()
    nodata = en[en.index('id="no-data"'):]
    # the fixture has protection and prevention indicators only: the rest is listed as a gap
    for code in ("participation", "recovery", "legislation", "awareness", "empowerment", "climate_change"):
        assert fw.nap_entry(code).en in nodata
    assert "Protection</li>" not in nodata and "5.5.1" in nodata and "5.2.1:" not in nodata
    assert fw.sdg["16.7.1"].ar in ar[ar.index('id="no-data"'):]
    counts = [int(n) for n in re.findall(r'data-n="(\d+)"', en)]
    assert counts and min(counts) >= 25  # bases only, never below min_n
    assert "significant" in en and "<svg" in en and "<script" not in en


def test_hxl_files_validate_and_hold_the_store_numbers(built_scorecard):
    out = built_scorecard["out"]
    for name in ("estimates.csv", "changes.csv"):
        validate_hxl(out / name)
    est = pd.read_csv(out / "estimates.csv", skiprows=[1])
    with IndicatorStore.open(built_scorecard["db"], read_only=True) as store:
        rows = store.estimates()
    assert len(est) == len(rows) and est["synthetic"].all()
    assert sorted(est["estimate"].round(8)) == sorted(rows["estimate"].round(8))
    ch = pd.read_csv(out / "changes.csv", skiprows=[1])
    assert len(ch) > 0 and set(ch["significant"]) <= {True, False}
    assert (ch["change"] - (ch["to_estimate"] - ch["from_estimate"])).abs().max() < 1e-9


def test_the_gate_fails_closed_and_publishes_nothing(built_scorecard, tmp_path):
    import shutil

    db = tmp_path / "planted.duckdb"
    shutil.copy(built_scorecard["db"], db)
    with IndicatorStore.open(db) as store:  # a small count slipped in behind the store's back
        store._con.execute("UPDATE estimate_rows SET n = 4 WHERE rowid = (SELECT min(rowid) FROM estimate_rows)")
    with pytest.raises(ReportError, match="disclosure gate found"):
        scorecard(db, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".monitor-")]


def test_one_kind_per_scorecard(built_scorecard, two_rounds, tmp_path):
    import shutil

    db = tmp_path / "mixed.duckdb"
    shutil.copy(built_scorecard["db"], db)
    real = StudyRecord(study="real_survey", title_en="A real survey", round_date="2025-05-01",
                       synthetic=False, province_pcodes=("IQG02",))
    with IndicatorStore.open(db) as store:
        publish_results(store, two_rounds["frames"][2], real, policy=wps.privacy.DisclosurePolicy())
    with pytest.raises(InputError, match="synthetic and real studies"):
        scorecard(db, tmp_path / "out")
    written = scorecard(db, tmp_path / "real", synthetic=False)
    page = written[0][0].read_text(encoding="utf-8")
    assert "SYNTHETIC" not in page and "real_survey" in page


def test_groups_are_named_in_the_page_language(built_scorecard):
    ar = (built_scorecard["out"] / "scorecard_ar.html").read_text(encoding="utf-8")
    en = (built_scorecard["out"] / "scorecard_en.html").read_text(encoding="utf-8")
    assert '<th scope="row">البصرة</th>' in ar and '<th scope="row">Al-Basrah</th>' in en


def test_changes_are_in_percentage_points_named_in_the_page_language(built_scorecard):
    """A change in a percentage is said in percentage points, in the page's language (the
    label table's term), never as the English abbreviation "pp" on the Arabic page."""
    from wpsresearch.labels import Labels

    labels = Labels.default()
    out = built_scorecard["out"]
    for lang in ("en", "ar"):
        page = (out / f"scorecard_{lang}.html").read_text(encoding="utf-8")
        unit = labels.get("monitor_percentage_points", lang)
        # a signed number in its isolate, then the unit outside it (read in the page's direction)
        assert re.search(r'<bdi dir="ltr">[+-]\d+\.\d</bdi> ' + re.escape(unit), page), lang
        assert not re.search(r"\d pp\b", page), lang
    assert labels.get("monitor_percentage_points", "ar") == "نقطة مئوية"


def test_every_scorecard_table_has_a_caption_naming_its_indicator(built_scorecard):
    from bs4 import BeautifulSoup

    for lang in ("en", "ar"):
        page = (built_scorecard["out"] / f"scorecard_{lang}.html").read_text(encoding="utf-8")
        tables = BeautifulSoup(page, "html.parser").find_all("table")
        assert tables, lang
        for table in tables:
            caption = table.find("caption")
            assert caption is not None and caption.get_text(strip=True), (lang, str(table)[:200])
            heading = table.find_parent("section").find("h3").get_text(strip=True)
            assert caption.get_text(strip=True).startswith(heading), (lang, caption)
