/** One row of the criteria table: what was measured, what was allowed, and whether it held. */
export interface Criterion {
  name: string;
  actual: string;
  allowed: string;
  passed: boolean;
  /** How to say this criterion's failure in the one-line reason, when "name: actual, allowed X" reads badly. */
  failure?: string;
}
