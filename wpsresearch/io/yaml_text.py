"""YAML as study files need it: safe, and with YAML 1.2 booleans only.

PyYAML follows YAML 1.1, where ``yes``, ``no``, ``on`` and ``off`` are booleans, so
``consent: {column: consent, yes: "yes"}`` would silently get a key ``True`` (the
"Norway problem").  Study files use ``yes`` as a key and a choice name, so they are read as
text.  Shared by ``study.yml`` and the cleaning stage's rule files.

Examples
--------
>>> load_yaml("consent: {yes: 'yes'}\\nok: true")
{'consent': {'yes': 'yes'}, 'ok': True}
"""

from __future__ import annotations

import functools

__all__ = ["load_yaml"]


@functools.cache
def _yaml_loader():
    """A SafeLoader subclass whose only booleans are true/false."""
    import re

    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return Loader


def load_yaml(text: str):
    """Parse YAML text; ``yes``/``no`` stay text."""
    import yaml

    return yaml.load(text, Loader=_yaml_loader())  # noqa: S506 - a SafeLoader subclass
