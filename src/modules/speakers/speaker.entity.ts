import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, type Opt, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';
import { SpeakerKind } from '../../shared/enums';

/**
 * People and organisations share one table (single-table inheritance), so a statement has one foreign key to
 * whoever said it and `onBehalfOf` can point at either kind.
 */
@Entity({
  tableName: 'speaker',
  abstract: true,
  discriminatorColumn: 'kind',
  discriminatorMap: { PERSON: 'Person', ORGANIZATION: 'Organization' },
})
// The `speakers` list's keyset (name, then id): one index range scan per page instead of sorting the table.
@Index({ name: 'speaker_name_id_idx', properties: ['name', 'id'] })
// Name searches: trigram matching (substrings, small typos) over the name keys.
@Index({
  name: 'speaker_name_keys_idx',
  expression: 'create index "speaker_name_keys_idx" on "speaker" using gin ("name_keys" gin_trgm_ops)',
})
// Imports: the speakers one of whose keys is exactly a name's key, looked up for hundreds of names at once.
@Index({
  name: 'speaker_name_key_list_idx',
  expression: `create index "speaker_name_key_list_idx" on "speaker" using gin (string_to_array("name_keys", ' | '))`,
})
export abstract class Speaker extends BaseEntity {
  @Enum({ items: () => SpeakerKind, type: 'text' })
  kind!: SpeakerKind & Opt;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text[]', default: '{}' })
  aliases: string[] = [];

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Property({ type: 'text', nullable: true, unique: true })
  wikidataId?: string | null;

  /** ISO 3166-1 alpha-2 country code. */
  @Property({ type: 'text', nullable: true })
  country?: string | null;

  /**
   * The loose Latin keys of the name and aliases (`name_key`, migration 20261201133000) that name searches match
   * against: kept by PostgreSQL itself, never written or read by the app.
   */
  @Property({ type: 'text', generated: '(speaker_name_keys(name, aliases)) stored', lazy: true, hidden: true, nullable: true })
  nameKeys?: string & Opt;
}

@Entity({ discriminatorValue: SpeakerKind.PERSON })
export class Person extends Speaker {
  override kind = SpeakerKind.PERSON as SpeakerKind & Opt;

  @OneToMany({ entity: () => Affiliation, mappedBy: 'person' })
  affiliations = new Collection<Affiliation>(this);
}

@Entity({ discriminatorValue: SpeakerKind.ORGANIZATION })
export class Organization extends Speaker {
  override kind = SpeakerKind.ORGANIZATION as SpeakerKind & Opt;
}

/** A role a person holds in an organisation over a period, e.g. Defence Minister of Ukraine. */
@Entity({ tableName: 'affiliation' })
export class Affiliation extends BaseEntity {
  @ManyToOne({ entity: () => Person, ref: true, index: true, deleteRule: 'cascade' })
  person!: Ref<Person>;

  @ManyToOne({ entity: () => Organization, ref: true, index: true, deleteRule: 'restrict' })
  organization!: Ref<Organization>;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'date', nullable: true })
  startDate?: string | null;

  @Property({ type: 'date', nullable: true })
  endDate?: string | null;
}
