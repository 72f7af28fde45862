import { encodeId } from '../../src/shared/global-id';
import { createTestApp, type TestApp } from '../helpers/test-app';

// A filter that cannot match because it names nothing is a mistake to point out, not an empty answer: "nobody
// said anything about it" would be a false statement about the record.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('refuses an unknown topic slug and names the closest ones', async () => {
  for (const [typed, meant] of [
    ['cease-fire', 'ceasefire'],
    ['prisoner-exchanges', 'prisoner-exchange'],
  ]) {
    const { data, errors } = await t.gql(`query($topics: [String!]) { statements(filter: { topics: $topics }) { totalCount } }`, {
      topics: [typed],
    });
    expect(data).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'filter.topics' } });
    expect(errors![0].message).toContain(`Did you mean "${meant}"`);
  }
});

it('refuses an ID that is no record, saying which, and still answers for one that is', async () => {
  const query = `query($ids: [ID!]) { statements(filter: { speakerIds: $ids }) { totalCount } }`;
  const nobody = encodeId('Person', '00000000-0000-4000-8000-000000000001');
  const refused = await t.gql(query, { ids: [nobody] });
  expect(refused.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'filter.speakerIds' } });
  expect(refused.errors![0].message).toContain(nobody);

  const { data } = await t.gql(`{ speakers(filter: { name: "Medinsky" }) { edges { node { id } } } }`);
  const medinsky = data.speakers.edges[0].node.id;
  const answered = await t.gql(query, { ids: [medinsky] });
  expect(answered.errors).toBeUndefined();
  expect(answered.data.statements.totalCount).toBe(2);
});
