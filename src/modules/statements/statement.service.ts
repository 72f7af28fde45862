import { AttributionStatus, RevisionAction, type DatePrecision, type StatementKind } from '../../shared/enums';
import { parseFuzzyDate } from '../../shared/fuzzy-date';
import { recordRevision, type Writer } from '../audit/audit.service';
import { Event } from '../events/event.entity';
import { Source } from '../sources/source.entity';
import { Speaker } from '../speakers/speaker.entity';
import { Topic } from '../topics/topic.entity';
import { Citation, Statement } from './statement.entity';

export interface CitationInput {
  sourceId: string;
  excerpt?: string | null;
  isPrimary?: boolean;
}

export interface StatementInput {
  id?: string;
  text: string;
  kind: StatementKind;
  language?: string | null;
  speakerId: string;
  onBehalfOfId?: string | null;
  saidOn: { date: string; precision?: DatePrecision | null };
  eventId?: string | null;
  setting?: string | null;
  attributionStatus?: AttributionStatus;
  citations?: CitationInput[];
  topicIds?: string[];
  mentionIds?: string[];
}

/** Adds a statement with its citations, topics and mentions, leaving one revision for the whole record. */
export function createStatement(writer: Writer, input: StatementInput): Statement {
  const { em } = writer;
  const saidOn = parseFuzzyDate(input.saidOn.date, 'saidOn.date', input.saidOn.precision);
  const statement = em.create(Statement, {
    ...(input.id ? { id: input.id } : {}),
    text: input.text.trim(),
    kind: input.kind,
    language: input.language ?? null,
    speaker: em.getReference(Speaker, input.speakerId),
    onBehalfOf: input.onBehalfOfId ? em.getReference(Speaker, input.onBehalfOfId) : null,
    saidOnStart: saidOn.start,
    saidOnEnd: saidOn.end,
    saidOnPrecision: saidOn.precision,
    event: input.eventId ? em.getReference(Event, input.eventId) : null,
    setting: input.setting ?? null,
    attributionStatus: input.attributionStatus ?? AttributionStatus.UNVERIFIED,
    topics: (input.topicIds ?? []).map((id) => em.getReference(Topic, id)),
    mentions: (input.mentionIds ?? []).map((id) => em.getReference(Speaker, id)),
  });
  for (const citation of input.citations ?? []) {
    statement.citations.add(
      em.create(Citation, {
        statement,
        source: em.getReference(Source, citation.sourceId),
        excerpt: citation.excerpt ?? null,
        isPrimary: citation.isPrimary ?? false,
      }),
    );
  }
  recordRevision(writer, 'Statement', statement, RevisionAction.CREATE, null);
  return statement;
}
