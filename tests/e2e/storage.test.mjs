// What the page keeps in this browser: a reload restores the open closing (result, estados,
// notes, filters, badge, the same exported JSON) without loading files; closings are
// listed, switched and deleted; "Borrar todo" erases only Cuadra's database; a browser
// without IndexedDB gets a notice and a working page; a second tab on one closing is told.
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

/** Loads a generated closing into `page` (already on the app) and runs both comparisons. */
async function run(page, fixture) {
  await loadClosing(page, path.join(FIXTURES, fixture));
  await page.getByRole('button', { name: 'Generar discrepancias' }).click();
  await bothWorkersDone(page);
  await page.getByTestId('totales-tipo').waitFor();
  await settled(page);
}

/** Waits until every storage write the page asked for has finished. */
async function settled(page) {
  await page.locator('[data-testid="cierres"][data-pendientes="0"]').waitFor({ timeout: 30_000 });
}

const shownRows = (page) => page.getByTestId('conteo-filas').getAttribute('data-filas').then(Number);
const badge = (page) => page.getByTestId('estado-cierre').getAttribute('data-estado');

async function exportJson(page) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exportar JSON', exact: true }).click(),
  ]);
  return JSON.parse(await readFile(await file.path(), 'utf8'));
}

test('a reload restores the open closing with its estados, notes, filters, badge and export', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.url);
    await run(page, 'small');
    const rows = page.locator('[data-testid="fila-discrepancia"]');
    const first = rows.first();
    const firstIndex = await first.getAttribute('data-indice');
    await first.locator('select').selectOption('justificada');
    await first.locator('input').fill('Revisado con RR.HH.');
    await first.locator('input').press('Tab');
    const kind = await first.getAttribute('data-tipo');
    await page.locator('#filtro-tipo').selectOption(kind);
    await page.locator('#filtro-texto').fill('');
    await settled(page);
    const before = {
      rows: await shownRows(page),
      badge: await badge(page),
      document: await exportJson(page),
    };
    assert.ok(before.rows > 0);
    assert.equal(before.document.discrepancias[Number(firstIndex)].estado, 'justificada');

    await page.reload();
    await page.getByTestId('totales-tipo').waitFor({ timeout: 10_000 });
    assert.equal(await badge(page), before.badge, 'the state badge is restored');
    assert.equal(await page.locator('#filtro-tipo').inputValue(), kind, 'the type filter is restored');
    assert.equal(await shownRows(page), before.rows, 'the list shows the same rows');
    const row = page.locator(`[data-testid="fila-discrepancia"][data-indice="${firstIndex}"]`);
    assert.equal(await row.getAttribute('data-estado'), 'justificada', 'the estado is restored');
    assert.equal(await row.locator('input').inputValue(), 'Revisado con RR.HH.', 'the note is restored');
    assert.equal(await page.locator('[data-testid="resumen-libro"]').count(), 0, 'no file was loaded again');
    const toReload = page.locator('[data-testid="archivos-a-cargar"] li');
    assert.equal(await toReload.count(), before.document.entradas.length, 'every file is named to load again');
    assert.match(await toReload.first().textContent(), /SHA-256 [0-9a-f]{12}…/);
    const after = await exportJson(page);
    assert.deepEqual(after, before.document, 'Exportar JSON gives the same document after the reload');
    await page.screenshot({ path: path.join(OUTPUT, 'storage-restored.png'), fullPage: true });
  } finally {
    await browser.close();
  }
});

test('closings are listed, switched between and deleted after a confirmation', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.url);
    await run(page, 'small');
    const small = await exportJson(page);
    await run(page, 'otro');
    const other = await exportJson(page);
    assert.notEqual(small.cierre.rut_empresa, other.cierre.rut_empresa);
    const list = page.locator('[data-testid="fila-cierre"]');
    assert.equal(await list.count(), 2, 'both closings are listed');
    const smallId = `${small.cierre.rut_empresa}|${small.cierre.periodo}`;
    const otherId = `${other.cierre.rut_empresa}|${other.cierre.periodo}`;
    assert.equal(await page.locator(`[data-cierre="${otherId}"]`).getAttribute('data-abierto'), 'true');
    assert.match(await page.locator(`[data-cierre="${smallId}"]`).textContent(), /Con discrepancias|Sin discrepancias|Incompleto/);
    await page.screenshot({ path: path.join(OUTPUT, 'storage-closings.png'), fullPage: true });

    await page.getByRole('button', { name: `Abrir el cierre ${small.cierre.periodo} de la empresa ${small.cierre.rut_empresa}` }).click();
    await page.locator(`[data-cierre="${smallId}"][data-abierto="true"]`).waitFor();
    await settled(page);
    assert.equal(await page.getByTestId('total-discrepancias').textContent(),
      small.resumen.total.toLocaleString('es-CL'), 'the switched closing shows its own result');
    assert.deepEqual(await exportJson(page), small, 'and exports its own document');

    await page.getByRole('button', { name: `Eliminar el cierre ${other.cierre.periodo} de la empresa ${other.cierre.rut_empresa}` }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByRole('button', { name: 'Eliminar', exact: true }).click();
    await page.locator(`[data-cierre="${otherId}"]`).waitFor({ state: 'detached' });
    assert.equal(await list.count(), 1, 'the deleted closing is gone');
    await page.reload();
    await page.getByTestId('totales-tipo').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('[data-testid="fila-cierre"]').count(), 1, 'and stays gone after a reload');
  } finally {
    await browser.close();
  }
});

test('"Borrar todo" erases only Cuadra’s database after a confirmation', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.url);
    // A portal sharing the origin keeps its own database.
    await page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('portal-datos', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('cosas');
      open.onsuccess = () => { open.result.close(); resolve(); };
      open.onerror = () => reject(open.error);
    }));
    await run(page, 'small');
    assert.equal(await page.locator('[data-testid="fila-cierre"]').count(), 1);
    await page.getByRole('button', { name: 'Borrar todo', exact: true }).click();
    const confirm = page.getByTestId('confirmar-borrar-todo');
    await page.screenshot({ path: path.join(OUTPUT, 'storage-erase-confirm.png') });
    await confirm.getByRole('button', { name: 'Cancelar' }).click();
    assert.equal(await page.locator('[data-testid="fila-cierre"]').count(), 1, 'cancelling erases nothing');
    await page.getByRole('button', { name: 'Borrar todo', exact: true }).click();
    await confirm.getByRole('button', { name: 'Sí, borrar todo' }).click();
    await page.getByTestId('aviso-almacenamiento').filter({ hasText: 'Se borró todo' }).waitFor();
    assert.equal(await page.locator('[data-testid="fila-cierre"]').count(), 0);
    assert.equal(await page.getByTestId('total-discrepancias').count(), 1, 'the screen keeps what it showed');
    const names = await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name));
    assert.ok(names.includes('portal-datos'), 'the portal’s database is kept');
    await page.reload();
    await page.getByTestId('cierres').waitFor();
    await settled(page);
    assert.equal(await page.getByTestId('total-discrepancias').count(), 0, 'nothing is restored after erasing');
    assert.equal(await page.locator('[data-testid="fila-cierre"]').count(), 0);
  } finally {
    await browser.close();
  }
});

test('without IndexedDB the page says so and works in memory', async () => {
  const browser = await launch();
  const { page, context } = browser;
  try {
    // As in private modes that refuse IndexedDB.
    await context.addInitScript(() => {
      IDBFactory.prototype.open = function open() { throw new DOMException('refused', 'SecurityError'); };
    });
    await page.goto(server.url);
    const notice = page.getByTestId('aviso-almacenamiento');
    await notice.waitFor();
    assert.equal(await notice.getAttribute('data-memoria'), 'true');
    assert.match(await notice.textContent(), /no permite guardar datos/);
    await run(page, 'small');
    assert.equal(await page.getByTestId('total-discrepancias').count(), 1, 'the run works');
    assert.equal(await page.locator('[data-testid="fila-cierre"]').count(), 1, 'the closing is kept in memory');
    await page.screenshot({ path: path.join(OUTPUT, 'storage-unavailable.png') });
  } finally {
    await browser.close();
  }
});

test('a second tab on the same closing is told when the first changed it', async () => {
  const browser = await launch();
  const { page, context } = browser;
  try {
    await page.goto(server.url);
    await run(page, 'small');
    const second = await context.newPage();
    await second.goto(server.url);
    await second.getByTestId('totales-tipo').waitFor({ timeout: 10_000 });
    await settled(second);
    const kinds = await page.locator('#filtro-tipo option').evaluateAll((options) => options.map((o) => o.value).filter(Boolean));
    await page.locator('#filtro-tipo').selectOption(kinds[0]);
    await settled(page);
    await second.locator('#filtro-tipo').selectOption(kinds[kinds.length - 1]);
    await settled(second);
    const notice = second.getByTestId('aviso-almacenamiento');
    await notice.waitFor();
    assert.match(await notice.textContent(), /Otra pestaña modificó este cierre/);
    assert.equal(await second.locator('#filtro-tipo').inputValue(), kinds[kinds.length - 1], 'the second tab keeps what it shows');
    await second.screenshot({ path: path.join(OUTPUT, 'storage-two-tabs.png') });
  } finally {
    await browser.close();
  }
});

test('with file contents kept, a reload gives the files back and a new run needs nothing loaded', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(server.url);
    await run(page, 'small');
    await page.getByLabel('Guardar también el contenido de los archivos en este navegador (para este cierre)').check();
    await settled(page);
    const before = await badge(page);
    await page.reload();
    await page.getByTestId('totales-tipo').waitFor({ timeout: 10_000 });
    await settled(page);
    for (const slot of ['libro', 'novedades', 'movimientos', 'ingresos', 'finiquitos', 'ausentismos']) {
      await page.getByTestId(`resumen-${slot}`).waitFor({ timeout: 30_000 });
    }
    assert.equal(await page.getByTestId('archivos-a-cargar').count(), 0, 'no file to load again');
    assert.ok(await page.getByTestId('guardar-archivos').isChecked(), 'the opt-in is kept per closing');
    assert.equal(await badge(page), before, 'the restored result is not stale');
    await page.getByRole('button', { name: 'Generar discrepancias' }).click();
    await bothWorkersDone(page);
    await settled(page);
    assert.equal(await page.locator('[data-testid="intentos"] tbody tr').count(), 2, 'the new run is a second attempt');
  } finally {
    await browser.close();
  }
});
