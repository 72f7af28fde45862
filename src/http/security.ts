import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import vary from 'vary';
import { sendJson, type ErrorHandler, type Middleware } from './graphql-endpoint';
import { PLAYGROUND_CSP } from '../playground/playground';
import { ErrorCode } from '../shared/errors';

/** What a browser may do with anything else this server sends (JSON, health probes, errors): nothing. */
const API_CSP = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** The playground's own policy (its scripts and styles come from this server) plus: never inside a frame. */
const PLAYGROUND_DIRECTIVES = {
  ...Object.fromEntries(
    PLAYGROUND_CSP.split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  ),
  'frame-ancestors': ["'none'"],
};

/**
 * Security headers on every response, 404s and errors included: nosniff, no referrer, no framing, and a
 * Content-Security-Policy that allows nothing (`playgroundSecurityHeaders` relaxes it where the playground is served).
 */
export function securityHeaders(): Middleware {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
}

/** The playground's Content-Security-Policy, on the routes that serve its page (mounted after `securityHeaders`). */
export const playgroundSecurityHeaders: Middleware = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: PLAYGROUND_DIRECTIVES,
});

const ALLOWED_HEADERS = [
  'Content-Type',
  'Authorization',
  'Idempotency-Key',
  'Apollo-Require-Preflight',
  'X-Apollo-Operation-Name',
  'X-Request-Id',
];
const EXPOSED_HEADERS = ['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy', 'X-Request-Id'];

/**
 * Cross-origin access for the origins listed (`'*'`: any). Keys travel in the Authorization header, never in
 * cookies, so credentials are not allowed. A preflight always ends here with 204: with the Access-Control-*
 * headers for an allowed origin, without them otherwise (the browser then refuses; no 4xx for it to misreport).
 * Other requests go on either way; without the headers a browser keeps the answer from the page.
 */
export function corsPolicy(origins: string[] | '*'): Middleware {
  const allowed = origins === '*' ? undefined : new Set(origins);
  const withHeaders = cors({
    // Only reached for allowed origins (or any, with '*'): reflect the request's origin.
    origin: origins === '*' ? '*' : true,
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    credentials: false,
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
  return (req, res, next) => {
    if (!allowed) return withHeaders(req, res, next);
    // The answer depends on the origin, allowed or not, so caches must keep them apart.
    vary(res, 'Origin');
    const origin = req.headers.origin;
    if (origin !== undefined && allowed.has(origin)) return withHeaders(req, res, next);
    if (req.method === 'OPTIONS') {
      res.statusCode = 204;
      res.end();
      return;
    }
    next();
  };
}

/** A GraphQL-shaped 404 for every path no route takes (mounted after all routes). */
export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ errors: [{ message: `Nothing at ${req.method} ${req.path}.`, extensions: { code: ErrorCode.NOT_FOUND } }] });
};

/**
 * Errors nothing else answered: a GraphQL-shaped 500 that keeps the security headers (Express's own handler replaces
 * the Content-Security-Policy and, outside production, shows the stack trace to the client). Mounted last.
 */
export function lastResortErrorHandler(logger: { error(message: string): void }): ErrorHandler {
  return (fault, _req, res, next) => {
    const error = (fault ?? {}) as { status?: number; statusCode?: number; expose?: boolean; message?: string; stack?: string };
    if (res.headersSent) return next(error);
    const raw = error.status ?? error.statusCode;
    const status = typeof raw === 'number' && raw >= 400 && raw < 600 ? raw : 500;
    const exposed = status < 500 && error.expose === true && error.message;
    if (!exposed) logger.error(`unhandled HTTP error: ${error.stack ?? String(error)}`);
    sendJson(res, status, {
      errors: [
        {
          message: exposed ? error.message : 'Internal server error.',
          extensions: { code: status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL_SERVER_ERROR },
        },
      ],
    });
  };
}
