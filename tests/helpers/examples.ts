import { loadExamples, type PlaygroundExample } from '../../src/playground/playground';

/** A playground example tab by operation name, so tests run exactly what journalists see. */
export function exampleTab(operationName: string): PlaygroundExample {
  const found = loadExamples().find((e) => new RegExp(`\\b(query|mutation)\\s+${operationName}\\b`).test(e.query));
  if (!found) throw new Error(`no playground example named ${operationName}`);
  return found;
}

export const example = (operationName: string): string => exampleTab(operationName).query;
