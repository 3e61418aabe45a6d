"""SGBV coding: GBVIMS incident types, DHS/WHO survey indicators, help-seeking pathways, text coding, reliability."""

from __future__ import annotations

__all__: list[str] = []
