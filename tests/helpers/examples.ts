import { loadExamples } from '../../src/playground/playground';

/** The playground's example tabs, by operation name, so tests run exactly what journalists see. */
export function example(operationName: string): string {
  const found = loadExamples().find((e) => new RegExp(`\\b(query|mutation)\\s+${operationName}\\b`).test(e.query));
  if (!found) throw new Error(`no playground example named ${operationName}`);
  return found.query;
}
