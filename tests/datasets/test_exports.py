"""The Kobo exports look like Kobo's, and injected.json tells the truth about them."""

from __future__ import annotations

import json

import openpyxl
import pytest

import wpsresearch as wps
from wpsresearch.datasets.messiness import KINDS

from .conftest import read_kobo_csv

METADATA = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
            "_tags", "_index"]


@pytest.fixture(scope="module")
def export(small_study):
    folder, _ = small_study
    header, rows = read_kobo_csv(folder / "export.csv")
    return folder, header, rows


def test_csv_is_todays_kobo_format(export):
    folder, header, rows = export
    raw = (folder / "export.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    first = raw.split(b"\r\n")[0].decode()
    assert first.startswith('"start";"end";') and first.endswith('"_index"')
    assert header[-len(METADATA):] == METADATA
    assert "help/help_sought" in header and "help/help_sought/police" in header
    assert header.index("help/help_sought/police") == header.index("help/help_sought") + 1
    for part in ("latitude", "longitude", "altitude", "precision"):
        assert f"_respondent/gps_{part}" in header
    # every field quoted: each line has exactly 2 * columns quote characters around fields
    for line in raw.decode("utf-8").split("\r\n")[1:4]:
        assert line.startswith('"') and line.endswith('"')
    assert [r[header.index("_index")] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]


def test_select_multiple_dummies_agree_with_the_choice_column(export):
    _, header, rows = export
    col = header.index("help/help_sought")
    opts = [h.split("/")[-1] for h in header if h.startswith("help/help_sought/")]
    for r in rows:
        chosen = r[col].split()
        for opt in opts:
            dummy = r[header.index(f"help/help_sought/{opt}")]
            if not r[col]:
                assert dummy == ""
            else:
                assert dummy == ("1" if opt in chosen else "0")


def test_refused_consent_ends_the_form(export):
    _, header, rows = export
    consent = header.index("intro/consent")
    refused = [r for r in rows if r[consent] == "no"]
    assert refused
    first_meta = header.index("_id")
    for r in refused:
        assert all(v == "" for v in r[consent + 1:first_meta])


def test_injected_records_are_where_they_say(export):
    folder, header, rows = export
    injected = json.loads((folder / "injected.json").read_text(encoding="utf-8"))
    assert injected["synthetic"] is True
    assert set(injected["counts"]) == set(KINDS)
    uuid = header.index("_uuid")
    for rec in injected["injected"]:
        row = rows[rec["row"] - 1]
        assert row[uuid] == rec["_uuid"], rec
        if rec["column"] is not None:
            assert row[header.index(rec["column"])] == rec["injected"], rec
        if rec["kind"] in ("duplicate_exact", "duplicate_partial"):
            source = rows[rec["source_row"] - 1]
            assert source[uuid] == rec["_uuid"]
            if rec["kind"] == "duplicate_exact":
                assert source[:first_meta(header)] == row[:first_meta(header)]
            else:
                assert all(row[header.index(c)] == "" for c in rec["columns_emptied"])
        if rec["kind"] == "near_duplicate":
            source = rows[rec["source_row"] - 1]
            assert source[uuid] != rec["_uuid"]
            assert source[header.index("enumerator")] == row[header.index("enumerator")]
            assert source[header.index(rec["column"])] == rec["original"]


def first_meta(header):
    return header.index("_id")


def test_arabic_digits_place_variants_and_real_ages(export):
    folder, header, rows = export
    injected = json.loads((folder / "injected.json").read_text(encoding="utf-8"))["injected"]
    digits = [r for r in injected if r["kind"] == "arabic_digits"]
    assert digits and all(not r["injected"].isascii() for r in digits)
    assert all(r["injected"].translate(str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789"))
               == r["original"] for r in digits)
    places = [r for r in injected if r["kind"] == "place_variant"]
    assert places and all(r["injected"] != r["original"] for r in places)
    ages = [r for r in injected if r["kind"] == "real_age_98"]
    assert ages and all(rows[r["row"] - 1][header.index("respondent/age")] == "98" for r in ages)


def test_speeders_are_under_ten_minutes(export):
    import datetime as dt

    folder, header, rows = export
    injected = json.loads((folder / "injected.json").read_text(encoding="utf-8"))["injected"]
    for rec in (r for r in injected if r["kind"] == "speeder"):
        row = rows[rec["row"] - 1]
        start = dt.datetime.fromisoformat(row[header.index("start")])
        end = dt.datetime.fromisoformat(row[header.index("end")])
        assert dt.timedelta(0) < end - start < dt.timedelta(minutes=10)


def test_test_submissions_are_marked_and_before_fieldwork(export):
    folder, header, rows = export
    injected = json.loads((folder / "injected.json").read_text(encoding="utf-8"))["injected"]
    tests = [r for r in injected if r["kind"] == "test_submission"]
    assert len(tests) >= 2
    for rec in tests:
        row = rows[rec["row"] - 1]
        assert row[header.index("today")] < "2026-03-01"
        assert row[header.index("_submitted_by")] == "wps_admin"


def test_xlsx_export_links_the_roster(small_study):
    folder, _ = small_study
    wb = openpyxl.load_workbook(folder / "export.xlsx", read_only=True)
    main_name, roster_name = wb.sheetnames
    assert roster_name == "roster"
    main = list(wb[main_name].iter_rows(values_only=True))
    roster = list(wb[roster_name].iter_rows(values_only=True))
    mh, rh = main[0], roster[0]
    assert rh[:3] == ("household/roster/member_sex", "household/roster/member_age", "household/roster/member_relation")
    for col in ("_index", "_parent_table_name", "_parent_index", "_submission__uuid"):
        assert col in rh
    index = {r[mh.index("_index")]: r for r in main[1:]}
    counts = {}
    for r in roster[1:]:
        parent = index[r[rh.index("_parent_index")]]
        assert r[rh.index("_submission__uuid")] == parent[mh.index("_uuid")]
        assert r[rh.index("_parent_table_name")] == main_name
        counts[r[rh.index("_parent_index")]] = counts.get(r[rh.index("_parent_index")], 0) + 1
    # a complete, untouched interview lists every household member
    size = mh.index("household/hh_size")
    today = mh.index("today")
    full = [i for i, r in index.items()
            if r[size] and str(r[size]).isascii() and i in counts and r[today] >= "2026-03-01"]
    assert full and all(counts[i] == int(index[i][size]) for i in full[:200])


def test_cp1256_copy_reads_cleanly(small_study):
    folder, _ = small_study
    raw = (folder / "export_cp1256.csv").read_bytes()
    raw.decode("cp1256")  # strict: must not raise
    header, rows = read_kobo_csv(folder / "export_cp1256.csv", encoding="cp1256")
    assert rows and header[-1] == "_index"
    for row in rows:
        for value in row:
            assert value.encode("cp1256").decode("cp1256") == value
    # nothing was replaced: the copy holds no '?' that the UTF-8 export does not hold
    utf_header, utf_rows = read_kobo_csv(folder / "export.csv")
    by_uuid = {r[utf_header.index("_uuid")]: r for r in utf_rows}
    for row in rows:
        original = by_uuid[row[header.index("_uuid")]]
        assert row.count("?") == original.count("?")


def test_cp1256_excel_copy_lost_characters_inside_arabic_words(small_study):
    folder, _ = small_study
    text = (folder / "export_cp1256_excel.csv").read_bytes().decode("cp1256")
    lost = json.loads((folder / "injected.json").read_text(encoding="utf-8"))["cp1256"]["export_cp1256_excel.csv"]
    assert lost["cells_lost"], "the Kirkuk office copy must contain Kurdish letters or Arabic-Indic digits"
    import re

    assert re.search(r"[\u0600-\u06FF]\?|\?[\u0600-\u06FF]", text)
    assert "?" not in (folder / "export.csv").read_text(encoding="utf-8")


def test_clean_study_has_no_defects(tmp_path):
    updates = []

    def factory(total, desc):  # the CLI's progress style: factory(total, desc) -> update(k)
        assert total == 8 and "SYNTHETIC" in desc
        return lambda k=1: updates.append(k)

    written = dict((p.name, p) for p, _ in wps.datasets.write_synthetic_study(tmp_path, n=192, seed=3, messy=False,
                                                                               progress=factory))
    assert sum(updates) == 8
    injected = json.loads(written["injected.json"].read_text(encoding="utf-8"))
    assert injected["injected"] == [] and injected["kinds"] == []
    header, rows = read_kobo_csv(written["export.csv"])
    assert len(rows) == 192
    assert {r[header.index("intro/consent")] for r in rows} == {"yes"}


def test_messy_kinds_can_be_chosen(tmp_path):
    texts = []
    written = dict((p.name, p) for p, _ in wps.datasets.write_synthetic_study(tmp_path, n=192, seed=3,
                                                                               messy=["speeder"],
                                                                               progress=texts.append))
    assert len(texts) == 8
    injected = json.loads(written["injected.json"].read_text(encoding="utf-8"))
    assert {r["kind"] for r in injected["injected"]} == {"speeder"}
    with pytest.raises(wps.errors.InputError, match="unknown kind"):
        wps.datasets.write_synthetic_study(tmp_path / "x", n=192, messy=["typo"])


def test_study_yml_and_truth_say_synthetic(small_study):
    import yaml

    folder, _ = small_study
    study = yaml.safe_load((folder / "study.yml").read_text(encoding="utf-8"))
    assert study["synthetic"] is True and "SYNTHETIC" in study["title"]["en"]
    assert study["pii_columns"] == ["respondent_name", "phone", "gps"]
    # real ages of 98 are injected in the respondent and in her roster line: neither age column
    # takes the 98/99 codes
    assert study["missing_codes"] == {"default": {98: "dont_know", 99: "refused"}, "age": {},
                                      "member_age": {}}
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    assert truth["synthetic"] is True
    assert set(truth["values"]) == set(wps.datasets.HEADLINE)
    assert set(truth["estimands"]) == set(wps.datasets.HEADLINE)
    assert "SYNTHETIC" in (folder / "README.md").read_text(encoding="utf-8")


def test_xlsx_is_skipped_above_excels_row_limit():
    from types import SimpleNamespace

    from wpsresearch.datasets.kobo_files import fits_excel

    small = [SimpleNamespace(roster=[{}] * 5)] * 10
    assert fits_excel(small)
    big = [SimpleNamespace(roster=[{}] * 6)] * 200_000  # 1.2 million roster rows
    assert not fits_excel(big)
