"""PDF with nothing outside pip: the ``typst`` wheel, the package's own fonts, no browser.

Typst is a self-contained typesetting compiler (HarfBuzz-quality shaping through rustybuzz,
Unicode bidi, font subsetting) shipped as one wheel for Windows, macOS and Linux, so a report
prints the same on a scholar's laptop and on a server.  A page compiles in milliseconds.

Two entry points, both reusable outside reports (the monitor's scorecards use them):

- :func:`compile_pdf` — Typst source (+ the images it names) in, PDF bytes out;
- :func:`html_to_pdf` — a report HTML page in (:mod:`~wpsresearch.report.offline_html`, a fact
  sheet), PDF bytes out, set from the same HTML the gate checked.

Fonts: only the bundled Amiri (Arabic, ``wpsresearch/viz/fonts``) and matplotlib's DejaVu
Sans (Latin) are offered to the compiler — system fonts are ignored, so no machine's fonts
change a report — and Typst embeds only the glyphs used (subset).  Metadata: a title and the
language, no author, no date, no keywords (nothing that could identify a person or a machine;
the same input gives byte-identical PDFs).
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from wpsresearch.errors import ReportError

__all__ = ["compile_pdf", "html_to_pdf", "document_preamble", "font_dirs"]

FAMILIES = {"ar": ("Amiri", "DejaVu Sans"), "en": ("DejaVu Sans", "Amiri")}


def font_dirs() -> list[str]:
    """Folders holding the only fonts a PDF may use: the bundled Amiri and DejaVu Sans."""
    from wpsresearch.viz.typefaces import font_file

    return sorted({str(font_file(lang).parent) for lang in ("ar", "en")})


@functools.lru_cache(maxsize=1)
def _fonts():
    import typst

    # scanned once per process; system fonts never (a report must not depend on the machine)
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                       font_paths=font_dirs())


def document_preamble(*, lang: str, title: str, size: str = "10.5pt",
                      margin_mm: float | None = None) -> str:
    """The Typst set rules every wpsresearch PDF starts with (A4, fonts, direction, metadata).

    >>> print(document_preamble(lang="ar", title="تقرير").splitlines()[0])
    #set document(title: "تقرير", author: (), keywords: (), date: none)
    """
    from wpsresearch.report.typst_markup import PAGE_MARGIN_MM

    fonts = ", ".join(f'"{f}"' for f in FAMILIES["ar" if lang == "ar" else "en"])
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    margin = PAGE_MARGIN_MM if margin_mm is None else margin_mm
    return (f'#set document(title: "{quoted}", author: (), keywords: (), date: none)\n'
            f'#set page(paper: "a4", margin: {margin:g}mm, numbering: "1")\n'
            f'#set text(font: ({fonts},), size: {size}, lang: "{lang}", '
            f'dir: {"rtl" if lang == "ar" else "ltr"})\n'
            f"#set par(justify: false, leading: {'0.8em' if lang == 'ar' else '0.65em'})\n"
            "#set heading(numbering: none)\n"
            "#show heading.where(level: 1): set text(size: 16pt)\n"
            "#show heading.where(level: 2): set text(size: 13pt)\n"
            "#show heading.where(level: 3): set text(size: 11.5pt)\n")


def compile_pdf(source: str, *, files: dict | None = None) -> bytes:
    """Compile Typst ``source`` to PDF bytes with the bundled fonts.

    Parameters
    ----------
    source : str
        A whole Typst document (start it with :func:`document_preamble`).
    files : dict, optional
        ``{name: bytes}`` the source refers to (images), placed beside it.

    Returns
    -------
    bytes

    Raises
    ------
    ReportError
        When Typst refuses the source (the message names the Typst error).

    Examples
    --------
    >>> pdf = compile_pdf(document_preamble(lang="en", title="t") + "Hello")
    >>> pdf[:5]
    b'%PDF-'
    """
    import typst

    with tempfile.TemporaryDirectory(prefix="wps-typst-", ignore_cleanup_errors=True) as root:
        for name, data in (files or {}).items():
            (Path(root) / name).write_bytes(data)
        main = Path(root) / "main.typ"
        main.write_text(source, encoding="utf-8")
        try:
            return typst.compile(str(main), root=root, font_paths=_fonts(), format="pdf")
        except typst.TypstError as exc:
            raise ReportError(f"Typst could not set the PDF: {exc.message}",
                              hint="this is a bug in wpsresearch's PDF markup; "
                                   "export --to html meanwhile") from None


def html_to_pdf(page: str, *, lang: str, title: str | None = None,
                margin_mm: float | None = None, size: str = "10.5pt") -> bytes:
    """A report HTML page (or fragment) as PDF bytes, set by Typst.

    Parameters
    ----------
    page : str
        Self-contained HTML (images as ``data:`` URIs; nothing is fetched).
    lang : {"en", "ar"}
    title : str, optional
        PDF title (default: the page's ``<title>``).
    margin_mm : float, optional
        Page margin (default 15 mm; a fact sheet uses 10 mm).
    size : str, default "10.5pt"
        Body text size.

    Examples
    --------
    >>> pdf = html_to_pdf('<html><head><title>T</title></head><body><h1>T</h1>'
    ...                   '<table><tr><th>n</th></tr><tr><td class="count">40</td></tr></table>'
    ...                   '</body></html>', lang="en")
    >>> pdf[:5]
    b'%PDF-'
    """
    import re

    from wpsresearch.report.typst_markup import html_to_typst

    if title is None:
        found = re.search(r"<title>(.*?)</title>", page, re.S)
        import html as _html

        title = _html.unescape(found.group(1)).strip() if found else ""
    doc = html_to_typst(page, lang=lang)
    preamble = document_preamble(lang=lang, title=title, margin_mm=margin_mm, size=size)
    return compile_pdf(preamble + doc.source, files=doc.files)
