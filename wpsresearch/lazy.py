"""PEP 562 lazy attributes for a package: its heavy libraries load on first use.

``import wpsresearch.report`` must not import nbconvert and papermill, nor ``wpsresearch.viz``
matplotlib: a package lists where each public name lives and gets ``__getattr__`` and
``__dir__`` from :func:`lazy_attributes`.

Examples
--------
>>> getattr_, dir_ = lazy_attributes("demo", {"sqrt": "math"})
>>> getattr_("sqrt")(9.0)
3.0
>>> dir_()
['sqrt']
"""

from __future__ import annotations

import importlib

__all__ = ["lazy_attributes"]


def lazy_attributes(package: str, where: dict[str, str], namespace: dict | None = None):
    """``(__getattr__, __dir__)`` for ``package``: ``where`` maps a name to its module; a
    value found is cached in ``namespace`` (the package's ``globals()``) when given."""

    def __getattr__(name):
        if name in where:
            value = getattr(importlib.import_module(where[name]), name)
            if namespace is not None:
                namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__():
        return sorted(set(where) | set(namespace or ()))

    return __getattr__, __dir__
