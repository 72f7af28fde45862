import { Role } from '../../src/modules/auth/role';
import { encodeId } from '../../src/shared/global-id';
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

it('finds a phrase only where its words stand side by side, and nothing for a word asked for and excluded', async () => {
  const db = t.app.orm.em.getKnex();
  const [speaker] = await db('speaker').select('id').where('name', 'Volodymyr Zelensky');
  const said = [
    'Marigold quartz is what they mined.',
    'The quartz, marigold in colour, was mined.',
    'Marigold and quartz were mined.',
    'A marigold-quartz seam was mined.',
    'They mined quartz near the marigold fields.',
  ];
  await db('statement').insert(
    said.map((text) => ({
      id: crypto.randomUUID(),
      text,
      kind: 'QUOTE',
      language: 'en',
      speaker_id: speaker.id,
      said_on_start: '2021-03-01',
      said_on_end: '2021-03-01',
      said_on_precision: 'DAY',
    })),
  );
  const found = async (query: string) => texts((await search(query, ['STATEMENT'])).hits).sort();
  expect(await found('"marigold quartz"')).toEqual([said[3], said[0]].sort());
  expect(await found('"quartz marigold"')).toEqual([said[1]]);
  expect(await found('"marigold and quartz"')).toEqual([said[2]]);
  expect(await found('quartz -"marigold quartz"')).toEqual([said[1], said[2], said[4]].sort());
  expect(await found('"marigold quartz" OR "near the marigold"')).toEqual([said[3], said[0], said[4]].sort());
  // The statement filter matches the same way.
  const filtered = await t.data(`{ statements(filter: { text: "\\"marigold quartz\\"" }) { totalCount } }`);
  expect(filtered.statements.totalCount).toBe(2);

  // A word asked for and excluded at once: nothing can match, and the index is not even asked.
  expect(await search('marigold -marigold')).toMatchObject({ totalCount: 0, hits: [] });
  expect(await search('"marigold quartz" -quartz')).toMatchObject({ totalCount: 0, hits: [] });
  const read = async (query: string) => (await db.raw('select search_match(?)::text as m', [query])).rows[0].m;
  expect(await read('marigold -marigold')).toBe('');
  // The index looks the phrase up by its pair alone.
  expect(await read('"marigold quartz"')).toMatch(/^'marigold quartz'( \| 'marigold quartz')*$/);
});

it('finds through the word index every statement the query itself matches', async () => {
  // Generated statements whose words are few and whose speakers are named with the same words, so that phrases
  // also run from a statement's text into its speaker's name; generated queries with phrases, exclusions, OR,
  // stop words, hyphens and Cyrillic. The API's count must be the count of the query matched without the index.
  const db = t.app.orm.em.getKnex();
  // Words no other test searches for.
  const WORDS = ['brume', 'quills', 'the', 'of', 'sea-fog', 'seafog', 'kestrel', 'fog', 'and', 'quill', 'Quorra', 'туманы'];
  let seed = 7;
  const pick = () => WORDS[Math.floor(((seed = (seed * 48271) % 2147483647) / 2147483647) * WORDS.length)];
  const phrase = (n: number) => Array.from({ length: n }, pick).join(' ');
  const speakers = Array.from({ length: 4 }, () => ({ id: crypto.randomUUID(), kind: 'PERSON', name: `${pick()} ${pick()}` }));
  await db('speaker').insert(speakers);
  const texts = Array.from({ length: 150 }, (_, i) => phrase(3 + (i % 6)));
  await db('statement').insert(
    texts.map((text, i) => ({
      id: crypto.randomUUID(),
      text,
      kind: 'QUOTE',
      language: i % 4 === 0 ? 'ru' : 'en',
      speaker_id: speakers[i % 4].id,
      said_on_start: '2022-01-01',
      said_on_end: '2022-01-01',
      said_on_precision: 'DAY',
    })),
  );
  const speakerIds = speakers.map((sp) => encodeId('Person', sp.id));
  // A statement's last word and its speaker's first name, side by side in its document.
  const acrossTheName = texts.slice(0, 12).map((text, i) => `"${text.split(' ').at(-1)} ${speakers[i % 4].name.split(' ')[0]}"`);
  const queries = Array.from(
    { length: 60 },
    (_, i) =>
      [
        `"${phrase(2)}"`,
        `"${phrase(3)}" ${pick()}`,
        `"${phrase(2)}" -${pick()}`,
        `"${phrase(2)}" OR ${pick()}`,
        `-"${phrase(2)}" ${pick()}`,
      ][i % 5],
  );
  let matched = 0;
  for (const query of [...queries, ...acrossTheName]) {
    const { rows } = await db.raw(
      'select count(*)::int as n from statement where speaker_id = any(?) and search_document @@ search_query(?)',
      [speakers.map((sp) => sp.id), query],
    );
    const api = await t.data(
      `query($text: String!, $ids: [ID!]) { statements(filter: { text: $text, speakerIds: $ids }) { totalCount } }`,
      {
        text: query,
        ids: speakerIds,
      },
    );
    expect({ query, count: api.statements.totalCount }).toEqual({ query, count: rows[0].n });
    matched += rows[0].n;
  }
  expect(matched).toBeGreaterThan(100);
});

it('meets compounds written with a hyphen, a space or neither', async () => {
  const solid = (await search('ceasefire', ['STATEMENT'])).hits.map((h) => h.node.id).sort();
  expect(solid.length).toBeGreaterThan(3);
  for (const variant of ['cease-fire', 'cease fire', 'CEASEFIRE', 'ceasefires']) {
    expect({ variant, ids: (await search(variant, ['STATEMENT'])).hits.map((h) => h.node.id).sort() }).toEqual({ variant, ids: solid });
  }
});

it('finds irregular plurals from their singular', async () => {
  const children = (await search('children', ['CLAIM'])).hits.map((h) => h.node.text);
  expect(children).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/Hundreds of Ukrainian children were forcibly taken/),
      expect.stringMatching(/return the Ukrainian children/),
    ]),
  );
  expect((await search('child', ['CLAIM'])).hits.map((h) => h.node.text)).toEqual(children);
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

it('finds a statement by its event, speaker and topics, below the records that say the words', async () => {
  const vilnius = await search('Vilnius');
  const saidThere = texts(vilnius.hits);
  expect(saidThere).toEqual(expect.arrayContaining([expect.stringMatching(/no “serious signs” from Russia/)]));
  // The event names the place; the statements are only near it, so they rank below it.
  const event = vilnius.hits.find((h) => h.kind === 'EVENT')!;
  for (const hit of vilnius.hits.filter((h) => h.kind === 'STATEMENT')) expect(hit.rank).toBeLessThan(event.rank);

  // The filter matches the same way: by the speaker's alias in another script, and by a topic's name.
  const byAlias = await t.data(`{ statements(filter: { text: "Зеленський" }, first: 50) { edges { node { speaker { name } } } } }`);
  expect(byAlias.statements.edges.length).toBeGreaterThan(0);
  expect(new Set(byAlias.statements.edges.map((e: any) => e.node.speaker.name))).toEqual(new Set(['Volodymyr Zelensky']));
  const sanctions = await t.data(`{ statements(filter: { text: "sanctions", topics: ["sanctions"] }) { totalCount } }`);
  const topic = await t.data(`{ statements(filter: { topics: ["sanctions"] }) { totalCount } }`);
  expect(sanctions.statements.totalCount).toBe(topic.statements.totalCount);
});

it('keeps what a statement is found by current when its surroundings change', async () => {
  const key = await t.key(Role.EDITOR, 'search-surroundings');
  const write = (query: string, input: Record<string, unknown>) => t.data(query, { input }, { key });
  const found = async (words: string) => texts((await search(words, ['STATEMENT'])).hits);
  const { createPerson } = await write(`mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id version } } }`, {
    name: 'Quillon Marsh',
  });
  const { createEvent } = await write(`mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id version } } }`, {
    name: 'Harbour forum',
    kind: 'SUMMIT',
    location: 'Tromsø',
  });
  const text = 'The ferry timetable will double in summer.';
  const { createStatement } = await write(
    `mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id version } } }`,
    { text, kind: 'QUOTE', speakerId: createPerson.person.id, eventId: createEvent.event.id, saidOn: { date: '2024-03-01' } },
  );
  expect(await found('Quillon')).toEqual([text]);
  expect(await found('Tromso')).toEqual([text]);
  // Topics given at creation are written before their statement, whose document holds their names from the start.
  const tolls = 'The bridge toll will rise in autumn.';
  const other = await write(`mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } } }`, {
    name: 'Ottilie Brand',
  });
  await write(`mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id } } }`, {
    text: tolls,
    kind: 'QUOTE',
    speakerId: other.createPerson.person.id,
    saidOn: { date: '2024-03-02' },
    topics: ['sanctions'],
  });
  expect(await found('toll sanctions')).toEqual([tolls]);

  await write(`mutation($input: UpdateEventInput!) { updateEvent(input: $input) { event { location } } }`, {
    id: createEvent.event.id,
    version: createEvent.event.version,
    location: 'Bodø',
  });
  await write(`mutation($input: UpdateSpeakerInput!) { updateSpeaker(input: $input) { speaker { name } } }`, {
    id: createPerson.person.id,
    version: createPerson.person.version,
    aliases: ['Квиллон Марш'],
  });
  await write(`mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { statement { id } } }`, {
    id: createStatement.statement.id,
    version: createStatement.statement.version,
    topics: ['sanctions'],
  });
  expect(await found('Tromso')).toEqual([]);
  expect(await found('Bodo')).toEqual([text]);
  // A change of attribution status leaves it found as before; new words find it, the old ones no longer do.
  await write(`mutation($input: SetAttributionStatusInput!) { setAttributionStatus(input: $input) { statement { id } } }`, {
    statementId: createStatement.statement.id,
    status: 'DISPUTED',
    reason: 'The ministry says the quote is incomplete.',
  });
  expect(await found('Bodo')).toEqual([text]);
  expect(await found('Квиллон')).toEqual([text]);
  expect(await found('ferry sanctions')).toEqual([text]);
});

it('orders hits by date on request, undated records last', async () => {
  const ORDERED = `query($order: SearchOrder!, $after: String) {
    search(query: "Russia", order: $order, first: 7, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { kind node { ... on Statement { saidOn { date } } ... on Event { startDate } ... on Source { publishedOn } } } }
    }
  }`;
  const day = (hit: any): string | null => hit.node.saidOn?.date ?? hit.node.startDate ?? hit.node.publishedOn ?? null;
  for (const order of ['NEWEST', 'OLDEST']) {
    const hits: any[] = [];
    let after: string | undefined;
    do {
      const { search: page } = await t.data(ORDERED, { order, after });
      hits.push(...page.edges.map((e: any) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
    } while (after);
    const dated = hits.map(day).filter((d): d is string => d !== null);
    expect(dated.length).toBeGreaterThan(3);
    // Dated records first, in order (dates as the API shows them: a month sorts as its first day).
    expect(hits.slice(0, dated.length).map(day)).toEqual(dated);
    const sorted = [...dated].sort((a, b) => a.padEnd(10, '-01').localeCompare(b.padEnd(10, '-01')));
    expect(dated).toEqual(order === 'OLDEST' ? sorted : sorted.reverse());
    expect(hits.length).toBe((await search('Russia', undefined, 100)).totalCount);
  }
});

it.each([
  // All in the latest year: that year alone holds 200 matches.
  ['zephyrine', '2026-01-01', 1],
  // Spread over seven years, 36 a year: the years are walked back until 200 matches are found.
  ['quillwort', '2015-01-01', 10],
])(
  'ranks the most recent matches of a common word (%s, from %s, one every %i days), and still counts and dates them all',
  async (word, from, days) => {
    // Setup in bulk: 260 statements by one speaker, each saying a word nothing else has; the oldest 60 say it three
    // times, so they would rank first if every match were ranked.
    const db = t.app.orm.em.getKnex();
    const [speaker] = await db('speaker').select('id').where('name', 'Volodymyr Zelensky');
    await db.raw(
      `insert into statement (id, text, kind, language, speaker_id, said_on_start, said_on_end, said_on_precision)
     select gen_random_uuid(), case when i <= 60 then repeat(:word || ' ', 3) else :word end || ', day ' || i,
       'QUOTE', 'en', :speaker, :from::date + i * :days, :from::date + i * :days, 'DAY'
     from generate_series(1, 260) as i`,
      { word, speaker: speaker.id, from, days },
    );
    const ranked = await t.data(
      `query($q: String!) { search(query: $q, kinds: [STATEMENT], first: 100) { totalCount edges { node { node { ... on Statement { text } } } } } }`,
      { q: word },
    );
    expect(ranked.search.totalCount).toBe(260);
    expect(ranked.search.edges).toHaveLength(100);
    const days_ = ranked.search.edges.map((e: any) => Number(/day (\d+)/.exec(e.node.node.text)![1]));
    // Only the 200 most recent (days 61 to 260) were ranked: none of the older, wordier ones comes up.
    expect(Math.min(...days_)).toBeGreaterThan(60);
    const oldest = await t.data(
      `query($q: String!) { search(query: $q, kinds: [STATEMENT], order: OLDEST, first: 1) { edges { node { node { ... on Statement { text } } } } } }`,
      { q: word },
    );
    expect(oldest.search.edges[0].node.node.text).toBe(`${word} ${word} ${word} , day 1`);
  },
);

it('narrows the statements among the hits with a statement filter, and refuses one that cannot match', async () => {
  const FILTERED = `query($filter: StatementFilter) {
    search(query: "Russia", filter: $filter, first: 100) {
      totalCount
      edges { node { kind node { ... on Statement { saidOn { date } speaker { name } } } } }
    }
  }`;
  const all = (await t.data(FILTERED, {})).search;
  const inJune = (await t.data(FILTERED, { filter: { saidFrom: '2025-06-01', saidTo: '2025-06-30' } })).search;
  const statementsOf = (page: any) => page.edges.filter((e: any) => e.node.kind === 'STATEMENT').map((e: any) => e.node.node);
  expect(statementsOf(inJune).length).toBeGreaterThan(0);
  expect(statementsOf(inJune).length).toBeLessThan(statementsOf(all).length);
  // Dated in June, or less precisely in a span that includes it ("2025"), as in `statements(filter:)`.
  expect(
    statementsOf(inJune)
      .map((s: any) => s.saidOn.date)
      .filter((d: string) => d !== '2025' && !d.startsWith('2025-06')),
  ).toEqual([]);
  // Other kinds are not narrowed.
  const others = (page: any) => page.edges.filter((e: any) => e.node.kind !== 'STATEMENT').length;
  expect(others(inJune)).toBe(others(all));
  expect(inJune.totalCount).toBe(statementsOf(inJune).length + others(inJune));

  const refused = await t.gql(FILTERED, { filter: { topics: ['cease-fire'] } });
  expect(refused.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'filter.topics' } });
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
  // The query's reading, then the whole answer (hits, highlights, records, count) in one statement, whatever the
  // page's size and kinds.
  const count = (first: number, kinds: string[]) => t.countSql(() => search('ceasefire', kinds, first));
  expect(await count(2, ['STATEMENT'])).toBe(2);
  expect(await count(20, ['STATEMENT'])).toBe(2);
  expect(await count(20, ['STATEMENT', 'CLAIM'])).toBe(2);
});
