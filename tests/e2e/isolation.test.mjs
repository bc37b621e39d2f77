// Styles isolated both ways: a host page with aggressive global CSS (universal selectors
// with !important on fonts, colours and box sizing; element rules hiding or restyling
// buttons, inputs, selects and tables; a 30px root font size) does not change how the
// component renders (its computed styles equal the standalone page's), and mounting the
// component does not change the host page (its computed styles before and after are equal).
// Screenshots of the component inside the busy page are kept in target/e2e-output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { serveDist, launch, readJson, loadClosing, bothWorkersDone, FIXTURES, OUTPUT, PORTAL_SITE } from './harness.mjs';

const HOSTILE_CSS = `
html { font-size: 30px !important; }
* { font-family: "Comic Sans MS", "Courier New", monospace !important; color: #e00000 !important;
    box-sizing: border-box !important; line-height: 3 !important; letter-spacing: 3px !important;
    text-transform: uppercase !important; font-weight: 900 !important; }
*::before, *::after { content: "☠" !important; }
button { display: none !important; }
input, select, textarea { visibility: hidden !important; }
table, td, th { display: none !important; }
h1, h2, h3, p { font-size: 60px !important; margin: 0 !important; }
div, section { padding: 20px !important; border: 4px dashed hotpink !important; }
body { margin: 0; background: repeating-linear-gradient(45deg, #ffffe0, #ffffe0 12px, #ffd6d6 12px, #ffd6d6 24px); }
`;

const HOSTILE_PAGE = `<!doctype html>
<html lang="es-CL"><head><meta charset="utf-8"><title>Portal con estilos agresivos</title>
<link rel="icon" href="favicon.svg"><link rel="stylesheet" href="hostil.css"></head>
<body>
  <header id="cabecera"><h1 id="titulo">Intranet Corporativa</h1>
    <nav id="menu"><a href="#">Inicio</a> · <a href="#">Personas</a> <button id="boton-portal">Salir</button></nav></header>
  <section id="noticias"><h2>Noticias</h2><p id="parrafo">El casino cierra a las 15:00.</p>
    <table id="tabla-portal"><tr><th>Día</th><td>Menú</td></tr></table>
    <input id="campo-portal" value="buscar"><select id="lista-portal"><option>uno</option></select></section>
  <div id="zona-cuadra"></div>
  <footer id="pie"><p>Pie del portal</p></footer>
</body></html>`;

/** Elements of the host page whose look must not change when Cuadra mounts. */
const HOST_ELEMENTS = ['html', 'body', '#cabecera', '#titulo', '#menu', '#boton-portal', '#noticias', '#parrafo',
  '#tabla-portal', '#campo-portal', '#lista-portal', '#zona-cuadra', '#pie'];

/** Elements of Cuadra that must look the same in the hostile page as on its own page. */
const CUADRA_ELEMENTS = ['.cuadra', 'h1', 'header .reason', '[data-testid="estado-cierre"]', '.dropzone',
  '.dropzone-actions label', '.slot', '.slot label', '.slot .meta', 'input[type="file"]', '.actions button',
  '.card.settings', '.settings input'];

let server;
let browser;
let page;

/**
 * In the page: the computed `properties` of the first match of each selector, in the
 * document or in the shadow root of `host`.
 */
function styles({ selectors, host }) {
  const properties = ['font-family', 'font-size', 'font-weight', 'color', 'background-color', 'line-height',
    'letter-spacing', 'text-transform', 'box-sizing', 'display', 'visibility', 'margin-top', 'padding-top',
    'border-top-style', 'border-top-width'];
  const root = host ? document.querySelector(host).shadowRoot : document;
  return Object.fromEntries(selectors.map((selector) => {
    const element = root.querySelector(selector);
    if (!element) return [selector, null];
    const computed = getComputedStyle(element);
    return [selector, Object.fromEntries(properties.map((name) => [name, computed.getPropertyValue(name)]))];
  }));
}

before(async () => {
  server = await serveDist({ root: PORTAL_SITE });
  server.overrides.set('/portal/hostil.html', HOSTILE_PAGE);
  server.overrides.set('/portal/hostil.css', HOSTILE_CSS);
  await mkdir(OUTPUT, { recursive: true });
  browser = await launch();
  page = browser.page;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the host page looks the same with Cuadra mounted, and Cuadra looks as on its own page', async () => {
  // Cuadra on its own page, served from the same sub-path.
  await page.goto(`${server.url}portal/static/cuadra/`);
  await page.getByTestId('estado-cierre').waitFor();
  const standalone = await page.evaluate(styles, { selectors: CUADRA_ELEMENTS });
  assert.ok(Object.values(standalone).every(Boolean), 'every element exists on the standalone page');

  await page.goto(`${server.url}portal/hostil.html`);
  const hostBefore = await page.evaluate(styles, { selectors: HOST_ELEMENTS });
  const sheetsBefore = await page.evaluate(() => [...document.styleSheets].map((sheet) => sheet.href));
  // The element is in the page before the script defines it (and its `configuracion`
  // property is set before that too): it upgrades when the module loads.
  await page.evaluate(() => {
    const element = document.createElement('cuadra-conciliador');
    element.id = 'cuadra';
    element.setAttribute('periodo', '2025-03');
    element.configuracion = { tolerancia: 7 };
    document.getElementById('zona-cuadra').append(element);
  });
  await page.addScriptTag({ type: 'module', url: 'static/cuadra/cuadra-embed.js' });
  const cuadra = page.locator('#cuadra');
  await cuadra.getByTestId('estado-cierre').waitFor();
  const tolerance = cuadra.getByLabel('Tolerancia global en pesos');
  assert.equal(await tolerance.inputValue(), '7', 'the early property counts');
  // Back to the CLI's settings, so the run below can be checked against expected.json.
  await tolerance.fill('0');
  await tolerance.press('Tab');

  const hostAfter = await page.evaluate(styles, { selectors: HOST_ELEMENTS });
  assert.deepEqual(hostAfter, hostBefore, "Cuadra's CSS does not reach the host page");
  assert.deepEqual(await page.evaluate(() => [...document.styleSheets].map((sheet) => sheet.href)), sheetsBefore,
    'no stylesheet added to the document');
  assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length), 0);
  assert.equal(await page.evaluate(() => document.head.querySelectorAll('style').length), 0);

  const embedded = await page.evaluate(styles, { selectors: CUADRA_ELEMENTS, host: '#cuadra' });
  assert.deepEqual(embedded, standalone, "the host page's CSS does not reach Cuadra");
  assert.equal(embedded.h1['font-size'], '24px', 'not the host’s 30px root or 60px headings');
  assert.match(embedded['.actions button']['font-family'], /^system-ui/);
  assert.equal(await cuadra.getByRole('button', { name: 'Generar discrepancias' }).isVisible(), true);
  assert.equal(await cuadra.getByLabel('Libro de Remuneraciones', { exact: true }).isVisible(), true);

  // Working, not only looking right: a whole run inside the hostile page.
  const expected = await readJson(path.join(FIXTURES, 'small', 'expected.json'));
  await loadClosing(cuadra, path.join(FIXTURES, 'small'));
  await cuadra.getByRole('button', { name: 'Generar discrepancias' }).click();
  await bothWorkersDone(cuadra);
  await cuadra.getByTestId('totales-tipo').waitFor();
  assert.equal(await cuadra.getByTestId('totales-tipo').isVisible(), true, 'its tables show');
  assert.equal(await cuadra.getByTestId('total-discrepancias').textContent(), String(expected.resumen.total));
  assert.deepEqual(await page.evaluate(styles, { selectors: HOST_ELEMENTS }), hostBefore, 'still, after a run');
  await page.screenshot({ path: path.join(OUTPUT, 'isolation-hostile-page.png'), fullPage: true });
  await cuadra.screenshot({ path: path.join(OUTPUT, 'isolation-component.png') });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(OUTPUT, 'isolation-hostile-top.png') });
  await cuadra.getByTestId('totales-tipo').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(OUTPUT, 'isolation-hostile-result.png') });
  assert.deepEqual(browser.consoleErrors, []);
});
