import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type ContextThunk } from '@apollo/server';

/** A Connect-style middleware on Node's own request and response: what the GraphQL endpoint and Express share. */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void | Promise<void>;
/** What answers a middleware's error (a bad body, a fault): the same handlers Express mounts for the other routes. */
export type ErrorHandler = (error: unknown, req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

export interface GraphqlEndpointOptions<TContext extends BaseContext> {
  server: ApolloServer<TContext>;
  /** Run in order before Apollo: request log, security headers, CORS, rate limit, the JSON body. */
  middlewares: Middleware[];
  /** Answer a middleware's or Apollo's failure, in order (the first that answers ends it). */
  errorHandlers: ErrorHandler[];
  context(req: IncomingMessage, res: ServerResponse): Promise<TContext>;
}

/**
 * `/graphql` served on Node's own HTTP server around Apollo's `executeHTTPGraphQLRequest`, which is how Apollo
 * Server is meant to be put behind any HTTP layer (the Express integration is the same twenty lines). Express
 * serves every other route. Its router, the request and response prototypes it sets on each request and its
 * layers cost about 0.3 ms of Node CPU per request, a third of what a query compiled to SQL cost in all
 * (README, Decisions). The same middleware functions run here, in the same order, so both paths keep the same
 * headers, limits and logs.
 */
export function graphqlEndpoint<TContext extends BaseContext>(
  options: GraphqlEndpointOptions<TContext>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { server, middlewares, errorHandlers } = options;
  const fail = (error: unknown, req: IncomingMessage, res: ServerResponse) => {
    let i = 0;
    const next = (e: unknown = error): void => {
      const handler = errorHandlers[i++];
      if (handler) handler(e, req, res, next);
      else if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    };
    next(error);
  };
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const query = req.url!.indexOf('?');
    const context: ContextThunk<TContext> = () => options.context(req, res);
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method!.toUpperCase(),
        headers,
        search: query < 0 ? '' : req.url!.slice(query),
        body: (req as { body?: unknown }).body,
      },
      context,
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
  return (req, res) => {
    let i = 0;
    const next = (error?: unknown): void => {
      if (error !== undefined) return fail(error, req, res);
      const middleware = middlewares[i++];
      if (!middleware) {
        answer(req, res).catch((e: unknown) => fail(e, req, res));
        return;
      }
      try {
        // A promise's rejection fails the request, as Express 5 does.
        const running = middleware(req, res, next);
        if (running) running.catch((e: unknown) => fail(e, req, res));
      } catch (e) {
        fail(e, req, res);
      }
    };
    next();
  };
}

/** The request's path without its query string. */
export const pathOf = (url: string | undefined): string => {
  const query = url?.indexOf('?') ?? -1;
  return query < 0 ? (url ?? '') : url!.slice(0, query);
};

/** A JSON answer on a plain Node response (Express's `res.status().json()` without Express). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
