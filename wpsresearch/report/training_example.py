"""SYNTHETIC pre/post test scores of a police training (UNSCR 1325, survivor-centred cases).

Invented for the training-evaluation notebook: 30 officers, a 3-day course, 10 knowledge
items (right/wrong) and 5 attitude items (1-5 agreement, 5 = survivor-centred), before and
after.  Every number is drawn from the seeded generator below; the frame says SYNTHETIC.
"""

from __future__ import annotations

__all__ = ["synthetic_training_scores", "KNOWLEDGE_ITEMS", "ATTITUDE_ITEMS"]

KNOWLEDGE_ITEMS = tuple(f"k{i:02d}" for i in range(1, 11))
ATTITUDE_ITEMS = tuple(f"a{i}" for i in range(1, 6))


def synthetic_training_scores(n_officers: int = 30, *, seed: int = 1325):
    """One row per officer and test (``pre``/``post``), item scores and totals. SYNTHETIC.

    Returns
    -------
    DataFrame
        ``officer, test, k01..k10 (0/1), a1..a5 (1-5), knowledge (0-10), attitude (mean 1-5),
        synthetic`` (always True); ``attrs["wpsresearch"]`` describes the course.

    Examples
    --------
    >>> from wpsresearch.report.training_example import synthetic_training_scores
    >>> df = synthetic_training_scores()
    >>> df.shape, sorted(df["test"].unique()), bool(df["synthetic"].all())
    ((60, 20), ['post', 'pre'], True)
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    ability = rng.normal(0.0, 1.0, n_officers)
    difficulty = np.linspace(-1.0, 1.2, len(KNOWLEDGE_ITEMS))
    gain = np.linspace(1.2, 0.2, len(KNOWLEDGE_ITEMS))  # the course teaches some items better
    rows = []
    for test, shift in (("pre", 0.0), ("post", 1.0)):
        logit = ability[:, None] - difficulty[None, :] + shift * gain[None, :]
        know = (rng.random(logit.shape) < 1 / (1 + np.exp(-logit))).astype(int)
        att = np.clip(np.rint(2.8 + 0.9 * ability[:, None] + 0.6 * shift
                              + rng.normal(0, 0.6, (n_officers, len(ATTITUDE_ITEMS)))), 1, 5)
        for i in range(n_officers):
            rows.append({"officer": f"officer_{i + 1:02d}", "test": test,
                         **dict(zip(KNOWLEDGE_ITEMS, know[i])),
                         **dict(zip(ATTITUDE_ITEMS, att[i].astype(int)))})
    df = pd.DataFrame(rows)
    df["knowledge"] = df[list(KNOWLEDGE_ITEMS)].sum(axis=1)
    df["attitude"] = df[list(ATTITUDE_ITEMS)].mean(axis=1)
    df["synthetic"] = True
    df.attrs["wpsresearch"] = {"synthetic": True, "course": "3 days, UNSCR 1325 and "
                               "survivor-centred case handling", "seed": seed}
    return df
