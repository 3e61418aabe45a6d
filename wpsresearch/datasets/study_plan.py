"""The SYNTHETIC study's own analysis plan, ``indicators:`` block and report cells.

A real study brings these three files itself; ``wpsresearch synth`` writes the synthetic
study's beside its form and export (``analysis_plan.csv``, the ``indicators:`` block of
``study.yml`` and ``report_cells.py``), so the package's reports are driven by them exactly as
they are for any other study.  This module is the only place (with the generator) where the
synthetic questionnaire's variable names appear.
"""

from __future__ import annotations

import csv
import io

__all__ = ["SYNTHETIC_INDICATORS", "PLAN_COLUMNS", "PLAN_ROWS", "plan_csv", "indicators_yaml",
           "report_cells", "synthetic_analysis"]

_PHYSICAL = ["ipv_push", "ipv_slap", "ipv_twist", "ipv_punch", "ipv_kick", "ipv_choke", "ipv_weapon"]
_SEXUAL = ["ipv_forced_sex", "ipv_forced_acts", "ipv_threat_sex"]
_EMOTIONAL = ["ipv_humiliate", "ipv_threaten", "ipv_insult"]
_AGREE = ["strongly_agree", "agree"]
_TRUST = ["a_lot", "somewhat"]
_UNSAFE = ["unsafe", "very_unsafe"]
_SAFE = ["very_safe", "safe"]


def _answer(question, yes, en, ar):
    return {"question": question, "yes": list(yes), "label": {"en": en, "ar": ar}}


SYNTHETIC_INDICATORS = {
    "dhs_ipv": {"physical": _PHYSICAL, "sexual": _SEXUAL, "emotional": _EMOTIONAL,
                "sex": "sex", "marital": "marital_status", "age": "age", "private": "ipv_private",
                # truth.json's estimands: a refused item counts as not experienced (DHS Stata)
                "refused": "no"},
    "dhs_attitudes": {"items": ["justify_goes_out", "justify_neglects_children", "justify_argues",
                                "justify_refuses_sex", "justify_burns_food"]},
    "help_seeking": {"question": "help_sought"},
    "no_report_reasons": {"question": "no_report_reason"},
    "trust_police_index": {"items": {"trust_police": "trust_4", "police_treat_fairly": "agree_4",
                                     "police_respond_quickly": "agree_4"}},
    "safety_index": {"items": {"safe_day": "safe_4", "safe_night": "safe_4"}},
    "answers": {
        "woman_respondent": _answer("sex", ["female"], "Women among the respondents",
                                    "النساء بين المستجيبين"),
        "heard_1325_yes": _answer("heard_1325", ["yes"], "Has heard of UNSCR 1325",
                                  "سمع بقرار مجلس الأمن 1325"),
        "heard_nap_yes": _answer("heard_nap", ["yes"], "Has heard of Iraq's National Action Plan on 1325",
                                 "سمع بخطة العمل الوطنية العراقية للقرار 1325"),
        "unsafe_night": _answer("safe_night", _UNSAFE, "Feels unsafe walking alone at night",
                                "يشعر بعدم الأمان عند السير وحيداً ليلاً"),
        "safe_night_yes": _answer("safe_night", _SAFE, "Feels safe walking alone after dark",
                                  "يشعر بالأمان عند السير وحيداً بعد حلول الظلام"),
        "unsafe_day": _answer("safe_day", _UNSAFE, "Feels unsafe walking alone during the day",
                              "يشعر بعدم الأمان عند السير وحيداً نهاراً"),
        "trusts_police": _answer("trust_police", _TRUST, "Trusts the police (a lot or somewhat)",
                                 "يثق بالشرطة (كثيراً أو إلى حد ما)"),
        "trusts_fpd": _answer("trust_fpd", _TRUST,
                              "Trusts the Family Protection Directorate (a lot or somewhat)",
                              "يثق بمديرية حماية الأسرة (كثيراً أو إلى حد ما)"),
        "harass_public_yes": _answer("harass_public_12m", ["yes"],
                                     "Harassed in a public place in the past 12 months",
                                     "تعرّض للتحرش في مكان عام خلال الاثني عشر شهراً الماضية"),
        "harass_online_yes": _answer("harass_online_12m", ["yes"],
                                     "Harassed online in the past 12 months",
                                     "تعرّض للتحرش عبر الإنترنت خلال الاثني عشر شهراً الماضية"),
        "supports_women_police": _answer(
            "women_police_support", _AGREE,
            "Agrees women should serve in the police and security forces",
            "يوافق على أن تخدم النساء في الشرطة والقوات الأمنية"),
    },
}

PLAN_COLUMNS = ["analysis_type", "analysis_var", "group_var", "level", "section",
                "section::Arabic (ar)", "label::English (en)", "label::Arabic (ar)", "where",
                "chart", "headline", "test", "nap_pillar", "sdg"]

_S1 = ("Sample and response", "العينة والاستجابة")
_S2 = ("Safety and trust in the police and the Family Protection Directorate",
       "الأمان والثقة بالشرطة ومديرية حماية الأسرة")
_S3 = ("Awareness of UNSCR 1325 and the National Action Plan",
       "المعرفة بقرار مجلس الأمن 1325 وخطة العمل الوطنية")
_S4 = ("Attitudes to violence", "الاتجاهات نحو العنف")
_S5 = ("Partner violence and harassment", "عنف الشريك والتحرش")
_S6 = ("Seeking help, and reasons for silence", "طلب المساعدة وأسباب الصمت")
_NONE = ("none", "")
_FEMALE = "sex == 'female'"


# The monitoring framework (wpsresearch/framework/framework.yml): the NAP 1325 pillar or
# sector each row measures, and an SDG code only where the row's estimate *is* that
# indicator's definition (so the IPV rows on DHS's 15-49 base carry no 5.2.1: the
# sdg_5_2_1 row, on its 15+ base, does; a row that only describes the sample carries none).
_PROTECTION, _PREVENTION, _PARTICIPATION, _AWARENESS = "protection", "prevention", "participation", "awareness"


# the plan's optional cells, by the keyword _row takes them as
_CELLS = {"where": "where", "chart": "chart", "headline": "headline", "test": "test",
          "nap": "nap_pillar", "sdg": "sdg"}


def _row(kind, var, section, group="", *, label=("", ""), **cells):
    """One plan row; ``cells``: any of :data:`_CELLS` (empty when not given)."""
    unknown = sorted(set(cells) - set(_CELLS))
    if unknown:
        raise TypeError(f"_row() got unexpected plan cell(s) {unknown}")
    values = {"analysis_type": kind, "analysis_var": var, "group_var": group, "level": "0.95",
              "section": section[0], "section::Arabic (ar)": section[1],
              "label::English (en)": label[0], "label::Arabic (ar)": label[1],
              **{_CELLS[key]: value for key, value in cells.items()}}
    return {column: values.get(column, "") for column in PLAN_COLUMNS}


PLAN_ROWS = [
    _row("prop_select_one", "sex", _S1),
    _row("prop_select_one", "urban_rural", _S1),
    _row("prop_select_one", "displacement_status", _S1),
    _row("prop_select_one", "woman_respondent", _S1, "adm2_pcode", chart="map"),
    _row("prop_select_one", "unsafe_night", _S2, "sex", chart="bar", nap=_PREVENTION),
    _row("prop_select_one", "trusts_police", _S2, "sex", chart="bar", test="chisq", nap=_PROTECTION),
    _row("prop_select_one", "trusts_fpd", _S2, "sex", nap=_PROTECTION),
    _row("mean", "trust_police_index", _S2, "sex", nap=_PROTECTION),
    _row("prop_select_one", "heard_1325_yes", _S3, "sex", nap=_AWARENESS),
    _row("prop_select_one", "heard_nap_yes", _S3, "sex", nap=_AWARENESS),
    _row("prop_select_one", "supports_women_police", _S3, "sex", nap=_PARTICIPATION),
    _row("prop_select_one", "beating_justified_any", _S4, "sex", nap=_PREVENTION),
    _row("prop_select_one", "ipv_physical_12m", _S5, nap=_PROTECTION),
    _row("prop_select_one", "ipv_sexual_12m", _S5, nap=_PROTECTION),
    _row("prop_select_one", "ipv_emotional_12m", _S5, nap=_PROTECTION),
    _row("prop_select_one", "ipv_any_12m", _S5, chart="bar", headline="yes", nap=_PROTECTION, label=(
        "Ever-partnered women (15–49, interviewed in private) who experienced physical or "
        "sexual partner violence in the past 12 months",
        "النساء اللواتي سبق لهن الارتباط (15–49، في مقابلة على انفراد) وتعرّضن لعنف جسدي أو "
        "جنسي من الشريك خلال الاثني عشر شهراً الماضية")),
    _row("prop_select_one", "sdg_5_2_1", _S5, nap=_PROTECTION, sdg="5.2.1"),
    _row("prop_select_one", "harass_public_yes", _S5, "sex", chart="bar", nap=_PROTECTION, sdg="11.7.2"),
    _row("prop_select_one", "harass_online_yes", _S5, "sex", nap=_PROTECTION),
    _row("prop_select_one", "help_formal", _S6, nap=_PROTECTION),
    _row("prop_select_one", "help_tribal_religious", _S6, nap=_PROTECTION),
    _row("prop_select_one", "help_informal", _S6, nap=_PROTECTION),
    _row("prop_select_one", "help_none", _S6, nap=_PROTECTION),
    _row("prop_select_one", "reported_formal", _S6, headline="yes", nap=_PROTECTION, sdg="16.3.1", label=(
        "Of those who experienced partner violence or harassment: reported it to the police, "
        "the Family Protection Directorate or a court",
        "من بين من تعرّضوا لعنف الشريك أو للتحرش: أبلغوا الشرطة أو مديرية حماية الأسرة أو المحكمة")),
    _row("prop_select_one", "reason_stigma", _S6, nap=_PROTECTION),
    _row("prop_select_one", "reason_distrust_institutions", _S6, nap=_PROTECTION),
    _row("prop_select_one", "reason_tribal_family_pressure", _S6, nap=_PROTECTION),
    _row("prop_select_one", "reason_fear_retaliation", _S6, nap=_PROTECTION),
    _row("prop_select_one", "reason_lack_of_knowledge", _S6, nap=_PROTECTION),
    # the governorate map of the fact sheets and the comparison
    _row("prop_select_one", "ipv_any_12m", _NONE, "adm1_pcode", chart="map", nap=_PROTECTION, label=(
        "Partner violence in the past 12 months by governorate",
        "عنف الشريك خلال الاثني عشر شهراً الماضية حسب المحافظة")),
    # headline numbers: the key findings, fact sheets and campaign images
    _row("prop_select_one", "harass_public_yes", _NONE, where=_FEMALE, headline="yes", nap=_PROTECTION,
         sdg="11.7.2", label=(
        "Women harassed in a public place in the past 12 months",
        "النساء اللواتي تعرّضن للتحرش في مكان عام خلال الاثني عشر شهراً الماضية")),
    _row("prop_select_one", "unsafe_night", _NONE, where=_FEMALE, headline="yes", nap=_PREVENTION, label=(
        "Women who feel unsafe walking alone at night",
        "النساء اللواتي يشعرن بعدم الأمان عند السير وحيدات ليلاً")),
    _row("mean", "trust_police_index", _NONE, where=_FEMALE, headline="yes", nap=_PROTECTION, label=(
        "Women's trust in the police (0 = none, 3 = high)",
        "ثقة النساء بالشرطة على مقياس من صفر إلى ثلاثة")),
    _row("prop_select_one", "heard_1325_yes", _NONE, headline="yes", nap=_AWARENESS, label=(
        "People who have heard of UNSCR 1325 on Women, Peace and Security",
        "من سمعوا بقرار مجلس الأمن 1325 بشأن المرأة والسلام والأمن")),
    # SDG 16.1.4 as the SDG defines it ("feel safe walking alone ... after dark"): the
    # complement of unsafe_night among those who answered, reported for monitoring
    _row("prop_select_one", "safe_night_yes", _NONE, nap=_PREVENTION, sdg="16.1.4", label=(
        "People who feel safe walking alone in their area after dark",
        "من يشعرون بالأمان عند السير وحيدين في منطقتهم بعد حلول الظلام")),
]


def plan_csv() -> str:
    """``analysis_plan.csv`` of the synthetic study (UTF-8, comma-separated)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=PLAN_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(PLAN_ROWS)
    return buf.getvalue()


def indicators_yaml() -> str:
    """The ``indicators:`` block of the synthetic study's ``study.yml``."""
    import yaml

    return yaml.safe_dump({"indicators": SYNTHETIC_INDICATORS}, allow_unicode=True,
                          sort_keys=False, width=100, default_flow_style=None)


REPORT_CELLS = '''\
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
'''


def report_cells() -> str:
    """``report_cells.py`` of the synthetic study: the regression and the open answers."""
    return REPORT_CELLS


def _study_folder():
    """A folder holding the synthetic study's form, study.yml and plan (no real export: the
    data come from :func:`wpsresearch.datasets.load_synthetic`), written once per process."""
    import tempfile
    from pathlib import Path

    from wpsresearch.datasets.study_writer import _study_yml
    from wpsresearch.datasets.xlsform import form_bytes

    global _FOLDER
    if _FOLDER is None or not (_FOLDER / "study.yml").is_file():
        folder = Path(tempfile.mkdtemp(prefix="wps-synthetic-")) / "synthetic"
        folder.mkdir()
        (folder / "form.xlsx").write_bytes(form_bytes())
        (folder / "study.yml").write_text(_study_yml().replace(
            "sampling_frame: sampling_frame.csv\n", ""), encoding="utf-8")
        (folder / "analysis_plan.csv").write_text(plan_csv(), encoding="utf-8")
        (folder / "report_cells.py").write_text(report_cells(), encoding="utf-8")
        (folder / "export.csv").write_text('"consent";"_uuid"\n', encoding="utf-8")
        _FOLDER = folder
    return _FOLDER


_FOLDER = None


def synthetic_analysis(n: int = 600, seed: int = 1, province: str | None = None):
    """The SYNTHETIC study ready to analyse, in memory: :func:`load_synthetic` data with the
    missing codes recoded as cleaning does, the study's indicators, design, plan and labels.

    Returns
    -------
    wpsresearch.report.StudyAnalysis

    Examples
    --------
    >>> from wpsresearch.datasets.study_plan import synthetic_analysis
    >>> a = synthetic_analysis(n=480, seed=1, province="kirkuk")
    >>> a.province, len(a.plan.headlines()), "ipv_any_12m" in a.frame
    ('kirkuk', 6, True)
    """
    import wpsresearch as wps
    from wpsresearch.clean.log import CleaningLog
    from wpsresearch.clean.values import recode_missing
    from wpsresearch.io.survey_data import SourceInfo, SurveyData
    from wpsresearch.report.headlines import province_domain
    from wpsresearch.report.indicators import add_indicators, study_form, study_labels
    from wpsresearch.report.plan_report import StudyAnalysis, resolve_province

    study = wps.Study.load(_study_folder(), check_form=False)
    form = study_form(study)
    data = SurveyData(wps.datasets.load_synthetic(n=n, seed=seed), {}, form,
                      SourceInfo(path="load_synthetic", format="memory"))
    frame = recode_missing(data, log=CleaningLog(), missing_codes=dict(study.missing_codes)).main
    frame = add_indicators(frame, study)
    design = wps.stats.SurveyDesign(frame, **study.design, policy=study.policy)
    here, domain = design, None
    if province is not None:
        province = resolve_province(province, study)
        domain = province_domain(frame, province, study=study)
        here = design.subset(domain)
    return StudyAnalysis(study, province, frame, design, here, study.read_plan(), form,
                         study_labels(study, form), domain)
