// Reading findings through the real page: when a run ends the view moves to its result
// and says how many it found (and a result restored on reload does not move the page);
// a finding's detail opens with the keyboard alone and shows its whole description,
// wrapped; the help on each type opens from the summary, the detail and the employee view;
// the summary totals amount differences per concept; the list sorts by largest absolute
// difference. Screenshots at 1440 and 390 px go to target/e2e-output/findings/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { serveDist, launch, loadClosing, bothWorkersDone, readJson, FIXTURES, OUTPUT } from './harness.mjs';

const SHOTS = path.join(OUTPUT, 'findings');
const es = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

let server;
let browser;
let page;
let expected;

before(async () => {
  server = await serveDist();
  await mkdir(SHOTS, { recursive: true });
  expected = await readJson(path.join(FIXTURES, 'small', 'expected.json'));
  browser = await launch();
  page = browser.page;
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(server.url);
  await loadClosing(page, path.join(FIXTURES, 'small'));
  await page.getByRole('button', { name: 'Generar discrepancias' }).click();
  await bothWorkersDone(page);
  await page.getByTestId('totales-tipo').waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Two frames: the layout at a new width is done. */
const frames = () => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

test('a finished run moves focus to its result and announces it', async () => {
  await page.waitForFunction(() => document.activeElement?.id === 'resultado-titulo');
  const ready = page.getByTestId('resultado-listo');
  assert.equal(await ready.getAttribute('role'), 'status');
  assert.equal(await ready.textContent(), `Resultado listo: ${es(expected.resumen.total)} discrepancias.`);
  const top = await page.locator('#resultado-titulo').evaluate((h) => h.getBoundingClientRect().top);
  assert.ok(top > -2 && top < 900, `the result's heading is in view (top ${top})`);
});

test('keyboard only: a finding\'s detail opens with Enter and Space and shows the whole description', async () => {
  const buttons = page.locator('[data-testid="fila-discrepancia"]:not([hidden]) [data-testid="ver-detalle"]');
  await buttons.first().focus();
  await page.keyboard.press('Enter');
  const shown = page.getByTestId('detalle-descripcion');
  await shown.waitFor();
  const firstRow = page.locator('[data-testid="fila-discrepancia"]:not([hidden])').first();
  const full = await firstRow.locator('td.c-tipo').getAttribute('title');
  assert.ok(full.length > 0);
  assert.equal(await shown.textContent(), full, 'the description in full');
  assert.equal(await buttons.first().getAttribute('aria-expanded'), 'true');
  // Not cut: the text fits its box (it wraps), visible without hovering.
  const fits = await shown.evaluate((dd) => dd.scrollWidth <= dd.clientWidth + 1 && getComputedStyle(dd).whiteSpace === 'normal');
  assert.ok(fits, 'the description wraps in the pane');
  assert.ok(await shown.isVisible());
  // Tab to the next row's type and open it with Space.
  const second = buttons.nth(1);
  await second.focus();
  await page.keyboard.press('Space');
  const secondTitle = await page.locator('[data-testid="fila-discrepancia"]:not([hidden])').nth(1).locator('td.c-tipo').getAttribute('title');
  await page.waitForFunction((text) => document.querySelector('[data-testid="detalle-descripcion"]')?.textContent === text, secondTitle);
  assert.equal(await second.getAttribute('aria-expanded'), 'true');
  assert.equal(await buttons.first().getAttribute('aria-expanded'), 'false');
  // The help on its type opens from the pane with Enter.
  const help = page.locator('[data-testid="detalle-discrepancia"] [data-testid="ayuda-tipo"]');
  await help.locator('summary').focus();
  await page.keyboard.press('Enter');
  assert.equal(await help.evaluate((d) => d.open), true);
  assert.ok(await help.locator('p').isVisible());
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await frames();
    await page.getByTestId('detalle-discrepancia').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `detalle-${width}.png`) });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0,
      `no sideways scroll at ${width} px`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
});

test('the summary: help on each type and the differences per concept', async () => {
  const kinds = Object.keys(expected.resumen.por_tipo);
  const helps = page.locator('[data-testid="totales-tipo"] [data-testid="ayuda-tipo"]');
  assert.equal(await helps.count(), kinds.length);
  const first = helps.first();
  await first.locator('summary').focus();
  await page.keyboard.press('Enter');
  assert.equal(await first.evaluate((d) => d.open), true);
  assert.ok((await first.locator('p').textContent()).length > 40);
  // Per concept: count and sum of the amount differences, largest absolute sum first.
  const amounts = expected.discrepancias.filter((d) => d.tipo === 'diff_concepto_monto' || d.tipo === 'diff_sueldo_base');
  assert.ok(amounts.length > 0, 'the small closing has amount differences');
  const byConcept = new Map();
  for (const d of amounts) {
    const row = byConcept.get(d.concepto) ?? { n: 0, sum: 0 };
    row.n += 1;
    row.sum += Number(d.diferencia);
    byConcept.set(d.concepto, row);
  }
  const rows = page.locator('[data-testid="totales-concepto"] tbody tr');
  assert.equal(await rows.count(), byConcept.size);
  const sums = [];
  for (let i = 0; i < byConcept.size; i += 1) {
    const row = rows.nth(i);
    const concept = await row.getAttribute('data-concepto');
    const cells = await row.locator('td').allTextContents();
    assert.equal(cells[2], es(byConcept.get(concept).n), `count of ${concept}`);
    assert.match(cells[3], /^-?\$ [\d.]+$/, 'es-CL pesos');
    sums.push(Math.abs(byConcept.get(concept).sum));
  }
  assert.deepEqual(sums, [...sums].sort((a, b) => b - a), 'largest absolute sum first');
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await frames();
    await page.screenshot({ path: path.join(SHOTS, `resumen-${width}.png`), fullPage: true });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0,
      `no sideways scroll at ${width} px`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
});

test('the list sorts by largest absolute difference; the employee view has help', async () => {
  const sort = page.getByTestId('orden-mayor-diferencia');
  await sort.click();
  assert.equal(await sort.getAttribute('aria-pressed'), 'true');
  const largest = Math.max(...expected.discrepancias.filter((d) => d.diferencia !== null && d.diferencia !== undefined)
    .map((d) => Math.abs(Number(d.diferencia))));
  const first = page.locator('[data-testid="fila-discrepancia"]:not([hidden])').first();
  await page.waitForFunction((n) => {
    const row = document.querySelector('[data-testid="fila-discrepancia"]:not([hidden]) td.c-diferencia');
    return row && Math.abs(Number(row.textContent.replace(/[^\d-]/g, ''))) === n;
  }, largest);
  await first.locator('button.enlace').click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const lines = await dialog.locator('[data-testid="empleado-discrepancias"] tbody tr').count();
  assert.equal(await dialog.locator('[data-testid="ayuda-tipo"]').count(), lines);
  await page.screenshot({ path: path.join(SHOTS, 'vista-empleado-1440.png') });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await sort.click();
  assert.equal(await sort.getAttribute('aria-pressed'), 'false');
});

test('a result restored on reload does not move the page nor announce itself', async () => {
  await page.locator('[data-testid="cierres"][data-pendientes="0"]').waitFor({ timeout: 30_000 });
  // From the top, so the browser's own scroll restoration has nothing to restore.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.reload();
  await page.getByTestId('totales-tipo').waitFor({ timeout: 10_000 });
  await frames();
  assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'resultado-titulo');
  assert.equal(await page.getByTestId('resultado-listo').textContent(), '');
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  assert.deepEqual(browser.consoleErrors, []);
});

test('a finding names the file, sheet and row of each side', async () => {
  const button = page.locator('[data-testid="fila-discrepancia"]:not([hidden]) [data-testid="ver-detalle"]').first();
  await button.focus();
  await page.keyboard.press('Enter');
  const sources = page.locator('[data-testid="detalle-fuentes"] li');
  await sources.first().waitFor();
  for (const line of await sources.allTextContents()) {
    assert.match(line, /^.+ · hoja .+ · fila \d+$/);
  }
});
