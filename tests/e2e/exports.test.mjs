// The exports as an analyst uses them: the rows the list shows or all of them, as the user
// chooses beside the buttons, and a file that says which. The xlsx is read back from its
// XML: rows per sheet, the "Exportado: …" line, the Advertencias and Mapeo sheets, dates
// and days as numbers, no formula.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { mkdir, readFile } from 'node:fs/promises';
import { serveDist, launch, closingFiles, readJson, FIXTURES, OUTPUT, LABELS } from './harness.mjs';

/** es-CL thousands separator, as the page shows counts. */
const es = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

let server;
let browser;
let page;
let expected;

before(async () => {
  server = await serveDist();
  await mkdir(OUTPUT, { recursive: true });
  expected = await readJson(path.join(FIXTURES, 'small', 'expected.json'));
  browser = await launch();
  page = browser.page;
  const files = await closingFiles(path.join(FIXTURES, 'small'));
  await page.goto(server.url);
  for (const slot of Object.keys(LABELS)) {
    await page.getByLabel(LABELS[slot], { exact: true }).setInputFiles(files[slot]);
    await page.getByTestId(`resumen-${slot}`).waitFor();
  }
  await page.getByRole('button', { name: 'Generar discrepancias' }).click();
  await page.locator('[data-testid="trabajador-libro_vs_novedades"][data-estado="ok"]').waitFor();
  await page.locator('[data-testid="trabajador-movimientos_vs_analista"][data-estado="ok"]').waitFor();
  await page.getByTestId('totales-tipo').waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

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
    entries.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

const unescapeXml = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&apos;/g, "'").replace(/&amp;/g, '&');

async function download(name) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name, exact: true }).click(),
  ]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

/** The xlsx's sheet names, the rows of each sheet, and its shared texts. */
function workbook(bytes) {
  const zip = unzip(bytes);
  const names = [...zip.get('xl/workbook.xml').matchAll(/<sheet [^>]*name="([^"]*)"/g)].map((m) => unescapeXml(m[1]));
  const sheets = names.map((_, idx) => zip.get(`xl/worksheets/sheet${idx + 1}.xml`));
  const texts = [...(zip.get('xl/sharedStrings.xml') ?? '').matchAll(/<t(?: [^>]*)?>([^<]*)<\/t>/g)]
    .map((m) => unescapeXml(m[1]));
  return { zip, names, sheets, texts, rows: (idx) => (sheets[idx].match(/<row /g) ?? []).length };
}

const stem = () => `cuadra_${expected.cierre.periodo}_${expected.cierre.rut_empresa}_resultado`;

test('with no filter both choices count every row and the export is whole', async () => {
  const total = expected.resumen.total;
  const scope = page.getByTestId('alcance-exportacion');
  assert.equal(await scope.getByLabel(`Solo las filtradas (${es(total)})`).isChecked(), true, 'filtered is the default');
  assert.equal(await scope.getByLabel(`Todas (${es(total)})`).isChecked(), false);
  const xlsx = await download('Exportar Excel');
  assert.equal(xlsx.name, `${stem()}.xlsx`, 'no filter: a whole export, whatever the choice');
  const book = workbook(xlsx.bytes);
  assert.deepEqual(book.names, ['Resumen', 'Discrepancias', 'Advertencias', 'Mapeo']);
  assert.equal(book.rows(1), total + 1);
  assert.ok(book.texts.includes(`Exportado: todas las discrepancias (${es(total)})`), 'Resumen says it is whole');
  assert.ok(![...book.zip.values()].some((xml) => /<f>/.test(xml)), 'no formula cell');
  assert.match(book.zip.get('xl/styles.xml'), /formatCode="dd-mm-yyyy"/, 'an es-CL date format');
  // Dates and days are numbers: a cell of the event-date column (M) holds a value, not a text.
  const dated = expected.discrepancias.findIndex((d) => d.fecha_evento);
  if (dated >= 0) {
    const cell = book.sheets[1].match(new RegExp(`<c r="M${dated + 2}"[^>]*>`))[0];
    assert.ok(!/t="s"/.test(cell), `the event date is a number: ${cell}`);
  }
  const mapped = Object.keys(expected.configuracion.mapeo).length;
  assert.equal(book.rows(3), Math.max(mapped, 1) + 1, 'one Mapeo row per novedades header');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByTestId('alcance-exportacion').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(OUTPUT, 'exports-1440.png') });
});

test('a filtered export holds exactly the list\'s rows and says so; Todas holds every row', async () => {
  const total = expected.resumen.total;
  const [tipo, n] = Object.entries(expected.resumen.por_tipo).find(([, count]) => count < total);
  await page.getByLabel('Tipo', { exact: true }).selectOption(tipo);
  await page.locator(`[data-testid="conteo-filas"][data-filas="${n}"]`).waitFor({ timeout: 5000 });
  const scope = page.getByTestId('alcance-exportacion');
  await scope.getByLabel(`Solo las filtradas (${es(n)})`).waitFor();

  const xlsx = await download('Exportar Excel');
  assert.equal(xlsx.name, `${stem()}_filtrado.xlsx`);
  const book = workbook(xlsx.bytes);
  assert.equal(book.rows(1), n + 1, 'the rows the list shows, and the header');
  const line = book.texts.find((text) => text.startsWith('Exportado:'));
  const noun = total === 1 ? 'discrepancia' : 'discrepancias';
  assert.match(line, new RegExp(`^Exportado: ${es(n)} de ${es(total)} ${noun}, filtros: tipo = .+`));

  const csv = await download('Exportar CSV');
  assert.equal(csv.name, `${stem()}_filtrado.csv`);
  const lines = csv.bytes.subarray(3).toString('utf8').split(/\r?\n/).filter((l) => l.length > 0);
  assert.equal(lines.length, n + 1);

  const json = JSON.parse((await download('Exportar JSON')).bytes.toString('utf8'));
  assert.equal(json.exportacion.alcance, 'filtradas');
  assert.equal(json.exportacion.exportadas, n);
  assert.equal(json.exportacion.total, total);
  assert.ok(json.discrepancias.every((d) => d.tipo === tipo), 'only the chosen type');
  assert.equal(json.discrepancias.length, n);

  await scope.getByLabel(`Todas (${es(total)})`).check();
  const all = await download('Exportar Excel');
  assert.equal(all.name, `${stem()}.xlsx`);
  assert.equal(workbook(all.bytes).rows(1), total + 1);
  const whole = JSON.parse((await download('Exportar JSON')).bytes.toString('utf8'));
  assert.equal(whole.exportacion, undefined, 'the whole JSON is the document, unchanged');
  assert.equal(whole.discrepancias.length, total);

  await page.setViewportSize({ width: 390, height: 844 });
  await scope.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(OUTPUT, 'exports-390.png') });
  const box = await scope.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `the choice fits a phone's width: ${JSON.stringify(box)}`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole('button', { name: 'Limpiar filtros' }).click();
  assert.deepEqual(browser.consoleErrors, []);
});
