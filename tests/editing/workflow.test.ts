import { Role } from '../../src/modules/auth/role';
import { decodeId } from '../../src/shared/global-id';
import { createTestApp, type TestApp } from '../helpers/test-app';

// An editor adds a new speech to the record, corrects it, marks a misattribution and merges duplicates;
// every change shows up in the history with who, when, before and after.

let t: TestApp;
let key: string;
beforeAll(async () => {
  t = await createTestApp();
  key = await t.key(Role.EDITOR, 'desk-editor');
});
afterAll(() => t.close());

async function write(query: string, input: Record<string, unknown>) {
  const result = await t.gql(query, { input }, { key });
  expect(result.errors).toBeUndefined();
  return result.data;
}

async function find(query: string, variables: Record<string, unknown> = {}) {
  const result = await t.gql(query, variables);
  expect(result.errors).toBeUndefined();
  return result.data;
}

it('records a new speech: speaker, source, statement, claim, position and link to an earlier statement', async () => {
  // The speaker already exists: find him by name instead of creating a duplicate.
  const { speakers } = await find(`{ speakers(filter: { name: "Medinsky" }) { edges { node { id name } } } }`);
  const medinsky = speakers.edges[0].node;
  const { organizations } = { organizations: await find(`{ speakers(filter: { name: "BBC" }) { edges { node { id } } } }`) };
  const bbc = organizations.speakers.edges[0].node.id;

  const { createSource } = await write(
    `mutation($input: CreateSourceInput!) { createSource(input: $input) { source { id url publisher { name } } } }`,
    {
      url: 'https://www.bbc.com/news/live/medinsky-briefing?utm_campaign=x',
      title: 'Medinsky briefing',
      publisherId: bbc,
      publishedOn: '2025-06-03',
      language: 'en',
    },
  );
  expect(createSource.source.url).toBe('https://www.bbc.com/news/live/medinsky-briefing');

  const { createClaim } = await write(
    `mutation($input: CreateClaimInput!) { createClaim(input: $input) { claim { id text topics { slug } } } }`,
    {
      text: 'A second prisoner exchange will take place within a week',
      topics: ['prisoner-exchange'],
    },
  );
  expect(createClaim.claim.topics).toEqual([{ slug: 'prisoner-exchange' }]);

  const { statements: earlier } = await find(
    `{ statements(filter: { speakerName: "Medinsky", text: "prisoners" }) { edges { node { id } } } }`,
  );
  const { createStatement } = await write(
    `mutation($input: CreateStatementInput!) {
      createStatement(input: $input) {
        statement { id text kind saidOn { date precision } speaker { name } version
          citations { excerpt isPrimary source { url } } topics { slug } positions { edges { node { stance claim { text } } } } }
      }
    }`,
    {
      text: 'The exchange will start next weekend.',
      kind: 'QUOTE',
      language: 'en',
      speakerId: medinsky.id,
      saidOn: { date: '2025-06-03', precision: 'DAY' },
      citations: [{ sourceId: createSource.source.id, excerpt: '"The exchange will start next weekend," Medinsky said.', isPrimary: true }],
      topics: ['prisoner-exchange'],
      positions: [{ claimId: createClaim.claim.id, stance: 'ASSERTS' }],
    },
  );
  const statement = createStatement.statement;
  expect(statement).toMatchObject({
    kind: 'QUOTE',
    saidOn: { date: '2025-06-03', precision: 'DAY' },
    speaker: { name: 'Vladimir Medinsky' },
    version: 1,
    citations: [{ isPrimary: true, source: { url: 'https://www.bbc.com/news/live/medinsky-briefing' } }],
    positions: { edges: [{ node: { stance: 'ASSERTS', claim: { text: 'A second prisoner exchange will take place within a week' } } }] },
  });

  const { linkStatements } = await write(
    `mutation($input: LinkStatementsInput!) { linkStatements(input: $input) { relation { id kind status from { id } to { id } } } }`,
    { fromId: statement.id, toId: earlier.edges[0].node.id, kind: 'CLARIFIES', note: 'Gives the timeline the first briefing lacked.' },
  );
  expect(linkStatements.relation).toMatchObject({ kind: 'CLARIFIES', status: 'CONFIRMED', from: { id: statement.id } });

  // The typo fix: carries the version read, bumps it, and the history shows before and after.
  const { updateStatement } = await write(
    `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { statement { text version } } }`,
    { id: statement.id, version: 1, text: 'The exchange will start next weekend!' },
  );
  expect(updateStatement.statement).toEqual({ text: 'The exchange will start next weekend!', version: 2 });

  const { statement: withHistory } = await find(
    `query($id: ID!) { statement(id: $id) { revisions { totalCount edges { node { action actor at before after } } } } }`,
    { id: statement.id },
  );
  expect(withHistory.revisions.totalCount).toBe(2);
  const [update, create] = withHistory.revisions.edges.map((e: any) => e.node);
  expect(create).toMatchObject({ action: 'CREATE', actor: 'desk-editor', before: null });
  expect(update).toMatchObject({ action: 'UPDATE', actor: 'desk-editor' });
  expect(update.before.text).toBe('The exchange will start next weekend.');
  expect(update.after.text).toBe('The exchange will start next weekend!');
  expect(update.after.citations).toHaveLength(1);
  expect(new Date(update.at).getTime()).toBeGreaterThan(Date.now() - 60_000);
  // A new statement's picture names what it points at by ID, with the same fields as an edit's.
  expect(create.after).toMatchObject({
    text: 'The exchange will start next weekend.',
    kind: 'QUOTE',
    version: 1,
    speaker: decodeId(medinsky.id, 'id').id,
    onBehalfOf: null,
    saidOn: { date: '2025-06-03', precision: 'DAY', inferred: false },
    citations: [{ sourceId: decodeId(createSource.source.id, 'id').id, isPrimary: true, excerpt: expect.stringContaining('next weekend') }],
    topicIds: [expect.any(String)],
    mentionIds: [],
  });
  expect(Object.keys(create.after).sort()).toEqual(Object.keys(update.before).sort());
  expect(update.before.createdAt).toBe(create.after.createdAt);
});

it('marks a misattributed quote with its evidence: hidden from lists, kept, and explained', async () => {
  const { statements } = await find(`{ statements(filter: { speakerName: "Leavitt", kind: QUOTE }) { edges { node { id } } } }`);
  const id = statements.edges[0].node.id;
  const { setAttributionStatus } = await write(
    `mutation($input: SetAttributionStatusInput!) { setAttributionStatus(input: $input) { statement { attributionStatus attributionNote } } }`,
    { statementId: id, status: 'MISATTRIBUTED', reason: 'The White House transcript gives these words to a reporter.' },
  );
  expect(setAttributionStatus.statement.attributionStatus).toBe('MISATTRIBUTED');

  const hidden = await find(`{ statements(filter: { speakerName: "Leavitt", kind: QUOTE }) { totalCount } }`);
  expect(hidden.statements.totalCount).toBe(0);
  const shown = await find(
    `{ statements(filter: { speakerName: "Leavitt", attributionStatus: [MISATTRIBUTED] }) { edges { node { id attributionNote } } } }`,
  );
  expect(shown.statements.edges).toEqual([{ node: { id, attributionNote: expect.stringMatching(/transcript/) } }]);
});

it('merges two records of the same person: aliases and statements move, the old ID resolves to the survivor', async () => {
  const { createPerson } = await write(`mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } } }`, {
    name: 'V. Zelenskyy',
    aliases: ['Zelenskiy'],
  });
  const duplicate = createPerson.person.id;
  const { speakers } = await find(`{ speakers(filter: { name: "Volodymyr Zelensky" }) { edges { node { id } } } }`);
  const zelensky = speakers.edges[0].node.id;
  const before = await find(`query($id: ID!) { speaker(id: $id) { statements { totalCount } } }`, { id: zelensky });

  await write(`mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id } } }`, {
    text: 'We are ready for a meeting.',
    kind: 'QUOTE',
    speakerId: duplicate,
    saidOn: { date: '2025-06' },
  });
  const { mergeSpeakers } = await write(
    `mutation($input: MergeSpeakersInput!) { mergeSpeakers(input: $input) { speaker { id name aliases { edges { node } } statements { totalCount } } } }`,
    { keepId: zelensky, mergeId: duplicate },
  );
  expect(mergeSpeakers.speaker.name).toBe('Volodymyr Zelensky');
  expect(mergeSpeakers.speaker.aliases.edges.map((e: any) => e.node)).toEqual(expect.arrayContaining(['V. Zelenskyy', 'Zelenskiy']));
  expect(mergeSpeakers.speaker.statements.totalCount).toBe(before.speaker.statements.totalCount + 1);

  const { node } = await find(`query($id: ID!) { node(id: $id) { id ... on Person { name } } }`, { id: duplicate });
  expect(node).toEqual({ id: zelensky, name: 'Volodymyr Zelensky' });
  // Filters take the old ID too, and the moved statement has a new version and a revision saying why.
  const { statements } = await find(
    `query($ids: [ID!]) { statements(first: 100, filter: { speakerIds: $ids }) { totalCount edges { node { text version revisions(first: 1) { edges { node { action after } } } } } } }`,
    { ids: [duplicate] },
  );
  expect(statements.totalCount).toBe(before.speaker.statements.totalCount + 1);
  const moved = statements.edges.find((e: any) => e.node.text === 'We are ready for a meeting.').node;
  expect(moved.version).toBe(2);
  expect(moved.revisions.edges[0].node).toMatchObject({ action: 'UPDATE', after: { mergedFrom: expect.any(String) } });
  const { speaker } = await find(`query($id: ID!) { speaker(id: $id) { revisions(first: 100) { edges { node { action } } } } }`, {
    id: zelensky,
  });
  expect(speaker.revisions.edges.map((e: any) => e.node.action)).toEqual(expect.arrayContaining(['MERGE', 'DELETE', 'CREATE']));
});

it('lists the whole history, newest first, filterable by author', async () => {
  const { revisions } = await find(
    `{ revisions(first: 100, filter: { actor: "desk-editor" }) { totalCount edges { node { entityType action at } } } }`,
  );
  expect(revisions.totalCount).toBeGreaterThanOrEqual(8);
  const times = revisions.edges.map((e: any) => new Date(e.node.at).toISOString());
  expect([...times].sort().reverse()).toEqual(times);
  expect(new Set(revisions.edges.map((e: any) => e.node.entityType))).toEqual(
    new Set(['Source', 'Claim', 'Statement', 'Position', 'StatementRelation', 'Person']),
  );
});

it('stops counting a counter-claim once it is marked misattributed', async () => {
  const TRUCE = `{ statements(filter: { speakerName: "Russian delegation", text: "truce", hasCounterClaims: true }) { totalCount } }`;
  expect((await find(TRUCE)).statements.totalCount).toBe(1);
  const { statements } = await find(`{ statements(filter: { text: "prevent more deaths" }) { edges { node { id } } } }`);
  await write(`mutation($input: SetAttributionStatusInput!) { setAttributionStatus(input: $input) { statement { id } } }`, {
    statementId: statements.edges[0].node.id,
    status: 'RETRACTED',
    reason: 'Test: the post was withdrawn.',
  });
  expect((await find(TRUCE)).statements.totalCount).toBe(0);
});
