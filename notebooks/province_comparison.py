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
# # Province comparison
# Headline indicators side by side with 95% CIs, a governorate map, and design-based tests
# of differences between provinces (Rao-Scott F, R `svychisq`). Cells tagged `lang-en` /
# `lang-ar` go to one language's report.

# %% tags=["parameters"]
study_dir = "../data/raw/synthetic"  # relative to this notebook's folder

# %% tags=["remove-cell"]
from IPython.display import display

import wpsresearch as wps
from wpsresearch.study import Study

study = Study.load(study_dir, check_form=False)
synthetic = study.synthetic
source = {lang: study.title_in(lang) for lang in ("en", "ar")}
df = wps.report.add_indicators(study.read_processed())  # the province notebook's indicators
design = wps.stats.SurveyDesign(df, **study.design, policy=study.policy)

# %% [markdown] tags=["lang-en"]
# ## Headline indicators by governorate

# %% [markdown] tags=["lang-ar"]
# ## المؤشرات الرئيسية حسب المحافظة

# %%
headlines = {
    "ipv_any_12m": wps.stats.proportion(design, "ipv_any_12m", by="governorate"),
    "reported_formal": wps.stats.proportion(design, "reported_formal", by="governorate"),
    "harass_public_yes": wps.stats.proportion(design, "harass_public_yes", by="governorate"),
    "heard_1325_yes": wps.stats.proportion(design, "heard_1325_yes", by="governorate"),
}
trust = wps.stats.mean(design, "trust_police_index", by="governorate")

# %% tags=["lang-en"]
display(wps.report.indicator_table(headlines, lang="en"), trust.table(lang="en"))
wps.viz.bar_chart(wps.report.indicator_frame(headlines), title_key="nb_chart_headlines",
                  by="indicator", hue="governorate", lang="en", percent=True,
                  synthetic=synthetic, source=source["en"])

# %% tags=["lang-ar"]
display(wps.report.indicator_table(headlines, lang="ar"), trust.table(lang="ar"))
wps.viz.bar_chart(wps.report.indicator_frame(headlines), title_key="nb_chart_headlines",
                  by="indicator", hue="governorate", lang="ar", percent=True,
                  synthetic=synthetic, source=source["ar"])

# %% [markdown] tags=["lang-en"]
# ## Partner violence by governorate (map)

# %% [markdown] tags=["lang-ar"]
# ## عنف الشريك حسب المحافظة (خريطة)

# %%
ipv_by_pcode = wps.stats.proportion(design, "ipv_any_12m", by="adm1_pcode")

# %% tags=["lang-en"]
wps.viz.choropleth(ipv_by_pcode, title_key="nb_chart_ipv_map", lang="en", sgbv=True,
                   synthetic=synthetic, source=source["en"])

# %% tags=["lang-ar"]
wps.viz.choropleth(ipv_by_pcode, title_key="nb_chart_ipv_map", lang="ar", sgbv=True,
                   synthetic=synthetic, source=source["ar"])

# %% [markdown] tags=["lang-en"]
# ## Do the provinces differ? Design-based tests (Rao-Scott F)

# %% [markdown] tags=["lang-ar"]
# ## هل تختلف المحافظات؟ اختبارات مبنية على تصميم العينة (Rao-Scott F)

# %%
tests = {v: wps.stats.crosstab(design, v, "governorate").test()
         for v in ["ipv_any_12m", "reported_formal", "harass_public_yes", "heard_1325_yes"]}

# %% tags=["lang-en"]
wps.stats.TestResult.stacked_table(tests, lang="en")

# %% tags=["lang-ar"]
wps.stats.TestResult.stacked_table(tests, lang="ar")
