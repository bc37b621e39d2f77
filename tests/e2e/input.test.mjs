// The input half of the page: all files at once (multi-file input and a drop), moving,
// removing and placing files, the concept mapping editor, the settings and the demo closing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir, readFile } from 'node:fs/promises';
import { serveDist, launch, closingFiles, readJson, FIXTURES, OUTPUT, LABELS } from './harness.mjs';

const SLOTS = Object.keys(LABELS);
const SMALL = path.join(FIXTURES, 'small');

let server;
before(async () => { server = await serveDist(); await mkdir(OUTPUT, { recursive: true }); });
after(async () => { await server.close(); });

const estadoOf = (page) => page.getByTestId('estado-cierre').getAttribute('data-estado');

async function waitForEstado(page, estado) {
  await page.locator(`[data-testid="estado-cierre"][data-estado="${estado}"]`).waitFor();
}

/** Loads every file through the one multi-file input and waits until each slot shows it read. */
async function loadAllAtOnce(page, files) {
  await page.getByLabel('Cargar varios archivos', { exact: true }).setInputFiles(SLOTS.map((slot) => files[slot]));
  for (const slot of SLOTS) await page.getByTestId(`resumen-${slot}`).waitFor();
}

async function runAndTotal(page, group = 'libro_vs_novedades') {
  const run = page.getByRole('button', { name: 'Generar discrepancias' });
  assert.equal(await run.isDisabled(), false, 'the run is allowed');
  await run.click();
  for (const worker of ['libro_vs_novedades', 'movimientos_vs_analista']) {
    await page.locator(`[data-testid="trabajador-${worker}"][data-estado="ok"]`).waitFor();
  }
  const cell = page.locator(`[data-testid="totales-grupo"] tr[data-grupo="${group}"] td.num`);
  await cell.waitFor();
  return Number((await cell.textContent()).replace(/\./g, ''));
}

test('all files at once land in their slots; a file moves to another slot and back; removing one goes back to cargando_archivos', async () => {
  const browser = await launch();
  try {
    const { page } = browser;
    const files = await closingFiles(SMALL);
    await page.goto(server.url);
    await loadAllAtOnce(page, files);
    for (const slot of SLOTS) {
      assert.equal(await page.getByTestId(`archivo-cargado-${slot}`).textContent(), path.basename(files[slot]), slot);
    }
    // The six labelled inputs are still there, by their accessible names.
    for (const slot of SLOTS) assert.equal(await page.getByLabel(LABELS[slot], { exact: true }).count(), 1);
    assert.equal(await estadoOf(page), 'archivos_completos');

    // Ingresos ↔ Finiquitos: each file is read again by the reader of its new slot.
    await page.getByLabel('Mover el archivo de Ingresos a otra casilla').selectOption({ label: 'Finiquitos' });
    await page.getByTestId('archivo-cargado-finiquitos').filter({ hasText: path.basename(files.ingresos) }).waitFor();
    await page.getByTestId('archivo-cargado-ingresos').filter({ hasText: path.basename(files.finiquitos) }).waitFor();
    await page.getByTestId('slot-finiquitos').getByRole('alert').waitFor();
    await waitForEstado(page, 'cargando_archivos');
    assert.equal(await page.getByRole('button', { name: 'Generar discrepancias' }).isDisabled(), true);
    assert.match(await page.getByTestId('motivo-bloqueo').textContent(), /Corrija los archivos con errores/);
    await page.screenshot({ path: path.join(OUTPUT, 'input-moved-wrong.png'), fullPage: true });

    await page.getByLabel('Mover el archivo de Finiquitos a otra casilla').selectOption({ label: 'Ingresos' });
    await page.getByTestId('resumen-ingresos').waitFor();
    await page.getByTestId('resumen-finiquitos').waitFor();
    assert.equal(await page.getByTestId('archivo-cargado-ingresos').textContent(), path.basename(files.ingresos));
    assert.equal(await page.getByTestId('archivo-cargado-finiquitos').textContent(), path.basename(files.finiquitos));
    assert.equal(await page.getByLabel('Mover el archivo de Ingresos a otra casilla').inputValue(), '', 'back to "Mover a…"');
    await waitForEstado(page, 'archivos_completos');

    // Replacing: choosing a file in a slot's own input puts it there.
    await page.getByLabel('Novedades', { exact: true }).setInputFiles(files.novedades);
    await page.getByTestId('resumen-novedades').waitFor();
    await waitForEstado(page, 'archivos_completos');

    await page.getByTestId('slot-libro').getByRole('button', { name: 'Quitar' }).click();
    await waitForEstado(page, 'cargando_archivos');
    assert.match(await page.getByTestId('motivo-bloqueo').textContent(), /Falta el Libro de Remuneraciones/);
    assert.equal(await page.getByTestId('mapeo').count(), 0, 'no mapping without a libro');
    assert.deepEqual(browser.consoleErrors, []);
  } finally {
    await browser.close();
  }
});

test('a dropped batch is placed by name and content; an unknown file waits for its slot', async () => {
  const browser = await launch();
  try {
    const { page } = browser;
    const files = await closingFiles(SMALL);
    await page.goto(server.url);
    const batch = [
      { name: path.basename(files.libro), bytes: [...await readFile(files.libro)] },
      // No keyword in the name: the content says it is the analyst's hires.
      { name: 'archivo1.xlsx', bytes: [...await readFile(files.ingresos)] },
      { name: 'notas.txt', bytes: [...Buffer.from('hola')] },
    ];
    const dataTransfer = await page.evaluateHandle((batch) => {
      const transfer = new DataTransfer();
      for (const { name, bytes } of batch) transfer.items.add(new File([new Uint8Array(bytes)], name));
      return transfer;
    }, batch);
    await page.getByTestId('zona-carga').dispatchEvent('drop', { dataTransfer });
    await page.getByTestId('resumen-libro').waitFor();
    await page.getByTestId('resumen-ingresos').waitFor();
    assert.equal(await page.getByTestId('archivo-cargado-ingresos').textContent(), 'archivo1.xlsx');
    const unplaced = page.getByTestId('sin-casilla');
    await unplaced.waitFor();
    assert.match(await unplaced.textContent(), /notas\.txt/);
    await page.screenshot({ path: path.join(OUTPUT, 'input-dropped.png'), fullPage: true });

    // Placing it where it does not belong: the reader says so and the run is blocked.
    await page.getByLabel('Casilla para notas.txt').selectOption({ label: 'Ausentismos' });
    await page.getByTestId('slot-ausentismos').getByRole('alert').waitFor();
    assert.equal(await unplaced.count(), 0);
    assert.equal(await estadoOf(page), 'cargando_archivos');
    await page.getByTestId('slot-ausentismos').getByRole('button', { name: 'Quitar' }).click();

    // Discarding another unknown file.
    await page.getByLabel('Cargar varios archivos', { exact: true })
      .setInputFiles({ name: 'otro.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
    await page.getByLabel('Casilla para otro.txt').waitFor();
    await unplaced.getByRole('button', { name: 'Descartar' }).click();
    assert.equal(await unplaced.count(), 0);
    assert.deepEqual(browser.consoleErrors, []);
  } finally {
    await browser.close();
  }
});

test('a mapping edit and a setting change the libro_vs_novedades total and mark the result stale', async () => {
  const browser = await launch();
  try {
    const { page } = browser;
    const files = await closingFiles(SMALL);
    const expected = await readJson(path.join(SMALL, 'expected.json'));
    await page.goto(server.url);
    await loadAllAtOnce(page, files);

    const editor = page.getByTestId('mapeo');
    await editor.waitFor();
    const rows = editor.getByTestId('fila-mapeo');
    const headers = Object.keys(expected.configuracion.mapeo);
    assert.equal(await rows.count(), headers.length, 'one row per novedades header');
    const unmappedBefore = Object.values(expected.configuracion.mapeo).filter((v) => v === null).length;
    assert.equal(await editor.getByTestId('mapeo-sin-asignar').getAttribute('data-n'), String(unmappedBefore));

    const before = await runAndTotal(page);
    assert.equal(before, expected.resumen.por_grupo.libro_vs_novedades);

    // The header with the most concept discrepancies is set to Sin asignación.
    const perHeader = new Map();
    for (const d of expected.discrepancias) {
      if (d.grupo !== 'libro_vs_novedades' || !d.concepto) continue;
      const header = d.concepto.split(' → ')[0];
      perHeader.set(header, (perHeader.get(header) ?? 0) + 1);
    }
    const [header, count] = [...perHeader.entries()].sort((a, b) => b[1] - a[1])[0];
    const select = page.getByLabel(`Concepto del libro para ${header}`, { exact: true });
    assert.equal(await select.locator('option:checked').textContent(), expected.configuracion.mapeo[header]);

    // The per-row filter narrows the list but keeps the current concept.
    const allOptions = await select.locator('option').count();
    await page.getByLabel(`Filtrar conceptos para ${header}`, { exact: true }).fill('zzz');
    assert.equal(await select.locator('option').count(), 2, 'Sin asignación and the current concept');
    await page.getByLabel(`Filtrar conceptos para ${header}`, { exact: true }).fill('');
    assert.equal(await select.locator('option').count(), allOptions);

    await select.selectOption({ label: 'Sin asignación' });
    await waitForEstado(page, 'archivos_completos');
    const row = editor.locator(`[data-testid="fila-mapeo"][data-encabezado="${header}"]`);
    assert.equal(await row.getAttribute('data-sin-asignacion'), 'true');
    assert.equal(await editor.getByTestId('mapeo-sin-asignar').getAttribute('data-n'), String(unmappedBefore + 1));
    await page.screenshot({ path: path.join(OUTPUT, 'input-mapping-edited.png'), fullPage: true });
    const afterEdit = await runAndTotal(page);
    assert.equal(afterEdit, before - count, `${header} no longer compared`);

    // Back to the proposal, then a setting: employees only in libro are reported too.
    await select.selectOption({ label: expected.configuracion.mapeo[header] });
    await waitForEstado(page, 'archivos_completos');
    assert.equal(await runAndTotal(page), before);

    // A relative tolerance on that header (typed es-CL, in percent) hides its differences
    // within the bound; a negative one is refused; blank removes it.
    const relative = page.getByLabel(`Tolerancia relativa en porcentaje para ${header}`, { exact: true });
    await relative.fill('1000000');
    await relative.press('Tab');
    assert.equal(await relative.getAttribute('aria-invalid'), 'false');
    await waitForEstado(page, 'archivos_completos');
    const withRelative = await runAndTotal(page);
    assert.ok(withRelative < before, `${withRelative} < ${before}`);
    await relative.fill('-1');
    await relative.press('Tab');
    assert.equal(await relative.getAttribute('aria-invalid'), 'true');
    await relative.fill('');
    await relative.press('Tab');
    assert.equal(await relative.getAttribute('aria-invalid'), 'false');
    await waitForEstado(page, 'archivos_completos');
    assert.equal(await runAndTotal(page), before);
    const onlyInPayroll = page.getByLabel('Informar trabajadores que solo están en el Libro');
    assert.equal(await onlyInPayroll.isChecked(), false, 'off by default');
    await onlyInPayroll.check();
    await waitForEstado(page, 'archivos_completos');
    const withOnlyInPayroll = await runAndTotal(page);
    assert.ok(withOnlyInPayroll > before, `${withOnlyInPayroll} > ${before}`);

    // A global tolerance: typed es-CL, kept in whole pesos; a bad value is refused.
    const tolerance = page.getByLabel('Tolerancia global en pesos');
    await tolerance.fill('12,5');
    await tolerance.press('Tab');
    assert.equal(await tolerance.getAttribute('aria-invalid'), 'true');
    await tolerance.fill('1.000.000.000');
    await tolerance.press('Tab');
    assert.equal(await tolerance.inputValue(), '1000000000');
    await waitForEstado(page, 'archivos_completos');
    const withTolerance = await runAndTotal(page);
    assert.ok(withTolerance < withOnlyInPayroll, `${withTolerance} < ${withOnlyInPayroll}`);
    await page.screenshot({ path: path.join(OUTPUT, 'input-settings.png'), fullPage: true });
    assert.deepEqual(browser.consoleErrors, []);
  } finally {
    await browser.close();
  }
});

test('the demo button loads a whole closing and a run succeeds', async () => {
  const browser = await launch();
  try {
    const { page } = browser;
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Cargar cierre de demostración' }).click();
    for (const slot of SLOTS) await page.getByTestId(`resumen-${slot}`).waitFor();
    await waitForEstado(page, 'archivos_completos');
    assert.match(await page.getByTestId('resumen-libro').textContent(), /Filas: 133\b/);
    await page.getByTestId('mapeo').waitFor();
    const total = await runAndTotal(page);
    assert.ok(total > 0, 'the demo has planted libro_vs_novedades discrepancies');
    assert.equal(await estadoOf(page), 'con_discrepancias');
    await page.screenshot({ path: path.join(OUTPUT, 'input-demo.png'), fullPage: true });
    assert.deepEqual(browser.consoleErrors, []);
  } finally {
    await browser.close();
  }
});
