import { loadConfig } from '../../src/config';
import { PLAYGROUND_CSP } from '../../src/playground/playground';
import { createTestApp, serveHttp, type TestApp } from '../helpers/test-app';

// Security headers on every kind of answer, and cross-origin access for the configured origins only.

const ALLOWED = 'https://desk.example.org';

let t: TestApp;
let http: Awaited<ReturnType<typeof serveHttp>>;
let base: string;
beforeAll(async () => {
  t = await createTestApp({ corsOrigins: [ALLOWED, 'http://localhost:5173'] });
  http = await serveHttp(t.app);
  base = http.base;
});
afterAll(async () => {
  await http.close();
  await t.close();
});

const graphql = (query: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });

/** The directives of a Content-Security-Policy header, by name. */
const directives = (csp: string | null): Record<string, string> =>
  Object.fromEntries(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1).join(' ')]),
  );

function expectHardened(what: string, response: Response): void {
  const headers = {
    what,
    nosniff: response.headers.get('x-content-type-options'),
    referrer: response.headers.get('referrer-policy'),
    frameAncestors: directives(response.headers.get('content-security-policy'))['frame-ancestors'],
    frameOptions: response.headers.get('x-frame-options'),
    poweredBy: response.headers.get('x-powered-by'),
  };
  expect(headers).toEqual({
    what,
    nosniff: 'nosniff',
    referrer: 'no-referrer',
    frameAncestors: "'none'",
    frameOptions: 'DENY',
    poweredBy: null,
  });
}

describe('security headers', () => {
  it('are on every kind of response: probes, GraphQL answers and errors, 404s, bad bodies, preflights', async () => {
    // The playground's policy where its page is served (/graphql); everywhere else a policy that allows nothing.
    const playground = "'self'";
    const nothing = "'none'";
    const responses: [string, Promise<Response>, number, string][] = [
      ['health', fetch(`${base}/health`), 200, nothing],
      ['ready', fetch(`${base}/ready`), 200, nothing],
      ['query', graphql('{ statements(first: 1) { totalCount } }'), 200, playground],
      ['invalid query', graphql('{ nothingHere }'), 400, playground],
      ['write without key', graphql('mutation { createTopic(input: { slug: "x", name: "X" }) { topic { slug } } }'), 200, playground],
      [
        'body not JSON',
        fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' }),
        400,
        playground,
      ],
      ['unknown path', fetch(`${base}/nowhere`), 404, nothing],
      ['unknown asset', fetch(`${base}/playground/missing.js`), 404, nothing],
      ['HEAD', fetch(`${base}/health`, { method: 'HEAD' }), 200, nothing],
      [
        'preflight',
        fetch(`${base}/graphql`, { method: 'OPTIONS', headers: { origin: ALLOWED, 'access-control-request-method': 'POST' } }),
        204,
        nothing,
      ],
    ];
    for (const [what, pending, status, defaultSrc] of responses) {
      const response = await pending;
      expect({ what, status: response.status }).toEqual({ what, status });
      expectHardened(what, response);
      expect({ what, defaultSrc: directives(response.headers.get('content-security-policy'))['default-src'] }).toEqual({
        what,
        defaultSrc,
      });
    }
    const notFound = await fetch(`${base}/nowhere`);
    expect(notFound.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await notFound.json()).toEqual({ errors: [{ message: 'Nothing at GET /nowhere.', extensions: { code: 'NOT_FOUND' } }] });
  });

  it('keep the playground working: its own policy, every asset from this server, and no framing', async () => {
    const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expectHardened('playground', page);
    const csp = directives(page.headers.get('content-security-policy'));
    expect(csp).toEqual({ ...directives(PLAYGROUND_CSP), 'frame-ancestors': "'none'" });
    expect(csp['script-src']).toBe("'self'");
    expect(csp['connect-src']).toBe("'self'");

    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!.replace(/&#38;/g, '&'));
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      const response = await fetch(`${base}${asset}`);
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
      expectHardened(asset, response);
    }
  });
});

describe('CORS', () => {
  it('lets an allowed origin read answers, with the rate-limit headers exposed', async () => {
    const response = await graphql('{ __typename }', { origin: ALLOWED });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
    const exposed = response.headers.get('access-control-expose-headers')!.toLowerCase().split(/,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']));
    expect(response.headers.get('ratelimit-limit')).not.toBeNull();
  });

  it('gives another origin no Access-Control headers, so its browser keeps the answer from the page', async () => {
    for (const origin of ['https://evil.example', 'https://desk.example.org.evil.example', 'null', 'http://desk.example.org']) {
      const response = await graphql('{ __typename }', { origin });
      expect(response.status).toBe(200);
      expect({ origin, allowOrigin: response.headers.get('access-control-allow-origin') }).toEqual({ origin, allowOrigin: null });
      expect(response.headers.get('access-control-expose-headers')).toBeNull();
      expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
    }
  });

  it('answers preflights with 204: the Access-Control headers for an allowed origin, none for another', async () => {
    const preflight = (origin: string) =>
      fetch(`${base}/graphql`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, authorization, idempotency-key, apollo-require-preflight, x-request-id',
        },
      });

    const allowed = await preflight('http://localhost:5173');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(allowed.headers.get('access-control-allow-methods')!.split(',')).toEqual(expect.arrayContaining(['GET', 'POST']));
    const allowedHeaders = allowed.headers.get('access-control-allow-headers')!.toLowerCase().split(',');
    expect(allowedHeaders).toEqual(
      expect.arrayContaining(['content-type', 'authorization', 'idempotency-key', 'apollo-require-preflight', 'x-request-id']),
    );
    expect(Number(allowed.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    // Preflights are free: they do not spend the rate-limit budget.
    expect(allowed.headers.get('ratelimit-limit')).toBeNull();

    const refused = await preflight('https://evil.example');
    expect(refused.status).toBe(204);
    for (const header of ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers']) {
      expect({ header, value: refused.headers.get(header) }).toEqual({ header, value: null });
    }
  });

  it("keeps Apollo's CSRF prevention: a simple cross-origin request that could not be preflighted is refused", async () => {
    const simple = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { origin: ALLOWED, 'content-type': 'text/plain' },
      body: JSON.stringify({ query: 'mutation { createTopic(input: { slug: "csrf", name: "CSRF" }) { topic { slug } } }' }),
    });
    expect(simple.status).toBe(400);
    expect(await simple.text()).toMatch(/CSRF/i);
    const get = await fetch(`${base}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { origin: ALLOWED } });
    expect(get.status).toBe(400);
    const preflighted = await fetch(`${base}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { origin: ALLOWED, 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBe(200);
  });

  it('allows any origin with CORS_ORIGINS=*, and none by default', async () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toBe('*');
    expect(loadConfig({ CORS_ORIGINS: ' https://a.example , http://localhost:3000 ' }).corsOrigins).toEqual([
      'https://a.example',
      'http://localhost:3000',
    ]);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/, a.example, https://A.example' })).toThrow(
      /CORS_ORIGINS must be \* or origins[\s\S]*"https:\/\/a.example\/", "a.example", "https:\/\/A.example"/,
    );

    const open = await createTestApp({ corsOrigins: '*' });
    const openHttp = await serveHttp(open.app);
    const closed = await createTestApp();
    const closedHttp = await serveHttp(closed.app);
    try {
      const preflight = (at: string) =>
        fetch(`${at}/graphql`, {
          method: 'OPTIONS',
          headers: {
            origin: 'https://anyone.example',
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type',
          },
        });
      const any = await preflight(openHttp.base);
      expect(any.status).toBe(204);
      expect(any.headers.get('access-control-allow-origin')).toBe('*');
      const none = await preflight(closedHttp.base);
      expect(none.status).toBe(204);
      expect(none.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await Promise.all([openHttp.close(), closedHttp.close()]);
      await Promise.all([open.close(), closed.close()]);
    }
  });
});
