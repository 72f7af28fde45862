import demo from '../../src/modules/seed/istanbul-talks.json';
import { exampleTab } from '../helpers/examples';
import { createTestApp, type TestApp } from '../helpers/test-app';

// The demo record audited against the article it was taken from (istanbul-talks-article.txt, archived as the
// text of the source "Russian Ukraine Talk"), through the API a reader uses.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const STATEMENTS = `{ statements(first: 100) {
  totalCount edges { node { id text kind saidOn { date precision inferred }
    speaker { name } event { name startDate }
    citations { excerpt status anchor { start end } source { title url publishedOn republishes { title url publishedOn publisher { name } } } }
    respondsTo(first: 5) { edges { node { saidOn { date precision } } } } } } } }`;

let statements: any[];
/** The article as archived for the source it was read in. */
let article: string;
beforeAll(async () => {
  const { statements: page } = await t.data(STATEMENTS);
  expect(page.totalCount).toBe(demo.statements.length);
  statements = page.edges.map((e: any) => e.node);
  const { sources } = await t.data(`{ sources(first: 1, filter: { title: "Russian Ukraine Talk" }) { edges { node { text } } } }`);
  article = sources.edges[0].node.text;
});

it('files every excerpt under the copy that was read, which says it republishes the BBC report (no invented URL)', async () => {
  for (const s of statements) {
    expect(s.citations).toHaveLength(1);
    const [{ source }] = s.citations;
    expect(source).toMatchObject({ title: 'Russian Ukraine Talk', url: null, publishedOn: null });
    expect(source.republishes).toMatchObject({ url: null, publisher: { name: 'BBC' }, publishedOn: '2025-06-02' });
  }
  // The article's own wording marks it as a copy.
  expect(article).toMatch(/^Russian Ukraine Talk\n/);
  expect(article).toContain('Source: BBC');
});

it('finds every excerpt in the archived text (VERIFIED, anchored where it stands)', async () => {
  const { citations } = await t.data(`{ citations(first: 100, filter: { status: [UNVERIFIED, MOVED, MISSING] }) { totalCount } }`);
  expect(citations.totalCount).toBe(0);
  for (const s of statements) {
    const [c] = s.citations;
    expect(c.status).toBe('VERIFIED');
    expect([...article].slice(c.anchor.start, c.anchor.end).join('')).toBe(c.excerpt);
  }
});

it('quotes only words the article prints between quotation marks', () => {
  const quoted = [...article.matchAll(/“([^”]+)”/g)].map((m) => m[1]);
  const quotes = statements.filter((s) => s.kind === 'QUOTE');
  expect(quotes.length).toBeGreaterThanOrEqual(4);
  for (const q of quotes) expect(quoted.some((span) => span.includes(q.text))).toBe(true);
});

it('dates every statement by the documented rule, marking the dates an editor derived', () => {
  // 1. A date the article gives, absolutely or relative to the report ("last month" in a 2 June report).
  const stated: Record<string, string> = { 'last month': '2025-05' };
  const reportDay = statements[0].citations[0].source.republishes.publishedOn;
  for (const s of statements) {
    const excerpt: string = s.citations[0].excerpt;
    const phrase = Object.keys(stated).find((p) => excerpt.includes(p));
    if (s.saidOn.inferred) {
      // 3. Derived: a reply takes the date of what it answers; anything else the day of the report.
      const answered = s.respondsTo.edges[0]?.node.saidOn;
      if (answered && answered.date !== reportDay) expect(s.saidOn).toMatchObject({ date: answered.date, precision: answered.precision });
      else expect(s.saidOn).toMatchObject({ date: reportDay, precision: 'DAY' });
    } else if (phrase) {
      expect(s.saidOn.date).toBe(stated[phrase]);
    } else if (s.speaker.name === 'BBC') {
      // An outlet's own account is said on the day it is published.
      expect(s.saidOn).toMatchObject({ date: reportDay, precision: 'DAY' });
    } else {
      // 2. Said at an event the record dates ("following the discussions", "in a separate briefing").
      expect(s.event?.startDate).toBeTruthy();
      expect(s.saidOn).toMatchObject({ date: s.event.startDate, precision: 'DAY' });
    }
  }
  expect(statements.filter((s) => s.saidOn.inferred).length).toBeGreaterThan(10);
});

it('answers "what happened in the first round?" with the outcome and the report it comes from', async () => {
  const { events } = await t.data(`{ events(filter: { name: "First round" }) { edges { node { id startDate description outcome } } } }`);
  const [{ node: round }] = events.edges;
  expect(round.startDate).toBe('2025-05-16');
  expect(round.outcome).toMatch(/failed to agree on how to halt the conflict.*1,000 prisoners of war/);
  const { statements: said } = await t.data(
    `query($id: ID!) { statements(filter: { eventIds: [$id] }) { edges { node { text kind speaker { name }
      positions { edges { node { stance claim { text } } } }
      citations { context(characters: 40) { exact } source { title republishes { publisher { name } } } } } } } }`,
    { id: round.id },
  );
  expect(said.edges).toHaveLength(1);
  const [{ node }] = said.edges;
  expect(node).toMatchObject({ kind: 'PARAPHRASE', speaker: { name: 'BBC' } });
  expect(node.citations[0].context.exact).toMatch(/^During the first round of direct negotiations on May 16/);
  expect(node.citations[0].source).toEqual({ title: 'Russian Ukraine Talk', republishes: { publisher: { name: 'BBC' } } });
  expect(node.positions.edges.map((e: any) => e.node.claim.text).join(' ')).toMatch(/1,000 prisoners of war/);

  // The playground's tab asks the same in one query, by the round's ID (the same on every machine).
  const tab = exampleTab('WhatHappenedInTheFirstRound');
  const answer = await t.data(tab.query, JSON.parse(tab.variables!));
  expect(answer.event).toMatchObject({ startDate: '2025-05-16', outcome: round.outcome });
  expect(answer.statements.edges[0].node).toMatchObject({ speaker: { name: 'BBC' }, citations: [{ status: 'VERIFIED' }] });
});

it('keeps the corrections: each side its own 6,000, the 12,000 remains, the allies on both counts, Moscow for the Kremlin', async () => {
  const { claims: bodies } = await t.data(
    `{ claims(filter: { text: "bodies" }) { edges { node { text supporters { edges { node { name } } } } } } }`,
  );
  expect(bodies.edges.map((e: any) => [e.node.text, e.node.supporters.edges.map((s: any) => s.node.name)])).toEqual(
    expect.arrayContaining([
      ['Russia will return the bodies of 6,000 Ukrainian soldiers to Ukraine.', ['Russian delegation to the Istanbul talks']],
      ['Ukraine will hand over the bodies of 6,000 Russian soldiers to Russia.', ['Volodymyr Zelensky']],
    ]),
  );
  const { speakers } = await t.data(`{ speakers(filter: { name: "Moscow" }) { edges { node { name } } } }`);
  expect(speakers.edges.map((e: any) => e.node.name)).toContain('Kremlin');
  const { claims } = await t.data(`{ claims(filter: { text: "remains" }) { edges { node { supporters { edges { node { name } } } } } } }`);
  expect(claims.edges[0].node.supporters.edges.map((e: any) => e.node.name)).toEqual(['BBC']);
  const allies = await t.data(
    `{ speakers(filter: { name: "Western allies" }) { edges { node { statements { edges { node { text } } } } } } }`,
  );
  expect(allies.speakers.edges[0].node.statements.edges.map((e: any) => e.node.text)).toEqual(
    expect.arrayContaining([expect.stringMatching(/support of Ukraine's Western allies/), expect.stringMatching(/tantamount/)]),
  );
  const { statements: officials } = await t.data(
    `{ statements(filter: { speakerName: "Russian officials" }) { edges { node { positions { edges { node { stance } } } } } } }`,
  );
  expect(officials.edges[0].node.positions.edges.map((e: any) => e.node.stance)).toEqual(['ASSERTS']);
  const { speakers: zelensky } = await t.data(
    `{ speakers(filter: { name: "Zelensky" }) { edges { node { ... on Person { affiliations { edges { node { title organization { name } } } } } } } } }`,
  );
  expect(zelensky.edges[0].node.affiliations.edges[0].node).toEqual({
    title: 'President',
    organization: { name: 'Government of Ukraine' },
  });
  const { events } = await t.data(`{ events(filter: { name: "Istanbul talks between" }) { edges { node { endDate } } } }`);
  expect(events.edges[0].node.endDate).toBeNull();
});
