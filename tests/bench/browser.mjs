// Browser benchmark: hands a generated closing's six files to the release page in headless
// Chromium and measures each stage until the result is rendered. Not a test: it asserts no
// timings, it reports them. Run with `cargo xtask bench-browser [sizes…]`.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { serveDist, launch, closingFiles, LABELS } from '../e2e/harness.mjs';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
const BENCH_DIR = process.env.CUADRA_BENCH_FIXTURES ?? path.join(ROOT, 'target/bench-fixtures');
const sizes = process.argv.slice(2).map(Number).filter(Boolean);

/** Sum of resident memory of the Chromium renderer processes (the tab and its workers). */
async function rendererRssMb() {
  const { readdir } = await import('node:fs/promises');
  let total = 0;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('--type=renderer') || cmdline.includes('--extension-process')) continue;
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const match = status.match(/VmRSS:\s+(\d+) kB/);
      if (match) total += Number(match[1]) / 1024;
    } catch { /* the process ended meanwhile */ }
  }
  return total;
}

async function measure(server, size) {
  const dir = path.join(BENCH_DIR, String(size));
  const files = await closingFiles(dir);
  const browser = await launch();
  const { page } = browser;
  let peakMb = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peakMb = Math.max(peakMb, await rendererRssMb());
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  try {
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(server.url);
    await page.getByTestId('estado-cierre').waitFor();
    await page.evaluate(() => { window.__longTasks.length = 0; });
    const loadStart = await page.evaluate(() => performance.now());
    await Promise.all(Object.keys(LABELS).map((slot) =>
      page.getByLabel(LABELS[slot], { exact: true }).setInputFiles(files[slot])));
    await page.waitForFunction(() => document.querySelector('[data-testid="estado-cierre"]')
      ?.getAttribute('data-estado') === 'archivos_completos', null, { timeout: 600_000, polling: 20 });
    const loaded = await page.evaluate(() => performance.now());
    const readMarks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark')
      .filter((m) => m.name.startsWith('cuadra:leido:')).map((m) => [m.name.slice(13), m.startTime])));
    await page.getByRole('button', { name: 'Generar discrepancias' }).click();
    await page.waitForFunction(() => {
      const estado = document.querySelector('[data-testid="estado-cierre"]')?.getAttribute('data-estado');
      return estado === 'con_discrepancias' || estado === 'verificado_sin_discrepancias';
    }, null, { timeout: 600_000, polling: 'raf' });
    // One more frame so the summary is painted.
    const rendered = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));
    const marks = await page.evaluate(() => performance.getEntriesByType('mark')
      .filter((m) => m.name.startsWith('cuadra:'))
      .map((m) => ({ name: m.name, t: m.startTime, detail: m.detail })));
    const longTasks = await page.evaluate(() => window.__longTasks.slice());
    const at = (name) => marks.find((m) => m.name === name);
    const run = at('cuadra:ejecutar');
    const w1 = at('cuadra:trabajador:libro_vs_novedades');
    const w2 = at('cuadra:trabajador:movimientos_vs_analista');
    const consolidated = at('cuadra:consolidado');
    return {
      size,
      loadMs: loaded - loadStart,
      readLibroMs: (readMarks.libro ?? loaded) - loadStart,
      runMs: rendered - run.t,
      endToEndMs: (loaded - loadStart) + (rendered - run.t),
      w1ParseMs: w1?.detail?.parse_ms, w1CompareMs: w1?.detail?.compare_ms, w1TotalMs: w1?.detail?.total_ms,
      w2ParseMs: w2?.detail?.parse_ms, w2CompareMs: w2?.detail?.compare_ms, w2TotalMs: w2?.detail?.total_ms,
      transferMs: Math.max(w1.t - run.t - (w1?.detail?.total_ms ?? 0), w2.t - run.t - (w2?.detail?.total_ms ?? 0)),
      consolidationMs: consolidated?.detail?.ms,
      renderMs: rendered - (consolidated?.t ?? rendered),
      discrepancies: (w1?.detail?.discrepancies ?? 0) + (w2?.detail?.discrepancies ?? 0),
      longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
      longTasks: longTasks.length,
      peakMb,
    };
  } finally {
    sampling = false;
    await sampler;
    await browser.close();
  }
}

const fmt = (v) => (v === undefined || v === null || Number.isNaN(v) ? '—' : Math.round(v * 10) / 10);
const server = await serveDist();
const rows = [];
try {
  for (const size of sizes) {
    const result = await measure(server, size);
    console.error(JSON.stringify(result));
    rows.push(result);
  }
} finally {
  await server.close();
}
const header = '| employees | files → read (ms) | libro read (ms) | run → rendered (ms) | end to end (ms) | w1 parse / compare (ms) | w2 parse / compare (ms) | transfer (ms) | consolidation (ms) | render (ms) | discrepancies | longest main-thread task (ms) | tab peak RSS (MB) |';
const lines = [header, '|' + '---|'.repeat(13)];
for (const r of rows) {
  lines.push(`| ${r.size} | ${fmt(r.loadMs)} | ${fmt(r.readLibroMs)} | ${fmt(r.runMs)} | ${fmt(r.endToEndMs)} | ${fmt(r.w1ParseMs)} / ${fmt(r.w1CompareMs)} | ${fmt(r.w2ParseMs)} / ${fmt(r.w2CompareMs)} | ${fmt(r.transferMs)} | ${fmt(r.consolidationMs)} | ${fmt(r.renderMs)} | ${r.discrepancies} | ${fmt(r.longestTaskMs)} | ${fmt(r.peakMb)} |`);
}
await mkdir(path.join(ROOT, 'target/bench'), { recursive: true });
await writeFile(path.join(ROOT, 'target/bench/browser.md'), lines.join('\n') + '\n');
console.log(lines.join('\n'));
