"""SGBV coding: GBVIMS incident types, DHS/WHO survey indicators, help-seeking pathways, text coding, reliability.

Every rule is data in ``wpsresearch/sgbv/codebooks/`` (YAML/CSV); the functions here apply it.

Examples
--------
>>> import wpsresearch as wps
>>> wps.sgbv.gbv_types()[:3]
['rape', 'sexual_assault', 'physical_assault']
"""

from __future__ import annotations

from wpsresearch.sgbv.double_coding import (CodingSet, ReliabilityReport, agreement_report,
                                            disagreement_table, read_coding)
from wpsresearch.sgbv.examples import (codetext_agreement, synthetic_dialogue_coding,
                                       synthetic_dialogue_excerpts, synthetic_incidents)
from wpsresearch.sgbv.gbvims import (IncidentCounts, check_incident_fields, classify_incidents,
                                     context_columns,
                                     gbv_types, incident_counts, incident_field_codes)
from wpsresearch.sgbv.help_seeking import help_seeking_pathways, no_report_reasons, selected_options
from wpsresearch.sgbv.indicators import attitude_indicators, ipv_indicators, ipv_items
from wpsresearch.sgbv.indices import (CronbachAlpha, ScaleIndex, cronbach_alpha, likert_index,
                                      safety_index, trust_police_index)
from wpsresearch.sgbv.sensitive_columns import is_sgbv_column
from wpsresearch.sgbv.study_indicators import (add_indicators, answer_indicator, check_indicators,
                                               indicator_labels, indicator_names,
                                               indicator_sources, sgbv_columns)
from wpsresearch.sgbv.reliability import (KappaResult, cohen_kappa, fleiss_kappa,
                                          krippendorff_alpha, percent_agreement)
from wpsresearch.sgbv.terms import label_keys, unreviewed_terms
from wpsresearch.sgbv.textcoding import (CodedText, TextCodebook, code_text, read_text_codebook,
                                         starter_codebook)
from wpsresearch.text import normalize_key

__all__ = [
    "classify_incidents", "incident_counts", "IncidentCounts", "gbv_types", "context_columns",
    "incident_field_codes", "check_incident_fields", "is_sgbv_column",
    "ipv_indicators", "ipv_items", "attitude_indicators",
    "add_indicators", "check_indicators", "indicator_names", "indicator_labels", "sgbv_columns",
    "indicator_sources",
    "answer_indicator",
    "help_seeking_pathways", "no_report_reasons", "selected_options",
    "trust_police_index", "safety_index", "likert_index", "cronbach_alpha", "CronbachAlpha",
    "ScaleIndex",
    "code_text", "read_text_codebook", "starter_codebook", "TextCodebook", "CodedText",
    "normalize_key",
    "percent_agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "KappaResult",
    "read_coding", "CodingSet", "agreement_report", "ReliabilityReport", "disagreement_table",
    "synthetic_incidents", "synthetic_dialogue_excerpts", "synthetic_dialogue_coding",
    "codetext_agreement",
    "unreviewed_terms", "label_keys",
]
