// The analyst's workbench in a real browser: an estado and a note edited with the keyboard
// in the employee dialog; one estado applied to every filtered row after a confirmation;
// "Deshacer"; a reload that keeps what was decided (and what was undone); the mapping
// editor's warning beside a text column mapped onto an amount, gone with "Restablecer
// propuesta"; and the narrow layout in a narrow portal column on a wide screen.
// Screenshots at 1440 and 390 px go to target/e2e-output/workbench/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir, readFile } from 'node:fs/promises';
import { serveDist, launch, loadClosing, bothWorkersDone, FIXTURES, OUTPUT, PORTAL_SITE } from './harness.mjs';

const SHOTS = path.join(OUTPUT, 'workbench');
let server;

before(async () => {
  server = await serveDist();
  await mkdir(SHOTS, { recursive: true });
});

after(async () => {
  await server?.close();
});

async function settled(page) {
  await page.locator('[data-testid="cierres"][data-pendientes="0"]').waitFor({ timeout: 30_000 });
}

async function run(page, fixture) {
  await loadClosing(page, path.join(FIXTURES, fixture));
  await page.getByRole('button', { name: 'Generar discrepancias' }).click();
  await bothWorkersDone(page);
  await page.getByTestId('totales-tipo').waitFor();
  await settled(page);
}

async function exportJson(page) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exportar JSON', exact: true }).click(),
  ]);
  return JSON.parse(await readFile(await file.path(), 'utf8'));
}

const shownRows = (page) => page.getByTestId('conteo-filas').getAttribute('data-filas').then(Number);
const statusTotal = async (page, estado) => {
  const cell = page.locator(`[data-testid="totales-estado"] tr[data-estado="${estado}"] td.num`);
  return (await cell.count()) ? (await cell.textContent()).trim() : '0';
};
const active = (page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid')
  ?? document.activeElement?.textContent);

/** Screenshots at 1440 and 390 px, `target` scrolled into view at each width. */
async function shoot(page, name, target) {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await target.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test('the employee dialog edits estado and note with the keyboard, and a reload keeps them', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(server.url);
    await run(page, 'small');
    const opener = page.locator('[data-testid="fila-discrepancia"] button.enlace').first();
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('vista-empleado');
    await dialog.waitFor();
    const status = dialog.getByTestId('empleado-estado').first();
    const note = dialog.getByTestId('empleado-nota').first();
    // Cerrar has focus; Tab reaches the first line's help on its type, then its estado,
    // then its note.
    await page.keyboard.press('Tab');
    assert.equal(await active(page), '¿Qué significa y qué hacer?');
    await page.keyboard.press('Tab');
    assert.equal(await active(page), 'empleado-estado');
    await page.keyboard.press('ArrowDown');
    assert.equal(await status.inputValue(), 'justificada', 'ArrowDown picks the next estado');
    await page.keyboard.press('Tab');
    assert.equal(await active(page), 'empleado-nota');
    await page.keyboard.type('Pagado en abril');
    await page.keyboard.press('Tab');
    await settled(page);
    assert.equal(await statusTotal(page, 'justificada'), '1', 'the summary counts the dialog\'s estado');
    await shoot(page, 'dialogo', status);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    const document = await exportJson(page);
    const edited = document.discrepancias.filter((d) => d.estado === 'justificada');
    assert.equal(edited.length, 1);
    assert.equal(edited[0].nota, 'Pagado en abril');

    await page.reload();
    await page.getByTestId('totales-tipo').waitFor({ timeout: 15_000 });
    assert.equal(await statusTotal(page, 'justificada'), '1', 'the estado survives a reload');
    const restored = await exportJson(page);
    assert.deepEqual(restored.discrepancias.map((d) => [d.estado, d.nota ?? null]),
      document.discrepancias.map((d) => [d.estado, d.nota ?? null]), 'estados and notes as they were');
    assert.equal(await note.count(), 0, 'the dialog is closed after the reload');
  } finally {
    await browser.close();
  }
});

test('an estado applies to every filtered row after a confirmation; undo and reload keep the truth', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(server.url);
    await run(page, 'small');
    const total = await shownRows(page);
    const kind = await page.locator('[data-testid="fila-discrepancia"]').first().getAttribute('data-tipo');
    await page.locator('#filtro-tipo').selectOption(kind);
    await page.waitForFunction((all) => Number(document.querySelector('[data-testid="conteo-filas"]')
      .getAttribute('data-filas')) < all, total);
    const n = await shownRows(page);
    assert.ok(n >= 1 && n < total);
    await page.locator('#estado-masivo').selectOption('corregida');
    await page.getByRole('button', { name: 'Aplicar a los filtrados' }).click();
    const confirm = page.getByTestId('confirmacion-masiva');
    const noun = n === 1 ? 'discrepancia' : 'discrepancias';
    assert.equal((await confirm.locator('p').textContent()).trim(), `¿Marcar ${n} ${noun} como Corregida?`);
    await shoot(page, 'confirmacion', confirm);
    await confirm.getByRole('button', { name: 'Sí, marcar' }).click();
    await settled(page);
    assert.equal(await statusTotal(page, 'corregida'), String(n));
    const marked = await exportJson(page);
    assert.equal(marked.discrepancias.filter((d) => d.estado === 'corregida').length, n);
    assert.ok(marked.discrepancias.filter((d) => d.estado === 'corregida').every((d) => d.tipo === kind),
      'only the filtered rows');

    await page.reload();
    await page.getByTestId('totales-tipo').waitFor({ timeout: 15_000 });
    assert.equal(await statusTotal(page, 'corregida'), String(n), 'the bulk estado survives a reload');

    // Undo is of this page's last change: after the reload there is none.
    const undo = page.getByRole('button', { name: 'Deshacer' });
    assert.ok(await undo.isDisabled(), 'nothing to undo after a reload');
    await page.locator('#estado-masivo').selectOption('pendiente');
    await page.getByRole('button', { name: 'Aplicar a los filtrados' }).click();
    await confirm.getByRole('button', { name: 'Sí, marcar' }).click();
    await settled(page);
    assert.equal(await statusTotal(page, 'corregida'), '0');
    await page.getByRole('button', { name: /^Deshacer/ }).click();
    await settled(page);
    assert.equal(await statusTotal(page, 'corregida'), String(n), 'undo puts the estados back');
    assert.match(await page.getByTestId('mensaje-lista').textContent(), /Se deshizo el último cambio/);
    await page.reload();
    await page.getByTestId('totales-tipo').waitFor({ timeout: 15_000 });
    assert.equal(await statusTotal(page, 'corregida'), String(n), 'the undo was stored too');
  } finally {
    await browser.close();
  }
});

test('a text column mapped onto an amount is warned beside its row until the proposal is restored', async () => {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(server.url);
    await loadClosing(page, path.join(FIXTURES, 'small'));
    const row = page.locator('[data-testid="fila-mapeo"][data-encabezado="Observaciones"]');
    await row.waitFor();
    assert.match(await row.getByTestId('muestras-encabezado').textContent(), /^Ejemplos: /);
    const reset = page.getByRole('button', { name: 'Restablecer propuesta' });
    assert.ok(await reset.isDisabled());
    // Map Observaciones onto the concept the first mapped header uses (an amount).
    const target = await page.locator('[data-testid="fila-mapeo"][data-sin-asignacion="false"] select').first().inputValue();
    await row.locator('select').selectOption(target);
    const warnings = row.getByTestId('aviso-mapeo');
    await warnings.first().waitFor();
    const texts = await warnings.allTextContents();
    assert.ok(texts.some((t) => /sobre todo texto/.test(t)), texts.join(' | '));
    assert.ok(texts.some((t) => /van al mismo concepto del libro/.test(t)), texts.join(' | '));
    await shoot(page, 'mapeo-aviso', warnings.first());
    await reset.click();
    await warnings.first().waitFor({ state: 'detached' });
    assert.equal(await row.getAttribute('data-sin-asignacion'), 'true', 'back to the proposal');
    assert.ok(await reset.isDisabled());
  } finally {
    await browser.close();
  }
});

test('a component in a narrow portal column stacks as on a phone, on a wide screen', async () => {
  const portal = await serveDist({ root: PORTAL_SITE });
  const browser = await launch();
  const { page } = browser;
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${portal.url}portal/`);
    const component = page.locator('#cierre-marzo');
    await component.getByTestId('estado-cierre').waitFor();
    // The header's boxes wrap and the run bar wraps only under the narrow-layout rule.
    const wraps = () => component.locator('.actions').first()
      .evaluate((el) => getComputedStyle(el).flexWrap);
    assert.equal(await wraps(), 'nowrap', 'at full width the run bar keeps one line');
    await component.evaluate((el) => { el.style.display = 'block'; el.style.width = '380px'; });
    await page.waitForFunction(() => {
      const bar = document.getElementById('cierre-marzo').shadowRoot.querySelector('.actions');
      return getComputedStyle(bar).flexWrap === 'wrap';
    });
    assert.equal(await wraps(), 'wrap', 'in a 380 px column on a 1440 px screen the run bar wraps');
    assert.equal(await page.evaluate(() => window.innerWidth), 1440, 'the screen is wide');
    const overflow = await component.evaluate((el) => {
      const root = el.shadowRoot.querySelector('.cuadra');
      return root.scrollWidth - root.clientWidth;
    });
    assert.ok(overflow <= 1, `the component does not scroll sideways (${overflow} px)`);
    await page.screenshot({ path: path.join(SHOTS, 'portal-columna-estrecha-1440.png'), fullPage: false });
  } finally {
    await browser.close();
    await portal.close();
  }
});
