"""Privacy and disclosure control: identifiers, pseudonyms, microdata risk, safe aggregates.

- direct identifiers by content and name: :func:`scan_column`, :func:`detect_pii_columns`,
  :func:`find_identifiers`, :func:`redact_text`;
- pseudonymous ids: :func:`pseudonymize`, :func:`load_secret`, :func:`check_study_privacy`;
- microdata risk (sdcMicro semantics): :func:`risk_report`, :func:`key_frequencies`,
  :func:`individual_risk`, :func:`l_diversity`; treatments :func:`global_recode`,
  :func:`top_bottom_code`, :func:`local_suppression`;
- safe aggregates: :class:`DisclosurePolicy`, :func:`suppress_small_cells`,
  :func:`suppress_linked_tables` (LP-audited secondary suppression);
- the export gate: :func:`collect_identifiers`, :func:`scan_outputs` (every channel a reader
  sees: :mod:`~wpsresearch.privacy.output_readers`), tied to a study in
  :mod:`~wpsresearch.privacy.gate`;
- processed data that are safe to share in a team: the column allow-list
  (:mod:`~wpsresearch.privacy.allow_list`), dates without times
  (:mod:`~wpsresearch.privacy.linkability`), the scrubber's names from the data's own name
  columns (:func:`~wpsresearch.privacy.text_redaction.known_names`);
- typed answers in reports (quotes, results rows): one rule,
  :mod:`~wpsresearch.privacy.free_text`, with names found by their shape as well as by the
  lexicon (:mod:`~wpsresearch.privacy.name_shapes`);
- notebook hygiene: :func:`notebook_has_outputs`, :func:`strip_notebook`.
"""

from __future__ import annotations

from wpsresearch.privacy.cell_suppression import (
    MergeSuggestion,
    SuppressedTable,
    suppress_linked_tables,
    suppress_small_cells,
)
from wpsresearch.privacy.export_gate import Finding, scan_outputs
from wpsresearch.privacy.identifier_matching import canonical_phone, collect_identifiers
from wpsresearch.privacy.identifier_patterns import fold_digits, identifier_spans
from wpsresearch.privacy.microdata_risk import (
    household_risk,
    individual_risk,
    key_frequencies,
    l_diversity,
)
from wpsresearch.privacy.microdata_treatments import (
    global_recode,
    local_suppression,
    top_bottom_code,
)
from wpsresearch.privacy.notebook_hygiene import notebook_has_outputs, strip_notebook
from wpsresearch.privacy.pii_detection import (
    IdentifierFinding,
    detect_pii_columns,
    find_identifiers,
    scan_column,
)
from wpsresearch.privacy.policy import DisclosurePolicy
from wpsresearch.privacy.protection_audit import LinearTable, feasible_ranges
from wpsresearch.privacy.pseudonyms import default_secrets_path, load_secret, pseudonymize
from wpsresearch.privacy.risk_report import RiskReport, risk_report
from wpsresearch.privacy.study_checks import check_study_privacy
from wpsresearch.privacy.text_redaction import ChangeLog, redact_text

__all__ = [
    "ChangeLog",
    "DisclosurePolicy",
    "Finding",
    "IdentifierFinding",
    "LinearTable",
    "MergeSuggestion",
    "RiskReport",
    "SuppressedTable",
    "canonical_phone",
    "check_study_privacy",
    "collect_identifiers",
    "default_secrets_path",
    "detect_pii_columns",
    "feasible_ranges",
    "find_identifiers",
    "fold_digits",
    "global_recode",
    "household_risk",
    "identifier_spans",
    "individual_risk",
    "key_frequencies",
    "l_diversity",
    "load_secret",
    "local_suppression",
    "notebook_has_outputs",
    "pseudonymize",
    "redact_text",
    "risk_report",
    "scan_column",
    "scan_outputs",
    "strip_notebook",
    "suppress_linked_tables",
    "suppress_small_cells",
    "top_bottom_code",
]
