import type { GraphQLResolveInfo } from 'graphql';
import { readPlanner } from '../../read-plans';
import { Arg, Args, Authorized, Ctx, FieldResolver, Float, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { positionsOfPrincipalList, selfContradictionsList } from '../claims/claim.loaders';
import { PositionConnection, SelfContradictionConnection, type PositionRow, type SelfContradictionRow } from '../claims/claim.types';
import { loadByGlobalId } from '../../shared/lookup';
import { DeleteInput, DeletePayload, Payload } from '../../shared/payload';
import { Role } from '../auth/role';
import { checkVersion, findByGlobalId, runWrite } from '../../shared/write';
import { Affiliation, Organization, Person, Speaker } from './speaker.entity';
import {
  AffiliationInput as AffiliationFields,
  CreateAffiliationInput,
  CreateOrganizationInput,
  CreatePersonInput,
  MergeSpeakersInput,
  UpdateAffiliationInput,
  UpdateSpeakerInput,
} from './speaker.inputs';
import {
  addAffiliation,
  checkWikidataFree,
  createOrganization,
  createPerson,
  deleteAffiliation,
  deleteSpeaker,
  mergeSpeakers,
  updateAffiliation,
  updateSpeaker,
} from './speaker.service';
import { childPage, type ChildConnection } from '../../shared/page-per-parent';
import { PageArgs, arrayConnection, listPage, type Connection } from '../../shared/pagination';
import { statementsBySpeakerList } from '../statements/statements-by-speaker';
import { StatementConnection, StatementFilter, StatementOrder, type StatementRow } from '../statements/statement.types';
import { affiliationsOfPersonList, speakerList } from './speaker.loaders';
import {
  AffiliationConnection,
  AffiliationType,
  AliasConnection,
  OrganizationType,
  PersonType,
  SpeakerConnection,
  SpeakerFilter,
  SPEAKER_TYPES,
  SpeakerType,
  type AffiliationRow,
  type SpeakerRow,
} from './speaker.types';
import { checkStatementFilter } from '../statements/statement.query';

const CreatePersonPayload = Payload('CreatePersonPayload', 'person', () => PersonType, 'The person added.');
const CreateOrganizationPayload = Payload('CreateOrganizationPayload', 'organization', () => OrganizationType, 'The organisation added.');
const SpeakerPayload = Payload('SpeakerPayload', 'speaker', () => SpeakerType, 'The speaker as changed.');
const AffiliationPayload = Payload('AffiliationPayload', 'affiliation', () => AffiliationType, 'The role as written.');

/** The speaker as written: read inside the mutation's transaction, through its own fresh loaders. */
async function reloadSpeaker(ctx: Context, id: string): Promise<SpeakerRow> {
  return (await ctx.loaders.speaker.load(id))!;
}

async function resolveAffiliations(
  em: Context['em'],
  affiliations: AffiliationFields[] | null | undefined,
  /** The input field naming the organisation: `affiliations.N.organizationId` in a person, plain on its own. */
  field = (i: number) => `affiliations.${i}.organizationId`,
) {
  const resolved = [];
  for (const [i, a] of (affiliations ?? []).entries()) {
    const organization = await findByGlobalId(em, Organization, a.organizationId, field(i), ['Organization']);
    resolved.push({ ...a, organizationId: organization.id });
  }
  return resolved;
}

@Resolver(() => SpeakerType)
export class SpeakerResolver {
  @Query(() => SpeakerType, {
    description: 'One person or organisation by ID. A merged-away ID resolves to the record it was merged into.',
  })
  speaker(
    @Arg('id', () => ID, { description: 'The speaker’s ID.' }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SpeakerRow> {
    return loadByGlobalId(readPlanner.objectReader(info, ctx.db, 'speaker', ctx.loaders.speaker), id, 'id', SPEAKER_TYPES);
  }

  @Query(() => SpeakerConnection, {
    description: 'People and organisations, sorted by name; with a `name` to look for, best match first (see `nameMatch`).',
  })
  async speakers(
    @Arg('filter', () => SpeakerFilter, { nullable: true, description: 'Which speakers.' }) filter: SpeakerFilter | null,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<SpeakerRow>> {
    const list = speakerList(ctx.db, filter);
    return listPage<SpeakerRow>(args, {
      read: readPlanner.connectionReader(info, ctx.db, 'speaker'),
      keys: list.keys,
      descending: list.descending,
      rows: () => list.rows,
      count: () => list.count,
    });
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'How well the name or an alias matched the name searched for in `speakers(filter: { name })`, from 0 to 1 (1: ' +
      'it contains what was typed, spelling variants aside); null outside such a search.',
  })
  nameMatch(@Root() speaker: SpeakerRow): number | null {
    return speaker.nameMiss == null ? null : (1000 - speaker.nameMiss) / 1000;
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => CreatePersonPayload, { description: 'Adds a person, with their roles. Needs an EDITOR key.' })
  async createPerson(@Arg('input', () => CreatePersonInput, { description: 'The person.' }) input: CreatePersonInput, @Ctx() ctx: Context) {
    const person = await runWrite(ctx, async (w) => {
      await checkWikidataFree(w, input.wikidataId);
      const affiliations = await resolveAffiliations(w.em, input.affiliations);
      return createPerson(w, { ...input, aliases: input.aliases ?? [], affiliations });
    });
    return { person: await reloadSpeaker(ctx, person.id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => CreateOrganizationPayload, {
    description: 'Adds an organisation (a speaker, publisher or fact-checker). Needs an EDITOR key.',
  })
  async createOrganization(
    @Arg('input', () => CreateOrganizationInput, { description: 'The organisation.' }) input: CreateOrganizationInput,
    @Ctx() ctx: Context,
  ) {
    const organization = await runWrite(ctx, async (w) => {
      await checkWikidataFree(w, input.wikidataId);
      return createOrganization(w, { ...input, aliases: input.aliases ?? [] });
    });
    return { organization: await reloadSpeaker(ctx, organization.id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => SpeakerPayload, { description: 'Corrects a person or organisation. Needs an EDITOR key and the version you read.' })
  async updateSpeaker(
    @Arg('input', () => UpdateSpeakerInput, { description: 'The changes.' }) input: UpdateSpeakerInput,
    @Ctx() ctx: Context,
  ) {
    const speaker = await runWrite(ctx, async (w) => {
      const found = await findByGlobalId(w.em, Speaker, input.id, 'id', SPEAKER_TYPES);
      checkVersion(found, input.version, 'speaker');
      await checkWikidataFree(w, input.wikidataId, found.id);
      return updateSpeaker(w, found, input);
    });
    return { speaker: await reloadSpeaker(ctx, speaker.id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, { description: 'Deletes a speaker nothing refers to (merge duplicates instead). Needs an EDITOR key.' })
  async deleteSpeaker(@Arg('input', () => DeleteInput, { description: 'The speaker.' }) input: DeleteInput, @Ctx() ctx: Context) {
    await runWrite(ctx, async (w) => deleteSpeaker(w, await findByGlobalId(w.em, Speaker, input.id, 'id', SPEAKER_TYPES)));
    return { deletedId: input.id };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => SpeakerPayload, {
    description:
      'Combines two records of the same speaker: aliases, roles, statements and mentions move to `keepId`, and ' +
      '`mergeId` keeps resolving to it. Needs an EDITOR key.',
  })
  async mergeSpeakers(
    @Arg('input', () => MergeSpeakersInput, { description: 'Which to keep, which to fold in.' }) input: MergeSpeakersInput,
    @Ctx() ctx: Context,
  ) {
    const kept = await runWrite(ctx, async (w) => {
      const keep = await findByGlobalId(w.em, Speaker, input.keepId, 'keepId', SPEAKER_TYPES);
      const merge = await findByGlobalId(w.em, Speaker, input.mergeId, 'mergeId', SPEAKER_TYPES);
      return mergeSpeakers(w, keep, merge);
    });
    return { speaker: await reloadSpeaker(ctx, kept.id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => AffiliationPayload, { description: 'Adds a role to a person. Needs an EDITOR key.' })
  async createAffiliation(
    @Arg('input', () => CreateAffiliationInput, { description: 'The role.' }) input: CreateAffiliationInput,
    @Ctx() ctx: Context,
  ) {
    const affiliation = await runWrite(ctx, async (w) => {
      const person = await findByGlobalId(w.em, Person, input.personId, 'personId', ['Person']);
      const [resolved] = await resolveAffiliations(w.em, [input], () => 'organizationId');
      return addAffiliation(w, person, { ...resolved, organizationId: resolved.organizationId });
    });
    return { affiliation: await ctx.loaders.affiliation.load(affiliation.id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => AffiliationPayload, { description: 'Corrects a role. Needs an EDITOR key and the version you read.' })
  async updateAffiliation(
    @Arg('input', () => UpdateAffiliationInput, { description: 'The changes.' }) input: UpdateAffiliationInput,
    @Ctx() ctx: Context,
  ) {
    const affiliation = await runWrite(ctx, async (w) => {
      const found = await findByGlobalId(w.em, Affiliation, input.id, 'id', ['Affiliation']);
      checkVersion(found, input.version, 'affiliation');
      return updateAffiliation(w, found, input);
    });
    return { affiliation: await ctx.loaders.affiliation.load(affiliation.id) };
  }

  @Authorized(Role.EDITOR)
  @Mutation(() => DeletePayload, { description: 'Removes a role. Needs an EDITOR key.' })
  async deleteAffiliation(@Arg('input', () => DeleteInput, { description: 'The affiliation.' }) input: DeleteInput, @Ctx() ctx: Context) {
    await runWrite(ctx, async (w) => deleteAffiliation(w, await findByGlobalId(w.em, Affiliation, input.id, 'id', ['Affiliation'])));
    return { deletedId: input.id };
  }

  @FieldResolver(() => StatementConnection, { description: 'What this speaker said, newest first unless ordered otherwise.' })
  async statements(
    @Root() speaker: SpeakerRow,
    @Arg('filter', () => StatementFilter, { nullable: true, description: 'Narrow down further (topic, dates, claim...).' })
    filter: StatementFilter | null,
    @Arg('orderBy', () => StatementOrder, { nullable: true, description: 'Sort order; default SAID_ON DESC.' })
    orderBy: StatementOrder | null,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<ChildConnection<StatementRow>> {
    await checkStatementFilter(ctx, filter);
    return childPage(ctx, 'Speaker.statements', speaker.id, args, statementsBySpeakerList(filter, orderBy), { filter, orderBy });
  }

  @FieldResolver(() => PositionConnection, {
    description:
      'The sides this speaker took on claims, newest first: the positions of their own statements and of statements ' +
      'made on their behalf (a spokesperson’s), each with its stance, claim and statement (and so its date). ' +
      'Statements marked MISATTRIBUTED or RETRACTED are left out.',
  })
  claims(@Root() speaker: SpeakerRow, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context): ChildConnection<PositionRow> {
    return childPage(ctx, 'Speaker.claims', speaker.id, args, positionsOfPrincipalList);
  }

  @FieldResolver(() => SelfContradictionConnection, {
    description:
      'Claims this speaker took both sides of at different times (for, then against, or the reverse), the most ' +
      'recent turn first. Statements made on their behalf count as theirs.',
  })
  selfContradictions(
    @Root() speaker: SpeakerRow,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
  ): ChildConnection<SelfContradictionRow> {
    return childPage(ctx, 'Speaker.selfContradictions', speaker.id, args, selfContradictionsList);
  }

  @FieldResolver(() => AliasConnection, {
    description:
      'Other spellings and names, e.g. "Zelenskyy", in the order they were recorded. Name searches match these ' +
      'too. A page at a time: merging duplicate records adds their names here.',
  })
  aliases(@Root() speaker: SpeakerRow, @Args(() => PageArgs) args: PageArgs): Connection<string> {
    return arrayConnection(speaker.aliases, args, 'aliases');
  }
}

@Resolver(() => PersonType)
export class PersonResolver {
  @FieldResolver(() => AffiliationConnection, {
    description: 'Roles this person holds or held, e.g. "head of delegation": latest first, roles without a start date first.',
  })
  affiliations(@Root() person: SpeakerRow, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: Context): ChildConnection<AffiliationRow> {
    return childPage(ctx, 'Person.affiliations', person.id, args, affiliationsOfPersonList);
  }
}

@Resolver(() => AffiliationType)
export class AffiliationResolver {
  @FieldResolver(() => OrganizationType, { description: 'The organisation the role is in.' })
  async organization(@Root() a: AffiliationRow, @Ctx() ctx: Context): Promise<SpeakerRow> {
    return (await ctx.loaders.speaker.load(a.organizationId))!;
  }
}
