// Files that do not belong together: a file naming another period or client
// than the closing's other files is pointed out on its slot, and the run waits until the
// user accepts it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { serveDist, launch, closingFiles, FIXTURES, OUTPUT, LABELS } from './harness.mjs';

let server;
before(async () => { server = await serveDist(); await mkdir(OUTPUT, { recursive: true }); });
after(async () => { await server.close(); });

test('an Ingresos and a Novedades of another closing are flagged before the run and can be accepted', async () => {
  const browser = await launch();
  try {
    const { page } = browser;
    await page.setViewportSize({ width: 1440, height: 900 });
    const small = await closingFiles(path.join(FIXTURES, 'small'));
    const other = await closingFiles(path.join(FIXTURES, 'otro'));
    await page.goto(server.url);
    for (const slot of Object.keys(LABELS)) {
      const file = slot === 'ingresos' || slot === 'novedades' ? other[slot] : small[slot];
      await page.getByLabel(LABELS[slot], { exact: true }).setInputFiles(file);
      await page.getByTestId(`resumen-${slot}`).waitFor();
    }
    const run = page.getByRole('button', { name: 'Generar discrepancias' });
    for (const slot of ['ingresos', 'novedades']) {
      const warning = page.getByTestId(`otro-cierre-${slot}`);
      assert.equal(await warning.getAttribute('data-aceptado'), 'false', slot);
      assert.match(await warning.textContent(), /^Este archivo indica el período abril 2025 \(el cierre es marzo 2025\) y la empresa 77654321-7/);
    }
    for (const slot of ['libro', 'movimientos', 'finiquitos', 'ausentismos']) {
      assert.equal(await page.getByTestId(`otro-cierre-${slot}`).count(), 0, `${slot} belongs to the closing`);
    }
    assert.equal(await run.isDisabled(), true, 'the run waits for the user');
    assert.match(await page.getByTestId('motivo-bloqueo').textContent(), /otro período u otra empresa/);
    await page.getByTestId('slot-ingresos').screenshot({ path: path.join(OUTPUT, 'honest-otro-cierre.png') });

    await page.getByRole('button', { name: 'Usar el archivo de Ingresos de todos modos' }).click();
    await page.locator('[data-testid="otro-cierre-ingresos"][data-aceptado="true"]').waitFor();
    assert.match(await page.getByTestId('otro-cierre-ingresos').textContent(), /^Se usará aunque indica el período abril 2025/);
    assert.equal(await run.isDisabled(), true, 'Novedades is still to be accepted');
    await page.getByRole('button', { name: 'Usar el archivo de Novedades de todos modos' }).click();
    await page.locator('[data-testid="otro-cierre-novedades"][data-aceptado="true"]').waitFor();
    assert.equal(await run.isDisabled(), false, 'accepted: the run can start');

    // This closing's own Novedades again: nothing to ask.
    await page.getByLabel(LABELS.novedades, { exact: true }).setInputFiles(small.novedades);
    await page.getByTestId('resumen-novedades').waitFor();
    assert.equal(await page.getByTestId('otro-cierre-novedades').count(), 0);
    assert.deepEqual(browser.consoleErrors, []);
  } finally {
    await browser.close();
  }
});
