"""Bilingual charts and maps (OCHA COD-AB boundaries)."""

from __future__ import annotations

__all__: list[str] = []
