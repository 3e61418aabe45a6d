"""Python kernels that execute report notebooks, one after another in each kernel.

A report build executes one notebook per province (and the comparison).  Starting a kernel and
importing the library, pandas, matplotlib and geopandas into it costs seconds, the same
seconds for every notebook; so a :class:`NotebookRunner` starts a few kernels once (while
the study is still being built, in the demo) and runs each notebook in the next free one.
Between two notebooks the kernel is reset as JupyterLab's "Restart" leaves the user's view of
it: an empty namespace, execution counts from 1, the notebook's folder as working directory.
Only the imported modules stay loaded, and the library keeps no state between calls but
caches of files it read (keyed on the file and its modification time).

Parameters are written into the notebook as papermill does (its ``parameters`` tag and
``injected-parameters`` cell, :func:`papermill.parameterize.parameterize_notebook`); cells are
executed by nbclient, the engine papermill itself drives, without papermill's rewrite of the
whole notebook file after every cell (for a report notebook full of images, most of the
time of a build).

Kernels talk to the runner over IPC (Unix sockets in a private temporary folder) on POSIX:
nothing listens on a port, and ipykernel has no reason for its "running over TCP without
encryption" warning.  Windows has no IPC transport: there a kernel keeps TCP on localhost
and its log level is raised so that warning does not reach the user's terminal.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import tempfile
import threading
from concurrent.futures import Future
from pathlib import Path

from wpsresearch.errors import ReportError

__all__ = ["NotebookRunner", "PendingNotebooks", "kernel_manager", "kernels_beside_this_process", "WARM_UP"]

# imported into each kernel as soon as it starts (while the study is built, in the demo):
# what every report notebook imports first, and what its first cell and displays import
# (the study and its form, the processed data, the disclosure policy, charts and maps):
# 1.2 s of CPU of each kernel's first notebook, spent while the study is built, when the
# kernels would otherwise wait.  Then everything alive is frozen out of the
# cyclic garbage collector (gc.freeze, as a pre-fork server does): the modules stay loaded
# for the kernel's life, and each full collection no longer walks their ~130,000 objects.
# Measured on the demo's kernel running 3 notebooks: 1.0 s of CPU in the collector before,
# 0.3-0.5 s after (a full collection of the warm kernel 0.08 s -> 0.00 s).
WARM_UP = ("import wpsresearch, wpsresearch.report, wpsresearch.stats, wpsresearch.viz\n"
           "import pandas, matplotlib, geopandas\n"
           "from IPython.display import display\n"
           "import wpsresearch.report.plan_report, wpsresearch.report.comparison_view\n"
           "import wpsresearch.study, wpsresearch.privacy, wpsresearch.viz.bar_charts\n"
           "import wpsresearch.viz.maps, matplotlib.figure, matplotlib.backends.backend_agg\n"
           "import pyxform, pyarrow.parquet, pyogrio")
_FREEZE = "__import__('gc').freeze()"  # leaves no name behind in the namespace
_START_TIMEOUT = 120.0


def kernels_beside_this_process(notebooks: int | None = None) -> int:
    """Kernels to start when this process works too while they run (the demo and
    ``report --all`` make fact sheets, campaign images and exports meanwhile): one core
    fewer than the machine has, at least 1, at most ``notebooks``.

    A kernel costs its start and warm-up imports (1.3 s of CPU or more) and, on a machine
    whose cores this process and the demo's second process already use, only takes cores from
    them.  Measured with ``benchmarks/bench_reports.py`` on 2 cores, fresh processes, paired
    runs: 2 kernels 26.3 s (other processes' CPU 28.1-28.6 s), 1 kernel 22.9-23.3 s
    (24.6-24.8 s).

    Examples
    --------
    >>> kernels_beside_this_process(1)
    1
    """
    count = max(1, (os.cpu_count() or 1) - 1)
    return count if notebooks is None else max(1, min(count, int(notebooks)))


def kernel_manager(workdir, name: str = "kernel"):
    """An :class:`~jupyter_client.AsyncKernelManager` for a quiet local ``python3`` kernel:
    IPC sockets under ``workdir`` (a short private folder) on POSIX, TCP on Windows."""
    from jupyter_client.manager import AsyncKernelManager

    if os.name == "posix":
        return AsyncKernelManager(kernel_name="python3", transport="ipc",
                                  ip=str(Path(workdir).resolve() / name))
    return AsyncKernelManager(kernel_name="python3")


def _reset_code(cwd) -> str:
    # the namespace emptied and the counts restarted (IPython's own reset), in the
    # notebook's folder; the reset itself leaves no variable behind.  The reset's full
    # collection sees every object (unfrozen first), so nothing the last notebook left in a
    # cycle is kept; what survives it (modules, the library's file caches) is frozen again.
    return (f"import os\nos.chdir({str(Path(cwd).resolve())!r})\n"
            "__import__('gc').unfreeze()\n"
            f"get_ipython().reset(new_session=True)\n{_FREEZE}")


class _Kernel:
    def __init__(self, workdir, index: int):
        self.workdir, self.index = workdir, index
        self.km = self.kc = None

    async def start(self):
        self.km = kernel_manager(self.workdir, f"k{self.index}")
        extra = [] if os.name == "posix" else ["--IPKernelApp.log_level=ERROR"]
        await self.km.start_kernel(cwd=self.workdir, extra_arguments=extra)
        self.kc = self.km.client()
        self.kc.start_channels()
        await self.kc.wait_for_ready(timeout=_START_TIMEOUT)
        await self.quietly(f"{WARM_UP}\n{_FREEZE}")

    async def quietly(self, code: str):
        """Run ``code`` silently; a failure raises (with the kernel's own message)."""
        errors = []

        def hook(msg):
            if msg["msg_type"] == "error":
                errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")

        reply = await self.kc.execute_interactive(code, silent=True, store_history=False,
                                                  output_hook=hook, timeout=_START_TIMEOUT)
        if reply["content"].get("status") != "ok":
            raise ReportError(f"the notebook kernel could not prepare ({'; '.join(errors)})",
                              hint="check that the environment has ipykernel and wpsresearch")

    async def alive(self) -> bool:
        return self.km is not None and self.kc is not None and await self.km.is_alive()

    async def stop(self):
        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None and self.km.has_kernel:
            await self.km.shutdown_kernel(now=False)
        self.km = self.kc = None


class NotebookRunner:
    """Kernels executing notebooks; use as a context manager (kernels stop on exit).

    Parameters
    ----------
    kernels : int, optional
        How many notebooks run at the same time, each in its own kernel (default: the number
        of cores, at least 1).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 6 * 7\\nx")])
    >>> with NotebookRunner(1) as runner:
    ...     done = runner.submit(nb, cwd=".").result()
    >>> done.cells[0].outputs[0]["data"]["text/plain"], done.cells[0].execution_count
    ('42', 1)
    """

    def __init__(self, kernels: int | None = None):
        self._workdir = tempfile.mkdtemp(prefix="wps-k-")  # short: a Unix socket path is <108 bytes
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="wps-kernels",
                                        daemon=True)
        self._thread.start()
        self._closed = False
        count = max(1, int(kernels or os.cpu_count() or 1))
        self._kernels = [_Kernel(self._workdir, i) for i in range(count)]
        self._free = self._call(self._make_queue()).result()
        for kernel in self._kernels:
            self._call(self._start(kernel))
        atexit.register(self.close)

    # -- the kernels' own thread ------------------------------------------------------
    def _call(self, coro) -> Future:
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    async def _make_queue(self):
        return asyncio.Queue()

    async def _start(self, kernel):
        try:
            await kernel.start()
        except Exception:  # started again, with its error raised, when a notebook needs it
            pass
        finally:
            self._free.put_nowait(kernel)

    async def _run(self, nb, parameters, cwd):
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError

        nb = _parameterized(nb, parameters)
        kernel = await self._free.get()
        try:
            if not await kernel.alive():  # never started, or died in the last notebook
                await kernel.stop()
                await kernel.start()
            await kernel.quietly(_reset_code(cwd))
            client = NotebookClient(nb, km=kernel.km, kernel_name="python3",
                                    resources={"metadata": {"path": str(cwd)}})
            client.kc = kernel.kc  # the running kernel's client: no new kernel, no new sockets
            try:
                await client.async_execute()
            except CellExecutionError as exc:
                raise _cell_error(client.nb, exc) from None
            except asyncio.CancelledError:  # the kernel may be mid-cell: a fresh one next time
                await kernel.stop()
                raise
            finally:
                atexit.unregister(client._cleanup_kernel)  # the runner stops its kernels
            return nbformat.from_dict(client.nb)
        finally:
            self._free.put_nowait(kernel)

    async def _stop_all(self):
        for kernel in self._kernels:
            try:
                await kernel.stop()
            except Exception:  # a kernel that already died has nothing left to stop
                pass

    # -- the caller's side ------------------------------------------------------------
    def submit(self, nb, *, cwd, parameters=None) -> Future:
        """Execute ``nb`` (a NotebookNode, not changed) in the next free kernel.

        Returns a :class:`concurrent.futures.Future` of the executed notebook; its
        ``result()`` raises :class:`~wpsresearch.errors.ReportError` naming the failing
        cell when one fails.
        """
        if self._closed:
            raise ReportError("this notebook runner is closed")
        return self._call(self._run(nb, dict(parameters or {}), Path(cwd)))

    def close(self):
        """Stop the kernels and remove their sockets (idempotent)."""
        if self._closed:
            return
        self._closed = True
        atexit.unregister(self.close)
        try:
            self._call(self._stop_all()).result(timeout=30)
        except Exception:
            pass
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()
        shutil.rmtree(self._workdir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _parameterized(nb, parameters):
    """A copy of ``nb`` with papermill's ``injected-parameters`` cell after ``parameters``."""
    import copy

    nb = copy.deepcopy(nb)
    if not parameters:
        return nb
    from papermill.parameterize import parameterize_notebook

    untagged = [c for c in nb.cells if "tags" not in c.metadata]
    for cell in untagged:  # papermill reads every cell's tags (its loader adds them)
        cell.metadata["tags"] = []
    nb.metadata.setdefault("papermill", {})
    nb = parameterize_notebook(nb, parameters, kernel_name="python3", language="python")
    nb.metadata.pop("papermill", None)  # holds paths and the environment (DESIGN.md)
    for cell in untagged:
        if not cell.metadata.get("tags"):
            del cell.metadata["tags"]
    return nb


def _cell_error(nb, exc) -> ReportError:
    """The failing cell named by its execution count, the error by its name and message."""
    count = next((c.get("execution_count") for c in nb.cells if c.cell_type == "code"
                  and any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = str(getattr(exc, "evalue", "") or "")[:300]
    return ReportError(f"the notebook failed in cell {count} ({ename}: {evalue})",
                       hint="run it in JupyterLab to see the cell")


class PendingNotebooks:
    """Notebooks submitted to a runner, each with what to do once it has run (export, gate,
    publish) and how to clean up if it never will."""

    def __init__(self):
        self._items: list = []

    def add(self, future, finish, cleanup=None):
        """``finish()`` -> list of written files, called once ``future`` is done."""
        self._items.append((future, finish, cleanup))

    def __len__(self) -> int:
        return len(self._items)

    def extend(self, other: "PendingNotebooks"):
        """Take over ``other``'s notebooks (one set to finish in completion order)."""
        self._items += other._items
        other._items = []

    def _finish(self, item) -> list:
        self._items.remove(item)
        try:
            return list(item[1]())
        except BaseException:
            self.abort()
            raise

    def finish_ready(self) -> list:
        """Finish the notebooks that have run by now (without waiting)."""
        written = []
        for item in [i for i in self._items if i[0].done()]:
            written += self._finish(item)
        return written

    def wait_any(self):
        """Wait until one of the notebooks has run (or failed)."""
        from concurrent.futures import FIRST_COMPLETED, wait

        if self._items:
            wait([i[0] for i in self._items], return_when=FIRST_COMPLETED)

    def finish_all(self) -> list:
        """Wait for every notebook, finishing each as soon as it has run."""
        written = []
        while self._items:
            self.wait_any()
            written += self.finish_ready()
        return written

    def wrap_finish(self, wrapper):
        """Replace each ``finish`` by ``wrapper(finish)`` (e.g. to time it)."""
        self._items = [(future, wrapper(finish), cleanup) for future, finish, cleanup in self._items]

    def abort(self):
        """Cancel what has not run and clean up every remaining stage."""
        items, self._items = self._items, []
        for future, _, cleanup in items:
            future.cancel()
            if cleanup is not None:
                cleanup()
