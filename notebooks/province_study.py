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
# # Province report of your study
#
# **What to change.** In the next cell, set `study_dir` to your study folder (the folder with
# `study.yml`, your XLSForm, your Kobo export and your analysis plan; build it first with
# `wpsresearch build <folder>`) and `province` to one of its governorates. Run all cells.
# A governorate may be written in English or Arabic, in capitals or not, with the usual
# spellings: Anbar / الأنبار, Basra / البصرة, Muthanna / المثنى, Najaf / النجف,
# Qadisiyah / القادسية, Sulaymaniyah / السليمانية, Babil / بابل, Baghdad / بغداد,
# Duhok / دهوك, Diyala / ديالى, Erbil / أربيل, Karbala / كربلاء, Kirkuk / كركوك,
# Maysan / ميسان, Ninewa / نينوى, Salah ad Din / صلاح الدين, Thi Qar / ذي قار, Wasit / واسط
# (or its OCHA p-code, e.g. IQG02).
#
# **Where the analyses come from.** Your analysis plan (`analysis_plan:` in study.yml, one row
# per analysis: IMPACT's list-of-analysis columns plus `section`, labels, `where`, `chart`,
# `headline`, `test`). `wpsresearch report <folder> --all` writes one cell per plan row
# below (`results[7] = wps.stats.analyse(here, plan.row(7), ...)` for plan row 7), then runs
# the notebook for every governorate and publishes the reports in English and Arabic, the
# fact sheets, the comparison, the campaign images and the results tables. To change an
# analysis, change its row in the plan; to add one the plan cannot express, add cells in a
# file named by `report_cells:` in study.yml: they come after the plan's part.
#
# Cells tagged `lang-en` / `lang-ar` go to the English / Arabic report only; every table
# and chart is suppressed by the study's disclosure rules; respondent rows are never shown.

# %% tags=["parameters"]
study_dir = "../data/raw/synthetic"  # relative to this notebook's folder
province = "basra"

# %% tags=["remove-cell"]
from IPython.display import display

import wpsresearch as wps

analysis = wps.report.prepare(study_dir, province)  # processed data + the study's indicators
study, plan, form, labels = analysis.study, analysis.plan, analysis.form, analysis.labels
here = analysis.here  # the governorate: a domain of the whole design (SPSS CSPLAN, R svydesign)
results = {}  # plan row -> its results

# %% [markdown] tags=["lang-en"]
# This report describes one governorate of the survey. All estimates are **design-based**:
# they use the survey's clusters, strata and weights, and come with 95% confidence intervals.
# Percentages resting on fewer than 25 respondents are not shown (`*`); those on 25–49 are
# in brackets. Answers such as "don't know" and "refused" are left out of the percentages;
# each table says how many.

# %% [markdown] tags=["lang-ar"]
# <div dir="rtl" lang="ar">
#
# يصف هذا التقرير محافظة واحدة من محافظات المسح. جميع التقديرات **مبنية على تصميم العينة**:
# تستخدم العناقيد والطبقات والأوزان، وتُعرض مع فترات ثقة 95%. لا تُعرض النسب المبنية على
# أقل من 25 مستجيباً (`*`)، وتوضع بين قوسين النسب المبنية على 25–49 مستجيباً. تُستبعد من
# النسب إجابات مثل "لا أعرف" و"رفض"؛ ويذكر كل جدول عددها.
#
# </div>

# %% tags=["plan-analyses"]
# The analysis plan. `wpsresearch report` writes one cell per plan row here (and a display
# cell per section and language); run as it is, this cell analyses and shows every row.
results = {row.row: wps.stats.analyse(here, row, labels=labels, codebook=form) for row in plan}
display(wps.report.show_section(results, lang="en", study=study),
        wps.report.show_findings(results, lang="en"))

# %% tags=["study-cells"]
# The study's own cells (`report_cells:` in study.yml) are written here.
