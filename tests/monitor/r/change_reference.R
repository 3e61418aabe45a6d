# Reference values for tests/monitor/test_change.py (run: Rscript change_reference.R).
# 1. Independent rounds: difference, SE from the sum of variances, t test on min(df).
d <- 0.24 - 0.30; se <- sqrt(0.021^2 + 0.018^2); df <- min(40, 33)
cat(sprintf("independent %.10f %.10f %.10f %.10f %.10f\n", d, se, 2 * pt(-abs(d / se), df),
            d - qt(0.975, df) * se, d + qt(0.975, df) * se))
# 2. Two groups of one survey: svycontrast with the covariance, api data (R survey).
library(survey)
data(api)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
m <- svyby(~api00, ~stype, dclus1, svymean, covmat = TRUE)
c1 <- svycontrast(m, c(E = 1, H = -1))
est <- coef(c1)[[1]]; s <- SE(c1)[[1]]; dfd <- degf(dclus1)
cat(sprintf("contrast %.10f %.10f %.10f %d\n", est, s, 2 * pt(-abs(est / s), dfd), dfd))
