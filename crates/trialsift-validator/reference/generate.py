#!/usr/bin/env python3
"""Writes reference.jsonl: p-values and interval bounds computed by SciPy, read by
tests/reference_vectors.rs (the Rust suite needs no Python).

Pinned: scipy==1.17.1 (numpy as pip resolves it). Regenerate with

    pip install scipy==1.17.1
    python3 crates/trialsift-validator/reference/generate.py > crates/trialsift-validator/reference/reference.jsonl

Each line is one case: {"k": kind, ...inputs..., ...expected...}. The first line is a header
with the SciPy and NumPy versions. Floats are written with repr (17 significant digits).
"""
import json
import math
import sys

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261122)
out = []


def emit(**case):
    out.append(case)


def f(x):
    return float(x)


# --- Student t: two-sided p from t and df (integer, df=1, non-integer Welch df, huge t) ---
dfs = [1, 2, 3, 4, 5, 7, 10, 15, 20, 28, 30, 50, 100, 500, 10000]
ts = [0.0, 0.01, 0.5, 1.0, 1.5, 1.96, 2.0, 2.5, 3.0, 4.0, 6.0, 10.0, 50.0, 1e3, 1e6]
for df in dfs:
    for t in ts:
        emit(k="t", t=t, df=df, p=f(2 * stats.t.sf(abs(t), df)))
for _ in range(600):
    df = f(rng.uniform(1.0, 200.0))
    t = f(rng.exponential(2.5)) * (1 if rng.random() < 0.5 else -1)
    emit(k="t", t=t, df=df, p=f(2 * stats.t.sf(abs(t), df)))
# p near alpha = 0.05 (and 0.01): t just either side of the critical value
for df in [1, 2, 5, 10, 24, 28, 60, 120, 7.5, 13.37, 41.9]:
    for alpha in [0.05, 0.01]:
        crit = f(stats.t.isf(alpha / 2, df))
        for delta in [-1e-3, -1e-5, 0.0, 1e-5, 1e-3]:
            t = crit + delta
            emit(k="t", t=t, df=df, p=f(2 * stats.t.sf(t, df)))

# --- F: upper-tail p ---
for df1 in [1, 2, 3, 4, 6, 10, 30]:
    for df2 in [1, 2, 5, 10, 20, 60, 200, 1000]:
        for x in [0.0, 0.1, 0.5, 1.0, 2.0, 3.5, 5.0, 10.0, 100.0]:
            emit(k="f", x=x, df1=df1, df2=df2, p=f(stats.f.sf(x, df1, df2)))
for _ in range(200):
    df1 = int(rng.integers(1, 12))
    df2 = f(rng.uniform(2.0, 300.0))
    x = f(rng.exponential(3.0))
    emit(k="f", x=x, df1=df1, df2=df2, p=f(stats.f.sf(x, df1, df2)))

# --- chi-square: upper-tail p ---
for df in [1, 2, 3, 4, 5, 8, 10, 20, 28, 50, 100]:
    for x in [0.0, 0.01, 0.5, 1.0, 2.0, 3.84, 5.0, 7.5, 10.0, 20.0, 50.0, 150.0, 500.0]:
        emit(k="chi2", x=x, df=df, p=f(stats.chi2.sf(x, df)))
for _ in range(300):
    df = int(rng.integers(1, 40))
    x = f(rng.exponential(2.0 * df))
    emit(k="chi2", x=x, df=df, p=f(stats.chi2.sf(x, df)))

# --- z: two-sided p ---
for z in list(np.linspace(-8, 8, 321)) + [1.959963984540054, 2.5758293035489, 12.0, 37.0]:
    emit(k="z", z=f(z), p=f(2 * stats.norm.sf(abs(z))))

# --- r with df: t = r sqrt(df / (1 - r^2)), two-sided p ---
for df in [1, 2, 5, 10, 18, 28, 50, 100, 500]:
    for r in [0.0, 0.05, 0.1, 0.2, 0.3, 0.45, 0.5, 0.7, 0.9, 0.99, -0.3, -0.8]:
        t = r * math.sqrt(df / (1 - r * r))
        emit(k="r", r=r, df=df, p=f(2 * stats.t.sf(abs(t), df)))


# --- binomial proportion intervals ---
def wilson_cc(x, n, conf):
    # Newcombe (1998) method 4; scipy's binomtest 'wilsoncc' for the two-sided interval.
    ci = stats.binomtest(x, n).proportion_ci(confidence_level=conf, method="wilsoncc")
    return f(ci.low), f(ci.high)


for n in [1, 2, 3, 5, 6, 8, 10, 19, 20, 29, 50, 100, 263, 1000, 5000]:
    xs = sorted({0, 1, n // 4, n // 3, n // 2, (2 * n) // 3, n - 1, n} & set(range(n + 1)))
    for x in xs:
        for level in [0.90, 0.95, 0.99]:
            a = 1 - level
            z = f(stats.norm.isf(a / 2))
            p = x / n
            ci = stats.binomtest(x, n).proportion_ci(confidence_level=level, method="exact")
            emit(k="prop", m="clopper_pearson", x=x, n=n, level=level, lo=f(ci.low), hi=f(ci.high))
            lo = 0.0 if x == 0 else f(stats.beta.ppf(a / 2, x + 0.5, n - x + 0.5))
            hi = 1.0 if x == n else f(stats.beta.ppf(1 - a / 2, x + 0.5, n - x + 0.5))
            emit(k="prop", m="jeffreys", x=x, n=n, level=level, lo=lo, hi=hi)
            ci = stats.binomtest(x, n).proportion_ci(confidence_level=level, method="wilson")
            emit(k="prop", m="wilson", x=x, n=n, level=level, lo=f(ci.low), hi=f(ci.high))
            lo, hi = wilson_cc(x, n, level)
            emit(k="prop", m="wilson_corrected", x=x, n=n, level=level, lo=lo, hi=hi)
            half = z * math.sqrt(p * (1 - p) / n)
            emit(k="prop", m="wald", x=x, n=n, level=level,
                 lo=min(max(p - half, 0.0), 1.0), hi=min(max(p + half, 0.0), 1.0))
            nt = n + z * z
            pt = (x + z * z / 2) / nt
            half = z * math.sqrt(pt * (1 - pt) / nt)
            emit(k="prop", m="agresti_coull", x=x, n=n, level=level,
                 lo=min(max(pt - half, 0.0), 1.0), hi=min(max(pt + half, 0.0), 1.0))

# --- 2x2 tables: Fisher exact (two-sided) and chi-square with / without Yates ---
tables = [(0, 0, 0, 1), (0, 5, 5, 0), (1, 9, 11, 3), (8, 2, 1, 5), (3, 3, 3, 3), (10, 10, 10, 10),
          (0, 10, 0, 10), (12, 5, 7, 15), (45, 55, 30, 70), (1, 0, 0, 1), (2, 0, 0, 2)]
for _ in range(600):
    n1 = int(rng.integers(1, 120))
    n2 = int(rng.integers(1, 120))
    p1, p2 = rng.uniform(0, 1), rng.uniform(0, 1)
    a = int(rng.binomial(n1, p1))
    c = int(rng.binomial(n2, p2))
    tables.append((a, n1 - a, c, n2 - c))
for (a, b, c, d) in tables:
    table = np.array([[a, b], [c, d]])
    if (a + b) > 0 and (c + d) > 0:
        emit(k="fisher", a=a, b=b, c=c, d=d, p=f(stats.fisher_exact(table)[1]))
    if min(a + b, c + d, a + c, b + d) > 0:
        for yates in [False, True]:
            res = stats.chi2_contingency(table, correction=yates)
            emit(k="chi2x2", a=a, b=b, c=c, d=d, yates=yates, stat=f(res.statistic), p=f(res.pvalue))

# --- two-sample t from summary statistics (Student and Welch) ---
summaries = [(-5.3, 7.9, 29, -1.2, 6.5, 31), (10.0, 2.0, 2, 12.0, 3.0, 2), (0.0, 1.0, 5, 0.0, 1.0, 5)]
for _ in range(500):
    n1 = int(rng.integers(2, 200))
    n2 = int(rng.integers(2, 200))
    m1 = f(np.round(rng.normal(10, 5), 2))
    m2 = f(np.round(m1 + rng.normal(0, 3), 2))
    s1 = f(np.round(rng.uniform(0.3, 10), 2))
    s2 = f(np.round(s1 * rng.uniform(0.3, 3), 2))
    summaries.append((m1, s1, n1, m2, s2, n2))
for (m1, s1, n1, m2, s2, n2) in summaries:
    for equal in [True, False]:
        res = stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=equal)
        if equal:
            df = n1 + n2 - 2.0
        else:
            v1, v2 = s1 * s1 / n1, s2 * s2 / n2
            df = (v1 + v2) ** 2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
        emit(k="t2", m1=m1, s1=s1, n1=n1, m2=m2, s2=s2, n2=n2, equal_var=equal,
             t=f(res.statistic), df=f(df), p=f(res.pvalue))

sys.stdout.write(json.dumps({"k": "header", "scipy": scipy.__version__, "numpy": np.__version__,
                             "cases": len(out)}, separators=(",", ":")) + "\n")
for case in out:
    sys.stdout.write(json.dumps(case, separators=(",", ":")) + "\n")
