"""`wpsresearch build` keeps only allowed columns, no time of day, no raw row numbers in shared
files, warns on unique key combinations, and runs the export gate on what it writes (#14)."""

from __future__ import annotations

import json

import pandas as pd
import pyreadstat
import pytest

import wpsresearch as wps
from wpsresearch.pipeline.build import build_study
from wpsresearch.study import Study

PHOTO = "Zainab_Kadhim_07712345678.jpg"


def _with_extra_columns(raw):
    raw = raw.copy()
    raw.insert(20, "respondent/photo", PHOTO)
    raw["colleague_note"] = ["call 0770 123 4567 after 5" if i % 5 == 1 else "visited twice" for i in range(len(raw))]
    raw["_attachments"] = "[{'filename': 'x/" + PHOTO + "'}]"
    return raw


def _shared_texts(folder):
    """Everything readable in the shared processed files."""
    out = {}
    for path in sorted(folder.iterdir()):
        if path.suffix == ".parquet":
            out[path.name] = pd.read_parquet(path).to_csv()
        elif path.suffix == ".sav":
            frame, meta = pyreadstat.read_sav(str(path))
            out[path.name] = frame.to_csv() + json.dumps(meta.column_names_to_labels, ensure_ascii=False)
        elif path.suffix == ".xlsx":
            import openpyxl

            wb = openpyxl.load_workbook(path, read_only=True)
            out[path.name] = "\n".join(str(c) for ws in wb for r in ws.iter_rows(values_only=True) for c in r)
        else:
            out[path.name] = path.read_text(encoding="utf-8-sig")
    return out


@pytest.fixture(scope="module")
def extra_build(tmp_path_factory, study_copier):
    mp = pytest.MonkeyPatch()
    mp.setenv("WPSRESEARCH_SECRET_SYNTHETIC", "a-test-secret-that-is-long-enough-0123456789")
    try:
        study = study_copier(tmp_path_factory.mktemp("p") / "extra", edit_rows=_with_extra_columns,
                           yml=lambda t: t + "keep_columns: [colleague_note]\n")
        written = build_study(study)
    finally:
        mp.undo()
    return study, Study.load(study), written


def test_only_allowed_columns_reach_processed_data(extra_build):
    study_dir, study, written = extra_build
    out = study.processed_dir
    main = pd.read_parquet(out / "respondents.parquet")
    from wpsresearch.pipeline.build import _derived_columns
    from wpsresearch.privacy.allow_list import allowed_columns

    form = wps.io.read_xlsform(study.form)
    allowed = allowed_columns(form, derived=_derived_columns(form, study), keep=study.keep_columns)
    assert set(main.columns) <= allowed
    sav, _ = pyreadstat.read_sav(str(out / "respondents.sav"), metadataonly=True)
    assert set(sav.columns) <= allowed
    assert "photo" not in main.columns and "source_row" not in main.columns
    assert "colleague_note" in main.columns  # named in keep_columns
    # the kept column went through the scrubber like any free text
    assert not main["colleague_note"].str.contains("0770", na=False).any()
    assert main["colleague_note"].str.contains(r"\[phone\]", na=False).any()


def test_dropped_columns_are_logged_as_facts(extra_build):
    _, study, _ = extra_build
    log = pd.read_csv(study.processed_dir / "cleaning_log.csv", dtype=str, keep_default_na=False)
    dropped = log[log["check_id"] == "not_in_form"]
    assert "photo" in set(dropped["question"]) or "respondent/photo" in set(dropped["question"])
    assert (dropped["uuid"] == "all_data").all() and (dropped["old_value"] == "").all()
    for name, text in _shared_texts(study.processed_dir).items():
        assert "Kadhim" not in text and "07712345678" not in text, name


def test_no_time_of_day_and_duration_in_minutes(extra_build):
    study_dir, study, _ = extra_build
    main = pd.read_parquet(study.processed_dir / "respondents.parquet")
    assert main["start"].dropna().str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert main["end"].dropna().str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    # the duration is the raw one, found through the private row-link file
    links = pd.read_csv(study_dir.parents[1] / "private" / study.name / "row_links.csv", dtype=str)
    raw = pd.read_csv(study.submissions, sep=";", dtype=str, keep_default_na=False)
    row_of = dict(zip(links.loc[links["table"] == "main", "respondent_id"],
                      links.loc[links["table"] == "main", "source_row"].astype(int)))
    for _, rec in main.head(25).iterrows():
        r = raw.iloc[row_of[rec["respondent_id"]] - 2]
        minutes = (pd.Timestamp(r["end"]) - pd.Timestamp(r["start"])).total_seconds() / 60
        assert rec["duration_minutes"] == round(minutes)
        assert rec["start"] == r["start"][:10]


def test_row_links_are_private_and_the_shared_log_keeps_only_removed_rows(extra_build):
    study_dir, study, written = extra_build
    private = study_dir.parents[1] / "private" / study.name / "row_links.csv"
    assert private.is_file() and not private.is_relative_to(study.processed_dir)
    assert any(p == private and what.startswith("PRIVATE") for p, what in written)
    links = pd.read_csv(private, dtype=str)
    raw = pd.read_csv(study.submissions, sep=";", dtype=str, keep_default_na=False)
    main_links = links[links["table"] == "main"]
    assert len(main_links) == len(raw)
    assert set(main_links["submission_uuid"]) == set(raw["_uuid"])
    log = pd.read_csv(study.processed_dir / "cleaning_log.csv", dtype=str, keep_default_na=False)
    with_row = log[log["source_row"] != ""]
    assert len(with_row) and (with_row["change_type"] == "remove_survey").all()
    kept = set(pd.read_parquet(study.processed_dir / "respondents.parquet")["respondent_id"])
    assert not set(with_row["uuid"]) & kept - {"all_data"} or \
        with_row[with_row["uuid"].isin(kept)]["check_id"].eq("duplicate_uuid").all()


def test_no_absolute_path_in_any_output(extra_build):
    study_dir, study, _ = extra_build
    roots = {str(study_dir.parents[2]), str(study_dir.parents[2]).replace("\\", "/")}
    for name, text in _shared_texts(study.processed_dir).items():
        assert not any(r in text for r in roots), name


def test_kept_identifier_column_is_refused(tmp_path, secret, study_copier):
    def phones(raw):
        raw = raw.copy()
        raw["contact"] = [f"0770{1000000 + i}" for i in range(len(raw))]
        return raw

    study = study_copier(tmp_path / "kept", rows=120, edit_rows=phones,
                       yml=lambda t: t + "keep_columns: [contact]\n")
    with pytest.raises(wps.errors.PrivacyError, match="keep_columns names 'contact'.*phone") as exc:
        build_study(study)
    assert "0770" not in str(exc.value)
    assert not (tmp_path / "kept" / "data" / "processed").exists()


def test_keep_columns_in_pii_columns_or_absent_are_refused(tmp_path, secret, study_copier):
    study = study_copier(tmp_path / "both", rows=50,
                       yml=lambda t: t + "keep_columns: [phone]\n")
    with pytest.raises(wps.errors.StudyConfigError, match="keep_columns names declared identifier"):
        Study.load(study)
    study = study_copier(tmp_path / "absent", rows=50, yml=lambda t: t + "keep_columns: [no_such]\n")
    with pytest.raises(wps.errors.StudyConfigError, match="'no_such', which the export does not have"):
        build_study(study)


def test_unique_key_combinations_warn(tmp_path, secret, study_copier):
    study = study_copier(tmp_path / "risky", rows=300, yml=lambda t: t.replace(
        "key_variables: [adm1_pcode, sex]", "key_variables: [psu, sex, age]"))
    with pytest.warns(wps.errors.WpsWarning, match=r"unique on the key variables psu, sex, age"):
        build_study(study)
    manifest = json.loads((Study.load(study).processed_dir / "manifest.json").read_text(encoding="utf-8"))
    risk = manifest["disclosure_risk"]
    assert risk["share_unique"] > 0.05 and risk["key_variables"] == ["psu", "sex", "age"]


def test_the_gate_fails_closed_on_a_raw_identifier(tmp_path, secret, study_copier):
    """A raw submission id typed into a free-text answer: no scrubber pattern knows it, the
    export gate does — nothing is written."""
    def plant(raw):
        raw = raw.copy()
        raw.loc[20:29, "open/safer_suggestion"] = f"see submission {raw.loc[10, '_uuid']}"
        return raw

    study = study_copier(tmp_path / "leaky", rows=60, edit_rows=plant)
    with pytest.raises(wps.errors.PrivacyError, match="submission id") as exc:
        build_study(study)
    raw = pd.read_csv(study / "export.csv", sep=";", dtype=str, keep_default_na=False)
    assert raw.loc[10, "_uuid"] not in str(exc.value)
    assert not Study.load(study).processed_dir.exists()
