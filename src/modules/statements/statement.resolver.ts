import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { RelationKind } from '../../shared/enums';
import { FuzzyDate, toFuzzyDate } from '../../shared/fuzzy-date';
import { loadByGlobalId, loadOptional } from '../../shared/lookup';
import { PageArgs, parsePage, type Connection } from '../../shared/pagination';
import { PositionType, type PositionRow } from '../claims/claim.types';
import { EventType, type EventRow } from '../events/event.types';
import { RelationDirection, StatementRelationType, type RelationRow } from '../relations/statement-relation.types';
import { SourceType, type SourceRow } from '../sources/source.types';
import { SpeakerType, type SpeakerRow } from '../speakers/speaker.types';
import { TopicType, type TopicRow } from '../topics/topic.types';
import { findStatements } from './statement.query';
import {
  CitationType,
  StatementConnection,
  StatementFilter,
  StatementOrder,
  StatementType,
  isVisibleByDefault,
  type CitationRow,
  type StatementRow,
} from './statement.types';

@Resolver(() => StatementType)
export class StatementResolver {
  @Query(() => StatementType, { description: 'One statement by ID, whatever its attribution status.' })
  statement(@Arg('id', () => ID, { description: 'The statement’s ID.' }) id: string, @Ctx() ctx: Context): Promise<StatementRow> {
    return loadByGlobalId(ctx.loaders.statement, id, 'id', ['Statement']);
  }

  @Query(() => StatementConnection, {
    description: 'Statements matching a filter, a page at a time. Default order: most recently said first.',
  })
  statements(
    @Arg('filter', () => StatementFilter, { nullable: true, description: 'Which statements; all conditions must hold.' }) filter: StatementFilter | null,
    @Arg('orderBy', () => StatementOrder, { nullable: true, description: 'Sort order; default SAID_ON DESC.' }) orderBy: StatementOrder | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<StatementRow>> {
    return findStatements(ctx.db, filter, orderBy, parsePage(page));
  }

  @FieldResolver(() => SpeakerType, { description: 'Who said it.' })
  async speaker(@Root() s: StatementRow, @Ctx() ctx: Context): Promise<SpeakerRow> {
    return (await ctx.loaders.speaker.load(s.speakerId))!;
  }

  @FieldResolver(() => SpeakerType, { nullable: true, description: 'Whom the speaker spoke for, e.g. the president a spokesperson speaks for.' })
  onBehalfOf(@Root() s: StatementRow, @Ctx() ctx: Context): Promise<SpeakerRow | null> {
    return loadOptional(ctx.loaders.speaker, s.onBehalfOfId);
  }

  @FieldResolver(() => FuzzyDate, { description: 'When it was said, as precisely as known.' })
  saidOn(@Root() s: StatementRow): FuzzyDate {
    return toFuzzyDate(s.saidOnStart, s.saidOnEnd, s.saidOnPrecision);
  }

  @FieldResolver(() => EventType, { nullable: true, description: 'Where it was said: talks, a summit, a briefing.' })
  event(@Root() s: StatementRow, @Ctx() ctx: Context): Promise<EventRow | null> {
    return loadOptional(ctx.loaders.event, s.eventId);
  }

  @FieldResolver(() => [CitationType], { description: 'The sources that printed it, the first appearance first.' })
  citations(@Root() s: StatementRow, @Ctx() ctx: Context): Promise<CitationRow[]> {
    return ctx.loaders.citationsByStatement.load(s.id);
  }

  @FieldResolver(() => [TopicType], { description: 'What it is about.' })
  topics(@Root() s: StatementRow, @Ctx() ctx: Context): Promise<TopicRow[]> {
    return ctx.loaders.topicsByStatement.load(s.id);
  }

  @FieldResolver(() => [SpeakerType], { description: 'People and organisations it is about.' })
  mentions(@Root() s: StatementRow, @Ctx() ctx: Context): Promise<SpeakerRow[]> {
    return ctx.loaders.mentionsByStatement.load(s.id);
  }

  @FieldResolver(() => [PositionType], { description: 'The claims it takes a side on, and which side.' })
  positions(@Root() s: StatementRow, @Ctx() ctx: Context): Promise<PositionRow[]> {
    return ctx.loaders.positionsByStatement.load(s.id);
  }

  @FieldResolver(() => [StatementType], {
    description:
      'Statements that say the opposite: linked as CONTRADICTS (either way) or taking the other side of a claim ' +
      'this one takes a side on. Nobody has to draw the link by hand.',
  })
  async counterClaims(@Root() s: StatementRow, @Ctx() ctx: Context): Promise<StatementRow[]> {
    return (await ctx.loaders.counterClaimsByStatement.load(s.id)).filter(isVisibleByDefault);
  }

  @FieldResolver(() => [StatementType], { description: 'Statements that support it (SUPPORTS) or confirm the same facts (CORROBORATES).' })
  supportingStatements(@Root() s: StatementRow, @Ctx() ctx: Context): Promise<StatementRow[]> {
    return related(ctx, s.id, (r) =>
      (r.kind === RelationKind.SUPPORTS && r.toId === s.id) || r.kind === RelationKind.CORROBORATES ? otherEnd(r, s.id) : null,
    );
  }

  @FieldResolver(() => [StatementType], { description: 'Statements made in response to this one.' })
  responses(@Root() s: StatementRow, @Ctx() ctx: Context): Promise<StatementRow[]> {
    return related(ctx, s.id, (r) => (r.kind === RelationKind.RESPONDS_TO && r.toId === s.id ? r.fromId : null));
  }

  @FieldResolver(() => [StatementType], { description: 'The statements this one responds to.' })
  respondsTo(@Root() s: StatementRow, @Ctx() ctx: Context): Promise<StatementRow[]> {
    return related(ctx, s.id, (r) => (r.kind === RelationKind.RESPONDS_TO && r.fromId === s.id ? r.toId : null));
  }

  @FieldResolver(() => [StatementRelationType], { description: 'Its typed links to other statements.' })
  async relations(
    @Root() s: StatementRow,
    @Ctx() ctx: Context,
    @Arg('kinds', () => [RelationKind], { nullable: true, description: 'Only these kinds of link; default all.' }) kinds: RelationKind[] | null,
    @Arg('direction', () => RelationDirection, { defaultValue: RelationDirection.BOTH, description: 'Links from this statement, to it, or both.' })
    direction: RelationDirection,
  ): Promise<RelationRow[]> {
    const rows = await ctx.loaders.relationsByStatement.load(s.id);
    return rows.filter(
      (r) =>
        (!kinds?.length || kinds.includes(r.kind)) &&
        (direction === RelationDirection.BOTH ||
          (direction === RelationDirection.OUTGOING ? r.fromId === s.id : r.toId === s.id)),
    );
  }
}

const otherEnd = (r: RelationRow, id: string): string => (r.fromId === id ? r.toId : r.fromId);

/** Statements at the other end of the links `pick` selects: two batched SQL statements per level. */
async function related(ctx: Context, id: string, pick: (r: RelationRow) => string | null): Promise<StatementRow[]> {
  const relations = await ctx.loaders.relationsByStatement.load(id);
  const ids = [...new Set(relations.map(pick).filter((x): x is string => x !== null))];
  const rows = await ctx.loaders.statement.loadMany(ids);
  return rows.filter((r): r is StatementRow => !!r && !(r instanceof Error) && isVisibleByDefault(r));
}

@Resolver(() => CitationType)
export class CitationResolver {
  @FieldResolver(() => SourceType, { description: 'The source it appeared in.' })
  async source(@Root() c: CitationRow, @Ctx() ctx: Context): Promise<SourceRow> {
    return (await ctx.loaders.source.load(c.sourceId))!;
  }
}

