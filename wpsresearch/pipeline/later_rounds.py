"""The later rounds of the synthetic study, generated and built in a second process, which
then writes the NAP 1325 scorecard.

``wpsresearch demo`` builds round 1, makes its reports, and publishes every round to the
indicator store for the scorecard.  A second Python process, started before round 1 is built,
generates round 2's raw data (when missing), builds it and publishes it to the project's
indicator store; told that round 1 is built (:meth:`LaterRounds.first_round_built`), it then
publishes round 1 too, audits the store and writes the scorecard, while the demo makes round
1's reports.  So on two cores the monitoring step no longer runs after everything else.

The second process is ``python -m wpsresearch.pipeline.later_rounds`` (a plain subprocess,
not :mod:`multiprocessing`: a spawned worker re-runs the caller's main script, which an
unguarded script turns into endless respawning, and a worker pool that loses its worker waits
forever).  Round 1's identifiers (as the demo's build read them) reach it pickled on its
standard input; what it wrote, its progress lines, its warnings and the identifiers its builds
read come back pickled on its standard output, read by a thread so that no pipe fills.
Identifiers stay in memory, as the build keeps them (never written to a file).  If the process
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


def _job(study_dir: str, out_root: str, regenerate: bool, first_round=lambda: b""):
    """What the second process does: ``(written, steps, warnings, identifiers, published,
    reported)``.

    ``first_round()`` waits for the demo's word that round 1 is built (:meth:`LaterRounds.first_round_built`:
    round 1's identifiers, pickled) and returns it, or ``b""`` when none comes; with it every round
    is published and the scorecard written here (``reported``), else the demo does that itself.
    """
    import warnings

    from wpsresearch.pipeline.monitoring import (
        build_later_rounds, publish_and_report, publish_round, round_folders, store_in,
    )
    from wpsresearch.privacy.gate import identifiers_key, remember_identifiers, study_identifiers
    from wpsresearch.study import Study

    steps = _Steps()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        written = build_later_rounds(study_dir, out_root=out_root, progress=steps, regenerate=regenerate)
        known, published = [], []
        folders = round_folders(study_dir)
        for r, folder in folders.items():
            if r > 1:
                study = Study.load(folder)
                known.append((str(folder), identifiers_key(study), study_identifiers(study)))
                # this process alone writes the project's store while the demo runs
                publish_round(study, store=store_in(out_root), step=steps.step)
                published.append(str(folder))
        word = first_round()
        if word:
            # round 1's identifiers, as the demo's build read them: the scorecard's gate reads
            # no export again (a key that no longer matches the files is read afresh)
            key, ids = pickle.loads(word)
            remember_identifiers(Study.load(study_dir), ids, key)
            written += publish_and_report(list(folders.values()), store=store_in(out_root),
                                          out_dir=Path(out_root) / "reports" / "monitor", progress=steps.step,
                                          published=published)
    return written, steps.steps, [(w.category, str(w.message)) for w in caught], known, published, bool(word)


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
        # the demo's word that round 1 is built comes on standard input (EOF: none)
        reply = ("done", _job(study_dir, out_root, regenerate, first_round=sys.stdin.buffer.read))
    except WpsError as exc:  # a problem of the data or the study: the demo raises it as is
        reply = ("error", exc)
    with os.fdopen(reply_fd, "wb") as out:
        out.write(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


class LaterRounds:
    """The later rounds of the synthetic study generated, built and published to the
    project's indicator store in a second process, started before round 1 is built
    (``wpsresearch demo``); :attr:`published` names them after :meth:`finish`.

    Told that round 1 is built (:meth:`first_round_built`), the second process then also
    publishes round 1, audits the store and writes the NAP 1325 scorecard
    (:func:`~wpsresearch.pipeline.monitoring.publish_and_report`), while the demo makes round
    1's reports; :attr:`reported` says so after :meth:`finish`.

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
        self._told = None  # the thread writing round 1's word to the second process
        self.published: tuple = ()  # the rounds the second process published to the store
        self.reported = False  # whether it published every round and wrote the scorecard
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
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self._thread = threading.Thread(target=self._collect, args=(self._proc,), name="wps-later-rounds",
                                        daemon=True)
        self._thread.start()

    def _collect(self, proc):
        # both pipes read to their end at once (as communicate() does, which would also close
        # the standard input this class still writes to): neither fills and blocks the process
        def read_err():
            self._err = proc.stderr.read()

        err = threading.Thread(target=read_err, daemon=True)
        err.start()
        self._out = proc.stdout.read()
        err.join()
        proc.wait()

    def first_round_built(self, study) -> None:
        """Tell the second process that round 1 (``study``, just built) is ready: it publishes
        every round and writes the scorecard once its own rounds are done.  Round 1's
        identifiers (read by the build in this process) go with the word, in memory, over the
        pipe; they are written by a thread, so this never waits for the second process."""
        from wpsresearch.privacy.gate import identifiers_key, study_identifiers

        if self._proc is None or self._told is not None:
            return
        word = pickle.dumps((identifiers_key(study), study_identifiers(study)), protocol=pickle.HIGHEST_PROTOCOL)
        self._told = threading.Thread(target=self._tell, args=(self._proc, word), name="wps-later-rounds-in",
                                      daemon=True)
        self._told.start()

    @staticmethod
    def _tell(proc, word: bytes) -> None:
        try:
            proc.stdin.write(word)
            proc.stdin.close()
        except (OSError, ValueError):  # the process is gone: finish() says so
            pass

    def _no_more_words(self) -> None:
        """Close the second process's standard input if no word went (it then ends)."""
        if self._told is None:
            self._told = threading.Thread(target=self._tell, args=(self._proc, b""), daemon=True)
            self._told.start()

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
        self._no_more_words()
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
        written, steps, caught, known, published, reported = payload
        self.published, self.reported = tuple(Path(p) for p in published), reported
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
        if proc.stdin is not None:
            try:
                proc.stdin.close()
            except (OSError, ValueError):
                pass
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
