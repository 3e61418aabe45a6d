"""Every report table says what it shows in a ``<caption>`` (WCAG 1.3.1: a screen reader
announces a table by it), in the table's language, from the label table."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.labels import Labels
from wpsresearch.stats import TestResult
from wpsresearch.stats.analysis_tables import stack_tables
from wpsresearch.stats.report_table import table_caption

ARABIC = range(0x0600, 0x0700)


def _survey(n=240, seed=3):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"sex": rng.choice(["female", "male"], n),
                         "ipv_any_12m": rng.integers(0, 2, n).astype(bool),
                         "urban_rural": rng.choice(["urban", "rural"], n),
                         "age": rng.integers(15, 70, n).astype(float),
                         "psu": np.arange(n) // 4, "weight": rng.uniform(0.5, 2, n)})


@pytest.fixture(scope="module")
def design():
    return wps.stats.SurveyDesign(_survey(), ids="psu", weights="weight")


_HELPERS = Path(__file__).resolve().parents[1] / "notebooks" / "output_numbers.py"
_spec = importlib.util.spec_from_file_location("wps_output_numbers", _HELPERS)
_numbers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_numbers)


def captions(html: str) -> list[str]:
    """The caption text of every ``<table>`` in ``html`` ("" for a table without one)."""
    return [text for text, _ in _numbers.table_captions(html)]


def _tables(design, lang):
    labels = Labels.default()
    prop = wps.stats.proportion(design, "ipv_any_12m", by="sex")
    ct = wps.stats.crosstab(design, "ipv_any_12m", "sex")
    fit = wps.stats.glm(design, "ipv_any_12m ~ sex + age", family="binomial")
    return {
        "estimate": prop.table(lang=lang),
        "estimate without groups": wps.stats.proportion(design, "ipv_any_12m").table(lang=lang),
        "crosstab": ct.table(lang=lang),
        "crosstab by column": ct.table(lang=lang, percent="col"),
        "test": ct.test("F").table(lang=lang, name="ipv_any_12m"),
        "tests": TestResult.stacked_table({"ipv_any_12m": ct.test("F"), "help_none": ct.test("F")},
                                          lang=lang),
        "glm": fit.table(lang=lang),
        "linear glm": wps.stats.glm(design, "age ~ sex").table(lang=lang),
        "stacked": stack_tables([("ipv_any_12m", prop)], lang=lang, labels=labels),
    }


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_report_table_has_a_caption_in_its_language(design, lang):
    for kind, table in _tables(design, lang).items():
        assert table.caption, kind
        assert captions(table._repr_html_()) == [table.caption], kind
        has_arabic = any(ord(ch) in ARABIC for ch in table.caption)
        assert has_arabic == (lang == "ar"), (kind, table.caption)


def test_captions_name_the_indicator_and_its_groups(design):
    tables = _tables(design, "en")
    label = Labels.default().get("ipv_any_12m", "en")
    assert tables["estimate"].caption == f"{label}, by sex"
    assert tables["estimate without groups"].caption == label
    # row percentages: the columns' answer across the rows' groups
    assert tables["crosstab"].caption == f"Sex, by {label[0].lower() + label[1:]}"
    assert tables["crosstab by column"].caption == f"{label}, by sex"
    assert tables["test"].caption.startswith(label + ": design-based test")
    assert tables["tests"].caption == "Design-based tests of association"
    assert tables["glm"].caption.startswith(label + ": odds ratios")
    assert tables["linear glm"].caption.startswith("age: coefficients")
    assert tables["stacked"].caption == "Selected indicators"


def test_with_caption_replaces_it_and_keeps_the_table(design):
    table = wps.stats.proportion(design, "ipv_any_12m", by="sex").table(lang="ar")
    named = table.with_caption("نسبة العنف")
    assert named.caption == "نسبة العنف" and table.caption != named.caption
    assert named.frame.equals(table.frame) and (named.counts == table.counts).all()
    assert captions(named._repr_html_()) == ["نسبة العنف"]
    # the caption is escaped as text, never markup
    assert "&lt;b&gt;" in table.with_caption("<b>x</b>")._repr_html_()


def test_caption_of_several_groups_and_of_a_title_naming_them():
    labels = Labels.default()
    assert table_caption(labels, "en", "Trusts the police", ["sex", "adm2_pcode"]) == \
        "Trusts the police, by sex and district"
    assert table_caption(labels, "ar", "يثق بالشرطة", ["sex", "adm1_pcode"]) == \
        "يثق بالشرطة حسب الجنس والمحافظة"
    assert table_caption(labels, "en", "Trusts the police", []) == "Trusts the police"
    assert table_caption(labels, "en", "Women by sex", ["sex"]) == "Women by sex"
    assert table_caption(labels, "ar", "النساء حسب الجنس", ["sex"]) == "النساء حسب الجنس"
    # "sex" inside "sexual" is no mention of the groups
    assert table_caption(labels, "en", "Sexual violence", ["sex"]) == "Sexual violence, by sex"


def test_crosstab_display_is_the_suppressed_report_table_with_its_caption(design):
    # the notebook display of a Crosstab is its report table: captioned, and suppressed by
    # the design's rules like every table a reader sees (never the raw weighted counts)
    ct = wps.stats.crosstab(design, "sex", "urban_rural")
    html = ct._repr_html_()
    assert html == ct.table()._repr_html_()
    assert len(captions(html)) == 1 and captions(html)[0]
