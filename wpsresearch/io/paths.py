"""Where things go, and the guard that keeps code from writing ``data/raw``.

Raw data is read-only (cookiecutter-data-science: "Don't ever edit your raw data").
Every writer in the package calls :func:`ensure_writable` on its output path; the one
exception is ``wpsresearch synth``, which plays the field team and passes ``allow_raw=True``.

Examples
--------
>>> from wpsresearch.io.paths import ensure_writable, is_inside_raw
>>> is_inside_raw("data/raw/synthetic/export.csv")
True
>>> is_inside_raw("data/processed/synthetic")
False
>>> ensure_writable("data/raw/synthetic/x.csv")
Traceback (most recent call last):
...
wpsresearch.errors.InputError: data/raw/synthetic/x.csv: refusing to write inside a raw-data folder. What to do: write to data/processed/<study> or another folder; raw data is read-only.
"""

from __future__ import annotations

from pathlib import Path

from wpsresearch.errors import InputError

__all__ = ["is_inside_raw", "ensure_writable", "project_root"]


def is_inside_raw(path) -> bool:
    """True when ``path`` lies in a folder ``data/raw`` (or is it)."""
    parts = Path(path).resolve().parts if Path(path).is_absolute() else Path(path).parts
    parts = [p.lower() for p in parts]
    for i in range(len(parts) - 1):
        if parts[i] == "data" and parts[i + 1] == "raw":
            return True
    # also catch relative paths that resolve into data/raw
    resolved = [p.lower() for p in Path(path).resolve().parts]
    return any(resolved[i] == "data" and resolved[i + 1] == "raw" for i in range(len(resolved) - 1))


def ensure_writable(path, *, allow_raw: bool = False) -> Path:
    """Return ``Path(path)``; raise :class:`InputError` if it points into ``data/raw``."""
    p = Path(path)
    if not allow_raw and is_inside_raw(p):
        raise InputError(
            "refusing to write inside a raw-data folder",
            file=str(path),
            hint="write to data/processed/<study> or another folder; raw data is read-only",
        )
    return p


def project_root(start=None) -> Path:
    """The nearest folder above ``start`` (default: cwd) holding ``pyproject.toml`` or ``data/``."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").exists() or (folder / "data" / "raw").is_dir():
            return folder
    return here
