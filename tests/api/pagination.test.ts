import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const PAGE = `query($first: Int, $after: String, $last: Int, $before: String, $order: StatementOrder) {
  statements(first: $first, after: $after, last: $last, before: $before, orderBy: $order) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id saidOn { start } } }
  }
}`;

async function walk(variables: Record<string, unknown>, backward = false) {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 50; guard++) {
    const { data, errors }: { data?: any; errors?: unknown } = await t.gql(
      PAGE,
      backward ? { ...variables, last: 5, before: cursor } : { ...variables, first: 5, after: cursor },
    );
    expect(errors).toBeUndefined();
    const page: any = data.statements;
    const pageIds = page.edges.map((e: any) => e.node.id);
    if (backward) ids.unshift(...pageIds);
    else ids.push(...pageIds);
    const more = backward ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
    if (!more) return { ids, total: page.totalCount };
    cursor = backward ? page.pageInfo.startCursor : page.pageInfo.endCursor;
  }
  throw new Error('pagination did not end');
}

it('walks all statements forwards in pages, newest first, without gaps or repeats', async () => {
  const { data } = await t.gql(PAGE, { first: 100 });
  const all = data.statements.edges.map((e: any) => e.node);
  const starts = all.map((n: any) => n.saidOn.start);
  expect([...starts].sort().reverse()).toEqual(starts);

  const { ids, total } = await walk({});
  expect(ids).toEqual(all.map((n: any) => n.id));
  expect(new Set(ids).size).toBe(total);
});

it('walks backwards to the same order', async () => {
  const forward = await walk({});
  const backward = await walk({}, true);
  expect(backward.ids).toEqual(forward.ids);
});

it('pages by creation time in ascending order too', async () => {
  const order = { field: 'CREATED_AT', direction: 'ASC' };
  const { ids, total } = await walk({ order });
  expect(ids).toHaveLength(total);
  expect(new Set(ids).size).toBe(total);
});

it('rejects a cursor from another ordering', async () => {
  const { data } = await t.gql(PAGE, { first: 1 });
  const { errors } = await t.gql(`query($after: String) { speakers(after: $after) { totalCount } }`, {
    after: data.statements.pageInfo.endCursor,
  });
  expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
});
