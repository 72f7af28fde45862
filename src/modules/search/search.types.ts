import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../shared/pagination';

export enum SearchKind {
  STATEMENT = 'STATEMENT',
  CLAIM = 'CLAIM',
  SPEAKER = 'SPEAKER',
  EVENT = 'EVENT',
  SOURCE = 'SOURCE',
}
registerEnumType(SearchKind, {
  name: 'SearchKind',
  description: 'What kind of record a search hit is.',
  valuesConfig: {
    STATEMENT: { description: 'Something said: found by its text.' },
    CLAIM: { description: 'A proposition people take sides on: found by its wording.' },
    SPEAKER: { description: 'A person or organisation: found by name or alias, in any usual spelling.' },
    EVENT: { description: 'Talks, a summit, a briefing: found by name and place.' },
    SOURCE: { description: 'An article, a post, a transcript: found by title.' },
  },
});

export enum SearchOrder {
  RELEVANCE = 'RELEVANCE',
  NEWEST = 'NEWEST',
  OLDEST = 'OLDEST',
}
registerEnumType(SearchOrder, {
  name: 'SearchOrder',
  description: 'The order of search hits.',
  valuesConfig: {
    RELEVANCE: { description: 'Best match first.' },
    NEWEST: {
      description:
        'Most recent first: statements by when they were said, events by when they began, sources by publication. ' +
        'Records without a date (speakers, claims, undated sources) come last.',
    },
    OLDEST: { description: 'Earliest first, by the same dates; records without a date come last.' },
  },
});

/** One hit of `search`: the record's kind and ID, and how well it matched (`miss`: 1,000,000 minus a millionth-precise rank). */
export interface SearchHitRow {
  kind: SearchKind;
  id: string;
  miss: number;
}

@ObjectType('SearchHit', { description: 'One record that matches a search, with how well it matches and where.' })
export class SearchHitType {
  @Field(() => SearchKind, { description: 'What kind of record it is.' })
  kind!: SearchKind;
}

export const SearchHitConnection = ConnectionType(
  'SearchHit',
  () => SearchHitType,
  'A page of search hits, best match first unless another order is asked.',
);
