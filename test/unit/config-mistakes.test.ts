/** The parsing rules that turn common configuration mistakes into input errors (issue 14, section 1). */
import { describe, expect, it } from 'vitest';
import { idKindOf } from '../../src/core/ids.ts';
import { describeProblem, parseInputs, parseMetadata, type InputProblem, type InputReader } from '../../src/inputs/inputs.ts';

const SAFE_FORM = 'sha=${{ github.event.pull_request.head.sha || github.sha }}';

function reader(values: Record<string, string>): InputReader {
  const map = new Map(Object.entries(values));
  return (name) => map.get(name) ?? '';
}

function problemsOf(values: Record<string, string>): InputProblem[] {
  const parsed = parseInputs(reader({ 'api-key': 'mka1_sk_test', ...values }));
  return parsed.ok ? [] : parsed.problems;
}

/** parseMetadata's pairs and the problems it reported, as [value, expected] pairs. */
function metadata(raw: string): { pairs: Record<string, string>; problems: Array<[string, string]> } {
  const problems: Array<[string, string]> = [];
  const pairs = parseMetadata(raw, 'metadata', (_input, value, expected) => problems.push([value, expected]));
  return { pairs: { ...pairs }, problems };
}

describe('metadata: an empty value', () => {
  it.each(['sha=', 'sha=   ', ' sha = ', 'sha=\t'])('%j is an input error showing the form set on every event', (raw) => {
    const { pairs, problems } = metadata(raw);
    expect(pairs).toEqual({});
    expect(problems).toHaveLength(1);
    const [value, expected] = problems[0] as [string, string];
    expect(value).toBe(raw.trim());
    expect(expected).toContain('the expression is empty on this event');
    expect(expected).toContain(SAFE_FORM);
  });

  it('is reported for metadata and baseline-metadata alike, each naming its input', () => {
    const found = problemsOf({ 'suite-id': 'eval_suite_1', metadata: 'sha=\nworkflow=pr', 'baseline-metadata': 'branch=' });
    expect(found.map((p) => [p.input, p.value])).toEqual([
      ['metadata', 'sha='],
      ['baseline-metadata', 'branch='],
    ]);
    for (const problem of found) expect(problem.expected).toContain(SAFE_FORM);
  });

  it('is reported with run-id too (metadata is then a check the run must pass)', () => {
    const found = problemsOf({ 'run-id': 'eval_run_1', metadata: 'sha=' });
    expect(found.map((p) => p.input)).toEqual(['metadata']);
  });

  it('the missing-metadata hint shows the safe form, not github.sha alone (the merge commit on pull_request)', () => {
    const [problem] = problemsOf({ 'suite-id': 'eval_suite_1' });
    expect(problem?.input).toBe('metadata');
    expect(problem?.expected).toContain(SAFE_FORM);
    expect(problem?.expected).not.toContain('`sha=${{ github.sha }}`');
  });
});

describe('metadata: one pair per line', () => {
  it.each([
    ['sha=c0ffee1, workflow=pr', 'a comma'],
    ['sha=c0ffee1,workflow=pr', 'a comma without a space'],
    ['sha=c0ffee1; workflow=pr', 'a semicolon'],
    ['sha=c0ffee1 workflow=pr', 'a YAML `>` block folding two lines'],
    ['sha=c0ffee1\tworkflow=pr', 'a tab'],
    ['sha=a workflow=pr job=build', 'three pairs'],
    ['sha=a _private=1', 'a key starting with _'],
    ['sha=a build.id=7', 'a key with a dot'],
    ['sha=a ci-job=7', 'a key with a dash'],
  ])('%j (%s) is an input error', (raw) => {
    const { pairs, problems } = metadata(raw);
    expect(pairs).toEqual({});
    expect(problems).toHaveLength(1);
    expect(problems[0]?.[0]).toBe(raw);
    expect(problems[0]?.[1]).toMatch(/^one pair per line/);
    expect(problems[0]?.[1]).toContain('`>` block');
  });

  it.each([
    ['query=a=b', 'a=b'],
    ['url=https://x.example/?a=b&c=d', 'https://x.example/?a=b&c=d'],
    ['cmd=run --flag=1', 'run --flag=1'],
    ['title=Fix the bug, finally', 'Fix the bug, finally'],
    ['expr=1 + 2 = 3', '1 + 2 = 3'],
    ['list=a,b;c d', 'a,b;c d'],
    ['eq=x==y', 'x==y'],
  ])('%j is one pair: no separator is followed by key=', (raw, value) => {
    const { pairs, problems } = metadata(raw);
    expect(problems).toEqual([]);
    expect(Object.values(pairs)).toEqual([value]);
  });

  it('a YAML `|` block (one pair per line) is accepted', () => {
    expect(metadata('sha=c0ffee1\nworkflow=pr\n').pairs).toEqual({ sha: 'c0ffee1', workflow: 'pr' });
  });

  it('applies to baseline-metadata too', () => {
    const found = problemsOf({ 'suite-id': 'eval_suite_1', metadata: 'sha=a', 'baseline-metadata': 'branch=main, workflow=nightly' });
    expect(found.map((p) => [p.input, p.value])).toEqual([['baseline-metadata', 'branch=main, workflow=nightly']]);
  });
});

describe('id inputs: an id of the wrong kind', () => {
  const RUN = 'eval_run_0d3e5f7a9b1c4d6e8f0a2b4c6d8e0f12';
  const SUITE = 'eval_suite_4f1c2d9a8b7e4c3d9e0f1a2b3c4d5e6f';
  const SCHEDULE = 'eval_sched_9a8b7c6d5e4f30211a2b3c4d5e6f7a8b';
  const VERSION = 'eval_sver_4f1c2d9a8b7e4c3d9e0f1a2b3c4d5e6f';

  it.each([
    ['suite-id', RUN, { metadata: 'sha=a' }, 'a suite id', 'a run id', '`run-id`'],
    ['suite-id', SCHEDULE, { metadata: 'sha=a' }, 'a suite id', 'a schedule id', '`schedule-id`'],
    ['suite-id', VERSION, { metadata: 'sha=a' }, 'a suite id', 'a suite version id', 'give the suite id'],
    ['run-id', SUITE, {}, 'a run id', 'a suite id', '`suite-id`'],
    ['run-id', SCHEDULE, {}, 'a run id', 'a schedule id', '`schedule-id`'],
    ['run-id', VERSION, {}, 'a run id', 'a suite version id', 'give the suite id'],
    ['baseline-run-id', SUITE, { 'suite-id': SUITE, metadata: 'sha=a' }, 'a run id', 'a suite id', '`suite-id`'],
    ['baseline-run-id', SCHEDULE, { 'suite-id': SUITE, metadata: 'sha=a' }, 'a run id', 'a schedule id', '`schedule-id`'],
    ['schedule-id', RUN, {}, 'a schedule id', 'a run id', '`run-id`'],
    ['schedule-id', SUITE, {}, 'a schedule id', 'a suite id', '`suite-id`'],
  ])('%s = %s is an input error', (input, value, others, wanted, got, where) => {
    const found = problemsOf({ ...others, [input]: value });
    expect(found).toHaveLength(1);
    const problem = found[0] as InputProblem;
    expect(problem).toMatchObject({ input, value });
    expect(problem.expected).toContain(`${wanted} (e.g. `);
    expect(problem.expected).toContain(`not ${got} (`);
    expect(problem.expected).toContain(where);
  });

  it('suite-id with schedule-id is held to the suite kind too', () => {
    const found = problemsOf({ 'schedule-id': SCHEDULE, 'suite-id': RUN });
    expect(found.map((p) => p.input)).toEqual(['suite-id']);
  });

  it('ids of the right kind, and ids without a known prefix, keep the id-form rule only', () => {
    expect(problemsOf({ 'suite-id': SUITE, metadata: 'sha=a' })).toEqual([]);
    expect(problemsOf({ 'run-id': RUN, 'suite-id': SUITE })).toEqual([]);
    expect(problemsOf({ 'schedule-id': SCHEDULE, 'suite-id': SUITE })).toEqual([]);
    expect(problemsOf({ 'suite-id': 'my-suite-1', 'run-id': 'run42', metadata: 'sha=a' })).toEqual([]);
    expect(problemsOf({ 'suite-id': 'eval_runner', metadata: 'sha=a' })).toEqual([]);
    const [bad] = problemsOf({ 'suite-id': 'eval suite', metadata: 'sha=a' });
    expect(bad).toMatchObject({ input: 'suite-id', value: 'eval suite' });
    expect(bad?.expected).toContain('letters, digits');
  });

  it('idKindOf knows the four prefixes and nothing else', () => {
    expect([RUN, SUITE, SCHEDULE, VERSION, 'eval_thing_1', 'run_1'].map((id) => idKindOf(id)?.kind)).toEqual([
      'run',
      'suite',
      'schedule',
      'suite-version',
      undefined,
      undefined,
    ]);
  });

  it('the problem reads as one sentence naming the input, the value and where it goes', () => {
    const [problem] = problemsOf({ 'suite-id': RUN, metadata: 'sha=a' });
    expect(describeProblem(problem as InputProblem)).toBe(
      `input "suite-id": got "${RUN}"; expected a suite id (e.g. eval_suite_…), not a run id (eval_run_…): that goes in \`run-id\` (or \`baseline-run-id\`)`,
    );
  });
});

describe('run-options that cannot be sent', () => {
  const CREATE = { 'suite-id': 'eval_suite_1', metadata: 'sha=a', 'create-run': 'if-missing', models: 'gpt-x' };
  const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it.each([65, 100, 100_000])('an object nested %i levels deep is an input error (not a stack overflow later)', (depth) => {
    const found = problemsOf({ ...CREATE, 'run-options': nested(depth) });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ input: 'run-options' });
    expect(found[0]?.expected).toContain('nested at most 64 levels deep');
  });

  it('64 levels are accepted, and survive JSON.stringify', () => {
    const parsed = parseInputs(reader({ 'api-key': 'k', ...CREATE, 'run-options': nested(64) }));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(JSON.stringify(parsed.config.createRun.options)).toBe(nested(64));
  });

  it('brackets inside strings do not count as depth', () => {
    const options = JSON.stringify({ until: ['['.repeat(200), '{'.repeat(200)] });
    expect(problemsOf({ ...CREATE, 'run-options': options })).toEqual([]);
  });

  it.each([
    ['{"generation": {"temperature": 1e999}}', 'generation.temperature'],
    ['{"weights": [1, -1e400]}', 'weights[1]'],
  ])('%s: a number JSON cannot carry is an input error naming where it is', (raw, path) => {
    const found = problemsOf({ ...CREATE, 'run-options': raw });
    expect(found).toHaveLength(1);
    expect(found[0]?.expected).toContain(`"${path}" is too large to send`);
  });
});
