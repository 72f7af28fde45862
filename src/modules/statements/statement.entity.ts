import {
  Collection,
  DeferMode,
  Entity,
  Enum,
  Index,
  ManyToMany,
  ManyToOne,
  OneToMany,
  Property,
  type Ref,
  Unique,
  type Opt,
} from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';
import { AttributionStatus, CitationStatus, DatePrecision, StatementKind } from '../../shared/enums';
import { Event } from '../events/event.entity';
import { Source } from '../sources/source.entity';
import { Speaker } from '../speakers/speaker.entity';
import { Topic } from '../topics/topic.entity';

/**
 * One utterance by one speaker. The fuzzy date is stored as the interval it covers (first and last day) plus
 * its precision, so range filters are plain interval overlaps and sorting uses the interval's start.
 */
@Entity({ tableName: 'statement' })
// search: the record's words in its language and as typed, and its speaker's, event's and topics' names at a lower
// weight (search_document, written by a trigger: migrations Migration20261201143000 and Migration20261201160000),
// with the year it was said (Migration20261202070000).
@Index({
  name: 'statement_search_idx',
  expression: `create index "statement_search_idx" on "statement" using gin ("search_document", (date_part('year', "said_on_start")::int))`,
})
@Index({ name: 'statement_said_on_idx', properties: ['saidOnStart', 'id'] })
@Index({ name: 'statement_speaker_said_on_idx', properties: ['speaker', 'saidOnStart', 'id'] })
// Speaker.claims and self-contradictions: statements by the one they speak for (principalSql), by date.
@Index({
  name: 'statement_principal_idx',
  expression: `create index "statement_principal_idx" on "statement" (coalesce("on_behalf_of_id", "speaker_id"), "said_on_start", "id")`,
})
// Statement.similar and suggestRelations: trigram likeness of wording (pg_trgm).
@Index({
  name: 'statement_text_trgm_idx',
  expression: 'create index "statement_text_trgm_idx" on "statement" using gin ("text" gin_trgm_ops)',
})
export class Statement extends BaseEntity {
  /** What full-text search finds the record by; kept by PostgreSQL (a trigger), never written or read by the app. */
  @Property({ type: 'tsvector', lazy: true, hidden: true, nullable: true })
  searchDocument?: string & Opt;

  @Property({ type: 'text' })
  text!: string;

  @Enum({ items: () => StatementKind, type: 'text' })
  kind!: StatementKind;

  @Property({ type: 'text', nullable: true })
  language?: string | null;

  @ManyToOne({ entity: () => Speaker, ref: true, deleteRule: 'restrict' })
  speaker!: Ref<Speaker>;

  /** The principal a spokesperson speaks for. */
  @ManyToOne({ entity: () => Speaker, ref: true, nullable: true, index: true, deleteRule: 'restrict' })
  onBehalfOf?: Ref<Speaker> | null;

  @Property({ type: 'date' })
  saidOnStart!: string;

  @Property({ type: 'date' })
  saidOnEnd!: string;

  @Enum({ items: () => DatePrecision, type: 'text' })
  saidOnPrecision!: DatePrecision;

  /** True when an editor derived the date (an undated remark dated by its report) rather than read it in a source. */
  @Property({ type: 'boolean', default: false })
  saidOnInferred: boolean & Opt = false;

  @ManyToOne({ entity: () => Event, ref: true, nullable: true, index: true, deleteRule: 'set null' })
  event?: Ref<Event> | null;

  /** Where it was said when there is no event record: "a tweet", "a debate in Miami". */
  @Property({ type: 'text', nullable: true })
  setting?: string | null;

  @Enum({ items: () => AttributionStatus, type: 'text' })
  attributionStatus: AttributionStatus = AttributionStatus.UNVERIFIED;

  /** Why the attribution status was last set (the evidence for MISATTRIBUTED, say). */
  @Property({ type: 'text', nullable: true })
  attributionNote?: string | null;

  @OneToMany({ entity: () => Citation, mappedBy: 'statement', orphanRemoval: true })
  citations = new Collection<Citation>(this);

  @ManyToMany({ entity: () => Topic, pivotEntity: () => StatementTopic })
  topics = new Collection<Topic>(this);

  /** Speakers the statement is about. */
  @ManyToMany({
    entity: () => Speaker,
    pivotTable: 'statement_mention',
    joinColumn: 'statement_id',
    inverseJoinColumn: 'speaker_id',
  })
  mentions = new Collection<Speaker>(this);
}

/**
 * Where a statement appeared: the source and the words as printed there, anchored in the source's archived text
 * by a W3C Web Annotation text-quote selector (exact, prefix, suffix) and position (start, end, in characters).
 */
@Entity({ tableName: 'citation' })
@Unique({ properties: ['statement', 'source'] })
// citations(filter: { status }): the ones to look at (MOVED, MISSING) without reading the rest.
@Index({ name: 'citation_anchor_status_idx', properties: ['anchorStatus', 'id'] })
export class Citation extends BaseEntity {
  @ManyToOne({ entity: () => Statement, ref: true, deleteRule: 'cascade' })
  statement!: Ref<Statement>;

  @ManyToOne({ entity: () => Source, ref: true, index: true, deleteRule: 'restrict' })
  source!: Ref<Source>;

  @Property({ type: 'text', nullable: true })
  excerpt?: string | null;

  /** True for the first appearance (the speaker's own post, the original interview). */
  @Property({ type: 'boolean', default: false })
  isPrimary: boolean = false;

  @Enum({ items: () => CitationStatus, type: 'text', default: CitationStatus.UNVERIFIED })
  anchorStatus: CitationStatus & Opt = CitationStatus.UNVERIFIED;

  @Property({ type: 'text', nullable: true })
  anchorExact?: string | null;

  @Property({ type: 'text', nullable: true })
  anchorPrefix?: string | null;

  @Property({ type: 'text', nullable: true })
  anchorSuffix?: string | null;

  @Property({ type: 'integer', nullable: true })
  anchorStart?: number | null;

  @Property({ type: 'integer', nullable: true })
  anchorEnd?: number | null;
}

/**
 * A statement's topic. The reference to the statement may be checked at the end of a transaction
 * (`createStatements` defers it): a statement's topics can then be written before the statement itself, whose
 * search document, which holds its topics' names, is computed once instead of again when the topics arrive.
 */
@Entity({ tableName: 'statement_topic' })
export class StatementTopic {
  @ManyToOne({
    entity: () => Statement,
    primary: true,
    deleteRule: 'cascade',
    updateRule: 'cascade',
    deferMode: DeferMode.INITIALLY_IMMEDIATE,
  })
  statement!: Statement;

  @ManyToOne({ entity: () => Topic, primary: true, deleteRule: 'cascade', updateRule: 'cascade' })
  topic!: Topic;
}
