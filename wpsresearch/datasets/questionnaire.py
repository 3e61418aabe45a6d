"""The questionnaire of the SYNTHETIC Women's Safety, Justice and Reporting Survey.

One source for the XLSForm (:mod:`wpsresearch.datasets.xlsform`), the Kobo exports and the
clean in-memory frame, so the three can never disagree.  Names follow
``docs/synthetic_study_contract.md``.

Examples
--------
>>> from wpsresearch.datasets.questionnaire import CHOICES, question_names
>>> [name for name, _, _ in CHOICES["trust4"]][:4]
['a_lot', 'somewhat', 'not_much', 'not_at_all']
>>> "ipv_slap" in question_names()
True
"""

from __future__ import annotations

import functools

DK = ("98", "Don't know", "لا أعرف")
RF = ("99", "Refused", "رفض الإجابة")

FORM_ID = "wps_safety_justice_synthetic"
FORM_TITLE_EN = "Women's Safety, Justice and Reporting Survey (SYNTHETIC)"
FORM_TITLE_AR = "مسح سلامة المرأة والعدالة والإبلاغ (بيانات مُصطنعة)"
FORM_VERSION = "2026030101"

PROVINCES = ("basra", "kirkuk", "baghdad", "salah_ad_din")

CHOICES: dict[str, list[tuple[str, str, str]]] = {
    "yes_no": [("yes", "Yes", "نعم"), ("no", "No", "لا")],
    "yes_no_dkrf": [("yes", "Yes", "نعم"), ("no", "No", "لا"), DK, RF],
    "yes_no_dk": [("yes", "Yes", "نعم"), ("no", "No", "لا"), DK],
    "governorate": [
        ("basra", "Basra", "البصرة"),
        ("kirkuk", "Kirkuk", "كركوك"),
        ("baghdad", "Baghdad", "بغداد"),
        ("salah_ad_din", "Salah ad Din", "صلاح الدين"),
    ],
    "urban_rural": [("urban", "Urban", "حضر"), ("rural", "Rural", "ريف")],
    "sex": [("female", "Female", "أنثى"), ("male", "Male", "ذكر")],
    "marital": [
        ("never_married", "Never married", "لم يسبق له/لها الزواج"),
        ("married", "Married", "متزوج/ة"),
        ("divorced", "Divorced", "مطلق/ة"),
        ("widowed", "Widowed", "أرمل/ة"),
        ("separated", "Separated", "منفصل/ة"),
    ],
    "education": [
        ("none", "None", "بدون تعليم"),
        ("primary", "Primary", "ابتدائي"),
        ("secondary", "Secondary", "ثانوي"),
        ("higher", "Higher", "تعليم عالٍ"),
    ],
    "displacement": [
        ("host", "Host community (never displaced)", "المجتمع المضيف (لم ينزح)"),
        ("idp", "Internally displaced (IDP)", "نازح داخلياً"),
        ("returnee", "Returnee", "عائد"),
    ],
    "relation": [
        ("head", "Head of household", "رب/ربة الأسرة"),
        ("spouse", "Spouse", "الزوج/الزوجة"),
        ("son_daughter", "Son or daughter", "ابن/ابنة"),
        ("parent", "Parent", "أب/أم"),
        ("sibling", "Brother or sister", "أخ/أخت"),
        ("other_relative", "Other relative", "قريب آخر"),
        ("non_relative", "Not related", "ليس من الأقارب"),
    ],
    "safety4": [
        ("very_safe", "Very safe", "آمن جداً"),
        ("safe", "Safe", "آمن"),
        ("unsafe", "Unsafe", "غير آمن"),
        ("very_unsafe", "Very unsafe", "غير آمن إطلاقاً"),
        DK, RF,
    ],
    "trust4": [
        ("a_lot", "A lot", "كثيراً"),
        ("somewhat", "Somewhat", "إلى حد ما"),
        ("not_much", "Not much", "قليلاً"),
        ("not_at_all", "Not at all", "إطلاقاً"),
        DK, RF,
    ],
    "agree4": [
        ("strongly_agree", "Strongly agree", "أوافق بشدة"),
        ("agree", "Agree", "أوافق"),
        ("disagree", "Disagree", "لا أوافق"),
        ("strongly_disagree", "Strongly disagree", "لا أوافق إطلاقاً"),
        DK, RF,
    ],
    "ipv_freq": [
        ("often", "Often", "غالباً"),
        ("sometimes", "Sometimes", "أحياناً"),
        ("not_past_12m", "Yes, but not in the past 12 months", "نعم، ولكن ليس خلال الأشهر الاثني عشر الماضية"),
        ("never", "Never", "أبداً"),
        RF,
    ],
    "help_source": [
        ("police", "Police", "الشرطة"),
        ("fpd", "Family and Child Protection Directorate", "مديرية حماية الأسرة والطفل"),
        ("court", "Court / judge", "المحكمة / القاضي"),
        ("health", "Health facility", "مرفق صحي"),
        ("tribal_leader", "Tribal leader / sheikh", "شيخ العشيرة"),
        ("religious_leader", "Religious leader", "رجل دين"),
        ("family", "Own family", "الأهل"),
        ("friends_neighbours", "Friends or neighbours", "الأصدقاء أو الجيران"),
        ("ngo", "Women's organisation / NGO", "منظمة نسوية / منظمة غير حكومية"),
        ("no_one", "No one", "لا أحد"),
        ("other", "Other (specify)", "أخرى (حدد)"),
    ],
    "no_report_reason": [
        ("stigma", "Shame / stigma", "الخجل / الوصمة"),
        ("distrust_police", "Does not trust the police", "عدم الثقة بالشرطة"),
        ("tribal_family_pressure", "Tribal or family pressure", "ضغط العشيرة أو العائلة"),
        ("fear_retaliation", "Fear of retaliation", "الخوف من الانتقام"),
        ("didnt_know_where", "Did not know where to go", "لم أعرف إلى أين أذهب"),
        ("other", "Other (specify)", "أخرى (حدد)"),
    ],
}

IPV_PHYSICAL = ("ipv_push", "ipv_slap", "ipv_twist", "ipv_punch", "ipv_kick", "ipv_choke",
                "ipv_weapon")
IPV_SEXUAL = ("ipv_forced_sex", "ipv_forced_acts", "ipv_threat_sex")
IPV_EMOTIONAL = ("ipv_humiliate", "ipv_threaten", "ipv_insult")
IPV_ITEMS = IPV_PHYSICAL + IPV_SEXUAL + IPV_EMOTIONAL
TRUST_ITEMS = ("trust_police", "trust_fpd", "trust_courts", "trust_tribal")
POLICE_AGREE_ITEMS = ("police_treat_fairly", "police_respond_quickly")
JUSTIFY_ITEMS = ("justify_goes_out", "justify_neglects_children", "justify_argues",
                 "justify_refuses_sex", "justify_burns_food")
FORMAL_SOURCES = ("police", "fpd", "court")

_IPV_LABELS = {
    "ipv_push": ("push you, shake you, or throw something at you?", "دفعك أو هزّك أو رمى شيئاً عليك؟"),
    "ipv_slap": ("slap you?", "صفعك؟"),
    "ipv_twist": ("twist your arm or pull your hair?", "لوى ذراعك أو شدّ شعرك؟"),
    "ipv_punch": ("punch you with his fist or with something that could hurt you?",
                  "لكمك بقبضته أو بشيء يمكن أن يؤذيك؟"),
    "ipv_kick": ("kick you, drag you, or beat you up?", "ركلك أو سحبك أو ضربك ضرباً مبرحاً؟"),
    "ipv_choke": ("try to choke you or burn you on purpose?", "حاول خنقك أو حرقك عمداً؟"),
    "ipv_weapon": ("threaten or attack you with a knife, gun, or other weapon?",
                   "هددك أو هاجمك بسكين أو سلاح ناري أو سلاح آخر؟"),
    "ipv_forced_sex": ("physically force you to have sexual intercourse when you did not want to?",
                       "أجبرك جسدياً على الجماع رغماً عنك؟"),
    "ipv_forced_acts": ("physically force you to perform any other sexual acts you did not want to?",
                        "أجبرك جسدياً على القيام بأفعال جنسية أخرى رغماً عنك؟"),
    "ipv_threat_sex": ("force you with threats or in any other way to perform sexual acts you did not want to?",
                       "أجبرك بالتهديد أو بأي طريقة أخرى على القيام بأفعال جنسية رغماً عنك؟"),
    "ipv_humiliate": ("say or do something to humiliate you in front of others?",
                      "قال أو فعل شيئاً لإذلالك أمام الآخرين؟"),
    "ipv_threaten": ("threaten to hurt or harm you or someone close to you?",
                     "هدد بإيذائك أو بإيذاء شخص قريب منك؟"),
    "ipv_insult": ("insult you or make you feel bad about yourself?", "أهانك أو جعلك تشعرين بالسوء تجاه نفسك؟"),
}

_JUSTIFY_LABELS = {
    "justify_goes_out": ("she goes out without telling him?", "خرجت دون أن تخبره؟"),
    "justify_neglects_children": ("she neglects the children?", "أهملت الأطفال؟"),
    "justify_argues": ("she argues with him?", "جادلته؟"),
    "justify_refuses_sex": ("she refuses to have sexual intercourse with him?", "رفضت معاشرته؟"),
    "justify_burns_food": ("she burns the food?", "أحرقت الطعام؟"),
}

_TRUST_LABELS = {
    "trust_police": ("How much do you trust the police?", "إلى أي مدى تثق/ين بالشرطة؟"),
    "trust_fpd": ("How much do you trust the Family and Child Protection Directorate?",
                  "إلى أي مدى تثق/ين بمديرية حماية الأسرة والطفل؟"),
    "trust_courts": ("How much do you trust the courts?", "إلى أي مدى تثق/ين بالمحاكم؟"),
    "trust_tribal": ("How much do you trust tribal leaders to resolve disputes fairly?",
                     "إلى أي مدى تثق/ين بشيوخ العشائر لحل النزاعات بعدل؟"),
}

CONSENT = "${consent} = 'yes'"
EVER_PARTNERED = "${sex} = 'female' and ${marital_status} != 'never_married' and ${marital_status} != ''"
ANY_IPV_EVER = " or ".join(
    f"${{{q}}} = 'often' or ${{{q}}} = 'sometimes' or ${{{q}}} = 'not_past_12m'" for q in IPV_ITEMS
)
HELP_RELEVANT = f"{ANY_IPV_EVER} or ${{harass_public_12m}} = 'yes' or ${{harass_online_12m}} = 'yes'"
NO_FORMAL = ("not(selected(${help_sought}, 'police')) and not(selected(${help_sought}, 'fpd'))"
             " and not(selected(${help_sought}, 'court'))")


def _q(type_, name, en, ar, **kw):
    row = {"type": type_, "name": name, "label::English (en)": en, "label::Arabic (ar)": ar}
    row.update(kw)
    return row


def _group(name, en, ar, rows, relevant=CONSENT):
    head = {"type": "begin_group", "name": name, "label::English (en)": en,
            "label::Arabic (ar)": ar, "relevant": relevant, "appearance": "field-list"
            if name in {"trust", "attitudes"} else ""}
    return [head, *rows, {"type": "end_group", "name": name}]


@functools.lru_cache(maxsize=1)
def survey_rows() -> tuple:
    """The rows of the form's ``survey`` sheet, in order (dicts keyed by column)."""
    rows = [
        {"type": "start", "name": "start"},
        {"type": "end", "name": "end"},
        {"type": "today", "name": "today"},
        {"type": "deviceid", "name": "deviceid"},
        _q("select_one enumerator", "enumerator", "Enumerator", "الباحث/ة الميداني/ة", required="yes"),
    ]
    rows += _group("intro", "Introduction and consent", "المقدمة والموافقة", [
        _q("note", "consent_note",
           "This interview is voluntary and confidential. You may skip any question or stop at any time.",
           "هذه المقابلة طوعية وسرية. يمكنك تخطي أي سؤال أو التوقف في أي وقت."),
        _q("select_one yes_no", "consent", "Do you agree to take part in the interview?",
           "هل توافق/ين على المشاركة في المقابلة؟", required="yes"),
        _q("note", "consent_end", "Thank the respondent and end the interview.",
           "اشكر/ي المستجيب/ة وأنهِ المقابلة.", relevant="${consent} = 'no'"),
    ], relevant="")
    rows += _group("location", "Location", "الموقع", [
        _q("select_one governorate", "governorate", "Governorate", "المحافظة", required="yes"),
        _q("select_one district", "district", "District", "القضاء", required="yes",
           choice_filter="governorate=${governorate}"),
        _q("select_one urban_rural", "urban_rural", "Urban or rural", "حضر أو ريف", required="yes"),
        _q("integer", "psu", "Enumeration area (PSU) code", "رمز منطقة العد", required="yes",
           constraint=". >= 1000000 and . < 100000000",
           **{"constraint_message::English (en)": "Use the EA code from the sampling frame"}),
        {"type": "calculate", "name": "stratum",
         "calculation": "concat(${governorate}, '_', ${urban_rural})"},
        {"type": "calculate", "name": "weight",
         "calculation": "pulldata('sampling_frame', 'hh_weight', 'psu', ${psu}) * ${n_adults}"},
    ])
    rows += _household_rows() + _respondent_rows() + _opinion_rows() + _ipv_rows() + _help_rows()
    return tuple(rows)


def _household_rows():
    return _group("household", "Household", "الأسرة", [
        _q("integer", "n_adults", "How many people aged 18 or older live in this household?",
           "كم عدد الأشخاص بعمر 18 سنة فأكثر الذين يعيشون في هذه الأسرة؟", required="yes",
           constraint=". >= 1 and . <= 30",
           **{"constraint_message::English (en)": "Between 1 and 30"}),
        _q("integer", "hh_size", "How many people live in this household in total?",
           "كم عدد أفراد هذه الأسرة إجمالاً؟", required="yes",
           constraint=". >= 1 and . <= 40 and . >= ${n_adults}",
           **{"constraint_message::English (en)": "Between 1 and 40, and at least the number of adults"}),
        _q("begin_repeat", "roster", "Household member", "فرد الأسرة"),
        _q("select_one sex", "member_sex", "Sex of the member", "جنس الفرد", required="yes"),
        _q("integer", "member_age", "Age of the member (completed years)", "عمر الفرد (بالسنوات الكاملة)",
           required="yes", constraint=". >= 0 and . <= 120",
           **{"constraint_message::English (en)": "Between 0 and 120"}),
        _q("select_one relation", "member_relation", "Relationship to the head of household",
           "صلة القرابة برب الأسرة", required="yes"),
        {"type": "end_repeat", "name": "roster"},
    ])


def _respondent_rows():
    married = "${marital_status} != 'never_married'"
    displaced = "${displacement_status} = 'idp' or ${displacement_status} = 'returnee'"
    return _group("respondent", "Selected respondent", "المستجيب/ة المختار/ة", [
        _q("text", "respondent_name", "Respondent's name (for call-backs only)",
           "اسم المستجيب/ة (لإعادة الاتصال فقط)"),
        _q("text", "phone", "Phone number (for call-backs only)", "رقم الهاتف (لإعادة الاتصال فقط)"),
        _q("geopoint", "gps", "Record the location", "سجّل الموقع"),
        _q("select_one sex", "sex", "Sex of the respondent", "جنس المستجيب/ة", required="yes"),
        _q("integer", "age", "How old are you (completed years)?", "كم عمرك (بالسنوات الكاملة)؟",
           required="yes", constraint=". >= 18 and . <= 99",
           **{"constraint_message::English (en)": "Adults 18 to 99 only"}),
        _q("select_one marital", "marital_status", "Marital status", "الحالة الزوجية", required="yes"),
        _q("integer", "age_at_marriage", "How old were you when you first married? (98 = don't know, 99 = refused)",
           "كم كان عمرك عند زواجك الأول؟ (98 = لا أعرف، 99 = رفض)", relevant=married, required="yes",
           constraint="(. >= 10 and . <= ${age}) or . = 98 or . = 99",
           **{"constraint_message::English (en)": "10 to current age, or 98/99"}),
        _q("select_one education", "education", "Highest level of education completed",
           "أعلى مستوى تعليمي أكملته", required="yes"),
        _q("select_one displacement", "displacement_status", "Displacement status", "حالة النزوح",
           required="yes"),
        _q("text", "origin_governorate", "Governorate of origin", "محافظة الأصل", relevant=displaced),
        _q("select_one yes_no_dkrf", "disability",
           "Do you have a lot of difficulty seeing, hearing, walking, remembering, self-care or communicating?",
           "هل لديك صعوبة كبيرة في الرؤية أو السمع أو المشي أو التذكر أو العناية الذاتية أو التواصل؟",
           required="yes"),
    ])


def _opinion_rows():
    rows = _group("safety", "Perceived safety", "الشعور بالأمان", [
        _q("select_one safety4", "safe_day", "How safe do you feel walking alone in your area during the day?",
           "ما مدى شعورك بالأمان عند المشي وحدك في منطقتك خلال النهار؟", required="yes"),
        _q("select_one safety4", "safe_night", "How safe do you feel walking alone in your area after dark?",
           "ما مدى شعورك بالأمان عند المشي وحدك في منطقتك بعد حلول الظلام؟", required="yes"),
    ])
    trust = [_q("select_one trust4", n, en, ar, required="yes") for n, (en, ar) in _TRUST_LABELS.items()]
    trust += [
        _q("select_one agree4", "police_treat_fairly", "The police treat women fairly.",
           "الشرطة تعامل النساء بإنصاف.", required="yes"),
        _q("select_one agree4", "police_respond_quickly", "The police respond quickly when women ask for help.",
           "الشرطة تستجيب بسرعة عندما تطلب النساء المساعدة.", required="yes"),
    ]
    rows += _group("trust", "Trust in institutions", "الثقة بالمؤسسات", trust)
    rows += _group("awareness", "Awareness and women in security", "الوعي والمرأة في قطاع الأمن", [
        _q("select_one yes_no_dkrf", "heard_1325", "Have you heard of UN Security Council Resolution 1325 on Women, Peace and Security?",
           "هل سمعت بقرار مجلس الأمن 1325 بشأن المرأة والسلام والأمن؟", required="yes"),
        _q("select_one yes_no_dkrf", "heard_nap", "Have you heard of Iraq's National Action Plan on Resolution 1325?",
           "هل سمعت بخطة العمل الوطنية العراقية لتنفيذ القرار 1325؟", required="yes"),
        _q("select_one agree4", "women_police_support", "Women should serve in the police and security forces.",
           "ينبغي أن تخدم النساء في الشرطة والقوات الأمنية.", required="yes"),
        _q("select_one agree4", "women_police_approach", "I would feel more comfortable reporting to a female officer.",
           "سأشعر براحة أكبر عند الإبلاغ لدى ضابطة شرطة.", required="yes"),
    ])
    rows += _group("attitudes", "In your opinion, is a husband justified in hitting or beating his wife if…",
                   "برأيك، هل يحق للزوج ضرب زوجته إذا…",
                   [_q("select_one yes_no_dk", n, en, ar, required="yes") for n, (en, ar) in _JUSTIFY_LABELS.items()])
    return rows


def _ipv_rows():
    private = "${ipv_private} = 'yes'"
    items = [_q("select_one ipv_freq", n, "Has your husband/partner ever… " + en, "هل سبق لزوجك/شريكك أن… " + ar,
                relevant=private, required="yes") for n, (en, ar) in _IPV_LABELS.items()]
    return _group("ipv", "Relationship with husband/partner", "العلاقة مع الزوج/الشريك", [
        _q("select_one yes_no", "ipv_private", "Is the interview private (no one over age 2 can hear)?",
           "هل المقابلة على انفراد (لا يوجد من يسمع ممن تجاوز عمره سنتين)؟", required="yes"),
        *items,
    ], relevant=f"{CONSENT} and {EVER_PARTNERED}")


def _help_rows():
    rows = _group("harassment", "Harassment", "التحرش", [
        _q("select_one yes_no_dkrf", "harass_public_12m",
           "In the past 12 months, has anyone harassed you in a street, market or public transport?",
           "خلال الأشهر الاثني عشر الماضية، هل تعرضت للتحرش في الشارع أو السوق أو وسائل النقل العام؟",
           required="yes"),
        _q("select_one yes_no_dkrf", "harass_online_12m",
           "In the past 12 months, has anyone harassed or threatened you online or by phone?",
           "خلال الأشهر الاثني عشر الماضية، هل تعرضت للتحرش أو التهديد عبر الإنترنت أو الهاتف؟",
           required="yes"),
    ])
    rows += _group("help", "Help seeking", "طلب المساعدة", [
        _q("select_multiple help_source", "help_sought", "Whom did you tell or ask for help?",
           "لمن أخبرت أو ممن طلبت المساعدة؟", required="yes",
           constraint="not(selected(., 'no_one') and count-selected(.) > 1)",
           **{"constraint_message::English (en)": "'No one' cannot be combined with other answers"}),
        _q("text", "help_sought_other", "Other: whom?", "أخرى: من؟",
           relevant="selected(${help_sought}, 'other')", required="yes"),
        _q("select_multiple no_report_reason", "no_report_reason",
           "Why did you not go to the police, the Family Protection Directorate or a court?",
           "لماذا لم تلجأ/ي إلى الشرطة أو مديرية حماية الأسرة أو المحكمة؟", relevant=NO_FORMAL, required="yes"),
        _q("text", "no_report_reason_other", "Other reason", "سبب آخر",
           relevant="selected(${no_report_reason}, 'other')", required="yes"),
    ], relevant=f"{CONSENT} and ({HELP_RELEVANT})")
    rows += _group("open", "Suggestions", "مقترحات", [
        _q("text", "safer_suggestion", "What would make women here feel safer?",
           "ما الذي يجعل النساء هنا يشعرن بأمان أكبر؟", appearance="multiline"),
    ])
    return rows


@functools.lru_cache(maxsize=1)
def question_names() -> list[str]:
    """Every question ``name`` (no groups, notes or repeat markers), in form order."""
    skip = {"begin_group", "end_group", "begin_repeat", "end_repeat", "note"}
    return [r["name"] for r in survey_rows() if r["type"] not in skip]


@functools.lru_cache(maxsize=1)
def group_paths() -> dict[str, str]:
    """``name -> 'group/name'`` as Kobo writes the column headers (repeat members included)."""
    paths, stack = {}, []
    for row in survey_rows():
        t = row["type"]
        if t in {"begin_group", "begin_repeat"}:
            stack.append(row["name"])
        elif t in {"end_group", "end_repeat"}:
            stack.pop()
        elif t != "note":
            paths[row["name"]] = "/".join([*stack, row["name"]])
    return paths


@functools.lru_cache(maxsize=1)
def question_types() -> dict[str, str]:
    """``name -> XLSForm type`` (e.g. ``'select_one trust4'``)."""
    skip = {"begin_group", "end_group", "begin_repeat", "end_repeat", "note"}
    return {r["name"]: r["type"] for r in survey_rows() if r["type"] not in skip}
