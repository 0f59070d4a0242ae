/**
 * Reading every completed sample of a run for the noise statistics (issue 16): pages of 500 following `after`, the
 * listing held to the run's own count, sample fields untrusted, only the scores asked for kept.
 */
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiHttpError, ApiProtocolError } from '../../src/api/errors.ts';
import { MAX_SCORED_SAMPLES, readCompletedScores, SAMPLE_PAGE_SIZE } from '../../src/api/sample-scores.ts';
import { parseScorePage } from '../../src/api/score-page.ts';
import { RUNS_PATH, TEST_ORIGIN, fakeTime, makeClient, rejectionOf } from './helpers.ts';

const RUN = 'eval_run_scores';
const WANTED = new Set(['accuracy', 'f1']);

function sample(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `eval_sample_${i}`,
    object: 'eval.sample',
    run_id: RUN,
    task_id: i % 2 ? 'qa' : 'reading',
    model: 'gpt-x',
    sample_index: Math.floor(i / 2),
    status: 'completed',
    prompt: 'a long prompt '.repeat(50),
    output_text: 'an answer',
    scores: { accuracy: i % 3 ? 1 : 0, f1: 0.5, bleu: 0.1 },
    error: null,
    ...extra,
  };
}

function page(from: number, count: number, hasMore: boolean, extra: Record<string, unknown> = {}) {
  const data = Array.from({ length: count }, (_, k) => sample(from + k));
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: hasMore, ...extra };
}

describe('readCompletedScores', () => {
  let agent: MockAgent;
  let seen: URLSearchParams[];

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    seen = [];
  });
  afterEach(async () => {
    await agent.close();
  });

  function reply(body: unknown, status = 200) {
    agent
      .get(TEST_ORIGIN)
      .intercept({ path: (path) => path.startsWith(`${RUNS_PATH}/${RUN}/samples`) })
      .reply((opts) => {
        seen.push(new URL(opts.path, TEST_ORIGIN).searchParams);
        return { statusCode: status, data: JSON.stringify(body), responseOptions: { headers: { 'content-type': 'application/json' } } };
      });
  }

  const client = () => makeClient(agent, fakeTime(), { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });

  it('reads ceil(completed / 500) pages with status=completed&limit=500, each after the last id of the one before', async () => {
    reply(page(0, 500, true));
    reply(page(500, 500, true));
    reply(page(1000, 200, false));
    const listing = await readCompletedScores(client(), { id: RUN, completed: 1200 }, WANTED);
    expect(listing.kind).toBe('read');
    if (listing.kind !== 'read') return;
    expect(listing).toMatchObject({ pages: 3, skipped: 0 });
    expect(listing.samples).toHaveLength(1200);
    expect(seen.map((q) => [q.get('status'), q.get('limit'), q.get('after')])).toEqual([
      ['completed', String(SAMPLE_PAGE_SIZE), null],
      ['completed', '500', 'eval_sample_499'],
      ['completed', '500', 'eval_sample_999'],
    ]);
    // Only the scores asked for, and nothing of the sample's text.
    expect(listing.samples[1]).toEqual({
      id: 'eval_sample_1',
      model: 'gpt-x',
      taskId: 'qa',
      sampleIndex: 0,
      scores: { accuracy: 1, f1: 0.5 },
    });
  });

  it('reads nothing for a run without completed samples, and nothing for one with more than 50,000', async () => {
    expect(await readCompletedScores(client(), { id: RUN, completed: 0 }, WANTED)).toEqual({
      kind: 'read',
      samples: [],
      pages: 0,
      skipped: 0,
      foreign: 0,
    });
    expect(await readCompletedScores(client(), { id: RUN, completed: MAX_SCORED_SAMPLES + 1 }, WANTED)).toEqual({
      kind: 'too-many',
      completed: 50_001,
    });
    expect(seen).toHaveLength(0);
  });

  it('refuses a listing that disagrees with the run: more pages than its count, fewer samples, or a sample twice', async () => {
    reply(page(0, 500, true));
    const tooLong = await rejectionOf(readCompletedScores(client(), { id: RUN, completed: 500 }, WANTED));
    expect(tooLong).toBeInstanceOf(ApiProtocolError);
    expect(tooLong.message).toContain('more than 1 pages of completed samples for a run that counts 500');
    expect(seen).toHaveLength(1);

    reply(page(0, 300, false));
    const short = await rejectionOf(readCompletedScores(client(), { id: RUN, completed: 400 }, WANTED));
    expect(short.message).toContain('listed 300 completed samples, but the run counts 400');

    reply(page(0, 500, true));
    reply(page(499, 10, false));
    const twice = await rejectionOf(readCompletedScores(client(), { id: RUN, completed: 510 }, WANTED));
    expect(twice.message).toContain('sample eval_sample_499 was listed twice');
  });

  it('stops on a cursor that repeats and on an empty page that claims more', async () => {
    reply(page(0, 500, true));
    reply({ ...page(500, 500, true), last_id: 'eval_sample_499' });
    const loop = await rejectionOf(readCompletedScores(client(), { id: RUN, completed: 2000 }, WANTED));
    expect(loop.message).toContain('pagination cursor "eval_sample_499" repeated');

    reply(page(0, 0, true));
    const empty = await rejectionOf(readCompletedScores(client(), { id: RUN, completed: 10 }, WANTED));
    expect(empty.message).toContain('claims "has_more" but is empty');
  });

  it('passes API failures on as they are (the judge decides what they mean)', async () => {
    reply({ error: { message: 'no such run' } }, 404);
    const error = await rejectionOf(readCompletedScores(client(), { id: RUN, completed: 10 }, WANTED));
    expect(error).toBeInstanceOf(ApiHttpError);
    expect((error as ApiHttpError).status).toBe(404);
  });
});

describe('parseScorePage: sample fields are untrusted', () => {
  const endpoint = `GET ${RUNS_PATH}/${RUN}/samples`;
  const parse = (value: unknown, metricIds = WANTED) => parseScorePage(value, endpoint, { runId: RUN, limit: 500, metricIds });

  it('skips, and counts, what is not a completed sample of this run that can be placed', () => {
    const data = [
      sample(0),
      sample(1, { status: 'failed' }),
      sample(2, { error: { code: 'timeout' } }),
      sample(3, { run_id: 'eval_run_other' }),
      sample(4, { model: 42 }),
      sample(5, { task_id: '' }),
      sample(6, { sample_index: -1 }),
      sample(7, { sample_index: 1.5 }),
      sample(8, { model: 'm'.repeat(257) }),
      'not an object',
      sample(9, { status: undefined, run_id: undefined }),
    ];
    const parsed = parse({ data, has_more: false, last_id: 'eval_sample_9' });
    expect(parsed.samples.map((s) => s.id)).toEqual(['eval_sample_0', 'eval_sample_9']);
    // Three say they are not a completed sample of this run (failed, an error, another run's): the listing is foreign.
    expect(parsed).toMatchObject({ listed: 11, skipped: 9, foreign: 3, hasMore: false, next: 'eval_sample_9' });
  });

  it('keeps numbers, booleans and null as sent; text and objects only as stand-ins, never parsed', () => {
    // As JSON.parse makes them: `__proto__` and `constructor` are own keys of the answer.
    const scores: unknown = JSON.parse('{"accuracy":"0.9","f1":{"mean":0.5},"exact":true,"judge":null,"__proto__":1,"constructor":2}');
    const parsed = parse(
      { data: [sample(0, { scores })], has_more: false },
      new Set(['accuracy', 'f1', 'exact', 'judge', '__proto__', 'constructor', 'toString', 'missing']),
    );
    const kept = parsed.samples[0]!.scores;
    expect(Object.getPrototypeOf(kept)).toBeNull();
    expect(Object.keys(kept).sort()).toEqual(['__proto__', 'accuracy', 'constructor', 'exact', 'f1', 'judge']);
    expect(kept.accuracy).toBe('(text)');
    expect(kept.f1).toEqual({});
    expect([kept.exact, kept.judge, kept.constructor, kept['__proto__']]).toEqual([true, null, 2, 1]);
    expect('toString' in kept).toBe(false);
  });

  it('refuses an unusable page: no list, an id that could not go back into a URL, more items than the limit', () => {
    expect(() => parse(null)).toThrow(ApiProtocolError);
    expect(() => parse({ data: {} })).toThrow('no "data" array');
    expect(() => parse({ data: [sample(0, { id: '../../runs' })], has_more: false })).toThrow('a sample id is not a valid id');
    expect(() => parse({ data: [sample(0)], has_more: true, last_id: 'a b' })).toThrow('"last_id" is not a valid id');
    expect(() => parseScorePage({ data: [sample(0), sample(1)] }, endpoint, { runId: RUN, limit: 1, metricIds: WANTED })).toThrow(
      'a page of 2 samples, more than the limit of 1 asked for',
    );
  });

  it('takes the last sample id as the cursor when last_id is absent', () => {
    expect(parse({ data: [sample(0), sample(1)], has_more: true }).next).toBe('eval_sample_1');
  });
});
