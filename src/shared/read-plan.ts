import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import {
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isObjectType,
  isInterfaceType,
  Kind,
  type FieldNode,
  type GraphQLField,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { namedStatementsOn, RAW_TIMESTAMP } from './loader-utils';
import type { Embedded, Leaf } from './response-sql';
import { createChildCountLoader, type ChildList } from './page-per-parent';
import { applyKeyset, cursorValues, parsePage, toConnection, type Page, type PageArgs, type SortKey } from './pagination';

// The read path's planner. A root field (`statements`, `speakers`, `statement(id)`...) looks ahead at its whole
// selection before anything resolves and compiles every relation the client asked for into its own SQL statement:
// to-one relations as correlated subqueries, lists and connections as LATERAL subqueries with their own keyset
// page and LIMIT, all aggregated into JSON by PostgreSQL (`json_build_array`/`json_agg`). The rows come back with
// their related rows attached (`__pre`, by response key), and `guardResolvers` hands those to graphql-js in place of
// the field's resolver. So a deep query costs one SQL statement (plus one per root `totalCount`), not one per level.
// Fields with no plan here (or whose arguments need their resolver's validation) resolve as before, through the
// request's DataLoaders, from the same rows.

/** Where a row's related rows travel, keyed by the response key of the field that asked for them. */
export const PREFETCHED = '__pre';

/** A table read for one family of GraphQL types (Speaker, Person and Organization share the speaker table). */
export interface RowFamily {
  /** The GraphQL object and interface types whose fields these rows serve. */
  types: readonly string[];
  /** Where the rows are of several object types: those types, and the SQL naming a row's type. */
  concrete?: readonly string[];
  typename?: Leaf;
  /** Fields read from the row itself, for the whole-response compiler (src/shared/response-sql.ts). */
  leaves?: Record<string, Leaf | Embedded>;
  /** One row by its id (a value, or a column of the enclosing row), with the columns its loader selects. */
  byId(db: Knex, id: Knex.Raw): Knex.QueryBuilder;
  /** How each relation field reads in SQL; fields not listed resolve through their resolvers. */
  fields: Record<string, FieldSql>;
}

export type FieldSql =
  /** A to-one relation: the row of `family` whose id is the property `by` of this row (null when that is null). */
  | { kind: 'one'; family: string; by: string }
  /** A short list read whole (at most a write limit's length); `order` sorts its rows, `$` standing for their alias. */
  | { kind: 'list'; family: string; rows(db: Knex): Knex.QueryBuilder; order: string }
  /**
   * A connection: a page per parent of `list`. `list` gets the field's arguments other than the page and answers
   * undefined when those need the resolver (validation, lookups), which then reads the field itself.
   */
  | { kind: 'connection'; family: string; list(args: Record<string, unknown>): ChildList | undefined }
  /**
   * A to-one relation whose row may be of several families (a search hit's record): the property `which` of this
   * row names the family (a key of `families`), `by` holds the id. Only the whole-response compiler reads it.
   */
  | { kind: 'oneOf'; which: string; by: string; families: Record<string, string> };

/** What one level of a response reads: the fields compiled into its SQL, in the order of `__pre`'s entries. */
export interface ObjectPlan {
  fields: FieldPlan[];
}

/** `key` is the response key (an alias or the field's name), `field` the field's name. */
type FieldPlan =
  | { key: string; field: string; kind: 'one'; plan: ObjectPlan }
  | { key: string; field: string; kind: 'list'; plan: ObjectPlan }
  | { key: string; field: string; kind: 'connection'; plan: ObjectPlan; list: ChildList; page: Page; paged: boolean; counted: boolean };

/** The SQL and bindings of a fragment, `?` standing for each binding (knex's raw form). */
export interface Sql {
  text: string;
  bindings: unknown[];
}

export const sqlOf = (qb: Knex.QueryBuilder): Sql => {
  const { sql, bindings } = qb.toSQL();
  return { text: sql, bindings: [...bindings] };
};

/** What compiling a selection needs of graphql-js's resolve info: the schema, fragments and variables. */
export type SelectionInfo = Pick<GraphQLResolveInfo, 'schema' | 'fragments' | 'variableValues'>;

export class ReadPlanner {
  constructor(private readonly families: Record<string, RowFamily>) {}

  /** The plan for the objects a root field returns (`statement(id)`), or undefined when nothing is to prefetch. */
  private objectPlan(info: GraphQLResolveInfo, family: string): ObjectPlan | undefined {
    return nonEmpty(this.plan(info, family, mergeSelections(info.fieldNodes)));
  }

  /** The plan for the nodes of a root connection field (`statements(...) { edges { node { ... } } }`). */
  private connectionPlan(info: GraphQLResolveInfo, family: string): ObjectPlan | undefined {
    const { nodes } = connectionSelection(info, info.fieldNodes, typeName(info.returnType));
    return nonEmpty(this.plan(info, family, nodes));
  }

  private plan(info: GraphQLResolveInfo, familyName: string, selections: SelectionSetNode[]): ObjectPlan {
    const family = this.familyOf(familyName);
    const grouped = new Map<string, FieldNode[]>();
    for (const set of selections) collectFields(info, set, (type) => family.types.includes(type) || type === 'Node', grouped);
    const fields: FieldPlan[] = [];
    for (const [key, nodes] of grouped) {
      const name = nodes[0].name.value;
      const spec = family.fields[name];
      // One response key may stand for different fields under different type conditions: left to the resolvers.
      if (!spec || spec.kind === 'oneOf' || nodes.some((n) => n.name.value !== name)) continue;
      const definition = fieldDefinition(info, family, name);
      if (!definition) continue;
      const args = sameArguments(info, definition, nodes);
      if (!args) continue;
      const children = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
      if (spec.kind !== 'connection') {
        fields.push({ key, field: name, kind: spec.kind, plan: this.plan(info, spec.family, children) } as FieldPlan);
        continue;
      }
      const { asked, rest } = splitPageArgs(args);
      const list = spec.list(rest);
      // A bad page argument is the resolver's to report, on this field alone.
      const page = list && pageFor(asked, list.keys);
      if (!list || !page) continue;
      const connection = connectionSelection(info, nodes, typeName(definition.type));
      fields.push({
        key,
        field: name,
        kind: 'connection',
        plan: this.plan(info, spec.family, connection.nodes),
        list,
        page,
        paged: connection.paged,
        counted: connection.counted,
      });
    }
    return { fields };
  }

  /** Reads the rows of a root connection's query with the relations its selection asks for. */
  connectionReader<T>(info: GraphQLResolveInfo, db: Knex, family: string): (qb: Knex.QueryBuilder) => Promise<T[]> {
    const plan = this.connectionPlan(info, family);
    return (qb) => this.rows<T>(db, qb, family, plan);
  }

  /**
   * Reads one row by id (a root field such as `statement(id)`) with the relations its selection asks for, through
   * `loader` when nothing is to plan or the id is not in the table (a merged-away speaker's redirect).
   */
  objectReader<T>(info: GraphQLResolveInfo, db: Knex, family: string, loader: { load(id: string): Promise<T | undefined> }) {
    const plan = this.objectPlan(info, family);
    if (!plan) return loader;
    return {
      load: async (id: string): Promise<T | undefined> => {
        const [row] = await this.rows<T>(db, this.familyOf(family).byId(db, db.raw('?::uuid', [id])), family, plan);
        return row ?? loader.load(id);
      },
    };
  }

  /** Runs a root query with every planned relation attached to its rows, as one named prepared statement. */
  private async rows<T>(db: Knex, qb: Knex.QueryBuilder, familyName: string, plan: ObjectPlan | undefined): Promise<T[]> {
    if (!plan) return qb;
    const family = this.familyOf(familyName);
    const root = sqlOf(qb);
    const extra = this.fieldsSql(db, family, plan, 'r0', { depth: 0 });
    const text = `select r0.*, json_build_array(${extra.map((e) => e.text).join(', ')}) as "${PREFETCHED}" from (${root.text}) as r0`;
    const bindings = [...extra.flatMap((e) => e.bindings), ...root.bindings];
    const rows = await queryRows<Record<string, unknown>>(db, text, bindings);
    for (const row of rows) attach(db, row, row[PREFETCHED] as unknown[], plan);
    return rows as T[];
  }

  private fieldsSql(db: Knex, family: RowFamily, plan: ObjectPlan, parent: string, state: { depth: number }): Sql[] {
    return plan.fields.map((field) => {
      const spec = family.fields[field.field];
      if (spec.kind === 'oneOf') throw new Error(`${field.key}: not planned`);
      const child = this.familyOf(spec.family);
      const alias = `r${++state.depth}`;
      const object = this.objectSql(db, child, field.plan, alias, state);
      if (spec.kind === 'one') return toOneSql(db, child, `${parent}."${spec.by}"`, alias, object);
      const parentId = `${parent}.id`;
      if (spec.kind === 'list') return shortListSql(db, spec, parentId, alias, object);
      if (field.kind !== 'connection') throw new Error(`${field.key}: a connection field planned as a list`);
      const { list, page } = field;
      // [page rows or null, count or null]: `{ totalCount }` alone reads no page, a page alone no count.
      const parts: Sql[] = [];
      if (field.paged) {
        const rows = pagedRows(db, list, page);
        const desc = list.descending !== page.backward ? 'desc' : 'asc';
        const order = list.keys.map((_, i) => `${alias}."__key${i}" ${desc}`).join(', ');
        parts.push(
          join(`(select coalesce(json_agg(${object.text} order by ${order}), '[]') from ${rowsFrom(parentId, rows.text, alias)})`, [
            ...object.bindings,
            ...rows.bindings,
          ]),
        );
      } else parts.push({ text: 'null', bindings: [] });
      if (field.counted) parts.push(countSql(childCount(db, list), parentId));
      return join(
        `json_build_array(${parts.map((p) => p.text).join(', ')})`,
        parts.flatMap((p) => p.bindings),
      );
    });
  }

  /** One row as JSON: the row alone, or `[row, ...its planned relations]`. */
  private objectSql(db: Knex, family: RowFamily, plan: ObjectPlan, alias: string, state: { depth: number }): Sql {
    if (!plan.fields.length) return { text: `row_to_json(${alias})`, bindings: [] };
    const fields = this.fieldsSql(db, family, plan, alias, state);
    return join(
      `json_build_array(row_to_json(${alias}), ${fields.map((f) => f.text).join(', ')})`,
      fields.flatMap((f) => f.bindings),
    );
  }

  familyOf(name: string): RowFamily {
    const family = this.families[name];
    if (!family) throw new Error(`No read plan for ${name}`);
    return family;
  }
}

/**
 * Knex builds each fragment's SQL anew on every call, which costs more Node CPU than anything else in a planned
 * request; a fragment that depends only on its list and page size is built once per process. `key` undefined (a
 * page after a client's cursor, whose values are bindings) is never kept; neither is more than a few per owner.
 */
const built = new WeakMap<object, Map<string, Sql>>();
export function memo(owner: object, key: string | undefined, build: () => Sql): Sql {
  if (key === undefined) return build();
  let byKey = built.get(owner);
  if (!byKey) built.set(owner, (byKey = new Map()));
  let sql = byKey.get(key);
  if (!sql) {
    sql = build();
    if (byKey.size < 64) byKey.set(key, sql);
  }
  return sql;
}

/**
 * The rows of a list, as a FROM item aliased `alias`: with `parentId` (the SQL of a parent row's id), those of that
 * parent, the list's SQL being correlated on `parent.id`; without it, a root list's rows.
 */
export const rowsFrom = (parentId: string | undefined, rows: string, alias: string): string =>
  parentId === undefined ? `(${rows}) as ${alias}` : `(select ${parentId} as id) as parent cross join lateral (${rows}) as ${alias}`;

/** The row of `child` that the SQL `ref` (a column of the enclosing row) points at, as `object` (over `alias`). */
export function toOneSql(db: Knex, child: RowFamily, ref: string, alias: string, object: Sql): Sql {
  const row = memo(child, ref, () => sqlOf(child.byId(db, db.raw(ref))));
  return join(`(select ${object.text} from (${row.text}) as ${alias})`, [...object.bindings, ...row.bindings]);
}

/**
 * A short list's rows for one parent, each as `object` (over `alias`), as a JSON array in the list's order
 * (`aggregate` makes the array: a json value by default).
 */
export function shortListSql(
  db: Knex,
  spec: FieldSql & { kind: 'list' },
  parentId: string,
  alias: string,
  object: Sql,
  aggregate = (item: string, order: string) => `coalesce(json_agg(${item} order by ${order}), '[]')`,
): Sql {
  const rows = memo(spec, 'rows', () => sqlOf(spec.rows(db)));
  return join(`(select ${aggregate(object.text, spec.order.replace(/\$/g, alias))} from ${rowsFrom(parentId, rows.text, alias)})`, [
    ...object.bindings,
    ...rows.bindings,
  ]);
}

/** What a child list's `totalCount` counts, correlated on `parent.id`. */
export const childCount = (db: Knex, list: ChildList): Sql => memo(list, 'count', () => sqlOf((list.count ?? list.rows)(db)));

/** The number of rows `count` selects (for one parent, with `parentId`). */
export const countSql = (count: Sql, parentId?: string): Sql =>
  join(`(select count(*) from ${rowsFrom(parentId, count.text, 'c')})`, count.bindings);

/**
 * A child list's page, correlated on `parent.id`, with its sort keys under names the outer query orders by, and
 * with `counted` the number of all its rows as `__total`.
 */
export function pagedRows(db: Knex, list: ChildList, page: Page, counted = false): Sql {
  return memo(list, page.cursor ? undefined : `${page.limit}:${page.backward}:${counted}`, () => {
    const inner = keyedPage(db, list.rows(db), page, list.keys, list.descending);
    if (counted) inner.select(db.raw('count(*) over () as "__total"'));
    return sqlOf(inner);
  });
}

/** A connection field's arguments: the page asked for, and the rest (filters, kinds) its list depends on. */
export function splitPageArgs(args: Record<string, unknown>): { asked: PageArgs; rest: Record<string, unknown> } {
  const { first, after, last, before, ...rest } = args;
  return { asked: { first, after, last, before } as PageArgs, rest };
}

/** A page of rows in keyset order, each with its sort keys as `__key<i>` for the query around it to order by. */
export function keyedPage(db: Knex, rows: Knex.QueryBuilder, page: Page, keys: SortKey[], descending: boolean): Knex.QueryBuilder {
  const paged = applyKeyset(rows, page, keys, descending);
  keys.forEach((key, i) => paged.select(db.raw(`${key.column} as "__key${i}"`)));
  return paged;
}

/** The page a connection field asks for, or undefined when its arguments are wrong (its resolver says how). */
export function pageFor(args: PageArgs, keys: SortKey[]): Page | undefined {
  try {
    const page = parsePage(args);
    cursorValues(page, keys);
    return page;
  } catch {
    return undefined;
  }
}

export const join = (text: string, bindings: unknown[]): Sql => ({ text, bindings });
const nonEmpty = (plan: ObjectPlan): ObjectPlan | undefined => (plan.fields.length ? plan : undefined);

/** Puts each planned relation's rows under `__pre`, as the resolvers would have returned them. */
function attach(db: Knex, row: Record<string, unknown>, values: unknown[], plan: ObjectPlan): void {
  const prefetched: Record<string, unknown> = {};
  plan.fields.forEach((field, i) => {
    const value = values[i];
    if (field.kind === 'one') prefetched[field.key] = value == null ? null : hydrate(db, value, field.plan);
    else if (field.kind === 'list') prefetched[field.key] = (value as unknown[]).map((item) => hydrate(db, item, field.plan));
    else prefetched[field.key] = connectionOf(db, String(row.id), value as [unknown[] | null, number?], field);
  });
  row[PREFETCHED] = prefetched;
}

/** A planned connection's `limit + 1` rows (and count, when asked) as the Relay connection its resolver returns. */
function connectionOf(db: Knex, parentId: string, [rows, total]: [unknown[] | null, number?], field: FieldPlan & { kind: 'connection' }) {
  const { list, page, plan } = field;
  const nodes = (rows ?? []).map((item) => {
    const node = hydrate(db, item, plan);
    list.keys.forEach((_, k) => delete node[`__key${k}`]);
    for (const p of list.timestamps ?? []) {
      node[p] = node[`${RAW_TIMESTAMP}${p}`];
      delete node[`${RAW_TIMESTAMP}${p}`];
    }
    return node;
  });
  return toConnection(nodes, page, list.keys, () =>
    total !== undefined ? Promise.resolve(total) : createChildCountLoader(db, list).load(parentId),
  );
}

function hydrate(db: Knex, value: unknown, plan: ObjectPlan): Record<string, unknown> {
  if (!plan.fields.length) return value as Record<string, unknown>;
  const [row, ...values] = value as [Record<string, unknown>, ...unknown[]];
  attach(db, row, values, plan);
  return row;
}

/**
 * Named prepared statements for the first `MAX_NAMED_PLANS` query shapes this process sees (the name is a hash of
 * the SQL text, so the same selection with other values reuses the plan); later shapes run unnamed. Each named
 * statement stays prepared on each pool connection for the connection's life, so their number must be bounded
 * whatever clients send.
 */
const MAX_NAMED_PLANS = 200;
const preparedStatements = new Map<string, { name?: string; text: string }>();

/**
 * Runs planned SQL (`?` placeholders) on a pool connection with `pg` itself: knex would scan the whole text for
 * its placeholders on every request, which costs more than the rest of the request's SQL handling. The positional
 * text and the statement's name are worked out once per text.
 */
export async function queryRows<T>(db: Knex, text: string, bindings: readonly unknown[], perValues = false): Promise<T[]> {
  // Planned for its values (an unnamed statement): a prepared statement run five times may switch to one plan for
  // any values, and the best plan for a name or words depends on which (see RootList.perValues).
  let statement = perValues ? { text: db.client.positionBindings(text) as string } : preparedStatements.get(text);
  if (!statement) {
    const positional: string = db.client.positionBindings(text);
    statement = namedStatementsOn()
      ? { name: `plan_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`, text: positional }
      : { text: positional };
    if (preparedStatements.size < MAX_NAMED_PLANS) preparedStatements.set(text, statement);
    else statement = { text: positional };
  }
  // LOG_SQL and the tests' statement counts listen to knex's 'query' event, as for knex's own queries.
  db.client.emit('query', { sql: statement.text, bindings, method: 'raw' });
  const connection = await db.client.acquireConnection();
  try {
    return (await connection.query({ ...statement, values: bindings })).rows as T[];
  } finally {
    db.client.releaseConnection(connection);
  }
}

// ---- Reading the selection set -------------------------------------------------------------------------------

const typeName = (type: { toString(): string }): string => type.toString().replace(/[[\]!]/g, '');

function mergeSelections(nodes: readonly FieldNode[]): SelectionSetNode[] {
  return nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
}

function included(info: SelectionInfo, node: Parameters<typeof getDirectiveValues>[1]): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
}

/** Fields by response key, through fragments whose type condition `applies`, honouring @skip and @include. */
export function collectFields(
  info: SelectionInfo,
  set: SelectionSetNode,
  applies: (type: string) => boolean,
  into: Map<string, FieldNode[]>,
): Map<string, FieldNode[]> {
  for (const selection of set.selections) {
    if (!included(info, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      into.set(key, [...(into.get(key) ?? []), selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (!selection.typeCondition || applies(selection.typeCondition.name.value))
        collectFields(info, selection.selectionSet, applies, into);
    } else {
      const fragment = info.fragments[selection.name.value];
      if (fragment && applies(fragment.typeCondition.name.value)) collectFields(info, fragment.selectionSet, applies, into);
    }
  }
  return into;
}

/** The node selections under every `edges { node }` of a connection field, and whether `totalCount` is asked. */
function connectionSelection(info: GraphQLResolveInfo, nodes: readonly FieldNode[], connectionType: string) {
  const top = new Map<string, FieldNode[]>();
  for (const set of mergeSelections(nodes)) collectFields(info, set, (type) => type === connectionType, top);
  const fields = [...top.values()].flat();
  const edgeType = connectionType.replace(/Connection$/, 'Edge');
  const edges = new Map<string, FieldNode[]>();
  for (const edge of fields.filter((f) => f.name.value === 'edges')) {
    if (edge.selectionSet) collectFields(info, edge.selectionSet, (type) => type === edgeType, edges);
  }
  return {
    nodes: mergeSelections([...edges.values()].flat().filter((f) => f.name.value === 'node')),
    paged: fields.some((f) => f.name.value !== 'totalCount' && f.name.value !== '__typename'),
    counted: fields.some((f) => f.name.value === 'totalCount'),
  };
}

export function fieldDefinition(info: SelectionInfo, family: RowFamily, name: string): GraphQLField<unknown, unknown> | undefined {
  for (const type of family.types) {
    const named = info.schema.getType(type);
    if ((isObjectType(named) || isInterfaceType(named)) && named.getFields()[name]) return named.getFields()[name];
  }
  return undefined;
}

/** The field's argument values, when every occurrence of the response key asks with the same ones. */
export function sameArguments(info: SelectionInfo, definition: GraphQLField<unknown, unknown>, nodes: FieldNode[]) {
  try {
    const values = nodes.map((node) => getArgumentValues(definition, node, info.variableValues) as Record<string, unknown>);
    const first = JSON.stringify(values[0]);
    return values.every((v) => JSON.stringify(v) === first) ? values[0] : undefined;
  } catch {
    return undefined; // a coercion error is the resolver's to report
  }
}
