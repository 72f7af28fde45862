import { Role } from '../../src/modules/auth/role';
import { createTestApp, type TestApp } from '../helpers/test-app';

// Sides on a claim count for whom a statement speaks for (its `onBehalfOf`, else its speaker): a spokesperson's
// words are her president's position, a delegate's the delegation's. On the demo data, then on a record written
// through the API in which one person turns against a claim and back.

let t: TestApp;
let key: string;
beforeAll(async () => {
  t = await createTestApp();
  key = await t.key(Role.EDITOR, 'principals-editor');
});
afterAll(() => t.close());

const names = (connection: { edges: { node: { name: string } }[] }) => connection.edges.map((e) => e.node.name);

const read = (query: string, variables: Record<string, unknown> = {}) => t.data(query, variables);

const write = (query: string, input: Record<string, unknown>) => t.data(query, { input }, { key });

const SIDES = `query($text: String) {
  claims(filter: { text: $text }, first: 2) { edges { node { text
    supporters { totalCount edges { node { name } } }
    opponents { totalCount edges { node { name } } }
    positions { edges { node { stance side speaker { name } onBehalfOf { name } } } }
  } } }
}`;

it('counts a spokesperson’s position for the one she spoke for, and shows both', async () => {
  const { claims } = await read(SIDES, { text: 'three-way summit' });
  const [claim] = claims.edges.map((e: any) => e.node);
  expect(claim.text).toMatch(/three-way summit/);
  expect(names(claim.supporters)).toEqual(['Donald Trump']);
  expect(claim.opponents.totalCount).toBe(0);
  expect(claim.positions.edges.map((e: any) => e.node)).toEqual([
    { stance: 'ACCEPTS', side: 'FOR', speaker: { name: 'Karoline Leavitt' }, onBehalfOf: { name: 'Donald Trump' } },
  ]);
});

it('answers "who demanded Ukraine withdraw" with the Kremlin, not the media that voiced it', async () => {
  const { claims } = await read(SIDES, { text: 'withdraw' });
  const claim = claims.edges.map((e: any) => e.node).find((c: any) => /withdraw/i.test(c.text));
  expect(names(claim.supporters)).toEqual(['Kremlin']);
  // Ukraine calls Russia's demands tantamount to surrender, but the article does not say which: no side is invented.
  expect(names(claim.opponents)).toEqual([]);
  const demand = claim.positions.edges.map((e: any) => e.node).find((p: any) => p.stance === 'DEMANDS');
  expect(demand).toMatchObject({ speaker: { name: 'Russian state media' }, onBehalfOf: { name: 'Kremlin' } });
});

it('lists the claims a speaker took sides on, their spokespeople’s included, newest first', async () => {
  const query = `query($name: String) { speakers(filter: { name: $name }, first: 1) { edges { node { name
    claims { totalCount edges { node { stance claim { text } speaker { name } statement { saidOn { date precision } } } } }
  } } } }`;
  const trump = (await read(query, { name: 'Donald Trump' })).speakers.edges[0].node;
  expect(trump.claims.totalCount).toBe(2);
  const positions = trump.claims.edges.map((e: any) => e.node);
  expect(positions.map((p: any) => p.speaker.name)).toEqual(['Karoline Leavitt', 'Karoline Leavitt']);
  expect(positions.map((p: any) => p.claim.text).join(' | ')).toMatch(/three-way summit/);
  expect(positions.map((p: any) => p.statement.saidOn)).toEqual([
    { date: '2025-06-02', precision: 'DAY' },
    { date: '2025-06-02', precision: 'DAY' },
  ]);
  // Her words were his position, not hers.
  const leavitt = (await read(query, { name: 'Karoline Leavitt' })).speakers.edges[0].node;
  expect(leavitt.claims.totalCount).toBe(0);
});

it('finds a speaker on both sides of a claim at different times, and does not call it a dispute', async () => {
  const person = `mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } } }`;
  const { createPerson: turncoat } = await write(person, { name: 'Weathervane Minister' });
  const { createPerson: aide } = await write(person, { name: 'Weathervane Aide' });
  const { createPerson: rival } = await write(person, { name: 'Steady Rival' });
  const { createClaim } = await write(`mutation($input: CreateClaimInput!) { createClaim(input: $input) { claim { id } } }`, {
    text: 'The bridge toll will be abolished',
  });
  const claimId = createClaim.claim.id;
  const statement = async (speakerId: string, date: string, stance: string, onBehalfOfId?: string) =>
    (
      await write(`mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id } } }`, {
        text: `On the bridge toll (${date}, ${stance})`,
        kind: 'PARAPHRASE',
        speakerId,
        onBehalfOfId,
        saidOn: { date },
        positions: [{ claimId, stance }],
      })
    ).createStatement.statement.id;
  const first = await statement(turncoat.person.id, '2024-01', 'ASSERTS');
  const second = await statement(turncoat.person.id, '2025-03-10', 'DENIES');
  const third = await statement(aide.person.id, '2025-05-02', 'DEMANDS', turncoat.person.id);

  const query = `query($id: ID!) { speaker(id: $id) { selfContradictions {
    totalCount
    edges { node { claim { id }
      earlier { stance side statement { id saidOn { date precision } } }
      later { stance side speaker { name } onBehalfOf { name } statement { id saidOn { date } } } } }
  } } }`;
  const { speaker } = await read(query, { id: turncoat.person.id });
  expect(speaker.selfContradictions.totalCount).toBe(2);
  const pairs = speaker.selfContradictions.edges.map((e: any) => e.node);
  // The most recent turn first: back for it (through his aide) after having denied it, which he did after asserting it.
  expect(pairs.map((p: any) => [p.earlier.statement.id, p.later.statement.id])).toEqual([
    [second, third],
    [first, second],
  ]);
  expect(pairs[0]).toMatchObject({
    claim: { id: claimId },
    earlier: { stance: 'DENIES', side: 'AGAINST', statement: { saidOn: { date: '2025-03-10', precision: 'DAY' } } },
    later: { stance: 'DEMANDS', side: 'FOR', speaker: { name: 'Weathervane Aide' }, onBehalfOf: { name: 'Weathervane Minister' } },
  });
  expect(pairs[1].earlier.statement.saidOn).toEqual({ date: '2024-01', precision: 'MONTH' });

  // His aide spoke for him: she has no position of her own, so no contradiction either.
  const aideAnswer = await read(query, { id: aide.person.id });
  expect(aideAnswer.speaker.selfContradictions.totalCount).toBe(0);

  // One principal on both sides is a self-contradiction, not a dispute; a second speaker against makes it one.
  const disputed = async () =>
    (await read(`{ disputes(first: 100) { edges { node { id } } } }`)).disputes.edges.some((e: any) => e.node.id === claimId);
  expect(await disputed()).toBe(false);
  await statement(rival.person.id, '2025-06-01', 'REJECTS');
  expect(await disputed()).toBe(true);
  const sides = await read(
    `query($id: ID!) { claim(id: $id) { supporters { edges { node { name } } } opponents { edges { node { name } } } } }`,
    {
      id: claimId,
    },
  );
  expect(names(sides.claim.supporters)).toEqual(['Weathervane Minister']);
  expect(names(sides.claim.opponents)).toEqual(['Weathervane Minister', 'Steady Rival']);
});
