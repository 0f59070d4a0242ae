import { ApiProtocolError } from './errors.ts';

/**
 * One sample of a run, reduced to what the gate shows. Every text is untrusted and unbounded
 * here; the report truncates and escapes it. Fields the API leaves out are undefined.
 */
export interface EvalSample {
  id: string | undefined;
  taskId: string | undefined;
  model: string | undefined;
  sampleIndex: number | undefined;
  errorCode: string | undefined;
  errorMessage: string | undefined;
  prompt: string | undefined;
  output: string | undefined;
}

export interface SampleList {
  data: EvalSample[];
  hasMore: boolean;
  /** Items that were not JSON objects: counted, not shown. */
  unreadable: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string as is; any other JSON value (a chat transcript, an object) as JSON text; nothing as undefined. */
function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function sampleError(value: unknown): { code: string | undefined; message: string | undefined } {
  if (typeof value === 'string') return { code: undefined, message: value };
  if (!isObject(value)) return { code: undefined, message: undefined };
  // `error` is an untyped object: take the usual fields, or show the whole of it.
  const code = text(value.code ?? value.type);
  const message = text(value.message) ?? (code === undefined && Object.keys(value).length > 0 ? JSON.stringify(value) : undefined);
  return { code, message };
}

export function parseSample(value: Record<string, unknown>): EvalSample {
  const error = sampleError(value.error);
  const index = value.sample_index;
  return {
    id: typeof value.id === 'string' ? value.id : undefined,
    taskId: text(value.task_id),
    model: text(value.model),
    sampleIndex: typeof index === 'number' && Number.isInteger(index) && index >= 0 ? index : undefined,
    errorCode: error.code,
    errorMessage: error.message,
    prompt: text(value.prompt),
    output: text(value.output_text ?? value.extracted_output),
  };
}

export function parseSampleList(value: unknown, endpoint: string): SampleList {
  if (!isObject(value)) throw new ApiProtocolError(endpoint, 'list response is not a JSON object');
  if (!Array.isArray(value.data)) throw new ApiProtocolError(endpoint, 'list response has no "data" array');
  const objects = value.data.filter(isObject);
  return {
    data: objects.map(parseSample),
    hasMore: value.has_more === true,
    unreadable: value.data.length - objects.length,
  };
}
