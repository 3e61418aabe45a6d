"""Open the English and Arabic reports in real headless Chromium over the DevTools protocol.

Checks: no console errors (a Content-Security-Policy violation is one), no failed request and
no request that leaves the page (only ``file:`` and ``data:``), Arabic direction RTL; saves
screenshots.  Uses ``websocket-client`` (already installed with Jupyter) for the protocol.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from wpsresearch.report.browser import find_browser, headless_args


pytestmark = pytest.mark.browser
BROWSER = find_browser()
websocket = pytest.importorskip("websocket", reason="websocket-client is needed to talk to Chromium")


class DevTools:
    """The smallest CDP client that does the job: one page, events collected in order."""

    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events = []

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_for(self, method, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            if any(e.get("method") == method for e in self.events):
                return
            self.events.append(json.loads(self.ws.recv()))
        raise TimeoutError(method)


def _start(profile):
    proc = subprocess.Popen(
        [str(BROWSER), *headless_args(profile), "--remote-debugging-port=0",
         "--host-resolver-rules=MAP * ~NOTFOUND", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    end = time.time() + 30
    while time.time() < end:
        line = proc.stderr.readline()
        m = re.search(r"DevTools listening on ws://([^/]+)/", line or "")
        if m:
            return proc, m.group(1)
    proc.kill()
    pytest.fail("Chromium did not open its DevTools port within 30 s")


def _open(host, url, shot: Path):
    req = urllib.request.Request(f"http://{host}/json/new?about:blank", method="PUT")
    target = json.loads(urllib.request.urlopen(req, timeout=10).read())
    dt = DevTools(target["webSocketDebuggerUrl"])
    for domain in ("Page", "Runtime", "Log", "Network"):
        dt.call(f"{domain}.enable")
    dt.call("Page.navigate", url=url)
    dt.wait_for("Page.loadEventFired")
    time.sleep(0.5)  # late console messages
    direction = dt.call("Runtime.evaluate", returnByValue=True, expression=(
        "[document.documentElement.dir, getComputedStyle(document.body).direction,"
        " document.images.length, [...document.images].every(i => i.complete && i.naturalWidth > 0)]"
    ))["result"]["value"]
    dt.call("Emulation.setDeviceMetricsOverride", width=1000, height=1400, deviceScaleFactor=1, mobile=False)
    png = dt.call("Page.captureScreenshot", format="png")["data"]
    shot.write_bytes(base64.b64decode(png))
    dt.ws.close()
    return dt.events, direction


@pytest.mark.skipif(BROWSER is None, reason="no Chromium-family browser (chromium, Chrome, Edge) found")
def test_reports_in_headless_chromium(built):
    out = built["out"]
    shots = Path(tempfile.mkdtemp(prefix="wps-screenshots-"))
    with tempfile.TemporaryDirectory(prefix="wps-cdp-", ignore_cleanup_errors=True) as profile:
        proc, host = _start(profile)
        try:
            for lang in ("en", "ar"):
                page = built["root"] / lang / "report.html"
                events, (doc_dir, body_dir, n_images, images_ok) = _open(
                    host, page.resolve().as_uri(), shots / f"report_{lang}.png")
                errors = [e for e in events if e.get("method") == "Runtime.exceptionThrown"
                          or (e.get("method") == "Runtime.consoleAPICalled"
                              and e["params"]["type"] in ("error", "assert"))
                          or (e.get("method") == "Log.entryAdded"
                              and e["params"]["entry"]["level"] == "error")]
                assert errors == [], errors
                failed = [e for e in events if e.get("method") == "Network.loadingFailed"]
                assert failed == [], failed
                urls = [e["params"]["request"]["url"] for e in events
                        if e.get("method") == "Network.requestWillBeSent"]
                assert urls and all(u.startswith(("file:", "data:")) for u in urls), urls
                assert n_images >= 1 and images_ok
                expected = "rtl" if lang == "ar" else "ltr"
                assert (doc_dir, body_dir) == (expected, expected)
                assert (shots / f"report_{lang}.png").stat().st_size > 20_000
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"screenshots in {shots}")




@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="POSIX only")
def test_browser_pipe_lands_on_inheritable_fds_3_and_4_even_when_they_are_free():
    # a fact-sheet build reached fork with fds 3 and 4 free: os.dup() of the pipe ends then
    # returned 3 and 4 themselves, dup2 onto the same number did nothing, and the fds stayed
    # close-on-exec — Chromium found no DevTools pipe (BrokenPipeError)
    import os

    from wpsresearch.report.browser_session import pipe_to_fds_3_and_4

    to_r, to_w = os.pipe()
    from_r, from_w = os.pipe()
    result_r, result_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: free 3 and 4, then do what the browser's pre-exec hook does
        code = 1
        try:
            for fd in (3, 4):
                if fd not in (to_r, from_w, result_w):
                    try:
                        os.close(fd)
                    except OSError:
                        pass
            pipe_to_fds_3_and_4(to_r, from_w)
            ok = os.get_inheritable(3) and os.get_inheritable(4)
            os.write(4, b"reply")  # fd 4 must be the reply pipe
            msg = os.read(3, 7)    # fd 3 must be the command pipe
            code = 0 if ok and msg == b"command" else 2
        finally:
            os.write(result_w, bytes([code]))
            os._exit(0)
    os.write(to_w, b"command")
    reply = os.read(from_r, 5)
    status = os.read(result_r, 1)
    os.waitpid(pid, 0)
    for fd in (to_r, to_w, from_r, from_w, result_r, result_w):
        os.close(fd)
    assert reply == b"reply" and status == bytes([0])
