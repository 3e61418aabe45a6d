"""Data URIs inside plain text (a notebook object's text/plain repr holding its HTML): the
embedded file is read as a file, and its base64 letters are never read as words."""

from __future__ import annotations

import base64
import io
import json

import pandas as pd

import wpsresearch as wps


def _png(text_chunk: str | None = None) -> bytes:
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    if text_chunk:
        info.add_text("Comment", text_chunk)
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buf, format="PNG", pnginfo=info)
    return buf.getvalue()


def _identifiers(names):
    raw = pd.DataFrame({"respondent_name": names})
    return wps.privacy.collect_identifiers(raw, ["respondent_name"])


def _notebook(folder, plain: str):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{
        "cell_type": "code", "id": "c1", "metadata": {}, "execution_count": 1, "source": "x",
        "outputs": [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                     "data": {"text/plain": plain}}]}]}
    path = folder / "record.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def test_base64_letters_are_not_a_first_name(tmp_path):
    # valid base64 whose letters hold a respondent's first name ("Rezan", no lexicon knows it)
    payload = "AAA/Rezan+AA" * 3
    base64.b64decode(payload, validate=True)
    plain = f"View(parts=('<img src=\"data:image/png;base64,{payload}\">',))"
    path = _notebook(tmp_path, plain)
    ids = _identifiers(["Rezan Kakai"])
    assert wps.privacy.scan_outputs([path], identifiers=ids) == []


def test_an_identifier_inside_the_embedded_file_is_still_found(tmp_path):
    png = base64.b64encode(_png("interviewed Saja Kareem")).decode()
    path = _notebook(tmp_path, f"View('<img src=\"data:image/png;base64,{png}\">')")
    found = wps.privacy.scan_outputs([path], identifiers=_identifiers(["Saja Kareem"]))
    assert any("name" in f.kind and "embedded" in f.location for f in found), found
    assert "Saja" not in " ".join(str(f) for f in found)
