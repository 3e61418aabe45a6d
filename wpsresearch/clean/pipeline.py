"""``clean_survey``: every cleaning step in one documented order (a reviewed log is applied by
:func:`wpsresearch.clean.review.apply_log`).

The order, and why:

1. ``consent`` — records without consent never enter processing, so they go first.
2. ``test_submission`` — practice interviews (marked by the field team) are not data.
3. ``pii`` — identifiers are dropped before any other step sees or logs a value.
4. ``duplicate_uuid`` — one copy per submission (the most complete).
5. ``duplicate_columns``, ``gps_distance`` — flags that may need identifying columns (GPS):
   they see the kept rows with their identifiers, which the log protects (distances only).
6. ``soft_duplicate`` (per enumerator), ``duration`` (audit files, else start/end),
   ``date_outside_collection`` — flags for review (``no_action``).
7. ``arabic_digits`` — numbers typed on Arabic keyboards, before anything reads numbers.
8. ``place_pcode`` — place names to OCHA p-codes (only unambiguous matches).
9. ``missing_code`` — 98/99 → missing categories, before checks treat them as numbers.
10. ``other_text`` / ``other_recode`` — every "other" text listed for translation and
    recoding; recodes suggested, applied only when the text is exactly a choice's label.
11. ``outlier``, ``constraint``, ``skip_logic``, ``missingness`` — flags for review.
12. types from the form (``type_conversion`` for values that cannot take their type;
    ``choice_label`` for answers written as labels; ``unknown_choice`` / ``form_version``
    flags for answers outside the form's choices, which are kept).

Every step takes ``(data, *, log, ...)`` and returns new data; none mutates its input.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from wpsresearch.clean import checks, fieldwork, others, submissions, values
from wpsresearch.clean.identifiers import drop_identifiers
from wpsresearch.clean.places import match_place_names
from wpsresearch.clean.types import apply_form_types
from wpsresearch.errors import InputError

__all__ = ["clean_survey", "default_place_columns", "study_durations", "AUTOMATIC_CHECKS"]


def default_place_columns(codebook) -> dict:
    """Text questions that hold place names: names ending in governorate/province/district."""
    v = codebook.variables
    out = {}
    for name in v.loc[v["base_type"] == "text", "name"]:
        low = str(name).lower()
        if low.endswith(("governorate", "province", "gov")):
            out[name] = "adm1"
        elif low.endswith("district"):
            out[name] = "adm2"
    return out


def with_declared_missing(codes: dict, declared) -> dict:
    """The study's ``missing_codes`` with the codes the file itself declares missing (SPSS
    user-missing values, :attr:`wpsresearch.io.SourceInfo.missing_codes`) for every column the
    study does not name (added to the study's ``default`` codes): a 98 that SPSS declares
    "Don't know" is not an age of 98.  A column the study names (``age: {}``: no special
    codes) keeps the study's word.

    Examples
    --------
    >>> with_declared_missing({"default": {98: "dont_know"}, "age": {}},
    ...                       {"age": {"98": "dont_know"}, "q1": {"7": "refused"}})
    {'default': {98: 'dont_know'}, 'age': {}, 'q1': {'98': 'dont_know', '7': 'refused'}}
    """
    out = dict(codes or {})
    default = {str(k): str(v) for k, v in (out.get("default") or {}).items()}
    for column, spec in (declared or {}).items():
        if column not in out:
            out[column] = {**default, **spec}
    return out


def clean_survey(sd, *, study=None, log, consent=None, pii_columns=None, missing_codes=None,
                 checks_config=None, place_columns=None, durations=None, sampling_frame=None):
    """Run every cleaning step on ``sd`` in the documented order; return clean SurveyData.

    Parameters
    ----------
    sd : SurveyData
        As returned by a :mod:`wpsresearch.io` reader.
    study : Study, optional
        Supplies consent, PII columns, missing codes and check settings (``checks:`` in
        study.yml, see :data:`wpsresearch.study.CHECK_KEYS`); the keyword arguments override it.
    log : CleaningLog
        Receives every change (required: nothing is dropped silently).
    durations : DataFrame, optional
        :func:`~wpsresearch.clean.audit.interview_durations` computed before the ids were
        pseudonymised (the build does this); else read from ``checks.audit_files``.
    sampling_frame : DataFrame, optional
        The frame with the sampled points' coordinates (default: the study's
        ``sampling_frame`` file) for the GPS-distance check.

    Returns
    -------
    SurveyData
        ``main`` typed from the form; repeats cleaned; the removed rows logged.

    Notes
    -----
    SPSS equivalent: the ``SELECT IF`` / ``RECODE`` / ``MISSING VALUES`` syntax a data
    manager would write — here each change is a row of the cleaning log, and everything that
    is not a deterministic repair is a ``no_action`` entry for a reviewer
    (:data:`AUTOMATIC_CHECKS` lists the steps that change data by themselves).
    """
    if sd.codebook is None:
        raise InputError("cleaning needs the form (codebook) the data was read with",
                         file=getattr(sd.source, "path", None),
                         hint="read the export with form=... so questions have types")
    consent = consent or (dict(study.consent) if study is not None else {"column": "consent", "yes": "yes"})
    pii = pii_columns if pii_columns is not None else (study.pii_columns if study is not None else ())
    codes = missing_codes if missing_codes is not None else (dict(study.missing_codes) if study is not None else {})
    codes = with_declared_missing(codes, getattr(sd.source, "missing_codes", None))
    cfg = dict(study.checks) if study is not None else {}
    cfg.update(checks_config or {})
    places = place_columns if place_columns is not None else default_place_columns(sd.codebook)
    if durations is None:
        durations = study_durations(sd, cfg, study=study)

    # steps 1-4: each removal is logged as its step decides; the rows go in one pass
    # (``drop_no_consent`` & co. do the same one step at a time)
    removals = submissions.Removals(sd, log=log)
    if consent["column"] not in sd.main.columns:
        submissions.drop_no_consent(sd, log=log, column=consent["column"])  # raises, naming it
    mask, issue = submissions.no_consent(sd.main, column=consent["column"], yes=str(consent.get("yes", "yes")))
    removals.remove(mask, check_id="consent", issue=issue)
    mask, issue = submissions.test_marked(sd.main, columns=(*submissions.TEST_COLUMNS, *pii))
    removals.remove(mask, check_id="test_submission", issue=issue)
    with_ids = sd
    sd = drop_identifiers(sd, log=log, columns=pii)
    removals.remove(submissions.duplicate_copies(sd.main, removed=removals.removed),
                    check_id="duplicate_uuid", issue=submissions.DUPLICATE_ISSUE)
    sd = removals.apply(sd)
    # checks that may need identifying columns (GPS) see the kept rows with their
    # identifiers; those values never reach the log (drop_identifiers protected them)
    if cfg.get("duplicate_columns") or cfg.get("gps_column"):
        _identifier_checks(_kept_rows(with_ids, sd, cfg), log, cfg, study, sampling_frame)
    from wpsresearch.study import enumerator_column

    enumerator = enumerator_column(cfg, sd.main.columns)
    sd = submissions.flag_soft_duplicates(sd, log=log, max_differences=int(cfg.get("soft_duplicate_max_differences", 7)),
                                          by=enumerator)
    sd = submissions.flag_short_interviews(sd, log=log, min_minutes=float(cfg.get("min_duration_minutes", 10)),
                                           max_minutes=_opt_float(cfg.get("max_duration_minutes")),
                                           durations=durations)
    fieldwork.flag_dates_outside(sd, log=log, start=cfg.get("collection_start"), end=cfg.get("collection_end"))
    sd = values.convert_digits(sd, log=log)
    sd = match_place_names(sd, log=log, columns=places)
    sd = values.recode_missing(sd, log=log, missing_codes=codes)
    sd = others.recode_other(sd, log=log)
    numeric = values.numeric_columns(sd.main, sd.codebook)
    sd = checks.flag_outliers(sd, log=log, columns=numeric, sd_limit=float(cfg.get("outlier_sd", 3)),
                              method=str(cfg.get("outlier_method", "sd")),
                              iqr_k=float(cfg.get("outlier_iqr", 1.5)),
                              min_unique=cfg.get("outlier_min_unique"))
    sd = checks.flag_constraints(sd, log=log)
    relevant = checks.relevance(sd.codebook, sd.main)
    sd = checks.flag_skip_logic(sd, log=log, relevant=relevant)
    sd = checks.flag_missingness(sd, log=log, threshold=float(cfg.get("missingness_threshold", 0.5)),
                                 relevant=relevant)
    return apply_form_types(sd, log=log, missing_codes=codes)


# check_ids whose entries may change data by themselves: policy removals (consent, test
# marks, extra copies of one submission, identifiers) and deterministic repairs.  Every other
# check only flags (``no_action``); a reviewer decides.
AUTOMATIC_CHECKS = {
    "consent": "records without consent never enter processing",
    "test_submission": "submissions the field team marked as tests",
    "duplicate_uuid": "extra copies of one submission (same _uuid): the most complete is kept",
    "pii": "direct identifiers dropped before processing",
    "arabic_digits": "Arabic-Indic digits written as ASCII digits",
    "missing_code": "declared missing codes (study.yml missing_codes) to missing categories",
    "place_pcode": "place names with exactly one matching OCHA p-code",
    "choice_label": "select answers written as exactly one choice's label, set to its name",
    "other_recode": "'other' texts that are exactly one choice's label or name (applied only then)",
    "type_conversion": "values that cannot take the question's type; select_multiple dummies from their answer",
    "apply_log": "decisions of the reviewed log",
}


def _opt_float(value):
    return None if value is None or value == "" else float(value)


def study_durations(sd, cfg: dict, *, study=None):
    """Interview durations for ``sd`` (audit files from ``cfg['audit_files']`` when given,
    else ``start``/``end``), or None when the data have neither."""
    from pathlib import Path

    from wpsresearch.clean.audit import interview_durations, read_audit_files

    audits = None
    if cfg.get("audit_files"):
        path = Path(str(cfg["audit_files"]))
        if not path.is_absolute() and study is not None:
            path = Path(study.root) / path
        uuids = sd.main["_uuid"].dropna().astype(str) if "_uuid" in sd.main else None
        audits = read_audit_files(path, uuids=uuids)
    if not audits and not {"start", "end"} <= set(sd.main.columns):
        return None
    return interview_durations(sd.main, audits=audits)


def _kept_rows(with_ids, kept, cfg):
    """The kept interviews with the columns the identifier checks read (taking only those:
    copying 300 columns of 10^5 rows for two checks costs more than the checks)."""
    gps = str(cfg.get("gps_column") or "")
    wanted = {"_uuid", "source_row", gps, f"_{gps}_latitude", f"_{gps}_longitude",
              str(cfg.get("sample_point_column", "psu")), *(cfg.get("duplicate_columns") or [])}
    cols = [c for c in with_ids.main.columns if c in wanted]
    main = with_ids.main[cols].loc[kept.main.index]
    return dataclasses.replace(with_ids, main=main, repeats={})


def _identifier_checks(sd, log, cfg, study, frame):
    """Duplicates on chosen columns and the GPS distance: before identifiers are dropped."""
    if cfg.get("duplicate_columns"):
        fieldwork.flag_duplicates(sd, log=log, columns=cfg["duplicate_columns"])
    if cfg.get("gps_column"):
        if frame is None:
            if study is None or study.sampling_frame is None:
                raise InputError("the GPS check needs the sampling frame's coordinates",
                                 column="checks.gps_column",
                                 hint="set sampling_frame in study.yml (with latitude/longitude columns)")
            frame = pd.read_csv(study.sampling_frame, dtype=str, keep_default_na=False)
        point = str(cfg.get("sample_point_column", "psu"))
        fieldwork.flag_gps_distance(
            sd, log=log, gps_column=str(cfg["gps_column"]), point_column=point, frame=frame,
            frame_point=str(cfg.get("frame_point_column", point)),
            frame_latitude=str(cfg.get("frame_latitude", "latitude")),
            frame_longitude=str(cfg.get("frame_longitude", "longitude")),
            max_m=float(cfg.get("max_distance_m", 500)))
