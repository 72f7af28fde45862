import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { byKey, groupByKey, isoTimestamp, prepared } from '../../shared/loader-utils';
import { joinSpeaker, primeJoinedSpeakers } from '../speakers/speaker.loaders';
import type { SpeakerRow } from '../speakers/speaker.types';
import type { CitationCountsType, SourceRow, TextVersionType } from './source.types';

export const selectSources = (db: Knex): Knex.QueryBuilder =>
  db('source as so').select({
    id: 'so.id',
    url: 'so.url',
    title: 'so.title',
    publisherId: 'so.publisher_id',
    publishedOn: 'so.published_on',
    kind: 'so.kind',
    language: 'so.language',
    archivedUrl: 'so.archived_url',
    republishesId: 'so.republishes_id',
    contentHash: 'so.content_hash',
    archivedAt: db.raw(isoTimestamp('so.archived_at')),
    createdAt: db.raw(isoTimestamp('so.created_at')),
    version: 'so.version',
    // Keyset sort key: undated sources last when newest first.
    sortDate: db.raw(`coalesce(so.published_on, '0001-01-01')::text`),
  });

/** Sources by ID, read with their publishers (primed into the speaker loader: no separate batch for them). */
export function createSourceLoaders(db: Knex, speakers: DataLoader<string, SpeakerRow | undefined>) {
  return {
    source: new DataLoader<string, SourceRow | undefined>(async (ids) =>
      byKey<SourceRow>(
        primeJoinedSpeakers<SourceRow>(
          await prepared(
            joinSpeaker(db, selectSources(db), 'pub', 'so.publisher_id').whereRaw('so.id = any(?)', [ids as string[]]),
            'sources_by_id',
          ),
          speakers,
        ),
        ids,
      ),
    ),
    /** The current archived text of each source (null when none). */
    sourceText: new DataLoader<string, string | null>(async (ids) => {
      const rows: { id: string; text: string }[] = await db('source as so')
        .join('source_text as st', (j) => j.on('st.source_id', 'so.id').andOn('st.content_hash', 'so.content_hash'))
        .select({ id: 'so.id', text: 'st.text' })
        .whereRaw('so.id = any(?)', [ids as string[]]);
      return byKey(rows, ids).map((r) => r?.text ?? null);
    }),
    /** Every archived version of each source's text, newest first (sizes and hashes, not the texts). */
    textVersions: new DataLoader<string, TextVersionType[]>(async (ids) =>
      groupByKey<TextVersionType & { sourceId: string }>(
        await db('source_text as st')
          .join('source as so', 'so.id', 'st.source_id')
          .select({
            sourceId: 'st.source_id',
            contentHash: 'st.content_hash',
            archivedAt: db.raw(isoTimestamp('st.archived_at')),
            length: db.raw('length(st.text)'),
            archivedFrom: 'st.archived_from',
            current: db.raw('st.content_hash = so.content_hash'),
          })
          .whereRaw('st.source_id = any(?)', [ids as string[]])
          .orderBy('st.archived_at', 'desc'),
        ids,
        'sourceId',
      ),
    ),
    /** A version of a source's text, by `sourceId:contentHash`. */
    textVersion: new DataLoader<string, string | null>(async (keys) => {
      const pairs = keys.map((k) => k.split(':'));
      const rows: { key: string; text: string }[] = await db('source_text as st')
        .select({ key: db.raw(`st.source_id || ':' || st.content_hash`), text: 'st.text' })
        .whereRaw('(st.source_id, st.content_hash) in (select * from unnest(?::uuid[], ?::text[]))', [
          pairs.map((p) => p[0]),
          pairs.map((p) => p[1]),
        ]);
      return byKey(rows, keys, 'key').map((r) => r?.text ?? null);
    }),
    /** Each source's citations counted by anchor status (an index range per source). */
    citationCounts: new DataLoader<string, CitationCountsType>(async (ids) => {
      const rows: { sourceId: string; status: string; n: string }[] = await db('citation')
        .select({ sourceId: 'source_id', status: 'anchor_status' })
        .count({ n: '*' })
        .whereRaw('source_id = any(?)', [ids as string[]])
        .groupBy('source_id', 'anchor_status');
      return ids.map((id) => {
        const counts: CitationCountsType = { verified: 0, moved: 0, missing: 0, unverified: 0, total: 0 };
        for (const r of rows.filter((r) => r.sourceId === id)) {
          counts[r.status.toLowerCase() as Exclude<keyof CitationCountsType, 'total'>] = Number(r.n);
          counts.total += Number(r.n);
        }
        return counts;
      });
    }),
  };
}
