export const id = 407;
export const ids = [407];
export const modules = {

/***/ 43994:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KX: () => (/* binding */ MAX_JSON_DEPTH),
/* harmony export */   QV: () => (/* binding */ jsonDepth),
/* harmony export */   Rj: () => (/* binding */ parseBoundedJson),
/* harmony export */   YK: () => (/* binding */ MAX_BODY_BYTES)
/* harmony export */ });
/** Largest response body the gate reads: anything bigger is refused while it streams in. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Deepest JSON nesting the gate accepts; deeper answers are unusable (nothing the API documents nests so far). */
const MAX_JSON_DEPTH = 64;

/**
 * The deepest nesting of objects and arrays in a JSON text, in one linear pass without recursion
 * (so it cannot overflow the stack, however deep the text). Brackets inside strings do not count.
 * Stops counting once `stopAbove` is passed.
 */
function jsonDepth(text, stopAbove = Number.POSITIVE_INFINITY) {
    let depth = 0;
    let deepest = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
            if (c === 0x5c)
                i++; // backslash: the next character is escaped
            else if (c === 0x22)
                inString = false;
        }
        else if (c === 0x22) {
            inString = true;
        }
        else if (c === 0x7b || c === 0x5b) {
            depth++;
            if (depth > deepest) {
                deepest = depth;
                if (deepest > stopAbove)
                    return deepest;
            }
        }
        else if (c === 0x7d || c === 0x5d) {
            depth--;
        }
    }
    return deepest;
}
/** JSON.parse with the depth checked first: a too-deep answer never reaches code that recurses over it. */
function parseBoundedJson(text, maxDepth = MAX_JSON_DEPTH) {
    if (jsonDepth(text, maxDepth) > maxDepth)
        return { ok: false, problem: `JSON nested deeper than ${maxDepth} levels` };
    try {
        return { ok: true, value: JSON.parse(text) };
    }
    catch {
        return { ok: false, problem: 'body is not JSON' };
    }
}


/***/ }),

/***/ 78253:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  m4: () => (/* binding */ API_PREFIX),
  rK: () => (/* binding */ DEFAULT_API_URL),
  X0: () => (/* binding */ EvalsClient)
});

// UNUSED EXPORTS: CREATE_ANSWER_GRACE_MS

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(46752);
// EXTERNAL MODULE: ./src/core/log.ts
var log = __webpack_require__(44325);
// EXTERNAL MODULE: ./src/safety/one-line.ts
var one_line = __webpack_require__(33325);
// EXTERNAL MODULE: ./src/safety/redact.ts
var redact = __webpack_require__(16713);
// EXTERNAL MODULE: ./src/api/retry.ts
var retry = __webpack_require__(67018);
// EXTERNAL MODULE: ./src/api/errors.ts
var errors = __webpack_require__(53249);
// EXTERNAL MODULE: ./src/api/models.ts
var models = __webpack_require__(83816);
;// CONCATENATED MODULE: ./src/api/samples.ts

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A string as is; any other JSON value (a chat transcript, an object) as JSON text; nothing as undefined. */
function samples_text(value) {
    if (value === undefined || value === null)
        return undefined;
    return typeof value === 'string' ? value : JSON.stringify(value);
}
function sampleError(value) {
    if (typeof value === 'string')
        return { code: undefined, message: value };
    if (!isObject(value))
        return { code: undefined, message: undefined };
    // `error` is an untyped object: take the usual fields, or show the whole of it.
    const code = samples_text(value.code ?? value.type);
    const message = samples_text(value.message) ?? (code === undefined && Object.keys(value).length > 0 ? JSON.stringify(value) : undefined);
    return { code, message };
}
function parseSample(value) {
    const error = sampleError(value.error);
    const index = value.sample_index;
    return {
        id: typeof value.id === 'string' ? value.id : undefined,
        taskId: samples_text(value.task_id),
        model: samples_text(value.model),
        sampleIndex: typeof index === 'number' && Number.isInteger(index) && index >= 0 ? index : undefined,
        errorCode: error.code,
        errorMessage: error.message,
        prompt: samples_text(value.prompt),
        output: samples_text(value.output_text ?? value.extracted_output),
    };
}
function parseSampleList(value, endpoint) {
    if (!isObject(value))
        throw new errors/* ApiProtocolError */.BP(endpoint, 'list response is not a JSON object');
    if (!Array.isArray(value.data))
        throw new errors/* ApiProtocolError */.BP(endpoint, 'list response has no "data" array');
    const objects = value.data.filter(isObject);
    return {
        data: objects.map(parseSample),
        hasMore: value.has_more === true,
        unreadable: value.data.length - objects.length,
    };
}

// EXTERNAL MODULE: ./src/core/ids.ts
var ids = __webpack_require__(89921);
;// CONCATENATED MODULE: ./src/api/score-page.ts


/** Longest model or task name used as a key; a longer one is no name the suite declared. */
const MAX_NAME_CHARS = 256;
/** Stand-in for a score that is text (its content is never read: a score sent as text is not a number). */
const TEXT_SCORE = '(text)';
/** Stand-in for a score that is an object or a list. */
const OTHER_SCORE = Object.freeze({});
const score_page_isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/**
 * Parses one page of `GET /runs/{id}/samples?status=completed`. The envelope and every sample id must be usable
 * (ids go back into the next request's URL); a page longer than `limit` means the server ignored the query and is
 * refused. Samples whose own fields say they are not a completed sample of this run are skipped and counted.
 */
function parseScorePage(value, endpoint, query) {
    if (!score_page_isObject(value))
        throw new errors/* ApiProtocolError */.BP(endpoint, 'list response is not a JSON object');
    if (!Array.isArray(value.data))
        throw new errors/* ApiProtocolError */.BP(endpoint, 'list response has no "data" array');
    if (value.data.length > query.limit) {
        throw new errors/* ApiProtocolError */.BP(endpoint, `a page of ${value.data.length} samples, more than the limit of ${query.limit} asked for`);
    }
    const samples = [];
    let skipped = 0;
    let foreign = 0;
    let lastId;
    for (const item of value.data) {
        if (score_page_isObject(item) && item.id !== undefined) {
            if (!(0,ids/* isValidId */.Al)(item.id))
                throw new errors/* ApiProtocolError */.BP(endpoint, `a sample id is ${(0,ids/* describeBadId */.wc)(item.id)}`);
            lastId = item.id;
        }
        const sample = score_page_isObject(item) ? scoredSample(item, query) : undefined;
        if (sample)
            samples.push(sample);
        else
            skipped++;
        if (score_page_isObject(item) && !claimsThisRun(item, query.runId))
            foreign++;
    }
    const lastIdField = value.last_id;
    if (lastIdField !== undefined && lastIdField !== null && !(0,ids/* isValidId */.Al)(lastIdField)) {
        throw new errors/* ApiProtocolError */.BP(endpoint, `"last_id" is ${(0,ids/* describeBadId */.wc)(lastIdField)}`);
    }
    return {
        samples,
        listed: value.data.length,
        skipped,
        foreign,
        hasMore: value.has_more === true,
        next: (0,ids/* isValidId */.Al)(lastIdField) ? lastIdField : lastId,
    };
}
/** Whether a listed sample's own fields allow it to be a completed sample of this run (absent fields do). */
function claimsThisRun(item, runId) {
    const { status, run_id: itsRun, error } = item;
    // The status filter is the server's: a sample that says it is something else, or failed, does not count.
    if (status !== undefined && status !== 'completed')
        return false;
    if (error !== undefined && error !== null)
        return false;
    return itsRun === undefined || itsRun === runId;
}
function scoredSample(item, query) {
    const { id, model, task_id: taskId, sample_index: sampleIndex } = item;
    if (!(0,ids/* isValidId */.Al)(id))
        return undefined;
    if (!claimsThisRun(item, query.runId))
        return undefined;
    if (!isName(model) || !isName(taskId))
        return undefined;
    if (typeof sampleIndex !== 'number' || !Number.isSafeInteger(sampleIndex) || sampleIndex < 0)
        return undefined;
    return { id, model, taskId, sampleIndex, scores: wantedScores(item.scores, query.metricIds) };
}
function isName(value) {
    return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME_CHARS;
}
/** The scores asked for, as numbers, booleans or null as sent; text and objects by a stand-in (never parsed). */
function wantedScores(scores, metricIds) {
    const kept = Object.create(null);
    if (!score_page_isObject(scores))
        return kept;
    for (const id of metricIds) {
        // Own keys only: `constructor` or `__proto__` must not find Object.prototype's.
        if (!Object.hasOwn(scores, id))
            continue;
        const value = scores[id];
        kept[id] = typeof value === 'string' ? TEXT_SCORE : typeof value === 'object' && value !== null ? OTHER_SCORE : value;
    }
    return kept;
}

// EXTERNAL MODULE: ./src/safety/bounded-body.ts
var bounded_body = __webpack_require__(86812);
// EXTERNAL MODULE: ./src/api/body.ts
var api_body = __webpack_require__(43994);
// EXTERNAL MODULE: ./src/api/redirect.ts
var redirect = __webpack_require__(4354);
;// CONCATENATED MODULE: ./src/api/schedule-model.ts


// One id form for every id, from the API or an input (src/core/ids.ts); re-exported for the schedule modules.

/** Unix seconds the gate can reason with: 2001-09-09 to 5138. Milliseconds, negatives and NaN are not. */
function usableUnixSeconds(value) {
    return typeof value === 'number' && Number.isFinite(value) && value >= 1e9 && value <= 1e11 ? value : undefined;
}
const schedule_model_isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const schedule_model_text = (value) => (typeof value === 'string' && value !== '' ? value : undefined);
function time(value) {
    return value === null ? null : usableUnixSeconds(value);
}
/**
 * Reads an `eval.schedule`. Only a body that is not a schedule at all is an error here; fields the
 * verdict depends on are kept as "unknown" (undefined) so the judge can say which one was unusable.
 */
function parseSchedule(value, endpoint) {
    const problem = (what) => new errors/* ApiProtocolError */.BP(endpoint, `schedule ${what}`);
    if (!schedule_model_isObject(value))
        throw problem('is not a JSON object');
    if (!(0,ids/* isValidId */.Al)(value.id))
        throw problem('has no valid "id"');
    if (value.object !== undefined && value.object !== 'eval.schedule') {
        throw problem(`"${value.id}" is not an eval.schedule object`);
    }
    const metadata = Object.create(null);
    if (schedule_model_isObject(value.metadata)) {
        for (const [key, raw] of Object.entries(value.metadata))
            metadata[key] = typeof raw === 'string' ? raw : JSON.stringify(raw);
    }
    const interval = value.interval_seconds;
    const version = value.suite_version;
    return {
        id: value.id,
        name: schedule_model_text(value.name),
        suiteId: (0,ids/* isValidId */.Al)(value.suite_id) ? value.suite_id : undefined,
        suiteVersion: version === null ? null : typeof version === 'number' && Number.isInteger(version) ? version : undefined,
        cron: schedule_model_text(value.cron),
        intervalSeconds: typeof interval === 'number' && Number.isInteger(interval) && interval > 0 ? interval : undefined,
        timezone: schedule_model_text(value.timezone),
        enabled: typeof value.enabled === 'boolean' ? value.enabled : undefined,
        lastRunId: value.last_run_id === null ? null : (0,ids/* isValidId */.Al)(value.last_run_id) ? value.last_run_id : undefined,
        lastRunAt: time(value.last_run_at),
        lastRunStatus: value.last_run_status === null ? null : schedule_model_text(value.last_run_status),
        nextRunAt: time(value.next_run_at),
        metadata,
    };
}

;// CONCATENATED MODULE: ./src/api/suite-model.ts


const suite_model_isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/**
 * Reads an `eval.suite` tolerantly: any extra field, and a missing or odd `name`, are fine. Only a body that is not
 * a suite at all (not an object, no valid id, another `object` type) is an error.
 */
function parseSuite(value, endpoint) {
    const problem = (what) => new errors/* ApiProtocolError */.BP(endpoint, `suite ${what}`);
    if (!suite_model_isObject(value))
        throw problem('is not a JSON object');
    if (!(0,ids/* isValidId */.Al)(value.id))
        throw problem('has no valid "id"');
    if (value.object !== undefined && value.object !== 'eval.suite')
        throw problem(`"${value.id}" is not an eval.suite object`);
    return { id: value.id, name: typeof value.name === 'string' && value.name !== '' ? value.name : undefined };
}

;// CONCATENATED MODULE: ./src/api/client.ts













const DEFAULT_API_URL = 'https://apigw.mka1.com';
const API_PREFIX = '/api/v1/llm/evals';
const BODY_EXCERPT_CHARS = 200;
const NETWORK_DETAIL_CHARS = 300;
/** An error body is only read for its excerpt. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** After the runner's signal, how long the answer to POST /runs is still waited for: the run it names must be reported. */
const CREATE_ANSWER_GRACE_MS = 2_000;
/** Typed access to the MKA1 evals endpoints the gate uses. Retries live in withRetries, nowhere else. */
class EvalsClient {
    stats;
    options;
    baseUrl;
    etags = new Map();
    /** Removes the key from any text that may have come back from the server. */
    redact;
    constructor(options, stats = { requests: 0, retries: 0, notModified: 0 }) {
        this.options = options;
        this.stats = stats;
        this.baseUrl = options.baseUrl.replace(/\/+$/, '');
        this.redact = (0,redact/* redactorFor */.sD)([options.apiKey, ...(options.otherSecrets ?? [])]);
    }
    /**
     * The same client with another deadline and no abort signal, sharing the request counts:
     * used to cancel a run after the gate itself timed out or was interrupted.
     */
    withDeadline(deadline) {
        return new EvalsClient({ ...this.options, deadline, signal: undefined }, this.stats);
    }
    async listRuns(params) {
        const query = new URLSearchParams({ suite_id: params.suiteId, limit: String(params.limit ?? 100) });
        if (params.status)
            query.set('status', params.status);
        if (params.after)
            query.set('after', params.after);
        const endpoint = `GET ${API_PREFIX}/runs`;
        return this.call(endpoint, 'GET', `${API_PREFIX}/runs?${query.toString()}`, {}, (answer) => (0,models/* parseRunList */.H9)(answer.json, endpoint));
    }
    /** Sends If-None-Match when the API gave an ETag for this run, and reuses the cached run on 304. */
    async getRun(runId) {
        const path = `${API_PREFIX}/runs/${encodeURIComponent(runId)}`;
        const endpoint = `GET ${API_PREFIX}/runs/${runId}`;
        const cached = this.etags.get(runId);
        return this.call(endpoint, 'GET', path, { headers: cached ? { 'if-none-match': cached.etag } : {} }, (answer) => {
            if (answer.status === 304 && cached) {
                this.stats.notModified++;
                return cached.run;
            }
            const run = (0,models/* parseRun */.zZ)(answer.json, endpoint);
            if (run.id !== runId)
                throw new errors/* ApiProtocolError */.BP(endpoint, `asked for run "${runId}" but got "${run.id}"`);
            if (answer.etag)
                this.etags.set(runId, { etag: answer.etag, run });
            return run;
        });
    }
    async getSchedule(scheduleId) {
        const endpoint = `GET ${API_PREFIX}/schedules/${scheduleId}`;
        return this.call(endpoint, 'GET', `${API_PREFIX}/schedules/${encodeURIComponent(scheduleId)}`, {}, (answer) => {
            const schedule = parseSchedule(answer.json, endpoint);
            if (schedule.id !== scheduleId)
                throw new errors/* ApiProtocolError */.BP(endpoint, `asked for schedule "${scheduleId}" but got "${schedule.id}"`);
            return schedule;
        });
    }
    /**
     * Reads one suite, once (no retries): the gate asks only to tell an unknown suite (404) from one that has no run yet,
     * and a failed attempt just leaves that question open.
     */
    async getSuite(suiteId) {
        const endpoint = `GET ${API_PREFIX}/suites/${suiteId}`;
        return this.call(endpoint, 'GET', `${API_PREFIX}/suites/${encodeURIComponent(suiteId)}`, { once: true }, (answer) => {
            const suite = parseSuite(answer.json, endpoint);
            if (suite.id !== suiteId)
                throw new errors/* ApiProtocolError */.BP(endpoint, `asked for suite "${suiteId}" but got "${suite.id}"`);
            return suite;
        });
    }
    async cancelRun(runId) {
        const path = `${API_PREFIX}/runs/${encodeURIComponent(runId)}/cancel`;
        const endpoint = `POST ${API_PREFIX}/runs/${runId}/cancel`;
        return this.call(endpoint, 'POST', path, {}, (answer) => (0,models/* parseRun */.zZ)(answer.json, endpoint));
    }
    /**
     * Starts a run. One attempt only: after a failure the caller must find out whether the run was
     * created before asking again, or one retry could start two runs.
     */
    async createRun(body) {
        const endpoint = `POST ${API_PREFIX}/runs`;
        const options = { body, once: true, abortGraceMs: CREATE_ANSWER_GRACE_MS };
        return this.call(endpoint, 'POST', `${API_PREFIX}/runs`, options, (answer) => (0,models/* parseRun */.zZ)(answer.json, endpoint));
    }
    /** Asks MKA1 to rerun the run's failed samples. One attempt only: the caller re-reads the run before asking again. */
    async rerunFailed(runId) {
        const path = `${API_PREFIX}/runs/${encodeURIComponent(runId)}/rerun-failed`;
        const endpoint = `POST ${API_PREFIX}/runs/${runId}/rerun-failed`;
        return this.call(endpoint, 'POST', path, { once: true }, (answer) => {
            const run = (0,models/* parseRun */.zZ)(answer.json, endpoint);
            if (run.id !== runId)
                throw new errors/* ApiProtocolError */.BP(endpoint, `asked to rerun run "${runId}" but got "${run.id}"`);
            return run;
        });
    }
    /** One page of a run's samples (the gate reads one page: it shows a bounded excerpt, not every sample). */
    async listSamples(runId, params) {
        const query = new URLSearchParams({ limit: String(params.limit ?? 100) });
        if (params.status)
            query.set('status', params.status);
        const endpoint = `GET ${API_PREFIX}/runs/${runId}/samples`;
        const path = `${API_PREFIX}/runs/${encodeURIComponent(runId)}/samples?${query.toString()}`;
        // Evidence for the summary, not the verdict: one retry at most.
        return this.call(endpoint, 'GET', path, { maxAttempts: 2 }, (answer) => parseSampleList(answer.json, endpoint));
    }
    /**
     * One page of a run's completed samples for the statistics (issue 16), reduced to the scores of `metricIds`.
     * Unlike the failed-samples excerpt these may decide a verdict: every retry of the gate's policy, within its deadline.
     */
    async listScorePage(runId, params) {
        const query = new URLSearchParams({ status: 'completed', limit: String(params.limit) });
        if (params.after)
            query.set('after', params.after);
        const endpoint = `GET ${API_PREFIX}/runs/${runId}/samples`;
        const path = `${API_PREFIX}/runs/${encodeURIComponent(runId)}/samples?${query.toString()}`;
        return this.call(endpoint, 'GET', path, {}, (answer) => parseScorePage(answer.json, endpoint, { runId, limit: params.limit, metricIds: params.metricIds }));
    }
    /**
     * One call: attempts (with retries unless `once`), each parsed by `parse` inside the retry loop,
     * so an unusable 2xx answer is retried like a 5xx.
     */
    call(endpoint, method, path, options, parse) {
        const { clock, sleep, deadline, signal } = this.options;
        const once = async () => {
            const answer = await this.attempt(endpoint, method, path, options);
            // An answer that took until the deadline to read is not worth the CPU to parse: the gate must end now.
            if (clock.now() >= deadline)
                throw new errors/* DeadlineExceededError */.Kt(endpoint, 'the timeout was reached while reading the answer');
            return parse(answer);
        };
        if (options.once)
            return once();
        const policy = this.options.retry ?? retry/* DEFAULT_RETRY_POLICY */.cO;
        return (0,retry/* withRetries */.LH)(endpoint, once, {
            policy: options.maxAttempts ? { ...policy, maxAttempts: Math.min(policy.maxAttempts, options.maxAttempts) } : policy,
            clock,
            sleep,
            random: this.options.random ?? Math.random,
            deadline,
            signal,
            onRetry: ({ attempt, delayMs, error }) => {
                this.stats.retries++;
                (this.options.logger ?? log/* silentLogger */.q).info(`${this.redact(error.message)}; retry ${attempt} in ${(delayMs / 1000).toFixed(1)}s`);
            },
        });
    }
    async attempt(endpoint, method, path, options) {
        const { clock, deadline, signal, requestTimeoutMs } = this.options;
        if (signal?.aborted)
            throw new errors/* AbortedError */.oM(endpoint, String(signal.reason ?? 'aborted'));
        const remaining = deadline - clock.now();
        if (remaining <= 0)
            throw new errors/* DeadlineExceededError */.Kt(endpoint, 'the timeout was reached before the request could start');
        const budget = Math.min(requestTimeoutMs, remaining);
        const timeout = AbortSignal.timeout(budget);
        const stop = signal && options.abortGraceMs ? delayedAbort(signal, options.abortGraceMs) : { signal, dispose: () => { } };
        const combined = stop.signal ? AbortSignal.any([stop.signal, timeout]) : timeout;
        const body = options.body;
        const headers = {
            accept: 'application/json',
            authorization: `Bearer ${this.options.apiKey}`,
            'user-agent': this.options.userAgent,
            ...options.headers,
        };
        if (this.options.onBehalfOf)
            headers['x-on-behalf-of'] = this.options.onBehalfOf;
        if (method === 'POST')
            headers['content-type'] = 'application/json';
        this.stats.requests++;
        try {
            const response = await (0,undici.request)(`${this.baseUrl}${path}`, {
                method,
                headers,
                body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
                dispatcher: this.options.dispatcher,
                signal: combined,
                headersTimeout: budget,
                bodyTimeout: budget,
            });
            const etagHeader = response.headers.etag;
            const etag = typeof etagHeader === 'string' ? etagHeader : undefined;
            const ok = response.statusCode >= 200 && response.statusCode < 300;
            const read = await (0,bounded_body/* readBoundedBody */.c)(response.body, ok ? api_body/* MAX_BODY_BYTES */.YK : MAX_ERROR_BODY_BYTES);
            if (response.statusCode === 304)
                return { status: 304, json: undefined, etag };
            if (!ok) {
                const retryAfter = response.headers['retry-after'];
                throw new errors/* ApiHttpError */.X_({
                    endpoint,
                    status: response.statusCode,
                    bodyExcerpt: read.ok ? this.excerpt(read.text) : '(body too large to show)',
                    retryAfterMs: (0,retry/* parseRetryAfter */.mu)(typeof retryAfter === 'string' ? retryAfter : undefined, Date.now()),
                    redirect: redirect/* REDIRECT_STATUSES */.a.has(response.statusCode)
                        ? (0,redirect/* redirectTarget */.E)(response.headers.location, `${this.baseUrl}${path}`, this.redact)
                        : undefined,
                });
            }
            if (!read.ok)
                throw new errors/* ApiProtocolError */.BP(endpoint, `body larger than ${api_body/* MAX_BODY_BYTES */.YK / 1024 / 1024} MiB, refused`);
            const parsed = (0,api_body/* parseBoundedJson */.Rj)(read.text);
            if (!parsed.ok) {
                const excerpt = parsed.problem === 'body is not JSON' ? `: ${this.excerpt(read.text) || '(empty)'}` : '';
                throw new errors/* ApiProtocolError */.BP(endpoint, `${parsed.problem}${excerpt}`);
            }
            return { status: response.statusCode, json: parsed.value, etag };
        }
        catch (error) {
            if (error instanceof errors/* ApiHttpError */.X_ || error instanceof errors/* ApiProtocolError */.BP)
                throw error;
            if (signal?.aborted)
                throw new errors/* AbortedError */.oM(endpoint, String(signal.reason ?? 'aborted'));
            // undici's own headers/body timers run on the same budget as `timeout` and may fire a moment before it:
            // either way the budget ran out, and the deadline decides what that means (not which timer won the race).
            if (timeout.aborted || isBudgetTimeout(error)) {
                if (budget >= remaining) {
                    throw new errors/* DeadlineExceededError */.Kt(endpoint, 'the timeout was reached while waiting for the answer');
                }
                throw new errors/* ApiNetworkError */.ZN(endpoint, 'REQUEST_TIMEOUT', `no complete answer within ${budget}ms`, { cause: error });
            }
            const code = error.code ?? 'NETWORK_ERROR';
            // One line: OpenSSL's messages end with a line break, which would show as ⏎ in the log.
            const detail = (0,one_line/* oneLine */.T)(error instanceof Error ? error.message : String(error), {
                redact: this.redact,
                flatten: 'all-whitespace',
                trim: true,
                maxChars: NETWORK_DETAIL_CHARS,
            });
            throw new errors/* ApiNetworkError */.ZN(endpoint, code, detail, { cause: error, proxyStatus: proxyTunnelStatus(error) });
        }
        finally {
            stop.dispose();
        }
    }
    excerpt(text) {
        return (0,one_line/* oneLine */.T)(text, { redact: this.redact, flatten: 'all-whitespace', trim: true, maxChars: BODY_EXCERPT_CHARS });
    }
}
/** A signal that aborts `graceMs` after `signal` does (a real timer, like the request budget's), and its clean-up. */
function delayedAbort(signal, graceMs) {
    const late = new AbortController();
    let timer;
    const onAbort = () => {
        timer = setTimeout(() => late.abort(signal.reason), graceMs);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    return {
        signal: late.signal,
        dispose: () => {
            signal.removeEventListener('abort', onAbort);
            clearTimeout(timer);
        },
    };
}
/** The status a proxy answered to CONNECT, when undici says that is why the tunnel failed. */
function proxyTunnelStatus(error) {
    const match = error instanceof Error ? /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/.exec(error.message) : null;
    return match ? Number(match[1]) : undefined;
}
/** undici's headers and body timeouts, set to the request's budget: the budget ran out, like `timeout` aborting. */
function isBudgetTimeout(error) {
    const code = error?.code;
    return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
}


/***/ }),

/***/ 53249:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BP: () => (/* binding */ ApiProtocolError),
/* harmony export */   Kt: () => (/* binding */ DeadlineExceededError),
/* harmony export */   Lz: () => (/* binding */ RetryAfterDeadlineError),
/* harmony export */   X_: () => (/* binding */ ApiHttpError),
/* harmony export */   ZN: () => (/* binding */ ApiNetworkError),
/* harmony export */   hD: () => (/* binding */ ApiError),
/* harmony export */   oM: () => (/* binding */ AbortedError)
/* harmony export */ });
/* unused harmony export networkHintFor */
/* harmony import */ var _redirect_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4354);

/** Base of every failure that talks to MKA1. `endpoint` is `METHOD /path`, never a full URL with secrets. */
class ApiError extends Error {
    endpoint;
    constructor(endpoint, message, options) {
        super(message, options);
        this.endpoint = endpoint;
    }
}
/** The server answered with a non-2xx status. */
class ApiHttpError extends ApiError {
    name = 'ApiHttpError';
    status;
    bodyExcerpt;
    /** Delay the server asked for (Retry-After), already converted to milliseconds. */
    retryAfterMs;
    /** Where a redirect points (already stripped of user info, query and fragment, and redacted). */
    redirect;
    constructor(args) {
        // A redirect's body is a page for browsers: where it points is what matters.
        const excerpt = args.bodyExcerpt && !_redirect_js__WEBPACK_IMPORTED_MODULE_0__/* .REDIRECT_STATUSES */ .a.has(args.status) ? `: ${args.bodyExcerpt}` : '';
        const hint = _redirect_js__WEBPACK_IMPORTED_MODULE_0__/* .REDIRECT_STATUSES */ .a.has(args.status) ? redirectHint(args.redirect) : hintFor(args.status, args.endpoint);
        super(args.endpoint, `${args.endpoint} answered HTTP ${args.status}${excerpt}${hint ? `. ${hint}` : ''}`);
        this.status = args.status;
        this.bodyExcerpt = args.bodyExcerpt;
        this.retryAfterMs = args.retryAfterMs;
        this.redirect = args.redirect;
    }
}
/** No usable answer: refused, reset, DNS, TLS, a proxy that refused the tunnel, or a per-request timeout. */
class ApiNetworkError extends ApiError {
    name = 'ApiNetworkError';
    code;
    /** The HTTP status a proxy answered to CONNECT, when that is why the request failed. */
    proxyStatus;
    constructor(endpoint, code, detail, options) {
        const hint = networkHintFor(code);
        super(endpoint, `${endpoint} failed: ${code} (${detail})${hint ? `. ${hint}` : ''}`, options);
        this.code = code;
        this.proxyStatus = options?.proxyStatus;
    }
}
/**
 * What to do about a network failure that retrying cannot fix, by Node's error code. Each names the likely mistake
 * in `api-url` or the runner's trust store; only an unknown issuer is fixed by adding a CA.
 */
function networkHintFor(code) {
    if (/^(ERR_SSL_)?WRONG_VERSION_NUMBER$/.test(code) || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') {
        return 'The server did not answer in TLS: is it plain http behind an https:// `api-url` (or the wrong port)? Check `api-url`';
    }
    if (/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_UNTRUSTED|CERT_CHAIN_TOO_LONG/.test(code)) {
        return 'The server certificate is not trusted (self-signed or from an unknown CA): for a private CA, set NODE_EXTRA_CA_CERTS to its PEM file in the job env';
    }
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
        return 'The server certificate is for another host: check the host name in `api-url` (a proxy or load balancer may answer for another name)';
    }
    if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
        return "The server certificate is outside its validity dates: the server's operator must renew it (or check the runner's clock), or `api-url` names the wrong server";
    }
    if (code === 'ENOTFOUND')
        return 'The host name does not resolve: check `api-url`';
    return '';
}
/** A redirect is a configuration mistake: `api-url` is an old or outer address of the API. */
function redirectHint(redirect) {
    const where = redirect ? ` to ${redirect.shown}` : ' (without a Location)';
    const fix = redirect?.apiUrl ? `set \`api-url\` to ${redirect.apiUrl}` : "set `api-url` to the API's own address";
    return `\`api-url\` answers with a redirect${where}; the gate does not follow redirects (the key would go along): ${fix}`;
}
/** The server answered 2xx with something the gate cannot trust: not JSON, missing fields, a cursor loop. */
class ApiProtocolError extends ApiError {
    name = 'ApiProtocolError';
    constructor(endpoint, detail) {
        super(endpoint, `${endpoint} returned an unusable response: ${detail}`);
    }
}
/** The overall `timeout` ran out while a request was pending or before it could start. */
class DeadlineExceededError extends ApiError {
    name = 'DeadlineExceededError';
    lastError;
    constructor(endpoint, detail, lastError) {
        super(endpoint, `${endpoint}: ${detail}${lastError ? ` (last error: ${lastError.message})` : ''}`);
        this.lastError = lastError;
    }
}
/**
 * The server asked to be retried later than the deadline allows (Retry-After). Not a timeout:
 * the gate ends at once, inconclusive, and does not cancel the run.
 */
class RetryAfterDeadlineError extends ApiError {
    name = 'RetryAfterDeadlineError';
    lastError;
    constructor(endpoint, detail, lastError) {
        super(endpoint, `${endpoint}: ${detail} (last error: ${lastError.message})`);
        this.lastError = lastError;
    }
}
/** The job was cancelled (SIGINT/SIGTERM) while a request was pending. */
class AbortedError extends ApiError {
    name = 'AbortedError';
    constructor(endpoint, reason) {
        super(endpoint, `${endpoint} interrupted: ${reason}`);
    }
}
/** What to do about a final (non-retryable) status, said where the user will read it. */
function hintFor(status, endpoint) {
    switch (status) {
        case 401:
            return /^POST .*\/runs$/.test(endpoint)
                ? 'Check the `api-key` secret: creating runs (`create-run`) needs a valid key with the `write:evals` scope'
                : 'Check the `api-key` secret. Secrets are not passed to workflows triggered from forks, so the key may be empty there';
        case 403:
            return endpoint.startsWith('POST ')
                ? 'The key is valid but may not change runs: `create-run`, `rerun-failed` and `cancel-run-on` need the `write:evals` scope'
                : 'The key is valid but not allowed: it needs the `read:evals` scope (and `write:evals` to create, rerun or cancel runs)';
        case 404:
            if (/\/suites\/[^/]+/.test(endpoint)) {
                return 'The suite does not exist for this key: check `suite-id` and the team context (`on-behalf-of`)';
            }
            if (/\/schedules\/[^/]+/.test(endpoint)) {
                return 'The schedule does not exist for this key: check `schedule-id` and the team context (`on-behalf-of`)';
            }
            return /\/runs\/[^/]+/.test(endpoint)
                ? 'The run does not exist for this key: check the run id (`run-id` or `baseline-run-id`) and the team context (`on-behalf-of`)'
                : 'Check `api-url`: the evals API was not found there';
        case 400:
        case 422:
            return /^POST .*\/runs$/.test(endpoint)
                ? 'The API rejected the new run: check `suite-id`, `models`, `judge-model`, `embedding-model` and `run-options`'
                : 'The API rejected the request as invalid: check `suite-id` and the run ids';
        default:
            return '';
    }
}


/***/ }),

/***/ 83816:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H9: () => (/* binding */ parseRunList),
/* harmony export */   Hd: () => (/* reexport safe */ _core_run_js__WEBPACK_IMPORTED_MODULE_2__.Hd),
/* harmony export */   zZ: () => (/* binding */ parseRun)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53249);
/* harmony import */ var _core_ids_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(89921);
/* harmony import */ var _core_run_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(28638);



// The run model lives in core/run.ts; this module parses untrusted answers into it, and names it for its callers.

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
// Any whole number: a negative or inconsistent count is judged (inconclusive, naming it), not a reason to keep polling.
const isCount = (value) => typeof value === 'number' && Number.isSafeInteger(value);
/** An optional id field: absent or null is allowed, anything else must be a valid id. */
function checkOptionalId(value, field, problem) {
    const id = value[field];
    if (id !== undefined && id !== null && !(0,_core_ids_js__WEBPACK_IMPORTED_MODULE_1__/* .isValidId */ .Al)(id))
        throw problem(`has a "${field}" that is ${(0,_core_ids_js__WEBPACK_IMPORTED_MODULE_1__/* .describeBadId */ .wc)(id)}`);
}
/**
 * Checks the fields the gate decides on. A run that misses them must never be
 * mistaken for a passing one, so anything off is a protocol error (inconclusive).
 */
function parseRun(value, endpoint) {
    const problem = (what) => new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiProtocolError */ .BP(endpoint, `run ${what}`);
    if (!isObject(value))
        throw problem('is not a JSON object');
    if (value.id === undefined || value.id === '')
        throw problem('has no "id"');
    if (!(0,_core_ids_js__WEBPACK_IMPORTED_MODULE_1__/* .isValidId */ .Al)(value.id))
        throw problem(`has an "id" that is ${(0,_core_ids_js__WEBPACK_IMPORTED_MODULE_1__/* .describeBadId */ .wc)(value.id)}`);
    const where = `"${value.id}"`;
    checkOptionalId(value, 'suite_id', (what) => problem(`${where} ${what}`));
    checkOptionalId(value, 'suite_version_id', (what) => problem(`${where} ${what}`));
    if (typeof value.status !== 'string')
        throw problem(`${where} has no "status"`);
    if (!_core_run_js__WEBPACK_IMPORTED_MODULE_2__/* .RUN_STATUSES */ .LV.includes(value.status)) {
        throw problem(`${where} has unknown status ${/^[a-z_]{1,40}$/.test(value.status) ? `"${value.status}"` : '(not shown)'} (known: ${_core_run_js__WEBPACK_IMPORTED_MODULE_2__/* .RUN_STATUSES */ .LV.join(', ')})`);
    }
    const counts = value.request_counts;
    if (!isObject(counts) || !isCount(counts.total) || !isCount(counts.completed) || !isCount(counts.failed)) {
        throw problem(`${where} has no valid "request_counts" {total, completed, failed}`);
    }
    // Unix seconds; milliseconds or microseconds would sort wrongly and break dates.
    if (typeof value.created_at !== 'number' || !Number.isFinite(value.created_at) || value.created_at < 0 || value.created_at > 1e11) {
        throw problem(`${where} has no "created_at" in unix seconds`);
    }
    const metadata = Object.create(null);
    if (isObject(value.metadata)) {
        for (const [key, raw] of Object.entries(value.metadata)) {
            metadata[key] = typeof raw === 'string' ? raw : JSON.stringify(raw);
        }
    }
    const error = isObject(value.error)
        ? {
            code: typeof value.error.code === 'string' ? value.error.code : undefined,
            message: typeof value.error.message === 'string' ? value.error.message : undefined,
        }
        : typeof value.error === 'string'
            ? { message: value.error }
            : value.error === undefined || value.error === null
                ? null
                : {}; // present but unreadable: still an error, never read as "no error".
    return {
        ...value,
        id: value.id,
        suite_id: (0,_core_ids_js__WEBPACK_IMPORTED_MODULE_1__/* .isValidId */ .Al)(value.suite_id) ? value.suite_id : '',
        status: value.status,
        models: Array.isArray(value.models) ? value.models.filter((m) => typeof m === 'string') : [],
        request_counts: { total: counts.total, completed: counts.completed, failed: counts.failed },
        metrics: value.metrics ?? null,
        error,
        metadata,
        created_at: value.created_at,
    };
}
function parseRunList(value, endpoint) {
    if (!isObject(value))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiProtocolError */ .BP(endpoint, 'list response is not a JSON object');
    if (!Array.isArray(value.data))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiProtocolError */ .BP(endpoint, 'list response has no "data" array');
    if (typeof value.has_more !== 'boolean') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiProtocolError */ .BP(endpoint, 'list response has no boolean "has_more"');
    }
    const data = [];
    const unreadable = [];
    for (const item of value.data) {
        try {
            data.push(parseRun(item, endpoint));
        }
        catch (error) {
            if (!(error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiProtocolError */ .BP))
                throw error;
            const record = isObject(item) ? item : {};
            unreadable.push({
                id: (0,_core_ids_js__WEBPACK_IMPORTED_MODULE_1__/* .isValidId */ .Al)(record.id) ? record.id : undefined,
                metadata: stringMap(record.metadata),
                suiteId: typeof record.suite_id === 'string' ? record.suite_id : undefined,
                status: typeof record.status === 'string' ? record.status : undefined,
                after: data.at(-1)?.id,
                error,
            });
        }
    }
    const lastItem = value.data.at(-1);
    const lastIdRaw = typeof value.last_id === 'string' ? value.last_id : isObject(lastItem) ? lastItem.id : undefined;
    // The cursor goes into the next request's URL: only a valid id may.
    if (value.has_more && lastIdRaw !== undefined && lastIdRaw !== null && lastIdRaw !== '' && !(0,_core_ids_js__WEBPACK_IMPORTED_MODULE_1__/* .isValidId */ .Al)(lastIdRaw)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiProtocolError */ .BP(endpoint, `list response has a "last_id" that is ${(0,_core_ids_js__WEBPACK_IMPORTED_MODULE_1__/* .describeBadId */ .wc)(lastIdRaw)}`);
    }
    const lastId = (0,_core_ids_js__WEBPACK_IMPORTED_MODULE_1__/* .isValidId */ .Al)(lastIdRaw) ? lastIdRaw : null;
    if (value.has_more && !lastId) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiProtocolError */ .BP(endpoint, 'list response says "has_more" but gives no "last_id" to continue from');
    }
    return {
        object: 'list',
        data,
        first_id: (0,_core_ids_js__WEBPACK_IMPORTED_MODULE_1__/* .isValidId */ .Al)(value.first_id) ? value.first_id : (data[0]?.id ?? null),
        last_id: lastId,
        has_more: value.has_more,
        unreadable,
    };
}
function stringMap(value) {
    if (!isObject(value))
        return undefined;
    const entries = Object.entries(value);
    if (!entries.every(([, v]) => typeof v === 'string'))
        return undefined;
    return Object.assign(Object.create(null), value);
}


/***/ }),

/***/ 4354:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ redirectTarget),
/* harmony export */   a: () => (/* binding */ REDIRECT_STATUSES)
/* harmony export */ });
/* harmony import */ var _safety_one_line_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33325);

/** Redirect statuses: the gate does not follow them (the key would be sent wherever they point), it says where they go. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_SHOWN_CHARS = 200;
/**
 * Reads a Location header, which is untrusted (any server, proxy or captive portal on the way can send one): only an
 * http(s) URL is shown, and only its scheme, host, port and path, never user info, query or fragment (they may hold
 * tokens). The URL parser percent-encodes what a path cannot hold, so no line break or control character survives;
 * the logger still neutralizes and the summary still escapes what is shown.
 */
function redirectTarget(location, requestUrl, redact) {
    if (typeof location !== 'string' || location.trim() === '')
        return undefined;
    let url;
    try {
        url = new URL(location.trim(), requestUrl);
    }
    catch {
        return { shown: '(a Location header that is not a URL)', apiUrl: undefined };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        return { shown: '(a Location header that is not an http or https URL)', apiUrl: undefined };
    }
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    const bounded = (text) => (0,_safety_one_line_js__WEBPACK_IMPORTED_MODULE_0__/* .oneLine */ .T)(text, { redact, flatten: 'all-whitespace', maxChars: MAX_SHOWN_CHARS });
    const requestedPath = new URL(requestUrl).pathname;
    const samePathElsewhere = url.pathname.endsWith(requestedPath) && url.href !== new URL(requestedPath, requestUrl).href;
    const apiUrl = samePathElsewhere ? `${url.origin}${url.pathname.slice(0, url.pathname.length - requestedPath.length)}` : undefined;
    return { shown: bounded(url.href), apiUrl: apiUrl === undefined ? undefined : bounded(apiUrl) };
}


/***/ }),

/***/ 67018:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EY: () => (/* reexport safe */ _core_retry_timing_js__WEBPACK_IMPORTED_MODULE_2__.E),
/* harmony export */   LH: () => (/* binding */ withRetries),
/* harmony export */   Ri: () => (/* binding */ isTransientFailure),
/* harmony export */   XE: () => (/* binding */ classifyFailure),
/* harmony export */   cO: () => (/* binding */ DEFAULT_RETRY_POLICY),
/* harmony export */   eu: () => (/* binding */ outcomeOfApiError),
/* harmony export */   mu: () => (/* reexport safe */ _core_retry_timing_js__WEBPACK_IMPORTED_MODULE_2__.m)
/* harmony export */ });
/* unused harmony export CONFIGURATION_NETWORK_CODES */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53249);
/* harmony import */ var _redirect_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4354);
/* harmony import */ var _core_retry_timing_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(10796);




const DEFAULT_RETRY_POLICY = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 20_000 };
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/**
 * Network failures that another attempt may not meet. Anything else (a malformed header,
 * a certificate the runner does not trust) would fail the same way every time.
 */
const TRANSIENT_NETWORK_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'EPIPE',
    'ETIMEDOUT',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ENETDOWN',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    // The proxy tore the connection down before the tunnel was up: like a reset, the next attempt may get through.
    'UND_ERR_PRX_CONN',
    'REQUEST_TIMEOUT',
]);
/**
 * Network failures that say `api-url` or the runner's trust store is wrong: no retry and no wait can fix them, so
 * they fail the gate at once (whatever `on-inconclusive` says), like a 401. Connection refused is not among them: a
 * server that is down may come back.
 */
const CONFIGURATION_NETWORK_CODES = new Set([
    'ENOTFOUND',
    // Plain http behind an https:// api-url (OpenSSL's "wrong version number"; Node names it with or without ERR_SSL_).
    'ERR_SSL_WRONG_VERSION_NUMBER',
    'WRONG_VERSION_NUMBER',
    'ERR_SSL_PACKET_LENGTH_TOO_LONG',
    // A certificate the runner does not trust: self-signed, or from a CA it does not know (NODE_EXTRA_CA_CERTS fixes it).
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'CERT_UNTRUSTED',
    // A certificate for another host, or outside its dates.
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'CERT_HAS_EXPIRED',
    'CERT_NOT_YET_VALID',
]);
/** The single place that decides which failures are worth another attempt. */
function classifyFailure(error) {
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiHttpError */ .X_) {
        return RETRYABLE_STATUSES.has(error.status) ? { retry: true, retryAfterMs: error.retryAfterMs } : { retry: false };
    }
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiNetworkError */ .ZN && TRANSIENT_NETWORK_CODES.has(error.code))
        return { retry: true, retryAfterMs: undefined };
    // A proxy that answered CONNECT with a 5xx (or 408, 429) is briefly unavailable, like the API answering so; a 407 is not.
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiNetworkError */ .ZN && error.proxyStatus !== undefined) {
        return RETRYABLE_STATUSES.has(error.proxyStatus) ? { retry: true, retryAfterMs: undefined } : { retry: false };
    }
    // A 2xx the gate cannot use (an HTML page from a proxy, a half-deployed API) is no answer at all:
    // retried like a 5xx, so one bad page never decides a gate.
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiProtocolError */ .BP)
        return { retry: true, retryAfterMs: undefined };
    return { retry: false };
}
/** A failure that another poll, a little later, may not meet: polling loops keep going through it. */
function isTransientFailure(error) {
    return classifyFailure(error).retry;
}
/**
 * Runs `operation` until it succeeds, fails with a final error, runs out of attempts, or the
 * next attempt would start past the deadline. Only the server can end the gate from here: a
 * Retry-After longer than the time left throws RetryAfterDeadlineError at once. When the
 * client's own backoff would cross the deadline, the last (transient) error is thrown as is:
 * a missed poll, and the poll loop still makes its final check at the deadline.
 */
async function withRetries(endpoint, operation, context) {
    const { policy, clock, sleep, random, deadline, signal } = context;
    let previous;
    for (let attempt = 0;; attempt++) {
        try {
            return await operation();
        }
        catch (caught) {
            const error = caught instanceof Error ? caught : new Error(String(caught));
            // The deadline cut a retry short: say what the earlier attempts met, the real problem.
            if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .DeadlineExceededError */ .Kt && previous && !error.lastError) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .DeadlineExceededError */ .Kt(endpoint, 'the timeout was reached while retrying', previous);
            }
            previous = error;
            const decision = classifyFailure(error);
            if (!decision.retry || attempt + 1 >= policy.maxAttempts || signal?.aborted)
                throw error;
            const remaining = deadline - clock.now();
            if (decision.retryAfterMs !== undefined && decision.retryAfterMs >= remaining) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RetryAfterDeadlineError */ .Lz(endpoint, `gave up after ${attempt + 1} attempt(s): the API asked to retry in ${Math.ceil(decision.retryAfterMs / 1000)}s, past the deadline (${Math.max(0, Math.floor(remaining / 1000))}s left)`, error);
            }
            const delayMs = decision.retryAfterMs ?? (0,_core_retry_timing_js__WEBPACK_IMPORTED_MODULE_2__/* .backoffDelay */ .E)(policy, attempt, random);
            if (delayMs >= remaining)
                throw error;
            context.onRetry?.({ attempt: attempt + 1, delayMs, error });
            await sleep(delayMs, signal);
        }
    }
}
/**
 * Final client errors (bad key, missing scope, wrong id) mean the gate is misconfigured:
 * they fail, whatever `on-inconclusive` says. Everything else means the gate could not tell.
 */
function outcomeOfApiError(error) {
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiHttpError */ .X_ && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429) {
        return 'fail';
    }
    // A redirect means `api-url` is not the API's own address: the gate does not follow it.
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiHttpError */ .X_ && _redirect_js__WEBPACK_IMPORTED_MODULE_1__/* .REDIRECT_STATUSES */ .a.has(error.status))
        return 'fail';
    // A host that does not exist, plain http behind https, a certificate that is untrusted, expired or for another
    // host: a wrong api-url or trust store, not an outage.
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ApiNetworkError */ .ZN && CONFIGURATION_NETWORK_CODES.has(error.code))
        return 'fail';
    return 'inconclusive';
}


/***/ }),

/***/ 1191:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  vV: () => (/* binding */ listedNothing),
  Hj: () => (/* binding */ newestRuns),
  sQ: () => (/* binding */ scanRuns),
  Bo: () => (/* binding */ skippedLine)
});

// UNUSED EXPORTS: RECENT_RUNS, describeFilter, matchesMetadata, outsideQuery

// EXTERNAL MODULE: ./src/core/run.ts
var core_run = __webpack_require__(28638);
// EXTERNAL MODULE: ./src/api/client.ts + 4 modules
var client = __webpack_require__(78253);
// EXTERNAL MODULE: ./src/api/errors.ts
var errors = __webpack_require__(53249);
;// CONCATENATED MODULE: ./src/api/pages.ts


const MAX_PAGE_SIZE = 100;
const LIST_ENDPOINT = `GET ${client/* API_PREFIX */.m4}/runs`;
/**
 * Walks the list endpoint page by page (`after` = previous `last_id`) while `has_more`.
 * A cursor that comes back twice, or an empty page that claims more, would loop forever:
 * both are protocol errors.
 */
async function* listRunPages(client, params) {
    const seenCursors = new Set();
    let after;
    for (;;) {
        const page = await client.listRuns({ ...params, limit: params.limit ?? MAX_PAGE_SIZE, after });
        yield page;
        if (!page.has_more)
            return;
        const next = page.last_id;
        if (!next || page.data.length + page.unreadable.length === 0) {
            throw new errors/* ApiProtocolError */.BP(LIST_ENDPOINT, 'a page claims "has_more" but is empty');
        }
        if (seenCursors.has(next)) {
            throw new errors/* ApiProtocolError */.BP(LIST_ENDPOINT, `pagination cursor "${next}" repeated; the listing would never end`);
        }
        seenCursors.add(next);
        after = next;
    }
}

;// CONCATENATED MODULE: ./src/api/scan.ts
/**
 * Scans of a suite's runs through the paged listing, defensively: the server's filters and order are checked, not
 * trusted. find/ looks the gated run up with it, judge/ the baseline.
 */


// Defined with the run model in core/run.ts; named here for the scan's callers.

/** How many of a suite's newest runs a lookup that found nothing shows, so a typo in the metadata is visible. */
const RECENT_RUNS = 3;
/**
 * Why a listed run is certainly not the one asked for, whatever the server's `suite_id`/`status` filters
 * did: the listing's own fields are checked (and the chosen run is read again by id before it is judged).
 */
function outsideQuery(listed, query) {
    if (listed.suiteId !== undefined && listed.suiteId !== query.suiteId)
        return 'otherSuite';
    if (query.status !== undefined && listed.status !== undefined && listed.status !== query.status)
        return 'otherStatus';
    return undefined;
}
/**
 * One pass over a suite's runs. The API lists newest first, so the first match is the newest:
 * the scan stops at the end of that page, as long as every run read so far was in order.
 * If the order is ever broken, it reads every page and picks the highest `created_at`.
 */
async function scanRuns(client, query, options = {}) {
    const result = {
        match: undefined,
        candidates: 0,
        scanned: 0,
        pages: 0,
        newestId: undefined,
        orderedNewestFirst: options.assumeOrdered ?? true,
        unreadableSkipped: 0,
        otherSuite: 0,
        otherStatus: 0,
        recent: [],
    };
    let previousCreatedAt = Number.POSITIVE_INFINITY;
    const seen = new Set();
    pages: for await (const page of listRunPages(client, { suiteId: query.suiteId, status: query.status })) {
        result.pages++;
        // A run the gate cannot read is passed over only when it certainly is not the one asked for:
        // its metadata says so, or it is listed after (older than) a match in a newest-first listing.
        const passOver = (odd) => {
            if (options.excludeId !== undefined && odd.id === options.excludeId)
                return;
            const outside = outsideQuery(odd, query);
            if (outside) {
                result[outside]++;
                return;
            }
            const couldBeIt = !odd.metadata || (0,core_run/* matchesMetadata */.x3)({ metadata: odd.metadata }, query.metadata);
            if (couldBeIt && !(result.match && result.orderedNewestFirst))
                throw odd.error;
            result.unreadableSkipped++;
        };
        // Grouped once by position, so a page is handled in time linear in its size.
        const unreadableAfter = groupBy(page.unreadable, (odd) => odd.after);
        unreadableAfter.get(undefined)?.forEach(passOver);
        for (const run of page.data) {
            if (run.id === options.stopAtId && result.orderedNewestFirst)
                break pages;
            if (!seen.has(run.id)) {
                seen.add(run.id);
                result.newestId ??= run.id;
                result.scanned++;
                if (run.created_at > previousCreatedAt)
                    result.orderedNewestFirst = false;
                previousCreatedAt = run.created_at;
                const outside = outsideQuery({ suiteId: run.suite_id, status: run.status }, query);
                if (outside)
                    result[outside]++;
                else {
                    // Cheap on a long listing: in newest-first order only the first runs change the list.
                    const oldestKept = result.recent[RECENT_RUNS - 1];
                    if (!oldestKept || run.created_at > oldestKept.created_at)
                        result.recent = newestRuns([...result.recent, run]);
                    if (run.id !== options.excludeId && (0,core_run/* matchesMetadata */.x3)(run, query.metadata)) {
                        result.candidates++;
                        if (!result.match || run.created_at > result.match.created_at)
                            result.match = run;
                    }
                }
            }
            unreadableAfter.get(run.id)?.forEach(passOver);
        }
        if (result.match && result.orderedNewestFirst)
            break;
    }
    return result;
}
/** The RECENT_RUNS newest of `runs` by created_at, one per id (the later copy in `runs` wins), newest first. */
function newestRuns(runs) {
    const byId = new Map(runs.map((run) => [run.id, run]));
    return [...byId.values()].sort((a, b) => b.created_at - a.created_at).slice(0, RECENT_RUNS);
}
/** True when a listing held no item at all (no run of any suite or status, readable or not). */
function listedNothing(scan) {
    return scan.scanned === 0 && scan.unreadableSkipped === 0 && scan.otherSuite === 0 && scan.otherStatus === 0;
}
function groupBy(items, keyOf) {
    const groups = new Map();
    for (const item of items) {
        const key = keyOf(item);
        const group = groups.get(key);
        if (group)
            group.push(item);
        else
            groups.set(key, [item]);
    }
    return groups;
}
/** Says how many listed runs were skipped because the server did not apply its filters. */
function skippedLine(scan, query) {
    const parts = [];
    if (scan.otherSuite > 0)
        parts.push(`${scan.otherSuite} of another suite (the server did not filter by suite_id)`);
    if (scan.otherStatus > 0)
        parts.push(`${scan.otherStatus} not ${query.status} (the server did not filter by status)`);
    return `Skipped ${parts.join(' and ')} among the runs listed for suite ${query.suiteId}`;
}


/***/ }),

/***/ 89921:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Al: () => (/* binding */ isValidId),
/* harmony export */   B6: () => (/* binding */ ID_PREFIXES),
/* harmony export */   TQ: () => (/* binding */ idKindOf),
/* harmony export */   VT: () => (/* binding */ ID_FORM),
/* harmony export */   pw: () => (/* binding */ ID_PATTERN),
/* harmony export */   wc: () => (/* binding */ describeBadId)
/* harmony export */ });
/**
 * The one form an id may take, from the API or from an input: letters, digits, `_` and `-`, starting with a letter
 * or digit, at most 128 characters. Only ids of this form reach URLs, outputs, log lines and the comment marker, so
 * an id can never carry a line break, a workflow command, Markdown or a path segment.
 */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
/** How the form is described to a user, after "expected". */
const ID_FORM = 'an id of letters, digits, `_` and `-` that starts with a letter or digit, at most 128 characters';
function isValidId(value) {
    return typeof value === 'string' && ID_PATTERN.test(value);
}
/** Says what is wrong with an id from the API without echoing it (it is untrusted text). */
function describeBadId(value) {
    if (typeof value !== 'string')
        return value === undefined ? 'missing' : `not a string (${value === null ? 'null' : typeof value})`;
    if (value === '')
        return 'empty';
    return `not a valid id (${value.length} characters; expected ${ID_FORM})`;
}
/** Each known prefix, the kind it marks, and how that kind is named to a user. */
const ID_PREFIXES = [
    { prefix: 'eval_run_', kind: 'run', name: 'a run id' },
    { prefix: 'eval_suite_', kind: 'suite', name: 'a suite id' },
    { prefix: 'eval_sched_', kind: 'schedule', name: 'a schedule id' },
    { prefix: 'eval_sver_', kind: 'suite-version', name: 'a suite version id' },
];
/** The kind an id's prefix says it is; undefined for an id without a known prefix (held to the id form only). */
function idKindOf(id) {
    return ID_PREFIXES.find((known) => id.startsWith(known.prefix));
}


/***/ }),

/***/ 44325:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   q: () => (/* binding */ silentLogger)
/* harmony export */ });
const silentLogger = { debug() { }, info() { }, warning() { } };


/***/ }),

/***/ 53010:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CW: () => (/* binding */ formatDelta),
/* harmony export */   CY: () => (/* binding */ splitMetricPath),
/* harmony export */   F1: () => (/* binding */ resolveMetric),
/* harmony export */   N8: () => (/* binding */ MAX_METRICS_DEPTH),
/* harmony export */   RS: () => (/* binding */ regressionOf),
/* harmony export */   Uw: () => (/* binding */ readMetrics),
/* harmony export */   Zn: () => (/* binding */ isSummaryStatistic),
/* harmony export */   cv: () => (/* binding */ lowerIsBetter),
/* harmony export */   g8: () => (/* binding */ flattenMetrics),
/* harmony export */   gI: () => (/* binding */ formatMetric)
/* harmony export */ });
/**
 * Fields that name a row of a metrics list, in path order. Only these: a free-text field (a note,
 * a timestamp) in the path would make the same metric's path differ between a run and its baseline.
 */
const ROW_KEYS = ['model', 'task_id', 'task', 'name', 'metric', 'dataset', 'split', 'subset', 'category', 'language', 'benchmark'];
/** Leaf names that stand for "the value" of an aggregate, so `accuracy` finds `accuracy.mean`. */
const VALUE_LEAVES = new Set(['value', 'mean', 'score', 'avg', 'average']);
/** The JSON nesting the API client accepts: anything it accepts is evaluated, nothing is cut off silently. */
const MAX_METRICS_DEPTH = 64;
function flattenMetrics(metrics) {
    return readMetrics(metrics).values;
}
function readMetrics(metrics) {
    const view = { values: new Map(), invalid: new Map(), ambiguous: new Set(), tooDeep: [], all: new Set() };
    visit(metrics, [], view, 0);
    for (const path of view.all) {
        const cut = path.lastIndexOf('.');
        // `x` and `x.mean` can only both exist when one of them came from a key with dots.
        if (cut > 0 && VALUE_LEAVES.has(path.slice(cut + 1)) && view.all.has(path.slice(0, cut))) {
            view.ambiguous.add(path).add(path.slice(0, cut));
        }
    }
    return view;
}
function record(view, path, value, what) {
    if (path.length === 0)
        return;
    const key = path.join('.');
    if (view.all.has(key))
        view.ambiguous.add(key);
    else if (value !== undefined && Number.isFinite(value))
        view.values.set(key, value);
    else
        view.invalid.set(key, what ?? String(value));
    view.all.add(key);
}
function visit(value, path, view, depth) {
    if (typeof value === 'number')
        return record(view, path, value, Number.isFinite(value) ? undefined : 'a number out of range');
    // JSON has numbers: a metric sent as text ("0.91") is not one, whatever it spells (issue 8, rule 6c).
    if (typeof value === 'string')
        return record(view, path, undefined, 'a string');
    if (value === null || typeof value !== 'object')
        return record(view, path, undefined, value === null ? 'null' : typeof value);
    if (depth >= MAX_METRICS_DEPTH) {
        view.tooDeep.push(path.join('.') || '(top)');
        return;
    }
    if (Array.isArray(value))
        return visitRows(value, path, view, depth);
    for (const [key, child] of Object.entries(value))
        visit(child, [...path, key], view, depth + 1);
}
function visitRows(value, path, view, depth) {
    const labels = value.map(rowLabel);
    // Two rows with the same label (same model, different dataset) must not overwrite each other:
    // a lost row could hide a failing score. Such rows keep their index as well.
    const seen = new Map();
    for (const label of labels)
        seen.set(label.join('.'), (seen.get(label.join('.')) ?? 0) + 1);
    value.forEach((item, index) => {
        const label = labels[index];
        const unique = label.length > 0 && seen.get(label.join('.')) === 1;
        const segments = label.length === 0 ? [String(index)] : unique ? label : [...label, String(index)];
        const rest = label.length > 0 ? withoutRowKeys(item) : item;
        visit(rest, [...path, ...segments], view, depth + 1);
    });
}
/** A row's label: its naming fields (model, task, dataset…) that hold text, numbers as text included. */
function rowLabel(item) {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
        return [];
    const record = item;
    return ROW_KEYS.filter((key) => typeof record[key] === 'string').map((key) => record[key]);
}
/** The row without its naming fields; other fields stay (text there is read as a number, or reported as not one). */
function withoutRowKeys(record) {
    // No prototype: a field named `__proto__` stays a field.
    const copy = Object.create(null);
    for (const [key, value] of Object.entries(record)) {
        if (!ROW_KEYS.includes(key) || typeof value !== 'string')
            copy[key] = value;
    }
    // Rows like {model, metrics: {...}} or {name: "accuracy", value: 0.9}: unwrap the obvious containers.
    if (Object.keys(copy).length === 1 && typeof copy.metrics === 'object')
        return copy.metrics;
    return copy;
}
/**
 * Paths that a metric name refers to, optionally within a scope (a model or task segment).
 * `accuracy` matches `accuracy`, `gpt-x.accuracy` and `gpt-x.qa.accuracy.mean`;
 * `qa.accuracy` matches only paths ending in those segments.
 */
function resolveMetric(metrics, name, scope) {
    const wanted = name.split('.');
    // Model names may hold dots (gpt-4.1), which flattening split: match the scope as a run of segments.
    const scopeSegments = scope?.split('.');
    const matches = [];
    for (const path of metrics.keys()) {
        let segments = path.split('.');
        if (scopeSegments && !containsRun(segments.slice(0, -1), scopeSegments))
            continue;
        if (!endsWith(segments, wanted)) {
            const last = segments.at(-1);
            if (!VALUE_LEAVES.has(last))
                continue;
            segments = segments.slice(0, -1);
            if (!endsWith(segments, wanted))
                continue;
            // Prefer the plain path when both `accuracy` and `accuracy.mean` exist.
            if (metrics.has(segments.join('.')))
                continue;
        }
        matches.push(path);
    }
    return matches;
}
/**
 * A metric path split into what names the metric and what scopes it: `gpt-x.qa.accuracy` → scope `gpt-x.qa`,
 * metric `accuracy`; a value leaf is not the metric (`gpt-x.accuracy.mean` → `gpt-x`, `accuracy`).
 */
function splitMetricPath(path) {
    const segments = path.split('.');
    if (segments.length > 1 && VALUE_LEAVES.has(segments.at(-1)))
        segments.pop();
    const metric = segments.pop();
    return { scope: segments.join('.'), metric };
}
function containsRun(segments, run) {
    for (let start = 0; start + run.length <= segments.length; start++) {
        if (run.every((segment, i) => segments[start + i] === segment))
            return true;
    }
    return false;
}
function endsWith(segments, suffix) {
    if (suffix.length > segments.length)
        return false;
    const offset = segments.length - suffix.length;
    return suffix.every((segment, i) => segments[offset + i] === segment);
}
const SUMMARY_STATISTIC_LEAVES = new Set([
    'stderr',
    'std',
    'stdev',
    'sd',
    'sem',
    'variance',
    'var',
    'ci',
    'ci_low',
    'ci_high',
    'ci_lower',
    'ci_upper',
    'n',
    'count',
    'samples',
    'num_samples',
    'support',
    'total',
]);
/**
 * Leaves that describe a measurement (its spread, its sample size) rather than being one:
 * a smaller stderr or a larger n is not a score getting worse or better.
 */
function isSummaryStatistic(path) {
    return SUMMARY_STATISTIC_LEAVES.has(path.split('.').at(-1).toLowerCase());
}
/** `0.9134` -> `0.9134`, `1234.5678` -> `1234.57`: enough digits to compare, no noise. */
function formatMetric(value) {
    if (Number.isInteger(value))
        return String(value);
    const abs = Math.abs(value);
    return String(Number(value.toFixed(abs >= 100 ? 2 : abs >= 1 ? 3 : 4)));
}
const LOWER_IS_BETTER_WORDS = new Set([
    'latency',
    'loss',
    'error',
    'errors',
    'err',
    'cost',
    'time',
    'duration',
    'tokens',
    'wer',
    'cer',
    'perplexity',
    'toxicity',
    'refusal',
    'refusals',
    'hallucination',
    'hallucinations',
    'ttft',
    'ms',
]);
const HIGHER_IS_BETTER_WORDS = new Set(['per', 'throughput', 'tps', 'qps', 'rps', 'speed', 'speedup']);
/**
 * Lower-is-better metrics, guessed from the metric's own name when no threshold says otherwise:
 * its last segment (or the one before a value leaf such as `mean`), never a model or task name
 * (`toxicity.accuracy` is an accuracy). Whole words only: `answer_relevancy` holds "wer".
 * Rates per unit (`tokens_per_second`) are higher-is-better.
 */
function lowerIsBetter(path) {
    const segments = path.split('.');
    let name = segments.at(-1);
    if ((VALUE_LEAVES.has(name) || isSummaryStatistic(path)) && segments.length > 1)
        name = segments.at(-2);
    const words = name.toLowerCase().split(/[^a-z0-9]+/);
    if (words.some((word) => HIGHER_IS_BETTER_WORDS.has(word)))
        return false;
    return words.some((word) => LOWER_IS_BETTER_WORDS.has(word));
}
/** How much worse a metric got (positive) or better (negative). */
function regressionOf(c) {
    if (c.current === undefined || c.baseline === undefined)
        return undefined;
    return c.lowerIsBetter ? c.current - c.baseline : c.baseline - c.current;
}
function formatDelta(c) {
    if (c.current === undefined || c.baseline === undefined)
        return 'n/a';
    const delta = c.current - c.baseline;
    const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
    const worse = regressionOf(c);
    const arrow = worse > 0 ? ' ▼' : worse < 0 ? ' ▲' : '';
    return `${sign}${formatMetric(Math.abs(delta))}${arrow}`;
}


/***/ }),

/***/ 27801:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B4: () => (/* binding */ formatCount),
/* harmony export */   Me: () => (/* binding */ formatConfidence),
/* harmony export */   n6: () => (/* binding */ formatBounds),
/* harmony export */   vy: () => (/* binding */ formatInterval)
/* harmony export */ });
/** How the noise statistics (issue 16) are written wherever they are shown: the criteria, the tables, the notes. */
/**
 * `0.800 [0.761, 0.839]`: an estimate and its interval, with enough decimals to show the interval's width (at
 * least three for values below 10). `signed` writes changes: `−0.018 [−0.045, +0.010]`.
 */
function formatInterval(estimate, low, high, options = {}) {
    const decimals = decimalsFor(low, high);
    const show = (value) => formatFixed(value, decimals, options.signed ?? false);
    return `${show(estimate)} [${show(low)}, ${show(high)}]`;
}
/** Just the bounds, `[−0.045, +0.010]`, as a change (signed). */
function formatBounds(low, high) {
    const decimals = decimalsFor(low, high);
    return `[${formatFixed(low, decimals, true)}, ${formatFixed(high, decimals, true)}]`;
}
function decimalsFor(low, high) {
    const width = Math.abs(high - low);
    const magnitude = Math.max(Math.abs(low), Math.abs(high));
    const floor = magnitude < 10 ? 3 : 0;
    if (!(width > 0) || !Number.isFinite(width))
        return floor;
    return Math.min(6, Math.max(floor, Math.ceil(-Math.log10(width)) + 1));
}
function formatFixed(value, decimals, signed) {
    const text = Math.abs(value).toFixed(decimals);
    // A value that rounds to zero has no sign: `-0.000` would read as a loss.
    if (Number(text) === 0)
        return text;
    return value < 0 ? `−${text}` : signed ? `+${text}` : text;
}
/** `95%`, `99.9%`: a confidence as people say it. */
function formatConfidence(confidence) {
    return `${Number((confidence * 100).toFixed(1))}%`;
}
/** `12,345`: a count for a sentence. */
function formatCount(count) {
    return count.toLocaleString('en-US');
}


/***/ }),

/***/ 10796:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ backoffDelay),
/* harmony export */   m: () => (/* binding */ parseRetryAfter)
/* harmony export */ });
/** When to try a request again: a server's `Retry-After`, or exponential backoff (the MKA1 and GitHub clients alike). */
/** Exponential backoff with full jitter: uniform in [0, min(max, base * 2^attempt)]. */
function backoffDelay(policy, attempt, random) {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
    return Math.round(random() * ceiling);
}
/** An HTTP `Retry-After` header (seconds or an HTTP-date) as milliseconds from `nowMs`; undefined when unusable. */
function parseRetryAfter(header, nowMs) {
    if (!header)
        return undefined;
    const text = header.trim();
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    // All three HTTP-date forms start with a day name. Date.parse alone is far too lenient:
    // it reads "1.5" or "-1" as dates in 2001, which would mean "retry at once".
    if (!/^(mon|tue|wed|thu|fri|sat|sun)/i.test(text))
        return undefined;
    const date = Date.parse(text);
    if (Number.isNaN(date))
        return undefined;
    return Math.max(0, date - nowMs);
}


/***/ }),

/***/ 28638:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GT: () => (/* binding */ describeFilter),
/* harmony export */   Hd: () => (/* binding */ isTerminal),
/* harmony export */   LV: () => (/* binding */ RUN_STATUSES),
/* harmony export */   Sn: () => (/* binding */ describeRunState),
/* harmony export */   _i: () => (/* binding */ countsProblem),
/* harmony export */   x3: () => (/* binding */ matchesMetadata)
/* harmony export */ });
/* unused harmony export TERMINAL_STATUSES */
/**
 * The run model: an eval run as the gate reasons about it, and the plain facts about it that every layer shares.
 * Parsing untrusted answers into this shape is api/models.ts's job; nothing here trusts or checks anything.
 */
const RUN_STATUSES = ['queued', 'in_progress', 'finalizing', 'cancelling', 'completed', 'failed', 'cancelled'];
const TERMINAL_STATUSES = new Set(['completed', 'failed', 'cancelled']);
function isTerminal(status) {
    return TERMINAL_STATUSES.has(status);
}
/** `in_progress, 40/100 completed, 2 failed`: the state a log line or a reason reports. */
function describeRunState(run) {
    const c = run.request_counts;
    return `${run.status}, ${c.completed}/${c.total} completed, ${c.failed} failed`;
}
/**
 * A rerun runs the failed requests again: the run still has as many requests, and none it completed is lost. Counts
 * that say otherwise would make failures disappear (a smaller total, fewer completed), so they are not judged.
 */
function countsProblem(before, after) {
    if (after.total === before.total && after.completed >= before.completed)
        return undefined;
    const say = (c) => `${c.total} total, ${c.completed} completed${c.failed === undefined ? '' : `, ${c.failed} failed`}`;
    const what = after.total !== before.total ? 'changed the number of requests' : 'lowered the number of completed requests';
    return `${what} (before: ${say(before)}; after: ${say(after)}): a rerun may not make failures disappear, so the counts cannot be trusted`;
}
function matchesMetadata(run, filter) {
    return Object.entries(filter).every(([key, value]) => Object.hasOwn(run.metadata, key) && run.metadata[key] === value);
}
function describeFilter(filter) {
    const pairs = Object.entries(filter);
    return pairs.length === 0 ? 'any metadata' : pairs.map(([k, v]) => `${k}=${v}`).join(', ');
}


/***/ }),

/***/ 79407:
/***/ ((module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76633);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 77432:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $N: () => (/* binding */ regressionRows),
/* harmony export */   Gl: () => (/* binding */ regressionActual),
/* harmony export */   V5: () => (/* binding */ regressionCriterion),
/* harmony export */   Xn: () => (/* binding */ findBaseline),
/* harmony export */   fz: () => (/* binding */ compareMetrics),
/* harmony export */   mf: () => (/* binding */ directionFrom),
/* harmony export */   wU: () => (/* binding */ regressionTargets)
/* harmony export */ });
/* unused harmony exports regressionCriteria, allowedWorsening, allowedText */
/* harmony import */ var _api_client_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(78253);
/* harmony import */ var _api_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(53249);
/* harmony import */ var _api_scan_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1191);
/* harmony import */ var _core_log_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(44325);
/* harmony import */ var _core_metrics_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(53010);
/* harmony import */ var _core_run_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(28638);
/* harmony import */ var _thresholds_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(24799);







/**
 * The newest completed run of the suite matching the baseline metadata (never the gated run
 * itself), or the run given by id. Not finding one is reported, not thrown.
 */
async function findBaseline(client, source, gated, logger = _core_log_js__WEBPACK_IMPORTED_MODULE_3__/* .silentLogger */ .q) {
    if (source.kind === 'none')
        return { run: undefined, note: 'no baseline asked for' };
    if (source.kind === 'run-id') {
        // A run compared with itself can never regress: that is a configuration error, not a passed comparison.
        if (source.runId === gated.id) {
            return { run: undefined, note: `baseline run ${gated.id} is the gated run itself, so nothing can regress`, misconfigured: true };
        }
        const run = await client.getRun(source.runId);
        if (run.suite_id !== gated.suite_id) {
            const suite = run.suite_id ? `belongs to suite ${run.suite_id}` : 'names no suite';
            return { run: undefined, note: `baseline run ${run.id} ${suite}, not the gated run's suite ${gated.suite_id}`, misconfigured: true };
        }
        if (run.status !== 'completed')
            return { run: undefined, note: `baseline run ${run.id} is ${run.status}, not completed` };
        return { run, how: `run ${run.id} given by baseline-run-id` };
    }
    const query = { suiteId: gated.suite_id, metadata: source.metadata, status: 'completed' };
    const scan = await (0,_api_scan_js__WEBPACK_IMPORTED_MODULE_2__/* .scanRuns */ .sQ)(client, query, { excludeId: gated.id });
    if (scan.otherSuite + scan.otherStatus > 0)
        logger.info((0,_api_scan_js__WEBPACK_IMPORTED_MODULE_2__/* .skippedLine */ .Bo)(scan, query));
    if (!scan.match) {
        return { run: undefined, note: `no completed run of suite ${gated.suite_id} matches ${(0,_core_run_js__WEBPACK_IMPORTED_MODULE_5__/* .describeFilter */ .GT)(source.metadata)}` };
    }
    return {
        run: await readListedBaseline(client, scan.match, gated.suite_id),
        how: `newest completed run matching ${(0,_core_run_js__WEBPACK_IMPORTED_MODULE_5__/* .describeFilter */ .GT)(source.metadata)}`,
    };
}
/** The listed baseline read again by id: its own status and suite decide, not the listing or the server's filters. */
async function readListedBaseline(client, listed, suiteId) {
    const run = await client.getRun(listed.id);
    if (run.status !== 'completed' || run.suite_id !== suiteId) {
        throw new _api_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ApiProtocolError */ .BP(`GET ${_api_client_js__WEBPACK_IMPORTED_MODULE_0__/* .API_PREFIX */ .m4}/runs/${run.id}`, `baseline run ${run.id} was listed as a completed run of suite ${suiteId}, but the run itself is ${run.status}` +
            ` in ${run.suite_id ? `suite ${run.suite_id}` : 'no suite'}`);
    }
    return run;
}
/** Direction of each metric: a threshold's comparator says it best; otherwise the name. */
function directionFrom(thresholds) {
    return (path) => {
        const single = new Map([[path, 0]]);
        for (const t of thresholds) {
            if ((0,_core_metrics_js__WEBPACK_IMPORTED_MODULE_4__/* .resolveMetric */ .F1)(single, t.metric, t.scope).length > 0)
                return t.comparator === '<=' || t.comparator === '<';
        }
        return (0,_core_metrics_js__WEBPACK_IMPORTED_MODULE_4__/* .lowerIsBetter */ .cv)(path);
    };
}
function compareMetrics(current, baseline, isLowerBetter) {
    const now = (0,_core_metrics_js__WEBPACK_IMPORTED_MODULE_4__/* .readMetrics */ .Uw)(current);
    const before = (0,_core_metrics_js__WEBPACK_IMPORTED_MODULE_4__/* .readMetrics */ .Uw)(baseline);
    const deep = (0,_thresholds_js__WEBPACK_IMPORTED_MODULE_6__/* .untrustedMetrics */ .W1)(now, []) ?? (0,_thresholds_js__WEBPACK_IMPORTED_MODULE_6__/* .untrustedMetrics */ .W1)(before, []);
    const paths = [...new Set([...now.all, ...before.all])];
    const compared = paths.map((path) => {
        const comparison = {
            path,
            current: now.values.get(path),
            baseline: before.values.get(path),
            lowerIsBetter: isLowerBetter(path),
        };
        const problem = comparisonProblem(path, now, before);
        return problem ? { ...comparison, problem } : comparison;
    });
    // Nesting too deep to read hides values: one row says so, and every regression rule then fails.
    return deep
        ? [{ path: '(metrics)', current: undefined, baseline: undefined, lowerIsBetter: false, problem: deep }, ...compared]
        : compared;
}
function comparisonProblem(path, now, before) {
    if (now.ambiguous.has(path))
        return 'ambiguous in this run (reported two ways)';
    if (before.ambiguous.has(path))
        return 'ambiguous in the baseline (reported two ways)';
    if (now.invalid.has(path))
        return `${now.invalid.get(path)} in this run (not a finite number)`;
    if (before.invalid.has(path))
        return `${before.invalid.get(path)} in the baseline (not a finite number)`;
    return undefined;
}
/**
 * Whether a problem row makes a rule fail. A named rule fails on any problem with a path it names; `*` only
 * where a value is hidden: ambiguity, nesting too deep, or this run lacking a number the baseline had.
 */
function blocks(c, named) {
    if (!c.problem)
        return false;
    if (named || c.path === '(metrics)' || c.problem.startsWith('ambiguous'))
        return true;
    return c.current === undefined && c.baseline !== undefined;
}
/** One criterion per rule; `*` covers every compared metric that no named rule covers. */
function regressionCriteria(comparisons, rules) {
    return regressionTargets(comparisons, rules).map(regressionCriterion);
}
/** Which metrics each rule judges: named rules first (in order), then `*` over what no named rule covers. */
function regressionTargets(comparisons, rules) {
    const current = new Set(comparisons.filter((c) => c.current !== undefined || c.problem).map((c) => c.path));
    const byPath = new Map(comparisons.map((c) => [c.path, c]));
    const covered = new Set();
    const named = rules.filter((r) => r.metric !== '*');
    const targets = [];
    for (const rule of named) {
        const [scope, metric] = rule.metric.includes(':') ? rule.metric.split(':', 2) : [undefined, rule.metric];
        const paths = (0,_core_metrics_js__WEBPACK_IMPORTED_MODULE_4__/* .resolveMetric */ .F1)(current, metric, scope);
        paths.forEach((p) => covered.add(p));
        const deep = comparisons.filter((c) => c.path === '(metrics)');
        targets.push({ name: `Regression ${rule.metric}`, rule, compared: [...deep, ...paths.map((p) => byPath.get(p))] });
    }
    for (const rule of rules.filter((r) => r.metric === '*')) {
        const rest = comparisons.filter((c) => !covered.has(c.path) &&
            !(0,_core_metrics_js__WEBPACK_IMPORTED_MODULE_4__/* .isSummaryStatistic */ .Zn)(c.path) &&
            ((c.current !== undefined && c.baseline !== undefined && !c.problem) || blocks(c, false)));
        targets.push({ name: 'Regression * (every other metric)', rule, compared: rest });
    }
    return targets;
}
/**
 * The rows a rule judges, or why it fails as a whole: a metric it cannot see (hidden), or, for a named rule, no
 * metric present in both runs (`*` then passes). noise/ judges the same rows by their intervals.
 */
function regressionRows(target) {
    const { rule, compared } = target;
    const hidden = compared.filter((c) => blocks(c, rule.metric !== '*'));
    if (hidden.length > 0) {
        const actual = hidden
            .slice(0, 5)
            .map((c) => `${c.path}: ${c.problem}`)
            .join(', ');
        return { problem: `${actual}${hidden.length > 5 ? ', …' : ''}`, passed: false };
    }
    const withBoth = compared.filter((c) => c.current !== undefined && c.baseline !== undefined);
    if (withBoth.length === 0)
        return { problem: 'no metric present in both runs', passed: rule.metric === '*' };
    const rows = withBoth.map((c) => {
        const worse = (0,_core_metrics_js__WEBPACK_IMPORTED_MODULE_4__/* .regressionOf */ .RS)(c);
        const limit = allowedWorsening(rule, c.baseline);
        return { c, worse, limit, ok: worse <= limit + 1e-12 };
    });
    return { rows };
}
/** The worsening a rule allows for one metric, in its units: a percent rule is taken of the baseline's value. */
function allowedWorsening(rule, baseline) {
    return rule.kind === 'percent' ? (Math.abs(baseline) * rule.value) / 100 : rule.value;
}
function allowedText(rule) {
    return `worsens by ≤ ${rule.kind === 'percent' ? `${rule.value}% of baseline` : (0,_core_metrics_js__WEBPACK_IMPORTED_MODULE_4__/* .formatMetric */ .gI)(rule.value)}`;
}
/** The Actual cell: failing metrics first (at most 5), each `path now vs before (Δ)`, plus `extra` when given. */
function regressionActual(rows) {
    const failing = rows.filter((r) => !r.ok);
    const shown = (failing.length > 0 ? failing : rows).slice(0, 5);
    return (shown
        .map(({ c, extra }) => `${c.path} ${(0,_core_metrics_js__WEBPACK_IMPORTED_MODULE_4__/* .formatMetric */ .gI)(c.current)} vs ${(0,_core_metrics_js__WEBPACK_IMPORTED_MODULE_4__/* .formatMetric */ .gI)(c.baseline)} (${(0,_core_metrics_js__WEBPACK_IMPORTED_MODULE_4__/* .formatDelta */ .CW)(c)}${extra ?? ''})`)
        .join(', ') + (rows.length > shown.length ? `, … (${rows.length} metrics)` : ''));
}
/** The criterion of one rule, judged on the reported values. */
function regressionCriterion(target) {
    const { name, rule } = target;
    const allowed = allowedText(rule);
    const judged = regressionRows(target);
    if ('problem' in judged)
        return { name, actual: judged.problem, allowed, passed: judged.passed };
    return { name, actual: regressionActual(judged.rows), allowed, passed: judged.rows.every((r) => r.ok) };
}


/***/ }),

/***/ 24799:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TZ: () => (/* binding */ thresholdCriteria),
/* harmony export */   W1: () => (/* binding */ untrustedMetrics),
/* harmony export */   eb: () => (/* binding */ thresholdActual),
/* harmony export */   n$: () => (/* binding */ thresholdRows)
/* harmony export */ });
/* unused harmony export compare */
/* harmony import */ var _core_metrics_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53010);

const SYMBOL = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '==': '=' };
function compare(value, comparator, limit) {
    switch (comparator) {
        case '>=':
            return value >= limit;
        case '>':
            return value > limit;
        case '<=':
            return value <= limit;
        case '<':
            return value < limit;
        case '==':
            return value === limit;
    }
}
/**
 * A threshold holds when every metric it names holds (every model, when unscoped and the
 * metrics are per model). A metric that does not exist fails, listing what exists; so does one
 * reported as something other than a finite number, or reachable two ways (ambiguous).
 */
function thresholdCriteria(metricsValue, thresholds) {
    const view = (0,_core_metrics_js__WEBPACK_IMPORTED_MODULE_0__/* .readMetrics */ .Uw)(metricsValue);
    return thresholds.map((threshold) => thresholdCriterion(view, threshold));
}
function thresholdCriterion(view, t) {
    const { name, allowed } = thresholdLabels(t);
    const judged = thresholdRows(view, t);
    if ('problem' in judged)
        return { name, actual: judged.problem, allowed, passed: false };
    return { name, actual: thresholdActual(judged.rows), allowed, passed: judged.rows.every((r) => r.ok) };
}
function thresholdLabels(t) {
    return { name: `Metric ${t.scope ? `${t.scope}:` : ''}${t.metric}`, allowed: `${SYMBOL[t.comparator]} ${(0,_core_metrics_js__WEBPACK_IMPORTED_MODULE_0__/* .formatMetric */ .gI)(t.limit)}` };
}
/**
 * The paths a threshold judges, each with its point verdict; or the problem that fails it as a whole (ambiguous,
 * nested too deep, missing). noise/ judges the same rows by their intervals.
 */
function thresholdRows(view, t) {
    const paths = (0,_core_metrics_js__WEBPACK_IMPORTED_MODULE_0__/* .resolveMetric */ .F1)(view.all, t.metric, t.scope);
    const untrusted = untrustedMetrics(view, paths);
    if (untrusted)
        return { problem: untrusted };
    if (paths.length === 0) {
        const known = [...view.all];
        const list = known.length === 0 ? 'the run has no metrics' : `metrics present: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}`;
        return { problem: `missing (${list})` };
    }
    // A model reporting something other than a finite number fails: it is not skipped.
    const rows = paths.map((path) => {
        const value = view.values.get(path);
        if (value === undefined)
            return { path, value, text: `${view.invalid.get(path) ?? 'no value'} (not a finite number)`, ok: false };
        return { path, value, text: (0,_core_metrics_js__WEBPACK_IMPORTED_MODULE_0__/* .formatMetric */ .gI)(value), ok: compare(value, t.comparator, t.limit) };
    });
    return { rows };
}
/** The Actual cell: the one value, or the failing paths first (at most 6). */
function thresholdActual(values) {
    const failing = values.filter((v) => !v.ok);
    const shown = (failing.length > 0 ? failing : values).slice(0, 6);
    return values.length === 1
        ? values[0].text
        : shown.map((v) => `${v.path} ${v.text}`).join(', ') + (values.length > shown.length ? ', …' : '');
}
/** Why metrics cannot be trusted for a criterion: nesting too deep to evaluate, or a path reachable two ways. */
function untrustedMetrics(view, paths) {
    if (view.tooDeep.length > 0) {
        return `not evaluated: the metrics nest deeper than ${_core_metrics_js__WEBPACK_IMPORTED_MODULE_0__/* .MAX_METRICS_DEPTH */ .N8} levels (at ${view.tooDeep[0]}), and a value there could fail this`;
    }
    const ambiguous = paths.filter((path) => view.ambiguous.has(path));
    if (ambiguous.length === 0)
        return undefined;
    return `ambiguous: ${ambiguous.slice(0, 3).join(', ')}${ambiguous.length > 3 ? ', …' : ''} reported two ways (a key with dots beside a nested path, or an aggregate beside a flattened value)`;
}


/***/ }),

/***/ 76633:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(96421);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(46752);
;// CONCATENATED MODULE: ./src/api/dispatcher.ts

/**
 * One agent for every MKA1 call. EnvHttpProxyAgent honours HTTPS_PROXY, HTTP_PROXY and NO_PROXY
 * as self-hosted runners set them; extra CAs come from NODE_EXTRA_CA_CERTS, which Node reads itself.
 * undici's own defaults (300 s for headers and body) are far too long for a CI gate.
 */
function createDispatcher(timeouts) {
    return new undici.EnvHttpProxyAgent({
        connect: { timeout: timeouts.connectTimeoutMs },
        headersTimeout: timeouts.requestTimeoutMs,
        bodyTimeout: timeouts.requestTimeoutMs,
        keepAliveTimeout: 10_000,
    });
}

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
;// CONCATENATED MODULE: ./src/core/clock.ts

const MAX_TIMER_MS = 2 ** 31 - 1;
const systemClock = { now: () => Date.now() };
const realSleep = async (ms, signal) => {
    if (signal?.aborted || ms <= 0)
        return;
    try {
        // setTimeout treats anything above 2^31-1 ms as 1 ms: never let a huge delay become a busy loop.
        await (0,promises_.setTimeout)(Math.min(ms, MAX_TIMER_MS), undefined, { signal });
    }
    catch (error) {
        if (!signal?.aborted)
            throw error;
    }
};

// EXTERNAL MODULE: ./src/api/errors.ts
var errors = __webpack_require__(53249);
// EXTERNAL MODULE: ./src/core/run.ts
var core_run = __webpack_require__(28638);
// EXTERNAL MODULE: ./src/core/ids.ts
var ids = __webpack_require__(89921);
;// CONCATENATED MODULE: ./src/safety/neutralize.ts
/**
 * The runner reads every stdout line that starts with `::` (after whitespace) or holds `##[` as a
 * workflow command, and splits lines on \n, \r and \r\n. Text that did not come from this action
 * (API answers, input values) must never start such a line.
 */
/** Line breaks of every kind, as one unit each (\r\n is one break). */
const LINE_BREAKS = /\r\n|[\n\r\u0085\u2028\u2029]/g;
/**
 * Other control characters (C0 but tab, DEL, C1) and the bidirectional-text controls (LRM/RLM, ALM,
 * embeddings, overrides, isolates): they could hide or visually reorder what a reader sees.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** `::` at the start, after any whitespace the runner would trim. */
const LEADING_COMMAND = /^(\s*):(?=:)/;
const V1_COMMAND = /##\[/g;
/** Shown where a line break was. */
const LINE_BREAK_MARK = '⏎';
/**
 * One line of log text that cannot be, or contain, a workflow command: line breaks become ⏎,
 * other control characters U+FFFD, a leading `::` and any `##[` get a zero-width space after
 * their first character. The action's own messages come through unchanged.
 */
function neutralize(text) {
    return text
        .replace(LINE_BREAKS, LINE_BREAK_MARK)
        .replace(CONTROLS, '\uFFFD')
        .replace(LEADING_COMMAND, '$1:\u200b')
        .replace(V1_COMMAND, '#\u200b#[');
}

// EXTERNAL MODULE: ./src/core/log.ts
var log = __webpack_require__(44325);
// EXTERNAL MODULE: ./src/safety/bounded-body.ts
var bounded_body = __webpack_require__(86812);
// EXTERNAL MODULE: ./src/safety/one-line.ts
var one_line = __webpack_require__(33325);
// EXTERNAL MODULE: ./src/safety/redact.ts
var safety_redact = __webpack_require__(16713);
// EXTERNAL MODULE: ./src/core/retry-timing.ts
var retry_timing = __webpack_require__(10796);
;// CONCATENATED MODULE: ./src/github/rate-limit.ts
/**
 * GitHub's REST rate limits, as "Rate limits for the REST API" documents them. Over the primary limit GitHub
 * answers 403 or 429 with `x-ratelimit-remaining: 0`: no request before `x-ratelimit-reset` (epoch seconds).
 * Over a secondary limit it answers 403 or 429 with a message saying so: no request before `retry-after`
 * seconds when that header is there, before `x-ratelimit-reset` when remaining is 0, else after at least a minute.
 */

/** GitHub's advice when a secondary limit names no time. */
const SECONDARY_DEFAULT_WAIT_MS = 60_000;
/** A reset already in the past (clock skew) still waits this long, so the retry is not immediate. */
const MIN_WAIT_MS = 1_000;
function header(headers, name) {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
}
function count(text) {
    return text !== undefined && /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}
function readRateLimit(headers) {
    const reset = count(header(headers, 'x-ratelimit-reset'));
    const resource = header(headers, 'x-ratelimit-resource');
    return {
        limit: count(header(headers, 'x-ratelimit-limit')),
        remaining: count(header(headers, 'x-ratelimit-remaining')),
        used: count(header(headers, 'x-ratelimit-used')),
        resetAtMs: reset === undefined ? undefined : reset * 1000,
        // Shown in messages: only a plain word is kept.
        resource: resource !== undefined && /^[a-z_]{1,40}$/.test(resource) ? resource : undefined,
    };
}
/**
 * Whether a failed answer is a rate limit, and until when. Only 403 and 429 can be; a 403 without any sign of
 * a limit is a permission problem, not a rate limit. `message` is GitHub's error message (untrusted, only searched).
 */
function rateLimitHold(status, headers, message, nowMs) {
    if (status !== 403 && status !== 429)
        return undefined;
    const state = readRateLimit(headers);
    const retryAfterMs = (0,retry_timing/* parseRetryAfter */.m)(header(headers, 'retry-after'), nowMs);
    const secondaryMessage = /secondary rate limit|abuse detection/i.test(message);
    const primaryMessage = /API rate limit exceeded/i.test(message);
    const kind = !secondaryMessage && (state.remaining === 0 || primaryMessage) ? 'primary' : 'secondary';
    if (retryAfterMs !== undefined)
        return { kind, retryAtMs: nowMs + Math.max(MIN_WAIT_MS, retryAfterMs), basis: 'retry-after' };
    if (state.remaining === 0) {
        const resetAt = state.resetAtMs ?? nowMs + SECONDARY_DEFAULT_WAIT_MS;
        return { kind, retryAtMs: Math.max(nowMs + MIN_WAIT_MS, resetAt), basis: state.resetAtMs === undefined ? 'one-minute' : 'reset' };
    }
    // A 429 is a rate limit by definition; a 403 only when its message says so.
    if (status === 429 || secondaryMessage || primaryMessage) {
        return { kind, retryAtMs: nowMs + SECONDARY_DEFAULT_WAIT_MS, basis: 'one-minute' };
    }
    return undefined;
}


;// CONCATENATED MODULE: ./src/github/errors.ts
/**
 * Every way a GitHub REST call can fail, as one family of errors with a `kind` the caller switches on:
 *
 * - `auth`: 401, or a 403 that is not a rate limit. A configuration error (token, `permissions:`, fork).
 * - `rate-limited`: 403/429 over the primary or a secondary limit, and the wait did not fit (see client.ts).
 * - `validation`: 422 or 400, or a request the client refused to send (it would have been rejected).
 * - `rejected`: any other final 4xx (404: the repository or commit is not visible to this token).
 * - `transient`: 5xx, 408, network failures and per-request timeouts: another attempt may succeed.
 * - `unusable`: a 2xx whose body the client cannot trust (not JSON, missing fields, another commit's data).
 * - `deadline` / `aborted`: the gate's time ran out, or the job was cancelled.
 *
 * Messages carry GitHub's own message only redacted, on one line and cut short (it is untrusted text).
 */

class GitHubError extends Error {
    /** `METHOD /path` of the call, never a full URL. */
    endpoint;
    /** The HTTP status, when GitHub answered. */
    status;
    constructor(endpoint, status, message, options) {
        super(message, options);
        this.endpoint = endpoint;
        this.status = status;
    }
}
class GitHubAuthError extends GitHubError {
    name = 'GitHubAuthError';
    kind = 'auth';
}
class GitHubRateLimitError extends GitHubError {
    name = 'GitHubRateLimitError';
    kind = 'rate-limited';
    limit;
    /** Clock time (ms since the epoch) from which GitHub accepts requests again. */
    retryAtMs;
    constructor(args) {
        super(args.endpoint, args.status, args.message);
        this.limit = args.limit;
        this.retryAtMs = args.retryAtMs;
    }
}
class GitHubValidationError extends GitHubError {
    name = 'GitHubValidationError';
    kind = 'validation';
}
class GitHubRejectedError extends GitHubError {
    name = 'GitHubRejectedError';
    kind = 'rejected';
}
class GitHubTransientError extends GitHubError {
    name = 'GitHubTransientError';
    kind = 'transient';
}
class GitHubUnusableAnswerError extends GitHubError {
    name = 'GitHubUnusableAnswerError';
    kind = 'unusable';
    constructor(endpoint, detail) {
        super(endpoint, undefined, `${endpoint} returned an unusable answer: ${detail}`);
    }
}
class GitHubDeadlineError extends GitHubError {
    name = 'GitHubDeadlineError';
    kind = 'deadline';
}
class GitHubAbortedError extends GitHubError {
    name = 'GitHubAbortedError';
    kind = 'aborted';
}
/** Failures another attempt may not meet: the client retries these (within the deadline), nothing else. */
function isRetryable(error) {
    return error instanceof GitHubError && (error.kind === 'transient' || error.kind === 'unusable');
}
/** What the user can do about a final answer, where they will read it. */
function hintFor(status, operation) {
    if (status === 401) {
        return "The token was refused: check `github-token` (the default, the job's GITHUB_TOKEN, expires when the job ends)";
    }
    if (status === 403) {
        switch (operation) {
            case 'create-status':
                return ('The token may not write commit statuses: the job needs `permissions: statuses: write`. ' +
                    'On pull requests from forks the token is read-only whatever the workflow asks for: use `mode: wait` there');
            case 'read-status':
                return 'The token may not read commit statuses: the job needs `permissions: statuses: read` (or `write`)';
            case 'list-pulls':
                return 'The token may not list pull requests: the job needs `permissions: pull-requests: read`';
        }
    }
    if (status === 404)
        return "The repository or commit is not visible to this token: check the repository and the token's access";
    return '';
}
/** The one place that decides what a failed GitHub answer means. */
function classifyFailure(answer) {
    const { endpoint, status, message, operation } = answer;
    const hold = rateLimitHold(status, answer.headers, message, answer.nowMs);
    if (hold)
        return { kind: 'rate-limit', hold };
    const hint = hintFor(status, operation);
    const text = `${endpoint} answered HTTP ${status}${message ? `: ${message}` : ''}${hint ? `. ${hint}` : ''}`;
    if (status === 401 || status === 403)
        return { kind: 'error', error: new GitHubAuthError(endpoint, status, text) };
    if (status === 400 || status === 422)
        return { kind: 'error', error: new GitHubValidationError(endpoint, status, text) };
    if (status === 408 || status >= 500)
        return { kind: 'error', error: new GitHubTransientError(endpoint, status, text) };
    return { kind: 'error', error: new GitHubRejectedError(endpoint, status, text) };
}
/** The rate limit could not be waited out: say which one, until when, and why the client did not wait. */
function rateLimitError(endpoint, status, hold, nowMs, why) {
    const seconds = Math.ceil(Math.max(0, hold.retryAtMs - nowMs) / 1000);
    const until = hold.basis === 'retry-after' ? `retry-after ${seconds}s` : hold.basis === 'reset' ? `reset in ${seconds}s` : `at least ${seconds}s`;
    const message = `${endpoint} answered HTTP ${status}: GitHub's ${hold.kind} rate limit (${until}); ${why}`;
    return new GitHubRateLimitError({ endpoint, status, limit: hold.kind, retryAtMs: hold.retryAtMs, message });
}

;// CONCATENATED MODULE: ./src/github/link.ts
/**
 * The `Link` response header of GitHub's paginated lists (RFC 8288): `<url>; rel="next", <url>; rel="last"`.
 * The client only asks whether a next page exists and then requests it by page number itself: a URL from an
 * answer is never followed, so the token can only ever go to GITHUB_API_URL.
 */
/** The relations the header names, each with its URL as written (untrusted; not to be requested). */
function parseLinkHeader(header) {
    const links = new Map();
    if (!header)
        return links;
    // Each link is `<url>` followed by `; param` pairs; URLs cannot hold `>` unescaped.
    for (const match of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
        const [, url, params] = match;
        const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(params)?.[1];
        // One link may carry several space-separated relations (rel="next last").
        for (const name of rel?.trim().toLowerCase().split(/\s+/) ?? [])
            if (!links.has(name))
                links.set(name, url);
    }
    return links;
}
function hasNextPage(header) {
    return parseLinkHeader(header).has('next');
}

;// CONCATENATED MODULE: ./src/github/client.ts
/**
 * One GitHub REST call at a time over undici, with the gate's rules: every attempt ends by the deadline (and
 * the request timeout) or when the job is cancelled; transient failures are retried with backoff while time
 * is left; a rate limit is waited out only when the wait is short and ends before the deadline, otherwise it is
 * reported (GitHubRateLimitError) so the caller can leave its work for later. Answers are read with a size
 * limit, and any text from them is redacted, put on one line and cut before it reaches a message.
 */










const DEFAULT_GITHUB_RETRY = { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 8_000 };
/** A rate limit longer than this is reported, not waited out: a runner waiting is what detached mode avoids. */
const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 60_000;
/** Rate-limit waits per call; a limit that refuses again after its own reset is reported. */
const MAX_RATE_LIMIT_WAITS = 2;
/** Time the request itself needs once a rate-limit wait is over. */
const REQUEST_ROOM_MS = 1_000;
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const MAX_ERROR_BODY_BYTES = 64 * 1024;
const MESSAGE_CHARS = 300;
/**
 * `/repos/{owner}/{repo}/...` with every segment percent-encoded, so no value can add a path segment or a query.
 * Empty and dot segments are refused: URL parsing would drop or climb them (`%2e%2e` included).
 */
function repoPath(repo, ...segments) {
    const all = ['repos', repo.owner, repo.repo, ...segments];
    const bad = all.find((s) => s === '' || s === '.' || s === '..');
    if (bad !== undefined)
        throw new RangeError(`not a usable path segment: "${bad}"`);
    return `/${all.map((s) => encodeURIComponent(s)).join('/')}`;
}
/** GITHUB_REPOSITORY (`owner/name`) as GitHub allows the two names; undefined for anything else. */
function parseRepository(value) {
    const match = /^([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100})$/.exec(value ?? '');
    if (!match || match[2] === '.' || match[2] === '..')
        return undefined;
    return { owner: match[1], repo: match[2] };
}
/** GITHUB_API_URL when it is an http(s) URL, else GitHub.com's API. */
function githubApiUrl(env) {
    const value = env.GITHUB_API_URL?.trim();
    if (value && /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(value))
        return value.replace(/\/+$/, '');
    return 'https://api.github.com';
}
class GitHubClient {
    stats;
    /** Removes the token (and the other secrets) from any text that came back from GitHub. */
    redact;
    /** The rate-limit headers of the last answer, for the summary. */
    lastRateLimit;
    options;
    baseUrl;
    constructor(options, stats = { requests: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitedMs: 0 }) {
        this.options = options;
        this.stats = stats;
        this.baseUrl = options.apiUrl.replace(/\/+$/, '');
        this.redact = (0,safety_redact/* redactorFor */.sD)([options.token, ...(options.otherSecrets ?? [])]);
    }
    /** The same client with another deadline, sharing the counts. */
    withDeadline(deadline) {
        return new GitHubClient({ ...this.options, deadline }, this.stats);
    }
    /** One call: attempts with retries and rate-limit waits, all within the deadline. */
    async call(call) {
        const endpoint = `${call.method} ${call.path}`;
        if (!this.options.token) {
            throw new GitHubAuthError(endpoint, undefined, `${endpoint} was not sent: no GitHub token. Check \`github-token\``);
        }
        const policy = this.options.retry ?? DEFAULT_GITHUB_RETRY;
        let failures = 0;
        let waits = 0;
        for (;;) {
            let attempt;
            try {
                attempt = await this.attempt(call, endpoint);
            }
            catch (error) {
                failures++;
                await this.backOffOrThrow(error, failures, policy);
                continue;
            }
            if (attempt.kind === 'answer')
                return attempt.answer;
            waits++;
            await this.waitOutOrThrow(endpoint, attempt, waits);
        }
    }
    async backOffOrThrow(error, failures, policy) {
        const { clock, sleep, deadline, signal } = this.options;
        if (!isRetryable(error) || failures >= policy.maxAttempts || signal?.aborted)
            throw error;
        const delayMs = (0,retry_timing/* backoffDelay */.E)(policy, failures - 1, this.options.random ?? Math.random);
        if (clock.now() + delayMs >= deadline)
            throw error;
        this.stats.retries++;
        this.logger().info(`${error.message}; retry ${failures} in ${(delayMs / 1000).toFixed(1)}s`);
        await sleep(delayMs, signal);
    }
    /** Waits until GitHub accepts requests again, when that is soon enough and before the deadline; else throws. */
    async waitOutOrThrow(endpoint, limited, waits) {
        const { clock, sleep, deadline, signal } = this.options;
        const now = clock.now();
        const waitMs = Math.max(0, limited.hold.retryAtMs - now);
        const maxWait = this.options.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
        const refuse = (why) => rateLimitError(endpoint, limited.status, limited.hold, now, why);
        if (waits > MAX_RATE_LIMIT_WAITS)
            throw refuse(`still limited after ${MAX_RATE_LIMIT_WAITS} waits`);
        if (waitMs > maxWait)
            throw refuse(`longer than the ${Math.round(maxWait / 1000)}s the gate waits for it`);
        if (limited.hold.retryAtMs + REQUEST_ROOM_MS > deadline)
            throw refuse('it ends after the deadline');
        this.stats.rateLimitWaits++;
        this.stats.rateLimitWaitedMs += waitMs;
        this.logger().info(`${endpoint}: GitHub's ${limited.hold.kind} rate limit; waiting ${Math.ceil(waitMs / 1000)}s`);
        await sleep(waitMs, signal);
        if (signal?.aborted)
            throw new GitHubAbortedError(endpoint, undefined, `${endpoint} interrupted: ${String(signal.reason ?? 'aborted')}`);
    }
    async attempt(call, endpoint) {
        const { clock, deadline, signal, requestTimeoutMs } = this.options;
        if (signal?.aborted)
            throw new GitHubAbortedError(endpoint, undefined, `${endpoint} interrupted: ${String(signal.reason ?? 'aborted')}`);
        const remaining = deadline - clock.now();
        if (remaining <= 0)
            throw new GitHubDeadlineError(endpoint, undefined, `${endpoint}: the timeout was reached before the request could start`);
        const budget = Math.min(requestTimeoutMs, remaining);
        const timeout = AbortSignal.timeout(budget);
        const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
        this.stats.requests++;
        try {
            return await this.exchange(call, endpoint, combined, budget);
        }
        catch (error) {
            if (error instanceof GitHubError)
                throw error;
            if (signal?.aborted)
                throw new GitHubAbortedError(endpoint, undefined, `${endpoint} interrupted: ${String(signal.reason ?? 'aborted')}`);
            if (timeout.aborted) {
                if (budget >= remaining)
                    throw new GitHubDeadlineError(endpoint, undefined, `${endpoint}: the timeout was reached while waiting for the answer`);
                throw new GitHubTransientError(endpoint, undefined, `${endpoint} failed: no complete answer within ${budget}ms`);
            }
            const code = error.code ?? 'NETWORK_ERROR';
            const detail = this.safeText(error instanceof Error ? error.message : String(error));
            throw new GitHubTransientError(endpoint, undefined, `${endpoint} failed: ${code} (${detail})`, { cause: error });
        }
    }
    async exchange(call, endpoint, signal, budget) {
        const query = call.query ? `?${new URLSearchParams(call.query).toString()}` : '';
        const headers = {
            accept: 'application/vnd.github+json',
            authorization: `Bearer ${this.options.token}`,
            'user-agent': this.options.userAgent,
            'x-github-api-version': '2022-11-28',
        };
        if (call.method === 'POST')
            headers['content-type'] = 'application/json';
        const response = await (0,undici.request)(`${this.baseUrl}${call.path}${query}`, {
            method: call.method,
            headers,
            body: call.method === 'POST' ? JSON.stringify(call.body ?? {}) : undefined,
            dispatcher: this.options.dispatcher,
            signal,
            headersTimeout: budget,
            bodyTimeout: budget,
        });
        const status = response.statusCode;
        const ok = status >= 200 && status < 300;
        const responseHeaders = response.headers;
        const rateLimit = readRateLimit(responseHeaders);
        this.lastRateLimit = rateLimit;
        const read = await (0,bounded_body/* readBoundedBody */.c)(response.body, ok ? MAX_BODY_BYTES : MAX_ERROR_BODY_BYTES);
        const text = read.ok ? read.text : undefined;
        if (!ok)
            return this.failed(call, endpoint, status, responseHeaders, text);
        if (text === undefined)
            throw new GitHubUnusableAnswerError(endpoint, `body larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB, refused`);
        let json;
        try {
            json = JSON.parse(text);
        }
        catch {
            throw new GitHubUnusableAnswerError(endpoint, `body is not JSON: ${this.safeText(text) || '(empty)'}`);
        }
        const link = responseHeaders.link;
        return { kind: 'answer', answer: { status, json, hasNextPage: hasNextPage(Array.isArray(link) ? link.join(', ') : link), rateLimit } };
    }
    failed(call, endpoint, status, headers, text) {
        const message = text === undefined ? '(body too large to show)' : this.safeText(githubMessage(text));
        const classified = classifyFailure({ endpoint, status, headers, message, operation: call.operation, nowMs: this.options.clock.now() });
        if (classified.kind === 'rate-limit')
            return { kind: 'limited', status, hold: classified.hold };
        throw classified.error;
    }
    /** Untrusted text made fit for a message: the one-line helper (redact, flatten, cut), then no workflow command. */
    safeText(text) {
        return neutralize((0,one_line/* oneLine */.T)(text, { redact: this.redact, flatten: 'all-whitespace', trim: true, maxChars: MESSAGE_CHARS }));
    }
    logger() {
        return this.options.logger ?? log/* silentLogger */.q;
    }
}
/** GitHub's error message and the messages of its `errors` list; the raw text when it is not GitHub's JSON. */
function githubMessage(text) {
    try {
        const body = JSON.parse(text);
        const parts = typeof body.message === 'string' ? [body.message] : [];
        if (Array.isArray(body.errors)) {
            for (const item of body.errors.slice(0, 5)) {
                const message = item?.message;
                if (typeof message === 'string')
                    parts.push(message);
            }
        }
        return parts.length > 0 ? parts.join(' — ') : text;
    }
    catch {
        return text;
    }
}

;// CONCATENATED MODULE: ./src/github/parse.ts
/**
 * Small readers for GitHub's JSON answers: each returns the value when it has the expected form and
 * throws GitHubUnusableAnswerError naming the field otherwise (never echoing the untrusted value).
 */

/** A commit SHA as GitHub writes it: 40 lower-case hex digits. */
const SHA_PATTERN = /^[0-9a-f]{40}$/;
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
class Reader {
    endpoint;
    /** Where in the answer this reader is, e.g. `statuses[3]`, for the message. */
    where;
    constructor(endpoint, where) {
        this.endpoint = endpoint;
        this.where = where;
    }
    fail(field, problem) {
        throw new GitHubUnusableAnswerError(this.endpoint, `${this.where ? `${this.where}.` : ''}${field} ${problem}`);
    }
    object(value, field) {
        if (!isObject(value))
            this.fail(field, 'is not an object');
        return value;
    }
    string(value, field) {
        const item = value[field];
        if (typeof item !== 'string')
            this.fail(field, 'is not a string');
        return item;
    }
    nullableString(value, field) {
        const item = value[field];
        if (item === null || item === undefined)
            return null;
        if (typeof item !== 'string')
            this.fail(field, 'is not a string or null');
        return item;
    }
    /** A whole number from 0 (ids, counts). */
    count(value, field) {
        const item = value[field];
        if (typeof item !== 'number' || !Number.isSafeInteger(item) || item < 0)
            this.fail(field, 'is not a whole number');
        return item;
    }
    oneOf(value, field, allowed) {
        const item = value[field];
        if (typeof item !== 'string' || !allowed.includes(item))
            this.fail(field, `is not one of ${allowed.join(', ')}`);
        return item;
    }
    sha(value, field) {
        const item = value[field];
        if (typeof item !== 'string' || !SHA_PATTERN.test(item))
            this.fail(field, 'is not a commit SHA (40 lower-case hex digits)');
        return item;
    }
    at(where) {
        return new Reader(this.endpoint, this.where ? `${this.where}.${where}` : where);
    }
}

;// CONCATENATED MODULE: ./src/github/statuses.ts
/**
 * Commit statuses (GitHub REST "Commit statuses"): create one, and read a commit's combined status, which holds
 * the latest status of every context. Contexts and descriptions come from any app or workflow of the
 * repository: they are kept raw here and are untrusted text for every sink (neutralize, escape, redact).
 */



const COMMIT_STATES = ['pending', 'success', 'failure', 'error'];
/** GitHub answers 422 to a longer description (counted in characters). */
const MAX_DESCRIPTION_CHARS = 140;
/** Contexts per page of a combined status (GitHub's maximum). */
const PER_PAGE = 100;
/** 1,000 contexts: far more than a commit has; past it the answer is marked incomplete. */
const MAX_COMBINED_PAGES = 10;
/** Characters as GitHub counts them (code points), not UTF-16 units. */
function characterCount(text) {
    return [...text].length;
}
/** Checks what GitHub would reject before sending, so a bad status is a clear error and costs no request. */
function checkNewStatus(endpoint, sha, status) {
    const refuse = (problem) => {
        throw new GitHubValidationError(endpoint, undefined, `${endpoint} was not sent: ${problem}`);
    };
    if (!SHA_PATTERN.test(sha))
        refuse('the commit is not a SHA of 40 lower-case hex digits');
    if (!COMMIT_STATES.includes(status.state))
        refuse(`the state is not one of ${COMMIT_STATES.join(', ')}`);
    if (status.context.trim() === '')
        refuse('the context is empty');
    if (status.description !== undefined && characterCount(status.description) > MAX_DESCRIPTION_CHARS) {
        refuse(`the description has ${characterCount(status.description)} characters, more than GitHub's ${MAX_DESCRIPTION_CHARS}`);
    }
}
/**
 * POST /repos/{owner}/{repo}/statuses/{sha}. The answer must echo the state and context sent, or it is unusable.
 * Retried on 5xx like any call: a status written twice is the same status shown once.
 */
async function createStatus(client, repo, sha, status) {
    const path = repoPath(repo, 'statuses', sha);
    const endpoint = `POST ${path}`;
    checkNewStatus(endpoint, sha, status);
    const body = { state: status.state, context: status.context };
    if (status.description !== undefined)
        body.description = status.description;
    if (status.targetUrl !== undefined)
        body.target_url = status.targetUrl;
    const answer = await client.call({ operation: 'create-status', method: 'POST', path, body });
    const created = parseStatus(new Reader(endpoint, ''), answer.json);
    if (created.state !== status.state || created.context.toLowerCase() !== status.context.toLowerCase()) {
        throw new GitHubUnusableAnswerError(endpoint, 'the status in the answer is not the one sent');
    }
    return created;
}
/**
 * GET /repos/{owner}/{repo}/commits/{sha}/status, page after page (100 contexts each) while GitHub announces
 * another page and contexts are missing, at most MAX_COMBINED_PAGES pages.
 */
async function getCombinedStatus(client, repo, sha) {
    const path = repoPath(repo, 'commits', sha, 'status');
    const endpoint = `GET ${path}`;
    if (!SHA_PATTERN.test(sha)) {
        throw new GitHubValidationError(endpoint, undefined, `${endpoint} was not sent: the commit is not a SHA of 40 lower-case hex digits`);
    }
    const latest = new Map();
    let first;
    let totalCount = 0;
    for (let page = 1; page <= MAX_COMBINED_PAGES; page++) {
        const answer = await client.call({
            operation: 'read-status',
            method: 'GET',
            path,
            query: { per_page: String(PER_PAGE), page: String(page) },
        });
        const combined = parseCombined(new Reader(endpoint, ''), answer.json, sha);
        first ??= combined;
        totalCount = Math.max(totalCount, combined.totalCount);
        for (const status of combined.statuses)
            keepLatest(latest, status);
        if (!answer.hasNextPage || combined.statuses.length === 0 || latest.size >= totalCount)
            break;
    }
    const state = first.state;
    return { sha, state, totalCount, statuses: [...latest.values()], complete: latest.size >= totalCount };
}
/** A context listed twice (it moved between pages while they were read) keeps its newest status. */
function keepLatest(latest, status) {
    const key = status.context.toLowerCase();
    const seen = latest.get(key);
    if (!seen || status.id > seen.id)
        latest.set(key, status);
}
function parseCombined(read, json, sha) {
    const body = read.object(json, 'the answer');
    if (read.sha(body, 'sha') !== sha)
        read.fail('sha', 'is not the commit asked for');
    const list = body.statuses;
    if (!Array.isArray(list))
        read.fail('statuses', 'is not a list');
    return {
        state: read.oneOf(body, 'state', COMMIT_STATES),
        totalCount: read.count(body, 'total_count'),
        statuses: list.map((item, i) => parseStatus(read.at(`statuses[${i}]`), item)),
    };
}
function parseStatus(read, json) {
    const status = read.object(json, 'status');
    return {
        id: read.count(status, 'id'),
        state: read.oneOf(status, 'state', COMMIT_STATES),
        context: read.string(status, 'context'),
        description: read.nullableString(status, 'description'),
        targetUrl: read.nullableString(status, 'target_url'),
        createdAt: read.string(status, 'created_at'),
        updatedAt: read.string(status, 'updated_at'),
    };
}

;// CONCATENATED MODULE: ./src/github/gate-status.ts




/** The run id form every id the gate uses must have (core/ids.ts). */
const RUN_ID_PATTERN = ids/* ID_PATTERN */.pw;
/** `rerun-failed` allows at most 5 reruns. */
const MAX_RERUNS = 5;
const UNUSABLE_PENDING = 'unusable pending status';
/** `status-context` when not given: the same in the pull request workflow and the reconcile. */
function defaultStatusContext(suiteId) {
    return `MKA1 eval / ${suiteId}`;
}
/**
 * The pending description. The run id and the rerun count must survive (the reconcile reads them back), so
 * when all of it does not fit in 140 characters the progress is left out, and when even that does not fit
 * (a run id of more than 113 characters with a rerun) there is no description: the caller cannot detach.
 */
function pendingDescription(progress) {
    if (!RUN_ID_PATTERN.test(progress.runId))
        return { ok: false, problem: 'the run id is not of the id form' };
    const { rerun } = progress;
    if (rerun &&
        !(Number.isInteger(rerun.attempt) &&
            Number.isInteger(rerun.of) &&
            rerun.attempt >= 1 &&
            rerun.attempt <= rerun.of &&
            rerun.of <= MAX_RERUNS)) {
        return { ok: false, problem: `the rerun count must be k of N with 1 ≤ k ≤ N ≤ ${MAX_RERUNS}` };
    }
    const head = `Waiting for ${progress.runId}`;
    const suffix = rerun ? ` · rerun ${rerun.attempt} of ${rerun.of}` : '';
    const status = /^[a-z_]{1,20}$/.test(progress.status) ? progress.status : 'unknown';
    const counts = isCount(progress.completed) && isCount(progress.total) ? ` ${progress.completed}/${progress.total}` : '';
    const full = `${head}: ${status}${counts}${suffix}`;
    if (full.length <= MAX_DESCRIPTION_CHARS)
        return { ok: true, description: full };
    if (head.length + suffix.length <= MAX_DESCRIPTION_CHARS)
        return { ok: true, description: `${head}${suffix}` };
    return {
        ok: false,
        problem: `the run id is too long to fit a ${MAX_DESCRIPTION_CHARS}-character status description with the rerun count`,
    };
}
function isCount(value) {
    return Number.isSafeInteger(value) && value >= 0 && value < 1e9;
}
/** The exact forms pendingDescription writes; nothing else is read as a run id. */
const PENDING_FORM = /^Waiting for ([A-Za-z0-9][A-Za-z0-9_-]{0,127})(?:: [a-z_]{1,20}(?: (\d{1,9})\/(\d{1,9}))?)?(?: · rerun ([1-5]) of ([1-5]))?$/;
/**
 * Reads a pending status of this gate's context back: the run id (of the strict id form) and how many reruns
 * were asked for. Anything else is an unusable pending status; `detail` says why without echoing the text.
 */
function parsePendingDescription(description) {
    const unusable = (detail) => ({ ok: false, problem: UNUSABLE_PENDING, detail });
    if (description === null || description === '')
        return unusable('the status has no description');
    if (description.length > MAX_DESCRIPTION_CHARS * 2)
        return unusable('the description is longer than any this gate writes');
    const match = PENDING_FORM.exec(description);
    if (!match)
        return unusable('the description is not of the form "Waiting for <run id>: <status> <completed>/<total>"');
    const [, runId, , , attempt, of] = match;
    if (!RUN_ID_PATTERN.test(runId))
        return unusable('the run id is not of the id form');
    if (attempt !== undefined && Number(attempt) > Number(of))
        return unusable('the rerun count is more than its limit');
    return { ok: true, runId, rerunsRequested: attempt === undefined ? 0 : Number(attempt) };
}
/**
 * The `<completed>/<total>` a pending description of this gate carries, undefined when it carries none (the progress
 * is left out when the run id is long). After a rerun asked by a reconcile these are the run's counts before the
 * rerun: the next reconcile checks the rerun against them (a rerun cannot make failures disappear).
 */
function pendingCounts(description) {
    const match = description === null ? null : PENDING_FORM.exec(description);
    if (!match?.[2] || !match[3])
        return undefined;
    return { completed: Number(match[2]), total: Number(match[3]) };
}
/**
 * The status for a verdict: pass → success, fail → failure, inconclusive → error, or success when
 * `on-inconclusive` is warn or pass (the job would pass), with the description saying it was inconclusive.
 * `reason` is the gate's one-line reason (as in the summary's verdict line).
 */
function finalStatus(outcome, reason, onInconclusive, redact) {
    switch (outcome) {
        case 'pass':
            return { state: 'success', description: statusDescription(`Passed: ${reason}`, redact) };
        case 'fail':
            return { state: 'failure', description: statusDescription(`Failed: ${reason}`, redact) };
        case 'inconclusive':
            if (onInconclusive === 'fail')
                return { state: 'error', description: statusDescription(`Inconclusive: ${reason}`, redact) };
            return { state: 'success', description: statusDescription(`Inconclusive (on-inconclusive: ${onInconclusive}): ${reason}`, redact) };
    }
}
/**
 * Any text as a status description: redacted first (a secret cut in half would escape the redactor), then one
 * line (every run of whitespace one space), without control characters or a leading workflow command, and cut
 * to 140 characters as GitHub counts them (code points), ending in `…` when cut.
 */
function statusDescription(text, redact) {
    const line = neutralize(redact(text).replace(/\s+/g, ' ').trim());
    const chars = [...line];
    return chars.length <= MAX_DESCRIPTION_CHARS ? line : `${chars.slice(0, MAX_DESCRIPTION_CHARS - 1).join('')}…`;
}
/**
 * The workflow run a status links to: `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID`.
 * Undefined unless all three have their form (an http(s) origin, owner/name, digits): then no link is set.
 */
function workflowRunUrl(env) {
    const server = env.GITHUB_SERVER_URL?.trim().replace(/\/+$/, '');
    const repo = parseRepository(env.GITHUB_REPOSITORY?.trim());
    const runId = env.GITHUB_RUN_ID?.trim();
    if (!server || !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~/-]*)?$/.test(server))
        return undefined;
    if (!repo || !runId || !/^\d{1,20}$/.test(runId))
        return undefined;
    return `${server}/${repo.owner}/${repo.repo}/actions/runs/${runId}`;
}

;// CONCATENATED MODULE: ./src/session/github.ts

/**
 * The GitHub REST client of a detached gate or a reconcile: `github-token`, GITHUB_API_URL, and the session's
 * deadline, dispatcher, clock and cancellation, so no GitHub request outlives the gate's timeout either.
 */
function openGitHub(session, target) {
    const { config, deps, hardDeadline } = session;
    const github = new GitHubClient({
        apiUrl: target.apiUrl,
        token: config.comment.token,
        userAgent: deps.userAgent,
        dispatcher: deps.dispatcher,
        clock: deps.clock,
        sleep: deps.sleep,
        deadline: hardDeadline,
        requestTimeoutMs: config.requestTimeoutMs,
        signal: deps.signal,
        random: deps.random,
        logger: deps.logger,
        otherSecrets: [config.apiKey],
    });
    return { github, repo: { owner: target.owner, repo: target.repo } };
}

// EXTERNAL MODULE: ./src/api/client.ts + 4 modules
var api_client = __webpack_require__(78253);
// EXTERNAL MODULE: ./src/api/retry.ts
var retry = __webpack_require__(67018);
;// CONCATENATED MODULE: ./src/core/duration.ts
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const UNIT_ORDER = ['d', 'h', 'm', 's', 'ms'];
/**
 * Parses `500ms`, `15s`, `30m`, `1.5h`, `3d`, a bare number of seconds, or a combination from the
 * largest unit down as people write ages (`1d12h`, `1h 30m`, which formatDuration prints). Returns
 * undefined when malformed.
 */
function parseDuration(text) {
    const trimmed = text.trim();
    if (/^\d+(?:\.\d+)?$/.test(trimmed))
        return Math.round(Number(trimmed) * 1000);
    const part = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*/iy;
    let total = 0;
    let lastRank = -1;
    let at = 0;
    while (at < trimmed.length) {
        part.lastIndex = at;
        const match = part.exec(trimmed);
        if (!match)
            return undefined;
        const unit = match[2].toLowerCase();
        // Each unit once, largest first: `30m1h` is more likely a typo than a duration.
        const rank = UNIT_ORDER.indexOf(unit);
        if (rank <= lastRank)
            return undefined;
        lastRank = rank;
        total += Number(match[1]) * UNIT_MS[unit];
        at = part.lastIndex;
    }
    return at === 0 ? undefined : Math.round(total);
}
/** Human form for logs and the summary: `850ms`, `42s`, `3m 05s`, `1h 02m`. */
function formatDuration(ms) {
    if (!Number.isFinite(ms) || ms < 0)
        return 'n/a';
    if (ms < 999.5)
        return `${Math.round(ms)}ms`;
    const totalSeconds = Math.round(ms / 1000);
    if (totalSeconds < 60)
        return `${totalSeconds}s`;
    const hours = Math.floor(totalSeconds / 3600);
    const minutes = Math.floor((totalSeconds % 3600) / 60);
    const seconds = totalSeconds % 60;
    const pad = (n) => String(n).padStart(2, '0');
    return hours > 0 ? `${hours}h ${pad(minutes)}m` : `${minutes}m ${pad(seconds)}s`;
}
/** How long ago, in words, for reasons people read: `3 days`, `1 day 2 hours`, `5 hours 3 minutes`, `40 seconds`. */
function formatAge(ms) {
    if (!Number.isFinite(ms) || ms < 0)
        return 'an unknown time';
    const plural = (n, unit) => `${n} ${unit}${n === 1 ? '' : 's'}`;
    const both = (a, aUnit, b, bUnit) => b > 0 ? `${plural(a, aUnit)} ${plural(b, bUnit)}` : plural(a, aUnit);
    const seconds = Math.floor(ms / 1000);
    if (seconds < 60)
        return plural(seconds, 'second');
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60)
        return both(minutes, 'minute', seconds % 60, 'second');
    const hours = Math.floor(minutes / 60);
    if (hours < 24)
        return both(hours, 'hour', minutes % 60, 'minute');
    return both(Math.floor(hours / 24), 'day', hours % 24, 'hour');
}

;// CONCATENATED MODULE: ./src/core/phase.ts
const next = (value) => ({ kind: 'next', value });
const end = (result) => ({ kind: 'end', result });

;// CONCATENATED MODULE: ./src/session/session.ts





// Every phase returns one of these; defined in core/ with the result, named here beside the session.

/** Time allowed for the cancel request once the gate has already timed out or been interrupted. */
const CANCEL_GRACE_MS = 5_000;
function openSession(config, deps) {
    const { clock, logger } = deps;
    const startedAt = clock.now();
    const hardDeadline = startedAt + config.timeoutMs;
    // With cancel-run-on: timeout, stop watching a little early so the cancel request still ends by the deadline.
    const cancelReserve = config.cancelRunOn.timeout ? Math.min(CANCEL_GRACE_MS, config.timeoutMs / 4) : 0;
    const deadline = hardDeadline - cancelReserve;
    const client = new api_client/* EvalsClient */.X0({
        baseUrl: config.apiUrl,
        apiKey: config.apiKey,
        otherSecrets: [config.comment.token],
        onBehalfOf: config.onBehalfOf,
        userAgent: deps.userAgent,
        dispatcher: deps.dispatcher,
        requestTimeoutMs: config.requestTimeoutMs,
        deadline,
        clock,
        sleep: deps.sleep,
        random: deps.random,
        signal: deps.signal,
        logger,
    });
    const poll = {
        clock,
        sleep: deps.sleep,
        deadline,
        intervalMs: config.pollIntervalMs,
        signal: deps.signal,
        finalCheckReserveMs: Math.min(500, config.pollIntervalMs),
        // A brief outage during a long wait misses a poll; it does not end the gate before the deadline.
        tolerate: retry/* isTransientFailure */.Ri,
        // The timeout striking inside a request ends the poll like one between polls, naming the last problem seen.
        isDeadline: (error) => error instanceof errors/* DeadlineExceededError */.Kt,
        onMissedCheck: (error) => logger.info(`${client.redact(error.message)}; trying again at the next poll`),
    };
    return { config, deps, client, poll, result: emptyResult(client), startedAt, hardDeadline, deadline };
}
/** The same session (client, deadline, config) with a result of its own: a reconcile judges one run per pull request. */
function withFreshResult(session) {
    return { ...session, result: emptyResult(session.client) };
}
function emptyResult(client) {
    return {
        outcome: 'inconclusive',
        reason: '',
        run: undefined,
        criteria: [],
        lookup: undefined,
        elapsedMs: 0,
        api: client.stats,
        cancelRequest: undefined,
        inputProblems: [],
        baseline: undefined,
        created: false,
        reruns: [],
        failedSamples: undefined,
    };
}
/** Ends the gate: the outcome, its one-line reason (redacted), and the time it took. */
function finish(session, outcome, reason) {
    const { result, client, deps, startedAt } = session;
    result.outcome = outcome;
    result.reason = client.redact(reason);
    result.elapsedMs = deps.clock.now() - startedAt;
    return result;
}
/** Timeout or interruption: say when and what was last seen (before any cancel changes it), then cancel if asked. */
async function stopped(session, why, during, detail) {
    const { result, config, deps } = session;
    const seen = result.run ? `; last seen: ${(0,core_run/* describeRunState */.Sn)(result.run)}` : '';
    const timeout = formatDuration(config.timeoutMs);
    const cause = {
        deadline: `timeout of ${timeout} reached ${during}${seen}`,
        aborted: `interrupted by the runner (${String(deps.signal?.reason ?? 'signal')}) ${during}${seen}`,
        // The API asked to wait longer than the time left: the run is still going, so it is not cancelled.
        'retry-past-deadline': `timeout of ${timeout} would pass before the API answers again, ${during}${seen}`,
    }[why];
    const reason = detail ? `${cause} (last error: ${detail})` : cause;
    if (why !== 'retry-past-deadline') {
        // After a timeout the cancel must end by the hard deadline; after a signal, the runner allows a few seconds.
        const cancelBy = why === 'deadline' ? session.hardDeadline : deps.clock.now() + CANCEL_GRACE_MS;
        await cancelIfAsked(session, why === 'deadline' ? 'timeout' : 'abort', cancelBy);
    }
    return finish(session, 'inconclusive', reason);
}
async function cancelIfAsked(session, why, cancelBy) {
    const { result, client, config, deps } = session;
    const run = result.run;
    if (!run || (0,core_run/* isTerminal */.Hd)(run.status) || !config.cancelRunOn[why])
        return;
    try {
        const cancelled = await client.withDeadline(cancelBy).cancelRun(run.id);
        result.run = cancelled;
        result.cancelRequest = { ok: true, detail: `asked MKA1 to cancel run ${run.id} (now ${cancelled.status})` };
    }
    catch (error) {
        const message = error instanceof Error ? client.redact(error.message) : String(error);
        result.cancelRequest = { ok: false, detail: `could not cancel run ${run.id}: ${message}` };
    }
    deps.logger.info(result.cancelRequest.detail);
}

;// CONCATENATED MODULE: ./src/github/post-status.ts


const CONFIGURATION = new Set(['auth', 'validation', 'rejected']);
/** Whether a GitHub failure is the configuration's (token, permissions, repository) rather than GitHub's state. */
function isConfigurationError(error) {
    return CONFIGURATION.has(error.kind);
}
/** POST /repos/{owner}/{repo}/statuses/{sha}; GitHub errors become a value, anything else is a bug and is thrown. */
async function postStatus(github, repo, sha, status) {
    try {
        return { ok: true, status: await createStatus(github, repo, sha, status) };
    }
    catch (error) {
        if (!(error instanceof GitHubError))
            throw error;
        return {
            ok: false,
            failure: isConfigurationError(error) ? 'fail' : 'inconclusive',
            kind: error.kind,
            error: github.redact(error.message),
        };
    }
}

;// CONCATENATED MODULE: ./src/detach/detach.ts
/**
 * `mode: detach` (issue 17): find or start the run as wait mode does, watch it for at most `detach-after`, and then
 * either set the verdict as the commit status (the run finished in time) or post a pending status naming the run on
 * the pull request's head commit and end at once: the reconcile workflow completes the status later.
 */






async function detachGate(session, steps) {
    const mode = session.config.mode;
    if (mode.pullRequest.fromFork) {
        session.deps.logger.info('The head branch lives in another repository (a fork): on pull_request events its token is read-only and cannot set the status');
    }
    const decision = await decide(session, mode, steps);
    return decision.kind === 'pending' ? detach(session, mode, decision) : settle(session, mode, decision.result);
}
async function decide(session, mode, steps) {
    try {
        const found = await steps.findOrStartRun(session);
        if (found.kind === 'end')
            return { kind: 'verdict', result: found.result };
        const watched = await steps.watchUntil(session, found.value.run, session.deps.clock.now() + mode.detachAfterMs);
        if (watched.kind === 'end')
            return { kind: 'verdict', result: watched.result };
        // Nothing is judged, no rerun asked for, and no run named in a pending status, unless the run read last is still
        // the run chosen: the reconcile can check the suite of the run a pending status names, not its metadata.
        const checked = steps.recheck(session, found.value.identity, watched.value.run);
        if (checked.kind === 'end')
            return { kind: 'verdict', result: checked.result };
        const run = checked.value;
        if (!watched.value.terminal)
            return { kind: 'pending', run, counts: run.request_counts };
        const rerun = await rerunIfWanted(session, run, steps);
        // The counts recorded are the checked run's (read by id), never the rerun answer's: the reconcile checks the
        // rerun against them (a rerun cannot make failures disappear).
        if (rerun)
            return { kind: 'pending', run: rerun, counts: run.request_counts, rerun: { attempt: 1, of: session.config.rerunFailed } };
        return { kind: 'verdict', result: await steps.judge(session, run) };
    }
    catch (error) {
        if (!(error instanceof errors/* ApiError */.hD))
            throw error;
        return { kind: 'verdict', result: await steps.endOnApiError(session, error) };
    }
}
/** The first rerun of failed requests, asked for without waiting for it (the reconcile judges its result). */
async function rerunIfWanted(session, run, steps) {
    const { config, result, deps } = session;
    if (config.rerunFailed === 0 || !steps.wantsRerun(session, run))
        return undefined;
    const attempt = { attempt: 1, failedBefore: run.request_counts.failed, failedAfter: undefined, statusAfter: undefined };
    result.reruns.push(attempt);
    deps.logger.info(`Run ${run.id} has ${attempt.failedBefore} failed request(s); asking MKA1 to rerun them (1 of ${config.rerunFailed})`);
    const restarted = await steps.requestRerun(session, run);
    if (typeof restarted !== 'string') {
        // Not waited for here: its status as the request left it (the reconcile judges the outcome).
        attempt.statusAfter = restarted.status;
        return restarted;
    }
    attempt.error = restarted;
    deps.logger.warning(`Rerun 1 was not made: ${restarted}`);
    return undefined;
}
/** Posts the pending status and ends the step with outcome `pending` (or says why the status could not be set). */
async function detach(session, mode, decision) {
    const { run } = decision;
    const { completed, total } = decision.counts;
    const text = pendingDescription({ runId: run.id, status: run.status, completed, total, rerun: decision.rerun });
    if (!text.ok)
        return settle(session, mode, finish(session, 'inconclusive', `run ${run.id} cannot be detached: ${text.problem}`));
    const status = await write(session, mode, { state: 'pending', description: text.description, written: false });
    if (!status.written)
        return finish(session, status.failure, `the pending commit status could not be set: ${status.error}`);
    const where = `the commit status "${mode.status.context}" on ${mode.pullRequest.headSha.slice(0, 7)} (pull request #${mode.pullRequest.number})`;
    const rerun = decision.rerun ? `, a rerun of its failed requests asked for (${decision.rerun.attempt} of ${decision.rerun.of})` : '';
    return finish(session, 'pending', `run ${run.id} is ${(0,core_run/* describeRunState */.Sn)(run)}${rerun}; the verdict will arrive as ${where}`);
}
/**
 * The run finished within `detach-after` (or the gate ended early): its verdict becomes the status. A verdict that
 * cannot be set as the status is not a pass: the required check would never report.
 */
async function settle(session, mode, result) {
    const { config, client } = session;
    if (result.outcome === 'pending')
        return result;
    const final = finalStatus(result.outcome, result.reason, config.onInconclusive, client.redact);
    const status = await write(session, mode, { ...final, written: false });
    if (status.written)
        return result;
    const outcome = status.failure === 'fail' || result.outcome === 'fail' ? 'fail' : 'inconclusive';
    return finish(session, outcome, `${result.reason}; and the commit status could not be set: ${status.error}`);
}
/** One POST /statuses on the head commit, recorded in the result whatever happens. */
async function write(session, mode, status) {
    const { github, repo } = openGitHub(session, mode.status);
    const description = statusDescription(status.description, session.client.redact);
    const report = {
        context: mode.status.context,
        pullRequest: mode.pullRequest.number,
        headSha: mode.pullRequest.headSha,
        targetUrl: mode.status.runUrl,
        status: { state: status.state, description, written: false },
    };
    session.result.detached = report;
    const posted = await postStatus(github, repo, mode.pullRequest.headSha, {
        state: status.state,
        context: mode.status.context,
        description,
        targetUrl: mode.status.runUrl,
    });
    if (!posted.ok) {
        report.status.error = posted.error;
        session.deps.logger.warning(`Could not set the commit status "${mode.status.context}": ${posted.error}`);
        return { ...report.status, written: false, failure: posted.failure, error: posted.error };
    }
    report.status.written = true;
    session.deps.logger.info(`Set the commit status "${mode.status.context}" of ${mode.pullRequest.headSha} to ${status.state}: ${description}`);
    return { ...report.status, written: true };
}

// EXTERNAL MODULE: ./src/api/scan.ts + 1 modules
var api_scan = __webpack_require__(1191);
;// CONCATENATED MODULE: ./src/core/config.ts
/**
 * What the inputs say, parsed once (inputs/ builds it): every stage reads this, none reads an input itself.
 * The criteria specs (thresholds, regression rules, the failed-requests limit, the baseline source) live here
 * too, as data; judge/ evaluates them and inputs/ parses them.
 */
/**
 * The metadata a run started by this gate (`create-run`) carries: the `metadata` input's pairs over the job's
 * context keys. Sent when the run is created (find/) and checked when it is read back (wait/).
 */
function startedRunMetadata(config, target) {
    return { ...config.createRun.context, ...target.metadata };
}

;// CONCATENATED MODULE: ./src/core/identity.ts
/**
 * What the run a verdict rests on must be: recorded when the run is chosen (find/), and checked against every read
 * that a write or the verdict rests on. The API's answers are untrusted; a run that stops being the one chosen (another
 * suite, other metadata, not what this gate asked to start) is never judged.
 */

/** Clocks differ a little: a run started by this gate may say it was created up to this much before the gate started. */
const CREATED_AT_SKEW_MS = 5 * 60_000;
/**
 * Where `run` is not the run `identity` describes, each as a phrase that completes "the run itself ...". Names only
 * what was asked (from the inputs) and ids, never the API's free text. Empty when it is the run.
 */
function identityProblems(run, identity) {
    const problems = [];
    if (identity.suiteId !== undefined && run.suite_id !== identity.suiteId) {
        problems.push(run.suite_id ? `belongs to suite ${run.suite_id}` : 'names no suite');
    }
    if (!(0,core_run/* matchesMetadata */.x3)(run, identity.metadata)) {
        const differs = Object.keys(identity.metadata).filter((key) => !(0,core_run/* matchesMetadata */.x3)(run, { [key]: identity.metadata[key] }));
        problems.push(`does not match that metadata (differs in ${differs.join(', ')})`);
    }
    if (identity.started)
        problems.push(...requestProblems(run, identity.started));
    return problems;
}
function requestProblems(run, asked) {
    const problems = [];
    if (!sameModels(run.models, asked.models))
        problems.push(`has other models than asked for (${asked.models.join(', ')})`);
    if (asked.judgeModel !== undefined && run.judge_model !== asked.judgeModel) {
        problems.push(`has another judge model than asked for (${asked.judgeModel})`);
    }
    if (asked.embeddingModel !== undefined && run.embedding_model !== asked.embeddingModel) {
        problems.push(`has another embedding model than asked for (${asked.embeddingModel})`);
    }
    for (const key of Object.keys(asked.options)) {
        const reported = Object.hasOwn(run, key) ? run[key] : undefined;
        if (!reportsAsAsked(reported, asked.options[key]))
            problems.push(`reports another "${key}" than run-options asked for`);
    }
    if (run.created_at * 1000 < asked.notBeforeMs) {
        const iso = (ms) => new Date(ms).toISOString();
        const began = iso(asked.notBeforeMs + CREATED_AT_SKEW_MS);
        problems.push(`was created at ${iso(run.created_at * 1000)}, before this gate started (${began}; 5 minutes of clock skew allowed)`);
    }
    return problems;
}
/** The same models, each once, in any order. */
function sameModels(reported, asked) {
    return reported.length === asked.length && new Set(reported).size === reported.length && asked.every((m) => reported.includes(m));
}
const isPlainObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/**
 * Whether a field the run reports says what was asked. What it does not report cannot be checked (the API echoes
 * `generation.max_gen_toks` as `max_output_tokens`, and adds its defaults): only the parts reported are compared.
 */
function reportsAsAsked(reported, asked) {
    if (reported === undefined || reported === null)
        return true;
    if (isPlainObject(asked)) {
        if (!isPlainObject(reported))
            return false;
        return Object.keys(asked).every((key) => reportsAsAsked(Object.hasOwn(reported, key) ? reported[key] : undefined, asked[key]));
    }
    if (Array.isArray(asked)) {
        return Array.isArray(reported) && reported.length === asked.length && asked.every((item, i) => sameValue(reported[i], item));
    }
    return reported === asked;
}
/** Deep equality of JSON values (an array item is compared whole, not as a subset). */
function sameValue(a, b) {
    if (Array.isArray(a) && Array.isArray(b))
        return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
    if (isPlainObject(a) && isPlainObject(b)) {
        const keys = Object.keys(a);
        return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]));
    }
    return a === b;
}

;// CONCATENATED MODULE: ./src/core/poll.ts
async function pollUntil(check, options) {
    const { clock, sleep, deadline, signal } = options;
    const reserve = options.finalCheckReserveMs ?? 500;
    let last;
    let lastError;
    for (let attempt = 1;; attempt++) {
        if (signal?.aborted)
            return { kind: 'aborted', last, attempts: attempt - 1, lastError };
        if (clock.now() >= deadline)
            return { kind: 'deadline', last, attempts: attempt - 1, lastError };
        let step;
        try {
            step = await check(attempt);
        }
        catch (error) {
            if (error instanceof Error && options.isDeadline?.(error)) {
                return { kind: 'deadline', last, attempts: attempt, lastError: lastError ?? error };
            }
            if (!(error instanceof Error) || !options.tolerate?.(error))
                throw error;
            lastError = error;
            options.onMissedCheck?.(error);
            step = { done: false };
        }
        if (step.done)
            return { kind: 'done', value: step.value, attempts: attempt };
        if (step.last !== undefined)
            last = step.last;
        if (signal?.aborted)
            return { kind: 'aborted', last, attempts: attempt, lastError };
        const remaining = deadline - clock.now();
        if (remaining <= reserve)
            return { kind: 'deadline', last, attempts: attempt, lastError };
        const delayMs = Math.max(0, Math.min(step.nextDelayMs ?? options.intervalMs, remaining - reserve));
        await sleep(delayMs, signal);
    }
}

;// CONCATENATED MODULE: ./src/find/schedule.ts


/** A first run this late is not "about to happen": the schedule is not firing. */
const FIRST_RUN_GRACE_MS = 15 * 60_000;
/** Clocks differ a little; a last_run_at further ahead than this is not believed. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Untrusted text for a log line or a reason: one line, no control characters, bounded. Redacted by the caller. */
function oneLineText(text, maxChars = 100) {
    return (0,one_line/* oneLine */.T)(text, { flatten: 'controls', trim: true, maxChars });
}
/** `schedule Nightly MMLU` (its name when it has one, else its id). */
function scheduleLabel(schedule) {
    return `schedule ${schedule.name ? oneLineText(schedule.name) : schedule.id}`;
}
const iso = (unixSeconds) => new Date(unixSeconds * 1000).toISOString();
/**
 * Decides from one reading of the schedule: gate its last run, wait for its first one, or stop.
 * Nothing unchecked leads to a run being gated: an unusable field is inconclusive, a schedule
 * that is off, stale or never ran is a failure.
 */
function judgeSchedule(schedule, context) {
    const label = scheduleLabel(schedule);
    const given = context.target.suiteId;
    if (!schedule.suiteId) {
        return { kind: 'inconclusive', reason: `${label} does not say which suite it runs (no valid suite_id), so its runs cannot be checked` };
    }
    if (given && schedule.suiteId !== given) {
        return { kind: 'fail', reason: `${label} runs suite ${schedule.suiteId}, not the suite-id given (${given})` };
    }
    if (schedule.enabled === undefined) {
        return { kind: 'inconclusive', reason: `${label} does not say whether it is enabled (no boolean "enabled")` };
    }
    const lastRan = describeLastRun(schedule, context.now);
    if (!schedule.enabled)
        return { kind: 'fail', reason: `${label} is disabled (enabled: false), so it no longer runs; ${lastRan}` };
    if (schedule.lastRunId === undefined) {
        return { kind: 'inconclusive', reason: `${label} gives no usable last_run_id, so its last run cannot be read` };
    }
    if (schedule.lastRunId === null)
        return judgeFirstRun(schedule, context);
    const stale = judgeAge(schedule, context);
    return stale ?? { kind: 'gate', runId: schedule.lastRunId };
}
function describeLastRun(schedule, now) {
    if (schedule.lastRunId === null)
        return 'it has never run';
    if (typeof schedule.lastRunAt !== 'number')
        return 'when it last ran is unknown';
    return `it last ran ${formatAge(now - schedule.lastRunAt * 1000)} ago`;
}
/** Never ran: wait for the first run only when it is due before the gate stops watching. */
function judgeFirstRun(schedule, context) {
    const label = scheduleLabel(schedule);
    const next = schedule.nextRunAt;
    if (typeof next !== 'number') {
        const why = next === null ? 'no next run planned' : 'no usable next_run_at';
        return { kind: 'fail', reason: `${label} has never run, and has ${why}` };
    }
    const dueMs = next * 1000;
    if (dueMs > context.deadline) {
        return {
            kind: 'fail',
            reason: `${label} has never run, and its first run (due at ${iso(next)}, in ${formatAge(dueMs - context.now)}) ` +
                `would come after the timeout (${formatDuration(context.timeoutMs)})`,
        };
    }
    if (context.now > dueMs + FIRST_RUN_GRACE_MS) {
        return {
            kind: 'fail',
            reason: `${label} has never run, although its first run was due ${formatAge(context.now - dueMs)} ago (${iso(next)})`,
        };
    }
    const untilDue = dueMs - context.now;
    return {
        kind: 'wait',
        delayMs: Math.max(context.pollIntervalMs, untilDue),
        note: untilDue > 0 ? `its first run is due in ${formatAge(untilDue)} (${iso(next)})` : `its first run was due at ${iso(next)}`,
    };
}
/** With `max-age`: how long ago the schedule last ran must be known, believable, and within it. */
function judgeAge(schedule, context) {
    const maxAge = context.target.maxAge;
    if (!maxAge)
        return undefined;
    const label = scheduleLabel(schedule);
    const at = schedule.lastRunAt;
    if (typeof at !== 'number') {
        return { kind: 'inconclusive', reason: `${label} gives no usable last_run_at, so max-age (${maxAge.text}) cannot be checked` };
    }
    const ageMs = context.now - at * 1000;
    if (ageMs < -CLOCK_SKEW_MS) {
        return {
            kind: 'inconclusive',
            reason: `${label} says it last ran in the future (${iso(at)}), so max-age (${maxAge.text}) cannot be checked`,
        };
    }
    if (ageMs > maxAge.ms)
        return { kind: 'fail', reason: `${label} last ran ${formatAge(ageMs)} ago (max-age ${maxAge.text})` };
    return undefined;
}

;// CONCATENATED MODULE: ./src/find/schedule-report.ts
function unreadScheduleReport(target) {
    return {
        id: target.scheduleId,
        read: false,
        name: null,
        suite_id: null,
        cron: null,
        timezone: null,
        interval_seconds: null,
        enabled: null,
        last_run_id: null,
        last_run_at: null,
        last_run_status: null,
        next_run_at: null,
        last_run_age_seconds: null,
        max_age: target.maxAge?.text ?? null,
        waited_for_first_run: false,
        unusable: [],
    };
}
const schedule_report_iso = (seconds) => (typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : null);
function scheduleReport(schedule, target, now, waited) {
    const unusable = [
        ['suite_id', schedule.suiteId],
        ['enabled', schedule.enabled],
        ['last_run_id', schedule.lastRunId],
        ['last_run_at', schedule.lastRunAt],
        ['next_run_at', schedule.nextRunAt],
    ]
        .filter(([, value]) => value === undefined)
        .map(([name]) => name);
    const lastRunAt = schedule.lastRunAt;
    return {
        ...unreadScheduleReport(target),
        read: true,
        name: schedule.name ?? null,
        suite_id: schedule.suiteId ?? null,
        cron: schedule.cron ?? null,
        timezone: schedule.timezone ?? null,
        interval_seconds: schedule.intervalSeconds ?? null,
        enabled: schedule.enabled ?? null,
        last_run_id: schedule.lastRunId ?? null,
        last_run_at: schedule_report_iso(lastRunAt),
        last_run_status: schedule.lastRunStatus ?? null,
        next_run_at: schedule_report_iso(schedule.nextRunAt),
        last_run_age_seconds: typeof lastRunAt === 'number' ? Math.round(now / 1000 - lastRunAt) : null,
        waited_for_first_run: waited,
        unusable,
    };
}

;// CONCATENATED MODULE: ./src/find/find-schedule.ts





/**
 * Phase 1 for `schedule-id`: read the schedule, check it is doing its job (enabled, recent enough,
 * ever ran), wait for its first run when that is due within the timeout, then read its last run.
 */
async function findScheduledRun(session, target) {
    // Known before the first request, so the summary can say which schedule was asked for even if the API is down.
    session.result.schedule = unreadScheduleReport(target);
    const decided = await readUntilDecided(session, target);
    if (decided.kind === 'end')
        return decided;
    const { schedule, runId } = decided.value;
    return readLastRun(session, target, schedule, runId);
}
async function readUntilDecided(session, target) {
    const { client, config, deps, poll, result } = session;
    let waited = false;
    let seen;
    const outcome = await pollUntil(async () => {
        const read = await client.getSchedule(target.scheduleId);
        // Redacted before the label cuts the name short: a key cut in half would no longer be recognised later.
        const schedule = read.name === undefined ? read : { ...read, name: client.redact(read.name) };
        seen = schedule;
        const now = deps.clock.now();
        result.schedule = scheduleReport(schedule, target, now, waited);
        const verdict = judgeSchedule(schedule, {
            target,
            now,
            deadline: session.deadline,
            timeoutMs: config.timeoutMs,
            pollIntervalMs: config.pollIntervalMs,
        });
        if (verdict.kind !== 'wait')
            return { done: true, value: { schedule, verdict } };
        waited = true;
        result.schedule.waited_for_first_run = true;
        deps.logger.info(`${scheduleLabel(schedule)} has never run; ${verdict.note}: waiting for it`);
        return { done: false, last: schedule, nextDelayMs: verdict.delayMs };
    }, poll);
    if (outcome.kind !== 'done') {
        const during = seen ? `before the first run of ${scheduleLabel(seen)} appeared` : `before schedule ${target.scheduleId} could be read`;
        return end(await stopped(session, outcome.kind, during, outcome.lastError?.message));
    }
    const { schedule, verdict } = outcome.value;
    if (verdict.kind !== 'gate')
        return end(finish(session, verdict.kind, verdict.reason));
    return next({ schedule, runId: verdict.runId });
}
async function readLastRun(session, target, schedule, runId) {
    const { client, deps, poll, result } = session;
    const label = scheduleLabel(schedule);
    const first = await pollUntil(async () => ({ done: true, value: await client.getRun(runId) }), poll);
    if (first.kind !== 'done') {
        return end(await stopped(session, first.kind, `before run ${runId}, the last run of ${label}, could be read`, first.lastError?.message));
    }
    const run = first.value;
    result.run = run;
    if (run.suite_id !== schedule.suiteId) {
        return end(finish(session, 'fail', `run ${run.id}, the last run of ${label}, belongs to suite ${oneLineText(run.suite_id) || '(none given)'}, not to the schedule's suite ${schedule.suiteId}`));
    }
    // The run itself must be as recent as the schedule claims: a fresh last_run_at pointing at an old run is not a fresh check.
    const runAgeMs = deps.clock.now() - run.created_at * 1000;
    if (target.maxAge && runAgeMs < -CLOCK_SKEW_MS) {
        const reason = `run ${run.id}, the last run of ${label}, says it was created in the future, so max-age (${target.maxAge.text}) cannot be checked`;
        return end(finish(session, 'inconclusive', reason));
    }
    if (target.maxAge && runAgeMs > target.maxAge.ms) {
        return end(finish(session, 'fail', `run ${run.id}, the last run of ${label}, was created ${formatAge(runAgeMs)} ago (max-age ${target.maxAge.text})`));
    }
    deps.logger.info(`Gating run ${run.id}, the last run of ${label} (suite ${oneLineText(run.suite_id)})`);
    return next({
        run,
        identity: { chosen: `the last run of ${label} (suite ${schedule.suiteId})`, suiteId: schedule.suiteId, metadata: {} },
    });
}

;// CONCATENATED MODULE: ./src/find/lookup.ts





// The one-pass scan is api/scan.ts's; the run-model helpers are core/run.ts's. Named here for the lookup's callers.

/**
 * Finds the newest run matching the query, scanning again at the poll interval until one
 * appears or the deadline passes. Later scans stop at the newest run already examined.
 * When the suite's first listing holds nothing at all, the suite itself is read once: an
 * unknown suite is a configuration error, not a run that has yet to appear.
 */
async function lookupRun(client, query, poll, logger) {
    let stopAtId;
    let ordered = true;
    let scanned = 0;
    let scans = 0;
    let recent = [];
    const outcome = await pollUntil(async () => {
        const scan = await (0,api_scan/* scanRuns */.sQ)(client, query, { stopAtId: ordered ? stopAtId : undefined, assumeOrdered: ordered });
        scans++;
        scanned += scan.scanned;
        recent = (0,api_scan/* newestRuns */.Hj)([...recent, ...scan.recent]);
        if (scan.otherSuite > 0)
            logger.info((0,api_scan/* skippedLine */.Bo)(scan, query));
        ordered &&= scan.orderedNewestFirst;
        stopAtId = scan.newestId ?? stopAtId;
        if (scan.match)
            return { done: true, value: { kind: 'found', run: scan.match, scan } };
        if (scans === 1 && (0,api_scan/* listedNothing */.vV)(scan)) {
            const unknown = await unknownSuite(client, query.suiteId, logger);
            if (unknown)
                return { done: true, value: { kind: 'unknown-suite', error: unknown } };
        }
        logger.info(`No run of suite ${query.suiteId} matches ${(0,core_run/* describeFilter */.GT)(query.metadata)} yet ` +
            `(scan ${scans}: ${scan.scanned} new run(s) in ${scan.pages} page(s)); looking again`);
        return { done: false, last: scanned };
    }, poll);
    if (outcome.kind !== 'done')
        return { kind: outcome.kind, scans, scanned, lastError: outcome.lastError, recent };
    const step = outcome.value;
    if (step.kind === 'unknown-suite')
        return { kind: 'unknown-suite', scans, scanned, error: step.error };
    return { kind: 'found', run: step.run, scan: step.scan, scans, scanned };
}
/**
 * Reads the suite once, after a first listing that held nothing: the 404 when the suite does not exist for this key,
 * undefined when it exists (its runs are yet to come) or when the answer says nothing either way (any other status,
 * a network error, an unusable body): then the gate waits as before, and the debug log says why.
 */
async function unknownSuite(client, suiteId, logger) {
    try {
        const suite = await client.getSuite(suiteId);
        const name = suite.name ? ` ("${(0,one_line/* oneLine */.T)(suite.name, { redact: client.redact, flatten: 'all-whitespace', maxChars: 80 })}")` : '';
        logger.info(`Suite ${suiteId}${name} exists but has no run yet; waiting for one`);
        return undefined;
    }
    catch (error) {
        if (!(error instanceof errors/* ApiError */.hD))
            throw error;
        if (error instanceof errors/* ApiHttpError */.X_ && error.status === 404)
            return error;
        logger.debug(`Could not tell whether suite ${suiteId} exists (${client.redact(error.message)}); waiting for its runs`);
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/find/find-run.ts






/**
 * Phase 1: which run. An explicit `run-id`, a schedule's last run, or the newest run of the suite whose metadata
 * matches; with what it must stay (its identity), checked again on the read the verdict rests on.
 */
async function findRun(session) {
    const target = session.config.target;
    const found = target.kind === 'run-id'
        ? await readGivenRun(session, target.runId, target.suiteId, target.metadata)
        : target.kind === 'schedule'
            ? await findScheduledRun(session, target)
            : await lookUpRun(session, target.suiteId, target.metadata);
    if (found.kind === 'next')
        session.result.run = found.value.run;
    return found;
}
async function readGivenRun(session, runId, suiteId, metadata) {
    const { client, poll, result } = session;
    const first = await pollUntil(async () => ({ done: true, value: await client.getRun(runId) }), poll);
    if (first.kind !== 'done')
        return end(await stopped(session, first.kind, `before run ${runId} could be read`, first.lastError?.message));
    const run = first.value;
    result.lookup = lookupReport('run-id', run.suite_id, metadata ?? {}, 1, 0, 0);
    if (suiteId && run.suite_id !== suiteId) {
        result.run = run;
        if (!run.suite_id) {
            return end(finish(session, 'inconclusive', `run ${run.id} does not say which suite it belongs to, so it cannot be checked against suite-id ${suiteId}`));
        }
        return end(finish(session, 'fail', `run ${run.id} belongs to suite ${run.suite_id}, not to the suite-id given (${suiteId})`));
    }
    if (metadata && !(0,core_run/* matchesMetadata */.x3)(run, metadata)) {
        result.run = run;
        return end(finish(session, 'fail', `run ${run.id} does not carry the metadata given with run-id (${(0,core_run/* describeFilter */.GT)(metadata)})`));
    }
    session.deps.logger.info(`Gating run ${run.id} given by run-id (suite ${run.suite_id || 'unknown'})`);
    // A run's suite does not change: the one read first is checked again, even when suite-id was not given.
    const suite = suiteId ?? (run.suite_id || undefined);
    const pairs = metadata && Object.keys(metadata).length > 0 ? `metadata ${(0,core_run/* describeFilter */.GT)(metadata)}` : '';
    const checks = [suite ? `suite ${suite}` : '', pairs].filter(Boolean).join(', ');
    const chosen = `given by run-id${checks ? ` (${checks})` : ''}`;
    return next({ run, identity: { chosen, suiteId: suite, metadata: metadata ?? {} } });
}
async function lookUpRun(session, suiteId, metadata) {
    const { client, poll, result, deps } = session;
    // Known before the first request, so the summary can say what was looked for even if the API is down.
    result.lookup = lookupReport('metadata', suiteId, metadata, 0, 0, 0);
    const lookup = await lookupRun(client, { suiteId, metadata }, poll, deps.logger);
    if (lookup.kind === 'unknown-suite') {
        result.lookup = lookupReport('metadata', suiteId, metadata, 0, lookup.scanned, lookup.scans);
        const reason = `suite ${suiteId} not found for this key (${lookup.error.endpoint} answered HTTP 404); check suite-id and on-behalf-of`;
        return end(finish(session, 'fail', reason));
    }
    if (lookup.kind !== 'found') {
        const recent = lookup.recent.map((run) => recentRun(run, client.redact));
        result.lookup = { ...lookupReport('metadata', suiteId, metadata, 0, lookup.scanned, lookup.scans), recent };
        logRecentRuns(deps.logger, suiteId, metadata, recent);
        const looking = `a run of suite ${suiteId} matching ${(0,core_run/* describeFilter */.GT)(metadata)}`;
        // lookup.scans counts the scans that got an answer: none means the API itself never answered.
        const during = lookup.scans === 0
            ? `while looking for ${looking}: the API never answered, no scan of the suite succeeded`
            : `before ${looking} appeared (${lookup.scans} scan(s), ${lookup.scanned} run(s) examined)`;
        return end(await stopped(session, lookup.kind, during, lookup.lastError?.message));
    }
    const run = lookup.run;
    result.lookup = lookupReport('metadata', suiteId, metadata, lookup.scan.candidates, lookup.scanned, lookup.scans);
    deps.logger.info(`Chose run ${run.id} (created ${new Date(run.created_at * 1000).toISOString()}): newest of ` +
        `${lookup.scan.candidates} run(s) matching ${(0,core_run/* describeFilter */.GT)(metadata)} among ` +
        `${lookup.scanned} examined in ${lookup.scans} scan(s) of suite ${suiteId}`);
    return next({ run, identity: listedIdentity(suiteId, metadata) });
}
/** A run chosen from a listing: read by id, it must be what the listing said. */
function listedIdentity(suiteId, metadata) {
    return { chosen: `listed as a run of suite ${suiteId} matching ${(0,core_run/* describeFilter */.GT)(metadata)}`, suiteId, metadata };
}
/** Most pairs, and characters per key and value, that a missed lookup reports of one run. */
const RECENT_PAIRS = 20;
const RECENT_TEXT_CHARS = 120;
/** A run as a missed lookup reports it: its metadata redacted first, then bounded (a secret cut in half would stay). */
function recentRun(run, redact) {
    const bounded = (text) => (0,one_line/* oneLine */.T)(text, { redact, flatten: 'none', maxChars: RECENT_TEXT_CHARS });
    const metadata = Object.create(null);
    for (const [key, value] of Object.entries(run.metadata).slice(0, RECENT_PAIRS))
        metadata[bounded(key)] = bounded(value);
    return { id: run.id, created_at: run.created_at, status: run.status, metadata };
}
/** The log's view of a miss: what the suite's newest runs carry, beside what was asked for. */
function logRecentRuns(logger, suiteId, metadata, recent) {
    if (recent.length === 0) {
        logger.info(`Suite ${suiteId} has no run visible to this key; none could match ${(0,core_run/* describeFilter */.GT)(metadata)}`);
        return;
    }
    logger.info(`No run matched ${(0,core_run/* describeFilter */.GT)(metadata)}; the newest ${recent.length} run(s) of suite ${suiteId} carry:`);
    for (const run of recent) {
        const created = Number.isFinite(run.created_at) ? new Date(run.created_at * 1000).toISOString() : 'unknown';
        logger.info(`  ${run.id} (${run.status}, created ${created}): ${(0,core_run/* describeFilter */.GT)(run.metadata)}`);
    }
}
function lookupReport(mode, suiteId, metadata, candidates, scanned, scans) {
    return { mode, suiteId, metadata, candidates, scanned, scans };
}

;// CONCATENATED MODULE: ./src/find/start-run.ts











/** The keys that let the gate recognise a run it started when the create request's answer was lost. */
const OWN_RUN_KEYS = ['github_run_id', 'github_run_attempt'];
/**
 * After a lost or failed create answer, how long the gate looks for the run that request may have started before it
 * asks again (at `poll-interval`). The API has no idempotency key: a run listed later than this can still be doubled.
 */
const LOOK_FOR_OWN_RUN_MS = 10_000;
/** After the runner's signal, the one look for a run the interrupted create request may have started. */
const LOOK_AFTER_ABORT_MS = 2_500;
/** Phase 1 with `create-run`: `if-missing` looks the run up once and starts it when none matches; `always` starts one. */
async function findOrStartRun(session) {
    const { config, result } = session;
    const target = config.target;
    if (config.createRun.mode === 'never' || target.kind !== 'lookup')
        return findRun(session);
    if (config.createRun.mode === 'if-missing') {
        const existing = await findExisting(session, target);
        if (existing.kind === 'end')
            return existing;
        if (existing.value) {
            result.run = existing.value;
            return next({ run: existing.value, identity: listedIdentity(target.suiteId, target.metadata) });
        }
    }
    const identity = startedIdentity(session, target);
    const started = await startRun(session, createBody(config, target), identity);
    if (started.kind === 'end')
        return started;
    result.run = started.value;
    result.created = true;
    return next({ run: started.value, identity });
}
/** The create body: the `metadata` input's pairs over the job's context keys, then `run-options`. */
function createBody(config, target) {
    const { models, judgeModel, embeddingModel, options } = config.createRun;
    return {
        ...options,
        suite_id: target.suiteId,
        models,
        ...(judgeModel ? { judge_model: judgeModel } : {}),
        ...(embeddingModel ? { embedding_model: embeddingModel } : {}),
        metadata: startedRunMetadata(config, target),
    };
}
/** What a run this gate starts must be: the create request's suite, metadata, models and options, created since the gate began. */
function startedIdentity(session, target) {
    const { models, judgeModel, embeddingModel, options } = session.config.createRun;
    const metadata = startedRunMetadata(session.config, target);
    return {
        chosen: `started as a run of suite ${target.suiteId} matching ${(0,core_run/* describeFilter */.GT)(metadata)}`,
        suiteId: target.suiteId,
        metadata,
        started: { models, judgeModel, embeddingModel, options, notBeforeMs: session.startedAt - CREATED_AT_SKEW_MS },
    };
}
/** One successful scan of the suite (no waiting for a run to appear: the gate starts it instead); an outage is a missed poll. */
async function findExisting(session, target) {
    const { client, result, deps, poll } = session;
    const filter = (0,core_run/* describeFilter */.GT)(target.metadata);
    result.lookup = lookupReport('metadata', target.suiteId, target.metadata, 0, 0, 0);
    const scanned = await pollUntil(async () => ({ done: true, value: await (0,api_scan/* scanRuns */.sQ)(client, { suiteId: target.suiteId, metadata: target.metadata }) }), poll);
    if (scanned.kind !== 'done') {
        const during = `before suite ${target.suiteId} could be scanned for a run matching ${filter}`;
        return end(await stopped(session, scanned.kind, during, scanned.lastError?.message));
    }
    const scan = scanned.value;
    result.lookup = lookupReport('metadata', target.suiteId, target.metadata, scan.candidates, scan.scanned, 1);
    if (!scan.match) {
        deps.logger.info(`No run of suite ${target.suiteId} matches ${filter} (${scan.scanned} examined); starting one (create-run: if-missing)`);
        return next(undefined);
    }
    deps.logger.info(`Chose run ${scan.match.id}: newest of ${scan.candidates} run(s) matching ${filter}; not starting one`);
    return next(scan.match);
}
/**
 * POST /runs, never repeated blindly: after a server error or a lost answer the run may exist already, so the gate
 * first looks for a run carrying this job's github_run_id and github_run_attempt. A transient failure is a missed
 * poll: only the deadline ends this phase. The run answered (or found) must be the run asked for.
 */
async function startRun(session, body, identity) {
    const { client, deps } = session;
    for (;;) {
        const sent = await sendCreate(session, body);
        if (deps.signal?.aborted)
            return endAfterAbort(session, body, identity, sent);
        if (sent.kind === 'answer')
            return acceptStarted(session, identity, sent.run, 'named by the answer to POST /runs');
        const { error } = sent;
        if (!(0,retry/* isTransientFailure */.Ri)(error))
            throw error;
        const why = client.redact(error.message);
        if (!hasOwnRunKeys(body)) {
            const reason = `${why}; not retried: without ${OWN_RUN_KEYS.join(' and ')} the gate could not tell whether the run was created`;
            return end(finish(session, 'inconclusive', reason));
        }
        const window = lookWindow(error);
        deps.logger.info(`${why}; looking for the run for up to ${formatDuration(window)} before asking again`);
        const looked = await lookForOwnRun(session, body, window);
        if (looked.kind === 'found') {
            return acceptStarted(session, identity, looked.run, 'found in the listing after the answer to POST /runs was lost');
        }
        if (looked.kind === 'aborted')
            return endAfterAbort(session, body, identity, sent);
        if (looked.kind === 'deadline') {
            const during = `while looking for the run a create request may have started (suite ${body.suite_id})`;
            return end(await stopped(session, 'deadline', during, (looked.lastError ?? error).message));
        }
        deps.logger.info(`No run of this job in suite ${body.suite_id} after ${formatDuration(window)}; asking again`);
    }
}
async function sendCreate(session, body) {
    try {
        return { kind: 'answer', run: await session.client.createRun(body) };
    }
    catch (error) {
        if (!(error instanceof errors/* ApiError */.hD))
            throw error;
        return { kind: 'error', error };
    }
}
const hasOwnRunKeys = (body) => OWN_RUN_KEYS.every((key) => body.metadata[key]);
/** How long to look before asking again: 10 s, or longer when the API asked (Retry-After). */
function lookWindow(error) {
    const decision = (0,retry/* classifyFailure */.XE)(error);
    return Math.max(LOOK_FOR_OWN_RUN_MS, (decision.retry && decision.retryAfterMs) || 0);
}
/**
 * Scans the suite's newest page for this job's run, at `poll-interval`, for `windowMs`; a failed scan is a missed
 * poll. Ends with `none` only after the window and at least one scan that succeeded: never asks again blind.
 */
async function lookForOwnRun(session, body, windowMs) {
    const { deps, poll, config } = session;
    const windowEnd = deps.clock.now() + windowMs;
    const outcome = await pollUntil(async () => {
        const own = await findOwnRun(session, body);
        if (own)
            return { done: true, value: own };
        const left = windowEnd - deps.clock.now();
        if (left <= 0)
            return { done: true, value: undefined };
        return { done: false, nextDelayMs: Math.min(config.pollIntervalMs, left) };
    }, poll);
    if (outcome.kind !== 'done')
        return { kind: outcome.kind, lastError: outcome.lastError };
    return outcome.value ? { kind: 'found', run: outcome.value } : { kind: 'none' };
}
/**
 * The run a lost create answer may have started: on the newest page of the suite, the one whose
 * metadata and models are exactly what was sent. A run there that cannot be read might be it: then
 * the gate cannot tell, and does not ask again (a missed look).
 */
async function findOwnRun(session, body, client = session.client) {
    const page = await client.listRuns({ suiteId: body.suite_id, limit: 100 });
    const sameModels = (run) => run.models.length === body.models.length && body.models.every((m) => run.models.includes(m));
    const own = page.data.find((run) => (0,core_run/* matchesMetadata */.x3)(run, body.metadata) && sameModels(run));
    if (own) {
        session.deps.logger.info(`Found run ${own.id}, started by the request whose answer was lost; not starting another`);
        return own;
    }
    const unreadable = page.unreadable.find((odd) => !odd.metadata || (0,core_run/* matchesMetadata */.x3)({ metadata: odd.metadata }, body.metadata));
    if (unreadable)
        throw unreadable.error;
    return undefined;
}
/** The run answered or found must be the run asked for, or it is not this job's run (and never `created: true`). */
function acceptStarted(session, identity, run, how) {
    if (!(0,ids/* isValidId */.Al)(run.id))
        throw new errors/* ApiProtocolError */.BP('POST /runs', 'the new run has an id the gate cannot use safely');
    const problems = identityProblems(run, identity);
    if (problems.length > 0) {
        const reason = `run ${run.id}, ${how}, is not the run this gate asked for: it ${problems.join('; ')}; not treated as this job's run`;
        return end(finish(session, 'inconclusive', reason));
    }
    session.deps.logger.info(`Started run ${run.id} of suite ${run.suite_id} for ${run.models.join(', ')}`);
    return next(run);
}
/**
 * The runner's signal came while a create request was out. Its answer was given a little longer (the client's grace);
 * without one, one look in the listing: a run this request started is reported (`run-id`, `created: true`) and, with
 * `cancel-run-on: abort`, cancelled, instead of running on unseen.
 */
async function endAfterAbort(session, body, identity, sent) {
    const { client, deps, result } = session;
    let run = sent.kind === 'answer' ? sent.run : undefined;
    if (!run && hasOwnRunKeys(body)) {
        const looking = client.withDeadline(deps.clock.now() + LOOK_AFTER_ABORT_MS);
        run = await findOwnRun(session, body, looking).catch((error) => {
            if (!(error instanceof errors/* ApiError */.hD))
                throw error;
            deps.logger.info(`Could not look for the run the create request may have started: ${client.redact(error.message)}`);
            return undefined;
        });
    }
    const problems = run ? identityProblems(run, identity) : [];
    if (run && problems.length === 0) {
        result.run = run;
        result.created = true;
        deps.logger.info(`Run ${run.id} was started by this gate just before the runner's signal`);
    }
    else if (run) {
        deps.logger.info(`Run ${run.id} is not the run this gate asked for (it ${problems.join('; ')}); not reported as started`);
    }
    const during = !run
        ? 'while starting a run (whether one was started is not known)'
        : result.created
            ? `while starting run ${run.id}`
            : `while starting a run (run ${run.id} came back, but it is not the run asked for)`;
    return end(await stopped(session, 'aborted', during));
}

;// CONCATENATED MODULE: ./src/judge/apply-noise.ts
/**
 * Error bars on the metric criteria (issue 16), when `noise` is not `off` and there is a metric criterion to put
 * them on. The statistics load here, on demand (their own chunk of the bundle): a gate without them pays nothing.
 */
async function applyNoise(session, run, targets) {
    const settings = session.config.noise;
    if (!settings || settings.mode === 'off')
        return;
    if (targets.thresholds.length === 0 && targets.regressions.length === 0)
        return;
    const { judgeNoise } = await Promise.all(/* import() */[__webpack_require__.e(339), __webpack_require__.e(532)]).then(__webpack_require__.bind(__webpack_require__, 87532));
    session.result.noise = await judgeNoise(session, run, targets, settings);
}

// EXTERNAL MODULE: ./src/judge/baseline.ts
var baseline = __webpack_require__(77432);
;// CONCATENATED MODULE: ./src/judge/integrity.ts
/**
 * Where a run's own answer contradicts itself: counts that do not add up, or a `completed` run that also says
 * it failed, was cancelled or has an error. Such an answer cannot be trusted to pass.
 */
function contradictions(run) {
    const { total, completed, failed } = run.request_counts;
    const problems = [];
    const negative = ['total', 'completed', 'failed'].filter((name) => run.request_counts[name] < 0);
    if (negative.length > 0) {
        problems.push(`has negative request counts (${negative.map((name) => `${name} = ${run.request_counts[name]}`).join(', ')})`);
    }
    else if (failed > total) {
        problems.push(`counts more failed requests than requests in total (failed ${failed} > total ${total})`);
    }
    else if (completed + failed > total) {
        problems.push(`counts more completed and failed requests than requests in total (${completed} + ${failed} > ${total})`);
    }
    if (run.status === 'completed') {
        if (run.failed_at !== undefined && run.failed_at !== null)
            problems.push('is completed but has "failed_at" set');
        if (run.cancelled_at !== undefined && run.cancelled_at !== null)
            problems.push('is completed but has "cancelled_at" set');
        if (run.error !== null)
            problems.push('is completed but has a non-null "error"');
    }
    return problems;
}
/** The one-line reason for an inconclusive verdict on a self-contradicting run. */
function untrustedReason(run, problems) {
    return `the API's answer cannot be trusted: run ${run.id} ${problems.join('; ')}`;
}
/** A completed run with no requests passed nothing: present only then, so it names the problem when it applies. */
function evaluatedSomethingCriteria(run) {
    if (run.status !== 'completed' || run.request_counts.total !== 0)
        return [];
    return [
        {
            name: 'Requests evaluated',
            actual: '0 (request_counts.total = 0)',
            allowed: 'at least 1',
            passed: false,
            failure: `run ${run.id} completed but the run evaluated nothing (request_counts.total = 0)`,
        },
    ];
}
/** Requests of a completed run that are neither completed nor failed; they count as failed. */
function unaccountedRequests(run) {
    if (run.status !== 'completed')
        return 0;
    const { total, completed, failed } = run.request_counts;
    return Math.max(0, total - completed - failed);
}

// EXTERNAL MODULE: ./src/judge/thresholds.ts
var judge_thresholds = __webpack_require__(24799);
;// CONCATENATED MODULE: ./src/judge/verdict.ts

function describeLimit(limit) {
    return limit.kind === 'count' ? String(limit.value) : `${limit.value}%`;
}
function statusCriterion(run) {
    const message = run.error?.message ?? run.error?.code;
    const actual = message && run.status !== 'completed' ? `${run.status} (${message})` : run.status;
    const failure = `run ${run.id} ${run.status}${message ? `: ${message}` : ''}`;
    return { name: 'Run status', actual, allowed: 'completed', passed: run.status === 'completed', failure };
}
function failedRequestsCriterion(run, limit) {
    const { total } = run.request_counts;
    // On a completed run, requests neither completed nor failed are not known to have succeeded: they count as failed.
    const unaccounted = unaccountedRequests(run);
    const failed = run.request_counts.failed + unaccounted;
    const share = total > 0 ? (failed / total) * 100 : 0;
    const which = unaccounted > 0 ? `, of which ${unaccounted} unaccounted for (neither completed nor failed)` : '';
    const actual = `${failed} of ${total} (${formatPercent(share)}${which})`;
    if (limit.kind === 'count') {
        return { name: 'Failed requests', actual, allowed: `≤ ${limit.value}`, passed: failed <= limit.value };
    }
    // Compare in integers where possible so 2.5% of 200 allows exactly 5.
    const passed = failed * 100 <= limit.value * total + 1e-9;
    const allowedCount = Math.floor((limit.value * total) / 100 + 1e-9);
    return { name: 'Failed requests', actual, allowed: `≤ ${limit.value}% (${allowedCount} of ${total})`, passed };
}
function judge(criteria) {
    const failedCriteria = criteria.filter((c) => !c.passed && !c.inconclusive);
    const undecided = criteria.filter((c) => !c.passed && c.inconclusive);
    if (failedCriteria.length === 0 && undecided.length === 0) {
        return { passed: true, criteria, reason: `all ${criteria.length} criteria met` };
    }
    // A failure decides; an undecided criterion (within noise, uncertain: inconclusive) only when nothing failed.
    const decisive = failedCriteria.length > 0 ? failedCriteria : undecided;
    const first = decisive[0];
    const kind = failedCriteria.length > 0 ? 'failed' : 'undecided';
    const more = decisive.length > 1 ? ` (and ${decisive.length - 1} more ${kind} criteria)` : '';
    return {
        passed: false,
        ...(failedCriteria.length === 0 ? { inconclusive: true } : {}),
        criteria,
        reason: `${first.failure ?? `${first.name}: ${first.actual}, allowed ${first.allowed}`}${more}`,
    };
}
function formatPercent(value) {
    return `${Number(value.toFixed(2))}%`;
}

;// CONCATENATED MODULE: ./src/judge/judge-run.ts








/** Phase 3: judge the terminal run: status, failed requests, metric thresholds, and regressions against a baseline. */
async function judgeRun(session, run) {
    const { config, result } = session;
    const thresholds = (0,judge_thresholds/* thresholdCriteria */.TZ)(run.metrics, config.thresholds);
    const criteria = [
        statusCriterion(run),
        ...evaluatedSomethingCriteria(run),
        failedRequestsCriterion(run, config.maxFailedRequests),
        ...thresholds,
    ];
    const compared = config.baseline.kind !== 'none' && run.status === 'completed' ? await compareWithBaseline(session, run) : undefined;
    result.baseline = compared?.report;
    result.criteria = [...criteria, ...(compared?.criteria ?? [])];
    // Error bars (issue 16): last, once the baseline is known, so reading samples can never delay what decides the rest.
    await applyNoise(session, run, {
        thresholds: config.thresholds.map((threshold, i) => ({ threshold, criterion: thresholds[i] })),
        regressions: compared?.regressions ?? [],
        baseline: compared?.report.found ? compared.report.run : undefined,
    });
    const judgement = judge(result.criteria);
    const problems = contradictions(run);
    if (problems.length > 0) {
        // Never a pass; but a fail stays a fail, which `on-inconclusive: pass` could otherwise turn green.
        const why = untrustedReason(run, problems);
        const undecided = judgement.passed || judgement.inconclusive;
        return finish(session, undecided ? 'inconclusive' : 'fail', judgement.passed ? why : `${judgement.reason}; also, ${why}`);
    }
    const baselineMatters = config.maxRegression.length > 0 || config.requireBaseline;
    if (compared?.unavailable && baselineMatters && judgement.passed) {
        return finish(session, 'inconclusive', `the baseline could not be read, so regressions cannot be checked: ${compared.unavailable}`);
    }
    return finish(session, judgement.passed ? 'pass' : judgement.inconclusive ? 'inconclusive' : 'fail', judgement.reason);
}
async function compareWithBaseline({ client, config, deps }, run) {
    let found;
    try {
        found = await (0,baseline/* findBaseline */.Xn)(client, config.baseline, run, deps.logger);
    }
    catch (error) {
        if (!(error instanceof errors/* ApiError */.hD))
            throw error;
        return unreadableBaseline(config, error);
    }
    if (!found.run && found.misconfigured) {
        // A baseline-run-id of another suite is a configuration error, like a run-id of another suite.
        const failure = `the baseline cannot be used (check \`baseline-run-id\`): ${found.note}`;
        const criteria = [{ name: 'Baseline', actual: found.note, allowed: 'a completed run of the same suite', passed: false, failure }];
        return { report: { found: false, note: found.note }, criteria };
    }
    if (!found.run) {
        const criteria = config.requireBaseline
            ? [{ name: 'Baseline', actual: `none (${found.note})`, allowed: 'a completed baseline run (require-baseline)', passed: false }]
            : [];
        return { report: { found: false, note: found.note }, criteria };
    }
    const comparisons = (0,baseline/* compareMetrics */.fz)(run.metrics, found.run.metrics, (0,baseline/* directionFrom */.mf)(config.thresholds));
    const regressions = (0,baseline/* regressionTargets */.wU)(comparisons, config.maxRegression).map((target) => ({
        target,
        criterion: (0,baseline/* regressionCriterion */.V5)(target),
    }));
    return {
        report: { found: true, run: found.run, how: found.how, comparisons },
        criteria: regressions.map((r) => r.criterion),
        regressions,
    };
}
function unreadableBaseline(config, error) {
    const note = `baseline lookup failed: ${error.message}`;
    if ((0,retry/* outcomeOfApiError */.eu)(error) !== 'fail')
        return { report: { found: false, note }, criteria: [], unavailable: error.message };
    // A wrong baseline-run-id or a key that cannot read it is a configuration error, like a wrong run-id.
    const input = config.baseline.kind === 'run-id' ? 'baseline-run-id' : 'baseline-metadata';
    const failure = `the baseline could not be read (check \`${input}\`): ${error.message}`;
    return {
        report: { found: false, note },
        criteria: [{ name: 'Baseline', actual: `unreadable: ${error.message}`, allowed: 'a readable baseline run', passed: false, failure }],
    };
}

;// CONCATENATED MODULE: ./src/recheck/recheck.ts


/**
 * The run read last must still be the run that was chosen: of its suite, with its metadata, and (for a run this gate
 * started) what was asked for. The first read is checked where the run is chosen; this checks the read a rerun request
 * or the verdict rests on, whatever path led there (run-id, lookup, create-run, schedule, after a rerun). A run that
 * changed under the gate is not judged: the API's answers disagree, so the outcome is inconclusive.
 */
function recheckRun(session, identity, run) {
    const problems = identityProblems(run, identity);
    if (problems.length === 0)
        return next(run);
    session.result.run = run;
    const reason = `run ${run.id} was ${identity.chosen}, but the run itself (GET by id) ${problems.join('; ')}: the API's answers disagree`;
    return end(finish(session, 'inconclusive', reason));
}

;// CONCATENATED MODULE: ./src/report/markdown.ts

const MAX_CELL_CHARS = 300;
/**
 * Makes an API value safe inside a Markdown table cell: no HTML (entities), no Markdown
 * syntax (backslash escapes), no line breaks or pipes that would end the cell or the row, and no
 * control characters (bidi overrides included) that would reorder or hide what a reader sees.
 */
function escapeCell(value, maxChars = MAX_CELL_CHARS) {
    let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
    text = text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(CONTROLS, '\uFFFD');
    if (text.length > maxChars)
        text = `${text.slice(0, maxChars)}…`;
    return (text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/([\\`*_[\]|~])/g, '\\$1')
        // A zero-width space stops @mentions and #references from notifying people from API data,
        // and stops GitHub from turning a bare URL (https://…, www.…) into a link; e-mails break at the @.
        .replace(/([@#])(?=[\w-])/g, '$1\u200b')
        .replace(/\b(https?|ftp|mailto|xmpp)(?=:)/gi, '$1\u200b')
        .replace(/\b(www)(?=\.)/gi, '$1\u200b')
        // GitHub links `GH-123` to an issue of the repository, as it does `#123`: the same zero-width space keeps it text.
        .replace(/\b(GH)(?=-\d)/gi, '$1\u200b'));
}
/**
 * An API id as a code span. Only characters an id can have are kept, so nothing can end the span
 * or the table cell around it; an empty id shows as a dash.
 */
function identifierSpan(id) {
    return id ? `\`${id.replace(/[^\w.:-]/g, '?').slice(0, 120)}\`` : '—';
}
function table(header, rows) {
    const line = (cells) => `| ${cells.join(' | ')} |`;
    return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
const byteLength = (text) => Buffer.byteLength(text, 'utf8');
/**
 * Keeps a document under `maxBytes`, cutting at a line and saying so. What is kept stays whole Markdown: no line (a
 * table row) is cut in half, a code fence left open is closed, and so is every `<details>` opened in the part kept.
 */
function capSize(markdown, maxBytes) {
    if (byteLength(markdown) <= maxBytes)
        return markdown;
    const note = `\n\n_Summary truncated to stay under ${Math.round(maxBytes / 1024)} KiB; see the \`result-json\` output for everything._\n`;
    const budget = Math.max(0, maxBytes - byteLength(note));
    const encoded = Buffer.from(markdown, 'utf8');
    let room = budget;
    for (;;) {
        const kept = cutAtLine(markdown, encoded, room);
        const closing = closingMarkup(kept);
        if (byteLength(kept) + byteLength(closing) <= budget || room === 0)
            return kept + closing + note;
        // Leave room for the closing markup; a cut further up may leave other sections open, so check again.
        room = Math.max(0, Math.min(room - 1, budget - byteLength(closing)));
    }
}
/** The first `budget` bytes, back to the last whole line (a document of one line is cut inside it, never mid-character). */
function cutAtLine(markdown, encoded, budget) {
    const cut = encoded
        .subarray(0, budget)
        .toString('utf8')
        .replace(/\uFFFD$/, '');
    if (markdown[cut.length] === '\n')
        return cut;
    const lastNewline = cut.lastIndexOf('\n');
    return lastNewline > 0 ? cut.slice(0, lastNewline) : cut;
}
/** What closes the Markdown a cut left open: a code fence, then each `<details>` not yet closed. */
function closingMarkup(kept) {
    const fences = kept.split('\n').filter((line) => /^ {0,3}(```|~~~)/.test(line)).length;
    const opened = (kept.match(/<details[\s>]/g) ?? []).length - (kept.match(/<\/details>/g) ?? []).length;
    return (fences % 2 === 1 ? '\n```' : '') + '\n\n</details>'.repeat(Math.max(0, opened));
}

;// CONCATENATED MODULE: ./src/report/failed-samples.ts



const LIMITS = { name: 120, code: 80, message: 300, excerpt: 200 };
/**
 * Reads up to `failed-samples` failed samples of the judged run (one request), for the summary and
 * result-json. Evidence only: whatever happens here, the verdict is the same.
 */
async function readFailedSamples(session, run) {
    const { config, client, result, deps } = session;
    const failed = run.request_counts.failed;
    if (config.failedSamples === 0 || failed === 0)
        return;
    try {
        const page = await client.listSamples(run.id, { status: 'failed', limit: config.failedSamples });
        // Redacted before being cut short: a secret cut in half would no longer be recognised later.
        const samples = page.data.slice(0, config.failedSamples).map((sample) => shown(sample, client.redact));
        result.failedSamples = { kind: 'shown', failed, samples };
        deps.logger.info(`Read ${samples.length} of ${failed} failed sample(s) of run ${run.id} for the summary`);
    }
    catch (error) {
        if (!(error instanceof errors/* ApiError */.hD))
            throw error;
        const why = client.redact(error.message);
        result.failedSamples = { kind: 'unavailable', failed, why };
        deps.logger.warning(`Could not read the failed samples of run ${run.id} (the verdict is unaffected): ${why}`);
    }
}
function shown(sample, redact) {
    const cut = (text, maxChars) => text === undefined ? null : (0,one_line/* oneLine */.T)(text, { redact, flatten: 'all-whitespace', trim: true, maxChars });
    return {
        task_id: cut(sample.taskId, LIMITS.name),
        model: cut(sample.model, LIMITS.name),
        sample_index: sample.sampleIndex ?? null,
        error_code: cut(sample.errorCode, LIMITS.code),
        error_message: cut(sample.errorMessage, LIMITS.message),
        prompt: cut(sample.prompt, LIMITS.excerpt),
        output: cut(sample.output, LIMITS.excerpt),
    };
}
/** The collapsible "Failed samples" section of the summary and the PR comment. */
function renderFailedSamplesSection(result) {
    const report = result.failedSamples;
    if (!report)
        return [];
    if (report.kind === 'unavailable') {
        return [
            details(`Failed samples (${report.failed} failed; could not be read)`, `_The failed samples could not be read; the verdict does not depend on them: ${escapeCell(report.why, 600)}_`),
        ];
    }
    const note = report.samples.length < report.failed ? `showing ${report.samples.length} of ${report.failed}` : `showing all ${report.failed}`;
    if (report.samples.length === 0)
        return [details(`Failed samples (${note})`, '_The API listed no failed samples for this run._')];
    const rows = report.samples.map((s) => [
        escapeCell(s.task_id ?? '—'),
        escapeCell(s.model ?? '—'),
        s.sample_index === null ? '—' : String(s.sample_index),
        errorCell(s),
        escapeCell(s.prompt ?? '—'),
        escapeCell(s.output ?? '—'),
    ]);
    return [details(`Failed samples (${note})`, table(['Task', 'Model', 'Sample', 'Error', 'Prompt (excerpt)', 'Output (excerpt)'], rows))];
}
function errorCell(sample) {
    const code = sample.error_code ? `${escapeCell(sample.error_code)}: ` : '';
    return `${code}${escapeCell(sample.error_message ?? (sample.error_code ? '' : '—'))}`;
}
/** Markdown inside <details> needs the blank lines around it. */
function details(summary, body) {
    return `<details><summary><strong>${summary}</strong></summary>\n\n${body}\n\n</details>`;
}

;// CONCATENATED MODULE: ./src/github/pulls.ts
/**
 * Open pull requests, most recently updated first (GitHub REST "List pull requests"), for the reconcile: it
 * reads each one's head commit. Titles, branch names and URLs are untrusted text for every sink.
 */


/** 10 pages of 100: the 1,000 most recently updated open pull requests. */
const MAX_PULL_PAGES = 10;
const pulls_PER_PAGE = 100;
/**
 * GET /repos/{owner}/{repo}/pulls?state=open&sort=updated&direction=desc&per_page=100&page=N, N = 1 to `maxPages`
 * (at most 10) while the Link header announces a next page. A pull request updated while pages are read may
 * move up and be listed twice: it is kept once; one it pushed down may be missed until the next reconcile.
 */
async function listOpenPullRequests(client, repo, maxPages = MAX_PULL_PAGES) {
    const path = repoPath(repo, 'pulls');
    const endpoint = `GET ${path}`;
    const pages = Math.max(1, Math.min(MAX_PULL_PAGES, Math.floor(maxPages)));
    const byNumber = new Map();
    for (let page = 1; page <= pages; page++) {
        const query = { state: 'open', sort: 'updated', direction: 'desc', per_page: String(pulls_PER_PAGE), page: String(page) };
        const answer = await client.call({ operation: 'list-pulls', method: 'GET', path, query });
        const read = new Reader(endpoint, `page ${page}`);
        const items = answer.json;
        if (!Array.isArray(items))
            return read.fail('the answer', 'is not a list');
        for (const [i, item] of items.entries()) {
            const pull = parsePull(read.at(`[${i}]`), item);
            if (pull.state === 'open' && !byNumber.has(pull.number))
                byNumber.set(pull.number, pull);
        }
        if (!answer.hasNextPage || items.length === 0)
            return { pulls: [...byNumber.values()], complete: true, pages: page };
    }
    return { pulls: [...byNumber.values()], complete: false, pages };
}
function parsePull(read, json) {
    const pull = read.object(json, 'pull request');
    const number = read.count(pull, 'number');
    if (number < 1)
        read.fail('number', 'is not a pull request number');
    const head = read.object(pull.head, 'head');
    const base = read.object(pull.base, 'base');
    return {
        number,
        state: read.oneOf(pull, 'state', ['open', 'closed']),
        headSha: read.at('head').sha(head, 'sha'),
        headRef: read.at('head').string(head, 'ref'),
        headRepo: parseRepo(read.at('head'), head.repo),
        baseRef: read.at('base').string(base, 'ref'),
        updatedAt: read.string(pull, 'updated_at'),
        htmlUrl: read.string(pull, 'html_url'),
    };
}
function parseRepo(read, json) {
    if (json === null)
        return null;
    if (!isObject(json))
        return read.fail('repo', 'is not an object or null');
    const fork = json.fork;
    if (typeof fork !== 'boolean')
        read.fail('repo.fork', 'is not true or false');
    return { fullName: read.at('repo').string(json, 'full_name'), fork };
}

;// CONCATENATED MODULE: ./src/reconcile/failures.ts
/**
 * What a failed request means for a reconcile. It fails only on a configuration error (401/403 from either API, or
 * an api-url that redirects or fails TLS); it stops early, leaving every status it has not reached pending for the
 * next reconcile, when time, the job or GitHub's rate limit runs out; any other failure only skips the pull request
 * at hand.
 */



/** Thrown to end the reconcile: a configuration error, or no time (or rate limit) left for more requests. */
class ReconcileStop extends Error {
    name = 'ReconcileStop';
    effect;
    constructor(effect, message) {
        super(message);
        this.effect = effect;
    }
}
/** The effect of an error from either client; undefined for anything else (a bug, rethrown). */
function effectOf(error) {
    if (error instanceof GitHubError)
        return effectOfGitHub(error.kind);
    if (error instanceof errors/* ApiError */.hD) {
        if (error instanceof errors/* ApiHttpError */.X_ && (error.status === 401 || error.status === 403))
            return 'configuration';
        // A redirect, plain http behind https, an untrusted certificate, a host that does not resolve (issue 14): the
        // api-url or trust store is wrong for every pull request, not this run's answer (a 404 for one run stays a skip).
        if ((0,retry/* outcomeOfApiError */.eu)(error) === 'fail' && !isClientRefusal(error))
            return 'configuration';
        if (error instanceof errors/* DeadlineExceededError */.Kt || error instanceof errors/* AbortedError */.oM || error instanceof errors/* RetryAfterDeadlineError */.Lz)
            return 'stop';
        return 'skip';
    }
    return undefined;
}
/** A final 4xx answer about one request (404: no such run for this key), as opposed to the API's address being wrong. */
function isClientRefusal(error) {
    return error instanceof errors/* ApiHttpError */.X_ && error.status >= 400 && error.status < 500;
}
/** A GitHub failure by its kind: 401/403 are the token's or the workflow's permissions; a rate limit or the deadline ends the reconcile. */
function effectOfGitHub(kind) {
    if (kind === 'auth')
        return 'configuration';
    return kind === 'rate-limited' || kind === 'deadline' || kind === 'aborted' ? 'stop' : 'skip';
}
/**
 * Runs `work`; a failure that only concerns this pull request becomes `onSkip(message)`, one that ends the
 * reconcile becomes a ReconcileStop. `redact` removes the token and the key from the message.
 */
async function orSkip(work, onSkip, redact) {
    try {
        return await work();
    }
    catch (error) {
        const effect = effectOf(error);
        if (effect === undefined)
            throw error;
        const message = redact(error.message);
        if (effect === 'skip')
            return onSkip(message);
        throw new ReconcileStop(effect, message);
    }
}

// EXTERNAL MODULE: ./src/api/models.ts
var models = __webpack_require__(83816);
;// CONCATENATED MODULE: ./src/reconcile/plan.ts
/**
 * What a reconcile does with one pending status of its context, once it has read the run the status names.
 * It never waits for a run: a terminal run is judged now, a stuck one becomes `error` after `timeout`, any
 * other stays pending, untouched.
 */


/** The status for a pending description that could not be read: no run is read for it. */
function unusablePending() {
    return { state: 'error', description: UNUSABLE_PENDING };
}
/**
 * The plan for a readable pending status and the run it names (read by that id). `pendingSince` is the pending
 * status's own created_at (GitHub's clock): the timeout runs from the earlier of it and the run's created_at, so
 * a run whose created_at is wrong or in the future cannot keep a status pending for ever.
 */
function planForRun(reading, run, rules, pendingSince, redact) {
    if (run.suite_id !== rules.suiteId) {
        const description = statusDescription(`Run ${reading.runId} is not a run of suite ${rules.suiteId}`, redact);
        return { kind: 'complete', status: { state: 'error', description }, why: 'other-suite' };
    }
    if ((0,models/* isTerminal */.Hd)(run.status))
        return { kind: 'judge', run, rerunsRequested: reading.rerunsRequested };
    const since = startedAt(run, pendingSince);
    if (since === undefined || rules.now - since >= rules.timeout.ms) {
        const detail = since === undefined ? 'and neither it nor the status says when it started' : '';
        const description = statusDescription(`No verdict within ${rules.timeout.text}: run ${run.id} is still ${run.status} ${detail}`, redact);
        return { kind: 'complete', status: { state: 'error', description }, why: 'overdue' };
    }
    return { kind: 'leave' };
}
/** The earlier of the run's created_at (unix seconds) and the status's (ISO time); undefined when neither reads. */
function startedAt(run, pendingSince) {
    const times = [Number.isFinite(run.created_at) ? run.created_at * 1000 : Number.NaN, Date.parse(pendingSince)].filter((t) => !Number.isNaN(t));
    return times.length > 0 ? Math.min(...times) : undefined;
}
/**
 * The next rerun to ask for, when the judged run wants one: k + 1 of N while k < N (`rerun-failed`), read back
 * from the pending description; undefined once N were asked for, and the verdict stands.
 */
function nextRerun(rerunsRequested, rerunLimit) {
    return rerunsRequested < rerunLimit ? { attempt: rerunsRequested + 1, of: rerunLimit } : undefined;
}

;// CONCATENATED MODULE: ./src/reconcile/touch.ts
function sameContext(a, b) {
    return a.toLowerCase() === b.toLowerCase();
}
/** This gate's status on a commit, from its combined status. */
function gateStatusOf(combined, context) {
    const ours = combined.statuses.filter((s) => sameContext(s.context, context));
    if (ours.length === 0)
        return combined.complete ? { kind: 'absent' } : { kind: 'unknown' };
    const latest = ours.reduce((a, b) => (b.id > a.id ? b : a));
    return latest.state === 'pending' ? { kind: 'pending', status: latest } : { kind: 'final', status: latest };
}
/**
 * Read again just before writing: the write goes ahead only if the latest status of the context is still the
 * pending status that was judged. Two reconciles at once then write at most the same verdict twice (the same run,
 * judged by the same rules), and neither writes over the other's final state or over a newer pending status.
 */
function mayWrite(judged, now) {
    return now.kind === 'pending' && now.status.id === judged.id && sameContext(now.status.context, judged.context);
}

;// CONCATENATED MODULE: ./src/reconcile/pull.ts
/**
 * One open pull request of a reconcile: read its head commit's status of this context; when it is pending, read the
 * run it names and complete the status, ask for a rerun, or leave it. Every write is preceded by a fresh read of
 * the commit's statuses and made only if the pending status judged is still the latest (mayWrite).
 */










async function reconcilePull(r, pull) {
    const entry = {
        number: pull.number,
        headSha: pull.headSha,
        found: 'unread',
        before: undefined,
        runId: undefined,
        action: 'none',
        after: undefined,
        pendingAfter: false,
        note: undefined,
        gate: undefined,
    };
    const redact = r.session.client.redact;
    const found = await orSkip(async () => gateStatusOf(await getCombinedStatus(r.github, r.repo, pull.headSha), r.mode.status.context), (message) => message, redact);
    if (typeof found === 'string')
        return { ...entry, action: 'skipped', note: `its statuses could not be read: ${found}` };
    entry.found = found.kind;
    if (found.kind === 'final' || found.kind === 'pending')
        entry.before = { state: found.status.state, description: found.status.description };
    if (found.kind !== 'pending')
        return entry;
    entry.pendingAfter = true;
    const done = await orSkip(() => reconcilePending(r, entry, found), (message) => ({ ...entry, action: 'skipped', note: message }), redact);
    pull_log(r, done);
    return done;
}
async function reconcilePending(r, entry, found) {
    const reading = parsePendingDescription(found.status.description);
    if (!reading.ok) {
        const gate = ended(r, undefined, 'inconclusive', `${UNUSABLE_PENDING}: ${reading.detail}`);
        return complete(r, entry, found.status, unusablePending(), gate);
    }
    entry.runId = reading.runId;
    const run = await readRun(r, reading.runId);
    if (typeof run === 'string') {
        // Like a run of another suite: the status names nothing this reconcile can judge.
        const gate = ended(r, undefined, 'fail', run);
        return complete(r, entry, found.status, { state: 'error', description: statusDescription(run, redact(r)) }, gate);
    }
    const rules = {
        suiteId: r.mode.suiteId,
        timeout: { ms: r.session.config.timeoutMs, text: r.mode.timeoutText },
        now: r.session.deps.clock.now(),
    };
    const plan = planForRun(reading, run, rules, found.status.createdAt, redact(r));
    if (plan.kind === 'leave')
        return { ...entry, action: 'left', note: `run ${run.id} is ${(0,core_run/* describeRunState */.Sn)(run)}` };
    if (plan.kind === 'complete') {
        const gate = ended(r, run, plan.why === 'other-suite' ? 'fail' : 'inconclusive', plan.status.description);
        return complete(r, entry, found.status, plan.status, gate);
    }
    return judgeOrRerun(r, entry, found.status, plan);
}
/** The run named by the status; a final refusal (404: no such run for this key) is a reason string for `error`. */
async function readRun(r, runId) {
    try {
        return await r.session.client.getRun(runId);
    }
    catch (error) {
        // A final answer other than 401/403 (those stop the reconcile): 404 names no run this key can read.
        if (error instanceof errors/* ApiHttpError */.X_ && effectOf(error) === 'skip' && (0,retry/* outcomeOfApiError */.eu)(error) === 'fail') {
            return `Run ${runId} named by the pending status could not be read: ${redact(r)(error.message)}`;
        }
        throw error;
    }
}
async function judgeOrRerun(r, entry, judged, plan) {
    const { session, steps } = r;
    const changed = rerunCountsProblem(judged, plan);
    if (changed) {
        const gate = ended(r, plan.run, 'inconclusive', changed);
        return complete(r, entry, judged, finalOf(r, gate), gate);
    }
    const gateSession = gateSessionFor(r, plan.run);
    const rerun = nextRerun(plan.rerunsRequested, session.config.rerunFailed);
    let note;
    if (rerun && steps.wantsRerun(gateSession, plan.run)) {
        const restarted = await steps.requestRerun(gateSession, plan.run);
        if (typeof restarted !== 'string') {
            // The counts written are the judged run's, read by id before the rerun (not the rerun answer's): the next
            // reconcile checks the rerun against them.
            const { completed, total } = plan.run.request_counts;
            const text = pendingDescription({ runId: restarted.id, status: restarted.status, completed, total, rerun });
            if (text.ok) {
                const written = await pull_write(r, entry, judged, { state: 'pending', description: text.description, written: false });
                return written.after?.written ? { ...written, action: 'rerun' } : written;
            }
            note = `rerun asked for, but its pending status cannot be written: ${text.problem}`;
        }
        else
            note = `rerun ${rerun.attempt} of ${rerun.of} was not made: ${restarted}`;
    }
    const gate = await steps.judge(gateSession, plan.run);
    const after = plan.rerunsRequested > 0 ? `judged after ${plan.rerunsRequested} rerun(s) of failed requests` : undefined;
    const done = await complete(r, entry, judged, finalOf(r, gate), gate);
    return { ...done, note: [note, after, done.note].filter(Boolean).join('; ') || undefined };
}
/**
 * A rerun cannot make failures disappear (as in wait mode): after a rerun asked by an earlier reconcile, the run must
 * still have the total and at least the completed requests that the pending status recorded before the rerun. Without
 * those counts the rerun cannot be checked, so it is not judged either.
 */
function rerunCountsProblem(judged, plan) {
    if (plan.rerunsRequested === 0)
        return undefined;
    const which = `rerun ${plan.rerunsRequested} of run ${plan.run.id}`;
    const before = pendingCounts(judged.description);
    if (!before)
        return `${which} cannot be checked: the pending status does not say the run's counts before the rerun`;
    const problem = (0,core_run/* countsProblem */._i)(before, plan.run.request_counts);
    return problem ? `${which} ${problem}` : undefined;
}
/** A session of its own for one pull request's gate: the same client, deadline and config, a fresh result. */
function gateSessionFor(r, run) {
    const gateSession = withFreshResult(r.session);
    gateSession.result.run = run;
    gateSession.result.lookup = { mode: 'run-id', suiteId: r.mode.suiteId, metadata: {}, candidates: run ? 1 : 0, scanned: 0, scans: 0 };
    return gateSession;
}
/** The gate's result when the status is completed without judging (unusable, other suite, overdue, unreadable run). */
function ended(r, run, outcome, reason) {
    return finish(gateSessionFor(r, run), outcome, reason);
}
function finalOf(r, gate) {
    const verdict = gate.outcome === 'pending' ? 'inconclusive' : gate.outcome;
    return finalStatus(verdict, gate.reason, r.session.config.onInconclusive, redact(r));
}
async function complete(r, entry, judged, status, gate) {
    const written = await pull_write(r, entry, judged, { ...status, written: false });
    return { ...written, gate, action: written.after?.written ? 'completed' : written.action };
}
/**
 * Reads the commit's statuses again and writes only if the pending status judged is still the latest of this
 * context: never over a final state, never over a newer pending status (the pull request job ran again).
 */
async function pull_write(r, entry, judged, status) {
    const { github, repo, mode } = r;
    const now = gateStatusOf(await getCombinedStatus(github, repo, entry.headSha), mode.status.context);
    if (!mayWrite(judged, now)) {
        const why = now.kind === 'final'
            ? 'completed meanwhile (another reconcile, or a re-run of the job)'
            : 'changed meanwhile; left to the next reconcile';
        return { ...entry, action: 'skipped', pendingAfter: now.kind === 'pending', note: `the status ${why}` };
    }
    const posted = await postStatus(github, repo, entry.headSha, {
        state: status.state,
        context: mode.status.context,
        description: status.description,
        targetUrl: mode.status.runUrl,
    });
    if (!posted.ok) {
        const effect = effectOfGitHub(posted.kind);
        if (effect !== 'skip')
            throw new ReconcileStop(effect, posted.error);
        return { ...entry, action: 'skipped', after: { ...status, written: false, error: posted.error }, note: posted.error };
    }
    return { ...entry, after: { ...status, written: true }, pendingAfter: status.state === 'pending' };
}
function redact(r) {
    return r.session.client.redact;
}
function pull_log(r, entry) {
    const where = `#${entry.number} (${entry.headSha.slice(0, 7)})`;
    const what = entry.action === 'completed' || entry.action === 'rerun'
        ? `set to ${entry.after?.state}: ${entry.after?.description}`
        : `${entry.action}${entry.note ? `: ${entry.note}` : ''}`;
    r.session.deps.logger.info(`${where} ${entry.runId ?? 'no run id'}: ${what}`);
}

;// CONCATENATED MODULE: ./src/reconcile/reconcile.ts






async function reconcileGate(session, steps) {
    const mode = session.config.mode;
    const { github, repo } = openGitHub(session, mode.status);
    const report = {
        context: mode.status.context,
        pullRequests: [],
        complete: true,
        reconciled: 0,
        pending: 0,
        stoppedEarly: undefined,
    };
    session.result.reconcile = report;
    const reconciler = { session, mode, github, repo, steps };
    const { logger } = session.deps;
    try {
        const list = await listPulls(reconciler);
        report.complete = list.complete;
        if (!list.complete)
            logger.warning(`More open pull requests than the ${list.pages} pages read: the least recently updated were left out`);
        logger.info(`${list.pulls.length} open pull request(s); looking for pending statuses "${mode.status.context}"`);
        for (const pull of list.pulls)
            report.pullRequests.push(await reconcilePull(reconciler, pull));
    }
    catch (error) {
        const effect = effectOf(error);
        if (effect === undefined && !(error instanceof ReconcileStop))
            throw error;
        const message = session.client.redact(error.message);
        reconcile_count(report);
        if (effect === 'configuration' || (error instanceof ReconcileStop && error.effect === 'configuration')) {
            return finish(session, 'fail', `configuration error, the reconcile stopped: ${message}`);
        }
        report.complete = false;
        report.stoppedEarly = message;
        logger.warning(`The reconcile stopped early; the statuses it did not reach stay pending for the next one: ${message}`);
    }
    reconcile_count(report);
    return finish(session, 'pass', reasonOf(report));
}
/**
 * The listing is the reconcile's whole work: a final refusal of it (404: no such repository for this token or
 * GITHUB_API_URL; 400/422) is the configuration's and meets every reconcile alike, so it fails the job like 401/403.
 */
async function listPulls({ session, github, repo }) {
    try {
        return await listOpenPullRequests(github, repo);
    }
    catch (error) {
        if (error instanceof GitHubError && (error.kind === 'rejected' || error.kind === 'validation')) {
            throw new ReconcileStop('configuration', session.client.redact(error.message));
        }
        throw error;
    }
}
function reconcile_count(report) {
    report.reconciled = report.pullRequests.filter((p) => p.action === 'completed').length;
    report.pending = report.pullRequests.filter((p) => p.pendingAfter).length;
}
function reasonOf(report) {
    const examined = `${report.pullRequests.length} open pull request(s) examined`;
    const stopped = report.stoppedEarly
        ? `; stopped early (${report.stoppedEarly})`
        : report.complete
            ? ''
            : '; not every open pull request was read';
    return `reconciled ${report.reconciled} status(es) "${report.context}", ${report.pending} still pending; ${examined}${stopped}`;
}

;// CONCATENATED MODULE: ./src/rerun/rerun-failed.ts






/** Moved down to core/ (the reconcile checks the same rule): re-exported for this stage's readers. */

/**
 * Phase 2b (`rerun-failed`): while the completed run has more failed requests than allowed, ask
 * MKA1 to rerun them and wait for the run again, within the same deadline. A run that `failed`
 * (its status) is not rerun: that is a run failure, not flaky requests.
 */
async function rerunFailedRequests(session, run, steps) {
    const { config, result, deps } = session;
    let current = run;
    while (result.reruns.length < config.rerunFailed && wantsRerun(session, current, steps)) {
        const checked = steps.recheck(current);
        if (checked.kind === 'end')
            return checked;
        const attempt = {
            attempt: result.reruns.length + 1,
            failedBefore: current.request_counts.failed,
            failedAfter: undefined,
            statusAfter: undefined,
        };
        result.reruns.push(attempt);
        deps.logger.info(`Run ${current.id} has ${attempt.failedBefore} failed request(s); asking MKA1 to rerun them (${attempt.attempt} of ${config.rerunFailed})`);
        const restarted = await requestRerun(session, current);
        if (typeof restarted === 'string') {
            attempt.error = restarted;
            deps.logger.warning(`Rerun ${attempt.attempt} was not made: ${restarted}`);
            break;
        }
        // The verdict rests on GET /runs/{id}, never on the answer to the rerun request.
        const waited = await steps.awaitTerminal(session, restarted, false);
        if (waited.kind === 'end')
            return waited;
        const before = current;
        current = waited.value;
        attempt.failedAfter = current.request_counts.failed;
        attempt.statusAfter = current.status;
        const changed = (0,core_run/* countsProblem */._i)(before.request_counts, current.request_counts);
        if (changed)
            return end(finish(session, 'inconclusive', `rerun ${attempt.attempt} of run ${current.id} ${changed}`));
    }
    return next(current);
}
function wantsRerun(session, run, steps) {
    if (run.status !== 'completed' || run.request_counts.failed === 0)
        return false;
    return !steps.failedRequestsHold(run, session.config.maxFailedRequests);
}
/**
 * Asks for the rerun; the run as the API returned it, or why it could not be asked. A transient failure is a missed
 * poll (the deadline alone ends this), after the delay the API asked for (Retry-After) or a backoff. After a failure
 * the run is read again first: if the rerun already started, it is not asked for twice.
 */
async function requestRerun(session, run) {
    const { client, deps, deadline } = session;
    for (let request = 1;; request++) {
        let error;
        try {
            return await client.rerunFailed(run.id);
        }
        catch (caught) {
            if (!(caught instanceof errors/* ApiError */.hD) || stopsTheGate(caught))
                throw caught;
            error = caught;
        }
        const why = client.redact(error.message);
        const decision = (0,retry/* classifyFailure */.XE)(error);
        if (!decision.retry)
            return why;
        const delay = decision.retryAfterMs ?? (0,retry/* backoffDelay */.EY)(retry/* DEFAULT_RETRY_POLICY */.cO, request, deps.random ?? Math.random);
        if (deps.clock.now() + delay >= deadline)
            return `${why} (no time left to ask again)`;
        deps.logger.info(`${why}; reading the run again in ${(delay / 1000).toFixed(1)}s before asking again`);
        await deps.sleep(delay, deps.signal);
        const seen = await readAgain(session, run.id, why);
        if (typeof seen === 'string')
            return seen;
        if (!(0,core_run/* isTerminal */.Hd)(seen.status) || seen.request_counts.failed !== run.request_counts.failed)
            return seen;
    }
}
/** The run read by id, a failed read being a missed poll; why not, once the deadline came first. */
async function readAgain(session, runId, why) {
    const read = await pollUntil(async () => ({ done: true, value: await session.client.getRun(runId) }), session.poll);
    if (read.kind === 'done')
        return read.value;
    if (read.kind === 'aborted')
        throw new errors/* AbortedError */.oM(`GET ${api_client/* API_PREFIX */.m4}/runs/${runId}`, String(session.deps.signal?.reason ?? 'aborted'));
    return `${why} (no time left to ask again)`;
}
/** Timeouts and interruptions end the gate as they do in every phase. */
function stopsTheGate(error) {
    return error instanceof errors/* DeadlineExceededError */.Kt || error instanceof errors/* AbortedError */.oM || error instanceof errors/* RetryAfterDeadlineError */.Lz;
}

;// CONCATENATED MODULE: ./src/wait/pacing.ts
/** Share of the estimated remaining time to sleep: under one half, so a run that speeds up is still caught early. */
const ETA_FRACTION = 0.4;
/** While there is no estimate, wait a quarter of the time already waited (a gentle backoff). */
const BACKOFF_FRACTION = 0.25;
function sampleOf(run, at) {
    const counts = run.request_counts;
    return { at, status: run.status, processed: counts.completed + counts.failed, total: counts.total };
}
/**
 * Chooses the next poll delay from the run's progress. The rate is measured from the first
 * sample that was in progress to the latest one; the finish is estimated from what remains.
 * Far from it the gate sleeps long (never above the cap); near it, at `poll-interval`.
 */
function planNextPoll(samples, options) {
    const clamp = (ms) => Math.round(Math.min(options.maxIntervalMs, Math.max(options.minIntervalMs, ms)));
    const latest = samples.at(-1);
    if (!latest)
        return { delayMs: options.minIntervalMs, etaMs: undefined };
    // Finalizing and cancelling have no progress to measure and usually end soon.
    if (latest.status !== 'queued' && latest.status !== 'in_progress') {
        return { delayMs: options.minIntervalMs, etaMs: undefined };
    }
    const etaMs = estimateRemaining(samples);
    if (etaMs !== undefined)
        return { delayMs: clamp(etaMs * ETA_FRACTION), etaMs };
    const first = samples[0];
    return { delayMs: clamp((latest.at - first.at) * BACKOFF_FRACTION), etaMs: undefined };
}
function estimateRemaining(samples) {
    const latest = samples.at(-1);
    const start = samples.find((s) => s.status === 'in_progress');
    if (!latest || !start || latest.status !== 'in_progress' || latest.total <= 0)
        return undefined;
    const done = latest.processed - start.processed;
    const elapsed = latest.at - start.at;
    if (done <= 0 || elapsed <= 0)
        return undefined;
    const remaining = Math.max(0, latest.total - latest.processed);
    return (remaining * elapsed) / done;
}

;// CONCATENATED MODULE: ./src/wait/wait.ts




/** Polls the run by id until it reaches a terminal status. */
async function waitForTerminal(client, known, options) {
    const { clock, logger, startedAt } = options;
    const samples = [];
    let last = known;
    let polls = 0;
    const outcome = await pollUntil(async (attempt) => {
        if (attempt > 1 || !options.knownIsFresh) {
            last = await client.getRun(known.id);
            polls++;
            options.onObserve?.(last);
        }
        const now = clock.now();
        samples.push(sampleOf(last, now));
        if ((0,core_run/* isTerminal */.Hd)(last.status)) {
            logger.info(progressLine(last, now - startedAt));
            return { done: true, value: last };
        }
        const plan = planNextPoll(samples, options.pacing);
        const eta = plan.etaMs === undefined ? '' : `, ETA ~${formatDuration(plan.etaMs)}`;
        logger.info(`${progressLine(last, now - startedAt)}${eta}, next poll in ${formatDuration(plan.delayMs)}`);
        return { done: false, last, nextDelayMs: plan.delayMs };
    }, options.poll);
    if (outcome.kind === 'done')
        return { kind: 'terminal', run: outcome.value, polls };
    return { kind: outcome.kind, last, polls, lastError: outcome.lastError };
}
function progressLine(run, elapsedMs) {
    return `run ${run.id}: ${(0,core_run/* describeRunState */.Sn)(run)}, elapsed ${formatDuration(elapsedMs)}`;
}

;// CONCATENATED MODULE: ./src/wait/await-run.ts


/**
 * Phase 2: wait for the run to reach a terminal status, within the deadline. `fresh: false` reads the
 * run by id first even when it came from an id-based request (e.g. the answer to a rerun request).
 * Whether the run read last is still the run chosen is checked before a rerun and before the verdict (recheck/).
 */
async function awaitTerminal(session, run, fresh) {
    const { config, result } = session;
    // run-id and schedule-id read the run by GET /runs/{id}; a lookup's list item, or a create answer, is read again first.
    const waited = await waitForTerminal(session.client, run, sessionWaitOptions(session, session.poll, fresh ?? config.target.kind !== 'lookup'));
    if (waited.kind !== 'terminal') {
        result.run = waited.last;
        return end(await stopped(session, waited.kind, `while waiting for run ${run.id}`, waited.lastError?.message));
    }
    result.run = waited.run;
    return next(waited.run);
}
/** The wait as the session sets it up (pacing, clock, logger, elapsed time), each state seen kept in the result. */
function sessionWaitOptions(session, poll, knownIsFresh) {
    const { config, deps, result } = session;
    return {
        poll,
        pacing: { minIntervalMs: config.pollIntervalMs, maxIntervalMs: config.maxPollIntervalMs },
        clock: deps.clock,
        logger: deps.logger,
        startedAt: session.startedAt,
        onObserve: (seen) => {
            result.run = seen;
        },
        knownIsFresh,
    };
}

;// CONCATENATED MODULE: ./src/wait/watch.ts





/**
 * Watches the run until it is terminal or `until` (clock time) comes, whichever is first, and never ends the gate
 * for running out of that time: `mode: detach` then leaves the verdict to the reconcile. The run is read by id at
 * least once (unless it was just read by id), so a terminal run is judged on GET /runs/{id}, checked as wait mode
 * (the caller then rechecks it against the run chosen); a read that fails for a passing reason leaves the run as
 * known (it is not judged, only left pending). Ends the gate only when the job is cancelled.
 */
async function watchUntil(session, run, until) {
    const { config, client, deps, result } = session;
    let seen = run;
    if (config.target.kind === 'lookup') {
        try {
            seen = await client.getRun(run.id);
        }
        catch (error) {
            if (!(0,retry/* isTransientFailure */.Ri)(error))
                throw error;
            deps.logger.info(`${client.redact(error.message)}; leaving run ${run.id} to the reconcile as listed`);
            return next({ terminal: false, run });
        }
    }
    result.run = seen;
    if (!(0,core_run/* isTerminal */.Hd)(seen.status) && until > deps.clock.now()) {
        const poll = { ...session.poll, deadline: Math.min(until, session.deadline) };
        const waited = await waitForTerminal(client, seen, sessionWaitOptions(session, poll, true));
        if (waited.kind === 'aborted') {
            result.run = waited.last;
            return end(await stopped(session, 'aborted', `while waiting for run ${run.id}`, waited.lastError?.message));
        }
        seen = waited.kind === 'terminal' ? waited.run : waited.last;
    }
    result.run = seen;
    return next({ terminal: (0,core_run/* isTerminal */.Hd)(seen.status), run: seen });
}

;// CONCATENATED MODULE: ./src/gate/end-on-api-error.ts



/** An API error no phase handled: the deadline, an interruption, or a final answer from the API. */
async function endOnApiError(session, error) {
    const run = session.result.run;
    const during = run ? `while waiting for run ${run.id}` : 'while looking for the run';
    if (error instanceof errors/* DeadlineExceededError */.Kt || error instanceof errors/* AbortedError */.oM) {
        return stopped(session, error instanceof errors/* AbortedError */.oM ? 'aborted' : 'deadline', during, error.message);
    }
    if (error instanceof errors/* RetryAfterDeadlineError */.Lz)
        return stopped(session, 'retry-past-deadline', during, error.message);
    return finish(session, (0,retry/* outcomeOfApiError */.eu)(error), error.message);
}

;// CONCATENATED MODULE: ./src/gate/detached-steps.ts








/** The detach and reconcile stages never wait for a rerun: they only ask whether one is wanted. */
const rerunRule = {
    failedRequestsHold: (run, limit) => failedRequestsCriterion(run, limit).passed,
};
/** The wait-mode verdict on a terminal run: its failed samples read for the report, then judged. */
async function judgeTerminal(session, run) {
    await readFailedSamples(session, run);
    return judgeRun(session, run);
}
const reconcileSteps = {
    wantsRerun: (session, run) => wantsRerun(session, run, rerunRule),
    requestRerun: requestRerun,
    judge: judgeTerminal,
};
const detachSteps = {
    ...reconcileSteps,
    findOrStartRun: findOrStartRun,
    recheck: recheckRun,
    watchUntil: watchUntil,
    endOnApiError: endOnApiError,
};

;// CONCATENATED MODULE: ./src/gate/gate.ts













/**
 * Finds (or starts) the run, waits for it, reruns its failed requests if asked, checks that the run read last is
 * still the run chosen, reads the failed samples, and judges it. Never throws for API trouble: that becomes an outcome.
 */
async function runGate(config, deps) {
    const session = openSession(config, deps);
    // Issue 17: `mode: detach` and `mode: reconcile` compose the same stages their own way.
    if (config.mode?.kind === 'detach')
        return detachGate(session, detachSteps);
    if (config.mode?.kind === 'reconcile')
        return reconcileGate(session, reconcileSteps);
    try {
        const found = await findOrStartRun(session);
        if (found.kind === 'end')
            return found.result;
        const { identity } = found.value;
        const terminal = await awaitTerminal(session, found.value.run);
        if (terminal.kind === 'end')
            return terminal.result;
        // The rerun phase waits (wait/), asks whether the failed requests are within the limit (judge/), and asks for a
        // rerun only of the run chosen (recheck/).
        const steps = {
            awaitTerminal: awaitTerminal,
            failedRequestsHold: (run, limit) => failedRequestsCriterion(run, limit).passed,
            recheck: (run) => recheckRun(session, identity, run),
        };
        const final = await rerunFailedRequests(session, terminal.value, steps);
        if (final.kind === 'end')
            return final.result;
        // The one check every path passes just before judging: the run read last is still the run chosen.
        const checked = recheckRun(session, identity, final.value);
        if (checked.kind === 'end')
            return checked.result;
        await readFailedSamples(session, checked.value);
        return await judgeRun(session, checked.value);
    }
    catch (error) {
        if (!(error instanceof errors/* ApiError */.hD))
            throw error;
        return endOnApiError(session, error);
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./src/inputs/github-context.ts

/**
 * The metadata keys that make a run started by the gate traceable back to this job: repository,
 * commit, ref, workflow run and attempt, and the pull request on pull request events. Only keys
 * the runner provides are set. `github_run_id` + `github_run_attempt` also let the gate recognise
 * its own run after a failed create request.
 */
function githubRunContext(env = process.env) {
    const context = {};
    const keys = [
        ['github_repository', 'GITHUB_REPOSITORY'],
        ['github_sha', 'GITHUB_SHA'],
        ['github_ref', 'GITHUB_REF'],
        ['github_run_id', 'GITHUB_RUN_ID'],
        ['github_run_attempt', 'GITHUB_RUN_ATTEMPT'],
    ];
    for (const [key, name] of keys) {
        const value = env[name]?.trim();
        if (value)
            context[key] = value;
    }
    const pr = pullRequestOfEvent(env);
    if (pr !== undefined)
        context.github_pr = String(pr);
    return context;
}
function pullRequestOfEvent(env) {
    if (env.GITHUB_EVENT_NAME !== 'pull_request' && env.GITHUB_EVENT_NAME !== 'pull_request_target')
        return undefined;
    if (!env.GITHUB_EVENT_PATH)
        return undefined;
    try {
        const event = JSON.parse((0,external_node_fs_.readFileSync)(env.GITHUB_EVENT_PATH, 'utf8'));
        const number = event.pull_request?.number;
        return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/inputs/github-environment.ts



/** No runner at all (tests, `npm run gate` without a GitHub context): no event, no repository. */
const NO_GITHUB_ENVIRONMENT = {
    eventName: undefined,
    payload: undefined,
    repository: undefined,
    apiUrl: 'https://api.github.com',
    runUrl: undefined,
};
/** The payload is read only when an event file is named; a file that is not JSON is as good as none. */
function githubEnvironment(env = process.env) {
    return {
        eventName: env.GITHUB_EVENT_NAME?.trim() || undefined,
        payload: readPayload(env.GITHUB_EVENT_PATH),
        repository: parseRepository(env.GITHUB_REPOSITORY?.trim()),
        apiUrl: githubApiUrl(env),
        runUrl: workflowRunUrl(env),
    };
}
function readPayload(path) {
    if (!path)
        return undefined;
    try {
        return JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/inputs/criteria.ts
const LINE = /^(?:([^:\s]+):)?\s*([A-Za-z0-9_.\-/]+)\s*(>=|<=|==|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)$/i;
function parseThresholds(raw) {
    const thresholds = [];
    const badLines = [];
    for (const line of raw.split(/\r?\n/)) {
        const text = line.replace(/#.*$/, '').trim();
        if (!text)
            continue;
        const match = LINE.exec(text);
        if (!match) {
            badLines.push(text);
            continue;
        }
        thresholds.push({
            source: text,
            scope: match[1],
            metric: match[2],
            comparator: match[3],
            limit: Number(match[4]),
        });
    }
    return badLines.length > 0 ? { ok: false, badLines } : { ok: true, thresholds };
}
function parseMaxRegression(raw) {
    const rules = [];
    const badEntries = [];
    for (const entry of raw.split(/[\r\n,]+/)) {
        const text = entry.trim();
        if (!text)
            continue;
        const match = /^(\*|[A-Za-z0-9_.\-/:]+?)\s*:\s*(\d+(?:\.\d+)?)\s*(%?)$/.exec(text);
        if (!match) {
            badEntries.push(text);
            continue;
        }
        rules.push({ metric: match[1], kind: match[3] ? 'percent' : 'absolute', value: Number(match[2]) });
    }
    return badEntries.length > 0 ? { ok: false, badEntries } : { ok: true, rules };
}

;// CONCATENATED MODULE: ./src/inputs/id-input.ts

/** Where an id of each kind goes, for the hint when it was put in the wrong input. */
const INPUT_FOR = {
    run: '`run-id` (or `baseline-run-id`)',
    suite: '`suite-id`',
    schedule: '`schedule-id`',
    'suite-version': 'no input: give the suite id (eval_suite_…) in `suite-id`',
};
/**
 * An id input: empty, or the one id form the API's ids are held to (it goes into URLs and the log). An id with a
 * known prefix of another kind (an `eval_run_…` in `suite-id`) is refused before any request: the API would only
 * answer 404 or an empty listing, and an empty listing is a wait until the timeout. Ids without a known prefix are
 * held to the id form only.
 */
function idInput({ text, problem }, input, kind, name) {
    const value = text(input);
    const example = `${name} (e.g. ${prefixOf(kind)}…)`;
    if (!value)
        return value;
    if (!(0,ids/* isValidId */.Al)(value)) {
        problem(input, value, `${example}: ${ids/* ID_FORM */.VT}`);
        return value;
    }
    const found = (0,ids/* idKindOf */.TQ)(value);
    if (found && found.kind !== kind) {
        problem(input, value, `${example}, not ${found.name} (${found.prefix}…): that goes in ${INPUT_FOR[found.kind]}`);
    }
    return value;
}
function prefixOf(kind) {
    return ids/* ID_PREFIXES */.B6.find((known) => known.kind === kind)?.prefix ?? '';
}

;// CONCATENATED MODULE: ./src/github/pull-request-event.ts
/**
 * Where a detached gate posts its pending status: the pull request's head commit, read from the event payload.
 * Never GITHUB_SHA: on pull_request events that is the merge commit, which the pull request does not show.
 * Only pull request events have one; merge queues and pushes must wait for their verdict (`mode: wait`).
 * It lives below the stages because two need it: inputs/ refuses `mode: detach` on other events, detach/ writes there.
 */
const DETACH_EVENTS = ['pull_request', 'pull_request_target'];
const SHA = /^[0-9a-f]{40}$/;
const pull_request_event_isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Says why this event cannot detach, in the words of an input error (naming `mode` and what to use instead). */
function detachEventProblem(eventName) {
    if (DETACH_EVENTS.includes(eventName ?? ''))
        return undefined;
    // The event name comes from the runner; quote it only in its own form.
    const shown = eventName && /^[a-z_]{1,40}$/.test(eventName) ? eventName : 'unknown';
    if (shown === 'merge_group') {
        return ('mode: expected `wait` on merge_group events: `detach` runs only on pull_request and pull_request_target events; ' +
            'a merge queue needs its required check on merge_group.head_sha before the queue moves on, so use `mode: wait` there');
    }
    return `mode: expected \`wait\` on ${shown} events: \`detach\` runs only on pull_request and pull_request_target events; merge queues and pushes need \`mode: wait\``;
}
/** The pull request and head commit of a pull request event's payload (GITHUB_EVENT_PATH, parsed). */
function detachTarget(eventName, payload) {
    const problem = detachEventProblem(eventName);
    if (problem)
        return { ok: false, problem };
    const pull = pull_request_event_isObject(payload) ? payload.pull_request : undefined;
    if (!pull_request_event_isObject(pull))
        return { ok: false, problem: 'the event payload has no pull_request' };
    const number = pull.number;
    if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) {
        return { ok: false, problem: 'the event payload has no pull request number' };
    }
    const head = pull_request_event_isObject(pull.head) ? pull.head : undefined;
    const sha = head?.sha;
    if (typeof sha !== 'string' || !SHA.test(sha))
        return { ok: false, problem: 'the event payload has no pull request head commit (head.sha)' };
    return { ok: true, number, headSha: sha, fromFork: fromFork(head, pull.base) };
}
function fromFork(head, base) {
    const headRepo = pull_request_event_isObject(head?.repo) ? head.repo.full_name : undefined;
    const baseRepo = pull_request_event_isObject(base) && pull_request_event_isObject(base.repo) ? base.repo.full_name : undefined;
    // A deleted head repository (null) is a fork that no longer exists; unknown names count as a fork, to warn rather than not.
    return typeof headRepo !== 'string' || typeof baseRepo !== 'string' || headRepo.toLowerCase() !== baseRepo.toLowerCase();
}

;// CONCATENATED MODULE: ./src/inputs/mode-inputs.ts




const MODES = ['wait', 'detach', 'reconcile'];
/** Printable text on one line: GitHub shows the context as the check's name. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTEXT_FORM = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]{1,100}$/;
const detachAfterForm = (timeout) => `a duration shorter than \`timeout\` (${timeout}), e.g. \`0\`, \`30s\`, \`2m\`: how long to wait for the run before leaving its verdict to the reconcile`;
/** `mode` itself; a bad value is reported and `wait` assumed for the other checks. */
function parseModeChoice({ text, problem }) {
    const raw = text('mode') || 'wait';
    const choice = MODES.find((m) => m === raw.toLowerCase());
    if (!choice)
        problem('mode', raw, '`wait` (hold the job until the verdict), `detach` or `reconcile`');
    return choice ?? 'wait';
}
/**
 * The run target of a reconcile: the suite whose statuses it completes. It finds no run and starts none, so the
 * inputs that would are refused rather than ignored.
 */
function parseReconcileTarget(scope) {
    const { text, problem } = scope;
    const suiteId = text('suite-id');
    if (!suiteId)
        problem('suite-id', '', 'the suite whose pending statuses `mode: reconcile` completes (eval_suite_…)');
    else if (!(0,ids/* isValidId */.Al)(suiteId))
        problem('suite-id', suiteId, `${ids/* ID_FORM */.VT} (e.g. eval_suite_…)`);
    const why = 'nothing with `mode: reconcile`: it reads the run named by each pending status, and never finds or starts one';
    for (const name of ['run-id', 'metadata', 'schedule-id', 'max-age', 'models', 'judge-model', 'embedding-model', 'run-options']) {
        if (text(name))
            problem(name, text(name), why);
    }
    const createRun = text('create-run');
    if (createRun && createRun.toLowerCase() !== 'never')
        problem('create-run', createRun, `\`never\` (or empty): ${why}`);
    const cancelOn = text('cancel-run-on');
    if (cancelOn && cancelOn.toLowerCase() !== 'never') {
        problem('cancel-run-on', cancelOn, '`never` with `mode: reconcile`: it never waits for a run, so nothing times out while watching');
    }
    return { kind: 'lookup', suiteId, metadata: {} };
}
/** A reconcile starts nothing. */
function noRunCreation(context) {
    return { mode: 'never', models: [], judgeModel: undefined, embeddingModel: undefined, options: {}, context };
}
/** The settings of `detach` or `reconcile`; undefined in `wait` mode, where the mode's inputs must be left alone. */
function parseModeSettings(scope, choice, environment, settings) {
    const { text, problem } = scope;
    if (choice === 'wait') {
        const detachAfter = text('detach-after');
        if (detachAfter && detachAfter !== '0')
            problem('detach-after', detachAfter, 'nothing unless `mode` is `detach`');
        if (text('status-context'))
            problem('status-context', text('status-context'), 'nothing unless `mode` is `detach` or `reconcile`');
        return undefined;
    }
    // Without a token, `comment: true` says so already.
    if (!settings.comment.token && !settings.comment.enabled) {
        problem('github-token', '', `a token that can write commit statuses (default \`\${{ github.token }}\`, with \`permissions: statuses: write\`) when \`mode\` is \`${choice}\``);
    }
    const status = statusTarget(scope, choice, environment, settings.target);
    return choice === 'detach' ? detachSettings(scope, environment, settings, status) : reconcileSettings(scope, settings, status);
}
function detachSettings(scope, environment, settings, status) {
    const { text, problem } = scope;
    const event = detachTarget(environment.eventName, environment.payload);
    if (!event.ok) {
        // detachEventProblem words the event problem as an input error of `mode` already ("mode: expected …").
        const expected = event.problem.replace(/^mode: expected /, '');
        problem('mode', 'detach', expected === event.problem ? `a pull request event whose payload names the head commit: ${expected}` : expected);
    }
    if (settings.target.kind === 'schedule') {
        problem('schedule-id', text('schedule-id'), 'nothing with `mode: detach`: a schedule runs on its own clock, not for a pull request; use `mode: wait`, or `suite-id` with `metadata`');
    }
    const raw = text('detach-after') || '0';
    const ms = parseDuration(raw);
    let detachAfterMs = 0;
    if (ms === undefined || ms < 0 || ms >= settings.timeoutMs)
        problem('detach-after', raw, detachAfterForm(text('timeout') || '30m'));
    else
        detachAfterMs = ms;
    const pullRequest = event.ok
        ? { number: event.number, headSha: event.headSha, fromFork: event.fromFork }
        : { number: 0, headSha: '', fromFork: false };
    return { kind: 'detach', detachAfterMs, pullRequest, status };
}
function reconcileSettings({ text, problem }, settings, status) {
    const detachAfter = text('detach-after');
    if (detachAfter && detachAfter !== '0')
        problem('detach-after', detachAfter, 'nothing unless `mode` is `detach`');
    const suiteId = settings.target.kind === 'schedule' ? '' : (settings.target.suiteId ?? '');
    return { kind: 'reconcile', suiteId, timeoutText: text('timeout') || '30m', status };
}
/** The status's context and where it is written; the runner's repository is required (it is the only place allowed). */
function statusTarget({ text, problem }, choice, environment, target) {
    const given = text('status-context');
    const suiteId = target.suiteId;
    let context = given;
    if (!given) {
        if (suiteId && (0,ids/* isValidId */.Al)(suiteId))
            context = defaultStatusContext(suiteId);
        else if (choice === 'detach') {
            problem('status-context', '', 'the commit status context (the same as the reconcile workflow’s) when `suite-id` is not set');
        }
    }
    else if (!CONTEXT_FORM.test(given)) {
        problem('status-context', given, 'one line of up to 100 printable characters, the same in the pull request workflow and the reconcile');
    }
    const repository = environment.repository;
    if (!repository) {
        problem('mode', choice, `a runner that sets GITHUB_REPOSITORY to owner/name: \`${choice}\` writes commit statuses to that repository`);
    }
    return { context, apiUrl: environment.apiUrl, owner: repository?.owner ?? '', repo: repository?.repo ?? '', runUrl: environment.runUrl };
}

;// CONCATENATED MODULE: ./src/inputs/noise-inputs.ts
const noise_inputs_MODES = ['off', 'report', 'gate'];
const POLICIES = ['pass', 'fail', 'inconclusive'];
const MIN_CONFIDENCE = 0.8;
const MAX_CONFIDENCE = 0.999;
const DEFAULT_NOISE = { mode: 'report', confidence: 0.95, uncertain: 'pass' };
/** A plain decimal: `0.95`, `.9`. No percent sign, exponent or sign, so `95` or `95%` is named as a mistake. */
const DECIMAL = /^(?:0|[1-9]\d*)?\.\d+$|^(?:0|[1-9]\d*)$/;
function parseNoise({ text, problem }) {
    const modeRaw = text('noise') || DEFAULT_NOISE.mode;
    const mode = noise_inputs_MODES.find((m) => m === modeRaw.toLowerCase());
    if (!mode) {
        problem('noise', modeRaw, '`off` (point verdicts, no samples read), `report` (error bars beside the verdicts) or `gate` (verdicts by error bars)');
    }
    const confidence = parseConfidence(text('confidence'), problem);
    const uncertainRaw = text('uncertain') || DEFAULT_NOISE.uncertain;
    const uncertain = POLICIES.find((p) => p === uncertainRaw.toLowerCase());
    if (!uncertain)
        problem('uncertain', uncertainRaw, '`pass` (fail only on evidence), `fail` or `inconclusive`');
    else if (uncertain !== 'pass' && mode !== undefined && mode !== 'gate') {
        // Without `noise: gate` verdicts are point verdicts: a stricter `uncertain` would silently do nothing.
        problem('uncertain', uncertainRaw, '`pass` unless `noise` is `gate` (only then does an interval decide a verdict)');
    }
    return { mode: mode ?? DEFAULT_NOISE.mode, confidence, uncertain: uncertain ?? DEFAULT_NOISE.uncertain };
}
function parseConfidence(raw, problem) {
    if (!raw)
        return DEFAULT_NOISE.confidence;
    const value = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
    if (!(value >= MIN_CONFIDENCE && value <= MAX_CONFIDENCE)) {
        problem('confidence', raw, `a two-sided confidence from ${MIN_CONFIDENCE} to ${MAX_CONFIDENCE} written as a decimal, e.g. 0.95 (not 95%)`);
        return DEFAULT_NOISE.confidence;
    }
    return value;
}

// EXTERNAL MODULE: ./src/api/body.ts
var body = __webpack_require__(43994);
;// CONCATENATED MODULE: ./src/inputs/run-inputs.ts

const run_inputs_MODES = ['never', 'if-missing', 'always'];
const CREATION_INPUTS = ['models', 'judge-model', 'embedding-model', 'run-options'];
/** Body fields the gate sets itself: `run-options` may not override them. */
const RESERVED_OPTIONS = ['suite_id', 'models', 'metadata'];
const MODEL_ID = /^[\x21-\x7e]{1,200}$/;
const MAX_MODELS = 20;
/** `create-run` and the inputs that say what a started run is made of. */
function parseRunCreation(scope, target, context) {
    const { text, problem } = scope;
    const raw = text('create-run') || 'never';
    const mode = run_inputs_MODES.find((m) => m === raw.toLowerCase());
    if (!mode)
        problem('create-run', raw, '`never`, `if-missing` (start a run when none matches `metadata`) or `always`');
    const creating = mode !== undefined && mode !== 'never';
    if (!creating) {
        // Set without create-run they would do nothing: say so rather than ignore them.
        for (const name of CREATION_INPUTS.filter((n) => mode === 'never' && text(n))) {
            problem(name, text(name), `no value unless \`create-run\` is \`if-missing\` or \`always\` (it only describes a run to start)`);
        }
        return { mode: mode ?? 'never', models: [], judgeModel: undefined, embeddingModel: undefined, options: {}, context };
    }
    checkTargetForCreation(scope, target);
    const judgeModel = oneLine(scope, 'judge-model');
    const embeddingModel = oneLine(scope, 'embedding-model');
    const options = parseRunOptions(scope, { judge_model: judgeModel, embedding_model: embeddingModel });
    return { mode, models: parseModels(scope), judgeModel, embeddingModel, options, context };
}
/** A run is started for a suite and tagged with `metadata`, so that a later lookup finds it. */
function checkTargetForCreation({ text, problem }, target) {
    if (target.kind === 'schedule') {
        problem('schedule-id', text('schedule-id'), 'no `schedule-id` with `create-run` (the schedule starts its own runs): set `suite-id` and `metadata` instead');
    }
    else if (target.kind === 'run-id') {
        problem('run-id', text('run-id'), 'no `run-id` with `create-run` (a started run gets a new id): set `suite-id` and `metadata` instead');
    }
    else if (text('metadata') === '*') {
        problem('metadata', '*', 'key=value pairs with `create-run`: they tag the started run so that a re-run of the job finds it (`*` matches any run)');
    }
}
function parseModels({ read, problem }) {
    const raw = read('models');
    const models = raw
        .split(/[\r\n,]+/)
        .map((m) => m.trim())
        .filter(Boolean);
    const expected = `1 to ${MAX_MODELS} model ids, one per line or comma-separated (e.g. \`gpt-x, gpt-y\`), when \`create-run\` is not \`never\``;
    if (models.length === 0 || models.length > MAX_MODELS)
        problem('models', raw.trim(), expected);
    for (const model of models.filter((m) => !MODEL_ID.test(m)))
        problem('models', model, 'model ids of printable characters without spaces');
    const duplicates = models.filter((m, i) => models.indexOf(m) !== i);
    if (duplicates.length > 0)
        problem('models', duplicates[0], 'each model once');
    return models;
}
function oneLine({ text, problem }, name) {
    const value = text(name);
    if (value && !MODEL_ID.test(value))
        problem(name, value, 'a model id of printable characters without spaces');
    return value || undefined;
}
function parseRunOptions({ text, problem }, fromInputs) {
    const raw = text('run-options');
    if (!raw)
        return {};
    const options = readOptionsObject(raw, problem);
    if (!options)
        return {};
    for (const key of RESERVED_OPTIONS.filter((k) => Object.hasOwn(options, k))) {
        problem('run-options', raw, `no "${key}" key: the gate sets it from \`${key === 'suite_id' ? 'suite-id' : key}\``);
    }
    for (const [key, value] of Object.entries(fromInputs)) {
        if (value !== undefined && Object.hasOwn(options, key)) {
            problem('run-options', raw, `no "${key}" key when \`${key.replace('_', '-')}\` is set too (one place for it)`);
        }
    }
    return options;
}
/**
 * `run-options` as the object the create request will carry, or undefined after reporting why it cannot be. The depth
 * is checked on the text, before parsing: JSON.parse takes any depth, but JSON.stringify overflows the stack on the
 * way out. A number beyond the double range (`1e999`) parses as Infinity and would be sent as `null`.
 */
function readOptionsObject(raw, problem) {
    if ((0,body/* jsonDepth */.QV)(raw, body/* MAX_JSON_DEPTH */.KX) > body/* MAX_JSON_DEPTH */.KX) {
        problem('run-options', raw, `a JSON object nested at most ${body/* MAX_JSON_DEPTH */.KX} levels deep (the gate's limit for any JSON it sends or reads)`);
        return undefined;
    }
    let parsed;
    try {
        parsed = JSON.parse(raw);
    }
    catch {
        parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        problem('run-options', raw, 'a JSON object of further create fields, e.g. `{"generation": {"temperature": 0}, "grader_concurrency": 4}`');
        return undefined;
    }
    const unsendable = unsendableNumber(parsed);
    if (unsendable !== undefined) {
        problem('run-options', raw, `JSON numbers within range: "${unsendable}" is too large to send (it would be sent as null)`);
        return undefined;
    }
    return parsed;
}
/** The path of the first number JSON cannot carry (Infinity), if any. Recursive: the depth is bounded above. */
function unsendableNumber(value, path = '') {
    if (typeof value === 'number')
        return Number.isFinite(value) ? undefined : path || '(top level)';
    if (typeof value !== 'object' || value === null)
        return undefined;
    for (const [key, item] of Object.entries(value)) {
        const found = unsendableNumber(item, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key);
        if (found !== undefined)
            return found;
    }
    return undefined;
}
/** What the gate does after the run finished: rerun failed samples, show failed samples. */
function parseFollowUp(scope) {
    return {
        rerunFailed: parseWholeNumber(scope, 'rerun-failed', '0', 5, 'how many times to rerun failed samples'),
        failedSamples: parseWholeNumber(scope, 'failed-samples', '10', 100, 'how many failed samples to show; 0 shows none'),
    };
}
function parseWholeNumber({ text, problem }, name, fallback, max, what) {
    const raw = text(name) || fallback;
    const value = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
    if (Number.isNaN(value) || value > max) {
        problem(name, raw, `a whole number from 0 to ${max} (${what})`);
        return Number(fallback);
    }
    return value;
}

;// CONCATENATED MODULE: ./src/inputs/metadata.ts
/**
 * The metadata expression that is set on every event. `github.event.pull_request.head.sha` is empty on `push`
 * (and `github.sha` is the merge commit on `pull_request`), so the hint shows both, in the order that works.
 */
const SAFE_SHA_FORM = 'sha=${{ github.event.pull_request.head.sha || github.sha }}';
const EMPTY_VALUE = 'a value after "=": an empty value usually means the expression is empty on this event ' +
    `(e.g. \`github.event.pull_request.head.sha\` on push); use a form that is set on every event, e.g. \`${SAFE_SHA_FORM}\``;
const SEVERAL_PAIRS = 'one pair per line: this line holds several (a value may not hold a comma, semicolon or space followed by `key=`); ' +
    'put each pair on its own line, in a YAML `|` block (a `>` block folds the lines into one)';
/**
 * A second `key=` inside a value: a separator (comma, semicolon or whitespace), then a key that starts with a letter
 * or `_` and goes on with letters, digits, `_`, `.` or `-`, then `=`. So `sha=a, workflow=pr` and `sha=a workflow=pr`
 * (a YAML `>` block) are caught, while `query=a=b`, `url=https://x/?a=b&c=d` and `cmd=run --flag=1` are values.
 */
const SECOND_PAIR = /[,;\s][A-Za-z_][\w.-]*=/;
/**
 * `key=value` pairs, one per line, for `metadata` and `baseline-metadata`. Each line is trimmed and empty lines are
 * skipped; a line without a key, a key given twice, an empty value and a line holding several pairs are problems
 * of `input`. An empty value is refused because it is almost always an expression that is empty on this event, and
 * a run tagged `sha=""` would then match every later job whose expression is empty too.
 */
function parseMetadata(raw, input, problem) {
    // No prototype: keys such as `constructor` or `__proto__` are plain keys here.
    const pairs = Object.create(null);
    for (const line of raw.split(/\r?\n/)) {
        const trimmed = line.trim();
        if (!trimmed)
            continue;
        const eq = trimmed.indexOf('=');
        const key = eq > 0 ? trimmed.slice(0, eq).trim() : '';
        const value = trimmed.slice(eq + 1).trim();
        if (!key)
            problem(input, trimmed, 'one key=value pair per line, e.g. `branch=main`');
        else if (Object.hasOwn(pairs, key))
            problem(input, trimmed, `each key once; "${key}" is given twice`);
        else if (!value)
            problem(input, trimmed, EMPTY_VALUE);
        else if (SECOND_PAIR.test(value))
            problem(input, trimmed, SEVERAL_PAIRS);
        else
            pairs[key] = value;
    }
    return pairs;
}

;// CONCATENATED MODULE: ./src/inputs/schedule-inputs.ts


const MAX_AGE_LIMIT_MS = 366 * 86_400_000;
/**
 * `schedule-id` and `max-age`: the schedule chooses the run, so it excludes `run-id` and a metadata
 * lookup. Undefined when no schedule is given (then `max-age` alone is a mistake worth saying).
 */
function parseScheduleTarget(scope) {
    const { text, problem } = scope;
    const scheduleId = text('schedule-id');
    const maxAgeText = text('max-age');
    if (!scheduleId) {
        if (maxAgeText)
            problem('max-age', maxAgeText, 'nothing without `schedule-id`: it limits how long ago the schedule last ran');
        return undefined;
    }
    idInput(scope, 'schedule-id', 'schedule', 'a schedule id');
    const runId = text('run-id');
    if (runId)
        problem('run-id', runId, 'nothing when `schedule-id` is set (the schedule chooses the run): give one or the other');
    const metadata = text('metadata');
    if (metadata)
        problem('metadata', metadata, 'nothing when `schedule-id` is set (the schedule chooses the run, not a metadata lookup)');
    const suiteId = idInput(scope, 'suite-id', 'suite', 'a suite id');
    let maxAge;
    if (maxAgeText) {
        const ms = parseDuration(maxAgeText);
        if (ms === undefined || ms < 1000 || ms > MAX_AGE_LIMIT_MS) {
            problem('max-age', maxAgeText, 'a duration from 1s to 366d: a number with unit s, m, h or d (e.g. 26h, 3d), units combined largest first (1d12h), or a bare number of seconds');
        }
        else
            maxAge = { ms, text: maxAgeText };
    }
    return { kind: 'schedule', scheduleId, suiteId: suiteId || undefined, maxAge };
}

;// CONCATENATED MODULE: ./src/inputs/inputs.ts












/** `redact` runs before the value is cut short: a secret cut in half would no longer be found. */
function describeProblem(problem, redact = (text) => text) {
    // Not flattened: JSON.stringify below shows a line break as \n.
    const shown = (0,one_line/* oneLine */.T)(problem.value, { redact, flatten: 'none', maxChars: 80 });
    return `input "${problem.input}": got ${JSON.stringify(shown)}; expected ${problem.expected}`;
}
const DURATION_FORM = 'a duration: a number with unit ms, s, m or h, or d for days (e.g. 30m, 15s, 500ms, 1h30m), or a bare number of seconds';
/**
 * Checks every input up front and reports all problems at once, each naming the input,
 * the value given and the form expected. One parser per group of inputs. `context` holds the
 * GitHub keys a started run is tagged with (see github-context.ts); `environment` the event and repository that
 * `mode: detach` and `mode: reconcile` need (see github-environment.ts).
 */
function parseInputs(read, context = {}, environment = NO_GITHUB_ENVIRONMENT) {
    const problems = [];
    const scope = {
        read,
        text: (name) => read(name).trim(),
        problem: (input, value, expected) => problems.push({ input, value, expected }),
    };
    const connection = parseConnection(scope);
    const timing = parseTiming(scope);
    const choice = parseModeChoice(scope);
    const target = choice === 'reconcile' ? parseReconcileTarget(scope) : parseTarget(scope);
    const policy = parsePolicy(scope);
    const judging = parseJudging(scope);
    const comment = parseComment(scope);
    const createRun = choice === 'reconcile' ? noRunCreation(context) : parseRunCreation(scope, target, context);
    const followUp = parseFollowUp(scope);
    const mode = parseModeSettings(scope, choice, environment, { target, timeoutMs: timing.timeoutMs, comment });
    const noise = parseNoise(scope);
    if (problems.length > 0)
        return { ok: false, problems };
    const config = { ...connection, ...timing, target, ...policy, ...judging, comment, createRun, ...followUp, noise };
    return { ok: true, config: mode ? { ...config, mode } : config };
}
function parseConnection({ text, problem }) {
    const apiKey = text('api-key');
    if (!apiKey)
        problem('api-key', '', 'the MKA1 API key, e.g. `${{ secrets.MKA1_API_KEY }}` (empty: is the secret set, and is this a fork?)');
    // Never echo the key itself, even a malformed one.
    else if (!/^[\x21-\x7e]+$/.test(apiKey))
        problem('api-key', '(hidden)', 'a key of printable ASCII characters without spaces or line breaks');
    const onBehalfOf = text('on-behalf-of');
    if (onBehalfOf && !/^[\x20-\x7e]+$/.test(onBehalfOf)) {
        problem('on-behalf-of', onBehalfOf, 'printable ASCII text on one line (it is sent as the X-On-Behalf-Of header)');
    }
    const apiUrl = text('api-url') || api_client/* DEFAULT_API_URL */.rK;
    const apiUrlProblem = checkApiUrl(apiUrl);
    if (apiUrlProblem)
        problem('api-url', withoutCredentials(apiUrl), apiUrlProblem);
    return { apiKey, apiUrl, onBehalfOf: onBehalfOf || undefined };
}
/** Reads a duration input within bounds; a bad value is reported and the fallback used. */
function parseDurationInput({ text, problem }, name, fallback, min, max) {
    const raw = text(name) || fallback;
    const ms = parseDuration(raw);
    const maxMs = parseDuration(max);
    if (ms === undefined || ms < min || ms > maxMs) {
        problem(name, raw, `${DURATION_FORM}, from ${min}ms to ${max}`);
        return parseDuration(fallback);
    }
    return ms;
}
function parseTiming(scope) {
    const { text, problem } = scope;
    // Upper bounds: a self-hosted job runs at most 5 days, and timers cannot wait longer than ~24 days.
    const timeoutMs = parseDurationInput(scope, 'timeout', '30m', 1, '120h');
    const pollIntervalMs = parseDurationInput(scope, 'poll-interval', '15s', 10, '1h');
    const maxPollIntervalRaw = text('max-poll-interval');
    let maxPollIntervalMs = Math.max(pollIntervalMs, 120_000);
    if (maxPollIntervalRaw) {
        const parsed = parseDuration(maxPollIntervalRaw);
        maxPollIntervalMs = parseDurationInput(scope, 'max-poll-interval', '2m', 10, '6h');
        // Compared only when it was readable: a bad value is reported once, above.
        if (parsed === maxPollIntervalMs && maxPollIntervalMs < pollIntervalMs) {
            problem('max-poll-interval', maxPollIntervalRaw, `a duration no shorter than poll-interval (${text('poll-interval') || '15s'})`);
        }
    }
    const requestTimeoutMs = parseDurationInput(scope, 'request-timeout', '30s', 100, '10m');
    return { timeoutMs, pollIntervalMs, maxPollIntervalMs, requestTimeoutMs };
}
function parseTarget(scope) {
    const schedule = parseScheduleTarget(scope);
    if (schedule)
        return schedule;
    const { text, problem } = scope;
    // `*` opts in to "the newest run of the suite, whatever its metadata". Without it an empty
    // `metadata` is an error: an unset variable must not quietly gate some other run.
    const metadataRaw = text('metadata');
    const metadata = metadataRaw === '*' ? {} : parseMetadata(metadataRaw, 'metadata', problem);
    const suiteId = idInput(scope, 'suite-id', 'suite', 'a suite id');
    const runId = idInput(scope, 'run-id', 'run', 'a run id');
    if (runId)
        return { kind: 'run-id', runId, suiteId: suiteId || undefined, metadata };
    if (!suiteId)
        problem('suite-id', '', 'a suite id (eval_suite_…), or set `run-id` to gate one run');
    else if (!metadataRaw) {
        problem('metadata', '', `key=value pairs that identify the run (e.g. \`${SAFE_SHA_FORM}\`), \`*\` for the newest run of the suite whatever its metadata, or a non-empty \`run-id\``);
    }
    return { kind: 'lookup', suiteId, metadata };
}
function parsePolicy({ text, problem }) {
    return {
        maxFailedRequests: parseFailedLimit(text('max-failed-requests') || '0', problem),
        writeSummary: parseBoolean(text('summary') || 'true', 'summary', problem, true),
        onInconclusive: parseChoice(text('on-inconclusive') || 'fail', 'on-inconclusive', ['fail', 'warn', 'pass'], problem),
        cancelRunOn: parseCancelRunOn(text('cancel-run-on') || 'never', problem),
    };
}
function parseJudging({ read, text, problem }) {
    const thresholdsParse = parseThresholds(read('thresholds'));
    for (const line of thresholdsParse.ok ? [] : thresholdsParse.badLines) {
        problem('thresholds', line, 'one criterion per line: `metric >= number` (also >, <=, <, ==), optionally scoped: `gpt-x:accuracy >= 0.8`');
    }
    const baseline = parseBaselineSource({ read, text, problem });
    const regressionParse = parseMaxRegression(read('max-regression'));
    for (const entry of regressionParse.ok ? [] : regressionParse.badEntries) {
        problem('max-regression', entry, '`metric: amount` entries, one per line or comma-separated: `accuracy: 0.02`, `*: 2%`');
    }
    const maxRegression = regressionParse.ok ? regressionParse.rules : [];
    if (maxRegression.length > 0 && baseline.kind === 'none') {
        problem('max-regression', text('max-regression'), 'a baseline to compare with: set `baseline-metadata` or `baseline-run-id` too');
    }
    const requireBaseline = parseBoolean(text('require-baseline') || 'false', 'require-baseline', problem, false);
    if (requireBaseline && baseline.kind === 'none') {
        problem('require-baseline', 'true', 'a baseline to require: set `baseline-metadata` or `baseline-run-id` too');
    }
    return { thresholds: thresholdsParse.ok ? thresholdsParse.thresholds : [], baseline, maxRegression, requireBaseline };
}
function parseBaselineSource({ read, text, problem }) {
    const baselineMetadataRaw = read('baseline-metadata');
    const baselineMetadata = parseMetadata(baselineMetadataRaw, 'baseline-metadata', problem);
    const baselineRunId = idInput({ text, problem }, 'baseline-run-id', 'run', 'a run id');
    if (baselineRunId && Object.keys(baselineMetadata).length > 0) {
        problem('baseline-run-id', baselineRunId, 'either `baseline-run-id` or `baseline-metadata`, not both');
        return { kind: 'none' };
    }
    if (baselineRunId)
        return { kind: 'run-id', runId: baselineRunId };
    if (baselineMetadataRaw.trim())
        return { kind: 'metadata', metadata: baselineMetadata };
    return { kind: 'none' };
}
function parseComment({ text, problem }) {
    const enabled = parseBoolean(text('comment') || 'false', 'comment', problem, false);
    const token = text('github-token');
    if (enabled && !token)
        problem('github-token', '', 'a token that can write pull request comments (default `${{ github.token }}`) when `comment: true`');
    return { enabled, token };
}
/** `summary` decides whether a summary is written even when other inputs are bad. */
function summaryWanted(read) {
    return read('summary').trim().toLowerCase() !== 'false';
}
function parseFailedLimit(raw, problem) {
    const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(raw);
    if (percent) {
        const value = Number(percent[1]);
        if (value <= 100)
            return { kind: 'percent', value };
        problem('max-failed-requests', raw, 'a percentage from 0% to 100%');
        return { kind: 'count', value: 0 };
    }
    if (/^\d+$/.test(raw))
        return { kind: 'count', value: Number(raw) };
    problem('max-failed-requests', raw, 'a whole count of at least 0 (e.g. 3) or a percentage of the total (e.g. 2.5%)');
    return { kind: 'count', value: 0 };
}
/** `fallback` is what the rest of the checks assume after a bad value, so one mistake reports once. */
function parseBoolean(raw, input, problem, fallback) {
    const value = raw.toLowerCase();
    if (value === 'true')
        return true;
    if (value === 'false')
        return false;
    problem(input, raw, '`true` or `false`');
    return fallback;
}
function parseChoice(raw, input, choices, problem) {
    const value = raw.toLowerCase();
    if (choices.includes(value))
        return value;
    problem(input, raw, `one of ${choices.map((c) => `\`${c}\``).join(', ')}`);
    return choices[0];
}
function parseCancelRunOn(raw, problem) {
    const words = raw
        .toLowerCase()
        .split(/[\s,]+/)
        .filter(Boolean);
    const known = ['never', 'timeout', 'abort'];
    if (words.some((w) => !known.includes(w)) || (words.includes('never') && words.length > 1)) {
        problem('cancel-run-on', raw, '`never`, `timeout`, `abort` or `timeout,abort`');
        return { timeout: false, abort: false };
    }
    return { timeout: words.includes('timeout'), abort: words.includes('abort') };
}
const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
/** Says what is wrong with an `api-url`, or nothing when it is acceptable. */
function checkApiUrl(raw) {
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        return 'an absolute URL such as https://apigw.mka1.com';
    }
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.test(url.hostname));
    if (!secure)
        return 'an https:// URL (plain http:// only for loopback addresses such as http://127.0.0.1:8080)';
    if (url.username || url.password || url.search || url.hash) {
        return 'a base URL without credentials, query or fragment (the key goes in `api-key`)';
    }
    return undefined;
}
function isAllowedApiUrl(raw) {
    return checkApiUrl(raw) === undefined;
}
/**
 * An `api-url` as it may be shown: without user info, query and fragment, which may hold secrets.
 * One that does not parse is never echoed (it may be a secret pasted into the wrong input): only its length.
 */
function withoutCredentials(raw) {
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        return `(not a valid URL, ${raw.length} characters)`;
    }
    const removed = [url.username || url.password ? 'credentials' : '', url.search ? 'query' : '', url.hash ? 'fragment' : ''].filter(Boolean);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    const shown = url.toString().replace(/\/$/, raw.endsWith('/') ? '/' : '');
    return removed.length > 0 ? `${shown} (${removed.join(', ')} removed)` : shown;
}

// EXTERNAL MODULE: ./src/core/metrics.ts
var core_metrics = __webpack_require__(53010);
// EXTERNAL MODULE: ./src/core/noise-format.ts
var noise_format = __webpack_require__(27801);
;// CONCATENATED MODULE: ./src/report/noise-summary.ts



/** Paths listed in one line before "…". */
const MAX_LISTED = 6;
const POWER_TEXT = '80% power';
/** The Result cell of the criteria table: the verdict, and "within noise" when its intervals straddle the limit. */
function verdictCell(c) {
    const verdict = c.passed ? '✅ pass' : c.inconclusive ? '⚠️ inconclusive' : '❌ fail';
    return c.within_noise ? `${verdict} · within noise` : verdict;
}
/** ` [−0.045, +0.010]`: the interval of a regression's delta for the metrics-vs-baseline table, or nothing. */
function deltaBounds(noise, path) {
    const delta = noise?.deltas.find((d) => d.path === path);
    return delta && delta.low !== null && delta.high !== null ? ` ${(0,noise_format/* formatBounds */.n6)(delta.low, delta.high)}` : '';
}
/** The line under the metrics-vs-baseline table: confidence, n, and the smallest detectable regression. */
function regressionLine(noise) {
    if (!noise || noise.deltas.length === 0)
        return undefined;
    const listed = noise.deltas
        .filter((d) => d.mde !== null)
        .slice(0, MAX_LISTED)
        .map((d) => `${escapeCell(d.path)} ${(0,core_metrics/* formatMetric */.gI)(d.mde)}`);
    const more = noise.deltas.length > MAX_LISTED ? ', …' : '';
    return (`_Δ intervals at ${(0,noise_format/* formatConfidence */.Me)(noise.confidence)} confidence · n = ${countText(noise.deltas, true)} · ` +
        `smallest detectable regression (${POWER_TEXT}): ${listed.join(', ')}${more}_`);
}
/** The "Error bars" section: what the mode does, the intervals' n for thresholds, and every note. */
function renderNoiseSection(result) {
    const noise = result.noise;
    if (!noise)
        return [];
    const all = result.criteria.flatMap((c) => c.statistics ?? []);
    // No metric path to speak of (a failed run without metrics): the criteria say why, error bars would add nothing.
    if (all.length === 0 && noise.notes.length === 0)
        return [];
    // Thresholds have no smallest detectable regression; regressions with samples always do.
    const thresholds = all.filter((s) => s.basis === 'samples' && s.mde === null);
    const lines = [modeSentence(noise)];
    if (thresholds.length > 0)
        lines.push(`Threshold intervals: n = ${countText(thresholds, false)}.`);
    if (all.length > 0 && all.every((s) => s.basis === 'reported'))
        lines.push('No metric could be judged by its samples: every verdict is the reported value’s.');
    const notes = noise.notes.map((note) => `- ${escapeCell(note, 1000)}`);
    return ['### Error bars', [lines.join(' '), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n')];
}
function modeSentence(noise) {
    const confidence = (0,noise_format/* formatConfidence */.Me)(noise.confidence);
    if (noise.mode === 'report') {
        return (`Intervals at ${confidence} confidence from the per-sample scores (\`noise: report\`): the verdicts are those of the ` +
            `reported values, and a verdict its interval does not support is marked _within noise_.`);
    }
    const straddle = { pass: 'counts as a pass', fail: 'counts as a failure', inconclusive: 'leaves the gate inconclusive' }[noise.uncertain];
    return (`Verdicts by intervals at ${confidence} confidence from the per-sample scores (\`noise: gate\`): a metric fails only when ` +
        `its interval lies wholly beyond the limit; one whose interval straddles the limit ${straddle} (\`uncertain: ${noise.uncertain}\`).`);
}
/** `400 samples`, `380–400 pairs`, or a mix: what the intervals rest on. */
function countText(statistics, regressions) {
    const groups = new Map();
    for (const s of statistics) {
        if (s.n === null)
            continue;
        const unit = !regressions ? 'samples' : s.method.startsWith('paired') ? 'pairs' : 'samples per run (unpaired)';
        groups.set(unit, [...(groups.get(unit) ?? []), s.n]);
    }
    return [...groups]
        .map(([unit, ns]) => {
        const low = Math.min(...ns);
        const high = Math.max(...ns);
        return `${low === high ? (0,noise_format/* formatCount */.B4)(low) : `${(0,noise_format/* formatCount */.B4)(low)}–${(0,noise_format/* formatCount */.B4)(high)}`} ${unit}`;
    })
        .join(', ');
}

;// CONCATENATED MODULE: ./src/report/metrics-summary.ts



const MAX_ROWS = 60;
const MAX_BARS = 12;
/**
 * The metrics table (beside the baseline when there is one) and a Mermaid bar chart of the scores. With noise
 * statistics (issue 16) each Δ shows its interval, and a line under the table says what they rest on.
 */
function renderMetricsSections(run, baseline, noise) {
    const sections = [];
    if (baseline && !baseline.found)
        sections.push(`_No baseline: ${escapeCell(baseline.note)}._`);
    if (baseline?.found) {
        const rows = baseline.comparisons
            .slice(0, MAX_ROWS)
            .map((c) => [
            escapeCell(c.path),
            c.current === undefined ? '—' : (0,core_metrics/* formatMetric */.gI)(c.current),
            c.baseline === undefined ? '—' : (0,core_metrics/* formatMetric */.gI)(c.baseline),
            (0,core_metrics/* formatDelta */.CW)(c) + deltaBounds(noise, c.path),
        ]);
        sections.push(`### Metrics vs baseline`, `Baseline: ${identifierSpan(baseline.run.id)} (${escapeCell(baseline.how)}). ▲ better, ▼ worse.`, table(['Metric', 'This run', 'Baseline', 'Δ'], rows) + more(baseline.comparisons.length));
        const line = regressionLine(noise);
        if (line)
            sections.push(line);
        // Two bars per metric on one axis are drawn on top of each other by xychart-beta: chart the change instead.
        const chart = changeChart(baseline.comparisons.filter((c) => !c.problem && isScore(c.current) && isScore(c.baseline)));
        if (chart)
            sections.push(chart);
        return sections;
    }
    const metrics = (0,core_metrics/* flattenMetrics */.g8)(run?.metrics);
    if (metrics.size === 0)
        return sections;
    const entries = [...metrics.entries()];
    sections.push('### Metrics', table(['Metric', 'Value'], entries.slice(0, MAX_ROWS).map(([path, value]) => [escapeCell(path), (0,core_metrics/* formatMetric */.gI)(value)])) + more(entries.length));
    const scores = entries.filter(([, value]) => isScore(value));
    const chart = barChart(scores.map(([path]) => path), [scores.map(([, value]) => value)], 'Scores');
    if (chart)
        sections.push(chart);
    return sections;
}
function more(count) {
    return count > MAX_ROWS ? `\n\n_… and ${count - MAX_ROWS} more metrics in the \`metrics\` output._` : '';
}
/** Scores (0..1) share one axis; latencies and counts would flatten them, so they stay in the table. */
function isScore(value) {
    return value !== undefined && value >= 0 && value <= 1;
}
function barChart(labels, series, title) {
    if (labels.length === 0)
        return undefined;
    const shown = labels.slice(0, MAX_BARS).map(chartLabel);
    const bars = series.map((values) => `  bar [${values
        .slice(0, MAX_BARS)
        .map((v) => (0,core_metrics/* formatMetric */.gI)(v))
        .join(', ')}]`);
    return [
        '```mermaid',
        'xychart-beta',
        `  title "${title}"`,
        `  x-axis [${shown.join(', ')}]`,
        '  y-axis "score" 0 --> 1',
        ...bars,
        '```',
    ].join('\n');
}
/** A Mermaid label: only characters that cannot end the string or start markup, at most 40. */
function chartLabel(path) {
    return `"${path.replace(/[^\w.:\- ]/g, '_').slice(0, 40)}"`;
}
/**
 * The change of each score against the baseline, as two series of sizes from zero (gains in green, losses in red):
 * xychart-beta draws every bar up from the axis, so a signed delta would make a loss look like a gain. A third series
 * of zeros in the background colour hides the stub a zero-height bar leaves. No chart when nothing changed.
 */
function changeChart(comparisons) {
    const shown = comparisons.slice(0, MAX_BARS);
    const worse = shown.map((c) => (0,core_metrics/* regressionOf */.RS)(c) ?? 0);
    const top = Math.max(0, ...worse.map((w) => Math.abs(w)));
    if (shown.length === 0 || Number((0,core_metrics/* formatMetric */.gI)(top)) === 0)
        return undefined;
    const bars = (values) => `  bar [${values.map((v) => (0,core_metrics/* formatMetric */.gI)(v)).join(', ')}]`;
    return [
        '```mermaid',
        '---',
        'config:',
        '  themeVariables:',
        '    xyChart:',
        '      backgroundColor: "#ffffff"',
        '      plotColorPalette: "#1a7f37, #cf222e, #ffffff"',
        '---',
        'xychart-beta',
        '  title "Change vs baseline: better (green), worse (red)"',
        `  x-axis [${shown.map((c) => chartLabel(c.path)).join(', ')}]`,
        `  y-axis "score change" 0 --> ${(0,core_metrics/* formatMetric */.gI)(top)}`,
        bars(worse.map((w) => (w < 0 ? -w : 0))),
        bars(worse.map((w) => (w > 0 ? w : 0))),
        bars(shown.map(() => 0)),
        '```',
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/report/run-actions.ts

/** What the gate did to the run itself: started it (`create-run`), reran its failed samples (`rerun-failed`). */
function renderRunActionSections(result) {
    const sections = [];
    if (result.created && result.run) {
        sections.push(`_Run ${identifierSpan(result.run.id)} was started by this gate (\`create-run\`)._`);
    }
    if (result.reruns.length > 0) {
        const rows = result.reruns.map((r) => [
            String(r.attempt),
            String(r.failedBefore),
            r.failedAfter === undefined ? '—' : String(r.failedAfter),
            r.error ? `not made: ${escapeCell(r.error, 400)}` : escapeCell(r.statusAfter ?? 'did not finish in time'),
        ]);
        sections.push('### Reruns of failed requests', table(['Attempt', 'Failed before', 'Failed after', 'Result'], rows));
    }
    return sections;
}

;// CONCATENATED MODULE: ./src/core/result.ts
const RESULT_SCHEMA_VERSION = 1;

;// CONCATENATED MODULE: ./src/report/detached-json.ts
/** Only the fields of the mode that ran: wait mode's result-json is unchanged. */
function detachedResultJson(result) {
    const fields = {};
    const detached = result.detached;
    if (detached) {
        fields.commit_status = {
            context: detached.context,
            pull_request: detached.pullRequest,
            head_sha: detached.headSha,
            target_url: detached.targetUrl ?? null,
            ...statusJson(detached.status),
        };
    }
    const reconcile = result.reconcile;
    if (reconcile) {
        fields.reconcile = {
            context: reconcile.context,
            reconciled: reconcile.reconciled,
            pending: reconcile.pending,
            complete: reconcile.complete,
            stopped_early: reconcile.stoppedEarly ?? null,
            pull_requests: reconcile.pullRequests.map(pullJson),
        };
    }
    return fields;
}
function statusJson(status) {
    return { state: status.state, description: status.description, written: status.written, error: status.error ?? null };
}
/** One entry per pull request examined; the verdict of a completed status with its criteria, not the whole run. */
function pullJson(pull) {
    const gate = pull.gate;
    const run = gate?.run;
    return {
        number: pull.number,
        head_sha: pull.headSha,
        found: pull.found,
        before: pull.before ?? null,
        run_id: pull.runId ?? null,
        action: pull.action,
        after: pull.after ? statusJson(pull.after) : null,
        still_pending: pull.pendingAfter,
        note: pull.note ?? null,
        verdict: gate
            ? {
                outcome: gate.outcome,
                passed: gate.outcome === 'pass',
                reason: gate.reason,
                criteria: gate.criteria,
                run: run ? { id: run.id, status: run.status, request_counts: run.request_counts } : null,
                baseline_run_id: gate.baseline?.found ? gate.baseline.run.id : null,
            }
            : null,
    };
}

;// CONCATENATED MODULE: ./src/report/outputs.ts



/** The runner keeps about 1 MiB of outputs per job: no single output may take a large share. */
const MAX_OUTPUT_BYTES = 256 * 1024;
const MAX_REASON_CHARS = 2_000;
/** Every output, always set (empty where unknown), so later steps can rely on them. */
function buildOutputs(result, redact) {
    const run = result.run;
    const counts = run?.request_counts;
    const outputs = {
        'run-id': run?.id ?? '',
        status: run?.status ?? '',
        passed: String(result.outcome === 'pass'),
        outcome: result.outcome,
        'requests-total': counts ? String(counts.total) : '',
        'requests-completed': counts ? String(counts.completed) : '',
        'requests-failed': counts ? String(counts.failed) : '',
        metrics: capJson(run?.metrics ?? null),
        reason: oneLineReason(result.reason, redact),
        'baseline-run-id': result.baseline?.found ? result.baseline.run.id : '',
        'schedule-last-run-at': result.schedule?.last_run_at ?? '',
        // Set again once the comment is written, which happens after the outputs so it cannot hold them up.
        'comment-url': '',
        created: String(result.created),
        reruns: String(result.reruns.length),
        // `mode: reconcile` only (issue 17): statuses completed, and still pending.
        reconciled: result.reconcile ? String(result.reconcile.reconciled) : '',
        pending: result.reconcile ? String(result.reconcile.pending) : '',
        'result-json': cappedResultJson(result, redact),
    };
    for (const key of Object.keys(outputs))
        outputs[key] = redact(outputs[key]);
    return outputs;
}
/** Line breaks only become spaces: the reason is the gate's own sentence, its spacing kept. */
function oneLineReason(reason, redact) {
    return (0,one_line/* oneLine */.T)(reason, { redact, flatten: 'line-breaks', maxChars: MAX_REASON_CHARS });
}
const bytes = (text) => Buffer.byteLength(text, 'utf8');
function capJson(value) {
    const json = JSON.stringify(value);
    return bytes(json) <= MAX_OUTPUT_BYTES ? json : JSON.stringify({ truncated: true, bytes: bytes(json) });
}
/**
 * The whole result when it fits; otherwise the run keeps its core fields and loses its metrics
 * and extra fields, and `truncated` says so. The verdict and criteria are always there.
 */
function cappedResultJson(result, redact) {
    const full = JSON.stringify(resultJson(result));
    if (bytes(full) <= MAX_OUTPUT_BYTES)
        return full;
    const run = result.run;
    const slim = {
        ...resultJson({ ...result, baseline: undefined }),
        run: run && {
            id: run.id,
            suite_id: run.suite_id,
            status: run.status,
            request_counts: run.request_counts,
            error: run.error,
            metadata: run.metadata,
            created_at: run.created_at,
        },
        truncated: true,
    };
    const slimJson = JSON.stringify(slim);
    if (bytes(slimJson) <= MAX_OUTPUT_BYTES)
        return slimJson;
    return JSON.stringify({
        schema_version: RESULT_SCHEMA_VERSION,
        outcome: result.outcome,
        passed: result.outcome === 'pass',
        reason: oneLineReason(result.reason, redact),
        run: run ? { id: run.id, status: run.status, request_counts: run.request_counts } : null,
        truncated: true,
    });
}
function resultJson(result) {
    return {
        schema_version: RESULT_SCHEMA_VERSION,
        outcome: result.outcome,
        passed: result.outcome === 'pass',
        reason: result.reason,
        criteria: result.criteria,
        run: result.run ?? null,
        lookup: result.lookup ?? null,
        elapsed_ms: result.elapsedMs,
        api: { requests: result.api.requests, retries: result.api.retries, not_modified: result.api.notModified },
        cancel_request: result.cancelRequest ?? null,
        input_problems: result.inputProblems,
        schedule: result.schedule ?? null,
        baseline: result.baseline
            ? result.baseline.found
                ? { run_id: result.baseline.run.id, how: result.baseline.how, metrics: result.baseline.comparisons }
                : { run_id: null, note: result.baseline.note }
            : null,
        created: result.created,
        reruns: result.reruns.map((r) => ({
            attempt: r.attempt,
            failed_before: r.failedBefore,
            failed_after: r.failedAfter ?? null,
            status_after: r.statusAfter ?? null,
            error: r.error ?? null,
        })),
        failed_samples: result.failedSamples ?? null,
        ...detachedResultJson(result),
        // Issue 16; the per-metric statistics are on each criterion, and the deltas there too.
        noise: result.noise
            ? {
                mode: result.noise.mode,
                confidence: result.noise.confidence,
                uncertain: result.noise.uncertain,
                comparisons: result.noise.comparisons,
                samples: result.noise.samples,
                notes: result.noise.notes,
            }
            : null,
    };
}

;// CONCATENATED MODULE: ./src/report/comment.ts

/** GitHub refuses comments over 65,536 characters; bytes are at least as many as characters. */
const MAX_COMMENT_BYTES = 60_000;
/** The longest workflow name kept in the marker (encoded), so the marker stays one short line. */
const MAX_WORKFLOW_CHARS = 200;
/** encodeURIComponent throws on half a surrogate pair; the environment should never hold one, but never crash on it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * The hidden first line that identifies this gate's comment: from the inputs and the workflow's name
 * (`GITHUB_WORKFLOW`), never from API data. With the workflow beside the suite, two workflows gating the same suite
 * on one pull request keep one comment each. Without a workflow (a local run) the marker is the suite's alone.
 * A detached gate (`mode: detach`, then `mode: reconcile` in another workflow) is named by its status context instead,
 * which both workflows share, so the reconcile edits the comment the pull request step wrote.
 */
function commentMarker(target, workflow, statusContext) {
    const safe = (text) => text.replace(/[^\w.-]/g, '_').slice(0, 200);
    const subject = target.suiteId
        ? `suite=${safe(target.suiteId)}`
        : target.kind === 'schedule'
            ? `schedule=${safe(target.scheduleId)}`
            : `run=${safe(target.kind === 'run-id' ? target.runId : '')}`;
    const name = workflow?.trim();
    const owner = statusContext ? ` context=${markerText(statusContext)}` : name ? ` workflow=${markerText(name)}` : '';
    return `<!-- mka1-eval-gate ${subject}${owner} -->`;
}
/**
 * A workflow name as text inside an HTML comment: percent-encoded (UTF-8), so no `<`, `>` or whitespace survives and
 * nothing can end the comment (`-->`, `--!>`) or the marker; distinct names stay distinct. Cut at a whole escape.
 */
function markerText(name) {
    const encoded = encodeURIComponent(name.replace(LONE_SURROGATE, '\uFFFD')).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    return encoded.length <= MAX_WORKFLOW_CHARS ? encoded : encoded.slice(0, MAX_WORKFLOW_CHARS).replace(/%[0-9A-F]?$/, '');
}
/** The comment as posted: the marker line, then the summary cut to GitHub's size limit. */
function commentBody(marker, markdown) {
    return `${marker}\n${capSize(markdown, MAX_COMMENT_BYTES)}`;
}

;// CONCATENATED MODULE: ./src/report/schedule-summary.ts


/** The "Schedule" section: what the schedule is, and whether it has been doing its job. Every API text is escaped. */
function renderScheduleSection(schedule) {
    if (!schedule)
        return [];
    if (!schedule.read) {
        return ['### Schedule', table(['Field', 'Value'], [['Schedule', `${identifierSpan(schedule.id)} (could not be read)`]])];
    }
    const unknown = (field) => (schedule.unusable.includes(field) ? 'unknown (unusable value)' : undefined);
    const rows = [
        ['Schedule', identifierSpan(schedule.id)],
        ['Name', escapeCell(schedule.name ?? '', 200) || '—'],
        ['Suite', schedule.suite_id ? identifierSpan(schedule.suite_id) : (unknown('suite_id') ?? '—')],
        ['Cadence', cadence(schedule)],
        ['Enabled', schedule.enabled === null ? 'unknown (unusable value)' : schedule.enabled ? 'yes' : '**no**'],
        ['Last run', lastRun(schedule)],
        ['Next run', schedule.next_run_at ?? unknown('next_run_at') ?? 'none planned'],
        ['Max age', schedule.max_age ? escapeCell(schedule.max_age) : 'no limit'],
    ];
    return ['### Schedule', table(['Field', 'Value'], rows)];
}
function cadence(schedule) {
    if (schedule.cron)
        return `cron ${escapeCell(schedule.cron, 100)} (${escapeCell(schedule.timezone ?? 'UTC', 60)})`;
    if (schedule.interval_seconds)
        return `every ${formatAge(schedule.interval_seconds * 1000)}`;
    return 'unknown';
}
function lastRun(schedule) {
    if (schedule.unusable.includes('last_run_id'))
        return 'unknown (unusable last_run_id)';
    if (!schedule.last_run_id)
        return schedule.waited_for_first_run ? 'none yet (waited for the first run)' : 'never';
    const when = schedule.last_run_at
        ? `${schedule.last_run_at}${schedule.last_run_age_seconds !== null ? ` (${formatAge(schedule.last_run_age_seconds * 1000)} ago)` : ''}`
        : 'at an unknown time';
    const status = schedule.last_run_status ? `, ${escapeCell(schedule.last_run_status, 40)}` : '';
    const waited = schedule.waited_for_first_run ? ' (its first run, waited for)' : '';
    return `${identifierSpan(schedule.last_run_id)} ${when}${status}${waited}`;
}

;// CONCATENATED MODULE: ./src/report/summary.ts




/** Well under the runner's 1 MiB step-summary limit, leaving room for other steps. */
const MAX_SUMMARY_BYTES = 256 * 1024;
const MAX_METADATA_PAIRS = 40;
const HEADLINE = {
    pass: '✅ MKA1 eval gate passed',
    fail: '❌ MKA1 eval gate failed',
    inconclusive: '⚠️ MKA1 eval gate inconclusive',
    pending: '⏳ MKA1 eval gate detached: verdict pending',
};
function renderSummary(result, context) {
    const problems = result.inputProblems.length;
    // Input problems are listed below; the verdict line only counts them.
    const reason = problems > 0 ? `${problems} invalid input${problems > 1 ? 's' : ''}; nothing was sent to MKA1` : result.reason;
    const parts = [`## ${HEADLINE[result.outcome]}`, `**${capitalize(result.outcome)}:** ${escapeCell(reason, 2000)}`];
    if (result.outcome === 'inconclusive')
        parts.push(`_${escapeCell(context.consequence)}_`);
    if (result.inputProblems.length > 0) {
        parts.push('### Input problems', result.inputProblems.map((p) => `- ${escapeCell(p, 1000)}`).join('\n'));
    }
    parts.push(...renderScheduleSection(result.schedule));
    if (result.run)
        parts.push('### Run', runTable(result.run, result.elapsedMs));
    else if (result.lookup)
        parts.push('### Lookup', lookupTable(result), ...recentRunsSection(result.lookup));
    if (result.criteria.length > 0) {
        parts.push('### Criteria', table(['Criterion', 'Actual', 'Allowed', 'Result'], result.criteria.map((c) => [escapeCell(c.name), escapeCell(c.actual), escapeCell(c.allowed), verdictCell(c)])));
    }
    parts.push(...(context.sections ?? []));
    if (result.cancelRequest)
        parts.push(`_${escapeCell(result.cancelRequest.detail)}_`);
    parts.push(`<sub>${result.api.requests} API request(s), ${result.api.retries} retried, ${result.api.notModified} not modified · ` +
        `gate took ${formatDuration(result.elapsedMs)}</sub>`);
    return capSize(`${parts.join('\n\n')}\n`, MAX_SUMMARY_BYTES);
}
function runTable(run, elapsedMs) {
    const c = run.request_counts;
    const version = run.suite_version !== undefined && run.suite_version !== null ? ` (version ${escapeCell(run.suite_version)})` : '';
    const metadata = Object.entries(run.metadata);
    const shownMetadata = metadata
        .slice(0, MAX_METADATA_PAIRS)
        .map(([k, v]) => `${escapeCell(k, 80)}=${escapeCell(v, 120)}`)
        .join(', ');
    const moreMetadata = metadata.length > MAX_METADATA_PAIRS ? ` … (+${metadata.length - MAX_METADATA_PAIRS} more)` : '';
    const rows = [
        ['Run', identifierSpan(run.id)],
        ['Suite', `${identifierSpan(run.suite_id)}${version}`],
        ['Status', escapeCell(run.status)],
        ['Models', escapeCell(run.models.join(', ')) || '—'],
        ['Judge model', escapeCell(run.judge_model ?? '') || '—'],
        ['Requests', `${c.total} total, ${c.completed} completed, ${c.failed} failed`],
        ['Duration', runDuration(run, elapsedMs)],
        ['Metadata', (shownMetadata || '—') + moreMetadata],
    ];
    if (run.error?.message || run.error?.code)
        rows.push(['Error', escapeCell(run.error.message ?? run.error.code)]);
    return table(['Field', 'Value'], rows);
}
function lookupTable(result) {
    const lookup = result.lookup;
    if (!lookup)
        return '';
    const metadata = Object.entries(lookup.metadata)
        .map(([k, v]) => `${escapeCell(k)}=${escapeCell(v)}`)
        .join(', ');
    return table(['Field', 'Value'], [
        ['Suite', escapeCell(lookup.suiteId ?? '—')],
        ['Metadata asked for', metadata || 'any'],
        ['Runs examined', `${lookup.scanned} in ${lookup.scans} scan(s)`],
    ]);
}
/**
 * After a miss, the metadata the suite's newest runs carry, beside what was asked for: a typo (`sha=c0ffe1`) or a
 * missing pair shows at a glance. Every value is escaped; find/ has redacted and bounded them.
 */
function recentRunsSection(lookup) {
    if (!lookup.recent)
        return [];
    if (lookup.recent.length === 0)
        return ['_The suite has no run visible to this key (check `suite-id` and `on-behalf-of`)._'];
    const rows = lookup.recent.map((run) => [
        identifierSpan(run.id),
        Number.isFinite(run.created_at) ? new Date(run.created_at * 1000).toISOString() : '—',
        escapeCell(run.status),
        Object.entries(run.metadata)
            .map(([k, v]) => `${escapeCell(k, 80)}=${escapeCell(v, 120)}`)
            .join(', ') || '—',
    ]);
    return ['#### Newest runs of the suite (none matched)', table(['Run', 'Created', 'Status', 'Metadata'], rows)];
}
function runDuration(run, elapsedMs) {
    const end = run.completed_at ?? run.failed_at ?? run.cancelled_at;
    const start = run.started_at ?? run.created_at;
    if (typeof end === 'number' && typeof start === 'number' && end >= start)
        return formatDuration((end - start) * 1000);
    return `${formatDuration(elapsedMs)} watched (not finished)`;
}
function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

;// CONCATENATED MODULE: ./src/report/detach-summary.ts

const STATE_ICON = { pending: '⏳', success: '✅', failure: '❌', error: '⚠️' };
function renderDetachSections(result) {
    const detached = result.detached;
    if (!detached)
        return [];
    const { status } = detached;
    const rows = [
        ['Context', escapeCell(detached.context)],
        ['Pull request', `#${detached.pullRequest}`],
        ['Head commit', identifierSpan(detached.headSha)],
        ['State', `${STATE_ICON[status.state]} ${status.state}${status.written ? '' : ' (not set)'}`],
        ['Description', escapeCell(status.description)],
    ];
    if (status.error)
        rows.push(['Error', escapeCell(status.error, 600)]);
    const sections = ['### Commit status', table(['Field', 'Value'], rows)];
    if (result.outcome === 'pending' && status.written) {
        sections.push(`_No runner waits for this run. The reconcile workflow (\`mode: reconcile\`) sets the commit status ` +
            `“${escapeCell(detached.context)}” to the verdict once the run has finished; make that context a required status ` +
            `check so that the pull request cannot merge before._`);
    }
    return sections;
}

;// CONCATENATED MODULE: ./src/report/reconcile-summary.ts



const ICON = { pending: '⏳', success: '✅', failure: '❌', error: '⚠️' };
const VERDICT = { pass: '✅ Pass', fail: '❌ Fail', inconclusive: '⚠️ Inconclusive', pending: '⏳ Pending' };
function renderReconcileSummary(result) {
    const report = result.reconcile;
    const headline = result.outcome === 'fail'
        ? '## ❌ MKA1 eval reconcile failed'
        : `## 🔁 MKA1 eval reconcile: ${report.reconciled} completed, ${report.pending} still pending`;
    const parts = [headline, `**${result.outcome === 'fail' ? 'Fail' : 'Done'}:** ${escapeCell(result.reason, 2000)}`];
    if (report.stoppedEarly) {
        parts.push(`_Stopped early; the statuses it did not reach stay pending for the next reconcile: ${escapeCell(report.stoppedEarly, 600)}_`);
    }
    const shown = report.pullRequests.filter((p) => p.found !== 'absent');
    const without = report.pullRequests.length - shown.length;
    parts.push(`### Pull requests with the status “${escapeCell(report.context)}”`);
    parts.push(shown.length > 0 ? table(['Pull request', 'Head SHA', 'Run', 'Verdict'], shown.map(row)) : '_None._');
    if (without > 0)
        parts.push(`_${without} other open pull request(s) have no status of this context._`);
    for (const pull of report.pullRequests.filter((p) => p.action === 'completed' && p.gate))
        parts.push(...gateSection(pull));
    parts.push(`<sub>${result.api.requests} MKA1 API request(s), ${result.api.retries} retried · reconcile took ${formatDuration(result.elapsedMs)}</sub>`);
    return capSize(`${parts.join('\n\n')}\n`, MAX_SUMMARY_BYTES);
}
function row(pull) {
    return [`#${pull.number}`, identifierSpan(pull.headSha.slice(0, 12)), identifierSpan(pull.runId ?? ''), reconcile_summary_verdictCell(pull)];
}
function reconcile_summary_verdictCell(pull) {
    const after = pull.after;
    const note = pull.note ? ` (${escapeCell(pull.note, 300)})` : '';
    switch (pull.action) {
        case 'completed':
        case 'rerun':
            return after ? `${ICON[after.state]} ${after.state}: ${escapeCell(after.description)}${note}` : '—';
        case 'left':
            return `⏳ pending, left as it is${note}`;
        case 'skipped':
            return `${pull.pendingAfter ? '⏳ pending' : 'not changed'}: skipped${note}`;
        case 'none':
            return pull.found === 'final'
                ? `already final: ${escapeCell(pull.before?.state ?? 'set')} (untouched)`
                : `${escapeCell(pull.found)}${note}`;
    }
}
/** Each completed gate: its verdict line and its criteria, as the wait-mode summary shows them. */
function gateSection(pull) {
    const gate = pull.gate;
    const run = gate.run ? ` · run ${identifierSpan(gate.run.id)}` : '';
    const parts = [`### #${pull.number}${run} · ${VERDICT[gate.outcome]}`, `**${VERDICT[gate.outcome]}:** ${escapeCell(gate.reason, 2000)}`];
    if (gate.criteria.length > 0)
        parts.push(criteriaTable(gate.criteria));
    return parts;
}
function criteriaTable(criteria) {
    return table(['Criterion', 'Actual', 'Allowed', 'Result'], criteria.map((c) => [escapeCell(c.name), escapeCell(c.actual), escapeCell(c.allowed), c.passed ? '✅ pass' : '❌ fail']));
}

;// CONCATENATED MODULE: ./src/core/version.ts
/** Kept equal to package.json's version by a unit test; sent in the User-Agent. */
const ACTION_VERSION = '0.1.0';
const USER_AGENT = `mka1-eval-gate/${ACTION_VERSION} (+https://github.com/features/actions)`;

;// CONCATENATED MODULE: ./src/main.ts



















/** The pull request comment is a courtesy: it never holds the job longer than this. */
const COMMENT_TIMEOUT_MS = 15_000;
/** The action. The only place that reads inputs, sets outputs and decides the job's exit status. */
async function run(overrides = {}) {
    const clock = overrides.clock ?? systemClock;
    const startedAt = clock.now();
    // Mask before anything else can print them.
    const apiKey = core/* getInput */.V4('api-key').trim();
    if (apiKey)
        core/* setSecret */.Pq(apiKey);
    const githubToken = core/* getInput */.V4('github-token').trim();
    if (githubToken)
        core/* setSecret */.Pq(githubToken);
    const redact = (0,safety_redact/* redactorFor */.sD)([apiKey, githubToken]);
    const logger = redactingLogger(redact);
    const crash = installLastResort(redact, logger, () => clock.now() - startedAt);
    const signals = overrides.signal ? undefined : listenForCancellation();
    const signal = overrides.signal ?? signals?.signal;
    let dispatcher;
    let config;
    let result;
    try {
        const parsed = parseInputs((name) => core/* getInput */.V4(name), githubRunContext(), githubEnvironment());
        if (!parsed.ok) {
            result = inputErrorResult(parsed.problems.map((problem) => describeProblem(problem, redact)), clock.now() - startedAt);
        }
        else {
            config = parsed.config;
            dispatcher =
                overrides.dispatcher ??
                    createDispatcher({ connectTimeoutMs: Math.min(10_000, config.requestTimeoutMs), requestTimeoutMs: config.requestTimeoutMs });
            result = await runGate(config, {
                clock,
                sleep: overrides.sleep ?? realSleep,
                dispatcher,
                logger,
                userAgent: USER_AGENT,
                random: overrides.random,
                signal,
            });
        }
    }
    catch (error) {
        // The one failure boundary: anything unexpected still ends in outputs, a summary and a clear failure.
        result = crashResult(error, clock.now() - startedAt);
        if (error instanceof Error && error.stack)
            logger.debug(error.stack);
    }
    finally {
        if (dispatcher && dispatcher !== overrides.dispatcher)
            await dispatcher.destroy().catch(() => { });
    }
    try {
        // Redact the raw strings before any escaping: `mka1_key` escaped as `mka1\_key` would no longer match.
        await report((0,safety_redact/* redactDeep */.KL)(result, redact), config, redact, logger, signal);
    }
    catch (error) {
        // Reporting itself failed (a value no renderer expected): report the failure instead, without the run.
        await reportCrash(error, redact, logger, clock.now() - startedAt);
    }
    finally {
        signals?.dispose();
        crash.dispose();
    }
}
/** The verdict when the gate itself broke: a failure (exit 1, whatever on-inconclusive says) that names the error. */
function crashResult(error, elapsedMs) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : `non-error thrown: ${String(error)}`;
    return { ...inputErrorResult([], elapsedMs), reason: `unexpected error: ${message}` };
}
/** Every output, a summary and exit status 1 for a crash; without config, so no comment is attempted. */
async function reportCrash(error, redact, logger, elapsedMs) {
    try {
        await report((0,safety_redact/* redactDeep */.KL)(crashResult(error, elapsedMs), redact), undefined, redact, logger, undefined);
    }
    catch {
        core/* setFailed */.C1(neutralize(redact(`MKA1 eval gate fail: unexpected error while reporting`)));
    }
    process.exitCode = 1;
}
/**
 * Last resort for what no try/catch can see (an exception thrown from a timer, an unhandled
 * rejection, a stack overflow in a callback): still set every output, write the summary, exit 1.
 */
function installLastResort(redact, logger, elapsed) {
    let handling = false;
    const onCrash = (error) => {
        if (handling)
            return;
        handling = true;
        void reportCrash(error, redact, logger, elapsed()).finally(() => process.exit(1));
    };
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    return {
        dispose: () => {
            process.off('uncaughtException', onCrash);
            process.off('unhandledRejection', onCrash);
        },
    };
}
async function report(result, config, redact, logger, signal) {
    const policy = config?.onInconclusive ?? 'fail';
    const consequence = {
        fail: 'The job fails because the verdict could not be determined (on-inconclusive: fail).',
        warn: 'The job passes with a warning (on-inconclusive: warn).',
        pass: 'The job passes (on-inconclusive: pass).',
    }[policy];
    const markdown = redact(result.reconcile ? renderReconcileSummary(result) : gateMarkdown(result, consequence));
    // Outputs and summary first: whatever happens to the comment, they are written.
    for (const [name, value] of Object.entries(buildOutputs(result, redact)))
        core/* setOutput */.uH(name, value);
    const writeSummary = config ? config.writeSummary : summaryWanted((name) => core/* getInput */.V4(name));
    if (writeSummary) {
        try {
            await core/* summary */.z.addRaw(markdown).write();
        }
        catch (error) {
            // Outside the runner (no GITHUB_STEP_SUMMARY) the summary still reaches the log.
            logger.warning(`Could not write the job summary (${error instanceof Error ? error.message : String(error)}); here it is:`);
            // Line by line, so that each line is neutralized and none can start a workflow command.
            for (const line of markdown.split('\n'))
                logger.info(line);
        }
    }
    const line = neutralize(`MKA1 eval gate ${result.outcome}: ${redact(result.reason)}`);
    if (result.outcome === 'pass' || result.outcome === 'pending')
        core/* info */.pq(line);
    else if (result.outcome === 'inconclusive' && policy === 'warn')
        core/* warning */.$e(line);
    else if (result.outcome === 'inconclusive' && policy === 'pass')
        core/* info */.pq(`${line} (on-inconclusive: pass)`);
    else
        core/* setFailed */.C1(line);
    if (config?.comment.enabled && !signal?.aborted) {
        if (result.reconcile)
            return commentOnReconciled(result.reconcile, config, consequence, redact, logger, signal);
        const comment = await commentOnPullRequest(config, markdown, logger, signal);
        if ('url' in comment)
            core/* setOutput */.uH('comment-url', comment.url);
    }
}
/** One gate's summary, as the job summary and the pull request comment show it. */
function gateMarkdown(result, consequence) {
    const sections = [
        ...renderDetachSections(result),
        ...renderRunActionSections(result),
        ...renderMetricsSections(result.run, result.baseline, result.noise),
        ...renderNoiseSection(result),
        ...renderFailedSamplesSection(result),
    ];
    return renderSummary(result, { consequence, sections });
}
/** `mode: reconcile` with `comment: true`: each completed gate's comment, written or edited as wait mode does. */
async function commentOnReconciled(report, config, consequence, redact, logger, signal) {
    for (const pull of report.pullRequests) {
        if (pull.action !== 'completed' || !pull.gate || signal?.aborted)
            continue;
        await commentOnPullRequest(config, redact(gateMarkdown(pull.gate, consequence)), logger, signal, pull.number);
    }
}
async function commentOnPullRequest(config, body, logger, signal, pullRequest) {
    // Loaded only when asked for: Octokit is most of the bundle and would slow every start.
    const { pullRequestNumber, upsertComment, repository } = await Promise.all(/* import() */[__webpack_require__.e(413), __webpack_require__.e(645)]).then(__webpack_require__.bind(__webpack_require__, 66645));
    const issueNumber = pullRequest ?? pullRequestNumber();
    if (issueNumber === undefined) {
        logger.info('comment: true, but this job is not for a pull request; no comment written');
        return { kind: 'skipped', why: 'not a pull request event' };
    }
    const timeout = AbortSignal.timeout(COMMENT_TIMEOUT_MS);
    // From the inputs and the workflow's name, never from API data: one comment per workflow and suite (or run-id);
    // a detached gate's comment is named by its status context, the same in the pull request step and the reconcile.
    const marker = commentMarker(config.target, process.env.GITHUB_WORKFLOW, config.mode?.status.context);
    return upsertComment({
        token: config.comment.token,
        ...repository(),
        issueNumber,
        marker,
        body: commentBody(marker, body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    }, logger);
}
function inputErrorResult(problems, elapsedMs) {
    return {
        outcome: 'fail',
        reason: problems.length === 1 ? `invalid input: ${problems[0]}` : `${problems.length} invalid inputs: ${problems.join('; ')}`,
        run: undefined,
        criteria: [],
        lookup: undefined,
        elapsedMs,
        api: { requests: 0, retries: 0, notModified: 0 },
        cancelRequest: undefined,
        inputProblems: problems,
        baseline: undefined,
        created: false,
        reruns: [],
        failedSamples: undefined,
    };
}
/** Every log line is redacted, then neutralized: no text from the API or the inputs can start a workflow command. */
function redactingLogger(redact) {
    const safe = (message) => neutralize(redact(message));
    return {
        debug: (message) => core/* debug */.Yz(safe(message)),
        info: (message) => core/* info */.pq(safe(message)),
        warning: (message) => core/* warning */.$e(safe(message)),
    };
}
/** The runner cancels a job with SIGINT, then SIGTERM: stop polling and report what is known. */
function listenForCancellation() {
    const controller = new AbortController();
    const onSignal = (received) => {
        core/* info */.pq(`Received ${received}: stopping, and reporting what is known`);
        if (!controller.signal.aborted)
            controller.abort(received);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return {
        signal: controller.signal,
        dispose: () => {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
        },
    };
}


/***/ }),

/***/ 86812:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ readBoundedBody)
/* harmony export */ });
/**
 * Reads a response body up to `limit` bytes. Past the limit it stops reading and destroys the
 * stream, so a huge or endless body costs at most `limit` bytes of memory.
 */
async function readBoundedBody(body, limit) {
    const chunks = [];
    let bytes = 0;
    for await (const chunk of body) {
        bytes += chunk.byteLength;
        if (bytes > limit) {
            body.destroy();
            return { ok: false, bytes };
        }
        chunks.push(chunk);
    }
    return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}


/***/ }),

/***/ 33325:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ oneLine)
/* harmony export */ });
const FLATTEN = {
    'all-whitespace': /\s+/g,
    'line-breaks': /[\r\n]+/g,
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    controls: /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g,
};
/**
 * Untrusted text made into one bounded line for a sink (a log line, a reason, an output, a table cell), always in
 * the same order: redact, then flatten, then cut. Escaping for Markdown or the log comes after, at the sink.
 */
function oneLine(text, options) {
    const redacted = options.redact ? options.redact(text) : text;
    let flat = options.flatten === 'none' ? redacted : redacted.replace(FLATTEN[options.flatten], ' ');
    if (options.trim)
        flat = flat.trim();
    return flat.length > options.maxChars ? `${flat.slice(0, options.maxChars)}${options.ellipsis ?? '…'}` : flat;
}


/***/ }),

/***/ 16713:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KL: () => (/* binding */ redactDeep),
/* harmony export */   sD: () => (/* binding */ redactorFor)
/* harmony export */ });
/* unused harmony export secretForms */
/** Encoded forms shorter than this are not masked: they would match ordinary text. */
const MIN_FORM_CHARS = 6;
/**
 * The secret as it may appear base64-encoded inside a longer blob, for each of the three byte
 * alignments: only the characters that depend on the secret's bytes alone (as the runner masks).
 */
function base64Forms(secret) {
    const bytes = Buffer.from(secret, 'utf8');
    const forms = [];
    for (const shift of [0, 1, 2]) {
        const aligned = bytes.subarray(shift);
        const exact = Math.floor((aligned.length * 4) / 3);
        const standard = aligned.toString('base64').slice(0, exact);
        forms.push(standard, aligned.toString('base64url').slice(0, exact));
    }
    return forms;
}
/** Percent-encoding, as encodeURIComponent writes it and with lower-case hex or `+` for spaces. */
function urlForms(secret) {
    const encoded = encodeURIComponent(secret);
    return [encoded, encoded.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()), new URLSearchParams({ s: secret }).toString().slice(2)];
}
/** Inside a JSON string: as JSON.stringify writes it, and with every non-ASCII character \\u-escaped. */
function jsonForms(secret) {
    const escaped = JSON.stringify(secret).slice(1, -1);
    return [escaped, escaped.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)];
}
/** Every form of `secret` to mask: raw first, then the encodings the Actions runner also masks. */
function secretForms(secret) {
    const encoded = [...base64Forms(secret), ...urlForms(secret), ...jsonForms(secret)].filter((form) => form.length >= MIN_FORM_CHARS);
    // Longest first, so a longer form is masked whole before a shorter one inside it.
    return [...new Set([secret, ...encoded])].sort((a, b) => b.length - a.length);
}
/**
 * What a gateway that echoes a request may put between two characters of a secret when it wraps long lines:
 * whitespace (line breaks included), or a line break or tab written as a JSON escape.
 */
const WRAP = String.raw `(?:\s|\\[nrt])*`;
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
/** A form of a secret that still matches when line breaks or whitespace were put between its characters. */
function wrappedForm(form) {
    return new RegExp([...form].map(escapeRegExp).join(WRAP), 'g');
}
/**
 * Replaces every secret, raw or encoded, in a text with `***`, also when an echoing gateway wrapped it over lines.
 * Applied to raw text, before any escaping can disguise a secret. Longest form first, each in turn: a longer form is
 * masked whole before a shorter one inside it.
 */
function redactorFor(secrets) {
    const present = secrets.filter((s) => typeof s === 'string' && s.length > 0);
    const forms = [...new Set(present.flatMap(secretForms))].sort((a, b) => b.length - a.length);
    const patterns = forms.map((form) => ({ form, pattern: wrappedForm(form) }));
    return (text) => patterns.reduce((acc, { form, pattern }) => {
        // The first character must be there for the form to be: most texts are passed over without running the pattern.
        if (!acc.includes(form[0]))
            return acc;
        return acc.replace(pattern, '***');
    }, text);
}
/** A copy of `value` with every string (keys included) redacted: for results built from API data. */
function redactDeep(value, redact) {
    if (typeof value === 'string')
        return redact(value);
    if (Array.isArray(value))
        return value.map((item) => redactDeep(item, redact));
    if (typeof value === 'object' && value !== null) {
        const copy = Object.create(Object.getPrototypeOf(value));
        // defineProperty, not assignment: a key named `__proto__` stays an ordinary key instead of replacing the prototype.
        for (const [key, item] of Object.entries(value)) {
            Object.defineProperty(copy, redact(key), { value: redactDeep(item, redact), enumerable: true, writable: true, configurable: true });
        }
        return copy;
    }
    return value;
}


/***/ })

};
