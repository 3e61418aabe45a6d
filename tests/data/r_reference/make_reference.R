# Reference values for tests/stats/test_r_survey_*.py, computed with R's `survey` package.
#
# Regenerate (needs R >= 4.2 and r-cran-survey; Debian: apt-get install r-base-core r-cran-survey):
#     cd tests/data/r_reference && Rscript make_reference.R
# Writes data/*.csv (the R data sets and small hand-made samples used) and reference.csv
# (case, name, value; every value printed with sprintf("%.17g"), full double precision).
# The tests read only the committed CSV files: CI does not need R.
suppressMessages(library(survey))
data(api)
options(warn = 1)
dir.create("data", showWarnings = FALSE)
out <- list()
put <- function(case, values) {
  values <- unlist(values)
  out[[length(out) + 1]] <<- data.frame(case = case, name = names(values),
                                        value = sprintf("%.17g", unname(values)))
}
est <- function(x) { v <- as.matrix(vcov(x)); c(estimate = unname(coef(x)), se = unname(sqrt(diag(v)))) }
csv <- function(frame, name) write.csv(frame, file.path("data", name), row.names = FALSE, na = "")

csv(apistrat, "apistrat.csv"); csv(apiclus1, "apiclus1.csv"); csv(apiclus2, "apiclus2.csv")
csv(apisrs, "apisrs.csv")
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
popstype <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
popwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))

## ---- 1. post-stratification residuals use the pre-adjustment weights (R oldweights)
small <- data.frame(id = 1:8, st = rep(c("a", "b"), each = 4), w = rep(c(1, 3), each = 4),
                    ps = rep(c("x", "y"), 4), y = c(1, 3, 2, 5, 4, 7, 3, 8))
csv(small, "small_ps.csv")
ds <- svydesign(ids = ~id, strata = ~st, weights = ~w, data = small)
put("ps_small", est(svymean(~y, postStratify(ds, ~ps, data.frame(ps = c("x", "y"), Freq = c(10, 12))))))
ps2 <- postStratify(dclus2, ~stype, popstype)
put("ps_clus2_mean", est(svymean(~api00, ps2)))
b <- svyby(~api00, ~sch.wide, ps2, svymean)
put("ps_clus2_by", c(estimate = coef(b), se = SE(b)))
psst <- postStratify(dstrat, ~sch.wide, popwide)
put("ps_strat_total", est(svytotal(~enroll, psst)))

## ---- 2. lonely_psu = "average" in a domain counts the strata with members there
options(survey.lonely.psu = "average")
dca <- svydesign(ids = ~dnum, strata = ~cname, weights = ~pw, data = apiclus1)
put("average_domain_H", est(svymean(~api00, subset(dca, stype == "H"))))
b <- svyby(~api00, ~stype, dca, svymean)
put("average_domain_by", c(estimate = coef(b), se = SE(b)))
put("average_whole", est(svymean(~api00, dca)))
## ---- 7. a lonely second-stage unit under "average": NaN
two <- data.frame(psu = c(1, 1, 1, 2, 2, 3, 3, 3, 4), ssu = c(1, 1, 2, 3, 4, 5, 6, 6, 7),
                  N1 = 10, N2 = c(5, 5, 5, 4, 4, 6, 6, 6, 3), y = c(3, 4, 6, 2, 8, 5, 5, 9, 7))
csv(two, "two_stage_lonely.csv")
d2 <- svydesign(ids = ~psu + ssu, fpc = ~N1 + N2, data = two)
put("average_stage2", est(svymean(~y, d2)))
put("average_clus2", est(svymean(~api00, dclus2)))
options(survey.lonely.psu = "remove")
put("remove_stage2", est(svymean(~y, d2)))
options(survey.lonely.psu = "fail")

## ---- 3. logit interval on a replicate design: the replicates refitted on the logit scale
jk <- as.svrepdesign(dclus1)
ci <- attr(svyciprop(~I(sch.wide == "Yes"), jk, method = "logit"), "ci")
put("rep_logit", c(ci_low = ci[[1]], ci_high = ci[[2]]))
bs_jkn <- as.svrepdesign(dstrat)
ci <- attr(svyciprop(~I(sch.wide == "Yes"), bs_jkn, method = "logit"), "ci")
put("rep_logit_jkn", c(ci_low = ci[[1]], ci_high = ci[[2]]))
## ---- 4. a replicate in which the domain is empty is dropped (with a warning)
r <- svymean(~api00, subset(jk, stype == "H" & dnum %in% c(178, 437, 510)))
put("rep_domain_three_psus", est(r))
r <- svymean(~api00, subset(jk, stype == "H" & dnum == 510))  # empty when PSU 510 is deleted
put("rep_empty_domain", est(r))
## ---- 5. quantile df from the non-missing rows
miss <- apiclus1
miss$api00[miss$dnum %in% c(61, 135)] <- NA
csv(miss, "apiclus1_missing.csv")
dm <- svydesign(id = ~dnum, weights = ~pw, data = miss, fpc = ~fpc)
q <- svyquantile(~api00, dm, 0.5, na.rm = TRUE)
put("quantile_missing", c(estimate = q$api00[1, 1], ci_low = q$api00[1, 2],
                          ci_high = q$api00[1, 3], se = q$api00[1, 4],
                          df = degf(subset(dm, !is.na(api00)))))
## ---- 6. df after poststratify / rake of a replicate design
psrep <- postStratify(bs_jkn, ~sch.wide, popwide)
put("rep_ps_df", c(df = degf(psrep), degf_before = degf(bs_jkn), est(svymean(~api00, psrep))))
rkrep <- rake(bs_jkn, list(~sch.wide, ~awards),
              list(popwide, data.frame(awards = c("No", "Yes"), Freq = c(2500, 3694))),
              control = list(maxit = 100, epsilon = 1e-13))
put("rep_rake_df", c(df = degf(rkrep), est(svymean(~api00, rkrep))))
## ---- 8. beta interval with df = Inf still uses degf(design) in the effective n
ci <- attr(svyciprop(~I(sch.wide == "Yes"), dclus1, method = "beta", df = Inf), "ci")
put("beta_df_inf", c(ci_low = ci[[1]], ci_high = ci[[2]]))
ci <- attr(svyciprop(~I(sch.wide == "Yes"), dclus1, method = "beta"), "ci")
put("beta_df_degf", c(ci_low = ci[[1]], ci_high = ci[[2]]))
## ---- 9. raking an unweighted design
dsrs <- svydesign(id = ~1, data = apisrs)
rk <- rake(dsrs, list(~stype, ~sch.wide), list(popstype, popwide),
           control = list(maxit = 100, epsilon = 1e-13))
put("rake_unweighted", c(est(svymean(~api00, rk)), total_se = SE(svytotal(~enroll, rk)),
                         total = coef(svytotal(~enroll, rk))))
rk1 <- rake(dclus1, list(~stype, ~sch.wide), list(popstype, popwide),
            control = list(maxit = 100, epsilon = 1e-13))
put("rake_clus1", est(svymean(~api00, rk1)))

source("make_reference_estimators.R", local = TRUE)

ref <- do.call(rbind, out)
write.csv(ref, "reference.csv", row.names = FALSE, quote = TRUE)
cat(nrow(ref), "values written to reference.csv\n")
