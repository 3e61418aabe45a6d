"""`wpsresearch build` on the bundled synthetic study: every injected defect logged with the
contract's check_id/change_type and nothing else changed, rows conserved, no identifier in
any output, SPSS file readable with its labels, deterministic."""

import collections
import hashlib
import json
import os
from pathlib import Path

import openpyxl
import pandas as pd
import pyreadstat
import pytest

import wpsresearch as wps
from wpsresearch.pipeline.build import build_study
from wpsresearch.study import Study

ROOT = Path(__file__).resolve().parents[2]
STUDY = ROOT / "data" / "raw" / "synthetic"
SECRET = "a-test-secret-that-is-long-enough-0123456789"

# injected kind -> (check_id, change_type) of the table
EXPECTED = {
    "refused_consent": ("consent", "remove_survey"),
    "test_submission": ("test_submission", "remove_survey"),
    "duplicate_exact": ("duplicate_uuid", "remove_survey"),
    "duplicate_partial": ("duplicate_uuid", "remove_survey"),
    "near_duplicate": ("soft_duplicate", "no_action"),
    "speeder": ("duration", "no_action"),
    "arabic_digits": ("arabic_digits", "change_response"),
    "place_variant": ("place_pcode", "change_response"),
    # issue #16: an "other" text naming a choice is listed (other_text) and its recode only
    # suggested (other_recode, no_action, new_value = the recoded answer): a person decides
    "other_belongs_to_choice": ("other_recode", "no_action"),
}
WHOLE_ROW = {"refused_consent", "test_submission", "duplicate_exact", "duplicate_partial",
             "near_duplicate", "speeder"}


def _form_column(kobo_header: str) -> str:
    parts = kobo_header.split("/")
    return f"{parts[-2]}__{parts[-1]}" if len(parts) >= 3 else parts[-1]


@pytest.fixture(scope="module")
def injected():
    return json.loads((STUDY / "injected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cleaned():
    study = Study.load(STUDY)
    sd = wps.io.read_kobo(study.submissions, form=study.form)
    log = wps.clean.CleaningLog(pii_columns=study.pii_columns)
    out = wps.clean.clean_survey(sd, study=study, log=log)
    return sd, out, log.to_frame()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    old = os.environ.get("WPSRESEARCH_SECRET_SYNTHETIC")
    os.environ["WPSRESEARCH_SECRET_SYNTHETIC"] = SECRET
    try:
        a = tmp_path_factory.mktemp("build_a") / "synthetic"
        b = tmp_path_factory.mktemp("build_b") / "synthetic"
        written_a = build_study(STUDY, out=a)
        build_study(STUDY, out=b)
        # the shared files (the private row-link file is tested on its own)
        written_a = [(p, what) for p, what in written_a if p.parent == a]
    finally:
        if old is None:
            os.environ.pop("WPSRESEARCH_SECRET_SYNTHETIC", None)
        else:
            os.environ["WPSRESEARCH_SECRET_SYNTHETIC"] = old
    return a, b, written_a


def test_every_injected_defect_is_in_the_log(cleaned, injected):
    sd, _, log = cleaned
    removed = set(log.loc[log["change_type"] == "remove_survey", "source_row"].astype(int))
    pii = {"respondent_name", "phone", "gps"}
    missing = collections.Counter()
    for e in injected["injected"]:
        kind, row = e["kind"], e["row"] + 1  # injected rows are data rows; source_row counts the header
        if kind == "real_age_98":
            changed = log[(log["source_row"] == row) & (log["question"] == "age")
                          & (log["change_type"] != "no_action")]
            assert changed.empty, "a real age of 98 was recoded"
            continue
        check_id, change_type = EXPECTED[kind]
        if kind == "other_belongs_to_choice":
            if e["column"].endswith("_other"):
                check_id = "other_text"  # the text itself: listed for translation/recoding
            else:  # the answer and its dummies: one suggestion on the answer, naming the choice
                e = {**e, "column": e["column"].rsplit("/", 1)[0] if e["column"].count("/") > 1 else e["column"]}
        hit = log[(log["check_id"] == check_id) & (log["source_row"] == row)
                  & (log["change_type"] == change_type)]
        if kind == "other_belongs_to_choice" and check_id == "other_recode":
            hit = hit[hit["new_value"].str.split().apply(lambda v: e["belongs_to"] in v)]
        if kind not in WHOLE_ROW:
            column = _form_column(e["column"])
            if column in pii:  # the whole identifier column is dropped (and logged) first
                hit = log[(log["check_id"] == "pii") & (log["question"] == column)]
            elif row in removed:  # a defect in a submission removed for another reason
                continue
            else:
                hit = hit[hit["question"] == column]
        if hit.empty:
            missing[kind] += 1
    assert not missing, f"injected defects missing from the log: {dict(missing)}"


def test_nothing_else_is_changed(cleaned, injected):
    sd, _, log = cleaned
    rows_of = collections.defaultdict(set)
    for e in injected["injected"]:
        rows_of[EXPECTED.get(e["kind"], (None,))[0]].add(e["row"] + 1)
    changes = log[log["change_type"] != "no_action"]
    for check_id, group in changes.groupby("check_id"):
        rows = set(group["source_row"].dropna().astype(int))
        if check_id in {"consent", "test_submission", "duplicate_uuid", "arabic_digits", "other_recode"}:
            # other_recode changes data only for a text that is exactly a choice's label
            assert rows <= rows_of[check_id], f"{check_id}: rows changed without a defect"
        elif check_id == "pii":
            assert set(group["uuid"]) == {"all_data"}
            assert set(group["old_value"]) == {"[redacted]"}
        elif check_id == "place_pcode":
            # the column becomes p-codes: a name is changed only into its own p-code
            names = wps.geo.places.admin_names().set_index("pcode")
            for old, new in zip(group["old_value"], group["new_value"]):
                assert wps.clean.pcode_of(old) == new and new in names.index
        elif check_id == "missing_code":
            # exactly the 98/99 answers of the submissions that were kept, column by column
            counts = group.groupby("question").size().to_dict()
            removed = set(log.loc[log["change_type"] == "remove_survey", "source_row"].astype(int))
            raw = pd.read_csv(STUDY / "export.csv", sep=";", dtype=str, keep_default_na=False)
            kept = ~pd.Series(range(2, len(raw) + 2)).isin(removed).to_numpy()
            for header in injected["missing_code_counts"]:
                col = _form_column(header)
                if col == "age":
                    assert col not in counts  # age: {} in study.yml: a real 98 stays 98
                    continue
                answers = wps.io.normalize_digits(raw[header].astype("string")).str.strip()  # "٩٨" is 98 too
                expected = int((answers.isin(["98", "99"]).fillna(False).to_numpy() & kept).sum())
                assert counts.get(col, 0) == expected, col
        else:
            pytest.fail(f"unexpected change by {check_id}: {group.head(3).to_dict('records')}")


def test_rows_conserved_and_counted(built):
    a, _, _ = built
    manifest = json.loads((a / "manifest.json").read_text(encoding="utf-8"))
    log = pd.read_csv(a / "cleaning_log.csv", dtype=str, keep_default_na=False)
    for table, counts in manifest["rows"].items():
        removed = log[(log["change_type"] == "remove_survey") & (log["table"] == table)]
        assert counts["in"] == counts["out"] + len(removed)
        assert sum(counts["removed_by_reason"].values()) == len(removed)
    main = pd.read_parquet(a / "respondents.parquet")
    assert len(main) == manifest["rows"]["main"]["out"]
    assert main["respondent_id"].is_unique


def _pii_values():
    raw = pd.read_csv(STUDY / "export.csv", sep=";", dtype=str, keep_default_na=False)
    values = set()
    for col in raw.columns:
        if col.endswith(("respondent_name", "phone", "/gps", "gps_latitude", "gps_longitude")):
            values |= {v.strip() for v in raw[col] if len(v.strip()) >= 5}
    values |= {v for v in raw["_uuid"] if v}
    return values


def _output_text(path: Path) -> str:
    if path.suffix == ".parquet":
        return pd.read_parquet(path).to_csv()
    if path.suffix == ".sav":
        frame, meta = pyreadstat.read_sav(str(path))
        return frame.to_csv() + json.dumps(meta.column_names_to_labels, ensure_ascii=False)
    if path.suffix == ".xlsx":
        wb = openpyxl.load_workbook(path, read_only=True)
        return "\n".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row)
    return path.read_text(encoding="utf-8-sig")


def test_no_identifier_reaches_any_output(built):
    import re

    a, _, written = built
    secrets = _pii_values()
    assert len(secrets) > 4000  # names, phones, coordinates and submission uuids
    # single-token values by set lookup; a multi-word value is searched for only when all
    # its words occur in the file (exact substring check on those few candidates)
    single = {s for s in secrets if " " not in s}
    multi = [s for s in secrets if " " in s]
    for path, _ in written:
        text = _output_text(path)
        tokens = set(re.findall(r"[^\s,;\"'()\[\]{}]+", text))
        candidates = [s for s in multi if all(w in tokens for w in s.split())]
        leaked = (single & tokens) | {s for s in candidates if s in text}
        assert not leaked, f"{path.name} holds {len(leaked)} identifier value(s)"


def test_spss_file_has_labels_and_user_missing(built, tmp_path):
    a, _, _ = built
    frame, meta = pyreadstat.read_sav(str(a / "respondents.sav"), user_missing=True)
    form = wps.io.read_xlsform(STUDY / "form.xlsx")
    assert meta.column_names_to_labels["trust_police"] == form.label("trust_police", "en")
    assert meta.column_names_to_labels["help_sought__police"] == (
        f"{form.label('help_sought', 'en')}: {form.label('help_sought', 'en', choice='police')}")
    labels = meta.variable_value_labels["trust_police"]
    assert labels[98] == "Don't know" and labels[99] == "Refused"
    assert {r["lo"] for r in meta.missing_ranges["trust_police"]} == {98, 99}
    # Arabic labels survive the .sav round trip
    from wpsresearch.io.spss_writer import write_sav

    main = pd.read_parquet(a / "respondents.parquet")
    write_sav(main, form, tmp_path / "ar.sav", lang="ar")
    _, meta_ar = pyreadstat.read_sav(str(tmp_path / "ar.sav"))
    assert meta_ar.column_names_to_labels["consent"] == form.label("consent", "ar")
    assert any("\u0600" <= ch <= "\u06ff" for ch in meta_ar.variable_value_labels["sex"][1])


def test_build_is_deterministic(built):
    a, b, written = built
    for path, _ in written:
        other = b / path.name
        assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(other.read_bytes()).digest(), path.name


def test_processed_table_is_typed(built):
    a, _, _ = built
    main = pd.read_parquet(a / "respondents.parquet")
    assert isinstance(main["trust_police"].dtype, pd.CategoricalDtype)
    assert str(main["age"].dtype) == "Int64"
    assert main["help_sought__police"].dtype == "boolean"
    assert set(main["adm1_pcode"].dropna()) == {"IQG02", "IQG13", "IQG08", "IQG16"}
    assert {"psu", "stratum", "weight"} <= set(main.columns)


def test_build_refuses_raw_output():
    with pytest.raises(wps.WpsError, match="raw-data folder"):
        build_study(STUDY, out=ROOT / "data" / "raw" / "synthetic_out")


def test_real_study_without_secret_is_refused(tmp_path):
    import shutil

    for name in ("form.xlsx", "export.csv", "study.yml", "analysis_plan.csv", "report_cells.py"):
        shutil.copy(STUDY / name, tmp_path / name)
    text = (tmp_path / "study.yml").read_text(encoding="utf-8")
    text = text.replace("synthetic: true", "synthetic: false").replace("(SYNTHETIC)", "")
    text = text.replace("sampling_frame: sampling_frame.csv\n", "")
    (tmp_path / "study.yml").write_text(text, encoding="utf-8")
    with pytest.raises(wps.errors.PrivacyError, match="WPSRESEARCH_SECRET_SYNTHETIC"):
        build_study(tmp_path, out=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_dropped_metadata_and_pseudonymised_ids_are_logged(built):
    a, _, _ = built
    log = pd.read_csv(a / "cleaning_log.csv", dtype=str, keep_default_na=False)
    meta = log[log["check_id"] == "export_metadata"]
    assert {"_id", "_index", "_submission_time"} <= set(meta["question"])
    assert (meta["uuid"] == "all_data").all()
    pseud = log[log["check_id"] == "pseudonymise"]
    assert len(pseud) == 1 and pseud["old_value"].iloc[0] == "[redacted]"
    main = pd.read_parquet(a / "respondents.parquet")
    assert not [c for c in main.columns if c.startswith("_")]


def test_unreadable_reviewed_log_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("WPSRESEARCH_SECRET_SYNTHETIC", SECRET)
    bad = tmp_path / "reviewed.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(wps.errors.InputError, match="reviewed log cannot be read") as exc:
        build_study(STUDY, out=tmp_path / "out", reviewed_log=bad)
    assert exc.value.file == str(bad)


def test_a_build_can_reapply_its_own_reviewed_log(built, tmp_path, monkeypatch):
    a, _, _ = built
    monkeypatch.setenv("WPSRESEARCH_SECRET_SYNTHETIC", SECRET)
    again = tmp_path / "again"
    build_study(STUDY, out=again, reviewed_log=a / "cleaning_log.xlsx")
    pd.testing.assert_frame_equal(pd.read_parquet(again / "respondents.parquet"),
                                  pd.read_parquet(a / "respondents.parquet"))
    log = pd.read_csv(again / "cleaning_log.csv", dtype=str, keep_default_na=False)
    assert (log["check_id"] == "apply_log").any()


def test_a_design_that_does_not_fit_the_data_is_said_at_build(tmp_path, secret, study_copier):
    """Clusters that cross strata used to surface only when the first report ran, as rows of
    the processed data and Python's 'pass nest=True'; the build now names study.yml's design
    line and the key to write (the cleaned data are still written)."""
    study = study_copier(tmp_path / "design", rows=120,
                         yml=lambda t: t.replace("strata: stratum", "strata: sex"))
    with pytest.warns(wps.errors.WpsWarning,
                      match=r"study\.yml, row 9, column 'psu': the design in study\.yml does not "
                            r"fit .*clusters are not nested in strata.*add nest: true to design"):
        written = build_study(study)
    assert any(p.name == "respondents.parquet" for p, _ in written)


def test_governorates_coded_as_choices_find_their_pcodes_through_their_labels(tmp_path):
    """REACH-style forms code the governorate as a select_one (``g07`` labelled "Al-Basrah",
    ``g13`` labelled "كركوك"): the p-code comes from the label; an answer matching no place is
    logged, never guessed; a province of the study no interview is in is a warning."""
    from types import SimpleNamespace

    from wpsresearch.pipeline.build import _geography

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(["type", "name", "label"])
    ws.append(["select_one gov", "gov_q", "Governorate"])
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name", "label::English (en)", "label::Arabic (ar)"])
    ch.append(["gov", "g07", "Al-Basrah", "البصرة"])
    ch.append(["gov", "g13", "Kirkuk", "كركوك"])
    ch.append(["gov", "g99", "Atlantis", "أطلانتس"])
    wb.save(tmp_path / "form.xlsx")
    form = wps.io.read_xlsform(tmp_path / "form.xlsx")
    main = pd.DataFrame({"_uuid": ["a", "b", "c"], "source_row": [2, 3, 4],
                         "gov_q": ["g07", "g99", "g07"]})
    study = SimpleNamespace(admin_columns={"adm1": "gov_q"}, provinces=("basra", "kirkuk"),
                            province_pcodes=lambda: {"basra": "IQG02", "kirkuk": "IQG13"},
                            root=tmp_path)
    log = wps.clean.CleaningLog()
    with pytest.warns(wps.errors.WpsWarning, match=r"no interview is in kirkuk \(IQG13\)"):
        out = _geography(main, study, log, form)
    assert out["adm1_pcode"].tolist() == ["IQG02", pd.NA, "IQG02"]
    logged = log.to_frame()
    assert logged["old_value"].tolist() == ["g99"] and set(logged["check_id"]) == {"place_pcode"}


def test_a_one_province_study_without_a_governorate_question_is_all_in_its_province(tmp_path):
    """Plan rows grouped or mapped by adm1_pcode then work as in any study (they failed:
    'adm1_pcode is not in the processed data')."""
    from types import SimpleNamespace

    from wpsresearch.pipeline.build import _geography

    main = pd.DataFrame({"_uuid": ["a", "b"], "source_row": [2, 3], "q": ["x", "y"]})
    study = SimpleNamespace(admin_columns={}, provinces=("ninewa",),
                            province_pcodes=lambda: {"ninewa": "IQG15"}, root=tmp_path)
    out = _geography(main, study, wps.clean.CleaningLog())
    assert out["adm1_pcode"].tolist() == ["IQG15", "IQG15"] and "adm2_pcode" not in out
