import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createApp } from '../app';
import { loadConfig } from '../config';
import { createApiKey, listApiKeys, revokeApiKey } from '../modules/auth/auth.service';
import { Role } from '../modules/auth/role';

const USAGE = `usage:
  npm run apikey -- create --name NAME --role READER|EDITOR|ADMIN   prints the key (shown once) on the last line
  npm run apikey -- list
  npm run apikey -- revoke NAME`;

// Manages API keys in the configured database (DATABASE_URL, or the embedded one).
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, role: { type: 'string', default: Role.EDITOR } },
  });
  const [command, argument] = positionals;
  if (!['create', 'list', 'revoke'].includes(command ?? '')) throw new Error(USAGE);
  const role = values.role?.toUpperCase() as Role;
  if (command === 'create' && (!values.name || !Object.values(Role).includes(role))) throw new Error(USAGE);
  if (command === 'revoke' && !argument) throw new Error(USAGE);

  const app = await createApp({ ...loadConfig(), seedDemoData: false }, () => undefined);
  try {
    const em = app.orm.em.fork();
    if (command === 'create') {
      const { key, apiKey } = await createApiKey(em, values.name!, role);
      console.log(`created ${apiKey.role} key "${apiKey.name}"; store it now, it cannot be shown again:`);
      console.log(key);
    } else if (command === 'list') {
      for (const k of await listApiKeys(em)) {
        console.log(
          [k.name, k.role, `${k.prefix}…`, k.createdAt.toISOString(), k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active'].join(
            '\t',
          ),
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
