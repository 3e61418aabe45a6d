"""Text, the shared layer under every stage: Arabic matching keys, digits, text columns.

- :mod:`~wpsresearch.text.arabic`: :func:`normalize_key` / :func:`place_key`, matching keys
  that fold Arabic spelling variants (never used to rewrite stored answers);
- :mod:`~wpsresearch.text.digits`: the one table of Arabic-Indic and Extended Arabic-Indic
  digits (:func:`normalize_digits`, :func:`parse_number`, :data:`DIGITS_TO_ASCII`);
- :mod:`~wpsresearch.text.columns`: per-distinct-value work on Arrow-backed text columns.

Imports only :mod:`wpsresearch.errors`.
"""

from __future__ import annotations

from wpsresearch.text.arabic import normalize_key, normalize_with_offsets, place_key
from wpsresearch.text.digits import (DIGITS_TO_ASCII, has_eastern_digits, normalize_digits,
                                     parse_number)

__all__ = ["normalize_key", "normalize_with_offsets", "place_key", "DIGITS_TO_ASCII",
           "has_eastern_digits", "normalize_digits", "parse_number"]
