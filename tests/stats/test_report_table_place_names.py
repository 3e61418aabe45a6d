"""Tables by district (or governorate) show the place's NAME in the report language (OCHA
COD-AB names table: English and Arabic), not its p-code; the p-code stays in ``to_frame()``
for machines, and no row is renamed when a code is not in the names table."""

import pandas as pd
import pytest

import wpsresearch as wps

# Basra's districts in the COD-AB 2019 names table (wpsresearch/data/boundaries)
BASRA = {"IQG02Q02": ("Al-Basrah", "البصرة"), "IQG02Q06": ("Al-Zubair", "الزبير")}


@pytest.fixture(scope="module")
def design():
    rows = []
    for code in BASRA:
        rows += [{"adm2_pcode": code, "adm1_pcode": "IQG02", "sex": s}
                 for s in ["female"] * 40 + ["male"] * 40]
    return wps.stats.SurveyDesign(pd.DataFrame(rows).assign(w=1.0), weights="w")


def test_names_match_the_reference_table():
    names = wps.geo.places.districts()
    for code, (en, ar) in BASRA.items():
        assert names.loc[code, "name_en"] == en and names.loc[code, "name_ar"] == ar


@pytest.mark.parametrize("lang", [0, 1])
def test_district_table_shows_names_in_the_report_language(design, lang):
    code = ("en", "ar")[lang]
    table = wps.stats.proportion(design, "sex", by="adm2_pcode").table(lang=code)
    labels = wps.labels.Labels.default()
    shown = table.frame
    header = labels.get("district", code)
    assert header in shown.columns
    assert set(shown[header]) == {v[lang] for v in BASRA.values()}
    html = table._repr_html_()
    assert "IQG02Q02" not in html.replace('data-pcode="IQG02Q02"', "") and "IQG02Q02" not in str(table)
    # machines still get the code, next to the name
    frame = table.to_frame()
    assert set(frame["adm2_pcode"]) == set(BASRA)
    for code_, name in zip(frame["adm2_pcode"], frame[header]):
        assert name == BASRA[code_][lang]


def test_governorate_table_shows_names(design):
    table = wps.stats.mean(design, "w", by="adm1_pcode").table(lang="ar")
    header = wps.labels.Labels.default().get("governorate", "ar")
    assert list(table.frame[header]) == ["البصرة"]
    assert list(table.to_frame()["adm1_pcode"]) == ["IQG02"]


def test_crosstab_by_district_shows_names(design):
    table = wps.stats.crosstab(design, "adm2_pcode", "sex").table(lang="en")
    first = table.frame.iloc[:, 0].tolist()
    assert sorted(first) == ["Al-Basrah", "Al-Zubair"]
    assert sorted(table.to_frame()["adm2_pcode"]) == sorted(BASRA)


def test_unknown_code_is_kept_as_written():
    df = pd.DataFrame({"adm2_pcode": ["IQG99Q99"] * 60, "y": [1, 0] * 30, "w": 1.0})
    table = wps.stats.proportion(wps.stats.SurveyDesign(df, weights="w"), "y",
                                 by="adm2_pcode").table(lang="en")
    assert "IQG99Q99" in table.frame.iloc[:, 0].tolist()


def test_html_table_of_a_district_frame_shows_names():
    from wpsresearch.report import html_table

    frame = pd.DataFrame({"adm2_pcode": ["IQG02Q06"], "n": [40]})
    out = html_table(frame, count_columns=["n"], lang="ar").html
    assert "الزبير" in out and 'data-pcode="IQG02Q06"' in out
    assert ">IQG02Q06<" not in out


def test_stacked_indicator_table_keeps_names_and_codes():
    from wpsresearch.report.indicator_tables import indicator_table

    rows = [{"adm2_pcode": c, "a": i % 2 == 0, "b": i % 3 == 0} for c in BASRA for i in range(60)]
    d = wps.stats.SurveyDesign(pd.DataFrame(rows).assign(w=1.0), weights="w")
    table = indicator_table({v: wps.stats.proportion(d, v, by="adm2_pcode") for v in ("a", "b")},
                            lang="en")
    frame = table.to_frame()
    assert sorted(set(frame["District"])) == ["Al-Basrah", "Al-Zubair"]
    assert [BASRA[c][0] for c in frame["adm2_pcode"]] == list(frame["District"])
