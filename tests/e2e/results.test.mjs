// The results view: summary, filters, sort, employee dialog, estado and note, exports, and
// a long list that keeps only a window of rows in the DOM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { serveDist, launch, closingFiles, readJson, FIXTURES, OUTPUT, LABELS } from './harness.mjs';

/** es-CL thousands separator, as the page shows counts. */
const es = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const rutNumber = (rut) => Number(rut.split('-')[0]);

let server;
let browser;
let page;
let expected;

/** Loads every file of a generated closing and runs both comparisons. */
async function loadAndRun(target, fixture) {
  const files = await closingFiles(path.join(FIXTURES, fixture));
  await target.goto(server.url);
  for (const slot of Object.keys(LABELS)) {
    await target.getByLabel(LABELS[slot], { exact: true }).setInputFiles(files[slot]);
    await target.getByTestId(`resumen-${slot}`).waitFor();
  }
  await target.getByRole('button', { name: 'Generar discrepancias' }).click();
  await target.locator('[data-testid="trabajador-libro_vs_novedades"][data-estado="ok"]').waitFor();
  await target.locator('[data-testid="trabajador-movimientos_vs_analista"][data-estado="ok"]').waitFor();
  await target.getByTestId('totales-tipo').waitFor();
}

const shownRows = () => page.getByTestId('conteo-filas').getAttribute('data-filas').then(Number);
const domRows = () => page.locator('[data-testid="fila-discrepancia"]');

/** Waits until the list says it shows `n` rows. */
async function expectRows(n) {
  await page.locator(`[data-testid="conteo-filas"][data-filas="${n}"]`).waitFor({ timeout: 5000 });
  assert.equal(await shownRows(), n);
}

before(async () => {
  server = await serveDist();
  await mkdir(OUTPUT, { recursive: true });
  expected = await readJson(path.join(FIXTURES, 'small', 'expected.json'));
  browser = await launch();
  page = browser.page;
  await loadAndRun(page, 'small');
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the summary shows the same totals as the command line', async () => {
  assert.ok(expected.resumen.total > 0, 'the small closing has discrepancies to show');
  assert.equal(await page.getByTestId('total-discrepancias').textContent(), es(expected.resumen.total));
  assert.equal(await page.getByTestId('empleados-afectados').textContent(), es(expected.resumen.empleados_afectados));
  const kinds = Object.entries(expected.resumen.por_tipo);
  assert.equal(await page.locator('[data-testid="totales-tipo"] tr[data-tipo]').count(), kinds.length);
  for (const [tipo, n] of kinds) {
    const cell = page.locator(`[data-testid="totales-tipo"] tr[data-tipo="${tipo}"] td.num`);
    assert.equal(await cell.textContent(), es(n), `count of ${tipo}`);
  }
  for (const [group, n] of Object.entries(expected.resumen.por_grupo)) {
    const cell = page.locator(`[data-testid="totales-grupo"] tr[data-grupo="${group}"] td.num`);
    assert.equal(await cell.textContent(), es(n));
  }
  const pending = page.locator('[data-testid="totales-estado"] tr[data-estado="pendiente"] td.num');
  assert.equal(await pending.textContent(), es(expected.resumen.total));
  const timings = await page.getByTestId('tiempos-trabajadores').textContent();
  assert.match(timings, /Libro vs Novedades/);
  assert.match(timings, /\d+,\d (ms|s)/);
  assert.equal(await page.getByTestId('resultado-incompleto').count(), 0);
  await page.screenshot({ path: path.join(OUTPUT, 'results-summary.png'), fullPage: true });
});

test('the list filters by type, group and free text and shows the row count', async () => {
  await expectRows(expected.resumen.total);
  const [tipo, n] = Object.entries(expected.resumen.por_tipo)[0];
  await page.getByLabel('Tipo', { exact: true }).selectOption(tipo);
  await expectRows(n);
  const types = await domRows().evaluateAll((rows) => rows.map((row) => row.dataset.tipo));
  assert.ok(types.length > 0 && types.every((t) => t === tipo), 'only rows of the chosen type');
  assert.match(await page.getByTestId('conteo-filas').textContent(), new RegExp(`de ${es(expected.resumen.total)}`));

  await page.getByRole('button', { name: 'Limpiar filtros' }).click();
  await expectRows(expected.resumen.total);
  await page.getByLabel('Grupo', { exact: true }).selectOption('movimientos_vs_analista');
  await expectRows(expected.resumen.por_grupo.movimientos_vs_analista);
  await page.getByRole('button', { name: 'Limpiar filtros' }).click();

  const rut = expected.discrepancias[0].rut;
  const forRut = expected.discrepancias.filter((d) => d.rut === rut).length;
  await page.getByLabel('Buscar (RUT, nombre o concepto)').fill(rut);
  await expectRows(forRut);
  assert.equal(await domRows().count(), forRut);
  // The same RUT typed with dots finds the same rows.
  const [number, dv] = rut.split('-');
  await page.getByLabel('Buscar (RUT, nombre o concepto)').fill(`${es(number)}-${dv}`);
  await expectRows(forRut);
  await page.getByLabel('Buscar (RUT, nombre o concepto)').fill('zzz nadie se llama así');
  await expectRows(0);
  await page.getByRole('button', { name: 'Limpiar filtros' }).click();
  await expectRows(expected.resumen.total);
});

test('amounts and dates are shown in es-CL', async () => {
  const amount = expected.discrepancias.find((d) => d.tipo === 'diff_concepto_monto' && /^-?\d+$/.test(d.valor_libro ?? ''));
  if (amount) {
    await page.getByLabel('Buscar (RUT, nombre o concepto)').fill(amount.rut);
    const text = await domRows().allTextContents();
    assert.ok(text.some((row) => row.includes(`$ ${es(amount.valor_libro.replace('-', ''))}`)), 'valor libro as $ 1.234.567');
  }
  const dated = expected.discrepancias.find((d) => d.fecha_evento);
  if (dated) {
    await page.getByLabel('Buscar (RUT, nombre o concepto)').fill(dated.rut);
    const [y, m, d] = dated.fecha_evento.split('-');
    const text = (await domRows().allTextContents()).join(' ');
    assert.ok(text.includes(`${d}-${m}-${y}`), 'dates as DD-MM-YYYY');
    assert.ok(!text.includes(dated.fecha_evento), 'no ISO dates on screen');
  }
  await page.getByRole('button', { name: 'Limpiar filtros' }).click();
  assert.ok(amount || dated, 'the small closing has an amount or a date to check');
});

test('clicking a header sorts by that column, again reverses it', async () => {
  const header = page.locator('th', { has: page.getByRole('button', { name: 'RUT', exact: true }) });
  const button = page.getByRole('button', { name: 'RUT', exact: true });
  assert.equal(await header.getAttribute('aria-sort'), 'none');
  const ruts = async () => (await page.locator('[data-testid="fila-discrepancia"] td.c-rut button').allTextContents()).map(rutNumber);
  await button.click();
  assert.equal(await header.getAttribute('aria-sort'), 'ascending');
  const ascending = await ruts();
  assert.deepEqual(ascending, [...ascending].sort((a, b) => a - b));
  const smallest = Math.min(...expected.discrepancias.map((d) => rutNumber(d.rut)));
  assert.equal(ascending[0], smallest);
  // Keyboard: the header is a button, so Enter sorts too.
  await button.focus();
  await page.keyboard.press('Enter');
  assert.equal(await header.getAttribute('aria-sort'), 'descending');
  const descending = await ruts();
  assert.deepEqual(descending, [...descending].sort((a, b) => b - a));
  assert.equal(descending[0], Math.max(...expected.discrepancias.map((d) => rutNumber(d.rut))));
  await page.screenshot({ path: path.join(OUTPUT, 'results-sorted.png') });
  await button.click();
  assert.equal(await header.getAttribute('aria-sort'), 'none');
});

test('a RUT opens everything found for that employee; Escape closes it', async () => {
  // Prefer an employee with discrepancies in both groups.
  const byRut = new Map();
  for (const d of expected.discrepancias) {
    byRut.set(d.rut, [...(byRut.get(d.rut) ?? []), d]);
  }
  const [rut, found] = [...byRut.entries()]
    .sort(([, a], [, b]) => new Set(b.map((d) => d.grupo)).size - new Set(a.map((d) => d.grupo)).size || b.length - a.length)[0];
  await page.getByLabel('Buscar (RUT, nombre o concepto)').fill(rut);
  await page.getByRole('button', { name: `Ver todo lo encontrado para el RUT ${rut}` }).first().click();
  const dialog = page.getByRole('dialog', { name: new RegExp(`RUT ${rut}`) });
  await dialog.waitFor();
  assert.equal(await dialog.locator('[data-testid="empleado-discrepancias"] tbody tr').count(), found.length);
  const text = await dialog.textContent();
  for (const d of found) {
    assert.ok(text.includes(d.descripcion), 'each discrepancy of the employee is listed');
  }
  await page.screenshot({ path: path.join(OUTPUT, 'results-employee.png') });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Limpiar filtros' }).click();
});

test('setting an estado and a note updates the summary', async () => {
  const total = expected.resumen.total;
  const row = domRows().first();
  await row.locator('select').selectOption('justificada');
  const count = (estado) => page.locator(`[data-testid="totales-estado"] tr[data-estado="${estado}"] td.num`).textContent();
  assert.equal(await count('justificada'), '1');
  assert.equal(await count('pendiente'), es(total - 1));
  await row.locator('input').fill('Revisado con RR.HH.');
  await row.locator('input').press('Tab');
  await page.getByLabel('Estado', { exact: true }).selectOption('justificada');
  await expectRows(1);
  assert.equal(await domRows().first().locator('input').inputValue(), 'Revisado con RR.HH.');
  await page.getByRole('button', { name: 'Limpiar filtros' }).click();
});

async function download(name) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name, exact: true }).click(),
  ]);
  const bytes = await readFile(await file.path());
  return { name: file.suggestedFilename(), bytes };
}

test('exports download from the browser with the document’s contents', async () => {
  const stem = `cuadra_${expected.cierre.periodo}_${expected.cierre.rut_empresa}_resultado`;

  const csv = await download('Exportar CSV');
  assert.equal(csv.name, `${stem}.csv`);
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const lines = csv.bytes.subarray(3).toString('utf8').split(/\r?\n/).filter((line) => line.length > 0);
  assert.match(lines[0], /^Grupo;Tipo;/);
  assert.equal(lines.length - 1, expected.resumen.total, 'one data row per discrepancy');

  const json = await download('Exportar JSON');
  assert.equal(json.name, `${stem}.json`);
  const document = JSON.parse(json.bytes.toString('utf8'));
  assert.equal(document.formato, 'cuadra.resultado/1');
  assert.equal(document.resumen.total, expected.resumen.total);
  assert.deepEqual(document.resumen.por_tipo, expected.resumen.por_tipo);
  const decided = document.discrepancias.filter((d) => d.estado === 'justificada');
  assert.equal(decided.length, 1, 'the estado set on screen is exported');
  assert.equal(decided[0].nota, 'Revisado con RR.HH.');

  const xlsx = await download('Exportar Excel');
  assert.equal(xlsx.name, `${stem}.xlsx`);
  assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK');
  assert.ok(xlsx.bytes.length > 4000, `xlsx has ${xlsx.bytes.length} bytes`);
  assert.deepEqual(browser.consoleErrors, []);
});

test('input warnings are listed per file, apart from discrepancies', async () => {
  const section = page.getByTestId('advertencias-entrada');
  const withWarnings = expected.entradas.filter((e) => e.advertencias.length > 0 || (e.notas ?? []).length > 0);
  assert.equal(await section.locator('details').count(), withWarnings.length);
  for (const entry of expected.entradas.filter((e) => e.advertencias.length > 0)) {
    const details = page.getByTestId(`advertencias-${entry.slot}`);
    await details.locator('summary').click();
    assert.equal(await details.locator('tbody tr').count(), Math.min(entry.advertencias.length, 200));
  }
  await page.screenshot({ path: path.join(OUTPUT, 'results-full.png'), fullPage: true });
  assert.deepEqual(browser.consoleErrors, []);
});

/**
 * Runs `body(fixture, consoleErrors)` in a fresh browser that loaded and ran the large
 * closing (`cargo xtask e2e` writes a 3,000-employee one; without it the small one is used),
 * with `page` pointing at that browser's page meanwhile.
 */
async function withLongList(body) {
  const fixture = await readdir(path.join(FIXTURES, 'large')).then(() => 'large', () => 'small');
  const other = await launch();
  const saved = page;
  try {
    page = other.page;
    await loadAndRun(page, fixture);
    await body(fixture, other.consoleErrors);
  } finally {
    page = saved;
    await other.close();
  }
}

test('a long list keeps only a window of rows in the DOM', () => withLongList(async (fixture, consoleErrors) => {
  const total = await shownRows();
  const wanted = fixture === 'large' ? await readJson(path.join(FIXTURES, 'large', 'expected.json')).catch(() => null) : expected;
  if (wanted) assert.equal(total, wanted.resumen.total);
  const long = total > 100;
  if (fixture === 'large') assert.ok(long, `the large closing has ${total} discrepancies`);
  const inDom = await domRows().count();
  if (long) assert.ok(inDom < 60, `${inDom} rows in the DOM for ${total}`);
  else assert.equal(inDom, total);
  // Scrolled to the bottom, the last discrepancy is rendered and the first is not.
  const scroller = page.locator('.lista-scroll');
  await scroller.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.locator(`[data-testid="fila-discrepancia"][data-indice="${total - 1}"]`).waitFor();
  if (long) {
    assert.equal(await page.locator('[data-testid="fila-discrepancia"][data-indice="0"]').count(), 0);
    assert.ok(await domRows().count() < 60);
  }
  await scroller.screenshot({ path: path.join(OUTPUT, 'results-long-list-bottom.png') });
  await scroller.evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
  const middle = Math.floor(total / 2);
  if (long) {
    // Around the middle: some row near total/2 is in the DOM.
    const indices = await domRows().evaluateAll((rows) => rows.map((row) => Number(row.dataset.indice)));
    await page.waitForFunction(
      (m) => [...document.querySelectorAll('[data-testid="fila-discrepancia"]')].some((row) => Math.abs(Number(row.dataset.indice) - m) < 20),
      middle,
    );
    assert.ok(indices.length < 60);
  }
  await scroller.screenshot({ path: path.join(OUTPUT, 'results-long-list-middle.png') });
  await page.screenshot({ path: path.join(OUTPUT, 'results-long-list-page.png'), fullPage: true });
  assert.deepEqual(consoleErrors, []);
}));

test('a note being typed is kept when the list scrolls away from its row', () => withLongList(async (_fixture, consoleErrors) => {
  // Rows are recycled while scrolling: the note must go to the discrepancy it was typed
  // for, not to whichever discrepancy its row shows after the scroll.
  const total = await shownRows();
  if (total <= 100) return; // only a long list recycles rows
  const note = 'Pendiente: confirmar con el analista';
  const first = page.locator('[data-testid="fila-discrepancia"][data-indice="0"]');
  await first.getByRole('textbox').click();
  await page.keyboard.type(note);
  // Scrolled by a wheel while the note still has focus (no change event yet).
  const scroller = page.locator('.lista-scroll');
  await scroller.evaluate((el) => { el.scrollTop = 80 * 48; });
  await page.waitForFunction(() => !document.querySelector('[data-testid="fila-discrepancia"][data-indice="0"]'));
  // No row now showing another discrepancy carries the note.
  const carrying = await page.locator('[data-testid="fila-discrepancia"] input[type="text"]')
    .evaluateAll((inputs, text) => inputs.filter((input) => input.value === text).length, note);
  assert.equal(carrying, 0);
  await scroller.evaluate((el) => { el.scrollTop = 0; });
  await first.waitFor();
  // The row shows the note from the result document, so it was saved there.
  assert.equal(await first.getByRole('textbox').inputValue(), note);
  assert.deepEqual(consoleErrors, []);
}));
