"""What a study asks comes from its form, study.yml and analysis plan, never from the package:
no file of the package or of its notebooks names a test study's variables, and none outside
``wpsresearch/datasets/`` (the generator) names the synthetic study's own questions and
indicators.  The scan reads every text file; it fails on a planted name to show it can."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import wpsresearch as wps

REPO = Path(__file__).resolve().parents[1]
SECOND = REPO / "tests" / "data" / "studies" / "mics_test"
TEXT = (".py", ".ipynb", ".csv", ".yml", ".yaml", ".md", ".json", ".css", ".html", ".txt", ".toml")
# the synthetic questionnaire's own names (its form and its indicators: block), as opposed to
# the package's standard indicators (ipv_any_12m, beating_justified_any ...) which it defines
SYNTHETIC_PATTERN = re.compile(
    r"(?<![A-Za-z0-9_])(?:ipv_(push|slap|twist|punch|kick|choke|weapon|forced_sex|forced_acts|threat_sex|humiliate|"
    r"threaten|insult|private)|justify_(goes_out|neglects_children|argues|refuses_sex|burns_food)|"
    r"trusts?_(police|fpd|courts|tribal)|police_(treat_fairly|respond_quickly)|heard_(1325|nap)|"
    r"harass_(public|online)|(un)?safe_(day|night)|safer_suggestion|women_police_\w+|"
    r"supports_women_police|no_report_reason|woman_respondent)(?![A-Za-z0-9_])")


def _files(*folders, skip=()):
    for folder in folders:
        for path in sorted((REPO / folder).rglob("*")):
            rel = path.relative_to(REPO)
            if path.is_file() and path.suffix in TEXT and not any(rel.is_relative_to(s) for s in skip):
                yield rel, path.read_text(encoding="utf-8", errors="replace")


def _second_study_names():
    study = wps.Study.load(SECOND, check_form=False)
    form = wps.io.read_xlsform(study.form)
    names = set(form.data_names()) - {"start", "end"}
    for family, spec in study.indicators.items():
        if family in ("answers", "indices"):
            names |= set(spec)
    return names


def _hits(names, files):
    pattern = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, sorted(names))) + r")(?![A-Za-z0-9_])")
    return [(str(rel), m.group(1)) for rel, text in files for m in [pattern.search(text)] if m]


def test_the_second_study_is_named_in_its_own_convention():
    names = _second_study_names()
    assert {"HL4", "WB2", "DV1A", "DV1E", "PT1", "HS1", "PTCONDUCT", "PTAWARE"} <= names
    assert not {n for n in names if SYNTHETIC_PATTERN.fullmatch(n)}


def test_no_package_or_notebook_file_names_the_second_study():
    assert _hits(_second_study_names(), _files("wpsresearch", "notebooks")) == []


def test_no_package_file_outside_the_generator_names_the_synthetic_study():
    hits = [(str(rel), m.group(0)) for rel, text in _files("wpsresearch", skip=(Path("wpsresearch/datasets"),))
            for m in [SYNTHETIC_PATTERN.search(text)] if m]
    assert hits == []


def test_the_scan_finds_a_planted_name(tmp_path):
    planted = [(Path("wpsresearch/x.py"), "df['PTCONDUCT'].mean()"),
               (Path("wpsresearch/y.py"), "x = 'trusts_police'")]
    assert _hits(_second_study_names(), planted) == [("wpsresearch/x.py", "PTCONDUCT")]
    assert SYNTHETIC_PATTERN.search(planted[1][1])
    assert not _hits({"HL4"}, [(Path("a.py"), "HL40 = 1; xHL4 = 2")])


@pytest.mark.parametrize("name", ["province_study.ipynb", "province_comparison.ipynb"])
def test_the_shipped_templates_name_no_study(name):
    text = (REPO / "wpsresearch" / "report" / "templates" / name).read_text(encoding="utf-8")
    assert not SYNTHETIC_PATTERN.search(text)
    assert _hits(_second_study_names(), [(Path(name), text)]) == []
