"""Link repeat-group rows to their submission: a uniform ``_parent_uuid`` column.

Kobo XLSX links a repeat row to its parent row by ``_parent_index`` → ``_index``;
ODK Central by ``PARENT_KEY`` → ``KEY`` (``uuid:…/roster[2]``).  Both become
``_parent_uuid`` = the ``_uuid`` of the submission, so later stages join one way.  A repeat
row whose parent is not in the file is an error: it would silently drop out of every join.
"""

from __future__ import annotations

from wpsresearch.errors import InputError

__all__ = ["link_kobo_repeats", "link_odk_repeats"]


def _orphans(table, missing, *, file, sheet, column):
    rows = table.loc[missing, "source_row"].astype(int).tolist()
    raise InputError(
        f"{len(rows)} repeat row(s) point to a parent row that is not in the file", file=file,
        sheet=sheet, row=rows, column=column,
        hint="export the main table and all repeat tables together, from the same download "
        "(parents deleted after the export, or sheets from two exports, look like this)")


def link_kobo_repeats(main, repeats: dict, form, *, file) -> dict:
    """Add ``_parent_uuid`` to each repeat table (Kobo XLSX ``_parent_index`` links)."""
    import pandas as pd

    out = {}
    for repeat in form.repeats():
        if repeat not in repeats:
            continue
        table = repeats[repeat]
        parent = form.repeat_of(repeat)
        parent_table = main if parent is None else out.get(parent)
        sheet = repeat.rsplit("/", 1)[-1][:31]  # as Kobo names the sheet
        if parent_table is None or "_index" not in parent_table.columns:
            raise InputError(f"the parent table of repeat '{repeat}' has no _index column",
                             file=file, sheet=sheet, column="_index",
                             hint="export again with all metadata columns")
        if "_parent_index" not in table.columns:
            raise InputError(f"repeat sheet '{sheet}' has no _parent_index column", file=file,
                             sheet=sheet, row=1, column="_parent_index",
                             hint="export again from KoboToolbox as XLSX with all metadata")
        uuid_column = "_uuid" if parent is None else "_parent_uuid"
        lookup = dict(zip(parent_table["_index"], parent_table[uuid_column]))
        parent_uuid = table["_parent_index"].map(lookup)
        missing = parent_uuid.isna() & table["_parent_index"].notna() | table["_parent_index"].isna()
        if missing.any():
            _orphans(table, missing.to_numpy(dtype=bool), file=file, sheet=sheet,
                     column="_parent_index")
        table = table.copy()
        table["_parent_uuid"] = parent_uuid.astype(pd.StringDtype("pyarrow"))
        out[repeat] = table.reset_index(drop=True)
    return out


def _root_uuid(key):
    root = key.split("/", 1)[0]
    return root[5:] if root.startswith("uuid:") else root


def link_odk_repeats(main, repeats: dict, *, file_of: dict, main_file) -> dict:
    """Add ``_parent_uuid`` to each repeat table (ODK Central ``PARENT_KEY``)."""
    import pandas as pd

    keys = set(main["KEY"].dropna()) if "KEY" in main.columns else set()
    out = {}
    for repeat, table in repeats.items():
        keys |= set(table["KEY"].dropna()) if "KEY" in table.columns else set()
    for repeat, table in repeats.items():
        file = file_of.get(repeat, main_file)
        if "PARENT_KEY" not in table.columns:
            raise InputError(f"repeat table '{repeat}' has no PARENT_KEY column", file=file,
                             row=1, column="PARENT_KEY",
                             hint="download the ZIP again from ODK Central")
        missing = ~table["PARENT_KEY"].isin(keys).fillna(False).to_numpy(dtype=bool)
        if missing.any():
            _orphans(table, missing, file=file, sheet=None, column="PARENT_KEY")
        table = table.copy()
        table["_parent_uuid"] = table["PARENT_KEY"].map(_root_uuid).astype(
            pd.StringDtype("pyarrow"))
        out[repeat] = table
    return out
