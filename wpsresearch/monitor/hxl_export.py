"""CSV exports of the indicator store with HXL hashtags, validated with libhxl.

The Humanitarian Exchange Language puts a row of hashtags under the header so humanitarian
data platforms (HDX) and tools read the columns without guessing (hxlstandard.org).  Each
file is written, read back with ``libhxl`` and checked against a schema (required columns,
numbers where numbers belong); a file that fails is an error, never a silent export.

Examples
--------
>>> import pandas as pd, tempfile, pathlib
>>> from wpsresearch.monitor.hxl_export import write_hxl_csv, HXL_COLUMNS
>>> rows = pd.DataFrame([{c: None for c in HXL_COLUMNS}]).assign(
...     synthetic=True, study="s", round_date="2026-03-01", area="IQG02", indicator_id="x",
...     label_en="X", estimate=0.25, se=0.02, ci_low=0.21, ci_high=0.29, df=30.0, n=120)
>>> path = pathlib.Path(tempfile.mkdtemp()) / "estimates.csv"
>>> write_hxl_csv(rows, path).read_text(encoding="utf-8").splitlines()[1][:40]
'#meta+synthetic,#meta+study,#date+round,'
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from wpsresearch.errors import InputError

__all__ = ["write_hxl_csv", "validate_hxl", "HXL_COLUMNS", "CHANGE_HXL_COLUMNS", "CONTRAST_HXL_COLUMNS"]

# column -> HXL hashtag (core hashtags #meta #date #adm1 #adm2 #indicator #sector #status,
# with attributes; +num marks numbers, +i_en / +i_ar the language of a text)
HXL_COLUMNS = {
    "synthetic": "#meta+synthetic",
    "study": "#meta+study",
    "round_date": "#date+round",
    "area": "#loc+code",
    "adm1_pcode": "#adm1+code",
    "adm2_pcode": "#adm2+code",
    "indicator_id": "#indicator+code",
    "label_en": "#indicator+name+i_en",
    "label_ar": "#indicator+name+i_ar",
    "nap_pillar": "#sector+nap1325+code",
    "sdg": "#indicator+sdg+code",
    "group_var": "#group+code",
    "group_value": "#group+value",
    "group_label_en": "#group+name+i_en",
    "group_label_ar": "#group+name+i_ar",
    "estimate": "#indicator+value+num",
    "se": "#indicator+se+num",
    "ci_low": "#indicator+ci_low+num",
    "ci_high": "#indicator+ci_high+num",
    "df": "#indicator+df+num",
    "n": "#indicator+base+num",
    "suppression_status": "#status+disclosure",
    "method": "#meta+method",
}
CHANGE_HXL_COLUMNS = {
    "synthetic": "#meta+synthetic",
    "indicator_id": "#indicator+code",
    "area": "#loc+code",
    "group_var": "#group+code",
    "group_value": "#group+value",
    "from_round": "#date+round+from",
    "to_round": "#date+round+to",
    "from_estimate": "#indicator+value+from+num",
    "to_estimate": "#indicator+value+to+num",
    "change": "#indicator+change+num",
    "change_se": "#indicator+change+se+num",
    "change_df": "#indicator+change+df+num",
    "change_ci_low": "#indicator+change+ci_low+num",
    "change_ci_high": "#indicator+change+ci_high+num",
    "p_value": "#indicator+change+p+num",
    "significant": "#status+significant",
    "test": "#meta+test",
}
CONTRAST_HXL_COLUMNS = {
    "synthetic": "#meta+synthetic",
    "study": "#meta+study",
    "round_date": "#date+round",
    "indicator_id": "#indicator+code",
    "group_var": "#group+code",
    "first_value": "#group+value+first",
    "second_value": "#group+value+second",
    "first_estimate": "#indicator+value+first+num",
    "second_estimate": "#indicator+value+second+num",
    "change": "#indicator+difference+num",
    "change_se": "#indicator+difference+se+num",
    "change_df": "#indicator+difference+df+num",
    "change_ci_low": "#indicator+difference+ci_low+num",
    "change_ci_high": "#indicator+difference+ci_high+num",
    "p_value": "#indicator+difference+p+num",
    "significant": "#status+significant",
    "test": "#meta+test",
}
_REQUIRED = ("#meta+synthetic", "#indicator+code")


def _cell(value) -> str:
    if value is None:
        return ""
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "true" if value else "false"
    if isinstance(value, float):
        return format(value, ".10g")
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def write_hxl_csv(frame, path, *, columns: dict = HXL_COLUMNS) -> Path:
    """Write ``frame``'s ``columns`` as UTF-8 CSV (header, HXL hashtag row, data) and validate it.

    Raises
    ------
    InputError
        When a column is missing, or libhxl finds the written file invalid.
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"cannot export: column(s) {', '.join(missing)} missing", column=missing)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(list(columns))
    w.writerow(list(columns.values()))
    for row in frame[list(columns)].itertuples(index=False, name=None):
        w.writerow([_cell(v) for v in row])
    path = Path(path)
    path.write_text(buf.getvalue(), encoding="utf-8")
    validate_hxl(path, numbers=[t for t in columns.values() if t.endswith("+num")])
    return path


def validate_hxl(path, *, numbers=()) -> None:
    """Read ``path`` with libhxl; every ``numbers`` hashtag must hold numbers, the synthetic
    flag and the indicator code must be present in every row."""
    import hxl

    rules = [["#valid_tag", "#valid_datatype", "#valid_required"]]
    rules += [[tag, "", "true"] for tag in _REQUIRED]
    rules += [[tag, "number", ""] for tag in numbers]
    errors = []
    schema = hxl.schema(rules, callback=errors.append)
    with open(path, "rb") as handle:
        source = hxl.data(hxl.make_input(handle))
        tags = [c.display_tag for c in source.columns]
        ok = schema.validate(source)
    if not ok or not all(tags):
        first = errors[0] if errors else None
        row = (first.row.row_number + 3) if first is not None and first.row is not None else None
        what = first.message if first is not None else "a column without a hashtag"
        raise InputError(f"the HXL export is invalid: {what}", file=path, row=row,
                         column=getattr(getattr(first, "rule", None), "tag_pattern", None) and str(first.rule.tag_pattern),
                         hint="this is a bug in wpsresearch's export; please report it")
