"""Package data: the SGBV rules as YAML/CSV (GBVIMS, DHS, help-seeking, indices, text codes).

Nothing here is code; :mod:`wpsresearch.sgbv.rulebook` loads these files with
``importlib.resources`` so they travel with a non-editable install.
"""
