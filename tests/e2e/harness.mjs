// Shared set-up for the end-to-end tests: a static server for dist/ (or the example
// portal's site), Debian's Chromium through playwright-core, and a record of console errors.
import { createServer } from 'node:http';
import { readFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { execSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
export const DIST = process.env.CUADRA_DIST ? path.resolve(process.env.CUADRA_DIST) : path.join(ROOT, 'dist');
export const FIXTURES = process.env.CUADRA_FIXTURES ?? path.join(ROOT, 'target/e2e-fixtures');
export const OUTPUT = path.join(ROOT, 'target/e2e-output');
/** The example portal, assembled by `cargo xtask build`: Cuadra under portal/static/cuadra/. */
export const PORTAL_SITE = process.env.CUADRA_PORTAL_SITE ? path.resolve(process.env.CUADRA_PORTAL_SITE)
  : path.join(ROOT, 'target/portal-site');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Serves `root` (dist/ unless told) on a free loopback port; resolves to { url, close }.
 * `overrides` maps a path (`/sw.js`) to the body served instead of the file, and may be
 * changed while the server runs (a test's "new build"). `close()` really stops it: open
 * connections are cut, so the page can only be served by its service worker.
 */
export async function serveDist({ root = DIST, overrides = new Map() } = {}) {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) { response.writeHead(403).end(); return; }
    if (url.pathname.endsWith('/')) file = path.join(file, 'index.html');
    try {
      const body = overrides.get(url.pathname) ?? await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const close = () => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); });
  return { url: `http://127.0.0.1:${port}/`, overrides, close };
}

function chromiumPath() {
  return execSync('command -v chromium', { shell: '/bin/sh' }).toString().trim();
}

/**
 * Launches Debian's Chromium (with `args` besides the usual flags); returns { context, page, consoleErrors, close }.
 * `serviceWorkers: 'block'` for a test that routes the page's requests: a request the page's
 * service worker answers from its cache never reaches a route.
 */
export async function launch({ args = [], serviceWorkers = 'allow' } = {}) {
  const profile = await mkdtemp(path.join(tmpdir(), 'cuadra-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    acceptDownloads: true,
    serviceWorkers,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', ...args],
  });
  const page = context.pages()[0] ?? await context.newPage();
  const consoleErrors = [];
  const requests = [];
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  context.on('request', (request) => requests.push(request.url()));
  // The profile is this launch's alone: removed when the browser closes, however it is closed.
  // Chromium's helpers may still be writing into it for a moment: retry, and never let the
  // clean-up fail a test.
  const removeProfile = () => rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
    .catch(() => {});
  context.once('close', removeProfile);
  const close = async () => { await context.close(); await removeProfile(); };
  return { context, page, consoleErrors, requests, close };
}

/** The generated closing's files in `dir`, keyed by slot id. */
export async function closingFiles(dir) {
  const names = await readdir(dir);
  const find = (keyword) => {
    const name = names.find((n) => n.includes(`_${keyword}_`));
    return name ? path.join(dir, name) : undefined;
  };
  return {
    libro: find('libro'), novedades: find('novedades'), movimientos: find('movimientos'),
    ingresos: find('ingresos'), finiquitos: find('finiquitos'), ausentismos: find('ausentismos'),
  };
}

export const LABELS = {
  libro: 'Libro de Remuneraciones', novedades: 'Novedades', movimientos: 'Movimientos del Mes',
  ingresos: 'Ingresos', finiquitos: 'Finiquitos', ausentismos: 'Ausentismos',
};

export async function readJson(file) {
  return JSON.parse(await readFile(file, 'utf8'));
}

/** Loads every file of a generated closing into `target` (a page or a component) through the slots' accessible names. */
export async function loadClosing(target, dir) {
  const files = await closingFiles(dir);
  for (const slot of Object.keys(LABELS)) {
    await target.getByLabel(LABELS[slot], { exact: true }).setInputFiles(files[slot]);
    await target.getByTestId(`resumen-${slot}`).waitFor();
  }
}

/** Waits until both workers of `target` report success. */
export async function bothWorkersDone(target) {
  await target.locator('[data-testid="trabajador-libro_vs_novedades"][data-estado="ok"]').waitFor({ timeout: 60_000 });
  await target.locator('[data-testid="trabajador-movimientos_vs_analista"][data-estado="ok"]').waitFor({ timeout: 60_000 });
}

/** A document with the workers' timings left out: the one part that differs run to run. */
export function withoutTimings(document) {
  return { ...document, trabajadores: document.trabajadores.map(({ ms, ...worker }) => worker) };
}

/** The identities of a document's discrepancies, as planted.json lists them, in one order. */
export function identities(discrepancies) {
  return discrepancies
    .map(({ tipo, rut, concepto, fecha_evento }) => JSON.stringify({ tipo, rut, concepto: concepto ?? null, fecha_evento: fecha_evento ?? null }))
    .sort();
}
