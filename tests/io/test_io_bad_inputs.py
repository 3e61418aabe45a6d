"""The catalogue of bad inputs: each is refused with a WpsError that names what and where."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import wpsresearch as wps

HERE = Path(__file__).resolve().parents[1] / "bad_inputs"
CASES = yaml.safe_load((HERE / "cases.yml").read_text(encoding="utf-8"))


def test_catalogue_is_large_enough_and_complete():
    assert len(CASES) >= 25
    listed = {c["file"] for c in CASES}
    on_disk = {p.name for p in HERE.iterdir()} - {"cases.yml", "README.md", "make_cases.py",
                                                   "form.xlsx", "__pycache__"}
    assert listed == on_disk


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_input_is_refused_with_a_useful_message(case):
    reader = getattr(wps.io, case["reader"])
    path = HERE / case["file"]
    kwargs = {"form": HERE / "form.xlsx"} if case["reader"] in ("read_kobo",
                                                                 "read_odk_central") else {}
    error = getattr(wps.errors, case["error"])
    with pytest.raises(error) as info:
        reader(path, **kwargs)
    message = str(info.value)
    assert case["file"] in message
    assert "What to do:" in message
    for name in case["names"]:
        assert name in message, (name, message)
