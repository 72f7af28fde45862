import { Role } from '../../src/modules/auth/role';
import { createTestApp, serveHttp, type TestApp } from '../helpers/test-app';

// The service over real HTTP: health probes, the offline playground and the GraphQL endpoint.

let t: TestApp;
let http: Awaited<ReturnType<typeof serveHttp>>;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  http = await serveHttp(t.app);
  base = http.base;
});
afterAll(async () => {
  await http.close();
  await t.close();
});

it('reports health and readiness', async () => {
  expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
  const ready = await fetch(`${base}/ready`);
  expect(ready.status).toBe(200);
  // Without read replicas, the primary alone.
  expect(await ready.json()).toEqual({ status: 'ready', databases: [{ name: 'primary', role: 'primary', state: 'ok' }] });
});

it('serves the playground to a browser with every script and style from this server', async () => {
  const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  const html = await page.text();
  expect(html).toContain('EverythingMedinskySaid');
  const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  expect(assets.length).toBeGreaterThanOrEqual(4);
  for (const asset of assets) {
    expect(asset.startsWith('/')).toBe(true);
    const response = await fetch(`${base}${asset}`);
    expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
  }
  expect(html).not.toMatch(/https?:\/\//);
});

it('answers GraphQL over HTTP with JSON, with introspection on', async () => {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __schema { queryType { name } } statements(first: 1) { totalCount } }' }),
  });
  expect(response.status).toBe(200);
  const body: any = await response.json();
  expect(body.data.__schema.queryType.name).toBe('Query');
  expect(body.data.statements.totalCount).toBeGreaterThan(20);
});

it('refuses an operation name the query does not define, or none where it defines several, with a 400', async () => {
  const post = async (body: object) => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  // What the playground once sent: one tab's query with the operation name of another.
  const unknown = await post({ query: 'query MyQuery { statements { totalCount } }', operationName: 'EverythingMedinskySaid' });
  expect(unknown.status).toBe(400);
  expect(unknown.body.errors[0]).toMatchObject({
    message: 'Unknown operation named "EverythingMedinskySaid".',
    extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
  });
  const several = await post({ query: 'query A { statements { totalCount } } query B { __typename }' });
  expect(several.status).toBe(400);
  expect(several.body.errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
  const named = await post({ query: 'query A { statements { totalCount } } query B { __typename }', operationName: 'B' });
  expect(named).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
});

it('serves GraphQL at /graphql exactly: a query string is fine, other methods and paths below it are not', async () => {
  const post = (path: string) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
  const withQueryString = await post('/graphql?from=newsroom');
  expect(withQueryString.status).toBe(200);
  expect(withQueryString.headers.get('content-length')).toBe(String((await withQueryString.clone().text()).length));
  expect(await withQueryString.json()).toEqual({ data: { __typename: 'Query' } });

  const below = await post('/graphql/extra');
  expect(below.status).toBe(404);
  expect(((await below.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');

  const put = await fetch(`${base}/graphql`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(put.status).toBe(405);
  expect(put.headers.get('allow')).toMatch(/POST/);
  expect(put.headers.get('x-content-type-options')).toBe('nosniff');
});

it('takes an API key from the Authorization header for writes', async () => {
  const key = await t.key(Role.EDITOR, 'http-editor');
  const post = (authorization?: string) =>
    fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-42', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query: 'mutation { createTopic(input: { slug: "over-http", name: "Over HTTP" }) { topic { slug } } }' }),
    }).then((r) => r.json() as Promise<any>);
  expect((await post()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  expect((await post(`Bearer ${key}`)).data.createTopic.topic.slug).toBe('over-http');
  const { data } = await t.gql(`{ revisions(first: 1) { edges { node { actor requestId entityType } } } }`);
  expect(data.revisions.edges[0].node).toEqual({ actor: 'http-editor', requestId: 'req-42', entityType: 'Topic' });
});

it('refuses a GET that could be a cross-site request forgery', async () => {
  const response = await fetch(`${base}/graphql?query=${encodeURIComponent('{ statements { totalCount } }')}`);
  expect(response.status).toBe(400);
});
