import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createApp } from '../app';
import { silentLogger } from '../shared/logger';
import { loadConfig } from '../config';
import { createApiKey, listApiKeys, revokeApiKey } from '../modules/auth/auth.service';
import { Role } from '../modules/auth/role';

const USAGE = `usage:
  npm run apikey -- create --name NAME --role READER|EDITOR|ADMIN [--rate-limit N]
      prints the key (shown once) on the last line; N: its own requests per rate-limit window
  npm run apikey -- list
  npm run apikey -- revoke NAME`;

// Manages API keys in the configured database (DATABASE_URL, or the embedded one).
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, role: { type: 'string', default: Role.EDITOR }, 'rate-limit': { type: 'string' } },
  });
  const [command, argument] = positionals;
  if (!['create', 'list', 'revoke'].includes(command ?? '')) throw new Error(USAGE);
  const role = values.role?.toUpperCase() as Role;
  if (command === 'create' && (!values.name || !Object.values(Role).includes(role))) throw new Error(USAGE);
  if (command === 'revoke' && !argument) throw new Error(USAGE);
  const rawRateLimit = values['rate-limit'];
  if (rawRateLimit !== undefined && (command !== 'create' || !/^\d+$/.test(rawRateLimit))) throw new Error(USAGE);
  const rateLimit = rawRateLimit === undefined ? null : Number(rawRateLimit);

  const app = await createApp({ ...loadConfig(), seedDemoData: false }, silentLogger);
  try {
    const em = app.orm.em.fork();
    if (command === 'create') {
      const { key, apiKey } = await createApiKey(em, values.name!, role, { rateLimit });
      const limit = apiKey.rateLimit ? ` limited to ${apiKey.rateLimit} requests per window` : '';
      console.log(`created ${apiKey.role} key "${apiKey.name}"${limit}; store it now, it cannot be shown again:`);
      console.log(key);
    } else if (command === 'list') {
      for (const k of await listApiKeys(em)) {
        console.log(
          [
            k.name,
            k.role,
            `${k.prefix}…`,
            k.rateLimit ? `${k.rateLimit}/window` : 'default limit',
            k.createdAt.toISOString(),
            k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active',
          ].join('\t'),
        );
      }
    } else {
      const k = await revokeApiKey(em, argument!);
      console.log(`revoked "${k.name}"`);
    }
  } finally {
    await app.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
