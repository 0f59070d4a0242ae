/** A redirect from `api-url`: where it points, shown without secrets, and the api-url that would reach the API. */
import { describe, expect, it } from 'vitest';
import { ApiHttpError } from '../../src/api/errors.ts';
import { redirectTarget } from '../../src/api/redirect.ts';
import { redactorFor } from '../../src/safety/redact.ts';

const KEY = 'mka1_sk_redirect_test_DO_NOT_LEAK';
const redact = redactorFor([KEY]);
const REQUEST = 'https://apigw.example.com/api/v1/llm/evals/runs?suite_id=eval_suite_1&limit=100';

describe('redirectTarget', () => {
  it('shows an absolute Location without user info, query or fragment, and the api-url to use instead', () => {
    const target = redirectTarget('https://user:pa55@api.example.com/api/v1/llm/evals/runs?token=s3cr3t&suite_id=x#frag', REQUEST, redact);
    expect(target).toEqual({ shown: 'https://api.example.com/api/v1/llm/evals/runs', apiUrl: 'https://api.example.com' });
  });

  it('keeps a base path in the suggested api-url, and resolves a relative Location against the request', () => {
    expect(redirectTarget('/mka1/api/v1/llm/evals/runs?x=1', REQUEST, redact)).toEqual({
      shown: 'https://apigw.example.com/mka1/api/v1/llm/evals/runs',
      apiUrl: 'https://apigw.example.com/mka1',
    });
    expect(redirectTarget('http://127.0.0.1:8080/api/v1/llm/evals/runs', REQUEST, redact)?.apiUrl).toBe('http://127.0.0.1:8080');
  });

  it('suggests no api-url when the Location is another page (a login page) or the same URL', () => {
    expect(redirectTarget('https://sso.example.com/login?next=%2Fapi', REQUEST, redact)).toEqual({
      shown: 'https://sso.example.com/login',
      apiUrl: undefined,
    });
    expect(redirectTarget('https://apigw.example.com/api/v1/llm/evals/runs?page=2', REQUEST, redact)?.apiUrl).toBeUndefined();
  });

  it('never shows a Location that is not an http(s) URL, nor line breaks, and redacts the key', () => {
    expect(redirectTarget('javascript:alert(1)', REQUEST, redact)?.shown).toBe('(a Location header that is not an http or https URL)');
    expect(redirectTarget('http://[bad', REQUEST, redact)?.shown).toBe('(a Location header that is not a URL)');
    const hostile = redirectTarget(`https://evil.example/${KEY}/x\r\n::error::pwned <b>`, REQUEST, redact);
    expect(hostile?.shown).not.toContain(KEY);
    expect(hostile?.shown).toContain('***');
    expect(hostile?.shown).not.toMatch(/[\r\n<>]/);
    expect(redirectTarget(`https://evil.example/${'a'.repeat(5000)}`, REQUEST, redact)?.shown.length).toBeLessThanOrEqual(201);
  });

  it('is undefined without a Location (or with an empty or repeated one)', () => {
    expect(redirectTarget(undefined, REQUEST, redact)).toBeUndefined();
    expect(redirectTarget('  ', REQUEST, redact)).toBeUndefined();
    expect(redirectTarget(['https://a.example', 'https://b.example'], REQUEST, redact)).toBeUndefined();
  });
});

describe('the redirect error', () => {
  const endpoint = 'GET /api/v1/llm/evals/runs';

  it('names the redirect, where it points, and the api-url to set, without the body', () => {
    const error = new ApiHttpError({
      endpoint,
      status: 301,
      bodyExcerpt: '<html>Moved</html>',
      redirect: { shown: 'https://api.example.com/api/v1/llm/evals/runs', apiUrl: 'https://api.example.com' },
    });
    expect(error.message).toBe(
      'GET /api/v1/llm/evals/runs answered HTTP 301. `api-url` answers with a redirect to https://api.example.com/api/v1/llm/evals/runs; ' +
        'the gate does not follow redirects (the key would go along): set `api-url` to https://api.example.com',
    );
  });

  it('says so when there is no Location, or no api-url to suggest', () => {
    expect(new ApiHttpError({ endpoint, status: 307, bodyExcerpt: '' }).message).toContain(
      "redirect (without a Location); the gate does not follow redirects (the key would go along): set `api-url` to the API's own address",
    );
    const toLogin = new ApiHttpError({
      endpoint,
      status: 302,
      bodyExcerpt: '',
      redirect: { shown: 'https://sso.example.com/login', apiUrl: undefined },
    });
    expect(toLogin.message).toContain(
      "redirect to https://sso.example.com/login; the gate does not follow redirects (the key would go along): set `api-url` to the API's own address",
    );
  });
});
