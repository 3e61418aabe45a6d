"""The disclosure policy every exported table obeys."""

from __future__ import annotations

from dataclasses import dataclass

from wpsresearch.errors import DisclosureError

__all__ = ["DisclosurePolicy"]


@dataclass(frozen=True)
class DisclosurePolicy:
    """Rules for publishing aggregates from sensitive microdata.

    Parameters
    ----------
    min_cell : int, default 10
        Smallest unweighted count that may be published (output checkers in trusted research
        environments use 10).  A percentage is suppressed when its unweighted numerator, or the
        unweighted complement within its base, is below ``min_cell``.
    zeros_disclosive : bool, default True
        Treat a zero as disclosive too (a zero says "nobody in this group", which can reveal
        everyone in the group).
    round_to : int or None, default None
        Round published counts to this base (e.g. 5).
    min_n : int, default 25
        DHS reporting rule for estimates: below ``min_n`` unweighted cases the estimate is
        suppressed; from ``min_n`` to ``2*min_n - 1`` (25-49) it is shown in brackets.

    Examples
    --------
    >>> from wpsresearch.privacy import DisclosurePolicy
    >>> p = DisclosurePolicy()
    >>> p.cell_is_disclosive(3), p.cell_is_disclosive(0), p.cell_is_disclosive(12)
    (True, True, False)
    >>> DisclosurePolicy(zeros_disclosive=False).cell_is_disclosive(0)
    False
    """

    min_cell: int = 10
    zeros_disclosive: bool = True
    round_to: int | None = None
    min_n: int = 25

    def __post_init__(self):
        if int(self.min_cell) != self.min_cell or self.min_cell < 1:
            raise DisclosureError(f"min_cell must be a whole number >= 1, not {self.min_cell!r}")
        if self.round_to is not None and (int(self.round_to) != self.round_to or self.round_to < 1):
            raise DisclosureError(f"round_to must be a whole number >= 1 or None, not {self.round_to!r}")
        if int(self.min_n) != self.min_n or self.min_n < 1:
            raise DisclosureError(f"min_n must be a whole number >= 1, not {self.min_n!r}")

    def cell_is_disclosive(self, count) -> bool:
        """True when an unweighted count may not be published."""
        if count == 0:
            return bool(self.zeros_disclosive)
        return count < self.min_cell

    def proportion_is_disclosive(self, numerator, base) -> bool:
        """True when a percentage may not be published: its unweighted numerator, or the
        unweighted complement within its base, is disclosive (0 % and 100 % say something
        about *everyone* in the group).

        >>> p = DisclosurePolicy()
        >>> p.proportion_is_disclosive(12, 40), p.proportion_is_disclosive(35, 40)
        (False, True)
        """
        return self.cell_is_disclosive(numerator) or self.cell_is_disclosive(base - numerator)

    def small_base_rule(self, n) -> str:
        """DHS rule for an estimate on ``n`` unweighted cases: ``"suppress"`` below ``min_n``,
        ``"bracket"`` below ``2 * min_n``, else ``"show"``.

        >>> [DisclosurePolicy().small_base_rule(n) for n in (24, 25, 49, 50)]
        ['suppress', 'bracket', 'bracket', 'show']
        """
        if n < self.min_n:
            return "suppress"
        if n < 2 * self.min_n:
            return "bracket"
        return "show"

    def round_counts(self, counts):
        """Counts as they may be published: rounded half up to ``round_to`` (ONS/ABS
        convention for published counts), unchanged when ``round_to`` is None.

        The one definition of rounding: tables, bases, footnotes and figure notes use it.

        >>> DisclosurePolicy(round_to=5).round_counts([62, 63, 151]).tolist()
        [60, 65, 150]
        >>> DisclosurePolicy().round_counts([62]).tolist()
        [62]
        """
        import numpy as np

        values = np.asarray(counts, dtype=float)
        if self.round_to:
            values = np.floor(values / self.round_to + 0.5) * self.round_to
        return values.astype(np.int64)

    def published_bases(self, n, n_missing=None):
        """The base of each estimate as it may be published, and where it was raised.

        A group's respondents are published (a fact sheet's total, the base of an indicator
        everyone answered), so an exact answer base ``n`` gives the group's missing-answer
        count away by subtraction (604 - 595 = 9).  When that count is disclosive
        (``0 < n_missing < min_cell``) the published base is the group's respondents,
        ``n + n_missing``, and the row is marked so a footnote can say that fewer than
        ``min_cell`` of them gave no answer.  Bases are then rounded (:meth:`round_counts`).

        Parameters
        ----------
        n, n_missing : array-like of int
            Unweighted answer base and respondents of the group without an answer.

        Returns
        -------
        (ndarray of int64, ndarray of bool)
            Published bases; True where the base is the group's respondents.

        Examples
        --------
        >>> shown, raised = DisclosurePolicy().published_bases([595, 580], [9, 24])
        >>> shown.tolist(), raised.tolist()
        ([604, 580], [True, False])
        """
        import numpy as np

        base = np.asarray(n, dtype=float)
        if n_missing is None:
            return self.round_counts(base), np.zeros(base.shape, dtype=bool)
        missing = np.nan_to_num(np.asarray(n_missing, dtype=float), nan=0.0)
        raised = (missing > 0) & (missing < self.min_cell)
        return self.round_counts(np.where(raised, base + missing, base)), raised

    @classmethod
    def from_study(cls, disclosure: dict | None) -> "DisclosurePolicy":
        """Build from the ``disclosure:`` block of ``study.yml`` (unknown keys ignored here)."""
        d = disclosure or {}
        kwargs = {k: d[k] for k in ("min_cell", "zeros_disclosive", "round_to", "min_n") if k in d}
        return cls(**kwargs)
