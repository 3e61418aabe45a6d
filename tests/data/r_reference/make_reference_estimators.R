# Sourced by make_reference.R (uses its put(), est(), csv() and designs).

## ---- vcov and contrasts (svyby covmat=TRUE, svycontrast)
b <- svyby(~api00, ~stype, dclus1, svymean, covmat = TRUE)
put("vcov_by_clus1", c(v = as.vector(vcov(b))))
cc <- svycontrast(b, c(E = 1, H = -1, M = 0))
put("contrast_E_H", c(estimate = unname(coef(cc)), se = unname(SE(cc))))
cc <- svycontrast(b, list(EH = c(E = 1, H = -1, M = 0), EM = c(E = 1, H = 0, M = -1)))
put("contrast_two", c(estimate = unname(coef(cc)), v = as.vector(vcov(cc))))
dstrat2 <- update(dstrat, yes = as.numeric(sch.wide == "Yes"))
b <- svyby(~yes, ~yr.rnd, dstrat2, svymean, covmat = TRUE)
cc <- svycontrast(b, c(Yes = 1, No = -1))  # year-round schools - the others
put("contrast_prop_strat", c(estimate = unname(coef(cc)), se = unname(SE(cc)), v = as.vector(vcov(b))))
b <- svyby(~api00, ~stype, dclus2, svymean, covmat = TRUE)
put("vcov_by_clus2", c(v = as.vector(vcov(b))))
b <- svyby(~api00, ~stype, jk, svymean, covmat = TRUE)
put("vcov_by_jk1", c(v = as.vector(vcov(b))))
# (survey 4.1-1's svyby(covmat=TRUE) fails on post-stratified designs: no case for them)
m <- svymean(~api00 + api99, dclus1)
put("vcov_two_vars", c(v = as.vector(vcov(m))))
b <- svyby(~api00, ~stype, dclus1, svytotal, covmat = TRUE)
put("vcov_total_by", c(v = as.vector(vcov(b))))

## ---- a missing answer is missing whatever the column's type (svymean on the factor, NA)
dk <- apiclus1
dk$answer <- ifelse(dk$api00 > 700, "yes", ifelse(dk$api00 > 550, "no", NA))
dk$answer[dk$snum %% 7 == 0] <- NA  # stands for "dont_know": left out of the base
dd <- svydesign(id = ~dnum, weights = ~pw, data = dk, fpc = ~fpc)
m <- svymean(~factor(answer), dd, na.rm = TRUE)
put("missing_answer", c(estimate = unname(coef(m)), se = unname(SE(m))))

## ---- svyvar, svyttest, ratio deff, separate ratio
v <- svyvar(~api00, dclus1)
put("svyvar_clus1", c(estimate = unname(coef(v)), se = unname(SE(v))))
v <- svyvar(~api00, dstrat)
put("svyvar_strat", c(estimate = unname(coef(v)), se = unname(SE(v))))
t1 <- svyttest(I(api00 - 650) ~ 0, dclus1)
put("ttest_one", c(statistic = unname(t1$statistic), df = unname(t1$parameter),
                   pvalue = unname(t1$p.value), estimate = unname(t1$estimate)))
t2 <- svyttest(api00 ~ sch.wide, dclus1)
put("ttest_two", c(statistic = unname(t2$statistic), df = unname(t2$parameter),
                   pvalue = unname(t2$p.value), estimate = unname(t2$estimate)))
t2 <- svyttest(api00 ~ sch.wide, dstrat)
put("ttest_two_strat", c(statistic = unname(t2$statistic), df = unname(t2$parameter),
                         pvalue = unname(t2$p.value), estimate = unname(t2$estimate)))
r <- svyratio(~api.stu, ~enroll, dclus1, deff = TRUE)
put("ratio_deff", c(estimate = unname(coef(r)), se = unname(SE(r)), deff = unname(deff(r))))
r <- svyratio(~api.stu, ~enroll, dstrat, deff = TRUE)
put("ratio_deff_strat", c(estimate = unname(coef(r)), se = unname(SE(r)), deff = unname(deff(r))))

## ---- proportion intervals: asin, xlogit, beta on domains
for (m in c("asin", "xlogit", "beta", "mean", "logit")) {
  ci <- attr(svyciprop(~I(sch.wide == "Yes"), dclus1, method = m), "ci")
  put(paste0("ciprop_", m), c(ci_low = ci[[1]], ci_high = ci[[2]]))
}
b <- svyby(~I(sch.wide == "Yes"), ~stype, dclus1, svyciprop, method = "beta", vartype = "ci")
put("ciprop_beta_by", c(ci_low = unname(b$ci_l), ci_high = unname(b$ci_u)))

## ---- lonely_psu = "certainty"
options(survey.lonely.psu = "certainty")
dl <- svydesign(ids = ~1, strata = ~dnum, weights = ~pw, data = apiclus1)
put("certainty_strat_dnum", est(svymean(~api00, dl)))
put("certainty_stage2", est(svymean(~y, d2)))
options(survey.lonely.psu = "fail")

## ---- quantile rules (svyquantile qrule=), Woodruff intervals
for (rule in c("math", "school", "shahvaish", paste0("hf", 1:9))) {
  q <- svyquantile(~api00, dclus1, c(0.25, 0.5, 0.9), qrule = rule)$api00
  put(paste0("qrule_", rule), c(estimate = q[, 1], ci_low = q[, 2], ci_high = q[, 3], se = q[, 4]))
}
q <- svyquantile(~enroll, dstrat, c(0.1, 0.5), qrule = "hf7")$enroll
put("qrule_hf7_strat", c(estimate = q[, 1], ci_low = q[, 2], ci_high = q[, 3]))

## ---- calibration with calfun = "logit" and bounds; trimWeights
pop <- c(`(Intercept)` = 6194, api99 = 3914069)
cl <- calibrate(dclus1, ~api99, pop, calfun = "logit", bounds = c(0.5, 1.6))
put("cal_logit", c(est(svymean(~api00, cl)), g_min = min(weights(cl) / weights(dclus1)),
                   g_max = max(weights(cl) / weights(dclus1))))
cl <- calibrate(dclus1, ~stype + api99, c(pop[1], stypeH = 755, stypeM = 1018, pop[2]),
                calfun = "logit", bounds = c(0.7, 1.7))
put("cal_logit_stype", est(svytotal(~enroll, cl)))
tr <- trimWeights(dstrat, upper = 40, lower = 20)
put("trim", c(est(svymean(~api00, tr)), wsum = sum(weights(tr)), wmax = max(weights(tr))))
tr <- trimWeights(dstrat, upper = 40, lower = 20, strict = TRUE)
put("trim_strict", c(est(svytotal(~enroll, tr)), wmax = max(weights(tr))))

## ---- svychisq statistic = "Wald" (and "adjWald", "F" for the same tables)
for (st in c("Wald", "adjWald", "F")) {
  for (dn in c("dclus1", "dstrat")) {
    x <- svychisq(~sch.wide + stype, get(dn), statistic = st)
    put(paste0("chisq_", st, "_", dn), c(statistic = unname(x$statistic),
                                          ndf = unname(x$parameter[1]),
                                          ddf = unname(x$parameter[2]), pvalue = unname(x$p.value)))
  }
}

## ---- svyquantile interval.type = beta, xlogit, asin; replicate "quantile"
for (it in c("beta", "xlogit", "asin")) {
  q <- svyquantile(~api00, dclus1, c(0.25, 0.5), interval.type = it)$api00
  put(paste0("qint_", it), c(estimate = q[, 1], ci_low = q[, 2], ci_high = q[, 3]))
}
q <- suppressWarnings(svyquantile(~api00, jk, c(0.25, 0.5), interval.type = "quantile"))$api00
put("qint_rep_quantile", c(estimate = q[, 1], ci_low = q[, 2], ci_high = q[, 3], se = q[, 4]))
