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

export const SearchHitConnection = ConnectionType('SearchHit', () => SearchHitType, 'A page of search hits, best match first.');
