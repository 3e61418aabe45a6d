"""Big exports take a fast path (pyarrow checks UTF-8 while parsing); every encoding
problem must still be found exactly as on small files."""

import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.io.csv_table import _BIG, read_text_table


def _rows(n):
    lines = ['"name";"place";"_uuid"']
    lines += [f'"ماجدة {i}";"البصرة";"u{i}"' for i in range(n)]
    return "\n".join(lines) + "\n"


def _big_text():
    n = 1000
    while len(_rows(n).encode("utf-8")) <= _BIG:
        n *= 2
    return _rows(n), n


@pytest.mark.parametrize("encoding, expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                                ("cp1256", "cp1256")])
def test_big_file_in_each_encoding_reads_the_same(encoding, expected):
    text, n = _big_text()
    table = read_text_table(text.encode(encoding), file="big.csv")
    assert table.encoding == expected and len(table.frame) == n
    assert table.frame["place"].eq("البصرة").all() and table.frame["name"].iloc[-1] == f"ماجدة {n - 1}"


def test_invalid_utf8_deep_in_a_big_file_is_not_read_as_utf8():
    text, n = _big_text()
    raw = text.encode("utf-8")
    cut = len(raw) - 50  # one cp1256 byte far beyond the decoded head
    raw = raw[:cut] + "ة".encode("cp1256") + raw[cut:]
    table = read_text_table(raw, file="big.csv")
    assert table.encoding == "cp1256"  # the careful path decided, not the fast one


def test_a_ragged_row_in_a_big_file_is_named(tmp_path):
    text, n = _big_text()
    lines = text.splitlines()
    lines[n // 2] += ';"extra"'
    with pytest.raises(wps.errors.InputError) as err:
        read_text_table(("\n".join(lines) + "\n").encode(), file="big.csv")
    assert str(n // 2 + 1) in str(err.value)
