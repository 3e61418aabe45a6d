# Reference values for tests/clean/test_outliers.py: the data of cleaningtools' own test
# "outlier_check returns correct results" (tests/testthat/test-check_outliers.R, set.seed(12333))
# and the flags check_outliers() gives them, computed with the rule of R/check_outliers.R
# written out in base R (cleaningtools itself is not installed here):
#   normal: abs(x - mean(x)) > k * sd(x) on the non-missing, finite values;
#   log:    the same on log(x + 1);
#   an interview flagged on both scales keeps the first ("outlier (normal distribution)").
# IQR option (Tukey's fences, quantile type 7 = R's default): x < Q1 - k*IQR or x > Q3 + k*IQR,
# on both scales as well.
# Run: Rscript make_outliers.R   (writes outliers_input.csv, outliers_expected.csv)
set.seed(12333)
df <- data.frame(
  uuid = paste0("uuid_", 1:100),
  one_value = c(round(runif(90, min = 45, max = 55)), round(runif(5)), round(runif(5, 99, 100))),
  expense = c(sample(200:500, replace = TRUE, size = 95), c(600, 100, 80, 1020, 1050)),
  income = c(c(60, 0, 80, 1020, 1050), sample(20000:50000, replace = TRUE, size = 95)),
  yy = c(rep(100, 99), 10)
)
write.csv(df, "outliers_input.csv", row.names = FALSE)

sd_rule <- function(v, k) abs(v - mean(v)) > k * sd(v)
iqr_rule <- function(v, k) {
  q <- quantile(v, c(0.25, 0.75), type = 7)
  v < q[1] - k * (q[2] - q[1]) | v > q[2] + k * (q[2] - q[1])
}
flags <- function(rule, k, method) {
  out <- list()
  for (x in c("one_value", "expense", "income", "yy")) {
    v <- df[[x]]
    ok <- !is.na(v) & is.finite(v)
    hit <- v[ok][rule(v[ok], k)]
    lv <- log(v + 1)
    lok <- !is.na(lv) & is.finite(lv)
    lhit <- lv[lok][rule(lv[lok], k)]
    a <- data.frame(uuid = df$uuid[v %in% hit], question = rep(x, sum(v %in% hit)),
                    old_value = v[v %in% hit],
                    issue = rep("outlier (normal distribution)", sum(v %in% hit)))
    b <- data.frame(uuid = df$uuid[lv %in% lhit], question = rep(x, sum(lv %in% lhit)),
                    old_value = v[lv %in% lhit],
                    issue = rep("outlier (log distribution)", sum(lv %in% lhit)))
    both <- rbind(a, b)
    out[[x]] <- both[!duplicated(both[, c("uuid", "question", "old_value")]), ]
  }
  res <- do.call(rbind, out)
  res$method <- method
  res$k <- k
  res
}
expected <- rbind(flags(sd_rule, 3, "sd"), flags(sd_rule, 1.5, "sd"), flags(iqr_rule, 1.5, "iqr"),
                  flags(iqr_rule, 3, "iqr"))
write.csv(expected, "outliers_expected.csv", row.names = FALSE)
