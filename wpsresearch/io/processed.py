"""Processed data on disk: where a build puts a study, and reading its tables back.

``wpsresearch build`` writes ``data/processed/<study>/`` beside ``data/raw/<study>/``;
notebooks, reports and the export gate read it back here, so no later stage imports the
build orchestrator.

Examples
--------
>>> from pathlib import Path
>>> processed_folder(Path("data/raw/synthetic"), "synthetic").as_posix()
'data/processed/synthetic'
"""

from __future__ import annotations

from pathlib import Path

from wpsresearch.errors import InputError

__all__ = ["processed_folder", "private_folder", "read_processed"]


def processed_folder(study_root: Path, name: str) -> Path:
    """``data/processed/<name>`` beside ``data/raw`` (or beside the study folder elsewhere)."""
    study_root = Path(study_root)
    root = study_root.parent.parent if study_root.parent.name == "raw" else study_root.parent
    return root / "processed" / name


def private_folder(study_root: Path, name: str) -> Path:
    """``data/private/<name>``: files a build writes that must never be shared (the row links
    from pseudonymised rows back to the raw export).  Beside ``data/processed``, outside it.

    >>> private_folder(Path("data/raw/synthetic"), "synthetic").as_posix()
    'data/private/synthetic'
    """
    return processed_folder(study_root, name).parent.parent / "private" / name


def read_processed(folder, table: str = "respondents", *, build_hint: str = "wpsresearch build"):
    """The cleaned table a build wrote (``respondents`` or a repeat such as ``roster``).

    Raises
    ------
    InputError
        When the table has not been built yet, or cannot be read (says which command builds it).
    """
    import pandas as pd

    path = Path(folder) / f"{table}.parquet"
    if not path.is_file():
        raise InputError(f"no processed '{table}' table in {Path(folder).name}", file=path,
                         hint=f"run: {build_hint}")
    try:
        return pd.read_parquet(path)
    except (OSError, ValueError) as exc:
        raise InputError(f"the processed '{table}' table cannot be read ({type(exc).__name__})",
                         file=path, hint=f"rebuild it: {build_hint}") from None
