"""Headline numbers are the analysis plan's ``headline: yes`` rows (a study without any may
still list ``headline_indicators`` in study.yml); each finding equals wps.stats on the
province's rows and carries the plan's label; a study declaring none gets a clear error."""

from types import SimpleNamespace

import pytest

import wpsresearch as wps
from wpsresearch.report.headlines import headline_findings, headline_rows


@pytest.fixture(scope="module")
def analysis():
    return wps.datasets.synthetic_analysis(n=600, seed=3)


def test_headline_rows_are_the_plans(analysis):
    rows = headline_rows(analysis.study, analysis.plan, analysis.frame)
    assert rows == analysis.plan.headlines() and len(rows) == 6
    assert [r.analysis_var for r in rows][:2] == ["ipv_any_12m", "reported_formal"]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_findings_equal_wps_stats_and_say_the_plans_label(analysis, lang):
    domain = analysis.frame["adm1_pcode"] == "IQG02"
    rows = analysis.plan.headlines()
    found = headline_findings(analysis.design, domain, rows, lang=lang, labels=analysis.labels,
                              codebook=analysis.form, plan=analysis.plan)
    assert [f.indicator for f in found] == [r.analysis_var for r in rows]
    for row, f in zip(rows, found):
        mask = domain & (row.where.mask(analysis.frame) if row.where else True)
        here = analysis.design.subset(mask)
        if row.analysis_type == "mean":
            est = wps.stats.mean(here, row.analysis_var)
            assert not f.percent
        else:
            est = wps.stats.proportion(here, row.analysis_var)
            assert f.percent
        if not f.suppressed:
            assert f.estimate == pytest.approx(est.estimate, rel=1e-12)
            shown, _ = analysis.study.policy.published_bases([est.n], [est.n_missing])
            assert f.n == int(shown[0])  # the published base (one rule for bases)
        label = row.labels.get(lang) or analysis.labels.get(row.analysis_var, lang)
        assert f.label == label and f.sentence.startswith(label)


def test_legacy_headline_indicators_still_work(analysis):
    import dataclasses

    plan = dataclasses.replace(analysis.plan, rows=tuple(r for r in analysis.plan if not r.headline))
    study = SimpleNamespace(name="old", headline_indicators=(
        "ipv_physical_12m", "trust_police_index", {"indicator": "unsafe_night", "by": "sex",
                                                   "where": "male"}))
    rows = headline_rows(study, plan, analysis.frame)
    assert [(r.analysis_type, r.analysis_var) for r in rows] == [
        ("prop_select_one", "ipv_physical_12m"), ("mean", "trust_police_index"),
        ("prop_select_one", "unsafe_night")]
    assert rows[2].where.mask(analysis.frame).equals(analysis.frame["sex"] == "male")
    found = headline_findings(analysis.design, analysis.frame["adm1_pcode"].notna(), rows,
                              lang="en", labels=analysis.labels)
    men = analysis.design.subset(analysis.frame["sex"] == "male")
    assert found[2].estimate == pytest.approx(wps.stats.proportion(men, "unsafe_night").estimate)


def test_no_headline_anywhere_is_a_clear_error(analysis):
    import dataclasses

    plan = dataclasses.replace(analysis.plan, rows=tuple(r for r in analysis.plan if not r.headline))
    with pytest.raises(wps.errors.ReportError, match="'partner_study' declares no headline") as info:
        headline_rows(SimpleNamespace(name="partner_study"), plan, analysis.frame)
    assert "headline: yes" in info.value.hint
    with pytest.raises(wps.errors.ReportError, match="needs the column 'nope'"):
        headline_rows(SimpleNamespace(name="x", headline_indicators=("nope",)), plan, analysis.frame)
    with pytest.raises(wps.errors.ReportError, match="cannot read the headline"):
        headline_rows(SimpleNamespace(name="x", headline_indicators=({"indicater": "a"},)), plan,
                      analysis.frame)
    with pytest.raises(wps.errors.ReportError, match="without 'by'"):
        headline_rows(SimpleNamespace(name="x", headline_indicators=(
            {"indicator": "sex", "where": "female"},)), plan, analysis.frame)


def test_a_province_without_respondents_suppresses_every_headline(analysis):
    nobody = analysis.frame["adm1_pcode"] == "IQG01"
    found = headline_findings(analysis.design, nobody, analysis.plan.headlines(), lang="en",
                              labels=analysis.labels, plan=analysis.plan)
    assert len(found) == 6 and all(f.suppressed for f in found)


def test_campaign_images_follow_the_plans_headlines(analysis, tmp_path):
    from wpsresearch.report import campaign

    written = campaign.build_campaign_figures(tmp_path, out_root=tmp_path, provinces=["basra"],
                                              langs=("ar",), prepared=analysis, identifiers={},
                                              gate=lambda paths, **kw: [])
    shown = {p.name.split("_square_")[0] for p, _ in written if "_square_" in p.name}
    found = headline_findings(analysis.design, analysis.frame["adm1_pcode"] == "IQG02",
                              analysis.plan.headlines(), lang="ar", labels=analysis.labels,
                              plan=analysis.plan)
    assert shown == {f.indicator for f in found if not f.suppressed} and shown
    assert shown <= {r.analysis_var for r in analysis.plan.headlines()}
