import type { Knex } from '@mikro-orm/postgresql';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { getVariableValues, Kind, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import type { Context } from '../context';
import { type Page, type PageArgs, type SortKey } from './pagination';
import type { ChildList } from './page-per-parent';
import {
  childCount,
  collectFields,
  countSql,
  fieldDefinition,
  join,
  keyedPage,
  pageFor,
  pagedRows,
  rowsFrom,
  sameArguments,
  shortListSql,
  splitPageArgs,
  sqlOf,
  statementName,
  toOneSql,
  type ReadPlanner,
  type RowFamily,
  type SelectionInfo,
  type Sql,
} from './read-plan';

// The fast path of the read planner: a query whose every field has an SQL form (a column, a relation the families
// declare, a connection's edges, cursors, pageInfo and totalCount) is compiled whole into one SQL statement that
// returns the finished `data` object, built by PostgreSQL with `json_build_object` under the client's response
// keys. graphql-js then has nothing left to do, so the Node side of such a request is parsing, validation and one
// JSON.parse. Anything else (a field with no SQL form, arguments whose checks live in a resolver, an error to
// report) returns undefined here and runs through graphql-js and the planner as before.

/** How a leaf field reads from a row; `col` gives the SQL of one of the row's properties. */
export type Leaf = (col: (property: string) => string) => string;

/** A field computed from the row into an object of its own (`saidOn`): its fields' SQL. */
export interface Embedded {
  embedded: Record<string, Leaf>;
}

/** A root field the compiler can answer. `build` answers undefined when its arguments need the resolver. */
export type RootSql =
  | {
      kind: 'connection';
      family: string;
      build(db: Knex, args: Record<string, unknown>): Promise<RootList | undefined> | RootList | undefined;
    }
  | { kind: 'object'; family: string; build(db: Knex, args: Record<string, unknown>): Knex.QueryBuilder | undefined };

/** A root list's rows (filtered, not yet paged), its order and what `totalCount` counts. */
export interface RootList {
  rows: Knex.QueryBuilder;
  count: Knex.QueryBuilder;
  keys: SortKey[];
  descending: boolean;
}

/** Thrown inside compilation when some part has no SQL form: the whole operation then runs through graphql-js. */
class NotCompilable extends Error {}
const bail = (why: string): never => {
  throw new NotCompilable(why);
};

/** JSON.stringify's text of a value, as SQL: a cursor must be the same bytes whichever path made it. */
const jsonText = (sql: string): string => `to_json(${sql})::text`;
const base64url = (text: string): string => `rtrim(translate(encode(convert_to(${text}, 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')`;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

export class ResponseCompiler {
  constructor(
    private readonly planner: ReadPlanner,
    private readonly roots: Record<string, RootSql>,
  ) {}

  /**
   * The operation's `data` as JSON text from one SQL statement, or undefined when some part of it needs
   * graphql-js. Only queries; `info` is a stand-in with the operation's schema, fragments and variables.
   */
  async execute(db: Knex, info: SelectionInfo, operation: OperationDefinitionNode): Promise<Record<string, unknown> | undefined> {
    if (operation.operation !== 'query') return undefined;
    const queryType = info.schema.getQueryType()!;
    try {
      const top = collectFields(info, operation.selectionSet, (type) => type === queryType.name, new Map());
      const parts: Sql[] = [];
      const keys: string[] = [];
      for (const [key, nodes] of top) {
        const name = nodes[0].name.value;
        if (nodes.some((n) => n.name.value !== name)) bail('one key, two fields');
        if (name === '__typename') {
          parts.push({ text: literal(queryType.name), bindings: [] });
        } else {
          const root = this.roots[name] ?? bail(`no SQL for Query.${name}`);
          const definition = queryType.getFields()[name];
          const args = sameArguments(info, definition, nodes) ?? bail('arguments differ');
          parts.push(await this.rootSql(db, info, root, args, nodes, typeName(definition.type)));
        }
        keys.push(key);
      }
      const answer = this.objectWith(keys, parts);
      const text = `select ${answer.text} as data`;
      const { rows } = await db.raw(text, answer.bindings as Knex.RawBinding[]).options(statementName(text));
      const data = rows[0].data as Record<string, unknown>;
      // A non-null root field with no row (an unknown ID) is an error to report: graphql-js does that.
      for (const key of keys) if (data[key] === null) return undefined;
      return data;
    } catch (error) {
      if (error instanceof NotCompilable) return undefined;
      throw error;
    }
  }

  private async rootSql(
    db: Knex,
    info: SelectionInfo,
    root: RootSql,
    args: Record<string, unknown>,
    nodes: FieldNode[],
    connectionType: string,
  ): Promise<Sql> {
    const family = this.planner.familyOf(root.family);
    if (root.kind === 'object') {
      const qb = root.build(db, args) ?? bail('root arguments');
      const row = sqlOf(qb);
      const object = this.objectSql(db, info, family, nodes, 'a0', { depth: 0 }, () => []);
      return join(`(select ${object.text} from (${row.text}) as a0)`, [...object.bindings, ...row.bindings]);
    }
    const { asked, rest } = splitPageArgs(args);
    const list = (await root.build(db, rest)) ?? bail('root arguments');
    const page = pageOf(asked, list.keys);
    const rowsSql = sqlOf(keyedPage(db, list.rows, page, list.keys, list.descending));
    const keys = { keys: list.keys, descending: list.descending };
    return this.connectionSql(db, info, family, nodes, connectionType, keys, page, () => rowsSql, countSql(sqlOf(list.count)), undefined, {
      depth: 0,
    });
  }

  /** `json_build_object` over the selected fields of one row of `family`, aliased `alias`. */
  private objectSql(
    db: Knex,
    info: SelectionInfo,
    family: RowFamily,
    nodes: readonly FieldNode[],
    alias: string,
    state: { depth: number },
    raw: () => string[],
  ): Sql {
    const col = (property: string): string => (raw().includes(property) ? `${alias}."__raw.${property}"` : `${alias}."${property}"`);
    const concrete = family.concrete ?? family.types;
    const variants = concrete.map((type) => {
      const fields = new Map<string, FieldNode[]>();
      for (const node of nodes) if (node.selectionSet) collectFields(info, node.selectionSet, (t) => appliesTo(info, t, type), fields);
      return this.fieldsSql(db, info, family, type, fields, col, state);
    });
    if (variants.length === 1) return variants[0];
    const which = family.typename?.(col) ?? bail('no type discriminator');
    return join(
      `case ${which} ${variants.map((v, i) => `when ${literal(concrete[i])} then ${v.text}`).join(' ')} end`,
      variants.flatMap((v) => v.bindings),
    );
  }

  private fieldsSql(
    db: Knex,
    info: SelectionInfo,
    family: RowFamily,
    type: string,
    fields: Map<string, FieldNode[]>,
    col: (property: string) => string,
    state: { depth: number },
  ): Sql {
    const keys: string[] = [];
    const parts: Sql[] = [];
    for (const [key, nodes] of fields) {
      const name = nodes[0].name.value;
      if (nodes.some((n) => n.name.value !== name)) bail('one key, two fields');
      keys.push(key);
      if (name === '__typename') {
        parts.push({ text: literal(type), bindings: [] });
        continue;
      }
      if (name === 'id') {
        parts.push({ text: `encode(convert_to(${literal(`${type}:`)} || ${col('id')}::text, 'UTF8'), 'base64')`, bindings: [] });
        continue;
      }
      const leaf = family.leaves?.[name];
      if (leaf) {
        if (typeof leaf === 'function') parts.push({ text: leaf(col), bindings: [] });
        else parts.push(this.embeddedSql(info, leaf, nodes, col));
        continue;
      }
      const spec = family.fields[name] ?? bail(`no SQL for ${type}.${name}`);
      const definition = fieldDefinition(info, family, name) ?? bail('no definition');
      const args = sameArguments(info, definition, nodes) ?? bail('arguments differ');
      const child = this.planner.familyOf(spec.family);
      const childAlias = `a${++state.depth}`;
      if (spec.kind === 'one') {
        const object = this.objectSql(db, info, child, nodes, childAlias, state, () => []);
        parts.push(toOneSql(db, child, col(spec.by), childAlias, object));
      } else if (spec.kind === 'list') {
        const object = this.objectSql(db, info, child, nodes, childAlias, state, () => []);
        parts.push(shortListSql(db, spec, col('id'), childAlias, object));
      } else {
        const { asked, rest } = splitPageArgs(args);
        const list = spec.list(rest) ?? bail('list arguments');
        const page = pageOf(asked, list.keys);
        const rows = (counted: boolean) => pagedRows(db, list, page, counted);
        const count = countSql(childCount(db, list), col('id'));
        const connectionType = typeName(definition.type);
        parts.push(this.connectionSql(db, info, child, nodes, connectionType, list, page, rows, count, col('id'), state, list.timestamps));
      }
    }
    return this.objectWith(keys, parts);
  }

  private embeddedSql(info: SelectionInfo, embedded: Embedded, nodes: FieldNode[], col: (property: string) => string): Sql {
    const fields = new Map<string, FieldNode[]>();
    for (const node of nodes) if (node.selectionSet) collectFields(info, node.selectionSet, () => true, fields);
    const keys: string[] = [];
    const parts: Sql[] = [];
    for (const [key, [node]] of fields) {
      const leaf = embedded.embedded[node.name.value] ?? bail(`no SQL for ${node.name.value}`);
      keys.push(key);
      parts.push({ text: leaf(col), bindings: [] });
    }
    return this.objectWith(keys, parts);
  }

  /**
   * A connection: `rows` gives `limit + 1` rows in reading order with their sort keys as `__key<i>`, correlated on
   * `parent.id` when `parentId` is given. Edges, cursors, pageInfo and totalCount are built as selected.
   */
  private connectionSql(
    db: Knex,
    info: SelectionInfo,
    family: RowFamily,
    nodes: readonly FieldNode[],
    connectionType: string,
    list: Pick<ChildList, 'keys' | 'descending' | 'sorted'>,
    page: Page,
    rows: (counted: boolean) => Sql,
    count: Sql,
    parentId: string | undefined,
    state: { depth: number },
    timestamps: string[] = [],
  ): Sql {
    const alias = `a${++state.depth}`;
    const top = new Map<string, FieldNode[]>();
    for (const node of nodes) if (node.selectionSet) collectFields(info, node.selectionSet, (t) => t === connectionType, top);
    const readDesc = list.descending !== page.backward;
    const readOrder = list.keys.map((_, i) => `${alias}."__key${i}" ${readDesc ? 'desc' : 'asc'}`).join(', ');
    // Edges come out in the list's order: a backward page is read in reverse, then turned round.
    const outDesc = page.backward ? !readDesc : readDesc;
    const outOrder = list.keys.map((_, i) => `${alias}."__key${i}" ${outDesc ? 'desc' : 'asc'}`).join(', ');
    const onPage = `${alias}.__n <= ${page.limit}`;
    const col = (property: string): string => (timestamps.includes(property) ? `${alias}."__raw.${property}"` : `${alias}."${property}"`);
    const ordering = `${literal(list.keys.map((k) => k.column).join(','))}::text`;
    const cursor = base64url(
      `'[' || ${[jsonText(ordering), ...list.keys.map((k) => jsonText(col(k.property)))].join(` || ',' || `)} || ']'`,
    );
    const hasMore = `count(*) > ${page.limit}`;
    // A list read through a sort counts its rows with the page (`count(*) over ()`) rather than in a second pass
    // over the same rows; a page after a cursor cannot, its rows start there.
    const selected = (name: string) => [...top.values()].some(([n]) => n.name.value === name);
    const countWithPage =
      list.sorted === true && page.cursor === undefined && selected('totalCount') && (selected('edges') || selected('pageInfo'));
    const cursorGiven = page.cursor !== undefined ? 'true' : 'false';

    const keys: string[] = [];
    const parts: Sql[] = [];
    let readsRows = false;
    for (const [key, fieldNodes] of top) {
      const name = fieldNodes[0].name.value;
      if (fieldNodes.some((n) => n.name.value !== name)) bail('one key, two fields');
      keys.push(key);
      if (name === '__typename') parts.push({ text: literal(connectionType), bindings: [] });
      else if (name === 'totalCount' && countWithPage) parts.push({ text: `coalesce(max(${alias}."__total"), 0)`, bindings: [] });
      else if (name === 'totalCount') parts.push(count);
      else if (name === 'pageInfo') {
        readsRows = true;
        const pageInfo = new Map<string, FieldNode[]>();
        for (const n of fieldNodes) if (n.selectionSet) collectFields(info, n.selectionSet, () => true, pageInfo);
        const infoKeys: string[] = [];
        const infoParts: Sql[] = [];
        for (const [infoKey, [n]] of pageInfo) {
          infoKeys.push(infoKey);
          const text =
            n.name.value === 'hasNextPage'
              ? page.backward
                ? cursorGiven
                : hasMore
              : n.name.value === 'hasPreviousPage'
                ? page.backward
                  ? hasMore
                  : cursorGiven
                : n.name.value === 'startCursor'
                  ? `(array_agg(${cursor} order by ${outOrder}) filter (where ${onPage}))[1]`
                  : n.name.value === 'endCursor'
                    ? `(array_agg(${cursor} order by ${outOrder.replace(/ (asc|desc)/g, (m) => (m === ' asc' ? ' desc' : ' asc'))}) filter (where ${onPage}))[1]`
                    : n.name.value === '__typename'
                      ? literal('PageInfo')
                      : bail(`PageInfo.${n.name.value}`);
          infoParts.push({ text, bindings: [] });
        }
        parts.push(this.objectWith(infoKeys, infoParts));
      } else if (name === 'edges') {
        readsRows = true;
        const edgeType = connectionType.replace(/Connection$/, 'Edge');
        const edge = new Map<string, FieldNode[]>();
        for (const n of fieldNodes) if (n.selectionSet) collectFields(info, n.selectionSet, (t) => t === edgeType, edge);
        const edgeKeys: string[] = [];
        const edgeParts: Sql[] = [];
        for (const [edgeKey, edgeNodes] of edge) {
          edgeKeys.push(edgeKey);
          const edgeField = edgeNodes[0].name.value;
          if (edgeField === 'cursor') edgeParts.push({ text: cursor, bindings: [] });
          else if (edgeField === '__typename') edgeParts.push({ text: literal(edgeType), bindings: [] });
          else if (edgeField === 'node') edgeParts.push(this.objectSql(db, info, family, edgeNodes, alias, state, () => timestamps));
          else bail(`${edgeType}.${edgeField}`);
        }
        const edgeObject = this.objectWith(edgeKeys, edgeParts);
        parts.push(join(`coalesce(json_agg(${edgeObject.text} order by ${outOrder}) filter (where ${onPage}), '[]')`, edgeObject.bindings));
      } else bail(`${connectionType}.${name}`);
    }
    const object = this.objectWith(keys, parts);
    if (!readsRows) return join(`(select ${object.text})`, object.bindings);
    const rowsSql = rows(countWithPage);
    // Row numbers in reading order: the one row past the page only tells whether more follow.
    return join(
      `(select ${object.text} from (select ${alias}.*, row_number() over (order by ${readOrder}) as __n from ${rowsFrom(parentId, rowsSql.text, alias)}) as ${alias})`,
      [...object.bindings, ...rowsSql.bindings],
    );
  }

  private objectWith(keys: string[], parts: Sql[]): Sql {
    // json_build_object takes at most 100 arguments.
    if (keys.length > 50) bail('more than 50 fields in one object');
    return join(
      `json_build_object(${keys.map((k, i) => `${literal(k)}, ${parts[i].text}`).join(', ')})`,
      parts.flatMap((p) => p.bindings),
    );
  }
}

/** The page a connection field asks for, or bail: a bad argument is for the resolver to report. */
const pageOf = (args: PageArgs, keys: SortKey[]): Page => pageFor(args, keys) ?? bail('page arguments');

function appliesTo(info: SelectionInfo, condition: string, type: string): boolean {
  if (condition === type) return true;
  const abstract = info.schema.getType(condition);
  const concrete = info.schema.getType(type);
  return !!abstract && !!concrete && 'getInterfaces' in concrete && info.schema.isSubType(abstract as never, concrete as never);
}

const typeName = (type: { toString(): string }): string => type.toString().replace(/[[\]!]/g, '');

/**
 * Answers a query from one compiled SQL statement when it can: `responseForOperation` runs after parsing,
 * validation and the query limits (didResolveOperation), and a response from it skips graphql-js execution.
 */
export function compiledResponsePlugin(compiler: ResponseCompiler): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ operation, document, request, schema, contextValue }) {
          if (operation.operation !== 'query') return null;
          const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          if (variables.errors) return null;
          const fragments = Object.fromEntries(
            document.definitions
              .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
              .map((d) => [d.name.value, d]),
          );
          let data: Record<string, unknown> | undefined;
          try {
            data = await compiler.execute(contextValue.db, { schema, fragments, variableValues: variables.coerced }, operation);
          } catch (error) {
            // The database failed the statement (down, timed out): graphql-js's path meets the same condition field
            // by field and reports it the usual way (SERVICE_UNAVAILABLE with Retry-After, TIMEOUT).
            contextValue.log.debug({ err: error }, 'compiled query failed; answering through the resolvers');
            return null;
          }
          if (!data) return null;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data } } };
        },
      };
    },
  };
}
