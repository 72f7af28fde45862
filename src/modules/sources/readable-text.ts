import { Readability } from '@mozilla/readability';
import { convert } from 'html-to-text';
import { JSDOM, VirtualConsole } from 'jsdom';

// An HTML page reduced to the text a reader reads: Mozilla's Readability (Firefox's reader view) picks the
// article out of menus, sharing buttons and comments, and html-to-text writes it as paragraphs. The page is
// parsed inertly: jsdom runs no script and loads nothing (its defaults), and its console is silenced.

/** Readability gives up on pages with more elements than this rather than spend seconds on them. */
const MAX_ELEMENTS = 50_000;

const AS_TEXT = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: 'table', format: 'dataTable' },
  ],
};

/**
 * The readable text of an HTML page: its title, then its article's paragraphs separated by blank lines. A page
 * Readability finds no article in (a bare fragment, a post) is written whole, without scripts and styles.
 * `html` as bytes lets jsdom find the encoding (BOM, `<meta charset>`), as a browser would.
 */
export function readableText(html: string | Uint8Array, url?: string): string {
  const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
  try {
    const document = dom.window.document;
    const title = document.title.trim();
    const article = new Readability(document.cloneNode(true) as Document, { maxElemsToParse: MAX_ELEMENTS }).parse();
    const body = article?.content
      ? convert(article.content, AS_TEXT)
      : convert(document.body?.innerHTML ?? '', {
          ...AS_TEXT,
          selectors: [...AS_TEXT.selectors, ...['script', 'style', 'noscript'].map((selector) => ({ selector, format: 'skip' }))],
        });
    const text = body.trim();
    return title && !text.startsWith(title) ? `${title}\n\n${text}` : text;
  } finally {
    dom.window.close();
  }
}

/** A file that cannot be archived as it is (its encoding, its size), said in words for the command line. */
export class SourceFileError extends Error {}

/** The largest file read: an HTML page is larger than its text, but not a hundred times larger. */
export const MAX_SOURCE_FILE_BYTES = 20 * 2 ** 20;

/**
 * A saved page or a text file as the archive takes it. HTML (by its extension or its first tag) goes to jsdom as
 * bytes, which finds the encoding as a browser does (byte-order mark, `<meta charset>`, HTTP's default). Plain
 * text must be UTF-8, or UTF-16 with a byte-order mark; anything else is refused rather than guessed, since a
 * wrong guess would archive a text no excerpt is found in.
 */
export function sourceFile(bytes: Uint8Array, name: string): { html: Uint8Array } | { text: string } {
  if (bytes.length > MAX_SOURCE_FILE_BYTES) {
    throw new SourceFileError(`${name} has ${bytes.length} bytes; at most ${MAX_SOURCE_FILE_BYTES} are read.`);
  }
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).replace(/^[\s\u00ef\u00bb\u00bf\u00fe\u00ff\u0000]+/, '');
  if (/\.x?html?$/i.test(name) || /^<(!doctype html|html|head|body|meta|title)\b/i.test(head)) return { html: bytes };
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes) };
  } catch {
    throw new SourceFileError(
      `${name} is not valid ${encoding.toUpperCase()}. Convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8 ${name} > text.txt`,
    );
  }
}
