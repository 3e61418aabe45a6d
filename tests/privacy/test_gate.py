"""`wpsresearch check-disclosure`: planted leaks fail, clean outputs pass, nothing sensitive
is printed."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
STUDY = ROOT / "data" / "raw" / "synthetic"


@pytest.fixture(scope="module")
def raw_values():
    raw = pd.read_csv(STUDY / "export.csv", sep=";", dtype=str, keep_default_na=False)
    consented = raw[raw["intro/consent"] == "yes"]
    phone = next(v for v in consented["respondent/phone"] if v.startswith("07") and len(v) == 11)
    name = next(v for v in consented["respondent/respondent_name"] if len(v.split()) >= 2
                and v.isascii() and "test" not in v.lower())
    return phone, name


def gate(*paths):
    return subprocess.run([sys.executable, "-m", "wpsresearch", "check-disclosure", *map(str, paths),
                           "--study", str(STUDY)], capture_output=True, text=True)


@pytest.mark.parametrize("leak", ["phone_in_markdown", "small_count", "name_in_sidecar"])
def test_planted_leaks_fail_without_printing_them(tmp_path, raw_values, leak):
    phone, name = raw_values
    spaced = f"{phone[:4]} {phone[4:7]} {phone[7:]}"
    if leak == "phone_in_markdown":
        path = tmp_path / "report.html"
        path.write_text(f"<html><body><p>Call the survivor on {spaced}</p></body></html>", encoding="utf-8")
    elif leak == "small_count":
        path = tmp_path / "table.csv"
        path.write_text("district,n\nIQG02Q01,3\nIQG02Q02,40\n", encoding="utf-8")
    else:
        path = tmp_path / "figure.txt"
        path.write_text(f"title: Testimony of {name}\nvalues: 40, 52\n", encoding="utf-8")
    out = gate(path)
    assert out.returncode == 2, out.stdout + out.stderr
    assert "FOUND" in out.stdout and path.name in out.stdout
    for secret in (phone, spaced, name):
        assert secret not in out.stdout + out.stderr


def test_clean_outputs_pass(tmp_path):
    (tmp_path / "report.html").write_text(
        '<html><body><p>More street lighting.</p><table><tr><td data-n="120">120</td></tr></table>'
        "</body></html>", encoding="utf-8")
    (tmp_path / "table.csv").write_text("province,n\nIQG02,1200\n", encoding="utf-8")
    out = gate(tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "OK: no identifier" in out.stdout
