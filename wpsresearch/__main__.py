"""``python -m wpsresearch ...``: the same command line as ``wpsresearch`` (works on Windows)."""

from wpsresearch.cli import main

if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
