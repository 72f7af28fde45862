import { Entity, Enum, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../shared/base.entity';
import { Rating } from '../../shared/enums';
import { Claim } from '../claims/claim.entity';
import { Organization } from '../speakers/speaker.entity';

/** A fact-checker's published verdict on a claim (schema.org ClaimReview). */
@Entity({ tableName: 'claim_review' })
export class ClaimReview extends BaseEntity {
  @ManyToOne({ entity: () => Claim, ref: true, index: true, deleteRule: 'cascade' })
  claim!: Ref<Claim>;

  @ManyToOne({ entity: () => Organization, ref: true, index: true, deleteRule: 'restrict' })
  reviewer!: Ref<Organization>;

  /** The verdict exactly as the fact-checker printed it, e.g. "Pants on Fire". */
  @Property({ type: 'text' })
  ratingLabel!: string;

  @Enum({ items: () => Rating, type: 'text' })
  rating!: Rating;

  @Property({ type: 'text', nullable: true })
  url?: string | null;

  @Property({ type: 'date', nullable: true })
  reviewedOn?: string | null;

  @Property({ type: 'text', nullable: true })
  summary?: string | null;
}
