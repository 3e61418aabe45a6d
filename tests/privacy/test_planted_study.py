"""Do no harm, measured (#14): identifiers planted in a copy of the synthetic study reach no
output — processed data, the cleaning log, the report, the fact sheet, the campaign images —
after normalising (digits folded, separators and zero-width characters removed)."""

from __future__ import annotations

import base64
import io
import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
from PIL import Image

PLACEMENTS = {"help/help_sought_other", "help/no_report_reason_other", "open/safer_suggestion",
              "respondent/origin_governorate", "household/n_adults", "enumerator", "_notes", "_tags",
              "respondent/photo", "_attachments", "removed/no_consent", "removed/test_submission"}


def _png_text(data: bytes) -> str:
    try:
        with Image.open(io.BytesIO(data)) as img:
            return " ".join(f"{k} {v}" for k, v in dict(getattr(img, "text", {}) or {}).items())
    except Exception:  # noqa: BLE001 - not an image: its bytes are read as text below
        return data.decode("latin-1")


def readable_text(path) -> str:
    """Everything a person or a program could read in an output file."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        frame = pd.read_parquet(path)
        return " ".join(map(str, frame.columns)) + frame.to_csv()
    if suffix == ".sav":
        frame, meta = pyreadstat.read_sav(str(path))
        labels = json.dumps([meta.column_names_to_labels, {k: {str(a): b for a, b in v.items()}
                             for k, v in meta.variable_value_labels.items()}, meta.file_label],
                            ensure_ascii=False)
        return frame.to_csv() + labels
    if suffix in (".xlsx", ".docx", ".pptx"):
        with zipfile.ZipFile(path) as z:
            return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                            if n.endswith(".xml"))
    if suffix in (".png", ".jpg", ".jpeg"):
        return _png_text(path.read_bytes())
    if suffix == ".duckdb":  # the monitor's indicator store: every table, every cell
        import duckdb

        with duckdb.connect(str(path), read_only=True) as con:
            tables = [t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
            return " ".join(con.execute(f'SELECT * FROM "{t}"').df().to_csv() for t in tables)
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    # images embedded in pages and notebooks: their text chunks too
    for b64 in re.findall(r"(?:data:image/png;base64,|\"image/png\": \")([A-Za-z0-9+/=\\n]+)", text):
        text += " " + _png_text(base64.b64decode(b64.replace("\\n", "")))
    return text


def _outputs(planted):
    root = planted["root"]
    files = [p for folder in ("data/processed", "reports", "figures") for p in (root / folder).rglob("*")
             if p.is_file()]
    return files + [root / "data" / "indicators.duckdb"]


def test_at_least_60_identifiers_planted_in_every_placement(planted):
    needles = {n for p in planted["plants"] for n in p["needles"]}
    assert len(needles) >= 60
    assert {p["column"] for p in planted["plants"]} == PLACEMENTS
    texts = " ".join(p["text"] for p in planted["plants"])
    # the search is real: every needle is in the normalised raw export
    raw = planted["normalise"]((planted["study"] / "export.csv").read_text(encoding="utf-8"))
    assert all(n in raw for n in needles)
    for form in ("+964 ", "٠٧٧١", "/555/", "077 1 555", "°", "@example.org", "ID card", "passport"):
        assert form in texts, form


def test_everything_was_built(planted):
    names = {p.name for p in _outputs(planted)}
    assert {"respondents.parquet", "respondents.sav", "cleaning_log.csv", "cleaning_log.xlsx",
            "deletion_log.csv", "report.html", "executed.ipynb", "factsheet.html",
            "analysis_results.csv", "analysis_results.xlsx", "scorecard_en.html", "estimates.csv",
            "indicators.duckdb"} <= names
    assert any(n.endswith(".png") for n in names) and any(n.endswith(".svg") for n in names)


def test_no_planted_identifier_reaches_any_output(planted):
    normalise = planted["normalise"]
    needles = {n for p in planted["plants"] for n in p["needles"]}
    found = {}
    for path in _outputs(planted):
        text = normalise(readable_text(path))
        hits = sorted(n for n in needles if n in text)
        if hits:
            found[str(path.relative_to(planted["root"]))] = len(hits)
    assert not found, f"planted identifiers found in outputs: {found}"


def test_the_cleaning_log_holds_no_planted_value(planted):
    normalise = planted["normalise"]
    processed = planted["root"] / "data" / "processed" / "planted"
    log = pd.read_csv(processed / "cleaning_log.csv", dtype=str, keep_default_na=False)
    text = normalise(" ".join(log["old_value"].tolist() + log["new_value"].tolist()))
    for plant in planted["plants"]:
        for needle in plant["needles"]:
            assert needle not in text, plant["column"]
    # the planted answers are in the log as facts (redacted text, dropped columns)
    assert {"not_in_form", "pii"} <= set(log["check_id"])
    assert log["new_value"].str.contains(r"\[phone\]|\[name\]").any()


def test_processed_data_hold_only_allowed_columns(planted):
    from wpsresearch.io import read_xlsform
    from wpsresearch.pipeline.build import _derived_columns
    from wpsresearch.privacy.allow_list import allowed_columns
    from wpsresearch.study import Study

    study = Study.load(planted["study"])
    form = read_xlsform(study.form)
    allowed = allowed_columns(form, derived=_derived_columns(form, study), keep=study.keep_columns)
    processed = study.processed_dir
    for table in processed.glob("*.parquet"):
        assert set(pd.read_parquet(table).columns) <= allowed, table.name
    sav, _ = pyreadstat.read_sav(str(processed / "respondents.sav"), metadataonly=True)
    assert set(sav.columns) <= allowed
    assert not {"photo", "source_row", "_notes", "_attachments", "respondent_name"} & set(sav.columns)


@pytest.mark.parametrize("folder", ["reports", "figures", "data/processed"])
def test_the_gate_finds_nothing_in_the_published_outputs(planted, folder):
    """The same outputs pass the export gate: it was the build that kept them clean."""
    import wpsresearch as wps
    from wpsresearch.study import Study

    study = Study.load(planted["study"])
    ids = wps.privacy.gate.study_identifiers(study)
    # what `wpsresearch check-disclosure` runs: data/processed as the build's gate reads it
    found = wps.privacy.gate.check_outputs([planted["root"] / folder], study, identifiers=ids)
    assert found == []


def test_check_disclosure_and_build_agree_on_enumerator_codes(planted):
    """Enumerator codes stay in the team's microdata and enumerator summary; the dictionary
    (shared with every table) does not list them; anywhere else they are a finding."""
    import shutil

    import wpsresearch as wps
    from wpsresearch.study import Study

    study = Study.load(planted["study"])
    ids = wps.privacy.gate.study_identifiers(study)
    processed = study.processed_dir
    dictionary = pd.read_csv(processed / "dictionary.csv", dtype=str, keep_default_na=False)
    listed = dictionary.loc[dictionary["variable"] == "enumerator", "choices"].iloc[0]
    assert "enum_" not in listed and "not listed" in listed
    sheets = pd.read_excel(processed / "cleaning_log.xlsx", sheet_name=None, dtype=str, engine="calamine")
    assert sheets["enumerator_summary"]["enumerator"].str.startswith("enum_").any()
    # the same files copied out of data/processed are a publication: the codes are findings
    elsewhere = planted["root"] / "shared_by_mail"
    shutil.copytree(processed, elsewhere, dirs_exist_ok=True)
    found = wps.privacy.gate.check_outputs([elsewhere], study, identifiers=ids)
    staff = {Path(f.file).name for f in found if f.kind == wps.privacy.export_gate.KIND_MESSAGES["staff"]}
    assert {"respondents.parquet", "cleaning_log.xlsx"} <= staff
    # a dictionary that lists the codes is a finding inside data/processed too
    listed_codes = dictionary.assign(choices=dictionary["choices"].where(
        dictionary["variable"] != "enumerator", "enum_01=Enumerator 01; enum_02=Enumerator 02"))
    listed_codes.to_csv(processed / "dictionary_with_codes.csv", index=False)
    try:
        found = wps.privacy.gate.check_outputs([processed], study, identifiers=ids)
    finally:
        (processed / "dictionary_with_codes.csv").unlink()
    assert [(Path(f.file).name, f.kind) for f in found] == [
        ("dictionary_with_codes.csv", wps.privacy.export_gate.KIND_MESSAGES["staff"])]


def test_check_disclosure_command_passes_the_build_s_processed_files(planted, capsys):
    from wpsresearch.cli import main

    mp = pytest.MonkeyPatch()
    mp.setenv("WPSRESEARCH_SECRET_SYNTHETIC", "a-test-secret-that-is-long-enough-0123456789")
    try:
        code = main(["check-disclosure", "--study", str(planted["study"]),
                     str(planted["root"] / "data" / "processed")])
    finally:
        mp.undo()
    assert code in (0, None)
    assert "OK: no identifier" in capsys.readouterr().out


def test_removed_interviews_reach_no_output_but_the_deletion_log_as_facts(planted):
    processed = planted["root"] / "data" / "processed" / "planted"
    deleted = pd.read_csv(processed / "deletion_log.csv", dtype=str, keep_default_na=False)
    assert {"consent", "test_submission"} <= set(deleted["check_id"])
    text = planted["normalise"](deleted.to_csv())
    for plant in planted["plants"]:
        assert not any(n in text for n in plant["needles"]), plant["column"]


def test_results_tables_print_no_typed_answer_that_may_not_be_shown(planted):
    """The plan analyses the open questions: an answer typed by fewer than min_cell people, or
    one that may name someone, is a results row without its text."""
    from wpsresearch.privacy.free_text import HIDDEN_ANSWER, quote_problem

    results = pd.read_csv(planted["root"] / "reports" / "planted" / "analysis_results.csv",
                          dtype=str, keep_default_na=False, comment="#")
    typed = results[results["analysis_var"].isin(["safer_suggestion", "help_sought_other",
                                                  "origin_governorate"])]
    assert len(typed)
    values = typed["analysis_var_value"]
    hidden = values.str.startswith(HIDDEN_ANSWER[:-1])
    assert hidden.any() and (~hidden).any()  # rare or named answers hidden, common ones shown
    shown = values[~hidden & (values != "")]
    assert not [v for v in shown if quote_problem(v)]
    assert not typed["analysis_key"].str.contains(r"\[name\]|\[phone\]|\[email\]", regex=True).any()
