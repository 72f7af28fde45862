import { isVisibleByDefault } from '../statements/statement.types';
import type { Claim, ClaimReview, CreativeWork, Graph, Organization, Person, Quotation, Rating, Thing } from 'schema-dts';

// The schema.org description of each page, for search engines and fact-check tools, as Google's ClaimReview
// guidelines ask: a ClaimReview names the claim it reviewed (`claimReviewed`), its rating with the label as
// published (`alternateName`) and, where the scale allows, a number from worst (1) to best (5), its author, date
// and address, and the Claim it reviews (`itemReviewed`) with the claim's author and where it appeared. Typed
// with schema-dts (schema.org's vocabulary as TypeScript types), so a property or type schema.org does not have
// does not compile; tests/pages/pages.test.ts checks every demo page's block against the same types.

/** Our normalised verdicts on a 1 (false) to 5 (true) scale; MISLEADING and UNPROVEN are not on it. */
const RATING_VALUE: Record<string, number | undefined> = { FALSE: 1, MOSTLY_FALSE: 2, MIXED: 3, MOSTLY_TRUE: 4, TRUE: 5 };

const agent = (s: any, base: string): Person | Organization => {
  const fields = {
    '@id': `${base}/speakers/${encodeURIComponent(s.id)}`,
    name: s.name,
    url: `${base}/speakers/${encodeURIComponent(s.id)}`,
    ...(s.wikidataId ? { sameAs: `https://www.wikidata.org/wiki/${s.wikidataId}` } : {}),
  };
  return s.__typename === 'Person' || s.kind === 'PERSON' ? { '@type': 'Person', ...fields } : { '@type': 'Organization', ...fields };
};

const creativeWork = (source: any, base: string): CreativeWork => ({
  '@type': 'CreativeWork',
  '@id': `${base}/sources/${encodeURIComponent(source.id)}`,
  name: source.title,
  ...(source.url ? { url: source.url } : {}),
  ...(source.publishedOn ? { datePublished: source.publishedOn } : {}),
  ...(source.publisher ? { publisher: { '@type': 'Organization', name: source.publisher.name } } : {}),
  ...(source.republishes ? { isBasedOn: creativeWork({ ...source.republishes, republishes: null }, base) } : {}),
});

/** A statement as a Quotation by its speaker, cited to where it was read; a withdrawn one is not presented as a quote. */
const quotation = (s: any, base: string): Quotation | undefined =>
  !isVisibleByDefault(s)
    ? undefined
    : {
        '@type': 'Quotation',
        '@id': `${base}/statements/${encodeURIComponent(s.id)}`,
        url: `${base}/statements/${encodeURIComponent(s.id)}`,
        text: s.text,
        ...(s.language ? { inLanguage: s.language } : {}),
        dateCreated: s.saidOn.date,
        spokenByCharacter: agent(s.onBehalfOf ?? s.speaker, base),
        creator: agent(s.speaker, base),
        ...(s.citations?.length ? { citation: s.citations.map((c: any) => creativeWork(c.source, base)) } : {}),
      };

const claimOf = (claim: any, base: string, appearances: any[], author?: any, firstSaid?: string): Claim => ({
  '@type': 'Claim',
  '@id': `${base}/claims/${encodeURIComponent(claim.id)}`,
  url: `${base}/claims/${encodeURIComponent(claim.id)}`,
  text: claim.text,
  ...(author ? { author: agent(author, base) } : {}),
  ...(firstSaid ? { datePublished: firstSaid } : {}),
  ...(appearances.length ? { appearance: appearances.map((s) => creativeWork(s, base)) } : {}),
});

const graph = (items: (Thing | undefined)[]): Graph => ({
  '@context': 'https://schema.org',
  '@graph': items.filter((i) => i !== undefined),
});

/** A claim page: the Claim, a ClaimReview per verdict, and a Quotation per statement on it. */
export function claimJsonLd(claim: any, base: string): Graph {
  const positions = claim.positions.edges.map((e: any) => e.node);
  const first = positions.find((p: any) => p.side === 'FOR') ?? positions[0];
  const sources = new Map<string, any>();
  for (const p of positions) for (const c of p.statement.citations) sources.set(c.source.id, c.source);
  const item = claimOf(claim, base, [...sources.values()], first && (first.onBehalfOf ?? first.speaker), first?.statement.saidOn.date);
  const reviews = claim.reviews.edges.map(({ node }: any): ClaimReview => ({
    '@type': 'ClaimReview',
    claimReviewed: claim.text,
    itemReviewed: item,
    author: agent({ ...node.reviewer, kind: 'ORGANIZATION' }, base),
    ...(node.reviewedOn ? { datePublished: node.reviewedOn } : {}),
    url: node.url ?? `${base}/claims/${encodeURIComponent(claim.id)}`,
    ...(node.summary ? { reviewBody: node.summary } : {}),
    reviewRating: {
      '@type': 'Rating',
      alternateName: node.ratingLabel,
      ...(RATING_VALUE[node.rating] ? { ratingValue: RATING_VALUE[node.rating], bestRating: 5, worstRating: 1 } : {}),
    } satisfies Rating,
  }));
  return graph([item, ...reviews, ...positions.map((p: any) => quotation({ ...p.statement, citations: p.statement.citations }, base))]);
}

/** A statement page: its Quotation, and the claims it takes a side on. */
export function statementJsonLd(s: any, base: string): Graph {
  return graph([
    quotation(s, base),
    ...s.positions.edges.map(({ node }: any) =>
      claimOf(
        node.claim,
        base,
        s.citations.map((c: any) => c.source),
      ),
    ),
  ]);
}

/** A speaker page: the person or organisation, and what they said. */
export function speakerJsonLd(speaker: any, base: string): Graph {
  const described = { ...(agent(speaker, base) as object), ...(speaker.description ? { description: speaker.description } : {}) } as
    Person | Organization;
  return graph([described, ...speaker.statements.edges.map(({ node }: any) => quotation(node, base))]);
}

/** A source page: the work, and the quotations read in it. */
export function sourceJsonLd(source: any, citations: any, base: string): Graph {
  return graph([
    creativeWork(source, base),
    ...citations.edges.map(({ node }: any) => quotation({ ...node.statement, citations: [{ source }] }, base)),
  ]);
}

/** The home page: the site and its search. */
export function homeJsonLd(base: string): Graph {
  return graph([
    {
      '@type': 'WebSite',
      '@id': `${base}/`,
      url: `${base}/`,
      name: 'Fact tracker',
      potentialAction: { '@type': 'SearchAction', target: { '@type': 'EntryPoint', urlTemplate: `${base}/?q={search_term_string}` } },
    },
  ]);
}
