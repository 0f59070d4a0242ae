export const id = 532;
export const ids = [532];
export const modules = {

/***/ 87532:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  judgeNoise: () => (/* binding */ judgeNoise)
});

// EXTERNAL MODULE: ./src/core/noise-format.ts
var noise_format = __webpack_require__(27801);
// EXTERNAL MODULE: ./src/core/metrics.ts
var metrics = __webpack_require__(53010);
;// CONCATENATED MODULE: ./src/stats/values.ts
/**
 * The per-sample values of one metric (issue 16, rule 1): numbers count, `true`/`false` count as 1/0, anything
 * else (absent, `null`, text, a non-finite number, an object) is excluded and counted. Text is never parsed: a
 * score sent as "0.9" is not a number, as for the run's metrics. Linear in the number of records.
 */
function extractValues(records) {
    const observations = [];
    const excludedBy = {};
    let excluded = 0;
    for (const record of records) {
        const value = numericValue(record.value);
        if (typeof value === 'number') {
            observations.push({ model: record.model, taskId: record.taskId, sampleIndex: record.sampleIndex, value });
        }
        else {
            excluded++;
            excludedBy[value.excluded] = (excludedBy[value.excluded] ?? 0) + 1;
        }
    }
    return { observations, excluded, excludedBy };
}
/** One score as a number, or why it does not count. */
function numericValue(value) {
    if (typeof value === 'number')
        return Number.isFinite(value) ? value : { excluded: 'non-finite' };
    if (typeof value === 'boolean')
        return value ? 1 : 0;
    if (value === undefined)
        return { excluded: 'missing' };
    if (value === null)
        return { excluded: 'null' };
    if (typeof value === 'string')
        return { excluded: 'text' };
    return { excluded: 'other' };
}

;// CONCATENATED MODULE: ./src/stats/moments.ts
/** Arithmetic mean (NaN for an empty list). Summed in order: the same data always gives the same digits. */
function mean(values) {
    let sum = 0;
    for (const value of values)
        sum += value;
    return sum / values.length;
}
/** Sample variance with n - 1 in the denominator (two passes, for accuracy). NaN below two values. */
function sampleVariance(values) {
    if (values.length < 2)
        return NaN;
    const m = mean(values);
    let sum = 0;
    for (const value of values)
        sum += (value - m) ** 2;
    return sum / (values.length - 1);
}
/** True when every value is exactly 0 or 1 (true/false scores, exact match): the Wilson interval applies. */
function isBinary(values) {
    return values.length > 0 && values.every((value) => value === 0 || value === 1);
}
/** True when all values are equal (no spread: a t interval would have no width). */
function allEqual(values) {
    return values.every((value) => value === values[0]);
}
/** The first value that is not a finite number, if any: guards functions that take raw numbers. */
function firstNonFinite(values) {
    return values.find((value) => !Number.isFinite(value));
}
/**
 * The key of the item a sample answers: same model, task and sample_index. Several samples with one key are
 * repeats of one item (their values are correlated); a run and its baseline pair on it.
 */
function itemKey(o) {
    return JSON.stringify([o.model, o.taskId, o.sampleIndex]);
}
/** Observations grouped by a key, groups in first-seen order (deterministic). */
function groupBy(items, key) {
    const groups = new Map();
    for (const item of items) {
        const k = key(item);
        const group = groups.get(k);
        if (group)
            group.push(item);
        else
            groups.set(k, [item]);
    }
    return groups;
}
/** Values of a list of observations. */
function valuesOf(observations) {
    return observations.map((o) => o.value);
}

;// CONCATENATED MODULE: ./src/stats/reproduce.ts

/** Relative tolerance for a value reported at full precision (sums in another order differ in the last digits). */
const RELATIVE_TOLERANCE = 1e-9;
/**
 * Reproduce before trusting (issue 16, rule 2): do the samples give the value the run reported? Tries the pooled
 * mean and the mean of the per-task means. A reported value with k ≥ 1 decimals matches a recomputed value that
 * rounds to it (either rounding of a half); otherwise, and always as the stronger match, within 1e-9 relative.
 * An integer (k = 0) must match within 1e-9: `1` is not "0.6 rounded". An exact match beats a rounded one.
 * `observations` are the values of one metric path: one model, and one task when the path names one.
 */
function reproduce(observations, reported) {
    const decimals = decimalsOf(reported);
    if (!Number.isFinite(reported)) {
        return {
            aggregation: null,
            pooled: null,
            macro: null,
            reported,
            decimals,
            match: null,
            reason: 'the reported value is not a finite number',
        };
    }
    if (observations.length === 0) {
        return {
            aggregation: null,
            pooled: null,
            macro: null,
            reported,
            decimals,
            match: null,
            reason: 'no sample has a value for this metric',
        };
    }
    const pooled = mean(observations.map((o) => o.value));
    const macro = macroAverage(observations);
    const pooledMatch = matchKind(pooled, reported, decimals);
    const macroMatch = macro === null ? null : matchKind(macro, reported, decimals);
    const base = { pooled, macro, reported, decimals };
    const chosen = choose(pooledMatch, macroMatch, pooled, macro);
    if (chosen === 'ambiguous') {
        const reason = `both the pooled mean ${show(pooled)} and the mean of the per-task means ${show(macro)} match the reported ${show(reported)}, which does not tell how it was aggregated`;
        return { ...base, aggregation: null, match: null, reason };
    }
    if (chosen === null) {
        const macroText = macro === null ? '' : ` nor the mean of the per-task means ${show(macro)}`;
        return {
            ...base,
            aggregation: null,
            match: null,
            reason: `neither the pooled mean ${show(pooled)}${macroText} reproduces the reported ${show(reported)}`,
        };
    }
    const match = (chosen === 'pooled' ? pooledMatch : macroMatch);
    const value = chosen === 'pooled' ? pooled : macro;
    const what = chosen === 'pooled' ? 'the pooled mean' : 'the mean of the per-task means';
    const how = match === 'exact' ? 'equals' : `rounds to`;
    return { ...base, aggregation: chosen, match, reason: `${what} ${show(value)} ${how} the reported ${show(reported)}` };
}
function choose(pooledMatch, macroMatch, pooled, macro) {
    if (pooledMatch === 'exact')
        return 'pooled';
    if (macroMatch === 'exact')
        return 'macro';
    if (pooledMatch === 'rounded' && macroMatch === 'rounded')
        return closeEnough(pooled, macro) ? 'pooled' : 'ambiguous';
    if (pooledMatch === 'rounded')
        return 'pooled';
    if (macroMatch === 'rounded')
        return 'macro';
    return null;
}
/** Mean of the per-task means, tasks in name order (independent of the order samples arrived in). */
function macroAverage(observations) {
    const tasks = groupBy(observations, (o) => o.taskId);
    if (tasks.size < 2)
        return null;
    const taskMeans = [...tasks.keys()].sort().map((task) => mean(tasks.get(task).map((o) => o.value)));
    return mean(taskMeans);
}
function matchKind(recomputed, reported, decimals) {
    // A sum that overflowed is no value: Infinity is "within 1e-9 relative" of any huge reported number.
    if (!Number.isFinite(recomputed))
        return null;
    if (closeEnough(recomputed, reported))
        return 'exact';
    if (decimals >= 1 && Math.abs(recomputed - reported) <= 0.5 * 10 ** -decimals * (1 + RELATIVE_TOLERANCE))
        return 'rounded';
    return null;
}
function closeEnough(a, b) {
    return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}
/** Decimals in the shortest round-trip form of a number: 0.85 → 2, 1.5e-7 → 8, 840 → 0. */
function decimalsOf(value) {
    if (!Number.isFinite(value))
        return 0;
    const [mantissa = '', exponent = '0'] = String(Math.abs(value)).split('e');
    const fraction = mantissa.split('.')[1]?.length ?? 0;
    return Math.max(0, fraction - Number(exponent));
}
function show(value) {
    return String(Number(value.toPrecision(6)));
}

// EXTERNAL MODULE: ./node_modules/@stdlib/stats-base-dists-normal-cdf/lib/index.js
var lib = __webpack_require__(72484);
var lib_default = /*#__PURE__*/__webpack_require__.n(lib);
// EXTERNAL MODULE: ./node_modules/@stdlib/stats-base-dists-normal-quantile/lib/index.js
var stats_base_dists_normal_quantile_lib = __webpack_require__(86060);
var stats_base_dists_normal_quantile_lib_default = /*#__PURE__*/__webpack_require__.n(stats_base_dists_normal_quantile_lib);
// EXTERNAL MODULE: ./node_modules/@stdlib/stats-base-dists-t-cdf/lib/index.js
var stats_base_dists_t_cdf_lib = __webpack_require__(86021);
var stats_base_dists_t_cdf_lib_default = /*#__PURE__*/__webpack_require__.n(stats_base_dists_t_cdf_lib);
// EXTERNAL MODULE: ./node_modules/@stdlib/stats-base-dists-t-quantile/lib/index.js
var stats_base_dists_t_quantile_lib = __webpack_require__(74455);
var stats_base_dists_t_quantile_lib_default = /*#__PURE__*/__webpack_require__.n(stats_base_dists_t_quantile_lib);
;// CONCATENATED MODULE: ./src/stats/distributions.ts
/**
 * Quantiles and CDFs of the t and normal distributions, from @stdlib's per-distribution packages.
 *
 * Why a library and not a hand-rolled approximation: the t quantile needs the inverse regularized incomplete
 * beta function, and every verdict of the noise gate hangs on it. A short approximation (Hill, Cornish-Fisher)
 * drifts at small df and in the tails (confidence 0.999), exactly where a wrong digit flips a decision; stdlib's
 * implementations are ports of Boost/Cephes, tested against them, and small (a few kB each once bundled).
 */




/** Standard normal quantile: the z with P(Z ≤ z) = p. `p` in (0, 1). */
function normalQuantile(p) {
    assertProbability(p);
    return stats_base_dists_normal_quantile_lib_default()(p, 0, 1);
}
/** Standard normal CDF: P(Z ≤ x). ±Infinity give 0 and 1. */
function normalCdf(x) {
    if (Number.isNaN(x))
        throw new RangeError('normalCdf: x is NaN');
    return lib_default()(x, 0, 1);
}
/**
 * Student t quantile with `df` degrees of freedom: the t with P(T ≤ t) = p. `df` = Infinity is the normal
 * distribution (used for intervals built on a normal approximation).
 */
function tQuantile(p, df) {
    assertProbability(p);
    assertDf(df);
    return df === Infinity ? stats_base_dists_normal_quantile_lib_default()(p, 0, 1) : stats_base_dists_t_quantile_lib_default()(p, df);
}
/** Student t CDF: P(T ≤ x) with `df` degrees of freedom (Infinity: normal). ±Infinity give 0 and 1. */
function tCdf(x, df) {
    if (Number.isNaN(x))
        throw new RangeError('tCdf: x is NaN');
    assertDf(df);
    return df === Infinity ? lib_default()(x, 0, 1) : stats_base_dists_t_cdf_lib_default()(x, df);
}
/** The two-sided critical value of a confidence level: the quantile at 1 - (1 - confidence) / 2. */
function twoSidedCritical(confidence, df) {
    assertConfidence(confidence);
    return tQuantile(1 - (1 - confidence) / 2, df);
}
/** A confidence level must lie strictly between 0 and 1 (a programming error otherwise: inputs are validated upstream). */
function assertConfidence(confidence) {
    if (!(confidence > 0 && confidence < 1))
        throw new RangeError(`confidence must lie strictly between 0 and 1, got ${confidence}`);
}
function assertProbability(p) {
    if (!(p > 0 && p < 1))
        throw new RangeError(`probability must lie strictly between 0 and 1, got ${p}`);
}
function assertDf(df) {
    if (!(df > 0))
        throw new RangeError(`degrees of freedom must be positive, got ${df}`);
}

;// CONCATENATED MODULE: ./src/stats/estimators.ts

/** Plain mean of independent values: variance s²/n, df n - 1. Needs two values. */
function simpleMean(values) {
    const n = values.length;
    if (n < 2)
        return { ok: false, n, reason: `${n} value${n === 1 ? '' : 's'}: an interval needs at least 2` };
    const zeroSpread = allEqual(values);
    // Constant values: their mean is the value itself, exactly (a float sum of n copies may miss it by an ulp).
    const estimate = zeroSpread ? values[0] : mean(values);
    const variance = zeroSpread ? 0 : sampleVariance(values) / n;
    return { ok: true, estimate: { estimate, variance, df: n - 1, n, units: n, clustered: false, zeroSpread } };
}
/**
 * Mean of samples clustered by item (same model, task and sample_index), with the cluster-robust variance
 * V = G/(G-1) · Σ_g (Σ_{i∈g} (y_i - ȳ))² / N² and df G - 1 (the CR1 small-sample factor, as Stata's and
 * statsmodels' `cov_type="cluster"` for a regression on a constant). With one sample per item it equals s²/N.
 */
function clusterMean(observations) {
    const clusters = [...groupBy(observations, itemKey).values()];
    const g = clusters.length;
    const n = observations.length;
    if (g < 2)
        return { ok: false, n, reason: `${g} item${g === 1 ? '' : 's'}: a cluster-robust interval needs at least 2` };
    const values = observations.map((o) => o.value);
    const zeroSpread = allEqual(values);
    const estimate = zeroSpread ? values[0] : mean(values);
    let sum = 0;
    for (const cluster of clusters) {
        let residual = 0;
        for (const o of cluster)
            residual += o.value - estimate;
        sum += residual ** 2;
    }
    const variance = zeroSpread ? 0 : ((g / (g - 1)) * sum) / n ** 2;
    return { ok: true, estimate: { estimate, variance, df: g - 1, n, units: g, clustered: true, zeroSpread } };
}
/** Whether some item has more than one sample. */
function hasRepeats(observations) {
    const seen = new Set();
    for (const o of observations) {
        const key = itemKey(o);
        if (seen.has(key))
            return true;
        seen.add(key);
    }
    return false;
}
/** The mean of one group of samples: cluster-robust when items repeat, plain otherwise. */
function groupMean(observations) {
    return hasRepeats(observations) ? clusterMean(observations) : simpleMean(observations.map((o) => o.value));
}
/**
 * Mean of the per-task means (a macro average) with its stratified variance Σ_t V_t / T², where V_t is the
 * variance of task t's mean (cluster-robust within the task when items repeat), and Welch-Satterthwaite df
 * (Σ V_t/T²)² / Σ ((V_t/T²)² / df_t). Every task needs two values (or two items). Tasks in name order.
 */
function stratifiedMean(observations) {
    const tasks = groupBy(observations, (o) => o.taskId);
    const parts = [];
    for (const task of [...tasks.keys()].sort()) {
        const part = groupMean(tasks.get(task));
        if (!part.ok)
            return { ok: false, n: observations.length, reason: `task ${JSON.stringify(task)}: ${part.reason}` };
        parts.push(part.estimate);
    }
    if (parts.length === 0)
        return { ok: false, n: 0, reason: '0 values: an interval needs at least 2' };
    const t = parts.length;
    const estimate = mean(parts.map((p) => p.estimate));
    const weighted = parts.map((p) => p.variance / t ** 2);
    const combined = combine(weighted, parts.map((p) => p.df));
    return {
        ok: true,
        estimate: {
            estimate,
            variance: combined.variance,
            df: combined.df,
            n: observations.length,
            units: parts.reduce((sum, p) => sum + p.units, 0),
            clustered: parts.some((p) => p.clustered),
            zeroSpread: parts.every((p) => p.zeroSpread),
        },
    };
}
/**
 * The variance of a sum of independent estimates and its Welch-Satterthwaite df. With no variance at all the df
 * does not matter (the interval has no width); the sum of the parts' df is returned so that it stays finite.
 */
function combine(variances, dfs) {
    const variance = variances.reduce((sum, v) => sum + v, 0);
    if (variance === 0)
        return { variance, df: dfs.reduce((sum, d) => sum + d, 0) };
    const denominator = variances.reduce((sum, v, i) => sum + v ** 2 / dfs[i], 0);
    const df = variance ** 2 / denominator;
    // Squares of very small or very large variances under- or overflow (0/0, ∞/∞): then the smallest part's df,
    // which Welch-Satterthwaite never goes below (the conservative choice: the widest interval).
    return { variance, df: Number.isFinite(df) && df > 0 ? df : Math.min(...dfs) };
}

;// CONCATENATED MODULE: ./src/stats/intervals.ts



/** estimate ± t(1 - (1 - confidence)/2, df) · se, from a mean estimate. */
function intervalFrom(e, confidence, method, notes = []) {
    assertConfidence(confidence);
    const se = Math.sqrt(e.variance);
    // A variance or mean that overflowed has no interval: NaN bounds, which `withinRange` turns into none.
    const half = se === 0 ? 0 : Number.isFinite(se) && Number.isFinite(e.estimate) ? tQuantile(1 - (1 - confidence) / 2, e.df) * se : NaN;
    const allNotes = e.zeroSpread ? [...notes, ZERO_WIDTH_NOTE] : notes;
    return {
        estimate: e.estimate,
        low: e.estimate - half,
        high: e.estimate + half,
        confidence,
        se,
        df: e.df,
        n: e.n,
        method,
        zeroWidth: half === 0,
        notes: allNotes,
    };
}
const ZERO_WIDTH_NOTE = 'no spread in the data (every value, or every difference, is the same): the interval has no width and the verdict is the point value’s';
/** Student t interval of the mean of independent values (df = n - 1). Needs two finite values. */
function tInterval(values, confidence) {
    const bad = firstNonFinite(values);
    if (bad !== undefined)
        return { ok: false, n: values.length, reason: `a value is not a finite number (${bad})` };
    return wrap(simpleMean(values), confidence, 't');
}
/**
 * Wilson score interval for a proportion: `successes` of `n` 0/1 values. It stays inside [0, 1] and keeps a
 * width when every value is 0 or every value is 1 (where a t interval would claim certainty).
 * center = (p + z²/2n) / (1 + z²/n), half width = z / (1 + z²/n) · sqrt(p(1-p)/n + z²/4n²).
 */
function wilsonInterval(successes, n, confidence) {
    assertConfidence(confidence);
    if (!Number.isInteger(n) || !Number.isInteger(successes) || successes < 0 || successes > n) {
        return { ok: false, n, reason: `not a proportion: ${successes} of ${n}` };
    }
    if (n < 2)
        return { ok: false, n, reason: `${n} value${n === 1 ? '' : 's'}: an interval needs at least 2` };
    const z = normalQuantile(1 - (1 - confidence) / 2);
    const p = successes / n;
    const z2n = (z * z) / n;
    const center = (p + z2n / 2) / (1 + z2n);
    const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
    const notes = successes === 0 || successes === n ? [`all ${n} values are ${successes === 0 ? 0 : 1}`] : [];
    return {
        ok: true,
        interval: {
            estimate: p,
            // With no success (or no failure) the bound is 0 (or 1) exactly; rounding would leave ±1e-17.
            low: successes === 0 ? 0 : Math.max(0, center - half),
            high: successes === n ? 1 : Math.min(1, center + half),
            confidence,
            se: Math.sqrt((p * (1 - p)) / n),
            df: Infinity,
            n,
            method: 'wilson',
            zeroWidth: false,
            notes,
        },
    };
}
/** Interval of a pooled mean whose samples repeat items (same model, task, sample_index): cluster-robust, df = items - 1. */
function clusterInterval(observations, confidence) {
    const outcome = clusterMean(observations);
    if (!outcome.ok)
        return outcome;
    const e = outcome.estimate;
    return { ok: true, interval: intervalFrom(e, confidence, 'cluster', [`${e.n} samples of ${e.units} items`]) };
}
/** Interval of a macro average (mean of the per-task means) with the stratified standard error over tasks. */
function stratifiedInterval(observations, confidence) {
    const outcome = stratifiedMean(observations);
    if (!outcome.ok)
        return outcome;
    const e = outcome.estimate;
    const notes = e.clustered ? [`${e.n} samples of ${e.units} items`] : [];
    return { ok: true, interval: intervalFrom(e, confidence, e.clustered ? 'stratified-cluster' : 'stratified', notes) };
}
/**
 * The interval for a metric's value (thresholds, issue 16 rule 3), chosen by how the run aggregated its samples:
 * a macro average → stratified; a pooled mean of repeated items → cluster-robust; of 0/1 values → Wilson;
 * otherwise → t. 0/1 values that are all equal get a Wilson interval over the items whatever the aggregation (every
 * other estimate of their spread is 0). Pass the values of one model (a macro average is over its tasks). `observations` are the values of one metric path (see `extractValues`).
 */
function valueInterval(observations, options) {
    return withinRange(chooseValueInterval(observations, options));
}
/**
 * An interval is only as good as its arithmetic: values so large that their sum or their spread overflows give an
 * infinite (or NaN) estimate, bound or standard error. Such an interval would straddle every limit, "within noise"
 * whatever the data say; none is given, so the point value decides.
 */
function withinRange(outcome) {
    if (!outcome.ok)
        return outcome;
    const { estimate, low, high, se, n } = outcome.interval;
    if ([estimate, low, high, se].every(Number.isFinite))
        return outcome;
    return { ok: false, n, reason: 'the values are too large to compute with (their mean or spread overflows)' };
}
function chooseValueInterval(observations, options) {
    const bad = firstNonFinite(observations.map((o) => o.value));
    if (bad !== undefined)
        return { ok: false, n: observations.length, reason: `a value is not a finite number (${bad})` };
    const constant = constantBinary(observations, options.confidence);
    if (constant)
        return constant;
    if (options.aggregation === 'macro')
        return stratifiedInterval(observations, options.confidence);
    if (hasRepeats(observations))
        return clusterInterval(observations, options.confidence);
    const values = observations.map((o) => o.value);
    if (isBinary(values))
        return wilsonInterval(values.filter((v) => v === 1).length, values.length, options.confidence);
    return tInterval(values, options.confidence);
}
/**
 * 0/1 values that are all equal (every answer right, or every one wrong): the pooled mean, the macro average and
 * the cluster mean are all that value, and every variance estimate is 0. A zero-width interval would claim
 * certainty from, say, 30 correct answers; the Wilson interval over the items (the independent units) does not.
 */
function constantBinary(observations, confidence) {
    const values = observations.map((o) => o.value);
    if (!isBinary(values) || !allEqual(values))
        return undefined;
    const items = new Set(observations.map(itemKey)).size;
    const outcome = wilsonInterval(values[0] === 1 ? items : 0, items, confidence);
    if (outcome.ok && items < values.length)
        outcome.interval.notes.push(`${values.length} samples of ${items} items: counted by item`);
    return outcome;
}
function wrap(outcome, confidence, method) {
    return outcome.ok ? { ok: true, interval: intervalFrom(outcome.estimate, confidence, method) } : outcome;
}

;// CONCATENATED MODULE: ./src/stats/difference.ts





/** Below this share of the run's samples finding a pair in the baseline, the comparison is unpaired (issue 16, rule 4). */
const MIN_PAIRED_SHARE = 0.8;
/**
 * Pairs the run's and the baseline's samples by item: (model, task_id, sample_index). An item sampled several
 * times on one side contributes the mean of its samples, so each pair is one item. Pairs in run order.
 */
function pairObservations(run, baseline) {
    const runItems = groupBy(run, itemKey);
    const baselineItems = groupBy(baseline, itemKey);
    const pairs = [];
    let pairedRunSamples = 0;
    for (const [key, samples] of runItems) {
        const before = baselineItems.get(key);
        if (!before)
            continue;
        pairedRunSamples += samples.length;
        const first = samples[0];
        pairs.push({
            model: first.model,
            taskId: first.taskId,
            sampleIndex: first.sampleIndex,
            run: mean(samples.map((o) => o.value)),
            baseline: mean(before.map((o) => o.value)),
        });
    }
    const pairedShare = run.length === 0 ? 0 : pairedRunSamples / run.length;
    return { pairs, runSamples: run.length, baselineSamples: baseline.length, pairedRunSamples, pairedShare };
}
/**
 * Paired interval of the mean per-pair difference (run - baseline): a paired t interval (df = pairs - 1), or for
 * a macro average the stratified combination of the per-task paired means (`paired-stratified`).
 */
function pairedInterval(pairing, options) {
    const differences = pairing.pairs.map((p) => ({ ...p, value: p.run - p.baseline }));
    const failed = { n: pairing.pairs.length, pairs: pairing.pairs.length, pairedShare: pairing.pairedShare, paired: true };
    const bad = firstNonFinite(differences.map((d) => d.value));
    if (bad !== undefined)
        return { ok: false, ...failed, reason: `a difference is not a finite number (${bad})` };
    const macro = options.aggregation === 'macro';
    const outcome = macro ? stratifiedMean(differences) : simpleMean(differences.map((d) => d.value));
    if (!outcome.ok)
        return { ok: false, ...failed, reason: `${outcome.reason} (pairs)` };
    const dropped = pairing.runSamples - pairing.pairedRunSamples;
    const notes = [`${pairing.pairs.length} pairs`, ...(dropped > 0 ? [`${dropped} run samples without a baseline pair left out`] : [])];
    return finish(outcome.estimate, pairing.pairs.length, pairing, options.confidence, macro ? 'paired-stratified' : 'paired-t', notes);
}
/**
 * Unpaired (Welch) interval of run minus baseline: each side's mean and its variance (plain, cluster-robust when
 * items repeat, or stratified for a macro average), variances added, Welch-Satterthwaite df
 * (V1 + V2)² / (V1²/df1 + V2²/df2). With plain means this is Welch's t interval.
 */
function welchInterval(run, baseline, options) {
    const pairing = pairObservations(run, baseline);
    const failed = { n: run.length, pairs: pairing.pairs.length, pairedShare: pairing.pairedShare, paired: false };
    const bad = firstNonFinite([...run, ...baseline].map((o) => o.value));
    if (bad !== undefined)
        return { ok: false, ...failed, reason: `a value is not a finite number (${bad})` };
    const macro = options.aggregation === 'macro';
    const side = (observations) => (macro ? stratifiedMean(observations) : groupMean(observations));
    const now = side(run);
    if (!now.ok)
        return { ok: false, ...failed, reason: `run: ${now.reason}` };
    const before = side(baseline);
    if (!before.ok)
        return { ok: false, ...failed, reason: `baseline: ${before.reason}` };
    const a = now.estimate;
    const b = before.estimate;
    const combined = combine([a.variance, b.variance], [a.df, b.df]);
    const zeroSpread = combined.variance === 0;
    const estimate = {
        estimate: a.estimate - b.estimate,
        variance: combined.variance,
        df: combined.df,
        n: run.length,
        units: a.units + b.units,
        clustered: a.clustered || b.clustered,
        zeroSpread,
    };
    const notes = [
        `unpaired: ${Math.round(pairing.pairedShare * 100)}% of the run's samples found a pair in the baseline`,
        ...(estimate.clustered ? ['repeated items: cluster-robust variances'] : []),
    ];
    return finish(estimate, pairing.pairs.length, pairing, options.confidence, macro ? 'welch-stratified' : 'welch-unpaired', notes);
}
/**
 * The interval for a regression (issue 16, rule 4): paired over items when at least `minPairedShare` (80%) of the
 * run's samples find a pair in the baseline, otherwise unpaired (Welch). Estimate = run minus baseline.
 */
function differenceInterval(run, baseline, options) {
    assertConfidence(options.confidence);
    const pairing = pairObservations(run, baseline);
    let paired = run.length > 0 && pairing.pairedShare >= (options.minPairedShare ?? MIN_PAIRED_SHARE);
    let outcome = paired ? pairedInterval(pairing, options) : undefined;
    const unrepresentative = outcome?.ok ? pairsMissTheRuns(outcome.interval, pairing, run, baseline, options.aggregation) : undefined;
    if (unrepresentative)
        paired = false;
    if (!outcome || unrepresentative)
        outcome = welchInterval(run, baseline, options);
    if (unrepresentative && outcome.ok)
        outcome.interval.notes.unshift(unrepresentative);
    const checked = withinRange(outcome);
    if (checked.ok || !outcome.ok)
        return outcome;
    return { ok: false, n: checked.n, reason: checked.reason, pairs: pairing.pairs.length, pairedShare: pairing.pairedShare, paired };
}
/**
 * When some samples found no pair, the paired interval speaks only for the items both runs answered. If the
 * difference of the runs' own means (what their reported values compare) lies outside it, the left-out samples
 * changed the comparison (say 60 new items, all failed): the pairs do not stand for the runs, and the unpaired
 * interval over every sample is used instead. Otherwise a paired pass could contradict the runs' values.
 */
function pairsMissTheRuns(interval, pairing, run, baseline, aggregation) {
    const pairedBaselineSamples = pairing.pairs.length === 0 ? 0 : countPaired(baseline, run);
    if (pairing.pairedRunSamples === run.length && pairedBaselineSamples === baseline.length)
        return undefined;
    const aggregate = (observations) => aggregation === 'macro'
        ? (macroAverage(observations) ?? mean(observations.map((o) => o.value)))
        : mean(observations.map((o) => o.value));
    const whole = aggregate(run) - aggregate(baseline);
    const slack = COVER_TOLERANCE * Math.max(1, Math.abs(whole));
    if (whole >= interval.low - slack && whole <= interval.high + slack)
        return undefined;
    return `the difference of the runs' means (${Number(whole.toPrecision(4))}) lies outside the interval of the paired items: samples without a pair change the comparison, so it is unpaired`;
}
/** Rounding room when checking that a paired interval holds the difference of the means (sums in another order). */
const COVER_TOLERANCE = 1e-9;
/** Samples of `side` whose item also appears in `other`. */
function countPaired(side, other) {
    const items = new Set(other.map(itemKey));
    return side.filter((o) => items.has(itemKey(o))).length;
}
function finish(estimate, pairs, pairing, confidence, method, notes) {
    const base = intervalFrom(estimate, confidence, method, notes);
    const n = method.startsWith('paired') ? pairs : pairing.runSamples;
    return {
        ok: true,
        interval: {
            ...base,
            method,
            n,
            pairs,
            runSamples: pairing.runSamples,
            baselineSamples: pairing.baselineSamples,
            pairedShare: pairing.pairedShare,
        },
    };
}

;// CONCATENATED MODULE: ./src/stats/power.ts

/** Power the smallest detectable regression is quoted at (issue 16, rule 5). */
const DEFAULT_POWER = 0.8;
/**
 * Smallest detectable regression: (z(1 - (1 - confidence)/2) + z(power)) · se, in the metric's units. A true
 * worsening this large is caught (the interval lies entirely beyond the limit) with probability ≈ `power`.
 */
function smallestDetectable(se, confidence, power = DEFAULT_POWER) {
    assertConfidence(confidence);
    if (!(power > 0 && power < 1))
        throw new RangeError(`power must lie strictly between 0 and 1, got ${power}`);
    if (!(se >= 0) || !Number.isFinite(se))
        throw new RangeError(`standard error must be a finite number ≥ 0, got ${se}`);
    return (normalQuantile(1 - (1 - confidence) / 2) + normalQuantile(power)) * se;
}
/**
 * Samples needed so that the smallest detectable regression shrinks to `allowed`, given that it is `mde` with
 * `n` samples now (the standard error shrinks with the square root of n): ceil(n · (mde / allowed)²), at least n
 * when mde > allowed. Null when no sample size will do: an allowed worsening of 0 (or less) is never detectable.
 * `n` is in the interval's own units (pairs for a paired comparison, samples per run otherwise).
 */
function samplesNeeded(n, mde, allowed) {
    if (!(allowed > 0))
        return null;
    if (!(n > 0) || !(mde >= 0))
        throw new RangeError(`samplesNeeded: n must be > 0 and mde ≥ 0, got n=${n}, mde=${mde}`);
    return Math.ceil(n * (mde / allowed) ** 2);
}
/** Whether a worsening of `allowed` is below what the data can reliably detect. */
function belowDetectable(allowed, mde) {
    return allowed < mde;
}

;// CONCATENATED MODULE: ./src/stats/decide.ts

/** Slack of a regression's limit, as in the point comparison (`worse <= limit + 1e-12`): float noise is no regression. */
const REGRESSION_SLACK = 1e-12;
/**
 * A threshold judged by its interval (issue 16, rule 6): `fail` when the whole interval lies on the wrong side of
 * the limit, `pass` when it lies wholly on the right side, otherwise `uncertain`. `==` passes only a zero-width
 * interval at the limit and fails one that excludes it; its p-value is the smaller one-sided one.
 */
function decideThreshold(interval, comparator, limit) {
    if (!Number.isFinite(limit))
        throw new RangeError(`limit must be a finite number, got ${limit}`);
    const { low, high } = interval;
    let decision;
    switch (comparator) {
        case '>=':
            decision = low >= limit ? 'pass' : high < limit ? 'fail' : 'uncertain';
            break;
        case '>':
            decision = low > limit ? 'pass' : high <= limit ? 'fail' : 'uncertain';
            break;
        case '<=':
            decision = high <= limit ? 'pass' : low > limit ? 'fail' : 'uncertain';
            break;
        case '<':
            decision = high < limit ? 'pass' : low >= limit ? 'fail' : 'uncertain';
            break;
        case '==':
            decision = low === limit && high === limit ? 'pass' : limit < low || limit > high ? 'fail' : 'uncertain';
            break;
    }
    if (interval.zeroWidth)
        return { decision, pValue: decision === 'fail' ? 0 : 1 };
    const below = pValueBelow(interval, limit);
    const above = pValueAbove(interval, limit);
    const pValue = comparator === '>=' || comparator === '>' ? below : comparator === '==' ? Math.min(below, above) : above;
    return { decision, pValue };
}
/**
 * A regression criterion ("worsens by at most `allowed`") judged by the interval of the delta (run minus
 * baseline, metric units). Higher is better: the worse direction is negative, `fail` when the whole interval lies
 * below -allowed, `pass` when it lies wholly at or above it. Lower is better flips the direction (limit +allowed).
 * `allowed` is in metric units (a percent rule is converted by the caller from the reported baseline value).
 */
function decideRegression(interval, allowed, lowerIsBetter) {
    if (!Number.isFinite(allowed) || allowed < 0)
        throw new RangeError(`allowed worsening must be a finite number ≥ 0, got ${allowed}`);
    const limit = allowed + REGRESSION_SLACK;
    // Worsening of the true value (positive = worse): the interval of the delta, oriented.
    const leastWorse = lowerIsBetter ? interval.low : -interval.high;
    const mostWorse = lowerIsBetter ? interval.high : -interval.low;
    const decision = mostWorse <= limit ? 'pass' : leastWorse > limit ? 'fail' : 'uncertain';
    if (interval.zeroWidth)
        return { decision, pValue: decision === 'fail' ? 0 : 1 };
    const pValue = lowerIsBetter ? pValueAbove(interval, limit) : pValueBelow(interval, -limit);
    return { decision, pValue };
}
/** One-sided p-value for "the true value is below `limit`" (small when the interval lies below it). */
function pValueBelow(interval, limit) {
    if (interval.method === 'wilson')
        return wilsonScoreP(interval, limit, 'below');
    if (interval.se === 0)
        return interval.estimate < limit ? 0 : 1;
    return tCdf((interval.estimate - limit) / interval.se, interval.df);
}
/** One-sided p-value for "the true value is above `limit`" (small when the interval lies above it). */
function pValueAbove(interval, limit) {
    if (interval.method === 'wilson')
        return wilsonScoreP(interval, limit, 'above');
    if (interval.se === 0)
        return interval.estimate > limit ? 0 : 1;
    return tCdf((limit - interval.estimate) / interval.se, interval.df);
}
/**
 * The score test the Wilson interval inverts: z = (p̂ - L) / sqrt(L(1-L)/n). The limit lies outside the Wilson
 * interval exactly when this one-sided p-value is below (1 - confidence)/2. A limit at or beyond 0 or 1 has no
 * variance under it: one observed value on the far side of it (p̂ beyond the limit) is then proof, none is no evidence.
 */
function wilsonScoreP(interval, limit, side) {
    const p = interval.estimate;
    if (limit <= 0 || limit >= 1)
        return (side === 'below' ? p < limit : p > limit) ? 0 : 1;
    const z = (p - limit) / Math.sqrt((limit * (1 - limit)) / interval.n);
    return side === 'below' ? normalCdf(z) : normalCdf(-z);
}
/** What an uncertain decision counts as, per the `uncertain` input (issue 16): pass, fail or inconclusive. */
function applyUncertain(decision, uncertain) {
    return decision === 'uncertain' ? uncertain : decision;
}
/**
 * Whether the interval supports a point verdict (for `noise: report`): a point pass needs an interval `pass`, a
 * point fail an interval `fail`. A criterion whose point verdict is not supported is "within noise".
 */
function supportsPoint(pointPassed, decision) {
    return pointPassed ? decision === 'pass' : decision === 'fail';
}

;// CONCATENATED MODULE: ./src/stats/holm.ts

/** The Holm level for a gate: one-sided tests at (1 - confidence)/2, the same tail each interval leaves out. */
function holmAlpha(confidence) {
    assertConfidence(confidence);
    return (1 - confidence) / 2;
}
/**
 * Holm-Bonferroni over every interval-judged entry of one gate (issue 16, rule 6), so a gate over 36 metric paths
 * does not fail by chance more often than one over a single metric (family-wise error ≤ alpha). P-values are
 * sorted ascending (ties in input order); p_(k) is rejected while p_(k) ≤ alpha / (m - k + 1), and every entry after
 * the first non-rejection is kept. Only failures are corrected: a `fail` stays a fail only when rejected; `pass`
 * and `uncertain` are never changed (the correction never makes a gate redder). Output in input order.
 */
function holmBonferroni(entries, alpha) {
    if (!(alpha > 0 && alpha < 1))
        throw new RangeError(`alpha must lie strictly between 0 and 1, got ${alpha}`);
    for (const entry of entries) {
        if (!(entry.pValue >= 0 && entry.pValue <= 1))
            throw new RangeError(`p-value must lie in [0, 1], got ${entry.pValue}`);
    }
    const m = entries.length;
    const order = entries.map((entry, index) => ({ entry, index })).sort((a, b) => a.entry.pValue - b.entry.pValue || a.index - b.index);
    const outputs = new Array(m);
    let rejecting = true;
    let runningMax = 0;
    order.forEach(({ entry, index }, position) => {
        const rank = position + 1;
        const level = alpha / (m - rank + 1);
        rejecting = rejecting && entry.pValue <= level;
        runningMax = Math.max(runningMax, Math.min(1, (m - rank + 1) * entry.pValue));
        const decision = entry.decision === 'fail' && !rejecting ? 'uncertain' : entry.decision;
        outputs[index] = {
            decision,
            before: entry.decision,
            pValue: entry.pValue,
            adjustedPValue: runningMax,
            rank,
            level,
            changed: decision !== entry.decision,
        };
    });
    return outputs;
}

;// CONCATENATED MODULE: ./src/stats/index.ts









// EXTERNAL MODULE: ./src/judge/baseline.ts
var baseline = __webpack_require__(77432);
;// CONCATENATED MODULE: ./src/judge/noise-paths.ts


/**
 * The samples a metric path aggregates (issue 16, rule 1): `accuracy` for a run of one model, `gpt-x.accuracy`,
 * `gpt-x.qa.accuracy` (model names may hold dots, task ids too). A path that names no model of the run, or that
 * could be read two ways (a model `gpt-x` with a task `qa` beside a model `gpt-x.qa`), names no samples: never guessed.
 */
function locatePath(path, models, index) {
    const { scope, metric } = (0,metrics/* splitMetricPath */.CY)(path);
    const readings = [];
    if (scope === '') {
        if (models.length !== 1)
            return { reason: `the path names no model and the run has ${models.length} models` };
        readings.push({ model: models[0], task: undefined, metric });
    }
    for (const model of scope === '' ? [] : models) {
        if (scope === model)
            readings.push({ model, task: undefined, metric });
        else if (scope.startsWith(`${model}.`)) {
            const task = scope.slice(model.length + 1);
            if (index.get(model)?.has(task))
                readings.push({ model, task, metric });
        }
    }
    // A run of one model may report per task without naming the model: `qa.accuracy`.
    if (readings.length === 0 && models.length === 1 && scope !== '' && index.get(models[0])?.has(scope)) {
        readings.push({ model: models[0], task: scope, metric });
    }
    if (readings.length === 1)
        return readings[0];
    return readings.length === 0
        ? { reason: 'the path names no model (and task) of the run’s samples' }
        : { reason: 'the path could name more than one model or task of the run’s samples' };
}
/**
 * The values of a path's samples (numbers, true/false as 1/0; anything else left out and counted), used only when
 * they reproduce the reported value (rule 2): their pooled mean, or the mean of the per-task means, equals it to
 * the precision it was reported with. Otherwise the reported value decides.
 */
function pathValues(index, at, reported) {
    const tasks = index.get(at.model);
    const groups = !tasks ? [] : at.task === undefined ? [...tasks.values()] : [tasks.get(at.task) ?? []];
    const records = [];
    for (const group of groups) {
        for (const s of group)
            records.push({ model: s.model, taskId: s.taskId, sampleIndex: s.sampleIndex, value: s.scores[at.metric] });
    }
    const { observations, excluded } = extractValues(records);
    if (observations.length === 0) {
        return { ok: false, reason: `no completed sample of ${describe(at)} has a numeric score for ${at.metric}`, unscored: true };
    }
    const check = reproduce(observations, reported);
    if (check.aggregation === null)
        return { ok: false, reason: `the samples do not reproduce the reported value: ${check.reason}` };
    const rounding = check.match === 'rounded' ? 0.5 * 10 ** -check.decimals : 0;
    return { ok: true, observations, aggregation: check.aggregation, excluded, rounding };
}
function describe(at) {
    return at.task === undefined ? `model ${at.model}` : `model ${at.model}, task ${at.task}`;
}

;// CONCATENATED MODULE: ./src/judge/noise-entries.ts


function reportedStatistics(path, estimate, confidence, note) {
    return {
        path,
        basis: 'reported',
        estimate,
        low: null,
        high: null,
        confidence,
        n: null,
        method: 'reported',
        uncertain: false,
        mde: null,
        note,
    };
}
function samplesStatistics(path, interval, notes, mde) {
    const { estimate, low, high, confidence, n, method } = interval;
    // "400 pairs" is `n` already.
    const note = [...notes, ...interval.notes.filter((text) => !/^\d+ pairs$/.test(text))].join('; ') || null;
    return { path, basis: 'samples', estimate, low, high, confidence, n, method, uncertain: false, mde, note };
}
/** Why a rounded report keeps the point verdict when the limit is within its rounding (never greener than the report). */
const WITHIN_ROUNDING = 'the samples only round to the reported value and the limit lies within that rounding: judged on the reported value';
const excludedNote = (excluded) => excluded > 0 ? [`${excluded} sample${excluded === 1 ? '' : 's'} without a numeric score left out`] : [];
/** A threshold path (issue 16, rule 3): the interval of its value, decided against the limit. */
function thresholdEntry(criterion, row, t, samples, confidence) {
    const base = { kind: 'threshold', criterion, path: row.path, pointOk: row.ok };
    const reported = (note, unscored) => ({
        ...base,
        statistics: reportedStatistics(row.path, row.value, confidence, note),
        judgement: undefined,
        ...(unscored ? { unscored } : {}),
    });
    const values = samplesOfPath(samples, row.path, row.value);
    if (!values.ok)
        return reported(values.reason, values.unscored);
    // A limit inside the rounding of the reported value: the samples could pass what the reported value fails.
    if (Math.abs(t.limit - row.value) <= values.rounding)
        return reported(WITHIN_ROUNDING);
    const interval = valueInterval(values.observations, { aggregation: values.aggregation, confidence });
    if (!interval.ok)
        return reported(`no interval: ${interval.reason}`);
    const judgement = decideThreshold(interval.interval, t.comparator, t.limit);
    return { ...base, statistics: samplesStatistics(row.path, interval.interval, excludedNote(values.excluded), null), judgement };
}
/** The values of a path in one run, or why there are none to trust. */
function samplesOfPath(samples, path, reported) {
    if (!samples.ok)
        return { ok: false, reason: samples.reason };
    const at = locatePath(path, samples.models, samples.index);
    if ('reason' in at)
        return { ok: false, reason: at.reason };
    return pathValues(samples.index, at, reported);
}
/**
 * A regression path (rule 4): the interval of run minus baseline (paired by item, or Welch when fewer than 80% of
 * the run's samples pair), decided against the allowed worsening; with the smallest detectable regression (rule 5).
 */
function regressionEntry(criterion, row, now, before, confidence) {
    const { c } = row;
    const base = { kind: 'regression', criterion, path: c.path, pointOk: row.ok };
    const reported = (note, unscored) => ({
        ...base,
        statistics: reportedStatistics(c.path, c.current - c.baseline, confidence, note),
        judgement: undefined,
        ...(unscored ? { unscored } : {}),
    });
    if (!now.ok)
        return reported(`in this run, ${now.reason}`, now.unscored);
    if (!before.ok)
        return reported(`in the baseline, ${before.reason}`, before.unscored);
    if (now.aggregation !== before.aggregation) {
        return reported(`this run reports a ${now.aggregation} mean and the baseline a ${before.aggregation} one: they do not compare`);
    }
    const rounding = now.rounding + before.rounding;
    const reportedDelta = c.current - c.baseline;
    if (rounding > 0 && Math.abs(reportedDelta - (c.lowerIsBetter ? row.limit : -row.limit)) <= rounding) {
        return reported(WITHIN_ROUNDING);
    }
    const delta = differenceInterval(now.observations, before.observations, { aggregation: now.aggregation, confidence });
    if (!delta.ok)
        return reported(`no interval: ${delta.reason}`);
    const interval = delta.interval;
    const judgement = decideRegression(interval, row.limit, c.lowerIsBetter);
    const mde = smallestDetectable(interval.se, confidence);
    const notes = [...excludedNote(now.excluded)];
    return {
        ...base,
        statistics: samplesStatistics(c.path, interval, notes, mde),
        judgement,
        detect: { allowed: row.limit, mde, n: interval.n, paired: interval.method.startsWith('paired') },
    };
}

;// CONCATENATED MODULE: ./src/judge/noise-notes.ts



/** Notes beyond this many are counted, not listed: the summary stays readable over many metrics and models. */
const MAX_NOTES = 20;
/** Paths named in one note before the rest are counted. */
const MAX_LISTED = 8;
/**
 * The sentences the summary shows under the error bars, made here from numbers and metric paths (the renderer
 * escapes them): why a run's samples or a path's were not used, and where a regression rule asks for less than the
 * samples can detect. Deduplicated, in the order of the criteria.
 */
function noiseNotes(reads, entries, settings) {
    const notes = [];
    const failedReads = reads.filter((r) => !r.ok).map((r) => r.reason);
    for (const read of reads) {
        if (!read.ok)
            notes.push(`${capitalize(read.reason)}: ${roleText(read.read.role)} metrics are judged on their reported values.`);
        else if (read.read.note)
            notes.push(`Run ${read.runId}: ${read.read.note}.`);
    }
    const unscored = [...new Set(entries.filter((e) => e.unscored).map((e) => e.path))];
    if (unscored.length > 0) {
        const listed = unscored.slice(0, MAX_LISTED).join(', ') + (unscored.length > MAX_LISTED ? `, and ${unscored.length - MAX_LISTED} more` : '');
        notes.push(`No completed sample has a numeric score for ${listed}: judged on the reported values ` +
            '(the samples’ scores name other metrics; with noise: off they are not read).');
    }
    for (const entry of entries) {
        const note = entry.statistics.note;
        if (entry.statistics.basis === 'reported' && note && !entry.unscored && !failedReads.some((reason) => note.includes(reason))) {
            notes.push(`${entry.path} (${entry.criterion.name}): judged on its reported value, because ${withoutPeriod(note)}.`);
        }
    }
    notes.push(...detectabilityNotes(entries, settings.confidence));
    const unique = [...new Set(notes)];
    return unique.length <= MAX_NOTES
        ? unique
        : [...unique.slice(0, MAX_NOTES), `… and ${unique.length - MAX_NOTES} more notes in result-json.`];
}
/**
 * Rule 5: regression paths whose rule allows less worsening than the samples can reliably detect, one note per
 * criterion: the smallest detectable regression of each, and how many samples would bring it down to the allowance.
 */
function detectabilityNotes(entries, confidence) {
    const byCriterion = new Map();
    for (const entry of entries) {
        if (!entry.detect || !belowDetectable(entry.detect.allowed, entry.detect.mde))
            continue;
        byCriterion.set(entry.criterion, [...(byCriterion.get(entry.criterion) ?? []), entry]);
    }
    return [...byCriterion].map(([criterion, below]) => {
        const items = below.slice(0, MAX_LISTED).map((e) => `${e.path} ${detectability(e.detect)}`);
        const more = below.length > MAX_LISTED ? `, and ${below.length - MAX_LISTED} more` : '';
        const zero = below.some((e) => e.detect.allowed <= 0) ? ' No number of samples can detect a worsening of 0: allow a margin.' : '';
        return (`${criterion.name}: with these samples the gate cannot reliably detect a regression as small as the worsening allowed ` +
            `(smallest detectable regression at ${(0,noise_format/* formatConfidence */.Me)(confidence)} confidence and ${Math.round(DEFAULT_POWER * 100)}% power): ` +
            `${items.join('; ')}${more}.${zero}`);
    });
}
/** `allowed 0.02, detectable 0.0777, about 6,040 pairs needed (400 now)`. */
function detectability(detect) {
    const needed = samplesNeeded(detect.n, detect.mde, detect.allowed);
    const unit = detect.paired ? 'pairs' : 'samples per run';
    const more = needed === null ? '' : `, about ${(0,noise_format/* formatCount */.B4)(needed)} ${unit} needed (${(0,noise_format/* formatCount */.B4)(detect.n)} now)`;
    return `allowed ${(0,metrics/* formatMetric */.gI)(detect.allowed)}, detectable ${(0,metrics/* formatMetric */.gI)(detect.mde)}${more}`;
}
/** Where Holm-Bonferroni (rule 6) turned a fail on one interval into "within noise", and by how much. */
function holmNotes(changed, tested, settings) {
    if (changed.length === 0)
        return [];
    const counts = { pass: 'a pass', fail: 'a failure', inconclusive: 'undecided' }[settings.uncertain];
    const then = settings.mode === 'gate' ? `within noise and counts as ${counts} (uncertain: ${settings.uncertain})` : 'its failure is within noise';
    return changed.map(({ entry, holm }) => `Correction for multiple comparisons (Holm-Bonferroni over ${tested} interval-judged metrics) changed a decision: ` +
        `${entry.path} (${entry.criterion.name}) fails on its own interval (one-sided p = ${formatP(holm.pValue)}) but not after ` +
        `the correction (it needed p ≤ ${formatP(holm.level)}): ${then}.`);
}
function formatP(p) {
    return p < 0.0001 ? p.toExponential(1) : String(Number(p.toPrecision(2)));
}
function roleText(role) {
    return role === 'run' ? 'this run’s' : 'the baseline’s';
}
function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
function withoutPeriod(text) {
    return text.replace(/\.$/, '');
}

// EXTERNAL MODULE: ./src/api/errors.ts
var errors = __webpack_require__(53249);
// EXTERNAL MODULE: ./src/api/client.ts + 4 modules
var api_client = __webpack_require__(78253);
;// CONCATENATED MODULE: ./src/api/sample-scores.ts


/** The largest page the samples endpoint serves: ceil(completed / 500) requests per run. */
const SAMPLE_PAGE_SIZE = 500;
/** Above this many completed samples a run is judged on its reported values: the read would be too long and large. */
const MAX_SCORED_SAMPLES = 50_000;
/**
 * Every completed sample of a run, page by page (`status=completed&limit=500`, `after` the previous page's last id,
 * while `has_more`): ceil(completed / 500) requests. `completed` is the run's own count; the listing must agree
 * with it: a page past the expected count, a repeated id or cursor, an empty page that claims more, or a total
 * that differs is an unusable listing (ApiProtocolError, not retried). Work and memory are linear in the samples.
 * API failures (HTTP, network, the deadline) are thrown as they come: the caller decides what they mean.
 */
async function readCompletedScores(client, run, metricIds) {
    if (run.completed > MAX_SCORED_SAMPLES)
        return { kind: 'too-many', completed: run.completed };
    const endpoint = `GET ${api_client/* API_PREFIX */.m4}/runs/${run.id}/samples`;
    const expectedPages = Math.ceil(run.completed / SAMPLE_PAGE_SIZE);
    const samples = [];
    const seenIds = new Set();
    let listed = 0;
    let skipped = 0;
    let foreign = 0;
    let pages = 0;
    let after;
    while (pages < expectedPages) {
        const page = await client.listScorePage(run.id, { limit: SAMPLE_PAGE_SIZE, after, metricIds });
        pages++;
        listed += page.listed;
        skipped += page.skipped;
        foreign += page.foreign;
        for (const sample of page.samples) {
            if (seenIds.has(sample.id))
                throw new errors/* ApiProtocolError */.BP(endpoint, `sample ${sample.id} was listed twice`);
            seenIds.add(sample.id);
            samples.push(sample);
        }
        if (!page.hasMore)
            break;
        if (page.listed === 0 || !page.next)
            throw new errors/* ApiProtocolError */.BP(endpoint, 'a page of samples claims "has_more" but is empty');
        if (page.next === after)
            throw new errors/* ApiProtocolError */.BP(endpoint, `pagination cursor "${page.next}" repeated; the listing would never end`);
        if (pages === expectedPages) {
            throw new errors/* ApiProtocolError */.BP(endpoint, `more than ${expectedPages} pages of completed samples for a run that counts ${run.completed}`);
        }
        after = page.next;
    }
    if (listed !== run.completed) {
        throw new errors/* ApiProtocolError */.BP(endpoint, `listed ${listed} completed samples, but the run counts ${run.completed}`);
    }
    return { kind: 'read', samples, pages, skipped, foreign };
}

;// CONCATENATED MODULE: ./src/judge/noise-samples.ts



/**
 * Reads a run's completed samples for the statistics, or says why they cannot be used. Never ends the gate: an API
 * failure, the deadline striking, an unusable listing or a run too large all leave its metrics judged on their
 * reported values. Only an interruption by the runner goes on up (the gate stops for it wherever it is).
 */
async function readRunSamples(session, run, role, metricIds) {
    const { client, deps } = session;
    const before = client.stats.requests;
    const read = (samples, note) => ({
        run_id: run.id,
        role,
        samples,
        requests: client.stats.requests - before,
        note,
    });
    const unusable = (reason) => ({ ok: false, runId: run.id, reason, read: read(null, reason) });
    if (run.status !== 'completed')
        return unusable(`run ${run.id} is ${run.status}, not completed`);
    try {
        const listing = await readCompletedScores(client, { id: run.id, completed: run.request_counts.completed }, metricIds);
        if (listing.kind === 'too-many') {
            return unusable(`run ${run.id} has ${(0,noise_format/* formatCount */.B4)(listing.completed)} completed samples, more than the ${(0,noise_format/* formatCount */.B4)(MAX_SCORED_SAMPLES)} the gate reads`);
        }
        const untrusted = untrustedListing(run, listing);
        if (untrusted)
            return unusable(untrusted);
        const skipped = listing.skipped > 0
            ? `${listing.skipped} listed samples left out (not a sample, or no model, task or sample_index to place it by)`
            : null;
        deps.logger.info(`Read ${listing.samples.length} completed sample(s) of run ${run.id} in ${listing.pages} page(s) for the error bars`);
        const index = indexSamples(listing.samples);
        const models = run.models.length > 0 ? run.models : [...index.keys()];
        return { ok: true, runId: run.id, index, models, read: read(listing.samples.length, skipped) };
    }
    catch (error) {
        if (!(error instanceof errors/* ApiError */.hD) || error instanceof errors/* AbortedError */.oM)
            throw error;
        const why = client.redact(error.message);
        deps.logger.warning(`Could not read the samples of run ${run.id}; its metrics are judged on their reported values: ${why}`);
        return unusable(`the samples of run ${run.id} could not be read: ${why}`);
    }
}
/**
 * Why a listing is not what was asked for (this run's completed samples), if it is not: a sample that says it is
 * another run's, failed or of another status, or that answers for a model the run did not evaluate. The rest of
 * such a listing is not trusted either: every metric of the run is judged on its reported value.
 */
function untrustedListing(run, listing) {
    const { foreign } = listing;
    if (foreign > 0) {
        const claim = foreign === 1 ? 'says it is' : 'say they are';
        return `the samples listed for run ${run.id} are not all its completed samples: ${(0,noise_format/* formatCount */.B4)(foreign)} ${claim} another run’s, failed, or of another status`;
    }
    if (run.models.length === 0)
        return undefined;
    const evaluated = new Set(run.models);
    const strangers = listing.samples.filter((s) => !evaluated.has(s.model)).length;
    if (strangers === 0)
        return undefined;
    const which = strangers === 1 ? 'answers' : 'answer';
    return `the samples listed for run ${run.id} are not all its completed samples: ${(0,noise_format/* formatCount */.B4)(strangers)} ${which} for a model the run did not evaluate`;
}
function indexSamples(samples) {
    const index = new Map();
    for (const sample of samples) {
        let tasks = index.get(sample.model);
        if (!tasks)
            index.set(sample.model, (tasks = new Map()));
        const list = tasks.get(sample.taskId);
        if (list)
            list.push(sample);
        else
            tasks.set(sample.taskId, [sample]);
    }
    return index;
}

;// CONCATENATED MODULE: ./src/judge/noise-verdict.ts

/**
 * Within noise: with `report`, the point verdict is not what the interval says (a pass it does not support, a fail
 * it does not show); with `gate`, the interval straddles the limit. An entry without an interval never is.
 */
function isWithinNoise(entry, mode) {
    if (entry.decision === undefined)
        return false;
    return mode === 'report' ? !supportsPoint(entry.pointOk, entry.decision) : entry.decision === 'uncertain';
}
/** A path's verdict with `noise: gate`: its interval's decision (`uncertain` as the input says), else its point verdict. */
function pathVerdict(entry, uncertain) {
    if (entry.decision === undefined)
        return entry.pointOk ? 'pass' : 'fail';
    return applyUncertain(entry.decision, uncertain);
}
/**
 * Settles one metric criterion (issue 16, rule 6): attaches its statistics, and with `gate` replaces its verdict by
 * the intervals' (any path failing fails it; otherwise any inconclusive path makes it inconclusive). `structural`:
 * the criterion fails (or passes) for a reason no interval speaks to (a missing or ambiguous metric, a value that is
 * not a number): its point verdict stands, as with `noise: off`. Returns the verdict and whether it is within noise.
 */
function settleCriterion(criterion, entries, settings, structural) {
    for (const entry of entries)
        entry.statistics.uncertain = isWithinNoise(entry, settings.mode);
    criterion.statistics = entries.map((e) => e.statistics);
    const uncertain = (e) => e.statistics.uncertain;
    if (structural) {
        criterion.within_noise = false;
        return { verdict: criterion.passed ? 'pass' : 'fail', withinNoise: false };
    }
    if (settings.mode === 'report') {
        const failing = entries.filter((e) => !e.pointOk);
        const withinNoise = criterion.passed ? entries.some(uncertain) : failing.length > 0 && failing.every(uncertain);
        criterion.within_noise = withinNoise;
        return { verdict: criterion.passed ? 'pass' : 'fail', withinNoise };
    }
    const verdicts = entries.map((e) => pathVerdict(e, settings.uncertain));
    const verdict = verdicts.includes('fail') ? 'fail' : verdicts.includes('inconclusive') ? 'inconclusive' : 'pass';
    // A fail on evidence (an interval wholly beyond the limit, or a reported value) is not within noise.
    const failsOnEvidence = entries.some((e, i) => verdicts[i] === 'fail' && !uncertain(e));
    const withinNoise = verdict === 'pass' ? entries.some(uncertain) : verdict === 'fail' ? !failsOnEvidence : true;
    criterion.passed = verdict === 'pass';
    criterion.within_noise = withinNoise;
    if (verdict === 'inconclusive')
        criterion.inconclusive = true;
    return { verdict, withinNoise };
}
/** The reason line for a verdict `uncertain` decided: the criterion as the reason shows it, and what it counted as. */
function uncertainFailure(criterion, uncertain) {
    const counted = uncertain === 'inconclusive' ? 'undecided (uncertain: inconclusive)' : 'counted as a failure (uncertain: fail)';
    return `${criterion.name}: ${criterion.actual}, allowed ${criterion.allowed}: within noise, ${counted}`;
}

// EXTERNAL MODULE: ./src/judge/thresholds.ts
var judge_thresholds = __webpack_require__(24799);
;// CONCATENATED MODULE: ./src/judge/noise.ts










async function judgeNoise(session, run, targets, settings) {
    const { confidence } = settings;
    const view = (0,metrics/* readMetrics */.Uw)(run.metrics);
    const thresholds = targets.thresholds.map(({ threshold, criterion }) => ({
        threshold,
        criterion,
        judged: (0,judge_thresholds/* thresholdRows */.n$)(view, threshold),
    }));
    const regressions = targets.regressions.map(({ target, criterion }) => ({ criterion, judged: (0,baseline/* regressionRows */.$N)(target) }));
    const thresholdPaths = thresholds.flatMap((t) => ('rows' in t.judged ? t.judged.rows.filter(hasValue).map((r) => r.path) : []));
    const regressionRowsAll = regressions.flatMap((r) => ('rows' in r.judged ? r.judged.rows : []));
    const reads = [];
    const runSamples = await samplesFor(session, run, 'run', [...thresholdPaths, ...regressionRowsAll.map((r) => r.c.path)], reads);
    const judged = thresholds.map(({ threshold, criterion, judged: rows }) => {
        const entries = 'rows' in rows ? rows.rows.filter(hasValue).map((row) => thresholdEntry(criterion, row, threshold, runSamples, confidence)) : [];
        const structural = !('rows' in rows) || rows.rows.some((r) => !hasValue(r));
        return { criterion, entries, structural, actual: (decided, mode) => thresholdText(rows, entries, decided, mode) };
    });
    // The run's side of every regression path first: the baseline is read only when one of them can be used.
    const runSide = new Map(regressionRowsAll.map((row) => [row, samplesOfPath(runSamples, row.c.path, row.c.current)]));
    const usable = regressionRowsAll.filter((row) => runSide.get(row)?.ok);
    const baselineSamples = usable.length > 0 && targets.baseline
        ? await samplesFor(session, targets.baseline, 'baseline', usable.map((r) => r.c.path), reads)
        : undefined;
    for (const { criterion, judged: rows } of regressions) {
        const entries = 'rows' in rows ? rows.rows.map((row) => regressionFor(criterion, row, runSide, baselineSamples, confidence)) : [];
        judged.push({
            criterion,
            entries,
            structural: !('rows' in rows),
            actual: (decided, mode) => regressionText(rows, entries, decided, mode),
        });
    }
    return settle(judged, settings, reads);
}
function hasValue(row) {
    return row.value !== undefined;
}
/** Reads a run's samples, keeping only the metric ids of `paths` (a path's last name, before a value leaf). */
async function samplesFor(session, run, role, paths, reads) {
    const metricIds = new Set(paths.map((path) => (0,metrics/* splitMetricPath */.CY)(path).metric));
    const samples = paths.length === 0
        ? {
            ok: false,
            runId: run.id,
            reason: 'no metric path to judge',
            read: { run_id: run.id, role, samples: null, requests: 0, note: null },
        }
        : await readRunSamples(session, run, role, metricIds);
    if (paths.length > 0)
        reads.push(samples);
    return samples;
}
function regressionFor(criterion, row, runSide, baseline, confidence) {
    const now = runSide.get(row) ?? { ok: false, reason: 'not judged' };
    const before = !now.ok
        ? { ok: false, reason: 'not read (the run’s own samples could not be used)' }
        : baseline
            ? samplesOfPath(baseline, row.c.path, row.c.baseline)
            : { ok: false, reason: 'no baseline run' };
    return regressionEntry(criterion, row, now, before, confidence);
}
/** Holm-Bonferroni over every interval-judged entry, then each criterion settled, its Actual cell and reason rebuilt. */
function settle(judged, settings, reads) {
    const all = judged.flatMap((j) => j.entries);
    const tested = all.filter((e) => e.judgement !== undefined);
    const holm = holmBonferroni(tested.map((e) => e.judgement), holmAlpha(settings.confidence));
    const decided = new Map(all.map((e) => [e, { ...e, decision: e.judgement?.decision }]));
    tested.forEach((e, i) => (decided.get(e).decision = holm[i].decision));
    for (const j of judged) {
        const entries = j.entries.map((e) => decided.get(e));
        const { verdict, withinNoise } = settleCriterion(j.criterion, entries, settings, j.structural);
        if (entries.some((e) => e.decision !== undefined))
            j.criterion.actual = j.actual(decided, settings.mode);
        if (settings.mode === 'gate' && withinNoise && verdict !== 'pass')
            j.criterion.failure = uncertainFailure(j.criterion, settings.uncertain);
    }
    const changed = tested.map((e, i) => ({ entry: e, holm: holm[i] })).filter((x) => x.holm.changed);
    return {
        mode: settings.mode === 'gate' ? 'gate' : 'report',
        confidence: settings.confidence,
        uncertain: settings.uncertain,
        samples: reads.map((r) => r.read),
        comparisons: tested.length,
        notes: [...noiseNotes(reads, all, settings), ...holmNotes(changed, tested.length, settings)],
        deltas: dedupeByPath(all.filter((e) => e.kind === 'regression' && e.statistics.basis === 'samples').map((e) => e.statistics)),
    };
}
function dedupeByPath(items) {
    const seen = new Set();
    return items.filter((item) => !seen.has(item.path) && seen.add(item.path));
}
/** Whether a path is listed as passing in the Actual cell (failing ones first): by its point verdict, or with `gate` by its interval. */
function shownOk(entry, pointOk, mode) {
    return mode === 'gate' && entry?.decision !== undefined ? entry.decision === 'pass' : pointOk;
}
function thresholdText(rows, entries, decided, mode) {
    if (!('rows' in rows))
        return rows.problem;
    const byPath = new Map(entries.map((e) => [e.path, decided.get(e)]));
    return (0,judge_thresholds/* thresholdActual */.eb)(rows.rows.map((row) => {
        const entry = byPath.get(row.path);
        const s = entry?.statistics;
        const text = s?.basis === 'samples' ? (0,noise_format/* formatInterval */.vy)(s.estimate, s.low, s.high) : row.text;
        return { path: row.path, text, ok: shownOk(entry, row.ok, mode) };
    }));
}
function regressionText(rows, entries, decided, mode) {
    if (!('rows' in rows))
        return rows.problem;
    const byPath = new Map(entries.map((e) => [e.path, decided.get(e)]));
    return (0,baseline/* regressionActual */.Gl)(rows.rows.map((row) => {
        const entry = byPath.get(row.c.path);
        const s = entry?.statistics;
        const extra = s?.basis === 'samples' ? ` ${(0,noise_format/* formatBounds */.n6)(s.low, s.high)}` : undefined;
        return { c: row.c, ok: shownOk(entry, row.ok, mode), extra };
    }));
}


/***/ })

};
