"""The analysis frame is built once per process for the same processed file and indicators."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pandas as pd

from wpsresearch.report import indicators
from wpsresearch.report.indicators import add_indicators, analysis_frame

_MAPPING = {"answers": {"night_unsafe": {"question": "S2", "yes": ["unsafe"]}},
            "help_seeking": {"question": "Q7", "options": {"police": "shurta", "family": "ahl"}}}


def _study(folder, mapping=_MAPPING):
    reads = []

    def read_processed():
        reads.append(1)
        return pd.read_parquet(folder / "respondents.parquet")

    return SimpleNamespace(processed_dir=folder, indicators=mapping, root=folder,
                           read_processed=read_processed, reads=reads)


def _write(folder, answers):
    pd.DataFrame({"S2": pd.array(answers, dtype="string"),
                  "Q7": pd.array(["shurta", "ahl", None][:len(answers)], dtype="string")}
                 ).to_parquet(folder / "respondents.parquet")


def test_kept_frame_is_the_built_frame_and_follows_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(indicators, "_FRAMES", {})
    _write(tmp_path, ["unsafe", "safe", None])
    study = _study(tmp_path)
    fresh = add_indicators(pd.read_parquet(tmp_path / "respondents.parquet"), _MAPPING)
    first = analysis_frame(study)
    pd.testing.assert_frame_equal(first, fresh)
    first.loc[0, "night_unsafe"] = False           # the caller's copy: not the kept one
    first["extra"] = 1
    again = analysis_frame(study)
    pd.testing.assert_frame_equal(again, fresh)
    assert study.reads == [1]                       # read once
    other = _study(tmp_path, {"answers": {"night_safe": {"question": "S2", "yes": ["safe"]}}})
    assert analysis_frame(other)["night_safe"].tolist() == [False, True, pd.NA]
    _write(tmp_path, ["safe", "unsafe"])            # rebuilt: read again
    st = os.stat(tmp_path / "respondents.parquet")
    os.utime(tmp_path / "respondents.parquet", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert analysis_frame(study)["night_unsafe"].tolist() == [False, True]
    assert study.reads == [1, 1]


def test_a_study_without_a_processed_file_is_not_kept(monkeypatch):
    monkeypatch.setattr(indicators, "_FRAMES", {})
    study = SimpleNamespace(indicators=_MAPPING, root=None,
                            read_processed=lambda: pd.DataFrame({"S2": ["unsafe"], "Q7": ["ahl"]}))
    assert analysis_frame(study)["night_unsafe"].tolist() == [True]
    assert indicators._FRAMES == {}
