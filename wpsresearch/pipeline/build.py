"""``wpsresearch build <study-dir>``: raw export → clean, labelled, safe processed data.

Steps: read the export through its form → pseudonymise submission ids (HMAC with the
study's secret) → clean with a full log → redact identifiers found inside free text →
derive p-code columns → write, into ``data/processed/<study>/``:

``respondents.parquet`` (+ one parquet per repeat), ``respondents.sav`` (SPSS, variable and
value labels in the study's first language), ``cleaning_log.csv`` and ``.xlsx``,
``dictionary.csv`` and ``manifest.json`` (input checksums, package version, row counts by
reason, output checksums).

The build refuses an output folder inside ``data/raw``, reads raw files only, writes into a
staging folder and moves the result into place at the end, and is deterministic: two builds
of the same input give byte-identical files.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

__all__ = ["build_study"]

# Export metadata never written to processed data (ids are replaced by ``respondent_id``).
_DROP_META = ("_id", "_index", "_parent_index", "_parent_table_name", "_submission__id",
              "_submission__uuid", "_submission__submission_time", "_submission__validation_status",
              "_submission__notes", "_submission__status", "_submission__submitted_by",
              "_submission__tags", "_submission__index", "_status", "_validation_status",
              "__version__", "_version_", "instanceID", "meta/instanceID", "KEY", "PARENT_KEY",
              "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected",
              "Status", "ReviewState", "DeviceID", "Edits", "FormVersion", "_parent_uuid")


def _pseudonymise(sd, secret: bytes):
    """Replace ``_uuid`` (and repeat links) by keyed hashes before anything else happens."""
    from wpsresearch.privacy import pseudonymize

    main = sd.main.copy()
    main["_uuid"] = pseudonymize(main["_uuid"], secret=secret)
    repeats = {}
    for name, rep in sd.repeats.items():
        rep = rep.copy()
        if "_parent_uuid" in rep:
            rep["_parent_uuid"] = pseudonymize(rep["_parent_uuid"], secret=secret)
        repeats[name] = rep
    return dataclasses.replace(sd, main=main, repeats=repeats)


def _secret_for(study, progress):
    from wpsresearch.errors import PrivacyError
    from wpsresearch.privacy import load_secret

    env = study.secret_env or f"WPSRESEARCH_SECRET_{study.name.upper()}"
    try:
        return load_secret(env)
    except PrivacyError:
        if not study.synthetic:
            raise
    # A synthetic study has nothing to protect, but the code path must be the real one: make a
    # random per-user key in the user's config folder (never the repo) and say so.
    path = _create_user_secret(env)
    progress(f"no secret for {env}: created a random one for this SYNTHETIC study in {path}")
    return load_secret(env)


def _create_user_secret(env: str) -> Path:
    """Append ``ENV: <random>`` to the user's secrets file (created private where possible)."""
    import secrets

    import yaml

    from wpsresearch.privacy import default_secrets_path

    path = default_secrets_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {}
    if path.exists():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    data[env] = secrets.token_urlsafe(32)
    path.write_text(yaml.safe_dump(data, sort_keys=True), encoding="utf-8")
    try:
        os.chmod(path, 0o600)
    except OSError:  # pragma: no cover - Windows ACLs
        pass
    return path


def _geography(main: pd.DataFrame, study, log) -> pd.DataFrame:
    """``adm1_pcode``/``adm2_pcode`` columns derived from the study's admin questions
    (``admin_columns`` in study.yml; default ``governorate`` and ``district``), matched in any
    spelling or script.  Answers that match no place are logged, never guessed."""
    from wpsresearch.clean.places import pcode_of
    from wpsresearch.geo.places import PROVINCE_SLUGS, province_pcode

    main = main.copy()
    columns = dict(study.admin_columns) or {"adm1": "governorate", "adm2": "district"}
    for level, question in sorted(columns.items()):
        target = f"{level}_pcode"
        if question not in main or target in main:
            continue
        answers = main[question].astype("string")
        found = {a: (province_pcode(a) if level == "adm1" and a in PROVINCE_SLUGS else pcode_of(a, level))
                 for a in answers.dropna().unique()}
        main[target] = answers.map(found, na_action="ignore").astype("string")
        unmatched = answers.notna() & main[target].isna()
        if unmatched.any():
            rows = main["source_row"] if "source_row" in main else pd.Series(None, index=main.index)
            log.add_many(uuids=main["_uuid"].astype("string").to_numpy()[unmatched.to_numpy()],
                         question=question, old_values=answers[unmatched].to_numpy(),
                         new_values=[""] * int(unmatched.sum()), change_type="no_action",
                         issue=f"answer not matched to an OCHA {level} p-code; {target} left empty",
                         check_id="place_pcode", source_rows=rows[unmatched].to_numpy())
    return main


def _finish(frame: pd.DataFrame, *, log, table: str) -> pd.DataFrame:
    """Processed-table shape: ``respondent_id`` first, no export metadata, clean index.

    Every metadata column dropped here is logged (``uuid = all_data``, ``check_id =
    export_metadata``): nothing leaves the table silently.
    """
    frame = frame.rename(columns={"_uuid": "respondent_id"})
    if "_parent_uuid" in frame:
        frame = frame.assign(respondent_id=frame["_parent_uuid"])
    drop = [c for c in frame.columns if c in _DROP_META or (c.startswith("_") and c != "_uuid")]
    for col in drop:
        log.add(uuid="all_data", question=col, old_value="", new_value="",
                issue="export metadata not carried into processed data (ids are pseudonymised "
                      "in respondent_id)", change_type="blank_response",
                check_id="export_metadata", table=table)
    frame = frame.drop(columns=drop)
    first = [c for c in ("respondent_id", "source_row") if c in frame]
    return frame[first + [c for c in frame.columns if c not in first]].reset_index(drop=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build_study(study_dir, out=None, *, reviewed_log=None, progress=None) -> list[tuple[Path, str]]:
    """Build ``data/processed/<study>`` from ``data/raw/<study>``; return what was written.

    Parameters
    ----------
    study_dir : path-like
        Folder with ``study.yml``.
    out : path-like, optional
        Output folder (default ``data/processed/<study name>`` beside ``data/raw``).
    reviewed_log : path-like, optional
        A reviewed cleaning log (CSV or XLSX) to re-apply after the automatic steps.
    progress : callable, optional
        Receives one-line progress messages.
    """
    from wpsresearch import __version__
    from wpsresearch.clean import CleaningLog, clean_survey
    from wpsresearch.clean.review import ReviewRound
    from wpsresearch.io.paths import ensure_writable
    from wpsresearch.study import Study

    say = progress or (lambda msg: None)
    study = Study.load(study_dir)
    out = Path(out) if out is not None else study.processed_dir
    ensure_writable(out)
    reviewed = _read_reviewed(reviewed_log) if reviewed_log is not None else None  # fail early
    say(f"reading {study.submissions.name}")
    raw = study.read_submissions()
    review = ReviewRound(study, raw)  # audit-file durations are keyed by the raw ids
    sd = _pseudonymise(raw, _secret_for(study, say))
    log = CleaningLog(pii_columns=study.pii_columns)
    log.add(uuid="all_data", question="_uuid", old_value="[redacted]", new_value="[keyed hash]",
            issue="submission ids replaced by keyed hashes (HMAC-SHA256 with the study's secret) "
                  "before any other step; the log's uuids are these pseudonyms",
            change_type="change_response", check_id="pseudonymise")
    say(f"cleaning {len(sd.main):,} submissions")
    clean = clean_survey(sd, study=study, log=log, durations=review.durations)
    if reviewed is not None:
        clean = review.apply(clean, reviewed, log=log)
    clean = _redact_free_text(clean, log)
    main = _finish(_geography(clean.main, study, log), log=log, table="main")
    repeats = {k: _finish(v, log=log, table=k) for k, v in clean.repeats.items()}
    say(f"writing {out}")
    counts = _row_counts(raw, clean, log)
    sheets = review.sheets(sd.main, log)
    return _write_outputs(out, study, clean.codebook, main, repeats, log, raw, counts, __version__,
                          sheets=sheets)


def _read_reviewed(path):
    """A reviewed cleaning log (XLSX as written by the build, or CSV), as text."""
    from wpsresearch.errors import InputError

    path = Path(path)
    if not path.is_file():
        raise InputError("the reviewed log does not exist", file=path,
                         hint="give the path of the cleaning_log.xlsx you reviewed")
    try:
        if path.suffix.lower() in {".xlsx", ".xlsm"}:
            return pd.read_excel(path, sheet_name=0, dtype=str, engine="openpyxl").fillna("")
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except Exception as exc:  # an I/O boundary: any reader failure becomes one clear error
        raise InputError(f"the reviewed log cannot be read ({type(exc).__name__}: {exc})",
                         file=path, hint="save it again from Excel as .xlsx or UTF-8 CSV") from None


def _redact_free_text(sd, log):
    """Identifiers typed into free-text answers are redacted (and logged), not dropped — in
    the main table and in every repeat (a household roster's free text names people too)."""
    from wpsresearch.privacy import redact_text

    v = sd.codebook.variables
    texts = list(v.loc[v["base_type"] == "text", "name"])

    def redact(frame, table, uuid_column):
        frame = frame.copy()
        for name in texts:
            if name in frame.columns and frame[name].notna().any():
                uuids = frame[uuid_column] if uuid_column in frame else [""] * len(frame)
                rows = frame["source_row"] if "source_row" in frame else [None] * len(frame)
                frame[name] = redact_text(frame[name].rename(name), log=log, uuids=uuids, table=table,
                                          source_rows=rows)
        return frame

    repeats = {k: redact(rep, k, "_parent_uuid") for k, rep in sd.repeats.items()}
    return dataclasses.replace(sd, main=redact(sd.main, "main", "_uuid"), repeats=repeats)


def _row_counts(raw, clean, log) -> dict:
    frame = log.to_frame()
    removed = frame[frame["change_type"] == "remove_survey"]
    counts = {"main": {"in": len(raw.main), "out": len(clean.main),
                       "removed_by_reason": removed[removed["table"] == "main"]["check_id"]
                       .value_counts().sort_index().to_dict()}}
    for name, rep in raw.repeats.items():
        counts[name] = {"in": len(rep), "out": len(clean.repeats.get(name, [])),
                        "removed_by_reason": removed[removed["table"] == name]["check_id"]
                        .value_counts().sort_index().to_dict()}
    return counts


def _write_outputs(out, study, codebook, main, repeats, log, raw, counts, version, sheets=None):
    from wpsresearch.io.spss_writer import write_dictionary, write_sav

    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=_ensure_parent(out)))
    written: list[tuple[str, str]] = []
    try:
        main.to_parquet(staging / "respondents.parquet", index=False)
        written.append(("respondents.parquet", "cleaned respondent table (parquet), one row per interview"))
        for name, frame in repeats.items():
            frame.to_parquet(staging / f"{name}.parquet", index=False)
            written.append((f"{name}.parquet", f"cleaned '{name}' repeat table, linked by respondent_id"))
        lang = study.languages[0]
        write_sav(main, codebook, staging / "respondents.sav", lang=lang)
        written.append(("respondents.sav", f"the same table for SPSS, labels in '{lang}'"))
        log.to_csv(staging / "cleaning_log.csv")
        log.to_excel(staging / "cleaning_log.xlsx", sheets=sheets)
        written.append(("cleaning_log.csv", "every row removed and value changed (REACH cleaning-log columns)"))
        written.append(("cleaning_log.xlsx", "the review workbook: the log with suggested values, deletion "
                                             "log, enumerator summary (re-apply with --reviewed-log)"))
        if sheets and "deletion_log" in sheets:
            sheets["deletion_log"].to_csv(staging / "deletion_log.csv", index=False, encoding="utf-8-sig",
                                          lineterminator="\n")
            written.append(("deletion_log.csv", "the interviews removed, one row each (REACH deletion log)"))
        write_dictionary(main, codebook, staging / "dictionary.csv")
        written.append(("dictionary.csv", "variables: type, English and Arabic labels, choices"))
        manifest = {
            "study": study.name, "synthetic": study.synthetic, "wpsresearch_version": version,
            "inputs": {Path(p).name: _sha256(Path(p)) for p in (study.form, study.submissions)},
            "rows": counts,
            "outputs": {name: _sha256(staging / name) for name, _ in written},
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False,
                                                          sort_keys=True) + "\n", encoding="utf-8")
        written.append(("manifest.json", "checksums of inputs and outputs, row counts in/out by reason"))
        if out.exists():
            shutil.rmtree(out)
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [(out / name, what) for name, what in written]


def _ensure_parent(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    return out.parent
