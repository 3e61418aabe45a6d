"""Which columns processed data may hold: an allow-list, not a deny-list.

A processed table holds the form's questions, the columns the package derives from them
(select_multiple dummies, missing-answer reasons, p-codes, interview duration), the
pseudonymised id, and the export columns a study names in ``keep_columns``.  Every other
column — attachments, export metadata, columns added by a server or a colleague — is
dropped and logged (``uuid = all_data``: the whole column).  A deny-list of known
identifier names misses the column nobody thought of (``respondent/photo`` =
``Zainab_Kadhim_0771….jpg``); an allow-list cannot.

A kept column is checked for identifiers first: one that *is* an identifier (names, phones,
GPS, ID numbers, or a column that links rows back to the raw export) is refused.
"""

from __future__ import annotations

from wpsresearch.errors import PrivacyError, StudyConfigError

__all__ = ["LINKING_METADATA", "allowed_columns", "check_kept_columns", "keep_allowed"]

# Export metadata that identifies a submission in the raw export or on the server: never
# written to processed data (the pseudonymised ``respondent_id`` replaces them).
LINKING_METADATA = ("_uuid", "_id", "_index", "_parent_index", "_parent_table_name",
                    "_submission__id", "_submission__uuid", "_submission__submission_time",
                    "_submission__validation_status", "_submission__notes", "_submission__status",
                    "_submission__submitted_by", "_submission__tags", "_submission__index",
                    "_submission_time", "_status", "_validation_status", "__version__",
                    "_version_", "instanceID", "meta/instanceID", "KEY", "PARENT_KEY",
                    "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected",
                    "Status", "ReviewState", "DeviceID", "Edits", "FormVersion", "_parent_uuid",
                    "source_row")


def allowed_columns(codebook, *, derived=(), keep=(), ids=("respondent_id",)) -> frozenset:
    """Names a processed table may hold.

    Parameters
    ----------
    codebook : Codebook
        The form: every field that holds answers (``Codebook.data_names``) is allowed, except
        the identifying types (geopoints, phone numbers, device ids, attachments ...), which
        cleaning drops.
    derived : iterable of str
        Columns the package derives (dummies, missing reasons, p-codes, duration).
    keep : iterable of str
        ``study.yml`` ``keep_columns`` (checked with :func:`check_kept_columns`).
    ids : iterable of str
        The pseudonymised id column(s).

    Examples
    --------
    >>> from wpsresearch.io.example_form import example_form
    >>> form = example_form()
    >>> allowed = allowed_columns(form, derived=["adm1_pcode"])
    >>> "adm1_pcode" in allowed, "respondent_id" in allowed, "photo" in allowed
    (True, True, False)
    """
    from wpsresearch.privacy.identifying_fields import IDENTIFYING_TYPES

    v = codebook.variables
    identifying = set(v.loc[v["base_type"].isin(list(IDENTIFYING_TYPES)), "name"])
    form = {n for n in codebook.data_names() if n not in identifying}
    return frozenset(form | set(derived) | set(keep) | set(ids))


def check_kept_columns(frame, keep, *, pii_columns=(), file=None) -> None:
    """Refuse ``keep_columns`` that are identifiers or link rows back to the raw export.

    Raises
    ------
    StudyConfigError
        A kept column the data do not have.
    PrivacyError
        A kept column that is declared PII, identifying export metadata, a row link, or
        whose values are identifiers (names, phones, e-mails, GPS, ID numbers).  The message
        names the column and the kind, never a value.
    """
    from wpsresearch.privacy.identifying_fields import IDENTIFYING_METADATA
    from wpsresearch.privacy.pii_detection import scan_column

    for col in keep:
        if col in set(pii_columns) or col in IDENTIFYING_METADATA or col in LINKING_METADATA:
            raise PrivacyError(
                f"keep_columns names '{col}', which identifies a respondent or links a row "
                "back to the raw export: it is never kept", file=file, column=col,
                hint="remove it from keep_columns in study.yml")
        if col not in frame.columns:
            raise StudyConfigError(
                f"keep_columns names '{col}', which the export does not have", file=file,
                column=col, hint="use the column's name as the build reads it (group path removed)")
        found = [f for f in scan_column(frame[col], col) if f.role == "identifier_column"]
        if found:
            kinds = ", ".join(sorted({f.kind.replace("_", " ") for f in found}))
            raise PrivacyError(
                f"keep_columns names '{col}', whose values look like identifiers ({kinds}): "
                "refused", file=file, column=col,
                hint="remove it from keep_columns; if it must be analysed, recode it into "
                     "categories in the form and export again")


def keep_allowed(frame, allowed, *, log, table: str):
    """``frame`` without the columns outside ``allowed``; each dropped column is logged.

    One ``blank_response`` entry per column (``uuid = all_data``, ``old_value`` empty: the
    log keeps the fact, not the values); ``source_row`` moves to the private row-link file
    (``no_action``, ``check_id = row_link``).  Export metadata is logged as ``export_metadata``,
    every other column as ``not_in_form``.
    """
    drop = [c for c in frame.columns if c not in allowed]
    for col in drop:
        change_type = "blank_response"
        if col == "source_row":
            # moved, not removed: a reviewed log re-applied must not drop the row numbers
            # the build itself still needs
            issue, check_id, change_type = ("row numbers of the raw export moved to the private "
                                            "row-link file (not shared)"), "row_link", "no_action"
        elif str(col).startswith("_") or col in LINKING_METADATA:
            issue, check_id = ("export metadata not carried into processed data (ids are "
                               "pseudonymised in respondent_id)"), "export_metadata"
        else:
            issue, check_id = ("column not in the form, not derived from it and not in "
                               "keep_columns: not carried into processed data"), "not_in_form"
        log.add(uuid="all_data", question=str(col), old_value="", new_value="", issue=issue,
                change_type=change_type, check_id=check_id, table=table, source_row=None)
    return frame.drop(columns=drop)
