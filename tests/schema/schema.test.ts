import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isInputObjectType, isInterfaceType, isObjectType, isEnumType, type GraphQLSchema } from 'graphql';
import { printSortedSchema } from '../../src/schema';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let schema: GraphQLSchema;
beforeAll(async () => {
  t = await createTestApp();
  schema = t.app.schema;
});
afterAll(() => t.close());

it('matches the committed schema.graphql (run `npm run schema:update` after changing the API)', () => {
  const committed = readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8');
  expect(printSortedSchema(schema)).toBe(committed);
});

it('describes every type, field, argument and enum value for the playground’s docs panel', () => {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (!type.description) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) {
          if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    if (isEnumType(type) && !['SpeakerKind', 'EventKind', 'Rating', 'RevisionAction'].includes(type.name)) {
      for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
  }
  expect(missing).toEqual([]);
});

it('has no pending schema change: the committed migrations match the entities', async () => {
  const migrator = t.app.orm.getMigrator();
  expect(await migrator.checkMigrationNeeded()).toBe(false);
  expect(await migrator.getPendingMigrations()).toEqual([]);
});
