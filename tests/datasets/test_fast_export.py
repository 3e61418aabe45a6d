"""The column-wise export path (built for ``synth --n 1000000``) writes what the row-wise one did.

References used here are independent of the fast path: openpyxl's own write-only writer for
the XLSX sheets, the csv module fed one dict per submission for the CSV, plain list
scanning for the random pool, and the clean analysis frame (``draw_sample``, built by
:mod:`wpsresearch.datasets.analysis_frame`) for the XML values of a 2,000-interview export.
Byte equality with the previously published files is tested on the committed study
(``test_committed.py``, slow).
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wpsresearch as wps
from wpsresearch.datasets import kobo_files, xlsx_sheets
from wpsresearch.datasets.kobo_files import (
    MAIN_SHEET, ROSTER_PATH, Table, csv_text, kobo_xlsx_bytes, roster_table, table, write_kobo_csv,
)
from wpsresearch.datasets.messiness import KINDS, _Pool
from wpsresearch.datasets.submissions import ROSTER_FIELDS, RowValues

from .conftest import read_kobo_csv

SEED = 11


@pytest.fixture(scope="module")
def built():
    """Submissions of a small messy study, before any file is written."""
    from wpsresearch.datasets.population import make_population
    from wpsresearch.datasets.sampling import field_sample
    from wpsresearch.datasets.study_writer import _scale, _submissions

    pop = make_population(SEED, _scale(480))
    fs = field_sample(pop, 480, SEED + 1)
    subs, records, base = _submissions(pop, fs, KINDS, SEED)
    return subs, records, base


def _as_dicts(subs):
    """Each submission as the plain dict the row-wise writer held."""
    return [{c: s.values[c] for c in s.values} for s in subs]


def test_csv_in_blocks_equals_the_row_wise_csv(built, tmp_path, monkeypatch):
    subs, _, _ = built
    header = kobo_files.main_columns()
    reference = csv_text(header, [[d.get(c, "") for c in header] for d in _as_dicts(subs)]).encode("utf-8")
    monkeypatch.setattr(kobo_files, "CHUNK", 37)  # many blocks, a short last one
    write_kobo_csv(tmp_path / "export.csv", table(subs))
    assert (tmp_path / "export.csv").read_bytes() == reference


def _openpyxl_workbook(tab: Table, roster: dict) -> bytes:
    """The export written cell by cell by openpyxl (write-only), the reference writer."""
    from openpyxl import Workbook

    from wpsresearch.datasets.xlsx_bytes import workbook_bytes

    wb = Workbook(write_only=True)
    main = wb.create_sheet(MAIN_SHEET)
    main.append(tab.header)
    ints = {"_id", "_index"}
    for row in zip(*[tab.columns[c] for c in tab.header]):
        main.append([int(v) if c in ints else (v if v != "" else None) for c, v in zip(tab.header, row)])
    ros = wb.create_sheet("roster")
    ros.append([f"{ROSTER_PATH}/{f}" for f in ROSTER_FIELDS]
               + ["_index", "_parent_table_name", "_parent_index", "_submission__id", "_submission__uuid"])
    for k, p in enumerate(roster["_parent_row"].tolist()):
        ros.append([roster["member_sex"][k], int(roster["member_age"][k]), roster["member_relation"][k], k + 1,
                    MAIN_SHEET, int(tab.columns["_index"][p]), int(tab.columns["_id"][p]), tab.columns["_uuid"][p]])
    return workbook_bytes(wb)


def test_streamed_xlsx_equals_openpyxls_bytes(built, monkeypatch):
    subs, _, base = built
    tab = table(subs)
    # text that needs XML escaping or xml:space="preserve", and scripts cp1256 lacks
    tricky = ["a & b <c> d", " leading", "trailing ", "   ", "x\ny", "شیلان ڕێبوار", "٤٥", "tab\there", "\"quoted\""]
    col = tab.columns["open/safer_suggestion"]
    col[: len(tricky)] = tricky
    roster = roster_table(subs, base)
    monkeypatch.setattr(xlsx_sheets, "CHUNK", 53)
    assert kobo_xlsx_bytes(tab, roster, level=9) == _openpyxl_workbook(tab, roster)


def test_streamed_xlsx_refuses_what_openpyxl_would_not_store_as_text():
    with pytest.raises(ValueError):
        list(xlsx_sheets.sheet_xml_chunks(["q"], [(np.array(["=1+1"], dtype=object), False)]))


def test_roster_rows_follow_their_submission(built):
    subs, _, base = built
    tab = table(subs)
    roster = roster_table(subs, base)
    parent = roster["_parent_row"]
    assert parent.size == sum(len(s.roster) for s in subs)
    assert np.all(np.diff(parent) >= 0)
    # the household head of every roster is its first row, and test submissions keep one member
    first = np.r_[True, parent[1:] != parent[:-1]]
    assert set(roster["member_relation"][first]) == {"head"}
    kinds = np.array([s.kind for s in subs])
    for k in np.flatnonzero(kinds == "test"):
        assert (parent == k).sum() == 1
    for k in np.flatnonzero(kinds == "duplicate_partial"):
        assert (parent == k).sum() == 0
    assert tab.columns["_index"].tolist() == [str(i) for i in range(1, len(subs) + 1)]


def test_row_values_read_and_write_like_a_dict():
    base = {"a": np.array(["1", "2"], dtype=object), "b": np.array(["x", ""], dtype=object)}
    v = RowValues(base, 1)
    assert v["a"] == "2" and v.get("b") == "" and v.get("zz", "?") == "?" and "a" in v and "zz" not in v
    assert v.setdefault("c", "new") == "new" and v.setdefault("a", "no") == "2"
    assert list(v) == ["a", "b", "c"]
    w = copy.deepcopy(v)
    w["a"] = "changed"
    assert v["a"] == "2" and w["a"] == "changed" and base["a"][1] == "2"
    assert w.pop("c") == "new" and "c" not in w and "c" in v
    refused = RowValues(base, -1, {"intro/consent": "no"})
    assert list(refused) == ["intro/consent"] and refused.get("a", "") == ""
    with pytest.raises(KeyError):
        refused["a"]


def _take_by_list_removal(items, order, requests):
    pool = list(order)
    out = []
    for k, ok in requests:
        chosen = []
        for idx in list(pool):
            if len(chosen) == k:
                break
            if ok(items[idx]):
                chosen.append(items[idx])
                pool.remove(idx)
        out.append(chosen)
    return out


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 60), st.lists(st.tuples(st.integers(0, 12), st.integers(1, 4)), max_size=8),
       st.integers(0, 2**32 - 1))
def test_pool_takes_what_list_removal_took(n, requests, seed):
    order = np.random.default_rng(seed).permutation(n)
    items = list(range(n))
    reqs = [(k, (lambda m: (lambda x: x % m == 0))(m)) for k, m in requests]
    pool = _Pool(items, order)
    assert [pool(k, ok) for k, ok in reqs] == _take_by_list_removal(items, order, reqs)


@pytest.mark.slow
def test_a_2000_interview_export_holds_the_sampled_answers(tmp_path):
    """Every completed interview of the export is a row of the clean sample frame, in XML values."""
    from wpsresearch.datasets.population import make_population
    from wpsresearch.datasets.questionnaire import group_paths
    from wpsresearch.datasets.sampling import draw_sample
    from wpsresearch.datasets.study_writer import _scale

    n, seed = 2000, 5
    wps.datasets.write_synthetic_study(tmp_path, n=n, seed=seed, messy=False)
    header, rows = read_kobo_csv(tmp_path / "export.csv")
    frame = draw_sample(make_population(seed, _scale(n)), n=n, seed=seed + 1)
    assert len(rows) == n
    paths = group_paths()
    pairs = []
    for name in frame.columns:
        base, _, opt = name.partition("__")
        if base in paths and name not in ("age_at_marriage", "weight"):
            pairs.append((name, paths[base] + (f"/{opt}" if opt else "")))
    assert len(pairs) > 60
    want = []
    for name, _ in pairs:
        s = frame[name]
        if str(s.dtype) == "boolean":
            want.append(s.map({True: "1", False: "0"}).astype(object).where(s.notna(), "").tolist())
        else:
            want.append(s.astype(object).where(s.notna(), "").astype(str).tolist())
    cols = [header.index(path) for _, path in pairs]
    assert sorted(zip(*want)) == sorted(tuple(r[j] for j in cols) for r in rows)
    weights = sorted(format(w, ".12g") for w in frame["weight"])
    assert weights == sorted(r[header.index("location/weight")] for r in rows)



def test_above_excels_row_limit_the_readme_says_why_there_is_no_xlsx(tmp_path, monkeypatch):
    (tmp_path / "export.xlsx").write_bytes(b"stale")  # a previous, smaller study's file
    monkeypatch.setattr(kobo_files, "EXCEL_MAX_ROWS", 200)  # a 96-interview roster has ~500 rows
    written = wps.datasets.write_synthetic_study(tmp_path, n=96, seed=3, messy=False)
    assert "export.xlsx" not in [p.name for p, _ in written]
    assert not (tmp_path / "export.xlsx").exists()
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "`export.xlsx`: not written: its roster sheet would need" in readme and "1,048,576" in readme


def test_headline_only_answers_are_the_full_answers():
    from wpsresearch.datasets.answers import person_answers
    from wpsresearch.datasets.truth import _headline_frame, derive_headline

    pop = wps.datasets.make_population(seed=4, scale=0.25)
    pid = np.arange(0, pop.n_adults, 7)
    full = person_answers(pop, pid)
    short = person_answers(pop, pid, headline_only=True)
    assert set(short) < set(full)
    for k, v in short.items():
        assert np.array_equal(np.asarray(v), np.asarray(full[k])), k
    assert derive_headline(_headline_frame(short)).equals(derive_headline(pop.persons(pid)))
