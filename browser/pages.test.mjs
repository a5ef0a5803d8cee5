// Browser tests of the web pages in real headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): the seed events are listed, a click leads to an event page with its summary,
// sources, quotes and figures, and a hostile article (<script>, onerror=, javascript: links) is
// inert on every page. Screenshots go to target/browser-artifacts/.
//
// Usage (from the repository root): node browser/pages.test.mjs
// Environment: PARALLAX_BIN (default target/debug/parallax), CHROMIUM (default /usr/bin/chromium),
// PARALLAX_SEEDS (default ../shared/seeds). Exit code 0 when every check passed, 1 otherwise.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const bin = process.env.PARALLAX_BIN ?? path.join(root, 'target/debug/parallax');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const seedsDir = process.env.PARALLAX_SEEDS ?? path.resolve(root, '../shared/seeds');
const hostileFixture = path.join(here, 'fixtures/hostile.jsonl');
const artifacts = path.join(root, 'target/browser-artifacts');
/// The global every hostile payload tries to set.
const FLAG = '__parallaxPwned';

const failures = [];
/// The `parallax serve` process, killed however this script ends.
let server;
process.on('exit', () => server?.kill('SIGKILL'));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(1));
}
let checks = 0;

function check(condition, message) {
  checks += 1;
  if (!condition) {
    failures.push(message);
    console.error(`  FAIL ${message}`);
  }
}

function skip(reason) {
  console.log(`browser tests skipped: ${reason}`);
  process.exit(0);
}

/// Ingests the seeds and the hostile fixture into a fresh data directory.
function ingest(dataDir, seeds) {
  const run = spawnSync(bin, ['ingest', '--data-dir', dataDir, ...seeds, hostileFixture], { encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`parallax ingest exited with ${run.status}:\n${run.stdout}${run.stderr}`);
  }
  console.log(`  ${run.stdout.trim()}`);
}

/// Starts `parallax serve` on a free port; resolves with its URL.
function serve(dataDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve', '--data-dir', dataDir, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PARALLAX_API_TOKEN: '' },
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no URL from parallax serve after 30 s:\n${out}${err}`)), 30_000);
    server = child;
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/on (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`parallax serve exited with ${code}:\n${out}${err}`));
    });
  });
}

async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return response.json();
}

/// A page that records everything a script could leave behind: dialogs, console errors,
/// uncaught errors and Content-Security-Policy violations.
async function watchedPage(context, label) {
  const page = await context.newPage();
  const incidents = [];
  page.on('dialog', async (dialog) => {
    incidents.push(`dialog ${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      incidents.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => incidents.push(`page error: ${error.message}`));
  // Runs before any page script, outside the page's CSP (a DevTools-protocol script).
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  return { page, incidents, label };
}

/// Loads `url` and checks that nothing executable from an article reached the page.
async function visit(watched, url, { expectStatus = 200 } = {}) {
  const { page, incidents, label } = watched;
  const before = incidents.length;
  const response = await page.goto(url, { waitUntil: 'load' });
  check(response?.status() === expectStatus, `${label} ${url}: status ${response?.status()}, expected ${expectStatus}`);
  // Give any timer or event handler a chance to fire.
  await page.mouse.move(200, 200);
  await page.waitForTimeout(50);
  if (expectStatus !== 200) {
    // The browser logs the error status of the page itself; that one is expected.
    const own = incidents.findIndex((text, i) => i >= before && text.includes(`status of ${expectStatus}`));
    if (own >= 0) incidents.splice(own, 1);
  }
  await inspect(watched, url, before);
}

async function inspect({ page, incidents, label }, url, before) {
  const state = await page.evaluate((flag) => ({
    flag: window[flag],
    csp: window.__cspViolations ?? [],
    scripts: document.querySelectorAll('script').length,
    handlers: [...document.querySelectorAll('*')].filter((el) =>
      [...el.attributes].some((attribute) => attribute.name.toLowerCase().startsWith('on')),
    ).length,
    jsLinks: [...document.querySelectorAll('[href], [src], [action]')].filter((el) =>
      /^\s*javascript:/i.test(el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('action') ?? ''),
    ).length,
    embeds: document.querySelectorAll('img, iframe, object, embed').length,
  }), FLAG);
  check(state.flag === undefined, `${label} ${url}: a script ran and set ${FLAG} = ${state.flag}`);
  check(state.csp.length === 0, `${label} ${url}: CSP violations: ${state.csp.join('; ')}`);
  check(state.scripts === 0, `${label} ${url}: ${state.scripts} <script> element(s) in the page`);
  check(state.handlers === 0, `${label} ${url}: ${state.handlers} element(s) with an on* attribute`);
  check(state.jsLinks === 0, `${label} ${url}: ${state.jsLinks} javascript: URL(s)`);
  check(state.embeds === 0, `${label} ${url}: ${state.embeds} img/iframe/object/embed element(s)`);
  const fresh = incidents.slice(before);
  check(fresh.length === 0, `${label} ${url}: ${fresh.join(' | ')}`);
}

async function main() {
  if (!existsSync(chromiumPath)) skip(`no Chromium at ${chromiumPath} (apt-get install chromium)`);
  if (!existsSync(bin)) skip(`no parallax binary at ${bin} (cargo build -p parallax-cli)`);
  if (!existsSync(seedsDir)) skip(`no seed articles at ${seedsDir}`);
  const seeds = readdirSync(seedsDir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => path.join(seedsDir, name));
  if (seeds.length === 0) skip(`no .txt seed articles in ${seedsDir}`);
  const seedIds = new Set(seeds.map((file) => path.basename(file, '.txt')));

  mkdirSync(artifacts, { recursive: true });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parallax-browser-'));
  let browser;
  try {
    ingest(dataDir, seeds);
    const base = await serve(dataDir);
    console.log(`  serving on ${base}`);

    // The oracle: what the API says the pages must show.
    const list = await getJson(`${base}/api/events?limit=1000`);
    const reports = await Promise.all(list.events.map((event) => getJson(`${base}/api/events/${event.id}`)));
    const seedEvents = reports.filter((report) => report.articles.some((id) => seedIds.has(id)));
    const hostileEvent = reports.find((report) => report.articles.includes('hostile/quarry-<script>'));
    check(seedEvents.length > 0, 'the seeds make at least one event');
    check(hostileEvent !== undefined, 'the hostile article is part of an event');
    // The seed event with the most to show: summary, quotes and figures.
    const richest = [...seedEvents].sort(
      (a, b) => b.quotes.length + b.figures.length - (a.quotes.length + a.figures.length),
    )[0];

    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      // Playwright adds --headless, --no-sandbox and a fresh --user-data-dir of its own; the rest
      // keep Chromium from stalling on network services it cannot reach.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });

    // 1. The pages as served (CSP on), on a desktop screen.
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const listPage = await watchedPage(desktop, 'desktop');
    await visit(listPage, `${base}/`);
    const listText = await listPage.page.locator('main').innerText();
    for (const event of seedEvents) {
      check(listText.includes(event.title), `the event list shows the seed event "${event.title}"`);
    }
    await listPage.page.screenshot({ path: path.join(artifacts, 'list.png'), fullPage: true });

    const before = listPage.incidents.length;
    await listPage.page.locator(`a.title[href="/events/${richest.id}"]`).click();
    await listPage.page.waitForURL(`${base}/events/${richest.id}`);
    await inspect(listPage, listPage.page.url(), before);
    const eventPage = listPage.page;
    check((await eventPage.locator('h1').innerText()) === richest.title, 'the event page is titled with the event');
    const eventText = await eventPage.locator('main').innerText();
    for (const heading of ['Summary', 'Sources']) {
      check(eventText.includes(heading), `the event page has a ${heading} section`);
    }
    if (richest.summary.length > 0) {
      check(eventText.includes(richest.summary[0].text), 'the event page shows the first summary sentence');
      check((await eventPage.locator('a.cite').count()) > 0, 'summary sentences cite their articles');
    }
    if (richest.quotes.length > 0) {
      check(eventText.includes('Quotes'), 'the event page has a Quotes section');
      check(eventText.includes(richest.quotes[0].text.trim()), 'the event page shows the first quote');
    }
    if (richest.figures.length > 0) {
      check(eventText.includes('Figures'), 'the event page has a Figures section');
      check((await eventPage.locator('table tbody tr').count()) > 0, 'the figure table has rows');
    }
    await eventPage.screenshot({ path: path.join(artifacts, 'event.png'), fullPage: true });

    // 2. Every page that shows the hostile article, once as served and once with the CSP
    // switched off: escaping alone must keep it inert.
    const hostileUrls = [
      `${base}/`,
      `${base}/?q=velmora`,
      `${base}/?outlet=${encodeURIComponent("Tarn <img src=x onerror=\"alert('outlet')\"> Gazette")}`,
      `${base}/events/${hostileEvent?.id}`,
      `${base}/articles/${encodeURIComponent('hostile/quarry-<script>')}`,
      `${base}/articles/hostile/quarry-copy`,
      `${base}/search?q=quarry`,
      `${base}/search?q=${encodeURIComponent('<script>alert(1)</script>')}`,
      `${base}/search?q=script+onerror+javascript`,
    ];
    for (const url of hostileUrls) await visit(listPage, url);
    const articlePage = await watchedPage(desktop, 'desktop');
    await visit(articlePage, hostileUrls[4]);
    const articleText = await articlePage.page.locator('article.text').innerText();
    check(articleText.includes("<script>window.__parallaxPwned='text'"), 'the markup in an article shows as text');
    await articlePage.page.screenshot({ path: path.join(artifacts, 'hostile-article.png'), fullPage: true });
    await visit(articlePage, `${base}/no/such/page`, { expectStatus: 404 });

    const noCsp = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const unprotected = await watchedPage(noCsp, 'without CSP');
    for (const url of hostileUrls) await visit(unprotected, url);

    // 3. A phone: the pages fit the screen.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phonePage = await watchedPage(phone, 'phone');
    for (const url of [`${base}/`, `${base}/events/${richest.id}`, hostileUrls[4], `${base}/search?q=quarry`]) {
      await visit(phonePage, url);
      const overflow = await phonePage.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      check(overflow <= 0, `phone ${url}: the page is ${overflow}px wider than the screen`);
    }
    await phonePage.page.goto(`${base}/events/${richest.id}`);
    await phonePage.page.screenshot({ path: path.join(artifacts, 'event-phone.png'), fullPage: true });
  } finally {
    await browser?.close();
    server?.kill('SIGINT');
    rmSync(dataDir, { recursive: true, force: true });
  }

  if (failures.length > 0) {
    console.error(`browser tests: ${failures.length} of ${checks} checks failed`);
    process.exit(1);
  }
  console.log(`browser tests: ${checks} checks passed; screenshots in ${path.relative(root, artifacts)}/`);
}

main().catch((error) => {
  console.error(`browser tests: ${error.stack ?? error}`);
  process.exit(1);
});
