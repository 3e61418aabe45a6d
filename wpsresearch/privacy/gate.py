"""The export gate for a study: nothing leaves the machine with a respondent's identifier or
an unsuppressed small count in it.

The whole gate lives here:

* :func:`study_identifiers` reads the study's RAW export (read-only, in memory only) and
  collects the values of its identifier columns — declared ``pii_columns``, the form's
  identifying types (geopoints ...) and columns whose content looks like phones, e-mails or
  IDs — normalised by :func:`~wpsresearch.privacy.collect_identifiers`.  If they cannot be
  read, nothing can be published: a gate that does not know what to look for would pass
  everything.
* :func:`check_outputs` scans files with :func:`~wpsresearch.privacy.scan_outputs` against
  them and the study's disclosure policy (``wpsresearch check-disclosure``).
* :func:`run_gate` is the step between a staging folder and ``reports/``: any finding, or a
  gate that cannot run, publishes nothing (the build fails closed).

Findings and messages name files and rules, never the values found.
"""

from __future__ import annotations

import dataclasses
import warnings
from pathlib import Path

from wpsresearch.errors import ReportError, WpsError, WpsWarning

__all__ = ["identifiers_of", "study_identifiers", "check_outputs", "run_gate"]


# Export columns that identify a submission (Kobo, ODK Central): a raw id in an output links
# it back to the export and the server.
SUBMISSION_ID_COLUMNS = ("_uuid", "_id", "_submission__uuid", "_submission__id", "instanceID",
                         "meta/instanceID", "KEY", "_parent_uuid")


def identifiers_of(sd, study, *, staff: bool = True) -> dict:
    """``kind -> set`` of normalised identifier values of a raw ``SurveyData`` (in memory).

    Kinds: the identifier columns' values (declared ``pii_columns``, the form's identifying
    types, columns whose content looks like phones, e-mails, IDs or names — see
    :func:`~wpsresearch.privacy.collect_identifiers`), plus ``submission_id`` (raw
    ``_uuid``/``_id``/``instanceID`` values) and, with ``staff=True``, ``staff`` (the
    enumerator codes of ``checks.enumerator_column``, ``staff_name`` the runs of words of its
    values, ``staff_column`` its name; the build's team files keep them for quality checks,
    published outputs never show them).
    """
    from wpsresearch.privacy.identifier_matching import collect_identifiers, name_grams
    from wpsresearch.privacy.identifying_fields import IDENTIFYING_TYPES
    from wpsresearch.privacy.pii_detection import detect_pii_columns, remembered_kinds

    v = sd.codebook.variables if sd.codebook is not None else None
    declared = set(study.pii_columns)
    if v is not None:
        declared |= set(v.loc[v["base_type"].isin(list(IDENTIFYING_TYPES)), "name"])
    ids: dict = {}
    for frame in (sd.main, *sd.repeats.values()):
        # the identifier columns are scanned twice (found, then read): their values once
        with remembered_kinds():
            columns = sorted({c for c in detect_pii_columns(frame) if c in frame.columns}
                             | {c for c in declared if c in frame.columns})
            found = collect_identifiers(frame, columns)
        for kind, values in found.items():
            ids.setdefault(kind, set()).update(values)
        for col in SUBMISSION_ID_COLUMNS:
            if col in frame.columns:
                ids.setdefault("submission_id", set()).update(
                    str(x).strip().lower() for x in frame[col].dropna() if len(str(x).strip()) >= 6)
    ids["local_path"] = local_paths(getattr(study, "root", None))
    if staff:
        # the study's rule (study.enumerator_column) when the caller passes a Study
        pick = getattr(study, "enumerator_column", None)
        column = pick(sd.main.columns) if callable(pick) else \
            str(dict(study.checks).get("enumerator_column", "enumerator"))
        if column in sd.main.columns:
            values = {str(x).strip() for x in sd.main[column].dropna()}
            # codes (enum_07, E12) as whole tokens; names of enumerators as names
            ids["staff"] = {x.lower() for x in values if len(x) >= 4 and not x.isdigit()}
            ids["staff_column"] = {column, column.rsplit("/", 1)[-1]}
            # an enumerator's name typed where the code belongs: a staff identifier too
            # (codes such as enum_07 or admin1a are no names: only values of words alone)
            ids["staff_name"] = {g for x in values if not any(c.isdigit() for c in x)
                                 for g in name_grams(x)}
    return ids


def local_paths(root) -> set:
    """Absolute paths of this machine an output must not show: the study folder, the project
    folder above ``data/raw``, and the user's home folder (both slash styles)."""
    from pathlib import Path as _Path

    if root is None:
        return set()
    root = _Path(root).resolve()
    candidates = {root, _Path.home()}
    if root.parent.name == "raw" and root.parent.parent.name == "data":
        candidates.add(root.parent.parent.parent)
    out = set()
    for path in candidates:
        text = str(path)
        if len(path.parts) >= 3 and len(text) >= 8:  # never "/", "/tmp" or "C:\\"
            out |= {text, path.as_posix()}
    return out


def _identifier_values(study) -> dict:
    return identifiers_of(study.read_submissions(), study)


# Per process: what the gate found in each study's raw export, keyed on the files it read
# (:func:`identifiers_key`).  `wpsresearch demo` reads each export once (the build) instead of
# once per stage (build, reports, scorecard); a file changed on disk is read again.
_KNOWN: dict = {}


def identifiers_key(study) -> tuple | None:
    """What :func:`study_identifiers` depends on: the study folder and its settings (every
    field of the :class:`~wpsresearch.study.Study`: ``pii_columns``, the enumerator column...),
    the paths, sizes and modification times of ``study.yml``, the form and the submissions,
    and the home folder (:func:`local_paths`).  ``None`` when ``study`` is not a study with
    those files (nothing is kept then).

    Examples
    --------
    >>> identifiers_key(object()) is None
    True
    """
    try:
        root = Path(study.root).resolve()
        files = [root / "study.yml", Path(study.form), Path(study.submissions)]
        stats = []
        for f in files:
            st = f.stat()
            # inode and change time too: a file replaced by a copy of the same size that kept
            # its modification time (cp -p, rsync -t, unzip) is read again
            stats.append((str(f.resolve()), st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns))
    except (AttributeError, TypeError, OSError):
        return None
    if not dataclasses.is_dataclass(study):
        return None
    settings = tuple((f.name, repr(getattr(study, f.name))) for f in dataclasses.fields(study))
    return (str(root), tuple(stats), settings, str(Path.home()))


def _copy(ids: dict) -> dict:
    return {kind: set(values) for kind, values in ids.items()}


def remember_identifiers(study, ids: dict, key: tuple | None = None) -> None:
    """Keep ``ids`` — :func:`identifiers_of` of ``study``'s raw submissions as
    ``study.read_submissions()`` read them — for :func:`study_identifiers` in this process.

    ``key``: :func:`identifiers_key` taken before the submissions were read (default: now), so
    a file changed while they were being read is read again.
    """
    key = identifiers_key(study) if key is None else key
    if key is not None:
        _KNOWN[key] = _copy(ids)


def forget_identifiers() -> None:
    """Drop every study's identifiers this process kept (and the export gate's prepared copy)."""
    from wpsresearch.privacy.export_gate import forget_prepared

    _KNOWN.clear()
    forget_prepared()


def study_identifiers(study) -> dict:
    """``kind -> set`` of normalised identifier values from the raw submissions (in memory).

    Read once per process for the same files (:func:`identifiers_key`); each call returns
    its own sets.

    Raises
    ------
    ReportError
        When the submissions cannot be read (the gate could not look for identifiers).
    """
    key = identifiers_key(study)
    if key is not None and key in _KNOWN:
        return _copy(_KNOWN[key])
    try:
        with warnings.catch_warnings():
            # cleaning problems are reported by `wpsresearch build`; here only values matter
            warnings.simplefilter("ignore", WpsWarning)
            ids = _identifier_values(study)
    except WpsError as exc:
        raise ReportError(
            "could not read the raw submissions to learn which identifiers the disclosure gate "
            f"must look for ({type(exc).__name__}), so nothing can be published",
            file=study.submissions, hint="run 'wpsresearch build' on the study to see the problem",
        ) from None
    remember_identifiers(study, ids, key)
    return ids


def in_processed(path, study) -> bool:
    """``path`` is (inside) the study's ``data/processed`` folder: the build's team files."""
    try:
        Path(path).resolve().relative_to(Path(study.processed_dir).resolve())
        return True
    except ValueError:
        return False


def check_outputs(paths, study, *, identifiers=None) -> list:
    """Findings (file, location, kind) for ``paths``; empty when they may be published.

    Files of the study's ``data/processed`` are read as the build's own gate reads them
    (:func:`run_gate` with ``processed=True``: identifiers only; enumerator codes allowed in
    microdata and in the enumerator summary, not in the dictionary), every other path as a
    publication: ``wpsresearch check-disclosure`` and ``wpsresearch build`` agree."""
    from wpsresearch.privacy.export_gate import _files, scan_outputs

    ids = study_identifiers(study) if identifiers is None else identifiers
    files = list(_files([Path(p) for p in paths]))
    team = [p for p in files if in_processed(p, study)]
    public = [p for p in files if not in_processed(p, study)]
    found = scan_outputs(team, identifiers=ids, policy=study.policy, check_counts=False,
                         processed=True) if team else []
    return found + (scan_outputs(public, identifiers=ids, policy=study.policy) if public else [])


def _describe(finding, root: Path) -> str:
    try:
        where = Path(finding.file).relative_to(root)
    except ValueError:
        where = Path(finding.file).name
    return f"{where}{', ' + str(finding.location) if finding.location else ''}: {finding.kind}"


def run_gate(paths, *, identifiers, policy, root: Path, gate=None, check_counts: bool = True,
             processed: bool = False) -> int:
    """Scan ``paths`` (``gate`` defaults to :func:`scan_outputs`); return how many files it
    read, or raise :class:`ReportError` naming the findings (never their values).

    ``check_counts=False`` looks for identifiers only (processed microdata are not
    aggregates: their numbers are answers, not counts); ``processed=True``: the build's
    team files (see :func:`scan_outputs`)."""
    from wpsresearch.privacy.export_gate import scan_outputs

    try:
        if gate is None:
            findings = scan_outputs(list(paths), identifiers=identifiers, policy=policy,
                                    check_counts=check_counts, processed=processed)
        else:
            findings = list(gate(list(paths), identifiers=identifiers, policy=policy) or [])
    except ReportError:
        raise
    except Exception as exc:  # noqa: BLE001 - fail closed: a gate that cannot run publishes nothing
        raise ReportError(f"the disclosure gate failed to run ({type(exc).__name__}); nothing was "
                          "published", hint="run 'wpsresearch check-disclosure' on the staged files") from None
    if findings:
        shown = "; ".join(_describe(f, root) for f in findings[:10])
        more = f" (+{len(findings) - 10} more)" if len(findings) > 10 else ""
        raise ReportError(
            f"the disclosure gate found {len(findings)} problem(s), so nothing was published: "
            f"{shown}{more}",
            hint="fix the notebook (suppress the cells, drop the identifiers) and build again",
        )
    return len(paths)
