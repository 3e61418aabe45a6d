"""The second test study (tests/data/studies/mics_test), built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SECOND = Path(__file__).resolve().parents[1] / "data" / "studies" / "mics_test"


@pytest.fixture(scope="session")
def second_study(tmp_path_factory):
    """``(project, study_dir)``: the MICS-style study copied to ``data/raw`` and built."""
    from wpsresearch.pipeline.build import build_study

    project = tmp_path_factory.mktemp("second_study")
    raw = project / "data" / "raw" / "mics_test"
    shutil.copytree(SECOND, raw)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WPSRESEARCH_SECRET_MICS_TEST", "test-only-secret-mics-0123456789abcdef")
        mp.setenv("HOME", str(project))
        build_study(raw)
    return project, raw
