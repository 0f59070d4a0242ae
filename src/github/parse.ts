/**
 * Small readers for GitHub's JSON answers: each returns the value when it has the expected form and
 * throws GitHubUnusableAnswerError naming the field otherwise (never echoing the untrusted value).
 */
import { GitHubUnusableAnswerError } from './errors.ts';

export type Json = Record<string, unknown>;

/** A commit SHA as GitHub writes it: 40 lower-case hex digits. */
export const SHA_PATTERN = /^[0-9a-f]{40}$/;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class Reader {
  readonly endpoint: string;
  /** Where in the answer this reader is, e.g. `statuses[3]`, for the message. */
  readonly where: string;
  constructor(endpoint: string, where: string) {
    this.endpoint = endpoint;
    this.where = where;
  }

  fail(field: string, problem: string): never {
    throw new GitHubUnusableAnswerError(this.endpoint, `${this.where ? `${this.where}.` : ''}${field} ${problem}`);
  }

  object(value: unknown, field: string): Json {
    if (!isObject(value)) this.fail(field, 'is not an object');
    return value;
  }

  string(value: Json, field: string): string {
    const item = value[field];
    if (typeof item !== 'string') this.fail(field, 'is not a string');
    return item;
  }

  nullableString(value: Json, field: string): string | null {
    const item = value[field];
    if (item === null || item === undefined) return null;
    if (typeof item !== 'string') this.fail(field, 'is not a string or null');
    return item;
  }

  /** A whole number from 0 (ids, counts). */
  count(value: Json, field: string): number {
    const item = value[field];
    if (typeof item !== 'number' || !Number.isSafeInteger(item) || item < 0) this.fail(field, 'is not a whole number');
    return item;
  }

  oneOf<T extends string>(value: Json, field: string, allowed: readonly T[]): T {
    const item = value[field];
    if (typeof item !== 'string' || !(allowed as readonly string[]).includes(item)) this.fail(field, `is not one of ${allowed.join(', ')}`);
    return item as T;
  }

  sha(value: Json, field: string): string {
    const item = value[field];
    if (typeof item !== 'string' || !SHA_PATTERN.test(item)) this.fail(field, 'is not a commit SHA (40 lower-case hex digits)');
    return item;
  }

  at(where: string): Reader {
    return new Reader(this.endpoint, this.where ? `${this.where}.${where}` : where);
  }
}
