import type { Knex } from '@mikro-orm/postgresql';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from './errors';
import { shown } from './validation';

export const DEFAULT_PAGE_SIZE = 20;
/** Hard cap on one page: larger exports go through /export, not GraphQL. */
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `How many items to return from the start (at most ${MAX_PAGE_SIZE}; default ${DEFAULT_PAGE_SIZE}).`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor (from a previous page’s `endCursor`).' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `How many items to return from the end (at most ${MAX_PAGE_SIZE}).` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items before this cursor (from a previous page’s `startCursor`).' })
  before?: string | null;
}

/** A validated page request: how many rows, from which keyset position, in which direction. */
export interface Page {
  limit: number;
  backward: boolean;
  /** Sort-key values and id of the row to start after, decoded from the cursor. */
  cursor?: unknown[];
}

export function parsePage(args: PageArgs): Page {
  const { first, after, last, before } = args;
  if (first != null && last != null) throw badInput('first', 'Use either `first` or `last`, not both.');
  if (after != null && before != null) throw badInput('after', 'Use either `after` or `before`, not both.');
  const backward = last != null || before != null;
  const size = backward ? last : first;
  const field = backward ? 'last' : 'first';
  if (size != null && (size < 0 || size > MAX_PAGE_SIZE)) {
    throw badInput(field, `\`${field}\` must be between 0 and ${MAX_PAGE_SIZE}; got ${size}.`, { max: MAX_PAGE_SIZE });
  }
  const cursor = backward ? before : after;
  return {
    limit: size ?? DEFAULT_PAGE_SIZE,
    backward,
    cursor: cursor != null ? decodeCursor(cursor, backward ? 'before' : 'after') : undefined,
  };
}

export const encodeCursor = (values: unknown[]): string => Buffer.from(JSON.stringify(values)).toString('base64url');

function decodeCursor(cursor: string, field: string): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length > 0 && values.every((v) => ['string', 'number'].includes(typeof v))) {
      return values;
    }
  } catch {
    // fall through to the error below
  }
  throw badInput(field, `${shown(cursor)} is not a cursor returned by this API.`);
}

/** One sort key of a keyset; the last one must be unique (the id) so the order is total and stable. */
export interface SortKey {
  /** SQL expression, e.g. `s.said_on_start`. */
  column: string;
  /** Property of the row holding the value, for the cursor. */
  property: string;
  /** What the value is, so a doctored cursor is refused before it reaches SQL. */
  type: 'date' | 'timestamp' | 'uuid' | 'text' | 'integer';
}

const CURSOR_VALUE: Record<SortKey['type'], (v: unknown) => boolean> = {
  date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  timestamp: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
  uuid: (v) => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  text: (v) => typeof v === 'string' && !/[\u0000\uD800-\uDFFF]/.test(v),
  integer: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
};

/**
 * Keyset pagination: `where (k1, k2) < (v1, v2) order by k1 desc, k2 desc limit n + 1`. All keys share one
 * direction so a row comparison (one index range scan) does the work, whatever page the client is on.
 */
export function applyKeyset(qb: Knex.QueryBuilder, page: Page, keys: SortKey[], descending: boolean): Knex.QueryBuilder {
  const desc = descending !== page.backward;
  applyCursor(qb, page, keys, desc);
  for (const key of keys) qb.orderByRaw(`${key.column} ${desc ? 'desc' : 'asc'}`);
  // The limit is written into the SQL (a checked integer, at most 101), not sent as a parameter: a prepared
  // statement's generic plan then knows the page is small and keeps its index scans and nested loops.
  return qb.limit(page.limit + 1, { skipBinding: true });
}

/**
 * The `(k1, k2) < (v1, v2)` condition of a cursor. `desc` is the direction rows are read in: walking backwards
 * reads in the opposite order, then reverses the rows.
 */
export function applyCursor(qb: Knex.QueryBuilder, page: Page, keys: SortKey[], desc: boolean): Knex.QueryBuilder {
  const values = cursorValues(page, keys);
  if (!values) return qb;
  const lhs = keys.map((k) => k.column).join(', ');
  const placeholders = keys.map(() => '?').join(', ');
  return qb.whereRaw(`(${lhs}) ${desc ? '<' : '>'} (${placeholders})`, values as Knex.Value[]);
}

/**
 * The sort-key values of a page's cursor, checked against the list's keys (undefined without a cursor). A cursor
 * starts with the ordering it was made for, so one from another list or order is refused, not misread.
 */
export function cursorValues(page: Page, keys: SortKey[]): unknown[] | undefined {
  if (!page.cursor) return undefined;
  const [ordering, ...values] = page.cursor;
  if (ordering !== orderingOf(keys) || values.length !== keys.length || !keys.every((k, i) => CURSOR_VALUE[k.type](values[i]))) {
    throw badInput(page.backward ? 'before' : 'after', 'This cursor belongs to another list or ordering.');
  }
  return values;
}

const orderingOf = (keys: SortKey[]): string => keys.map((k) => k.column).join(',');

@ObjectType({ description: 'Where a page sits in the whole list, and the cursors to fetch the neighbouring pages.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'True when more items follow this page.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'True when items come before this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item on this page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item on this page; pass it as `after`.' })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** A getter, so the count query runs only when the client asks for `totalCount`. */
  readonly totalCount: Promise<number>;
}

/** Turns the `limit + 1` rows of a keyset query into a Relay connection. */
export function toConnection<T>(rows: T[], page: Page, keys: SortKey[], count: () => Promise<number>): Connection<T> {
  const hasMore = rows.length > page.limit;
  const pageRows = rows.slice(0, page.limit);
  if (page.backward) pageRows.reverse();
  const edges = pageRows.map((node) => ({
    node,
    cursor: encodeCursor([orderingOf(keys), ...keys.map((k) => (node as Record<string, unknown>)[k.property])]),
  }));
  const pageInfo: PageInfo = {
    hasNextPage: page.backward ? page.cursor !== undefined : hasMore,
    hasPreviousPage: page.backward ? hasMore : page.cursor !== undefined,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges[edges.length - 1]?.cursor ?? null,
  };
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo,
    get totalCount() {
      return (counted ??= count());
    },
  };
}

/** One page of a top-level list: keyset rows, and a total counted only when asked for. */
export async function listPage<T>(
  args: PageArgs,
  spec: {
    keys: SortKey[];
    descending: boolean;
    rows: () => Knex.QueryBuilder;
    count: () => Knex.QueryBuilder;
    /** Runs the page's query; the read planner's reader also reads the relations the selection asks for. */
    read?: (qb: Knex.QueryBuilder) => Promise<T[]>;
  },
): Promise<Connection<T>> {
  const page = parsePage(args);
  const query = applyKeyset(spec.rows(), page, spec.keys, spec.descending);
  const rows: T[] = spec.read ? await spec.read(query) : await query;
  return toConnection<T>(rows, page, spec.keys, async () => {
    const [{ count }] = await spec.count().count({ count: '*' });
    return Number(count);
  });
}

const connectionTypes = new Map<string, ClassType>();

/**
 * A Relay connection type for a node type (`StatementConnection`, `StatementEdge`). Memoised so each name is
 * built once; the node type is a thunk because of circular imports between modules.
 */
export function ConnectionType(name: string, nodeType: () => ClassType | object, description: string): ClassType {
  const existing = connectionTypes.get(name);
  if (existing) return existing;

  @ObjectType(`${name}Edge`, { description: `One item of ${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name} list, with its cursor.` })
  class EdgeType {
    @Field(() => String, { description: 'Opaque position of this item; pass it as `after` or `before`.' })
    cursor!: string;

    @Field(nodeType as () => ClassType, { description: 'The item.' })
    node!: unknown;
  }

  @ObjectType(`${name}Connection`, { description })
  class ConnectionClass {
    @Field(() => [EdgeType], { description: 'The items on this page.' })
    edges!: EdgeType[];

    @Field(() => PageInfo, { description: 'Cursors and whether more pages exist.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many items match in total, across all pages.' })
    totalCount!: number;
  }

  connectionTypes.set(name, ConnectionClass);
  return ConnectionClass;
}

/**
 * A connection over a list already in memory (an array column such as a speaker's aliases): the same arguments,
 * limits and cursors as every other list, the array index being the key. `list` names the list in its cursors.
 */
export function arrayConnection<T>(items: readonly T[], args: PageArgs, list: string): Connection<T> {
  const page = parsePage(args);
  const keys: SortKey[] = [{ column: `${list}.index`, property: 'index', type: 'integer' }];
  const [from] = (cursorValues(page, keys) ?? []) as number[];
  const indexed = items.map((value, index) => ({ value, index }));
  const rows =
    from === undefined
      ? page.backward
        ? indexed.reverse()
        : indexed
      : page.backward
        ? indexed.slice(0, from).reverse()
        : indexed.slice(from + 1);
  const connection = toConnection(rows.slice(0, page.limit + 1), page, keys, async () => items.length);
  return {
    edges: connection.edges.map((e) => ({ cursor: e.cursor, node: e.node.value })),
    pageInfo: connection.pageInfo,
    totalCount: Promise.resolve(items.length),
  };
}
