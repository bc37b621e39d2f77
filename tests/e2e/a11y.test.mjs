// Accessibility and small screens, through the real page: axe-core finds no serious or
// critical violation on any screen (empty page, files loaded, mapping editor, result,
// employee dialog); the dialog keeps focus inside and gives it back; the closing's state
// is a live region; the focus ring has 3:1 against the page; the virtual list says how
// many rows it has and which one each rendered row is; skip links reach the run button
// and the result. At 390 px the page never scrolls sideways and the dialog fits; every
// screen is photographed at 390, 1280 and 1440 px into target/e2e-output/a11y/. The
// example portal's components pass the same checks inside their shadow roots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  serveDist, launch, closingFiles, readJson, loadClosing, bothWorkersDone,
  FIXTURES, OUTPUT, PORTAL_SITE, LABELS,
} from './harness.mjs';

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = path.join(OUTPUT, 'a11y');
const WIDTHS = [390, 1280, 1440];

let server;
let browser;
let page;
let expected;

/**
 * Runs axe-core in the page (open shadow roots included) on `include` (every part of the
 * page unless told); resolves to the serious and critical violations, one line each.
 * Injected through the DevTools protocol: the page's CSP allows no inline script.
 */
async function seriousViolations(target, include) {
  await target.evaluate(AXE_SOURCE);
  const violations = await target.evaluate(async (context) => {
    const result = await window.axe.run(context ?? document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary?.split('\n')[1] ?? ''}`),
    }));
  }, include ?? null);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.join(' | ')}`);
}

async function expectNoSeriousViolations(screen, include) {
  assert.deepEqual(await seriousViolations(page, include), [], `axe on "${screen}"`);
}

/** How much wider than the viewport the document is (0 when it fits). */
const overflowX = (target) => target.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/**
 * A screenshot of `screen` at each width (the full page, or the viewport scrolled to
 * `show`), checking at 390 px that it fits and passes axe.
 */
async function photograph(screen, { show } = {}) {
  const fullPage = !show;
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    // Two frames: the layout at the new width is done.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    if (show) {
      await show.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    }
    await page.screenshot({ path: path.join(SHOTS, `${screen}-${width}.png`), fullPage });
    if (width === 390) {
      assert.equal(await overflowX(page), 0, `"${screen}" at 390 px scrolls sideways`);
      await expectNoSeriousViolations(`${screen}, 390 px`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The element that has focus, described by its accessible text or id. */
const focused = () => page.evaluate(() => {
  const active = document.activeElement;
  return active ? (active.getAttribute('aria-label') ?? active.id ?? '') + '|' + active.textContent.trim() : '';
});

before(async () => {
  server = await serveDist();
  await mkdir(SHOTS, { recursive: true });
  expected = await readJson(path.join(FIXTURES, 'large', 'expected.json'));
  browser = await launch();
  page = browser.page;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the empty page: no serious violations, a skip link first, the state a live region', async () => {
  await page.goto(server.url);
  const estado = page.getByTestId('estado-cierre');
  await estado.waitFor();
  assert.equal(await estado.getAttribute('role'), 'status');
  assert.match(await estado.textContent(), /^Estado del cierre: /);
  await expectNoSeriousViolations('página vacía');
  // The first Tab reaches the skip link; with the run button disabled it goes to the run
  // bar, whose text says why.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Ir a Generar discrepancias' });
  assert.equal(await skip.evaluate((link) => link === document.activeElement), true);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'cuadra-barra-ejecutar');
  await photograph('vacia');
});

test('the focus ring has at least 3:1 against the page behind it', async () => {
  const ratio = await page.evaluate(() => {
    const rgb = (text) => text.match(/[\d.]+/g).slice(0, 3).map(Number);
    const luminance = ([r, g, b]) => {
      const [R, G, B] = [r, g, b].map((c) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * R + 0.7152 * G + 0.0722 * B;
    };
    const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const link = document.querySelector('.saltar');
    link.focus();
    const ring = getComputedStyle(link);
    const page = getComputedStyle(document.querySelector('.cuadra')).backgroundColor;
    return { style: ring.outlineStyle, width: parseFloat(ring.outlineWidth), ratio: contrast(rgb(ring.outlineColor), rgb(page)) };
  });
  assert.equal(ratio.style, 'solid');
  assert.ok(ratio.width >= 2, `ring ${ratio.width}px wide`);
  assert.ok(ratio.ratio >= 3, `focus ring contrast ${ratio.ratio.toFixed(2)}:1`);
  await page.keyboard.press('Tab');
  await page.screenshot({ path: path.join(SHOTS, 'anillo-de-foco.png') });
});

test('files loaded and the mapping editor: no serious violations; the skip link reaches the run button', async () => {
  // The large closing: more discrepancies than the list renders at once.
  const files = await closingFiles(path.join(FIXTURES, 'large'));
  for (const slot of Object.keys(LABELS)) {
    await page.getByLabel(LABELS[slot], { exact: true }).setInputFiles(files[slot]);
    await page.getByTestId(`resumen-${slot}`).waitFor();
  }
  await page.getByTestId('mapeo').waitFor();
  await expectNoSeriousViolations('archivos cargados');
  await expectNoSeriousViolations('editor de mapeo', { include: [['[data-testid="mapeo"]']] });
  await page.getByRole('link', { name: 'Ir a Generar discrepancias' }).focus();
  await page.keyboard.press('Enter');
  assert.match(await focused(), /Generar discrepancias/);
  await photograph('archivos-cargados');
  await photograph('editor-de-mapeo', { show: page.getByTestId('mapeo') });
});

test('the result: no serious violations; the list exposes its row count, also while recycling rows', async () => {
  await page.getByRole('button', { name: 'Generar discrepancias' }).click();
  await bothWorkersDone(page);
  await page.getByTestId('totales-tipo').waitFor();
  await page.locator('[data-testid="fila-discrepancia"]').first().waitFor();
  await expectNoSeriousViolations('resultado');
  const total = expected.resumen.total;
  const table = page.getByTestId('lista-discrepancias');
  assert.equal(await table.getAttribute('aria-rowcount'), String(total + 1), 'the header row and every discrepancy');
  const indices = () => page.locator('[data-testid="fila-discrepancia"]:not([hidden])')
    .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('aria-rowindex'))));
  const top = await indices();
  assert.deepEqual(top, top.map((_, i) => i + 2), 'rows 2, 3, … from the top');
  assert.ok(top.length < total, 'the large closing has more discrepancies than rendered rows');
  // Scrolled to the bottom, the recycled rows say which positions they now show.
  await page.locator('.lista-scroll').evaluate((list) => { list.scrollTop = list.scrollHeight; });
  await page.waitForFunction((last) => [...document.querySelectorAll('[data-testid="fila-discrepancia"]:not([hidden])')]
    .some((row) => row.getAttribute('aria-rowindex') === String(last)), total + 1);
  const bottom = await indices();
  assert.equal(bottom.at(-1), total + 1);
  assert.deepEqual(bottom, bottom.map((_, i) => bottom[0] + i), 'consecutive');
  await page.locator('.lista-scroll').evaluate((list) => { list.scrollTop = 0; });
  // The second skip link goes to the result.
  await page.getByRole('link', { name: 'Ir al resultado' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'resultado-titulo');
  await photograph('resultado');
});

test('the employee dialog: no serious violations, Tab stays inside, focus returns on Escape and Cerrar', async () => {
  const opener = page.locator('[data-testid="fila-discrepancia"] button.enlace').first();
  const name = await opener.getAttribute('aria-label');
  const dialog = page.getByRole('dialog');
  for (const close of ['Escape', 'Cerrar']) {
    await opener.focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    assert.match(await focused(), /Cerrar/, 'focus moves into the dialog');
    await expectNoSeriousViolations('vista del empleado');
    // Cerrar and the help on each finding's type: Tab and Shift+Tab stay inside.
    for (const key of ['Tab', 'Shift+Tab', 'Tab']) {
      await page.keyboard.press(key);
      assert.equal(await dialog.evaluate((d) => d.contains(document.activeElement)), true, `${key} stays in the dialog`);
    }
    if (close === 'Escape') {
      await page.keyboard.press('Escape');
    } else {
      await dialog.getByRole('button', { name: 'Cerrar' }).click();
    }
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), name,
      `${close}: focus is back on the RUT that opened the dialog`);
  }
  await opener.click();
  await dialog.waitFor();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.screenshot({ path: path.join(SHOTS, `vista-empleado-${width}.png`) });
    const box = await dialog.boundingBox();
    const viewport = page.viewportSize();
    assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, `the dialog fits ${width} px wide`);
    assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, `the dialog fits ${width} px high`);
    if (width === 390) {
      await expectNoSeriousViolations('vista del empleado, 390 px');
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.deepEqual(browser.consoleErrors, []);
});

test('the example portal: each component passes axe in its shadow root and fits 390 px', async () => {
  const portal = await serveDist({ root: PORTAL_SITE });
  const other = await launch();
  try {
    const portalPage = other.page;
    await portalPage.goto(`${portal.url}portal/`);
    const marzo = portalPage.locator('#cierre-marzo');
    await marzo.getByTestId('estado-cierre').waitFor();
    await loadClosing(marzo, path.join(FIXTURES, 'small'));
    await marzo.getByRole('button', { name: 'Generar discrepancias' }).click();
    await bothWorkersDone(marzo);
    await marzo.getByTestId('totales-tipo').waitFor();
    for (const host of ['#cierre-marzo', '#cierre-abril']) {
      assert.deepEqual(await seriousViolations(portalPage, { include: [[host]] }), [], `axe on ${host}`);
    }
    // The same skip link works inside the shadow root, where a #id link would not reach.
    await marzo.getByRole('link', { name: 'Ir al resultado' }).focus();
    await portalPage.keyboard.press('Enter');
    assert.equal(await portalPage.evaluate(() => document.getElementById('cierre-marzo').shadowRoot.activeElement?.id),
      'resultado-titulo');
    for (const width of WIDTHS) {
      await portalPage.setViewportSize({ width, height: 900 });
      await portalPage.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      await portalPage.screenshot({ path: path.join(SHOTS, `portal-${width}.png`), fullPage: true });
      if (width === 390) {
        assert.equal(await overflowX(portalPage), 0, 'the portal at 390 px scrolls sideways');
      }
    }
    assert.deepEqual(other.consoleErrors, []);
  } finally {
    await other.close();
    await portal.close();
  }
});
