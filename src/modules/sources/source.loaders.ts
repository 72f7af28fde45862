import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { byKey, isoTimestamp, prepared } from '../../shared/loader-utils';
import { joinSpeaker, primeJoinedSpeakers } from '../speakers/speaker.loaders';
import type { SpeakerRow } from '../speakers/speaker.types';
import type { SourceRow } from './source.types';

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
  };
}
