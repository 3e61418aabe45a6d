"""Fixtures of the notebook tests (helpers live in output_numbers.py, shared with tests/report)."""

from __future__ import annotations

import pytest

from output_numbers import make_built_study


@pytest.fixture(scope="session")
def built_study(tmp_path_factory):
    """``(project_root, study_dir)`` with ``data/processed/synthetic`` written."""
    return make_built_study(tmp_path_factory)
