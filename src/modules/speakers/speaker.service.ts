import { RevisionAction } from '../../shared/enums';
import { recordRevision, type Writer } from '../audit/audit.service';
import { Affiliation, Organization, Person } from './speaker.entity';

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

/** Records that a person holds a role in an organisation. */
export function addAffiliation(writer: Writer, person: Person, input: AffiliationInput): Affiliation {
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

