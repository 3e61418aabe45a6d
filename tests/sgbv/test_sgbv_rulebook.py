"""The package's rule files: parsed once per process, each call a fresh copy."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from wpsresearch.sgbv.rulebook import load_yaml

_NAMES = sorted(p.name for p in resources.files("wpsresearch.sgbv.codebooks").iterdir()
                if p.name.endswith(".yaml"))


@pytest.mark.parametrize("name", _NAMES)
def test_cached_codebook_equals_a_fresh_parse(name):
    text = resources.files("wpsresearch.sgbv.codebooks").joinpath(name).read_text("utf-8")
    assert load_yaml(name) == yaml.safe_load(text)


def test_a_caller_changing_its_copy_changes_no_other_call():
    first = load_yaml("dhs_ipv.yaml")
    first["coding"]["past_12m"].append("not_an_answer")
    first["domains"]["physical"]["d105a"] = "changed"
    first["denominator"].clear()
    again = load_yaml("dhs_ipv.yaml")
    assert "not_an_answer" not in again["coding"]["past_12m"] and again["denominator"]
    assert again["domains"]["physical"]["d105a"].startswith("pushed her")
    assert again is not load_yaml("dhs_ipv.yaml")
