"""The scorecard opened in real headless Chromium, both languages, at 390 px and 1280 px.

Uses the report tests' DevTools client (tests/report/test_browser.py): when that moves to
playwright, only ``_browser_module`` changes here.
"""

from __future__ import annotations

import importlib.util
import json
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def _browser_module():
    path = Path(__file__).parents[1] / "report" / "test_browser.py"
    spec = importlib.util.spec_from_file_location("wps_monitor_browser_client", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


B = _browser_module()


def _visit(host, url, width):
    import urllib.request

    req = urllib.request.Request(f"http://{host}/json/new?about:blank", method="PUT")
    target = json.loads(urllib.request.urlopen(req, timeout=10).read())
    dt = B.DevTools(target["webSocketDebuggerUrl"])
    for domain in ("Page", "Runtime", "Log", "Network"):
        dt.call(f"{domain}.enable")
    dt.call("Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1,
            mobile=width < 600)
    dt.call("Page.navigate", url=url)
    dt.wait_for("Page.loadEventFired")
    time.sleep(0.3)
    facts = dt.call("Runtime.evaluate", returnByValue=True, expression=(
        "[document.documentElement.dir, getComputedStyle(document.body).direction,"
        " document.documentElement.scrollWidth, window.innerWidth,"
        " document.querySelectorAll('svg').length, document.querySelectorAll('svg text').length,"
        " document.querySelector('#no-data') !== null, document.body.innerText.includes('SYNTHETIC')"
        " || document.body.innerText.includes('مُصطنعة')]"))["result"]["value"]
    dt.ws.close()
    return dt.events, facts


@pytest.mark.skipif(B.BROWSER is None, reason="no Chromium-family browser (chromium, Chrome, Edge) found")
def test_scorecard_in_headless_chromium(built_scorecard, tmp_path):
    with __import__("tempfile").TemporaryDirectory(prefix="wps-cdp-", ignore_cleanup_errors=True) as profile:
        proc, host = B._start(profile)
        try:
            for lang in ("en", "ar"):
                page = built_scorecard["out"] / f"scorecard_{lang}.html"
                for width in (390, 1280):
                    events, (doc_dir, body_dir, scroll_w, inner_w, n_svg, n_svg_text, no_data, synth) = _visit(
                        host, page.resolve().as_uri(), width)
                    errors = [e for e in events if e.get("method") == "Runtime.exceptionThrown"
                              or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]
                    assert errors == [], errors
                    urls = [e["params"]["request"]["url"] for e in events
                            if e.get("method") == "Network.requestWillBeSent"]
                    assert urls and all(u.startswith(("file:", "data:")) for u in urls), urls
                    assert not [e for e in events if e.get("method") == "Network.loadingFailed"]
                    expected = "rtl" if lang == "ar" else "ltr"
                    assert (doc_dir, body_dir) == (expected, expected)
                    assert scroll_w <= inner_w, f"{lang} at {width}px scrolls sideways ({scroll_w} > {inner_w})"
                    assert n_svg >= 4 and n_svg_text > 4 * n_svg  # trend charts with their text as text
                    assert no_data and synth
        finally:
            proc.terminate()
            proc.wait(timeout=10)
