import { Role } from '../../src/modules/auth/role';
import { createTestApp, type TestApp } from '../helpers/test-app';

// One search box over the demo record: statements, claims, speakers, events and sources, best match first, with
// the matching words marked.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const SEARCH = `query($query: String!, $kinds: [SearchKind!], $first: Int, $after: String) {
  search(query: $query, kinds: $kinds, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { kind rank highlight node {
      id __typename
      ... on Statement { text }
      ... on Claim { text }
      ... on Speaker { name }
      ... on Event { name location }
      ... on Source { title }
    } } }
  }
}`;

interface Hit {
  kind: string;
  rank: number;
  highlight: string | null;
  node: { id: string; __typename: string; text?: string; name?: string; location?: string; title?: string };
}

async function search(
  query: string,
  kinds?: string[],
  first = 50,
  after?: string,
): Promise<{ totalCount: number; hits: Hit[]; next?: string }> {
  const data = await t.data(SEARCH, { query, kinds, first, after });
  return {
    totalCount: data.search.totalCount,
    hits: data.search.edges.map((e: any) => e.node),
    next: data.search.pageInfo.hasNextPage ? data.search.pageInfo.endCursor : undefined,
  };
}

const texts = (hits: Hit[], kind = 'STATEMENT') => hits.filter((h) => h.kind === kind).map((h) => h.node.text!);

it('finds statements and claims by their words, best first, with the words marked', async () => {
  const { hits } = await search('unconditional ceasefire');
  expect(hits.length).toBeGreaterThan(3);
  expect(new Set(hits.map((h) => h.kind))).toEqual(new Set(['STATEMENT', 'CLAIM']));
  const ranks = hits.map((h) => h.rank);
  expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  expect(ranks.every((r) => r > 0 && r <= 1)).toBe(true);
  for (const hit of hits) expect(hit.highlight).toMatch(/<mark>(unconditional|ceasefire)<\/mark>/i);
  expect(texts(hits)).toEqual(expect.arrayContaining([expect.stringMatching(/Russia declined to accept the unconditional ceasefire/)]));
});

it('reads web-search syntax: exclusions, phrases and OR', async () => {
  const without = texts((await search('ceasefire -truce')).hits);
  expect(without.length).toBeGreaterThan(0);
  expect(without.some((text) => /truce/i.test(text))).toBe(false);

  const phrase = texts((await search('"lasting peace"')).hits);
  expect(phrase).toEqual([expect.stringMatching(/lasting peace/)]);

  const either = texts((await search('truce OR "serious signs"')).hits);
  expect(either).toEqual(
    expect.arrayContaining([expect.stringMatching(/truce of two to three days/), expect.stringMatching(/serious signs/)]),
  );
});

it('meets compounds written with a hyphen, a space or neither', async () => {
  const solid = (await search('ceasefire', ['STATEMENT'])).hits.map((h) => h.node.id).sort();
  expect(solid.length).toBeGreaterThan(3);
  for (const variant of ['cease-fire', 'cease fire', 'CEASEFIRE', 'ceasefires']) {
    expect({ variant, ids: (await search(variant, ['STATEMENT'])).hits.map((h) => h.node.id).sort() }).toEqual({ variant, ids: solid });
  }
});

it('finds events by place, speakers by any spelling of their name, and sources by title', async () => {
  const vilnius = await search('Vilnius');
  expect(vilnius.hits.find((h) => h.kind === 'EVENT')).toMatchObject({ node: { __typename: 'Event', name: 'Summit in Vilnius' } });

  const zelensky = await search('Зеленский', ['SPEAKER']);
  expect(zelensky.hits[0]).toMatchObject({ kind: 'SPEAKER', rank: 1, node: { __typename: 'Person', name: 'Volodymyr Zelensky' } });
  expect(zelensky.hits[0].highlight).toBe('<mark>Volodymyr Zelensky</mark>');

  const { hits } = await search('prisoner exchange', ['SOURCE', 'CLAIM']);
  expect(hits.length).toBeGreaterThan(0);
  expect(hits.every((h) => h.kind === 'SOURCE' || h.kind === 'CLAIM')).toBe(true);
});

it('pages through the ranking with cursors, and counts every hit', async () => {
  const all = await search('Russia', undefined, 100);
  expect(all.totalCount).toBe(all.hits.length);
  const paged: Hit[] = [];
  let after: string | undefined;
  do {
    const page = await search('Russia', undefined, 3, after);
    paged.push(...page.hits);
    after = page.next;
  } while (after);
  expect(paged.map((h) => `${h.kind}:${h.node.id}`)).toEqual(all.hits.map((h) => `${h.kind}:${h.node.id}`));
});

it('marks matches in escaped text, so a record cannot inject markup into a snippet', async () => {
  const key = await t.key(Role.EDITOR, 'search-editor');
  await t.data(
    `mutation($input: CreateClaimInput!) { createClaim(input: $input) { claim { id } } }`,
    {
      input: { text: 'The <script>alert(1)</script> bridge & tunnel plan is fully funded' },
    },
    { key },
  );
  const [hit] = (await search('tunnel plan', ['CLAIM'])).hits;
  expect(hit.highlight).toContain('&lt;script&gt;');
  expect(hit.highlight).toContain('&amp;');
  expect(hit.highlight).toContain('<mark>tunnel</mark>');
  expect(hit.highlight).not.toContain('<script>');
});

it('refuses a blank query and reads the rest in one statement per level', async () => {
  const blank = await t.gql(SEARCH, { query: '   ' });
  expect(blank.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'query' } });
  // The hits, their count, then per kind on the page one statement for the records and one for the highlights.
  const count = (first: number, kinds: string[]) => t.countSql(() => search('ceasefire', kinds, first));
  expect(await count(2, ['STATEMENT'])).toBe(4);
  expect(await count(20, ['STATEMENT'])).toBe(4);
  expect(await count(20, ['STATEMENT', 'CLAIM'])).toBe(6);
});
