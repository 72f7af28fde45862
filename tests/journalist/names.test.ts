import { Role } from '../../src/modules/auth/role';
import { createTestApp, type TestApp } from '../helpers/test-app';

// Names as journalists type them: Latin or Cyrillic, any of the usual transliterations, any case, accents or
// not, part of the name, one letter wrong. The demo record holds "Volodymyr Zelensky" (aliases "Zelenskyy",
// "Volodymyr Zelenskiy", "Володимир Зеленський"), "Vladimir Medinsky" ("Владимир Мединский") and "Rustem Umerov".

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const SPEAKERS = `query($name: String) { speakers(filter: { name: $name }, first: 5) {
  totalCount edges { cursor node { name nameMatch } }
} }`;

async function found(name: string): Promise<{ name: string; nameMatch: number }[]> {
  const { data, errors } = await t.gql(SPEAKERS, { name });
  expect(errors).toBeUndefined();
  return data.speakers.edges.map((e: any) => e.node);
}

it.each([
  ['Zelenskyy', 'Volodymyr Zelensky'],
  ['Zelenskiy', 'Volodymyr Zelensky'],
  ['Зеленский', 'Volodymyr Zelensky'],
  ['Зеленський', 'Volodymyr Zelensky'],
  ['zelensky', 'Volodymyr Zelensky'],
  ['Zelenskij', 'Volodymyr Zelensky'],
  ['ZELENSKYI', 'Volodymyr Zelensky'],
  ['Medinskiy', 'Vladimir Medinsky'],
  ['Мединский', 'Vladimir Medinsky'],
  ['Medínsky', 'Vladimir Medinsky'],
  ['Umerov', 'Rustem Umerov'],
  ['Умеров', 'Rustem Umerov'],
])('"%s" finds %s, as a full match', async (typed, expected) => {
  const [best] = await found(typed);
  expect(best).toEqual({ name: expected, nameMatch: 1 });
});

it.each([
  ['Umerow', 'Rustem Umerov'],
  ['Zelenksy', 'Volodymyr Zelensky'],
  ['Medinksy', 'Vladimir Medinsky'],
  ['Kislitsa', 'Serhiy Kyslytsia'],
])('"%s" (a typo) still finds %s first', async (typed, expected) => {
  const [best] = await found(typed);
  expect(best.name).toBe(expected);
  expect(best.nameMatch).toBeGreaterThanOrEqual(0.5);
});

it('finds nobody for a name nobody has, and refuses nothing that merely has no letters to match', async () => {
  expect(await found('Tarkovsky')).toEqual([]);
  expect(await found('!!!')).toEqual([]);
  // LIKE's wildcard and escape are matched as the characters they are, not as "anything".
  for (const wild of ['%', '%%', '\\', '_%']) expect({ wild, found: await found(wild) }).toEqual({ wild, found: [] });
});

it('reads a name of one or two letters as a whole word of a name, not as a part of every name', async () => {
  const key = await t.key(Role.EDITOR, 'names-short');
  await t.data(
    `mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } } }`,
    { input: { name: 'Xi Jinping' } },
    { key },
  );
  expect(await found('Xi')).toEqual([{ name: 'Xi Jinping', nameMatch: 1 }]);
  // Zelensky begins with "Ze", Medinsky and Umerov hold an "m"; none of them is named that.
  expect(await found('Ze')).toEqual([]);
  expect(await found('m')).toEqual([]);
});

it('forgives a typo in the letters of a name, not in its numbers', async () => {
  const key = await t.key(Role.EDITOR, 'names-numbers');
  for (const name of ['Brigade 47', 'Brigade 12', 'Brigade 1000']) {
    const { errors } = await t.gql(
      `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } } }`,
      { input: { name } },
      { key },
    );
    expect(errors).toBeUndefined();
  }
  // "Brigada 47" is one letter off "Brigade 47" and as far from the others, whose numbers differ.
  expect((await found('Brigada 47')).map((s) => s.name)).toEqual(['Brigade 47']);
  expect((await found('Brigada 1000')).map((s) => s.name)).toEqual(['Brigade 1000']);
  expect((await found('Бригада 12')).map((s) => s.name)).toEqual(['Brigade 12']);
  // Without a number, all three are alike.
  expect((await found('Brigada')).map((s) => s.name).sort()).toEqual(['Brigade 1000', 'Brigade 12', 'Brigade 47']);
});

it('ranks the closer name first and pages through the ranking with cursors', async () => {
  const key = await t.key(Role.EDITOR, 'names-editor');
  const create = `mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } } }`;
  for (const name of ['Anna Petrenko', 'Anna Petrenkova', 'Hanna Petrenko-Bilyk', 'Ganna Petrenk\u043e']) {
    const { errors } = await t.gql(create, { input: { name } }, { key });
    expect(errors).toBeUndefined();
  }
  // The exact name first, then the others by how much of the name they share.
  const ranked = await found('Petrenkova');
  expect(ranked[0]).toEqual({ name: 'Anna Petrenkova', nameMatch: 1 });
  expect(ranked.map((s) => s.name)).toEqual(expect.arrayContaining(['Anna Petrenko', 'Hanna Petrenko-Bilyk']));
  expect(ranked.slice(1).every((s) => s.nameMatch < 1)).toBe(true);
  expect(ranked.map((s) => s.nameMatch)).toEqual([...ranked.map((s) => s.nameMatch)].sort((a, b) => b - a));

  // Equally good matches (the whole word "petrenko", once spelt with a Cyrillic "о") come by name.
  const all = await found('Petrenko');
  expect(all.slice(0, 2)).toEqual([
    { name: 'Anna Petrenko', nameMatch: 1 },
    { name: 'Ganna Petrenk\u043e', nameMatch: 1 },
  ]);
  expect(all.map((s) => s.name)).toEqual(expect.arrayContaining(['Anna Petrenkova', 'Hanna Petrenko-Bilyk']));

  const page = `query($after: String) { speakers(filter: { name: "Petrenko" }, first: 2, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }`;
  const first = await t.gql(page, { after: null });
  const second = await t.gql(page, { after: first.data.speakers.pageInfo.endCursor });
  expect(second.errors).toBeUndefined();
  const names = [...first.data.speakers.edges, ...second.data.speakers.edges].map((e: any) => e.node.name);
  expect(names).toEqual(all.map((s) => s.name).slice(0, 4));
  expect(first.data.speakers.totalCount).toBe(all.length);
});

it('finds statements by their speaker’s name in any spelling', async () => {
  const query = `query($name: String) { statements(filter: { speakerName: $name }) { totalCount edges { node { speaker { name } } } } }`;
  for (const name of ['Зеленский', 'Zelenskiy', 'zelenskij']) {
    const { data, errors } = await t.gql(query, { name });
    expect(errors).toBeUndefined();
    expect(data.statements.totalCount).toBeGreaterThan(0);
    expect(new Set(data.statements.edges.map((e: any) => e.node.speaker.name))).toEqual(new Set(['Volodymyr Zelensky']));
  }
});
