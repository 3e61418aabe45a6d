"""The processed data's SPSS copy (io/spss_writer.py) of a wide real-world table."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pyreadstat

import wpsresearch as wps
from wpsresearch.io.spss_writer import write_sav


def test_a_wide_table_is_written_without_warnings(tmp_path):
    """A real form has hundreds of questions (the MSNA template: ~450 columns); writing them
    must not flood the user with pandas' fragmentation warnings, one per column."""
    form = wps.io.example_form()
    n, width = 30, 300
    rng = np.random.default_rng(1)
    main = pd.DataFrame({f"q{i}": rng.integers(0, 5, n).astype(float) for i in range(width)})
    main["consent"] = pd.Categorical(["yes"] * n, categories=["yes", "no"])
    main["flag"] = pd.array([True, False] * (n // 2), dtype="boolean")
    main["note"] = pd.array(["x"] * n, dtype="string")
    path = tmp_path / "wide.sav"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        write_sav(main, form, path)
    back, meta = pyreadstat.read_sav(str(path))
    assert back.shape == (n, width + 3)
    assert back["q7"].tolist() == main["q7"].tolist()
    assert meta.variable_value_labels["consent"] == {1.0: "Yes", 2.0: "No"}
