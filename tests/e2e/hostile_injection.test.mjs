// No injection on the page: file names, concept headers, names and text values carrying
// HTML and formula text are shown as text (no element made from them, no dialog), and the
// CSV and xlsx exports carry them neutralised (a leading ').
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { mkdir, readFile } from 'node:fs/promises';
import { serveDist, launch, closingFiles, FIXTURES, OUTPUT, LABELS } from './harness.mjs';

// The texts xtask's page_fixtures.rs writes into the `hostil` closing.
const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';
const HYPERLINK = '=HYPERLINK("http://x")';
const CMD = "+cmd|' /C calc'!A0";
const HOSTILE = [SCRIPT, IMG, HYPERLINK, CMD];

let server;
let browser;
let page;
const dialogs = [];
let files;

before(async () => {
  server = await serveDist();
  await mkdir(OUTPUT, { recursive: true });
  browser = await launch();
  page = browser.page;
  page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
  files = await closingFiles(path.join(FIXTURES, 'hostil'));
  await page.goto(server.url);
  for (const slot of Object.keys(LABELS)) {
    await page.getByLabel(LABELS[slot], { exact: true }).setInputFiles(files[slot]);
    await page.getByTestId(`resumen-${slot}`).waitFor();
  }
  await page.getByRole('button', { name: 'Generar discrepancias' }).click();
  for (const group of ['libro_vs_novedades', 'movimientos_vs_analista']) {
    await page.locator(`[data-testid="trabajador-${group}"][data-estado="ok"]`).waitFor();
  }
  await page.getByTestId('totales-tipo').waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Elements the hostile text could have created: none may exist. */
async function injectedElements() {
  return page.evaluate(() => ({
    scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent.includes('alert(1)')).length,
    images: document.querySelectorAll('img[src="x"], img[onerror]').length,
    handlers: [...document.querySelectorAll('*')].filter((el) => el.hasAttribute('onerror')).length,
  }));
}

test('file names, names, concepts and values are text in the list', async () => {
  assert.equal(await page.getByTestId('archivo-cargado-libro').textContent(), path.basename(files.libro));
  assert.ok(path.basename(files.libro).includes(IMG), 'the libro’s file name carries HTML');
  const names = await page.locator('[data-testid="fila-discrepancia"] td.c-nombre').allTextContents();
  for (const text of HOSTILE) assert.ok(names.includes(text), `a name shown exactly as ${text}`);
  const concepts = await page.locator('[data-testid="fila-discrepancia"] td.c-concepto').allTextContents();
  assert.ok(concepts.includes(`${SCRIPT} → ${SCRIPT}`), `concepts: ${concepts}`);
  assert.ok(concepts.includes(`${IMG} → ${IMG}`));
  const values = await page.locator('[data-testid="fila-discrepancia"] td.c-valor').allTextContents();
  for (const text of HOSTILE) assert.ok(values.includes(text), `a value shown exactly as ${text}`);
  assert.deepEqual(await injectedElements(), { scripts: 0, images: 0, handlers: 0 });
  await page.screenshot({ path: path.join(OUTPUT, 'hostile-injection-list.png'), fullPage: true });
});

test('the employee view shows them as text too', async () => {
  const rut = (await page.locator('[data-testid="fila-discrepancia"]', { hasText: SCRIPT })
    .first().locator('td.c-rut button').textContent()).trim();
  await page.getByRole('button', { name: `Ver todo lo encontrado para el RUT ${rut}` }).first().click();
  const dialog = page.getByRole('dialog', { name: new RegExp(`RUT ${rut}`) });
  await dialog.waitFor();
  const cells = await dialog.locator('[data-testid="empleado-discrepancias"] td').allTextContents();
  assert.ok(cells.includes(SCRIPT), `cells: ${cells}`);
  assert.ok((await dialog.textContent()).includes(`${SCRIPT} → ${SCRIPT}`));
  assert.deepEqual(await injectedElements(), { scripts: 0, images: 0, handlers: 0 });
  await page.screenshot({ path: path.join(OUTPUT, 'hostile-injection-employee.png') });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.deepEqual(dialogs, [], 'no alert ran');
  assert.deepEqual(browser.consoleErrors, []);
});

async function download(name) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name, exact: true }).click(),
  ]);
  return readFile(await file.path());
}

/** The fields of a `;`-separated CSV with "…" quoting. */
function csvFields(text) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';' || c === '\n' || c === '\r') { if (field !== '' || c === ';') fields.push(field); field = ''; } else field += c;
  }
  if (field !== '') fields.push(field);
  return fields;
}

/** Every entry of a zip archive, by name (stored or deflated). */
function unzip(bytes) {
  const entries = new Map();
  let end = bytes.length - 22;
  while (bytes.readUInt32LE(end) !== 0x06054b50) end -= 1;
  let at = bytes.readUInt32LE(end + 16);
  for (let n = bytes.readUInt16LE(end + 10); n > 0; n -= 1) {
    const [method, size] = [bytes.readUInt16LE(at + 10), bytes.readUInt32LE(at + 20)];
    const [nameLength, extra, comment] = [bytes.readUInt16LE(at + 28), bytes.readUInt16LE(at + 30), bytes.readUInt16LE(at + 32)];
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + size);
    entries.set(name, method === 8 ? inflateRawSync(data) : data);
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

const unescapeXml = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const formulaLike = (text) => /^[=+\-@\t\r]/.test(text) && !/^-?\d+([.,]\d+)?$/.test(text);

test('the CSV and xlsx exports carry them neutralised', async () => {
  const csv = csvFields((await download('Exportar CSV')).subarray(3).toString('utf8'));
  for (const text of [HYPERLINK, CMD]) assert.ok(csv.includes(`'${text}`), `CSV has '${text}`);
  assert.ok(csv.includes(SCRIPT), 'HTML starts no formula: kept as it is');
  assert.deepEqual(csv.filter(formulaLike), [], 'no CSV field can start a formula');

  const xlsx = unzip(await download('Exportar Excel'));
  const xml = [...xlsx.entries()].filter(([name]) => name.startsWith('xl/')).map(([, data]) => data.toString('utf8')).join('');
  assert.ok(!/<f>/.test(xml), 'no formula cell');
  const texts = [...xml.matchAll(/<t(?: [^>]*)?>([^<]*)<\/t>/g)].map((m) => unescapeXml(m[1]));
  for (const text of [HYPERLINK, CMD]) assert.ok(texts.includes(`'${text}`), `xlsx has '${text}`);
  assert.deepEqual(texts.filter(formulaLike), [], 'no xlsx text can start a formula');
  assert.deepEqual(dialogs, []);
});
