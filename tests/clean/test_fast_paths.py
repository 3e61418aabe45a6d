"""Each fast path of cleaning gives what the plain path gives (issue #16: the speed-ups decide
on a column's distinct answers, remove rows once, remember what a column was read as).

The plain path is written out here, value by value, as a reader would compute it by hand;
each case has missing values, Arabic-Indic digits, and the edges (nothing and everything
removed or changed)."""

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.clean import CleaningLog
from wpsresearch.text.columns import factorize_text, map_distinct

from survey_frames import FORM, survey_data  # noqa: E402 (the folder's helper module)
AGES = ["٣٥", "35", None, "۴٠", "98", " 98", "abc", "٣٥", None, "99"]


def make(ages, governorates=None, roster=None):
    n = len(ages)
    return survey_data({
        "consent": ["yes"] * n, "age": ages, "hh_size": [a if a is None else "4" for a in ages],
        "governorate": governorates or (["basra", "98", None, "99", "basra"] * n)[:n],
    }, roster, FORM)


def entries(log, check_id):
    frame = log.to_frame()
    frame = frame[frame["check_id"] == check_id]
    return list(zip(frame["question"], frame["source_row"].astype(int), frame["old_value"],
                    frame["new_value"]))


def plain(values):
    """A text column as Python values, missing as None."""
    return [None if pd.isna(v) else str(v) for v in values]


# -- removals: decided step by step, applied once -----------------------------------------

@pytest.mark.parametrize("removed", [[False] * 4, [True] * 4, [False, True, False, True]])
def test_removals_at_once_equal_the_steps_one_by_one(removed):
    consent = ["no" if r else "yes" for r in removed]
    roster = {"_parent_uuid": ["u0", "u1", "u1", "u3", None], "member_age": ["٣", "4", None, "5", "6"]}
    sd = make(["20", "٣٠", None, "40"], roster=roster)
    sd.main["consent"] = pd.array(consent, dtype="string")
    at_once, one_by_one = CleaningLog(), CleaningLog()
    removals = wps.clean.submissions.Removals(sd, log=at_once)
    mask, issue = wps.clean.submissions.no_consent(sd.main)
    removals.remove(mask, check_id="consent", issue=issue)
    got = removals.apply(sd)
    want = wps.clean.submissions.drop_no_consent(sd, log=one_by_one)
    pd.testing.assert_frame_equal(got.main, want.main, check_exact=True)
    pd.testing.assert_frame_equal(got.repeats["roster"], want.repeats["roster"], check_exact=True)
    pd.testing.assert_frame_equal(at_once.to_frame(), one_by_one.to_frame())
    assert len(got.main) == removed.count(False)


# -- map_distinct: a value-by-value replacement -------------------------------------------

@pytest.mark.parametrize("rule", [
    lambda v: wps.io.normalize_digits(v),            # "٣٥" and "35" become one value
    lambda v: None,                                   # everything becomes missing
    lambda v: v,                                      # nothing changes
    lambda v: "dont_know" if v.strip() == "98" else v,
])
@pytest.mark.parametrize("storage", ["pyarrow", "python"])
def test_map_distinct_is_the_rule_value_by_value(rule, storage):
    s = pd.Series(AGES, dtype=f"string[{storage}]", index=range(10, 20), name="age")
    codes, uniques = factorize_text(s)
    got = map_distinct(s, [rule(str(v)) for v in uniques])
    # as the steps did before: the column as pandas' "string" dtype, then value by value
    want = pd.Series([None if v is None else rule(v) for v in AGES], dtype="string",
                     index=s.index, name="age")
    pd.testing.assert_series_equal(got, want, check_exact=True)
    # the factorisation it remembers is the one pandas computes on the new column
    new_codes, new_uniques = factorize_text(got)
    want_codes, want_uniques = pd.factorize(want.copy(deep=True))
    assert new_codes.tolist() == want_codes.tolist()
    assert list(new_uniques) == list(want_uniques)


# -- Arabic digits and missing codes, decided on distinct answers --------------------------

@pytest.mark.parametrize("ages", [AGES, ["35", None, "40"], ["٣٥", "٤٠", "٣٥"], [None, None]])
def test_convert_digits_is_normalize_digits_value_by_value(ages):
    sd = make(ages)
    log = CleaningLog()
    out = wps.clean.convert_digits(sd, log=log)
    for col in ("age", "hh_size"):
        before = plain(sd.main[col])
        after = [None if v is None else wps.io.normalize_digits(v) for v in before]
        assert plain(out.main[col]) == after
    want = [(col, row, old, new) for col in ("age", "hh_size")
            for row, old, new in zip(sd.main["source_row"], plain(sd.main[col]),
                                     [None if v is None else wps.io.normalize_digits(v)
                                      for v in plain(sd.main[col])]) if old != new]
    assert entries(log, "arabic_digits") == want
    if not want:  # a column without Arabic digits is not copied
        assert out.main["age"].array is sd.main["age"].array


@pytest.mark.parametrize("ages", [AGES, ["98", "99", " 98"], ["35", None], [None]])
def test_recode_missing_is_the_codes_value_by_value(ages):
    codes = {"default": {98: "dont_know", 99: "refused"}}
    sd = make(ages)
    log = CleaningLog()
    out = wps.clean.recode_missing(sd, log=log, missing_codes=codes)
    reason = {"98": "dont_know", "99": "refused"}
    want_log = []
    for col in ("governorate", "hh_size", "age"):  # the form's order
        before = plain(sd.main[col])
        why = [None if v is None else reason.get(v.strip()) for v in before]
        if col == "governorate":  # a select: the code becomes the category's name
            assert plain(out.main[col]) == [r or v for v, r in zip(before, why)]
        elif any(why):  # a number: the value goes, its reason goes to the companion column
            assert plain(out.main[col]) == [None if r else v for v, r in zip(before, why)]
            assert plain(out.main[f"{col}__missing"]) == why
        else:
            assert f"{col}__missing" not in out.main
        want_log += [(col, row, v, r if col == "governorate" else "")
                     for row, v, r in zip(sd.main["source_row"], before, why) if r]
    assert sorted(entries(log, "missing_code")) == sorted(want_log)


def test_numbers_are_read_once_per_column_and_equal_parse_number():
    from wpsresearch.clean.values import numbers_of

    s = pd.Series(AGES, dtype="string[pyarrow]")
    first = numbers_of(s)
    want = wps.io.parse_number(s).to_numpy(dtype=float, na_value=np.nan)
    np.testing.assert_array_equal(first, want)
    assert numbers_of(s.copy()) is first  # same Arrow data: read once
    assert not first.flags.writeable
    other = pd.Series(["1", "2"], dtype="string[pyarrow]")
    assert numbers_of(other).tolist() == [1.0, 2.0]


# -- constraints: one conversion per column, same answer ---------------------------------

def test_constraints_with_a_shared_cache_equal_fresh_evaluations():
    from wpsresearch.clean.xpath import evaluate

    frame = make(["20", "٣٠", None, "140", "abc"]).main
    cache: dict = {}
    for expr, current in ((". >= 0 and . <= 100", "age"), (". > 18", "age"),
                          ("${age} < ${hh_size} or . = '4'", "hh_size")):
        shared = evaluate(expr, frame, current=current, cache=cache)
        fresh = evaluate(expr, frame, current=current)
        pd.testing.assert_series_equal(shared, fresh)


# -- names in logged texts: the English word list only when a name could be there ----------

def _spans_without_shortcut(text):
    """capitalised_name_spans' loop alone (no early return)."""
    from wpsresearch.privacy import name_shapes as ns

    if not text or not any("A" <= c <= "Z" for c in text):
        return []
    toks = ns._tokens(text)
    shaped = ns._capitalised if ns._has_lower(text) else (lambda raw: raw.isascii() and len(raw) > 1)
    out, i = [], 0
    while i < len(toks):
        j = i
        while j < len(toks) and shaped(toks[j][0]) and not ns.is_ordinary_word(toks[j][0]) \
                and (j == i or ns._joined(text, toks, j - 1, j)):
            j += 1
        if j - i >= 2 and not ns._institution_context(toks, i, j):
            out.append((toks[i][1], toks[j - 1][2]))
        i = max(j, i + 1)
    return out


@pytest.mark.parametrize("text", [
    "Arabic-Indic digits converted", "Shilan Barzani and Dilan Hawrami helped", "Rezan",
    "ask Rezan, Kakai", "The Family Protection Directorate in Mosul helped", "SHILAN BARZANI",
    "special code recoded to a missing category", "", "Al-Sudani Rezan",
])
def test_name_spans_shortcut_changes_no_answer(text):
    from wpsresearch.privacy.name_shapes import capitalised_name_spans

    assert capitalised_name_spans(text) == _spans_without_shortcut(text)


def test_a_text_with_one_capitalised_word_does_not_load_the_word_list():
    from wpsresearch.privacy import name_shapes as ns

    ns._english_words.cache_clear()
    assert ns.capitalised_name_spans("Arabic-Indic digits converted") == []
    assert ns._english_words.cache_info().currsize == 0


# -- test submissions: the regexes only on texts holding a marker --------------------------

def _marked_by_regex(values, col):
    """test_marked's rule, run on every value (the regexes as test_marked builds them)."""
    import re

    from wpsresearch.clean.submissions import TEST_MARKERS

    wanted = sorted({m.casefold() for m in TEST_MARKERS}, key=len, reverse=True)
    alt = "(?:" + "|".join(map(re.escape, wanted)) + ")"
    whole = re.compile(rf"^\s*{alt}(?:[\s,]+{alt})*\s*$")
    tag = re.compile(r"(?:^|[\s,])(?:" + "|".join(re.escape(m) for m in wanted if " " not in m)
                     + r")(?:[\s,]|$)")
    return [v is not None and (bool(whole.match(v.lower()))
                               or (col == "_tags" and bool(tag.search(v.lower()))))
            for v in values]


@pytest.mark.parametrize("col", ["enumerator", "_tags"])
def test_test_marks_equal_the_regexes_on_every_value(col):
    from wpsresearch.clean.submissions import test_marked

    values = ["Test", "testa", " تجربة ", "test pilot", None, "Pilot, TEST", "a,test", "testing b",
              "tester", "Practice makes", "٣٥", "", "test\u00a0pilot", "TEST SUBMISSION", "x"]
    main = pd.DataFrame({col: values}, dtype="string")
    hit, where = test_marked(main, columns=(col,))
    assert hit.tolist() == _marked_by_regex(values, col)
    assert hit.any() and not hit.all()
    none, _ = test_marked(main.iloc[[1, 4, 8]], columns=(col,))  # nothing marked
    assert not none.any()


# -- XPath: a column compared with a literal, decided on distinct answers ------------------

@pytest.mark.parametrize("expr, rule", [
    ("${governorate} = 'basra'", lambda v: v == "basra"),
    ("'98' != ${governorate}", lambda v: v != "98"),
    ("${governorate} = ''", lambda v: v == ""),          # a missing answer reads as ''
    ("${age} = '٣٥'", lambda v: v == "٣٥"),
])
def test_text_comparison_with_a_literal_is_value_by_value(expr, rule):
    from wpsresearch.clean.xpath import evaluate

    frame = make(AGES).main
    column = "governorate" if "governorate" in expr else "age"
    want = [rule("" if v is None else v) for v in plain(frame[column])]
    assert evaluate(expr, frame).tolist() == want
    as_objects = frame.astype(object)  # no Arrow column behind it: the plain comparison
    assert evaluate(expr, as_objects).tolist() == want



# -- log entries: values cut by position from what is known of the column ----------------

@pytest.mark.parametrize("factorized", [True, False])
@pytest.mark.parametrize("values", [
    ["٣٥", None, "أربيل", "35", "٣٥", None],      # Arabic digits and text, missing values
    [None, None, None],                              # everything missing
    ["u1", "u2", "u3"],                              # an identifier: every value distinct
])
def test_values_at_equal_the_rows_picked_one_by_one(values, factorized):
    from wpsresearch.text.columns import values_at

    s = pd.Series(values, dtype="string[pyarrow]", index=range(50, 50 + len(values)))
    if factorized:
        factorize_text(s)
    for positions in ([], list(range(len(values))), [len(values) - 1, 0, 0]):
        want = [None if pd.isna(s.iloc[i]) else s.iloc[i] for i in positions]
        assert values_at(s, positions) == want
    rows = pd.Series([2, None, 4], dtype="Int64")
    assert values_at(rows, [2, 1]) == rows.iloc[[2, 1]].tolist()


def test_add_masked_logs_what_add_many_logs_row_by_row():
    sd = make(AGES)
    main = sd.main
    mask = np.array([v is not None for v in AGES])
    fast, plain_log = CleaningLog(), CleaningLog()
    factorize_text(main["age"])  # a column the steps have factorised already
    fast.add_masked(main, mask, question="age", old_values=main["age"], new_values="",
                    issue="x", change_type="no_action", check_id="outlier")
    picked = [i for i, m in enumerate(mask) if m]
    plain_log.add_many(uuids=[main["_uuid"].iloc[i] for i in picked], question="age",
                       old_values=[main["age"].iloc[i] for i in picked], new_values=[""] * len(picked),
                       issue="x", change_type="no_action", check_id="outlier",
                       source_rows=[int(main["source_row"].iloc[i]) for i in picked])
    pd.testing.assert_frame_equal(fast.to_frame(), plain_log.to_frame())
    assert fast.add_masked(main, np.zeros(len(main), bool), question="age", old_values=main["age"],
                           new_values="", issue="x", change_type="no_action", check_id="outlier") == 0


# -- relevance, skip logic and missingness: numpy arrays, the same flags --------------------

def _skip_and_missing_by_frames(sd, threshold):
    """The steps as they were written on pandas frames (question by question, then whole)."""
    relevant = wps.clean.checks.relevance(sd.codebook, sd.main)
    main = sd.main
    skip = {}
    for name, mask in relevant.items():
        if not isinstance(mask, Exception):
            bad = main[name].notna() & ~mask
            skip[name] = main.index[bad.to_numpy(bool)].tolist()
    kept = {n: m for n, m in relevant.items() if not isinstance(m, Exception)
            and sd.codebook.question(n)["base_type"] not in {"calculate", "start", "end", "today",
                                                             "deviceid", "note"}}
    asked = pd.DataFrame(kept).astype(bool)
    empty = pd.DataFrame({n: main[n].isna() for n in kept})
    n_asked = asked.sum(axis=1)
    share = (empty & asked).sum(axis=1) / n_asked.where(n_asked > 0)
    bad = (share > threshold).fillna(False)
    return skip, [f"{share[i]:.0%} of the questions asked were left empty" for i in main.index[bad]]


@pytest.mark.parametrize("ages", [AGES, [None] * 4, ["٣٥"] * 3, ["16", "35", None, "أربعون"]])
@pytest.mark.parametrize("threshold", [0.0, 0.5, 1.0])
def test_skip_logic_and_missingness_equal_the_frame_computation(ages, threshold):
    sd = make(ages)
    log = CleaningLog()
    wps.clean.checks.flag_skip_logic(sd, log=log)
    wps.clean.checks.flag_missingness(sd, log=log, threshold=threshold)
    skip, missing = _skip_and_missing_by_frames(sd, threshold)
    frame = log.to_frame()
    got_skip = frame[frame["check_id"] == "skip_logic"]
    rows = dict(zip(sd.main.index, sd.main["source_row"]))
    want_rows = sorted((q, rows[i]) for q, idx in skip.items() for i in idx)
    assert sorted(zip(got_skip["question"], got_skip["source_row"].astype(int))) == want_rows
    assert frame.loc[frame["check_id"] == "missingness", "issue"].tolist() == missing
    relevant = wps.clean.checks.relevance(sd.codebook, sd.main)
    assert all(isinstance(m, Exception) or (m.dtype == bool and m.index.equals(sd.main.index))
               for m in relevant.values())


# -- blank_distinct: map_distinct when values only become missing -------------------------

@pytest.mark.parametrize("rule", [
    lambda v: v.strip() in {"98", "99"},   # special codes
    lambda v: True,                          # everything blanked
    lambda v: False,                         # nothing blanked
    lambda v: v == "٣٥",                     # Arabic digits
])
@pytest.mark.parametrize("layout", ["python", "one_chunk", "chunks", "sliced"])
def test_blank_distinct_is_map_distinct_to_missing(rule, layout):
    import pyarrow as pa

    from wpsresearch.text.columns import blank_distinct

    values = AGES + ["أربيل", "98"]
    if layout == "python":
        s = pd.Series(values, dtype="string[python]")
    else:
        pieces = {"one_chunk": [values], "chunks": [values[:4], values[4:9], values[9:]],
                  "sliced": [values[:3], (["x"] + values[3:])]}[layout]
        arrays = [pa.array(p, type=pa.large_string()) for p in pieces]
        if layout == "sliced":
            arrays[1] = arrays[1].slice(1)
        s = pd.Series(pd.array(pa.chunked_array(arrays), dtype="string[pyarrow]"))
    s.index = range(100, 100 + len(values))
    codes, uniques = factorize_text(s)
    flags = [rule(str(v)) for v in uniques]
    got = blank_distinct(s, flags)
    want = map_distinct(s.copy(deep=True), [None if f else v for v, f in zip(uniques, flags)])
    pd.testing.assert_series_equal(got, want, check_exact=True)
    assert plain(got) == [None if v is None or rule(v) else v for v in values]
    got_codes, got_uniques = factorize_text(got)
    want_codes, want_uniques = pd.factorize(pd.Series(plain(got), dtype="string"))
    assert got_codes.tolist() == want_codes.tolist() and list(got_uniques) == list(want_uniques)


# -- keep_rows: frame.loc[keep], text filtered chunk by chunk into one chunk ---------------------

@pytest.mark.parametrize("keep", [[True] * 6, [False] * 6, [True, False, True, True, False, True],
                                  [False, True, False, False, False, False]])
@pytest.mark.parametrize("layout", ["one_chunk", "chunks", "sliced"])
def test_keep_rows_equals_loc(keep, layout):
    import pyarrow as pa

    from wpsresearch.text.columns import keep_rows

    values = ["٣٥", None, "أربيل", "", "basra", None]
    pieces = {"one_chunk": [values], "chunks": [values[:2], [], values[2:5], values[5:]],
              "sliced": [values[:3], ["drop me"] + values[3:]]}[layout]
    arrays = [pa.array(p, type=pa.large_string()) for p in pieces]
    if layout == "sliced":
        arrays[1] = arrays[1].slice(1)
    text = pd.array(pa.chunked_array(arrays, type=pa.large_string()), dtype="string[pyarrow]")
    frame = pd.DataFrame({"answer": text, "empty": pd.array([None] * 6, dtype="string[pyarrow]"),
                          "source_row": pd.array([2, 3, None, 5, 6, 7], dtype="Int64"),
                          "weight": np.arange(6.0), "sex": pd.Categorical(["f", "m", "f", None, "m", "f"])},
                         index=[10, 10, 11, 12, 13, 14])
    # texts in an object column (the build's keyed hashes of _uuid): object they stay, as with
    # frame.loc (pandas 3 infers str from a bare array of texts)
    frame.insert(2, "uuid", pd.Series(["a1", None, "c3", "d4", "e5", "f6"], dtype=object, index=frame.index))
    assert frame["uuid"].dtype == object
    mask = np.array(keep)
    got = keep_rows(frame, mask)
    pd.testing.assert_frame_equal(got, frame.loc[mask], check_exact=True)
    compacted = got["answer"].array.__arrow_array__()
    assert compacted.num_chunks == 1  # as Arrow's take: one chunk
    compacted.validate(full=True)
    assert plain(got["answer"]) == [v for v, k in zip(values, keep) if k]
    # the filter itself: one chunk whatever the input's layout (none, empty, sliced chunks)
    from wpsresearch.text.columns import _filter_text

    arrow = frame["answer"].array.__arrow_array__()
    direct = _filter_text(arrow, pa.array(mask))
    direct.validate(full=True)
    assert direct.num_chunks == 1 and direct.type == pa.large_string()
    assert direct.to_pylist() == [v for v, k in zip(values, keep) if k]
    nothing = _filter_text(pa.chunked_array([], type=pa.large_string()), pa.array([], pa.bool_()))
    assert nothing.num_chunks == 1 and len(nothing) == 0


@pytest.mark.parametrize("series", [
    pd.Series(AGES + ["أربيل"], dtype="string[pyarrow]"), pd.Series(AGES, dtype="string[python]"),
    pd.Series([3, None, 3, 98], dtype="Int64"), pd.Series([None, None], dtype="string[pyarrow]"),
])
def test_texts_of_is_str_of_each_distinct_value(series):
    from wpsresearch.text.columns import texts_of

    uniques = factorize_text(series)[1]
    assert texts_of(uniques) == [str(v) for v in uniques]


# -- place names: matched once per distinct name ------------------------------------------

def _places_row_by_row(sd, col, level):
    """match_place_names as it was written: every row looked up, in row order (the old code
    failed on a column where no name matched: its Series.map gave Arrow's null type)."""
    from wpsresearch.clean.places import pcode_of, suggest_places

    text = sd.main[col].astype("string")
    log = CleaningLog()
    found = {t: pcode_of(t, level) for t in text.dropna().unique()}
    # (value by value: the old Series.map failed on a column where no name matched)
    new = pd.Series([t if pd.isna(t) or found[t] is None else found[t] for t in text],
                    index=text.index, dtype="string")
    answered = text.notna().to_numpy()
    olds = text.to_numpy()[answered]
    codes = [found[t] for t in olds]
    ids, srcs = sd.main["_uuid"].to_numpy()[answered], sd.main["source_row"].to_numpy()[answered]
    unmatched = np.array([c is None for c in codes], dtype=bool)
    changed = np.array([c is not None and c != t for c, t in zip(codes, olds)], dtype=bool)
    hints = {t: "; ".join(suggest_places(t, level)) or "none" for t in set(olds[unmatched])}
    log.add_many(uuids=ids[unmatched], question=col, old_values=olds[unmatched],
                 new_values=[""] * int(unmatched.sum()), change_type="no_action",
                 issue=[f"place name not matched to a p-code; closest: {hints[t]}" for t in olds[unmatched]],
                 check_id="place_pcode", source_rows=srcs[unmatched])
    log.add_many(uuids=ids[changed], question=col, old_values=olds[changed],
                 new_values=[c for c, k in zip(codes, changed) if k],
                 issue=f"place name matched to OCHA p-code ({level})", change_type="change_response",
                 check_id="place_pcode", source_rows=srcs[changed])
    return new, log


@pytest.mark.parametrize("names", [
    ["Basrah", "البصره", None, "Atlantis", "IQG02", "basra", "Basrah", "أربيل"],
    [None, None], ["Atlantis"] * 3, ["IQG02", "IQG13"],
])
@pytest.mark.parametrize("storage", ["pyarrow", "python"])
def test_place_names_equal_the_row_by_row_lookup(names, storage):
    sd = make(["30"] * len(names))
    sd.main["place"] = pd.Series(names, dtype=f"string[{storage}]", index=sd.main.index)
    log = CleaningLog()
    out = wps.clean.match_place_names(sd, log=log, columns={"place": "adm1"})
    want, want_log = _places_row_by_row(sd, "place", "adm1")
    pd.testing.assert_series_equal(out.main["place"], want, check_exact=True, check_names=False)
    pd.testing.assert_frame_equal(log.to_frame(), want_log.to_frame())


# -- select_multiple dummies: one-character answers read from their bytes -----------------

@pytest.mark.parametrize("values", [["1", "0", None, "1"], [None, None], ["0"] * 3,
                                   ["1", "true", "False", None], ["1", " ", "x", "٣"], ["10", "1"]])
@pytest.mark.parametrize("layout", ["one_chunk", "sliced", "python"])
def test_dummy_codes_equal_the_rule_on_each_value(values, layout):
    import pyarrow as pa

    from wpsresearch.clean.types import _DUMMY_VALUES, _dummy_codes

    if layout == "python":
        s = pd.Series(values, dtype="string[python]")
    else:
        arrays = [pa.array(values, type=pa.large_string())]
        if layout == "sliced":
            arrays = [pa.array(["x"] + values, type=pa.large_string()).slice(1)]
        s = pd.Series(pd.array(pa.chunked_array(arrays), dtype="string[pyarrow]"))
    want = [-1 if v is None else _DUMMY_VALUES.get(v.strip().lower(), -1) for v in values]
    assert _dummy_codes(s).tolist() == want


@pytest.mark.parametrize("storage", ["pyarrow", "python"])
def test_missing_mask_is_isna_and_cannot_be_changed(storage):
    from wpsresearch.text.columns import missing_mask

    s = pd.Series(AGES, dtype=f"string[{storage}]")
    got = missing_mask(s)
    assert got.tolist() == s.isna().tolist()
    assert missing_mask(s.copy()).tolist() == got.tolist()
    if storage == "pyarrow":  # remembered for the Arrow data: shared, so read-only
        assert missing_mask(s) is got and not got.flags.writeable


@pytest.mark.parametrize("uuids", [["a", "b", "a", "c", "a"], ["a", "b", "c", "d", "e"], ["a"] * 5,
                                   ["", "", "b", "b", None]])
def test_duplicate_copies_count_answers_on_the_copies_as_on_the_whole_table(uuids):
    from wpsresearch.clean.submissions import duplicate_copies

    sd = make(["٣٥", None, "40", None, "98"])
    main = sd.main.copy()
    main["_uuid"] = pd.array(uuids, dtype="string")
    got = duplicate_copies(main)
    # the plain rule: per uuid, keep the row with most answers, the first on ties
    answered = main.notna().sum(axis=1).tolist()
    want = [False] * len(main)
    for u in {u for u in uuids if u}:
        rows = [i for i, v in enumerate(uuids) if v == u]
        best = max(rows, key=lambda i: (answered[i], -i))
        for i in rows:
            want[i] = len(rows) > 1 and i != best
    assert got.tolist() == want


# -- numbers_of_many: the distinct answers of many columns parsed in one call -------------

def test_numbers_of_many_equals_numbers_of_each_column():
    from wpsresearch.clean import values

    columns = [
        ["٣٥", "35", None, " 12 ", "1,200", "٢٫٥", "۱۷٪", "", "n/a", "35"],
        ["9007199254740993", "18446744073709551617", "-5", "1e5", "inf", "nan", "1_000", None],
        ["0x10", "12.", ".5", "+3", "1 2", "%", "٪٤", "True", None, None],
        [None, None],
        [],
        ["7", "8", "9"],  # all integers (parsed alone: an integer column)
    ]
    for dtype in ["string[pyarrow]", "string[python]"]:
        # fresh columns (nothing remembered), read one by one and all together
        alone = [values.numbers_of(pd.Series(list(c), dtype=dtype)) for c in columns]
        together = values.numbers_of_many([pd.Series(list(c), dtype=dtype) for c in columns])
        for a, b, c in zip(alone, together, columns):
            assert a.tobytes() == b.tobytes(), (c, a, b)
        # and what one column alone gives, value by value, against parse_number itself
        from wpsresearch.io import parse_number
        for a, c in zip(alone, columns):
            want = parse_number(pd.Series(list(c), dtype="string")).to_numpy(dtype=float, na_value=np.nan)
            assert a.tobytes() == want.tobytes(), c


def test_numbers_of_many_uses_and_fills_the_remembered_numbers():
    from wpsresearch.clean import values

    s = pd.Series(["1", "٢", None], dtype="string[pyarrow]")
    first = values.numbers_of(s)
    again = values.numbers_of_many([s, pd.Series(["3"], dtype="string[pyarrow]")])
    assert again[0] is first  # remembered, not parsed again
    assert values.numbers_of(s) is first


# -- contains_any: one search for any test marker ------------------------------------------

@pytest.mark.parametrize("dtype", ["string[pyarrow]", "string[python]"])
def test_contains_any_equals_one_search_per_needle(dtype):
    from wpsresearch.clean.submissions import TEST_MARKERS, contains_any

    needles = sorted({m.casefold() for m in TEST_MARKERS}, key=len, reverse=True)
    needles_odd = needles + ["a.b", "(x)", "[", "c+", "^", "$", "\\d"]  # regex characters
    texts = ["test", "a test submission", "Testing", "pilot-1", "تجربة", "التجربه", "اختبار٣",
             "تدريبي", "a.b", "axb", "(x)", "x", "[", "cc+", "^", "$", "\\d", "5", "", None,
             "pract ice", "dummy\nrow", "pilote", "تجريبي جدا"]
    text = pd.Series(texts, dtype=dtype).str.lower()
    for wanted in (needles, needles_odd, ["test"], []):
        want = np.zeros(len(text), dtype=bool)
        for m in wanted:
            want |= text.str.contains(m, regex=False).fillna(False).to_numpy(bool)
        assert contains_any(text, wanted).tolist() == want.tolist(), wanted
