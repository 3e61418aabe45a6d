"""Report HTML → Typst markup, so a PDF shows exactly what the checked HTML shows.

The PDF of a report is set from the same renderings the HTML page shows and the disclosure
gate checked (report tables with their ``data-n`` counts, figures with their notes), not from
a second representation of each result object: one rendering, one check.  This module turns
that HTML (nbconvert's cell output, markdown rendered to HTML, the page shell, fact sheets)
into Typst markup.

Written here because no maintained library does it: pandoc converts HTML to Typst but ships a
~150 MB binary and a process per page, and drops what we need (``dir`` attributes, our table
classes); the HTML we produce is a small, known element set.  Parsing is BeautifulSoup's
(already required by nbconvert).

Arabic: the paragraph direction follows ``lang``/``dir``; every number, percentage and range
inside right-to-left text is set as a left-to-right isolate (a ``box``), so "44.6–65.4" is
never shown as "65.4–44.6" (the Unicode bidi algorithm reverses two numbers joined by a
neutral dash in right-to-left text) and never wraps.

Examples
--------
>>> from wpsresearch.report.typst_markup import html_to_typst
>>> doc = html_to_typst('<p>Share <b>12.5%</b> (n = 40)</p>', lang="en")
>>> doc.source.strip()
'Share #strong[12\\\\.5%]; \\\\(n \\\\= 40\\\\)'
>>> 'box(text(dir: ltr' in html_to_typst('<p dir="rtl">النسبة 44.6–65.4</p>', lang="ar").source
True
"""

from __future__ import annotations

import base64
import re
import struct
from dataclasses import dataclass, field

__all__ = ["TypstDoc", "html_to_typst", "escape", "TEXT_WIDTH_IN"]

# A4 with 15 mm margins: the widest an image may be printed.
PAGE_MARGIN_MM = 15.0
TEXT_WIDTH_IN = (210.0 - 2 * PAGE_MARGIN_MM) / 25.4
WARN = "#B34D00"   # the SYNTHETIC banner's colour (report.css --warn), 5.3:1 on white
MUTED = "#555555"  # report.css --muted, 7.5:1 on white

# Every character that starts markup in Typst (and '.', '(' after a number or a call).
_SPECIAL = frozenset("\\#$*_`<>@[]~=-+/'\".()")
_SKIP = frozenset({"script", "style", "head", "title", "meta", "link", "details", "button",
                   "input", "template", "noscript", "svg"})
_BLOCKS = frozenset({"p", "div", "section", "article", "header", "footer", "main", "nav", "aside",
                     "figure", "blockquote", "ul", "ol", "table", "pre", "h1", "h2", "h3", "h4",
                     "h5", "h6", "hr", "body", "html", "figcaption", "dl", "dd", "dt", "li"})
_DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
# a number (thousands separators, decimal point, percent, brackets of a small base) and,
# optionally, a second one joined by a dash: "44.6–65.4", "[12.3]", "1,204", "٪٤٥"
_ONE_NUMBER = rf"[%٪]?[{_DIGITS}][{_DIGITS}.,٫٬]*[%٪]?"
_RANGE = rf"{_ONE_NUMBER}(?:\s?[–—-]\s?{_ONE_NUMBER})?"
# a bracket goes into the left-to-right box only with its partner: "(12.5–14.0)" is one
# unit, but the ")" of Arabic prose "(فترات ثقة 95%)" stays with the prose around it
_BRACKETED = rf"\({_ONE_NUMBER}\)|\[{_ONE_NUMBER}\]"
_NUMBER = re.compile(rf"(?:{_BRACKETED})\s?[–—-]\s?(?:{_BRACKETED})"  # "(12.3)–(14.0)": one unit
                     rf"|\({_RANGE}\)|\[{_RANGE}\]|{_RANGE}")


def escape(text: str) -> str:
    """Typst markup for plain ``text``: every markup character escaped.

    >>> escape("n = 1,204 (12.5%)")
    'n \\\\= 1,204 \\\\(12\\\\.5%\\\\)'
    """
    return "".join("\\" + c if c in _SPECIAL else c for c in text)


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class TypstDoc:
    """Typst markup and the files it refers to (images), ``{name: bytes}``."""

    source: str
    files: dict = field(default_factory=dict)


@dataclass
class _Ctx:
    rtl: bool
    classes: frozenset = frozenset()


def _png_inches(data: bytes) -> float | None:
    """Width in inches from a PNG's pixels and its pHYs (dpi) chunk, if it has one."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    width = struct.unpack(">I", data[16:20])[0]
    at = data.find(b"pHYs", 0, 4096)
    if at < 0:
        return None
    per_metre, _, unit = struct.unpack(">IIB", data[at + 4:at + 13])
    return width / (per_metre * 0.0254) if unit == 1 and per_metre else None


class _Converter:
    def __init__(self, lang: str, files: dict | None = None):
        self.lang = lang
        self.files = {} if files is None else files

    # -- text -------------------------------------------------------------------------
    def text(self, raw: str, ctx: _Ctx, *, pre: bool = False) -> str:
        if not pre:
            raw = re.sub(r"\s+", " ", raw)
        if not ctx.rtl:
            return escape(raw)
        out, last = [], 0
        for m in _NUMBER.finditer(raw):
            out.append(escape(raw[last:m.start()]))
            out.append(f"#box(text(dir: ltr)[{escape(m.group(0))}]);")
            last = m.end()
        out.append(escape(raw[last:]))
        return "".join(out)

    # -- tree -------------------------------------------------------------------------
    def children(self, node, ctx: _Ctx) -> str:
        from bs4 import NavigableString, Comment

        parts = []
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                parts.append(self.text(str(child), ctx))
            else:
                parts.append(self.element(child, ctx))
        return "".join(parts)

    def inline(self, node, ctx: _Ctx) -> str:
        """Children as one paragraph's content (no paragraph breaks inside)."""
        return re.sub(r"\s*\n\s*\n\s*", " #linebreak(); ", self.children(node, ctx)).strip()

    def element(self, node, ctx: _Ctx) -> str:
        name = node.name
        if name in _SKIP or node.get("hidden") is not None or node.get("aria-hidden") == "true":
            return ""
        classes = frozenset(node.get("class") or ())
        if "anchor-link" in classes or "jp-InputArea" in classes or "jp-InputPrompt" in classes:
            return ""
        direction = (node.get("dir") or "").lower()
        if direction in ("rtl", "ltr"):
            ctx = _Ctx(rtl=direction == "rtl", classes=ctx.classes)
        elif node.get("lang"):
            ctx = _Ctx(rtl=node["lang"].split("-")[0] in ("ar", "ckb", "fa", "he", "ur"),
                       classes=ctx.classes)
        ctx = _Ctx(rtl=ctx.rtl, classes=ctx.classes | classes)
        body = self._element(node, name, classes, ctx)
        if direction in ("rtl", "ltr") and name in _BLOCKS and body.strip():
            return f"\n\n#block(width: 100%)[#set text(dir: {direction});\n{body}\n]\n\n"
        if direction in ("rtl", "ltr") and body.strip():
            return f"#box(text(dir: {direction})[{body}]);"
        return body

    def _element(self, node, name, classes, ctx) -> str:
        handler = getattr(self, f"_{name}", None)
        if handler is not None:
            return handler(node, classes, ctx)
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return f"\n\n#heading(level: {name[1]})[{self.inline(node, ctx)}]\n\n"
        if name in ("strong", "b", "th"):
            return f"#strong[{self.children(node, ctx)}];"
        if name in ("em", "i", "cite"):
            return f"#emph[{self.children(node, ctx)}];"
        if name in _BLOCKS:
            return f"\n\n{self.children(node, ctx)}\n\n"
        return self.children(node, ctx)

    # -- elements with a handler --------------------------------------------------------
    def _div(self, node, classes, ctx):
        body = self.children(node, ctx)
        if "synthetic-banner" in classes:
            return (f'\n\n#block(width: 100%, stroke: 1.5pt + rgb("{WARN}"), inset: 6pt)'
                    f'[#set align(center); #set text(fill: rgb("{WARN}"), weight: "bold");'
                    f" {body.strip()}]\n\n")
        if "fs-numbers" in classes or "fs-figures" in classes:
            cells = [self.element(c, ctx) for c in node.find_all(recursive=False)]
            items = ", ".join(f"[{c.strip()}]" for c in cells if c.strip())
            if "fs-numbers" in classes:
                return f"\n\n#grid(columns: 3 * (1fr,), gutter: 5pt, {items})\n\n"
            # figures side by side, each at the width it was drawn (printed text = drawn size)
            return (f"\n\n#grid(columns: {len(cells) or 1} * (auto,), column-gutter: 4mm, "
                    f"{items})\n\n")
        if "fs-number" in classes:
            return (f"#block(width: 100%, stroke: 0.5pt + luma(190), radius: 3pt, inset: 5pt)"
                    f"[#set text(size: 8pt); {body.strip()}];")
        if "big" in classes:
            return f'#text(size: 18pt, weight: "bold", fill: rgb("#0072B2"))[{body.strip()}];'
        if "keep-together" in classes:  # never split across pages (CSS break-inside: avoid)
            return f"\n\n#block(width: 100%, breakable: false)[{body.strip()}]\n\n"
        return f"\n\n{body}\n\n"

    def _p(self, node, classes, ctx):
        body = self.inline(node, ctx)
        if "report-meta" in classes or "fs-method" in classes:
            body = f'#text(size: 8.5pt, fill: rgb("{MUTED}"))[{body}];'
        return f"\n\n{body}\n\n"

    def _span(self, node, classes, ctx):
        body = self.children(node, ctx)
        return f"#box[{body}];" if "nowrap" in classes or "ci" in classes else body

    def _bdi(self, node, classes, ctx):
        return f"#box(text(dir: ltr)[{self.children(node, ctx)}]);"

    def _br(self, node, classes, ctx):
        return " #linebreak(); "

    def _hr(self, node, classes, ctx):
        return "\n\n#line(length: 100%, stroke: 0.5pt + luma(200))\n\n"

    def _a(self, node, classes, ctx):
        return self.children(node, ctx)  # offline: the text, never a link to elsewhere

    def _code(self, node, classes, ctx):
        return f"#raw({_string(node.get_text())});"

    def _pre(self, node, classes, ctx):
        return f"\n\n#raw(block: true, {_string(node.get_text())})\n\n"

    def _sup(self, node, classes, ctx):
        return f"#super[{self.children(node, ctx)}];"

    def _sub(self, node, classes, ctx):
        return f"#sub[{self.children(node, ctx)}];"

    def _blockquote(self, node, classes, ctx):
        return f"\n\n#quote(block: true)[{self.children(node, ctx).strip()}]\n\n"

    def _list(self, node, ctx, func):
        items = [f"[{self.children(li, ctx).strip()}]" for li in node.find_all("li", recursive=False)]
        return f"\n\n#{func}({', '.join(items)})\n\n" if items else ""

    def _ul(self, node, classes, ctx):
        return self._list(node, ctx, "list")

    def _ol(self, node, classes, ctx):
        return self._list(node, ctx, "enum")

    def _figure(self, node, classes, ctx):
        body = self.children(node, ctx).strip()
        return f"\n\n#block(width: 100%, breakable: false)[{body}]\n\n"

    def _figcaption(self, node, classes, ctx):
        if "fs-figures" in ctx.classes or "wps-sr-only" in classes:
            return ""  # the image shows its note already (screen-reader text in the HTML)
        return f'\n\n#text(size: 8.5pt, fill: rgb("{MUTED}"))[{self.inline(node, ctx)}]\n\n'

    def _img(self, node, classes, ctx):
        src = node.get("src") or ""
        m = re.match(r"data:image/(png|jpeg|svg\+xml);base64,(.*)", src, re.S)
        if not m:
            return self.text(node.get("alt") or "", ctx)  # never fetch anything
        ext = {"png": "png", "jpeg": "jpg", "svg+xml": "svg"}[m.group(1)]
        data = base64.b64decode(m.group(2))
        name = f"image-{len(self.files) + 1}.{ext}"
        self.files[name] = data
        inches = _png_inches(data) if ext == "png" else None
        if re.fullmatch(r"\d+", node.get("width") or ""):  # HTML's width: CSS px, 96 to the inch
            inches = int(node["width"]) / 96
        # at the width it was drawn, so its text prints at the size it was drawn; shrunk to
        # the text width only when wider (a fact sheet's figures are drawn to fit their column)
        fits = inches and (inches <= TEXT_WIDTH_IN or "fs-figures" in ctx.classes)
        width = f"{inches:.3f}in" if fits else "100%"
        alt = node.get("alt") or ""
        return f"#image({_string(name)}, width: {width}, alt: {_string(alt)});"

    def _table(self, node, classes, ctx):
        if "figure-data" in classes:
            return ""
        caption = node.find("caption", recursive=False)
        cap = f"#strong[{self.inline(caption, ctx)}]\n\n" if caption else ""
        rows = [tr for tr in node.find_all("tr") if tr.find_parent("table") is node]
        if not rows:
            return ""
        head = [tr for tr in rows if tr.parent.name == "thead"]
        occupied: dict[tuple[int, int], bool] = {}
        cells_out, n_cols = [], 0
        for r, tr in enumerate(rows):
            c = 0
            row_cells = []
            for cell in tr.find_all(("td", "th"), recursive=False):
                while occupied.get((r, c)):
                    c += 1
                colspan = int(cell.get("colspan") or 1)
                rowspan = int(cell.get("rowspan") or 1)
                for dr in range(rowspan):
                    for dc in range(colspan):
                        occupied[(r + dr, c + dc)] = True
                c += colspan
                row_cells.append(self._cell(cell, colspan, rowspan, ctx))
            n_cols = max(n_cols, c, max((cc + 1 for (rr, cc) in occupied if rr == r), default=0))
            cells_out.append(", ".join(row_cells))
        header = ""
        if head:
            header = f"table.header({', '.join(cells_out[:len(head)])}), "
            cells_out = cells_out[len(head):]
        body = ", ".join(x for x in cells_out if x)
        return (f"\n\n{cap}#block(width: 100%)[#set text(size: 9pt); "
                f"#table(columns: {n_cols}, stroke: (x: none, y: 0.5pt + luma(200)), "
                f"inset: (x: 5pt, y: 3pt), {header}{body})]\n\n")

    def _cell(self, cell, colspan, rowspan, ctx) -> str:
        classes = set(cell.get("class") or ())
        body = self.inline(cell, ctx)
        if cell.name == "th":
            body = f"#strong[{body}];"
        if classes & {"count", "number"} or cell.get("data-n") is not None:
            body = f"#box[{body}];"  # numbers never wrap
            align = "end"
        else:
            align = "start"
        if "suppressed" in classes:
            body = f'#text(fill: rgb("{MUTED}"), style: "italic")[{body}];'
        args = [f"align: {align}"]
        if colspan > 1:
            args.append(f"colspan: {colspan}")
        if rowspan > 1:
            args.append(f"rowspan: {rowspan}")
        return f"table.cell({', '.join(args)})[{body}]"


def html_to_typst(html: str, *, lang: str, files: dict | None = None) -> TypstDoc:
    """Typst markup for an HTML fragment or page (``lang`` sets the starting direction).

    Parameters
    ----------
    html : str
        Report HTML: nbconvert output, markdown rendered to HTML, a whole page.
    lang : {"en", "ar"}
        ``"ar"`` starts right to left and isolates numbers and ranges.
    files : dict, optional
        Collects the images (``data:`` URIs) as ``{name: bytes}``; pass the same dict for
        several fragments of one document so names stay unique.

    Returns
    -------
    TypstDoc
    """
    from bs4 import BeautifulSoup

    conv = _Converter(lang, files)
    soup = BeautifulSoup(html, "html.parser")
    body = soup.body or soup
    source = conv.children(body, _Ctx(rtl=lang == "ar"))
    source = re.sub(r"\n[ \t]*(\n[ \t]*)+", "\n\n", source).strip() + "\n"
    return TypstDoc(source=source, files=conv.files)
