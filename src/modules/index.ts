import { IdempotencyKey } from './audit/idempotency-key.entity';
import { Revision } from './audit/revision.entity';
import { ApiKey } from './auth/api-key.entity';
import { Claim, Position } from './claims/claim.entity';
import { Event } from './events/event.entity';
import { StatementExport } from './export/statement-export.entity';
import { RecordOrigin } from './import/record-origin.entity';
import { SourceText } from './sources/source-text.entity';
import { StatementRelation } from './relations/statement-relation.entity';
import { ClaimReview } from './reviews/claim-review.entity';
import { Source } from './sources/source.entity';
import { SpeakerRedirect } from './speakers/speaker-redirect.entity';
import { Affiliation, Organization, Person, Speaker } from './speakers/speaker.entity';
import { Citation, Statement, StatementTopic } from './statements/statement.entity';
import { Topic } from './topics/topic.entity';

/** The one registry of entities: the ORM config and the migrations read it. */
export const entities = [
  Speaker,
  Person,
  Organization,
  Affiliation,
  Source,
  Event,
  Topic,
  Statement,
  Citation,
  StatementTopic,
  Claim,
  Position,
  StatementRelation,
  ClaimReview,
  Revision,
  ApiKey,
  SpeakerRedirect,
  IdempotencyKey,
  RecordOrigin,
  StatementExport,
  SourceText,
];
