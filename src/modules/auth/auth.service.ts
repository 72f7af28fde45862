import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { AppError, ErrorCode, badInput } from '../../shared/errors';
import { ApiKey } from './api-key.entity';
import { Role } from './role';

const KEY_PREFIX = 'ftk_';
const KEY_FORMAT = /^ftk_[A-Za-z0-9_-]{43}$/;

/** Keys are 256 random bits, so one fast SHA-256 is enough to store them safely (no password stretching needed). */
const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** The caller of a request, as established from its API key. */
export interface Viewer {
  name: string;
  role: Role;
}

/** The most requests per window a key's own limit may allow. */
export const MAX_KEY_RATE_LIMIT = 1_000_000_000;

/**
 * Creates a key and returns its secret, which is never stored and cannot be shown again. `rateLimit` gives the key
 * its own number of requests per window instead of the deployment's default.
 */
export async function createApiKey(
  em: EntityManager,
  name: string,
  role: Role,
  options: { rateLimit?: number | null } = {},
): Promise<{ key: string; apiKey: ApiKey }> {
  if (!/^[\w.@-]{1,100}$/.test(name)) throw badInput('name', 'A key name is 1 to 100 letters, digits, dots, dashes, @ or underscores.');
  const rateLimit = options.rateLimit ?? null;
  if (rateLimit !== null && !(Number.isInteger(rateLimit) && rateLimit >= 1 && rateLimit <= MAX_KEY_RATE_LIMIT)) {
    throw badInput('rateLimit', `A key's rate limit is a whole number of requests per window, from 1 to ${MAX_KEY_RATE_LIMIT}.`);
  }
  if (await em.count(ApiKey, { name })) throw new AppError(ErrorCode.CONFLICT, `A key named "${name}" already exists.`);
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  const apiKey = em.create(ApiKey, { name, role, keyHash: hashKey(key), prefix: key.slice(0, 10), rateLimit });
  await em.flush();
  return { key, apiKey };
}

export const listApiKeys = (em: EntityManager): Promise<ApiKey[]> => em.find(ApiKey, {}, { orderBy: { createdAt: 'asc' } });

/** Revokes a key by name; it stops working at once. */
export async function revokeApiKey(em: EntityManager, name: string): Promise<ApiKey> {
  const apiKey = await em.findOne(ApiKey, { name });
  if (!apiKey) throw new AppError(ErrorCode.NOT_FOUND, `No key named "${name}".`);
  apiKey.revokedAt ??= new Date();
  await em.flush();
  return apiKey;
}

/**
 * The active key an `Authorization` header carries, for rate limiting: undefined when it is malformed, unknown or
 * revoked, so such requests count against their address, never against a bucket of their own.
 */
export async function findRateLimitedKey(em: EntityManager, header: string): Promise<{ id: string; rateLimit: number | null } | undefined> {
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match || !KEY_FORMAT.test(match[1])) return undefined;
  const apiKey = await em.findOne(
    ApiKey,
    { keyHash: hashKey(match[1]), revokedAt: null },
    { fields: ['id', 'rateLimit'], disableIdentityMap: true },
  );
  return apiKey ? { id: apiKey.id, rateLimit: apiKey.rateLimit ?? null } : undefined;
}

/**
 * Resolves an `Authorization` header to a viewer: undefined when there is no header; UNAUTHENTICATED when it is
 * malformed, unknown or revoked (a client that sends a key means to use it, so a bad one is never ignored).
 */
export async function authenticate(em: EntityManager, header: string | undefined): Promise<Viewer | undefined> {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match || !KEY_FORMAT.test(match[1])) {
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'Send the API key as "Authorization: Bearer ftk_...".');
  }
  const apiKey = await em.findOne(ApiKey, { keyHash: hashKey(match[1]) }, { disableIdentityMap: true });
  if (!apiKey) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Unknown API key.');
  if (apiKey.revokedAt) throw new AppError(ErrorCode.UNAUTHENTICATED, 'This API key has been revoked.');
  return { name: apiKey.name, role: apiKey.role };
}
