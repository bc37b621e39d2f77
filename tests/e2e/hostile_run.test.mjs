// A verification that is cancelled, or whose worker runs out of memory or is terminated
// mid-run: the closing says so (never a success), keeps every file and setting, and the
// next run works without loading anything again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { serveDist, launch, closingFiles, readJson, FIXTURES, OUTPUT, LABELS } from './harness.mjs';

const es = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

let server;
before(async () => { server = await serveDist(); await mkdir(OUTPUT, { recursive: true }); });
after(async () => { await server.close(); });

async function load(page, files, slots) {
  for (const slot of slots) {
    await page.getByLabel(LABELS[slot], { exact: true }).setInputFiles(files[slot]);
    await page.getByTestId(`resumen-${slot}`).waitFor();
  }
}

const estado = (page) => page.getByTestId('estado-cierre').getAttribute('data-estado');
const worker = (page, group) => page.locator(`[data-testid="trabajador-${group}"]`);

test('Cancelar stops a running verification and keeps files and settings; the next run needs nothing loaded again', async () => {
  const browser = await launch();
  try {
    const { page } = browser;
    const dir = path.join(FIXTURES, 'otro');
    const files = await closingFiles(dir);
    const expected = await readJson(path.join(dir, 'expected.json'));
    // The libro worker never answers its first run: the verification stays running.
    await page.goto(`${server.url}?simular_fallo=hang:libro_vs_novedades`);
    await load(page, files, Object.keys(LABELS));
    // The setting `otro`'s oracle was computed with.
    const onlyInLibro = page.getByLabel('Informar trabajadores que solo están en el Libro');
    await onlyInLibro.check();
    const cancel = page.getByRole('button', { name: 'Cancelar', exact: true });
    assert.equal(await cancel.count(), 0, 'no Cancelar before a run');

    await page.getByRole('button', { name: 'Generar discrepancias' }).click();
    await page.locator('[data-testid="trabajador-movimientos_vs_analista"][data-estado="ok"]').waitFor();
    assert.equal(await estado(page), 'verificacion_datos');
    assert.equal(await worker(page, 'libro_vs_novedades').getAttribute('data-estado'), 'ejecutando');
    await cancel.click();

    await page.locator('[data-testid="estado-cierre"][data-estado="archivos_completos"]').waitFor();
    const notice = page.getByTestId('verificacion-cancelada');
    await notice.waitFor();
    assert.match(await notice.textContent(), /^Verificación cancelada\. Se conservan los archivos, el mapeo y la configuración/);
    assert.equal(await cancel.count(), 0, 'Cancelar goes with the run');
    assert.equal(await page.getByTestId('resultado-incompleto').count(), 0, 'a cancelled run is no result');
    for (const slot of Object.keys(LABELS)) {
      assert.equal(await page.getByTestId(`archivo-cargado-${slot}`).textContent(), path.basename(files[slot]), slot);
      await page.getByTestId(`resumen-${slot}`).waitFor();
    }
    assert.equal(await onlyInLibro.isChecked(), true, 'the setting is kept');
    await page.screenshot({ path: path.join(OUTPUT, 'hostile-cancelled.png'), fullPage: true });

    // The hung worker was replaced: the new one gets the files again from the kept Blobs.
    await page.getByRole('button', { name: 'Generar discrepancias' }).click();
    await page.locator('[data-testid="trabajador-libro_vs_novedades"][data-estado="ok"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="trabajador-movimientos_vs_analista"][data-estado="ok"]').waitFor();
    assert.equal(await estado(page), expected.estado);
    assert.equal(await page.getByTestId('total-discrepancias').textContent(), es(expected.resumen.total));
    for (const [group, n] of Object.entries(expected.resumen.por_grupo)) {
      const cell = page.locator(`[data-testid="totales-grupo"] tr[data-grupo="${group}"] td.num`);
      assert.equal(await cell.textContent(), es(n), group);
    }
    assert.equal(await page.getByTestId('verificacion-cancelada').count(), 0, 'the notice goes with the new run');
    assert.deepEqual(browser.consoleErrors, []);
  } finally {
    await browser.close();
  }
});

/** Runs the small closing's required files with `fault` planted in the first run. */
async function failFirstRun(page, query, slots) {
  const files = await closingFiles(path.join(FIXTURES, 'small'));
  await page.goto(`${server.url}?${query}`);
  await load(page, files, slots);
  await page.getByRole('button', { name: 'Generar discrepancias' }).click();
  await page.getByTestId('resultado-incompleto').waitFor({ timeout: 30_000 });
  assert.equal(await estado(page), 'con_discrepancias');
}

/** The second run, with no file loaded again, completes. */
async function retryCompletes(page) {
  await page.getByRole('button', { name: 'Generar discrepancias' }).click();
  for (const group of ['libro_vs_novedades', 'movimientos_vs_analista']) {
    await page.locator(`[data-testid="trabajador-${group}"][data-estado="ok"]`).waitFor({ timeout: 30_000 });
  }
  assert.equal(await page.getByTestId('resultado-incompleto').count(), 0);
}

test('a worker that runs out of memory yields the incomplete safety state naming it and why', async () => {
  const browser = await launch();
  try {
    const { page } = browser;
    await failFirstRun(page, 'simular_fallo=memoria:movimientos_vs_analista', ['libro', 'movimientos', 'ingresos']);
    const failed = worker(page, 'movimientos_vs_analista');
    assert.equal(await failed.getAttribute('data-estado'), 'error');
    const text = await failed.textContent();
    assert.match(text, /«Movimientos vs Analista» falló: se quedó sin memoria/);
    assert.match(text, /\d MB/);
    assert.equal(await worker(page, 'libro_vs_novedades').getAttribute('data-estado'), 'ok');
    await page.screenshot({ path: path.join(OUTPUT, 'hostile-out-of-memory.png'), fullPage: true });
    await retryCompletes(page);
    assert.deepEqual(browser.consoleErrors, []);
  } finally {
    await browser.close();
  }
});

test('a worker terminated mid-run is caught by the time limit; the retry needs nothing loaded again', async () => {
  const browser = await launch();
  try {
    const { page } = browser;
    await failFirstRun(page, 'simular_fallo=terminar:libro_vs_novedades&limite_ms=2000', ['libro', 'movimientos', 'finiquitos']);
    const failed = worker(page, 'libro_vs_novedades');
    assert.equal(await failed.getAttribute('data-estado'), 'error');
    assert.match(await failed.textContent(), /«Libro vs Novedades» no respondió dentro del tiempo límite/);
    await page.screenshot({ path: path.join(OUTPUT, 'hostile-terminated.png'), fullPage: true });
    await retryCompletes(page);
    assert.deepEqual(browser.consoleErrors, []);
  } finally {
    await browser.close();
  }
});

test('a worker whose script cannot load says so in the slot; the other worker still reads its files', async () => {
  // Without the page's service worker: a request it makes or answers does not pass through
  // the page's routes, and the 404 below must be the only answer the script can get.
  const browser = await launch({ serviceWorkers: 'block' });
  try {
    const { page } = browser;
    // The browser raises an `error` event without a message for a module that fails to load.
    await page.route('**/libro_worker_loader.js', (route) => route.fulfill({ status: 404, body: '' }));
    const files = await closingFiles(path.join(FIXTURES, 'small'));
    await page.goto(server.url);
    await page.getByLabel(LABELS.libro, { exact: true }).setInputFiles(files.libro);
    const alert = page.getByTestId('slot-libro').getByRole('alert');
    await alert.waitFor({ timeout: 15_000 });
    assert.equal(await alert.textContent(), 'el proceso «Libro vs Novedades» falló: el proceso no pudo cargarse');
    await load(page, files, ['movimientos', 'ingresos']);
    assert.equal(await page.getByRole('button', { name: 'Generar discrepancias' }).isDisabled(), true);
  } finally {
    await browser.close();
  }
});
