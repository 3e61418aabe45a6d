# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Training evaluation: pre/post tests of a police training (SYNTHETIC)
#
# **SYNTHETIC DATA: not real statistics.** 30 officers took a 3-day course on UNSCR 1325 and
# survivor-centred case handling; they answered 10 knowledge items (right/wrong) and 5
# attitude items (1–5) before and after. The scores come from
# `wpsresearch.report.synthetic_training_scores` (seeded). With your own data, read your
# export with `wps.io.read_kobo` / `pd.read_excel` into the same shape: one row per officer
# and test.
#
# SPSS users: `T-TEST PAIRS`, `NPAR TESTS /WILCOXON`, `NPAR TESTS /MCNEMAR` and
# `RELIABILITY /MODEL=ALPHA` are each one call below.

# %% tags=["parameters"]
n_officers = 30
seed = 1325

# %%
import pandas as pd

import wpsresearch as wps

scores = wps.report.synthetic_training_scores(n_officers, seed=seed)
pre = scores[scores["test"] == "pre"].set_index("officer")
post = scores[scores["test"] == "post"].set_index("officer")
knowledge_items = [c for c in scores.columns if c.startswith("k") and c[1:].isdigit()]
attitude_items = ["a1", "a2", "a3", "a4", "a5"]

# %% [markdown]
# ## Do the scales hold together? (Cronbach's alpha, before training)

# %%
wps.stats.cronbach_alpha(pre[attitude_items])

# %% [markdown]
# ## Knowledge score (0–10): paired t test and Cohen's d_z

# %%
knowledge = wps.stats.paired_test(pre["knowledge"], post["knowledge"], kind="t")
knowledge

# %% [markdown]
# ## Attitude score (mean of 1–5 items): Wilcoxon signed-rank test and rank-biserial r

# %%
attitude = wps.stats.paired_test(pre["attitude"], post["attitude"], kind="wilcoxon")
attitude

# %% [markdown]
# ## Item by item: share answering correctly before and after (McNemar test per item)
# With 30 officers, item-level counts are small: this table is for the training team, not
# for publication (a published version goes through `wps.privacy.suppress_small_cells`).

# %%
items = pd.DataFrame([
    {"Item": k, "Correct before (%)": f"{100 * pre[k].mean():.0f}",
     "Correct after (%)": f"{100 * post[k].mean():.0f}",
     "McNemar p-value (exact)": f"{wps.stats.paired_test(pre[k], post[k], kind='mcnemar', exact=True).pvalue:.3f}"}
    for k in knowledge_items
])
wps.report.html_table(items)
