import { join } from 'node:path';
import ts from 'typescript';

// Checks JSON-LD against schema.org's vocabulary as schema-dts (Google's generated TypeScript types of the
// current schema.org release) describes it: each block becomes an object literal typed as a schema.org Graph, so
// the compiler reports any type schema.org does not define (`@type`), any property the type does not have
// (excess property checks), and values of the wrong kind. One compilation checks every block.

const ROOT = join(__dirname, '..', '..');
const FILE = join(ROOT, 'tests', 'pages', '__jsonld__.ts');

/** The compiler's complaints about the blocks, each prefixed with the name given to its block. */
export function schemaOrgProblems(blocks: { name: string; jsonLd: unknown }[]): string[] {
  let text = `import type { Graph } from 'schema-dts';\n`;
  const starts: { name: string; line: number }[] = [];
  for (const [i, block] of blocks.entries()) {
    starts.push({ name: block.name, line: text.split('\n').length - 1 });
    text += `export const block${i}: Graph = ${JSON.stringify(block.jsonLd, null, 1)};\n`;
  }
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, version, ...rest) =>
    name === FILE ? ts.createSourceFile(name, text, version) : getSourceFile.call(host, name, version, ...rest);
  host.fileExists = (name) => name === FILE || fileExists.call(host, name);
  host.readFile = (name) => (name === FILE ? text : readFile.call(host, name));
  const program = ts.createProgram([FILE], options, host);
  const source = program.getSourceFile(FILE)!;
  return ts.getPreEmitDiagnostics(program, source).map((d) => {
    const line = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line;
    const block = [...starts].reverse().find((s) => s.line <= line);
    return `${block?.name ?? '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}
