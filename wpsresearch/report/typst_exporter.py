"""nbconvert exporters to Typst markup and to PDF (through the ``typst`` wheel, no browser).

Modelled on nbconvert's LaTeX path (``LatexExporter`` → ``PDFExporter``): a template exporter
(``templates/wps_typst/index.typ.j2``) turns each cell into Typst, and the PDF exporter
compiles the result.  Where the LaTeX path asks each result for ``_repr_latex_``, this one
sets the rendering the HTML report shows and the disclosure gate checked — report tables
(``text/html``, counts in ``data-n``), figures (PNG/SVG) — through
:func:`~wpsresearch.report.typst_markup.html_to_typst`, so the PDF cannot show a number the
HTML did not.  Markdown cells are rendered to HTML by nbconvert's own markdown filter first.

>>> import nbformat
>>> from wpsresearch.report.typst_exporter import TypstExporter
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Results")])
>>> source, _ = TypstExporter(lang="en").from_notebook_node(nb)
>>> "#heading(level: 1)[Results]" in source
True
"""

from __future__ import annotations

import base64
import functools
import html
from importlib import resources
from pathlib import Path

from nbconvert.exporters import TemplateExporter
from traitlets import Unicode, default

__all__ = ["TypstExporter", "TypstPDFExporter", "export_pdf", "page_shell_typst"]


def _template_base() -> str:
    return str(Path(str(resources.files("wpsresearch.report.templates"))))


def page_shell_typst(*, lang: str, title: str, synthetic: bool, labels, meta: str = "") -> str:
    """The PDF's top: SYNTHETIC banner, title and meta line, as the HTML page shows them."""
    from wpsresearch.report.typst_markup import html_to_typst

    banner = (f'<div class="synthetic-banner" role="note">{html.escape(labels.get("synthetic_stamp", lang))}'
              f'<br>{html.escape(labels.get("synthetic_note", lang))}</div>') if synthetic else ""
    return html_to_typst(f'{banner}<h1>{html.escape(title)}</h1>'
                         f'<p class="report-meta">{html.escape(meta)}</p>', lang=lang).source


class TypstExporter(TemplateExporter):
    """Notebook → Typst markup (``text/x-typst``); images are returned in
    ``resources["typst_files"]`` as ``{name: bytes}``."""

    export_from_notebook = "Typst (wpsresearch)"
    output_mimetype = "text/x-typst"
    lang = Unicode("en", help="report language: 'en' or 'ar' (sets direction and fonts)").tag(config=True)
    title = Unicode("", help="document title").tag(config=True)

    @default("file_extension")
    def _file_extension_default(self):
        return ".typ"

    @default("template_name")
    def _template_name_default(self):
        return "wps_typst"

    @default("template_file")
    def _template_file_default(self):
        return "index.typ.j2"  # also for the PDF exporter, whose extension is .pdf

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self):
        return [_template_base()]

    def from_notebook_node(self, nb, resources=None, **kw):
        from wpsresearch.report.typst_markup import html_to_typst
        from wpsresearch.report.typst_pdf import document_preamble

        files: dict = {}
        lang = self.lang

        def html2typst(text):
            return html_to_typst(text, lang=lang, files=files).source

        def typst_image(data, kind):
            return html2typst(f'<img src="data:image/{kind};base64,{data.strip()}" alt="">'
                              if kind != "svg+xml" else
                              f'<img src="data:image/svg+xml;base64,'
                              f'{base64.b64encode(data.encode("utf-8")).decode("ascii")}" alt="">')

        self.environment.filters["html2typst"] = html2typst
        self.environment.filters["typst_image"] = typst_image
        resources = self._init_resources(resources)
        shell = resources.get("wps_typst", {})
        shell.setdefault("preamble", document_preamble(lang=lang, title=self.title))
        shell.setdefault("shell", "")
        resources["wps_typst"] = shell
        output, resources = super().from_notebook_node(nb, resources, **kw)
        resources["typst_files"] = files
        return output, resources


class TypstPDFExporter(TypstExporter):
    """Notebook → PDF bytes, set by Typst with the bundled fonts (no browser, no LaTeX)."""

    export_from_notebook = "PDF via Typst (wpsresearch)"
    output_mimetype = "application/pdf"

    @default("file_extension")
    def _file_extension_default(self):
        return ".pdf"

    def from_notebook_node(self, nb, resources=None, **kw):
        from wpsresearch.report.typst_pdf import compile_pdf

        source, resources = super().from_notebook_node(nb, resources, **kw)
        resources["typst_source"] = source
        return compile_pdf(source, files=resources["typst_files"]), resources


@functools.lru_cache(maxsize=4)
def _pdf_exporter(lang: str) -> TypstPDFExporter:
    """One exporter per language for the process: its Jinja templates are compiled once."""
    from wpsresearch.report.offline_html import export_config

    return TypstPDFExporter(config=export_config(lang), lang=lang)


def export_pdf(nb, *, lang: str, title: str, synthetic: bool, labels, meta: str = "") -> bytes:
    """The cells of ``lang`` (``lang-<other>`` cells dropped, code hidden) as PDF bytes —
    the same selection :func:`~wpsresearch.report.offline_html.export_html` renders.

    Raises
    ------
    ReportError
        When nbconvert or Typst fails (the message says which).
    """
    from wpsresearch.errors import ReportError
    from wpsresearch.report.offline_html import strip_widget_state

    exporter = _pdf_exporter(lang)
    exporter.title = title
    shell = page_shell_typst(lang=lang, title=title, synthetic=synthetic, labels=labels, meta=meta)
    try:
        pdf, _ = exporter.from_notebook_node(strip_widget_state(nb),
                                             resources={"wps_typst": {"shell": shell}})
    except ReportError:
        raise
    except Exception as exc:  # nbconvert/jinja errors: say which step failed
        raise ReportError(f"nbconvert could not render the notebook as Typst "
                          f"({type(exc).__name__}: {exc})",
                          hint="open the executed notebook beside the report to see the cell") from None
    return pdf
