// Offline and installable (the static page): after one visit the server is really stopped
// and the page reloads and runs a whole reconciliation from its service worker's cache. A
// new build installs beside the old one and waits; the old page keeps getting the old
// build's files (its workers' included) until the user takes "Nueva versión disponible —
// Actualizar"; then the page reloads into the new build and the old cache is gone.
// Chromium reads the web app manifest and finds the page installable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir, readFile } from 'node:fs/promises';
import { serveDist, launch, readJson, loadClosing, bothWorkersDone, DIST, FIXTURES, OUTPUT } from './harness.mjs';

/** Waits until the page's service worker is active, and returns its cache names. */
async function serviceWorkerReady(page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    if (worker.state !== 'activated') {
      await new Promise((resolve) => worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()));
    }
    return caches.keys();
  });
}

test('after one visit the page reloads and runs a whole reconciliation with the server stopped', async () => {
  await mkdir(OUTPUT, { recursive: true });
  const server = await serveDist();
  const browser = await launch();
  try {
    const { page } = browser;
    await page.goto(server.url);
    await page.getByTestId('estado-cierre').waitFor();
    const names = await serviceWorkerReady(page);
    assert.equal(names.length, 1, `one cache: ${names}`);
    assert.ok(names[0].startsWith(`cuadra:${server.url}:`), names[0]);
    const sw = await readFile(path.join(DIST, 'sw.js'), 'utf8');
    const precached = JSON.parse(sw.match(/const FILES = (\[[\s\S]*?\]);/)[1]);
    const cachedCount = await page.evaluate(async (name) => (await (await caches.open(name)).keys()).length, names[0]);
    assert.equal(cachedCount, precached.length, 'every file of the build is cached');

    await server.close();
    await assert.rejects(fetch(server.url), 'the server is really stopped');
    await page.goto(`${server.url}?limite_ms=60000`);
    await page.getByTestId('estado-cierre').waitFor();
    assert.notEqual(await page.evaluate(() => navigator.serviceWorker.controller), null, 'served by the worker');
    const expected = await readJson(path.join(FIXTURES, 'small', 'expected.json'));
    await loadClosing(page, path.join(FIXTURES, 'small'));
    await page.getByRole('button', { name: 'Generar discrepancias' }).click();
    await bothWorkersDone(page);
    assert.equal(await page.getByTestId('estado-cierre').getAttribute('data-estado'), expected.estado);
    assert.equal(await page.getByTestId('total-discrepancias').textContent(), String(expected.resumen.total));
    await page.screenshot({ path: path.join(OUTPUT, 'offline-result.png'), fullPage: true });
    // The only errors: the browser's own failed update check of sw.js with no server.
    const unexpected = browser.consoleErrors.filter((text) => !/ServiceWorker|sw\.js/i.test(text));
    assert.deepEqual(unexpected, []);
  } finally {
    await browser.close();
  }
});

test('a new build waits until the user takes it; meanwhile the old page gets the old files', async () => {
  const server = await serveDist();
  const browser = await launch();
  try {
    const { page } = browser;
    await page.goto(server.url);
    const [oldCache] = await serviceWorkerReady(page);
    await page.reload();
    await page.getByTestId('estado-cierre').waitFor();
    assert.notEqual(await page.evaluate(() => navigator.serviceWorker.controller), null);
    assert.equal(await page.getByTestId('nueva-version').count(), 0, 'nothing to offer yet');

    // "A new build": another build id, and a page and worker loader that say so.
    const [sw, html, loader] = await Promise.all(['sw.js', 'index.html', 'libro_worker_loader.js']
      .map((file) => readFile(path.join(DIST, file), 'utf8')));
    const oldBuild = sw.match(/const BUILD = '([0-9a-f]+)';/)[1];
    server.overrides.set('/sw.js', sw.replace(`const BUILD = '${oldBuild}';`, `const BUILD = '${oldBuild}v2';`));
    server.overrides.set('/', html.replace('<head>', '<head><meta name="cuadra-build" content="v2">'));
    server.overrides.set('/libro_worker_loader.js', `${loader}\n// v2\n`);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());

    const banner = page.getByTestId('nueva-version');
    await banner.waitFor();
    assert.match(await banner.textContent(), /^Nueva versión disponible\s*—\s*Actualizar$/);
    await page.screenshot({ path: path.join(OUTPUT, 'offline-new-version.png') });
    const waiting = await page.evaluate(async () => ({
      caches: await caches.keys(),
      loader: await (await fetch('./libro_worker_loader.js')).text(),
      build: document.querySelector('meta[name="cuadra-build"]')?.content ?? null,
    }));
    assert.equal(waiting.caches.length, 2, 'the new build is cached beside the old one');
    assert.equal(waiting.build, null, 'the page is still the old build');
    assert.doesNotMatch(waiting.loader, /v2/, "the old page still gets the old build's worker");

    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Actualizar' }).click()]);
    await page.getByTestId('estado-cierre').waitFor();
    const updated = await page.evaluate(async () => ({
      caches: await caches.keys(),
      loader: await (await fetch('./libro_worker_loader.js')).text(),
      build: document.querySelector('meta[name="cuadra-build"]')?.content ?? null,
    }));
    assert.equal(updated.build, 'v2', 'reloaded into the new build');
    assert.match(updated.loader, /v2/, "and its workers are the new build's");
    assert.deepEqual(updated.caches, [`${oldCache.slice(0, oldCache.lastIndexOf(':') + 1)}${oldBuild}v2`],
      'the old cache is gone');
    assert.equal(await page.getByTestId('nueva-version').count(), 0);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('Chromium reads the web app manifest and finds the page installable', async () => {
  const server = await serveDist();
  const browser = await launch();
  try {
    const { page, context } = browser;
    await page.goto(server.url);
    await serviceWorkerReady(page);
    await page.reload();
    await page.getByTestId('estado-cierre').waitFor();
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    assert.equal(manifest.url, `${server.url}manifest.webmanifest`);
    assert.deepEqual(manifest.errors, []);
    const data = JSON.parse(manifest.data);
    assert.equal(data.short_name, 'Cuadra');
    const sizes = data.icons.map((icon) => icon.sizes);
    assert.ok(sizes.includes('192x192') && sizes.includes('512x512'));
    for (const icon of data.icons) {
      const response = await page.request.get(new URL(icon.src, manifest.url).href);
      assert.equal(response.headers()['content-type'], 'image/png', icon.src);
    }
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
