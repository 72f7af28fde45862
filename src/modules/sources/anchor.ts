import { CitationStatus } from '../../shared/enums';

// Anchoring an excerpt in a source's archived text, after the W3C Web Annotation model: a text-quote selector
// (`exact` with a few characters of `prefix` and `suffix`) that finds the passage again when the text around it
// changes, and a text-position selector (`start`, `end`) saying where it sits now. Positions count characters
// (Unicode code points), as the W3C model and PostgreSQL's substr do. Matching forgives what copy-editing and
// copying change without changing the words: runs of whitespace and typographic quotes. What is stored is the
// archived text's own characters.

/** How many characters of context the selector keeps on each side (the W3C examples use about 30). */
export const SELECTOR_CONTEXT = 32;

export interface Anchor {
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
}

/** What is known of a citation before a (re)check: its excerpt and the anchor last found, if any. */
export interface AnchorHint {
  prefix?: string | null;
  suffix?: string | null;
  start?: number | null;
}

const DOUBLE_QUOTES = new Set('\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e');
const SINGLE_QUOTES = new Set('\u2018\u2019\u201a\u201b\u2032\u2039\u203a');
const SPACE = /\s/;

/** A text as matched, and for each of its UTF-16 units the offset of the original unit it came from. */
interface Matchable {
  text: string;
  origin: Int32Array;
}

function matchable(text: string): Matchable {
  const out: string[] = [];
  const origin = new Int32Array(text.length + 1);
  let n = 0;
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch <= ' ' || (ch > '~' && SPACE.test(ch))) {
      if (!inSpace) {
        out.push(' ');
        origin[n++] = i;
      }
      inSpace = true;
      continue;
    }
    inSpace = false;
    out.push(ch <= '~' ? ch : DOUBLE_QUOTES.has(ch) ? '"' : SINGLE_QUOTES.has(ch) ? "'" : ch);
    origin[n++] = i;
  }
  origin[n] = text.length;
  return { text: out.join(''), origin: origin.subarray(0, n + 1) };
}

/** Characters of `a`'s end equal to `b`'s end (or starts, with `fromStart`), compared as matched. */
function overlap(a: string, b: string, fromStart: boolean): number {
  let n = 0;
  const max = Math.min(a.length, b.length);
  while (n < max && (fromStart ? a[n] === b[n] : a[a.length - 1 - n] === b[b.length - 1 - n])) n++;
  return n;
}

const isLowSurrogate = (text: string, i: number): boolean => (text.charCodeAt(i) & 0xfc00) === 0xdc00;

/** At most this many occurrences are weighed: a two-word excerpt repeated through a transcript is not a search. */
const MAX_CANDIDATES = 1_000;

/** An archived text made ready for finding many excerpts in it (a source's citations are checked together). */
export class ArchivedText {
  private readonly hay: Matchable;
  /** Characters outside the Basic Multilingual Plane make code points and UTF-16 offsets differ. */
  private readonly astral: boolean;
  /** Where each excerpt (as matched) occurs: several statements often cite one passage. */
  private readonly occurrences = new Map<string, number[]>();

  constructor(readonly text: string) {
    this.hay = matchable(text);
    this.astral = /[\ud800-\udfff]/.test(text);
  }

  /** Code points before UTF-16 offset `i`. */
  private codePoints(i: number, from = 0): number {
    if (!this.astral) return i - from;
    let surrogates = 0;
    for (let k = from; k < i; k++) if (isLowSurrogate(this.text, k)) surrogates++;
    return i - from - surrogates;
  }

  /**
   * Where an excerpt sits, or undefined when it is not there. Of several occurrences, the one whose surroundings
   * match the remembered prefix and suffix best wins, then the one nearest the remembered position.
   */
  find(excerpt: string, hint: AnchorHint = {}): Anchor | undefined {
    const { hay, text } = this;
    const needle = matchable(excerpt.trim()).text;
    if (!needle) return undefined;
    let candidates = this.occurrences.get(needle);
    if (!candidates) {
      candidates = [];
      for (let at = hay.text.indexOf(needle); at >= 0 && candidates.length < MAX_CANDIDATES; at = hay.text.indexOf(needle, at + 1)) {
        candidates.push(at);
      }
      this.occurrences.set(needle, candidates);
    }
    if (!candidates.length) return undefined;
    const prefix = hint.prefix ? matchable(hint.prefix).text : '';
    const suffix = hint.suffix ? matchable(hint.suffix).text : '';
    const score = (at: number) =>
      overlap(hay.text.slice(Math.max(0, at - prefix.length), at), prefix, false) +
      overlap(hay.text.slice(at + needle.length, at + needle.length + suffix.length), suffix, true);
    const distance = (at: number) => (hint.start == null ? 0 : Math.abs(this.codePoints(hay.origin[at]) - hint.start));
    const best = candidates.reduce((a, b) => (score(b) > score(a) || (score(b) === score(a) && distance(b) < distance(a)) ? b : a));
    // Back to the original text: from the first matched unit to just after the last one.
    const from = hay.origin[best];
    const to = hay.origin[best + needle.length - 1] + 1;
    const whole = (i: number) => (isLowSurrogate(text, i) ? i + 1 : i);
    const start = this.codePoints(from);
    return {
      exact: text.slice(from, to),
      prefix: text.slice(whole(Math.max(0, from - SELECTOR_CONTEXT)), from),
      suffix: text.slice(to, whole(Math.min(text.length, to + SELECTOR_CONTEXT))),
      start,
      end: start + this.codePoints(to, from),
    };
  }
}

/** A citation's anchor columns as stored, and its status. */
export interface AnchorState {
  anchorStatus: CitationStatus;
  anchorExact: string | null;
  anchorPrefix: string | null;
  anchorSuffix: string | null;
  anchorStart: number | null;
  anchorEnd: number | null;
}

/** A citation with nothing to check (no archived text, or no excerpt). */
export const UNANCHORED: AnchorState = {
  anchorStatus: CitationStatus.UNVERIFIED,
  anchorExact: null,
  anchorPrefix: null,
  anchorSuffix: null,
  anchorStart: null,
  anchorEnd: null,
};

const stateOf = (status: CitationStatus, a: Anchor): AnchorState => ({
  anchorStatus: status,
  anchorExact: a.exact,
  anchorPrefix: a.prefix,
  anchorSuffix: a.suffix,
  anchorStart: a.start,
  anchorEnd: a.end,
});

/** The anchor of a citation being written: VERIFIED where found, undefined when the text does not hold it. */
export function anchorNew(text: ArchivedText | null, excerpt: string | null | undefined): AnchorState | undefined {
  if (text === null || !excerpt?.trim()) return UNANCHORED;
  const found = text.find(excerpt);
  return found && stateOf(CitationStatus.VERIFIED, found);
}

/**
 * A citation checked again against its source's (new) text. Found where it was: its status stands (VERIFIED, or
 * MOVED until an editor saves it again). Found elsewhere: MOVED, at its new place. Not found: MISSING, keeping
 * the selector last found so a restored passage is found again. Never anchored before: VERIFIED or MISSING.
 */
export function reanchor(text: ArchivedText, excerpt: string | null, before: AnchorState): AnchorState {
  if (!excerpt?.trim()) return UNANCHORED;
  const found = text.find(excerpt, { prefix: before.anchorPrefix, suffix: before.anchorSuffix, start: before.anchorStart });
  const wasAnchored = before.anchorStart !== null;
  if (!found)
    return wasAnchored ? { ...before, anchorStatus: CitationStatus.MISSING } : { ...UNANCHORED, anchorStatus: CitationStatus.MISSING };
  if (!wasAnchored) return stateOf(CitationStatus.VERIFIED, found);
  const inPlace = found.start === before.anchorStart && found.exact === before.anchorExact;
  if (!inPlace) return stateOf(CitationStatus.MOVED, found);
  return stateOf(before.anchorStatus === CitationStatus.MOVED ? CitationStatus.MOVED : CitationStatus.VERIFIED, found);
}
