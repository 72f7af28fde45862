import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config';
import { createSchema, printSortedSchema } from '../schema';

// `npm run schema:update`: rewrite the committed schema.graphql from the code.
createSchema()
  .then((schema) => writeFileSync(path.join(PROJECT_ROOT, 'schema.graphql'), printSortedSchema(schema)))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
