"""environment.yml (conda) and pyproject.toml (pip) must list the same packages and bounds."""

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
# pip name -> conda-forge name, where they differ
CONDA_NAMES: dict[str, str] = {}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_requirements() -> dict[str, SpecifierSet]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(meta["dependencies"])
    for extra, items in meta.get("optional-dependencies", {}).items():
        reqs += [r for r in items if not r.startswith("wpsresearch")]
    out: dict[str, SpecifierSet] = {}
    for text in reqs:
        req = Requirement(text)
        name = _norm(CONDA_NAMES.get(req.name, req.name))
        spec = out.get(name)
        if spec is not None and spec != req.specifier:
            raise AssertionError(f"{name} listed twice in pyproject.toml with different bounds")
        out[name] = req.specifier
    return out


def environment_requirements() -> dict[str, SpecifierSet]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    out: dict[str, SpecifierSet] = {}
    for item in env["dependencies"]:
        if isinstance(item, dict) or item.split()[0] in {"python", "pip"}:
            continue
        name, _, spec = item.partition(" ")
        out[_norm(name)] = SpecifierSet(spec.replace(" ", ""))
    return out


def test_same_packages_and_bounds():
    pip_side = pyproject_requirements()
    conda_side = environment_requirements()
    assert sorted(pip_side) == sorted(conda_side), (
        f"only in pyproject.toml: {sorted(set(pip_side) - set(conda_side))}; "
        f"only in environment.yml: {sorted(set(conda_side) - set(pip_side))}"
    )
    drift = {n: (str(pip_side[n]), str(conda_side[n])) for n in pip_side if pip_side[n] != conda_side[n]}
    assert not drift, f"bounds differ (pyproject, environment.yml): {drift}"


def test_python_bound_matches():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    py = next(d for d in env["dependencies"] if isinstance(d, str) and d.split()[0] == "python")
    assert SpecifierSet(py.split(" ", 1)[1].replace(" ", "")) == SpecifierSet(meta["requires-python"])


def test_lock_pins_every_dependency_within_its_bounds():
    lock = {}
    for line in (ROOT / "requirements-lock.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith((" ", "#")):
            req = Requirement(line)
            lock.setdefault(_norm(req.name), []).append(req)
    for name, spec in pyproject_requirements().items():
        assert name in lock, f"{name} is not pinned in requirements-lock.txt (run `make lock`)"
        for req in lock[name]:
            (pin,) = [s.version for s in req.specifier if s.operator == "=="]
            assert spec.contains(pin, prereleases=True), f"lock pins {name}=={pin} outside {spec}"
