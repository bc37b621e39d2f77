// Walking skeleton: files go to both workers, both answer, the page consolidates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { serveDist, launch, closingFiles, readJson, FIXTURES, OUTPUT, LABELS } from './harness.mjs';

let server;
before(async () => { server = await serveDist(); await mkdir(OUTPUT, { recursive: true }); });
after(async () => { await server.close(); });

test('both workers read their files and the page shows the consolidated result', async () => {
  const browser = await launch();
  try {
    const { page } = browser;
    const dir = path.join(FIXTURES, 'small');
    const files = await closingFiles(dir);
    const expected = await readJson(path.join(dir, 'expected.json'));
    await page.goto(server.url);
    const estado = page.getByTestId('estado-cierre');
    await assert.doesNotReject(estado.waitFor());
    assert.equal(await estado.getAttribute('data-estado'), 'pendiente');
    const run = page.getByRole('button', { name: 'Generar discrepancias' });
    assert.equal(await run.isDisabled(), true);

    for (const slot of Object.keys(LABELS)) {
      await page.getByLabel(LABELS[slot], { exact: true }).setInputFiles(files[slot]);
      await page.getByTestId(`resumen-${slot}`).waitFor();
    }
    const libroSummary = await page.getByTestId('resumen-libro').textContent();
    const libroRows = expected.entradas.find((e) => e.slot === 'libro').filas;
    assert.match(libroSummary, new RegExp(`Filas: ${libroRows}\\b`));
    assert.equal(await estado.getAttribute('data-estado'), 'archivos_completos');

    await run.click();
    await page.locator('[data-testid="trabajador-libro_vs_novedades"][data-estado="ok"]').waitFor();
    await page.locator('[data-testid="trabajador-movimientos_vs_analista"][data-estado="ok"]').waitFor();
    assert.equal(await estado.getAttribute('data-estado'), expected.estado);
    for (const group of ['libro_vs_novedades', 'movimientos_vs_analista']) {
      const cell = page.locator(`[data-testid="totales-grupo"] tr[data-grupo="${group}"] td.num`);
      assert.equal(await cell.textContent(), String(expected.resumen.por_grupo[group]));
    }
    await page.screenshot({ path: path.join(OUTPUT, 'skeleton-result.png'), fullPage: true });
    assert.deepEqual(browser.consoleErrors, []);
    const foreign = browser.requests.filter((url) => !url.startsWith(server.url) && !url.startsWith('data:'));
    assert.deepEqual(foreign, [], 'the page makes no request beyond its own files');
  } finally {
    await browser.close();
  }
});

test('a worker that panics yields the incomplete safety state, not a success', async () => {
  const browser = await launch();
  try {
    const { page } = browser;
    const files = await closingFiles(path.join(FIXTURES, 'small'));
    await page.goto(`${server.url}?simular_fallo=panic:libro_vs_novedades`);
    for (const slot of ['libro', 'movimientos', 'ingresos']) {
      await page.getByLabel(LABELS[slot], { exact: true }).setInputFiles(files[slot]);
      await page.getByTestId(`resumen-${slot}`).waitFor();
    }
    await page.getByRole('button', { name: 'Generar discrepancias' }).click();
    await page.getByTestId('resultado-incompleto').waitFor();
    const estado = page.getByTestId('estado-cierre');
    assert.equal(await estado.getAttribute('data-estado'), 'con_discrepancias');
    const failed = page.locator('[data-testid="trabajador-libro_vs_novedades"]');
    assert.equal(await failed.getAttribute('data-estado'), 'error');
    assert.match(await failed.textContent(), /fallo simulado/);
    assert.equal(
      await page.locator('[data-testid="trabajador-movimientos_vs_analista"]').getAttribute('data-estado'), 'ok');
    await page.screenshot({ path: path.join(OUTPUT, 'skeleton-worker-panic.png'), fullPage: true });
    // The fault is simulated once: running again spawns a fresh worker, which holds no
    // parsed file, so the page must send the files again from what it kept.
    await page.getByRole('button', { name: 'Generar discrepancias' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="trabajador-libro_vs_novedades"]')
      ?.getAttribute('data-estado') === 'ok', null, { timeout: 30_000 });
    assert.equal(await page.getByTestId('resultado-incompleto').count(), 0);
    assert.equal(await estado.getAttribute('data-estado'), 'con_discrepancias');
  } finally {
    await browser.close();
  }
});

test('a worker that never answers is stopped by the time limit', async () => {
  const browser = await launch();
  try {
    const { page } = browser;
    const files = await closingFiles(path.join(FIXTURES, 'small'));
    await page.goto(`${server.url}?simular_fallo=hang:movimientos_vs_analista&limite_ms=1500`);
    for (const slot of ['libro', 'movimientos', 'ausentismos']) {
      await page.getByLabel(LABELS[slot], { exact: true }).setInputFiles(files[slot]);
      await page.getByTestId(`resumen-${slot}`).waitFor();
    }
    await page.getByRole('button', { name: 'Generar discrepancias' }).click();
    await page.getByTestId('resultado-incompleto').waitFor();
    const hung = page.locator('[data-testid="trabajador-movimientos_vs_analista"]');
    assert.equal(await hung.getAttribute('data-estado'), 'error');
    assert.match(await hung.textContent(), /tiempo límite/);
    assert.equal(await page.getByTestId('estado-cierre').getAttribute('data-estado'), 'con_discrepancias');
  } finally {
    await browser.close();
  }
});
