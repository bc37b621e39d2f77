// The malformed-input corpus through the real page: each light case goes into its slot
// of one page that already holds a good closing, and the page shows exactly the message
// the core's case expects (read from the manifest `cargo xtask e2e` writes from the
// corpus itself), nothing crashes, and the files loaded before stay loaded. Afterwards the
// same page still runs the good closing to its result.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { serveDist, launch, closingFiles, readJson, FIXTURES, OUTPUT, LABELS } from './harness.mjs';

const es = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

let server;
before(async () => { server = await serveDist(); await mkdir(OUTPUT, { recursive: true }); });
after(async () => { await server.close(); });

test('every light corpus case shows its exact message in its slot; the other files stay loaded', async () => {
  const manifest = await readJson(path.join(FIXTURES, 'corpus', 'manifest.json'));
  assert.ok(manifest.length >= 20, `${manifest.length} cases`);
  const dir = path.join(FIXTURES, 'small');
  const good = await closingFiles(dir);
  const expected = await readJson(path.join(dir, 'expected.json'));
  const browser = await launch();
  try {
    const { page } = browser;
    await page.goto(server.url);
    const loadGood = async (slot) => {
      await page.getByLabel(LABELS[slot], { exact: true }).setInputFiles(good[slot]);
      await page.getByTestId(`resumen-${slot}`).waitFor();
    };
    for (const slot of Object.keys(LABELS)) await loadGood(slot);

    const mismatches = [];
    for (const entry of manifest) {
      const slotBox = page.getByTestId(`slot-${entry.slot}`);
      // Emptied first, so what appears next can only be this case's answer.
      await slotBox.getByRole('button', { name: 'Quitar' }).click();
      await page.getByTestId(`archivo-cargado-${entry.slot}`).waitFor({ state: 'detached' });
      await page.getByLabel(LABELS[entry.slot], { exact: true }).setInputFiles(entry.file);
      const answer = slotBox.locator(`[role="alert"], [data-testid="resumen-${entry.slot}"]`).first();
      await answer.waitFor({ timeout: 15_000 });
      assert.equal(await page.getByTestId(`archivo-cargado-${entry.slot}`).textContent(), path.basename(entry.file));
      if (entry.expected.error !== undefined) {
        const shown = await slotBox.getByRole('alert').textContent().catch(() => null);
        if (shown !== entry.expected.error) mismatches.push(`${entry.name}: expected «${entry.expected.error}», shown «${shown}»`);
      } else {
        const summary = await page.getByTestId(`resumen-${entry.slot}`).textContent().catch(() => '');
        if (!summary.includes(`Filas: ${es(entry.expected.n_rows)}`)) mismatches.push(`${entry.name}: rows ${summary}`);
        const items = await slotBox.locator('ul.warnings li').allTextContents();
        if (items.length !== Math.min(entry.expected.warnings.length, 200)) {
          mismatches.push(`${entry.name}: ${items.length} warnings shown, ${entry.expected.warnings.length} expected`);
        }
        entry.expected.warnings.slice(0, 200).forEach((warning, idx) => {
          if (!(items[idx] ?? '').includes(warning)) mismatches.push(`${entry.name}: warning ${idx} «${items[idx]}» lacks «${warning}»`);
        });
      }
      // The files loaded before are still loaded, and the page is still there.
      for (const other of Object.keys(LABELS).filter((slot) => slot !== entry.slot)) {
        if (await page.getByTestId(`archivo-cargado-${other}`).textContent() !== path.basename(good[other])) {
          mismatches.push(`${entry.name}: the ${other} file is no longer loaded`);
        }
      }
      await loadGood(entry.slot);
    }
    assert.deepEqual(mismatches, []);
    await page.screenshot({ path: path.join(OUTPUT, 'hostile-corpus-after.png'), fullPage: true });

    // The same file in two slots (the libro also reads as novedades) blocks the run.
    const run = page.getByRole('button', { name: 'Generar discrepancias' });
    await page.getByLabel(LABELS.novedades, { exact: true }).setInputFiles(good.libro);
    await page.getByTestId('resumen-novedades').waitFor();
    assert.match(await page.getByTestId('motivo-bloqueo').textContent(), /El mismo archivo está cargado en dos casillas/);
    assert.equal(await run.isDisabled(), true);
    await loadGood('novedades');
    assert.equal(await run.isDisabled(), false);

    // Nothing crashed: the same page runs the good closing to the oracle's result.
    await run.click();
    for (const group of ['libro_vs_novedades', 'movimientos_vs_analista']) {
      await page.locator(`[data-testid="trabajador-${group}"][data-estado="ok"]`).waitFor();
    }
    assert.equal(await page.getByTestId('estado-cierre').getAttribute('data-estado'), expected.estado);
    assert.equal(await page.getByTestId('total-discrepancias').textContent(), es(expected.resumen.total));
    assert.deepEqual(browser.consoleErrors, []);
  } finally {
    await browser.close();
  }
});
