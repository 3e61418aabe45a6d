"""Privacy and disclosure control: identifiers, pseudonyms, microdata risk, safe aggregates."""

from __future__ import annotations

from wpsresearch.privacy.policy import DisclosurePolicy

__all__ = ["DisclosurePolicy"]
