import type DataLoader from 'dataloader';
import { notFound } from './errors';
import { decodeId } from './global-id';

const SPEAKER_KINDS: Record<string, string> = { Person: 'PERSON', Organization: 'ORGANIZATION' };

/** Fetches a client-named record by global ID through a loader, or NOT_FOUND / BAD_USER_INPUT. */
export async function loadByGlobalId<T>(
  loader: Pick<DataLoader<string, T | undefined>, 'load'>,
  globalId: string,
  field: string,
  types: readonly string[],
): Promise<T> {
  const { type, id } = decodeId(globalId, field, types);
  const row = await loader.load(id);
  if (!row) throw notFound(types.join(' or '), globalId);
  // People and organisations share one table: a Person ID must not fetch an organisation, nor the reverse.
  const kind = (row as { kind?: unknown }).kind;
  if (type in SPEAKER_KINDS && kind !== SPEAKER_KINDS[type]) throw notFound(type, globalId);
  return row;
}

/** Loads the record a row points at (a foreign key), or null when the key is empty. */
export async function loadOptional<T>(loader: DataLoader<string, T | undefined>, id: string | null | undefined): Promise<T | null> {
  return id ? ((await loader.load(id)) ?? null) : null;
}
