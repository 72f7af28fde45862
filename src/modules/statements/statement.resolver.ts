import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Float, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { readPlanner } from '../../read-plans';
import type { Context } from '../../context';
import { RelationKind, RelationStatus } from '../../shared/enums';
import { FuzzyDate, toFuzzyDate } from '../../shared/fuzzy-date';
import { loadByGlobalId, loadOptional } from '../../shared/lookup';
import { childPage, type ChildConnection, type ChildList } from '../../shared/page-per-parent';
import { PageArgs, parsePage, type Connection } from '../../shared/pagination';
import { positionsOfStatementList } from '../claims/claim.loaders';
import { PositionConnection, type PositionRow } from '../claims/claim.types';
import { EventType, type EventRow } from '../events/event.types';
import { relationsList, relationsVariant } from '../relations/statement-relation.loaders';
import { distinctStatuses } from './statement.sql';
import { similarStatementsList } from '../relations/suggestions';
import { RelationDirection, StatementRelationConnection, type RelationRow } from '../relations/statement-relation.types';
import { SpeakerConnection, SpeakerType, type SpeakerRow } from '../speakers/speaker.types';
import { TopicType, type TopicRow } from '../topics/topic.types';
import { DeleteInput, DeletePayload, Payload } from '../../shared/payload';
import { checkVersion, findByGlobalId, runWrite } from '../../shared/write';
import { Role } from '../auth/role';
import { Statement } from './statement.entity';
import { CreateStatementInput, SetAttributionStatusInput, UpdateStatementInput } from './statement.inputs';
import { counterClaimsList, mentionsList, respondsToList, responsesList, supportingStatementsList } from './statement.loaders';
import { checkStatementFilter, findStatements } from './statement.query';
import { createStatement, deleteStatement, resolveReferences, setAttributionStatus, updateStatement } from './statement.service';
import {
  CitationType,
  StatementConnection,
  StatementFilter,
  StatementOrder,
  StatementType,
  type CitationRow,
  type StatementRow,
} from './statement.types';

const StatementPayload = Payload('StatementPayload', 'statement', () => StatementType, 'The statement as written.');

/** The statement as written: read inside the mutation's transaction, through its own fresh loaders. */
const reload = async (ctx: Context, id: string) => ({ statement: await ctx.loaders.statement.load(id) });

/** Which links a cross-reference field follows: confirmed ones unless an editor asks for suggestions too. */
const StatusArg = () =>
  Arg('status', () => [RelationStatus], {
    defaultValue: [RelationStatus.CONFIRMED],
    description: 'Only links with these statuses: confirmed ones by default; add SUGGESTED to see what awaits an editor.',
  });

/** A page of the statements linked to `s` as `list` reads them, for the link statuses asked (each once). */
function linkedPage(
  ctx: Context,
  field: string,
  s: StatementRow,
  args: PageArgs,
  status: RelationStatus[],
  list: (statuses: RelationStatus[]) => ChildList,
): ChildConnection<StatementRow> {
  const statuses = distinctStatuses(status);
  return childPage(ctx, field, s.id, args, list(statuses), statuses);
}

@Resolver(() => StatementType)
export class StatementResolver {
  @Authorized(Role.EDITOR)
  @Mutation(() => StatementPayload, {
    description: 'Adds a statement with its citations, topics, mentions and positions, all or nothing. Needs an EDITOR key.',
  })
  async createStatement(
    @Arg('input', () => CreateStatementInput, { description: 'The statement.' }) input: CreateStatementInput,
    @Ctx() ctx: Context,
  ) {
    const id = await runWrite(ctx, async (w) => {
      const refs = await resolveReferences(w, input);
      return createStatement(w, {
        ...refs,
        text: input.text,
        kind: input.kind,
        language: input.language,
        saidOn: input.saidOn,
        setting: input.setting,
        speakerId: refs.speakerId!,
      });
    });
    return reload(ctx, id);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => StatementPayload, { description: 'Corrects a statement. Needs an EDITOR key and the version you read.' })
  async updateStatement(
    @Arg('input', () => UpdateStatementInput, { description: 'The changes.' }) input: UpdateStatementInput,
    @Ctx() ctx: Context,
  ) {
    const statement = await runWrite(ctx, async (w) => {
      const found = await findByGlobalId(w.em, Statement, input.id, 'id', ['Statement']);
      checkVersion(found, input.version, 'statement');
      const refs = await resolveReferences(w, input);
      const { text, kind, language, saidOn, setting } = input;
      return updateStatement(w, found, {
        ...refs,
        text,
        kind,
        language,
        saidOn,
        setting,
        speakerId: input.speakerId === null ? null : refs.speakerId,
      });
    });
    return reload(ctx, statement.id);
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => StatementPayload, {
    description:
      'Marks a statement VERIFIED, DISPUTED, MISATTRIBUTED, RETRACTED... with the evidence. Wrong attributions are ' +
      'marked, never deleted. Needs an EDITOR key.',
  })
  async setAttributionStatus(
    @Arg('input', () => SetAttributionStatusInput, { description: 'Status and reason.' }) input: SetAttributionStatusInput,
    @Ctx() ctx: Context,
  ) {
    const statement = await runWrite(ctx, async (w) =>
      setAttributionStatus(
        w,
        await findByGlobalId(w.em, Statement, input.statementId, 'statementId', ['Statement']),
        input.status,
        input.reason,
      ),
    );
    return reload(ctx, statement.id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => DeletePayload, {
    description: 'Deletes a statement and its citations, positions and links. ADMIN only: editors use setAttributionStatus instead.',
  })
  async deleteStatement(@Arg('input', () => DeleteInput, { description: 'The statement.' }) input: DeleteInput, @Ctx() ctx: Context) {
    await runWrite(ctx, async (w) => deleteStatement(w, await findByGlobalId(w.em, Statement, input.id, 'id', ['Statement'])));
    return { deletedId: input.id };
  }

  @Query(() => StatementType, { description: 'One statement by ID, whatever its attribution status.' })
  statement(
    @Arg('id', () => ID, { description: 'The statement’s ID.' }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<StatementRow> {
    return loadByGlobalId(readPlanner.objectReader(info, ctx.db, 'statement', ctx.loaders.statement), id, 'id', ['Statement']);
  }

  @Query(() => StatementConnection, {
    description: 'Statements matching a filter, a page at a time. Default order: most recently said first.',
  })
  async statements(
    @Arg('filter', () => StatementFilter, { nullable: true, description: 'Which statements; all conditions must hold.' })
    filter: StatementFilter | null,
    @Arg('orderBy', () => StatementOrder, { nullable: true, description: 'Sort order; default SAID_ON DESC.' })
    orderBy: StatementOrder | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<StatementRow>> {
    await checkStatementFilter(ctx, filter);
    return findStatements(ctx.db, filter, orderBy, parsePage(page), readPlanner.connectionReader(info, ctx.db, 'statement'));
  }

  @FieldResolver(() => SpeakerType, { description: 'Who said it.' })
  async speaker(@Root() s: StatementRow, @Ctx() ctx: Context): Promise<SpeakerRow> {
    return (await ctx.loaders.speaker.load(s.speakerId))!;
  }

  @FieldResolver(() => SpeakerType, {
    nullable: true,
    description: 'Whom the speaker spoke for, e.g. the president a spokesperson speaks for.',
  })
  onBehalfOf(@Root() s: StatementRow, @Ctx() ctx: Context): Promise<SpeakerRow | null> {
    return loadOptional(ctx.loaders.speaker, s.onBehalfOfId);
  }

  @FieldResolver(() => FuzzyDate, { description: 'When it was said, as precisely as known.' })
  saidOn(@Root() s: StatementRow): FuzzyDate {
    return toFuzzyDate(s.saidOnStart, s.saidOnEnd, s.saidOnPrecision, s.saidOnInferred);
  }

  @FieldResolver(() => EventType, { nullable: true, description: 'Where it was said: talks, a summit, a briefing.' })
  event(@Root() s: StatementRow, @Ctx() ctx: Context): Promise<EventRow | null> {
    return loadOptional(ctx.loaders.event, s.eventId);
  }

  @FieldResolver(() => [CitationType], {
    description:
      'The sources that printed it, the first appearance first. A plain list: a statement has at most 50 citations ' +
      '(the limit on writes; corrections replace the whole list).',
  })
  citations(@Root() s: StatementRow, @Ctx() ctx: Context): Promise<CitationRow[]> {
    return ctx.loaders.citationsByStatement.load(s.id);
  }

  @FieldResolver(() => [TopicType], {
    description: 'What it is about, by name. A plain list: a statement has at most 20 topics (the limit on writes).',
  })
  topics(@Root() s: StatementRow, @Ctx() ctx: Context): Promise<TopicRow[]> {
    return ctx.loaders.topicsByStatement.load(s.id);
  }

  @FieldResolver(() => SpeakerConnection, { description: 'People and organisations it is about, by name.' })
  mentions(@Root() s: StatementRow, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context): ChildConnection<SpeakerRow> {
    return childPage(ctx, 'Statement.mentions', s.id, args, mentionsList);
  }

  @FieldResolver(() => PositionConnection, { description: 'The claims it takes a side on, and which side.' })
  positions(@Root() s: StatementRow, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context): ChildConnection<PositionRow> {
    return childPage(ctx, 'Statement.positions', s.id, args, positionsOfStatementList);
  }

  @FieldResolver(() => StatementConnection, {
    description:
      'Statements that say the opposite: linked as CONTRADICTS (either way) or taking the other side of a claim ' +
      'this one takes a side on (those count as CONFIRMED). Nobody has to draw the link by hand. Most recently said first; statements marked ' +
      'MISATTRIBUTED or RETRACTED are left out.',
  })
  counterClaims(
    @Root() s: StatementRow,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
    @StatusArg() status: RelationStatus[],
  ): ChildConnection<StatementRow> {
    return linkedPage(ctx, 'Statement.counterClaims', s, args, status, counterClaimsList);
  }

  @FieldResolver(() => StatementConnection, {
    description:
      'Statements that support it (SUPPORTS) or confirm the same facts (CORROBORATES), each once, in the order they ' +
      'were linked. Statements marked MISATTRIBUTED or RETRACTED are left out.',
  })
  supportingStatements(
    @Root() s: StatementRow,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
    @StatusArg() status: RelationStatus[],
  ): ChildConnection<StatementRow> {
    return linkedPage(ctx, 'Statement.supportingStatements', s, args, status, supportingStatementsList);
  }

  @FieldResolver(() => StatementConnection, {
    description:
      'Statements made in response to this one, in the order they were linked. Statements marked MISATTRIBUTED or ' +
      'RETRACTED are left out.',
  })
  responses(
    @Root() s: StatementRow,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
    @StatusArg() status: RelationStatus[],
  ): ChildConnection<StatementRow> {
    return linkedPage(ctx, 'Statement.responses', s, args, status, responsesList);
  }

  @FieldResolver(() => StatementConnection, {
    description:
      'The statements this one responds to, in the order they were linked. Statements marked MISATTRIBUTED or ' + 'RETRACTED are left out.',
  })
  respondsTo(
    @Root() s: StatementRow,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
    @StatusArg() status: RelationStatus[],
  ): ChildConnection<StatementRow> {
    return linkedPage(ctx, 'Statement.respondsTo', s, args, status, respondsToList);
  }

  @FieldResolver(() => StatementConnection, {
    description:
      'Statements worded like this one, most alike first (see `textMatch`): likely repeats, echoes or rebuttals ' +
      'to check. A reading aid, not a link: nothing here is confirmed (`suggestRelations` proposes links for an ' +
      'editor to confirm). Statements marked MISATTRIBUTED or RETRACTED are left out.',
  })
  similar(@Root() s: StatementRow, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context): ChildConnection<StatementRow> {
    return childPage(ctx, 'Statement.similar', s.id, args, similarStatementsList);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'How alike its wording is to the statement whose `similar` list it came from, from 0 to 1 (trigram ' + 'similarity); null elsewhere.',
  })
  textMatch(@Root() s: StatementRow & { textMiss?: number }): number | null {
    return s.textMiss == null ? null : (1000 - s.textMiss) / 1000;
  }

  @FieldResolver(() => StatementRelationConnection, { description: 'Its typed links to other statements, oldest link first.' })
  relations(
    @Root() s: StatementRow,
    @Ctx() ctx: Context,
    @Arg('kinds', () => [RelationKind], { nullable: true, description: 'Only these kinds of link; default all.' })
    kinds: RelationKind[] | null,
    @Arg('direction', () => RelationDirection, {
      defaultValue: RelationDirection.BOTH,
      description: 'Links from this statement, to it, or both.',
    })
    direction: RelationDirection,
    @StatusArg() status: RelationStatus[],
    @Args(() => PageArgs) args: PageArgs,
  ): ChildConnection<RelationRow> {
    const variant = relationsVariant(kinds, direction, status);
    return childPage(ctx, 'Statement.relations', s.id, args, relationsList(variant), variant);
  }
}
