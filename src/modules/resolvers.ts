import type { NonEmptyArray } from 'type-graphql';
import {
  ClaimHistoryResolver,
  RevisionResolver,
  SourceHistoryResolver,
  SpeakerHistoryResolver,
  StatementHistoryResolver,
} from './audit/revision.resolver';
import { ClaimResolver, PositionResolver, SelfContradictionResolver } from './claims/claim.resolver';
import { EventResolver } from './events/event.resolver';
import { StatementOriginResolver } from './import/record-origin.resolver';
import { NodeResolver } from './nodes/node.resolver';
import { StatementRelationResolver } from './relations/statement-relation.resolver';
import { ClaimReviewResolver } from './reviews/claim-review.resolver';
import { SourceResolver, TextVersionResolver } from './sources/source.resolver';
import { AffiliationResolver, PersonResolver, SpeakerResolver } from './speakers/speaker.resolver';
import { StatementResolver } from './statements/statement.resolver';
import { CitationResolver } from './statements/citation.resolver';
import { SearchResolver } from './search/search.resolver';
import { TimelineResolver } from './timeline/timeline.resolver';
import { TopicResolver } from './topics/topic.resolver';

/** The one registry of GraphQL resolvers. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's own signature for resolver classes
export const resolvers: NonEmptyArray<Function> = [
  NodeResolver,
  StatementResolver,
  StatementOriginResolver,
  CitationResolver,
  SpeakerResolver,
  PersonResolver,
  AffiliationResolver,
  ClaimResolver,
  PositionResolver,
  SelfContradictionResolver,
  ClaimReviewResolver,
  StatementRelationResolver,
  SourceResolver,
  TextVersionResolver,
  EventResolver,
  TopicResolver,
  TimelineResolver,
  SearchResolver,
  RevisionResolver,
  StatementHistoryResolver,
  ClaimHistoryResolver,
  SpeakerHistoryResolver,
  SourceHistoryResolver,
];
