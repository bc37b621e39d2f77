// The example portal (target/portal-site/portal/, Cuadra under portal/static/cuadra/): two
// components on one page, one declared in HTML and one mounted with mount(), each loaded
// through the slots' accessible names and run at the same time; their events, heard on
// `document`, carry each closing's own result document, checked against the generated
// closing's oracle and the CLI's. Also: the script loaded twice, bad options, unmounting,
// and moving the element.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir, readFile } from 'node:fs/promises';
import {
  serveDist, launch, readJson, loadClosing, bothWorkersDone, withoutTimings, identities,
  FIXTURES, OUTPUT, PORTAL_SITE,
} from './harness.mjs';

let server;
let browser;
let page;
const marzo = () => page.locator('#cierre-marzo');
const abril = () => page.locator('#cierre-abril');

/** Every cuadra:* event heard on `document`, in order, with the id of its element. */
const heard = () => page.evaluate(() => window.__eventosCuadra);
const eventsOf = async (origin, type) => (await heard()).filter((e) => e.origen === origin && e.tipo === type);

before(async () => {
  server = await serveDist({ root: PORTAL_SITE });
  await mkdir(OUTPUT, { recursive: true });
  browser = await launch();
  page = browser.page;
  await page.addInitScript(() => {
    window.__eventosCuadra = [];
    for (const tipo of ['cuadra:estado', 'cuadra:resultado']) {
      document.addEventListener(tipo, (event) => {
        window.__eventosCuadra.push({ tipo, origen: event.target.id, detail: event.detail });
      });
    }
  });
  await page.goto(`${server.url}portal/`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('two components on one portal page run two closings at once, each with its own result', async () => {
  await marzo().getByTestId('estado-cierre').waitFor();
  await abril().getByTestId('estado-cierre').waitFor();
  assert.match(await marzo().getByTestId('cierre').textContent(), /marzo 2025.*76123456-0/);
  assert.match(await abril().getByTestId('cierre').textContent(), /abril 2025.*77654321-7/);
  // The large closing for marzo, so its run is surely still going when abril's starts.
  await loadClosing(marzo(), path.join(FIXTURES, 'large'));
  await loadClosing(abril(), path.join(FIXTURES, 'otro'));
  // Both run buttons in one task: the two runs overlap for sure.
  await page.evaluate(() => {
    for (const id of ['cierre-marzo', 'cierre-abril']) {
      const buttons = [...document.getElementById(id).shadowRoot.querySelectorAll('button')];
      buttons.find((button) => button.textContent === 'Generar discrepancias').click();
    }
  });
  await bothWorkersDone(marzo());
  await bothWorkersDone(abril());
  await page.waitForFunction(() => window.__eventosCuadra.filter((e) => e.tipo === 'cuadra:resultado').length === 2);

  const events = await heard();
  const verifying = events.filter((e) => e.tipo === 'cuadra:estado' && e.detail.estado === 'verificacion_datos');
  const firstResult = events.findIndex((e) => e.tipo === 'cuadra:resultado');
  assert.deepEqual(verifying.map((e) => e.origen).sort(), ['cierre-abril', 'cierre-marzo']);
  assert.ok(verifying.every((e) => events.indexOf(e) < firstResult), 'both were verifying before either finished');

  for (const [origin, fixture] of [['cierre-marzo', 'large'], ['cierre-abril', 'otro']]) {
    const dir = path.join(FIXTURES, fixture);
    const expected = await readJson(path.join(dir, 'expected.json'));
    const [result] = await eventsOf(origin, 'cuadra:resultado');
    assert.deepEqual(withoutTimings(result.detail), withoutTimings(expected), `${origin}: the CLI's document`);
    const states = (await eventsOf(origin, 'cuadra:estado')).map((e) => e.detail.estado);
    assert.equal(states[0], 'pendiente', `${origin}: ${states}`);
    assert.deepEqual(states.slice(-2), ['verificacion_datos', expected.estado], `${origin}: ${states}`);
    assert.equal((await eventsOf(origin, 'cuadra:estado')).at(-1).detail.etiqueta, 'Con discrepancias');
  }

  // marzo ran with the defaults: exactly the planted discrepancies.
  const [marzoResult] = await eventsOf('cierre-marzo', 'cuadra:resultado');
  const planted = await readJson(path.join(FIXTURES, 'large', 'planted.json'));
  assert.deepEqual(identities(marzoResult.detail.discrepancias), identities(planted));
  assert.deepEqual(marzoResult.detail.cierre, { periodo: '2025-03', rut_empresa: '76123456-0' });
  // abril's preset reached the rules: its client and month, and "report employees only in
  // libro", which no planted discrepancy is.
  const [abrilResult] = await eventsOf('cierre-abril', 'cuadra:resultado');
  assert.deepEqual(abrilResult.detail.cierre, { periodo: '2025-04', rut_empresa: '77654321-7' });
  assert.equal(abrilResult.detail.configuracion.reportar_solo_libro, true);
  assert.ok(abrilResult.detail.resumen.por_tipo.empleado_solo_libro > 0);
  const plantedAbril = await readJson(path.join(FIXTURES, 'otro', 'planted.json'));
  const soloLibro = abrilResult.detail.discrepancias.filter((d) => d.tipo !== 'empleado_solo_libro');
  assert.deepEqual(identities(soloLibro), identities(plantedAbril));

  // The portal's own log shows what it heard.
  const log = page.getByTestId('registro-eventos');
  assert.match(await log.textContent(), /cierre-marzo: resultado 2025-03 76123456-0/);
  assert.match(await log.textContent(), /cierre-abril: resultado 2025-04 77654321-7/);
  await page.screenshot({ path: path.join(OUTPUT, 'portal-two-closings.png'), fullPage: true });
  await marzo().getByTestId('totales-tipo').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(OUTPUT, 'portal-result.png') });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(OUTPUT, 'portal-top.png') });
  assert.deepEqual(browser.consoleErrors, []);
});

test('the result event is the document that Exportar JSON downloads', async () => {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    abril().getByRole('button', { name: 'Exportar JSON' }).click(),
  ]);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
  const [result] = await eventsOf('cierre-abril', 'cuadra:resultado');
  assert.deepEqual(result.detail, exported);
});

test('loading the script twice registers the element once; bad options are Spanish errors', async () => {
  const outcome = await page.evaluate(async () => {
    const first = customElements.get('cuadra-conciliador');
    const again = await import('./static/cuadra/cuadra-embed.js?otra-vez');
    const holder = document.createElement('div');
    document.body.append(holder);
    const handle = await again.mount(holder, { periodo: '2025-05' });
    const mounted = holder.shadowRoot.querySelector('[data-testid="estado-cierre"]')?.dataset.estado;
    const twice = await again.mount(holder, {}).then(() => 'mounted twice', (error) => error.message);
    handle.unmount();
    const empty = holder.shadowRoot.childElementCount;
    const bad = await again.mount(holder, { periodo: '2025-13', rut_empresa: '76123456-0' })
      .then(() => 'accepted', (error) => error.message);
    const typo = await again.mount(holder, { rutEmpresa: '76123456-0' }).then(() => 'accepted', (error) => error.message);
    holder.remove();
    const element = document.createElement('cuadra-conciliador');
    element.setAttribute('periodo', 'marzo');
    document.body.append(element);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const shown = element.shadowRoot?.querySelector('[role="alert"]')?.textContent;
    element.remove();
    return { same: customElements.get('cuadra-conciliador') === first, mounted, twice, empty, bad, typo, shown };
  });
  assert.equal(outcome.same, true, 'the second copy did not define the element again');
  assert.equal(outcome.mounted, 'pendiente', "the second copy's mount() works");
  assert.match(outcome.twice, /ya tiene un Cuadra montado/);
  assert.equal(outcome.empty, 0, 'unmount() empties the shadow root');
  assert.match(outcome.bad, /^Opciones de Cuadra no válidas: el período «2025-13» no tiene la forma AAAA-MM/);
  assert.match(outcome.typo, /rutEmpresa/);
  assert.match(outcome.shown, /el período «marzo»/, 'the element shows why it cannot start');
  // Only the element with bad options logged (console.error, by design).
  assert.ok(browser.consoleErrors.every((text) => /Opciones de Cuadra no válidas/.test(text)), browser.consoleErrors.join('\n'));
  browser.consoleErrors.length = 0;
});

test('unmounting releases the workers; moving the element keeps the closing', async () => {
  const workers = () => page.workers().length;
  await waitUntil(() => workers() === 4, 'two workers per component');
  await page.getByRole('button', { name: 'Cerrar este cierre' }).click();
  await waitUntil(() => workers() === 2, 'abril terminated its workers');
  assert.equal(await page.evaluate(() => document.getElementById('cierre-abril').shadowRoot.childElementCount), 0);
  assert.equal(await page.evaluate(() => document.getElementById('cierre-abril').shadowRoot.adoptedStyleSheets.length), 0);
  await page.getByRole('button', { name: 'Abrir este cierre' }).click();
  await abril().getByTestId('estado-cierre').waitFor();
  await waitUntil(() => workers() === 4, 'abril has workers again');
  // A new instance, with new workers, that reopens its preset closing from this browser's
  // store: abril's result of the first test, not an empty page.
  await waitUntil(async () => await abril().getByTestId('estado-cierre').getAttribute('data-estado') === 'con_discrepancias',
    'abril restored from the store');

  // A framework moving the element: removed and inserted again in one task.
  await page.evaluate(() => {
    const element = document.getElementById('cierre-marzo');
    document.querySelector('.registro').before(element);
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(await marzo().getByTestId('estado-cierre').getAttribute('data-estado'), 'con_discrepancias',
    'the same component, with its result');
  assert.equal(workers(), 4, 'not remounted');
  await page.evaluate(() => document.getElementById('cierre-marzo').remove());
  await waitUntil(() => workers() === 2, 'a removed element unmounts');
});

async function waitUntil(ready, what) {
  for (let i = 0; i < 200; i++) {
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`timed out: ${what}`);
}
