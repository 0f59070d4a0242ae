import type { GateResult } from './result.ts';

/** A phase either hands its value to the next one or ends the gate with a result. */
export type PhaseResult<T> = { kind: 'next'; value: T } | { kind: 'end'; result: GateResult };

export const next = <T>(value: T): PhaseResult<T> => ({ kind: 'next', value });
export const end = (result: GateResult): PhaseResult<never> => ({ kind: 'end', result });
