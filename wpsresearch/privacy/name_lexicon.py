"""Common Iraqi personal names and name particles, in Arabic script and Latin transliteration.

The lists are deliberately short and common: they are cues for finding a *person's name* in
free text, not a dictionary.  Arabic, Kurdish (Arabic script), Turkmen, Yazidi and Christian
first names frequent in Iraq were gathered from everyday usage; the Latin spellings are the
usual transliterations seen in Kobo exports.  Names that are also ordinary words (نور "light",
أمل "hope", سالم "safe", Amal, Salam ...) are in ``AMBIGUOUS`` and count as names only next to
another name or after a cue ("my name is", "اسمي", "ام", "ابو" ...).

All Arabic entries are stored in matching form (see :func:`normalize_arabic`).
"""

from __future__ import annotations

import re

__all__ = [
    "normalize_arabic",
    "ARABIC_FIRST_NAMES",
    "LATIN_FIRST_NAMES",
    "AMBIGUOUS",
    "KUNYA_PARTICLES",
    "NAME_CUES",
    "PLACE_OR_INSTITUTION_WORDS",
    "FAMILY_NAMES",
]

_DIACRITICS = re.compile("[\u064B-\u065F\u0670\u0640\u200c-\u200f\u202a-\u202e]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ة": "ه",
                       "ک": "ك", "ئ": "ي", "ؤ": "و"})


def normalize_arabic(text: str) -> str:
    """Fold Arabic spelling variants for *matching* (never for stored answers).

    >>> normalize_arabic("فاطمـــة") == normalize_arabic("فاطمه")
    True
    """
    return _DIACRITICS.sub("", str(text)).translate(_FOLD).lower()


def normalize_arabic_keep_length(text: str) -> str:
    """Fold alef/ya/ta-marbuta variants without removing characters (offsets survive)."""
    return str(text).translate(_FOLD)


def _ar(words: str) -> frozenset:
    return frozenset(normalize_arabic(w) for w in words.split())


_AR_MALE = """
محمد أحمد احمد علي حسين حسن عباس جعفر كاظم مصطفى عمر عثمان يوسف ابراهيم إبراهيم خالد سعد
حيدر كرار مرتضى مهدي صادق باقر رضا قاسم جاسم حامد محمود ياسر زيد سيف مازن فاضل نبيل وليد طارق
رعد ثامر عادل صلاح ماجد منتظر ضياء حمزة سجاد عقيل نوري هاشم جبار ستار رشيد مؤمل مقتدى اسامة
أسامة بلال هيثم وسام عمار ياسين مجيد حميد عبود فراس لؤي أنس انس معاذ قصي عدي مهند ليث غيث بشير
نجم داود سليمان موسى عيسى اسماعيل إسماعيل يحيى زكريا هادي جواد رسول حسام علاء احسان إحسان
منير ناصر نزار نوفل هشام وائل يونس عدنان عماد غسان فؤاد كامل كمال لطيف ماهر مالك مثنى مجتبى
هوشيار شيروان كاوه دلشاد هيمن ريباز سوران نوزاد بختيار سردار دلير شوان كارزان هلكوت ئاري آري
يوحنا جورج بطرس يعقوب الياس إلياس توما شمعون حنا
ڕێبوار کاوە شۆڕش دڵشاد سۆران هێمن ئاراس سیروان دیلمان بەختیار ڕزگار عەبدوڵا عبدوڵا
"""
_AR_FEMALE = """
فاطمة زينب مريم زهراء الزهراء رقية سارة رنا شيماء اسراء إسراء سعاد خديجة عائشة ليلى سلمى هند
رشا صبا سناء نادية سميرة جنان غادة رحاب لمياء هناء كوثر بتول هيفاء ميس ميسون سهى رغد تبارك
زهراء آمنة امنة حوراء نرجس فرح رباب عبير مروة مروه دينا شهد ريم رهف بان زينة زينه هالة نسرين
غفران ايات آيات سرى ضحى اخلاص إخلاص انتصار سهام وفاء بشرى اسيل أسيل تغريد جميلة حليمة خلود
شيلان روناك نازنين بيريفان شيرين فيان ئاوات آوات ڤيان كولستان گلستان ژيان
ماري مارتا كاترين سجى
شیلان ڕێژان نەسرین ژیلا گوڵاڵە ئاوات بەفرین ڕۆژان دیلان ڤیان سازان کوێستان
"""
# Names that are also everyday words in the answers we scan (light, hope, safe, peace ...;
# Kurdish ئاشتی peace, هاوڕێ friend, هێرۆ).
_AR_AMBIGUOUS = """
ئاشتی هێرۆ شادی
حسن على_ نور أمل امل هدى سلام سالم سعيد كريم جميل جمال صباح فلاح نصر امير أمير منى ندى حنان ايمان إيمان
دعاء ضحى زهرة انوار أنوار أسماء اسماء بشرى وفاء فرح رجاء شاكر صابر صبر عزيز حياة ربيع
شهد سرور ابتسام غدير ضياء رحمة نجاة سعادة امان أمان بان جوان ازاد آزاد ئازاد عدالة سلامة
"""

ARABIC_FIRST_NAMES = _ar(_AR_MALE + _AR_FEMALE + _AR_AMBIGUOUS)

_LATIN = """
mohammed muhammad mohamed mohammad muhammed ahmed ahmad ali hussein husain hussain husayn hassan
hasan abbas jaafar jafar kadhim kazim kadhem mustafa mustafa omar umar othman uthman yousif yusuf
yousef youssef ibrahim khalid khaled saad haider hayder haidar karrar murtadha murtada mahdi
sadiq sadeq baqir baqer ridha rida qasim kassim qassim jasim jassim hamid mahmoud mahmood yasir
yaser yasser zaid zayd saif sayf mazin mazen fadhil fadel nabil nabeel walid waleed tariq tareq
raad thamer adil adel salah majid majed muntadhar muntadher dhiaa diaa hamza hamzah sajjad
aqeel aqil nouri noori hashim hashem jabbar sattar rashid rasheed muammal muqtada osama usama
bilal haitham wisam ammar yaseen yassin majeed hameed abboud firas luay anas muath qusay uday
muhannad laith layth ghaith basheer najm dawood dawud sulaiman suleiman musa moussa isa issa
ismail yahya zakariya hadi jawad rasool husam alaa ihsan munir nasser nizar nawfal hisham wael
younis adnan imad ghassan fuad kamil kamal latif maher malik muthanna mujtaba hoshyar shirwan
kawa dilshad hemin rebaz soran nawzad bakhtiyar sardar diler shwan karzan halkawt ari
youhanna yohanna george boutros yaqub elias toma shamoun hanna
fatima fatimah fatma zainab zaynab zeinab zaineb maryam mariam zahraa zahra ruqaya ruqayya
sara sarah rana shaimaa shayma israa esraa suad khadija khadijah aisha aysha layla laila leila
salma hind rasha saba sanaa nadia nadya samira sameera janan ghada rehab rihab lamia lamya hanaa
kawthar kauthar batool batoul haifa haifaa mais maysoon suha raghad tabarak amna aminah hawraa
narjis farah rabab abeer marwa dina shahad reem rahaf zeina zaina hala nisreen nesreen ghufran
ayat sura dhuha ikhlas intisar siham wafaa bushra aseel taghreed jamila halima khuloud shilan
ronak nazanin berivan shirin shereen vian awat gulistan zhian mary marta katrin saja
rezhan nasrin zhila gulala rebwar shorsh aras sirwan rizgar befrin rozhan dilan abdulla
noor nour nur amal huda hoda salam salim saeed said karim kareem jamil jameel jamal sabah falah
nasr amir ameer muna mona nada hanan iman eman duaa doaa asmaa anwar raja shakir sabir aziz
hayat rabia ibtisam ghadeer rahma najat aman ban jwan azad hero ashti
"""
LATIN_FIRST_NAMES = frozenset(_LATIN.split())

AMBIGUOUS = _ar(_AR_AMBIGUOUS) | frozenset("""
noor nour nur amal huda hoda salam salim saeed said karim kareem jamil jameel jamal sabah falah
nasr amir ameer muna mona nada hanan iman eman duaa doaa asmaa anwar raja shakir sabir aziz
hayat rabia ibtisam ghadeer rahma najat aman ban jwan azad hala farah reem dina sura isa issa
hasan hassan
mais ari wafaa bushra ayat hayat saba kamal malik hadi latif majid sardar may hero ashti
""".split())

# Particles that make the next word a personal name: kunya (ابو/ام), nasab (بن/بنت),
# and the honorifics used when naming someone in speech.
KUNYA_PARTICLES = _ar("ابو أبو ام أم بن بنت ابن ابنة") | frozenset(
    "abu um umm om bin bint ibn".split()
)

# After these, the next word is a name whatever it is ("اسمي ..." = "my name is ...").
# Latin titles after which any capitalised word (Zoran, Shilan) is taken as a name, lexicon or not.
LATIN_TITLE_CUES = frozenset("mr mrs ms miss dr sheikh shaikh sheik haji hajji neighbour neighbor".split())
NAMING_CUES = _ar("اسمي اسمها اسمه اسمك المدعو المدعوه") | frozenset("named".split())
# Titles and kinship words: the next word is a name only if it is a known (even ambiguous) name.
NAME_CUES = NAMING_CUES | (
    _ar("السيده السيد الست الحاج الحاجه الاستاذ الاستاذه الدكتور الدكتوره اختي اخي زوجي "
        "زوجتي جارتي جاري ابني ابنتي بنتي عمي خالي عمتي خالتي صديقتي صديقي")
    | frozenset("mr mrs ms miss dr hajji haji sister brother husband wife neighbour neighbor "
                "friend uncle aunt cousin daughter son mother father".split())
)
# Multi-word English cues ("my name is") are matched separately by the detector.

# Place names that are made of personal names (governorates, districts): masked before names
# are looked for.
PLACE_PHRASES = (
    "صلاح الدين", "صلاح الدين", "علي الغربي", "الشيخ سعد", "ابو غريب", "أبو غريب", "ام قصر",
    "أم قصر", "ابو الخصيب", "أبو الخصيب", "مدينة الصدر", "salah al-din", "salah ad-din",
    "salah ad din", "salah al din", "salahuddin", "salahaddin", "ali al-gharbi", "ali al gharbi",
    "sheikh saad", "shaykh saad", "abu ghraib", "umm qasr", "abu al-khasib", "abu al khasib",
    "sadr city",
)

# A name right after one of these is a place, shrine or institution (Imam Ali shrine, Abu Ghraib,
# Al-Zahraa hospital), not a respondent.
PLACE_OR_INSTITUTION_WORDS = (
    _ar("الامام امام مرقد ضريح حسينية حسينيه جامع مسجد شارع حي مدينة مدينه مستشفى مدرسة مدرسه "
        "ناحية ناحيه قضاء محافظة محافظه منطقة منطقه سوق جسر ساحة ساحه مخيم مركز منظمة منظمه "
        "مؤسسة مؤسسه جمعية جمعيه قرية قريه مجمع كلية كليه جامعة جامعه مديرية مديريه دائرة دائره "
        "مقام")
    | frozenset("imam shrine street st hospital school mosque district city bridge square camp "
                "market road village center centre foundation organization organisation "
                "association society university college directorate complex hall quarter "
                "neighbourhood neighborhood province governorate mount prophet saint church"
                .split())
)
# Institutions named *after* a word: "Zainab Foundation", "Amal Center".
INSTITUTION_SUFFIXES = frozenset(
    "foundation organization organisation association center centre society network union "
    "hospital school university college clinic shrine mosque street camp team group ngo "
    "council committee network initiative project company highway road bridge district "
    "square market".split()
) | _ar("للتنمية للاغاثة للاغاثه الخيرية الخيريه للمراه للمرأة")

FAMILY_NAMES = _ar(
    "الجبوري الدليمي التميمي الشمري العبيدي الساعدي الزبيدي الكعبي الموسوي الحسيني الربيعي "
    "العزاوي الخفاجي البياتي الكناني الحلفي المالكي السوداني العامري الاسدي الخزرجي الجنابي "
    "الكبيسي العاني الراوي الهاشمي الطائي اللامي البصري البغدادي السامرائي الموصلي "
    "مەحمود ڕەشید کەریم عەبدوڵا"
) | frozenset(
    "al-jubouri al-dulaimi al-tamimi al-shammari al-obaidi al-saadi al-zubaidi al-kaabi "
    "al-musawi al-husseini al-rubaie al-azzawi al-khafaji al-bayati al-kinani al-maliki "
    "al-sudani al-amiri al-asadi al-janabi al-kubaisi al-ani al-rawi al-hashimi al-taie "
    "jubouri dulaimi tamimi shammari obaidi saadi zubaidi kaabi musawi husseini rubaie azzawi "
    "khafaji bayati maliki amiri janabi al-mousawi al-samarrai mousawi samarrai".split()
)

# Words a name column holds that are not names (test rows, refusals, particles): never taken
# as a person's name on their own.
NOT_NAME_WORDS = frozenset(
    "test testing tests name names refused unknown none anonymous not given respondent "
    "enumerator the and of al el bin bint abu um umm".split()
) | _ar("اختبار تجربة تجربه تجريبي تدريب رفض رفضت مجهول لا يوجد")
