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
# # البدء: من ملف تصدير كوبو إلى تقرير المحافظة
#
# **English.** For a scholar who knows SPSS. Each step says which SPSS procedure it replaces.
# As written, the notebook uses the bundled SYNTHETIC study; to use your own survey, put your
# Kobo export (CSV or XLSX) and your XLSForm in a new folder under `data/raw/` and change the
# two paths in the next cell.
#
# **العربية.** لباحثة أو باحث يعرف SPSS. تذكر كل خطوة إجراء SPSS الذي تحلّ محلّه. يعمل الدفتر
# كما هو على الدراسة المُصطنعة المرفقة؛ لاستخدام مسحك، ضع ملف التصدير من كوبو (CSV أو XLSX)
# واستمارة XLSForm في مجلد جديد داخل `data/raw/` وغيّر المسارين في الخلية التالية.

# %% tags=["parameters"]
example_dir = "../data/raw/synthetic"   # where the example Kobo export and form are
work_dir = "../reports/getting_started"  # a scratch project folder (git-ignored) it writes to

# %%
import shutil
from pathlib import Path

import wpsresearch as wps
from wpsresearch.pipeline.build import build_study

example = Path(example_dir)
study_dir = Path(work_dir) / "data" / "raw" / "my_study"
study_dir.mkdir(parents=True, exist_ok=True)
for name in ("form.xlsx", "export.csv", "sampling_frame.csv", "analysis_plan.csv", "report_cells.py"):
    shutil.copy(example / name, study_dir / name)

# %% [markdown]
# ## 1. Read the form and the export — SPSS: `GET DATA /TYPE=TXT` + `VARIABLE LABELS` / `VALUE LABELS`
# ## ١. قراءة الاستمارة وملف التصدير
# The form gives every variable its type, its English and Arabic labels and its choices, so
# nothing is guessed from the data. / تعطي الاستمارة كل متغير نوعه وتسمياته بالعربية والإنجليزية وخياراته.

# %%
form = wps.io.read_xlsform(study_dir / "form.xlsx")
survey = wps.io.read_kobo(study_dir / "export.csv", form=form)
survey.main.shape

# %% [markdown]
# ## 2. Describe the study in `study.yml` — SPSS: `CSPLAN` (the design) + your missing-value syntax
# ## ٢. وصف الدراسة في ملف study.yml
# Title in both languages, the design (clusters, strata, weights), consent, identifiers to
# drop, missing-value codes and the disclosure rules. / العنوان باللغتين، وتصميم العينة، والموافقة،
# والمعرّفات التي تُحذف، ورموز القيم المفقودة، وقواعد الإفصاح.

# %%
study_yml = (example / "study.yml").read_text(encoding="utf-8")
study_yml = study_yml.replace("Women's Safety, Justice and Reporting Survey (SYNTHETIC)",
                              "My study (SYNTHETIC copy)")
(study_dir / "study.yml").write_text(study_yml, encoding="utf-8")
study = wps.Study.load(study_dir)
study.design

# %% [markdown]
# ## 3. Build: clean, pseudonymise, write the analysis files — SPSS: `SELECT IF`, `RECODE`, `MISSING VALUES`, `SAVE OUTFILE`
# ## ٣. البناء: التنظيف وإخفاء الهوية وكتابة ملفات التحليل
# Every removed row and changed value goes into the cleaning log; a `.sav` copy is written
# for SPSS. / يُسجَّل كل صف محذوف وكل قيمة معدّلة في سجل التنظيف، وتُكتب نسخة ‎.sav‎ لبرنامج SPSS.

# %%
written = build_study(study_dir)
[path.name for path, _ in written]

# %% [markdown]
# ## 4. One estimate, the SPSS way and this way — SPSS: `CSDESCRIPTIVES` / `CSTABULATE`
# ## ٤. تقدير واحد
# A survey-weighted proportion with its 95% CI, by sex, on the full design. / نسبة مرجّحة مع فترة ثقة 95% حسب الجنس.

# %%
df = wps.report.analysis_frame(study)  # + the indicators of study.yml's indicators: block
design = wps.stats.SurveyDesign(df, **study.design, policy=study.policy)
wps.stats.proportion(design, "harass_public_yes", by="sex").table(lang="en")

# %%
wps.stats.proportion(design, "harass_public_yes", by="sex").table(lang="ar")

# %% [markdown]
# ## 5. Run the province template — SPSS: an output (`.spv`) per province, exported by hand
# ## ٥. تشغيل قالب المحافظة
# One command executes `province_study.ipynb` for a province and writes the English and
# Arabic reports after the disclosure gate (here HTML only; add `"pdf"` when a Chromium
# browser is installed). On the command line: `wpsresearch report <study-dir> --all`.
# / أمر واحد ينفّذ القالب لمحافظة ويكتب التقريرين بالعربية والإنجليزية بعد بوابة الإفصاح.

# %%
reports = wps.report.build_reports(study_dir, provinces=["basra"], to=("html",),
                                   out_root=work_dir, workers=1)
[str(path.relative_to(Path(work_dir).resolve())) for path, _ in reports]
