"""The package's own promises: lazy imports, errors that name where, raw data read-only."""

import subprocess
import sys

import pytest

import wpsresearch as wps
from wpsresearch.errors import InputError, WpsError
from wpsresearch.io.paths import ensure_writable


def test_import_is_lazy():
    # a fresh interpreter: importing the package must not pull in pandas/scipy/matplotlib
    code = (
        "import sys, wpsresearch;"
        "heavy = [m for m in ('pandas', 'scipy', 'matplotlib', 'geopandas', 'nbconvert') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_stages_load_on_first_use():
    for stage in wps.STAGES:
        module = getattr(wps, stage)
        assert module.__name__ == f"wpsresearch.{stage}"
    with pytest.raises(AttributeError):
        wps.no_such_stage  # noqa: B018


def test_error_names_file_row_column_and_hint():
    err = InputError("bad value", file="x.csv", row=[3, 4], column="age", hint="fix it")
    text = str(err)
    assert text.startswith("x.csv, rows 3, 4, column 'age': bad value")
    assert text.endswith("What to do: fix it.")
    assert isinstance(err, WpsError) and isinstance(err, ValueError)


def test_errors_survive_pickling():
    import pickle

    err = InputError("bad", file="f.csv", row=2, column="c", hint="h")
    back = pickle.loads(pickle.dumps(err))
    assert str(back) == str(err) and back.column == "c"


@pytest.mark.parametrize(
    "path",
    ["data/raw/x.csv", "data/raw", "project/data/raw/synthetic/export.csv", "data/./raw/y"],
)
def test_writers_refuse_raw(path):
    with pytest.raises(InputError, match="raw-data folder"):
        ensure_writable(path)


def test_raw_allowed_only_on_request(tmp_path):
    assert ensure_writable(tmp_path / "data" / "raw" / "s", allow_raw=True).name == "s"
    assert ensure_writable(tmp_path / "data" / "processed" / "s").name == "s"


def test_label_table_is_complete_and_unique():
    labels = wps.Labels.default()
    frame = labels.to_frame()
    assert frame["key"].is_unique
    assert (frame["en"].str.strip() != "").all() and (frame["ar"].str.strip() != "").all()
    # Arabic column really is Arabic script (catches swapped columns), unless the English
    # label has no letters at all (an age range such as "0-11")
    has_letters = frame["en"].str.contains(r"[A-Za-z]")
    bad = frame[has_letters & ~frame["ar"].str.contains(r"[\u0600-\u06FF]")]
    assert bad.empty, bad[["key", "en", "ar"]].to_string()
