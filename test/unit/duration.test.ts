import { describe, expect, it } from 'vitest';
import { formatAge, formatDuration, parseDuration } from '../../src/core/duration.ts';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['15s', 15_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1.5h', 5_400_000],
    ['0.5s', 500],
    ['2.25m', 135_000],
    ['1.0005s', 1_001],
    ['15', 15_000],
    ['0.25', 250],
    ['  30m  ', 1_800_000],
    ['30M', 1_800_000],
    ['10 s', 10_000],
    ['0', 0],
    // Days, and units combined largest first, as ages are written (formatDuration's `1h 02m` reads back).
    ['3d', 259_200_000],
    ['26h', 93_600_000],
    ['1.5d', 129_600_000],
    ['1d12h', 129_600_000],
    ['1h30m', 5_400_000],
    ['1h 02m', 3_720_000],
    ['2m 30s', 150_000],
    ['1D', 86_400_000],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    '',
    ' ',
    'abc',
    '5 minutes',
    '-5s',
    '-1',
    '1e3',
    '.5s',
    '5.s',
    's',
    '5x',
    '5 s m',
    'Infinity',
    'NaN',
    '0x10',
    '+5s',
    '30m1h',
    '1h1h',
    '3 days',
    '1d 2x',
    'd',
    '1w',
  ])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatAge', () => {
  it.each([
    [0, '0 seconds'],
    [1_000, '1 second'],
    [59_999, '59 seconds'],
    [60_000, '1 minute'],
    [61_000, '1 minute 1 second'],
    [3_600_000, '1 hour'],
    [5 * 3_600_000 + 3 * 60_000 + 59_000, '5 hours 3 minutes'],
    [86_400_000, '1 day'],
    [3 * 86_400_000 + 2_000, '3 days'],
    [26 * 3_600_000, '1 day 2 hours'],
  ])('formats %d ms as %j', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('says an unknown time for %d', (ms) => {
    expect(formatAge(ms)).toBe('an unknown time');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [1_000, '1s'],
    [42_000, '42s'],
    [42_400, '42s'],
    [59_000, '59s'],
    [60_000, '1m 00s'],
    [185_000, '3m 05s'],
    [3_599_000, '59m 59s'],
    [3_600_000, '1h 00m'],
    [3_720_000, '1h 02m'],
    [26 * 3_600_000 + 5 * 60_000, '26h 05m'],
  ])('formats %d ms as %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('says n/a for %d', (ms) => {
    expect(formatDuration(ms)).toBe('n/a');
  });

  it('round-trips through parseDuration for whole units', () => {
    expect(formatDuration(parseDuration('30m') as number)).toBe('30m 00s');
    expect(formatDuration(parseDuration('15s') as number)).toBe('15s');
    expect(formatDuration(parseDuration('1.5h') as number)).toBe('1h 30m');
  });
});
