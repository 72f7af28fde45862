import type { Knex } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { decodeId, encodeId } from '../../shared/global-id';
import { PageArgs, listPage, type Connection, type SortKey } from '../../shared/pagination';
import { ClaimType, type ClaimRow } from '../claims/claim.types';
import { SourceType, type SourceRow } from '../sources/source.types';
import { SpeakerType, type SpeakerRow } from '../speakers/speaker.types';
import { StatementType, type StatementRow } from '../statements/statement.types';
import { selectRevisions } from './revision.loaders';
import { RevisionConnection, RevisionFilter, RevisionType, type RevisionRow } from './revision.types';

const REVISION_KEYS: SortKey[] = [
  { column: 'rv.at', property: 'at', type: 'timestamp' },
  { column: 'rv.id', property: 'id', type: 'uuid' },
];

function applyRevisionFilter(qb: Knex.QueryBuilder, filter: RevisionFilter | null): Knex.QueryBuilder {
  if (filter?.entityId) qb.where('rv.entity_id', decodeId(filter.entityId, 'filter.entityId').id);
  if (filter?.entityType) qb.where('rv.entity_type', filter.entityType);
  if (filter?.actor) qb.where('rv.actor', filter.actor);
  if (filter?.action) qb.where('rv.action', filter.action);
  if (filter?.from) qb.where('rv.at', '>=', filter.from);
  if (filter?.to) qb.where('rv.at', '<', filter.to);
  return qb;
}

const history = (ctx: Context, row: { id: string }): Promise<RevisionRow[]> => ctx.loaders.revisionsByEntity.load(row.id);
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
  @FieldResolver(() => [RevisionType], HISTORY)
  revisions(@Root() row: StatementRow, @Ctx() ctx: Context): Promise<RevisionRow[]> {
    return history(ctx, row);
  }
}

@Resolver(() => ClaimType)
export class ClaimHistoryResolver {
  @FieldResolver(() => [RevisionType], HISTORY)
  revisions(@Root() row: ClaimRow, @Ctx() ctx: Context): Promise<RevisionRow[]> {
    return history(ctx, row);
  }
}

@Resolver(() => SpeakerType)
export class SpeakerHistoryResolver {
  @FieldResolver(() => [RevisionType], HISTORY)
  revisions(@Root() row: SpeakerRow, @Ctx() ctx: Context): Promise<RevisionRow[]> {
    return history(ctx, row);
  }
}

@Resolver(() => SourceType)
export class SourceHistoryResolver {
  @FieldResolver(() => [RevisionType], HISTORY)
  revisions(@Root() row: SourceRow, @Ctx() ctx: Context): Promise<RevisionRow[]> {
    return history(ctx, row);
  }
}
