import type { Knex } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { decodeId, encodeId } from '../../shared/global-id';
import { childPage, type ChildConnection } from '../../shared/page-per-parent';
import { PageArgs, listPage, type Connection } from '../../shared/pagination';
import { ClaimType, type ClaimRow } from '../claims/claim.types';
import { SourceType, type SourceRow } from '../sources/source.types';
import { SpeakerType, type SpeakerRow } from '../speakers/speaker.types';
import { StatementType, type StatementRow } from '../statements/statement.types';
import { REVISION_KEYS, historyList, selectRevisions } from './revision.loaders';
import { RevisionConnection, RevisionFilter, RevisionType, type RevisionRow } from './revision.types';

function applyRevisionFilter(qb: Knex.QueryBuilder, filter: RevisionFilter | null): Knex.QueryBuilder {
  if (filter?.entityId) qb.where('rv.entity_id', decodeId(filter.entityId, 'filter.entityId').id);
  if (filter?.entityType) qb.where('rv.entity_type', filter.entityType);
  if (filter?.actor) qb.where('rv.actor', filter.actor);
  if (filter?.action) qb.where('rv.action', filter.action);
  if (filter?.from) qb.where('rv.at', '>=', filter.from);
  if (filter?.to) qb.where('rv.at', '<', filter.to);
  return qb;
}

const history = (ctx: Context, row: { id: string }, type: string, args: PageArgs): ChildConnection<RevisionRow> =>
  childPage(ctx, `${type}.revisions`, row.id, args, historyList);
const HISTORY = { description: 'Every change to this record, newest first: who, when, before and after.' };

@Resolver(() => RevisionType)
export class RevisionResolver {
  @FieldResolver(() => ID, { description: 'ID of the changed record (it still works in filters after a deletion).' })
  entityId(@Root() row: RevisionRow): string {
    return encodeId(row.entityType, row.entityId);
  }

  @Query(() => RevisionConnection, { description: 'The change history of the whole database, newest first.' })
  async revisions(
    @Arg('filter', () => RevisionFilter, { nullable: true, description: 'Which changes.' }) filter: RevisionFilter | null,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<RevisionRow>> {
    return listPage<RevisionRow>(args, {
      keys: REVISION_KEYS,
      descending: true,
      rows: () => applyRevisionFilter(selectRevisions(ctx.db), filter),
      count: () => applyRevisionFilter(ctx.db('revision as rv'), filter),
    });
  }
}

@Resolver(() => StatementType)
export class StatementHistoryResolver {
  @FieldResolver(() => RevisionConnection, HISTORY)
  revisions(@Root() row: StatementRow, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context): ChildConnection<RevisionRow> {
    return history(ctx, row, 'Statement', args);
  }
}

@Resolver(() => ClaimType)
export class ClaimHistoryResolver {
  @FieldResolver(() => RevisionConnection, HISTORY)
  revisions(@Root() row: ClaimRow, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context): ChildConnection<RevisionRow> {
    return history(ctx, row, 'Claim', args);
  }
}

@Resolver(() => SpeakerType)
export class SpeakerHistoryResolver {
  @FieldResolver(() => RevisionConnection, HISTORY)
  revisions(@Root() row: SpeakerRow, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context): ChildConnection<RevisionRow> {
    return history(ctx, row, 'Speaker', args);
  }
}

@Resolver(() => SourceType)
export class SourceHistoryResolver {
  @FieldResolver(() => RevisionConnection, HISTORY)
  revisions(@Root() row: SourceRow, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context): ChildConnection<RevisionRow> {
    return history(ctx, row, 'Source', args);
  }
}
