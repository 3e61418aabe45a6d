"""Design-based survey estimation with R's `survey` package as the written specification."""

from __future__ import annotations

__all__: list[str] = []
