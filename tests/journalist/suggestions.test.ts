import { Role } from '../../src/modules/auth/role';
import { createTestApp, type TestApp } from '../helpers/test-app';

// Suggested links stay apart from confirmed facts: `similar` lists statements worded alike, `suggestRelations`
// stores SUGGESTED links, and neither changes counter-claims, supporting statements or the default `relations`
// until an editor confirms.

let t: TestApp;
let key: string;
beforeAll(async () => {
  t = await createTestApp();
  key = await t.key(Role.EDITOR, 'suggestions-editor');
});
afterAll(() => t.close());

const write = (query: string, input: Record<string, unknown>) => t.data(query, { input }, { key });

const read = (query: string, variables: Record<string, unknown> = {}) => t.data(query, variables);

const person = async (name: string) =>
  (await write(`mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } } }`, { name })).createPerson.person.id;

const statement = async (speakerId: string, text: string, date: string) =>
  (
    await write(`mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id } } }`, {
      text,
      kind: 'QUOTE',
      speakerId,
      saidOn: { date },
    })
  ).createStatement.statement.id;

it('lists statements worded alike, stores suggestions apart, and counts them only once confirmed', async () => {
  const mayor = await person('Suggestion Mayor');
  const rival = await person('Suggestion Rival');
  const first = await statement(mayor, 'The harbour tunnel will open to traffic before the winter floods arrive.', '2024-09-01');
  const repeat = await statement(mayor, 'The harbour tunnel will open to traffic before the winter floods.', '2024-10-15');
  const echo = await statement(rival, 'Yes, the harbour tunnel will open to traffic before the winter.', '2024-10-20');
  const unrelated = await statement(rival, 'School meals will be free from next September.', '2024-10-21');

  const SIMILAR = `query($id: ID!) { statement(id: $id) { similar(first: 10) { totalCount edges { node { id textMatch } } } } }`;
  const similar = (await read(SIMILAR, { id: first })).statement.similar;
  const ids = similar.edges.map((e: any) => e.node.id);
  expect(ids.slice(0, 2)).toEqual([repeat, echo]);
  expect(ids).not.toContain(first);
  expect(ids).not.toContain(unrelated);
  const scores = similar.edges.map((e: any) => e.node.textMatch);
  expect(scores[0]).toBeGreaterThan(0.8);
  expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));

  const SUGGEST = `mutation($input: SuggestRelationsInput!) { suggestRelations(input: $input) {
    relations { id kind status from { id } to { id } } } }`;
  const { suggestRelations } = await write(SUGGEST, { statementId: first });
  expect(suggestRelations.relations.map((r: any) => [r.kind, r.status, r.from.id, r.to.id])).toEqual([
    ['REPEATS', 'SUGGESTED', first, repeat],
    ['SUPPORTS', 'SUGGESTED', first, echo],
  ]);
  // Asked again, nothing is added twice.
  expect((await write(SUGGEST, { statementId: first })).suggestRelations.relations).toEqual([]);

  // Not facts yet: the default relations and the supporting statements do not show them.
  const LINKS = `query($id: ID!) { statement(id: $id) {
    relations { totalCount }
    suggested: relations(status: [SUGGESTED]) { totalCount edges { node { id kind } } }
    both: relations(status: [CONFIRMED, SUGGESTED]) { totalCount }
  } }`;
  let links = (await read(LINKS, { id: first })).statement;
  expect(links.relations.totalCount).toBe(0);
  expect(links.suggested.totalCount).toBe(2);
  const SUPPORTED = `query($id: ID!) { statement(id: $id) {
    supportingStatements { totalCount }
    pending: supportingStatements(status: [SUGGESTED]) { totalCount edges { node { id } } }
  } }`;
  const supported = async () => (await read(SUPPORTED, { id: echo })).statement;
  const echoSupport = links.suggested.edges.find((e: any) => e.node.kind === 'SUPPORTS').node.id;
  expect((await supported()).supportingStatements.totalCount).toBe(0);
  // An editor sees what awaits confirmation by asking for it.
  expect((await supported()).pending).toEqual({ totalCount: 1, edges: [{ node: { id: first } }] });

  // Each suggestion was written with its revision.
  const { revisions } = await read(`query($id: ID!) { revisions(filter: { entityId: $id }) { totalCount edges { node { action } } } }`, {
    id: echoSupport,
  });
  expect(revisions.edges.map((e: any) => e.node.action)).toEqual(['CREATE']);

  await write(`mutation($input: RelationInput!) { confirmRelation(input: $input) { relation { status } } }`, { id: echoSupport });
  links = (await read(LINKS, { id: first })).statement;
  expect(links.relations.totalCount).toBe(1);
  expect(links.both.totalCount).toBe(2);
  // SUPPORTS points from the first statement to the echo: the echo is now supported by it.
  expect((await supported()).supportingStatements.totalCount).toBe(1);
  expect((await supported()).pending.totalCount).toBe(0);
});

it('keeps a suggested contradiction out of the counter-claims until an editor confirms it', async () => {
  const a = await person('Suggestion Minister');
  const b = await person('Suggestion Critic');
  const claim = await statement(a, 'Bread prices fell this spring.', '2024-05-01');
  const reply = await statement(b, 'Bread prices rose this spring.', '2024-05-02');
  const { linkStatements } = await write(
    `mutation($input: LinkStatementsInput!) { linkStatements(input: $input) { relation { id status } } }`,
    { fromId: reply, toId: claim, kind: 'CONTRADICTS', status: 'SUGGESTED' },
  );
  expect(linkStatements.relation.status).toBe('SUGGESTED');
  const COUNTER = `query($id: ID!) { statement(id: $id) {
    counterClaims { totalCount }
    pending: counterClaims(status: [SUGGESTED]) { totalCount edges { node { id } } }
    either: counterClaims(status: [CONFIRMED, SUGGESTED]) { totalCount }
    responses(status: [SUGGESTED]) { totalCount }
  } }`;
  expect((await read(COUNTER, { id: claim })).statement).toEqual({
    counterClaims: { totalCount: 0 },
    pending: { totalCount: 1, edges: [{ node: { id: reply } }] },
    either: { totalCount: 1 },
    responses: { totalCount: 0 },
  });
  await write(`mutation($input: RelationInput!) { confirmRelation(input: $input) { relation { status } } }`, {
    id: linkStatements.relation.id,
  });
  expect((await read(COUNTER, { id: claim })).statement).toEqual({
    counterClaims: { totalCount: 1 },
    pending: { totalCount: 0, edges: [] },
    either: { totalCount: 1 },
    responses: { totalCount: 0 },
  });
});
