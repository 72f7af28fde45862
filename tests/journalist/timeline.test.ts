import { encodeId } from '../../src/shared/global-id';
import { createTestApp, type TestApp } from '../helpers/test-app';

// Timelines over the demo record: who said what in date order, imprecise dates placed at their first day and
// shown at their precision, the events' own days among the statements.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const TIMELINE = `query($filter: TimelineFilter!, $first: Int, $after: String) {
  timeline(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { kind date { date precision inferred } statement { text speaker { name } onBehalfOf { name } } event { name } } }
  }
}`;

async function timeline(filter: Record<string, unknown>, first = 50, after?: string) {
  const { data, errors } = await t.gql(TIMELINE, { filter, first, after });
  expect(errors).toBeUndefined();
  return data.timeline;
}

const entries = (page: { edges: { node: any }[] }) => page.edges.map((e) => e.node);

async function idOf(query: string): Promise<string> {
  const { data, errors } = await t.gql(query);
  expect(errors).toBeUndefined();
  return (Object.values(data)[0] as { edges: { node: { id: string } }[] }).edges[0].node.id;
}

it('shows a date the article gives apart from one derived from the report', async () => {
  const claim = await idOf(`{ claims(filter: { text: "unconditional 30-day ceasefire" }) { edges { node { id } } } }`);
  const list = entries(await timeline({ claimIds: [claim] }));
  expect(list.map((e: any) => [e.kind, e.date, e.statement.speaker.name])).toEqual([
    ['STATEMENT', { date: '2025-06-02', precision: 'DAY', inferred: false }, 'Rustem Umerov'],
    ['STATEMENT', { date: '2025-06-02', precision: 'DAY', inferred: true }, "Ukraine's Western allies"],
  ]);
});

it('reads "May 2025" before "June 2025" and counts a spokesperson’s words for her principal', async () => {
  const trump = await idOf(`{ speakers(filter: { name: "Donald Trump" }) { edges { node { id } } } }`);
  const list = entries(await timeline({ speakerIds: [trump] }));
  // "Last month" in the report of 2 June; Leavitt's undated remarks are dated by the report, and marked so.
  expect(list.map((e: any) => e.date)).toEqual([
    { date: '2025-05', precision: 'MONTH', inferred: false },
    { date: '2025-06-02', precision: 'DAY', inferred: true },
    { date: '2025-06-02', precision: 'DAY', inferred: true },
  ]);
  expect(list[0].statement.speaker.name).toBe('Donald Trump');
  expect(list.slice(1).map((e: any) => [e.statement.speaker.name, e.statement.onBehalfOf.name])).toEqual([
    ['Karoline Leavitt', 'Donald Trump'],
    ['Karoline Leavitt', 'Donald Trump'],
  ]);
});

it('frames an event’s statements with the days its parts began (the series has no recorded end)', async () => {
  const series = await idOf(`{ events(filter: { name: "Istanbul talks between" }) { edges { node { id } } } }`);
  const page = await timeline({ eventIds: [series] });
  const list = entries(page);
  expect(page.totalCount).toBe(list.length);
  // The first round began on 16 May 2025; what it came to was reported on 2 June.
  expect(list[0]).toMatchObject({ kind: 'EVENT_BEGINS', date: { date: '2025-05-16', precision: 'DAY' } });
  expect(list.find((e: any) => e.kind === 'STATEMENT' && e.event.name.startsWith('First round'))).toMatchObject({
    date: { date: '2025-06-02' },
    statement: { speaker: { name: 'BBC' } },
  });
  expect(list.filter((e: any) => e.kind === 'EVENT_BEGINS' && e.date.date === '2025-05-16').map((e: any) => e.event.name)).toEqual(
    expect.arrayContaining(['First round of Russia-Ukraine talks in Istanbul', 'Istanbul talks between Russia and Ukraine']),
  );
  // The article does not say the talks ended: no end day is invented for them.
  expect(list.filter((e: any) => e.kind === 'EVENT_ENDS')).toEqual([]);
  const statements = list.filter((e: any) => e.kind === 'STATEMENT');
  expect(statements.length).toBeGreaterThan(5);
  expect(statements.map((e: any) => e.event.name)).not.toContain('Summit in Vilnius');
  // On 2 June: the second round and the briefing begin before anything said there.
  const june = list.filter((e: any) => e.date.date === '2025-06-02');
  const kinds = june.map((e: any) => e.kind);
  expect(kinds.lastIndexOf('EVENT_BEGINS')).toBeLessThan(kinds.indexOf('STATEMENT'));
});

it('pages through a topic’s timeline in date order, with cursors', async () => {
  const all = await timeline({ topics: ['ceasefire'] }, 50);
  const starts = entries(all).map((e: any) => e.date.date.padEnd(10, '-01'));
  expect([...starts].sort()).toEqual(starts);
  const pages: any[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await timeline({ topics: ['ceasefire'] }, 2, after);
    pages.push(...entries(page));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(pages).toEqual(entries(all));
  expect(all.totalCount).toBe(pages.length);
});

it('refuses a timeline of nothing, and of a claim that does not exist', async () => {
  const empty = await t.gql(TIMELINE, { filter: {} });
  expect(empty.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'filter' } });
  const unknown = await t.gql(TIMELINE, { filter: { claimIds: [encodeId('Claim', '00000000-0000-4000-8000-000000000002')] } });
  expect(unknown.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'filter.claimIds' } });
});

it('reads a page’s statements, speakers and events in a fixed number of SQL statements', async () => {
  const series = await idOf(`{ events(filter: { name: "Istanbul talks between" }) { edges { node { id } } } }`);
  const count = (first: number) => t.countSql(() => timeline({ eventIds: [series] }, first));
  // The filter's event looked up, the page, its count, then one batch each: events, statements, speakers.
  expect(await count(8)).toBe(6);
  expect(await count(50)).toBe(6);
});

it('pages two speakers’ timelines forwards and backwards to the same entries as one page', async () => {
  // Each speaker's own statements are paged inside the SQL (up to the page's end); the pages must still meet.
  const zelensky = await idOf(`{ speakers(filter: { name: "Volodymyr Zelensky" }) { edges { node { id } } } }`);
  const trump = await idOf(`{ speakers(filter: { name: "Donald Trump" }) { edges { node { id } } } }`);
  const filter = { speakerIds: [zelensky, trump] };
  const key = (e: any) => `${e.date.date} ${e.statement.text}`;
  const whole = await timeline(filter, 100);
  expect(whole.totalCount).toBeGreaterThan(4);
  const all = entries(whole).map(key);
  expect(all.length).toBe(whole.totalCount);

  const forwards: string[] = [];
  let after: string | undefined;
  do {
    const page = await timeline(filter, 2, after);
    forwards.push(...entries(page).map(key));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
  } while (after);
  expect(forwards).toEqual(all);

  const BACKWARDS = `query($filter: TimelineFilter!, $before: String) {
    timeline(filter: $filter, last: 2, before: $before) {
      pageInfo { hasPreviousPage startCursor }
      edges { node { date { date } statement { text } } }
    }
  }`;
  const backwards: string[] = [];
  let before: string | undefined;
  do {
    const { timeline: page } = await t.data(BACKWARDS, { filter, before });
    backwards.unshift(...entries(page).map(key));
    before = page.pageInfo.hasPreviousPage ? page.pageInfo.startCursor : undefined;
  } while (before);
  expect(backwards).toEqual(all);
});
