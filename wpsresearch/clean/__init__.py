"""Cleaning steps, each `(data, *, log, ...) -> data`, and the CleaningLog that accounts for every change."""

from __future__ import annotations

__all__: list[str] = []
