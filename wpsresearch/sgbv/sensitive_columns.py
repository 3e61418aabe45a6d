"""Which columns hold SGBV data: the indicators, items and incident fields this stage codes.

Outputs that show them by small area can stigmatise a community, so the map stage asks here
(:func:`is_sgbv_column`) instead of trusting a caller's flag.  The list is built from the
stage's own rule files, so a new SGBV indicator is sensitive by default.
"""

from __future__ import annotations

import functools

__all__ = ["is_sgbv_column"]


# Outputs of the SGBV stage that are not SGBV indicators: scale indices of safety and trust in
# the police (codebooks/indices.yaml, read below) and inter-coder reliability statistics.
# Everything else the SGBV stage names is sensitive: a new SGBV indicator is refused at
# district level by default, and must be declared here to be mapped freely.
_NOT_SGBV = frozenset({"cronbach_alpha", "percent_agreement", "cohen_kappa", "fleiss_kappa",
                       "krippendorff_alpha", "gbvims_caveat", "incidents_reported"})
_OPTION_SEPARATORS = ("/", "__", ".")  # select_multiple option columns, as sgbv.help_seeking reads


@functools.lru_cache(maxsize=1)
def _sgbv_registry() -> tuple[frozenset, tuple]:
    """(column names, question prefixes) the SGBV stage codes or produces."""
    from wpsresearch.sgbv import context_columns, incident_field_codes, ipv_items, label_keys
    from wpsresearch.sgbv.rulebook import load_yaml

    # label_keys() is the SGBV stage's own list of what it names in labels/sgbv.csv: GBVIMS
    # types and context flags, DHS/SDG IPV indicators, attitudes, help-seeking and reasons,
    # text codes.  The raw items and incident fields they are built from are added.
    names = set(label_keys()) - _NOT_SGBV - set(load_yaml("indices.yaml"))
    names |= {c for cols in ipv_items().values() for c in cols}
    names |= set(load_yaml("attitudes.yaml")["items"])
    names |= set(incident_field_codes()) | set(context_columns())
    questions = tuple(spec["question"] for spec in load_yaml("help_seeking.yaml").values())
    names |= set(questions)
    prefixes = tuple(q + sep for q in sorted(names) for sep in _OPTION_SEPARATORS)
    return frozenset(names), prefixes


def is_sgbv_column(name) -> bool:
    """Whether a column name is an SGBV indicator, item or incident field the package codes.

    Examples
    --------
    >>> is_sgbv_column("ipv_any_12m"), is_sgbv_column("help_sought__police")
    (True, True)
    >>> is_sgbv_column("trust_police_index"), is_sgbv_column("sex")
    (False, False)
    """
    names, prefixes = _sgbv_registry()
    name = str(name)
    return name in names or name.startswith(prefixes)
