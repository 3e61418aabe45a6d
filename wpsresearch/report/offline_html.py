"""Export an executed notebook to one self-contained, offline HTML page per language.

nbconvert's default "lab" template loads require.js and MathJax from CDNs, which leaks a
reader's IP address and breaks offline.  The "basic" template renders only the cells; this
module wraps them in its own page: inline stylesheet, the Arabic font embedded as a base64
``@font-face``, images as ``data:`` URIs, a Content-Security-Policy that forbids every
network load, ``<html lang dir>`` set per language, and the SYNTHETIC banner on top.
:func:`external_resources` then proves the page loads nothing from elsewhere.
"""

from __future__ import annotations

import base64
import functools
import html
import re
from html.parser import HTMLParser
from importlib import resources

from wpsresearch.errors import ReportError

__all__ = ["export_html", "external_resources", "hide_anchor_links", "page_shell"]

LANG_TAGS = {"en": "lang-en", "ar": "lang-ar"}
# No script at all; images, fonts and styles only from the page itself.
_CSP = ("default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
        "base-uri 'none'; form-action 'none'")
_URL_ATTRS = {"src", "href", "srcset", "poster", "data", "action", "formaction", "background",
              "xlink:href", "manifest", "codebase", "cite", "longdesc", "ping"}


@functools.lru_cache(maxsize=1)
def _css() -> str:
    return resources.files("wpsresearch.report.templates").joinpath("report.css").read_text("utf-8")


# Characters every Arabic page may need whatever it says: printable ASCII, the Arabic letters,
# marks, digits and punctuation, and the typographic signs the reports use.  Subsetting to
# the page's own characters *plus* these makes nearly every page ask for the same subset, so
# the (slow, ~3 s per font) subsetting runs once and is then read from the cache.
_BASE_CHARS = frozenset(
    [chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0x0621, 0x0656)]
    + [chr(c) for c in range(0x0660, 0x066E)] + list("،؛؟ـٰ–—·•…†‡×÷±≤≥%٪«»“”‘’\u00a0\u200f\u200e\u2066\u2067\u2068\u2069"))


def _cache_dir():
    import os
    from pathlib import Path

    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "wpsresearch" / "fonts"


@functools.lru_cache(maxsize=8)
def _subset_font(path: str, chars: frozenset) -> bytes:
    """``path`` subset (fontTools) to the glyphs ``chars`` need, all OpenType features kept
    (Arabic joining forms, ligatures and mark positioning come from them), as WOFF."""
    import hashlib
    import io
    from pathlib import Path

    from fontTools import subset
    from fontTools.ttLib import TTFont

    text = "".join(sorted(chars))
    data = Path(path).read_bytes()
    # "fixed-time": subsets made since the font's own timestamp is kept (older cached ones
    # carried the time they were made)
    key = hashlib.sha256(data + text.encode("utf-8") + subset.__name__.encode() + b"fixed-time").hexdigest()[:32]
    cached = _cache_dir() / f"{Path(path).stem}-{key}.woff"
    if cached.is_file():
        return cached.read_bytes()
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]        # keep the licence and copyright names (OFL)
    options.notdef_outline = True
    # the font's own 'head' timestamp kept: saving would stamp the time of day into every
    # Arabic page otherwise (two processes making the same page a second apart differed)
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    font.flavor = "woff"            # zlib-compressed tables (stdlib; WOFF2 would need brotli)
    out = io.BytesIO()
    font.save(out)
    try:  # a cache, never required: a read-only home still gets its fonts
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{key[:6]}.tmp")
        tmp.write_bytes(out.getvalue())
        tmp.replace(cached)
    except OSError:
        pass
    return out.getvalue()


def _arabic_font_face(text: str) -> str:
    """``@font-face`` rules embedding Amiri subset to the characters ``text`` uses."""
    import re

    from wpsresearch.viz.typefaces import font_file

    chars = frozenset(re.sub(r"data:[^\"')\s]+", "", text)) | _BASE_CHARS
    faces = []
    for weight in ("normal", "bold"):
        data = base64.b64encode(_subset_font(str(font_file("ar", weight)), chars)).decode("ascii")
        faces.append(f'@font-face {{ font-family: "WPS Amiri"; font-weight: {weight}; '
                     f'src: url("data:font/woff;base64,{data}") format("woff"); }}')
    return "\n".join(faces)


_ANCHOR_LINK = re.compile(r"<a\b(?=[^>]*\bclass=\"[^\"]*\banchor-link\b)([^>]*)>")


def hide_anchor_links(body: str) -> str:
    """nbconvert's heading anchors (``<a class="anchor-link">¶</a>``) hidden from screen
    readers and taken out of the tab order: a reader of the page hears each heading once,
    not followed by "pilcrow, link".

    Examples
    --------
    >>> hide_anchor_links('<h2 id="x">Results<a class="anchor-link" href="#x">¶</a></h2>')
    '<h2 id="x">Results<a class="anchor-link" href="#x" aria-hidden="true" tabindex="-1">¶</a></h2>'
    >>> hide_anchor_links(hide_anchor_links('<a class="anchor-link" href="#x">¶</a>')).count("aria-hidden")
    1
    """
    def hidden(match):
        attrs = match.group(1)
        attrs += "" if "aria-hidden=" in attrs else ' aria-hidden="true"'
        attrs += "" if "tabindex=" in attrs else ' tabindex="-1"'
        return f"<a{attrs}>"

    return _ANCHOR_LINK.sub(hidden, body)


def page_shell(body: str, *, lang: str, title: str, synthetic: bool, labels, meta: str = "") -> str:
    """The whole page around the notebook's rendered cells (heading anchors hidden from
    screen readers: :func:`hide_anchor_links`)."""
    rtl = lang == "ar"
    body = hide_anchor_links(body)
    banner = (f'<div class="synthetic-banner" role="note">{html.escape(labels.get("synthetic_stamp", lang))}'
              f'<br>{html.escape(labels.get("synthetic_note", lang))}</div>') if synthetic else ""
    fonts = _arabic_font_face(f"{title} {meta} {banner} {body}") if rtl else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}" dir="{"rtl" if rtl else "ltr"}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{fonts}\n{_css()}</style>\n</head>\n<body>\n"
        f"{banner}\n<h1>{html.escape(title)}</h1>\n"
        f'<p class="report-meta">{html.escape(meta)}</p>\n{body}\n</body>\n</html>\n'
    )


def strip_widget_state(nb):
    """A copy of ``nb`` without widget state (it makes nbconvert emit a CDN ``<script>`` for
    the widget manager); ``nb`` is not changed.

    Only the notebook's and the cells' metadata are new: the outputs (images included) are
    shared, since nbconvert deep-copies the notebook itself before its preprocessors change it.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    >>> nb.metadata["widgets"] = nb.cells[0].metadata["widgets"] = {"state": {}}
    >>> out = strip_widget_state(nb)
    >>> "widgets" in out.metadata or "widgets" in out.cells[0].metadata, "widgets" in nb.metadata
    (False, True)
    """
    from nbformat import NotebookNode

    def without(meta):
        return NotebookNode({k: v for k, v in meta.items() if k != "widgets"})

    out = NotebookNode(nb)
    out.metadata = without(nb.metadata)
    out.cells = [NotebookNode({**cell, "metadata": without(cell.get("metadata", {}))}) for cell in nb.cells]
    return out


def export_config(lang: str):
    """nbconvert config shared by the HTML and PDF exports: the other language's cells and
    ``remove-cell`` cells dropped, code and prompts hidden; the notebook validated once."""
    from traitlets.config import Config

    other = {t for code, t in LANG_TAGS.items() if code != lang}
    cfg = Config()
    cfg.TagRemovePreprocessor.enabled = True
    cfg.TagRemovePreprocessor.remove_cell_tags = other | {"remove-cell"}
    cfg.TemplateExporter.exclude_input = True
    cfg.TemplateExporter.exclude_input_prompt = True
    cfg.TemplateExporter.exclude_output_prompt = True
    # the notebook is validated once, after the preprocessors, not after each of them (each
    # validation walks every output of the notebook against the schema)
    cfg.Exporter.optimistic_validation = True
    return cfg


@functools.lru_cache(maxsize=4)
def _html_exporter(lang: str):
    """One exporter per language for the process: its Jinja templates are compiled once."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(config=export_config(lang), template_name="basic")
    exporter.embed_images = True
    return exporter


def export_html(nb, *, lang: str, title: str, synthetic: bool, labels, meta: str = "") -> str:
    """Render the cells of ``lang`` (``lang-<other>`` cells dropped; code hidden) as a page."""
    exporter = _html_exporter(lang)
    try:
        body, _ = exporter.from_notebook_node(strip_widget_state(nb))
    except Exception as exc:  # nbconvert/jinja errors: say which step failed
        raise ReportError(f"nbconvert could not render the notebook ({type(exc).__name__}: {exc})",
                          hint="open the executed notebook beside the report to see the cell") from None
    return page_shell(body, lang=lang, title=title, synthetic=synthetic, labels=labels, meta=meta)


class _ResourceFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        for name, value in attrs:
            value = (value or "").strip()
            if name == "style" and "url(" in value:
                self._check_css(value)
            if name not in _URL_ATTRS or not value:
                continue
            if name == "href" and tag == "a" and value.startswith("#"):
                continue
            if value.startswith("data:"):
                continue
            self.found.append(f"<{tag} {name}={value[:80]!r}>")
        if tag == "script":
            self.found.append("<script> (reports carry no scripts)")

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self._check_css(data)

    def _check_css(self, css: str):
        import re

        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
            if not url.strip().startswith(("data:", "#")):
                self.found.append(f"css url({url[:80]!r})")
        for imp in re.findall(r"@import\s+([^;]+)", css):
            self.found.append(f"css @import {imp[:80]!r}")


def external_resources(page: str) -> list[str]:
    """Everything in ``page`` that would load from elsewhere (empty = self-contained).

    Only ``data:`` URIs and in-page anchors (``#...``) are allowed; any script is refused.

    Examples
    --------
    >>> from wpsresearch.report.offline_html import external_resources
    >>> external_resources('<img src="data:image/png;base64,AAAA"><a href="#t">t</a>')
    []
    >>> external_resources('<script src="https://cdn.example/require.js"></script>')
    ["<script src='https://cdn.example/require.js'>", '<script> (reports carry no scripts)']
    """
    finder = _ResourceFinder()
    finder.feed(page)
    finder.close()
    return finder.found
