"""SYNTHETIC example data: labelled, classifiable, and machine/human agreement neither 0 nor 1."""

import numpy as np
import pandas as pd

import wpsresearch as wps


def test_synthetic_incidents_labelled_and_classifiable():
    df = wps.sgbv.synthetic_incidents(n=300, seed=4)
    assert len(df) == 300 and df["synthetic"].all() and df.attrs["synthetic"]
    assert df["narrative"].str.startswith("SYNTHETIC").all()
    assert set(df["province"]) == {"basra", "kirkuk", "baghdad", "salah_ad_din"}
    out = wps.sgbv.classify_incidents(df)
    assert out["gbv_type"].notna().all()
    assert set(out["gbv_type"]) >= {"rape", "physical_assault", "forced_marriage"}
    for flag in ("ipv", "crsv", "child_sexual_abuse", "early_marriage", "harmful_traditional_practice"):
        assert out[flag].any(), flag
    counts = wps.sgbv.incident_counts(out.join(df["province"]), by="province", synthetic=True)
    assert "SYNTHETIC" in counts.summary() and int(counts.counts.to_numpy().sum()) == 300


def test_synthetic_incidents_deterministic():
    pd.testing.assert_frame_equal(wps.sgbv.synthetic_incidents(n=30, seed=9),
                                  wps.sgbv.synthetic_incidents(n=30, seed=9))


def test_synthetic_dialogue_double_coded():
    ex = wps.sgbv.synthetic_dialogue_excerpts()
    cd = wps.sgbv.synthetic_dialogue_coding()
    assert ex["text"].str.startswith("SYNTHETIC").all() and ex["synthetic"].all()
    assert set(ex["language"]) == {"ar", "en"}
    assert set(cd["unit"]) == set(ex["excerpt_id"])
    rep = wps.sgbv.agreement_report(wps.sgbv.read_coding(cd, layout="long"))
    overall = rep.table.loc["overall"]
    assert 0.4 < overall["krippendorff_alpha"] < 0.98  # realistic, imperfect human agreement
    assert len(wps.sgbv.disagreement_table(wps.sgbv.read_coding(cd, layout="long"))) > 0


def test_codetext_agreement_is_computed_and_imperfect():
    ex = wps.sgbv.synthetic_dialogue_excerpts()
    cd = wps.sgbv.synthetic_dialogue_coding()
    t = wps.sgbv.codetext_agreement(ex, cd)
    assert set(t.index) == set(wps.sgbv.starter_codebook().codes) | {"overall"}
    for col in ("kappa_coder_a", "kappa_coder_b", "alpha_all"):
        value = t.loc["overall", col]
        assert np.isfinite(value) and 0 < value < 1, (col, value)
