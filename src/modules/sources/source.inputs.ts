import { Field, ID, InputType, Int } from 'type-graphql';
import { SourceKind } from '../../shared/enums';
import { CalendarDate, CleanName, HttpUrl, LanguageCode, MAX_TITLE, NoNull } from '../../shared/validation';

@InputType({ description: 'A new source. Its URL is normalised (host case, trailing slash, tracking parameters) and must be unique.' })
export class CreateSourceInput {
  @Field(() => String, { nullable: true, description: 'Web address; empty for print or broadcast.' })
  @HttpUrl()
  url?: string | null;

  @Field(() => String, { description: 'Headline or title.' })
  @CleanName(MAX_TITLE)
  title!: string;

  @Field(() => ID, { nullable: true, description: 'The publishing organisation.' })
  publisherId?: string | null;

  @Field(() => String, { nullable: true, description: 'Publication date, YYYY-MM-DD.' })
  @CalendarDate()
  publishedOn?: string | null;

  @Field(() => SourceKind, { nullable: true, description: 'Default ARTICLE.' })
  kind?: SourceKind | null;

  @Field(() => String, { nullable: true, description: 'Language code, e.g. "en".' })
  @LanguageCode()
  language?: string | null;

  @Field(() => String, { nullable: true, description: 'A copy in a web archive.' })
  @HttpUrl()
  archivedUrl?: string | null;
}

@InputType({ description: 'Changes to a source. Fields left out stay as they are; null clears a field.' })
export class UpdateSourceInput {
  @Field(() => ID, { description: 'The source to change.' })
  id!: string;

  @Field(() => Int, { description: 'The `version` you read.' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'New web address.' })
  @HttpUrl()
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'New title.' })
  @CleanName(MAX_TITLE)
  @NoNull()
  title?: string;

  @Field(() => ID, { nullable: true, description: 'New publisher.' })
  publisherId?: string | null;

  @Field(() => String, { nullable: true, description: 'New publication date.' })
  @CalendarDate()
  publishedOn?: string | null;

  @Field(() => SourceKind, { nullable: true, description: 'New kind.' })
  @NoNull()
  kind?: SourceKind;

  @Field(() => String, { nullable: true, description: 'New language code.' })
  @LanguageCode()
  language?: string | null;

  @Field(() => String, { nullable: true, description: 'New archive copy.' })
  @HttpUrl()
  archivedUrl?: string | null;
}
