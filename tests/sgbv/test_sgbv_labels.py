"""Every SGBV code and indicator has English and Arabic labels; reviewed only where cited."""

import pandas as pd

import wpsresearch as wps

# Arabic terms confirmed by a named source: the GBV types and displacement statuses are
# Primero's official Arabic GBVIMS lookups (primeroIMS/primero db/lookups, lookup_values_ar).
CITED = {"rape", "sexual_assault", "physical_assault", "forced_marriage",
         "denial_of_resources_opportunities_or_services", "psychological_emotional_abuse", "non_gbv"}


def test_every_key_has_both_labels():
    labels = wps.Labels.default()
    missing = [k for k in wps.sgbv.label_keys() if k not in labels]
    assert missing == []
    for key in wps.sgbv.label_keys():
        assert labels.get(key, "en").strip() and labels.get(key, "ar").strip()
        assert any("\u0600" <= ch <= "\u06ff" for ch in labels.get(key, "ar")), key


def test_indicator_outputs_are_all_labelled():
    labels = wps.Labels.default()
    n = wps.sgbv.ipv_items()
    df = pd.DataFrame([{c: "never" for d in n.values() for c in d}]).assign(
        sex="female", marital_status="married", age=30, ipv_private="yes",
        help_sought="police", no_report_reason="stigma")
    mapping = {"dhs_ipv": {**n, "sex": "sex", "marital": "marital_status", "age": "age"},
               "dhs_attitudes": {"items": ["sex"], "answers": {"yes": ["female"]}},
               "help_seeking": {"question": "help_sought"},
               "no_report_reasons": {"question": "no_report_reason"}}
    out = wps.sgbv.add_indicators(df, mapping)
    cols = [c for c in out.columns if c not in df.columns]
    assert set(cols) >= {"ipv_any_12m", "sdg_5_2_1", "reported_formal", "reason_stigma"}
    assert set(cols) <= set(wps.sgbv.indicator_names(mapping))
    cols += list(wps.sgbv.classify_incidents(pd.DataFrame([{q: "no" for q in [
        "q_penetration", "q_sexual_contact", "q_physical_assault", "q_forced_marriage",
        "q_denial_of_resources", "q_psychological_abuse"]}])).columns)
    assert [c for c in cols if c not in labels] == []


def test_reviewed_only_where_cited():
    labels = wps.Labels.default()
    sgbv_keys = [k for k, src in labels.source.items() if src == "sgbv.csv"]
    reviewed = {k for k in sgbv_keys if labels.reviewed[k]}
    assert reviewed - CITED == {k for k in reviewed if k.startswith("gbvims_displacement_status_")}
    assert CITED <= reviewed


def test_unreviewed_terms_listed():
    terms = wps.sgbv.unreviewed_terms()
    assert "crsv" in terms and "ipv_physical_12m" in terms
    assert not set(terms) & CITED
