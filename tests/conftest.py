"""Suite-wide guards.

"No tests collected" must be impossible, not ignored: a full run (``make test``, i.e. pytest
on its configured ``testpaths`` with no ``-k``) that collects fewer tests than the suite
certainly has means a broken layout or import, and fails loudly.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

MIN_TESTS_FULL_RUN = 60


def pytest_ignore_collect(collection_path, config):
    """Test folders' ``conftest.py`` files hold fixtures, not doctests: collecting them as
    doctest modules (``--doctest-modules``) clashes on the shared basename when two folders
    are named on the command line.  They are still loaded as conftest plugins."""
    if collection_path.name == "conftest.py" and collection_path.parent != Path(__file__).parent:
        return True
    return None


def pytest_collection_finish(session):
    cfg = session.config
    full_run = cfg.args_source == pytest.Config.ArgsSource.TESTPATHS and not cfg.option.keyword
    if full_run and cfg.option.markexpr in ("", "not slow") and len(session.items) < MIN_TESTS_FULL_RUN:
        raise pytest.UsageError(
            f"only {len(session.items)} tests collected on a full run (expected at least "
            f"{MIN_TESTS_FULL_RUN}): a test module failed to import or the layout is broken"
        )


@pytest.fixture(autouse=True)
def _no_user_secrets(monkeypatch, tmp_path_factory):
    """Tests never see the developer's real config folder or secrets."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    for key in [k for k in os.environ if k.startswith("WPSRESEARCH_SECRET")]:
        monkeypatch.delenv(key, raising=False)


@pytest.fixture(scope="session")
def chromium():
    """The system's Chromium driven by Playwright (one per session; never a downloaded one).

    Shared by the report and monitor browser tests."""
    from wpsresearch.report.browser import find_browser

    browser_path = find_browser()
    if browser_path is None:
        pytest.skip("no Chromium-family browser found")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(browser_path), args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def export_generator():
    """tests/data/studies/export_generator.py: fills an export of any form, in every dialect
    (Kobo CSV/XLSX, legacy KoBoCAT, ODK Central ZIP, R-touched CSV, SPSS)."""
    import importlib.util
    import sys

    if "export_generator" in sys.modules:
        return sys.modules["export_generator"]
    path = Path(__file__).parent / "data" / "studies" / "export_generator.py"
    spec = importlib.util.spec_from_file_location("export_generator", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["export_generator"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def built_rounds(tmp_path_factory):
    """``(project, {round: Study})``: two small rounds of the SYNTHETIC study (480 interviews,
    seed 7) generated and built in one project (the monitor and later-rounds tests)."""
    from wpsresearch.datasets import write_synthetic_study
    from wpsresearch.errors import WpsWarning
    from wpsresearch.pipeline.build import build_study
    from wpsresearch.study import Study

    project = tmp_path_factory.mktemp("monitor_project")
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WPSRESEARCH_SECRET_SYNTHETIC", "test-only-secret-0123456789abcdefghij")
        for r in (1, 2):
            raw = project / "data" / "raw" / ("synthetic" if r == 1 else f"synthetic_round{r}")
            write_synthetic_study(raw, n=480, seed=7, round=r)
            # 480 interviews are too few for the full key variables: the build says so
            with pytest.warns(WpsWarning, match="unique on the key variables"):
                build_study(raw, out=project / "data" / "processed" / raw.name)
            out[r] = Study.load(raw)
    return project, out


class RecordedProgress:
    """The CLI's progress object (``.step(text)``, ``.bar``) keeping every step's text."""

    def __init__(self):
        self.steps = []

    def step(self, text):
        self.steps.append(text)

    def bar(self, total, desc):
        return lambda k=1: None


@pytest.fixture
def recorded_progress():
    """A factory of :class:`RecordedProgress` (the demo's and monitor's tests)."""
    return RecordedProgress


def _write_form(path, survey, choices=None, settings=None, extra_sheets=None):
    """Write an XLSForm (lists of rows per sheet) as .xlsx; returns the path."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    sheets = {"survey": survey, "choices": choices, "settings": settings,
              **(extra_sheets or {})}
    for title, rows in sheets.items():
        if rows is None:
            continue
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


@pytest.fixture(scope="session")
def write_form():
    """``write_form(path, survey_rows, choices_rows=None, settings_rows=None)``."""
    return _write_form
