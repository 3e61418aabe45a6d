"""Which SGBV codes and indicators have labels, and which Arabic terms still need review."""

from __future__ import annotations

__all__ = ["label_keys", "unreviewed_terms"]


def label_keys() -> list[str]:
    """Every label key the SGBV stage needs: types, context flags, indicators, pathway and
    reason groups, text codes, reliability statistics and the incident field code lists."""
    from wpsresearch.sgbv.gbvims import gbv_types, incident_field_codes
    from wpsresearch.sgbv.rulebook import load_csv, load_yaml

    keys = ["gbv_type", "gbvims_caveat", "incidents_reported", *gbv_types()]
    keys += [f["id"] for f in load_yaml("gbvims_context.yaml")["flags"]]
    keys += ["ipv_denominator", "sdg_5_2_1", "sdg_5_2_1_denominator"]
    keys += [f"ipv_{d}_{w}" for d in [*load_yaml("dhs_ipv.yaml")["domains"], "any"] for w in ("12m", "ever")]
    keys += ["beating_justified_any", "beating_justified_n", "help_asked", "reported_formal", "reason_asked"]
    hs = load_yaml("help_seeking.yaml")
    keys += list(hs["help_sources"]["groups"]) + list(hs["no_report_reasons"]["groups"])
    keys += ["trust_police_index", "safety_index", "cronbach_alpha"]
    keys += ["percent_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha"]
    keys += [f"text_{r['code']}" for r in load_csv("text_codes_starter.csv")]
    for field, codes in incident_field_codes().items():
        keys += [f"gbvims_field_{field}"] + [f"gbvims_{field}_{c}" for c in codes]
    return list(dict.fromkeys(keys))


def unreviewed_terms() -> list[str]:
    """SGBV label keys whose Arabic term no named standard or person has confirmed yet.

    Examples
    --------
    >>> "rape" in unreviewed_terms()     # Primero's official Arabic GBVIMS lookup
    False
    >>> "crsv" in unreviewed_terms()
    True
    """
    from wpsresearch.labels import Labels

    labels = Labels.default()
    keys = label_keys()
    return sorted(k for k in keys if k not in labels or not labels.reviewed.get(k, False))
