"""Reports and fact sheets in a real headless Chromium, driven by Playwright.

Playwright drives the system's browser (``executable_path``, :func:`find_browser`); it never
downloads one.  Every page is opened at a phone's width (390 px) and a desktop's (1280 px) in
both languages and checked as a reader meets it: no console error (a Content-Security-Policy
violation is one), no request leaving the page, the document's direction, nothing wider than
the screen except inside a table's own scroll box, no text under 9 px, and the SYNTHETIC
banner's contrast at least 4.5:1 (WCAG AA).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wpsresearch.report.browser import find_browser

pytestmark = pytest.mark.browser
BROWSER = find_browser()
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is needed to drive Chromium")
needs_browser = pytest.mark.skipif(BROWSER is None, reason="no Chromium-family browser found")
WIDTHS = (390, 1280)

# What the page shows a reader, measured by the browser itself.
_MEASURE = r"""() => {
  const vw = document.documentElement.clientWidth;
  const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const scrollBox = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX === 'auto' || s.overflowX === 'scroll') return p;
    }
    return null;
  };
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right <= vw + 1 && r.left >= -1) continue;
    const box = scrollBox(el);
    const b = box && box.getBoundingClientRect();
    if (box && b.right <= vw + 1 && b.left >= -1) continue;   // scrolls inside its own box
    wide.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !visible(el)) continue;
    let px = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest('svg');
    if (svg && svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
      px *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;   // drawn -> shown
    }
    if (px < 9) small.push(`${node.textContent.trim().slice(0, 30)} (${px.toFixed(1)} px)`);
  }
  const images = [...document.images].map(i => {
    const r = i.getBoundingClientRect();
    const min = parseFloat(i.dataset.minTextPt || 'NaN'), drawn = parseFloat(i.dataset.drawnWidthIn || 'NaN');
    return {ok: i.complete && i.naturalWidth > 0, px: min / 72 * r.width / drawn};
  });
  const banner = document.querySelector('.synthetic-banner');
  return {vw, scrollWidth: document.documentElement.scrollWidth, wide, small, images,
          dir: [document.documentElement.dir, getComputedStyle(document.body).direction],
          banner: banner && [getComputedStyle(banner).color, getComputedStyle(document.body).backgroundColor]};
}"""


def _luminance(css: str) -> float:
    import re

    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css)[:3])
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio of two CSS ``rgb(...)`` colours (transparent = white)."""
    bg = "rgb(255, 255, 255)" if "0, 0, 0, 0" in bg or bg == "transparent" else bg
    hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_matches_wcag_examples():
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21.0)
    assert contrast("rgb(213, 94, 0)", "rgb(255, 255, 255)") == pytest.approx(3.87, abs=0.01)
    assert contrast("rgb(179, 77, 0)", "rgba(0, 0, 0, 0)") >= 4.5


def open_page(chromium, path: Path, width: int) -> dict:
    """Open ``path`` at ``width`` px; return the measurements plus console errors and requests."""
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
    result = page.evaluate(_MEASURE)
    context.close()
    return {**result, "errors": errors, "requests": requests}


def check_page(result: dict, lang: str, *, synthetic: bool = True):
    assert result["errors"] == [], result["errors"]
    assert all(u.startswith(("file:", "data:")) for u in result["requests"]), result["requests"]
    expected = "rtl" if lang == "ar" else "ltr"
    assert result["dir"] == [expected, expected]
    assert result["scrollWidth"] <= result["vw"] + 1 and result["wide"] == [], result["wide"][:5]
    assert result["small"] == [], result["small"][:10]
    assert result["images"] and all(i["ok"] for i in result["images"])
    too_small = [i["px"] for i in result["images"] if i["px"] == i["px"] and i["px"] < 9]
    assert too_small == [], "chart text shown under 9 px"
    if synthetic:
        assert result["banner"] and contrast(*result["banner"]) >= 4.5


@needs_browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_report_reads_on_phone_and_desktop(chromium, built, lang, width):
    check_page(open_page(chromium, built["root"] / lang / "report.html", width), lang)
