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
# # Province study (template)
#
# Run it top to bottom in JupyterLab, or for every province with
# `wpsresearch report data/raw/synthetic --all`. Change `study_dir` and `province` in the next
# cell (papermill replaces that cell; keep it to plain literals). Cells tagged `lang-en` /
# `lang-ar` go to the English / Arabic report only; untagged cells compute and show nothing.
# Every table goes through `Estimate.table` or `html_table` (suppression, data-n counts);
# respondent rows are never shown.

# %% tags=["parameters"]
study_dir = "../data/raw/synthetic"  # relative to this notebook's folder
province = "basra"

# %% tags=["remove-cell"]
import pandas as pd
from IPython.display import display

import wpsresearch as wps
from wpsresearch.report import (html_table, indicator_frame, indicator_table, key_finding,
                                key_findings, quotable_answers)
from wpsresearch.report.headlines import province_domain
from wpsresearch.study import Study

study = Study.load(study_dir, check_form=False)
synthetic = study.synthetic
source = {lang: study.title_in(lang) for lang in ("en", "ar")}

# %% [markdown] tags=["lang-en"]
# This report describes one governorate of the survey. All estimates are **design-based**:
# they use the survey's clusters, strata and weights, and come with 95% confidence intervals.
# Percentages resting on fewer than 25 respondents are not shown (`*`); those on 25–49 are
# in brackets.

# %% [markdown] tags=["lang-ar"]
# يصف هذا التقرير محافظة واحدة من محافظات المسح. جميع التقديرات **مبنية على تصميم العينة**:
# تستخدم العناقيد والطبقات والأوزان، وتُعرض مع فترات ثقة 95%. لا تُعرض النسب المبنية على
# أقل من 25 مستجيباً (`*`)، وتوضع بين قوسين النسب المبنية على 25–49 مستجيباً.

# %% [markdown] tags=["remove-cell"]
# ## Data and indicators
# The cleaned, pseudonymised respondent table written by `wpsresearch build`, with the
# indicators of `wpsresearch.sgbv` added (SPSS: `COMPUTE` / `RECODE` syntax).

# %% tags=["remove-cell"]
df = study.read_processed()
df = df.join([
    wps.sgbv.ipv_indicators(df, refused="no"),   # DHS partner-violence indicators
    wps.sgbv.attitude_indicators(df),            # DHS attitudes to wife-beating
    wps.sgbv.help_seeking_pathways(df),          # formal / tribal-religious / informal / none
    wps.sgbv.no_report_reasons(df),              # why people did not report
])
df["trust_police_index"] = wps.sgbv.trust_police_index(df).scores
df["safety_index"] = wps.sgbv.safety_index(df).scores
df = df.join(wps.report.answer_indicators(df))   # yes/no indicators; don't know -> missing
themes = wps.sgbv.code_text(df["safer_suggestion"], "starter")
df = df.join(themes.codes.add_prefix("safer_"))

# %% [markdown] tags=["remove-cell"]
# The survey design (SPSS Complex Samples `CSPLAN`; R `svydesign`). The province is a
# *domain* of the whole design (`subset` keeps every cluster for the variance), selected by
# its OCHA p-code (`adm1_pcode`), never by a spelling of its name.

# %% tags=["remove-cell"]
design = wps.stats.SurveyDesign(df, **study.design, policy=study.policy)
in_province = province_domain(df, province, study=study)
here = design.subset(in_province)

# %% [markdown] tags=["lang-en"]
# ## 1. Sample and response
# Who was interviewed: by sex, urban or rural residence, displacement status and district.

# %% [markdown] tags=["lang-ar"]
# ## 1. العينة والاستجابة
# من أُجريت معهم المقابلات: حسب الجنس والسكن في الحضر أو الريف ووضع النزوح والقضاء.

# %%
sample = {
    "sex": wps.stats.proportion(here, "sex"),
    "urban_rural": wps.stats.proportion(here, "urban_rural"),
    "displacement_status": wps.stats.proportion(here, "displacement_status"),
}
by_district = wps.stats.proportion(here, "sex", by="adm2_pcode")

# %% tags=["lang-en"]
for est in sample.values():
    display(est.table(lang="en"))
display(by_district.table(lang="en"))

# %% tags=["lang-ar"]
for est in sample.values():
    display(est.table(lang="ar"))
display(by_district.table(lang="ar"))

# %% [markdown] tags=["lang-en"]
# Every district of the governorate was visited; the map shows the share of women among the
# people interviewed in each district.

# %% [markdown] tags=["lang-ar"]
# شملت الزيارات جميع أقضية المحافظة؛ تبيّن الخريطة نسبة النساء بين من أُجريت معهم المقابلات في كل قضاء.

# %% tags=["lang-en"]
wps.viz.choropleth(by_district.to_frame().query("level == 'female'"), level="adm2",
                   title_key="nb_chart_sample_district", lang="en", synthetic=synthetic,
                   source=source["en"])

# %% tags=["lang-ar"]
wps.viz.choropleth(by_district.to_frame().query("level == 'female'"), level="adm2",
                   title_key="nb_chart_sample_district", lang="ar", synthetic=synthetic,
                   source=source["ar"])

# %% [markdown] tags=["lang-en"]
# ## 2. Safety and trust in the police and the Family Protection Directorate
# Women and men are shown separately: the same street, police station or checkpoint can feel
# very different to each.

# %% [markdown] tags=["lang-ar"]
# ## 2. الأمان والثقة بالشرطة ومديرية حماية الأسرة
# تُعرض النساء والرجال كلٌّ على حدة: قد يختلف شعور كلٍّ منهما تجاه الشارع نفسه أو مركز الشرطة أو نقطة التفتيش.

# %%
safety_trust = {
    "unsafe_night": wps.stats.proportion(here, "unsafe_night", by="sex"),
    "trusts_police": wps.stats.proportion(here, "trusts_police", by="sex"),
    "trusts_fpd": wps.stats.proportion(here, "trusts_fpd", by="sex"),
}
trust_index = wps.stats.mean(here, "trust_police_index", by="sex")
trust_test = wps.stats.crosstab(here, "trusts_police", "sex").test()

# %% tags=["lang-en"]
display(indicator_table(safety_trust, lang="en"), trust_index.table(lang="en"))
wps.viz.bar_chart(indicator_frame(safety_trust), title_key="nb_chart_safety_trust", by="indicator",
                  hue="sex", lang="en", percent=True, synthetic=synthetic, source=source["en"])

# %% tags=["lang-ar"]
display(indicator_table(safety_trust, lang="ar"), trust_index.table(lang="ar"))
wps.viz.bar_chart(indicator_frame(safety_trust), title_key="nb_chart_safety_trust", by="indicator",
                  hue="sex", lang="ar", percent=True, synthetic=synthetic, source=source["ar"])

# %% [markdown] tags=["lang-en"]
# Do women and men trust the police differently? A design-based test (Rao-Scott F).

# %% [markdown] tags=["lang-ar"]
# هل تختلف ثقة النساء والرجال بالشرطة؟ اختبار مبني على تصميم العينة (Rao-Scott F).

# %% tags=["lang-en"]
trust_test.table(lang="en", name="trusts_police")

# %% tags=["lang-ar"]
trust_test.table(lang="ar", name="trusts_police")

# %% [markdown] tags=["lang-en"]
# ## 3. Awareness of UNSCR 1325 and the National Action Plan

# %% [markdown] tags=["lang-ar"]
# ## 3. المعرفة بقرار مجلس الأمن 1325 وخطة العمل الوطنية

# %%
awareness = {
    "heard_1325_yes": wps.stats.proportion(here, "heard_1325_yes", by="sex"),
    "heard_nap_yes": wps.stats.proportion(here, "heard_nap_yes", by="sex"),
    "supports_women_police": wps.stats.proportion(here, "supports_women_police", by="sex"),
}

# %% tags=["lang-en"]
indicator_table(awareness, lang="en")

# %% tags=["lang-ar"]
indicator_table(awareness, lang="ar")

# %% [markdown] tags=["lang-en"]
# ## 4. Attitudes to violence
# The DHS question: is a husband justified in hitting or beating his wife for each of five
# reasons? "Don't know" counts as "no", as DHS does.

# %% [markdown] tags=["lang-ar"]
# ## 4. الاتجاهات نحو العنف
# سؤال المسوح الديموغرافية والصحية: هل للزوج مبرر لضرب زوجته لكل سبب من خمسة أسباب؟ تُحتسب إجابة
# "لا أعرف" على أنها "لا"، كما تفعل تلك المسوح.

# %%
attitudes = wps.stats.proportion(here, "justify_any_reason", by="sex")

# %% tags=["lang-en"]
attitudes.table(lang="en")

# %% tags=["lang-ar"]
attitudes.table(lang="ar")

# %% [markdown] tags=["lang-en"]
# ## 5. Partner violence and harassment
# Partner violence: ever-partnered women aged 18–49 interviewed in private (DHS). Harassment:
# everyone, past 12 months.

# %% [markdown] tags=["lang-ar"]
# ## 5. عنف الشريك والتحرش
# عنف الشريك: النساء اللواتي سبق لهن الارتباط بشريك وأعمارهن 18–49 وأُجريت مقابلاتهن على انفراد.
# التحرش: جميع المستجيبين، خلال الاثني عشر شهراً الماضية.

# %%
ipv = {v: wps.stats.proportion(here, v) for v in
       ["ipv_physical_12m", "ipv_sexual_12m", "ipv_emotional_12m", "ipv_any_12m"]}
harassment = {
    "harass_public_yes": wps.stats.proportion(here, "harass_public_yes", by="sex"),
    "harass_online_yes": wps.stats.proportion(here, "harass_online_yes", by="sex"),
}

# %% tags=["lang-en"]
display(indicator_table(ipv, lang="en"), indicator_table(harassment, lang="en"))
wps.viz.bar_chart(indicator_frame(ipv), title_key="ipv_any_12m", by="indicator", lang="en", percent=True,
                  synthetic=synthetic, source=source["en"])

# %% tags=["lang-ar"]
display(indicator_table(ipv, lang="ar"), indicator_table(harassment, lang="ar"))
wps.viz.bar_chart(indicator_frame(ipv), title_key="ipv_any_12m", by="indicator", lang="ar", percent=True,
                  synthetic=synthetic, source=source["ar"])

# %% [markdown] tags=["lang-en"]
# ## 6. Seeking help, and reasons for silence
# Among people who experienced partner violence (ever) or harassment (past 12 months). A person
# can use several pathways.

# %% [markdown] tags=["lang-ar"]
# ## 6. طلب المساعدة وأسباب الصمت
# بين من تعرّضوا لعنف الشريك (في أي وقت) أو للتحرش (خلال الاثني عشر شهراً الماضية). قد يسلك الشخص أكثر من طريق.

# %%
pathways = {v: wps.stats.proportion(here, v) for v in
            ["help_formal", "help_tribal_religious", "help_informal", "help_none"]}
silence = {v: wps.stats.proportion(here, v) for v in
           ["reason_stigma", "reason_distrust_institutions", "reason_tribal_family_pressure",
            "reason_fear_retaliation", "reason_lack_of_knowledge"]}
reported = wps.stats.proportion(here, "reported_formal")

# %% tags=["lang-en"]
display(indicator_table(pathways, lang="en"), indicator_table(silence, lang="en"))
wps.viz.bar_chart(indicator_frame(pathways), title_key="nb_chart_help_pathway", by="indicator", percent=True,
                  lang="en", synthetic=synthetic, source=source["en"])

# %% tags=["lang-ar"]
display(indicator_table(pathways, lang="ar"), indicator_table(silence, lang="ar"))
wps.viz.bar_chart(indicator_frame(pathways), title_key="nb_chart_help_pathway", by="indicator", percent=True,
                  lang="ar", synthetic=synthetic, source=source["ar"])

# %% [markdown] tags=["lang-en"]
# ### Who reports to the police, the Family Protection Directorate or a court?
# A survey-weighted logistic regression (SPSS `CSLOGISTIC`; R `svyglm(family=quasibinomial)`).
# Odds ratios above 1 mean more likely to report formally, holding the other factors equal.

# %% [markdown] tags=["lang-ar"]
# ### من يبلغ الشرطة أو مديرية حماية الأسرة أو المحكمة؟
# انحدار لوجستي مرجّح بأوزان المسح. نسبة الأرجحية الأكبر من 1 تعني احتمالاً أكبر للإبلاغ الرسمي مع ثبات العوامل الأخرى.

# %%
model = wps.stats.glm(here, "reported_formal ~ sex + urban_rural + age + trust_police_index",
                      family="binomial")

# %% tags=["lang-en"]
model.table(lang="en")

# %% tags=["lang-ar"]
model.table(lang="ar")

# %% [markdown] tags=["lang-en"]
# ## 7. What would make women safer?
# Open answers coded with the starter codebook (`wps.sgbv.code_text`); share of respondents
# whose answer mentions each theme. Quotes are shown only when at least as many people gave
# the same answer as the smallest publishable cell, and no identifier is found in it.

# %% [markdown] tags=["lang-ar"]
# ## 7. ما الذي يجعل النساء أكثر أماناً؟
# رُمّزت الإجابات المفتوحة بدليل الترميز الأولي؛ نسبة المستجيبين الذين تذكر إجاباتهم كل موضوع.
# لا تُعرض الاقتباسات إلا إذا قالها عدد كافٍ من الأشخاص ولم توجد فيها معلومات تعريفية.

# %%
theme_shares = {f"text_{c}": wps.stats.proportion(here, f"safer_{c}") for c in themes.codes.columns}
quotes = quotable_answers(df.loc[in_province, "safer_suggestion"],
                          min_people=study.policy.min_cell)

# %% tags=["lang-en"]
display(indicator_table(theme_shares, lang="en"))
html_table(quotes.rename(columns={"quote": "nb_quote"}), count_columns=["n"], lang="en")

# %% tags=["lang-ar"]
display(indicator_table(theme_shares, lang="ar"))
html_table(quotes.rename(columns={"quote": "nb_quote"}), count_columns=["n"], lang="ar")

# %% [markdown] tags=["lang-en"]
# ## Key findings
# Each sentence is written from the estimates above (no number is typed by hand).

# %% [markdown] tags=["lang-ar"]
# ## أبرز النتائج
# كُتبت كل جملة من التقديرات أعلاه (لم يُكتب أي رقم يدوياً).

# %%
findings = {lang: key_findings(
    key_finding(ipv["ipv_any_12m"], "ipv_any_12m", lang=lang),
    key_finding(harassment["harass_public_yes"], "harass_public_yes", lang=lang, where={"sex": "female"}),
    key_finding(harassment["harass_public_yes"], "harass_public_yes", lang=lang, where={"sex": "male"}),
    key_finding(reported, "reported_formal", lang=lang),
    key_finding(pathways["help_none"], "help_none", lang=lang),
    key_finding(safety_trust["unsafe_night"], "unsafe_night", lang=lang, where={"sex": "female"}),
    key_finding(trust_index, "trust_police_index", lang=lang, where={"sex": "female"}),
    key_finding(wps.stats.proportion(here, "heard_1325_yes"), "heard_1325_yes", lang=lang),
) for lang in ("en", "ar")}

# %% tags=["lang-en"]
findings["en"]

# %% tags=["lang-ar"]
findings["ar"]
