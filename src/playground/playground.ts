import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import express from 'express';
import { Kind, parse } from 'graphql';
import { PROJECT_ROOT } from '../config';

export interface PlaygroundExample {
  name: string;
  query: string;
  variables?: string;
  /** The public page that shows the same answer, if there is one. */
  page?: string;
}

/** Sent with the landing page by the app if it wants; the page itself needs no inline script. */
export const PLAYGROUND_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // GraphiQL and CodeMirror set inline styles; the GraphiQL CSS embeds its fonts and icons as data: URLs.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
].join('; ');

// tsc does not copy .graphql/.js files to dist/, so both run from the source folder.
const SOURCE_DIR = path.join(PROJECT_ROOT, 'src', 'playground');
const ASSET_PREFIX = '/playground/';

const TITLE_LINE = /^#\s*(\S.*?)\s*$/;
const VARIABLES_LINE = /^#\s*variables:\s*(.*?)\s*$/;
/** Where the first tab points a newcomer. */
const START_HERE =
  '# More questions: Examples (the lines icon, left).\n# Build your own: Explorer (the folder icon).\n# Run: the ▶ button. Every field: Docs (the book icon).\n\n';
const PAGE_LINE = /^#\s*page:\s*(\/\S*)\s*$/;

/**
 * Each file must hold exactly one operation: GraphiQL re-derives the operation
 * name after every edit, so a second operation would make "Run" ask which one.
 * A bad file throws at start-up rather than showing a broken tab.
 */
export function loadExamples(dir: string = path.join(SOURCE_DIR, 'examples')): PlaygroundExample[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => parseExample(file, readFileSync(path.join(dir, file), 'utf8')));
}

function parseExample(file: string, text: string): PlaygroundExample {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let name = file.replace(/\.graphql$/, '');
  let variables: string | undefined;
  let page: string | undefined;
  const title = TITLE_LINE.exec(lines[0] ?? '');
  if (title && !VARIABLES_LINE.test(lines[0]!)) name = title[1]!;

  // The variables line is metadata for the variables pane; the title comment stays as a heading in the editor.
  const queryLines = lines.filter((line) => {
    const link = PAGE_LINE.exec(line);
    if (link) {
      page = link[1];
      return false;
    }
    const match = VARIABLES_LINE.exec(line);
    if (!match) return true;
    try {
      variables = JSON.stringify(JSON.parse(match[1]!), null, 2);
    } catch (error) {
      throw new Error(`Playground example ${file}: "# variables:" is not valid JSON (${(error as Error).message})`);
    }
    return false;
  });
  const query = queryLines.join('\n').trim() + '\n';

  let operations: number;
  try {
    operations = parse(query).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
  } catch (error) {
    throw new Error(`Playground example ${file}: ${(error as Error).message}`);
  }
  if (operations !== 1) {
    throw new Error(`Playground example ${file}: expected exactly one operation, found ${operations}`);
  }
  return { name, query, ...(variables === undefined ? {} : { variables }), ...(page === undefined ? {} : { page }) };
}

/** URL file name -> [package whose package.json anchors the path | null for our source folder, relative path]. */
const ASSETS: Record<string, [string | null, string]> = {
  'react.production.min.js': ['react', 'umd/react.production.min.js'],
  'react-dom.production.min.js': ['react-dom', 'umd/react-dom.production.min.js'],
  'graphiql.min.js': ['graphiql', 'graphiql.min.js'],
  'graphiql.min.css': ['graphiql', 'graphiql.min.css'],
  'explorer.umd.js': ['@graphiql/plugin-explorer', 'dist/index.umd.js'],
  'explorer.css': ['@graphiql/plugin-explorer', 'dist/style.css'],
  'playground-init.js': [null, 'playground-init.js'],
};

let assetFiles: Map<string, string> | undefined;
let assetVersion: string | undefined;

function getAssetFiles(): Map<string, string> {
  // graphiql's "exports" hides graphiql.min.js from require.resolve, but package.json is exported by all three.
  assetFiles ??= new Map(
    Object.entries(ASSETS).map(([urlName, [pkg, file]]) => {
      const base = pkg === null ? SOURCE_DIR : path.dirname(require.resolve(`${pkg}/package.json`));
      return [urlName, path.join(base, file)];
    }),
  );
  return assetFiles;
}

/** Assets are cached for a day, so their URLs carry a content hash to pick up upgrades and init-script changes at once. */
function getAssetVersion(): string {
  if (assetVersion === undefined) {
    const hash = createHash('sha256');
    for (const file of getAssetFiles().values()) hash.update(readFileSync(file));
    assetVersion = hash.digest('hex').slice(0, 10);
  }
  return assetVersion;
}

export function playgroundRouter(): express.Router {
  const router = express.Router();
  for (const [urlName, file] of getAssetFiles()) {
    router.get(ASSET_PREFIX + urlName, (_req, res, next) => {
      // sendFile sets Content-Type from the extension and Cache-Control to "public, max-age=86400".
      res.sendFile(file, { maxAge: 86_400_000 }, (error) => {
        if (error) next(error);
      });
    });
  }
  return router;
}

export function playgroundPlugin(options: { endpoint: string; title: string; examples: PlaygroundExample[] }): ApolloServerPlugin {
  const { endpoint, title, examples } = options;
  const examplesHash = createHash('sha256').update(JSON.stringify(examples)).digest('hex').slice(0, 8);
  const config = {
    endpoint,
    // GraphiQL only applies defaultTabs when its storage is empty, so new examples need a new namespace.
    storageBase: 'playground',
    storageNamespace: `playground:${examplesHash}`,
    // One tab to start with; the Examples panel opens the others, listed by their plain titles.
    tabs: examples.slice(0, 1).map(({ query, variables }) => ({ query: `${START_HERE}${query}`, variables })),
    examples: examples.map(({ name, query, variables, page }) => ({ title: name, query, variables, page })),
  };
  const version = getAssetVersion();
  const asset = (name: string) => escapeHtml(`${ASSET_PREFIX}${name}?v=${version}`);
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${asset('graphiql.min.css')}">
<link rel="stylesheet" href="${asset('explorer.css')}">
<style>html, body, #graphiql { height: 100%; margin: 0; }
.playground-examples { padding: 0 4px; } .playground-examples ul { list-style: none; padding: 0; margin: 0; }
.playground-examples li { margin: 0 0 10px; } .playground-examples button { all: unset; cursor: pointer; color: hsl(var(--color-primary)); }
.playground-examples button:hover, .playground-examples button:focus-visible { text-decoration: underline; outline: revert; }
.playground-examples a { margin-left: 6px; font-size: 0.9em; }</style>
</head>
<body>
<div id="graphiql">Loading…</div>
<script type="application/json" id="playground-config">${jsonForScript(config)}</script>
<script src="${asset('react.production.min.js')}"></script>
<script src="${asset('react-dom.production.min.js')}"></script>
<script src="${asset('graphiql.min.js')}"></script>
<script src="${asset('explorer.umd.js')}"></script>
<script src="${asset('playground-init.js')}"></script>
</body>
</html>
`;
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Script content is raw text, so HTML entities would reach JSON.parse verbatim;
 * escaping <, > and & as JSON \u sequences keeps "</script>" or "<!--" from ending the block.
 */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
