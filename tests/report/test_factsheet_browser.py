"""One fact sheet per language opened in real headless Chromium (the report browser test's
DevTools client): no console error, no request leaving the page, images load, direction."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from .test_browser import BROWSER, _open, _start
from .test_factsheets import factsheets  # noqa: F401  (the module fixture)

pytestmark = pytest.mark.browser


@pytest.mark.skipif(BROWSER is None, reason="no Chromium-family browser (chromium, Chrome, Edge) found")
def test_factsheets_in_headless_chromium(factsheets):  # noqa: F811
    shots = Path(tempfile.mkdtemp(prefix="wps-factsheet-shots-"))
    with tempfile.TemporaryDirectory(prefix="wps-cdp-", ignore_cleanup_errors=True) as profile:
        proc, host = _start(profile)
        try:
            for lang in ("en", "ar"):
                page = factsheets["root"] / lang / "factsheet.html"
                events, (doc_dir, body_dir, n_images, images_ok) = _open(
                    host, page.resolve().as_uri(), shots / f"factsheet_{lang}.png")
                errors = [e for e in events if e.get("method") == "Runtime.exceptionThrown"
                          or (e.get("method") == "Log.entryAdded"
                              and e["params"]["entry"]["level"] == "error")]
                assert errors == [], errors
                urls = [e["params"]["request"]["url"] for e in events
                        if e.get("method") == "Network.requestWillBeSent"]
                assert urls and all(u.startswith(("file:", "data:")) for u in urls), urls
                assert n_images == 2 and images_ok
                expected = "rtl" if lang == "ar" else "ltr"
                assert (doc_dir, body_dir) == (expected, expected)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
