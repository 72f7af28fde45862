import type { MikroORM } from '@mikro-orm/postgresql';
import { v5 as uuidv5 } from 'uuid';
import type { DatePrecision, EventKind, RelationKind, RelationStatus, SourceKind, Stance, StatementKind } from '../../shared/enums';
import { createClaim } from '../claims/claim.service';
import { createEvent } from '../events/event.service';
import { linkStatements } from '../relations/statement-relation.service';
import { Source } from '../sources/source.entity';
import { archiveSourceText, createSource } from '../sources/source.service';
import { ArchivedFrom } from '../sources/source-text.entity';
import { createOrganization, createPerson } from '../speakers/speaker.service';
import { createStatement } from '../statements/statement.service';
import { createTopic } from '../topics/topic.service';
import istanbulTalks from './istanbul-talks.json';

/** The shape of a hand-modelled data file: records refer to each other by `key`. */
export interface DemoData {
  organizations: { key: string; name: string; aliases?: string[]; description?: string; wikidataId?: string; country?: string }[];
  people: (DemoData['organizations'][number] & {
    affiliations?: { organization: string; title: string; startDate?: string; endDate?: string }[];
  })[];
  sources: {
    key: string;
    url?: string;
    title: string;
    publisher?: string;
    publishedOn?: string;
    kind: string;
    language?: string;
    /** The original it republishes (its key). */
    republishes?: string;
    /** Its archived readable text, which every excerpt cited to it must be found in. */
    text?: string;
  }[];
  events: {
    key: string;
    name: string;
    kind: string;
    location?: string;
    startDate?: string;
    /** null: not over, or its end is not known (left out: the day it began). */
    endDate?: string | null;
    parent?: string;
    description?: string;
    outcome?: string;
  }[];
  topics: { slug: string; name: string; parent?: string }[];
  claims: { key: string; text: string; topics?: string[] }[];
  statements: {
    key: string;
    text: string;
    kind: string;
    language?: string;
    speaker: string;
    onBehalfOf?: string;
    saidOn: { date: string; precision: string; inferred?: boolean };
    event?: string;
    setting?: string;
    citations?: { source: string; excerpt?: string; isPrimary?: boolean }[];
    topics?: string[];
    mentions?: string[];
    positions?: { claim: string; stance: string }[];
  }[];
  relations: { from: string; to: string; kind: string; note?: string; status?: string }[];
}

// Fixed namespace: the demo records get the same IDs on every machine, so links in docs keep working.
const NAMESPACE = 'b0f5d7a2-5c1e-4b8e-9a51-3f2f6c1d9e47';
const idFor = (kind: string, key: string): string => uuidv5(`${kind}:${key}`, NAMESPACE);

/** Parents before children, so self-referencing rows insert in a valid order. */
function parentsFirst<T>(items: T[], keyOf: (t: T) => string, parentOf: (t: T) => string | undefined): T[] {
  const done = new Set<string>();
  const ordered: T[] = [];
  const byKey = new Map(items.map((i) => [keyOf(i), i]));
  const visit = (item: T) => {
    if (done.has(keyOf(item))) return;
    const parent = parentOf(item);
    if (parent && byKey.has(parent)) visit(byKey.get(parent)!);
    done.add(keyOf(item));
    ordered.push(item);
  };
  items.forEach(visit);
  return ordered;
}

/**
 * Loads a data file through the same services editors' writes use, in one transaction. Idempotent: the records
 * have deterministic IDs, and a file already loaded is skipped (an advisory lock stops two starting instances
 * from loading it twice). Returns false when the data was already there.
 */
export async function loadDemoData(orm: MikroORM, data: DemoData = istanbulTalks as DemoData): Promise<boolean> {
  return orm.em.fork().transactional(async (em) => {
    await em.execute(`select pg_advisory_xact_lock(hashtext('demo-data'))`);
    const marker = idFor('source', data.sources[0].key);
    if (await em.count(Source, { id: marker })) return false;

    const writer = { em, actor: 'system' };
    const speakerId = (key: string) => idFor('speaker', key);
    for (const o of data.organizations) createOrganization(writer, { ...o, id: speakerId(o.key) });
    for (const p of data.people) {
      createPerson(writer, {
        ...p,
        id: speakerId(p.key),
        affiliations: (p.affiliations ?? []).map((a) => ({ ...a, organizationId: speakerId(a.organization) })),
      });
    }
    const archived: [Source, string][] = [];
    for (const s of parentsFirst(
      data.sources,
      (s) => s.key,
      (s) => s.republishes,
    )) {
      const source = await createSource(writer, {
        ...s,
        id: idFor('source', s.key),
        kind: s.kind as SourceKind,
        publisherId: s.publisher ? speakerId(s.publisher) : null,
        republishesId: s.republishes ? idFor('source', s.republishes) : null,
      });
      if (s.text) archived.push([source, s.text]);
    }
    await em.flush();
    for (const [source, text] of archived) await archiveSourceText(writer, source, { text, from: ArchivedFrom.TEXT });
    for (const e of parentsFirst(
      data.events,
      (e) => e.key,
      (e) => e.parent,
    )) {
      createEvent(writer, {
        ...e,
        id: idFor('event', e.key),
        kind: e.kind as EventKind,
        parentId: e.parent ? idFor('event', e.parent) : null,
      });
    }
    for (const t of parentsFirst(
      data.topics,
      (t) => t.slug,
      (t) => t.parent,
    )) {
      createTopic(writer, { ...t, id: idFor('topic', t.slug), parentId: t.parent ? idFor('topic', t.parent) : null });
    }
    for (const c of data.claims) {
      await createClaim(writer, { id: idFor('claim', c.key), text: c.text, topicIds: (c.topics ?? []).map((t) => idFor('topic', t)) });
    }
    for (const s of data.statements) {
      await createStatement(writer, {
        id: idFor('statement', s.key),
        text: s.text,
        kind: s.kind as StatementKind,
        language: s.language,
        speakerId: speakerId(s.speaker),
        onBehalfOfId: s.onBehalfOf ? speakerId(s.onBehalfOf) : null,
        saidOn: { date: s.saidOn.date, precision: s.saidOn.precision as DatePrecision, inferred: s.saidOn.inferred },
        eventId: s.event ? idFor('event', s.event) : null,
        setting: s.setting,
        citations: (s.citations ?? []).map((c) => ({ ...c, sourceId: idFor('source', c.source) })),
        topicIds: (s.topics ?? []).map((t) => idFor('topic', t)),
        mentionIds: (s.mentions ?? []).map(speakerId),
        positions: (s.positions ?? []).map((p) => ({ claimId: idFor('claim', p.claim), stance: p.stance as Stance })),
      });
    }
    for (const r of data.relations) {
      linkStatements(writer, {
        fromId: idFor('statement', r.from),
        toId: idFor('statement', r.to),
        kind: r.kind as RelationKind,
        note: r.note,
        status: r.status as RelationStatus | undefined,
      });
    }
    return true;
  });
}
