"""One entry point for a study's submissions, whatever platform exported them."""

from __future__ import annotations

from pathlib import Path

__all__ = ["read_export"]


def read_export(path, *, form=None):
    """Read an export with the reader its file type needs: ``.sav`` (SPSS), ``.zip`` (ODK
    Central), anything else as a Kobo CSV/XLSX export — each keyed on ``form``.

    Returns
    -------
    SurveyData
    """
    from wpsresearch.io.kobo import read_kobo
    from wpsresearch.io.odk_central import read_odk_central
    from wpsresearch.io.spss import read_spss

    suffix = Path(path).suffix.lower()
    if suffix == ".sav":
        return read_spss(path, form=form)
    if suffix == ".zip":
        return read_odk_central(path, form=form)
    return read_kobo(path, form=form)
