"""Small, clean, in-memory SYNTHETIC data for examples and doctests.

Examples
--------
>>> from wpsresearch.datasets import load_synthetic
>>> df = load_synthetic()
>>> len(df), bool(df["weight"].gt(0).all())
(480, True)
>>> df["province"].value_counts().sort_index().tolist()
[120, 120, 120, 120]
>>> str(df["sex"].dtype), str(df["age"].dtype), str(df["help_sought__police"].dtype)
('category', 'Int64', 'boolean')
"""

from __future__ import annotations

import functools

__all__ = ["load_synthetic", "load_synthetic_population", "example_study_dir"]


@functools.lru_cache(maxsize=4)
def _population(seed: int, scale: float):
    from wpsresearch.datasets.population import make_population

    return make_population(seed, scale)


def load_synthetic_population(seed: int = 20261121, scale: float = 1.0):
    """The fixed SYNTHETIC population (cached per ``seed`` and ``scale``).

    Use it with :func:`draw_sample` to draw many samples with the study's design, and with
    :func:`population_truth` for the values the estimates should cover.
    """
    return _population(int(seed), float(scale))


@functools.lru_cache(maxsize=8)
def _sample(n: int, seed: int):
    from wpsresearch.datasets.population import scale_for
    from wpsresearch.datasets.sampling import draw_sample

    return draw_sample(_population(seed, scale_for(n)), n=n, seed=seed)


def load_synthetic(n: int = 480, seed: int = 1):
    """A small, clean, analysis-ready SYNTHETIC respondent frame, built in memory.

    Parameters
    ----------
    n : int
        Completed interviews (``n/4`` per governorate; at least 96).
    seed : int
        Fixes the population and the sample; same seed, same frame.

    Returns
    -------
    pandas.DataFrame
        One row per respondent: form names without group prefixes, select_one as
        Categorical of choice names (``"98"``/``"99"`` = don't know/refused), select_multiple
        as boolean ``q__option`` columns (NA when not asked), integers as ``Int64``, plus
        ``psu, stratum, weight, province, adm1_pcode, adm2_pcode``.  No direct identifiers.
        A fresh copy on every call.

    See Also
    --------
    write_synthetic_study : the full study as field teams receive it (with defects).
    """
    return _sample(int(n), int(seed)).copy()


def example_study_dir(start=None):
    """The bundled SYNTHETIC study folder ``data/raw/synthetic`` of this checkout.

    Raises
    ------
    InputError
        When the folder is missing (e.g. an installed wheel): run ``wpsresearch synth``.
    """
    from wpsresearch.errors import InputError
    from wpsresearch.io.paths import project_root

    folder = project_root(start) / "data" / "raw" / "synthetic"
    if not (folder / "study.yml").is_file():
        raise InputError("the bundled synthetic study is not here", file=str(folder),
                         hint="run `wpsresearch synth` to generate it")
    return folder
