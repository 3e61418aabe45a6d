"""wpsresearch: gender-sensitive survey research on Women, Peace and Security in Iraq.

The sub-packages are the pipeline's stages, in the order data flows through them::

    io -> clean -> privacy -> sgbv -> stats -> viz -> report -> monitor

``import wpsresearch`` is cheap: each stage is imported the first time it is used
(PEP 562 module ``__getattr__``), so pandas, scipy and friends load only when needed.

Examples
--------
>>> import wpsresearch as wps
>>> wps.__version__
'0.1.0'
>>> sorted(wps.STAGES)
['clean', 'io', 'monitor', 'privacy', 'report', 'sgbv', 'stats', 'viz']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

STAGES = ("io", "clean", "privacy", "sgbv", "stats", "viz", "report", "monitor")
_SUBMODULES = {*STAGES, "datasets", "labels", "errors", "study", "cli", "text", "geo", "pipeline"}
_ATTRS = {
    "Study": ("wpsresearch.study", "Study"),
    "WpsError": ("wpsresearch.errors", "WpsError"),
    "WpsWarning": ("wpsresearch.errors", "WpsWarning"),
    "Labels": ("wpsresearch.labels", "Labels"),
}

__all__ = sorted([*_SUBMODULES, *_ATTRS, "__version__", "STAGES"])

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from wpsresearch import clean, datasets, io, labels, monitor, privacy, report, sgbv, stats, viz
    from wpsresearch.errors import WpsError, WpsWarning
    from wpsresearch.labels import Labels
    from wpsresearch.study import Study


def __getattr__(name: str):
    if name in _SUBMODULES:
        module = importlib.import_module(f"wpsresearch.{name}")
        globals()[name] = module
        return module
    if name in _ATTRS:
        mod, attr = _ATTRS[name]
        value = getattr(importlib.import_module(mod), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'wpsresearch' has no attribute {name!r}")


def __dir__():
    return __all__
