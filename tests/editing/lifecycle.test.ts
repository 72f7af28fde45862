import { Role } from '../../src/modules/auth/role';
import { createTestApp, type TestApp } from '../helpers/test-app';

// Create, correct and delete each kind of record through GraphQL; each accepted write leaves exactly one
// revision (the statement, with its citations and positions, counts as one write per record touched).

let t: TestApp;
let key: string;
beforeAll(async () => {
  t = await createTestApp();
  key = await t.key(Role.EDITOR, 'lifecycle');
});
afterAll(() => t.close());

async function write(mutation: string, input: Record<string, unknown>, revisions = 1) {
  const before = await t.count('revision');
  const { data, errors } = await t.gql(mutation, { input }, { key });
  expect(errors).toBeUndefined();
  expect(await t.count('revision')).toBe(before + revisions);
  return Object.values(data as Record<string, Record<string, any>>)[0];
}

it('creates, corrects and deletes an organisation and a person with a role', async () => {
  const { organization } = await write(
    `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id version } } }`,
    {
      name: 'Ministry of Examples',
      country: 'ua',
    },
  );
  const { person } = await write(
    `mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id country affiliations { edges { node { id title organization { name } } } } } } }`,
    {
      name: 'Ivan Example',
      country: 'UA',
      affiliations: [{ organizationId: organization.id, title: 'Minister', startDate: '2024-01-01' }],
    },
    2,
  );
  expect(person.affiliations.edges).toEqual([
    { node: { id: expect.any(String), title: 'Minister', organization: { name: 'Ministry of Examples' } } },
  ]);

  const { speaker } = await write(
    `mutation($input: UpdateSpeakerInput!) { updateSpeaker(input: $input) { speaker { name aliases { totalCount edges { node } } version } } }`,
    {
      id: person.id,
      version: 1,
      name: 'Ivan Exampleson',
      aliases: ['I. Exampleson'],
    },
  );
  expect(speaker).toEqual({ name: 'Ivan Exampleson', aliases: { totalCount: 1, edges: [{ node: 'I. Exampleson' }] }, version: 2 });

  const { affiliation } = await write(
    `mutation($input: UpdateAffiliationInput!) { updateAffiliation(input: $input) { affiliation { title endDate version } } }`,
    {
      id: person.affiliations.edges[0].node.id,
      version: 1,
      endDate: '2025-01-01',
    },
  );
  expect(affiliation).toEqual({ title: 'Minister', endDate: '2025-01-01', version: 2 });
  const { affiliation: second } = await write(
    `mutation($input: CreateAffiliationInput!) { createAffiliation(input: $input) { affiliation { id title } } }`,
    {
      personId: person.id,
      organizationId: organization.id,
      title: 'Adviser',
    },
  );
  await write(`mutation($input: DeleteInput!) { deleteAffiliation(input: $input) { deletedId } }`, { id: second.id });
  // The person goes with their remaining role: two revisions.
  await write(`mutation($input: DeleteInput!) { deleteSpeaker(input: $input) { deletedId } }`, { id: person.id }, 2);
  // The ministry lost its last member with the person, so it can go too.
  await write(`mutation($input: DeleteInput!) { deleteSpeaker(input: $input) { deletedId } }`, { id: organization.id });
  expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: person.id })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
});

it('creates, corrects and deletes a source, an event, a topic and a claim', async () => {
  const { source } = await write(`mutation($input: CreateSourceInput!) { createSource(input: $input) { source { id kind } } }`, {
    url: 'https://example.org/transcript',
    title: 'Transcript',
    kind: 'TRANSCRIPT',
  });
  const { source: renamed } = await write(
    `mutation($input: UpdateSourceInput!) { updateSource(input: $input) { source { title url version } } }`,
    {
      id: source.id,
      version: 1,
      title: 'Full transcript',
      url: 'https://example.org/transcript/full/',
    },
  );
  expect(renamed).toEqual({ title: 'Full transcript', url: 'https://example.org/transcript/full', version: 2 });
  await write(`mutation($input: DeleteInput!) { deleteSource(input: $input) { deletedId } }`, { id: source.id });

  const { event } = await write(`mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id startDate endDate } } }`, {
    name: 'Press conference',
    kind: 'PRESS_CONFERENCE',
    startDate: '2025-06-03',
  });
  expect(event).toMatchObject({ startDate: '2025-06-03', endDate: '2025-06-03' });
  await write(`mutation($input: UpdateEventInput!) { updateEvent(input: $input) { event { location } } }`, {
    id: event.id,
    version: 1,
    location: 'Kyiv',
  });
  await write(`mutation($input: DeleteInput!) { deleteEvent(input: $input) { deletedId } }`, { id: event.id });

  const { topic } = await write(`mutation($input: CreateTopicInput!) { createTopic(input: $input) { topic { id slug } } }`, {
    slug: 'energy',
    name: 'Energy',
  });
  await write(`mutation($input: UpdateTopicInput!) { updateTopic(input: $input) { topic { name } } }`, {
    id: topic.id,
    version: 1,
    name: 'Energy supply',
  });

  const { claim } = await write(`mutation($input: CreateClaimInput!) { createClaim(input: $input) { claim { id } } }`, {
    text: 'Gas transit will end',
    topics: ['energy'],
  });
  const { claim: reworded } = await write(
    `mutation($input: UpdateClaimInput!) { updateClaim(input: $input) { claim { text version topics { slug } } } }`,
    {
      id: claim.id,
      version: 1,
      text: 'Gas transit through Ukraine will end',
      topics: [],
    },
  );
  expect(reworded).toEqual({ text: 'Gas transit through Ukraine will end', version: 2, topics: [] });
  await write(`mutation($input: DeleteInput!) { deleteClaim(input: $input) { deletedId } }`, { id: claim.id });
  await write(`mutation($input: DeleteInput!) { deleteTopic(input: $input) { deletedId } }`, { id: topic.id });
});

it('sets, changes and removes a position; reviews a claim; confirms and removes a link', async () => {
  const { data } = await t.gql(`{
    statements(first: 2, filter: { speakerName: "Kyslytsia" }) { edges { node { id } } }
    umerov: statements(first: 1, filter: { speakerName: "Umerov", text: "30-day" }) { edges { node { id } } }
    claims(filter: { text: "two-to-three-day truce" }) { edges { node { id } } }
    bbc: speakers(filter: { name: "BBC" }) { edges { node { id } } }
  }`);
  const statementId = data.statements.edges[0].node.id;
  const claimId = data.claims.edges[0].node.id;

  const { position } = await write(
    `mutation($input: SetPositionInput!) { setPosition(input: $input) { position { stance side speaker { name } } } }`,
    {
      statementId,
      claimId,
      stance: 'QUESTIONS',
    },
  );
  expect(position).toEqual({ stance: 'QUESTIONS', side: 'NEITHER', speaker: { name: 'Serhiy Kyslytsia' } });
  const { position: changed } = await write(
    `mutation($input: SetPositionInput!) { setPosition(input: $input) { position { stance side } } }`,
    {
      statementId,
      claimId,
      stance: 'REJECTS',
    },
  );
  expect(changed).toEqual({ stance: 'REJECTS', side: 'AGAINST' });
  // Two changes in one request: each payload shows its own result.
  const { data: twice } = await t.gql(
    `mutation($a: SetPositionInput!, $b: SetPositionInput!) { a: setPosition(input: $a) { position { stance } } b: setPosition(input: $b) { position { stance } } }`,
    { a: { statementId, claimId, stance: 'ACCEPTS' }, b: { statementId, claimId, stance: 'REJECTS' } },
    { key },
  );
  expect([twice.a.position.stance, twice.b.position.stance]).toEqual(['ACCEPTS', 'REJECTS']);
  const { data: after } = await t.gql(`query($id: ID!) { claim(id: $id) { opponents { edges { node { name } } } } }`, { id: claimId });
  expect(after.claim.opponents.edges.map((e: any) => e.node.name)).toContain('Serhiy Kyslytsia');
  const { statement: without } = await write(
    `mutation($input: RemovePositionInput!) { removePosition(input: $input) { statement { positions { edges { node { claim { id } } } } } } }`,
    { statementId, claimId },
  );
  expect(without.positions.edges.map((e: any) => e.node.claim.id)).not.toContain(claimId);

  const { claimReview } = await write(
    `mutation($input: ReviewClaimInput!) { reviewClaim(input: $input) { claimReview { id rating ratingLabel reviewer { name } claim { id } } } }`,
    { claimId, reviewerId: data.bbc.edges[0].node.id, ratingLabel: 'Misleading', rating: 'MISLEADING', reviewedOn: '2025-06-04' },
  );
  expect(claimReview).toMatchObject({ rating: 'MISLEADING', reviewer: { name: 'BBC' }, claim: { id: claimId } });
  await write(`mutation($input: UpdateClaimReviewInput!) { updateClaimReview(input: $input) { claimReview { rating } } }`, {
    id: claimReview.id,
    version: 1,
    rating: 'MIXED',
  });
  const { data: reviewed } = await t.gql(`query($id: ID!) { claim(id: $id) { reviews { totalCount edges { node { rating } } } } }`, {
    id: claimId,
  });
  expect(reviewed.claim.reviews).toEqual({ totalCount: 1, edges: [{ node: { rating: 'MIXED' } }] });
  await write(`mutation($input: DeleteInput!) { deleteClaimReview(input: $input) { deletedId } }`, { id: claimReview.id });

  const { relation } = await write(`mutation($input: LinkStatementsInput!) { linkStatements(input: $input) { relation { id status } } }`, {
    fromId: statementId,
    toId: data.umerov.edges[0].node.id,
    kind: 'SUPPORTS',
    status: 'SUGGESTED',
  });
  expect(relation.status).toBe('SUGGESTED');
  const { relation: confirmed } = await write(
    `mutation($input: RelationInput!) { confirmRelation(input: $input) { relation { status } } }`,
    { id: relation.id },
  );
  expect(confirmed.status).toBe('CONFIRMED');
  await write(`mutation($input: RelationInput!) { unlinkStatements(input: $input) { deletedId } }`, { id: relation.id });
});

it('deletes a statement (admins only) with its positions and links, each leaving a revision', async () => {
  const admin = await t.key(Role.ADMIN, 'lifecycle-admin');
  const { data } = await t.gql(`{
    speakers(filter: { name: "Umerov" }) { edges { node { id } } }
    claims(first: 1) { edges { node { id } } }
    statements(first: 1) { edges { node { id } } }
  }`);
  const { statement } = await write(
    `mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id } } }`,
    {
      text: 'To be deleted.',
      kind: 'PARAPHRASE',
      speakerId: data.speakers.edges[0].node.id,
      saidOn: { date: '2025' },
      positions: [{ claimId: data.claims.edges[0].node.id, stance: 'ASSERTS' }],
    },
    2,
  );
  const id = statement.id;
  await write(`mutation($input: LinkStatementsInput!) { linkStatements(input: $input) { relation { id } } }`, {
    fromId: id,
    toId: data.statements.edges[0].node.id,
    kind: 'REPEATS',
  });
  const before = await t.count('revision');
  const { errors } = await t.gql(`mutation($id: ID!) { deleteStatement(input: { id: $id }) { deletedId } }`, { id }, { key: admin });
  expect(errors).toBeUndefined();
  expect(await t.count('revision')).toBe(before + 3);
  const { data: history } = await t.gql(`query($id: ID!) { revisions(filter: { entityId: $id }) { edges { node { action before } } } }`, {
    id,
  });
  expect(history.revisions.edges[0].node).toMatchObject({ action: 'DELETE', before: { text: 'To be deleted.' } });
});
