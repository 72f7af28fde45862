import { Role } from '../../src/modules/auth/role';
import { createTestApp, serveHttp, type TestApp } from '../helpers/test-app';
import { schemaOrgProblems } from '../helpers/schema-org';
import { createDebate } from '../factories/statements';
import { encodeId } from '../../src/shared/global-id';

// The public pages over HTTP: every demo page renders, links to the others, carries schema.org JSON-LD that the
// vocabulary accepts, escapes what records hold, caches by ETag, and costs a fixed number of SQL statements.

let t: TestApp;
let http: { base: string; close(): Promise<void> };
let editor: string;
beforeAll(async () => {
  t = await createTestApp();
  http = await serveHttp(t.app);
  editor = await t.key(Role.EDITOR);
});
afterAll(async () => {
  await http.close();
  await t.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${http.base}${path}`, { headers });
const jsonLdOf = (html: string) => {
  const blocks = [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => JSON.parse(m[1]));
  expect(blocks).toHaveLength(1);
  return blocks[0];
};
const links = (html: string) => [...html.matchAll(/href="(\/(?:claims|statements|speakers|sources)\/[^"]+)"/g)].map((m) => m[1]);
const scripts = (html: string) => [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);

/** Every page reachable from the home page, by path, with its HTML. */
let pages: Map<string, string>;
beforeAll(async () => {
  pages = new Map();
  // A record's page by its kind and ID; the slug after them is only for people.
  const record = (path: string) => path.split('/').slice(0, 3).join('/');
  const seen = new Set(['/']);
  const queue = ['/'];
  while (queue.length) {
    const path = queue.shift()!;
    const response = await get(path);
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    const html = await response.text();
    pages.set(path, html);
    for (const link of links(html)) {
      if (seen.has(record(link))) continue;
      seen.add(record(link));
      queue.push(link);
    }
  }
});

it('renders every page of the demo record, reached by following links from the home page', () => {
  const kinds = new Map<string, number>();
  for (const path of pages.keys()) kinds.set(path.split('/')[1] || 'home', (kinds.get(path.split('/')[1] || 'home') ?? 0) + 1);
  // Every claim in a dispute, every statement on them and their speakers, every source and so on.
  expect(kinds.get('claims')).toBeGreaterThanOrEqual(5);
  expect(kinds.get('statements')).toBeGreaterThanOrEqual(20);
  expect(kinds.get('speakers')).toBeGreaterThanOrEqual(10);
  expect(kinds.get('sources')).toBe(2);
  for (const [path, html] of pages) {
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    // No script runs: the only script element is the JSON-LD data block.
    expect({ path, scripts: scripts(html) }).toEqual({ path, scripts: ['<script type="application/ld+json">'] });
    // Nothing is loaded from another host: links out are anchors, the stylesheet is ours.
    expect(html).not.toMatch(/<(img|iframe|script|link rel="stylesheet")[^>]+(href|src)="https?:/);
    expect(html).toMatch(/<meta property="og:title" content="[^"]+"\/>/);
  }
});

it('carries JSON-LD on every page that schema.org’s vocabulary accepts', () => {
  const blocks = [...pages].map(([path, html]) => ({ name: path, jsonLd: jsonLdOf(html) }));
  expect(schemaOrgProblems(blocks)).toEqual([]);
  // The check can fail: a property and a type schema.org does not have.
  const wrong = schemaOrgProblems([
    { name: 'made-up property', jsonLd: { '@context': 'https://schema.org', '@graph': [{ '@type': 'Claim', text: 'x', stance: 'for' }] } },
    { name: 'made-up type', jsonLd: { '@context': 'https://schema.org', '@graph': [{ '@type': 'Stance', name: 'x' }] } },
  ]);
  expect(wrong).toEqual([expect.stringMatching(/^made-up property: .*stance/), expect.stringMatching(/^made-up type: /)]);
});

it('publishes a verdict as Google asks of a ClaimReview, and the claim page shows it', async () => {
  const { claims } = await t.data(`{ claims(filter: { text: "two-to-three-day truce" }) { edges { node { id } } } }`);
  const claimId = claims.edges[0].node.id;
  const { createOrganization } = await t.data(
    `mutation { createOrganization(input: { name: "Sample Fact Desk" }) { organization { id } } }`,
    undefined,
    { key: editor },
  );
  await t.data(
    `mutation($input: ReviewClaimInput!) { reviewClaim(input: $input) { claimReview { id } } }`,
    {
      input: {
        claimId,
        reviewerId: createOrganization.organization.id,
        rating: 'MOSTLY_FALSE',
        ratingLabel: 'Mostly false',
        reviewedOn: '2025-06-03',
        url: 'https://factdesk.example/truce',
        summary: 'A truce to collect bodies is not a ceasefire.',
      },
    },
    { key: editor },
  );
  const response = await get(`/claims/${encodeURIComponent(claimId)}`);
  const html = await response.text();
  expect(html).toContain('<strong>Mostly false</strong>');
  const graph = jsonLdOf(html)['@graph'];
  const review = graph.find((n: any) => n['@type'] === 'ClaimReview');
  expect(review).toMatchObject({
    claimReviewed: 'A two-to-three-day truce should be observed in selected areas of the front line.',
    url: 'https://factdesk.example/truce',
    datePublished: '2025-06-03',
    author: { '@type': 'Organization', name: 'Sample Fact Desk' },
    reviewRating: { '@type': 'Rating', alternateName: 'Mostly false', ratingValue: 2, bestRating: 5, worstRating: 1 },
    itemReviewed: {
      '@type': 'Claim',
      author: { name: 'Russian delegation to the Istanbul talks' },
      datePublished: '2025-06-02',
      appearance: [expect.objectContaining({ '@type': 'CreativeWork', name: 'Russian Ukraine Talk' })],
    },
  });
  // Both said on 2 June: in either order.
  expect(
    graph
      .filter((n: any) => n['@type'] === 'Quotation')
      .map((q: any) => q.spokenByCharacter.name)
      .sort(),
  ).toEqual(['Russian delegation to the Istanbul talks', 'Volodymyr Zelensky']);
  expect(schemaOrgProblems([{ name: 'reviewed claim', jsonLd: jsonLdOf(html) }])).toEqual([]);
});

it('escapes whatever a record holds, in the page and in its JSON-LD', async () => {
  const { speakers } = await t.data(`{ speakers(first: 1, filter: { name: "Medinsky" }) { edges { node { id } } } }`);
  const hostile = `</script><script>alert(1)</script><img src=x onerror=alert(2)> "quoted" & 'single'`;
  const { createStatement } = await t.data(
    `mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id } } }`,
    { input: { text: hostile, kind: 'QUOTE', speakerId: speakers.edges[0].node.id, saidOn: { date: '2025-06-02' } } },
    { key: editor },
  );
  const html = await (await get(`/statements/${encodeURIComponent(createStatement.statement.id)}`)).text();
  expect(scripts(html)).toEqual(['<script type="application/ld+json">']);
  expect(html).not.toContain('<img src=x');
  expect(html).toContain('&lt;/script>&lt;script>alert(1)&lt;/script>&lt;img src=x onerror=alert(2)> &quot;quoted&quot; &amp;');
  expect(jsonLdOf(html)['@graph'][0].text).toBe(hostile);
});

it('shows a misattributed statement as such, with the reason, never as a quote', async () => {
  const { statements } = await t.data(`{ statements(filter: { speakerName: "Leavitt", kind: QUOTE }) { edges { node { id text } } } }`);
  const { id, text } = statements.edges[0].node;
  await t.data(
    `mutation($input: SetAttributionStatusInput!) { setAttributionStatus(input: $input) { statement { id } } }`,
    { input: { statementId: id, status: 'MISATTRIBUTED', reason: 'The line was the reporter’s, not Leavitt’s.' } },
    { key: editor },
  );
  const html = await (await get(`/statements/${encodeURIComponent(id)}`)).text();
  expect(html).toContain('Misattributed');
  expect(html).toContain('The line was the reporter’s, not Leavitt’s.');
  expect(html).not.toContain(`“${text}”`);
  expect(jsonLdOf(html)['@graph'].filter((n: any) => n['@type'] === 'Quotation')).toEqual([]);
});

it('answers 404 for an ID that is no record, 400 for one that is no ID or of another kind', async () => {
  const unknown = encodeId('Claim', '00000000-0000-4000-8000-000000000000');
  const { statements } = await t.data(`{ statements(first: 1) { edges { node { id } } } }`);
  for (const [path, status] of [
    [`/claims/${unknown}`, 404],
    ['/claims/not-an-id', 400],
    [`/claims/${encodeURIComponent(statements.edges[0].node.id)}`, 400],
    [`/speakers/${encodeURIComponent(statements.edges[0].node.id)}`, 400],
  ] as const) {
    const response = await get(path);
    expect({ path, status: response.status }).toEqual({ path, status });
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toMatch(status === 404 ? /Not in the record/ : /Not an address of this site/);
  }
});

it('sends a strict Content-Security-Policy, and answers 304 while nothing on the page changed', async () => {
  const path = [...pages.keys()].find((p) => p.startsWith('/claims/'))!;
  const first = await get(path);
  expect(first.headers.get('content-security-policy')).toBe(
    "default-src 'none';style-src 'self';img-src 'self';base-uri 'none';form-action 'self';frame-ancestors 'none'",
  );
  const etag = first.headers.get('etag')!;
  expect(etag).toMatch(/^W\/".+"$/);
  expect(first.headers.get('cache-control')).toBe('public, max-age=60');
  expect((await get(path, { 'If-None-Match': etag })).status).toBe(304);
  // An edit to a record the page shows changes the ETag.
  const { claim } = await t.data(
    `query($id: ID!) { claim(id: $id) { positions(first: 1) { edges { node { statement { id version } } } } } }`,
    {
      id: decodeURIComponent(path.split('/')[2]),
    },
  );
  const statement = claim.positions.edges[0].node.statement;
  await t.data(
    `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { statement { id } } }`,
    { input: { id: statement.id, version: statement.version, text: 'Russia proposes a short truce (corrected wording).' } },
    { key: editor },
  );
  const after = await get(path, { 'If-None-Match': etag });
  expect(after.status).toBe(200);
  expect(await after.text()).toContain('Russia proposes a short truce (corrected wording).');
  const css = await get('/pages/style.css');
  expect(css.headers.get('content-type')).toMatch(/^text\/css/);
});

it('finds things from the home page’s search box, marking what matched', async () => {
  const html = await (await get('/?q=ceasefire%20-truce')).text();
  expect(html).toContain('Best matches for “ceasefire -truce”');
  expect(html).toContain('<mark>ceasefire</mark>');
  expect(html).not.toMatch(/<mark>truce/i);
});

it('costs the same few SQL statements for a claim with 2 positions as for one with 60', async () => {
  const small = await createDebate(t.app.orm, { statements: 2 });
  const large = await createDebate(t.app.orm, { statements: 60 });
  const cost = async (claimId: string) => {
    let status = 0;
    const n = await t.countSql(async () => (status = (await get(`/claims/${encodeURIComponent(encodeId('Claim', claimId))}`)).status));
    expect(status).toBe(200);
    return n;
  };
  const [few, many] = [await cost(small.claimId), await cost(large.claimId)];
  expect(many).toBe(few);
  expect(many).toBeLessThanOrEqual(6);

  // The 60 are listed 25 at a time, oldest first, each page linking to the next.
  let path = `/claims/${encodeURIComponent(encodeId('Claim', large.claimId))}`;
  const listed: string[] = [];
  for (;;) {
    const html = await (await get(path)).text();
    listed.push(...[...html.matchAll(/<p class="paraphrase">Synthetic statement number (\d+)<\/p>/g)].map((m) => m[1]));
    const next = /<a href="([^"]+)" rel="next">/.exec(html);
    if (!next) break;
    path = next[1].replace(/&amp;/g, '&');
  }
  expect(listed).toHaveLength(60);
  expect(new Set(listed).size).toBe(60);
  expect((await get(`/claims/${encodeURIComponent(encodeId('Claim', large.claimId))}?after=forged`)).status).toBe(400);
});

it('needs a key where reads are closed, as GraphQL does', async () => {
  const closed = await createTestApp({ readsRequireKey: true });
  const server = await serveHttp(closed.app);
  try {
    const response = await fetch(`${server.base}/`);
    expect(response.status).toBe(401);
    const key = await closed.key(Role.READER);
    const allowed = await fetch(`${server.base}/`, { headers: { Authorization: `Bearer ${key}` } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('cache-control')).toBe('private, no-cache');
  } finally {
    await server.close();
    await closed.close();
  }
});
