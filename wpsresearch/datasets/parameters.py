"""The invented parameters of the synthetic study (``parameters.yml`` in this folder).

Examples
--------
>>> from wpsresearch.datasets.parameters import load_parameters
>>> p = load_parameters()
>>> sorted(p["provinces"])
['baghdad', 'basra', 'kirkuk', 'salah_ad_din']
>>> p["provinces"]["kirkuk"]["pcode"]
'IQG13'
"""

from __future__ import annotations

import copy
import functools
from importlib import resources


@functools.lru_cache(maxsize=1)
def _cached():
    import yaml

    text = resources.files("wpsresearch.datasets").joinpath("parameters.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def load_parameters() -> dict:
    """A fresh copy of the parameters (callers may modify it freely)."""
    return copy.deepcopy(_cached())
