export type Redactor = (text: string) => string;

/** Replaces every secret in a text with `***`. Applied to raw text, before any escaping can disguise a secret. */
export function redactorFor(secrets: Array<string | undefined>): Redactor {
  const present = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
  return (text) => present.reduce((acc, secret) => acc.split(secret).join('***'), text);
}

/** A copy of `value` with every string (keys included) redacted: for results built from API data. */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return (value as unknown[]).map((item) => redactDeep(item, redact)) as T;
  if (typeof value === 'object' && value !== null) {
    const copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
    // defineProperty, not assignment: a key named `__proto__` stays an ordinary key instead of replacing the prototype.
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(copy, redact(key), { value: redactDeep(item, redact), enumerable: true, writable: true, configurable: true });
    }
    return copy as T;
  }
  return value;
}
