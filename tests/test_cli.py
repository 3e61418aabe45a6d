"""The command line: help for every command, one-line errors, python -m works."""

import subprocess
import sys

import pytest

from wpsresearch.cli import build_parser, main


def _commands():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sorted(sub.choices)


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "wpsresearch", *args], capture_output=True,
                          text=True, **kw)


def test_version():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == "wpsresearch 0.1.0"


def test_top_level_help_lists_every_command():
    out = run("--help")
    assert out.returncode == 0
    for cmd in _commands():
        assert cmd in out.stdout


@pytest.mark.parametrize("cmd", _commands())
def test_every_command_has_help(cmd, capsys):
    with pytest.raises(SystemExit) as exc:
        main([cmd, "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    assert f"wpsresearch {cmd}" in text and len(text.splitlines()) > 3


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["synth", "--n", "lots"], "not a whole number"),
        (["synth", "--n", "0"], "between 1 and 1,000,000"),
        (["synth", "--n", "50"], "between 96 and 1,000,000"),
        (["no-such-command"], "invalid choice"),
        (["synth", "--bogus"], "unrecognized arguments"),
    ],
)
def test_bad_arguments_give_one_line(argv, fragment):
    out = run(*argv)
    assert out.returncode == 2
    lines = [ln for ln in out.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, out.stderr
    assert fragment in lines[0] and "Traceback" not in out.stderr


def test_user_error_is_one_line_without_traceback(tmp_path):
    out = run("check-study", str(tmp_path))
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "no study.yml" in out.stderr
    assert "Traceback" not in out.stderr


def test_package_warnings_are_one_line_each(capsys):
    """A user reads 'wpsresearch build: warning: …', once per message, not Python's
    'file.py:191: WpsWarning:' followed by a line of the package's source."""
    import warnings

    from wpsresearch.cli import _one_line_warnings
    from wpsresearch.errors import WpsWarning

    with _one_line_warnings("build", debug=False):
        warnings.simplefilter("always")
        for _ in range(2):
            warnings.warn("form version: 270 of 270 answers\n  to admin1", WpsWarning)
    err = capsys.readouterr().err
    assert err == "wpsresearch build: warning: form version: 270 of 270 answers to admin1\n"


def test_report_languages_default_to_the_study_s(tmp_path, monkeypatch):
    """A study that reports in Arabic only (study.yml languages: [ar]) got English reports
    too: --lang defaulted to en,ar whatever the study said."""
    import shutil
    from pathlib import Path

    import wpsresearch.report as report

    study = tmp_path / "mics_test"
    shutil.copytree(Path(__file__).parent / "data" / "studies" / "mics_test", study)
    yml = study / "study.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("languages: [en, ar]",
                                                           "languages: [ar]"), encoding="utf-8")
    assert "languages: [ar]" in yml.read_text(encoding="utf-8")
    asked = {}
    monkeypatch.setattr(report, "build_reports", lambda *a, **kw: asked.update(kw) or [])
    assert main(["-q", "report", str(study), "--province", "ninewa"]) == 0
    assert asked["langs"] == ("ar",)
    assert main(["-q", "report", str(study), "--province", "ninewa", "--lang", "en"]) == 0
    assert asked["langs"] == ("en",)
