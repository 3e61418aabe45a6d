"""Every rendering of the same answers reads back to the same table."""

from __future__ import annotations

import pandas as pd
import pytest

import wpsresearch as wps


def _compare(sd, render, columns=None):
    expected = pd.DataFrame(render.expected_main())
    columns = columns or list(expected.columns)
    got = sd.main[columns].astype(object).where(sd.main[columns].notna(), None)
    assert got.values.tolist() == expected[columns].astype(object).where(
        expected[columns].notna(), None).values.tolist()


def test_kobo_csv_reads_form_names_and_keeps_text(tmp_path, form, render):
    path = tmp_path / "export.csv"
    path.write_text(render.kobo_csv_text(), encoding="utf-8")
    sd = wps.io.read_kobo(path, form=form)
    _compare(sd, render)
    assert sd.main["source_row"].tolist() == [2, 3, 4, 5]
    assert sd.source.format == "kobo_csv" and sd.source.encoding == "utf-8"
    assert sd.source.unknown_columns == []
    assert sd.main["age"].iloc[0] == "٣٥"  # not NaN: the cleaning stage converts and logs
    assert wps.io.parse_number(sd.main["age"]).tolist()[:2] == [35.0, 41.0]
    assert sd.source.column_map["help/help_sought/police"] == "help_sought__police"
    assert len(sd.source.sha256) == 64


def test_bom_and_hxl_row(tmp_path, form, render):
    path = tmp_path / "export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + render.kobo_csv_text(hxl=True).encode("utf-8"))
    sd = wps.io.read_kobo(path, form=form)
    _compare(sd, render)
    assert sd.source.encoding == "utf-8-sig"
    assert sd.main["source_row"].tolist() == [3, 4, 5, 6]
    assert "hxl" in sd.source.dialects


def test_legacy_kobocat_csv(tmp_path, form, render):
    path = tmp_path / "legacy.csv"
    path.write_text(render.legacy_csv_text(), encoding="utf-8")
    sd = wps.io.read_kobo(path, form=form)
    _compare(sd, render)
    assert sd.source.format == "kobo_legacy_csv"


def test_r_and_excel_touched_csv(tmp_path, form, render):
    path = tmp_path / "r.csv"
    path.write_text(render.r_csv_text(), encoding="utf-8")
    sd = wps.io.read_kobo(path, form=form)
    _compare(sd, render)
    assert "r" in sd.source.dialects
    assert any("serial date" in w for w in sd.source.warnings)
    assert any("byte-order mark" in w for w in sd.source.warnings)


@pytest.mark.parametrize("language", ["label::English (en)", "label::Arabic (ar)"])
def test_labels_export_maps_back_through_the_form(tmp_path, form, render, language):
    path = tmp_path / "labels.csv"
    path.write_text(render.labels_csv_text(language), encoding="utf-8")
    sd = wps.io.read_kobo(path, form=form)
    _compare(sd, render)
    assert "labels" in sd.source.dialects


def test_kobo_xlsx_with_roster(tmp_path, form, render):
    sd = wps.io.read_kobo(render.kobo_xlsx(tmp_path / "export.xlsx"), form=form)
    _compare(sd, render)
    roster = sd.repeats["roster"]
    assert roster["_parent_uuid"].tolist() == ["u-1", "u-1", "u-1", "u-2", "u-4", "u-4"]
    assert roster["member_age"].tolist() == ["35", "٤٠", "7", "41", "60", "29"]
    assert roster["source_row"].tolist() == [2, 3, 4, 5, 6, 7]
    assert sd.source.format == "kobo_xlsx"


def test_odk_central_csv_and_zip(tmp_path, form, render):
    path = tmp_path / "wps_example.csv"
    path.write_text(render.render_csv(render.odk_rows(), delimiter=","), encoding="utf-8")
    sd = wps.io.read_odk_central(path, form=form)
    _compare(sd, render)
    assert sd.source.format == "odk_central_csv"
    sd_zip = wps.io.read_odk_central(render.odk_zip(tmp_path / "wps.zip"), form=form)
    _compare(sd_zip, render)
    roster = sd_zip.repeats["roster"]
    assert roster["_parent_uuid"].tolist() == ["u-1", "u-1", "u-1", "u-2", "u-4", "u-4"]
    assert {"PARENT_KEY", "KEY"} <= set(roster.columns)


def test_cp1256_reads_when_nothing_was_lost(tmp_path, form, render):
    text = render.kobo_csv_text()
    for sorani, arabic in (("ڕێژین ئەحمەد", "ريم"), ("٣٥", "35"), ("۴", "4"), ("٤٠", "40")):
        text = text.replace(sorani, arabic)
    path = tmp_path / "cp1256.csv"
    path.write_bytes(text.encode("cp1256"))
    sd = wps.io.read_kobo(path, form=form)
    assert sd.source.encoding == "cp1256"
    assert sd.main.loc[0, "respondent_name"] == "فاطمة الزهراء"


def test_cp1256_with_lost_characters_is_refused(tmp_path, form, render):
    path = tmp_path / "excel.csv"
    path.write_bytes(render.kobo_csv_text().encode("cp1256", errors="replace"))
    with pytest.raises(wps.errors.EncodingProblem) as info:
        wps.io.read_kobo(path, form=form)
    err = info.value
    assert err.row == [2, 3] and set(err.column) == {"respondent_name", "age", "hh_size"}
    assert "excel.csv" in str(err) and "What to do" in str(err)


def test_mojibake_is_repaired_and_reported(tmp_path, form, render):
    text = render.kobo_csv_text()
    broken = text.replace("فاطمة الزهراء",
                          "فاطمة الزهراء".encode("utf-8").decode("cp1256", errors="replace"))
    assert "ظپط§ط·ظ…ط©" in broken
    path = tmp_path / "mojibake.csv"
    path.write_text(broken, encoding="utf-8")
    sd = wps.io.read_kobo(path, form=form)
    assert sd.main.loc[0, "respondent_name"] == "فاطمة الزهراء"
    assert sd.source.mojibake_repaired
    assert any("mojibake" in w for w in sd.source.warnings)


def test_unknown_columns_are_kept_and_reported(tmp_path, form, render):
    rows = [r.split(";") for r in render.kobo_csv_text().strip().split("\n")]
    text = "\n".join(";".join([*r, '"extra"' if i == 0 else f'"x{i}"']) for i, r in
                     enumerate(rows))
    path = tmp_path / "extra.csv"
    path.write_text(text + "\n", encoding="utf-8")
    sd = wps.io.read_kobo(path, form=form)
    assert sd.source.unknown_columns == ["extra"]
    assert sd.main["extra"].tolist() == ["x1", "x2", "x3", "x4"]
