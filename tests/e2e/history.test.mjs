// A closing's runs, remembered: the history grows with each attempt (table and trend
// chart), the monitor counts runs across closings, each run's audit log is viewable and
// downloadable without cell contents, a run after a reload carries estados over and says
// what changed, and a client's next month is proposed last month's mapping, marked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir, readFile } from 'node:fs/promises';
import { serveDist, launch, loadClosing, bothWorkersDone, FIXTURES, OUTPUT } from './harness.mjs';

let server;

before(async () => {
  server = await serveDist();
  await mkdir(OUTPUT, { recursive: true });
});

after(async () => {
  await server?.close();
});

async function settled(page) {
  await page.locator('[data-testid="cierres"][data-pendientes="0"]').waitFor({ timeout: 30_000 });
}

/** Runs both comparisons on the files loaded and waits until the run is stored. */
async function runLoaded(page) {
  await page.getByRole('button', { name: 'Generar discrepancias' }).click();
  await bothWorkersDone(page);
  await page.getByTestId('totales-tipo').waitFor();
  await settled(page);
}

async function download(page, name) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name, exact: true }).click(),
  ]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

test('the history grows with each attempt, with its chart, monitor totals and audit log', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.url);
    await loadClosing(page, path.join(FIXTURES, 'small'));
    await runLoaded(page);
    const attempts = page.locator('[data-testid="intentos"] tbody tr');
    await page.locator('[data-testid="grafico-tendencia"][data-puntos="1"]').waitFor();
    assert.equal(await attempts.count(), 1);
    await runLoaded(page);
    await page.locator('[data-testid="grafico-tendencia"][data-puntos="2"]').waitFor();
    assert.equal(await attempts.count(), 2, 'one row per attempt');
    const total = await page.getByTestId('total-discrepancias').textContent();
    assert.equal(await attempts.nth(1).locator('td').nth(3).textContent(), total);
    const chart = page.getByRole('img', { name: /Discrepancias por verificación, de la primera a la última/ });
    assert.equal(await chart.count(), 1, 'the chart has an accessible title');
    assert.equal(await page.locator('[data-testid="grafico-tendencia"] circle').count(), 2);
    for (const group of ['libro_vs_novedades', 'movimientos_vs_analista']) {
      const row = page.locator(`[data-testid="totales-monitor"] tr[data-grupo="${group}"]`);
      assert.equal(await row.getAttribute('data-ejecuciones'), '2', `${group} ran twice`);
      assert.match(await row.textContent(), /100 %/);
    }
    // A second run of the same closing: nothing changed, nothing disappeared.
    const unchanged = page.locator('#filtro-cambio option[value="sin_cambios"]');
    assert.equal(await unchanged.getAttribute('data-cantidad'), total.replace(/\./g, ''));
    assert.equal(await page.getByTestId('desaparecidas').getAttribute('data-cantidad'), '0');

    await page.getByTestId('registro').locator('summary').click();
    const shown = await page.getByTestId('registro-texto').textContent();
    assert.match(shown, /Inicio de la verificación/);
    assert.match(shown, /SHA-256 [0-9a-f]{64}/);
    assert.match(shown, /Proceso Libro vs Novedades: fin/);
    assert.match(shown, /Estado final: /);
    const log = await download(page, 'Descargar registro');
    assert.match(log.name, /^cuadra_2025-03_\d+-[\dK]_registro_2\.txt$/);
    assert.equal(log.text, shown, 'the download is the log on screen');
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exportar JSON', exact: true }).click(),
    ]);
    const document = JSON.parse(await readFile(await json.path(), 'utf8'));
    for (const d of document.discrepancias) {
      assert.ok(!log.text.includes(d.nombre), 'no employee name in the audit log');
    }
    await page.screenshot({ path: path.join(OUTPUT, 'storage-history.png'), fullPage: true });
  } finally {
    await browser.close();
  }
});

test('a run after a reload carries estados over from the restored result', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.url);
    await loadClosing(page, path.join(FIXTURES, 'small'));
    await runLoaded(page);
    const first = page.locator('[data-testid="fila-discrepancia"]').first();
    const index = await first.getAttribute('data-indice');
    await first.locator('select').selectOption('corregida');
    await settled(page);
    await page.reload();
    await page.getByTestId('totales-tipo').waitFor({ timeout: 10_000 });
    await settled(page);
    await loadClosing(page, path.join(FIXTURES, 'small'));
    await runLoaded(page);
    const row = page.locator(`[data-testid="fila-discrepancia"][data-indice="${index}"]`);
    assert.equal(await row.getAttribute('data-estado'), 'corregida', 'the estado is carried over');
    await page.locator('#filtro-cambio').selectOption('sin_cambios');
    const total = Number((await page.getByTestId('total-discrepancias').textContent()).replace(/\./g, ''));
    await page.locator(`[data-testid="conteo-filas"][data-filas="${total}"]`).waitFor();
    await page.locator('#filtro-cambio').selectOption('nueva');
    await page.locator('[data-testid="conteo-filas"][data-filas="0"]').waitFor();
    await page.screenshot({ path: path.join(OUTPUT, 'storage-changes.png') });
  } finally {
    await browser.close();
  }
});

test('next month of a client is proposed last month’s mapping, each header marked', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.url);
    await loadClosing(page, path.join(FIXTURES, 'small'));
    const rows = page.locator('[data-testid="fila-mapeo"]');
    await rows.first().waitFor();
    const row = rows.first();
    const header = await row.getAttribute('data-encabezado');
    const select = row.locator('select');
    const options = await select.locator('option').allTextContents();
    const current = await select.evaluate((el) => el.options[el.selectedIndex].text);
    const chosen = options.find((text, idx) => idx > 0 && text !== current);
    await select.selectOption({ label: chosen });
    await runLoaded(page);
    assert.equal(await page.locator('.origen').count(), 0, 'no marks in the client’s first month');

    await page.reload();
    await page.getByTestId('totales-tipo').waitFor({ timeout: 10_000 });
    await settled(page);
    await loadClosing(page, path.join(FIXTURES, 'siguiente'));
    await settled(page);
    await page.locator('[data-testid="fila-mapeo"] .origen').first().waitFor();
    const april = page.locator(`[data-testid="fila-mapeo"][data-encabezado="${header}"]`);
    assert.equal(await april.locator('.origen').getAttribute('data-origen'), 'mes_anterior');
    assert.equal(await april.locator('select').evaluate((el) => el.options[el.selectedIndex].text), chosen,
      'the choice made in March is proposed for April');
    const marks = await page.locator('[data-testid="fila-mapeo"]').evaluateAll((trs) =>
      trs.map((tr) => tr.querySelector('.origen')?.dataset.origen));
    assert.ok(marks.every((mark) => mark === 'mes_anterior' || mark === 'nuevo'), 'every header is marked');
    assert.ok(marks.includes('nuevo'), 'April’s new headers are marked new');
    assert.match(await page.getByTestId('cierre').textContent(), /abril 2025/);
    await page.getByTestId('mapeo').screenshot({ path: path.join(OUTPUT, 'storage-proposal.png') });
  } finally {
    await browser.close();
  }
});
