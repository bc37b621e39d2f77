// Browser benchmark: hands a generated closing's six files to the release page in headless
// Chromium and measures each stage until the result is rendered. Not a test: it asserts no
// timings, it reports them. Run with `cargo xtask bench-browser [sizes…]`.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { serveDist, launch, closingFiles, LABELS } from '../e2e/harness.mjs';
import { startProfile, stopProfile } from './profile.mjs';

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

// CUADRA_PROFILE=load profiles from handing the files until all are read; =run from the
// click until the result is rendered.
const PROFILE = process.env.CUADRA_PROFILE;
const TRACE = process.env.CUADRA_TRACE === '1';
const SETTLE_MS = Number(process.env.CUADRA_BENCH_SETTLE_MS ?? 3000);

/** Starts a Chromium trace of every thread of the tab (page and workers) through CDP. */
async function startTrace(context, page) {
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'blink', 'loading'] },
  });
  return { cdp, events, done };
}

/** Stops the trace, saves it, and prints each thread's long events (≥ 5 ms) on one clock. */
async function stopTrace(trace, size, originMs) {
  await trace.cdp.send('Tracing.end');
  await trace.done;
  const { events } = trace;
  await mkdir(path.join(ROOT, 'target/bench'), { recursive: true });
  await writeFile(path.join(ROOT, `target/bench/trace-${size}.json`), JSON.stringify({ traceEvents: events }));
  const names = new Map();
  for (const e of events) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const origin = Math.min(...events.filter((e) => e.ts > 0 && e.ph === 'X').map((e) => e.ts));
  const long = events.filter((e) => e.ph === 'X' && e.dur >= 5000
    && !['ThreadControllerImpl::RunTask', 'RunTask'].includes(e.name));
  const rows = long.map((e) => ({ thread: names.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`,
    name: e.name + (e.args?.data?.functionName ? `(${e.args.data.functionName})` : ''),
    start: (e.ts - origin) / 1000, dur: e.dur / 1000 }));
  rows.sort((a, b) => a.start - b.start);
  console.error(`trace, ${size} employees: events ≥ 5 ms (start ms from first event, duration ms)`);
  for (const r of rows) console.error(`${r.start.toFixed(1).padStart(8)} ${r.dur.toFixed(1).padStart(7)}  ${r.thread.padEnd(22)} ${r.name}`);
}

/** Each long task: its duration, when it started (ms after the files were handed) and the
 * page's marks set during it, or the last mark before it (a rendering task sets none). */
function describeLongTasks(tasks, marks, handedAt) {
  return tasks.map(({ start, duration }) => {
    const inside = marks.filter((m) => m.t >= start && m.t <= start + duration).map((m) => m.name.slice(7));
    const before = marks.filter((m) => m.t < start).at(-1);
    const what = inside.length ? inside.join(', ') : `after ${before ? before.name.slice(7) : 'start'}`;
    return `${Math.round(duration)} ms at +${Math.round(start - handedAt)} (${what})`;
  }).join('; ');
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
      // The moment the page is handed the files: the first `change` of a file input.
      document.addEventListener('change', () => {
        if (window.__handedAt === undefined) window.__handedAt = performance.now();
      }, { capture: true });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(server.url);
    await page.getByTestId('estado-cierre').waitFor();
    // "After the page has loaded": both workers have started and said they are ready.
    await page.waitForFunction(() => performance.getEntriesByType('mark')
      .filter((m) => m.name.startsWith('cuadra:listo:')).length === 2, null, { timeout: 60_000 });
    // A user takes seconds to pick the files; meanwhile Chromium finishes optimising the
    // code the warm-up ran hot (without this pause the first 20,000-employee libro is read
    // ~0.6 s slower, see BENCHMARKS.md). CUADRA_BENCH_SETTLE_MS=0 measures without it.
    await page.waitForTimeout(SETTLE_MS);
    await page.evaluate(() => { window.__longTasks.length = 0; });
    let profiler = PROFILE === 'load' ? await startProfile(browser.context, page) : null;
    const trace = TRACE ? await startTrace(browser.context, page) : null;
    const loadStart = await page.evaluate(() => performance.now());
    // All six at once through the multi-file input, as a user dropping the closing's folder.
    await page.getByLabel('Cargar varios archivos', { exact: true })
      .setInputFiles(Object.keys(LABELS).map((slot) => files[slot]));
    await page.waitForFunction(() => document.querySelector('[data-testid="estado-cierre"]')
      ?.getAttribute('data-estado') === 'archivos_completos', null, { timeout: 600_000, polling: 20 });
    // The last file's answer; the state changes in the same task.
    const loaded = Math.max(...Object.values(await page.evaluate(() => Object.fromEntries(
      performance.getEntriesByType('mark').filter((m) => m.name.startsWith('cuadra:leido:'))
        .map((m) => [m.name, m.startTime])))));
    const handedAt = await page.evaluate(() => window.__handedAt);
    const libroWorkerReadMs = await page.evaluate(() => performance.getEntriesByName('cuadra:leido:libro')[0]?.detail?.read_ms);
    if (profiler) { await stopProfile(profiler, `${size}-load`); profiler = null; }
    // Per file: when the page sent it to its worker, when the answer came, the worker's read.
    const perFile = await page.evaluate((handed) => {
      const marks = performance.getEntriesByType('mark');
      const at = (name) => marks.find((m) => m.name === name);
      return ['libro', 'novedades', 'movimientos', 'ingresos', 'finiquitos', 'ausentismos'].map((slot) => {
        const sent = at(`cuadra:enviado:${slot}`);
        const read = at(`cuadra:leido:${slot}`);
        return `${slot} sent +${Math.round(sent?.startTime - handed)} answered +${Math.round(read?.startTime - handed)} worker read ${Math.round(read?.detail?.read_ms)} ms`;
      });
    }, handedAt);
    const warmUp = await page.evaluate(() => performance.getEntriesByType('mark')
      .filter((m) => m.name.startsWith('cuadra:listo:')).map((m) => `${m.name.slice(13)} ready at ${Math.round(m.startTime)} ms (warm-up ${Math.round(m.detail?.warm_up_ms)} ms)`));
    console.error([...warmUp, ...perFile].map((line) => `  ${size}: ${line}`).join('\n'));
    const readMarks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark')
      .filter((m) => m.name.startsWith('cuadra:leido:')).map((m) => [m.name.slice(13), m.startTime])));
    const button = page.getByRole('button', { name: 'Generar discrepancias' });
    await button.waitFor();
    if (PROFILE === 'run') profiler = await startProfile(browser.context, page);
    await button.click();
    await page.waitForFunction(() => {
      const estado = document.querySelector('[data-testid="estado-cierre"]')?.getAttribute('data-estado');
      return ['con_discrepancias', 'verificado_sin_discrepancias', 'verificado_parcial'].includes(estado);
    }, null, { timeout: 600_000, polling: 'raf' });
    // One more frame so the summary is painted.
    const rendered = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));
    const marks = await page.evaluate(() => performance.getEntriesByType('mark')
      .filter((m) => m.name.startsWith('cuadra:'))
      .map((m) => ({ name: m.name, t: m.startTime, detail: m.detail })));
    const longTasks = await page.evaluate(() => window.__longTasks.slice());
    console.error(`  ${size}: long tasks: ${describeLongTasks(longTasks, marks, handedAt) || 'none'}`);
    // The same run again in the same page: its render shows what the first render pays
    // for building the results view and running its code for the first time.
    await page.evaluate(() => performance.clearMarks('cuadra:consolidado'));
    const again = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'Generar discrepancias' }).click();
    await page.waitForFunction(() => performance.getEntriesByName('cuadra:consolidado').length > 0,
      null, { timeout: 600_000, polling: 'raf' });
    const againRendered = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));
    const againConsolidated = await page.evaluate(() => performance.getEntriesByName('cuadra:consolidado')[0].startTime);
    if (profiler) await stopProfile(profiler, size);
    if (trace) await stopTrace(trace, size);
    const at = (name) => marks.find((m) => m.name === name);
    const run = at('cuadra:ejecutar');
    const w1 = at('cuadra:trabajador:libro_vs_novedades');
    const w2 = at('cuadra:trabajador:movimientos_vs_analista');
    const consolidated = at('cuadra:consolidado');
    return {
      size,
      handOverMs: handedAt - loadStart,
      loadMs: loaded - handedAt,
      readLibroMs: (readMarks.libro ?? loaded) - handedAt,
      libroWorkerReadMs,
      runMs: rendered - run.t,
      endToEndMs: (loaded - handedAt) + (rendered - run.t),
      w1ParseMs: w1?.detail?.parse_ms, w1CompareMs: w1?.detail?.compare_ms, w1TotalMs: w1?.detail?.total_ms,
      w2ParseMs: w2?.detail?.parse_ms, w2CompareMs: w2?.detail?.compare_ms, w2TotalMs: w2?.detail?.total_ms,
      transferMs: Math.max(w1.t - run.t - (w1?.detail?.total_ms ?? 0), w2.t - run.t - (w2?.detail?.total_ms ?? 0)),
      consolidationMs: consolidated?.detail?.ms,
      renderMs: rendered - (consolidated?.t ?? rendered),
      secondRunMs: againRendered - again,
      secondRenderMs: againRendered - againConsolidated,
      discrepancies: (w1?.detail?.discrepancies ?? 0) + (w2?.detail?.discrepancies ?? 0),
      longestTaskMs: longTasks.length ? Math.max(...longTasks.map((task) => task.duration)) : 0,
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
// Each size is measured RUNS times, each in a fresh browser; the table shows medians.
const RUNS = Number(process.env.CUADRA_BENCH_RUNS ?? 3);
const median = (values) => {
  const sorted = values.filter((v) => typeof v === 'number' && !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : undefined;
};
const server = await serveDist();
const rows = [];
try {
  for (const size of sizes) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const result = await measure(server, size);
      console.error(JSON.stringify(result));
      runs.push(result);
    }
    const row = { size, runs: runs.length };
    for (const key of Object.keys(runs[0])) if (key !== 'size') row[key] = median(runs.map((r) => r[key]));
    rows.push(row);
  }
} finally {
  await server.close();
}
const header = '| employees | runs | handed → all read (ms) | libro answered (ms) | libro read in worker (ms) | run → rendered (ms) | **end to end** (ms) | w1 / w2 compare (ms) | transfer (ms) | consolidation (ms) | render (ms) | second run: run → rendered / render (ms) | discrepancies | longest main-thread task (ms) | tab peak RSS (MB) |';
const lines = [header, '|' + '---:|'.repeat(15)];
for (const r of rows) {
  lines.push(`| ${r.size} | ${r.runs} | ${fmt(r.loadMs)} | ${fmt(r.readLibroMs)} | ${fmt(r.libroWorkerReadMs)} | ${fmt(r.runMs)} | **${fmt(r.endToEndMs)}** | ${fmt(r.w1CompareMs)} / ${fmt(r.w2CompareMs)} | ${fmt(r.transferMs)} | ${fmt(r.consolidationMs)} | ${fmt(r.renderMs)} | ${fmt(r.secondRunMs)} / ${fmt(r.secondRenderMs)} | ${r.discrepancies} | ${fmt(r.longestTaskMs)} | ${fmt(r.peakMb)} |`);
}
await mkdir(path.join(ROOT, 'target/bench'), { recursive: true });
await writeFile(path.join(ROOT, 'target/bench/browser.md'), lines.join('\n') + '\n');
console.log(lines.join('\n'));
