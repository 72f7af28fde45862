import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestApp, serveHttp, type TestApp } from '../helpers/test-app';

// The pages and the playground in a real headless Chromium (Debian's `chromium` package, driven by
// playwright-core): every page type renders, nothing is requested from another host, nothing is logged as an
// error, axe-core finds no serious accessibility problem; the playground loads and its Explorer builds a query
// that runs. Screenshots of a claim page at phone and desktop width go to test-artifacts/.

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
if (!CHROMIUM && process.env.CI)
  throw new Error('No Chromium: .ci/run installs Debian’s chromium package; set CHROMIUM_PATH if it lives elsewhere.');
if (!CHROMIUM) console.warn('Browser tests skipped: no Chromium here. Install it with `apt-get install chromium`, or set CHROMIUM_PATH.');
const describeWithBrowser = CHROMIUM ? describe : describe.skip;

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let t: TestApp;
let http: { base: string; close(): Promise<void> };
let browser: Browser;

describeWithBrowser('in a browser', () => {
  beforeAll(async () => {
    t = await createTestApp();
    http = await serveHttp(t.app);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await http?.close();
    await t?.close();
  });

  /** Opens a path, recording every request and every error the page logs. */
  async function visit(path: string, viewport = { width: 1440, height: 900 }) {
    const page = await browser.newPage({ viewport });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    const response = await page.goto(`${http.base}${path}`, { waitUntil: 'load' });
    return { page, status: response?.status(), requests, errors };
  }

  /** axe-core's serious and critical violations on the page (WCAG 2.1 A and AA rules). */
  async function accessibilityProblems(page: Page) {
    await page.evaluate(AXE);
    const { violations } = (await page.evaluate(() =>
      (window as any).axe.run({ runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }),
    )) as { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  const idOf = async (query: string) => {
    const data = await t.data(query);
    return encodeURIComponent((Object.values(data)[0] as any).edges[0].node.id);
  };

  it('renders every kind of page with nothing from other hosts, no errors and no serious accessibility problem', async () => {
    const paths = [
      '/',
      '/?q=ceasefire',
      `/claims/${await idOf(`{ claims(filter: { text: "unconditional 30-day ceasefire" }) { edges { node { id } } } }`)}`,
      `/statements/${await idOf(`{ statements(filter: { speakerName: "Medinsky" }) { edges { node { id } } } }`)}`,
      `/speakers/${await idOf(`{ speakers(filter: { name: "Zelensky" }) { edges { node { id } } } }`)}`,
      `/sources/${await idOf(`{ sources(first: 1, filter: { title: "Russian Ukraine Talk" }) { edges { node { id } } } }`)}`,
    ];
    for (const path of paths) {
      const { page, status, requests, errors } = await visit(path);
      expect({ path, status }).toEqual({ path, status: 200 });
      expect({ path, elsewhere: requests.filter((url) => !url.startsWith(http.base)) }).toEqual({ path, elsewhere: [] });
      expect({ path, errors }).toEqual({ path, errors: [] });
      expect({ path, problems: await accessibilityProblems(page) }).toEqual({ path, problems: [] });
      // Styled by its own stylesheet (the Content-Security-Policy lets nothing else in).
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('main')!).maxWidth)).not.toBe('none');
      await page.close();
    }
  });

  it('saves a claim page as a phone and a desktop would show it', async () => {
    const claim = await idOf(`{ claims(filter: { text: "unconditional 30-day ceasefire" }) { edges { node { id } } } }`);
    for (const [name, viewport] of [
      ['phone', { width: 390, height: 844 }],
      ['desktop', { width: 1440, height: 900 }],
    ] as const) {
      const { page } = await visit(`/claims/${claim}`, viewport);
      // Nothing wider than the screen: a reader on a phone never scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, `claim-page-${name}.png`), fullPage: true });
      expect(existsSync(join(ARTIFACTS, `claim-page-${name}.png`))).toBe(true);
      await page.close();
    }
  });

  it('loads the playground offline, with its panels closed, and builds and runs a query from ticked fields', async () => {
    const { page, requests, errors } = await visit('/graphql');
    await page.waitForSelector('.graphiql-container');
    // Every side panel closed: the query and its answer have the width of the screen.
    expect(await page.locator('.graphiql-plugin > *').count()).toBe(0);
    expect((await page.locator('.graphiql-sessions').boundingBox())!.width).toBeGreaterThan(1300);
    // The examples, by their plain titles, with links to the matching pages.
    await page.click('button[aria-label="Show Examples"]');
    await expect(page.getByRole('button', { name: 'Everything said in May 2025, imprecise dates included' }).isVisible()).resolves.toBe(
      true,
    );
    expect(await page.locator('.playground-examples a[href^="/claims/"]').count()).toBeGreaterThan(0);
    // A new tab, and a query built by ticking fields in the Explorer.
    await page.click('button[aria-label="Add tab"]');
    await page.click('button[aria-label="Show GraphiQL Explorer"]');
    await page.click('.graphiql-explorer-root [data-field-name="statements"]');
    await page.click('.graphiql-explorer-statements [data-field-name="totalCount"]');
    // The Explorer writes the ticked fields into the editor after the click returns: run the query once it has.
    await page.waitForFunction(() => /totalCount/.test(document.querySelector('.graphiql-query-editor')?.textContent ?? ''));
    // The first tab's operation name stays behind in GraphiQL: the playground leaves out a name the query lacks.
    await page.click('.graphiql-execute-button');
    await page.waitForFunction(() => /"totalCount": \d+/.test(document.querySelector('.result-window')?.textContent ?? ''));
    expect(await page.locator('.result-window').textContent()).toMatch(/"statements"/);
    expect(requests.filter((url) => !url.startsWith(http.base))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
