"""The scorecard opened in real headless Chromium (Playwright driving the system browser), both
languages, at 390 px and 1280 px: no console error, no request leaving the page, the right
direction, no sideways scroll, trend charts whose text stays text."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

_FACTS = """() => ({
  dir: [document.documentElement.dir, getComputedStyle(document.body).direction],
  scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
  svg: document.querySelectorAll('svg').length, svgText: document.querySelectorAll('svg text').length,
  noData: document.querySelector('#no-data') !== null,
  synthetic: document.body.innerText.includes('SYNTHETIC') || document.body.innerText.includes('مُصطنعة'),
})"""


def _visit(chromium, path, width):
    context = chromium.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1,
                                   is_mobile=width < 600, has_touch=width < 600)
    page = context.new_page()
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "assert") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.route("**/*", lambda route: route.abort() if not route.request.url.startswith(("file:", "data:"))
               else route.continue_())
    page.goto(path.resolve().as_uri(), wait_until="load")
    facts = page.evaluate(_FACTS)
    context.close()
    return errors, requests, facts


@pytest.mark.parametrize("width", (390, 1280))
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_scorecard_in_headless_chromium(chromium, built_scorecard, lang, width):
    errors, requests, f = _visit(chromium, built_scorecard["out"] / f"scorecard_{lang}.html", width)
    assert errors == [], errors
    assert requests and all(u.startswith(("file:", "data:")) for u in requests), requests
    expected = "rtl" if lang == "ar" else "ltr"
    assert f["dir"] == [expected, expected]
    assert f["scrollWidth"] <= f["innerWidth"], f"{lang} at {width}px scrolls sideways"
    assert f["svg"] >= 4 and f["svgText"] > 4 * f["svg"]  # trend charts with their text as text
    assert f["noData"] and f["synthetic"]
