"""The CSV reader's fast paths against the plain ones (issue #16): the bytes searched in
slices, the checksum and byte scans on a second thread, the reader's memory pool."""

import hashlib
import re

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.io import csv_table, decoding
from wpsresearch.io.csv_table import _BIG, read_text_table


def _plain_may_hold_mojibake(data: bytes) -> bool:
    """The rule as one search over the whole bytes (before the slices)."""
    return decoding._MOJIBAKE_BYTES.search(data) is not None


def _mojibake_runs():
    """Every shape of run the pattern matches (lead letter + a 2- or 3-byte character) and
    near misses (a lead letter alone, a lead letter before a character it does not take)."""
    hits = [lead + c for lead in "طظعغ" for c in ("§", "„", "€", "ƒ")]
    misses = ["ط", "غا", "طالب", "\u00d8", "ع?"]
    return [h.encode("utf-8") for h in hits], [m.encode("utf-8") for m in misses]


@pytest.mark.parametrize("slice_size", [1, 2, 3, 5, 7, 16])
def test_mojibake_search_in_slices_equals_one_search(monkeypatch, slice_size):
    monkeypatch.setattr(decoding, "_SLICE", slice_size)
    hits, misses = _mojibake_runs()
    filler = "البصرة; a?b ".encode("utf-8")
    for run in hits + misses:
        # the run at every offset around the slice boundaries (a run cut by a boundary is found)
        for pad in range(0, 2 * slice_size + 6):
            data = filler[:pad % len(filler)] + b"x" * pad + run + filler
            assert decoding.may_hold_mojibake(data) == _plain_may_hold_mojibake(data), (run, pad)
    assert decoding.may_hold_mojibake(b"") is False
    assert decoding.may_hold_mojibake(b"".join(misses) * 3) is False
    assert decoding.may_hold_mojibake(b"x" * 40 + hits[-1]) is True


def _big_export(extra: str = "") -> bytes:
    lines = ['"name";"note";"_uuid"']
    n = 1000
    while True:
        lines += [f'"ماجدة {i}";"{extra if i == n // 2 else ""}";"u{i}"' for i in range(len(lines) - 1, n)]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        if len(data) > _BIG:
            return data
        n *= 2


@pytest.mark.parametrize("extra", ["", "ط§ظ„ط¨طµط±ط©", "why?", "ماجدة"])
def test_byte_facts_of_the_fast_path_equal_the_plain_scans(extra):
    data = _big_export(extra)
    table = read_text_table(data, file="big.csv")
    assert table.encoding == "utf-8"  # the fast path read it
    assert table.may_hold_mojibake == _plain_may_hold_mojibake(data)
    assert table.has_question_marks == (b"?" in data)
    assert table.may_hold_mojibake == ("ط§" in extra)


def test_reader_pool_does_not_change_the_table(monkeypatch):
    """jemalloc (where pyarrow has it) holds the cells; the table equals the default pool's."""
    data = _big_export("ط§ظ„")
    fast = read_text_table(data, file="big.csv")
    monkeypatch.setattr(csv_table, "_read_pool", lambda: None)
    plain = read_text_table(data, file="big.csv")
    pd.testing.assert_frame_equal(fast.frame, plain.frame, check_exact=True)
    assert np.array_equal(fast.source_rows, plain.source_rows)
    assert (fast.may_hold_mojibake, fast.has_question_marks) == (plain.may_hold_mojibake,
                                                                 plain.has_question_marks)


def test_checksum_from_the_bytes_read_equals_the_files(tmp_path):
    from wpsresearch.io.survey_data import file_sha256

    path = tmp_path / "export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + _big_export())
    want = hashlib.sha256(path.read_bytes()).hexdigest()
    assert file_sha256(path) == want == file_sha256(path, path.read_bytes())


def test_read_kobo_checksum_is_the_files(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('"start";"intro/consent";"respondent/age";"_uuid"\n'
                    '"2024-05-01T10:00:00";"yes";"٣٥";"a1"\n', encoding="utf-8-sig")
    sd = wps.io.read_kobo(path, form=wps.io.example_form())
    assert sd.source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert re.fullmatch(r"[0-9a-f]{64}", sd.source.sha256)


@pytest.mark.parametrize("columns", [
    {"a": [None, "x", None], "b": [None, None, "y"]},        # a blank row, every column has gaps
    {"a": [None, None, None], "b": ["1", "2", "3"]},          # a full column: no blank row
    {"a": [None, None, None]},                                # every row blank
    {"a": ["", None, "z"], "b": [None, None, None]},          # an empty text is not missing
    {},                                                        # no columns
])
@pytest.mark.parametrize("dtype", ["string[pyarrow]", object, "mixed"])
def test_blank_rows_equals_isna_all(columns, dtype):
    from wpsresearch.io.csv_table import blank_rows

    if dtype == "mixed":  # an object column first, then Arrow ones
        frame = pd.DataFrame({k: pd.Series(v, dtype=object if i == 0 else "string[pyarrow]")
                              for i, (k, v) in enumerate(columns.items())}, index=range(3))
    else:
        frame = pd.DataFrame({k: pd.Series(v, dtype=dtype) for k, v in columns.items()},
                             index=range(3))
    assert blank_rows(frame).tolist() == frame.isna().all(axis=1).tolist()
