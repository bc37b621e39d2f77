// Privacy, proven on the network: a full run on the standalone page and a full run inside
// the example portal, in a Chromium that can resolve no host but 127.0.0.1. Every request of
// the browser context is recorded (the page's, both workers' and the service worker's) and
// the test fails on any request off the page's own origin, any request with a body, and any
// `securitypolicyviolation` event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { serveDist, launch, readJson, loadClosing, bothWorkersDone, FIXTURES, PORTAL_SITE } from './harness.mjs';

const UNREACHABLE = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';

/** The origin a request goes to; a blob: URL belongs to the origin that made it. */
function originOf(url) {
  const parsed = new URL(url);
  return parsed.protocol === 'blob:' ? new URL(parsed.pathname).origin : parsed.origin;
}

/** Records every request of the context and every CSP violation of its pages. */
async function record(context) {
  const requests = [];
  const violations = [];
  context.on('request', (request) => requests.push({
    url: request.url(),
    method: request.method(),
    body: request.postDataBuffer(),
    fromServiceWorker: request.serviceWorker() !== null,
  }));
  await context.exposeBinding('__cuadraViolation', (_source, violation) => violations.push(violation));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cuadraViolation({ directive: event.violatedDirective, blocked: event.blockedURI, source: event.sourceFile });
    });
  });
  return { requests, violations };
}

function assertPrivate({ requests, violations }, origin) {
  const foreign = requests.filter((request) => originOf(request.url) !== origin);
  assert.deepEqual(foreign.map((request) => request.url), [], 'no request leaves the page’s origin');
  const withBody = requests.filter((request) => request.body && request.body.length > 0);
  assert.deepEqual(withBody.map((request) => `${request.method} ${request.url}`), [], 'no request carries a body');
  assert.deepEqual(requests.filter((request) => request.method !== 'GET').map((r) => r.url), []);
  assert.deepEqual(violations, [], 'no Content-Security-Policy violation');
}

test('the standalone CSP allows only the page’s own origin, with no unsafe-inline', async () => {
  const html = await readFile(path.join(PORTAL_SITE, 'portal/static/cuadra/index.html'), 'utf8');
  const policy = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/)[1];
  assert.doesNotMatch(policy, /unsafe-inline|'unsafe-eval'|\*|https?:|data:|blob:/);
  for (const directive of policy.split(';').map((text) => text.trim().split(/\s+/))) {
    const [name, ...sources] = directive;
    const allowed = sources.every((source) => ["'self'", "'none'", "'wasm-unsafe-eval'"].includes(source)
      || /^'sha256-[A-Za-z0-9+/=]+'$/.test(source));
    assert.ok(allowed, `${name}: ${sources.join(' ')}`);
  }
});

test('a full run, standalone and embedded, stays on the page’s origin', async () => {
  const server = await serveDist({ root: PORTAL_SITE });
  const origin = new URL(server.url).origin;
  const browser = await launch({ args: [UNREACHABLE] });
  try {
    const { page, context } = browser;
    const traffic = await record(context);
    const expected = await readJson(path.join(FIXTURES, 'small', 'expected.json'));

    // Standalone, from a sub-path; it installs its service worker, which precaches.
    await page.goto(`${server.url}portal/static/cuadra/`);
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      const worker = registration.active;
      if (worker.state !== 'activated') {
        await new Promise((resolve) => worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()));
      }
    });
    await page.reload();
    await loadClosing(page, path.join(FIXTURES, 'small'));
    await page.getByRole('button', { name: 'Generar discrepancias' }).click();
    await bothWorkersDone(page);
    assert.equal(await page.getByTestId('total-discrepancias').textContent(), String(expected.resumen.total));
    await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exportar JSON' }).click()]);

    // Embedded in the portal, with a long list: its rows are windowed with spacer heights
    // set through the CSSOM, which the portal's `style-src 'self'` must not block.
    await page.goto(`${server.url}portal/`);
    const marzo = page.locator('#cierre-marzo');
    const large = await readJson(path.join(FIXTURES, 'large', 'expected.json'));
    await loadClosing(marzo, path.join(FIXTURES, 'large'));
    await marzo.getByRole('button', { name: 'Generar discrepancias' }).click();
    await bothWorkersDone(marzo);
    assert.equal(await marzo.getByTestId('total-discrepancias').textContent(), String(large.resumen.total).replace(/\B(?=(\d{3})+(?!\d))/g, '.'));
    await marzo.locator('.lista-scroll').evaluate((list) => { list.scrollTop = 4000; });
    await page.waitForTimeout(300);

    // The record covers what it must: the service worker's fetches and both workers' own.
    const urls = traffic.requests.map((request) => request.url);
    assert.ok(traffic.requests.some((request) => request.fromServiceWorker), 'the service worker’s requests are seen');
    for (const file of ['libro_worker_bg.wasm', 'movimientos_worker_bg.wasm']) {
      assert.ok(urls.some((url) => url.endsWith(`/portal/static/cuadra/${file}`)), `${file}, fetched by its worker`);
    }
    assertPrivate(traffic, origin);
    assert.deepEqual(browser.consoleErrors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
