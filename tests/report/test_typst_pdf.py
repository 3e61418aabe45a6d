"""PDF through Typst (no browser): markup escaping, Arabic order, tables, images, metadata.

Text is read back with poppler's ``pdftotext`` (what the disclosure gate and a reader's
copy-paste see).  Before comparing, :func:`reading` drops what is pdftotext's reconstruction
rather than our order: Arabic diacritics (it places a mark before its letter in right-to-left
text) and the spaces beside punctuation (a PDF has no space glyphs; pdftotext guesses which
side of a colon a gap belongs to).  Words and numbers must still come in reading order.
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import subprocess

import pytest

from wpsresearch.report.typst_markup import escape, html_to_typst
from wpsresearch.report.typst_pdf import compile_pdf, document_preamble, html_to_pdf

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="poppler-utils (pdftotext) not installed")
_HARAKAT = re.compile("[\u064b-\u065f\u0670\u0640]")


def reading(text: str) -> str:
    """Text without diacritics, bidi controls, or spaces beside punctuation; one space runs."""
    text = _HARAKAT.sub("", re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text))
    text = re.sub(r"\s*([:;؛،,.()·=\[\]—])\s*", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(pdf: bytes, tmp_path, *args) -> str:
    path = tmp_path / "t.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    # pdftotext marks right-to-left runs with embedding controls; they are not text
    return _HARAKAT.sub("", re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", out))


@needs_pdftotext
def test_every_markup_character_prints_as_typed(tmp_path):
    text = r"""1. a -- b ... c = d + e /* f */ // g <h> @i [j] ~k $l$ #m *n* _o_ `p` (s) \t {u} x|y ^z & 100%"""
    pdf = compile_pdf(document_preamble(lang="en", title="t") + escape(text))
    assert pdf_text(pdf, tmp_path).split()[:-1] == text.split()  # [-1]: the page number


@needs_pdftotext
def test_arabic_title_and_ranges_read_in_logical_order(tmp_path):
    title = "مسح سلامة المرأة (بيانات مُصطنعة) — البصرة"
    page = (f'<html lang="ar" dir="rtl"><head><title>{title}</title></head><body><h1>{title}</h1>'
            "<p>تعرّضت 23.4% من النساء (فترة الثقة 19.2–27.8؛ العدد = 1,204).</p>"
            '<table><tr><th>المؤشر</th><th>فترة الثقة 95%</th></tr>'
            "<tr><td>الثقة بالشرطة</td><td>44.6 – 65.4</td></tr></table></body></html>")
    text = pdf_text(html_to_pdf(page, lang="ar"), tmp_path)
    assert _HARAKAT.sub("", title) in text
    for number in ("23.4%", "19.2–27.8", "1,204", "44.6 – 65.4"):
        assert number in text, (number, text)
    assert "27.8–19.2" not in text and "65.4 – 44.6" not in text
    # the check can fail: the same paragraph without the isolation reads backwards
    bare = document_preamble(lang="ar", title="t") + escape("فترة الثقة 19.2–27.8 هنا")
    assert "27.8–19.2" in pdf_text(compile_pdf(bare), tmp_path)


def test_numbers_in_right_to_left_text_are_isolated_boxes():
    doc = html_to_typst("<p>من 44.6 إلى [12.3] و ٤٥٫٢–٦٠٫١</p>", lang="ar")
    assert doc.source.count("#box(text(dir: ltr)") == 3
    assert "box" not in html_to_typst("<p>from 44.6 to 65.4</p>", lang="en").source


def test_a_bracket_goes_into_a_number_box_only_with_its_partner():
    """ "(فترات ثقة 95%)": the ")" belongs to the Arabic prose; boxed with 95% it showed on
    the wrong side.  A bracketed range "(10.1–14.9)" stays one left-to-right unit."""
    doc = html_to_typst("<p>النتائج (فترات ثقة 95%) و (10.1–14.9)</p>", lang="ar").source
    boxes = re.findall(r"#box\(text\(dir: ltr\)\[(.*?)\]\);", doc)
    assert boxes == ["95%", "\\(10\\.1–14\\.9\\)"], boxes
    doc = html_to_typst("<p>من [12.3]–[14.0] و (1)–(2)</p>", lang="ar").source
    assert re.findall(r"#box\(text\(dir: ltr\)\[(.*?)\]\);", doc) == [
        "\\[12\\.3\\]–\\[14\\.0\\]", "\\(1\\)–\\(2\\)"]


@needs_pdftotext
def test_tables_with_spans_keep_every_cell(tmp_path):
    page = ("<table><caption>Caption here</caption><thead><tr><th rowspan='2'>Group</th>"
            "<th colspan='2'>Share</th></tr><tr><th>Women</th><th>Men</th></tr></thead>"
            "<tbody><tr><th scope='row'>Basra</th><td class='number'>12.5</td>"
            "<td class='count' data-n='40'>40</td></tr></tbody></table>")
    doc = html_to_typst(page, lang="en")
    assert "columns: 3" in doc.source and "colspan: 2" in doc.source and "rowspan: 2" in doc.source
    text = pdf_text(html_to_pdf(page, lang="en"), tmp_path)
    for word in ("Caption here", "Group", "Share", "Women", "Men", "Basra", "12.5", "40"):
        assert word in text


def _png(width_px=300, dpi=100) -> bytes:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_px / dpi, 1))
    fig.text(0.1, 0.5, "figure text")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def test_images_are_embedded_at_their_drawn_width_and_nothing_is_fetched():
    png = base64.b64encode(_png()).decode("ascii")
    doc = html_to_typst(f'<figure><img src="data:image/png;base64,{png}" alt="chart">'
                        '<figcaption>Note</figcaption></figure>'
                        '<img src="https://example.org/x.png" alt="remote picture">', lang="en")
    assert list(doc.files) == ["image-1.png"] and doc.files["image-1.png"][:4] == b"\x89PNG"
    assert 'width: 3.000in' in doc.source            # 300 px at 100 dpi
    assert "example.org" not in doc.source and "remote picture" in doc.source
    pdf = html_to_pdf(f'<img src="data:image/png;base64,{png}" alt="chart">', lang="en")
    assert pdf.startswith(b"%PDF-")


def test_an_image_width_in_css_pixels_and_a_block_kept_together():
    """``<img width>`` (CSS px, 96 to the inch) sets the printed width; a ``keep-together``
    box is one unbreakable block (never split across pages)."""
    svg = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" width="480" height="96"/>').decode("ascii")
    doc = html_to_typst(f'<div class="keep-together"><h3>T</h3><img src="data:image/svg+xml;base64,{svg}" '
                        'width="480" alt="c"></div><img src="data:image/svg+xml;base64,' + svg + '" alt="d">',
                        lang="en")
    first, second = re.findall(r"#image\([^)]*\)", doc.source)
    assert "width: 5.000in" in first and "width: 100%" in second
    assert doc.source.startswith("#block(width: 100%, breakable: false)[#heading(level: 3)[T]")


def test_pdf_metadata_names_no_person_machine_or_date():
    from pypdf import PdfReader

    pdf = html_to_pdf("<html><head><title>Basra report</title></head><body>x</body></html>",
                      lang="en")
    reader = PdfReader(io.BytesIO(pdf))
    info = {k: str(v) for k, v in (reader.metadata or {}).items()}
    assert info.get("/Title") == "Basra report"
    assert set(info) <= {"/Title", "/Creator", "/Producer"}, info
    xmp = reader.xmp_metadata
    raw = xmp.stream.get_data().decode("utf-8") if xmp is not None else ""
    for field in ("dc:creator", "xmp:CreateDate", "xmp:ModifyDate", "pdf:Keywords"):
        assert field not in raw
    assert os.environ.get("USER", "nobody-here") not in pdf.decode("latin-1")
    # the same page gives the same bytes (no date, no random id)
    assert html_to_pdf("<html><head><title>Basra report</title></head><body>x</body></html>",
                       lang="en") == pdf


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_only_bundled_fonts_are_embedded_and_subset(tmp_path):
    path = tmp_path / "f.pdf"
    path.write_bytes(html_to_pdf("<p>English and العربية <b>bold</b> <code>x = 1</code></p>",
                                 lang="ar"))
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout.splitlines()[2:]
    names = [row.split()[0] for row in rows]
    assert names and all("+" in n for n in names), names            # subset prefix ABCDEF+
    assert {n.split("+")[1].split("-")[0] for n in names} <= {"Amiri", "DejaVuSans", "DejaVuSansMono"}


def test_pdf_is_made_without_any_browser_on_path(monkeypatch, tmp_path):
    import nbformat

    from wpsresearch.labels import Labels
    from wpsresearch.report.typst_exporter import export_pdf

    monkeypatch.setenv("PATH", str(tmp_path))             # no chromium, chrome or edge
    monkeypatch.delenv("WPSRESEARCH_BROWSER", raising=False)
    v4 = nbformat.v4
    cell = v4.new_code_cell("t")
    cell.outputs = [v4.new_output("display_data", data={
        "text/html": '<div class="wps-table" dir="rtl"><table><tr><th>العدد</th></tr>'
                     '<tr data-n="412"><td>412</td></tr></table></div>'})]
    nb = v4.new_notebook(cells=[v4.new_markdown_cell("## نتائج"), cell])
    pdf = export_pdf(nb, lang="ar", title="تقرير", synthetic=True, labels=Labels.default())
    assert pdf.startswith(b"%PDF-") and b"Chrom" not in pdf
