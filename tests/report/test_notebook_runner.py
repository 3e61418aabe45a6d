"""The report kernels: what stays in a kernel between two notebooks (and what does not)."""

from __future__ import annotations

import nbformat


def _nb(*sources):
    v4 = nbformat.v4
    return v4.new_notebook(cells=[v4.new_code_cell(s) for s in sources])


def _out(nb, cell):
    return nb.cells[cell].outputs[0]["data"]["text/plain"]


def test_kernel_frees_what_a_notebook_dropped_though_it_was_frozen(tmp_path):
    """The kernel freezes what outlives a reset out of the garbage collector (gc.freeze, for
    speed); the next reset unfreezes it first, so an object kept alive across one reset (a
    cache) and dropped later in a reference cycle is still freed.  No name is left behind."""
    from wpsresearch.report.notebook_runner import NotebookRunner

    hold = _nb("import builtins, weakref\n"
               "class Kept:\n    pass\n"
               "kept = Kept()\nkept.me = kept  # a cycle: only the collector frees it\n"
               "builtins._wps_test_kept = kept\nbuiltins._wps_test_ref = weakref.ref(kept)")
    drop = _nb("import builtins, gc\n"
               "frozen = gc.get_freeze_count() > 0 and any(o is builtins._wps_test_kept\n"
               "    for o in gc.get_objects()) is False\n"
               "del builtins._wps_test_kept\nfrozen")
    check = _nb("import builtins\nbuiltins._wps_test_ref() is None",
                "sorted(n for n in dir() if not n.startswith('_'))")
    with NotebookRunner(1) as runner:
        runner.submit(hold, cwd=tmp_path).result()
        dropped = runner.submit(drop, cwd=tmp_path).result()
        checked = runner.submit(check, cwd=tmp_path).result()
    assert _out(dropped, 0) == "True"   # frozen: the collector did not track it
    assert _out(checked, 0) == "True"   # yet freed at the next reset
    names = _out(checked, 1)
    assert "'builtins'" in names and "'gc'" not in names and "'os'" not in names


def test_kernels_beside_this_process_leave_it_a_core(monkeypatch):
    from wpsresearch.report import notebook_runner

    for cores, notebooks, expected in [(2, 5, 1), (1, 5, 1), (None, 5, 1), (8, 5, 5), (8, None, 7), (4, 0, 1)]:
        monkeypatch.setattr(notebook_runner.os, "cpu_count", lambda cores=cores: cores)
        assert notebook_runner.kernels_beside_this_process(notebooks) == expected, (cores, notebooks)
