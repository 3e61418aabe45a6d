"""A built study round, end to end: ``wps.stats.analyse`` on the built study (not a hand-made
frame) goes to the store — every estimate that passed the policy, nothing suppressed, nothing
below the policy's thresholds; publish_study reads its provenance; the scorecard's gate looks
for the raw data's identifiers.  Two small SYNTHETIC rounds are generated and built."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.monitor import IndicatorStore, StudyRecord, publish_study, scorecard
from wpsresearch.monitor.publish import study_results


@pytest.fixture(scope="module")
def published(built_rounds):
    """Both rounds' whole analysis plans, analysed and published to one store file."""
    project, studies = built_rounds
    db = project / "data" / "indicators.duckdb"
    results, outs = {}, {}
    for r in (1, 2):
        results[r], plan = study_results(studies[r])
        outs[r] = publish_study(studies[r], results[r], store=db, plan=plan)
    return db, results, outs


def test_record_from_a_built_study(built_rounds):
    _, studies = built_rounds
    r1, r2 = (StudyRecord.from_study(studies[r]) for r in (1, 2))
    assert r1.round_date.startswith("2026-03") and r2.round_date.startswith("2028-03")
    assert r1.synthetic and "SYNTHETIC" in r1.title_en and "round 2" in r2.title_en
    assert r1.province_pcodes == ("IQG02", "IQG08", "IQG13", "IQG16")
    assert r1.district_pcodes and all(p.startswith("IQG") and "Q" in p[4:] for p in r1.district_pcodes)
    manifest = json.loads((studies[1].processed_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"]["export.csv"] in r1.manifest_json and len(r1.manifest_sha256) == 64


def test_the_results_are_the_studys_own_analysis(built_rounds, published):
    _, studies = built_rounds
    _, results, _ = published
    plan = studies[1].read_plan()
    frame = results[1].to_frame()
    assert set(frame["plan_row"]) == {r.row for r in plan}  # every plan row was analysed
    assert frame["suppressed"].any() and (~frame["suppressed"]).any()  # 480 interviews: some cells too small


def test_every_published_estimate_goes_in_and_nothing_suppressed(built_rounds, published):
    _, studies = built_rounds
    db, results, outs = published
    with IndicatorStore.open(db, read_only=True) as store:
        for r in (1, 2):
            study, frame = studies[r], results[r].to_frame()
            shown, held = frame[~frame["suppressed"]], frame[frame["suppressed"]]
            rows = store.query("SELECT * FROM estimate_rows WHERE study = ?", [study.name])
            withheld = store.query("SELECT * FROM withheld WHERE study = ?", [study.name])
            assert outs[r] == {"written": True, "estimates": len(shown), "withheld": len(held),
                               "covariances": outs[r]["covariances"], "store": str(db)}
            # grouped estimates keep their covariances, for contrasts between groups from the store
            cov = store.query("SELECT * FROM covariances WHERE study = ?", [study.name])
            assert len(cov) == outs[r]["covariances"] > 0 and set(cov["key_a"]) <= set(shown["analysis_key"])
            # exactly the published estimates, with their numbers as analyse gave them
            stored = rows.set_index("analysis_key").sort_index()
            want = shown.set_index("analysis_key").sort_index()
            assert list(stored.index) == list(want.index)
            for mine, theirs in (("estimate", "stat"), ("se", "se"), ("ci_low", "stat_low"),
                                 ("ci_high", "stat_upp"), ("df", "df")):
                pd.testing.assert_series_equal(stored[mine], want[theirs].astype(float), check_names=False)
            # the framework codes are the plan's, normalised
            assert stored["nap_pillar"].fillna("").tolist() == want["nap_pillar"].fillna("").tolist()
            assert set(stored["sdg"].dropna()) == {"5.2.1", "11.7.2", "16.3.1", "16.1.4"} & set(want["sdg"].dropna())
            # nothing suppressed: the withheld rows are keys and reasons, never a number
            assert sorted(withheld["indicator_id"] + "|" + withheld["group_value"]) == sorted(
                held["analysis_var"] + "=" + held["analysis_var_value"].fillna("").astype(str) + "|"
                + held["group_var_value"].fillna("").astype(str))
            assert not {"estimate", "se", "ci_low", "ci_high", "n"} & set(withheld.columns)
            # nothing below the study's thresholds: the base, and a proportion's numerator and complement
            policy = study.policy
            assert (rows["n"] >= policy.min_n).all()
            props = want[want["analysis_type"].str.startswith("prop")]
            numerator = props["n"].astype(int)
            assert (numerator >= policy.min_cell).all()
            assert ((props["n_total"].astype(int) - numerator) >= policy.min_cell).all()
            assert store.audit(policy) == []


def test_publishing_the_same_study_again_changes_nothing(built_rounds, published):
    _, studies = built_rounds
    db, results, _ = published
    before = db.read_bytes()
    again = publish_study(studies[1], results[1], store=db)
    assert again["written"] is False and db.read_bytes() == before


def test_the_default_results_are_the_whole_plan(built_rounds, published):
    """publish_study(study) alone analyses the built study as study_results does."""
    _, studies = built_rounds
    db, _, outs = published
    assert publish_study(studies[2], store=db)["written"] is False  # identical content


def test_the_scorecard_is_gated_and_shows_every_pillar_with_data(built_rounds, published):
    project, studies = built_rounds
    db = published[0]
    with IndicatorStore.open(db, read_only=True) as store:
        rows = store.estimates()
        assert set(store.studies()["study"]) == {"synthetic (SYNTHETIC)", "synthetic_round2 (SYNTHETIC)"}
    heard = rows[(rows["indicator_id"] == "heard_1325_yes=TRUE") & (rows["group_var"] == "")]
    assert len(heard) == 2 and heard["wording"].str.len().gt(10).all()  # the form's question text
    assert heard["signature"].nunique() == 1  # same form, same question: comparable rounds
    written = scorecard(db, project / "reports" / "monitor", studies=list(studies.values()))
    page = written[0][0].read_text(encoding="utf-8")
    assert "People who have heard of UNSCR 1325" in page and "Change since the previous round" in page
    # an indicator the plan estimates by sex only still has its card under its pillar
    participation = page[page.index('id="participation"'):page.index('id="protection"')]
    assert "Agrees women should serve in the police" in participation
    no_data = page[page.index('id="no-data"'):]
    assert "Participation" not in no_data.split("</ul>")[0]
    changes = pd.read_csv(project / "reports" / "monitor" / "changes.csv", skiprows=[1])
    assert "heard_1325_yes=TRUE" in set(changes["indicator_id"])
    # groups are named by the form's answer labels, in each language, and compared within the round
    ar = written[1][0].read_text(encoding="utf-8")
    form = studies[2].read_form()
    female = {lang: form.label("sex", lang, choice="female") for lang in ("en", "ar")}
    male = {lang: form.label("sex", lang, choice="male") for lang in ("en", "ar")}
    assert female["ar"] != female["en"]
    assert f'<th scope="row">{female["en"]}</th>' in participation
    assert f'{female["ar"]} − {male["ar"]}' in ar and "sex: female" not in ar
    contrasts = pd.read_csv(project / "reports" / "monitor" / "contrasts.csv", skiprows=[1])
    with IndicatorStore.open(db, read_only=True) as store:
        view = store.query("SELECT * FROM group_contrasts WHERE synthetic")
    assert len(contrasts) == len(view) > 0
    assert (contrasts["change"] - (contrasts["first_estimate"] - contrasts["second_estimate"])).abs().max() < 1e-9


def test_a_constructed_indicator_is_worded_by_its_questions_and_definition(built_rounds):
    import copy

    from wpsresearch.monitor.publish import _wording

    _, studies = built_rounds
    form, mapping = studies[1].read_form(), dict(studies[1].indicators)
    words = _wording(form, mapping)
    question = mapping["answers"]["heard_1325_yes"]["question"]
    asked = words[question]
    assert len(asked) > 10 and asked in words["heard_1325_yes"]  # the form's question text
    # the same question with other answers counted as "yes" is another indicator
    changed = copy.deepcopy(mapping)
    changed["answers"]["heard_1325_yes"]["yes"] = ["yes", "dont_know"]
    assert _wording(form, changed)["heard_1325_yes"] != words["heard_1325_yes"]
    # an index reads several questions: each one's wording is part of it
    index = words["trust_police_index"]
    assert all(words[q] in index for q in mapping["trust_police_index"]["items"])


def test_the_demo_step_builds_round_2_publishes_both_rounds_audits_and_writes_the_scorecard(
        recorded_progress, built_rounds, tmp_path, monkeypatch):
    """pipeline.monitoring.monitor_rounds, as `wpsresearch demo` calls it: round 1 built,
    round 2 only generated (its raw folder beside round 1's)."""
    import shutil

    from wpsresearch.pipeline.demo import demo_summary
    from wpsresearch.pipeline.monitoring import monitor_rounds

    project, studies = built_rounds
    monkeypatch.setenv("WPSRESEARCH_SECRET_SYNTHETIC", "test-only-secret-0123456789abcdefghij")
    for part in ("data/raw/synthetic", "data/raw/synthetic_round2", "data/processed/synthetic"):
        shutil.copytree(project / part, tmp_path / part)
    progress = recorded_progress()
    with pytest.warns(wps.errors.WpsWarning, match="unique on the key variables"):  # 480 interviews
        written = monitor_rounds(tmp_path / "data/raw/synthetic", out_root=tmp_path, progress=progress)
    names = {p.relative_to(tmp_path).as_posix() for p, _ in written}
    assert "data/processed/synthetic_round2/manifest.json" in names  # round 2 was built
    assert {f"reports/monitor/scorecard_{lang}.{ext}" for lang in ("en", "ar") for ext in ("html", "pdf")} <= names
    assert "data/indicators.duckdb" in names
    with IndicatorStore.open(tmp_path / "data/indicators.duckdb", read_only=True) as store:
        held = store.studies()
        assert sorted(held["study"]) == ["synthetic (SYNTHETIC)", "synthetic_round2 (SYNTHETIC)"]
        assert held["synthetic"].all() and (held["n_estimates"] > 0).all()
        for study in studies.values():
            assert store.audit(study.policy, study=study.name) == []
    summary = demo_summary(written, tmp_path)
    assert any(line.startswith("NAP 1325 scorecard: reports/monitor/") for line in summary)
    assert any("synthetic_round2 published" in s for s in progress.steps)


def test_the_audit_refuses_a_missing_round_or_a_forbidden_value(built_rounds, published, tmp_path):
    import shutil

    from wpsresearch.errors import ReportError
    from wpsresearch.pipeline.monitoring import audit_store

    _, studies = built_rounds
    db = tmp_path / "copy.duckdb"
    shutil.copy(published[0], db)
    audit_store(db, list(studies.values()))  # clean
    with IndicatorStore.open(db) as store:
        store._con.execute("DELETE FROM publications WHERE study = 'synthetic_round2'")
    with pytest.raises(ReportError, match="lacks the study round\\(s\\) synthetic_round2"):
        audit_store(db, list(studies.values()))
    shutil.copy(published[0], db)
    with IndicatorStore.open(db) as store:  # a small base slipped in behind the store's back
        store._con.execute("UPDATE estimate_rows SET n = 7 WHERE study = 'synthetic' AND rowid = "
                           "(SELECT min(rowid) FROM estimate_rows WHERE study = 'synthetic')")
    with pytest.raises(ReportError, match="synthetic: 1 row\\(s\\) with a base below min_n"):
        audit_store(db, list(studies.values()))


def test_the_command_line_publishes_built_studies_and_writes_the_scorecard(built_rounds, published, tmp_path, capsys):
    from wpsresearch.cli import main

    project, _ = built_rounds
    db = tmp_path / "cli.duckdb"
    raw = project / "data" / "raw"
    status = main(["--quiet", "monitor", "--db", str(db), "--out", str(tmp_path / "monitor"),
                   "--publish", str(raw / "synthetic"), "--publish", str(raw / "synthetic_round2")])
    assert status == 0, capsys.readouterr().err
    assert (tmp_path / "monitor" / "scorecard_ar.pdf").is_file()
    # the same estimates as publishing from Python
    with IndicatorStore.open(db, read_only=True) as a, IndicatorStore.open(published[0], read_only=True) as b:
        pd.testing.assert_frame_equal(a.estimates(), b.estimates())


def test_groups_of_a_built_round_are_compared_from_the_store(built_rounds, published):
    """Women and men of one round, from the store alone, as from the study's design."""
    from wpsresearch.monitor.change import group_contrast, stored_contrast

    _, studies = built_rounds
    db, results, _ = published
    with IndicatorStore.open(db, read_only=True) as store:
        rows = store.query("SELECT * FROM estimates WHERE study = 'synthetic (SYNTHETIC)' AND group_var = 'sex' "
                           "AND analysis_type = 'mean'")
        female, male = (rows[rows["group_value"] == g].iloc[0] for g in ("female", "male"))
        c = stored_contrast(store, female, male)
        pairs = store.query("SELECT * FROM group_contrasts WHERE study = 'synthetic (SYNTHETIC)'")
    plan_row = int(female["plan_row"])
    direct = group_contrast(results[1][plan_row].estimate, "female", "male")
    assert (c.estimate, c.se, c.df, c.p_value) == pytest.approx(
        (direct.estimate, direct.se, direct.df, direct.p_value), rel=1e-10)
    assert len(pairs) > 0 and (pairs["se"] > 0).all()
