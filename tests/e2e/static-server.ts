/**
 * A plain static file server for the built site, standing in for GitHub Pages
 * or any other dumb host: it serves dist/ under a sub-path on loopback, with
 * no rewrites, no SPA fallback and no special headers unless asked for. If the
 * built app works here, it works on a static host under any sub-path.
 *
 * Also builds dist/ when it is missing or older than its sources, so every
 * browser test of the built site shares one build.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export const DIST = join(REPO_ROOT, 'dist');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  // application/wasm is what lets WebAssembly.instantiateStreaming work.
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticServer {
  /** Origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** Where the site lives, ending in '/', e.g. http://127.0.0.1:41234/some/sub/path/ */
  url: string;
  /** Every path requested so far, in order (for assertions on what the page fetched). */
  requests: string[];
  /** Bodies of CSP violation reports posted to `reportPath`. */
  cspReports: string[];
  /** Same-origin path that collects CSP reports (use in a report-uri directive). */
  reportPath: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  root?: string;
  /** Mount point, starting and ending with '/'. */
  subPath?: string;
  /** Extra response headers on every file (e.g. a CSP, to test what workers need). */
  headers?: Readonly<Record<string, string>>;
}

export async function serveStatic(options: ServeOptions = {}): Promise<StaticServer> {
  const root = resolve(options.root ?? DIST);
  const subPath = options.subPath ?? '/';
  if (!subPath.startsWith('/') || !subPath.endsWith('/')) {
    throw new Error(`subPath must start and end with '/': ${subPath}`);
  }
  const requests: string[] = [];
  const cspReports: string[] = [];
  // Same origin as the site, so a report is never a request to another host.
  const reportPath = `${subPath}__csp-report`;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0].split('#')[0];
    requests.push(path);
    if (req.method === 'POST' && path === reportPath) return collectReport(req, res, cspReports);
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'method not allowed');
    if (!path.startsWith(subPath)) return reply(res, 404, 'not found');
    let rel: string;
    try {
      rel = decodeURIComponent(path.slice(subPath.length));
    } catch {
      return reply(res, 400, 'bad path');
    }
    let file = resolve(root, rel);
    // Refuse anything that escapes the root (../, encoded or not).
    if (file !== root && !file.startsWith(root + sep)) return reply(res, 403, 'forbidden');
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile()) return reply(res, 404, 'not found');
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': statSync(file).size,
      'cache-control': 'no-cache',
      ...options.headers,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  };

  const server = createServer(handle);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    // Loopback only: the tests must never expose anything on the network.
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: origin + subPath,
    requests,
    cspReports,
    reportPath,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

function collectReport(req: IncomingMessage, res: ServerResponse, into: string[]): void {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    if (body.length < 64 * 1024) body += chunk;
  });
  req.on('end', () => {
    into.push(body);
    res.writeHead(204);
    res.end();
  });
}

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/** Newest modification time of a file or, recursively, of a folder's files. */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const BUILD_INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'];

/**
 * Runs `vite build` unless dist/ is newer than everything it is built from.
 * Each test file runs in its own process, so the check is on disk, not in memory.
 */
export function ensureBuild(): void {
  const built = existsSync(join(DIST, 'index.html'))
    ? statSync(join(DIST, 'index.html')).mtimeMs
    : 0;
  const sources = Math.max(...BUILD_INPUTS.map((p) => newestMtime(join(REPO_ROOT, p))));
  if (built > sources && process.env.PRUNEVIZ_REBUILD !== '1') return;
  const vite = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) {
    throw new Error(`vite build failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** The policy the build put in dist/index.html's <meta> tag. */
export function builtPolicy(): string {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/i.exec(html);
  if (!match) throw new Error('dist/index.html has no Content-Security-Policy meta tag');
  return match[1].replaceAll('&#39;', "'").replaceAll('&quot;', '"');
}

/**
 * Builds if needed and serves dist/ under a sub-path. With `cspHeader`, the
 * built policy is also sent as a header with a report-uri: unlike the <meta>
 * tag, a header reaches the worker too, and violations anywhere are posted
 * back to the server (see StaticServer.cspReports).
 */
export async function serveBuiltSite(
  options: { cspHeader?: boolean; subPath?: string } = {},
): Promise<StaticServer> {
  ensureBuild();
  const subPath = options.subPath ?? '/some/sub/path/';
  const headers: Record<string, string> = {};
  if (options.cspHeader) {
    headers['content-security-policy'] = `${builtPolicy()}; report-uri ${subPath}__csp-report`;
  }
  return serveStatic({ subPath, headers });
}

/* ------------------------------------------------------------------------ */
/* Browser side: a Chromium that cannot reach anything but loopback, and a  */
/* page guard that records every non-local request, error and injection.     */
/* ------------------------------------------------------------------------ */

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Any host name fails to resolve, so a stray request cannot leave the machine
  // even if a test forgot to route it; it still shows up as a request.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export async function launchChromium(extraFlags: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_FLAGS, ...extraFlags],
  });
}

export interface PageGuard {
  /** Requests to anything but the site's own origin (aborted, recorded). */
  foreign: string[];
  /** Uncaught page errors and console errors. */
  errors: string[];
}

/**
 * Routes every request of the context (pages and their workers): same-origin
 * ones go through, anything else is aborted and recorded, so a test can fail
 * on it. Also records page errors and console errors.
 */
export async function guardContext(context: BrowserContext, origin: string): Promise<PageGuard> {
  const guard: PageGuard = { foreign: [], errors: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    guard.foreign.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (req) => {
    const url = req.url();
    const local = url.startsWith(`${origin}/`) || /^(data|blob):/.test(url);
    if (!local && !guard.foreign.includes(url)) guard.foreign.push(url);
  });
  const watch = (page: Page): void => {
    page.on('pageerror', (err) => guard.errors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') guard.errors.push(`console: ${msg.text()}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return guard;
}

/* ------------------------------------------------------------------------ */
/* Reading the app through its test hooks (data-testid, data-points).       */
/* ------------------------------------------------------------------------ */

/** Integer shown by a test hook, ignoring thousands separators and labels; NaN if none. */
export async function readNumber(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).first().textContent()) ?? '';
  const digits = /\d[\d,\u202f\u00a0 ]*/.exec(text)?.[0].replace(/[^\d]/g, '') ?? '';
  return digits === '' ? NaN : Number(digits);
}

export const readSteps = (page: Page): Promise<number> => readNumber(page, 'step-count');

export async function waitForSteps(page: Page, atLeast: number, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (min) => {
      const text = document.querySelector('[data-testid="step-count"]')?.textContent ?? '';
      const digits = /\d[\d,\u202f\u00a0 ]*/.exec(text)?.[0].replace(/[^\d]/g, '') ?? '';
      return digits !== '' && Number(digits) >= min;
    },
    atLeast,
    { timeout, polling: 100 },
  );
}

/** How many points a chart plots now (its data-points attribute). */
export async function chartPoints(page: Page, chart: string): Promise<number> {
  const value = await page.getByTestId(`chart-${chart}`).first().getAttribute('data-points');
  return value === null ? NaN : Number(value);
}
