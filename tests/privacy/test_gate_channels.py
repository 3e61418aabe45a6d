"""The export gate reads every channel a reader sees (#14, point 5).

More than 60 leaks are planted straight into staged outputs, each in a file of its own, one
or more of every kind the issue lists: the gate must catch every one, name the file and the
kind, and never print the value.  A set of clean files in the same formats passes.
"""

from __future__ import annotations

import base64
import io
import json
import types
import zlib
from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import pyreadstat
import pytest
from openpyxl.comments import Comment
from PIL import Image
from PIL.PngImagePlugin import PngInfo

import wpsresearch as wps
from wpsresearch.io.survey_data import SourceInfo, SurveyData
from wpsresearch.privacy.gate import identifiers_of

NAME = "Zainab Kadhim Hussein"
RARE = "Rezan Kakai"          # a name no lexicon knows
PHONE = "07712345678"
INTL = "+964 770 839 7129"
ARABIC_PHONE = "٠٧٨١٢٣٤٥٦٧٨"
EMAIL = "zainab.k@example.org"
UUID = "5db7e85c-bb53-41a0-9940-339ad27a4de9"
KOBO_ID = "410033360"
ENUM = "enum_07"
NID = "199012345678"
RAW = pd.DataFrame({
    "_uuid": [UUID, "bad2383f-0837-4854-8ab3-730160f64a58", "0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b"],
    "_id": [KOBO_ID, "410033361", "410033362"],
    "enumerator": [ENUM, "enum_11", "enum_11"],
    "respondent_name": [NAME, RARE, "زينب كاظم حسين"],
    "phone": [PHONE, INTL, None],
    "alt_phone": [ARABIC_PHONE, None, None],
    "email": [EMAIL, None, None],
    "gps": ["33.3152 44.3661 34.0 5.0", "30.5085 47.7804 3.0 10.0", None],
    "national_id": [NID, None, None],
    "age": ["34", "51", "29"],
})
# every raw value a finding must never repeat, in the spellings planted below
SECRETS = [NAME, "Zainab", "Kadhim", "Rezan", "Kakai", PHONE, "0771", "2345678", "839 7129",
           "8397129", "٠٧٨١", EMAIL, "33.3152", "44.3661", UUID, KOBO_ID, ENUM, NID, "زينب"]


@pytest.fixture(scope="module")
def identifiers():
    sd = SurveyData(RAW, {}, None, SourceInfo("export.csv", "kobo_csv"))
    study = types.SimpleNamespace(pii_columns=("respondent_name", "phone", "alt_phone", "email", "gps",
                                               "national_id"), checks={})
    return identifiers_of(sd, study)


# ----------------------------------------------------------------------------- builders
def _png(text_chunks=None) -> bytes:
    info = PngInfo()
    for k, v in (text_chunks or {}).items():
        info.add_text(k, v)
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buf, format="PNG", pnginfo=info)
    return buf.getvalue()


def _png_late(kind: str, text: str) -> bytes:
    """A PNG whose text is where a reader that stops at the pixels would miss it: a ``tEXt``,
    compressed ``zTXt`` or ``iTXt`` chunk after the image data (just before ``IEND``), or an
    ``eXIf`` chunk."""
    import struct

    buf = io.BytesIO()
    image = Image.new("RGB", (64, 48), "white")
    if kind == "exif":
        exif = Image.Exif()
        exif[270] = text  # ImageDescription
        image.save(buf, format="PNG", exif=exif)
        return buf.getvalue()
    image.save(buf, format="PNG")
    data = buf.getvalue()
    body = {"tEXt": b"Comment\0" + text.encode("latin-1"),
            "zTXt": b"Comment\0\0" + zlib.compress(text.encode("latin-1")),
            "iTXt": b"Description\0\1\0ar\0\0" + zlib.compress(text.encode("utf-8"))}[kind]
    cid = kind.encode("ascii")
    chunk = struct.pack(">I", len(body)) + cid + body + struct.pack(">I", zlib.crc32(cid + body))
    assert data[-12:-8] == b"\0\0\0\0" and data[-8:-4] == b"IEND"
    return data[:-12] + chunk + data[-12:]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _html(body: str) -> str:
    return f"<html><body><h1>Basra</h1>{body}</body></html>"


def _svg(inner: str) -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{inner}</svg>'


def _notebook(**kw) -> str:
    v4 = nbformat.v4
    nb = v4.new_notebook()
    cell = v4.new_markdown_cell("Results")
    if "attachments" in kw:
        cell["attachments"] = kw["attachments"]
    out_cell = v4.new_code_cell("show(table)")
    out_cell.outputs = kw.get("outputs", [])
    nb.cells = [cell, out_cell]
    nb.metadata.update(kw.get("metadata", {}))
    return nbformat.writes(nb)


def _xlsx(path, *, comment=None, creator=None, cells=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "table"
    for row in cells or [["district", "percent"], ["Basra", 12.5]]:
        ws.append(row)
    if comment:
        ws["B2"].comment = Comment(comment, "analyst")
    if creator:
        wb.properties.creator = creator
    wb.save(path)


def _pdf(path, **info):
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({f"/{k}": v for k, v in info.items()})
    with open(path, "wb") as fh:
        writer.write(fh)


def _sav(path, frame, file_label=None):
    pyreadstat.write_sav(frame, str(path), file_label=file_label)


SIDE = json.dumps({"title": "IPV by district", "numbers_shown": ["12.5%"]})

# name -> (files {filename: content | callable(path)}, expected kind (substring), leak file)
LEAKS = {
    # --- names
    "name_in_html_text": ({"a.html": _html(f"<p>Testimony of {NAME}</p>")}, "person's name"),
    "first_name_alone_rare": ({"a.html": _html(f"<p>{RARE.split()[0]} said the police laughed.</p>")},
                              "first name"),
    "first_name_alone_arabic": ({"a.html": _html("<p>قالت زينب إن الشرطة لم تستمع</p>")}, "first name"),
    "zero_width_joiner_in_name": ({"a.html": _html("<p>Zai\u200dnab Kad\u200chim Hussein</p>")},
                                  "person's name"),
    "name_in_html_comment": ({"a.html": _html(f"<!-- quote from {NAME} --><p>ok</p>")}, "person's name"),
    "name_in_id_attribute": ({"a.html": _html('<section id="zainab-kadhim-hussein"><p>ok</p></section>')},
                             "person's name"),
    "name_in_data_attribute": ({"a.html": _html(f'<div data-source="{NAME}">ok</div>')}, "person's name"),
    "name_in_alt_text": ({"a.html": _html(f'<img alt="Photo of {NAME}" src="data:image/png;base64,{_b64(_png())}">')},
                         "person's name"),
    "name_in_img_file_name": ({"a.html": _html('<img src="photos/Zainab_Kadhim_Hussein.jpg">')},
                              "person's name"),
    "name_in_svg_text": ({"f.svg": _svg(f"<text>{NAME}</text>"), "f.json": SIDE}, "person's name"),
    "name_in_svg_comment": ({"f.svg": _svg(f"<!-- {NAME} --><text>IPV</text>"), "f.json": SIDE},
                            "person's name"),
    "name_in_svg_metadata": ({"f.svg": _svg(f"<metadata><creator>{NAME}</creator></metadata>"),
                              "f.json": SIDE}, "person's name"),
    "name_in_svg_embedded_svg": ({"f.svg": _svg('<image href="data:image/svg+xml;base64,'
                                                + _b64(_svg(f"<text>{NAME}</text>").encode()) + '"/>'),
                                  "f.json": SIDE}, "person's name"),
    "name_in_svg_embedded_png": ({"f.svg": _svg('<image xlink:href="data:image/png;base64,'
                                                + _b64(_png({"Author": NAME})) + '"/>'),
                                  "f.json": SIDE}, "person's name"),
    "name_in_png_text_chunk": ({"f.png": _png({"Author": NAME}), "f.json": SIDE}, "person's name"),
    "name_in_png_text_after_pixels": ({"f.png": _png_late("tEXt", NAME), "f.json": SIDE}, "person's name"),
    "phone_in_png_ztxt_after_pixels": ({"f.png": _png_late("zTXt", f"call {PHONE}"), "f.json": SIDE}, "phone"),
    "name_in_png_itxt_after_pixels": ({"f.png": _png_late("iTXt", f"photo of {RARE}"), "f.json": SIDE},
                                      "person's name"),
    "name_in_png_exif": ({"f.png": _png_late("exif", f"photo of {NAME}"), "f.json": SIDE}, "person's name"),
    "name_in_png_description": ({"f.png": _png({"Description": f"photo of {RARE}"}), "f.json": SIDE},
                                "person's name"),
    "name_in_sidecar": ({"f.png": _png(), "f.json": json.dumps({"title": f"Story of {NAME}"})},
                        "person's name"),
    "name_in_json_string": ({"t.json": json.dumps({"quotes": [f"{NAME} told us"]})}, "person's name"),
    "name_in_notebook_metadata": ({"r.ipynb": _notebook(metadata={"authors": [{"name": NAME}]})},
                                  "person's name"),
    "name_in_notebook_attachment_name": ({"r.ipynb": _notebook(attachments={
        "Zainab_Kadhim_Hussein.png": {"image/png": _b64(_png())}})}, "person's name"),
    "name_in_notebook_attachment_chunk": ({"r.ipynb": _notebook(attachments={
        "figure.png": {"image/png": _b64(_png({"Author": NAME}))}})}, "person's name"),
    "name_in_notebook_output_png": ({"r.ipynb": _notebook(outputs=[nbformat.v4.new_output(
        "display_data", data={"image/png": _b64(_png({"Title": NAME}))})])}, "person's name"),
    "name_in_notebook_output_html_attr": ({"r.ipynb": _notebook(outputs=[nbformat.v4.new_output(
        "display_data", data={"text/html": f'<div title="{NAME}">x</div>'})])}, "person's name"),
    "name_in_xlsx_comment": ({"t.xlsx": lambda p: _xlsx(p, comment=f"checked with {NAME}")},
                             "person's name"),
    "name_in_xlsx_creator": ({"t.xlsx": lambda p: _xlsx(p, creator=NAME)}, "person's name"),
    "name_in_pdf_title": ({"r.pdf": lambda p: _pdf(p, Title=f"Interview with {NAME}")}, "person's name"),
    "name_in_pdf_author": ({"r.pdf": lambda p: _pdf(p, Author=NAME)}, "person's name"),
    "name_in_csv": ({"t.csv": f"district,quote\nBasra,{NAME} said so\n"}, "person's name"),
    "name_in_markdown": ({"n.md": f"# Notes\nInterviewed {NAME}.\n"}, "person's name"),
    "name_in_parquet": ({"t.parquet": lambda p: pd.DataFrame({"quote": [f"ask {NAME}"]}).to_parquet(p)},
                        "person's name"),
    "name_in_sav_value": ({"t.sav": lambda p: _sav(p, pd.DataFrame({"quote": [f"ask {NAME}"]}))},
                          "person's name"),
    "name_in_sav_file_label": ({"t.sav": lambda p: _sav(p, pd.DataFrame({"x": [1.0]}), file_label=NAME)},
                               "person's name"),
    # --- phones
    "phone_in_html_text": ({"a.html": _html(f"<p>call {PHONE}</p>")}, "phone"),
    "phone_spaced": ({"a.html": _html("<p>call 077 1 234 5678</p>")}, "phone"),
    "phone_slashes": ({"a.html": _html("<p>call 0771/234/5678</p>")}, "phone"),
    "phone_international": ({"a.html": _html("<p>call +964 (0) 770-839-7129</p>")}, "phone"),
    "phone_arabic_indic": ({"a.html": _html("<p>اتصلوا على ٠٧٨١ ٢٣٤ ٥٦٧٨</p>")}, "phone"),
    "phone_zero_width": ({"a.html": _html("<p>0771\u200b234\u200b5678</p>")}, "phone"),
    "phone_split_across_html_cells": ({"a.html": _html(
        '<table><tr><td data-n="40">0771</td><td data-n="50">234 5678</td></tr></table>')}, "phone"),
    "phone_split_across_csv_cells": ({"t.csv": "district,a,b\nBasra,0771,2345678\n"}, "phone"),
    "phone_in_html_comment": ({"a.html": _html(f"<!-- {PHONE} --><p>ok</p>")}, "phone"),
    "phone_in_data_attribute": ({"a.html": _html(f'<div data-contact="{PHONE}">ok</div>')}, "phone"),
    "phone_in_img_src": ({"a.html": _html(f'<img src="media/Zainab_{PHONE}.jpg">')}, "phone"),
    "phone_in_href": ({"a.html": _html(f'<a href="tel:{PHONE}">hotline</a>')}, "phone"),
    "phone_as_json_number": ({"t.json": json.dumps({"contact": 7712345678})}, "phone"),
    "phone_in_svg_title": ({"f.svg": _svg(f"<title>{PHONE}</title>"), "f.json": SIDE}, "phone"),
    "phone_in_xlsx_cell": ({"t.xlsx": lambda p: _xlsx(p, cells=[["note"], [PHONE]])}, "phone"),
    "phone_in_xlsx_comment": ({"t.xlsx": lambda p: _xlsx(p, comment=f"call {PHONE}")}, "phone"),
    "phone_in_pdf_subject": ({"r.pdf": lambda p: _pdf(p, Subject=f"call {PHONE}")}, "phone"),
    "phone_in_parquet_number": ({"t.parquet": lambda p: pd.DataFrame({"c": [7712345678]}).to_parquet(p)},
                                "phone"),
    "phone_in_sav": ({"t.sav": lambda p: _sav(p, pd.DataFrame({"c": [PHONE]}))}, "phone"),
    "phone_in_notebook_stream": ({"r.ipynb": _notebook(outputs=[nbformat.v4.new_output(
        "stream", name="stdout", text=f"{PHONE}\n")])}, "phone"),
    # --- e-mail, GPS, ID numbers
    "email_in_text": ({"a.txt": f"contact {EMAIL}\n"}, "email"),
    "email_in_html_attribute": ({"a.html": _html(f'<a href="mailto:{EMAIL}">write</a>')}, "email"),
    "gps_decimal": ({"a.html": _html("<p>found at 33.3152, 44.3661</p>")}, "GPS"),
    "gps_in_json": ({"t.json": json.dumps({"where": "33.31520 44.36610"})}, "GPS"),
    "national_id": ({"a.txt": "ID 1990 1234 5678\n"}, "ID number"),
    # --- submission ids and enumerator codes
    "raw_uuid_in_html": ({"a.html": _html(f"<p>submission {UUID}</p>")}, "submission id"),
    "raw_uuid_in_attribute": ({"a.html": _html(f'<tr data-row="uuid:{UUID}"><td>x</td></tr>')},
                              "submission id"),
    "raw_kobo_id_in_csv": ({"t.csv": f"district,record\nBasra,{KOBO_ID}\n"}, "submission id"),
    "enumerator_code_in_html": ({"a.html": _html(f"<p>interviewer {ENUM}</p>")}, "enumerator"),
    "enumerator_code_in_sidecar": ({"f.png": _png(), "f.json": json.dumps({"note": f"by {ENUM}"})},
                                   "enumerator"),
    # --- small counts
    "count_without_data_n": ({"a.html": _html(
        "<table><tr><th>district</th><th>women</th></tr><tr><td>Basra</td><td>3</td></tr></table>")},
        "count below"),
    "data_n_small": ({"a.html": _html('<table><tr data-n="4"><td>Basra</td><td>12.5</td></tr></table>')},
                     "count below"),
    "n_equals_in_text": ({"a.html": _html("<p>Among survivors (n = 3) most did not report.</p>")},
                         "written count"),
    "n_equals_arabic_digits": ({"a.html": _html("<p>الناجيات (ن = ٣)</p>")}, "written count"),
    "respondents_in_text": ({"a.html": _html("<p>Only 3 respondents sought help.</p>")}, "written count"),
    "n_equals_in_alt": ({"a.html": _html(f'<img alt="IPV in Zubair (n = 3)" src="data:image/png;base64,{_b64(_png())}">')},
                        "written count"),
    "n_equals_in_svg_text": ({"f.svg": _svg("<text>Zubair n = 3</text>"), "f.json": SIDE}, "written count"),
    "n_equals_in_sidecar_string": ({"f.png": _png(), "f.json": json.dumps({"numbers_shown": ["12% · n = 3"]})},
                                   "written count"),
    "n_equals_in_sidecar_txt": ({"f.png": _png(), "f.txt": "IPV by district\nZubair: 40% (n = 5)\n"},
                                "written count"),
    "zero_share_on_40": ({"a.html": _html("<p>Zubair: 0.0 % of women (n = 40) reported.</p>")}, "0 %"),
    "zero_share_in_svg": ({"f.svg": _svg("<text>100.0%</text>"), "f.json": SIDE}, "0 %"),
    "count_column_unweighted_n": ({"t.csv": "district,Unweighted n\nBasra,4\n"}, "count below"),
    "count_column_respondents": ({"t.csv": "district,respondents\nBasra,6\n"}, "count below"),
    "count_column_unweighted": ({"t.csv": "district,unweighted\nBasra,2\n"}, "count below"),
    "count_column_in_xlsx": ({"t.xlsx": lambda p: _xlsx(p, cells=[["district", "Unweighted n"], ["Basra", 3]])},
                             "count below"),
    "count_column_in_parquet": ({"t.parquet": lambda p: pd.DataFrame({"district": ["Basra"], "respondents": [5]}).to_parquet(p)},
                                "count below"),
    "count_key_in_json": ({"t.json": json.dumps({"rows": [{"district": "Basra", "n": 2}]})}, "count below"),
    "count_in_notebook_html": ({"r.ipynb": _notebook(outputs=[nbformat.v4.new_output(
        "display_data", data={"text/html": '<table><tr data-n="7"><td>x</td></tr></table>'})])},
        "count below"),
    # --- files that cannot be checked
    "figure_without_sidecar": ({"lonely.png": _png()}, "without a text sidecar"),
}


def _stage(folder, files):
    folder.mkdir(parents=True)
    for name, content in files.items():
        path = folder / name
        if callable(content):
            content(path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    root = tmp_path_factory.mktemp("staged")
    return {name: _stage(root / name, files) for name, (files, _) in LEAKS.items()}


def test_there_are_more_than_60_leaks_of_every_kind():
    assert len(LEAKS) >= 60
    kinds = {kind for _, kind in LEAKS.values()}
    assert {"person's name", "first name", "phone", "email", "GPS", "ID number", "submission id",
            "enumerator", "count below", "written count", "0 %", "without a text sidecar"} <= kinds


def test_the_gate_catches_every_planted_leak(staged, identifiers):
    missed = []
    for name, folder in staged.items():
        expected = LEAKS[name][1]
        found = wps.privacy.scan_outputs([folder], identifiers=identifiers)
        if not any(expected in f.kind for f in found):
            missed.append((name, sorted({f.kind for f in found})))
    assert not missed, f"{len(missed)} of {len(LEAKS)} planted leaks missed: {missed}"


@pytest.mark.parametrize("kind", ["tEXt", "zTXt", "iTXt", "exif"])
def test_png_chunks_are_read_as_pil_reads_them_without_decoding_the_pixels(kind, monkeypatch):
    """The gate's PNG reader gives PIL's text and info of the loaded image, and never decodes."""
    from PIL import ImageFile

    from wpsresearch.privacy.output_readers import Extract, _image, _png_chunks

    data = _png_late(kind, f"photo of {NAME}")
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        expected = (dict(img.text), dict(img.info))
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("the pixels were decoded"))
    text, info = _png_chunks(data)
    assert (dict(text), dict(info)) == expected
    assert any(NAME in str(v) for v in [*text.values(), *info.values()])
    read = Extract()
    _image(data, read)  # the gate's image reader: the same path, no decoding either
    assert any(NAME in t for _, t, _ in read.texts)


def test_findings_name_file_and_kind_and_never_the_value(staged, identifiers):
    findings = wps.privacy.scan_outputs(list(staged.values()), identifiers=identifiers)
    assert len(findings) >= len(LEAKS)
    for f in findings:
        assert f.file and f.kind and f.location
        text = str(f)
        leaked = [s for s in SECRETS if s in text.replace(f.file, "")]
        assert not leaked, f"a finding repeats a value: {leaked}"


def test_cli_reads_parquet_and_sav_and_prints_no_value(staged, identifiers, tmp_path):
    """`check-disclosure` over planted .parquet/.sav files: found, named, nothing printed."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    folder = tmp_path / "processed"
    folder.mkdir()
    raw = pd.read_csv(root / "data" / "raw" / "synthetic" / "export.csv", sep=";", dtype=str,
                      keep_default_na=False)
    phone = next(v for v in raw["respondent/phone"] if v.startswith("077") and len(v) == 11)
    pd.DataFrame({"respondent_id": ["a"], "note": [f"call {phone}"]}).to_parquet(folder / "r.parquet")
    _sav(folder / "r.sav", pd.DataFrame({"note": [f"call {phone}"]}))
    run = subprocess.run([sys.executable, "-m", "wpsresearch", "check-disclosure", str(folder),
                          "--study", str(root / "data" / "raw" / "synthetic")],
                         capture_output=True, text=True)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "r.parquet" in run.stdout and "r.sav" in run.stdout and "phone" in run.stdout
    assert phone not in run.stdout + run.stderr and phone[1:] not in run.stdout + run.stderr


CLEAN = {
    "report.html": _html(
        '<p>More street lighting (n = 412).</p><!-- layout: two columns -->'
        '<table><tr data-n="412"><td>Basra</td><td>23.4</td><td>19.0 – 28.1</td></tr></table>'
        '<table><tr><th>year</th><th>count</th></tr><tr><td>2024</td><td>1,250</td></tr></table>'
        f'<img alt="IPV by district" src="data:image/png;base64,{_b64(_png({"Software": "matplotlib"}))}">'
        '<p>One in 3 women in Iraq; Imam Ali shrine; Salah al-Din; 95% CI.</p>'),
    "fig.svg": _svg("<!-- matplotlib --><metadata><creator>wpsresearch</creator></metadata>"
                    "<text>0%</text><text>50%</text><text>Basra 23.4% (n = 412)</text>"),
    "fig.json": json.dumps({"title": "IPV by district", "numbers_shown": ["23.4%", "n = 412"], "n": 412}),
    "fig.png": _png({"Software": "matplotlib"}),
    "table.csv": "district,Unweighted n,percent\nBasra,412,23.4\n",
    "notes.md": "# Method\nWeighted, design-based estimates; bases of 25-49 in brackets.\n",
    "book.xlsx": lambda p: _xlsx(p, comment="checked against R", creator="wpsresearch"),
    "doc.pdf": lambda p: _pdf(p, Title="Women's Safety Survey: Basra", Author="wpsresearch"),
    "micro.parquet": lambda p: pd.DataFrame({"respondent_id": ["a1", "b2"], "n_adults": [2, 3]}).to_parquet(p),
}
# the build's team files (data/processed): enumerator codes in microdata and in a table keyed
# by the enumerator column; never in the dictionary
TEAM = {
    "respondents.parquet": lambda p: pd.DataFrame({"respondent_id": ["a1", "b2"], "n_adults": [2, 3],
                                                   "enumerator": [ENUM, "enum_11"]}).to_parquet(p),
    "enumerator_summary.csv": f"enumerator,interviews,removed\n{ENUM},40,2\n",
    "cleaning_log.csv": ("uuid,question,old_value,new_value,issue,change_type,check_id\n"
                         f"ab12,duration,,,interview of {ENUM} took 4 minutes,no_action,duration\n"),
    "dictionary.csv": "variable,choices\nenumerator,(not listed)\n",
}


def test_clean_outputs_in_every_format_pass(tmp_path, identifiers):
    folder = _stage(tmp_path / "clean", CLEAN)
    assert wps.privacy.scan_outputs([folder], identifiers=identifiers) == []


def test_enumerator_codes_stay_in_the_team_files_only(tmp_path, identifiers):
    ids = {**identifiers, "staff_column": {"enumerator"}}
    folder = _stage(tmp_path / "team", TEAM)
    assert wps.privacy.scan_outputs([folder], identifiers=ids, check_counts=False, processed=True) == []
    staff = wps.privacy.export_gate.KIND_MESSAGES["staff"]
    # published, the same files give the codes away
    found = wps.privacy.scan_outputs([folder], identifiers=ids, check_counts=False)
    assert {Path(f.file).name for f in found if f.kind == staff} == {
        "respondents.parquet", "enumerator_summary.csv", "cleaning_log.csv"}
    # a dictionary listing the codes is a finding in the team's folder too
    (folder / "dictionary.csv").write_text(f"variable,choices\nenumerator,{ENUM}=Enumerator 7\n")
    found = wps.privacy.scan_outputs([folder], identifiers=ids, check_counts=False, processed=True)
    assert [(Path(f.file).name, f.kind) for f in found] == [("dictionary.csv", staff)]


@pytest.mark.parametrize("damage", ["truncated", "image_data_changed"])
def test_a_damaged_png_fails_closed(tmp_path, identifiers, damage):
    """The gate reads a PNG's text chunks without decoding its pixels; a file whose image data
    is cut short or damaged is still one the gate could not read (as when it decoded them)."""
    buf = io.BytesIO()
    Image.effect_noise((64, 64), 40).convert("RGB").save(buf, format="PNG", pnginfo=PngInfo())
    data = bytearray(buf.getvalue())
    if damage == "truncated":
        data = data[: len(data) // 2]
    else:
        start = data.index(b"IDAT") + 20
        data[start:start + 8] = bytes(8)
    folder = _stage(tmp_path / "damaged", {"chart.png": bytes(data)})
    findings = wps.privacy.scan_outputs([folder], identifiers=identifiers)
    assert any("could not be read" in str(f) for f in findings), findings
