import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { loaderFor, type Context } from '../context';
import { joinSpeaker, primeJoinedSpeakers } from '../modules/speakers/speaker.loaders';
import type { SpeakerRow } from '../modules/speakers/speaker.types';
import { isoTimestamp, RAW_TIMESTAMP } from './loader-utils';
import {
  applyKeyset,
  cursorValues,
  parsePage,
  toConnection,
  type Connection,
  type Edge,
  type Page,
  type PageArgs,
  type PageInfo,
  type SortKey,
} from './pagination';

/**
 * A list that belongs to a parent row and grows with the data (a claim's positions, a statement's counter-claims),
 * read a page per parent. The SQL refers to the parent's id as `parent.id`.
 */
export interface ChildList {
  /** Sort keys; the last must be unique within one parent's list (the id), so the order is total and stable. */
  keys: SortKey[];
  /** Default direction; all keys share it, so a row comparison finds the cursor's position. */
  descending: boolean;
  /** One parent's rows, correlated on `parent.id`: tables, joins and conditions, no order and no limit. */
  rows(db: Knex): Knex.QueryBuilder;
  /** What `totalCount` counts, when something cheaper than `rows` gives the same number. */
  count?(db: Knex): Knex.QueryBuilder;
  /**
   * Properties `rows` selects as unformatted timestamptz (`rawTimestamp`), formatted here after the page's LIMIT:
   * PostgreSQL computes a select list before a sort, so a list that sorts (counter-claims) would otherwise format
   * every candidate row, not just the page (two `to_json` per row: about 0.9 µs).
   */
  timestamps?: string[];
  /**
   * The property of a row holding a speaker's id (a statement's speaker, an affiliation's organisation): those
   * speakers are read in the page's own SQL statement, joined after the LIMIT, and primed into the speaker loader,
   * so the next level's `speaker { ... }` costs no batch of its own.
   */
  speakerOf?: string;
  /**
   * True when the rows come out of a sort, not an index in order (counter-claims, a union of three sources):
   * every row is read for the page anyway, so the compiled path counts them in the same pass.
   */
  sorted?: boolean;
}

const KEY_PREFIX = '__key';

/** Knex inlines a query builder passed as a raw binding as a parenthesised subquery; its types do not say so. */
const subquery = (qb: Knex.QueryBuilder): Knex.Value => qb as unknown as Knex.Value;

/**
 * The pages of many parents in one SQL statement:
 * `select ... from unnest(ids) as parent(id) cross join lateral (<rows> where <cursor> order by <keys> limit n + 1) x`.
 * Each parent's page is its own keyset scan (an index range scan where an index fits), so a parent with 10,000
 * children costs what a parent with 21 does, and the statement count stays one per level however many parents.
 */
export function createChildPageLoader<T>(
  db: Knex,
  list: ChildList,
  page: Page,
  counts: DataLoader<string, number>,
  speakers?: DataLoader<string, SpeakerRow | undefined>,
): DataLoader<string, Connection<T>> {
  const desc = list.descending !== page.backward;
  return new DataLoader<string, Connection<T>>(async (parentIds) => {
    const inner = applyKeyset(list.rows(db), page, list.keys, list.descending);
    // The keys again, under names the outer query can sort by: a subquery's order does not survive a join.
    list.keys.forEach((key, i) => inner.select(db.raw(`${key.column} as "${KEY_PREFIX}${i}"`)));
    const timestamps = list.timestamps ?? [];
    const formatted = timestamps.map((p) => db.raw(`${isoTimestamp(`x."${RAW_TIMESTAMP}${p}"`)} as "${p}"`));
    const outer = db
      .select(db.raw('parent.id as "__parent"'), 'x.*', ...formatted)
      .from(db.raw('unnest(?::uuid[]) with ordinality as parent(id, ord)', [parentIds as string[]]))
      .joinRaw('cross join lateral ? as x', [subquery(inner)])
      .orderByRaw(['parent.ord', ...list.keys.map((_, i) => `x."${KEY_PREFIX}${i}" ${desc ? 'desc' : 'asc'}`)].join(', '));
    const joinSpeakers = list.speakerOf && speakers;
    if (joinSpeakers) joinSpeaker(db, outer, 'xsp', `x.${list.speakerOf}`);
    const rows: Record<string, unknown>[] = await outer;
    if (joinSpeakers) primeJoinedSpeakers(rows, speakers);
    const groups = new Map<string, T[]>(parentIds.map((id) => [id, []]));
    for (const row of rows) {
      const parent = String(row.__parent);
      delete row.__parent;
      list.keys.forEach((_, i) => delete row[`${KEY_PREFIX}${i}`]);
      for (const p of timestamps) delete row[`${RAW_TIMESTAMP}${p}`];
      groups.get(parent)?.push(row as T);
    }
    return parentIds.map((id) => toConnection<T>(groups.get(id)!, page, list.keys, () => counts.load(id)));
  });
}

/** Every parent's total in one SQL statement, the same LATERAL shape with `count(*)`. */
export function createChildCountLoader(db: Knex, list: ChildList): DataLoader<string, number> {
  return new DataLoader<string, number>(async (parentIds) => {
    const counted = db.count({ count: '*' }).from((list.count ?? list.rows)(db).as('counted'));
    const rows: { parent: string; count: string }[] = await db
      .select(db.raw('parent.id as "parent"'), 'c.count')
      .from(db.raw('unnest(?::uuid[]) as parent(id)', [parentIds as string[]]))
      .joinRaw('cross join lateral ? as c', [subquery(counted)]);
    const totals = new Map(rows.map((r) => [r.parent, Number(r.count)]));
    return parentIds.map((id) => totals.get(id) ?? 0);
  });
}

/**
 * One parent's page of a child list, read only for what the client selects: `edges` and `pageInfo` load the page,
 * `totalCount` the count. Every parent asking for the same list with the same arguments in this request shares
 * one loader, so a whole level costs one SQL statement for the pages and one for the counts. `variant` carries the
 * field's other arguments (filters, kinds) that change the list.
 */
export function childPage<T>(
  ctx: Context,
  name: string,
  parentId: string,
  args: PageArgs,
  list: ChildList,
  variant: unknown = null,
): ChildConnection<T> {
  const page = parsePage(args);
  // A bad cursor is refused here, for this field, rather than failing the whole batch.
  cursorValues(page, list.keys);
  const counts = loaderFor(ctx, `${name}:count`, variant, () => createChildCountLoader(ctx.db, list));
  const pages = loaderFor(ctx, name, { variant, args }, () => createChildPageLoader<T>(ctx.db, list, page, counts, ctx.loaders.speaker));
  let loaded: Promise<Connection<T>> | undefined;
  const load = () => (loaded ??= pages.load(parentId));
  return {
    get edges() {
      return load().then((c) => c.edges);
    },
    get pageInfo() {
      return load().then((c) => c.pageInfo);
    },
    get totalCount() {
      return counts.load(parentId);
    },
  };
}

/** A connection whose parts load when read, so `{ totalCount }` alone never reads a page. */
export interface ChildConnection<T> {
  readonly edges: Promise<Edge<T>[]>;
  readonly pageInfo: Promise<PageInfo>;
  readonly totalCount: Promise<number>;
}

/**
 * One list per variant of a field's arguments (`keyOf` names a variant), built once: the SQL the read planner
 * builds for a list is kept with the list object, so a new object per request would build it again.
 */
export function listPerVariant<V>(keyOf: (variant: V) => string, build: (variant: V) => ChildList): (variant: V) => ChildList {
  const built = new Map<string, ChildList>();
  return (variant) => {
    const key = keyOf(variant);
    let list = built.get(key);
    if (!list) built.set(key, (list = build(variant)));
    return list;
  };
}
