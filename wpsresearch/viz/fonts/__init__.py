"""Fonts shipped with the package (Amiri, SIL OFL 1.1, with one documented change: see
``OFL.txt`` in this folder)."""
