"""The synthetic study's raw export: declared PII is found by content, the gate catches it."""

from __future__ import annotations

import pandas as pd
import pytest

import wpsresearch as wps

P = wps.privacy


@pytest.mark.slow
def test_synthetic_raw_export_pii_and_gate(tmp_path):
    from wpsresearch.datasets.study_writer import write_synthetic_study

    raw_dir = tmp_path / "raw"
    write_synthetic_study(raw_dir, n=300, seed=3)
    df = pd.read_csv(raw_dir / "export.csv", sep=";", dtype=str)
    found = P.detect_pii_columns(df)
    for declared in ("respondent_name", "phone", "gps"):
        assert any(c.split("/")[-1] == declared for c in found), (declared, found)
    ids = P.collect_identifiers(df, ["respondent_name", "phone", "gps"])
    assert len(ids["phone"]) > 250 and len(ids["person_name"]) > 200 and len(ids["gps"]) > 250

    out = tmp_path / "out"
    out.mkdir()
    # an aggregate the way a report writes it passes ...
    counts = pd.crosstab(df["location/governorate"], df["respondent/sex"])
    (out / "table.html").write_text(P.suppress_small_cells(counts).to_html(), encoding="utf-8")
    assert P.scan_outputs([out], identifiers=ids) == []
    # ... a leaked raw row does not, and the finding does not repeat the row
    two_words = df["respondent/respondent_name"].str.split().str.len() >= 2  # not "Test" rows
    leak = df.loc[two_words, ["respondent/respondent_name", "respondent/phone"]].head(1).to_string()
    (out / "leak.txt").write_text(leak, encoding="utf-8")
    kinds = {f.kind for f in P.scan_outputs([out], identifiers=ids)}
    assert kinds == {"a phone number from the raw data", "a person's name from the raw data"}


def test_names_the_synthetic_generator_types_are_found():
    """A hold-out written by another engineer: the generator's first x family name lists."""
    from wpsresearch.datasets import field_text as ft

    names = []
    for first, fam in [(ft.FEMALE_NAMES + ft.MALE_NAMES, ft.FAMILY_NAMES),
                       (ft.KURDISH_FEMALE + ft.KURDISH_MALE, ft.KURDISH_FAMILY)]:
        names += [f"{f[s]} {g[s]}" for f in first for g in fam for s in (0, 1)]
    column = P.scan_column(pd.Series(names), "q17")
    assert [f.kind for f in column] == ["person_name"] and column[0].share > 0.99
    in_text = [any(k == "person_name" for _, _, k in P.identifier_spans(f"I was helped by {n} yesterday"))
               for n in names]
    assert sum(in_text) / len(names) >= 0.99
    answers = ft.SUGGESTIONS_EN + ft.SUGGESTIONS_AR + ft.SUGGESTIONS_KU + ft.REASON_OTHER
    assert not any(P.identifier_spans(a.format(place="market")) for a in answers)
