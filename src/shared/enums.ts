import { registerEnumType } from 'type-graphql';

// Enums shared by entities (check constraints in the database) and the GraphQL schema.

export enum DatePrecision {
  DAY = 'DAY',
  MONTH = 'MONTH',
  YEAR = 'YEAR',
}

export enum SpeakerKind {
  PERSON = 'PERSON',
  ORGANIZATION = 'ORGANIZATION',
}

export enum SourceKind {
  ARTICLE = 'ARTICLE',
  SOCIAL_POST = 'SOCIAL_POST',
  TRANSCRIPT = 'TRANSCRIPT',
  VIDEO = 'VIDEO',
  PRESS_RELEASE = 'PRESS_RELEASE',
  OFFICIAL_DOCUMENT = 'OFFICIAL_DOCUMENT',
  OTHER = 'OTHER',
}

export enum EventKind {
  NEGOTIATION = 'NEGOTIATION',
  NEGOTIATION_ROUND = 'NEGOTIATION_ROUND',
  SUMMIT = 'SUMMIT',
  BRIEFING = 'BRIEFING',
  PRESS_CONFERENCE = 'PRESS_CONFERENCE',
  INTERVIEW = 'INTERVIEW',
  SPEECH = 'SPEECH',
  DEBATE = 'DEBATE',
  SOCIAL_MEDIA = 'SOCIAL_MEDIA',
  OTHER = 'OTHER',
}

export enum StatementKind {
  QUOTE = 'QUOTE',
  PARAPHRASE = 'PARAPHRASE',
}

export enum AttributionStatus {
  VERIFIED = 'VERIFIED',
  UNVERIFIED = 'UNVERIFIED',
  DISPUTED = 'DISPUTED',
  MISATTRIBUTED = 'MISATTRIBUTED',
  RETRACTED = 'RETRACTED',
}

/** Whether a citation's excerpt was found in its source's archived text (see src/modules/sources/anchor.ts). */
export enum CitationStatus {
  VERIFIED = 'VERIFIED',
  MOVED = 'MOVED',
  MISSING = 'MISSING',
  UNVERIFIED = 'UNVERIFIED',
}

export enum Stance {
  ASSERTS = 'ASSERTS',
  DENIES = 'DENIES',
  DEMANDS = 'DEMANDS',
  PROPOSES = 'PROPOSES',
  ACCEPTS = 'ACCEPTS',
  REJECTS = 'REJECTS',
  QUESTIONS = 'QUESTIONS',
}

/** Stances that argue for a claim and those that argue against it; QUESTIONS is neither. */
export const STANCES_FOR: readonly Stance[] = [Stance.ASSERTS, Stance.DEMANDS, Stance.PROPOSES, Stance.ACCEPTS];
export const STANCES_AGAINST: readonly Stance[] = [Stance.DENIES, Stance.REJECTS];

export enum RelationKind {
  RESPONDS_TO = 'RESPONDS_TO',
  SUPPORTS = 'SUPPORTS',
  CONTRADICTS = 'CONTRADICTS',
  CORROBORATES = 'CORROBORATES',
  REPEATS = 'REPEATS',
  CLARIFIES = 'CLARIFIES',
  RETRACTS = 'RETRACTS',
}

export enum RelationStatus {
  SUGGESTED = 'SUGGESTED',
  CONFIRMED = 'CONFIRMED',
}

export enum Rating {
  TRUE = 'TRUE',
  MOSTLY_TRUE = 'MOSTLY_TRUE',
  MIXED = 'MIXED',
  MOSTLY_FALSE = 'MOSTLY_FALSE',
  FALSE = 'FALSE',
  MISLEADING = 'MISLEADING',
  UNPROVEN = 'UNPROVEN',
}

export enum RevisionAction {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  DELETE = 'DELETE',
  MERGE = 'MERGE',
}

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(DatePrecision, {
  name: 'DatePrecision',
  description: 'How exactly a date is known: to the day, only the month, or only the year.',
  valuesConfig: {
    DAY: { description: 'The exact day is known, e.g. 2025-05-16.' },
    MONTH: { description: 'Only the month is known, e.g. "last month" in a June 2025 article is 2025-05.' },
    YEAR: { description: 'Only the year is known, e.g. 2025.' },
  },
});
registerEnumType(SpeakerKind, {
  name: 'SpeakerKind',
  description: 'Whether a speaker is a person or an organisation.',
});
registerEnumType(SourceKind, {
  name: 'SourceKind',
  description: 'What kind of publication a source is.',
  valuesConfig: {
    ARTICLE: { description: 'A news or magazine article.' },
    SOCIAL_POST: { description: 'A post on a social network such as X or Telegram.' },
    TRANSCRIPT: { description: 'A transcript of a speech, interview or hearing.' },
    VIDEO: { description: 'A video recording or broadcast.' },
    PRESS_RELEASE: { description: 'A press release issued by the speaker or their organisation.' },
    OFFICIAL_DOCUMENT: { description: 'An official document: a decree, a treaty, a parliamentary record.' },
    OTHER: { description: 'Anything else.' },
  },
});
registerEnumType(EventKind, { name: 'EventKind', description: 'What kind of occasion an event is.' });
registerEnumType(StatementKind, {
  name: 'StatementKind',
  description: 'Whether a statement is quoted word for word or reported in other words.',
  valuesConfig: {
    QUOTE: { description: 'The exact words, as printed between quotation marks.' },
    PARAPHRASE: { description: 'Reported speech: what the source says the speaker said, not in their words.' },
  },
});
registerEnumType(AttributionStatus, {
  name: 'AttributionStatus',
  description: 'How sure we are that the speaker really said it. Wrong attributions are marked, never deleted.',
  valuesConfig: {
    VERIFIED: { description: 'Checked against a primary source (recording, transcript, own post).' },
    UNVERIFIED: { description: 'Reported by a source but not yet checked against a primary one.' },
    DISPUTED: { description: 'The speaker or a credible source denies it was said this way.' },
    MISATTRIBUTED: { description: 'Shown to have been said by someone else or not at all. Hidden unless asked.' },
    RETRACTED: { description: 'Withdrawn by the source that reported it. Hidden unless asked.' },
  },
});
registerEnumType(CitationStatus, {
  name: 'CitationStatus',
  description: "Whether a citation's excerpt can be found in the text archived for its source.",
  valuesConfig: {
    VERIFIED: { description: 'Found in the archived text, where it was when the citation was written or last checked.' },
    MOVED: { description: 'Still found, but elsewhere: the source text was replaced and the passage now sits at another place.' },
    MISSING: { description: 'No longer found: the source text was replaced and the passage was edited or removed.' },
    UNVERIFIED: { description: 'Not checked: the source has no archived text, or the citation has no excerpt.' },
  },
});
registerEnumType(Stance, {
  name: 'Stance',
  description:
    'The position a statement takes on a claim. ASSERTS, DEMANDS, PROPOSES and ACCEPTS are for the claim; ' +
    'DENIES and REJECTS are against it; QUESTIONS is neither.',
  valuesConfig: {
    ASSERTS: { description: 'States the claim is true (for).' },
    DENIES: { description: 'States the claim is false (against).' },
    DEMANDS: { description: 'Insists the claim be made true (for).' },
    PROPOSES: { description: 'Offers or suggests it (for).' },
    ACCEPTS: { description: "Agrees to it, usually to another party's proposal (for)." },
    REJECTS: { description: 'Refuses it (against).' },
    QUESTIONS: { description: 'Casts doubt on it without taking a side (neither).' },
  },
});
registerEnumType(RelationKind, {
  name: 'RelationKind',
  description: 'How one statement relates to another. Edges are directed: from the later statement to the earlier.',
  valuesConfig: {
    RESPONDS_TO: { description: 'Answers or reacts to the other statement.' },
    SUPPORTS: { description: 'Argues in favour of the other statement.' },
    CONTRADICTS: { description: 'Says the opposite of the other statement.' },
    CORROBORATES: { description: 'Independently confirms the same facts.' },
    REPEATS: { description: 'Says the same thing again, possibly in other words.' },
    CLARIFIES: { description: 'Explains or narrows what the other statement meant.' },
    RETRACTS: { description: 'Withdraws the other statement.' },
  },
});
registerEnumType(RelationStatus, {
  name: 'RelationStatus',
  description: 'Whether a link between statements was checked by an editor.',
  valuesConfig: {
    SUGGESTED: { description: 'Proposed by the machine; not yet checked.' },
    CONFIRMED: { description: 'Checked and confirmed by an editor.' },
  },
});
registerEnumType(Rating, {
  name: 'Rating',
  description: "A fact-checker's verdict normalised to one scale, whatever label the fact-checker printed.",
});
registerEnumType(RevisionAction, { name: 'RevisionAction', description: 'What a change did to a record.' });
registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'Sort order.',
  valuesConfig: { ASC: { description: 'Oldest or smallest first.' }, DESC: { description: 'Newest or largest first.' } },
});
