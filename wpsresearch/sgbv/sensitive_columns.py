"""Which columns hold SGBV data: the indicators, items and incident fields this stage codes.

Outputs that show them by small area can stigmatise a community, so the map stage asks here
(:func:`is_sgbv_column`) instead of trusting a caller's flag.  The list is built from the
stage's own rule files, so a new SGBV indicator is sensitive by default.
"""

from __future__ import annotations

import functools

__all__ = ["is_sgbv_column"]


# Outputs of the SGBV stage that are not SGBV indicators: scale indices of safety and trust in
# the police and inter-coder reliability statistics.
# Everything else the SGBV stage names is sensitive: a new SGBV indicator is refused at
# district level by default, and must be declared here to be mapped freely.
_NOT_SGBV = frozenset({"cronbach_alpha", "percent_agreement", "cohen_kappa", "fleiss_kappa",
                       "krippendorff_alpha", "gbvims_caveat", "incidents_reported",
                       "trust_police_index", "safety_index"})
_OPTION_SEPARATORS = ("/", "__", ".")  # select_multiple option columns, as sgbv.help_seeking reads


@functools.lru_cache(maxsize=1)
def _sgbv_registry() -> tuple[frozenset, tuple]:
    """(column names, question prefixes) the SGBV stage codes or produces."""
    from wpsresearch.sgbv import context_columns, incident_field_codes, ipv_items, label_keys
    from wpsresearch.sgbv.rulebook import load_yaml

    # label_keys() is the SGBV stage's own list of what it names in labels/sgbv.csv: GBVIMS
    # types and context flags, DHS/SDG IPV indicators, attitudes, help-seeking and reasons,
    # text codes.  The DHS item codes (d105a ...) and incident fields are added; a study's own
    # item questions come from its indicators: block (sgbv.sgbv_columns), passed by the caller.
    names = set(label_keys()) - _NOT_SGBV
    names |= {c for cols in ipv_items().values() for c in cols}
    names |= set(load_yaml("attitudes.yaml")["items"])
    names |= set(incident_field_codes()) | set(context_columns())
    prefixes = tuple(q + sep for q in sorted(names) for sep in _OPTION_SEPARATORS)
    return frozenset(names), prefixes


def is_sgbv_column(name) -> bool:
    """Whether a column name is an SGBV indicator, item or incident field the package codes.

    Examples
    --------
    >>> is_sgbv_column("ipv_any_12m"), is_sgbv_column("reported_formal"), is_sgbv_column("d105a")
    (True, True, True)
    >>> is_sgbv_column("trust_police_index"), is_sgbv_column("sex")
    (False, False)
    """
    names, prefixes = _sgbv_registry()
    name = str(name)
    return name in names or name.startswith(prefixes)
