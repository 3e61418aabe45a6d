"""Safe aggregates: primary and secondary (complementary) suppression of small counts.

Primary suppression hides every cell the :class:`DisclosurePolicy` calls disclosive (below
``min_cell``; zeros too when ``zeros_disclosive``), margins included.  Secondary suppression
then hides further cells so that no hidden cell can be recovered, or bounded below
``min_cell``, from the published cells and margins.  The pattern is *checked*, not hoped for:
after the heuristic below, :func:`~wpsresearch.privacy.protection_audit.feasible_ranges`
solves the attacker's linear programmes; any cell that fails gets more partners, and the loop
repeats until the audit holds (in the worst case the whole table is hidden, which the audit
accepts).

The heuristic is the classical "hypercube"-style rule of tau-Argus, simplified: every line
(row or column with its total) that hides anything hides at least two entries, and the hidden
entries of a line holding a primary cell add up to at least ``min_cell`` (otherwise the
primary cell's upper bound, which is at most that sum, would fall below ``min_cell``).
Partners are the smallest cells that meet the need, which loses the least information.  It is
not an optimal (minimum-loss) pattern — tau-Argus' optimal method needs a MIP solver — but it
is audited.

Rounding (``policy.round_to``) is applied after the audit, to published cells only; rounding
only widens what a reader can infer, so the audit on exact values is conservative.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from wpsresearch.errors import DisclosureError, InputError
from wpsresearch.privacy.policy import DisclosurePolicy
from wpsresearch.privacy.protection_audit import LinearTable, feasible_ranges

__all__ = [
    "SuppressedTable",
    "MergeSuggestion",
    "suppress_small_cells",
    "suppress_linked_tables",
    "TOTAL_LABEL",
    "SUPPRESSION_MARK",
]

TOTAL_LABEL = "Total"
# ONS "Symbols and shorthand in tables": [c] = confidential, withheld to protect respondents.
SUPPRESSION_MARK = "[c]"
_TOL = 1e-6


@dataclass(frozen=True)
class MergeSuggestion:
    """Categories that could be merged so that fewer cells need suppressing."""

    axis: str
    categories: tuple
    reason: str


# --------------------------------------------------------------------------- layout
@dataclass(frozen=True)
class _Layout:
    """Where each table's interior cells and margins sit in one LinearTable."""

    table: LinearTable
    interior: tuple   # per table: (m, n) array of indices
    col_totals: tuple  # per table: n indices
    row_totals: np.ndarray
    grand: int


def _linked_layout(arrays: list[np.ndarray]) -> _Layout:
    """Tables with the same rows: shared row totals and grand total, own column totals."""
    m = arrays[0].shape[0]
    values: list[float] = []
    is_total: list[bool] = []

    def take(vals, total):
        start = len(values)
        values.extend(float(v) for v in np.ravel(vals))
        is_total.extend([total] * np.size(vals))
        return np.arange(start, len(values))

    interior = [take(a, False).reshape(a.shape) for a in arrays]
    col_totals = [take(a.sum(axis=0), True) for a in arrays]
    row_totals = take(arrays[0].sum(axis=1), True)
    grand = int(take([arrays[0].sum()], True)[0])
    cons = []
    for inter, ct in zip(interior, col_totals):
        cons += [(tuple(inter[i, :]), int(row_totals[i])) for i in range(m)]
        cons += [(tuple(inter[:, j]), int(ct[j])) for j in range(inter.shape[1])]
        cons.append((tuple(ct), grand))
    cons.append((tuple(row_totals), grand))
    table = LinearTable(np.array(values), tuple(cons), np.array(is_total))
    return _Layout(table, tuple(interior), tuple(col_totals), row_totals, grand)


# --------------------------------------------------------------------------- heuristic
def _primary(values: np.ndarray, policy: DisclosurePolicy) -> np.ndarray:
    return np.array([policy.cell_is_disclosive(v) for v in values], dtype=bool)


def _pick_partner(table, mask, parts, need, other_lines_hit):
    """Smallest unsuppressed part of the line worth at least ``need``; else the largest."""
    free = [p for p in parts if not mask[p]]
    if not free:
        return None
    vals = table.values
    good = [p for p in free if vals[p] >= need and vals[p] > 0]
    if good:
        return min(good, key=lambda p: (vals[p], -other_lines_hit[p], p))
    return max(free, key=lambda p: (vals[p], other_lines_hit[p], -p))


def _lines_hit(table: LinearTable, mask: np.ndarray) -> np.ndarray:
    """For each cell: how many of its lines already hide something (good partners share lines)."""
    hit = np.zeros(len(mask), dtype=int)
    for parts, total in table.constraints:
        members = list(parts) + [total]
        if mask[members].any():
            hit[members] += 1
    return hit


def _line_rule(table: LinearTable, mask, primary, min_cell) -> bool:
    """Apply the two-per-line and sum-at-least-min_cell rules once; True if anything changed."""
    changed = False
    for parts, total in table.constraints:
        members = list(parts) + [total]
        hidden = [p for p in members if mask[p]]
        if not hidden:
            continue
        hidden_sum = sum(table.values[p] for p in hidden if p != total)
        needs_sum = (not mask[total]) and any(primary[p] for p in hidden)
        need = max(min_cell - hidden_sum, 0) if needs_sum else 0
        if len(hidden) >= 2 and need <= 0:
            continue
        partner = _pick_partner(table, mask, parts, need, _lines_hit(table, mask))
        if partner is None:
            partner = total if not mask[total] else None
        if partner is not None:
            mask[partner] = True
            changed = True
    return changed


def _failures(table, mask, primary, min_cell):
    low, high = feasible_ranges(table, mask)
    bad = []
    for c in np.flatnonzero(mask):
        exact = high[c] - low[c] <= _TOL
        too_tight = primary[c] and high[c] < min_cell - _TOL
        if exact or too_tight:
            bad.append(c)
    return bad, low, high


def _widen(table, mask, cell) -> bool:
    """Hide one more cell in a line of a failing cell: the smallest useful one."""
    best = None
    for parts, total in table.constraints:
        members = list(parts) + [total]
        if cell not in members:
            continue
        free = [p for p in parts if not mask[p] and table.values[p] > 0] or \
               [p for p in members if not mask[p]]
        for p in free:
            key = (table.is_total[p], table.values[p], p)
            if best is None or key < best[0]:
                best = (key, p)
    if best is None:
        return False
    mask[best[1]] = True
    return True


def _protect(table: LinearTable, policy: DisclosurePolicy, *, secondary: bool = True):
    primary = _primary(table.values, policy)
    mask = primary.copy()
    if not secondary or not table.constraints:
        return primary, mask, *feasible_ranges(table, mask)
    for _ in range(len(mask) + 1):
        while _line_rule(table, mask, primary, policy.min_cell):
            pass
        bad, low, high = _failures(table, mask, primary, policy.min_cell)
        if not bad:
            return primary, mask, low, high
        if not any(_widen(table, mask, c) for c in bad):
            mask[:] = True
    raise DisclosureError(  # unreachable in theory: an all-hidden table always passes
        "secondary suppression did not converge", hint="report this table to the maintainers"
    )


# --------------------------------------------------------------------------- frames
def _check_counts(frame, name="counts"):
    import pandas as pd

    try:
        values = frame.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must hold numbers only ({exc})",
                         hint="pass a table of unweighted counts, e.g. pd.crosstab(a, b)") from None
    if np.isnan(values).any():
        raise InputError(f"{name} has missing cells", hint="fill structural empties with 0")
    if (values < 0).any() or (np.abs(values - np.round(values)) > _TOL).any():
        raise InputError(f"{name} must hold whole, non-negative counts (unweighted)",
                         hint="suppression works on unweighted counts; weighted totals follow them")
    if isinstance(frame, pd.DataFrame) and frame.shape[1] == 0 or len(frame) == 0:
        raise InputError(f"{name} is empty")
    return np.round(values)


def _with_margins(frame, values, margins_cols, margin_rows, grand):
    import pandas as pd

    rows = list(frame.index) + [_total_key(frame.index)]
    cols = list(frame.columns) + [_total_key(frame.columns)]
    full = np.zeros((len(rows), len(cols)))
    full[:-1, :-1] = values
    full[:-1, -1] = margin_rows
    full[-1, :-1] = margins_cols
    full[-1, -1] = grand
    idx = pd.MultiIndex.from_tuples(rows, names=frame.index.names) \
        if isinstance(frame.index, pd.MultiIndex) else pd.Index(rows, name=frame.index.name)
    col = pd.MultiIndex.from_tuples(cols, names=frame.columns.names) \
        if isinstance(frame.columns, pd.MultiIndex) else pd.Index(cols, name=frame.columns.name)
    return pd.DataFrame(full, index=idx, columns=col)


def _total_key(index):
    import pandas as pd

    if isinstance(index, pd.MultiIndex):
        return (TOTAL_LABEL,) + ("",) * (index.nlevels - 1)
    return TOTAL_LABEL


@dataclass(frozen=True)
class SuppressedTable:
    """A count table made safe to publish.

    Attributes
    ----------
    counts : DataFrame
        The exact counts (margins included when ``margins=True``). Keep it internal.
    mask, primary, secondary : DataFrame of bool
        ``mask`` is True where a cell is suppressed, ``primary | secondary``.
    ranges : DataFrame
        For each suppressed cell, the smallest and largest value a reader can infer from the
        published table (``low``, ``high``; ``inf`` = unbounded).
    suggestions : tuple of MergeSuggestion
        Non-empty when suppression hides most of the table.
    """

    counts: object
    mask: object
    primary: object
    secondary: object
    policy: DisclosurePolicy
    ranges: object
    suggestions: tuple = field(default=())
    margins: bool = True

    def to_frame(self):
        """Publishable counts: ``<NA>`` where suppressed, rounded to ``policy.round_to``."""
        shown = self.policy.round_counts(self.counts.to_numpy(dtype=float)).astype(float)
        out = self.counts.copy().astype("Int64")
        out[:] = shown.astype("int64")
        return out.astype("Int64").mask(self.mask)

    def table(self, lang: str = "en", labels=None):
        """Counts as text, suppressed cells marked ``[c]`` (see :meth:`footnote`); the margin
        label in ``lang``."""
        from wpsresearch.labels import Labels

        labels = labels or Labels.default()
        frame = self.to_frame()
        text = frame.astype(object).where(~self.mask, SUPPRESSION_MARK).map(
            lambda v: v if isinstance(v, str) else f"{int(v):,}"
        )
        total = labels.get("privacy_total", lang)
        rename = {TOTAL_LABEL: total}
        return text.rename(index=rename, columns=rename)

    def footnote(self, lang: str = "en", labels=None) -> str:
        """The note printed under the table, in English or Arabic ("" when nothing is hidden
        or rounded)."""
        from wpsresearch.labels import Labels

        labels = labels or Labels.default()
        notes = []
        if self.n_suppressed:
            notes.append(labels.get("privacy_suppressed_footnote", lang).format(
                mark=SUPPRESSION_MARK, min_cell=self.policy.min_cell))
        if self.policy.round_to:
            notes.append(labels.get("privacy_rounded_footnote", lang).format(base=self.policy.round_to))
        return " ".join(notes)

    @property
    def n_suppressed(self) -> int:
        return int(self.mask.to_numpy().sum())

    def summary(self) -> str:
        n_cells = self.mask.size
        lines = [
            f"Suppressed {self.n_suppressed} of {n_cells} cells "
            f"({int(self.primary.to_numpy().sum())} primary, "
            f"{int(self.secondary.to_numpy().sum())} secondary); min_cell = {self.policy.min_cell}, "
            f"zeros disclosive = {self.policy.zeros_disclosive}, rounding = {self.policy.round_to}.",
        ]
        lines += [f"Suggestion: merge {s.axis} {list(s.categories)} ({s.reason})" for s in self.suggestions]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return ("SuppressedTable\n" + self.table().to_string() + "\n" + self.footnote()).rstrip()

    def to_html(self, lang: str = "en", labels=None) -> str:
        """An HTML table following the report contract: every published count carries
        ``data-n``; a suppressed cell carries ``data-suppressed`` and the mark, no number."""
        import html as h

        from wpsresearch.labels import Labels

        labels = labels or Labels.default()
        total = labels.get("privacy_total", lang)
        name = lambda v: h.escape(total if v == TOTAL_LABEL else str(v))
        shown = self.to_frame()
        head = "".join(f"<th>{name(c)}</th>" for c in shown.columns)
        body = []
        for (label, row), (_, hidden) in zip(shown.iterrows(), self.mask.iterrows()):
            cells = "".join(
                f'<td data-suppressed="true">{SUPPRESSION_MARK}</td>' if hidden[c]
                else f'<td data-n="{int(v)}">{int(v):,}</td>'
                for c, v in row.items()
            )
            body.append(f"<tr><th>{name(label)}</th>{cells}</tr>")
        direction = ' dir="rtl"' if lang == "ar" else ""
        note = self.footnote(lang, labels)
        foot = f"<p class='wps-footnote'{direction}><small>{h.escape(note)}</small></p>" if note else ""
        return (f'<table class="wps-table"{direction}><thead><tr><th></th>{head}</tr></thead>'
                f"<tbody>{''.join(body)}</tbody></table>{foot}")

    def _repr_html_(self) -> str:
        return self.to_html()


@dataclass(frozen=True, eq=False)
class _Protection:
    """What :func:`_protect` decided for every cell of the linked system: hidden at all
    (``mask``), hidden for its own sake (``primary``), and the audited feasible range."""

    primary: np.ndarray
    mask: np.ndarray
    low: np.ndarray
    high: np.ndarray


def _frames_for(layout_idx, frame_full, protection: _Protection, policy, margins, suggestions):
    import pandas as pd

    idx = layout_idx
    primary, mask, low, high = (protection.primary, protection.mask, protection.low,
                                protection.high)
    pick = lambda arr: pd.DataFrame(arr[idx], index=frame_full.index, columns=frame_full.columns)
    m_mask, m_prim = pick(mask).astype(bool), pick(primary).astype(bool)
    rows = []
    for (r, c), i in np.ndenumerate(idx):
        if mask[i]:
            rows.append({"row": frame_full.index[r], "column": frame_full.columns[c],
                         "low": low[i], "high": high[i], "primary": bool(primary[i])})
    ranges = pd.DataFrame(rows, columns=["row", "column", "low", "high", "primary"])
    return SuppressedTable(
        counts=frame_full.astype("int64"), mask=m_mask, primary=m_prim,
        secondary=m_mask & ~m_prim, policy=policy, ranges=ranges,
        suggestions=tuple(suggestions), margins=margins,
    )


def _full_index(layout: _Layout, t: int, margins: bool) -> np.ndarray:
    inter = layout.interior[t]
    if not margins:
        return inter
    m, n = inter.shape
    full = np.empty((m + 1, n + 1), dtype=int)
    full[:m, :n] = inter
    full[:m, n] = layout.row_totals
    full[m, :n] = layout.col_totals[t]
    full[m, n] = layout.grand
    return full


def _suggest_merges(frame, values, interior_mask, policy) -> list[MergeSuggestion]:
    """When most of a table is hidden, name the two smallest categories on each axis."""
    if interior_mask.mean() <= 0.5:
        return []
    out = []
    for axis, labels, totals in (("rows", list(frame.index), values.sum(axis=1)),
                                 ("columns", list(frame.columns), values.sum(axis=0))):
        if len(labels) < 3:  # merging two of two leaves nothing to compare
            continue
        order = np.argsort(totals, kind="stable")[:2]
        cats = tuple(labels[i] for i in sorted(order))
        out.append(MergeSuggestion(
            axis, cats,
            f"{interior_mask.mean():.0%} of cells would be suppressed; these {axis} have the "
            f"smallest totals (merge them, or with a neighbouring category, and tabulate again)",
        ))
    return out


def _as_frame(counts):
    import pandas as pd

    if isinstance(counts, pd.DataFrame):
        return counts
    raise InputError(f"linked tables must be pandas DataFrames, not {type(counts).__name__}")


def suppress_small_cells(counts, policy: DisclosurePolicy | None = None, margins: bool = True,
                         *, secondary: bool = True) -> SuppressedTable:
    """Suppress disclosive cells of a count table, with audited secondary suppression.

    Parameters
    ----------
    counts : DataFrame or Series
        Unweighted counts, *without* margins (a two-way table, e.g. ``pd.crosstab(a, b)``,
        or a one-way Series of counts).  A Series is treated as a one-row table.
    policy : DisclosurePolicy, optional
        Defaults to ``DisclosurePolicy()`` (min_cell 10, zeros disclosive).
    margins : bool, default True
        Publish row, column and grand totals.  Secondary suppression protects against
        subtraction from them.  With ``margins=False`` only primary suppression is needed,
        *provided* no totals are published elsewhere.
    secondary : bool, default True
        Turn off only for diagnostics.

    Returns
    -------
    SuppressedTable

    Notes
    -----
    R/SPSS equivalent: ``sdcTable::protectTable(method = "SIMPLEHEURISTIC")`` in R, or
    tau-Argus' hypercube method.  The result is audited with the attacker's linear programmes
    (see :mod:`wpsresearch.privacy.protection_audit`): no suppressed cell is determined
    exactly and every primary cell's upper bound is at least ``min_cell``.

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.privacy import DisclosurePolicy, suppress_small_cells
    >>> counts = pd.DataFrame({"female": [3, 40, 25], "male": [30, 42, 28]},
    ...                       index=["basra", "kirkuk", "baghdad"])
    >>> t = suppress_small_cells(counts, policy=DisclosurePolicy(min_cell=10))
    >>> t.to_frame()
             female  male  Total
    basra      <NA>  <NA>     33
    kirkuk       40    42     82
    baghdad    <NA>  <NA>     53
    Total        68   100    168
    >>> int(t.primary.to_numpy().sum()), int(t.secondary.to_numpy().sum())
    (1, 3)
    """
    import pandas as pd

    if isinstance(counts, pd.Series):
        return _suppress_series(counts, policy or DisclosurePolicy(), margins, secondary)
    return suppress_linked_tables([counts], policy=policy, margins=margins, secondary=secondary)[0]


def _suppress_series(counts, policy, margins, secondary):
    """One-way table: the categories and (with margins) their total."""
    import pandas as pd

    name = counts.name if counts.name is not None else "n"
    frame = counts.to_frame(name=name)
    values = _check_counts(frame)[:, 0]
    m = len(values)
    full_values = np.append(values, values.sum()) if margins else values
    cons = ((tuple(range(m)), m),) if margins else ()
    table = LinearTable(full_values, cons, np.arange(len(full_values)) >= m)
    protection = _Protection(*_protect(table, policy, secondary=secondary))
    mask = protection.mask
    index = list(frame.index) + ([_total_key(frame.index)] if margins else [])
    full = pd.DataFrame({name: full_values}, index=pd.Index(index, name=frame.index.name))
    idx = np.arange(len(full_values)).reshape(-1, 1)
    sugg = _suggest_merges(frame, values.reshape(-1, 1), mask[:m].reshape(-1, 1), policy)
    return _frames_for(idx, full, protection, policy, margins, sugg)


def suppress_linked_tables(tables, policy: DisclosurePolicy | None = None, margins: bool = True,
                           *, secondary: bool = True) -> list[SuppressedTable]:
    """Suppress several tables that share their row categories (and so their row totals).

    Two tables such as *district x sex* and *district x age group* publish the same district
    totals; a cell hidden in one can be recovered through the other unless the pattern is
    protected jointly.  The LP audit runs on the linked system.

    Examples
    --------
    >>> import pandas as pd
    >>> from wpsresearch.privacy import suppress_linked_tables
    >>> by_sex = pd.DataFrame({"f": [4, 30, 25], "m": [30, 40, 28]}, index=list("abc"))
    >>> by_age = pd.DataFrame({"young": [14, 30, 23], "old": [20, 40, 30]}, index=list("abc"))
    >>> a, b = suppress_linked_tables([by_sex, by_age])
    >>> bool(a.mask.loc["a", "f"]), bool(a.ranges["high"].min() >= 10)
    (True, True)
    """
    policy = policy or DisclosurePolicy()
    if not tables:
        raise InputError("no tables given")
    frames = [_as_frame(t) for t in tables]
    arrays = [_check_counts(f, "counts" if len(frames) == 1 else f"table {i + 1}")
              for i, f in enumerate(frames)]
    _check_shared_rows(frames, arrays)
    layout = _linked_layout(arrays)
    table = layout.table
    if not margins:
        table = LinearTable(table.values, (), table.is_total)
    protection = _Protection(*_protect(table, policy, secondary=secondary))
    mask = protection.mask
    out = []
    for t, (frame, arr) in enumerate(zip(frames, arrays)):
        idx = _full_index(layout, t, margins)
        full = _with_margins(frame, arr, arr.sum(axis=0), arr.sum(axis=1), arr.sum()) \
            if margins else frame.astype(float)
        sugg = _suggest_merges(frame, arr, mask[layout.interior[t]], policy)
        out.append(_frames_for(idx, full, protection, policy, margins, sugg))
    return out


def _check_shared_rows(frames, arrays):
    first = frames[0]
    for i, (f, a) in enumerate(zip(frames[1:], arrays[1:]), start=2):
        if list(f.index) != list(first.index):
            raise InputError(f"table {i} does not have the same rows as table 1",
                             hint="linked tables must share their row categories, in the same order")
        if not np.allclose(a.sum(axis=1), arrays[0].sum(axis=1)):
            raise InputError(f"table {i}'s row totals differ from table 1's",
                             hint="linked tables must count the same respondents in each row")
