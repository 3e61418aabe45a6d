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

# %% [markdown] tags=["remove-cell"]
# # Comparison of the governorates of your study
# Set `study_dir` in the next cell to your study folder (built with `wpsresearch build`).
# The headline numbers of your analysis plan (rows with `headline: yes`) side by side for every
# governorate with 95% CIs, its governorate maps (`chart: map`, `group_var: adm1_pcode`), and
# design-based tests of differences between governorates (Rao-Scott F, R `svychisq`). Cells
# tagged `lang-en` / `lang-ar` go to one language's report.

# %% tags=["parameters"]
study_dir = "../data/raw/synthetic"  # relative to this notebook's folder

# %% tags=["remove-cell"]
import wpsresearch as wps

analysis = wps.report.prepare(study_dir)  # the whole study: every governorate
study = analysis.study

# %% [markdown] tags=["lang-en"]
# ## Headline indicators by governorate

# %% [markdown] tags=["lang-ar"]
# <div dir="rtl" lang="ar">
#
# ## المؤشرات الرئيسية حسب المحافظة
#
# </div>

# %%
comparison = wps.report.province_comparison(analysis)  # each headline row by adm1_pcode, and tests

# %% tags=["lang-en"]
wps.report.show_comparison(comparison, lang="en", study=study)

# %% tags=["lang-ar"]
wps.report.show_comparison(comparison, lang="ar", study=study)
