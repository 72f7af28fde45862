// Query shapes an outside auditor sent to the service, each of which once exhausted its memory or ran for
// seconds. Shared by the refusal test and the hostile-mix test.

const nest = (hops: number, inner: string): string =>
  hops === 0 ? inner : `statements(first: 100) { edges { node { speaker { ${nest(hops - 1, inner)} } } } }`;

/** statements(first: 100) → speaker → statements(first: 100) ..., `hops` times. */
export const nestedHops = (hops: number): string => `{ ${nest(hops, 'id')} }`;

/** Fragments that each double the work of the one before, over two aliased counterClaims. */
export function fragmentBomb(levels: number): string {
  const fragments = [`fragment F0 on Statement { id text }`];
  for (let i = 1; i <= levels; i++) {
    fragments.push(
      `fragment F${i} on Statement { a: counterClaims(first: 100) { edges { node { ...F${i - 1} } } } ` +
        `b: counterClaims(first: 100) { edges { node { ...F${i - 1} } } } }`,
    );
  }
  return `{ statements(first: 100) { edges { node { ...F${levels} } } } }\n${fragments.join('\n')}`;
}

export const manyAliases = (n: number): string =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: statements(first: 100) { edges { node { id text } } }`).join(' ')} }`;

export const manyDirectives = (n: number): string => `{ __typename ${'@include(if: true) '.repeat(n)} }`;

export const circularIntrospection = (depth: number): string => {
  let inner = 'name';
  for (let i = 0; i < depth; i++) inner = `fields { type { ${inner} } }`;
  return `{ __schema { types { ${inner} } } }`;
};

export const manyTokens = (n: number): string => `{ ${'__typename '.repeat(n)} }`;

/** Page sizes from variables count as much as literal ones. */
export const viaVariables = {
  query: `query($n: Int) { statements(first: $n) { edges { node { counterClaims(first: $n) { edges { node {
    counterClaims(first: $n) { edges { node { id text speaker { name } } } } } } } } } } }`,
  variables: { n: 100 },
};

/** The positions of a claim, each statement's counter-claims, and theirs: every list is now a bounded page. */
export const positionsFanOut = `{ claims(first: 100) { edges { node { positions(first: 100) { edges { node { statement {
  counterClaims(first: 100) { edges { node { counterClaims(first: 100) { totalCount edges { node { id } } } } } } } } } } } } } }`;

export interface HostileShape {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  code: string;
}

/** Every shape, with the code its refusal must carry. */
export const HOSTILE_SHAPES: HostileShape[] = [
  { name: '8 hops of statements → speaker → statements(first: 100)', query: nestedHops(8), code: 'DEPTH_LIMIT_EXCEEDED' },
  { name: '6 hops of statements → speaker → statements(first: 100)', query: nestedHops(6), code: 'DEPTH_LIMIT_EXCEEDED' },
  { name: '3 hops of statements → speaker → statements(first: 100)', query: nestedHops(3), code: 'COST_LIMIT_EXCEEDED' },
  { name: 'fragment bomb over two aliased counterClaims, 3 levels', query: fragmentBomb(3), code: 'COST_LIMIT_EXCEEDED' },
  { name: 'fragment bomb over two aliased counterClaims, 10 levels', query: fragmentBomb(10), code: 'DEPTH_LIMIT_EXCEEDED' },
  { name: 'page sizes passed as variables', ...viaVariables, code: 'COST_LIMIT_EXCEEDED' },
  { name: 'claims → positions → counterClaims → counterClaims at 100 each', query: positionsFanOut, code: 'COST_LIMIT_EXCEEDED' },
  { name: '10,000 aliases of statements(first: 100)', query: manyAliases(10_000), code: 'TOKEN_LIMIT_EXCEEDED' },
  { name: '200 aliases of statements(first: 100)', query: manyAliases(200), code: 'ALIAS_LIMIT_EXCEEDED' },
  { name: '5,000 directives', query: manyDirectives(5_000), code: 'TOKEN_LIMIT_EXCEEDED' },
  { name: '100 directives', query: manyDirectives(100), code: 'DIRECTIVE_LIMIT_EXCEEDED' },
  { name: 'circular introspection, 12 levels', query: circularIntrospection(12), code: 'DEPTH_LIMIT_EXCEEDED' },
  // graphql-js's own MaxIntrospectionDepthRule refuses this one, under its generic validation code.
  { name: 'circular introspection, 5 levels', query: circularIntrospection(5), code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: '20,000 tokens', query: manyTokens(20_000), code: 'TOKEN_LIMIT_EXCEEDED' },
];
