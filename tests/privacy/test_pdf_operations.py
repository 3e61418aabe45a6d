"""The gate's PDF content-stream parser (output_readers._content_operations) makes exactly the
operations pypdf's own parser makes, and the text read from a PDF is pypdf's."""

from __future__ import annotations

import pytest

pypdf = pytest.importorskip("pypdf")

from pypdf.generic import ContentStream, DecodedStreamObject  # noqa: E402

from wpsresearch.privacy.output_readers import _content_operations, _page_text  # noqa: E402


def _same(a, b) -> bool:
    """Equal and of the same types all the way down (a NumberObject is not a FloatObject,
    a TextStringObject not a ByteStringObject), attributes included."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return getattr(a, "__dict__", None) == getattr(b, "__dict__", None) and a == b


def _pypdf_operations(data: bytes, forced_encoding="bytes"):
    stream = DecodedStreamObject()
    stream.set_data(data)
    try:
        return ContentStream(stream, None, forced_encoding).operations
    except Exception as error:  # noqa: BLE001 - the same refusal is expected
        return type(error)


def _check(data: bytes, forced_encoding="bytes"):
    expected = _pypdf_operations(data, forced_encoding)
    try:
        fast = _content_operations(data, forced_encoding)
    except Exception as error:  # noqa: BLE001
        fast = type(error)
    if fast is None:  # left to pypdf: it must then be something pypdf reads differently
        return "left to pypdf"
    assert isinstance(fast, type) == isinstance(expected, type), (data, fast, expected)
    if isinstance(fast, type):
        assert fast is expected
    else:
        assert _same(fast, expected), data
    return "parsed"


STREAMS = [
    b"",
    b"  \n\r\t\x00 ",
    b"q 1 0 0 -1 542.8759 202.45435 cm/c0 cs 0 scn\nBT 0 Tr/f0 13 Tf 1 0 0 -1 0 0 Tm"
    b"[(\\000s\\000\\031)]TJ\nET\nQ\n",
    b"/Span<</MCID 0/Alt<FEFF0627064406460020>>>BDC\nEMC",
    b"BT/F1 12 Tf 72 712 Td (Hello World) Tj ET",
    b"[(A)-122(B) 5 (C)<0041 42>]TJ",  # a hex string with a space: pypdf's own reading
    b"[(A)(B)<00410042><414>]TJ [] TJ [ ] TJ",
    b"(nested (brackets) kept) Tj (escapes \\n\\r\\t\\b\\f\\(\\)\\\\ \\101\\7\\0777\\q) Tj",
    b"(line \\\r\ncontinued) Tj (end \\\nx) Tj",
    rb"(escapes \n\r\t\b\f\(\)\\ \/\%\<\>\[\]\#\_\&\$ \101\7\0777\777\400\3770\1) Tj",
    rb"[(\000s\000\031)(a\)b)-12(\\)] TJ (\q unknown) Tj [(\q)] TJ",
    b"/Name#20With#23Hash 1 Tf /\xe9t\xe9 1 Tf /\xff\xfe 2 Tf /a/b/c d",
    b"1,5 2.5 -3 +4 .5 -.5 5. 0 1.2.3 ++1 --2 - + . x",
    b",5 Tj",
    b"12345678901234567890123 0 0 RG 123456789012345678 1 d",
    b"1 0 R 2 0 obj 3 0 Rx",  # an object reference: pypdf refuses it
    b"[1 0 R] TJ",
    b"% a comment\nq %another\rQ % last, no line end",
    b"[(a) % comment in an array\n(b)] TJ",
    b"[[1 2] (x)] d [/Name (x)] TJ [true false null] TJ [1 2",  # an array never closed
    b"true false null BT ET ' \" T* Tj' x\"y",
    b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q",
    b"q\x0bQ",  # \v: whitespace in an array for pypdf, not between operators
    b"<< /A 1 /B [2 3] /C <</D (e)>> >> BDC EMC <</Unclosed 1",
    b"<4>Tj <GG>Tj <> Tj <0 1>Tj",
    b"<5C305C6E2829>Tj [<005C0028>(\\\\)<5C>]TJ",  # hex strings of \\, ( and ): no escapes
    b"(unclosed string Tj",
    b"{ } ) ]",
    b"\xe9\xe9 Tj",
    b"1 2 m 3 4 l S " * 2000,
    b"[" + b"(x)" * 5000 + b"] TJ",
    b"A" * 99 + b" " + b"B" * 101 + b" C",  # a long operator is left to pypdf
    b"C" * 200 + b" D",  # one pypdf refuses
    b"[1 " + b"7" * 30 + b" (x)] TJ",  # a long number: pypdf reads on past its look-ahead
    b"[1 " + b"7" * 70 + b" (x)] TJ",  # too long: pypdf refuses
    b"8" * 70 + b" w",
]


@pytest.mark.parametrize("data", STREAMS, ids=range(len(STREAMS)))
@pytest.mark.parametrize("forced_encoding", ["bytes", None])
def test_made_up_streams_are_parsed_as_pypdf_parses_them(data, forced_encoding):
    _check(data, forced_encoding)


def test_the_common_tokens_are_parsed_here_not_left_to_pypdf():
    assert _check(STREAMS[2]) == "parsed"
    assert _check(STREAMS[5]) == "parsed"
    assert _content_operations(b"BI /W 1 ID x EI", "bytes") is None


def _pypdf_text(path) -> str:
    """The gate's text of a PDF as read with pypdf (``_pdf_text`` without pdftotext)."""
    return "\f".join(_page_text(page) for page in pypdf.PdfReader(path).pages)


def _typst_pdf(tmp_path, lang):
    from wpsresearch.report.typst_pdf import html_to_pdf

    rows = "".join(f"<tr><td>Row {i} (a) [b]</td><td>{i * 1.5:.1f}%</td><td>{i}</td></tr>"
                   for i in range(40))
    text = ("النساء اللواتي يشعرن بعدم الأمان — ٣٤٪" if lang == "ar"
            else "Women who feel unsafe — 34% (n = 1,208); back\\slash")
    html = (f'<html lang="{lang}"><body><h1>{text}</h1><p>{text} {text}</p>'
            f"<table><tr><th>What</th><th>%</th><th>n</th></tr>{rows}</table></body></html>")
    path = tmp_path / f"{lang}.pdf"
    path.write_bytes(html_to_pdf(html, lang=lang))
    return path


def _matplotlib_pdf(tmp_path):
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"pdf.fonttype": 42}):
        fig = Figure(figsize=(3, 2))
        fig.text(0.1, 0.5, "Interview (Basra) \\ 42% [n=12]")
        fig.text(0.1, 0.2, "Type 3", fontsize=14, rotation=30)
        path = tmp_path / "figure.pdf"
        fig.savefig(path)
    return path


@pytest.mark.parametrize("make", ["en", "ar", "matplotlib"])
def test_every_page_of_real_pdfs_parses_as_pypdf_and_reads_the_same_text(tmp_path, make):
    path = _matplotlib_pdf(tmp_path) if make == "matplotlib" else _typst_pdf(tmp_path, make)
    reader = pypdf.PdfReader(path)
    for page in reader.pages:
        stream = ContentStream(page["/Contents"].get_object(), reader, "bytes")
        fast = _content_operations(stream.get_data(), stream.forced_encoding)
        expected = ContentStream(page["/Contents"].get_object(), reader, "bytes").operations
        assert fast is not None and _same(fast, expected)
    plain = "\f".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)
    assert _pypdf_text(path) == plain  # (where pdftotext is installed the gate reads with it)
    assert plain.strip()


def test_the_collector_is_left_as_it_was():
    import gc

    from wpsresearch.privacy.output_readers import _no_cyclic_gc

    assert gc.isenabled()
    with _no_cyclic_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with _no_cyclic_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_pypdf_without_the_private_parts_parses_the_stream_itself(tmp_path, monkeypatch):
    """The parser uses pypdf 7's private parts; on a release without them pypdf parses every
    stream itself and the gate reads the same text."""
    import builtins

    path = _typst_pdf(tmp_path, "ar")
    expected = _pypdf_text(path)
    real_import = builtins.__import__

    def no_private(name, *args, **kwargs):
        if name in ("pypdf._configuration", "pypdf.generic._data_structures"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(builtins, "__import__", no_private)
        assert _content_operations(b"BT /F1 12 Tf (x) Tj ET", "bytes") is None
        assert _pypdf_text(path) == expected
