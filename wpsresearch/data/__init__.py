"""Package data: boundaries, names tables (see NOTICE.md)."""
