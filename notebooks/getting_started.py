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
# # Getting started: your Kobo export to a province report
#
# **English.** For a scholar who knows SPSS. Each step says which SPSS procedure it replaces.
# As written, the notebook uses the bundled SYNTHETIC study; to use your own survey, put your
# Kobo export (CSV or XLSX) and your XLSForm in a new folder under `data/raw/` and change the
# two paths in the next cell.
#
# <div dir="rtl" lang="ar">
#
# # البدء: من ملف تصدير كوبو إلى تقرير المحافظة
#
# **العربية.** لباحثة أو باحث يعرف SPSS. تذكر كل خطوة إجراء SPSS الذي تحلّ محلّه. يعمل الدفتر
# كما هو على الدراسة المُصطنعة المرفقة؛ لاستخدام مسحك، ضع ملف التصدير من كوبو (CSV أو XLSX)
# واستمارة XLSForm في مجلد جديد داخل `data/raw/` وغيّر المسارين في الخلية التالية.
#
# </div>

# %% tags=["parameters"]
example_dir = "../data/raw/synthetic"   # where the example Kobo export and form are
work_dir = "../reports/getting_started"  # a scratch project folder (git-ignored) it writes to

# %%
import shutil
from pathlib import Path

import pandas as pd

import wpsresearch as wps
from wpsresearch.pipeline.build import build_study

example = Path(example_dir)
study_dir = Path(work_dir) / "data" / "raw" / "my_study"
study_dir.mkdir(parents=True, exist_ok=True)
for name in ("form.xlsx", "export.csv", "sampling_frame.csv", "analysis_plan.csv", "report_cells.py"):
    shutil.copy(example / name, study_dir / name)

# %% [markdown]
# ## 1. Read the form and the export — SPSS: `GET DATA /TYPE=TXT` + `VARIABLE LABELS` / `VALUE LABELS`
# The form gives every variable its type, its English and Arabic labels and its choices, so
# nothing is guessed from the data.
#
# <div dir="rtl" lang="ar">
#
# ## ١. قراءة الاستمارة وملف التصدير
# تعطي الاستمارة كل متغير نوعه وتسمياته بالعربية والإنجليزية وخياراته، فلا يُخمَّن شيء من البيانات.
#
# </div>

# %%
form = wps.io.read_xlsform(study_dir / "form.xlsx")
survey = wps.io.read_kobo(study_dir / "export.csv", form=form)
wps.report.html_table(pd.DataFrame({
    "What was read": ["Submissions (rows of the export)", "Columns", "Questions in the form"],
    "How many": [f"{len(survey.main):,}", f"{survey.main.shape[1]:,}", f"{len(form.data_names()):,}"],
}))

# %% [markdown]
# ## 2. Describe the study in `study.yml` — SPSS: `CSPLAN` (the design) + your missing-value syntax
# Title in both languages, the design (clusters, strata, weights), consent, identifiers to
# drop, missing-value codes and the disclosure rules.
#
# <div dir="rtl" lang="ar">
#
# ## ٢. وصف الدراسة في ملف <span dir="ltr">study.yml</span>
# العنوان باللغتين، وتصميم العينة (العناقيد والطبقات والأوزان)، والموافقة، والمعرّفات التي
# تُحذف، ورموز القيم المفقودة، وقواعد الإفصاح.
#
# </div>

# %%
study_yml = (example / "study.yml").read_text(encoding="utf-8")
study_yml = study_yml.replace("Women's Safety, Justice and Reporting Survey (SYNTHETIC)",
                              "My study (SYNTHETIC copy)")
(study_dir / "study.yml").write_text(study_yml, encoding="utf-8")
study = wps.Study.load(study_dir)
# the design as SPSS's CSPLAN names it, and the column of your data that holds each part
csplan = {"ids": "Clusters (CSPLAN /DESIGN CLUSTER)", "strata": "Strata (CSPLAN /DESIGN STRATA)",
          "weights": "Weights (CSPLAN /PLAN WEIGHT)", "fpc": "Finite population correction",
          "lonely_psu": "A stratum with one cluster"}
wps.report.html_table(pd.DataFrame({
    "Design": [csplan.get(key, key) for key in study.design],
    "In your data": ["—" if value is None else str(value) for value in study.design.values()],
}))

# %% [markdown]
# ## 3. Build: clean, pseudonymise, write the analysis files — SPSS: `SELECT IF`, `RECODE`, `MISSING VALUES`, `SAVE OUTFILE`
# Every removed row and changed value goes into the cleaning log; a `.sav` copy is written
# for SPSS.
#
# <div dir="rtl" lang="ar">
#
# ## ٣. البناء: التنظيف وإخفاء الهوية وكتابة ملفات التحليل
# يُسجَّل كل صف محذوف وكل قيمة معدّلة في سجل التنظيف، وتُكتب نسخة <span dir="ltr">.sav</span> لبرنامج SPSS.
#
# </div>

# %%
written = build_study(study_dir)
wps.report.html_table(pd.DataFrame([(path.name, what) for path, what in written],
                                   columns=["File", "What it holds"]))

# %% [markdown]
# ## 4. One estimate, the SPSS way and this way — SPSS: `CSDESCRIPTIVES` / `CSTABULATE`
# A survey-weighted proportion with its 95% CI, by sex, on the full design.
#
# <div dir="rtl" lang="ar">
#
# ## ٤. تقدير واحد
# نسبة مرجّحة مع فترة ثقة 95% حسب الجنس، على التصميم الكامل للعينة.
#
# </div>

# %%
df = wps.report.analysis_frame(study)  # + the indicators of study.yml's indicators: block
design = wps.stats.SurveyDesign(df, **study.design, policy=study.policy)
wps.stats.proportion(design, "harass_public_yes", by="sex").table(lang="en")

# %%
wps.stats.proportion(design, "harass_public_yes", by="sex").table(lang="ar")

# %% [markdown]
# ## 5. Run the province template — SPSS: an output (`.spv`) per province, exported by hand
# One command executes `province_study.ipynb` for a province and writes the English and
# Arabic reports after the disclosure gate (here HTML only, to be quick; add `"pdf"` for the
# PDFs, which need nothing else installed). On the command line:
# `wpsresearch report <study-dir> --all`.
#
# <div dir="rtl" lang="ar">
#
# ## ٥. تشغيل قالب المحافظة
# أمر واحد ينفّذ القالب لمحافظة ويكتب التقريرين بالعربية والإنجليزية بعد بوابة الإفصاح.
#
# </div>

# %%
reports = wps.report.build_reports(study_dir, provinces=["basra"], to=("html",),
                                   out_root=work_dir, workers=1)
wps.report.html_table(pd.DataFrame(
    [(str(path.relative_to(Path(work_dir).resolve())), what) for path, what in reports],
    columns=["File", "What it holds"]))
