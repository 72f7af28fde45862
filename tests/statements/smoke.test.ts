import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('lists statements', async () => {
  const res = await t.gql(`{ statements(first: 3) { totalCount edges { node { id text saidOn { date precision } speaker { name } } } } }`);
  console.log(JSON.stringify(res, null, 1));
  expect(res.errors).toBeUndefined();
});
