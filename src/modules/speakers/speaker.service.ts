import { RevisionAction, SpeakerKind } from '../../shared/enums';
import { AppError, ErrorCode, badInput } from '../../shared/errors';
import { changeWithRevision, recordRevision, removeWithRevision, snapshotOf, type Writer } from '../audit/audit.service';
import { assignDefined } from '../../shared/write';
import { SpeakerRedirect } from './speaker-redirect.entity';
import { Affiliation, Organization, Person, Speaker } from './speaker.entity';

export interface SpeakerInput {
  id?: string;
  name: string;
  aliases?: string[];
  description?: string | null;
  wikidataId?: string | null;
  country?: string | null;
}

export interface AffiliationInput {
  organizationId: string;
  title: string;
  startDate?: string | null;
  endDate?: string | null;
}

/** The GraphQL type name of a speaker, as revisions record it. */
const speakerType = (speaker: Speaker): string => (speaker.kind === SpeakerKind.PERSON ? 'Person' : 'Organization');

const speakerData = (input: SpeakerInput) => ({
  ...(input.id ? { id: input.id } : {}),
  name: input.name.trim(),
  aliases: [...new Set((input.aliases ?? []).map((a) => a.trim()).filter(Boolean))],
  description: input.description ?? null,
  wikidataId: input.wikidataId ?? null,
  country: input.country?.toUpperCase() ?? null,
});

/** Adds a person, with their roles, leaving a revision for each record. */
export function createPerson(writer: Writer, input: SpeakerInput & { affiliations?: AffiliationInput[] }): Person {
  const person = writer.em.create(Person, speakerData(input));
  recordRevision(writer, 'Person', person, RevisionAction.CREATE, null);
  for (const affiliation of input.affiliations ?? []) addAffiliation(writer, person, affiliation);
  return person;
}

/** Adds an organisation (a speaker, a publisher or a fact-checker). */
export function createOrganization(writer: Writer, input: SpeakerInput): Organization {
  const organization = writer.em.create(Organization, speakerData(input));
  recordRevision(writer, 'Organization', organization, RevisionAction.CREATE, null);
  return organization;
}

/**
 * A role cannot end before it began. On an update only one side may be sent: it is compared with the stored
 * other side, and the error names the side that was sent.
 */
function checkPeriod(start: string | null | undefined, end: string | null | undefined, sent: 'startDate' | 'endDate'): void {
  if (start && end && end < start) {
    throw badInput(
      sent,
      sent === 'endDate'
        ? `endDate: the role cannot end (${end}) before it began (${start}).`
        : `startDate: the role cannot begin (${start}) after it ended (${end}); change endDate as well.`,
    );
  }
}

/** Records that a person holds a role in an organisation. */
export function addAffiliation(writer: Writer, person: Person, input: AffiliationInput): Affiliation {
  checkPeriod(input.startDate, input.endDate, 'endDate');
  const affiliation = writer.em.create(Affiliation, {
    person,
    organization: writer.em.getReference(Organization, input.organizationId),
    title: input.title.trim(),
    startDate: input.startDate ?? null,
    endDate: input.endDate ?? null,
  });
  recordRevision(writer, 'Affiliation', affiliation, RevisionAction.CREATE, null);
  return affiliation;
}

/** Changes a speaker; the caller has checked the version. Leaves one revision with before and after. */
export async function updateSpeaker(writer: Writer, speaker: Speaker, changes: Partial<SpeakerInput>): Promise<Speaker> {
  return changeWithRevision(writer, speakerType(speaker), speaker, () =>
    assignDefined(speaker, {
      name: changes.name?.trim(),
      aliases: changes.aliases ? speakerData({ name: '', aliases: changes.aliases }).aliases : undefined,
      description: changes.description,
      wikidataId: changes.wikidataId,
      country: changes.country === undefined ? undefined : (changes.country?.toUpperCase() ?? null),
    }),
  );
}

/** What still points at a speaker, in words, or undefined when nothing does. */
async function speakerReferences(writer: Writer, id: string): Promise<string | undefined> {
  const [row] = await writer.em.execute<Record<string, string>[]>(
    `select (select count(*) from statement where speaker_id = ?) as statements,
            (select count(*) from statement where on_behalf_of_id = ?) as onbehalf,
            (select count(*) from statement_mention where speaker_id = ?) as mentions,
            (select count(*) from source where publisher_id = ?) as sources,
            (select count(*) from claim_review where reviewer_id = ?) as reviews,
            (select count(*) from affiliation where organization_id = ?) as members`,
    [id, id, id, id, id, id],
  );
  const parts = [
    [row.statements, 'statement(s) said by it'],
    [row.onbehalf, 'statement(s) made on its behalf'],
    [row.mentions, 'statement(s) mentioning it'],
    [row.sources, 'source(s) it published'],
    [row.reviews, 'claim review(s) it wrote'],
    [row.members, 'affiliation(s) of people with it'],
  ]
    .filter(([count]) => Number(count) > 0)
    .map(([count, what]) => `${count} ${what}`);
  return parts.length ? parts.join(', ') : undefined;
}

/** Deletes a speaker nothing refers to; otherwise CONFLICT saying what blocks it (merge duplicates instead). */
export async function deleteSpeaker(writer: Writer, speaker: Speaker): Promise<void> {
  const blockers = await speakerReferences(writer, speaker.id);
  if (blockers) {
    throw new AppError(
      ErrorCode.CONFLICT,
      `Cannot delete "${speaker.name}": ${blockers} still refer to it. Merge it into another speaker instead.`,
      {
        field: 'id',
      },
    );
  }
  // A person's own roles go with them, each with its revision.
  for (const affiliation of await writer.em.find(Affiliation, { person: speaker.id }))
    await removeWithRevision(writer, 'Affiliation', affiliation);
  await removeWithRevision(writer, speakerType(speaker), speaker);
}

/**
 * Folds a duplicate into the record to keep: its name and aliases become aliases, its roles, statements,
 * mentions, publications and reviews move over, and its ID keeps resolving to the survivor.
 */
export async function mergeSpeakers(writer: Writer, keep: Speaker, merge: Speaker): Promise<Speaker> {
  if (keep.id === merge.id) throw badInput('mergeId', 'A speaker cannot be merged into itself.');
  if (keep.kind !== merge.kind) throw badInput('mergeId', `Cannot merge a ${merge.kind.toLowerCase()} into a ${keep.kind.toLowerCase()}.`);
  const { em } = writer;
  // Lock both rows in a fixed order, so concurrent merges of the same records queue instead of deadlocking.
  await em.execute('select id from speaker where id in (?, ?) order by id for update', [keep.id, merge.id]);
  const before = snapshotOf(keep);
  const mergedBefore = snapshotOf(merge);

  keep.aliases = [...new Set([...keep.aliases, merge.name, ...merge.aliases])].filter((a) => a !== keep.name);
  keep.description ??= merge.description;
  keep.country ??= merge.country;
  const wikidataId = keep.wikidataId ?? merge.wikidataId;
  merge.wikidataId = null;
  await em.flush();
  keep.wikidataId = wikidataId;

  // Rows pointing at the duplicate move to the survivor in bulk; each moved row gets a new version (so an
  // editor holding the old one gets CONFLICT) and a revision saying which reference changed.
  const moves: [table: string, column: string, type: string][] = [
    ['statement', 'speaker_id', 'Statement'],
    ['statement', 'on_behalf_of_id', 'Statement'],
    ['affiliation', 'person_id', 'Affiliation'],
    ['affiliation', 'organization_id', 'Affiliation'],
    ['source', 'publisher_id', 'Source'],
    ['claim_review', 'reviewer_id', 'ClaimReview'],
  ];
  for (const [table, column, type] of moves) {
    await em.execute(
      `insert into revision (id, entity_type, entity_id, action, before, after, actor, request_id, at)
       select gen_random_uuid(), ?, id, 'UPDATE', jsonb_build_object(?::text, ?::text, 'version', version),
              jsonb_build_object(?::text, ?::text, 'version', version + 1, 'mergedFrom', ?::text), ?, ?, now()
       from ${table} where ${column} = ?`,
      [type, column, merge.id, column, keep.id, merge.id, writer.actor, writer.requestId ?? null, merge.id],
    );
    await em.execute(`update ${table} set ${column} = ?, version = version + 1, updated_at = now() where ${column} = ?`, [
      keep.id,
      merge.id,
    ]);
  }
  await em.execute(
    'insert into statement_mention (statement_id, speaker_id) select statement_id, ? from statement_mention where speaker_id = ? on conflict do nothing',
    [keep.id, merge.id],
  );
  await em.execute('delete from statement_mention where speaker_id = ?', [merge.id]);
  // Earlier merges into the duplicate now lead to the survivor too.
  await em.execute('update speaker_redirect set to_id = ? where to_id = ?', [keep.id, merge.id]);
  em.remove(merge);
  em.create(SpeakerRedirect, { fromId: merge.id, to: keep });
  await em.flush();

  const type = speakerType(keep);
  recordRevision(writer, type, keep, RevisionAction.MERGE, before);
  recordRevision(writer, type, merge, RevisionAction.DELETE, mergedBefore, { mergedInto: keep.id });
  return keep;
}

/** Changes a role; the caller has checked the version. */
export async function updateAffiliation(
  writer: Writer,
  affiliation: Affiliation,
  changes: Partial<AffiliationInput>,
): Promise<Affiliation> {
  checkPeriod(
    changes.startDate === undefined ? affiliation.startDate : changes.startDate,
    changes.endDate === undefined ? affiliation.endDate : changes.endDate,
    changes.endDate === undefined ? 'startDate' : 'endDate',
  );
  return changeWithRevision(writer, 'Affiliation', affiliation, () =>
    assignDefined(affiliation, { title: changes.title?.trim(), startDate: changes.startDate, endDate: changes.endDate }),
  );
}

export async function deleteAffiliation(writer: Writer, affiliation: Affiliation): Promise<void> {
  await removeWithRevision(writer, 'Affiliation', affiliation);
}

/** A Wikidata item can describe one speaker only; a second is a CONFLICT naming the first. */
export async function checkWikidataFree(writer: Writer, wikidataId: string | null | undefined, self?: string): Promise<void> {
  if (!wikidataId) return;
  const existing = await writer.em.findOne(Speaker, { wikidataId });
  if (existing && existing.id !== self) {
    throw new AppError(
      ErrorCode.CONFLICT,
      `wikidataId: ${wikidataId} already belongs to "${existing.name}". Merge the two records instead.`,
      {
        field: 'wikidataId',
      },
    );
  }
}
