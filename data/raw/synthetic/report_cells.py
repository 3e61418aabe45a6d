# Study-specific cells of the SYNTHETIC study (study.yml: report_cells). They run after the
# analysis plan's cells of the province notebook, with its names: analysis, study, here,
# labels, results.

# %% [markdown] tags=["lang-en"]
# ### Who reports to the police, the Family Protection Directorate or a court?
# A survey-weighted logistic regression (SPSS `CSLOGISTIC`; R `svyglm(family=quasibinomial)`).
# Odds ratios above 1 mean more likely to report formally, holding the other factors equal.

# %% [markdown] tags=["lang-ar"]
# <div dir="rtl" lang="ar">
#
# ### من يبلغ الشرطة أو مديرية حماية الأسرة أو المحكمة؟
# انحدار لوجستي مرجّح بأوزان المسح. نسبة الأرجحية الأكبر من 1 تعني احتمالاً أكبر للإبلاغ الرسمي مع ثبات العوامل الأخرى.
#
# </div>

# %%
model = wps.stats.glm(here, "reported_formal ~ sex + urban_rural + age + trust_police_index",
                      family="binomial")
model_labels = wps.report.indicators.term_labels(model, labels)

# %% tags=["lang-en"]
model.table(lang="en", labels=model_labels)

# %% tags=["lang-ar"]
model.table(lang="ar", labels=model_labels)

# %% [markdown] tags=["lang-en"]
# ## What would make women safer?
# Open answers coded with the starter codebook (`wps.sgbv.code_text`); share of respondents
# whose answer mentions each theme. Quotes are shown only when at least as many people gave
# the same answer as the smallest publishable cell, and no identifier is found in it.

# %% [markdown] tags=["lang-ar"]
# <div dir="rtl" lang="ar">
#
# ## ما الذي يجعل النساء أكثر أماناً؟
# رُمّزت الإجابات المفتوحة بدليل الترميز الأولي؛ نسبة المستجيبين الذين تذكر إجاباتهم كل موضوع.
# لا تُعرض الاقتباسات إلا إذا قالها عدد كافٍ من الأشخاص ولم توجد فيها معلومات تعريفية.
#
# </div>

# %%
themes = wps.sgbv.code_text(analysis.frame["safer_suggestion"], "starter")
coded = analysis.frame.join(themes.codes.add_prefix("safer_"))
in_province = wps.stats.SurveyDesign(coded, **study.design, policy=study.policy).subset(analysis.domain)
theme_shares = {f"text_{c}": wps.stats.proportion(in_province, f"safer_{c}")
                for c in themes.codes.columns}
quotes = wps.report.quotable_answers(analysis.frame.loc[analysis.domain, "safer_suggestion"],
                                     min_people=study.policy.min_cell)

# %% tags=["lang-en"]
display(wps.report.indicator_table(theme_shares, lang="en", caption="report_caption_themes"))
wps.report.html_table(quotes.rename(columns={"quote": "nb_quote"}), count_columns=["n"], lang="en",
                      caption="report_caption_quotes")

# %% tags=["lang-ar"]
display(wps.report.indicator_table(theme_shares, lang="ar", caption="report_caption_themes"))
wps.report.html_table(quotes.rename(columns={"quote": "nb_quote"}), count_columns=["n"], lang="ar",
                      caption="report_caption_quotes")
