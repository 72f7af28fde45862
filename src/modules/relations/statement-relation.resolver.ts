import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { loadOptional } from '../../shared/lookup';
import { SourceType, type SourceRow } from '../sources/source.types';
import { StatementType, type StatementRow } from '../statements/statement.types';
import { StatementRelationType, type RelationRow } from './statement-relation.types';

@Resolver(() => StatementRelationType)
export class StatementRelationResolver {
  @FieldResolver(() => StatementType, { description: 'The statement the link starts from (e.g. the reply).' })
  async from(@Root() r: RelationRow, @Ctx() ctx: Context): Promise<StatementRow> {
    return (await ctx.loaders.statement.load(r.fromId))!;
  }

  @FieldResolver(() => StatementType, { description: 'The statement the link points to (e.g. what was replied to).' })
  async to(@Root() r: RelationRow, @Ctx() ctx: Context): Promise<StatementRow> {
    return (await ctx.loaders.statement.load(r.toId))!;
  }

  @FieldResolver(() => SourceType, { nullable: true, description: 'Evidence for the link, if any.' })
  source(@Root() r: RelationRow, @Ctx() ctx: Context): Promise<SourceRow | null> {
    return loadOptional(ctx.loaders.source, r.sourceId);
  }
}
