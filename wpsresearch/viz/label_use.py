"""Record which label-table keys a figure or table used, for the unreviewed-terms QA file.

DESIGN.md ("Labels"): builds list the unreviewed Arabic terms they used in a QA file beside
the report.  Figures and tables carry their keys (sidecar ``label_keys``, HTML
``data-label-keys``) so the report build can list exactly those.

Examples
--------
>>> from wpsresearch.labels import Labels
>>> from wpsresearch.viz.label_use import LabelUse
>>> lab = LabelUse(Labels.default())
>>> lab.get("female", "ar"), "no_such_key" in lab, sorted(lab.used)
('النساء', False, ['female'])
"""

from __future__ import annotations

__all__ = ["LabelUse"]


class LabelUse:
    """A :class:`~wpsresearch.labels.Labels` look-alike that remembers the keys it served."""

    def __init__(self, labels):
        self.labels = labels.labels if isinstance(labels, LabelUse) else labels
        self.used: set[str] = set()

    def get(self, key: str, lang: str = "en", default: str | None = None) -> str:
        if key in self.labels:
            self.used.add(key)
        return self.labels.get(key, lang, default)

    def __contains__(self, key: str) -> bool:
        return key in self.labels
