"""Studies for report tests: the SYNTHETIC study (data/raw/synthetic, or generated small into a
temporary folder) and a tiny study for the refusal tests; the pipeline tests run the packaged
minimal notebook (the province template has tests of its own in tests/notebooks)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

import wpsresearch as wps
from wpsresearch.report import build_reports

STUDY_YML = """\
title: {en: "Report pipeline test study (SYNTHETIC)", ar: "دراسة اختبار مسار التقارير (مُصطنعة)"}
synthetic: true
form: form.xlsx
submissions: export.csv
languages: [en, ar]
provinces: [basra, kirkuk]
design: {ids: psu, strata: stratum, weights: weight}
consent: {column: consent, yes: "yes"}
pii_columns: []
disclosure: {min_cell: 10, min_n: 25}
"""


MINIMAL = Path(str(resources.files("wpsresearch.report.templates").joinpath("minimal_study.ipynb")))


def make_study(folder):
    """A tiny but readable study: the gate reads the raw export for identifiers (fail closed)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "study.yml").write_text(STUDY_YML, encoding="utf-8")
    wps.io.write_example_form(folder / "form.xlsx")
    (folder / "export.csv").write_text('"consent";"_uuid"\n"yes";"u1"\n', encoding="utf-8")
    return folder


def count_gate(paths, *, identifiers, policy):
    """A stand-in gate: flags every data-n count below min_cell and every identifier name."""
    import re

    from wpsresearch.privacy import Finding

    findings = []
    for path in paths:
        if not str(path).endswith(".html"):
            continue
        text = open(path, encoding="utf-8").read()
        for n in re.findall(r'data-n="(\d+)"', text):
            if policy.cell_is_disclosive(int(n)):
                findings.append(Finding(file=str(path), location="data-n", kind="count below min_cell"))
    return findings


@pytest.fixture(scope="session")
def tiny_study(tmp_path_factory):
    return make_study(tmp_path_factory.mktemp("studies") / "tinystudy")


@pytest.fixture(scope="session")
def synthetic_study(tmp_path_factory):
    """data/raw/synthetic when it exists, else the same generator's output, n=200, in tmp."""
    from wpsresearch.io.paths import project_root

    existing = project_root(Path(__file__)) / "data" / "raw" / "synthetic"
    if (existing / "study.yml").is_file():
        return existing
    from wpsresearch.datasets import write_synthetic_study

    folder = tmp_path_factory.mktemp("raw") / "synthetic"
    write_synthetic_study(folder, n=200)
    return folder


@pytest.fixture(scope="session")
def built(synthetic_study, tmp_path_factory):
    out = tmp_path_factory.mktemp("project")
    calls = []

    try:  # the real export gate when the privacy stage has it, else the stand-in
        from wpsresearch.privacy import scan_outputs as real_gate
    except ImportError:
        real_gate = count_gate

    def gate(paths, *, identifiers, policy):
        calls.append(([Path(p) for p in paths], {k: len(v) for k, v in identifiers.items()}))
        return real_gate(paths, identifiers=identifiers, policy=policy)

    to = ("html", "pdf")  # PDF needs no browser (Typst)
    steps = []
    written = build_reports(synthetic_study, provinces=["basra"], langs=("en", "ar"), to=to,
                            out_root=out, gate=gate, progress=steps.append, notebook=MINIMAL)
    root = out / "reports" / synthetic_study.name / "basra"
    return {"out": out, "root": root, "written": written, "gate_calls": calls, "steps": steps,
            "to": to}
