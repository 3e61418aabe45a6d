"""Notebooks are committed without outputs: outputs can hold respondent rows.

``nbstripout`` does the stripping; it keeps ``metadata.papermill`` (paths, parameters and the
environment of the last run), which is removed here as well.
"""

from __future__ import annotations

from pathlib import Path

from wpsresearch.errors import InputError

__all__ = ["notebook_has_outputs", "strip_notebook"]

# nbstripout's command line adds these defaults itself; its Python API does not.
_EXTRA_KEYS = [
    "metadata.signature", "metadata.widgets", "cell.metadata.collapsed",
    "cell.metadata.ExecuteTime", "cell.metadata.execution", "cell.metadata.heading_collapsed",
    "cell.metadata.hidden", "cell.metadata.scrolled",
    # papermill's record of parameters, paths and environment
    "metadata.papermill", "cell.metadata.papermill",
]


def _read(path):
    import nbformat

    try:
        return nbformat.read(str(path), as_version=4)
    except Exception as exc:  # nbformat raises several unrelated types for a bad file
        raise InputError(f"not a readable notebook ({type(exc).__name__})", file=path) from None


def notebook_has_outputs(path) -> bool:
    """True when a notebook holds outputs, execution counts or papermill metadata.

    Examples
    --------
    >>> import nbformat, tempfile, pathlib
    >>> from wpsresearch.privacy import notebook_has_outputs, strip_notebook
    >>> nb = nbformat.v4.new_notebook()
    >>> cell = nbformat.v4.new_code_cell("1 + 1")
    >>> cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)]
    >>> nb.cells.append(cell)
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.ipynb"
    >>> nbformat.write(nb, str(path))
    >>> notebook_has_outputs(path), strip_notebook(path), notebook_has_outputs(path)
    (True, True, False)
    """
    nb = _read(path)
    if "papermill" in nb.metadata:
        return True
    for cell in nb.cells:
        if {"papermill", "execution"} & set(cell.get("metadata", {})):
            return True
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
            return True
    return False


def strip_notebook(path) -> bool:
    """Remove outputs, execution counts and papermill metadata in place.

    Returns True when the file changed.
    """
    import nbformat
    from nbstripout import strip_output

    path = Path(path)
    before = path.read_text(encoding="utf-8")
    nb = _read(path)
    nb = strip_output(nb, keep_output=False, keep_count=False, keep_id=True, extra_keys=_EXTRA_KEYS)
    text = nbformat.writes(nb) + "\n"
    if text == before:
        return False
    path.write_text(text, encoding="utf-8")
    return True
