import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../app';
import { loadConfig } from '../config';
import { Source } from '../modules/sources/source.entity';
import { archiveSourceText, textToArchive } from '../modules/sources/source.service';
import { sourceFile, SourceFileError } from '../modules/sources/readable-text';
import { AppError } from '../shared/errors';
import { decodeId, encodeId } from '../shared/global-id';
import { silentLogger } from '../shared/logger';

const USAGE = 'npm run archive-source -- --source SOURCE_ID FILE   (FILE: a saved page, .html, or a text file)';

// Archives a file as a source's text, as the archiveSource mutation does, for pages too large to send through
// GraphQL or saved in another encoding. Prints what the check of the source's citations found.
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { source: { type: 'string' } }, allowPositionals: true });
  const [file] = positionals;
  if (!file || positionals.length > 1 || !values.source) throw new SourceFileError(`Name a source and one file.\nUsage: ${USAGE}`);
  const { id } = decodeId(values.source, '--source', ['Source']);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new SourceFileError(`${file} cannot be read: ${(error as Error).message}`);
  }
  const given = sourceFile(bytes, basename(file));
  const app = await createApp({ ...loadConfig(), seedDemoData: false, databasePoolSize: 2 }, silentLogger);
  try {
    const { source, check } = await app.orm.em.fork().transactional(async (em) => {
      const found = await em.findOne(Source, id);
      if (!found) throw new SourceFileError(`No source with ID ${values.source}.`);
      return archiveSourceText({ em, actor: `archive-source ${basename(file)}` }, found, textToArchive({ ...given, url: found.url }));
    });
    console.log(`Source ${encodeId('Source', source.id)} (“${source.title}”), version ${source.version}: text ${source.contentHash}.`);
    if (!check) console.log('The source already had this text: nothing changed.');
    else
      console.log(
        `Citations: ${Object.entries(check.counts)
          .map(([status, n]) => `${n} ${status}`)
          .join(', ')}.`,
      );
    return 0;
  } finally {
    await app.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof SourceFileError || error instanceof AppError;
    console.error(known ? error.message : error);
    process.exit(known ? 2 : 1);
  },
);
