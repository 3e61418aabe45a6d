"""Same seed -> byte-identical files; another seed -> different data."""

from __future__ import annotations

import wpsresearch as wps


def test_regeneration_is_byte_identical(small_study, tmp_path):
    first_dir, written = small_study
    again = wps.datasets.write_synthetic_study(tmp_path / "again", n=480, seed=11)
    assert [p.name for p, _ in again] == [p.name for p, _ in written]
    for path, desc in again:
        assert desc
        assert path.read_bytes() == (first_dir / path.name).read_bytes(), path.name


def test_another_seed_gives_other_data(small_study, tmp_path):
    first_dir, _ = small_study
    other = dict((p.name, p) for p, _ in wps.datasets.write_synthetic_study(tmp_path / "other", n=480, seed=12))
    for name in ("export.csv", "export.xlsx", "truth.json", "injected.json", "sampling_frame.csv"):
        assert other[name].read_bytes() != (first_dir / name).read_bytes(), name
    # the form does not depend on the seed
    assert other["form.xlsx"].read_bytes() == (first_dir / "form.xlsx").read_bytes()


def test_load_synthetic_is_deterministic_and_fresh():
    a = wps.datasets.load_synthetic(n=480, seed=1)
    b = wps.datasets.load_synthetic(n=480, seed=1)
    assert a.equals(b) and a is not b
    a.loc[0, "weight"] = -1.0
    assert wps.datasets.load_synthetic(n=480, seed=1).loc[0, "weight"] > 0
    c = wps.datasets.load_synthetic(n=480, seed=2)
    assert not c["weight"].equals(b["weight"])


def test_population_answers_do_not_depend_on_the_batch():
    pop = wps.datasets.make_population(seed=5, scale=0.25)
    whole = pop.persons(range(0, 2000))
    part = pop.persons([10, 1500, 7])
    assert part.reset_index(drop=True).equals(whole.iloc[[10, 1500, 7]].reset_index(drop=True))


def test_workbook_bytes_do_not_depend_on_the_platform(monkeypatch):
    """zipfile.ZipInfo takes create_system from the platform (0 on Windows, 3 elsewhere): the
    synthetic workbooks must be the same bytes whichever machine writes them."""
    import sys

    from openpyxl import Workbook

    from wpsresearch.datasets.xlsx_bytes import workbook_bytes

    def book():
        wb = Workbook()
        wb.active.append(["q", "answer"])
        return wb

    here = workbook_bytes(book())
    monkeypatch.setattr(sys, "platform", "win32" if sys.platform != "win32" else "linux")
    assert workbook_bytes(book()) == here
