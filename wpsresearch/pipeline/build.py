"""``wpsresearch build <study-dir>``: raw export → clean, labelled, safe processed data.

Steps: read the export through its form → pseudonymise submission ids (HMAC with the
study's secret) → clean with a full log → redact identifiers found inside free text →
derive p-code columns → keep only the allowed columns (form questions, derived columns,
``respondent_id``, ``keep_columns``: everything else is dropped and logged) → dates without
times, duration in minutes → write, into ``data/processed/<study>/``:

``respondents.parquet`` (+ one parquet per repeat), ``respondents.sav`` (SPSS, variable and
value labels in the study's first language), ``cleaning_log.csv`` and ``.xlsx``,
``dictionary.csv`` and ``manifest.json`` (input checksums, package version, row counts by
reason, the disclosure-risk summary, output checksums).

Nothing in ``data/processed`` links a row back to the raw export: the row numbers
(``source_row``) and submission ids go to a PRIVATE row-link file,
``data/private/<study>/row_links.csv`` (``table, respondent_id, source_row, submission_uuid``),
kept with the raw data and never shared.  A supervisor who reads an entry of the cleaning log
finds the raw row there: look up the entry's ``uuid`` (the respondent_id) in that file.  The
shared log keeps ``source_row`` only for removed submissions (rows that are not in the
processed data, so the number links nothing; duplicate copies stay distinguishable).

Before anything is moved into place, the export gate reads every processed file for the raw
data's identifiers (names, phones, e-mails, GPS, ID numbers, submission ids): any finding, or
a gate that cannot run, writes nothing (fail closed).  The sdcMicro-style risk report runs on
the study's ``key_variables`` and warns when more than 5 % of records are unique on them.

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
import warnings
from pathlib import Path

import pandas as pd

__all__ = ["build_study", "UNIQUE_SHARE_WARNING", "ROW_LINKS"]

# More than this share of records unique on the key variables: the build warns.
UNIQUE_SHARE_WARNING = 0.05
ROW_LINKS = "row_links.csv"


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


def _place_of(answer, level, labels):
    """P-code of an admin answer: the answer itself (a name in any spelling or script, a
    slug, a p-code), else one of its choice labels (``iq_basra`` labelled "Basrah" / "البصرة")
    when they all agree."""
    from wpsresearch.clean.places import pcode_of
    from wpsresearch.geo.places import PROVINCE_SLUGS, province_pcode

    if level == "adm1" and answer in PROVINCE_SLUGS:
        return province_pcode(answer)
    found = pcode_of(answer, level)
    if found is not None:
        return found
    by_label = {pcode_of(text, level) for text in labels.get(answer, ())} - {None}
    return next(iter(by_label)) if len(by_label) == 1 else None


def _choice_labels(codebook, question) -> dict:
    """``{choice name: [its labels in every language]}`` of a select question (else {})."""
    try:
        options = codebook.choices_for(question)
    except Exception:  # noqa: BLE001 - not a select question: no labels to try
        return {}
    columns = [c for c in options.columns if c.startswith("label")]
    return {str(row["name"]): [row[c] for c in columns if isinstance(row[c], str) and row[c]]
            for _, row in options.iterrows()}


def _geography(main: pd.DataFrame, study, log, codebook=None) -> pd.DataFrame:
    """``adm1_pcode``/``adm2_pcode`` columns derived from the study's admin questions
    (``admin_columns`` in study.yml; default ``governorate`` and ``district``), matched in any
    spelling or script, or through the labels of their choices.  Answers that match no place
    are logged, never guessed."""
    main = main.copy()
    columns = dict(study.admin_columns) or {"adm1": "governorate", "adm2": "district"}
    adm1 = columns.get("adm1", "governorate")
    if adm1 not in main and "adm1_pcode" not in main and len(study.provinces) == 1:
        # a study of one province that asks no governorate: every interview is in it (maps
        # and groups by governorate then work as in any study)
        main["adm1_pcode"] = pd.array([study.province_pcodes()[study.provinces[0]]] * len(main),
                                      dtype="string")
    for level, question in sorted(columns.items()):
        target = f"{level}_pcode"
        if question not in main or target in main:
            continue
        answers = main[question].astype("string")
        labels = _choice_labels(codebook, question) if codebook is not None else {}
        found = {a: _place_of(a, level, labels) for a in answers.dropna().unique()}
        main[target] = answers.map(found, na_action="ignore").astype("string")
        unmatched = answers.notna() & main[target].isna()
        if unmatched.any():
            rows = main["source_row"] if "source_row" in main else pd.Series(None, index=main.index)
            log.add_many(uuids=main["_uuid"].astype("string").to_numpy()[unmatched.to_numpy()],
                         question=question, old_values=answers[unmatched].to_numpy(),
                         new_values=[""] * int(unmatched.sum()), change_type="no_action",
                         issue=f"answer not matched to an OCHA {level} p-code; {target} left empty",
                         check_id="place_pcode", source_rows=rows[unmatched].to_numpy())
    _warn_empty_provinces(main, study)
    return main


def _warn_empty_provinces(main, study) -> None:
    """A province of the study that no interview is in gets reports of nothing: say so now
    (the admin answers matched no p-code, or the study lists a province it did not visit)."""
    from wpsresearch.errors import WpsWarning

    if "adm1_pcode" not in main or len(study.provinces) < 2:
        return
    present = set(main["adm1_pcode"].dropna())
    empty = [f"{slug} ({pcode})" for slug, pcode in study.province_pcodes().items()
             if pcode not in present]
    if empty:
        warnings.warn(
            f"{study.root / 'study.yml'}: no interview is in {', '.join(empty)}: its reports "
            "would hold no number. Check that the governorate question's answers name the "
            "governorates (the cleaning log lists the answers matched to no p-code, "
            "check_id place_pcode) and that study.yml lists the provinces visited",
            WpsWarning, stacklevel=3)


def _derived_columns(codebook, study) -> set:
    """Columns the package derives from the form: select_multiple dummies, ``or_other``
    texts, missing-answer reasons of numeric questions, p-codes, interview duration."""
    from wpsresearch.clean.values import missing_reason_name
    from wpsresearch.io.header_map import dummy_name
    from wpsresearch.privacy.linkability import DURATION_COLUMN

    v = codebook.variables
    out = {DURATION_COLUMN}
    out |= {f"{level}_pcode" for level in (dict(study.admin_columns) or {"adm1": 1, "adm2": 2})}
    for q in codebook.select_multiple():
        out |= {dummy_name(q, str(c)) for c in codebook.choices_for(q)["name"]}
    out |= {f"{q}_other" for q in v.loc[v["or_other"].fillna(False).astype(bool), "name"]}
    out |= {missing_reason_name(q) for q in v.loc[v["base_type"].isin(["integer", "decimal", "range"]), "name"]}
    return out


def _kept_numbers(frame: pd.DataFrame, study) -> pd.DataFrame:
    """A kept column outside the form (``keep_columns``: sampling weights merged into the
    export) is typed as numbers when every answer in it is one: a weight must not reach the
    processed data, the ``.sav`` and the notebooks as text.  A column with any answer that is
    not a number stays text, unchanged."""
    from wpsresearch.text.digits import parse_number

    changed = {}
    for column in study.keep_columns:
        if column not in frame.columns or pd.api.types.is_numeric_dtype(frame[column]):
            continue
        text = frame[column].astype("string").str.strip().replace("", pd.NA)
        numbers = parse_number(text)
        if text.notna().any() and (numbers.notna() == text.notna()).all():
            changed[column] = numbers
    return frame.assign(**changed) if changed else frame


def _finish(frame: pd.DataFrame, *, log, table: str, allowed, codebook) -> pd.DataFrame:
    """Processed-table shape: ``respondent_id`` first, only allowed columns, dates without
    times, clean index.  Every column dropped here is logged (``uuid = all_data``)."""
    from wpsresearch.privacy.allow_list import keep_allowed
    from wpsresearch.privacy.linkability import dates_without_times

    frame = frame.rename(columns={"_uuid": "respondent_id"})
    if "_parent_uuid" in frame:
        frame = frame.assign(respondent_id=frame["_parent_uuid"])
    frame = keep_allowed(frame, allowed, log=log, table=table)
    frame = dates_without_times(frame, codebook, log=log, table=table)
    first = [c for c in ("respondent_id",) if c in frame]
    return frame[first + [c for c in frame.columns if c not in first]].reset_index(drop=True)


def _row_links(raw, sd) -> pd.DataFrame:
    """The PRIVATE link from each pseudonymised row to its raw row and submission id."""
    frames = [pd.DataFrame({"table": "main", "respondent_id": sd.main["_uuid"].astype("string"),
                            "source_row": sd.main.get("source_row"),
                            "submission_uuid": raw.main["_uuid"].astype("string")})]
    for name, rep in sd.repeats.items():
        parent = raw.repeats[name].get("_parent_uuid")
        frames.append(pd.DataFrame({
            "table": name,
            "respondent_id": rep["_parent_uuid"].astype("string") if "_parent_uuid" in rep else pd.NA,
            "source_row": rep.get("source_row"),
            "submission_uuid": parent.astype("string") if parent is not None else pd.NA}))
    out = pd.concat(frames, ignore_index=True)
    out["source_row"] = pd.array(out["source_row"], dtype="Int64")
    return out


def _risk(main: pd.DataFrame, study, say) -> dict:
    """sdcMicro-style risk on the study's key variables; warns above UNIQUE_SHARE_WARNING."""
    from wpsresearch.errors import WpsWarning
    from wpsresearch.privacy import risk_report

    keys = [k for k in study.key_variables if k in main.columns]
    missing = [k for k in study.key_variables if k not in main.columns]
    summary = {"key_variables": keys, "key_variables_not_in_data": missing}
    if missing:
        say(f"disclosure risk: key variable(s) not in the processed data, left out: {', '.join(missing)}")
    if not keys or main.empty:
        return summary
    report = risk_report(main, keys)
    unique = int(report.violations[2])
    share = unique / report.n
    summary.update(records=report.n, sample_unique=unique, share_unique=round(share, 4),
                   expected_reidentifications=round(report.expected_reidentifications, 2))
    say(f"disclosure risk: {unique:,} of {report.n:,} records ({share:.1%}) unique on {', '.join(keys)}")
    if share > UNIQUE_SHARE_WARNING:
        warnings.warn(
            f"{share:.1%} of records ({unique:,} of {report.n:,}) are unique on the key variables "
            f"{', '.join(keys)} (more than {UNIQUE_SHARE_WARNING:.0%}): anyone who knows these "
            "facts about a person can find her row. Recode the keys into broader groups "
            "(wps.privacy.global_recode) or share fewer columns before the data leave the team",
            WpsWarning, stacklevel=3)
    return summary


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build_study(study_dir, out=None, *, reviewed_log=None, progress=None,
                private_out=None) -> list[tuple[Path, str]]:
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
    private_out : path-like, optional
        Folder for the PRIVATE row-link file (default ``data/private/<study>`` beside
        ``data/processed``; ``<out>.private`` when ``out`` is elsewhere).

    Raises
    ------
    PrivacyError
        A ``keep_columns`` entry that is an identifier, or the export gate found an
        identifier of the raw data in a processed file (nothing is written).
    """
    from wpsresearch.clean import CleaningLog, clean_survey
    from wpsresearch.clean.review import ReviewRound
    from wpsresearch.io.paths import ensure_writable
    from wpsresearch.privacy.gate import identifiers_key, remember_identifiers
    from wpsresearch.privacy.text_redaction import known_names
    from wpsresearch.study import Study

    say = progress or (lambda msg: None)
    study = Study.load(study_dir)
    out = Path(out) if out is not None else study.processed_dir
    ensure_writable(out)
    reviewed = _read_reviewed(reviewed_log) if reviewed_log is not None else None  # fail early
    say(f"reading {study.submissions.name}")
    read_as = identifiers_key(study)  # the files as they were when read (the gate's cache)
    raw = study.read_submissions()
    _say_reader_notes(raw, say)
    review = ReviewRound(study, raw)  # audit-file durations are keyed by the raw ids
    sd = _pseudonymise(raw, _secret_for(study, say))
    log = CleaningLog(pii_columns=study.pii_columns)
    log.add(uuid="all_data", question="_uuid", old_value="[redacted]", new_value="[keyed hash]",
            issue="submission ids replaced by keyed hashes (HMAC-SHA256 with the study's secret) "
                  "before any other step; the log's uuids are these pseudonyms",
            change_type="change_response", check_id="pseudonymise")
    say(f"cleaning {len(sd.main):,} submissions")
    ids = _raw_identifiers(raw, study)
    remember_identifiers(study, ids, read_as)  # the report and scorecard gates read no export again
    # every value written or logged goes through the scrubber, which also knows the names in
    # the data's own name columns (a name no lexicon has is still a name)
    with known_names(ids.get("name_word", ())):
        clean = clean_survey(sd, study=study, log=log, durations=review.durations)
        if reviewed is not None:
            clean = review.apply(clean, reviewed, log=log)
        allowed = _allowed(clean, study)  # kept columns are judged on their values as exported
        clean = _redact_free_text(clean, log, study)
        main = _geography(clean.main, study, log, clean.codebook)
        enumerators = _scrubbed_enumerators(sd.main, study)
    main = _finish(_kept_numbers(main, study), log=log, table="main", allowed=allowed,
                   codebook=clean.codebook)
    repeats = {k: _finish(_kept_numbers(v, study), log=log, table=k, allowed=allowed,
                          codebook=clean.codebook)
               for k, v in clean.repeats.items()}
    risk = _risk(main, study, say)
    _check_design(main, study)
    say(f"writing {out}")
    counts = _row_counts(raw, clean, log)
    private = Path(private_out) if private_out is not None else _private_dir(study, out)
    ensure_writable(private)
    tables = _Processed(clean.codebook, main, repeats, log, review.sheets(enumerators, log),
                        counts, risk)
    written = _write_outputs(out, study, tables, ids, say)
    return written + [_write_row_links(private, raw, sd)]


def _check_design(main, study) -> None:
    """study.yml's design on the cleaned data, now rather than when the first report runs:
    a design that does not fit (clusters not nested in strata, a missing weight …) is a
    warning naming study.yml (the cleaned data are still written)."""
    from wpsresearch.errors import StudyConfigError, WpsWarning
    from wpsresearch.stats.study_design import study_design

    if main.empty:
        warnings.warn(f"{study.processed_dir / 'deletion_log.csv'}: every record was removed, "
                      "so there is nothing to analyse; the deletion log says why (e.g. consent: "
                      "check consent.column and consent.yes in study.yml against the export's "
                      "answers)", WpsWarning, stacklevel=3)
        return
    try:
        study_design(main, study)
    except StudyConfigError as exc:
        warnings.warn(f"{exc} Reports refuse this design until it is corrected.", WpsWarning,
                      stacklevel=3)


_NOTES_SHOWN = 8


def _say_reader_notes(raw, say) -> None:
    """What the reader did (dialect, NA strings, unknown columns, repaired text …), which the
    user should read before trusting the numbers; the form's own notes are counted only
    (``wpsresearch check-study`` lists them)."""
    form_notes = list(raw.codebook.warnings) if raw.codebook is not None else []
    if form_notes:
        say(f"  the form: {len(form_notes)} note(s) from pyxform and the form repairs "
            "(wpsresearch check-study lists them)")
    notes = list(raw.source.warnings)
    for note in notes[:_NOTES_SHOWN]:
        say(f"  {note if len(note) <= 300 else note[:297] + '…'}")
    if len(notes) > _NOTES_SHOWN:
        say(f"  … and {len(notes) - _NOTES_SHOWN} more note(s) of the same kinds")


def _scrubbed_enumerators(main, study):
    """The export with its enumerator column through the scrubber, for the enumerator summary
    (a supervisor's sheet, shared like the log: a name typed there is an identifier)."""
    from wpsresearch.privacy.text_redaction import scrub_series

    column = study.enumerator_column(main.columns)
    if column not in main.columns:
        return main
    return main.assign(**{column: scrub_series(main[column].astype("string"))[0]})


def _allowed(clean, study):
    from wpsresearch.privacy.allow_list import allowed_columns, check_kept_columns

    for frame in (clean.main, *clean.repeats.values()):
        present = [c for c in study.keep_columns if c in frame.columns]
        check_kept_columns(frame, present, pii_columns=study.pii_columns, file=study.root / "study.yml")
    tables = [clean.main, *clean.repeats.values()]
    absent = [c for c in study.keep_columns if not any(c in f.columns for f in tables)]
    if absent:
        check_kept_columns(clean.main, absent, pii_columns=study.pii_columns, file=study.root / "study.yml")
    return allowed_columns(clean.codebook, derived=_derived_columns(clean.codebook, study),
                           keep=study.keep_columns)


def _private_dir(study, out: Path) -> Path:
    """``data/private/<study>`` beside ``data/processed`` (or ``<out>.private`` elsewhere)."""
    from wpsresearch.io.processed import private_folder

    if out == study.processed_dir:
        return private_folder(study.root, study.name)
    return out.with_name(out.name + ".private")


def _write_row_links(private: Path, raw, sd) -> tuple[Path, str]:
    private.mkdir(parents=True, exist_ok=True)
    path = private / ROW_LINKS
    _row_links(raw, sd).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    try:
        os.chmod(path, 0o600)
    except OSError:  # pragma: no cover - Windows ACLs
        pass
    return path, ("PRIVATE: raw row and submission id of each respondent_id (for supervisors; "
                  "never share)")


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


def _redact_free_text(sd, log, study=None):
    """Identifiers typed into free-text answers are redacted (and logged), not dropped — in
    the main table and in every repeat (a household roster's free text names people too),
    and in the text columns a study keeps (``keep_columns``)."""
    from wpsresearch.privacy import redact_text

    v = sd.codebook.variables
    texts = list(v.loc[v["base_type"] == "text", "name"])
    texts += [c for c in (study.keep_columns if study is not None else ()) if c not in texts]

    def redact(frame, table, uuid_column):
        frame = frame.copy()
        for name in texts:
            if name in frame.columns and frame[name].notna().any() and \
                    (pd.api.types.is_string_dtype(frame[name]) or frame[name].dtype == object):
                uuids = frame[uuid_column] if uuid_column in frame else [""] * len(frame)
                rows = frame["source_row"] if "source_row" in frame else [None] * len(frame)
                frame[name] = redact_text(frame[name].rename(name), log=log, uuids=uuids, table=table,
                                          source_rows=rows)
        return frame

    def both(frame, table, uuid_column):
        return _scrub_unknown_answers(redact(frame, table, uuid_column), sd.codebook, log, table,
                                      uuid_column)

    repeats = {k: both(rep, k, "_parent_uuid") for k, rep in sd.repeats.items()}
    return dataclasses.replace(sd, main=both(sd.main, "main", "_uuid"), repeats=repeats)


def _scrub_unknown_answers(frame, codebook, log, table, uuid_column):
    """Answers of a select question that are not among its choices are kept for review
    (cleaning flags them, a person decides) — so they are free text in all but name, and go
    through the same identifier scrubber: an enumerator's name typed where a code belonged
    must not reach processed data, the dictionary or the ``.sav`` value labels."""
    from wpsresearch.io.missing import MISSING_CATEGORIES
    from wpsresearch.privacy import redact_text

    v = codebook.variables
    choices = codebook.choices
    for _, q in v[v["base_type"].isin(["select_one", "select_multiple"])].iterrows():
        name, list_name = q["name"], q["list_name"]
        if name not in frame.columns or not isinstance(list_name, str):
            continue
        known = set(choices.loc[choices["list_name"] == list_name, "name"].astype(str))
        if not known:  # choices from a file or a previous answer: nothing to compare with
            continue
        known |= set(MISSING_CATEGORIES)
        column = frame[name]
        text = column.astype("string")
        multiple = q["base_type"] == "select_multiple"
        unknown = [a for a in text.dropna().unique()
                   if (not set(str(a).split()) <= known if multiple else str(a) not in known)]
        if not unknown:
            continue
        mask = text.isin(unknown).fillna(False).to_numpy()
        uuids = frame[uuid_column][mask] if uuid_column in frame else None
        rows = frame["source_row"][mask] if "source_row" in frame else None
        redacted = redact_text(text[mask].rename(name), log=log, uuids=uuids, table=table,
                               source_rows=rows)
        if redacted.equals(text[mask]):
            continue
        new = text.copy()
        new[mask] = redacted
        if isinstance(column.dtype, pd.CategoricalDtype):
            keep = [c for c in column.cat.categories if c not in set(unknown)]
            added = [c for c in pd.unique(new[mask].dropna()) if c not in keep]
            new = pd.Series(pd.Categorical(new, categories=keep + added), index=frame.index)
        frame = frame.copy()
        frame[name] = new
    return frame


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


def _shared_log(log):
    """The cleaning log as it is shared.

    ``source_row`` is kept only on ``remove_survey`` entries: those rows are not in the
    processed data, so their raw row number links nothing, and a re-applied log still tells
    duplicate copies of one submission apart.  For every row that *is* in the processed data
    the raw row is in the private row-link file (look up the entry's ``uuid``).  Every value
    already went through the scrubber when it was logged.
    """
    from wpsresearch.clean import CleaningLog

    shared = CleaningLog(pii_columns=log.pii_columns)
    frame = log.to_frame()
    frame["source_row"] = frame["source_row"].where(frame["change_type"] == "remove_survey")
    shared.extend({k: (None if k == "source_row" and pd.isna(v) else v) for k, v in row.items()}
                  for row in frame.to_dict("records"))
    return shared


def _raw_identifiers(raw, study) -> dict:
    """The raw data's identifiers (in memory only): what the scrubber and the gate look for,
    enumerator codes included (the gate allows them in microdata and in the enumerator
    summary only, as ``wpsresearch check-disclosure`` does)."""
    import warnings as _w

    from wpsresearch.errors import WpsWarning
    from wpsresearch.privacy.gate import identifiers_of

    with _w.catch_warnings():
        _w.simplefilter("ignore", WpsWarning)  # cleaning reports the data's problems
        return identifiers_of(raw, study)


def _gate_processed(staging: Path, ids: dict, study) -> None:
    """The export gate over the staged processed files: no identifier of the raw data
    (names, phones, e-mails, GPS, ID numbers, submission ids) may be in them.  Fails closed."""
    from wpsresearch.errors import PrivacyError, ReportError
    from wpsresearch.privacy.gate import run_gate

    try:
        run_gate(sorted(staging.iterdir()), identifiers=ids, policy=study.policy, root=staging,
                 check_counts=False, processed=True)
    except ReportError as exc:
        raise PrivacyError(exc.message.replace("nothing was published", "nothing was written"),
                           hint="declare the column in pii_columns (or fix the cleaning step "
                                "that kept it) and build again") from None


@dataclasses.dataclass(frozen=True)
class _Processed:
    """The cleaned study as ``data/processed`` receives it: the tables, the log (and its
    review workbook's sheets), and what the manifest reports of them."""

    codebook: object
    main: pd.DataFrame
    repeats: dict
    log: object
    sheets: dict | None
    counts: dict  # rows in and out, by reason
    risk: dict  # disclosure risk on the key variables


def _write_outputs(out, study, tables: _Processed, ids, say):
    from wpsresearch import __version__ as version
    from wpsresearch.io.spss_writer import write_dictionary, write_sav

    codebook, main, repeats, log = tables.codebook, tables.main, tables.repeats, tables.log
    sheets, counts, risk = tables.sheets, tables.counts, tables.risk

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
        shared = _shared_log(log)
        shared.to_csv(staging / "cleaning_log.csv")
        shared.to_excel(staging / "cleaning_log.xlsx", sheets=sheets)
        written.append(("cleaning_log.csv", "every row removed and value changed (REACH cleaning-log "
                                            "columns; raw rows via the private row-link file)"))
        written.append(("cleaning_log.xlsx", "the review workbook: the log with suggested values, deletion "
                                             "log, enumerator summary (re-apply with --reviewed-log)"))
        if sheets and "deletion_log" in sheets:
            sheets["deletion_log"].to_csv(staging / "deletion_log.csv", index=False, encoding="utf-8-sig",
                                          lineterminator="\n")
            written.append(("deletion_log.csv", "the interviews removed, one row each (REACH deletion log)"))
        write_dictionary(main, codebook, staging / "dictionary.csv",
                         withhold=(study.enumerator_column(main.columns),))
        written.append(("dictionary.csv", "variables: type, English and Arabic labels, choices"))
        manifest = {
            "study": study.name, "synthetic": study.synthetic, "wpsresearch_version": version,
            "inputs": {Path(p).name: _sha256(Path(p)) for p in (study.form, study.submissions)},
            "rows": counts,
            "disclosure_risk": risk,
            "outputs": {name: _sha256(staging / name) for name, _ in written},
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False,
                                                          sort_keys=True) + "\n", encoding="utf-8")
        written.append(("manifest.json", "checksums of inputs and outputs, row counts in/out by "
                                          "reason, disclosure risk on the key variables"))
        say("export gate: looking for the raw data's identifiers in the processed files")
        _gate_processed(staging, ids, study)
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
