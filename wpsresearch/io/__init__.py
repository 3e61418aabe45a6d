"""Readers: Kobo, ODK Central, SPSS and Excel exports into one shape, keyed on the XLSForm."""

from __future__ import annotations

__all__: list[str] = []
