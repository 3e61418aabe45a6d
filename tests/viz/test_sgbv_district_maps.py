"""District (adm2) maps of SGBV indicators: the data decide, not the caller's flag.

DESIGN.md ("Reports"): SGBV indicators are mapped at governorate level unless the study allows
districts (``disclosure.district_maps_for_sgbv``) — a district map of rape reports can
stigmatise a place.  The refusal used to be opt-in (``sgbv=True``); these tests pin that the
package recognises its own SGBV indicators, that a caller can only add sensitivity, and that
only the study's policy lifts the refusal.
"""

from __future__ import annotations

import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.errors import DisclosureError

POLICY_KEY = "district_maps_for_sgbv"


def _districts():
    return list(wps.geo.places.districts("basra").index[:3])


def _estimates(variable):
    """An Estimate.to_frame()-shaped frame of three Basra districts (n well above min_n)."""
    return pd.DataFrame({
        "adm2_pcode": _districts(), "variable": variable, "level": True,
        "estimate": [0.12, 0.2, 0.31], "ci_low": [0.08, 0.15, 0.25],
        "ci_high": [0.16, 0.25, 0.37], "n": [400, 380, 420], "n_level": [48, 76, 130],
    })


def _study(tmp_path, allow):
    folder = tmp_path / "study"
    folder.mkdir()
    (folder / "study.yml").write_text(
        'title: {en: "District map test (SYNTHETIC)"}\nsynthetic: true\nform: form.xlsx\n'
        "submissions: export.csv\nprovinces: [basra]\n"
        "design: {ids: psu, strata: stratum, weights: weight}\n"
        'consent: {column: consent, yes: "yes"}\n'
        f"disclosure: {{min_cell: 10, min_n: 25, {POLICY_KEY}: {str(allow).lower()}}}\n",
        encoding="utf-8")
    wps.io.write_example_form(folder / "form.xlsx")
    (folder / "export.csv").write_text('"consent";"_uuid"\n"yes";"u1"\n', encoding="utf-8")
    return wps.Study.load(folder, check_form=False)


@pytest.mark.parametrize("variable", ["ipv_any_12m", "ipv_sexual_12m", "sdg_5_2_1", "rape",
                                      "gbv_type", "crsv", "reported_formal", "d105h"])
def test_registered_sgbv_indicator_refused_at_district_level_without_any_flag(variable):
    with pytest.raises(DisclosureError, match=POLICY_KEY):
        wps.viz.choropleth(_estimates(variable), title_key="estimate", level="adm2")


def test_a_named_series_is_recognised_too():
    s = pd.Series([0.1, 0.2, 0.3], index=_districts(), name="ipv_physical_12m")
    with pytest.raises(DisclosureError, match=POLICY_KEY):
        wps.viz.choropleth(s, title_key="estimate", level="adm2")


def test_an_estimate_object_is_recognised():
    rows = []
    for i, code in enumerate(_districts()):
        rows += [{"adm2_pcode": code, "ipv_any_12m": j < 10 + 5 * i, "w": 1.0} for j in range(60)]
    design = wps.stats.SurveyDesign(pd.DataFrame(rows), ids=None, weights="w")
    est = wps.stats.proportion(design, "ipv_any_12m", by="adm2_pcode")
    with pytest.raises(DisclosureError, match=POLICY_KEY):
        wps.viz.choropleth(est, title_key="estimate", level="adm2")


def test_caller_cannot_unmark_a_registered_indicator():
    with pytest.raises(DisclosureError, match=POLICY_KEY):
        wps.viz.choropleth(_estimates("ipv_any_12m"), title_key="estimate", level="adm2",
                           sgbv=False)
    with pytest.raises(TypeError):   # the old caller-side switch is gone
        wps.viz.choropleth(_estimates("ipv_any_12m"), title_key="estimate", level="adm2",
                           allow_district=True)


def test_study_policy_false_still_refuses(tmp_path):
    with pytest.raises(DisclosureError, match=POLICY_KEY):
        wps.viz.choropleth(_estimates("ipv_any_12m"), title_key="estimate", level="adm2",
                           study=_study(tmp_path, allow=False))


def test_study_policy_allows_the_district_map(tmp_path):
    chart = wps.viz.choropleth(_estimates("ipv_any_12m"), title_key="estimate", level="adm2",
                               study=_study(tmp_path, allow=True))
    assert [c["shown"] for c in chart.sidecar["cells"]] == ["12.0", "20.0", "31.0"]
    # the disclosure block itself (study.disclosure) is the same policy
    chart = wps.viz.choropleth(_estimates("rape"), title_key="estimate", level="adm2",
                               study={POLICY_KEY: True})
    assert chart.sidecar["level"] == "adm2"


def test_non_sgbv_district_map_draws_and_caller_may_mark_it_sensitive():
    chart = wps.viz.choropleth(_estimates("sex"), title_key="estimate", level="adm2")
    assert len(chart.sidecar["cells"]) == 3
    # harassment is not coded by wpsresearch.sgbv: the caller may still mark it sensitive
    with pytest.raises(DisclosureError, match=POLICY_KEY):
        wps.viz.choropleth(_estimates("harass_public_12m"), title_key="estimate", level="adm2",
                           sgbv=True)


def test_unnamed_district_values_are_refused_because_nothing_says_what_they_are():
    s = pd.Series([0.1, 0.2, 0.3], index=_districts())
    with pytest.raises(DisclosureError, match="which indicator"):
        wps.viz.choropleth(s, title_key="estimate", level="adm2")
    # at governorate level nothing is refused
    chart = wps.viz.choropleth(pd.Series({"IQG02": 0.2, "IQG13": 0.3}), title_key="estimate")
    assert len(chart.sidecar["cells"]) == 2


def test_every_column_the_sgbv_stage_produces_is_registered():
    from wpsresearch.sgbv import is_sgbv_column as sgbv_indicator

    df = wps.datasets.load_synthetic(n=120, seed=3)
    mapping = {k: v for k, v in wps.datasets.SYNTHETIC_INDICATORS.items()
               if k in ("dhs_ipv", "dhs_attitudes", "help_seeking", "no_report_reasons")}
    produced = [c for c in wps.sgbv.add_indicators(df, mapping).columns if c not in df.columns]
    produced += [*wps.sgbv.gbv_types(), *(c for cols in wps.sgbv.ipv_items().values() for c in cols)]
    assert [c for c in produced if not sgbv_indicator(c)] == []
    # a study's own items are sensitive through its indicators: block
    items = wps.sgbv.sgbv_columns(mapping)
    assert {"ipv_forced_sex", "help_sought"} <= items
    options = [c for c in df.columns if c.startswith(("help_sought__", "no_report_reason__"))]
    assert options and [c for c in options if not c.split("__")[0] in items] == []
    # the package's non-SGBV indices and reliability statistics are not
    for name in ("trust_police_index", "safety_index", "sex", "cohen_kappa", "adm2_pcode"):
        assert not sgbv_indicator(name), name


def test_a_studys_own_item_is_refused_by_district_through_its_indicators_block(tmp_path):
    from types import SimpleNamespace

    study = SimpleNamespace(disclosure={}, indicators={"dhs_ipv": {
        "physical": ["Q21"], "sexual": ["Q23"], "sex": "Q1", "marital": "Q3", "age": "Q2"}})
    with pytest.raises(DisclosureError, match="Q21"):
        wps.viz.choropleth(_estimates("Q21"), title_key="estimate", level="adm2", study=study)
    chart = wps.viz.choropleth(_estimates("Q1"), title_key="estimate", level="adm2", study=study)
    assert chart.sidecar["level"] == "adm2"


def test_study_must_be_a_study_or_its_disclosure_block():
    from wpsresearch.errors import InputError

    with pytest.raises(InputError, match="study="):
        wps.viz.choropleth(_estimates("ipv_any_12m"), title_key="estimate", level="adm2",
                           study=True)
