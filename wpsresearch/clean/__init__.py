"""Cleaning steps, each ``(data, *, log, ...) -> data``, and the CleaningLog that accounts for every change."""

from __future__ import annotations

from wpsresearch.clean.log import ALL_DATA, CHANGE_TYPES, LOG_COLUMNS, REDACTED, CleaningLog

__all__ = ["CleaningLog", "LOG_COLUMNS", "CHANGE_TYPES", "REDACTED", "ALL_DATA"]
