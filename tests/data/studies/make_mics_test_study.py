"""Write ``mics_test/``: a small SYNTHETIC study unlike the package's own in every name.

MICS-style question names (HH1, HL4, WB2, MA1, DV1A-DV1E ...), choice names in Arabic
transliteration (naam, la, untha, dhakar ...), no partner-violence module but a module on a
police training (PT1-PT7), one province (Ninewa) and no district question.  It exists to prove
that ``wpsresearch build`` and ``wpsresearch report --all`` work on a study from its files
alone (tests/pipeline/test_any_study.py) and that no file of the package names its
variables (tests/test_no_study_names.py).  Every answer is invented; seeded, so running this
script again writes the same files::

    python tests/data/studies/make_mics_test_study.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent / "mics_test"
SEED = 20260417
N = 480  # households visited; about 4 % refuse
CLUSTERS = 24

YES_NO = [("naam", "Yes", "نعم"), ("la", "No", "لا"), ("la_aarif", "Don't know", "لا أعرف"),
          ("rafd", "Refused", "رفض")]
AGREE = [("muwafiq_jiddan", "Strongly agree", "موافق جداً"), ("muwafiq", "Agree", "موافق"),
         ("ghayr_muwafiq", "Disagree", "غير موافق"),
         ("ghayr_muwafiq_abadan", "Strongly disagree", "غير موافق إطلاقاً"),
         ("la_aarif", "Don't know", "لا أعرف")]
THIQA = [("kathiran", "A lot", "كثيراً"), ("ila_hadd_ma", "Somewhat", "إلى حد ما"),
         ("qalilan", "Not much", "قليلاً"), ("abadan", "Not at all", "إطلاقاً"),
         ("la_aarif", "Don't know", "لا أعرف")]
AMAN = [("amin_jiddan", "Very safe", "آمن جداً"), ("amin", "Safe", "آمن"),
        ("ghayr_amin", "Unsafe", "غير آمن"), ("ghayr_amin_abadan", "Very unsafe", "غير آمن إطلاقاً")]
MASADIR = [("shurta", "Police", "الشرطة"), ("himayat_usra", "Family Protection Directorate",
                                             "مديرية حماية الأسرة"),
           ("mahkama", "Court", "المحكمة"), ("sihha", "Health centre", "مركز صحي"),
           ("shaykh_ashira", "Tribal sheikh", "شيخ العشيرة"), ("ahl", "Family", "الأهل"),
           ("munazzama", "NGO", "منظمة"), ("la_ahad", "No one", "لا أحد")]

SURVEY = [  # type, name, English, Arabic, relevant
    ("start", "start", "", "", ""), ("end", "end", "", "", ""),
    ("begin_group", "hh", "Household", "الأسرة", ""),
    ("integer", "HH1", "Cluster number", "رقم العنقود", ""),
    ("integer", "HH2", "Household number", "رقم الأسرة", ""),
    ("select_one region", "HH7", "Governorate", "المحافظة", ""),
    ("select_one area", "HH6", "Area", "المنطقة", ""),
    ("end_group", "", "", "", ""),
    ("select_one yn", "WM17", "Does the respondent agree to be interviewed?",
     "هل توافق المستجيبة/المستجيب على المقابلة؟", ""),
    ("begin_group", "wm", "Respondent", "المستجيب", "${WM17} = 'naam'"),
    ("text", "WMNAME", "Respondent's first name", "الاسم الأول للمستجيب", ""),
    ("select_one jins", "HL4", "Sex", "الجنس", ""),
    ("integer", "WB2", "Age in completed years", "العمر بالسنوات الكاملة", ""),
    ("select_one hala", "MA1", "Marital status", "الحالة الزوجية", ""),
    ("select_one yn", "DV1A", "Is a husband justified in hitting his wife if she goes out without telling him?",
     "هل يحق للزوج ضرب زوجته إذا خرجت دون إخباره؟", ""),
    ("select_one yn", "DV1B", "... if she neglects the children?", "... إذا أهملت الأطفال؟", ""),
    ("select_one yn", "DV1C", "... if she argues with him?", "... إذا جادلته؟", ""),
    ("select_one yn", "DV1D", "... if she refuses sex with him?", "... إذا رفضت معاشرته؟", ""),
    ("select_one yn", "DV1E", "... if she burns the food?", "... إذا أحرقت الطعام؟", ""),
    ("select_one thiqa", "TP1", "How much do you trust the police?", "ما مدى ثقتك بالشرطة؟", ""),
    ("select_one muwafaqa", "TP2", "The police treat women fairly", "تعامل الشرطة النساء بإنصاف", ""),
    ("select_one aman", "SF1", "How safe do you feel in your street by day?",
     "ما مدى شعورك بالأمان في شارعك نهاراً؟", ""),
    ("select_one aman", "SF2", "How safe do you feel in your street after dark?",
     "ما مدى شعورك بالأمان في شارعك بعد حلول الظلام؟", ""),
    ("select_one yn", "PT1", "Have you heard of the police training on women's rights in your area?",
     "هل سمعت بتدريب الشرطة على حقوق المرأة في منطقتك؟", ""),
    ("select_one muwafaqa", "PT2", "Trained officers listen to women", "يستمع الضباط المدرَّبون إلى النساء", ""),
    ("select_one muwafaqa", "PT3", "Trained officers keep complaints confidential",
     "يحافظ الضباط المدرَّبون على سرية الشكاوى", ""),
    ("select_one muwafaqa", "PT4", "I would go to a trained officer", "سأذهب إلى ضابط مدرَّب", ""),
    ("integer", "PT6", "Visits to the police station this year", "زيارات مركز الشرطة هذا العام", ""),
    ("integer", "PT7", "Complaints you filed this year", "الشكاوى التي قدمتها هذا العام", "${PT6} > 0"),
    ("select_multiple masadir", "HS1", "If a woman were threatened, where would she go?",
     "إذا تعرّضت امرأة للتهديد، إلى أين تذهب؟", ""),
    ("end_group", "", "", "", ""),
]
CHOICES = (
    [("yn", *c) for c in YES_NO] + [("region", "ninawa", "Ninewa", "نينوى")]
    + [("area", "hadar", "Urban", "حضر"), ("area", "rif", "Rural", "ريف")]
    + [("jins", "untha", "Woman", "امرأة"), ("jins", "dhakar", "Man", "رجل")]
    + [("hala", "mutazawij", "Married", "متزوج/ة"), ("hala", "aazib", "Never married", "أعزب/عزباء"),
       ("hala", "mutalaq", "Divorced", "مطلق/ة"), ("hala", "armal", "Widowed", "أرمل/ة")]
    + [("thiqa", *c) for c in THIQA] + [("muwafaqa", *c) for c in AGREE]
    + [("aman", *c) for c in AMAN] + [("masadir", *c) for c in MASADIR]
)

STUDY_YML = """\
# SYNTHETIC test study (tests/data/studies/make_mics_test_study.py): every answer is invented.
title: {en: "Police training and women's safety, Ninewa (SYNTHETIC test study)", ar: "تدريب الشرطة وسلامة المرأة في نينوى (دراسة اختبار مُصطنعة)"}
synthetic: true
form: form.xlsx
submissions: export.csv
languages: [en, ar]
provinces: [ninewa]
design: {ids: HH1, strata: HH6, weights: wmweight}
keep_columns: [wmweight]
consent: {column: WM17, "yes": naam}
pii_columns: [WMNAME]
missing_codes: {default: {la_aarif: dont_know, rafd: refused}, WB2: {}, PT6: {}, PT7: {}}
disclosure: {min_cell: 10, zeros_disclosive: true, min_n: 25}
admin_columns: {adm1: HH7}
secret_env: WPSRESEARCH_SECRET_MICS_TEST
analysis_plan: analysis_plan.xlsx
indicators:
  dhs_attitudes:
    items: [DV1A, DV1B, DV1C, DV1D, DV1E]
    answers: {"yes": [naam], "no": [la]}
  trust_police_index:
    items:
      TP1: {kathiran: 3, ila_hadd_ma: 2, qalilan: 1, abadan: 0}
      TP2: {muwafiq_jiddan: 3, muwafiq: 2, ghayr_muwafiq: 1, ghayr_muwafiq_abadan: 0}
  safety_index:
    items:
      SF1: {amin_jiddan: 3, amin: 2, ghayr_amin: 1, ghayr_amin_abadan: 0}
      SF2: {amin_jiddan: 3, amin: 2, ghayr_amin: 1, ghayr_amin_abadan: 0}
  help_seeking:
    question: HS1
    options: {police: shurta, fpd: himayat_usra, court: mahkama, health: sihha,
              tribal_leader: shaykh_ashira, family: ahl, ngo: munazzama, no_one: la_ahad}
  indices:
    PTCONDUCT:
      items:
        PT2: {muwafiq_jiddan: 3, muwafiq: 2, ghayr_muwafiq: 1, ghayr_muwafiq_abadan: 0}
        PT3: {muwafiq_jiddan: 3, muwafiq: 2, ghayr_muwafiq: 1, ghayr_muwafiq_abadan: 0}
        PT4: {muwafiq_jiddan: 3, muwafiq: 2, ghayr_muwafiq: 1, ghayr_muwafiq_abadan: 0}
      label: {en: "Views of trained police officers (0-3, high = favourable)", ar: "الآراء في ضباط الشرطة المدرَّبين (0-3، الأعلى = إيجابي)"}
  answers:
    PTAWARE:
      question: PT1
      "yes": [naam]
      label: {en: "Has heard of the police training on women's rights", ar: "سمع بتدريب الشرطة على حقوق المرأة"}
    SFDARK:
      question: SF2
      "yes": [ghayr_amin, ghayr_amin_abadan]
"""

PLAN_HEADER = ["analysis_type", "analysis_var", "group_var", "level", "section",
               "section::Arabic (ar)", "label::English (en)", "label::Arabic (ar)", "where",
               "chart", "headline", "test", "analysis_var_numerator", "analysis_var_denominator",
               "numerator_NA_to_0", "filter_denominator_0", "sdg", "probs"]
_WOMEN = "HL4 == 'untha'"
PLAN = [
    # type, var, group, section, label en, label ar, where, chart, headline, test, num, den, probs
    ("prop_select_one", "HL4", "", "", "", "", "", "none", "", "", "", "", ""),
    ("quantile", "WB2", "", "", "", "", "", "none", "", "", "", "", "0.25, 0.5, 0.75"),
    ("prop_select_one", "HH6", "", "", "", "", "", "bar", "", "", "", "", ""),
    ("prop_select_one", "PTAWARE", "HL4", "Police training", "", "", "", "bar", "yes", "chisq", "", "", ""),
    ("mean", "PTCONDUCT", "HL4", "Police training", "", "", "", "bar", "", "", "", "", ""),
    ("prop_select_one", "PT4", "", "Police training", "", "", _WOMEN, "none", "", "", "", "", ""),
    ("ratio", "", "HL4", "Police training", "Complaints filed per visit to a police station",
     "الشكاوى المقدَّمة لكل زيارة لمركز الشرطة", "", "none", "", "", "PT7", "PT6", ""),
    ("mean", "PTCONDUCT", "", "none", "Women's views of trained police officers (0-3)",
     "آراء النساء في ضباط الشرطة المدرَّبين (0-3)", _WOMEN, "none", "yes", "", "", "", ""),
    ("prop_select_one", "TP1", "HL4", "", "", "", "", "none", "", "chisq", "", "", ""),
    ("mean", "trust_police_index", "HL4", "", "", "", "", "bar", "", "", "", "", ""),
    ("prop_select_one", "SFDARK", "HL4", "", "", "", "", "none", "", "", "", "", ""),
    ("prop_select_one", "SFDARK", "", "none", "Women who feel unsafe in their street after dark",
     "النساء اللواتي يشعرن بعدم الأمان في شارعهن بعد حلول الظلام", _WOMEN, "none", "yes", "", "", "", ""),
    ("mean", "safety_index", "", "", "", "", "", "none", "", "", "", "", ""),
    ("prop_select_multiple", "HS1", "", "", "", "", "", "bar", "", "", "", "", ""),
    ("prop_select_one", "help_formal", "", "", "", "", "", "none", "yes", "", "", "", ""),
    ("prop_select_one", "beating_justified_any", "HL4", "", "", "", "", "bar", "yes", "", "", "", ""),
    ("prop_select_one", "PTAWARE", "adm1_pcode", "none", "", "", "", "map", "", "", "", "", ""),
]


def _choice(rng, options, p):
    return options[rng.choice(len(options), p=p)]


def _respondent(rng, cluster, area, bias):
    sex = "untha" if rng.random() < 0.55 else "dhakar"
    woman = sex == "untha"
    agree = [c[0] for c in AGREE]
    row = {"HL4": sex, "WB2": str(int(rng.integers(18, 70))),
           "MA1": _choice(rng, ["mutazawij", "aazib", "mutalaq", "armal"], [0.62, 0.28, 0.05, 0.05])}
    justify = 0.25 + (0.1 if not woman else 0.0) + bias
    for q in ("DV1A", "DV1B", "DV1C", "DV1D", "DV1E"):
        row[q] = _choice(rng, ["naam", "la", "la_aarif", "rafd"],
                         [justify, 0.95 - justify, 0.03, 0.02])
    row["TP1"] = _choice(rng, [c[0] for c in THIQA], [0.2, 0.35, 0.25, 0.15, 0.05])
    row["TP2"] = _choice(rng, agree, [0.15, 0.4, 0.25, 0.15, 0.05])
    row["SF1"] = _choice(rng, [c[0] for c in AMAN], [0.3, 0.45, 0.2, 0.05])
    dark = [0.1, 0.3, 0.4, 0.2] if woman else [0.25, 0.45, 0.2, 0.1]
    row["SF2"] = _choice(rng, [c[0] for c in AMAN], dark)
    row["PT1"] = _choice(rng, ["naam", "la", "la_aarif"], [0.35 + bias, 0.55 - bias, 0.10])
    for q in ("PT2", "PT3", "PT4"):
        row[q] = _choice(rng, agree, [0.2, 0.4, 0.2, 0.1, 0.1])
    visits = int(rng.poisson(1.2))
    row["PT6"] = str(visits)
    row["PT7"] = str(int(rng.binomial(visits, 0.3))) if visits else ""
    chosen = [c[0] for c in MASADIR if c[0] != "la_ahad" and rng.random() < 0.25]
    row["HS1"] = " ".join(chosen) if chosen else "la_ahad"
    return row


def _rows():
    rng = np.random.default_rng(SEED)
    clusters = [(c + 1, "hadar" if c < 16 else "rif", float(rng.normal(0, 0.05)))
                for c in range(CLUSTERS)]
    start = dt.datetime(2026, 4, 1, 9, 0)
    rows = []
    names = ["Zainab", "Noor", "Huda", "Layla", "Sara", "Ali", "Omar", "Hassan", "Yusuf", "Karim"]
    for i in range(N):
        cluster, area, bias = clusters[i % CLUSTERS]
        begin = start + dt.timedelta(days=i // 40, minutes=int(rng.integers(0, 600)))
        row = {"start": begin.isoformat() + ".000+03:00",
               "end": (begin + dt.timedelta(minutes=int(rng.integers(15, 40)))).isoformat() + ".000+03:00",
               "HH1": str(cluster), "HH2": str(i // CLUSTERS + 1), "HH7": "ninawa", "HH6": area,
               "wmweight": f"{(1.6 if area == 'rif' else 0.8) * (1 + 0.1 * (cluster % 3)):.4f}"}
        consent = "naam" if rng.random() > 0.04 else "la"
        row["WM17"] = consent
        if consent == "naam":
            row["WMNAME"] = names[int(rng.integers(len(names)))]
            row.update(_respondent(rng, cluster, area, bias))
        row["_uuid"] = str(uuid.UUID(int=int(rng.integers(0, 2**63)) << 64 | i, version=4))
        row["_index"] = str(i + 1)
        rows.append(row)
    return rows


def _header():
    header, path = [], []
    for kind, name, *_ in SURVEY:
        if kind == "begin_group":
            path.append(name)
        elif kind == "end_group":
            path.pop()
        else:
            full = "/".join(path + [name])
            header.append((name, full))
            if kind.startswith("select_multiple"):
                header += [(f"{name}/{c[0]}", f"{full}/{c[0]}") for c in MASADIR]
    # the sampling weight is merged into the export after fieldwork (not a form question):
    # study.yml keeps it with keep_columns, as a scholar would
    return header + [("wmweight", "wmweight"), ("_uuid", "_uuid"), ("_index", "_index")]


def export_csv() -> str:
    """The Kobo CSV export: ';'-separated, fully quoted, group paths, option columns."""
    buf = io.StringIO()
    out = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    header = _header()
    out.writerow([full for _, full in header])
    for row in _rows():
        cells = []
        for name, _ in header:
            if "/" in name:
                question, option = name.split("/")
                chosen = row.get(question)
                cells.append("" if chosen is None else ("1" if option in chosen.split() else "0"))
            else:
                cells.append(row.get(name, ""))
        out.writerow(cells)
    return buf.getvalue()


def _save(wb, path):
    from wpsresearch.io.deterministic import freeze_zip_timestamps

    wb.properties.created = wb.properties.modified = dt.datetime(2000, 1, 1)
    wb.properties.creator = "make_mics_test_study.py"
    wb.save(path)
    freeze_zip_timestamps(path)


def write_form(path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(["type", "name", "label::English (en)", "label::Arabic (ar)", "relevant"])
    for kind, name, en, ar, relevant in SURVEY:
        ws.append([kind, name or None, en or None, ar or None, relevant or None])
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name", "label::English (en)", "label::Arabic (ar)"])
    for row in CHOICES:
        ch.append(list(row))
    settings = wb.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append(["Police training and women's safety (SYNTHETIC)", "mics_test", "1", "English (en)"])
    _save(wb, path)


def write_plan(path):
    """The plan as an XLSX workbook (sheet ``loa``), as partners keep it."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "loa"
    ws.append(PLAN_HEADER)
    for kind, var, group, section, en, ar, where, chart, headline, test, num, den, probs in PLAN:
        section_ar = {"Police training": "تدريب الشرطة"}.get(section, "")
        values = [kind, var, group, 0.95, section, section_ar, en, ar, where, chart, headline,
                  test, num, den, "TRUE" if kind == "ratio" else "", "TRUE" if kind == "ratio" else "",
                  "", probs]
        ws.append([v if v != "" else None for v in values])
    _save(wb, path)


def main(folder: Path = HERE):
    folder.mkdir(parents=True, exist_ok=True)
    write_form(folder / "form.xlsx")
    write_plan(folder / "analysis_plan.xlsx")
    (folder / "export.csv").write_text(export_csv(), encoding="utf-8")
    (folder / "study.yml").write_text(STUDY_YML, encoding="utf-8")
    (folder / "README.md").write_text(
        "# mics_test: a SYNTHETIC test study\n\nWritten by `../make_mics_test_study.py` "
        "(seeded): every answer is invented. See that script for what it is for.\n",
        encoding="utf-8")


if __name__ == "__main__":
    main()
