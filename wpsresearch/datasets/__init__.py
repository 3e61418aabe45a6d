"""Synthetic study generator and small in-memory example data."""

from __future__ import annotations

__all__: list[str] = []
