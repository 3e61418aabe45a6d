"""The package reads top to bottom in the order data flows: a test of the imports themselves.

Every ``import`` and ``from … import`` in ``wpsresearch/`` — at module level or inside a
function — is read from the source (AST).  A module may import its own folder, the shared
layers, and the stages *before* its own; never a later stage.  See docs/architecture.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "wpsresearch"

# (rank, unit).  Equal ranks may not import each other either, except within one unit.
LAYERS = [
    ("errors",), ("lazy",), ("labels",), ("text",), ("geo",), ("data",),      # shared layers
    ("framework",),                                                 # NAP 1325 / SDG codes (io checks plans, monitor stores)
    ("io",),                                                        # read and write files
    ("privacy",),                                                   # identifier rules, disclosure policy, the gate
    ("study",),                                                     # study.yml (uses io, privacy)
    ("clean",), ("sgbv",), ("stats",), ("viz",), ("report",),       # stages, in data order
    ("monitor",),                                                   # indicator store, NAP scorecard
    ("datasets",),                                                  # the synthetic study (plays the field team)
    ("pipeline",), ("cli",), ("__main__",), ("__init__",),          # orchestration
]
RANK = {unit: i for i, units in enumerate(LAYERS) for unit in units}


def unit_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imported_units(source: str, path: Path = Path("?")):
    """``(line, unit)`` for every wpsresearch import in ``source``."""
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            parts = node.module.split(".")
            if parts[0] != "wpsresearch":
                continue
            if len(parts) > 1:
                yield node.lineno, parts[1]
            else:
                for alias in node.names:
                    if alias.name in RANK:
                        yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            raise AssertionError(f"{path}:{node.lineno}: relative import; the package uses absolute ones")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "wpsresearch" and len(parts) > 1:
                    yield node.lineno, parts[1]


def violations(files):
    out = []
    for path, source in files:
        me = unit_of(path)
        for line, other in imported_units(source, path):
            if other == me or other == "__version__":
                continue
            if other not in RANK:
                out.append(f"{path.relative_to(PACKAGE)}:{line}: imports unknown unit '{other}'")
            elif RANK[other] >= RANK[me]:
                out.append(f"{path.relative_to(PACKAGE)}:{line}: '{me}' imports the later '{other}'")
    return out


def package_files():
    return [(p, p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.rglob("*.py"))]


def test_every_unit_has_a_layer():
    units = {unit_of(p) for p, _ in package_files()}
    assert units <= set(RANK), sorted(units - set(RANK))


def test_no_stage_imports_a_later_one():
    assert violations(package_files()) == []


@pytest.mark.parametrize("planted, importer", [
    ("from wpsresearch.report import build_reports\n", "stats/design.py"),
    ("import wpsresearch.pipeline.build\n", "clean/log.py"),
    ("def f():\n    from wpsresearch.clean import CleaningLog\n", "text/digits.py"),
    ("from wpsresearch import viz\n", "sgbv/gbvims.py"),
    ("from wpsresearch.stats import mean\n", "stats/../io/kobo.py"),
])
def test_a_planted_violation_fails(planted, importer):
    path = (PACKAGE / importer).resolve()
    found = violations([(path, path.read_text(encoding="utf-8") + "\n" + planted)])
    assert found and all("imports the later" in v for v in found), found
