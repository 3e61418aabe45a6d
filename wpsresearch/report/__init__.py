"""Execute study notebooks, export offline HTML/PDF per language, run the disclosure gate, publish."""

from __future__ import annotations

__all__: list[str] = []
