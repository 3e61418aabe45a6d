"""Round trip on the synthetic study (data/raw/synthetic, written by `wpsresearch synth`).

export.csv, export.xlsx (with the roster sheet), export_cp1256.csv and an ODK Central
rendering of export.csv (written here) must read to the same table;
export_cp1256_excel.csv (characters lost to '?') must be refused.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

import wpsresearch as wps

STUDY = Path(__file__).resolve().parents[2] / "data" / "raw" / "synthetic"
# the bundled study is committed: its absence is a failure, not a reason to skip
assert (STUDY / "export.csv").is_file(), f"{STUDY} is missing: the bundled synthetic study is committed"


@pytest.fixture(scope="module")
def form():
    return wps.io.read_xlsform(STUDY / "form.xlsx")


@pytest.fixture(scope="module")
def from_csv(form):
    return wps.io.read_kobo(STUDY / "export.csv", form=form)


def _answers(sd, form):
    """Form fields (+ 0/1 columns, gps parts) and _uuid, in a comparable form."""
    keep = [c for c in sd.main.columns
            if c == "_uuid" or c in form.names or "__" in c or c.startswith("_gps_")]
    frame = sd.main[sorted(keep)].astype(object)
    return frame.where(frame.notna(), None).reset_index(drop=True)


def _plain(frame) -> list:
    frame = frame.astype(object)
    return frame.where(frame.notna(), None).values.tolist()


def odk_central_rendering(path: Path, form) -> str:
    """Rewrite a Kobo CSV as ODK Central writes the same submissions.

    Central joins groups with '-', writes no select_multiple 0/1 columns, splits geopoints
    into -Latitude/-Longitude/-Altitude/-Accuracy, and identifies a submission by
    meta-instanceID = KEY = 'uuid:<uuid>'.
    """
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, data = rows[0], rows[1:]
    match = wps.io.header_map.match_headers(header, form)
    out_header, keep = [], []
    parts = {"latitude": "Latitude", "longitude": "Longitude", "altitude": "Altitude",
             "precision": "Accuracy"}
    for i, h in enumerate(header):
        target = match.targets.get(h)
        if target is None or target.kind == "option":
            continue
        if target.kind == "field":
            out_header.append(form.path(target.name).replace("/", "-"))
        elif target.kind == "geopoint":
            out_header.append(f"{form.path(target.question).replace('/', '-')}-"
                              f"{parts[target.option]}")
        elif target.name == "_uuid":
            out_header += ["meta-instanceID", "KEY"]
            keep.append(i)
        else:
            continue
        keep.append(i)
    body = []
    for row in data:
        cells = []
        for i in keep:
            cells.append(row[i])
        body.append([f"uuid:{c}" if out_header[j] in ("meta-instanceID", "KEY") else c
                     for j, c in enumerate(cells)])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([out_header, *body])
    return buffer.getvalue()


def test_csv_reads_every_row_with_form_names(from_csv, form):
    raw_rows = sum(1 for _ in csv.reader(io.StringIO(
        (STUDY / "export.csv").read_text(encoding="utf-8-sig")), delimiter=";")) - 1
    assert len(from_csv.main) == raw_rows
    assert from_csv.main["source_row"].tolist() == list(range(2, raw_rows + 2))
    assert {"psu", "stratum", "weight", "consent"} <= set(from_csv.main.columns)
    assert from_csv.source.unknown_columns == []


def test_xlsx_reads_to_the_same_table(from_csv, form):
    sd = wps.io.read_kobo(STUDY / "export.xlsx", form=form)
    pd.testing.assert_frame_equal(_answers(sd, form), _answers(from_csv, form))
    roster = sd.repeats["roster"]
    assert set(roster["_parent_uuid"]) <= set(sd.main["_uuid"])
    assert {"member_sex", "member_age", "member_relation"} <= set(roster.columns)


def test_cp1256_copy_reads_to_the_same_table(from_csv, form):
    # The clean Windows-1256 copy holds one field office's rows, with Arabic-Indic digits
    # written as Western digits and rows with Sorani letters left out (see the synthetic
    # study's documentation): it must equal those rows of export.csv, digits normalised.
    sd = wps.io.read_kobo(STUDY / "export_cp1256.csv", form=form)
    assert sd.source.encoding == "cp1256"
    assert len(sd.main) > 0
    ours = _answers(sd, form)
    full = _answers(from_csv, form)
    # duplicates injected on purpose share a _uuid: key rows by (uuid, occurrence)
    key = ["_uuid", "occurrence"]
    ours["occurrence"] = ours.groupby("_uuid").cumcount()
    full["occurrence"] = full.groupby("_uuid").cumcount()
    full = ours[key].merge(full, on=key, how="left", validate="one_to_one")
    full = full.map(lambda v: wps.io.normalize_digits(v) if isinstance(v, str) else v)
    assert _plain(ours[full.columns]) == _plain(full)


def test_cp1256_copy_that_lost_characters_is_refused(form):
    with pytest.raises(wps.errors.EncodingProblem) as info:
        wps.io.read_kobo(STUDY / "export_cp1256_excel.csv", form=form)
    assert "export_cp1256_excel.csv" in str(info.value)
    # the generator recorded every cell that lost characters (1-based data rows; ours count
    # the header as row 1): the error must name exactly those rows and columns
    lost = json.loads((STUDY / "injected.json").read_text(encoding="utf-8"))
    cells = lost["cp1256"]["export_cp1256_excel.csv"]["cells_lost"]
    assert info.value.row == sorted({c["row"] + 1 for c in cells})
    form_names = {c["column"]: c["column"].split("/")[-1] for c in cells}
    assert sorted(info.value.column) == sorted(set(form_names.values()))


def test_odk_central_rendering_reads_to_the_same_table(from_csv, form, tmp_path):
    path = tmp_path / "wps_synthetic.csv"
    path.write_text(odk_central_rendering(STUDY / "export.csv", form), encoding="utf-8")
    sd = wps.io.read_odk_central(path, form=form)
    pd.testing.assert_frame_equal(_answers(sd, form), _answers(from_csv, form))
