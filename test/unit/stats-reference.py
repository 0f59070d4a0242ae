"""Reference values for test/unit/stats*.test.ts, computed independently with scipy and statsmodels.

Run: /usr/bin/python3 test/unit/stats-reference.py   (Debian bookworm: python3-scipy 1.10.1, python3-statsmodels 0.13.5)
The tests paste these numbers; they do not need python.
"""
import numpy as np
from scipy import stats
import statsmodels.api as sm
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.multitest import multipletests

def show(name, *values):
    print(name, ' '.join(repr(float(v)) for v in values))

# Distributions
show('t.ppf(0.975,7)', stats.t.ppf(0.975, 7))
import mpmath as mp
mp.mp.dps = 40
print('mpmath t quantile 0.975 df 7', mp.findroot(lambda x: mp.betainc(3.5, 0.5, 0, 7 / (7 + x * x), regularized=True) / 2 - 0.025, 2.36))
show('t.ppf(0.9995,3)', stats.t.ppf(0.9995, 3))
show('t.cdf(-2.1,5)', stats.t.cdf(-2.1, 5))
show('norm.ppf(0.975)', stats.norm.ppf(0.975))
show('norm.ppf(0.8)', stats.norm.ppf(0.8))

# (1) t interval
x = np.array([0.62, 0.71, 0.55, 0.80, 0.68, 0.74, 0.59, 0.66])
show('t.interval 0.95', *stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x)))
show('t.interval 0.99', *stats.t.interval(0.99, len(x) - 1, loc=x.mean(), scale=stats.sem(x)))

# (2) Wilson
show('wilson 81/100 0.95', *proportion_confint(81, 100, alpha=0.05, method='wilson'))
show('wilson 50/50 0.95', *proportion_confint(50, 50, alpha=0.05, method='wilson'))
show('wilson 0/20 0.99', *proportion_confint(0, 20, alpha=0.01, method='wilson'))
show('wilson 7/9 0.8', *proportion_confint(7, 9, alpha=0.2, method='wilson'))
# score test p-value of 81/100 against 0.9 (one-sided, below): statsmodels proportions_ztest with prop_var=value
from statsmodels.stats.proportion import proportions_ztest
show('score test 81/100 vs 0.9 smaller', proportions_ztest(81, 100, value=0.9, alternative='smaller', prop_var=0.9)[1])

# (3) paired t
run = np.array([0.71, 0.64, 0.80, 0.55, 0.90, 0.62, 0.77, 0.58, 0.69, 0.73])
base = np.array([0.74, 0.66, 0.79, 0.61, 0.88, 0.67, 0.80, 0.57, 0.72, 0.78])
r = stats.ttest_rel(run, base)
show('ttest_rel ci 0.95', *r.confidence_interval(0.95))
show('ttest_rel stat p(two-sided)', r.statistic, r.pvalue)
show('ttest_rel p less', stats.ttest_rel(run, base, alternative='less').pvalue)
d = run - base
show('paired mean se', d.mean(), stats.sem(d))
show('mde 0.95 power 0.8', (stats.norm.ppf(0.975) + stats.norm.ppf(0.8)) * stats.sem(d))

# (4) Welch
a = np.array([0.81, 0.77, 0.92, 0.68, 0.85, 0.79, 0.88, 0.73, 0.90, 0.84, 0.76, 0.82])
b = np.array([0.86, 0.91, 0.83, 0.95, 0.88, 0.79, 0.93, 0.90, 0.87])
va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
diff = a.mean() - b.mean()
half = stats.t.ppf(0.975, df) * np.sqrt(va + vb)
show('welch diff df low high', diff, df, diff - half, diff + half)
w = stats.ttest_ind(a, b, equal_var=False)
show('ttest_ind welch stat p', w.statistic, w.pvalue)
show('ttest_ind welch p less', stats.ttest_ind(a, b, equal_var=False, alternative='less').pvalue)

# (5) Holm
p = [0.001, 0.04, 0.008, 0.003, 0.2, 0.012]
rej, corr, _, _ = multipletests(p, alpha=0.025, method='holm')
print('holm reject', list(map(bool, rej)))
show('holm corrected', *corr)

# (6) cluster-robust SE of a mean (OLS on a constant, clusters = items)
y = np.array([1, 0, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1], dtype=float)
g = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 4])
fit = sm.OLS(y, np.ones_like(y)).fit(cov_type='cluster', cov_kwds={'groups': g})
show('cluster mean se', fit.params[0], fit.bse[0])
G = len(set(g))
show('cluster interval df=G-1', *stats.t.interval(0.95, G - 1, loc=fit.params[0], scale=fit.bse[0]))
y2 = np.array([0.2, 0.4, 0.9, 0.7, 0.8, 0.1, 0.3, 0.5, 0.6, 0.65])
g2 = np.array([0, 0, 1, 1, 1, 2, 3, 3, 4, 4])
fit2 = sm.OLS(y2, np.ones_like(y2)).fit(cov_type='cluster', cov_kwds={'groups': g2})
show('cluster2 mean se', fit2.params[0], fit2.bse[0])

# (7) stratified SE of a macro average (mean of per-task means), Welch-Satterthwaite df
tasks = {
    'qa': np.array([0.9, 0.7, 0.8, 0.6, 0.75]),
    'math': np.array([0.3, 0.5, 0.4, 0.45, 0.35, 0.6, 0.5]),
    'code': np.array([0.95, 0.85, 0.9]),
}
T = len(tasks)
means = [v.mean() for v in tasks.values()]
vs = [v.var(ddof=1) / len(v) / T ** 2 for v in tasks.values()]
dfs = [len(v) - 1 for v in tasks.values()]
V = sum(vs)
sdf = V ** 2 / sum(vi ** 2 / di for vi, di in zip(vs, dfs))
show('stratified macro se df', np.mean(means), np.sqrt(V), sdf)
show('stratified interval', *stats.t.interval(0.95, sdf, loc=np.mean(means), scale=np.sqrt(V)))
rej, corr, _, _ = multipletests(p, alpha=0.05, method='holm')
print('holm 0.05 reject', list(map(bool, rej)))
show('holm 0.05 corrected', *corr)
