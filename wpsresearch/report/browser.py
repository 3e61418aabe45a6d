"""Find a Chromium-family browser on the machine and print HTML to PDF with it.

Chromium prints Arabic right to left with correct shaping; WeasyPrint has a bidi bug (LTR
runs inside RTL text are reordered), so it is only a fallback and gets LTR runs wrapped in
``<span dir="ltr">`` (DESIGN.md, "Reports").  The browser runs headless with networking
features off and a throw-away profile, so printing sends nothing anywhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from wpsresearch.errors import ReportError

__all__ = ["find_browser", "print_pdf", "headless_args", "pdf_engine"]

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


def headless_args(profile_dir) -> list[str]:
    """Flags for a quiet, offline, throw-away headless browser."""
    return ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            "--disable-default-apps", "--disable-extensions", "--mute-audio",
            "--no-default-browser-check", f"--user-data-dir={profile_dir}"]


def _weasyprint_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except Exception:  # ImportError, or OSError when its system libraries are missing
        return False
    return True


def pdf_engine() -> str | None:
    """``"chromium"``, ``"weasyprint"`` or None when neither can print."""
    if find_browser() is not None:
        return "chromium"
    return "weasyprint" if _weasyprint_available() else None


def _print_chromium(browser: Path, html_path: Path, pdf_path: Path, timeout: float) -> None:
    with tempfile.TemporaryDirectory(prefix="wps-browser-", ignore_cleanup_errors=True) as profile:
        cmd = [str(browser), *headless_args(profile), "--no-pdf-header-footer",
               f"--print-to-pdf={pdf_path}", html_path.resolve().as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ReportError(f"the browser did not finish printing within {timeout:.0f} s",
                              file=html_path, hint="try again, or export --to html only") from None
    if not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        last = (done.stderr or "").strip().splitlines()[-1:] or ["no message"]
        raise ReportError(f"{browser.name} did not write the PDF ({last[0][:200]})",
                          file=html_path, hint="check that the browser starts: run it with --version")


def _wrap_ltr_runs(text: str) -> str:
    """Wrap Latin/digit runs inside Arabic text in ``<span dir="ltr">`` (WeasyPrint bidi bug)."""
    import re

    # only text between tags; attributes and tag names are left alone
    return re.sub(r">([^<]+)<", lambda m: ">" + re.sub(
        r"([A-Za-z0-9][A-Za-z0-9 .,%()/:+-]*[A-Za-z0-9%)])", r'<span dir="ltr">\1</span>',
        m.group(1)) + "<", text)


def print_pdf(html_path, pdf_path, *, timeout: float = 120.0) -> str:
    """Print ``html_path`` to ``pdf_path``; return the engine used.

    Raises
    ------
    ReportError
        When no Chromium-family browser and no WeasyPrint is available, or printing fails.
    """
    html_path, pdf_path = Path(html_path), Path(pdf_path)
    browser = find_browser()
    if browser is not None:
        _print_chromium(browser, html_path, pdf_path, timeout)
        return "chromium"
    if _weasyprint_available():
        import weasyprint

        text = html_path.read_text(encoding="utf-8")
        if 'dir="rtl"' in text[:500]:
            text = _wrap_ltr_runs(text)
        weasyprint.HTML(string=text, base_url=None).write_pdf(str(pdf_path))
        return "weasyprint"
    raise ReportError(
        "no PDF engine: no Chromium-family browser (chromium, Google Chrome, Microsoft Edge) "
        "and no WeasyPrint were found", file=html_path,
        hint="install chromium (Debian: apt-get install chromium), Chrome or Edge, or set "
        "WPSRESEARCH_BROWSER to its path; or build --to html only",
    )
