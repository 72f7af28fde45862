// What each public page reads: one GraphQL operation per page, run through the same server, limits, compiled
// SQL and loaders as any client's query. Every field a page shows is named here, so the page's ETag (a hash of
// the answer, versions included) changes whenever anything it shows changes. A claim page asks for no
// `totalCount`: on a claim with thousands of positions each count reads them all, and a reader needs the next
// statements, not their number.

const SOURCE = `id title url publishedOn version publisher { id name } republishes { id title url publishedOn publisher { id name } }`;
const CITATION = `excerpt status context(characters: 160) { before exact after } source { ${SOURCE} }`;
const DATE = `saidOn { date precision inferred }`;
const SPEAKER = `__typename id name version ... on Speaker { wikidataId }`;
const STATEMENT = `id text kind language version attributionStatus attributionNote ${DATE} setting
  speaker { ${SPEAKER} } onBehalfOf { ${SPEAKER} } event { id name location startDate version }`;

/** How many statements a claim page lists at once; the page links to the next ones. */
export const CLAIM_PAGE_SIZE = 25;

export const CLAIM_PAGE = `query ClaimPage($id: ID!, $after: String) {
  claim(id: $id) {
    id text version createdAt
    topics { slug name }
    supporters(first: 50) { pageInfo { hasNextPage } edges { node { ${SPEAKER} } } }
    opponents(first: 50) { pageInfo { hasNextPage } edges { node { ${SPEAKER} } } }
    reviews(first: 20) { edges { node { id ratingLabel rating url reviewedOn summary version reviewer { ${SPEAKER} } } } }
    positions(first: ${CLAIM_PAGE_SIZE}, after: $after) { pageInfo { hasNextPage endCursor }
      edges { node { stance side speaker { ${SPEAKER} } onBehalfOf { ${SPEAKER} }
      statement { ${STATEMENT} citations { ${CITATION} } } } } }
  }
}`;

export const STATEMENT_PAGE = `query StatementPage($id: ID!) {
  statement(id: $id) {
    ${STATEMENT} createdAt updatedAt
    topics { slug name }
    citations { ${CITATION} }
    positions(first: 50) { edges { node { stance side claim { id text version } } } }
    counterClaims(first: 20) { totalCount edges { node { ${STATEMENT} } } }
    relations(first: 50) { edges { node { kind note status from { id text ${DATE} speaker { ${SPEAKER} } } to { id text ${DATE} speaker { ${SPEAKER} } } } } }
  }
}`;

export const SPEAKER_PAGE = `query SpeakerPage($id: ID!) {
  speaker(id: $id) {
    ${SPEAKER} __typename description country
    aliases(first: 20) { edges { node } }
    ... on Person { affiliations(first: 20) { edges { node { title startDate endDate version organization { id name } } } } }
    statements(first: 50) { totalCount edges { node { ${STATEMENT} citations { ${CITATION} } } } }
    claims(first: 50) { totalCount edges { node { stance side speaker { ${SPEAKER} } claim { id text version } statement { id ${DATE} } } } }
  }
}`;

export const SOURCE_PAGE = `query SourcePage($id: ID!) {
  source(id: $id) {
    ${SOURCE} kind language archivedUrl contentHash archivedAt
    republishedBy(first: 20) { edges { node { id title url publishedOn } } }
    citationCounts { verified moved missing unverified total }
  }
  citations(first: 100, filter: { sourceIds: [$id] }) {
    totalCount
    edges { node { excerpt status context(characters: 80) { before exact after } statement { ${STATEMENT} } } }
  }
}`;

export const HOME_PAGE = `query HomePage($q: String!, $searching: Boolean!) {
  search(query: $q, first: 20) @include(if: $searching) {
    edges { node { kind highlight node { __typename id
      ... on Statement { text ${DATE} speaker { ${SPEAKER} } }
      ... on Claim { text }
      ... on Speaker { name description }
      ... on Event { name startDate }
      ... on Source { title publishedOn } } } }
  }
  disputes(first: 10) {
    edges { node { id text supporters(first: 5) { totalCount edges { node { ${SPEAKER} } } }
      opponents(first: 5) { totalCount edges { node { ${SPEAKER} } } } } }
  }
}`;
