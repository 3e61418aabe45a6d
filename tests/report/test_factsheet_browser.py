"""Fact sheets in a real headless Chromium at 390 px and 1280 px, both languages (the checks of
:mod:`tests.report.test_browser`): they reflow to one column on a phone."""

from __future__ import annotations

import pytest

from .test_browser import WIDTHS, check_page, needs_browser, open_page
from .test_factsheets import factsheets  # noqa: F401  (the module fixture)

pytestmark = pytest.mark.browser


@needs_browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_factsheet_reads_on_phone_and_desktop(chromium, factsheets, lang, width):  # noqa: F811
    check_page(open_page(chromium, factsheets["root"] / lang / "factsheet.html", width), lang)
