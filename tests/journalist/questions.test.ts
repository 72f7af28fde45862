import { Role } from '../../src/modules/auth/role';
import { example, exampleTab } from '../helpers/examples';
import { createTestApp, type TestApp } from '../helpers/test-app';

// The journalist questions of the demo data, each one playground example, each answered by one query.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const nodes = (connection: { edges: { node: any }[] }) => connection.edges.map((e) => e.node);

it('lists everything Medinsky said, with dates, and each quote in the text of the source it came from', async () => {
  const { data, errors } = await t.gql(example('EverythingMedinskySaid'));
  expect(errors).toBeUndefined();
  const statements = nodes(data.statements);
  expect(data.statements.totalCount).toBe(2);
  expect(statements.map((s: any) => s.speaker.name)).toEqual(['Vladimir Medinsky', 'Vladimir Medinsky']);
  expect(statements.map((s: any) => s.text).join(' ')).toMatch(/6,000/);
  expect(statements.map((s: any) => s.text).join(' ')).toMatch(/younger than 25|under 25/);
  for (const s of statements) {
    expect(s.saidOn).toEqual({ date: '2025-06-02', precision: 'DAY' });
    const [citation] = s.citations;
    expect(citation.excerpt).toMatch(/Medinsky/);
    // Filed under the copy that was read, which names the BBC report it republishes.
    expect(citation.source).toMatchObject({ title: 'Russian Ukraine Talk', republishes: { publisher: { name: 'BBC' } } });
    expect(citation.status).toBe('VERIFIED');
    expect(citation.context.exact).toBe(citation.excerpt);
    expect(citation.context.before.length).toBe(80);
  }
});

it('finds Medinsky regardless of case, accents and alphabet', async () => {
  const query = `query($name: String) { statements(filter: { speakerName: $name }) { totalCount } }`;
  for (const name of ['medinsky', 'MEDINSKY', 'Medínsky', 'Мединский']) {
    const { data, errors } = await t.gql(query, { name });
    expect(errors).toBeUndefined();
    expect({ name, count: data.statements.totalCount }).toEqual({ name, count: 2 });
  }
});

it('shows who demanded the unconditional ceasefire, and who says Russia refused it', async () => {
  const { data, errors } = await t.gql(example('CeasefireDemandedAndRefused'));
  expect(errors).toBeUndefined();
  const claims = nodes(data.claims);
  const demand = claims.find((c: any) => /30-day ceasefire/.test(c.text));
  const refusal = claims.find((c: any) => /declined/.test(c.text));
  // Sides count for whom a statement speaks for: Umerov spoke for the Ukrainian delegation. No Russian speaker
  // rejects the ceasefire in words of their own in the article: Russia's refusal is what Ukrainians report.
  expect(
    nodes(demand.supporters)
      .map((s: any) => s.name)
      .sort(),
  ).toEqual(["Ukraine's Western allies", 'Ukrainian delegation to the Istanbul talks']);
  expect(nodes(demand.opponents)).toEqual([]);
  const positions = nodes(demand.positions);
  expect(positions).toHaveLength(demand.positions.totalCount);
  expect(positions.find((p: any) => p.speaker.name === 'Rustem Umerov')).toMatchObject({
    stance: 'DEMANDS',
    side: 'FOR',
    onBehalfOf: { name: 'Ukrainian delegation to the Istanbul talks' },
    statement: { saidOn: { inferred: false } },
  });
  // The allies' support is reported without a date of its own: dated by the report, and marked so.
  expect(positions.find((p: any) => p.speaker.name === "Ukraine's Western allies").statement.saidOn).toEqual({
    date: '2025-06-02',
    precision: 'DAY',
    inferred: true,
  });
  expect(
    nodes(refusal.supporters)
      .map((s: any) => s.name)
      .sort(),
  ).toEqual(['Serhiy Kyslytsia', 'Ukrainian delegation to the Istanbul talks']);
});

it("shows Zelensky's answer to the Russian truce offer and what contradicts the offer", async () => {
  const { data, errors } = await t.gql(example('ZelenskyAnswersTheTruceOffer'));
  expect(errors).toBeUndefined();
  const [offer] = nodes(data.statements);
  expect(offer.speaker.name).toMatch(/Russian delegation/);
  expect(offer.text).toMatch(/truce/);
  const answer = nodes(offer.responses).find((r: any) => r.speaker.name === 'Volodymyr Zelensky');
  expect(answer).toMatchObject({ kind: 'QUOTE', text: expect.stringMatching(/to prevent more deaths/) });
  expect(nodes(offer.counterClaims).map((c: any) => c.speaker.name)).toContain('Volodymyr Zelensky');
  expect(offer.counterClaims.totalCount).toBe(offer.counterClaims.edges.length);
});

it('shows what the Kremlin said in response to Trump', async () => {
  const { data, errors } = await t.gql(example('KremlinAnswersTrump'));
  expect(errors).toBeUndefined();
  const [trump] = nodes(data.statements);
  expect(trump.text).toMatch(/absolutely crazy/);
  expect(trump.saidOn).toEqual({ date: '2025-05', precision: 'MONTH' });
  expect(nodes(trump.responses)).toEqual([
    expect.objectContaining({ speaker: { name: 'Kremlin' }, text: expect.stringMatching(/emotional outburst/) }),
  ]);
});

it('lists everything said in May 2025, imprecise dates included, and nothing from June', async () => {
  const { data, errors } = await t.gql(example('SaidInMay2025'));
  expect(errors).toBeUndefined();
  const statements = nodes(data.statements);
  const precisions = new Set(statements.map((s: any) => s.saidOn.precision));
  // "last month" in a June report: known only to the month, so it counts for May.
  expect(precisions).toEqual(new Set(['MONTH']));
  expect(statements.map((s: any) => s.speaker.name)).toEqual(expect.arrayContaining(['Donald Trump', 'Kremlin']));
  for (const s of statements) {
    expect(s.saidOn.start <= '2025-05-31' && s.saidOn.end >= '2025-05-01').toBe(true);
  }
  expect(statements.some((s: any) => s.saidOn.date.startsWith('2025-06'))).toBe(false);
  expect(data.statements.totalCount).toBe(statements.length);
});

it('lists everything about prisoner exchanges or the remains of the dead, oldest first', async () => {
  const { data, errors } = await t.gql(example('PrisonersAndRemainsOldestFirst'));
  expect(errors).toBeUndefined();
  const statements = nodes(data.statements);
  expect(statements.length).toBeGreaterThanOrEqual(4);
  for (const s of statements) {
    expect(s.topics.map((t: any) => t.slug)).toEqual(
      expect.arrayContaining([expect.stringMatching(/prisoner-exchange|remains-of-the-dead/)]),
    );
  }
  const starts = statements.map((s: any) => s.saidOn.date);
  expect([...starts].sort()).toEqual(starts);
  expect(statements.map((s: any) => s.speaker.name)).toEqual(expect.arrayContaining(['Vladimir Medinsky', 'Volodymyr Zelensky']));
});

it('lists disputed claims with speakers on both sides', async () => {
  const { data, errors } = await t.gql(example('DisputedClaims'));
  expect(errors).toBeUndefined();
  const claims = nodes(data.disputes);
  expect(claims.length).toBeGreaterThan(0);
  for (const c of claims) {
    expect(c.supporters.totalCount).toBeGreaterThan(0);
    expect(c.opponents.totalCount).toBeGreaterThan(0);
    expect(c.supporters.edges).toHaveLength(c.supporters.totalCount);
  }
  expect(claims.map((c: any) => c.text)).toEqual(expect.arrayContaining([expect.stringMatching(/truce/)]));
});

it('resolves the example ID of the node tab', async () => {
  const { data, errors } = await t.gql(example('AnyRecordById'), {
    id: 'U3RhdGVtZW50OmY2MTlmMzdjLWY4MjAtNWZkZC1iMDQ0LWVmMjM4M2Q4M2JlNQ==',
  });
  expect(errors).toBeUndefined();
  expect(data.node).toMatchObject({ __typename: 'Statement', speaker: { name: 'Vladimir Medinsky' } });
});

it('runs the example write of the playground with an editor key, and without one refuses it', async () => {
  const tab = exampleTab('AddStatement');
  const variables = JSON.parse(tab.variables!);
  expect((await t.gql(tab.query, variables)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  const { data, errors } = await t.gql(tab.query, variables, { key: await t.key(Role.EDITOR, 'playground-editor') });
  expect(errors).toBeUndefined();
  expect(data.createStatement.statement).toMatchObject({
    speaker: { name: 'Vladimir Medinsky' },
    saidOn: { date: '2025-06', precision: 'MONTH' },
    positions: { edges: [{ node: { stance: 'ASSERTS' } }] },
    revisions: { edges: [{ node: { action: 'CREATE', actor: 'playground-editor' } }] },
  });
});

it('tells the ceasefire as a timeline, oldest first', async () => {
  const { data, errors } = await t.gql(example('CeasefireTimeline'));
  expect(errors).toBeUndefined();
  const entries = nodes(data.timeline);
  expect(entries.length).toBeGreaterThan(2);
  expect(entries.every((e: any) => e.kind === 'STATEMENT' && e.statement.text)).toBe(true);
  const starts = entries.map((e: any) => e.date.date.padEnd(10, '-01'));
  expect([...starts].sort()).toEqual(starts);
});

it('shows what Trump stood for through his spokesperson, and no change of side', async () => {
  const { data, errors } = await t.gql(example('TrumpsSides'));
  expect(errors).toBeUndefined();
  const [trump] = nodes(data.speakers);
  expect(trump).toMatchObject({ name: 'Donald Trump', nameMatch: 1, selfContradictions: { totalCount: 0 } });
  expect(nodes(trump.claims).map((p: any) => p.speaker.name)).toEqual(['Karoline Leavitt', 'Karoline Leavitt']);
});

it('searches everything for the ceasefire, leaving out the truce', async () => {
  const { data, errors } = await t.gql(example('SearchCeasefireNotTruce'));
  expect(errors).toBeUndefined();
  const hits = nodes(data.search);
  expect(hits.length).toBeGreaterThan(3);
  expect(hits.every((h: any) => /<mark>ceasefire<\/mark>/i.test(h.highlight) && !/truce/i.test(h.highlight))).toBe(true);
});

it('finds what was said at the Vilnius summit by the place, newest first', async () => {
  const { data, errors } = await t.gql(example('SaidInVilnius'));
  expect(errors).toBeUndefined();
  const statements = nodes(data.search).map((hit: any) => hit.node);
  expect(statements.length).toBeGreaterThan(1);
  expect(data.search.totalCount).toBe(statements.length);
  expect(new Set(statements.map((s: any) => s.event?.name))).toEqual(new Set(['Summit in Vilnius']));
  const dates = statements.map((s: any) => s.saidOn.date);
  expect(dates).toEqual([...dates].sort().reverse());
});
