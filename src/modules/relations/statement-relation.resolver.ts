import { Arg, Authorized, Ctx, Field, FieldResolver, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { loadOptional } from '../../shared/lookup';
import { SourceType, type SourceRow } from '../sources/source.types';
import { StatementType, type StatementRow } from '../statements/statement.types';
import { RelationStatus } from '../../shared/enums';
import { DeletePayload, Payload } from '../../shared/payload';
import { findByGlobalId, runWrite } from '../../shared/write';
import { Role } from '../auth/role';
import { Source } from '../sources/source.entity';
import { Statement } from '../statements/statement.entity';
import { StatementRelation } from './statement-relation.entity';
import { LinkStatementsInput, RelationInput, SuggestRelationsInput } from './statement-relation.inputs';
import { checkNotLinked, confirmRelation, linkStatements, unlinkStatements } from './statement-relation.service';
import { StatementRelationType, type RelationRow } from './statement-relation.types';
import { suggestRelations } from './suggestions';

const RelationPayload = Payload('RelationPayload', 'relation', () => StatementRelationType, 'The link as written.');

@ObjectType({ description: 'The links proposed, all SUGGESTED; none when nothing is worded alike enough or all are linked already.' })
class SuggestRelationsPayload {
  @Field(() => [StatementRelationType], { description: 'The new suggested links, most alike first.' })
  relations!: RelationRow[];
}

@Resolver(() => StatementRelationType)
export class StatementRelationResolver {
  @Authorized(Role.EDITOR)
  @Mutation(() => RelationPayload, {
    description: 'Links two statements (a reply, a contradiction...). One link per pair and kind. Needs an EDITOR key.',
  })
  async linkStatements(
    @Arg('input', () => LinkStatementsInput, { description: 'The link.' }) input: LinkStatementsInput,
    @Ctx() ctx: Context,
  ) {
    const relation = await runWrite(ctx, async (w) => {
      const from = await findByGlobalId(w.em, Statement, input.fromId, 'fromId', ['Statement']);
      const to = await findByGlobalId(w.em, Statement, input.toId, 'toId', ['Statement']);
      const source = input.sourceId ? await findByGlobalId(w.em, Source, input.sourceId, 'sourceId', ['Source']) : null;
      const link = { ...input, fromId: from.id, toId: to.id, sourceId: source?.id, status: input.status ?? RelationStatus.CONFIRMED };
      if (from.id !== to.id) await checkNotLinked(w, link);
      return linkStatements(w, link);
    });
    return { relation: await ctx.loaders.relation.load(relation.id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => SuggestRelationsPayload, {
    description:
      'Proposes links from a statement to the statements worded most like it (up to 10, not linked to it yet): ' +
      'REPEATS when both speak for the same principal, SUPPORTS otherwise. They are stored as SUGGESTED, count ' +
      'as nothing until an editor confirms them (`confirmRelation`), and show in `relations(status: [SUGGESTED])`. ' +
      'Needs an EDITOR key.',
  })
  async suggestRelations(
    @Arg('input', () => SuggestRelationsInput, { description: 'The statement.' }) input: SuggestRelationsInput,
    @Ctx() ctx: Context,
  ) {
    const created = await runWrite(ctx, async (w) =>
      suggestRelations(w, (await findByGlobalId(w.em, Statement, input.statementId, 'statementId', ['Statement'])).id),
    );
    const relations = await ctx.loaders.relation.loadMany(created.map((r) => r.id));
    return { relations: relations.filter((r): r is RelationRow => !!r && !(r instanceof Error)) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => RelationPayload, { description: 'Confirms a link the machine suggested. Needs an EDITOR key.' })
  async confirmRelation(@Arg('input', () => RelationInput, { description: 'The link.' }) input: RelationInput, @Ctx() ctx: Context) {
    const relation = await runWrite(ctx, async (w) =>
      confirmRelation(w, await findByGlobalId(w.em, StatementRelation, input.id, 'id', ['StatementRelation'])),
    );
    return { relation: await ctx.loaders.relation.load(relation.id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, { description: 'Removes a link between statements. Needs an EDITOR key.' })
  async unlinkStatements(@Arg('input', () => RelationInput, { description: 'The link.' }) input: RelationInput, @Ctx() ctx: Context) {
    await runWrite(ctx, async (w) =>
      unlinkStatements(w, await findByGlobalId(w.em, StatementRelation, input.id, 'id', ['StatementRelation'])),
    );
    return { deletedId: input.id };
  }

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
