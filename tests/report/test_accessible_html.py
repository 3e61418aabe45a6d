"""Published pages read with a screen reader: every table announced by its caption, and
nbconvert's heading anchors ("¶") neither read aloud nor reached with the Tab key."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest

from wpsresearch.labels import Labels
from wpsresearch.report.offline_html import export_html

_HELPERS = Path(__file__).resolve().parents[1] / "notebooks" / "output_numbers.py"
_spec = importlib.util.spec_from_file_location("wps_output_numbers", _HELPERS)
_numbers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_numbers)
anchors_read_aloud, tables_without_caption = _numbers.anchors_read_aloud, _numbers.tables_without_caption


def _notebook():
    v4 = nbformat.v4
    nb = v4.new_notebook()
    nb.cells = [v4.new_markdown_cell("## Results\n\nText.", metadata={"tags": ["lang-en"]}),
                v4.new_markdown_cell('<div dir="rtl" lang="ar">\n\n## النتائج\n\n</div>',
                                     metadata={"tags": ["lang-ar"]})]
    return nb


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_nbconvert_heading_anchors_are_hidden_from_screen_readers(lang):
    page = export_html(_notebook(), lang=lang, title="t", synthetic=False, labels=Labels.default())
    anchors, exposed = anchors_read_aloud(page)
    assert anchors == 1 and exposed == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_published_report_tables_have_captions_and_anchors_are_hidden(built, lang):
    page = (built["root"] / lang / "report.html").read_text(encoding="utf-8")
    assert page.count("<table") >= 1
    assert tables_without_caption(page) == []
    anchors, exposed = anchors_read_aloud(page)
    assert anchors >= 1 and exposed == []


def test_caption_checker_finds_a_table_without_one():
    assert tables_without_caption("<table><tr><td>1</td></tr></table>")
    assert tables_without_caption("<table><caption> </caption><tr><td>1</td></tr></table>")
    assert tables_without_caption("<table><caption>n</caption><tr><td>1</td></tr></table>") == []
    assert anchors_read_aloud('<a class="anchor-link" href="#x">¶</a>')[1]
