import { Role } from '../../src/modules/auth/role';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let editor: string;
beforeAll(async () => {
  t = await createTestApp();
  editor = await t.key(Role.EDITOR);
});
afterAll(() => t.close());

const CREATE = `mutation($input: CreateSourceInput!) { createSource(input: $input) { source { id url title version publisher { name } } } }`;

it('adds a source with a normalised URL and leaves a revision', async () => {
  const revisions = await t.count('revision');
  const { data, errors } = await t.gql(
    CREATE,
    { input: { url: 'HTTPS://Example.ORG/news/story/?utm_source=x&b=2&a=1#top', title: 'A story' } },
    { key: editor },
  );
  expect(errors).toBeUndefined();
  expect(data.createSource.source).toMatchObject({ url: 'https://example.org/news/story?a=1&b=2', title: 'A story', version: 1 });
  expect(await t.count('revision')).toBe(revisions + 1);
});

it('refuses the same page under another spelling of its URL', async () => {
  await t.gql(CREATE, { input: { url: 'https://example.org/dup', title: 'First' } }, { key: editor });
  const sources = await t.count('source');
  const { errors } = await t.gql(CREATE, { input: { url: 'https://EXAMPLE.org/dup/?fbclid=123', title: 'Second' } }, { key: editor });
  expect(errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'url' });
  expect(await t.count('source')).toBe(sources);
});

it('keeps exactly one row when 10 editors add the same URL at once', async () => {
  const url = 'https://example.org/race';
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => t.gql(CREATE, { input: { url: `${url}?utm_medium=${i}`, title: `Race ${i}` } }, { key: editor })),
  );
  const ok = results.filter((r) => !r.errors);
  expect(ok).toHaveLength(1);
  for (const r of results.filter((r) => r.errors)) expect(r.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'url' });
  const { data } = await t.gql(`{ sources(filter: { title: "Race" }) { totalCount } }`);
  expect(data.sources.totalCount).toBe(1);
});
