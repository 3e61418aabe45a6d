"""The NAP 1325 / SDG framework as data: what ships, and clear errors for bad codes."""

from __future__ import annotations

import pandas as pd
import pytest

from wpsresearch.errors import InputError
from wpsresearch.framework import Framework

# Official English titles, as the UN SDG metadata repository prints them (metadata pages
# "0.c. Indicator", 2022-2023 updates).
UN_TITLES = {
    "5.2.1": ("Proportion of ever-partnered women and girls aged 15 years and older subjected to physical, "
              "sexual or psychological violence by a current or former intimate partner in the previous "
              "12 months, by form of violence and by age"),
    "16.1.3": ("Proportion of population subjected to (a) physical violence, (b) psychological violence and "
               "(c) sexual violence in the previous 12 months"),
    "16.1.4": "Proportion of population that feel safe walking alone around the area they live after dark",
}


@pytest.fixture(scope="module")
def fw():
    return Framework.load()


def test_ships_inap_ii_pillars_and_the_eight_sectors(fw):
    assert fw.pillar_codes == ("participation", "protection", "prevention")
    assert set(fw.sectors) == {"protection", "participation", "prevention", "recovery", "legislation",
                               "awareness", "empowerment", "climate_change"}
    assert fw.nap_codes[:3] == fw.pillar_codes and len(fw.nap_codes) == 8


def test_ships_the_survey_measurable_sdg_indicators_with_un_titles(fw):
    for code in ("5.2.1", "5.2.2", "5.5.1", "16.1.3", "16.1.4", "16.3.1", "16.6.2", "16.7.1"):
        e = fw.sdg[code]
        assert e.en and e.ar and e.nap in fw.nap_codes
        assert any("\u0600" <= ch <= "\u06ff" for ch in e.ar)
    for code, title in UN_TITLES.items():
        assert fw.sdg[code].en == title
    # Arabic nobody has confirmed is marked so, as in the label table
    assert not fw.sdg["16.1.4"].reviewed and fw.sdg["16.1.4"].note


def test_codes_normalise(fw):
    assert fw.normalise_sdg(" sdg 16.1.4 ; 5.2.1") == "16.1.4; 5.2.1"
    assert fw.normalise_nap("Protection") == "protection"
    assert fw.normalise_nap("climate-change") == "climate_change"
    assert fw.normalise_nap(float("nan")) is None and fw.normalise_sdg("") is None


def test_unknown_plan_codes_are_one_error_naming_every_code_and_row(fw):
    plan = pd.DataFrame({"plan_row": [2, 3, 4, 5], "nap_pillar": ["protection", "securty", "securty", None],
                         "sdg": ["5.2.1", "5.2.1", "16.9.9", None]})
    with pytest.raises(InputError) as err:
        fw.check_plan(plan, file="analysis_plan.csv")
    text = str(err.value)
    assert text.startswith("analysis_plan.csv")
    assert "nap_pillar 'securty' (plan rows 3, 4)" in text and "sdg '16.9.9' (plan row 4)" in text
    ok = fw.check_plan(plan.iloc[[0, 3]])
    assert ok["nap_pillar"].tolist() == ["protection", None] and ok["sdg"].tolist() == ["5.2.1", None]


GOOD = """version: 1
nap:
  pillars:
    protection: {en: Protection, ar: الحماية, reviewed: false}
  sectors:
    protection: {en: Protection, ar: الحماية, reviewed: false}
sdg:
  "5.2.1": {en: IPV, ar: عنف, reviewed: false, nap: protection}
"""


@pytest.mark.parametrize("bad, message, line", [
    (GOOD.replace("reviewed: false, nap", "reviewd: false, nap"), "unknown key 'reviewd'", 8),
    (GOOD.replace('"5.2.1"', '"5.2"'), "is not an SDG indicator code", 8),
    (GOOD.replace("nap: protection}", "nap: security}"), "names pillar/sector 'security'", 8),
    (GOOD.replace("ar: عنف, ", ""), "missing key 'ar'", 8),
    (GOOD.replace("version: 1", "version: 2"), "unsupported version 2", 1),
    (GOOD.replace("  pillars:", "  pilars:"), "unknown key 'pilars'", 3),
])
def test_a_bad_framework_is_a_clear_error(tmp_path, bad, message, line):
    path = tmp_path / "framework.yml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(InputError, match=message) as err:
        Framework.load(path)
    assert str(err.value).startswith(f"{path}, row {line}")
    path.write_text(GOOD, encoding="utf-8")
    assert list(Framework.load(path).sdg) == ["5.2.1"]


def test_to_frame_lists_every_entry(fw):
    f = fw.to_frame()
    assert len(f) == 3 + 8 + len(fw.sdg)
    assert set(f["kind"]) == {"pillar", "sector", "sdg"}


# ---------------------------------------------------------------------------- plans point into it
PLAN = ("analysis_type,analysis_var,group_var,nap_pillar,sdg\n"
        "prop_select_one,q1,,Protection,SDG 5.2.1\n"
        "prop_select_one,q2,sex,securty,5.2.1; 16.1.3\n"
        "mean,q3,,,16.9.9\n"
        "mean,q4,,securty,\n"
        "mean,q5,,,\n")


def test_the_plan_reader_refuses_unknown_codes_naming_every_code_and_row(tmp_path):
    from wpsresearch.errors import AnalysisPlanError
    from wpsresearch.io import read_analysis_plan

    path = tmp_path / "analysis_plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    with pytest.raises(AnalysisPlanError) as err:
        read_analysis_plan(path)
    text = str(err.value)
    assert text.startswith(f"{path}, rows 3, 4, 5, columns 'nap_pillar', 'sdg'")
    assert "nap_pillar 'securty' (plan rows 3, 5)" in text and "sdg '16.9.9' (plan row 4)" in text
    assert "What to do: nap_pillar must be one of participation, protection" in text


def test_the_plan_reader_normalises_known_codes(tmp_path):
    from wpsresearch.io import read_analysis_plan

    path = tmp_path / "analysis_plan.csv"
    path.write_text(PLAN.replace("securty", "climate change").replace("16.9.9", "sdg 16.1.4"), encoding="utf-8")
    plan = read_analysis_plan(path)
    assert [(r.nap_pillar, r.sdg) for r in plan] == [
        ("protection", "5.2.1"), ("climate_change", "5.2.1; 16.1.3"), (None, "16.1.4"),
        ("climate_change", None), (None, None)]
    assert plan.to_frame()["nap_pillar"].tolist()[0] == "Protection"  # the plan as written


def test_a_plan_may_point_into_another_framework(tmp_path):
    from wpsresearch.errors import AnalysisPlanError
    from wpsresearch.io import read_analysis_plan

    fw_path = tmp_path / "framework.yml"
    fw_path.write_text(GOOD, encoding="utf-8")
    path = tmp_path / "analysis_plan.csv"
    path.write_text("analysis_type,analysis_var,group_var,nap_pillar,sdg\nmean,q1,,protection,5.2.1\n"
                    "mean,q2,,awareness,\n", encoding="utf-8")
    assert read_analysis_plan(path).rows[1].nap_pillar == "awareness"
    with pytest.raises(AnalysisPlanError, match="nap_pillar 'awareness' \\(plan row 3\\)"):
        read_analysis_plan(path, framework=Framework.load(fw_path))


def test_the_shipped_framework_is_read_once():
    assert Framework.load() is Framework.load()
