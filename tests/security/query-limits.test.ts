import { getIntrospectionQuery } from 'graphql';
import { loadExamples } from '../../src/playground/playground';
import { createTestApp, serveHttp, type TestApp } from '../helpers/test-app';
import { HOSTILE_SHAPES, nestedHops } from './hostile-queries';

// Query cost is known before execution and bounded: every hostile shape is refused with HTTP 400, a documented
// code and the figure that was over the limit, without running a single SQL statement; every playground example
// and the playground's own introspection query still get through.

let t: TestApp;
let http: Awaited<ReturnType<typeof serveHttp>>;
let url: string;

beforeAll(async () => {
  t = await createTestApp();
  http = await serveHttp(t.app);
  url = `${http.base}/graphql`;
});
afterAll(async () => {
  await http.close();
  await t.close();
});

async function post(query: string, variables?: Record<string, unknown>) {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] };
  return { status: response.status, body, ms: performance.now() - started };
}

const FIGURES: Record<string, string> = {
  COST_LIMIT_EXCEEDED: 'cost',
  DEPTH_LIMIT_EXCEEDED: 'depth',
  ALIAS_LIMIT_EXCEEDED: 'aliases',
  DIRECTIVE_LIMIT_EXCEEDED: 'directives',
};

it('refuses every hostile shape before executing it, with its code and figures', async () => {
  const timings: string[] = [];
  let slowest = { name: '', ms: 0 };
  for (const shape of HOSTILE_SHAPES) {
    const sql = await t.countSql(async () => {
      const { status, body, ms } = await post(shape.query, shape.variables);
      expect({ shape: shape.name, status, code: body.errors?.[0]?.extensions.code }).toEqual({
        shape: shape.name,
        status: 400,
        code: shape.code,
      });
      expect(body.data).toBeUndefined();
      const extensions = body.errors![0].extensions;
      if (shape.code.endsWith('_LIMIT_EXCEEDED')) {
        expect(typeof extensions.max).toBe('number');
        expect(body.errors![0].message).toMatch(/at most/);
      }
      const figure = FIGURES[shape.code];
      if (figure) expect(extensions[figure] as number).toBeGreaterThan(extensions.max as number);
      timings.push(`${shape.name}: ${ms.toFixed(0)} ms`);
      if (ms > slowest.ms) slowest = { name: shape.name, ms };
    });
    expect(sql).toBe(0);
  }
  console.log(
    `hostile shapes refused: ${HOSTILE_SHAPES.length}/${HOSTILE_SHAPES.length}; slowest refusal ${slowest.ms.toFixed(0)} ms ` +
      `(${slowest.name})\n${timings.join('\n')}`,
  );
});

it('names the figures in a refusal: cost and limit', async () => {
  const { body } = await post(nestedHops(3));
  expect(body.errors![0].message).toMatch(/^This query would cost [\d,]+ points; at most 100,000 are allowed\./);
  expect(body.errors![0].extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED', max: 100_000 });
});

it('prices a query again for each page size its variables ask, whatever was asked before', async () => {
  // Costs are remembered per query text and variable shape; a cursor or an ID changes nothing, a page size does.
  const query = `query Nested($first: Int, $after: String) {
    statements(first: $first, after: $after) { edges { node { counterClaims(first: $first) { edges { node { id } } } } } }
  }`;
  const small = await post(query, { first: 5 });
  expect({ status: small.status, errors: small.body.errors }).toEqual({ status: 200, errors: undefined });
  const paged = await post(query, { first: 5, after: 'not a cursor' });
  expect(paged.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  const large = await post(query, { first: 400 });
  expect({ status: large.status, code: large.body.errors?.[0]?.extensions.code }).toEqual({ status: 400, code: 'COST_LIMIT_EXCEEDED' });
  const again = await post(query, { first: 400, after: 'not a cursor' });
  expect(again.body.errors?.[0]?.extensions.code).toBe('COST_LIMIT_EXCEEDED');
});

it('lets every playground example and the playground’s introspection query through', async () => {
  for (const example of loadExamples()) {
    const { status, body } = await post(example.query, example.variables ? JSON.parse(example.variables) : undefined);
    const codes = (body.errors ?? []).map((e) => e.extensions.code);
    expect(codes.filter((c) => String(c).endsWith('_LIMIT_EXCEEDED'))).toEqual([]);
    if (!example.query.includes('mutation'))
      expect({ example: example.name, status, errors: body.errors }).toEqual({ example: example.name, status: 200, errors: undefined });
  }
  const introspection = getIntrospectionQuery({
    descriptions: true,
    specifiedByUrl: true,
    directiveIsRepeatable: true,
    schemaDescription: true,
    inputValueDeprecation: true,
  });
  const { status, body } = await post(introspection);
  expect(status).toBe(200);
  expect((body.data as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(50);
});

it('takes its limits from the configuration', async () => {
  const strict = await createTestApp({ queryLimits: { maxCost: 30, maxDepth: 4, maxAliases: 1, maxDirectives: 0, maxTokens: 30 } });
  try {
    const cost = await strict.gql(`{ statements(first: 10) { edges { node { id text } } } }`);
    expect(cost.errors?.[0].extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED', max: 30 });
    const depth = await strict.gql(`{ statements(first: 1) { edges { node { speaker { name } } } } }`);
    expect(depth.errors?.[0].extensions).toMatchObject({ code: 'DEPTH_LIMIT_EXCEEDED', depth: 5, max: 4 });
    const aliases = await strict.gql(`{ a: statements(first: 1) { totalCount } b: statements(first: 1) { totalCount } }`);
    expect(aliases.errors?.[0].extensions).toMatchObject({ code: 'ALIAS_LIMIT_EXCEEDED', aliases: 2, max: 1 });
    const directives = await strict.gql(`{ __typename @include(if: true) }`);
    expect(directives.errors?.[0].extensions).toMatchObject({ code: 'DIRECTIVE_LIMIT_EXCEEDED', max: 0 });
    const tokens = await strict.gql(`{ ${'__typename '.repeat(40)} }`);
    expect(tokens.errors?.[0].extensions).toMatchObject({ code: 'TOKEN_LIMIT_EXCEEDED', max: 30 });
    const fine = await strict.gql(`{ statements(first: 1) { totalCount } }`);
    expect(fine.errors).toBeUndefined();
  } finally {
    await strict.close();
  }
});
