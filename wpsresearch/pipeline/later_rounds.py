"""The later rounds of the synthetic study, generated and built in a second process.

``wpsresearch demo`` builds round 1, makes its reports, then publishes every round to the
indicator store.  Round 2's raw data are generated (when missing) and built by a second
Python process started before round 1 is built, and published to the project's indicator store
there, so on two cores the monitoring step waits only for round 1's publishing and the
scorecard (:class:`LaterRounds`).

The second process is ``python -m wpsresearch.pipeline.later_rounds`` (a plain subprocess,
not :mod:`multiprocessing`: a spawned worker re-runs the caller's main script, which an
unguarded script turns into endless respawning, and a worker pool that loses its worker waits
forever).  What it wrote, its progress lines, its warnings and the identifiers its builds read
come back pickled on its standard output, read by a thread so that no pipe fills; the
identifiers stay in memory, as the build keeps them (never written to a file).  If the process
stops without a result, :meth:`LaterRounds.finish` raises a :class:`~wpsresearch.errors.ReportError`
with the end of what it printed: the demo never waits for a process that is gone.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

__all__ = ["LaterRounds"]


class _Steps:
    """The progress object of the second process: its steps kept, to be shown by the first."""

    def __init__(self):
        self.steps = []

    def step(self, text):
        self.steps.append(str(text))

    bar = None


def _job(study_dir: str, out_root: str, regenerate: bool):
    """What the second process does: ``(written, steps, warnings, identifiers, published)``."""
    import warnings

    from wpsresearch.pipeline.monitoring import build_later_rounds, publish_round, round_folders, store_in
    from wpsresearch.privacy.gate import identifiers_key, study_identifiers
    from wpsresearch.study import Study

    steps = _Steps()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        written = build_later_rounds(study_dir, out_root=out_root, progress=steps, regenerate=regenerate)
        known, published = [], []
        for r, folder in round_folders(study_dir).items():
            if r > 1:
                study = Study.load(folder)
                known.append((str(folder), identifiers_key(study), study_identifiers(study)))
                # the demo alone writes this project's store now; it publishes round 1 after this
                publish_round(study, store=store_in(out_root), step=steps.step)
                published.append(str(folder))
    return written, steps.steps, [(w.category, str(w.message)) for w in caught], known, published


def _main(argv) -> int:
    from wpsresearch.errors import WpsError

    study_dir, out_root, regenerate = argv[0], argv[1], argv[2] == "1"
    # the reply owns standard output: anything else printed (by Python or a C library) goes
    # to standard error
    reply_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    if hasattr(os, "nice"):
        os.nice(5)  # round 1's reports come first; this fills the time a core would idle
    try:
        reply = ("done", _job(study_dir, out_root, regenerate))
    except WpsError as exc:  # a problem of the data or the study: the demo raises it as is
        reply = ("error", exc)
    with os.fdopen(reply_fd, "wb") as out:
        out.write(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


class LaterRounds:
    """The later rounds of the synthetic study generated, built and published to the
    project's indicator store in a second process, started before round 1 is built
    (``wpsresearch demo``); :attr:`published` names them after :meth:`finish`.

    Parameters
    ----------
    study_dir : path-like
        The first round (``data/raw/synthetic``).  A study that is not the one
        ``wpsresearch synth`` generates starts nothing
        (:func:`~wpsresearch.pipeline.monitoring.generated_first_round`).
    out_root : path-like
        The project the rounds are built into (``<out_root>/data/processed``).
    regenerate : bool
        Write the later rounds' raw data again even when present.

    Notes
    -----
    :meth:`finish` raises an error of the second process as the same
    :class:`~wpsresearch.errors.WpsError`, issues its warnings again here, and hands the
    identifiers its builds read to this process's export gate.  :meth:`close` (or leaving the
    ``with`` block) stops it.
    """

    def __init__(self, study_dir, out_root=Path("."), *, regenerate: bool = False):
        import wpsresearch
        from wpsresearch.pipeline.monitoring import generated_first_round

        self._proc = self._thread = None
        self._out = self._err = b""
        self.published: tuple = ()  # the rounds the second process published to the store
        if not generated_first_round(study_dir):
            return
        env = dict(os.environ)
        # the second process imports this very package, wherever it was imported from (a
        # checkout or a worktree); an installed package is found there anyway, and putting
        # site-packages before the standard library could shadow it
        package_parent = Path(wpsresearch.__file__).resolve().parents[1]
        if package_parent.name not in ("site-packages", "dist-packages"):
            env["PYTHONPATH"] = os.pathsep.join(p for p in (str(package_parent), env.get("PYTHONPATH")) if p)
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "wpsresearch.pipeline.later_rounds", str(study_dir), str(out_root),
             "1" if regenerate else "0"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self._thread = threading.Thread(target=self._collect, name="wps-later-rounds", daemon=True)
        self._thread.start()

    def _collect(self):
        self._out, self._err = self._proc.communicate()

    def finish(self, progress) -> list:
        """Wait for the later rounds; show their steps and warnings; return what was written.

        Raises
        ------
        WpsError
            The second process's own error (a bad study file, a failed check), unchanged.
        ReportError
            When the second process stopped without a result (crashed, killed).
        """
        import warnings

        from wpsresearch.errors import ReportError
        from wpsresearch.privacy.gate import remember_identifiers
        from wpsresearch.study import Study

        if self._proc is None:
            return []
        self._thread.join()
        code = self._proc.returncode
        try:
            status, payload = pickle.loads(self._out) if code == 0 and self._out else (None, None)
        except Exception:  # noqa: BLE001 - a reply cut short is no reply
            status, payload = None, None
        finally:
            self._proc = None
        if status == "error":
            raise payload
        if status != "done":
            said = self._err.decode("utf-8", "replace").strip().splitlines()[-12:]
            raise ReportError(f"the second process that builds the synthetic study's round 2 stopped "
                              f"without a result (exit code {code})" + (":\n" + "\n".join(said) if said else ""),
                              hint="run 'wpsresearch synth --round 2' and 'wpsresearch build' on that round "
                                   "to see the problem")
        written, steps, caught, known, published = payload
        self.published = tuple(Path(p) for p in published)
        for folder, key, ids in known:
            # in memory only, as the build keeps them: the scorecard's gate reads no export again
            remember_identifiers(Study.load(folder), ids, key)
        for text in steps:
            progress.step(text)
        for category, message in caught:
            warnings.warn(message, category, stacklevel=2)
        return written

    def close(self) -> None:
        """Stop the second process if it still runs (idempotent)."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
