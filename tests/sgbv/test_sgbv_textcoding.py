"""Arabic normalisation for matching keys, text codebook validation and code_text."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wpsresearch as wps
from wpsresearch.errors import CodebookError
from wpsresearch.sgbv.textcoding import code_text, read_text_codebook, starter_codebook
from wpsresearch.text import normalize_key, normalize_with_offsets


@pytest.mark.parametrize("raw,key", [
    ("أمان", "امان"), ("إمرأة", "امراه"), ("آمنة", "امنه"), ("ٱلله", "الله"),
    ("مستشفى", "مستشفي"), ("کرکوک", "كركوك"), ("بغداد\u200f", "بغداد"),
    ("مُسْتَشْفَى", "مستشفي"), ("شـرطـة", "شرطه"), ("عیب", "عيب"), ("٤١", "41"), ("POLICE", "police"),
])
def test_normalize_key(raw, key):
    assert normalize_key(raw) == key


def test_kurdish_letters_kept():
    for word in ("ڕێگا", "گوڵ", "هۆکار", "ئافرەت"):
        assert all(ch in normalize_key(word) for ch in "ڕێڵۆە" if ch in word)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("أإآاىیةهکكـًٌٍَُِّْ\u200f abcABC٤٥ڕێ")), max_size=30))
def test_offsets_point_back_into_the_original(text):
    key, offsets = normalize_with_offsets(text)
    assert len(key) == len(offsets)
    assert offsets == sorted(offsets)
    assert normalize_key(text) == key
    assert normalize_key(normalize_key(text)) == key  # idempotent


def codebook(**over):
    row = {"code": "police", "label_en": "Police", "label_ar": "الشرطة",
           "pattern_en": "police", "pattern_ar": "شرطه"}
    row.update(over)
    return pd.DataFrame([row])


def test_code_text_matches_variants_and_keeps_text():
    texts = pd.Series(["ذهبت إلى الشُّرطة", "The POLICE came", "لا شيء", None], index=list("abcd"))
    res = wps.sgbv.code_text(texts, codebook())
    assert res.codes["police"].tolist() == [True, True, False, pd.NA]
    ev = res.evidence.set_index("index")
    assert ev.loc["a", "match"] == "شُّرطة"  # the original spelling, with its harakat
    assert texts["a"] == "ذهبت إلى الشُّرطة"  # stored text untouched
    assert ev.loc["b", "match"] == "POLICE"
    frame = res.to_frame()
    assert frame.loc["a", "police__evidence"] == "شُّرطة"


def test_pattern_is_normalised_too():
    res = wps.sgbv.code_text(["امراة", "إمرأة"], codebook(pattern_ar="أمرأة", pattern_en=""))
    assert res.codes["police"].tolist() == [True, True]


def test_multi_label_starter():
    res = wps.sgbv.code_text(pd.Series([
        "رفضت الشرطة المساعدة فذهبنا إلى الشيخ والعار منعها من الكلام",
        "He blackmailed her on WhatsApp; we need the domestic violence law",
    ]), "starter")
    row0 = set(res.codes.columns[res.codes.loc[0].astype(bool)])
    row1 = set(res.codes.columns[res.codes.loc[1].astype(bool)])
    assert {"tribal_justice", "stigma_silence"} <= row0
    assert {"cyber_harassment", "legal_reform"} <= row1


@pytest.mark.parametrize("over,match", [
    ({"pattern_en": "police("}, "invalid regular expression"),
    ({"label_ar": ""}, "no ar label"),
    ({"label_en": ""}, "no en label"),
    ({"code": "Police Trust"}, "snake_case"),
    ({"pattern_en": "", "pattern_ar": ""}, "no pattern"),
])
def test_codebook_errors_name_the_row(over, match):
    with pytest.raises(CodebookError, match=match) as err:
        wps.sgbv.read_text_codebook(codebook(**over))
    assert err.value.row == 2


def test_duplicate_code_in_file(tmp_path):
    path = tmp_path / "codes.csv"
    pd.concat([codebook(), codebook()]).to_csv(path, index=False)
    with pytest.raises(CodebookError, match="duplicate code") as err:
        wps.sgbv.read_text_codebook(path)
    assert err.value.file == "codes.csv" and err.value.row == 3


def test_starter_codebook_is_valid_and_labelled():
    cb = wps.sgbv.starter_codebook()
    assert len(cb.codes) == 8
    labels = wps.Labels.default()
    for code in cb.codes:
        assert labels.get(f"text_{code}", "en") == cb.labels[code]["en"]
        assert labels.get(f"text_{code}", "ar") == cb.labels[code]["ar"]


def _code_text_row_by_row(texts, codebook):
    """The plain rule: every row's text normalised and matched on its own."""
    from wpsresearch.text import normalize_with_offsets

    columns = {code: [] for code in codebook.codes}
    hits = []
    for idx, text in texts.items():
        if text is None or (not isinstance(text, str) and pd.isna(text)):
            for code in codebook.codes:
                columns[code].append(pd.NA)
            continue
        text = str(text)
        key, offsets = normalize_with_offsets(text)
        for code in codebook.codes:
            found = False
            for pattern in codebook.patterns[code]:
                for m in pattern.finditer(key):
                    if m.end() == m.start():
                        continue
                    start, end = offsets[m.start()], offsets[m.end() - 1] + 1
                    hits.append({"index": idx, "code": code, "match": text[start:end],
                                 "start": start, "end": end})
                    found = True
            columns[code].append(found)
    codes = pd.DataFrame({c: pd.array(v, dtype="boolean") for c, v in columns.items()},
                         index=texts.index, columns=list(codebook.codes))
    return codes, pd.DataFrame(hits, columns=["index", "code", "match", "start", "end"])


def test_each_distinct_text_coded_once_gives_the_row_by_row_result():
    import numpy as np

    book = read_text_codebook(pd.DataFrame({
        "code": ["tribal", "police", "empty"], "label_en": ["T", "P", "E"],
        "label_ar": ["ت", "ش", "ف"], "pattern_en": ["tribe|sheikh", "police|officer", "x*"],
        "pattern_ar": ["عشائر|شيخ", "شرطة", ""]}))
    texts = ["الشيخ حلّ المشكلة بالفصل العشائري", "We need female police officers", None,
             "الشيخ حلّ المشكلة بالفصل العشائري", "", "Police? POLICE! the tribe's sheikh",
             np.nan, "الشُّرطة", "We need female police officers", 12, pd.NA, "nothing here",
             "الشرطة"]
    for series in (pd.Series(texts, dtype=object),
                   pd.Series(texts, dtype=object, index=[5, 5, 3, 9, 1, 0, 2, 2, 7, 8, 4, 6, 5]),
                   pd.Series([t for t in texts if isinstance(t, str)], dtype="string"),
                   pd.Series([t for t in texts if isinstance(t, str)] * 3, dtype="string[pyarrow]")):
        for codebook in (book, starter_codebook()):
            res = code_text(series, codebook)
            codes, evidence = _code_text_row_by_row(series, codebook)
            pd.testing.assert_frame_equal(res.codes, codes)
            pd.testing.assert_frame_equal(res.evidence, evidence)
    assert res.evidence["code"].nunique() > 1 and codes.any().any()
