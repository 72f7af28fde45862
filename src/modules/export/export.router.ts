import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Knex, MikroORM } from '@mikro-orm/postgresql';
import {
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLBoolean,
  isListType,
  parse,
  type GraphQLInputObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { validate } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { createContext, type Context } from '../../context';
import { badInput, ErrorCode } from '../../shared/errors';
import { classifyError } from '../../shared/format-error';
import type { Logger } from '../../shared/logger';
import { requireReader } from '../auth/closed-reads';
import { checkStatementFilter } from '../statements/statement.query';
import { StatementFilter } from '../statements/statement.types';
import { EXPORT_FORMATS, type ExportFormat } from './export.formats';
import { exportStatements } from './export.service';

// GET /export/statements.{csv,ndjson,jsonld}?<StatementFilter fields>: the statements a filter selects, streamed.
// The query parameters are the filter's fields under the same names, read exactly as GraphQL reads the filter
// (types, enums, the input rules, unknown IDs and topic slugs), so a bad filter is a 400 with the reason before
// any row is sent. Lists are repeated parameters or comma-separated: `topics=ceasefire,prisoner-exchange`.

/** How long a client refused for too many exports at once is asked to wait. */
const EXPORT_RETRY_SECONDS = 60;

/** Parameters that are options of the file, not filter fields. */
const OPTIONS = new Set(['bom']);

const FILTER_VARIABLE = (parse('query($filter: StatementFilter) { __typename }').definitions[0] as OperationDefinitionNode)
  .variableDefinitions!;

/** The filter the query parameters describe, checked as the `statements` query checks it. */
export async function filterFromQuery(schema: GraphQLSchema, ctx: Context, query: Request['query']): Promise<StatementFilter> {
  const fields = (schema.getType('StatementFilter') as GraphQLInputObjectType).getFields();
  const raw: Record<string, unknown> = {};
  for (const [name, given] of Object.entries(query)) {
    if (OPTIONS.has(name)) continue;
    const field = fields[name];
    if (!field) {
      throw badInput(name, `"${name}" is not a filter field. The fields: ${Object.keys(fields).join(', ')}; and bom=true for CSV.`);
    }
    const values = (Array.isArray(given) ? given : [given]).map(String);
    if (isListType(getNullableType(field.type))) {
      raw[name] = values
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean);
    } else if (values.length > 1) {
      throw badInput(name, `"${name}" takes one value.`);
    } else if (getNamedType(field.type) === GraphQLBoolean) {
      if (values[0] !== 'true' && values[0] !== 'false') throw badInput(name, `"${name}" is true or false.`);
      raw[name] = values[0] === 'true';
    } else {
      raw[name] = values[0];
    }
  }
  const { errors, coerced } = getVariableValues(schema, FILTER_VARIABLE, { filter: raw });
  if (errors?.length) throw badInput('filter', errors[0].message.replace('Variable "$filter"', 'The filter'));
  const filter = Object.assign(new StatementFilter(), coerced!.filter);
  const problems = await validate(filter, { forbidUnknownValues: false, skipMissingProperties: false });
  if (problems.length) throw new ArgumentValidationError(problems);
  await checkStatementFilter(ctx, filter);
  return filter;
}

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};

/** An error before any row: the status and the same JSON shape as a GraphQL error. */
function refuse(res: Response, error: unknown, logger: Logger): void {
  const { code, message, extensions, internal } = classifyError(error, 'The export failed.');
  if (internal) logger.error({ err: error }, 'export failed');
  res.status(STATUS[code] ?? 400).json({ errors: [{ message, extensions }] });
}

/** How long an export may prepare before its headers are sent. */
const HEADERS_AFTER_MS = 1000;

export function exportRouter(deps: {
  orm: MikroORM;
  schema: GraphQLSchema;
  readsRequireKey: boolean;
  logger: Logger;
  limitRate: RequestHandler;
  exportsAtOnce: number;
  /** The connection reads use: a read replica when one is in good state, else the primary. */
  readDb: () => Knex;
}) {
  const { orm, schema, readsRequireKey, logger } = deps;
  const router = Router();
  // Each export holds a pool connection until its last row: beyond the limit, a client is asked to come back
  // rather than a download taking the connections GraphQL requests need.
  let running = 0;
  router.get('/export/statements.:format', deps.limitRate, async (req, res, next) => {
    const format = req.params.format as ExportFormat;
    if (!Object.hasOwn(EXPORT_FORMATS, format)) return next();
    const ctx = createContext(orm, {
      authorization: req.headers.authorization,
      log: req.log,
      requestId: String(req.id),
      db: deps.readDb(),
    });
    let filter: StatementFilter;
    try {
      // The same access rule as GraphQL reads: a deployment with closed reads wants a key.
      if (readsRequireKey) await requireReader(ctx, 'Exports');
      filter = await filterFromQuery(schema, ctx, req.query);
    } catch (error) {
      return refuse(res, error, logger);
    }
    if (running >= deps.exportsAtOnce) {
      res.setHeader('Retry-After', String(EXPORT_RETRY_SECONDS));
      res.status(429).json({
        errors: [
          {
            message: `${running} exports are running, the most this server streams at once. Retry in a minute.`,
            extensions: { code: ErrorCode.RATE_LIMITED, retryAfter: EXPORT_RETRY_SECONDS, limit: 'EXPORTS_AT_ONCE' },
          },
        ],
      });
      return;
    }
    running++;
    res.once('close', () => running--);
    const day = new Date().toISOString().slice(0, 10);
    res.setHeader('Content-Type', EXPORT_FORMATS[format].contentType);
    res.setHeader('Content-Disposition', `attachment; filename="statements-${day}.${format}"`);
    res.setHeader('Cache-Control', 'no-store');
    // The first export after many statements changed stores their records before its first line, which at a
    // million statements takes minutes: the headers go out after a second, so a browser shows the download begun
    // and a proxy does not give up waiting for them. A refusal before then is still a status and a message.
    const headersNow = setTimeout(() => res.flushHeaders(), HEADERS_AFTER_MS);
    try {
      await exportStatements(ctx.db, filter, format, res, { bom: req.query.bom === 'true', writer: orm.em.getKnex() });
    } catch (error) {
      // Rows may be out already: the connection is cut, so the client sees an incomplete download, not a short file.
      if (!res.headersSent) return refuse(res, error, logger);
      if (!res.destroyed) logger.warn({ err: error }, 'export stopped');
      res.destroy();
    } finally {
      clearTimeout(headersNow);
    }
  });
  return router;
}
