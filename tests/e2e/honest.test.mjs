// Honest states: a comparison that had nothing to compare reads "No comparado"
// on the worker card, in the summary and in the closing's state, never "0 — Correcto", and
// every note the comparisons wrote is on the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { serveDist, launch, closingFiles, bothWorkersDone, FIXTURES, OUTPUT, LABELS } from './harness.mjs';

let server;
before(async () => { server = await serveDist(); await mkdir(OUTPUT, { recursive: true }); });
after(async () => { await server.close(); });

const card = (page, group) => page.getByTestId(`trabajador-${group}`);
const groupTotal = (page, group) => page.locator(`[data-testid="totales-grupo"] tr[data-grupo="${group}"]`);

async function load(page, files) {
  for (const [slot, file] of Object.entries(files)) {
    await page.getByLabel(LABELS[slot], { exact: true }).setInputFiles(file);
    await page.getByTestId(`resumen-${slot}`).waitFor();
  }
}

async function run(page) {
  await page.getByRole('button', { name: 'Generar discrepancias' }).click();
  await bothWorkersDone(page);
  await page.getByTestId('verificacion').waitFor();
}

/** What every run without Novedades must show, whatever the other comparison found. */
async function assertLibroNotCompared(page) {
  const libro = card(page, 'libro_vs_novedades');
  assert.equal(await libro.getAttribute('data-comparado'), 'false');
  const cardText = await libro.textContent();
  assert.match(cardText, /No comparado: no se cargó Novedades/);
  assert.doesNotMatch(cardText, /discrepancia/, 'no count that could read as a clean result');
  assert.equal(await card(page, 'movimientos_vs_analista').getAttribute('data-comparado'), 'true');

  const row = groupTotal(page, 'libro_vs_novedades');
  assert.equal(await row.getAttribute('data-comparado'), 'false');
  assert.equal(await row.locator('td.num').textContent(), 'No comparado');
  const times = page.locator('[data-testid="tiempos-trabajadores"] tr[data-grupo="libro_vs_novedades"]');
  assert.match(await times.textContent(), /No comparado: no se cargó Novedades/);
  assert.doesNotMatch(await times.textContent(), /Correcto/);

  const sentence = page.getByTestId('verificacion');
  assert.equal(await sentence.getAttribute('data-comparado'), 'false');
  assert.match(await sentence.textContent(), /no se comparó Libro vs Novedades porque no se cargó Novedades\.$/);

  // Every worker note reaches the page, not only the JSON.
  const notes = page.getByTestId('notas-trabajadores');
  assert.match(await notes.locator('ul[data-grupo="libro_vs_novedades"]').textContent(),
    /No se cargó el archivo de Novedades/);
  assert.match(await notes.locator('ul[data-grupo="movimientos_vs_analista"]').textContent(),
    /No se comparan: \d+ registros? de vacaciones/);

  const estado = page.getByTestId('estado-cierre');
  assert.notEqual(await estado.getAttribute('data-estado'), 'verificado_sin_discrepancias');
  assert.doesNotMatch(await estado.textContent(), /Verificado sin discrepancias/);
}

test('a closing without Novedades shows Libro vs Novedades as not compared, never as correct', async () => {
  const browser = await launch({});
  try {
    const { page } = browser;
    await page.setViewportSize({ width: 1440, height: 900 });
    const { novedades, ...files } = await closingFiles(path.join(FIXTURES, 'small'));
    assert.ok(novedades, 'the fixture has a Novedades file, which this test leaves out');
    await page.goto(server.url);
    await load(page, files);
    await run(page);
    await assertLibroNotCompared(page);
    // The other comparison found the planted discrepancies: the closing says so.
    assert.equal(await page.getByTestId('estado-cierre').getAttribute('data-estado'), 'con_discrepancias');
    assert.match(await page.getByTestId('verificacion').textContent(), /^Se verificó Movimientos vs Analista;/);
    await page.locator('section.resumen').screenshot({ path: path.join(OUTPUT, 'honest-sin-novedades-resumen.png') });
    assert.deepEqual(browser.consoleErrors, []);
  } finally {
    await browser.close();
  }
});

test('nothing found without Novedades is "verificado parcialmente", not the clean state', async () => {
  // A one-employee closing whose movimientos agree with the analyst: the one way to find
  // nothing at all, so only the missing Novedades keeps it from being clean.
  const dir = path.join(OUTPUT, 'honest-clean');
  await mkdir(dir, { recursive: true });
  const write = async (name, text) => { const file = path.join(dir, name); await writeFile(file, text); return file; };
  const files = {
    libro: await write('202503_libro_remuneraciones_761234560.csv',
      'Rut del Trabajador;Nombre;Sueldo Base\n12345678-5;Ana Soto;500000\n'),
    movimientos: await write('202503_movimientos_altas_y_bajas.csv',
      'Nombre;Rut;Fecha Ingreso;Fecha Retiro;Alta / Baja\nAna Soto;12345678-5;2025-03-03;;ALTA\n'),
    ingresos: await write('202503_ingresos_761234560.csv',
      'Rut;Nombre;Fecha Ingreso\n12345678-5;Ana Soto;2025-03-03\n'),
  };
  const browser = await launch({});
  try {
    const { page } = browser;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(server.url);
    await load(page, files);
    await run(page);
    await assertLibroNotCompared(page);
    const estado = page.getByTestId('estado-cierre');
    assert.equal(await estado.getAttribute('data-estado'), 'verificado_parcial');
    // What a screen reader announces: the live badge's hidden lead-in, then its label.
    assert.equal(await estado.textContent(), 'Estado del cierre: Verificado parcialmente: hay comparaciones no realizadas');
    assert.equal(await page.getByTestId('total-discrepancias').textContent(), '0');
    assert.equal(await page.getByTestId('verificacion').textContent(),
      'Se verificó Movimientos vs Analista (Finiquitos y Ausentismos no se cargaron y cuentan como no '
      + 'reportados); no se comparó Libro vs Novedades porque no se cargó Novedades.');
    await page.screenshot({ path: path.join(OUTPUT, 'honest-verificado-parcial.png'), fullPage: false });
    await page.locator('section.resumen').screenshot({ path: path.join(OUTPUT, 'honest-verificado-parcial-resumen.png') });

    // The exported document says the same as the page.
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exportar JSON', exact: true }).click(),
    ]);
    const document = JSON.parse(await readFile(await json.path(), 'utf8'));
    assert.equal(document.estado, 'verificado_parcial');
    assert.equal(document.trabajadores[0].comparado, false);
    assert.equal(document.trabajadores[0].motivo_no_comparado, 'no se cargó Novedades');
    assert.deepEqual(browser.consoleErrors, []);
  } finally {
    await browser.close();
  }
});
