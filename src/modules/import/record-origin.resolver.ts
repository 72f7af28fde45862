import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { loadOptional } from '../../shared/lookup';
import { StatementType, type StatementRow } from '../statements/statement.types';
import { RecordOriginType, type RecordOriginRow } from './record-origin.types';

@Resolver(() => StatementType)
export class StatementOriginResolver {
  @FieldResolver(() => RecordOriginType, {
    nullable: true,
    description: 'Where it was imported from (a data set and the record’s ID in it); null for statements added by editors.',
  })
  origin(@Root() s: StatementRow, @Ctx() ctx: Context): Promise<RecordOriginRow | null> {
    return loadOptional(ctx.loaders.originOfStatement, s.id);
  }
}
