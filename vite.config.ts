import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The Content-Security-Policy the built site runs under, measured in Chromium
 * (tests/e2e/static-site.test.ts fails on any violation):
 * - tfjs webgl and cpu need no eval at all; the wasm backend needs only
 *   'wasm-unsafe-eval' to compile its .wasm files, never 'unsafe-eval'.
 * - The training worker is loaded from a same-origin file, so worker-src 'self'.
 * - Plot export draws SVG into an image and downloads PNG/SVG: img-src data: blob:.
 * A <meta> policy covers the document only; a worker loaded from a URL takes
 * its policy from its own response headers, so hosts that can set headers
 * should send this same string as a Content-Security-Policy header.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/**
 * Puts the policy right after <meta charset> in the built page, before any
 * script or style it governs. Only for builds: the dev server injects inline
 * scripts (React refresh) that a strict policy would block.
 */
function contentSecurityPolicy(policy: string): Plugin {
  const tag = `<meta http-equiv="Content-Security-Policy" content="${policy.replaceAll('"', '&quot;')}" />`;
  return {
    name: 'pruneviz-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const charset = /<meta charset=[^>]*>/i.exec(html);
        if (!charset) return html.replace(/<head>/i, `<head>\n    ${tag}`);
        const end = charset.index + charset[0].length;
        return `${html.slice(0, end)}\n    ${tag}${html.slice(end)}`;
      },
    },
  };
}

// Relative base so the built site works from any sub-path of a static host.
export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy(CONTENT_SECURITY_POLICY)],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false },
  server: { port: 5173, strictPort: false },
});
