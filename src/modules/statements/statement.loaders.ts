import DataLoader from 'dataloader';
import type { Knex } from '@mikro-orm/postgresql';
import { byKey, groupByKey } from '../../shared/loader-utils';
import { selectSpeakers } from '../speakers/speaker.loaders';
import type { SpeakerRow } from '../speakers/speaker.types';
import { selectTopics } from '../topics/topic.loaders';
import type { TopicRow } from '../topics/topic.types';
import { counterClaimPairs, selectStatements } from './statement.sql';
import type { CitationRow, StatementRow } from './statement.types';

type Keyed<T> = T & { key: string };

export function createStatementLoaders(db: Knex) {
  return {
    statement: new DataLoader<string, StatementRow | undefined>(async (ids) =>
      byKey<StatementRow>(await selectStatements(db).whereRaw('s.id = any(?)', [ids as string[]]), ids),
    ),
    citationsByStatement: new DataLoader<string, CitationRow[]>(async (ids) =>
      groupByKey<CitationRow>(
        await db('citation as c')
          .select({ id: 'c.id', statementId: 'c.statement_id', sourceId: 'c.source_id', excerpt: 'c.excerpt', isPrimary: 'c.is_primary' })
          .whereRaw('c.statement_id = any(?)', [ids as string[]])
          .orderByRaw('c.is_primary desc, c.id'),
        ids,
        'statementId',
      ),
    ),
    topicsByStatement: new DataLoader<string, TopicRow[]>(async (ids) =>
      groupByKey<Keyed<TopicRow>>(
        await selectTopics(db)
          .select(db.raw('st.statement_id as key'))
          .join('statement_topic as st', 'st.topic_id', 't.id')
          .whereRaw('st.statement_id = any(?)', [ids as string[]])
          .orderBy('t.name'),
        ids,
        'key',
      ),
    ),
    mentionsByStatement: new DataLoader<string, SpeakerRow[]>(async (ids) =>
      groupByKey<Keyed<SpeakerRow>>(
        await selectSpeakers(db)
          .select(db.raw('sm.statement_id as key'))
          .join('statement_mention as sm', 'sm.speaker_id', 'sp.id')
          .whereRaw('sm.statement_id = any(?)', [ids as string[]])
          .orderBy('sp.name'),
        ids,
        'key',
      ),
    ),
    /** Counter-statements, already joined: one SQL statement for a whole page of statements. */
    counterClaimsByStatement: new DataLoader<string, StatementRow[]>(async (ids) =>
      groupByKey<Keyed<StatementRow>>(
        await selectStatements(db, 'o')
          .select(db.raw('pairs.statement_id as key'))
          .join(
            db.raw(`(${counterClaimPairs('= any(?)')}) as pairs`, [ids as string[], ids as string[], ids as string[]]),
            'pairs.other_id',
            'o.id',
          )
          .orderByRaw('o.said_on_start desc, o.id desc'),
        ids,
        'key',
      ),
    ),
  };
}
