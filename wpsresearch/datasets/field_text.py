"""Free text a field team types: names, phone numbers, open answers (all SYNTHETIC).

Names are common first names combined at random with common family/tribal names, so no
generated name is a real person's record.  Phone numbers follow the Iraqi mobile format
(07[3-9]x xxx xxxx; +964 7xx ...) with random digits.  Open answers are built from
templates covering the themes of the codebook (tribal vs formal justice, stigma and silence,
trust in police, women police officers, cyber harassment, legal reform, services for
survivors, lighting and transport).
"""

from __future__ import annotations

from wpsresearch.text.digits import ASCII_TO_ARABIC_INDIC, ASCII_TO_EXTENDED

import numpy as np

ARABIC_INDIC = ASCII_TO_ARABIC_INDIC
EXTENDED_DIGITS = ASCII_TO_EXTENDED

FEMALE_NAMES = [("فاطمة", "Fatima"), ("زينب", "Zainab"), ("مريم", "Maryam"), ("نور", "Noor"),
                ("سارة", "Sara"), ("هدى", "Huda"), ("رنا", "Rana"), ("آمنة", "Amna"), ("شيماء", "Shaimaa"),
                ("دعاء", "Duaa"), ("رقية", "Ruqaya"), ("إسراء", "Israa"), ("حنان", "Hanan"), ("سجى", "Saja"),
                ("بتول", "Batool"), ("وفاء", "Wafaa"), ("سعاد", "Suad"), ("خديجة", "Khadija")]
MALE_NAMES = [("علي", "Ali"), ("محمد", "Mohammed"), ("حسين", "Hussein"), ("أحمد", "Ahmed"),
              ("عباس", "Abbas"), ("مصطفى", "Mustafa"), ("حيدر", "Haider"), ("عمر", "Omar"),
              ("كرار", "Karrar"), ("سجاد", "Sajjad"), ("يوسف", "Yousif"), ("حسن", "Hassan"),
              ("مهدي", "Mahdi"), ("قاسم", "Qasim"), ("خالد", "Khalid"), ("إبراهيم", "Ibrahim")]
FAMILY_NAMES = [("الجبوري", "Al-Jubouri"), ("العبيدي", "Al-Obaidi"), ("التميمي", "Al-Tamimi"),
                ("الساعدي", "Al-Saadi"), ("الدليمي", "Al-Dulaimi"), ("الزبيدي", "Al-Zubaidi"),
                ("الربيعي", "Al-Rubaie"), ("الموسوي", "Al-Mousawi"), ("الحسيني", "Al-Husseini"),
                ("الشمري", "Al-Shammari"), ("الخفاجي", "Al-Khafaji"), ("البياتي", "Al-Bayati"),
                ("العزاوي", "Al-Azzawi"), ("السامرائي", "Al-Samarrai"), ("الكعبي", "Al-Kaabi")]
# Sorani Kurdish first names in Kurdish script (letters cp1256 cannot hold: ڕ ڵ ۆ ێ ە ی)
KURDISH_FEMALE = [("شیلان", "Shilan"), ("ڕێژان", "Rezhan"), ("نەسرین", "Nasrin"), ("ژیلا", "Zhila"),
                  ("هێرۆ", "Hero"), ("گوڵاڵە", "Gulala"), ("ئاوات", "Awat")]
KURDISH_MALE = [("ئازاد", "Azad"), ("هێمن", "Hemin"), ("ڕێبوار", "Rebwar"), ("کاوە", "Kawa"),
                ("شۆڕش", "Shorsh"), ("دڵشاد", "Dilshad"), ("سۆران", "Soran")]
KURDISH_FAMILY = [("عەبدوڵا", "Abdulla"), ("مەحمود", "Mahmood"), ("ڕەشید", "Rashid"), ("کەریم", "Karim")]

SUGGESTIONS_EN = [
    "More women police officers at the {place} so we can report without shame",
    "Street lighting on the road to the {place}; it is dark after sunset",
    "Safe public transport for women going to the {place}",
    "Courts should handle violence cases instead of the tribal sheikhs",
    "Stop tribal settlements (fasl) for violence against women; use the law",
    "A hotline for online blackmail and harassment on social media",
    "The police must keep complaints confidential so families do not find out",
    "Pass the domestic violence law and apply it",
    "Shelters and free lawyers for women who leave violent homes",
    "Family Protection offices in every district, open in the evening",
    "Awareness in schools and mosques that violence is not a private family matter",
    "Punish men who harass women in the {place}",
    "Free counselling and health services for survivors",
    "Jobs for women so they do not depend on the men who hurt them",
    "Police who listen and do not send women back to their husbands",
]
SUGGESTIONS_AR = [
    "زيادة عدد الشرطة النسائية في {place} حتى تستطيع النساء الإبلاغ دون خجل",
    "إنارة الشوارع في الطريق إلى {place} لأنه مظلم بعد الغروب",
    "نقل عام آمن للنساء الذاهبات إلى {place}",
    "أن تنظر المحاكم في قضايا العنف بدلاً من شيوخ العشائر",
    "إيقاف الفصل العشائري في قضايا العنف ضد المرأة وتطبيق القانون",
    "خط ساخن للابتزاز الإلكتروني والتحرش عبر مواقع التواصل",
    "أن تحافظ الشرطة على سرية الشكاوى حتى لا تعرف العائلة",
    "إقرار قانون مناهضة العنف الأسري وتطبيقه",
    "دور إيواء ومحامون مجانيون للنساء المعنفات",
    "مكاتب حماية الأسرة في كل قضاء وتعمل مساءً",
    "التوعية في المدارس والجوامع بأن العنف ليس شأناً عائلياً خاصاً",
    "معاقبة الرجال الذين يتحرشون بالنساء في {place}",
    "خدمات صحية ونفسية مجانية للناجيات",
    "فرص عمل للنساء حتى لا يعتمدن على من يؤذيهن",
    "شرطة تستمع ولا تعيد المرأة إلى زوجها",
]
SUGGESTIONS_KU = ["پۆلیسی ژن زیاتر بێت و سکاڵا نهێنی بمێنێتەوە", "ڕووناکی لە شەقامەکان و گواستنەوەی سەلامەت بۆ ژنان"]
PLACES_EN = ["market", "university", "school", "bus station", "hospital", "checkpoint"]
PLACES_AR = ["السوق", "الجامعة", "المدرسة", "الكراج", "المستشفى", "السيطرة"]

HELP_OTHER_GENUINE = ["a lawyer", "my husband's brother", "محامية", "the mukhtar", "مختار المنطقة",
                      "a teacher", "the school counsellor", "خالتي"]
REASON_OTHER = ["he promised to stop", "it was not serious", "ما كان عندي وقت", "for the children",
                "خوفاً على الأطفال", "my family would blame me"]
# texts that belong to an existing help_source choice (what the cleaner should recode)
HELP_OTHER_BELONGS = {
    "police": ["the police station", "الشرطة", "مركز الشرطة", "police"],
    "fpd": ["Family protection", "حماية الأسرة", "family protection unit"],
    "tribal_leader": ["the sheikh of our tribe", "شيخ العشيرة", "الشيخ"],
    "health": ["the hospital", "المستشفى", "the health centre"],
    "family": ["my mother", "أهلي", "my brother"],
    "religious_leader": ["the imam of the mosque", "السيد", "رجل الدين"],
}


def person_names(rng, female: np.ndarray, kurdish: np.ndarray) -> list[str]:
    """Names as an enumerator types them: Arabic script mostly, Latin sometimes."""
    out = []
    latin = rng.uniform(size=female.size) < 0.22
    for fem, kur, lat in zip(female, kurdish, latin):
        if kur:
            first = KURDISH_FEMALE if fem else KURDISH_MALE
            fam = KURDISH_FAMILY
        else:
            first = FEMALE_NAMES if fem else MALE_NAMES
            fam = FAMILY_NAMES
        f = first[rng.integers(len(first))]
        g = fam[rng.integers(len(fam))]
        out.append(f"{f[1]} {g[1]}" if lat and not kur else f"{f[0]} {g[0]}")
    return out


def phone_numbers(rng, n: int) -> list[str]:
    """Iraqi mobile numbers in the formats people give (random digits)."""
    out = []
    for _ in range(n):
        op = f"7{rng.integers(3, 10)}{rng.integers(0, 10)}"
        rest = "".join(str(d) for d in rng.integers(0, 10, size=7))
        fmt = rng.integers(5)
        if fmt == 0:
            out.append(f"0{op}{rest}")
        elif fmt == 1:
            out.append(f"0{op} {rest[:3]} {rest[3:]}")
        elif fmt == 2:
            out.append(f"+964 {op} {rest[:3]} {rest[3:]}")
        elif fmt == 3:
            out.append(f"+964{op}{rest}")
        else:
            out.append(f"00964{op}{rest}")
    return out


def suggestions(rng, n: int, kurdish: np.ndarray) -> list[str]:
    """Answers to "What would make women here feel safer?" (some left empty)."""
    out = []
    for i in range(n):
        u = rng.uniform()
        if u < 0.08:
            out.append("")
        elif kurdish[i] and u < 0.6:
            out.append(SUGGESTIONS_KU[rng.integers(len(SUGGESTIONS_KU))])
        elif u < 0.7:
            t = SUGGESTIONS_AR[rng.integers(len(SUGGESTIONS_AR))]
            out.append(t.format(place=PLACES_AR[rng.integers(len(PLACES_AR))]))
        else:
            t = SUGGESTIONS_EN[rng.integers(len(SUGGESTIONS_EN))]
            out.append(t.format(place=PLACES_EN[rng.integers(len(PLACES_EN))]))
    return out
