import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { loaderFor, type Context } from '../../context';
import { loadByGlobalId } from '../../shared/lookup';
import { PageArgs, applyKeyset, parsePage, toConnection, type Connection, type SortKey } from '../../shared/pagination';
import { createStatementsBySpeakerLoader } from '../statements/statements-by-speaker';
import { StatementConnection, StatementFilter, StatementOrder, type StatementRow } from '../statements/statement.types';
import { applySpeakerFilter, selectSpeakers } from './speaker.loaders';
import {
  AffiliationType,
  OrganizationType,
  PersonType,
  SpeakerConnection,
  SpeakerFilter,
  SpeakerType,
  type AffiliationRow,
  type SpeakerRow,
} from './speaker.types';

const SPEAKER_KEYS: SortKey[] = [
  { column: 'sp.name', property: 'name' },
  { column: 'sp.id', property: 'id' },
];

@Resolver(() => SpeakerType)
export class SpeakerResolver {
  @Query(() => SpeakerType, { description: 'One person or organisation by ID. A merged-away ID resolves to the record it was merged into.' })
  speaker(@Arg('id', () => ID, { description: 'The speaker’s ID.' }) id: string, @Ctx() ctx: Context): Promise<SpeakerRow> {
    return loadByGlobalId(ctx.loaders.speaker, id, 'id', ['Person', 'Organization']);
  }

  @Query(() => SpeakerConnection, { description: 'People and organisations, sorted by name.' })
  async speakers(
    @Arg('filter', () => SpeakerFilter, { nullable: true, description: 'Which speakers.' }) filter: SpeakerFilter | null,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<SpeakerRow>> {
    const page = parsePage(args);
    const rows = await applyKeyset(applySpeakerFilter(ctx.db, selectSpeakers(ctx.db), filter), page, SPEAKER_KEYS, false);
    return toConnection<SpeakerRow>(rows, page, SPEAKER_KEYS, async () => {
      const [{ count }] = await applySpeakerFilter(ctx.db, ctx.db('speaker as sp'), filter).count({ count: '*' });
      return Number(count);
    });
  }

  @FieldResolver(() => StatementConnection, { description: 'What this speaker said, newest first unless ordered otherwise.' })
  statements(
    @Root() speaker: SpeakerRow,
    @Arg('filter', () => StatementFilter, { nullable: true, description: 'Narrow down further (topic, dates, claim...).' }) filter: StatementFilter | null,
    @Arg('orderBy', () => StatementOrder, { nullable: true, description: 'Sort order; default SAID_ON DESC.' }) orderBy: StatementOrder | null,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<StatementRow>> {
    const page = parsePage(args);
    const loader = loaderFor(ctx, 'statementsBySpeaker', { filter, orderBy, args }, () =>
      createStatementsBySpeakerLoader(ctx.db, filter, orderBy, page),
    );
    return loader.load(speaker.id);
  }
}

@Resolver(() => PersonType)
export class PersonResolver {
  @FieldResolver(() => [AffiliationType], { description: 'Roles this person holds or held, e.g. "head of delegation".' })
  affiliations(@Root() person: SpeakerRow, @Ctx() ctx: Context): Promise<AffiliationRow[]> {
    return ctx.loaders.affiliationsByPerson.load(person.id);
  }
}

@Resolver(() => AffiliationType)
export class AffiliationResolver {
  @FieldResolver(() => OrganizationType, { description: 'The organisation the role is in.' })
  async organization(@Root() a: AffiliationRow, @Ctx() ctx: Context): Promise<SpeakerRow> {
    return (await ctx.loaders.speaker.load(a.organizationId))!;
  }
}
