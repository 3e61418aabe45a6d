"""Design-based survey estimation with R's `survey` package as the written specification.

Build a :class:`SurveyDesign` once (clusters, strata, weights, fpc), then call the
estimators with the design first: :func:`mean`, :func:`total`, :func:`proportion`,
:func:`ratio`, :func:`quantile` (each with ``by=``), :func:`crosstab` and :func:`glm`;
``Estimate.vcov()`` and :func:`contrast` (R ``svycontrast``) compare groups;
:func:`variance` (``svyvar``) and :func:`ttest` (``svyttest``) complete R's basics.
``design.replicate()`` / ``SurveyDesign.from_replicates()`` give replicate-weight designs,
``design.poststratify()``, ``.rake()`` and ``.calibrate()`` adjusted ones; every estimator
works on all of them.  :func:`paired_test` and :func:`cronbach_alpha` serve training
evaluations.  Results are :class:`Estimate` / :class:`Crosstab` / :class:`GLMResult`
objects with ``to_frame()``, ``conf_int()``, ``summary()`` and ``table(lang=...)`` (the
suppressed, labelled report table).

Conventions (each matches a published reference in ``tests/stats``):

- Variances are Taylor linearisation exactly as R ``svyrecvar`` (multistage with an fpc at
  each stage, R's four lonely-PSU rules); domains (``by=``, ``subset``) keep the whole design.
- Intervals default to t on the design degrees of freedom, R ``confint(..., df=degf(design))``
  (also what srvyr/IMPACT ``analysistools`` print); pass ``df=float("inf")`` for R's default
  normal ``confint()``.  ``by=`` estimates use the whole design's df, as srvyr does.
- Proportions default to R ``svyciprop(method="logit")``; quantiles to R ``svyquantile``
  (survey >= 4.1: ``qrule="math"``, Woodruff ``interval.type="mean"``).
- ``df="domain"`` gives each ``by`` group its own ``degf`` (R ``svyby``'s default).
- Missing answers are left out of each base whatever the column's dtype (NA, and the
  categories in :data:`wpsresearch.stats.answers.MISSING` in text and categorical columns);
  ``n_missing`` says how many, on every estimate.
- ``Estimate.vcov()`` is R's ``vcov`` / ``svyby(covmat=TRUE)``: domains share PSUs, so
  :func:`contrast` (R ``svycontrast``) compares groups with the right standard error.
- The type of ``est.estimate`` follows the call: a float when one number was asked for (one
  variable, no ``by``, a 0/1 item, a single ``probs``), otherwise a Series, whatever the
  number of rows; ``est.to_series()`` is always a Series.  Results pickle.
- Keyword-only after ``design, var, by`` (``probs`` for quantiles, ``num, den`` for
  ratios); the confidence level is ``level=`` everywhere, ``conf_int(level=...)`` too.
- Replicate designs (R ``as.svrepdesign``/``svrepdesign``): variance
  ``scale * sum(rscales * (theta_r - centre)^2)``, all replicates in one matrix product;
  ``replicate("BRR" | "Fay")`` builds R's own half-samples (R's Hadamard matrices).
- PPS without replacement: ``SurveyDesign(..., fpc=<probabilities>, pps="brewer" |
  "overton" | "HR" | <joint probabilities>, variance="HT" | "YG")``, as R ``svydesign(pps=)``.
- Also as R: ``proportion(ci="likelihood")``, ``quantile(interval="score")``,
  ``crosstab(...).test("lincom" | "saddlepoint")``, ``ratio(separate=True)`` with
  :func:`ratio_total` (R ``predict.svyratio``).  Every one is compared with live R on R's own
  data sets (``tests/stats/test_r_crosscheck.py``, about 1,600 cases).

Examples
--------
>>> import pandas as pd
>>> import wpsresearch as wps
>>> df = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3, 4, 4], "stratum": list("aabbaabb"),
...                    "weight": [1.5, 1.5, 2.0, 2.0, 1.0, 1.0, 2.5, 2.5],
...                    "ipv": [1, 0, 0, 0, 1, 1, 0, 1], "sex": list("fmfmfmfm")})
>>> d = wps.stats.SurveyDesign(df, ids="psu", strata="stratum", weights="weight")
>>> est = wps.stats.proportion(d, "ipv", by="sex")
>>> est.estimate.round(3)
sex  level
f    1        0.357
m    1        0.500
Name: estimate, dtype: float64
"""

from __future__ import annotations

from wpsresearch.stats.crosstab import Crosstab, TestResult, crosstab
from wpsresearch.stats.design import SurveyDesign
from wpsresearch.stats.estimate import Estimate
from wpsresearch.stats.means import mean, ratio, ratio_total, total
from wpsresearch.stats.proportions import proportion
from wpsresearch.stats.quantiles import quantile
from wpsresearch.stats.regression import glm
from wpsresearch.stats.glm_result import GLMResult
from wpsresearch.stats.calibration import calibrate, poststratify, rake, trim_weights
from wpsresearch.stats.contrasts import contrast
from wpsresearch.stats.ttest import TTestResult, ttest, variance
from wpsresearch.stats.paired import PairedTestResult, paired_test
from wpsresearch.sgbv.scale_reliability import CronbachAlpha, cronbach_alpha
from wpsresearch.stats.report_table import ReportTable
from wpsresearch.stats.analysis import AnalysisResults, analyse
from wpsresearch.stats.study_design import study_design

__all__ = [
    "SurveyDesign",
    "study_design",
    "Estimate",
    "Crosstab",
    "TestResult",
    "ReportTable",
    "mean",
    "total",
    "proportion",
    "ratio",
    "ratio_total",
    "quantile",
    "crosstab",
    "glm",
    "contrast",
    "variance",
    "ttest",
    "TTestResult",
    "GLMResult",
    "poststratify",
    "rake",
    "calibrate",
    "trim_weights",
    "paired_test",
    "PairedTestResult",
    "cronbach_alpha",
    "CronbachAlpha",
    "analyse",
    "AnalysisResults",
]
