/**
 * Serves the bench page with Vite's dev server and drives it in headless
 * Debian Chromium through playwright-core, on tfjs's WebGL backend
 * (SwiftShader on a machine without a GPU).
 */
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createServer } from 'vite';
import { launchChromium } from '../tests/e2e/static-server';
import type { BenchReply, BenchRequest } from './browser/protocol';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function runInBrowser(req: BenchRequest, timeoutMs: number): Promise<BenchReply> {
  const server = await createServer({
    root: ROOT,
    configFile: false,
    logLevel: 'error',
    // Its own cache, so the bench never disturbs the app's dev server.
    cacheDir: 'node_modules/.vite-bench',
    worker: { format: 'es' },
    server: { host: '127.0.0.1', port: 0, hmr: false },
    optimizeDeps: {
      entries: ['bench/browser/index.html'],
      include: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-webgl'],
    },
  });
  await server.listen();
  const { port } = server.httpServer!.address() as AddressInfo;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(timeoutMs);
    if (process.env.BENCH_DEBUG) page.on('console', (m) => console.error(`[page] ${m.text()}`));
    await page.goto(`http://127.0.0.1:${port}/bench/browser/index.html`);
    await page.waitForSelector('body[data-ready="true"]');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the browser bench took longer than ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([page.evaluate((r) => window.runBench(r), req), timeout]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
