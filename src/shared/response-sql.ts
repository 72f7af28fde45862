import type { Knex } from '@mikro-orm/postgresql';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import {
  getVariableValues,
  Kind,
  type FormattedExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import type { Context } from '../context';
import { cursorValues, type Page, type PageArgs, type SortKey } from './pagination';
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
  queryRows,
  toOneSql,
  type ReadPlanner,
  type RowFamily,
  type SelectionInfo,
  type Sql,
} from './read-plan';

// The fast path of the read planner: a query whose every field has an SQL form (a column, a relation the families
// declare, a connection's edges, cursors, pageInfo and totalCount) is compiled whole into one SQL statement that
// returns the finished `data` object as JSON text, under the client's response keys. graphql-js then has nothing
// left to do, and the text goes into the HTTP response unparsed, so the Node side of such a request is parsing,
// validation and the compilation. Anything else (a field with no SQL form, arguments whose checks live in a
// resolver, an error to report) returns undefined here and runs through graphql-js and the planner as before.

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

/**
 * A root list's rows (filtered, not yet paged), its order and what `totalCount` counts; `unknown`, a condition
 * true when the arguments name records that do not exist (the resolver then answers, with the error).
 */
export interface RootList {
  rows: Knex.QueryBuilder;
  count: Knex.QueryBuilder;
  keys: SortKey[];
  descending: boolean;
  unknown?: Sql;
  /**
   * Whether the statement must be planned for its values each time rather than prepared once: a name or words to
   * look for, whose best plan depends on how many records they match (`nameMatches` and search are written for a
   * key or query known when PostgreSQL plans), where a prepared statement may settle on one plan for any values.
   */
  perValues?: boolean;
}

/** Thrown inside compilation when some part has no SQL form: the whole operation then runs through graphql-js. */
class NotCompilable extends Error {}
const bail = (why: string): never => {
  throw new NotCompilable(why);
};

/** A compiled query's `data`, as the JSON text PostgreSQL wrote. */
export class JsonText {
  constructor(readonly text: string) {}
}

/**
 * Apollo's `stringifyResult`: compact JSON, with a compiled answer's text spliced in unparsed. Keys in the order
 * Apollo gives them (errors, data, extensions); a trailing newline as Apollo's own.
 */
export function stringifyResult(result: FormattedExecutionResult): string {
  if (!(result.data instanceof JsonText)) return `${JSON.stringify(result)}\n`;
  const { errors, data, extensions } = result;
  const head = errors ? `"errors":${JSON.stringify(errors)},` : '';
  const tail = extensions ? `,"extensions":${JSON.stringify(extensions)}` : '';
  return `{${head}"data":${data.text}${tail}}\n`;
}

/** JSON.stringify's text of a value, as SQL: a cursor must be the same bytes whichever path made it. */
const jsonText = (sql: string): string => `to_json(${sql})::text`;
const base64url = (text: string): string => `rtrim(translate(encode(convert_to(${text}, 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')`;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

// The response is JSON text built by concatenation: much cheaper for PostgreSQL than json_build_object, which
// looks up how to write each argument's type on every call, and compact as graphql-js would write it.
/** A constant JSON string. */
const jsonString = (text: string): string => literal(JSON.stringify(text));
/** Any SQL value as JSON text (`null` for SQL null): strings escaped, numbers and booleans bare, arrays as arrays. */
export const jsonValue = (sql: string): string => `coalesce(to_json(${sql})::text, 'null')`;
/** A JSON array of one text per row, in `order` (`filter` restricts the rows), `[]` for none. */
export const jsonArray = (item: string, order: string, filter = ''): string =>
  `coalesce('[' || string_agg(${item}, ',' order by ${order})${filter} || ']', '[]')`;

/** A JSON object from its fields' JSON texts (SQL expressions), keys in the order given. */
export const jsonObject = (fields: Record<string, string>): string =>
  `'{' || ${Object.entries(fields)
    .map(([key, value], i) => `${literal(`${i ? ',' : ''}${JSON.stringify(key)}:`)} || ${value}`)
    .join(' || ')} || '}'`;

export class ResponseCompiler {
  private readonly rootPages = new WeakMap<RootSql, Map<string, { list: Pick<RootList, 'keys' | 'descending'>; rows: Sql; count: Sql }>>();

  constructor(
    private readonly planner: ReadPlanner,
    private readonly roots: Record<string, RootSql>,
  ) {}

  /**
   * The operation's `data` as JSON text from one SQL statement, or undefined when some part of it needs
   * graphql-js. Only queries; `info` is a stand-in with the operation's schema, fragments and variables.
   */
  async execute(db: Knex, info: SelectionInfo, operation: OperationDefinitionNode): Promise<JsonText | undefined> {
    if (operation.operation !== 'query') return undefined;
    const queryType = info.schema.getQueryType()!;
    try {
      const top = collectFields(info, operation.selectionSet, (type) => type === queryType.name, new Map());
      const parts: Sql[] = [];
      const keys: string[] = [];
      const planning = { perValues: false };
      for (const [key, nodes] of top) {
        const name = nodes[0].name.value;
        if (nodes.some((n) => n.name.value !== name)) bail('one key, two fields');
        if (name === '__typename') {
          parts.push({ text: jsonString(queryType.name), bindings: [] });
        } else {
          const root = this.roots[name] ?? bail(`no SQL for Query.${name}`);
          const definition = queryType.getFields()[name];
          const args = sameArguments(info, definition, nodes) ?? bail('arguments differ');
          parts.push(await this.rootSql(db, info, root, args, nodes, typeName(definition.type), planning));
        }
        keys.push(key);
      }
      // The answer leaves PostgreSQL as text and goes to the client as it is: no JSON.parse, no JSON.stringify.
      // A non-null root field with no row (an unknown ID) is an error to report: graphql-js does that.
      // (`offset 0` keeps each root's text from being built once per reference to it.)
      const columns = parts.map((part, i) => `${part.text} as r${i}`).join(', ');
      const answer = this.objectWith(
        keys,
        keys.map((_, i) => ({ text: `r.r${i}`, bindings: [] })),
      );
      const missing = keys.map((_, i) => `r.r${i} = 'null'`).join(' or ');
      const text = `select ${answer.text} as data, ${missing} as missing from (select ${columns} offset 0) as r`;
      const bindings = parts.flatMap((p) => p.bindings);
      const [row] = await queryRows<{ data: string; missing: boolean }>(db, text, bindings, planning.perValues);
      return row.missing ? undefined : new JsonText(row.data);
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
    planning: { perValues: boolean },
  ): Promise<Sql> {
    const family = this.planner.familyOf(root.family);
    if (root.kind === 'object') {
      const qb = root.build(db, args) ?? bail('root arguments');
      const row = sqlOf(qb);
      const object = this.objectSql(db, info, family, nodes, 'a0', { depth: 0 }, () => []);
      return join(`coalesce((select ${object.text} from (${row.text}) as a0), 'null')`, [...object.bindings, ...row.bindings]);
    }
    const { asked, rest } = splitPageArgs(args);
    const { list, page, rows, count, unknown, perValues } = await this.rootPage(db, root, asked, rest);
    if (perValues) planning.perValues = true;
    const answer = this.connectionSql(db, info, family, nodes, connectionType, list, page, () => rows, count, undefined, { depth: 0 });
    // A null root answer sends the operation to the resolvers (see `execute`).
    return unknown
      ? join(`case when ${unknown.text} then 'null' else ${answer.text} end`, [...unknown.bindings, ...answer.bindings])
      : answer;
  }

  /**
   * A root list's page and count SQL. Without filter arguments the SQL depends only on the page's size, direction
   * and whether it starts at a cursor, so it is built once per process (knex's building is the largest Node cost
   * of a compiled request): the cursor's values are the page statement's last bindings, swapped per request.
   */
  private async rootPage(
    db: Knex,
    root: RootSql & { kind: 'connection' },
    asked: PageArgs,
    rest: Record<string, unknown>,
  ): Promise<{ list: Pick<RootList, 'keys' | 'descending'>; page: Page; rows: Sql; count: () => Sql; unknown?: Sql; perValues?: boolean }> {
    const plain = Object.values(rest).every((v) => v == null);
    const backward = asked.last != null || asked.before != null;
    const shape = `${backward ? asked.last : asked.first}:${backward}:${(backward ? asked.before : asked.after) != null}`;
    const cached = plain ? this.rootPages.get(root)?.get(shape) : undefined;
    if (cached) {
      const page = pageOf(asked, cached.list.keys);
      const values = cursorValues(page, cached.list.keys) ?? [];
      const rows = join(cached.rows.text, [...cached.rows.bindings.slice(0, cached.rows.bindings.length - values.length), ...values]);
      return { list: cached.list, page, rows, count: () => cached.count };
    }
    const built = (await root.build(db, rest)) ?? bail('root arguments');
    const list = { keys: built.keys, descending: built.descending };
    const page = pageOf(asked, list.keys);
    const rows = sqlOf(keyedPage(db, built.rows, page, list.keys, list.descending));
    const count = () => countSql(sqlOf(built.count));
    const values = cursorValues(page, list.keys) ?? [];
    const tail = rows.bindings.slice(rows.bindings.length - values.length);
    if (plain && values.every((v, i) => tail[i] === v)) {
      let byShape = this.rootPages.get(root);
      if (!byShape) this.rootPages.set(root, (byShape = new Map()));
      if (byShape.size < 64) byShape.set(shape, { list, rows, count: count() });
    }
    return { list, page, rows, count, unknown: built.unknown, perValues: built.perValues };
  }

  /** The JSON text of the selected fields of one row of `family`, aliased `alias`. */
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
    const which = concrete.length > 1 ? (family.typename?.(col) ?? bail('no type discriminator')) : literal(concrete[0]);
    // Each concrete type's fields from the same alias numbers: when the selection reads the same for every type
    // (no type-specific fragment), one object serves them all, with the type name read from the row.
    const start = state.depth;
    let end = start;
    const variants = concrete.map((type) => {
      const fields = new Map<string, FieldNode[]>();
      for (const node of nodes) if (node.selectionSet) collectFields(info, node.selectionSet, (t) => appliesTo(info, t, type), fields);
      state.depth = start;
      const sql = this.fieldsSql(db, info, family, type, which, fields, col, state);
      end = Math.max(end, state.depth);
      return sql;
    });
    state.depth = end;
    if (variants.every((v) => v.text === variants[0].text)) return variants[0];
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
    typeSql: string,
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
        parts.push({ text: `'"' || ${typeSql} || '"'`, bindings: [] });
        continue;
      }
      if (name === 'id') {
        // Base64 needs no escaping in JSON (and a global ID is too short for encode's line breaks).
        parts.push({ text: `'"' || encode(convert_to(${typeSql} || ':' || ${col('id')}::text, 'UTF8'), 'base64') || '"'`, bindings: [] });
        continue;
      }
      const leaf = family.leaves?.[name];
      if (leaf) {
        if (typeof leaf === 'function') parts.push({ text: jsonValue(leaf(col)), bindings: [] });
        else parts.push(this.embeddedSql(info, leaf, nodes, col));
        continue;
      }
      const spec = family.fields[name] ?? bail(`no SQL for ${type}.${name}`);
      const definition = fieldDefinition(info, family, name) ?? bail('no definition');
      const args = sameArguments(info, definition, nodes) ?? bail('arguments differ');
      if (spec.kind === 'oneOf') {
        // Each family's object from the fields that apply to its types (`... on Statement` to statements only).
        const cases = Object.entries(spec.families).map(([value, familyName]) => {
          const child = this.planner.familyOf(familyName);
          const childAlias = `a${++state.depth}`;
          const object = this.objectSql(db, info, child, nodes, childAlias, state, () => []);
          const one = toOneSql(db, child, col(spec.by), childAlias, object);
          return join(`when ${literal(value)} then ${one.text}`, one.bindings);
        });
        parts.push(
          join(
            `coalesce(case ${col(spec.which)} ${cases.map((c) => c.text).join(' ')} end, 'null')`,
            cases.flatMap((c) => c.bindings),
          ),
        );
        continue;
      }
      const child = this.planner.familyOf(spec.family);
      const childAlias = `a${++state.depth}`;
      if (spec.kind === 'one') {
        const object = this.objectSql(db, info, child, nodes, childAlias, state, () => []);
        const one = toOneSql(db, child, col(spec.by), childAlias, object);
        parts.push(join(`coalesce(${one.text}, 'null')`, one.bindings));
      } else if (spec.kind === 'list') {
        const object = this.objectSql(db, info, child, nodes, childAlias, state, () => []);
        parts.push(shortListSql(db, spec, col('id'), childAlias, object, jsonArray));
      } else {
        const { asked, rest } = splitPageArgs(args);
        const list = spec.list(rest) ?? bail('list arguments');
        const page = pageOf(asked, list.keys);
        const rows = (counted: boolean) => pagedRows(db, list, page, counted);
        const count = () => countSql(childCount(db, list), col('id'));
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
      parts.push({ text: jsonValue(leaf(col)), bindings: [] });
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
    count: () => Sql,
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
    // The row past the page only tells whether more follow: read it when pageInfo asks, and number the rows to
    // leave it out of the edges; otherwise read the page alone.
    const pageInfoFields = new Map<string, FieldNode[]>();
    for (const [n] of top.values())
      if (n.name.value === 'pageInfo' && n.selectionSet) collectFields(info, n.selectionSet, () => true, pageInfoFields);
    const asksMore = [...pageInfoFields.values()].some(([n]) => n.name.value === (page.backward ? 'hasPreviousPage' : 'hasNextPage'));
    const onPage = asksMore ? ` filter (where ${alias}.__n <= ${page.limit})` : '';
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
      if (name === '__typename') parts.push({ text: jsonString(connectionType), bindings: [] });
      else if (name === 'totalCount' && countWithPage) parts.push({ text: `coalesce(max(${alias}."__total"), 0)::text`, bindings: [] });
      else if (name === 'totalCount') {
        const counted = count();
        parts.push(join(`${counted.text}::text`, counted.bindings));
      } else if (name === 'pageInfo') {
        readsRows = true;
        const pageInfo = new Map<string, FieldNode[]>();
        for (const n of fieldNodes) if (n.selectionSet) collectFields(info, n.selectionSet, () => true, pageInfo);
        const infoKeys: string[] = [];
        const infoParts: Sql[] = [];
        for (const [infoKey, [n]] of pageInfo) {
          infoKeys.push(infoKey);
          const text =
            n.name.value === 'hasNextPage'
              ? jsonValue(page.backward ? cursorGiven : hasMore)
              : n.name.value === 'hasPreviousPage'
                ? jsonValue(page.backward ? hasMore : cursorGiven)
                : n.name.value === 'startCursor'
                  ? jsonValue(`(array_agg(${cursor} order by ${outOrder})${onPage})[1]`)
                  : n.name.value === 'endCursor'
                    ? jsonValue(
                        `(array_agg(${cursor} order by ${outOrder.replace(/ (asc|desc)/g, (m) => (m === ' asc' ? ' desc' : ' asc'))})${onPage})[1]`,
                      )
                    : n.name.value === '__typename'
                      ? jsonString('PageInfo')
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
          if (edgeField === 'cursor') edgeParts.push({ text: `'"' || ${cursor} || '"'`, bindings: [] });
          else if (edgeField === '__typename') edgeParts.push({ text: jsonString(edgeType), bindings: [] });
          else if (edgeField === 'node') edgeParts.push(this.objectSql(db, info, family, edgeNodes, alias, state, () => timestamps));
          else bail(`${edgeType}.${edgeField}`);
        }
        const edgeObject = this.objectWith(edgeKeys, edgeParts);
        parts.push(join(jsonArray(edgeObject.text, outOrder, onPage), edgeObject.bindings));
      } else bail(`${connectionType}.${name}`);
    }
    const object = this.objectWith(keys, parts);
    if (!readsRows) return join(`(select ${object.text})`, object.bindings);
    const rowsSql = rows(countWithPage);
    const from = rowsFrom(parentId, rowsSql.text, alias);
    const source = asksMore
      ? `(select ${alias}.*, row_number() over (order by ${readOrder}) as __n from ${from}) as ${alias}`
      : `(select ${alias}.* from ${from} order by ${readOrder} limit ${page.limit}) as ${alias}`;
    return join(`(select ${object.text} from ${source})`, [...object.bindings, ...rowsSql.bindings]);
  }

  /** A JSON object's text from its keys and its values' JSON texts (none of them SQL null). */
  private objectWith(keys: string[], parts: Sql[]): Sql {
    if (!keys.length) return { text: `'{}'`, bindings: [] };
    const members = keys.map((k, i) => `${literal(`${i ? ',' : '{'}${JSON.stringify(k)}:`)} || ${parts[i].text}`);
    return join(
      `${members.join(' || ')} || '}'`,
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
          // No operation by the name asked for: graphql-js reports it.
          if (!operation || operation.operation !== 'query') return null;
          const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          if (variables.errors) return null;
          const fragments = Object.fromEntries(
            document.definitions
              .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
              .map((d) => [d.name.value, d]),
          );
          let data: JsonText | undefined;
          try {
            data = await compiler.execute(contextValue.db, { schema, fragments, variableValues: variables.coerced }, operation);
          } catch (error) {
            // The database failed the statement (down, timed out): graphql-js's path meets the same condition field
            // by field and reports it the usual way (SERVICE_UNAVAILABLE with Retry-After, TIMEOUT).
            contextValue.log.debug({ err: error }, 'compiled query failed; answering through the resolvers');
            return null;
          }
          if (!data) return null;
          // `data` stays JSON text until `stringifyResult` writes the response around it.
          const singleResult = { data: data as unknown as Record<string, unknown> };
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult } };
        },
      };
    },
  };
}
