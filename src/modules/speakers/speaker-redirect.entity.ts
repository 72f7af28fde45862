import { Entity, ManyToOne, PrimaryKey, type Ref } from '@mikro-orm/core';
import { Speaker } from './speaker.entity';

/** After a merge, the merged-away speaker's ID keeps resolving to the survivor. */
@Entity({ tableName: 'speaker_redirect' })
export class SpeakerRedirect {
  /** The ID that no longer exists as a row (no foreign key: the row is gone). */
  @PrimaryKey({ type: 'uuid' })
  fromId!: string;

  @ManyToOne({ entity: () => Speaker, ref: true, index: true, deleteRule: 'cascade' })
  to!: Ref<Speaker>;
}
