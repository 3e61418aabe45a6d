"""Fuzz the readers: whatever the bytes, they return data or raise a WpsError, nothing else."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wpsresearch as wps

FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
HEADERS = ["start", "intro/consent", "respondent/age", "help/help_sought",
           "help/help_sought/police", "_gps_latitude", "_uuid", "_index", "X_uuid",
           "respondent.age", "help-help_sought", "uuid", "?", "", "ال?", "#hxl"]
CELLS = st.one_of(st.sampled_from(["yes", "no", "٣٥", "NA", "n/a", "True", "ط§ظ„", "ر?ژ",
                                   "??", "45123", "police other", '"', ";", "\n", ""]),
                  st.text(max_size=8))


def _run(reader, data: bytes, suffix: str, **kwargs):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            result = reader(path, **kwargs)
        except wps.errors.WpsError as err:
            _assert_good_error(err, path)
        else:
            assert isinstance(result, (wps.io.SurveyData, wps.io.Codebook))
            if isinstance(result, wps.io.SurveyData):
                assert result.main.columns.is_unique


# A programming error caught by the reader boundary still becomes an InputError naming the
# file: what makes a good error is that it explains the *file*, not a bug of ours.
_BUG_TYPES = (KeyError, IndexError, AttributeError, TypeError, NameError, AssertionError,
              UnboundLocalError, RecursionError, ZeroDivisionError)


def _assert_good_error(err, path):
    message = str(err)
    assert str(path) in message or path.name in message
    assert "\n" not in message.strip() and "Traceback" not in message, message
    assert "What to do" in message, message
    assert not isinstance(err.__cause__, _BUG_TYPES), f"a bug surfaced as a file error: {message}"
    assert not any(f"({t.__name__}" in message for t in _BUG_TYPES), message


@pytest.fixture(scope="module")
def form():
    return wps.io.example_form()


@FUZZ
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".xlsx", ".zip"]))
def test_read_kobo_on_random_bytes(form, data, suffix):
    _run(wps.io.read_kobo, data, suffix, form=form)


@FUZZ
@given(header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8),
       rows=st.lists(st.lists(CELLS, max_size=9), max_size=5),
       sep=st.sampled_from([";", ",", "\t", ":"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1256"]))
def test_read_kobo_on_csv_like_text(form, header, rows, sep, encoding):
    lines = [sep.join(f'"{h}"' for h in header)]
    lines += [sep.join(f'"{c}"' if i % 2 else c for i, c in enumerate(row)) for row in rows]
    data = "\n".join(lines).encode(encoding, errors="replace")
    _run(wps.io.read_kobo, data, ".csv", form=form)
    _run(wps.io.read_odk_central, data, ".csv", form=form)


@FUZZ
@given(data=st.binary(max_size=300), flips=st.lists(st.integers(0, 10_000), max_size=6))
def test_form_spss_and_excel_readers_on_damaged_files(data, flips):
    base = bytearray(_template_xlsx())
    for position in flips:
        base[position % len(base)] ^= 0xFF
    _run(wps.io.read_xlsform, bytes(base), ".xlsx")
    _run(wps.io.read_excel, bytes(base), ".xlsx")
    _run(wps.io.read_spss, data, ".sav")
    _run(wps.io.read_xlsform, data, ".xlsx")


_TEMPLATE: list = []


def _template_xlsx() -> bytes:
    if not _TEMPLATE:
        with tempfile.TemporaryDirectory() as folder:
            path = wps.io.write_example_form(Path(folder) / "f.xlsx")
            _TEMPLATE.append(path.read_bytes())
    return _TEMPLATE[0]


ARABIC = st.text(alphabet=st.sampled_from([chr(c) for c in range(0x0621, 0x064B)] + [" "]),
                 min_size=1, max_size=30)
SORANI = st.sampled_from(list("ڕڵۆێە"))


@FUZZ
@given(text=ARABIC)
def test_mojibake_repair_round_trips_and_leaves_arabic_alone(text):
    from wpsresearch.io.decoding import repair_mojibake

    assert repair_mojibake(text) == text
    broken = text.encode("utf-8").decode("cp1256")
    assert repair_mojibake(broken) == text


@FUZZ
@given(words=st.lists(st.tuples(ARABIC.filter(lambda t: t.strip() == t and t), SORANI,
                                 st.integers(0, 30)), min_size=1, max_size=4))
def test_a_sorani_letter_lost_to_cp1256_is_always_found(words):
    from wpsresearch.io.decoding import cell_lost_characters

    text = " ".join(w[:k % (len(w) + 1)] + s + w[k % (len(w) + 1):] for w, s, k in words)
    saved = text.encode("cp1256", errors="replace").decode("cp1256")
    assert "?" in saved
    assert cell_lost_characters(saved, strict=True)
