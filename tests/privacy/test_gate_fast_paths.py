"""The export gate's and the identifier detector's fast paths find what the plain paths find.

Each fast path (#20) is checked against the plain computation it replaces, written out here
row by row and text by text as it was: the matcher (one tokenisation per text, names tried
where a raw name's first word stands, translations skipped when there is nothing to
translate, one search for the declared columns' values, identifiers prepared once for
several gate runs), the count prefilter, the identifier spans' prefilters (no digit, no
word), ``scan_column`` on distinct values and ``remembered_kinds``.  Texts mix Latin and
Arabic script, Arabic-Indic digits, zero-width and direction characters and separators
inside identifiers.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wpsresearch.privacy import export_gate as eg
from wpsresearch.privacy import identifier_patterns as patterns
from wpsresearch.privacy import name_lexicon as lex
from wpsresearch.privacy import name_shapes
from wpsresearch.privacy import pii_detection as pii
from wpsresearch.privacy.identifier_matching import (canonical_phone, collect_identifiers, gps_key,
                                                      name_grams, name_words)
from wpsresearch.privacy.policy import DisclosurePolicy
from wpsresearch.privacy.text_redaction import known_names

RAW = pd.DataFrame({
    "respondent_name": ["Zainab Kadhim Hassan", "زينب كاظم", "Rezan Kakai", "Dilan Hawrami"],
    "phone": ["0770 123 4567", "٠٧٨١٢٣٤٥٦٧٨", "+964 750 111 2222", "07712223333"],
    "gps": ["33.3152 44.3661 34.0 5.0", "30.5085 47.7804 3.0 10.0", None, "36.1901 44.0091"],
    "email": ["fatima.h@example.org", "none", "a@b.iq", None],
    "id_card": ["1234 5678 9012", "AB1234567", "", "5555-6666-7777"],
    "village": ["Kani Shaitan", "الصويرة الجديدة", "Abu Ghraib road", "short"],
})


@pytest.fixture(scope="module")
def identifiers():
    ids = collect_identifiers(RAW, ["respondent_name", "phone", "gps", "email", "id_card", "village"],
                              {"email": "email", "id_card": "national_id"})
    ids["submission_id"] = {"uuid:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0", "4411223", "abcdef"}
    ids["staff"] = {"enum_07", "admin1a"}
    ids["staff_column"] = {"enumerator"}
    ids["staff_name"] = name_grams("Hawre Jaff")
    ids["local_path"] = {"/home/researcher/wps-project", "C:/Users/researcher"}
    return ids


FRAGMENTS = [
    # names, whole, split by separators and zero-width characters, alone, after cues
    "Zainab Kadhim", "zainab_kadhim", "ZAINAB-KADHIM", "Zainab.Kadhim.Hassan", "زينب كاظم",
    "زينب\u200cكاظم", "زينب\u200b كاظم", "Rezan", "rezan", "Kakai", "Ask Rezan", "ام زينب",
    "my name is Dilan", "Dilan", "Hawrami", "Hawre Jaff", "hawre_jaff", "Kadhim", "Ali", "علي",
    "على", "Imam Ali shrine", "Salah al-Din", "Abu Ghraib", "Kani Shaitan", "الصويرة الجديدة",
    # phones in every spelling, partial numbers
    "0770 123 4567", "٠٧٧٠١٢٣٤٥٦٧", "+964 770 123 4567", "0770/123/4567", "07\u200b70 123 4567",
    "7701234567", "770 123 4567", "00964 781 234 5678", "(0781) 234-5678", "0770", "123 4567",
    "۰۷۵۰۱۱۱۲۲۲۲", "0771 222 3333",
    # ID numbers, coordinates, submission ids, staff codes, paths, e-mails, declared values
    "1234 5678 9012", "AB1234567", "ab1234567", "ID card 555566667777", "33.3152, 44.3661",
    "33.315 44.366", "٣٣٫٣١٥٢ ٤٤٫٣٦٦١", "47.7804 30.5085", "33°18'54.7\"N", "0b1c2d3e4f5061728394a5b6c7d8e9f0",
    "uuid:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0", "4411223", "ABCDEF", "enum_07", "ENUM_07",
    "/home/researcher/wps-project/reports", "C:/Users/researcher", "fatima.h@example.org", "none",
    "a@b.iq",
    # counts and shares
    "n = 3", "N: ٣", "ن = 4", "(n = 1,145–1,176)", "3 respondents", "٥ نساء", "0.0 %", "١٠٠٫٠ ٪",
    "100,0%", "12.5%", "²", "³ people", "½", "12", "99",
    # ordinary words in both scripts
    "More street lighting", "Police", "the women centre", "أمان", "الشرطة", "Basra", "",
]
SEPARATORS = [" ", "", "_", "-", ".", "\n", "\u200f", "|", ", ", "\u00ad", "/", "+"]


def texts():
    pieces = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6)
    joined = st.tuples(pieces, st.sampled_from(SEPARATORS)).map(lambda t: t[1].join(t[0]))
    alphabet = "0123456789٠١٢٣٤٥٦٧٨٩۰۴ .,-/_+@°()\u200b\u200f\u066bZzRrAaKk زينبعلكاظمه"
    return st.one_of(joined, st.text(alphabet=alphabet, max_size=40))


# --------------------------------------------------------------------------- the plain matcher
def plain_kinds(ident, text: str, only) -> list[str]:
    """The matcher as it read a text before #20 (one search per value, three tokenisations)."""
    text = text.translate(eg._INVISIBLE)
    folded = text.translate(patterns._DIGITS)
    found = []
    runs = re.findall(r"\+?\d[\d\s\-.()/]{5,}\d", folded)
    digits = [re.sub(r"\D", "", r) for r in runs]
    if ident.phones and (any(canonical_phone(r) in ident.phones for r in runs)
                         or eg._window_hit(digits, ident.phone_tails, 10)):
        found.append("phone")
    if ident.ids:
        tokens = {t.upper() for t in re.findall(r"[A-Za-z]{1,2}\d{6,9}", folded)}
        if tokens & ident.ids or set(digits) & ident.ids or eg._window_hit(digits, ident.ids, 12):
            found.append("national_id")
    if only is not None:
        return [k for k in found if k in only]
    low = folded.lower()
    if ident.emails and any(e in low for e in ident.emails):
        found.append("email")
    if ident.names and (_plain_has_name(text, ident.names)
                        or _plain_has_name(eg._SEPARATORS.sub(" ", text), ident.names)):
        found.append("person_name")
    elif ident.name_words and _plain_has_first_name(ident, text):
        found.append("first_name")
    if ident.gps:
        nums = [float(x) for x in re.findall(r"-?\d{1,3}\.\d{3,}", folded)]
        if any(gps_key(a, b) in ident.gps or gps_key(b, a) in ident.gps for a, b in zip(nums, nums[1:])):
            found.append("gps")
    if ident.other and any(o in lex.normalize_arabic(text).lower() for o in ident.other):
        found.append("other")
    if ident.submissions and (
            {eg._submission_key(m) for m in eg._UUID.findall(low)} & ident.submissions
            or set(re.findall(r"(?<!\d)\d{5,}(?!\d)", folded)) & ident.submissions):
        found.append("submission_id")
    if (ident.staff and set(re.findall(r"[a-z0-9][a-z0-9_\-]{3,}", low)) & ident.staff) or \
            (ident.staff_names and _plain_has_name(text, ident.staff_names)):
        found.append("staff")
    if ident.paths and any(p in text for p in ident.paths):
        found.append("local_path")
    return found


def _plain_has_name(text, names) -> bool:
    words = name_words(text)
    return any(" ".join(words[i:i + n]) in names for n in (2, 3, 4) for i in range(len(words) - n + 1))


def _plain_has_first_name(ident, text) -> bool:
    def norm(raw):
        return raw.lower() if raw.isascii() else lex.normalize_arabic(raw)

    words = [(m.group(), m.start(), m.end())
             for m in re.finditer(r"[\u0600-\u06FF\u0750-\u077F]+|[A-Za-z][A-Za-z'\-]*", text)]
    hits = [(raw, a, b) for raw, a, b in words if norm(raw) in ident.name_words]
    for raw, _, _ in hits:
        n = norm(raw)
        known = n in lex.ARABIC_FIRST_NAMES or n in lex.LATIN_FIRST_NAMES or n in lex.FAMILY_NAMES \
            or n in lex.PLACE_OR_INSTITUTION_WORDS
        if not known and (not raw.isascii() or (raw[:1].isupper() and raw[1:2].islower())):
            return True
    for _, s, e in hits:
        a0 = max(0, s - 200)
        spans = [(a + a0, b + a0) for a, b, k in patterns.identifier_spans(text[a0:e + 200])
                 if k == "person_name"]
        if any(a <= s and e <= b for a, b in spans):
            return True
    return False


def test_the_planted_fragments_are_found_at_all(identifiers):
    """The comparison below is not between two matchers that find nothing."""
    ident = eg._Identifiers(identifiers)
    found = {k for f in FRAGMENTS for k in ident._kinds_in(f, None)}
    assert found == {"person_name", "first_name", "phone", "national_id", "gps", "email", "other",
                     "submission_id", "staff", "local_path"}


def test_every_fragment_reads_as_the_plain_matcher_reads_it(identifiers):
    ident = eg._Identifiers(identifiers)
    for sep in SEPARATORS:
        for a in FRAGMENTS:
            for text in (a, f"Call {a}{sep}now", f"{a}{sep}{a}", f"\u200f{a}\u200e"):
                for only in (None, ("phone", "national_id")):
                    assert ident._kinds_in(text, only) == plain_kinds(ident, text, only), (text, only)


@settings(max_examples=400, deadline=None)
@given(texts(), st.sampled_from([None, ("phone", "national_id")]))
def test_any_text_reads_as_the_plain_matcher_reads_it(identifiers, text, only):
    ident = eg._Identifiers(identifiers)
    assert ident._kinds_in(text, only) == plain_kinds(ident, text, only)


def test_fragments_split_across_cells_read_as_the_plain_matcher_reads_them(identifiers):
    """Rows are matched joined (a phone split over three cells) for phones and ID numbers."""
    ident = eg._Identifiers(identifiers)
    for cells in (["0770", "123", "4567"], ["٠٧٧٠", "١٢٣", "٤٥٦٧"], ["1234", "5678", "9012"],
                  ["07\u200b70", "123", "4567"], ["Basra", "0770 123", "4567"], ["", "12", "3"]):
        text = " ".join(cells)
        assert ident.kinds_in(text, only=("phone", "national_id")) == \
            plain_kinds(ident, text, ("phone", "national_id"))
        assert plain_kinds(ident, text, None) == ident.kinds_in(text)
    assert ident.kinds_in("0770 123 4567", only=("phone", "national_id")) == ["phone"]


@settings(max_examples=300, deadline=None)
@given(texts())
def test_the_count_prefilter_drops_only_texts_without_a_count(text):
    matcher = eg._Matcher({}, DisclosurePolicy())
    assert matcher.prose_problems(text) == matcher._prose_problems(text)


def test_digits_that_are_not_decimal_digits_hold_no_count():
    matcher = eg._Matcher({}, DisclosurePolicy())
    for text in ("²", "³ respondents", "n = ²", "½ of them", "①", "n = 3", "٣ نساء", "0.0 %"):
        assert matcher.prose_problems(text) == matcher._prose_problems(text), text
    assert matcher.prose_problems("n = 3") and not matcher.prose_problems("n = ²")


# --------------------------------------------------------------------------- prepared identifiers
def test_identifiers_are_prepared_once_for_equal_values_and_again_when_they_change(identifiers):
    eg.forget_prepared()
    first = eg._Matcher(identifiers, DisclosurePolicy()).identifiers
    same = eg._Matcher({k: set(v) for k, v in identifiers.items()}, DisclosurePolicy()).identifiers
    assert same is first
    changed = dict(identifiers, phone=identifiers["phone"] | {"07801112222"})
    other = eg._Matcher(changed, DisclosurePolicy()).identifiers
    assert other is not first and other.kinds_in("0780 111 2222") == ["phone"]
    assert eg._Matcher(identifiers, DisclosurePolicy()).identifiers.kinds_in("0780 111 2222") == []
    with known_names(["Shilan Barzani"]):  # the name detector knows more: read texts again
        assert eg._Matcher(identifiers, DisclosurePolicy()).identifiers is not first


def test_a_gate_run_after_another_finds_what_a_first_run_finds(tmp_path, identifiers):
    from wpsresearch.privacy import scan_outputs

    (tmp_path / "a.html").write_text(
        "<p>Ask Rezan on 0770/123/4567 or ٠٧٨١٢٣٤٥٦٧٨</p><table><tr><td>0771</td><td>222</td>"
        "<td>3333</td></tr></table><p>n = 3</p><p>zainab_kadhim.jpg</p>", encoding="utf-8")
    (tmp_path / "b.csv").write_text("district,note\nBasra,enum_07\nKirkuk,33.3152 44.3661\n",
                                    encoding="utf-8")
    eg.forget_prepared()
    fresh = scan_outputs([tmp_path], identifiers=identifiers)
    again = scan_outputs([tmp_path], identifiers=identifiers)
    team = scan_outputs([tmp_path], identifiers=identifiers, check_counts=False, processed=True)
    eg.forget_prepared()
    assert fresh == again and len(fresh) >= 6
    assert team == scan_outputs([tmp_path], identifiers=identifiers, check_counts=False, processed=True)


# --------------------------------------------------------------------------- identifier spans
def plain_spans(text) -> list:
    """identifier_spans without its prefilters (every pattern run on every text)."""
    s = str(text).translate(patterns._DIGITS)
    masked = list(s)
    for m in patterns._PLACE_RE.finditer(lex.normalize_arabic_keep_length(s)):
        masked[m.start():m.end()] = " " * (m.end() - m.start())
    assert patterns._mask_places(s) == "".join(masked)
    names = patterns._name_runs(s) + name_shapes.capitalised_name_spans(s)
    spans = patterns._number_spans(s) + [(a, b, "person_name") for a, b in names]
    spans.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    kept = []
    for span in spans:
        if kept and span[0] < kept[-1][1]:
            if span[2] == kept[-1][2] == "person_name" and span[1] > kept[-1][1]:
                kept[-1] = (kept[-1][0], span[1], "person_name")
            continue
        kept.append(span)
    return kept


NUMBERS_NEAR_THE_LIMIT = ["ID card 12345", "ID card 123456", "passport A123456", "passport A1234567",
                          "هويه ١٢٣٤٥٦", "هويه 12345", "33°18'", "33 18'", "a@b.iq", "x@y", "07701",
                          "12.345 44.12", "12.345 44.123", "12345", "1234-56", "٠٧٧٠ ١٢٣ ٤٥٦٧"]


@pytest.mark.parametrize("text", FRAGMENTS + NUMBERS_NEAR_THE_LIMIT)
def test_spans_of_every_fragment_are_the_plain_spans(text):
    assert patterns.identifier_spans(text) == plain_spans(text)
    assert patterns.fold_digits(text) == text.translate(patterns._DIGITS)


@settings(max_examples=400, deadline=None)
@given(texts())
def test_spans_of_any_text_are_the_plain_spans(text):
    assert patterns.identifier_spans(text) == plain_spans(text)
    s = patterns.fold_digits(text)
    if not patterns._may_hold_number(s):
        assert patterns._number_spans(s) == []
    assert name_shapes._has_lower(text) == any("a" <= c <= "z" for c in text)


# --------------------------------------------------------------------------- columns
def plain_scan_column(series, name):
    """scan_column as it read a column before #20: every row, every distinct value scanned."""
    values = [v for v in pii._as_text(series) if v is not None]
    by_name = pii._kind_from_name(name)
    if by_name is None and lex.normalize_arabic(name).lower() in pii._METADATA:
        return []
    distinct = Counter(values)
    counts = {}
    for v, times in distinct.items():
        for kind in {k for _, _, k in patterns.identifier_spans(v)}:
            counts[kind] = counts.get(kind, 0) + times
    if by_name in (None, "gps_axis") and any(t in pii._NOT_PERSON for t in pii._name_tokens(name)):
        counts.pop("person_name", None)
    n = len(values) or 1
    n_person = sum(t for v, t in distinct.items() if pii._looks_like_person(v))
    if by_name != "person_name" and n_person / n >= 0.6 and len(values) >= 2 and \
            not any(t in pii._NOT_PERSON for t in pii._name_tokens(name)):
        counts["person_name"] = max(counts.get("person_name", 0), n_person)
    out = []
    for kind, k in sorted(counts.items()):
        role = "identifier_column" if k / n >= 0.5 else "text_with_identifiers"
        out.append(pii.IdentifierFinding(name, kind, role, "name+content" if kind == by_name else "content",
                                         k, k / n))
    if by_name and by_name not in counts:
        finding = pii._name_only_finding(name, by_name, values)
        if finding is not None:
            out.append(finding)
    return out


COLUMNS = {
    "mixed objects": pd.Series([1, 1.0, True, "1", None, math.nan, " x ", "", "0770 123 4567",
                                "٠٧٧٠١٢٣٤٥٦٧", "07\u200b70 123 4567", 7701234567.0, -0.0, 0.0, pd.NA],
                               dtype=object),
    "decimals": pd.Series([Decimal("1.0"), Decimal("1"), Decimal("NaN"), "1"], dtype=object),
    "time zones": pd.Series([pd.Timestamp("2024-01-01 00:00", tz="UTC"),
                             pd.Timestamp("2024-01-01 01:00", tz="Etc/GMT-1")], dtype=object),
    "floats": pd.Series([7701234567.0, 7701234567.0, math.nan, 33.3152, -0.0, 0.0, 1e20]),
    "nullable ints": pd.Series([7701234567, None, 12, 12], dtype="Int64"),
    "booleans": pd.Series([True, False, True]),
    "arrow strings": pd.Series(["زينب كاظم", "زينب كاظم", None, "Rezan Kakai", " ", "٣٣٫٣١٥٢ ٤٤٫٣٦٦١"],
                               dtype="string[pyarrow]"),
    "python strings": pd.Series(["Fatima Hassan", "fatima hassan", pd.NA, "0781 234 5678"], dtype="string"),
    "categories": pd.Series(pd.Categorical(["Zainab Ali", "Zainab Ali", "Ali Hassan", None])),
    "dates": pd.Series(pd.to_datetime(["2024-01-01", None, "2024-01-01"])),
    "empty": pd.Series([], dtype=object),
    "sparse": pd.Series(pd.arrays.SparseArray([0.0, 7701234567.0, 0.0, math.nan])),
    "arrow ints": pd.Series([7701234567, None, 3], dtype="int64[pyarrow]"),
    "unsigned": pd.Series([7701234567, 3, 3], dtype="uint64"),
}


@pytest.mark.parametrize("label", sorted(COLUMNS))
@pytest.mark.parametrize("name", ["q7", "phone", "respondent_name", "gps_latitude", "district_name"])
def test_a_column_is_scanned_as_the_plain_scan_reads_it(label, name):
    series = COLUMNS[label]
    assert pii._text_counts(series) == Counter(v for v in pii._as_text(series) if v is not None)
    assert pii.scan_column(series, name) == plain_scan_column(series, name)
    with pii.remembered_kinds():
        assert pii.scan_column(series, name) == plain_scan_column(series, name)


def test_a_column_with_lists_is_read_row_by_row():
    series = pd.Series([["0770 123 4567"], ["a"], None], dtype=object)
    assert pii._text_counts(series) == Counter(v for v in pii._as_text(series) if v is not None)


@settings(max_examples=150, deadline=None)
@given(st.lists(texts(), max_size=12))
def test_any_text_column_is_scanned_as_the_plain_scan_reads_it(values):
    for series in (pd.Series(values, dtype=object), pd.Series(values, dtype="string[pyarrow]")):
        assert pii.scan_column(series, "q12") == plain_scan_column(series, "q12")


def test_remembered_kinds_follow_the_names_known_inside_the_block():
    series = pd.Series(["Ask Rezan at the women centre"] * 3 + ["Ask Rezan about it"])
    with pii.remembered_kinds():
        before = pii.scan_column(series, "q3")
        with known_names(["Rezan Kakai"]):
            during = pii.scan_column(series, "q3")
        after = pii.scan_column(series, "q3")
    with known_names(["Rezan Kakai"]):
        assert during == plain_scan_column(series, "q3") and during
    assert before == after == plain_scan_column(series, "q3") == []


# --------------------------------------------------------------------------- readers
@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["# counts: n", "#", "a,b;c", "", "زينب;٠٧٧٠", "x" * 50, "1\t2"]),
                max_size=200), st.integers(min_value=0, max_value=300))
def test_the_sniffed_head_of_a_csv_is_its_first_lines_without_comments(lines, size):
    from wpsresearch.privacy.output_readers import _head_without_comments

    text = "\n".join(lines)
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    assert _head_without_comments(text, size) == body[:size]


def test_rows_of_a_table_read_whole_are_its_cells_joined(tmp_path):
    from wpsresearch.privacy.output_readers import Extract, _distinct_columns, read_output

    frame = pd.DataFrame({"district": ["Basra", None, "الزبير", "Basra"],
                          "note": ["0770", "123", pd.NA, "٤٥٦٧"],
                          "share": [12.5, math.nan, 3.0, 0.0],
                          "kind": pd.Categorical(["a", "b", None, "a"])})
    path = tmp_path / "t.parquet"
    frame.to_parquet(path)
    twice = pd.concat([frame, frame[["district"]]], axis=1)  # a repeated column name too
    for table, rows in ((pd.read_parquet(path), read_output(path).rows), (twice, None)):
        if rows is None:
            out = Extract()
            _distinct_columns(table, out)
            rows = out.rows
        expected = [(f"row {r}", joined) for r, joined in
                    enumerate(table.astype("string").fillna("").agg(" ".join, axis=1), start=1)]
        assert rows == expected
    assert expected[0][1] == "Basra 0770 12.5 a Basra" and expected[2][1] == "الزبير  3.0  الزبير"
