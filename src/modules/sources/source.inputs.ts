import { Field, ID, InputType, Int } from 'type-graphql';
import { SourceKind } from '../../shared/enums';
import { CalendarDate, CleanName, HttpUrl, LanguageCode, MAX_SOURCE_TEXT, MAX_TITLE, NoNull } from '../../shared/validation';

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

  @Field(() => ID, { nullable: true, description: 'The original this source copies or rewrites, when it is a republication.' })
  republishesId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `The source's readable text, to archive with it (at most ${MAX_SOURCE_TEXT.toLocaleString('en')} characters). Give \`text\` or \`html\`, or neither.`,
  })
  text?: string | null;

  @Field(() => String, { nullable: true, description: 'The page as HTML; its readable text is extracted and archived.' })
  html?: string | null;
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

  @Field(() => ID, { nullable: true, description: 'The original it republishes; null when it is an original.' })
  republishesId?: string | null;
}

@InputType({
  description:
    "Sets or replaces a source's archived text. Every citation of the source is checked against the new text: " +
    'found where it was (VERIFIED), found elsewhere (MOVED), or gone (MISSING). Give `text` or `html`.',
})
export class ArchiveSourceInput {
  @Field(() => ID, { description: 'The source.' })
  id!: string;

  @Field(() => Int, { description: 'The `version` you read.' })
  version!: number;

  @Field(() => String, {
    nullable: true,
    description: `The readable text as plain text (at most ${MAX_SOURCE_TEXT.toLocaleString('en')} characters).`,
  })
  text?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The page as HTML: its article text is extracted (as a browser’s reader view does) and archived.',
  })
  html?: string | null;
}
