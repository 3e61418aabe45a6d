"""Print many HTML pages to PDF with one headless Chromium (DevTools protocol over a pipe).

Starting Chromium costs more than printing a page, and a demo prints about twenty PDFs.
:func:`pdf_printer` keeps one browser open for a batch and talks to it over
``--remote-debugging-pipe`` (file descriptors 3 and 4, NUL-separated JSON), so no network
port is opened and no extra package is needed.  Where that is not possible (Windows, no
Chromium, WeasyPrint) it falls back to :func:`wpsresearch.report.browser.print_pdf` per page.
The flags are the same quiet, offline, throw-away-profile ones.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from wpsresearch.errors import ReportError

__all__ = ["pdf_printer"]


class _PerPage:
    """Fallback: one browser (or WeasyPrint) run per page."""

    def print(self, html_path, pdf_path) -> str:
        from wpsresearch.report.browser import print_pdf

        return print_pdf(html_path, pdf_path)


def pipe_to_fds_3_and_4(reads_from: int, writes_to: int) -> None:
    """In the browser's process before exec: its commands come in on fd 3 and its replies
    go out on fd 4 (``--remote-debugging-pipe``), both inheritable.

    Through copies numbered 10 and up: when fds 3 and 4 are free, a plain ``os.dup`` of a
    pipe end *is* 3 or 4, and ``dup2`` onto the same number does nothing — the fd stays
    close-on-exec and Chromium finds no pipe (a fact-sheet build hit exactly this).
    """
    import fcntl

    reads = fcntl.fcntl(reads_from, fcntl.F_DUPFD, 10)
    writes = fcntl.fcntl(writes_to, fcntl.F_DUPFD, 10)
    os.dup2(reads, 3)  # os.dup2 makes the target inheritable
    os.dup2(writes, 4)
    os.close(reads)
    os.close(writes)


class _PipeSession:
    def __init__(self, browser: Path, profile: str, timeout: float):
        from wpsresearch.report.browser import headless_args

        to_chrome_r, self._w = os.pipe()
        self._r, from_chrome_w = os.pipe()

        def _fds():
            pipe_to_fds_3_and_4(to_chrome_r, from_chrome_w)

        self.proc = subprocess.Popen(
            [str(browser), *headless_args(profile), "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=_fds, close_fds=False)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.timeout = timeout
        self._buf = b""
        self._id = 0
        self.events: list[dict] = []

    def _read_message(self, deadline: float) -> dict:
        import select

        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._r], [], [], left)[0]:
                raise ReportError(f"the browser did not answer within {self.timeout:.0f} s")
            chunk = os.read(self._r, 1 << 20)
            if not chunk:
                raise ReportError("the browser closed its DevTools pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, session: str | None = None, **params) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise ReportError(f"the browser refused {method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str, session: str) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == method and e.get("sessionId") == session:
                    del self.events[i]
                    return
            self.events.append(self._read_message(deadline))

    def print(self, html_path, pdf_path) -> str:
        html_path, pdf_path = Path(html_path), Path(pdf_path)
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        try:
            self.call("Page.enable", session)
            self.call("Page.navigate", session, url=html_path.resolve().as_uri())
            self.wait_event("Page.loadEventFired", session)
            self.call("Runtime.evaluate", session, expression="document.fonts.ready.then(() => 1)",
                      awaitPromise=True)
            data = self.call("Page.printToPDF", session, printBackground=True,
                             preferCSSPageSize=True)["data"]
        finally:
            self.call("Target.closeTarget", targetId=target)
        pdf_path.write_bytes(base64.b64decode(data))
        return "chromium"

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.call("Browser.close")
        for fd in (self._w, self._r):
            with contextlib.suppress(OSError):
                os.close(fd)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class _Lazy:
    """Starts the browser on the first page only (an HTML-only build starts none)."""

    def __init__(self, browser, profile, timeout):
        self._args = (browser, profile, timeout)
        self.session = None

    def print(self, html_path, pdf_path) -> str:
        if self.session is None:
            self.session = _PipeSession(*self._args)
        return self.session.print(html_path, pdf_path)


@contextlib.contextmanager
def pdf_printer(timeout: float = 120.0):
    """A printer with ``.print(html_path, pdf_path)``, one browser for the whole block.

    Raises
    ------
    ReportError
        When printing fails (no engine, a page that does not load in ``timeout``).

    Examples
    --------
    >>> from wpsresearch.report.browser_session import pdf_printer
    >>> with pdf_printer() as printer:
    ...     hasattr(printer, "print")
    True
    """
    from wpsresearch.report.browser import find_browser

    browser = find_browser()
    if browser is None or os.name != "posix":
        yield _PerPage()
        return
    with tempfile.TemporaryDirectory(prefix="wps-browser-", ignore_cleanup_errors=True) as profile:
        lazy = _Lazy(browser, profile, timeout)
        try:
            yield lazy
        finally:
            if lazy.session is not None:
                lazy.session.close()
