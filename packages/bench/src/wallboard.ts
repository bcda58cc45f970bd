/**
 * The wallboard (issue #6): how much JavaScript /wallboard loads (gzip) and how long it takes, in headless
 * Chromium, from navigation start until the board shows live data.
 *
 *   - JS size: every JavaScript response the page received while loading (recorded from Chromium's responses),
 *     gzipped with node:zlib at level 9; all the JS in the build beside it, for context.
 *   - First render: a fresh browser context per run (empty HTTP cache; the signed-in supervisor's session cookie
 *     set beforehand), against the API serving the dashboard build on loopback. "Data shown" is when the board
 *     stops being busy (`[data-testid="wallboard"][aria-busy="false"]`: its tickets query rendered); "live" is when,
 *     besides, its subscription socket is connected (`[data-testid="connection"][data-status="connected"]`). Both
 *     are read in the page (performance.now(), whose origin is the navigation start) by a MutationObserver. Median
 *     over several runs, after one unmeasured run.
 *   - Floors, in the same browser: an empty page's first contentful paint, and a static page loading as many bytes
 *     of (inert) JavaScript as the wallboard does, both from a bare Node server on loopback.
 *
 * Tuning through the environment: BENCH_WALLBOARD_RUNS (default 7).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { BenchContext, BenchSection } from './report.ts';
import { ensureBenchSupervisorAndQueue, signIn, startApi, type ApiProcess } from './api-process.ts';
import { formatBytes, formatMs, median } from './fanout-stats.ts';
import {
  buildJavaScript,
  dashboardBuildDir,
  ensureDashboardBuild,
  GZIP_LEVEL,
  gzipSize,
  type JsFile,
} from './wallboard-build.ts';
import { startWallboardFloorServer } from './wallboard-floor-server.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const VIEWPORT = { width: 1920, height: 1080 };
const RENDER_TIMEOUT_MS = 30_000;
const DATA_SHOWN = '[data-testid="wallboard"][aria-busy="false"]';
const CONNECTED = '[data-testid="connection"][data-status="connected"]';
const STALE = '[data-testid="stale"]';

function runsFromEnvironment(): number {
  const runs = Number(process.env.BENCH_WALLBOARD_RUNS ?? 7);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('BENCH_WALLBOARD_RUNS must be a whole number ≥ 1');
  return runs;
}

interface Marks {
  /** performance.now() when each selector first matched, in the order given. */
  at: number[];
  firstContentfulPaint: number | null;
}

/**
 * Notes, inside the page and from its very start, when each selector first matches (`window.__benchMarks`). An
 * init script runs before any of the page's scripts, so nothing is missed and no polling delay is added. Plain
 * JavaScript in a string: a function from this (transpiled) module could reference helpers the page lacks.
 */
const watchSelectors = (selectors: string[]) => `(() => {
  const selectors = ${JSON.stringify(selectors)};
  const marks = selectors.map(() => null);
  window.__benchMarks = marks;
  const observer = new MutationObserver(() => {
    selectors.forEach((selector, index) => {
      if (marks[index] === null && document.querySelector(selector)) marks[index] = performance.now();
    });
    if (marks.every((mark) => mark !== null)) observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
})();`;

/** Opens `url` in a fresh context and returns when every selector matched (or throws after the timeout). */
async function measureLoad(
  browser: Browser,
  url: string,
  selectors: string[],
  options: {
    cookie?: { name: string; value: string; url: string };
    onScript?: (path: string, body: Buffer) => void;
    /** A selector that must not be on the page once it is ready (the wallboard's "out of date" warning). */
    failIf?: string;
  },
): Promise<Marks> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    if (options.cookie) await context.addCookies([options.cookie]);
    const page: Page = await context.newPage();
    const scripts: Array<Promise<void>> = [];
    if (options.onScript) {
      const onScript = options.onScript;
      page.on('response', (response) => {
        const type = response.headers()['content-type'] ?? '';
        if (response.request().resourceType() === 'script' || type.includes('javascript')) {
          scripts.push(
            response
              .body()
              .then((body) => onScript(new URL(response.url()).pathname, body))
              .catch(() => {}),
          );
        }
      });
    }
    await page.addInitScript({ content: watchSelectors(selectors) });
    await page.goto(url, { timeout: RENDER_TIMEOUT_MS, waitUntil: 'commit' });
    try {
      await page.waitForFunction(
        () => (window as unknown as { __benchMarks?: unknown[] }).__benchMarks?.every((mark) => mark !== null),
        null,
        { timeout: RENDER_TIMEOUT_MS, polling: 100 },
      );
    } catch {
      throw new Error(
        `${url} did not show ${selectors.join(' and ')} within ${RENDER_TIMEOUT_MS} ms (now at ${page.url()})`,
      );
    }
    await Promise.all(scripts);
    if (options.failIf && (await page.locator(options.failIf).count())) {
      throw new Error(`${url} showed ${options.failIf}: one of its queries failed, the figure would not be its own`);
    }
    return await page.evaluate(() => ({
      at: (window as unknown as { __benchMarks: number[] }).__benchMarks,
      firstContentfulPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    }));
  } finally {
    await context.close();
  }
}

function sessionCookie(cookie: string, origin: string) {
  const [name, ...value] = cookie.split('=');
  return { name: name!, value: value.join('='), url: origin };
}

async function measureRuns(runs: number, measure: () => Promise<Marks>): Promise<Marks[]> {
  await measure(); // unmeasured: the first load also warms the server and the browser
  const results: Marks[] = [];
  for (let run = 0; run < runs; run++) results.push(await measure());
  return results;
}

const spread = (values: number[]) =>
  values.length ? `${formatMs(Math.min(...values))}–${formatMs(Math.max(...values))}` : '–';

export async function run(ctx: BenchContext): Promise<BenchSection[]> {
  if (!existsSync(CHROMIUM)) {
    return [
      {
        title: 'Wallboard',
        columns: ['Measure', 'Value'],
        rows: [{ Measure: 'Chromium', Value: 'not found' }],
        notes: [`Chromium is not installed at ${CHROMIUM} (CHROMIUM_PATH): the wallboard was not measured.`],
      },
    ];
  }
  const runs = runsFromEnvironment();
  const { built } = ensureDashboardBuild(ctx.log);
  const allJs = buildJavaScript();

  let api: ApiProcess | null = null;
  let browser: Browser | null = null;
  let floor: Awaited<ReturnType<typeof startWallboardFloorServer>> | null = null;
  try {
    const { supervisor } = await ensureBenchSupervisorAndQueue(ctx.databaseUrl);
    api = await startApi({ databaseUrl: ctx.databaseUrl, dashboardDir: dashboardBuildDir });
    const cookie = sessionCookie(await signIn(api.graphqlUrl, supervisor.email, supervisor.password), api.origin);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
    const wallboardUrl = `${api.origin}/wallboard`;
    const selectors = [DATA_SHOWN, CONNECTED];

    // The JavaScript the page loads, as the browser received it.
    ctx.log('wallboard: recording the JavaScript /wallboard loads…');
    const loaded = new Map<string, Buffer>();
    await measureLoad(browser!, wallboardUrl, selectors, {
      cookie,
      failIf: STALE,
      onScript: (path, body) => loaded.set(path, body),
    });
    const loadedJs: JsFile[] = [...loaded].map(([path, body]) => ({
      path,
      bytes: body.length,
      gzipBytes: gzipSize(body),
    }));
    const sum = (files: JsFile[], key: 'bytes' | 'gzipBytes') => files.reduce((total, file) => total + file[key], 0);

    ctx.log(`wallboard: first render, ${runs} runs…`);
    const cold = await measureRuns(runs, () =>
      measureLoad(browser!, wallboardUrl, selectors, { cookie, failIf: STALE }),
    );

    floor = await startWallboardFloorServer(sum(loadedJs, 'bytes'));
    const floorOrigin = floor.origin;
    const emptyPage = await measureRuns(runs, () => measureLoad(browser!, `${floorOrigin}/empty`, ['#ready'], {}));
    const sameJs = await measureRuns(runs, () => measureLoad(browser!, `${floorOrigin}/same-js`, ['#ready'], {}));

    const column = (marks: Marks[], pick: (mark: Marks) => number | null) =>
      marks.map(pick).filter((value): value is number => value !== null);
    const renderRow = (page: string, readyWhen: string, marks: Marks[], ready: (mark: Marks) => number) => ({
      Page: page,
      'Ready when': readyWhen,
      'First contentful paint ms (median)': formatMs(median(column(marks, (mark) => mark.firstContentfulPaint))),
      'Ready ms (median)': formatMs(median(column(marks, ready))),
      'Ready ms (min–max)': spread(column(marks, ready)),
      Runs: marks.length,
    });

    const sizeSection: BenchSection = {
      title: 'Wallboard: JavaScript size',
      columns: ['JavaScript', 'Files', 'Size', `Gzip (level ${GZIP_LEVEL})`],
      rows: [
        {
          JavaScript: '/wallboard loads',
          Files: loadedJs.length,
          Size: formatBytes(sum(loadedJs, 'bytes')),
          [`Gzip (level ${GZIP_LEVEL})`]: formatBytes(sum(loadedJs, 'gzipBytes')),
        },
        {
          JavaScript: 'Whole dashboard build (context)',
          Files: allJs.length,
          Size: formatBytes(sum(allJs, 'bytes')),
          [`Gzip (level ${GZIP_LEVEL})`]: formatBytes(sum(allJs, 'gzipBytes')),
        },
      ],
      notes: [
        'The files /wallboard loads are those Chromium received while opening it (every script response), each ' +
          `gzipped on its own with node:zlib at level ${GZIP_LEVEL} and summed. The API serves them uncompressed.`,
        `Largest loaded files: ${[...loadedJs]
          .sort((a, b) => b.gzipBytes - a.gzipBytes)
          .slice(0, 3)
          .map((file) => `${file.path.split('/').pop()} ${formatBytes(file.gzipBytes)}`)
          .join(', ')}.`,
        ...(built ? ['The dashboard was built for this run (its build was missing or older than its sources).'] : []),
      ],
    };

    const renderSection: BenchSection = {
      title: 'Wallboard: first render',
      columns: [
        'Page',
        'Ready when',
        'First contentful paint ms (median)',
        'Ready ms (median)',
        'Ready ms (min–max)',
        'Runs',
      ],
      rows: [
        renderRow('Wallboard (API serving the build)', 'data shown', cold, (mark) => mark.at[0]!),
        renderRow('Wallboard (API serving the build)', 'live', cold, (mark) => Math.max(mark.at[0]!, mark.at[1]!)),
        renderRow(
          `Floor: static page, ${formatBytes(floor.scriptBytes)} of inert JS`,
          'its script ran',
          sameJs,
          (mark) => mark.at[0]!,
        ),
        renderRow('Floor: empty page', 'parsed', emptyPage, (mark) => mark.at[0]!),
      ],
      notes: [
        'Times from navigation start, read in the page. Each run opens a fresh browser context (empty cache) with ' +
          'the bench supervisor’s session cookie already set (signed in through the login mutation), in headless ' +
          `Chromium (${CHROMIUM_ARGS.join(' ')}), viewport ${VIEWPORT.width}×${VIEWPORT.height}; one unmeasured run first.`,
        '"Data shown": the board stopped being busy (its tickets, counts and calls loaded and rendered), with no ' +
          '"out of date" warning (a run with one fails). "Live": besides, its graphql-ws socket is connected, so ' +
          'changes arrive from then on. Today’s figures load after that and are not waited for.',
        'Floors: a bare Node server on loopback serving an HTML page with as many bytes of JavaScript as /wallboard ' +
          'loads, in one module that only appends an element (what loading that much script costs at the least), ' +
          'and an empty page (first paint). The gap to the wallboard is its own work: its code, the API queries, rendering.',
        `Data set: ${ctx.tickets} tickets in the bench database.`,
      ],
    };
    return [sizeSection, renderSection];
  } finally {
    await browser?.close().catch(() => {});
    await floor?.stop();
    await api?.stop();
  }
}
