export type Redactor = (text: string) => string;

/** Encoded forms shorter than this are not masked: they would match ordinary text. */
const MIN_FORM_CHARS = 6;

/**
 * The secret as it may appear base64-encoded inside a longer blob, for each of the three byte
 * alignments: only the characters that depend on the secret's bytes alone (as the runner masks).
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: string[] = [];
  for (const shift of [0, 1, 2]) {
    const aligned = bytes.subarray(shift);
    const exact = Math.floor((aligned.length * 4) / 3);
    const standard = aligned.toString('base64').slice(0, exact);
    forms.push(standard, aligned.toString('base64url').slice(0, exact));
  }
  return forms;
}

/** Percent-encoding, as encodeURIComponent writes it and with lower-case hex or `+` for spaces. */
function urlForms(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  return [encoded, encoded.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()), new URLSearchParams({ s: secret }).toString().slice(2)];
}

/** Inside a JSON string: as JSON.stringify writes it, and with every non-ASCII character \\u-escaped. */
function jsonForms(secret: string): string[] {
  const escaped = JSON.stringify(secret).slice(1, -1);
  return [escaped, escaped.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)];
}

/** Every form of `secret` to mask: raw first, then the encodings the Actions runner also masks. */
export function secretForms(secret: string): string[] {
  const encoded = [...base64Forms(secret), ...urlForms(secret), ...jsonForms(secret)].filter((form) => form.length >= MIN_FORM_CHARS);
  // Longest first, so a longer form is masked whole before a shorter one inside it.
  return [...new Set([secret, ...encoded])].sort((a, b) => b.length - a.length);
}

/**
 * What a gateway that echoes a request may put between two characters of a secret when it wraps long lines:
 * whitespace (line breaks included), or a line break or tab written as a JSON escape.
 */
const WRAP = String.raw`(?:\s|\\[nrt])*`;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** A form of a secret that still matches when line breaks or whitespace were put between its characters. */
function wrappedForm(form: string): RegExp {
  return new RegExp([...form].map(escapeRegExp).join(WRAP), 'g');
}

/**
 * Replaces every secret, raw or encoded, in a text with `***`, also when an echoing gateway wrapped it over lines.
 * Applied to raw text, before any escaping can disguise a secret. Longest form first, each in turn: a longer form is
 * masked whole before a shorter one inside it.
 */
export function redactorFor(secrets: Array<string | undefined>): Redactor {
  const present = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
  const forms = [...new Set(present.flatMap(secretForms))].sort((a, b) => b.length - a.length);
  const patterns = forms.map((form) => ({ form, pattern: wrappedForm(form) }));
  return (text) =>
    patterns.reduce((acc, { form, pattern }) => {
      // The first character must be there for the form to be: most texts are passed over without running the pattern.
      if (!acc.includes(form[0] as string)) return acc;
      return acc.replace(pattern, '***');
    }, text);
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
