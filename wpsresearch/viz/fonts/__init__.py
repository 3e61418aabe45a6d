"""Fonts shipped with the package (Amiri, SIL OFL 1.1: see ``OFL.txt`` in this folder)."""
