"""The notebooks as a scholar meets them: JupyterLab in a real headless Chromium.

A JupyterLab server is started as ``make lab`` starts it (the options of the Makefile's ``lab``
recipe) on a copy of the notebooks and of the built SYNTHETIC study in a temporary folder;
Playwright drives the system's Chromium (never a downloaded one), opens ``getting_started``
and ``province_study``, runs all cells (JupyterLab's own "Run All Cells" command) and checks
what the reader sees: every Arabic block of the rendered markdown runs right to left, no cell
printed to stderr or failed, and no kernel warned that it talks over TCP without encryption.
No request leaves the machine: the page may load only from the local server.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from output_numbers import NOTEBOOKS, REPO
from wpsresearch.report.browser import find_browser

pytestmark = pytest.mark.browser
BROWSER = find_browser()
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is needed to drive Chromium")
pytest.importorskip("jupyterlab", reason="JupyterLab is needed (pip install wpsresearch[lab])")
if BROWSER is None:
    pytest.skip("no Chromium-family browser found", allow_module_level=True)

_SECRET = "test-only-secret-0123456789abcdefghij"
# generous guards against a hung server or kernel (not timed assertions): a loaded machine
# runs getting_started (a whole study build and a report) in minutes
_START_S, _RUN_MS = 300, 1_200_000

# The notebook widget shown, once its kernel is ready.
_READY = r"""(path) => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!w || !w.context || w.context.path !== path || !w.content.widgets.length) return false;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle';
}"""

# Done: the kernel idle and every code cell executed, or a cell failed (Run All stops there).
_DONE = r"""() => {
  const w = window.jupyterapp.shell.currentWidget;
  const cells = w.content.widgets.filter(c => c.model.type === 'code');
  const failed = cells.some(c => [...Array(c.model.outputs.length).keys()]
                                  .some(i => c.model.outputs.get(i).type === 'error'));
  const k = w.sessionContext.session.kernel;
  return failed || (k.status === 'idle' && cells.every(c => c.model.executionCount !== null));
}"""

# What the reader sees: outputs of every code cell, and the direction of every rendered
# markdown block written mostly in Arabic letters.
_SEEN = r"""() => {
  const w = window.jupyterapp.shell.currentWidget;
  const outputs = [];
  w.content.widgets.forEach((c, n) => {
    if (c.model.type !== 'code') return;
    for (let i = 0; i < c.model.outputs.length; i++) {
      const o = c.model.outputs.get(i).toJSON();
      outputs.push({cell: n, type: o.output_type, name: o.name || null,
                    text: String(o.text || (o.ename ? `${o.ename}: ${o.evalue}` : '')).slice(0, 300)});
    }
  });
  const count = (text, re) => (text.match(re) || []).length;
  const arabic = [];
  const blocks = w.content.node.querySelectorAll(
    '.jp-MarkdownCell .jp-RenderedMarkdown :is(p, h1, h2, h3, h4, h5, h6, li, td, th, blockquote)');
  for (const el of blocks) {
    const text = el.textContent;
    if (count(text, /[\u0600-\u06FF]/g) > count(text, /[A-Za-z]/g)) {
      arabic.push({text: text.trim().slice(0, 60), direction: getComputedStyle(el).direction});
    }
  }
  return {outputs, arabic, code_cells: w.content.widgets.filter(c => c.model.type === 'code').length};
}"""


def make_lab_options() -> list[str]:
    """The options ``make lab`` gives ``jupyter lab`` (its recipe in the Makefile)."""
    recipe = re.search(r"^lab:.*\n\t(.+)$", (REPO / "Makefile").read_text(encoding="utf-8"), re.M)
    assert recipe, "the Makefile has no lab target"
    return re.findall(r"(--\S+)", recipe.group(1))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(server, url, log):
    deadline = time.monotonic() + _START_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab stopped (exit {server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterLab did not answer within {_START_S} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def lab(built_study, tmp_path_factory):
    """A running JupyterLab on a copy of ``notebooks/`` and the built study: ``(url, token,
    log path)``; shut down (with its kernels) after the module's tests."""
    project, _ = built_study
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(NOTEBOOKS, root / "notebooks")
    for part in ("raw", "processed"):
        shutil.copytree(project / "data" / part, root / "data" / part)
    home = root / "home"
    # every cell attached to the page (no virtual scrolling), so each is rendered and checked
    settings = home / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "JUPYTER_CONFIG_PATH")}
    env.update(HOME=str(home), JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_DATA_DIR=str(home / "data"), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               IPYTHONDIR=str(home / "ipython"), WPSRESEARCH_SECRET_SYNTHETIC=_SECRET,
               # the kernel imports this checkout's package, as `make lab` imports the venv's
               PYTHONPATH=os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]))
    port, token = _free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyter", "lab", *make_lab_options(),
               "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={token}",
               "--ServerApp.open_browser=False", "--LabApp.expose_app_in_browser=True",
               f"--ServerApp.root_dir={root}", f"--LabApp.user_settings_dir={home / 'settings'}",
               # nothing fetched from the internet: no news, no update check
               "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers run tests as root
    log = root / "server.log"
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait_for_server(server, f"http://127.0.0.1:{port}/api/status?token={token}", log)
            yield f"http://127.0.0.1:{port}", token, log
        finally:
            server.terminate()  # the server shuts its kernels down on SIGTERM
            try:
                server.wait(60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(30)


def test_make_lab_gives_kernels_encrypted_transport():
    assert "--KernelManager.transport_encryption=auto" in make_lab_options()


@pytest.mark.parametrize("name", ["getting_started", "province_study"])
def test_notebook_runs_in_jupyterlab_right_to_left_and_quietly(chromium, lab, name):
    url, token, log = lab
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    leaving = []

    def route(r):
        if r.request.url.startswith((url, "data:", "blob:")):
            return r.continue_()
        leaving.append(r.request.url)
        return r.abort()

    page.route("**/*", route)
    path = f"notebooks/{name}.ipynb"
    try:
        page.goto(f"{url}/lab/tree/{path}?token={token}")
        page.wait_for_function(_READY, arg=path, timeout=_START_S * 1000, polling=500)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(_DONE, timeout=_RUN_MS, polling=1000)
        seen = page.evaluate(_SEEN)
    finally:
        context.close()

    errors = [o for o in seen["outputs"] if o["type"] == "error"]
    assert errors == [], errors
    stderr = [o for o in seen["outputs"] if o["type"] == "stream" and o["name"] == "stderr"]
    assert stderr == [], stderr
    assert seen["arabic"], "no Arabic markdown block rendered"
    left_to_right = [b for b in seen["arabic"] if b["direction"] != "rtl"]
    assert left_to_right == [], left_to_right
    assert leaving == [], leaving
    assert "without encryption" not in log.read_text(encoding="utf-8")
