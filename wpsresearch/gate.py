"""The export gate for a study: nothing leaves the machine with a respondent's identifier or
an unsuppressed small count in it.

:func:`study_identifiers` reads the study's RAW export (read-only, in memory only) and
collects the values of its identifier columns — declared ``pii_columns``, the form's
identifying types (geopoints ...) and columns whose content looks like phones, e-mails or
IDs.  :func:`check_outputs` scans files with :func:`wpsresearch.privacy.scan_outputs`
against them and the study's disclosure policy.  Findings never contain the value found.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["study_identifiers", "check_outputs"]


def study_identifiers(study) -> dict:
    """``kind -> set of normalised values`` of every identifier in the study's raw export."""
    from wpsresearch.build import read_submissions
    from wpsresearch.clean.identifiers import IDENTIFYING_TYPES
    from wpsresearch.privacy import collect_identifiers, detect_pii_columns

    sd = read_submissions(study)
    main = sd.main
    v = sd.codebook.variables
    columns = [c for c in study.pii_columns if c in main.columns]
    typed = [n for n in v.loc[v["base_type"].isin(list(IDENTIFYING_TYPES)), "name"] if n in main.columns]
    found = [c for c in detect_pii_columns(main) if c in main.columns]
    ids = collect_identifiers(main, sorted(set(columns) | set(typed) | set(found)))
    for rep in sd.repeats.values():
        declared = set(study.pii_columns) | set(v.loc[v["base_type"].isin(list(IDENTIFYING_TYPES)), "name"])
        rep_cols = sorted({c for c in detect_pii_columns(rep) if c in rep.columns}
                          | {c for c in declared if c in rep.columns})
        for kind, values in collect_identifiers(rep, rep_cols).items():
            ids.setdefault(kind, set()).update(values)
    return ids


def check_outputs(paths, study, *, identifiers=None) -> list:
    """Findings (file, location, kind) for ``paths``; empty when they may be published."""
    from wpsresearch.privacy import scan_outputs

    ids = study_identifiers(study) if identifiers is None else identifiers
    return scan_outputs([Path(p) for p in paths], identifiers=ids, policy=study.policy)
