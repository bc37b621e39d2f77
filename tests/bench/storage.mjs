// Browser benchmark of what the page keeps: runs a generated closing in the release page,
// measures storing its result in IndexedDB (after the result is shown) and the main-thread
// tasks that costs, then reloads and measures how soon the restored result is on screen.
// Not a test: it reports. Run with `cargo xtask bench-browser` first (release build and
// fixtures), then `node tests/bench/storage.mjs [CASES…]`; a case is a fixture directory
// under target/bench-fixtures, or `LIBRO+ANALISTA` to take the libro and movimientos from
// one and the analyst's files from another (many more discrepancies).
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { serveDist, launch, closingFiles } from '../e2e/harness.mjs';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
const BENCH_DIR = process.env.CUADRA_BENCH_FIXTURES ?? path.join(ROOT, 'target/bench-fixtures');
const cases = process.argv.slice(2);
const RUNS = Number(process.env.CUADRA_BENCH_RUNS ?? 3);

async function filesOf(spec) {
  const [own, analyst = own] = spec.split('+');
  const a = await closingFiles(path.join(BENCH_DIR, own));
  const b = await closingFiles(path.join(BENCH_DIR, analyst));
  return [a.libro, a.movimientos, b.novedades, b.ingresos, b.finiquitos, b.ausentismos];
}

const mark = (page, name) => page.evaluate((n) => {
  const m = performance.getEntriesByName(n)[0];
  return m ? { t: m.startTime, ...m.detail } : null;
}, name);

const frame = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));

async function measure(server, spec) {
  const browser = await launch();
  const { page } = browser;
  try {
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(server.url);
    await page.waitForFunction(() => performance.getEntriesByType('mark')
      .filter((m) => m.name.startsWith('cuadra:listo:')).length === 2, null, { timeout: 60_000 });
    await page.getByLabel('Cargar varios archivos', { exact: true }).setInputFiles(await filesOf(spec));
    await page.waitForFunction(() => document.querySelector('[data-testid="estado-cierre"]')
      ?.getAttribute('data-estado') === 'archivos_completos', null, { timeout: 600_000, polling: 50 });
    await page.getByRole('button', { name: 'Generar discrepancias' }).click();
    await page.waitForFunction(() => ['con_discrepancias', 'verificado_sin_discrepancias', 'verificado_parcial'].includes(
      document.querySelector('[data-testid="estado-cierre"]')?.getAttribute('data-estado')),
    null, { timeout: 600_000, polling: 'raf' });
    const shown = await frame(page);
    await page.locator('[data-testid="cierres"][data-pendientes="0"]').waitFor({ timeout: 600_000 });
    // The mark is made once the write is done.
    const saved = await mark(page, 'cuadra:guardado');
    const savedAt = saved.t;
    await page.waitForTimeout(100);
    const allLong = await page.evaluate(() => window.__longTasks.slice());
    const longDuringSave = allLong.filter((t) => t.start + t.duration >= shown && t.start <= savedAt + 50).map((t) => t.duration);
    if (process.env.CUADRA_BENCH_DEBUG) console.error({ shown, savedAt, allLong });

    // The reload: from navigation start until the restored result's summary is painted.
    await page.reload();
    await page.getByTestId('totales-tipo').waitFor({ timeout: 600_000 });
    const restoredShown = await frame(page);
    const restored = await mark(page, 'cuadra:restaurado');
    await page.waitForTimeout(100);
    const reloadLong = await page.evaluate(() => window.__longTasks.map((t) => t.duration));
    const rows = Number(await page.getByTestId('conteo-filas').getAttribute('data-filas'));
    return {
      spec,
      discrepancies: saved.discrepancies,
      mb: saved.bytes / 1e6,
      shownToSavedMs: savedAt - shown,
      cloneMs: saved.clone_ms,
      saveMs: saved.save_ms,
      longestSaveTaskMs: longDuringSave.length ? Math.max(...longDuringSave) : 0,
      reloadToShownMs: restoredShown,
      restoreReadMs: restored?.read_ms,
      restoreTotalMs: restored?.total_ms,
      longestReloadTaskMs: reloadLong.length ? Math.max(...reloadLong) : 0,
      rowsAfterReload: rows,
    };
  } finally {
    await browser.close();
  }
}

const median = (values) => {
  const sorted = values.filter((v) => typeof v === 'number' && !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : undefined;
};
const fmt = (v) => (v === undefined || v === null || Number.isNaN(v) ? '—' : Math.round(v * 10) / 10);
const server = await serveDist();
const lines = ['| case | runs | discrepancies | stored JSON (MB) | result shown → stored (ms) | clone (ms) | serialise + write (ms) | longest main-thread task while storing (ms) | **reload → result painted** (ms) | restore: read + decode (ms) | restore: total (ms) | longest main-thread task of the reload (ms) |',
  '|' + '---:|'.repeat(12)];
try {
  for (const spec of cases) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const result = await measure(server, spec);
      console.error(JSON.stringify(result));
      if (result.rowsAfterReload !== result.discrepancies) throw new Error(`${spec}: the reload showed ${result.rowsAfterReload} of ${result.discrepancies} rows`);
      runs.push(result);
    }
    const m = (key) => fmt(median(runs.map((r) => r[key])));
    lines.push(`| ${spec} | ${runs.length} | ${runs[0].discrepancies} | ${m('mb')} | ${m('shownToSavedMs')} | ${m('cloneMs')} | ${m('saveMs')} | ${m('longestSaveTaskMs')} | **${m('reloadToShownMs')}** | ${m('restoreReadMs')} | ${m('restoreTotalMs')} | ${m('longestReloadTaskMs')} |`);
  }
} finally {
  await server.close();
}
await mkdir(path.join(ROOT, 'target/bench'), { recursive: true });
await writeFile(path.join(ROOT, 'target/bench/storage.md'), lines.join('\n') + '\n');
console.log(lines.join('\n'));
