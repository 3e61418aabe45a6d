"""Help-seeking pathways (help_seeking.yaml groups), Likert indices and Cronbach's alpha."""

import numpy as np
import pandas as pd
import pytest

import wpsresearch as wps
from wpsresearch.errors import EstimationError, InputError


def test_pathways_from_space_separated():
    df = pd.DataFrame({"help_sought": ["police family", "health", "tribal_leader ngo",
                                       "no_one", None]})
    out = wps.sgbv.help_seeking_pathways(df, "help_sought")
    assert out["help_formal"].tolist() == [True, True, False, False, pd.NA]
    assert out["reported_formal"].tolist() == [True, False, False, False, pd.NA]  # health is not reporting
    assert out["help_tribal_religious"].tolist()[:4] == [False, False, True, False]
    assert out["help_informal"].tolist()[:4] == [True, False, False, False]
    assert out["help_ngo"].tolist()[:4] == [False, False, True, False]
    assert out["help_none"].tolist()[:4] == [False, False, False, True]
    assert out["help_asked"].tolist() == [True, True, True, True, False]


@pytest.mark.parametrize("sep", ["/", "__", "."])
def test_pathways_from_option_columns(sep):
    opts = ["police", "fpd", "court", "health", "tribal_leader", "religious_leader", "family",
            "friends_neighbours", "ngo", "no_one", "other"]
    rows = [{o: int(o in chosen) for o in opts} for chosen in (["fpd"], ["religious_leader"])]
    df = pd.DataFrame(rows).add_prefix("help_sought" + sep)
    df.loc[2] = np.nan  # not asked
    out = wps.sgbv.help_seeking_pathways(df, "help_sought")
    assert out["reported_formal"].tolist() == [True, False, pd.NA]
    assert out["help_tribal_religious"].tolist() == [False, True, pd.NA]


def test_options_mapped_to_the_forms_codes_and_pathways_not_offered():
    df = pd.DataFrame({"Q7": ["shurta ahl", "imam", "la_ahad", "mukhtar", None]})
    out = wps.sgbv.help_seeking_pathways(df, "Q7", options={
        "police": "shurta", "family": ["ahl", "aqarib"], "religious_leader": "imam",
        "no_one": "la_ahad"})
    assert out["reported_formal"].tolist() == [True, False, False, False, pd.NA]
    assert out["help_informal"].tolist()[:4] == [True, False, False, False]
    assert out["help_tribal_religious"].tolist()[:4] == [False, True, False, False]
    # an answer outside every pathway (mukhtar) is in none; pathways the form does not offer
    # (ngo, court, fpd ...) are left out, not 0 %
    assert out["help_none"].tolist()[:4] == [False, False, True, False]
    assert "help_ngo" not in out and "help_other" not in out
    with pytest.raises(InputError, match="unknown help source"):
        wps.sgbv.help_seeking_pathways(df, "Q7", options={"imam": "imam"})


def test_reasons_grouped():
    out = wps.sgbv.no_report_reasons(pd.DataFrame({"no_report_reason": [
        "stigma", "distrust_police tribal_family_pressure", "fear_retaliation didnt_know_where", ""]}),
        "no_report_reason")
    assert out["reason_stigma"].tolist() == [True, False, False, pd.NA]
    assert out["reason_distrust_institutions"].tolist()[:3] == [False, True, False]
    assert out["reason_tribal_family_pressure"].tolist()[:3] == [False, True, False]
    assert out["reason_fear_retaliation"].tolist()[:3] == [False, False, True]
    assert out["reason_lack_of_knowledge"].tolist()[:3] == [False, False, True]


def test_cronbach_alpha_worked_example():
    # Hand-worked example (calkulon.com "Cronbach's alpha" guide: items [4,3,5,2], [5,4,5,3],
    # [4,3,5,2]; item variances 5/3, 11/12, 5/3; total-score variance 12.25):
    # alpha = 3/2 * (1 - 4.25/12.25) = 0.97959...
    items = pd.DataFrame({"a": [4, 3, 5, 2], "b": [5, 4, 5, 3], "c": [4, 3, 5, 2]})
    res = wps.sgbv.cronbach_alpha(items)
    assert res.alpha == pytest.approx(1.5 * (1 - 4.25 / 12.25), abs=1e-12)


def test_cronbach_alpha_feldt_ci_formula():
    # Feldt, Woodruff & Salih (1987) formulas 6-7, as R cocron::cronbach.alpha.CI documents:
    # L = 1 - (1 - a) F_{1-c/2}(n-1, (n-1)(k-1)), U = 1 - (1 - a) F_{c/2}(...)
    from scipy import stats

    rng = np.random.default_rng(5)
    latent = rng.normal(size=200)
    items = pd.DataFrame({f"i{j}": latent + rng.normal(size=200) for j in range(4)})
    res = wps.sgbv.cronbach_alpha(items)
    f_hi = stats.f.ppf(0.975, 199, 199 * 3)
    f_lo = stats.f.ppf(0.025, 199, 199 * 3)
    assert res.ci_low == pytest.approx(1 - (1 - res.alpha) * f_hi)
    assert res.ci_high == pytest.approx(1 - (1 - res.alpha) * f_lo)
    assert res.ci_low < res.alpha < res.ci_high
    # population alpha of 4 parallel items with reliability 0.5 is 4*0.5/(1+3*0.5) = 0.8
    assert res.ci_low < 0.8 < res.ci_high


def test_cronbach_alpha_kr20_for_binary_items():
    # for 0/1 items alpha equals KR-20 (Kuder & Richardson 1937) when variances use n - 1 both
    x = np.array([[1, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 0], [1, 1, 1], [0, 1, 0]], dtype=float)
    n, k = x.shape
    p = x.mean(axis=0)
    kr20 = k / (k - 1) * (1 - (p * (1 - p)).sum() * n / (n - 1) / x.sum(axis=1).var(ddof=1))
    assert wps.sgbv.cronbach_alpha(x).alpha == pytest.approx(kr20)


def test_cronbach_alpha_needs_variation():
    with pytest.raises(EstimationError):
        wps.sgbv.cronbach_alpha([[1, 1], [1, 1], [1, 1]])


def test_trust_police_index_excludes_dk_rf():
    df = pd.DataFrame({"trust_police": ["a_lot", "98", "not_at_all", "refused"],
                       "police_treat_fairly": ["strongly_agree", "agree", "disagree", "99"],
                       "police_respond_quickly": ["agree", "dont_know", "strongly_disagree", "98"]})
    res = wps.sgbv.trust_police_index(df, {"trust_police": "trust_4", "police_treat_fairly": "agree_4",
                                           "police_respond_quickly": "agree_4"})
    assert res.scores.tolist()[:3] == [pytest.approx(8 / 3), 2.0, pytest.approx(1 / 3)]
    assert pd.isna(res.scores.iloc[3])
    assert res.reliability.n == 2  # complete cases only
    assert list(res.to_frame().columns)[-1] == "trust_police_index"


def test_safety_index_unknown_answer():
    with pytest.raises(InputError, match="safe_night"):
        wps.sgbv.safety_index(pd.DataFrame({"safe_day": ["safe"], "safe_night": ["scary"]}),
                              {"safe_day": "safe_4", "safe_night": "safe_4"})
    with pytest.raises(InputError, match="unknown scale"):
        wps.sgbv.safety_index(pd.DataFrame({"safe_day": ["safe"]}), {"safe_day": "safe_5"})


def test_kobo_group_paths():
    # Kobo CSV: group/name headers; select_multiple = text column + group/name/option 1/0 dummies
    df = pd.DataFrame({"help/help_sought": ["fpd ngo", ""], "help/help_sought/fpd": [1, np.nan],
                       "help/help_sought/ngo": [1, np.nan]})
    out = wps.sgbv.help_seeking_pathways(df, "help_sought")
    assert out["reported_formal"].tolist() == [True, pd.NA]
    out2 = wps.sgbv.help_seeking_pathways(df.drop(columns="help/help_sought"), "help_sought")
    assert out2["help_ngo"].tolist() == [True, pd.NA]


# Published worked example: the `cronbach_alpha` example data of the pingouin documentation
# (raphaelvallat/pingouin, pingouin/datasets/cronbach_alpha.csv; 15 subjects x 10 items, long
# format there).  pingouin's docs print alpha = 0.591719 and 95% CI [0.195, 0.84] (Feldt) and
# state the results were checked against R psych::alpha.  Only the numbers are used.
PINGOUIN_ITEMS = {
    "Q1": [3, 5, 7, 2, 6, 1, 4, 2, 6, 5, 4, 4, 5, 6, 4],
    "Q2": [2, 4, 3, 4, 5, 2, 3, 4, 5, 4, 3, 2, 5, 5, 3],
    "Q3": [4, 6, 5, 3, 6, 3, 5, 4, 5, 6, 5, 3, 6, 5, 5],
    "Q4": [1, 3, 5, 3, 5, 4, 3, 3, 5, 4, 2, 2, 2, 4, 5],
    "Q5": [4, 5, 6, 2, 4, 2, 5, 7, 1, 3, 5, 5, 3, 2, 3],
    "Q6": [5, 1, 4, 2, 4, 5, 2, 2, 6, 5, 3, 3, 3, 2, 1],
    "Q7": [1, 2, 3, 2, 4, 2, 1, 2, 5, 3, 2, 4, 2, 1, 3],
    "Q8": [4, 5, 3, 6, 6, 3, 2, 4, 2, 1, 3, 2, 4, 4, 2],
    "Q9": [3, 5, 6, 6, 7, 5, 4, 6, 3, 7, 4, 3, 4, 6, 3],
    "Q10": [2, 5, 5, 3, 5, 2, 3, 5, 2, 2, 1, 4, 5, 5, 4],
}


def test_cronbach_alpha_published_example():
    res = wps.sgbv.cronbach_alpha(pd.DataFrame(PINGOUIN_ITEMS))
    assert res.alpha == pytest.approx(0.591719, abs=5e-7)
    assert res.ci_low == pytest.approx(0.195, abs=5e-4)
    assert res.ci_high == pytest.approx(0.840, abs=5e-4)
    assert (res.n, res.k) == (15, 10)
