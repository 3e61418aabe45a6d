"""Which estimates a figure may show: suppressed, unreliable (bracketed) or fine.

The rules are the design's (DESIGN.md, "Disclosure basis"): an estimate on fewer than
``min_n`` unweighted cases is suppressed and one on ``min_n`` to ``2*min_n - 1`` cases is
bracketed (DHS Guide to Statistics, "Reporting of estimates based on small numbers"); a
percentage is suppressed when its unweighted numerator (``n_level``) or its complement is a
disclosive cell under the :class:`~wpsresearch.privacy.DisclosurePolicy`; a coefficient of
variation above ``cv_flag`` is flagged unreliable.  Flags computed upstream (a ``suppressed``
or ``unreliable`` column, or a NaN estimate) always win.

Examples
--------
>>> import pandas as pd
>>> from wpsresearch.viz.cell_status import estimate_frame, cell_status
>>> f = pd.DataFrame({"estimate": [0.30, 0.40, float("nan")], "ci_low": [0.2, 0.3, None],
...                   "ci_high": [0.4, 0.5, None], "n": [120, 30, 200]})
>>> list(cell_status(estimate_frame(f)))
['ok', 'unreliable', 'suppressed']
"""

from __future__ import annotations

from wpsresearch.errors import InputError

__all__ = ["estimate_frame", "cell_status", "STATUSES"]

STATUSES = ("ok", "unreliable", "suppressed")
_REQUIRED = ("estimate", "n")


def estimate_frame(obj):
    """A copy of the estimates as a DataFrame: ``obj.to_frame()`` or ``obj`` itself."""
    import pandas as pd

    frame = obj.to_frame() if hasattr(obj, "to_frame") and not isinstance(obj, pd.DataFrame) else obj
    if not isinstance(frame, pd.DataFrame):
        raise InputError(
            f"expected an Estimate or a DataFrame of estimates, not {type(obj).__name__}",
            hint="pass the result of wpsresearch.stats.proportion/mean, or its .to_frame()",
        )
    missing = [c for c in _REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(
            "the estimates lack the columns a figure needs", column=missing,
            hint="a frame needs estimate, ci_low, ci_high and n (as Estimate.to_frame() gives)",
        )
    frame = frame.copy()
    for col in ("ci_low", "ci_high"):
        if col not in frame.columns:
            frame[col] = float("nan")
    return frame.reset_index(drop=True)


def _flag(frame, column):
    import pandas as pd

    if column not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame[column].fillna(False).astype(bool)


def cell_status(frame, policy=None, *, cv_flag: float = 0.3):
    """``"ok"``, ``"unreliable"`` or ``"suppressed"`` for each row of an estimate frame."""
    import numpy as np
    import pandas as pd

    from wpsresearch.privacy.policy import DisclosurePolicy

    policy = policy or DisclosurePolicy()
    est = pd.to_numeric(frame["estimate"], errors="coerce")
    n = pd.to_numeric(frame["n"], errors="coerce")
    suppressed = est.isna() | n.isna() | (n < policy.min_n) | _flag(frame, "suppressed")
    if "n_level" in frame.columns:
        k = pd.to_numeric(frame["n_level"], errors="coerce")
        disclosive = [
            policy.cell_is_disclosive(a) or policy.cell_is_disclosive(b)
            for a, b in zip(k.fillna(0), (n - k).fillna(0))
        ]
        suppressed |= pd.Series(disclosive, index=frame.index) & k.notna()
    unreliable = (n < 2 * policy.min_n) | _flag(frame, "unreliable") | _flag(frame, "bracketed")
    if "se" in frame.columns:
        se = pd.to_numeric(frame["se"], errors="coerce")
        with np.errstate(divide="ignore", invalid="ignore"):
            cv = se / est.abs()
        unreliable |= (cv > cv_flag).fillna(False)
    status = np.where(suppressed, "suppressed", np.where(unreliable, "unreliable", "ok"))
    return pd.Series(status, index=frame.index, name="status")


def shown_bases(frame, policy=None):
    """The base of each row as a figure may show it (``n``, figure notes, ``data-n``): the
    one rule, :meth:`~wpsresearch.privacy.DisclosurePolicy.published_bases` — the group's
    respondents where fewer than ``min_cell`` of them gave no answer, rounded when the
    policy rounds.  Which rows are suppressed is still decided on the exact ``n``.

    >>> import pandas as pd
    >>> shown_bases(pd.DataFrame({"n": [595, 580], "n_missing": [9, 24]})).astype(int).tolist()
    [604, 580]
    """
    import pandas as pd

    from wpsresearch.privacy.policy import DisclosurePolicy

    policy = policy or DisclosurePolicy()
    n = pd.to_numeric(frame["n"], errors="coerce")
    missing = pd.to_numeric(frame["n_missing"], errors="coerce") if "n_missing" in frame.columns else None
    known = n.notna().to_numpy()
    out = pd.Series(float("nan"), index=frame.index)
    if known.any():
        shown, _ = policy.published_bases(n[known].to_numpy(),
                                          None if missing is None else missing[known].to_numpy())
        out[known] = shown
    return out
