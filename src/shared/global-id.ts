import { fromGlobalId } from 'graphql-relay';
import { badInput } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Opaque, global IDs ("Statement:<uuid>" base64-encoded): stable across exports, resolvable by `node(id)`. The same
 * strings as graphql-relay's `toGlobalId`, whose base64 in plain JavaScript costs several times Node's own.
 */
export const encodeId = (type: string, uuid: string): string => Buffer.from(`${type}:${uuid}`).toString('base64');

export interface DecodedId {
  type: string;
  id: string;
}

/** A client-sent ID quoted in a message: cut short and escaped, so a megabyte of garbage is not echoed back. */
const quoted = (id: string): string => JSON.stringify(id.length > 60 ? `${id.slice(0, 60)}…` : id);

/** Decodes a client-sent ID, or throws BAD_USER_INPUT naming the argument. Never reaches SQL when malformed. */
export function decodeId(globalId: string, field: string, expectedTypes?: readonly string[]): DecodedId {
  let decoded: DecodedId;
  try {
    decoded = fromGlobalId(globalId);
  } catch {
    decoded = { type: '', id: '' };
  }
  if (!decoded.type || !UUID.test(decoded.id)) {
    throw badInput(field, `${field}: ${quoted(globalId)} is not a valid ID.`);
  }
  if (expectedTypes && !expectedTypes.includes(decoded.type)) {
    throw badInput(
      field,
      `${field}: ${quoted(globalId)} is the ID of a ${/^\w{1,40}$/.test(decoded.type) ? decoded.type : quoted(decoded.type)}, expected ${expectedTypes.join(' or ')}.`,
    );
  }
  return { type: decoded.type, id: decoded.id.toLowerCase() };
}

export const decodeIds = (ids: readonly string[] | undefined | null, field: string, types: readonly string[]): string[] | undefined =>
  ids ? ids.map((id) => decodeId(id, field, types).id) : undefined;
