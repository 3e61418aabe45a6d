# A broad cross-check of wpsresearch.stats against live R `survey` on the package's own data.
#
# Regenerate (R >= 4.2 with r-cran-survey; Debian: apt-get install r-base-core r-cran-survey):
#     cd tests/data/r_reference/crosscheck && Rscript make_crosscheck.R
#
# Writes
#   data/*.csv     the data sets (api, mu284, nhanes, scd, yrbs, election, hospital, fpc) as
#                  the cases use them (an empty field is NA; derived 0/1 columns added here);
#   designs.csv    one row per design: name and a spec "key=value;key=value" that this script
#                  and tests/stats/test_r_crosscheck.py both read (so both build the same design);
#   populations.csv  population counts / totals used by post-stratification, raking, calibration;
#   cases.csv      case, design, fun, args, key, stat, value  (every value %.17g; NaN/NA as R).
# The test reads only these files: CI does not need R.
suppressMessages(library(survey))
options(warn = 1, survey.lonely.psu = "fail")
dir.create("data", showWarnings = FALSE)
csv <- function(frame, name) write.csv(frame, file.path("data", paste0(name, ".csv")),
                                       row.names = FALSE, na = "")
num <- function(x) sprintf("%.17g", as.numeric(x))

## ---------------------------------------------------------------- data
data(api); data(mu284); data(nhanes); data(scd); data(yrbs); data(election)
data(hospital); data(fpc)
addyes <- function(d) within(d, { yes <- as.numeric(sch.wide == "Yes")
                                  award <- as.numeric(awards == "Yes") })
apistrat <- addyes(apistrat); apiclus1 <- addyes(apiclus1); apiclus2 <- addyes(apiclus2)
apisrs <- addyes(apisrs)
apiclus1$api00_na <- apiclus1$api00
apiclus1$api00_na[apiclus1$snum %% 5 == 0] <- NA                 # missing values, na.rm
apiclus1$stype_na <- as.character(apiclus1$stype)
apiclus1$stype_na[apiclus1$snum %% 7 == 0] <- NA
apistrat$ell_na <- apistrat$ell
apistrat$ell_na[apistrat$snum %% 6 == 0] <- NA
nhanes$agecat <- as.character(nhanes$agecat)
nhanes$race <- paste0("r", nhanes$race)
nhanes$sex <- ifelse(nhanes$RIAGENDR == 1, "m", "f")
nhanes2 <- nhanes[nhanes$SDMVPSU != 3, ]                         # two PSUs per stratum (BRR)
yrbs$qn8yes <- 2 - yrbs$qn8
yrbs$stratum <- paste0("s", yrbs$stratum)
set.seed(19)
yrbs$grade <- sample(c("g9", "g10", "g11", "g12"), nrow(yrbs), replace = TRUE)
scd$fpc5 <- 5
scd$w <- 1
scd$dead <- scd$arrests - scd$alive
election_pps$bushwin <- as.numeric(election_pps$Bush > election_pps$Kerry)
hospital$large <- as.numeric(hospital$births > 1000)
hospital$oblevel <- paste0("o", hospital$oblevel)
fpc$big <- as.numeric(fpc$x > 5)
mu284$big <- as.numeric(mu284$y1 > 40)
mu284$group <- ifelse(mu284$id1 %in% c(1, 2), "a", "b")
datasets <- list(apistrat = apistrat, apiclus1 = apiclus1, apiclus2 = apiclus2, apisrs = apisrs,
                 mu284 = mu284, nhanes = nhanes, nhanes2 = nhanes2, scd = scd, yrbs = yrbs,
                 election_pps = election_pps, hospital = hospital, fpc = fpc)
# factors as text, as the CSV files hold them (an unused level of an R factor would leave
# an empty row in svytable() of a subset, which the exported data cannot have)
for (nm in names(datasets)) {
  d <- datasets[[nm]]
  for (v in names(d)) if (is.factor(d[[v]])) d[[v]] <- as.character(d[[v]])
  csv(d, nm)
  # every R value below is computed on the data as exported (15 significant digits)
  datasets[[nm]] <- read.csv(file.path("data", paste0(nm, ".csv")), na.strings = "")
}
jp <- as.data.frame(election_jointprob)
names(jp) <- paste0("pij", seq_len(ncol(jp)))
csv(jp, "election_jointprob")
election_jointprob <- as.matrix(read.csv("data/election_jointprob.csv"))

## ---------------------------------------------------------------- populations
pops <- list()
putpop <- function(name, values) pops[[name]] <<- data.frame(pop = name, name = names(values),
                                                             value = num(values))
tab <- function(x) { t <- table(x); setNames(as.numeric(t), names(t)) }
putpop("api_stype", tab(apipop$stype))
putpop("api_wide", tab(apipop$sch.wide))
putpop("api_awards", tab(apipop$awards))
putpop("api_cal", c(`(Intercept)` = nrow(apipop), stypeH = sum(apipop$stype == "H"),
                    stypeM = sum(apipop$stype == "M"), api99 = sum(apipop$api99)))
putpop("api_cal_num", c(`(Intercept)` = nrow(apipop), api99 = sum(apipop$api99)))
putpop("nhanes_sex", c(f = 150e6, m = 146e6))
putpop("nhanes_age", c(`(0,19]` = 80e6, `(19,39]` = 82e6, `(39,59]` = 80e6, `(59,Inf]` = 54e6))
popframe <- function(name, var) { p <- pops[[name]]
  f <- data.frame(p$name, as.numeric(p$value)); names(f) <- c(var, "Freq"); f }
popvec <- function(name) { p <- pops[[name]]; setNames(as.numeric(p$value), p$name) }

## ---------------------------------------------------------------- designs
specs <- list()
designs <- list()
parse_spec <- function(s) {
  kv <- strsplit(strsplit(s, ";", fixed = TRUE)[[1]], "=", fixed = TRUE)
  setNames(lapply(kv, function(p) paste(p[-1], collapse = "=")), sapply(kv, `[`, 1))
}
f1 <- function(x) if (is.null(x)) NULL else as.formula(paste("~", x))
build <- function(s) {
  op <- if (is.null(s$op)) "svydesign" else s$op
  if (op == "svydesign") {
    d <- datasets[[s$data]]
    pps <- if (is.null(s$pps)) FALSE else s$pps
    if (!is.null(s$pps) && s$pps == "HR") pps <- HR(sum(d[[s$fpc]]^2) / nrow(d))
    if (!is.null(s$pps) && s$pps == "ppsmat") pps <- ppsmat(election_jointprob)
    args <- list(ids = f1(if (is.null(s$ids)) "1" else s$ids), strata = f1(s$strata),
                 weights = f1(s$weights), fpc = f1(s$fpc), data = d,
                 nest = identical(s$nest, "TRUE"), pps = pps)
    if (!is.null(s$variance)) args$variance <- s$variance
    return(do.call(svydesign, args))
  }
  base <- designs[[s$base]]
  switch(op,
    replicate = {
      args <- list(base, type = s$type)
      if (!is.null(s$fay_rho)) args$fay.rho <- as.numeric(s$fay_rho)
      if (!is.null(s$mse)) args$mse <- as.logical(s$mse)
      if (!is.null(s$large)) args$large <- s$large
      do.call(as.svrepdesign, args)
    },
    subset = eval(parse(text = sprintf("subset(base, %s)", s$expr))),
    poststratify = postStratify(base, f1(s$by), popframe(s$pop, s$by)),
    rake = {
      by <- strsplit(s$by, ",")[[1]]; pp <- strsplit(s$pop, ",")[[1]]
      rake(base, lapply(by, f1), mapply(popframe, pp, by, SIMPLIFY = FALSE),
           control = list(maxit = 100, epsilon = 1e-13))
    },
    calibrate = {
      args <- list(base, f1(s$formula), popvec(s$pop), calfun = s$calfun)
      if (!is.null(s$bounds)) args$bounds <- as.numeric(strsplit(s$bounds, ",")[[1]])
      do.call(calibrate, args)
    },
    stop("unknown op ", op))
}
add_design <- function(name, spec, profile) {
  s <- parse_spec(spec)
  if (!is.null(s$lonely)) options(survey.lonely.psu = s$lonely)
  designs[[name]] <<- build(s)
  options(survey.lonely.psu = "fail")
  specs[[name]] <<- data.frame(design = name, spec = spec, profile = profile)
}
# bootstrap replicate weights are random: R's draws are exported with the data
bootdata <- function(name, base, data, n) {
  set.seed(20190)
  b <- as.svrepdesign(designs[[base]], type = "bootstrap", replicates = n)
  rw <- weights(b, "analysis")
  colnames(rw) <- paste0("bw", seq_len(ncol(rw)))
  csv(cbind(datasets[[data]], rw), name)
  datasets[[name]] <<- read.csv(file.path("data", paste0(name, ".csv")), na.strings = "")
}

add_design("srs", "data=apisrs;fpc=fpc", "api")
add_design("srs_nofpc", "data=apisrs;weights=pw", "api")
add_design("strat", "data=apistrat;strata=stype;weights=pw;fpc=fpc", "api")
add_design("clus1", "data=apiclus1;ids=dnum;weights=pw;fpc=fpc", "api1")
add_design("clus1_wr", "data=apiclus1;ids=dnum;weights=pw", "api1")
add_design("clus2", "data=apiclus2;ids=dnum+snum;fpc=fpc1+fpc2", "api")
add_design("clus2_wr", "data=apiclus2;ids=dnum+snum;weights=pw", "api")
add_design("strat_clus", "data=apiclus1;ids=dnum;strata=cname;weights=pw;lonely=average", "api1")
add_design("strat_clus_adj", "data=apiclus1;ids=dnum;strata=cname;weights=pw;lonely=adjust", "api1")
add_design("strat_clus_rm", "data=apiclus1;ids=dnum;strata=cname;weights=pw;lonely=remove", "api1")
add_design("strat_clus_cert", "data=apiclus1;ids=dnum;strata=cname;weights=pw;lonely=certainty", "api1")
add_design("mu284", "data=mu284;ids=id1+id2;fpc=n1+n2", "mu284")
add_design("nhanes", "data=nhanes;ids=SDMVPSU;strata=SDMVSTRA;weights=WTMEC2YR;nest=TRUE", "nhanes")
add_design("nhanes2", "data=nhanes2;ids=SDMVPSU;strata=SDMVSTRA;weights=WTMEC2YR;nest=TRUE", "nhanes")
add_design("yrbs", "data=yrbs;ids=psu;strata=stratum;weights=weight;nest=TRUE", "yrbs")
add_design("scd", "data=scd;ids=ambulance;strata=ESA;weights=w;nest=TRUE;fpc=fpc5", "scd")
add_design("scd_nofpc", "data=scd;ids=ambulance;strata=ESA;weights=w;nest=TRUE", "scd")
add_design("hospital", "data=hospital;ids=hospno;strata=oblevel;weights=weighta;fpc=tothosp", "hospital")
add_design("fpc_pop", "data=fpc;ids=psuid;strata=stratid;weights=weight;fpc=Nh;nest=TRUE", "fpc")
add_design("fpc_nofpc", "data=fpc;ids=psuid;strata=stratid;weights=weight;nest=TRUE", "fpc")
add_design("pps_brewer", "data=election_pps;fpc=p;pps=brewer", "election")
add_design("pps_overton", "data=election_pps;fpc=p;pps=overton", "election")
add_design("pps_hr", "data=election_pps;fpc=p;pps=HR", "election")
add_design("pps_ht", "data=election_pps;fpc=p;pps=ppsmat", "election")
add_design("pps_yg", "data=election_pps;fpc=p;pps=ppsmat;variance=YG", "election")
add_design("pps_wr", "data=election_pps;weights=wt", "election")
# replicate designs
add_design("clus1_jk1", "op=replicate;base=clus1;type=JK1", "api1")
add_design("strat_jkn", "op=replicate;base=strat;type=JKn", "api")
add_design("clus2_jk1", "op=replicate;base=clus2_wr;type=JK1", "api")
add_design("nhanes2_brr", "op=replicate;base=nhanes2;type=BRR", "nhanes")
add_design("nhanes2_fay", "op=replicate;base=nhanes2;type=Fay;fay_rho=0.3", "nhanes")
add_design("scd_brr", "op=replicate;base=scd_nofpc;type=BRR", "scd")
add_design("nhanes_brr_merge", "op=replicate;base=nhanes;type=BRR;large=merge", "nhanes")
add_design("clus1_jk1_mse", "op=replicate;base=clus1;type=JK1;mse=TRUE", "api1")
bootdata("apistrat_boot", "strat", "apistrat", 50)
designs[["strat_boot"]] <- svrepdesign(data = datasets$apistrat_boot, repweights = "bw[0-9]+",
                                       weights = ~pw, type = "bootstrap", combined.weights = TRUE)
specs[["strat_boot"]] <- data.frame(design = "strat_boot", profile = "api",
  spec = "op=svrepdesign;data=apistrat_boot;repweights=bw[0-9]+;weights=pw;type=bootstrap")
# adjusted designs
add_design("strat_ps", "op=poststratify;base=strat;by=sch.wide;pop=api_wide", "api")
add_design("clus1_ps", "op=poststratify;base=clus1;by=stype;pop=api_stype", "api1")
add_design("clus2_ps", "op=poststratify;base=clus2;by=stype;pop=api_stype", "api")
add_design("clus1_rake", "op=rake;base=clus1;by=stype,sch.wide;pop=api_stype,api_wide", "api1")
add_design("srs_rake", "op=rake;base=srs_nofpc;by=stype,awards;pop=api_stype,api_awards", "api")
add_design("clus1_cal", "op=calibrate;base=clus1;formula=stype+api99;pop=api_cal;calfun=linear", "api1")
add_design("clus2_cal", "op=calibrate;base=clus2;formula=api99;pop=api_cal_num;calfun=linear", "api")
add_design("strat_cal_rk", "op=calibrate;base=strat;formula=api99;pop=api_cal_num;calfun=raking", "api")
add_design("clus1_cal_logit", "op=calibrate;base=clus1;formula=api99;pop=api_cal_num;calfun=logit;bounds=0.5,1.6", "api1")
add_design("nhanes_ps", "op=poststratify;base=nhanes;by=sex;pop=nhanes_sex", "nhanes")
add_design("nhanes_rake", "op=rake;base=nhanes;by=sex,agecat;pop=nhanes_sex,nhanes_age", "nhanes")
add_design("clus1_jk1_ps", "op=poststratify;base=clus1_jk1;by=stype;pop=api_stype", "api1")
add_design("strat_jkn_cal", "op=calibrate;base=strat_jkn;formula=api99;pop=api_cal_num;calfun=linear", "api")
# domains (subset) of several designs
add_design("clus1_sub", "op=subset;base=clus1;expr=stype != \"E\"", "api1")
add_design("strat_sub", "op=subset;base=strat;expr=api99 > 600", "api")
add_design("clus2_sub", "op=subset;base=clus2;expr=stype == \"E\"", "api")
add_design("clus1_jk1_sub", "op=subset;base=clus1_jk1;expr=stype != \"H\"", "api1")
add_design("clus1_ps_sub", "op=subset;base=clus1_ps;expr=stype != \"E\"", "api1")
add_design("nhanes_sub", "op=subset;base=nhanes;expr=sex == \"f\"", "nhanes")

## ---------------------------------------------------------------- profiles: the variables each data set offers
profiles <- list(
  api = list(num = c("api00", "api99"), bin = "yes", fac = "awards", by = "stype",
             by2 = c("stype", "awards"), ratio = c("api.stu", "enroll"), chisq = c("sch.wide", "stype"),
             glm = "api00 ~ ell + meals + stype", logit = "yes ~ ell + meals", pois = "enroll ~ ell",
             ttest = c("api00", "sch.wide")),
  api1 = list(num = c("api00", "api99"), bin = "yes", fac = "awards", by = "stype",
              by2 = c("stype", "awards"), ratio = c("api.stu", "enroll"), chisq = c("sch.wide", "stype"),
              glm = "api00 ~ ell + meals + stype", logit = "yes ~ ell + meals", pois = "enroll ~ ell",
              ttest = c("api00", "sch.wide"), na = c("api00_na", "stype_na")),
  mu284 = list(num = c("y1", "n2"), bin = "big", by = "group", ratio = c("y1", "n2"),
               glm = "y1 ~ n2", ttest = c("y1", "group")),
  nhanes = list(num = c("HI_CHOL"), bin = "HI_CHOL", fac = "agecat", by = "race",
                by2 = c("race", "sex"), chisq = c("race", "agecat"), logit = "HI_CHOL ~ sex + agecat",
                ttest = c("HI_CHOL", "sex")),
  yrbs = list(bin = "qn8yes", num = "qn8yes", fac = "grade", by = "grade", chisq = c("qn8yes", "grade")),
  scd = list(num = c("arrests", "alive"), ratio = c("alive", "arrests"), glm = "alive ~ arrests"),
  election = list(num = c("Bush", "Kerry"), bin = "bushwin", ratio = c("Bush", "votes")),
  hospital = list(num = c("births"), bin = "large", by = "oblevel"),
  fpc = list(num = c("x"), bin = "big", by = "stratid")
)

## ---------------------------------------------------------------- exact law for "lincom"
# svychisq(statistic="lincom") needs the CompQuadForm package, which Debian does not ship;
# without it R warns and prints the saddlepoint p-value.  The arguments survey passes to
# pFsum/pchisqsum are captured and the exact tail probability computed here with Imhof's
# formula and R's integrate(): that value is the reference for "lincom".
captured <- NULL
orig_pFsum <- survey:::pFsum
orig_pchisqsum <- survey:::pchisqsum
assignInNamespace("pFsum", function(x, df, a, ddf = Inf, lower.tail = TRUE, ...) {
  captured <<- list(x = x, a = a, ddf = ddf)
  orig_pFsum(x, df, a, ddf = ddf, lower.tail = lower.tail, ...)
}, "survey")
assignInNamespace("pchisqsum", function(x, df, a, lower.tail = TRUE, ...) {
  if (is.null(captured) || is.finite(captured$ddf)) captured <<- list(x = x, a = a, ddf = Inf)
  orig_pchisqsum(x, df, a, lower.tail = lower.tail, ...)
}, "survey")
imhof_upper <- function(x, a, ddf) {
  if (!is.finite(ddf) && length(a) == 2 && all(a > 0)) {
    # two eigenvalues (a 2 x 3 table): Imhof's integrand decays too slowly for integrate();
    # condition on the second chi-square instead (t = s^2): a smooth one-dimensional integral
    a1 <- a[1]; a2 <- a[2]
    g <- function(s) 2 * dnorm(s) * pchisq((x - a2 * s^2) / a1, 1, lower.tail = FALSE)
    return(integrate(g, 0, sqrt(x / a2), rel.tol = 1e-12, abs.tol = 1e-15)$value +
             pchisq(x / a2, 1, lower.tail = FALSE))
  }
  if (is.finite(ddf)) { lam <- c(a, -x / ddf); h <- c(rep(1, length(a)), ddf); q <- 0 }
  else { lam <- a; h <- rep(1, length(a)); q <- x }
  f <- function(u) sapply(u, function(uu) {
    th <- 0.5 * sum(h * atan(lam * uu)) - 0.5 * q * uu
    rho <- exp(sum(h / 4 * log1p((lam * uu)^2)))
    sin(th) / (uu * rho)
  })
  0.5 + integrate(f, 0, Inf, subdivisions = 2000L, rel.tol = 1e-12, abs.tol = 1e-15)$value / pi
}

## ---------------------------------------------------------------- cases
out <- list()
ncase <- 0
emit <- function(design, fun, args, key, stats) {
  ncase <<- ncase + 1
  case <- sprintf("c%04d", ncase)
  rows <- lapply(names(stats), function(st) {
    v <- stats[[st]]
    data.frame(case = case, design = design, fun = fun, args = args,
               key = if (length(key) == length(v)) key else rep(key, length.out = length(v)),
               stat = st, value = num(v))
  })
  out[[length(out) + 1]] <<- do.call(rbind, rows)
}
where <- ""
try_emit <- function(expr) {
  call <- deparse(substitute(expr))[1:2]
  tryCatch(expr, error = function(e) message("R error [", where, "] ", conditionMessage(e), " :: ", paste(call, collapse = " ")))
}
dfd <- function(d) degf(d)
tci <- function(x, d) { ci <- confint(x, df = degf(d)); list(ci_low = ci[, 1], ci_high = ci[, 2]) }
keyby <- function(b, by) do.call(paste, c(lapply(by, function(v) as.character(b[[v]])), sep = ":"))
is_rep <- function(d) inherits(d, "svyrep.design")
is_pps <- function(d) inherits(d, "pps")

run_cases <- function(dn) {
  d <- designs[[dn]]
  where <<- dn
  p <- profiles[[specs[[dn]]$profile]]
  lonely <- parse_spec(specs[[dn]]$spec)$lonely
  if (is.null(lonely)) lonely <- "fail"
  options(survey.lonely.psu = lonely)
  on.exit(options(survey.lonely.psu = "fail"))
  nv <- p$num
  fm <- as.formula(paste("~", paste(nv, collapse = "+")))
  # svymean / svytotal of numeric variables, with deff on Taylor designs
  for (fn in c("mean", "total")) try_emit({
    f <- if (fn == "mean") svymean else svytotal
    deff <- !is_rep(d) && !is_pps(d)
    m <- f(fm, d, na.rm = TRUE, deff = deff)
    st <- c(list(estimate = coef(m), se = SE(m)), tci(m, d))
    if (deff) st$deff <- diag(as.matrix(deff(m)))
    emit(dn, fn, paste0("var=", paste(nv, collapse = ",")), nv, st)
    if (length(nv) > 1) emit(dn, fn, paste0("var=", paste(nv, collapse = ","), ";vcov=1"), "",
                             list(vcov = as.vector(vcov(m))))
  })
  # proportions of the levels of a factor (svymean on a factor), totals of a factor
  if (!is.null(p$fac)) for (fn in c("proportion", "total")) try_emit({
    f <- if (fn == "proportion") svymean else svytotal
    m <- f(as.formula(paste0("~factor(", p$fac, ")")), d, na.rm = TRUE)
    lev <- sub(paste0("factor(", p$fac, ")"), "", names(coef(m)), fixed = TRUE)
    emit(dn, fn, paste0("var=", p$fac), lev, list(estimate = coef(m), se = SE(m)))
  })
  # svyby: mean and total by one and two variables, with covmat and a contrast
  if (!is.null(p$by)) for (fn in c("mean", "total")) try_emit({
    f <- if (fn == "mean") svymean else svytotal
    b <- svyby(as.formula(paste0("~", nv[1])), as.formula(paste0("~", p$by)), d, f,
               na.rm = TRUE)
    k <- keyby(b, p$by)
    emit(dn, fn, sprintf("var=%s;by=%s", nv[1], p$by), k,
         c(list(estimate = coef(b), se = SE(b)), tci(b, d)))
    # (survey 4.1-1's svyby(covmat=TRUE) fails on some designs: then no vcov case)
    b <- svyby(as.formula(paste0("~", nv[1])), as.formula(paste0("~", p$by)), d, f,
               na.rm = TRUE, covmat = TRUE)
    emit(dn, fn, sprintf("var=%s;by=%s;vcov=1", nv[1], p$by), "", list(vcov = as.vector(vcov(b))))
    if (length(k) >= 2) {
      cc <- svycontrast(b, setNames(c(1, -1, rep(0, length(k) - 2)), k))
      emit(dn, "contrast", sprintf("fun=%s;var=%s;by=%s;c=%s,%s", fn, nv[1], p$by, k[1], k[2]),
           "contrast", list(estimate = coef(cc), se = SE(cc)))
    }
  })
  if (!is.null(p$by2)) try_emit({
    b <- svyby(as.formula(paste0("~", nv[1])), as.formula(paste0("~", paste(p$by2, collapse = "+"))),
               d, svymean, na.rm = TRUE)
    emit(dn, "mean", sprintf("var=%s;by=%s", nv[1], paste(p$by2, collapse = ",")),
         keyby(b, p$by2), list(estimate = coef(b), se = SE(b)))
  })
  # ratios
  if (!is.null(p$ratio)) try_emit({
    r <- svyratio(as.formula(paste0("~", p$ratio[1])), as.formula(paste0("~", p$ratio[2])), d,
                  na.rm = TRUE)
    emit(dn, "ratio", sprintf("num=%s;den=%s", p$ratio[1], p$ratio[2]), "",
         list(estimate = coef(r), se = SE(r)))
    if (!is.null(p$by)) {
      b <- svyby(as.formula(paste0("~", p$ratio[1])), as.formula(paste0("~", p$by)), d, svyratio,
                 denominator = as.formula(paste0("~", p$ratio[2])), na.rm = TRUE)
      emit(dn, "ratio", sprintf("num=%s;den=%s;by=%s", p$ratio[1], p$ratio[2], p$by),
           keyby(b, p$by), list(estimate = coef(b), se = SE(b)))
    }
  })
  # variance and t tests
  try_emit({
    v <- svyvar(as.formula(paste0("~", nv[1])), d, na.rm = TRUE)
    emit(dn, "variance", paste0("var=", nv[1]), "", list(estimate = coef(v)[1], se = SE(v)[1]))
  })
  if (!is.null(p$ttest)) try_emit({
    t2 <- svyttest(as.formula(paste(p$ttest[1], "~", p$ttest[2])), d)
    emit(dn, "ttest", sprintf("var=%s;group=%s", p$ttest[1], p$ttest[2]), "",
         list(estimate = t2$estimate, statistic = t2$statistic, df = t2$parameter,
              pvalue = t2$p.value))
  })
  # proportions of a 0/1 item: svyciprop's methods
  if (!is.null(p$bin)) for (m in c("logit", "likelihood", "asin", "beta", "mean", "xlogit")) try_emit({
    ci <- svyciprop(as.formula(paste0("~", p$bin)), d, method = m, na.rm = TRUE)
    emit(dn, "ciprop", sprintf("var=%s;method=%s", p$bin, m), "",
         list(estimate = coef(ci), se = SE(ci), ci_low = attr(ci, "ci")[1],
              ci_high = attr(ci, "ci")[2]))
  })
  if (!is.null(p$bin) && !is.null(p$by)) for (m in c("logit", "beta")) try_emit({
    b <- svyby(as.formula(paste0("~", p$bin)), as.formula(paste0("~", p$by)), d, svyciprop,
               method = m, vartype = c("se", "ci"), na.rm = TRUE)
    emit(dn, "ciprop", sprintf("var=%s;method=%s;by=%s;df=domain", p$bin, m, p$by),
         keyby(b, p$by), list(estimate = coef(b), se = SE(b), ci_low = b$ci_l, ci_high = b$ci_u))
  })
  # quantiles (default rule and Woodruff interval; score; replicate quantile)
  types <- c("mean", "score")
  if (is_rep(d)) types <- c("mean", "quantile")
  for (it in types) try_emit({
    q <- svyquantile(as.formula(paste0("~", nv[1])), d, c(0.25, 0.5, 0.9), na.rm = TRUE,
                     interval.type = it)[[1]]
    emit(dn, "quantile", sprintf("var=%s;probs=0.25,0.5,0.9;interval=%s", nv[1], it),
         c("0.25", "0.5", "0.9"), list(estimate = q[, 1], ci_low = q[, 2], ci_high = q[, 3],
                                      se = q[, 4]))
  })
  # tests of association
  if (!is.null(p$chisq)) for (st in c("F", "Chisq", "Wald", "adjWald", "lincom", "saddlepoint")) try_emit({
    captured <<- NULL
    x <- suppressWarnings(svychisq(as.formula(paste0("~", p$chisq[1], "+", p$chisq[2])), d,
                                   statistic = st))
    par <- x$parameter
    st_list <- list(statistic = x$statistic, pvalue = x$p.value,
                    ndf = if (length(par) >= 1) par[[1]] else NA,
                    ddf = if (length(par) >= 2) par[[2]] else NA)
    if (st == "lincom")
      st_list$pvalue_exact <- imhof_upper(captured$x, captured$a, captured$ddf)
    emit(dn, "chisq", sprintf("row=%s;col=%s;statistic=%s", p$chisq[1], p$chisq[2], st), "",
         st_list)
  })
  # regression
  for (g in list(list("glm", "gaussian"), list("logit", "quasibinomial"), list("pois", "quasipoisson"))) {
    fo <- p[[g[[1]]]]
    if (is.null(fo)) next
    try_emit({
      fit <- do.call(svyglm, list(as.formula(fo), design = d, family = get(g[[2]])()))
      s <- summary(fit)$coefficients
      emit(dn, "glm", sprintf("formula=%s;family=%s", fo, g[[2]]), rownames(s),
           list(estimate = s[, 1], se = s[, 2], statistic = s[, 3], pvalue = s[, 4],
                df = rep(fit$df.residual, nrow(s))))
    })
  }
  # missing values
  if (!is.null(p$na)) try_emit({
    m <- svymean(as.formula(paste0("~", p$na[1])), d, na.rm = TRUE)
    emit(dn, "mean", paste0("var=", p$na[1]), p$na[1], list(estimate = coef(m), se = SE(m)))
    b <- svyby(as.formula(paste0("~", p$na[1])), as.formula(paste0("~", p$na[2])), d, svymean,
               na.rm = TRUE)
    emit(dn, "mean", sprintf("var=%s;by=%s", p$na[1], p$na[2]), keyby(b, p$na[2]),
         list(estimate = coef(b), se = SE(b)))
    m <- svymean(as.formula(paste0("~factor(", p$na[2], ")")), d, na.rm = TRUE)
    lev <- sub(paste0("factor(", p$na[2], ")"), "", names(coef(m)), fixed = TRUE)
    emit(dn, "proportion", paste0("var=", p$na[2]), lev, list(estimate = coef(m), se = SE(m)))
  })
  if (!is_rep(d)) try_emit(emit(dn, "degf", "", "", list(df = degf(d))))
  else try_emit(emit(dn, "degf", "", "", list(df = degf(d))))
}
for (dn in names(designs)) run_cases(dn)

## separate ratio estimator: per-stratum ratios and the predicted total
r <- svyratio(~api.stu, ~enroll, designs$strat, separate = TRUE)
ratios <- sapply(r$ratios, coef)
emit("strat", "ratio_separate", "num=api.stu;den=enroll", names(r$ratios),
     list(estimate = ratios, se = sapply(r$ratios, SE)))
xtot <- tab(apipop$stype) * 0
for (s in names(xtot)) xtot[s] <- sum(apipop$enroll[apipop$stype == s], na.rm = TRUE)
pr <- predict(r, total = as.list(xtot))
emit("strat", "ratio_separate", paste0("num=api.stu;den=enroll;total=",
     paste(names(xtot), xtot, sep = ":", collapse = ",")), "total",
     list(estimate = pr$total, se = pr$se))
pc <- predict(svyratio(~api.stu, ~enroll, designs$strat), total = sum(xtot))
emit("strat", "ratio_predict", paste0("num=api.stu;den=enroll;total=", sum(xtot)), "total",
     list(estimate = pc$total, se = pc$se))
## Hadamard matrices as R builds them (BRR), sizes 2..40
for (n in c(1, 2, 3, 4, 5, 7, 12, 15, 16, 20, 27, 28, 30, 35, 36, 40, 60, 100))
  emit("", "hadamard", paste0("n=", n), "", list(rows = nrow(hadamard(n)),
                                                 sum = sum(hadamard(n) * outer(seq_len(nrow(hadamard(n))), seq_len(nrow(hadamard(n)))))))

write.csv(do.call(rbind, specs), "designs.csv", row.names = FALSE)
write.csv(do.call(rbind, pops), "populations.csv", row.names = FALSE)
res <- do.call(rbind, out)
write.csv(res, "cases.csv", row.names = FALSE)
cat(length(unique(res$case)), "cases,", nrow(res), "values written to cases.csv\n")
