import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

export type { Logger };

/** One JSON object per line on stdout, so log collectors need no parsing rules. */
export const createLogger = (level: string): Logger => pino({ level, base: { service: 'fact-tracker' } });

/** A logger that writes nothing (tests, command-line tools). */
export const silentLogger: Logger = pino({ level: 'silent' });

/** A client-chosen `X-Request-Id` is kept when it is short and printable, so a caller can trace its own request. */
const REQUEST_ID = /^[\w.:-]{1,100}$/;

/**
 * Gives every request an ID (echoed as `X-Request-Id`) and a child logger carrying it, so every line a request
 * causes can be found together; logs one line per finished request.
 */
export const requestLogger = (logger: Logger) =>
  pinoHttp({
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // Health probes every few seconds would drown everything else.
    autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/ready' },
    // 503 is a database outage, already logged once where it was found; 500 is a bug, logged with its stack there.
    customLogLevel: (_req, res, error) => (res.statusCode === 503 ? 'warn' : error || res.statusCode >= 500 ? 'error' : 'info'),
    // pino-http invents an Error for every 5xx; its stack says nothing, so keep only its message.
    customAttributeKeys: { err: 'failure' },
    // Headers can carry API keys; the method, path and status are what an operator needs.
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      failure: (error: Error) => error.message,
    },
  });
