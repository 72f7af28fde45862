import { Role } from '../../src/modules/auth/role';
import { encodeId } from '../../src/shared/global-id';
import { createTestApp, type TestApp } from '../helpers/test-app';

// Every input rule a careful editor would expect: each bad input gets its code and names its field, and
// nothing at all is written (not even a revision).

let t: TestApp;
let key: string;
const ids: Record<string, string> = {};
const TABLES = [
  'statement',
  'citation',
  'position',
  'statement_relation',
  'speaker',
  'source',
  'claim',
  'topic',
  'event',
  'affiliation',
  'claim_review',
  'revision',
];
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1];

beforeAll(async () => {
  t = await createTestApp();
  key = await t.key(Role.EDITOR);
  const { data } = await t.gql(`{
    medinsky: speakers(filter: { name: "Medinsky" }) { edges { node { id } } }
    bbc: speakers(filter: { name: "BBC" }) { edges { node { id } } }
    statements(first: 2, filter: { speakerName: "Zelensky" }) { edges { node { id version } } }
    sources(first: 1) { edges { node { id } } }
    claims: disputes(first: 1) { edges { node { id } } }
    events(filter: { kind: NEGOTIATION }) { edges { node { id } } }
    topic(slug: "ceasefire") { id children(first: 1) { edges { node { id } } } }
    round: events(filter: { kind: NEGOTIATION_ROUND }) { edges { node { id } } }
    mentioned: speakers(filter: { name: "Putin" }) { edges { node { id } } }
    relations: statements(filter: { text: "prevent more deaths" }) { edges { node { id relations(first: 1, direction: OUTGOING) { edges { node { kind to { id } } } } } } }
  }`);
  ids.person = data.medinsky.edges[0].node.id;
  ids.org = data.bbc.edges[0].node.id;
  ids.statement = data.statements.edges[0].node.id;
  ids.statement2 = data.statements.edges[1].node.id;
  ids.source = data.sources.edges[0].node.id;
  ids.claim = data.claims.edges[0].node.id;
  ids.series = data.events.edges[0].node.id;
  ids.topic = data.topic.id;
  ids.subtopic = data.topic.children.edges[0].node.id;
  ids.round = data.round.edges[0].node.id;
  ids.mentioned = data.mentioned.edges[0].node.id;
  const [{ node: link }] = data.relations.edges[0].node.relations.edges;
  Object.assign(ids, { linkFrom: data.relations.edges[0].node.id, linkTo: link.to.id, linkKind: link.kind });
  const created = await t.gql(
    `mutation($input: CreateSourceInput!) { createSource(input: $input) { source { id } } }`,
    { input: { url: 'https://www.example.com/existing-page', title: 'Existing page' } },
    { key },
  );
  ids.source2 = created.data.createSource.source.id;
});
afterAll(() => t.close());

const statement = (overrides: Record<string, unknown> = {}) => ({
  text: 'A valid statement.',
  kind: 'QUOTE',
  speakerId: ids.person,
  saidOn: { date: '2025-06-02' },
  ...overrides,
});

const M = {
  createStatement: `mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id } } }`,
  updateStatement: `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { statement { id } } }`,
  createSource: `mutation($input: CreateSourceInput!) { createSource(input: $input) { source { id } } }`,
  createPerson: `mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } } }`,
  createOrganization: `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } } }`,
  createEvent: `mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id } } }`,
  updateClaim: `mutation($input: UpdateClaimInput!) { updateClaim(input: $input) { claim { id } } }`,
  updateTopic: `mutation($input: UpdateTopicInput!) { updateTopic(input: $input) { topic { id } } }`,
  createTopic: `mutation($input: CreateTopicInput!) { createTopic(input: $input) { topic { id } } }`,
  createClaim: `mutation($input: CreateClaimInput!) { createClaim(input: $input) { claim { id } } }`,
  link: `mutation($input: LinkStatementsInput!) { linkStatements(input: $input) { relation { id } } }`,
  merge: `mutation($input: MergeSpeakersInput!) { mergeSpeakers(input: $input) { speaker { id } } }`,
  attribution: `mutation($input: SetAttributionStatusInput!) { setAttributionStatus(input: $input) { statement { id } } }`,
  review: `mutation($input: ReviewClaimInput!) { reviewClaim(input: $input) { claimReview { id } } }`,
  deleteSpeaker: `mutation($input: DeleteInput!) { deleteSpeaker(input: $input) { deletedId } }`,
  deleteSource: `mutation($input: DeleteInput!) { deleteSource(input: $input) { deletedId } }`,
  deleteClaim: `mutation($input: DeleteInput!) { deleteClaim(input: $input) { deletedId } }`,
  deleteTopic: `mutation($input: DeleteInput!) { deleteTopic(input: $input) { deletedId } }`,
  deleteEvent: `mutation($input: DeleteInput!) { deleteEvent(input: $input) { deletedId } }`,
};

type Case = [name: string, mutation: string, input: () => Record<string, unknown>, code: string, field: string | undefined];

const cases: Case[] = [
  ['empty text', M.createStatement, () => statement({ text: '' }), 'BAD_USER_INPUT', 'text'],
  ['blank text', M.createStatement, () => statement({ text: ' \n\t ' }), 'BAD_USER_INPUT', 'text'],
  ['text over 10,000 characters', M.createStatement, () => statement({ text: 'x'.repeat(10_001) }), 'BAD_USER_INPUT', 'text'],
  ['a NUL character', M.createStatement, () => statement({ text: 'before\u0000after' }), 'BAD_USER_INPUT', 'text'],
  ['a control character in a name', M.createPerson, () => ({ name: 'Bell\u0007' }), 'BAD_USER_INPUT', 'name'],
  ['an unpaired surrogate', M.createStatement, () => statement({ text: 'broken \uD800 text' }), 'BAD_USER_INPUT', 'text'],
  [
    'a NUL inside a citation excerpt',
    M.createStatement,
    () => statement({ citations: [{ sourceId: ids.source, excerpt: 'a\u0000b' }] }),
    'BAD_USER_INPUT',
    'citations.0.excerpt',
  ],
  ['an impossible calendar date', M.createStatement, () => statement({ saidOn: { date: '2025-02-30' } }), 'BAD_USER_INPUT', 'saidOn.date'],
  ['a month 13', M.createStatement, () => statement({ saidOn: { date: '2025-13' } }), 'BAD_USER_INPUT', 'saidOn.date'],
  [
    'a date not at its precision',
    M.createStatement,
    () => statement({ saidOn: { date: '2025-05', precision: 'DAY' } }),
    'BAD_USER_INPUT',
    'saidOn.date',
  ],
  ['a date in words', M.createStatement, () => statement({ saidOn: { date: 'last month' } }), 'BAD_USER_INPUT', 'saidOn.date'],
  ['an impossible event date', M.createEvent, () => ({ name: 'Talks', startDate: '2025-04-31' }), 'BAD_USER_INPUT', 'startDate'],
  [
    'an event ending before it starts',
    M.createEvent,
    () => ({ name: 'Talks', startDate: '2025-06-02', endDate: '2025-06-01' }),
    'BAD_USER_INPUT',
    'endDate',
  ],
  ['an ftp URL', M.createSource, () => ({ url: 'ftp://files.example.org/a.txt', title: 'T' }), 'BAD_USER_INPUT', 'url'],
  ['a javascript: URL', M.createSource, () => ({ url: 'javascript:alert(1)', title: 'T' }), 'BAD_USER_INPUT', 'url'],
  ['a relative URL', M.createSource, () => ({ url: '/news/story', title: 'T' }), 'BAD_USER_INPUT', 'url'],
  [
    'a URL over 2,048 characters',
    M.createSource,
    () => ({ url: `https://example.org/${'a'.repeat(2050)}`, title: 'T' }),
    'BAD_USER_INPUT',
    'url',
  ],
  [
    'a URL already recorded, spelled differently',
    M.createSource,
    () => ({ url: 'https://WWW.example.com/existing-page/?utm_source=feed', title: 'T' }),
    'CONFLICT',
    'url',
  ],
  ['a malformed Wikidata ID', M.createPerson, () => ({ name: 'Someone', wikidataId: 'Q0' }), 'BAD_USER_INPUT', 'wikidataId'],
  ['a Wikidata ID that is not an item', M.createOrganization, () => ({ name: 'Org', wikidataId: 'P31' }), 'BAD_USER_INPUT', 'wikidataId'],
  ['a Wikidata ID already used', M.createPerson, () => ({ name: 'Another Trump', wikidataId: 'Q22686' }), 'CONFLICT', 'wikidataId'],
  ['a country that is not a code', M.createPerson, () => ({ name: 'Someone', country: 'Ukraine' }), 'BAD_USER_INPUT', 'country'],
  ['a language that is not a code', M.createStatement, () => statement({ language: 'English' }), 'BAD_USER_INPUT', 'language'],
  ['a slug with spaces', M.createTopic, () => ({ slug: 'Prisoner Exchange', name: 'P' }), 'BAD_USER_INPUT', 'slug'],
  ['a slug already used', M.createTopic, () => ({ slug: 'ceasefire', name: 'Ceasefire again' }), 'CONFLICT', 'slug'],
  ['an unknown topic', M.createClaim, () => ({ text: 'A claim', topics: ['no-such-topic'] }), 'BAD_USER_INPUT', 'topics'],
  ['an unknown speaker', M.createStatement, () => statement({ speakerId: encodeId('Person', UNKNOWN) }), 'NOT_FOUND', 'speakerId'],
  [
    'a Person ID that names an organisation',
    M.createStatement,
    () => statement({ speakerId: encodeId('Person', uuidOf(ids.org)) }),
    'NOT_FOUND',
    'speakerId',
  ],
  ['a claim ID given as speaker', M.createStatement, () => statement({ speakerId: ids.claim }), 'BAD_USER_INPUT', 'speakerId'],
  ['a malformed ID', M.createStatement, () => statement({ speakerId: 'medinsky' }), 'BAD_USER_INPUT', 'speakerId'],
  [
    'an unknown cited source',
    M.createStatement,
    () => statement({ citations: [{ sourceId: encodeId('Source', UNKNOWN) }] }),
    'NOT_FOUND',
    'citations.0.sourceId',
  ],
  [
    'one source cited twice',
    M.createStatement,
    () => statement({ citations: [{ sourceId: ids.source }, { sourceId: ids.source }] }),
    'BAD_USER_INPUT',
    'citations.1.sourceId',
  ],
  [
    'two primary citations',
    M.createStatement,
    () =>
      statement({
        citations: [
          { sourceId: ids.source, isPrimary: true },
          { sourceId: ids.source2, isPrimary: true },
        ],
      }),
    'BAD_USER_INPUT',
    'citations',
  ],
  [
    'an unknown claim in a position',
    M.createStatement,
    () => statement({ positions: [{ claimId: encodeId('Claim', UNKNOWN), stance: 'ASSERTS' }] }),
    'NOT_FOUND',
    'positions.0.claimId',
  ],
  [
    'a statement linked to itself',
    M.link,
    () => ({ fromId: ids.statement, toId: ids.statement, kind: 'SUPPORTS' }),
    'BAD_USER_INPUT',
    'toId',
  ],
  ['a duplicate link', M.link, () => ({ fromId: ids.linkFrom, toId: ids.linkTo, kind: ids.linkKind }), 'CONFLICT', 'toId'],
  ['merging a speaker into itself', M.merge, () => ({ keepId: ids.person, mergeId: ids.person }), 'BAD_USER_INPUT', 'mergeId'],
  ['merging an organisation into a person', M.merge, () => ({ keepId: ids.person, mergeId: ids.org }), 'BAD_USER_INPUT', 'mergeId'],
  [
    'a misattribution without a reason',
    M.attribution,
    () => ({ statementId: ids.statement, status: 'MISATTRIBUTED', reason: '  ' }),
    'BAD_USER_INPUT',
    'reason',
  ],
  ['a stale version', M.updateStatement, () => ({ id: ids.statement, version: 99, text: 'Late edit' }), 'CONFLICT', 'version'],
  [
    'removing the speaker of a statement',
    M.updateStatement,
    () => ({ id: ids.statement2, version: 1, speakerId: null }),
    'BAD_USER_INPUT',
    'speakerId',
  ],
  [
    'a review by a person',
    M.review,
    () => ({ claimId: ids.claim, reviewerId: ids.person, ratingLabel: 'False', rating: 'FALSE' }),
    'BAD_USER_INPUT',
    'reviewerId',
  ],
  ['deleting a speaker who made statements', M.deleteSpeaker, () => ({ id: ids.person }), 'CONFLICT', 'id'],
  ['deleting a source statements cite', M.deleteSource, () => ({ id: ids.source }), 'CONFLICT', 'id'],
  ['deleting a claim statements take sides on', M.deleteClaim, () => ({ id: ids.claim }), 'CONFLICT', 'id'],
  ['deleting a topic in use', M.deleteTopic, () => ({ id: ids.topic }), 'CONFLICT', 'id'],
  ['deleting an event with parts', M.deleteEvent, () => ({ id: ids.series }), 'CONFLICT', 'id'],
  ['deleting an event statements were made at', M.deleteEvent, () => ({ id: ids.round }), 'CONFLICT', 'id'],
  ['deleting a speaker statements mention', M.deleteSpeaker, () => ({ id: ids.mentioned }), 'CONFLICT', 'id'],
  ['clearing the text of a statement', M.updateStatement, () => ({ id: ids.statement2, version: 1, text: null }), 'BAD_USER_INPUT', 'text'],
  ['clearing the kind of a statement', M.updateStatement, () => ({ id: ids.statement2, version: 1, kind: null }), 'BAD_USER_INPUT', 'kind'],
  ['clearing the wording of a claim', M.updateClaim, () => ({ id: ids.claim, version: 1, text: null }), 'BAD_USER_INPUT', 'text'],
  ['a NUL in a topic slug list', M.createClaim, () => ({ text: 'A claim', topics: ['cease\u0000fire'] }), 'BAD_USER_INPUT', 'topics'],
  [
    'a topic under its own sub-topic',
    M.updateTopic,
    () => ({ id: ids.topic, version: 1, parentId: ids.subtopic }),
    'BAD_USER_INPUT',
    'parentId',
  ],
];

it.each(cases)('%s', async (_name, mutation, input, code, field) => {
  const before = await Promise.all(TABLES.map((table) => t.count(table)));
  const { data, errors } = await t.gql(mutation, { input: input() }, { key });
  expect(errors?.map((e) => e.extensions?.code)).toEqual([code]);
  if (field) expect(errors![0].extensions?.field).toBe(field);
  expect(errors![0].message.length).toBeGreaterThan(10);
  expect(data).toBeNull();
  expect(await Promise.all(TABLES.map((table) => t.count(table)))).toEqual(before);
});
