import { createHash } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import type { Knex, MikroORM } from '@mikro-orm/postgresql';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import type { JSX } from 'preact';
import { createContext, type Context } from '../../context';
import { ErrorCode } from '../../shared/errors';
import { JsonText } from '../../shared/response-sql';
import { claimJsonLd, homeJsonLd, sourceJsonLd, speakerJsonLd, statementJsonLd } from './page.jsonld';
import { CLAIM_PAGE, HOME_PAGE, SOURCE_PAGE, SPEAKER_PAGE, STATEMENT_PAGE } from './page.queries';
import { FAVICON_SVG, PAGE_CSS } from './page.style';
import {
  ClaimBody,
  ErrorBody,
  HomeBody,
  renderPage,
  SourceBody,
  SpeakerBody,
  StatementBody,
  FAVICON,
  STYLESHEET,
  type PageMeta,
} from './page.views';

// Public pages for readers: /claims/:id, /statements/:id, /speakers/:id, /sources/:id (an optional slug after
// the ID is ignored) and a home page with search. Each page is one GraphQL operation (page.queries.ts) run by
// the same Apollo server as /graphql, so it goes through the same limits, compiled SQL and loaders, and
// rendered to HTML on the server. Cached by ETag (a hash of the answer, which holds every record's version).

/** The pages run no script and load only their stylesheet, from this server. */
export const pageSecurityHeaders: RequestHandler = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    'default-src': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  },
});

const HTTP_STATUS: Partial<Record<string, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.TIMEOUT]: 503,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

class PageError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Deps {
  orm: MikroORM;
  server: ApolloServer<Context>;
  readsRequireKey: boolean;
  limitRate: RequestHandler;
  /** The connection reads use: a read replica when one is in good state, else the primary. */
  readDb: () => Knex;
}

/** The site's address as the reader reached it (behind a proxy, as `trust proxy` allows). */
const baseUrl = (req: Request) => `${req.protocol}://${req.get('host')}`;

export function pageRouter({ orm, server, readsRequireKey, limitRate, readDb }: Deps): Router {
  const router = Router();

  /** A page's data: the operation's answer, or a PageError saying what status it deserves. */
  async function read(req: Request, query: string, variables: Record<string, unknown>): Promise<any> {
    const contextValue = createContext(orm, {
      authorization: req.headers.authorization,
      log: req.log,
      requestId: String(req.id),
      db: readDb(),
    });
    const response = await server.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new PageError(500, 'Unexpected incremental answer.');
    const { data, errors } = response.body.singleResult;
    if (errors?.length) {
      const code = String(errors[0].extensions?.code ?? '');
      throw new PageError(HTTP_STATUS[code] ?? 500, HTTP_STATUS[code] ? errors[0].message : 'The page could not be read.');
    }
    return data instanceof JsonText ? JSON.parse(data.text) : data;
  }

  function send(req: Request, res: Response, data: unknown, meta: PageMeta, body: JSX.Element): void {
    const etag = `W/"${createHash('sha1').update(JSON.stringify(data)).digest('base64url')}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', readsRequireKey ? 'private, no-cache' : 'public, max-age=60');
    if (readsRequireKey) res.setHeader('Vary', 'Authorization');
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    res.type('html').send(renderPage(meta, body));
  }

  function fail(req: Request, res: Response, error: unknown): void {
    const status = error instanceof PageError ? error.status : 500;
    if (status === 500) req.log.error({ err: error }, 'page failed');
    const message = error instanceof PageError && status !== 500 ? error.message : 'The page could not be built. Try again later.';
    const meta: PageMeta = {
      title: `Error ${status}`,
      description: message,
      url: `${baseUrl(req)}${req.path}`,
      jsonLd: homeJsonLd(baseUrl(req)),
      type: 'website',
    };
    res
      .status(status)
      .setHeader('Cache-Control', 'no-store')
      .type('html')
      .send(renderPage(meta, ErrorBody({ status, message })));
  }

  const page =
    (
      query: string,
      build: (data: any, base: string, req: Request) => { meta: Omit<PageMeta, 'url'>; body: JSX.Element },
      variables: (req: Request) => Record<string, unknown> = (req) => ({ id: req.params.id }),
    ): RequestHandler =>
    async (req, res) => {
      try {
        const data = await read(req, query, variables(req));
        const { meta, body } = build(data, baseUrl(req), req);
        send(req, res, data, { ...meta, url: `${baseUrl(req)}${req.path}` }, body);
      } catch (error) {
        fail(req, res, error);
      }
    };

  const sideCount = (side: { edges: unknown[]; pageInfo: { hasNextPage: boolean } }) =>
    `${side.edges.length}${side.pageInfo.hasNextPage ? '+' : ''}`;
  const clip = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

  router.get(STYLESHEET, (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.type('css').send(PAGE_CSS);
  });
  router.get([FAVICON, '/favicon.ico'], (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.type('image/svg+xml').send(FAVICON_SVG);
  });
  router.use(['/claims', '/statements', '/speakers', '/sources'], limitRate, pageSecurityHeaders);

  router.get(
    ['/claims/:id', '/claims/:id/:slug'],
    page(
      CLAIM_PAGE,
      ({ claim }, base, req) => ({
        meta: {
          title: clip(claim.text, 90),
          description: `Who is for and against (${sideCount(claim.supporters)} for, ${sideCount(claim.opponents)} against), with their words and sources.`,
          jsonLd: claimJsonLd(claim, base),
        },
        body: ClaimBody({ claim, path: req.path, continued: typeof req.query.after === 'string' }),
      }),
      (req) => ({ id: req.params.id, after: typeof req.query.after === 'string' ? req.query.after : null }),
    ),
  );
  router.get(
    ['/statements/:id', '/statements/:id/:slug'],
    page(STATEMENT_PAGE, ({ statement }, base) => ({
      meta: {
        title: `${statement.speaker.name}: ${clip(statement.text, 80)}`,
        description: clip(`${statement.speaker.name}, ${statement.saidOn.date}: ${statement.text}`),
        jsonLd: statementJsonLd(statement, base),
      },
      body: StatementBody({ statement }),
    })),
  );
  router.get(
    ['/speakers/:id', '/speakers/:id/:slug'],
    page(SPEAKER_PAGE, ({ speaker }, base) => ({
      meta: {
        title: speaker.name,
        description: clip(`${speaker.description ?? speaker.name}. ${speaker.statements.totalCount} statements on record.`),
        jsonLd: speakerJsonLd(speaker, base),
        type: 'profile',
      },
      body: SpeakerBody({ speaker }),
    })),
  );
  router.get(
    ['/sources/:id', '/sources/:id/:slug'],
    page(SOURCE_PAGE, ({ source, citations }, base) => ({
      meta: {
        title: clip(source.title, 90),
        description: `${citations.totalCount} statements read in this source, each checked against its archived text.`,
        jsonLd: sourceJsonLd(source, citations, base),
      },
      body: SourceBody({ source, citations }),
    })),
  );
  router.get(
    '/',
    limitRate,
    pageSecurityHeaders,
    page(
      HOME_PAGE,
      (data, base, req) => ({
        meta: {
          title: 'Who said what',
          description: 'Statements, claims and counter-claims, each traced to the source it was read in.',
          jsonLd: homeJsonLd(base),
          type: 'website',
        },
        body: HomeBody({ q: String(req.query.q ?? ''), search: data.search, disputes: data.disputes }),
      }),
      (req) => {
        const q = typeof req.query.q === 'string' ? req.query.q.trim() : '';
        return { q, searching: q !== '' };
      },
    ),
  );
  return router;
}
