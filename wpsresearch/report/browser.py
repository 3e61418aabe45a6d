"""Find a Chromium-family browser on the machine — for looking at reports, never for printing.

PDFs are set by Typst (:mod:`wpsresearch.report.typst_pdf`) and need no browser.  A browser
is only used to *check* pages as a reader sees them (the real-browser tests drive it through
Playwright with ``executable_path``, so Playwright never downloads a browser of its own).
``WPSRESEARCH_BROWSER`` names one explicitly.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

__all__ = ["find_browser"]

_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
          "msedge", "microsoft-edge", "microsoft-edge-stable")
_WINDOWS = (
    r"Google\Chrome\Application\chrome.exe",
    r"Microsoft\Edge\Application\msedge.exe",
    r"Chromium\Application\chrome.exe",
)
_MAC = ("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
        "/Applications/Chromium.app/Contents/MacOS/Chromium")


def find_browser() -> Path | None:
    """The first Chromium-family browser found (``WPSRESEARCH_BROWSER`` overrides), or None.

    Examples
    --------
    >>> from wpsresearch.report.browser import find_browser
    >>> path = find_browser()
    >>> path is None or path.exists()
    True
    """
    override = os.environ.get("WPSRESEARCH_BROWSER")
    if override:
        return Path(override) if Path(override).exists() else None
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    roots = [os.environ.get(k) for k in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")]
    candidates = [Path(r) / rel for r in roots if r for rel in _WINDOWS] + [Path(p) for p in _MAC]
    return next((p for p in candidates if p.is_file()), None)
