// Scroll benchmark: the result list at 100,000+ rows. Hands the page a closing whose analyst
// files (novedades, ingresos, finiquitos, ausentismos) come from another generated client
// (seed 2026) than the libro and movimientos (seed 2025) — the worst case of an analyst
// sending the wrong client's files — so almost every row is a discrepancy. Then scrolls the
// list the way a user flicks through it and records every frame. Not a test: it reports.
// Run with `cargo xtask bench-scroll`.
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { serveDist, launch, closingFiles } from '../e2e/harness.mjs';
import { startProfile, stopProfile } from './profile.mjs';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
const BENCH_DIR = process.env.CUADRA_BENCH_FIXTURES ?? path.join(ROOT, 'target/bench-fixtures');

const client = await closingFiles(path.join(BENCH_DIR, '100000'));
const other = await closingFiles(path.join(BENCH_DIR, '100000-seed2026'));
const files = [client.libro, client.movimientos, other.novedades, other.ingresos, other.finiquitos, other.ausentismos];

const server = await serveDist();
const browser = await launch();
const { page } = browser;
try {
  await page.goto(server.url);
  await page.waitForFunction(() => performance.getEntriesByType('mark')
    .filter((m) => m.name.startsWith('cuadra:listo:')).length === 2, null, { timeout: 60_000 });
  await page.getByLabel('Cargar varios archivos', { exact: true }).setInputFiles(files);
  await page.waitForFunction(() => document.querySelector('[data-testid="estado-cierre"]')
    ?.getAttribute('data-estado') === 'archivos_completos', null, { timeout: 600_000 });
  await page.getByRole('button', { name: 'Generar discrepancias' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="estado-cierre"]')
    ?.getAttribute('data-estado') === 'con_discrepancias', null, { timeout: 600_000 });
  const rows = Number(await page.getByTestId('conteo-filas').getAttribute('data-filas'));
  const domSize = await page.evaluate(() => {
    const tags = {};
    for (const e of document.querySelectorAll('*')) tags[e.tagName] = (tags[e.tagName] ?? 0) + 1;
    return { total: document.querySelectorAll('*').length, tags };
  });
  console.error(`elements in the page: ${JSON.stringify(domSize)}`);
  await page.locator('.lista-scroll').scrollIntoViewIfNeeded();

  // Each pattern moves the list's scrollTop once per animation frame, as a wheel or a
  // dragged scrollbar does, and times every frame until the rows drawn match the position.
  const profiler = process.env.CUADRA_PROFILE ? await startProfile(browser.context, page) : null;
  const result = await page.evaluate(async () => {
    const scroller = document.querySelector('.lista-scroll');
    const longTasks = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push(entry.duration);
    });
    observer.observe({ type: 'longtask' });
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const patterns = {
      // A fast wheel: 30 rows per frame for 300 frames.
      wheel: (i) => (i + 1) * 30 * 48,
      // Dragging the scrollbar: 1/200 of the list per frame.
      drag: (i) => Math.round(((i + 1) / 200) * scroller.scrollHeight),
      // Jumps: to the end, the middle, the start, at random.
      jumps: (i) => Math.round(((i * 7919) % 101) / 100 * scroller.scrollHeight),
    };
    const frames = { wheel: 300, drag: 200, jumps: 100 };
    const out = {};
    for (const [name, position] of Object.entries(patterns)) {
      scroller.scrollTop = 0;
      await frame();
      await frame();
      const times = [];
      let blankFrames = 0;
      let previous = performance.now();
      for (let i = 0; i < frames[name]; i++) {
        scroller.scrollTop = position(i);
        await frame();
        const now = performance.now();
        times.push(now - previous);
        previous = now;
        // A frame is blank when no drawn row covers the top of the viewport.
        const box = scroller.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + 40, box.top + 60);
        if (!hit || !hit.closest('tr.fila')) blankFrames += 1;
      }
      times.sort((a, b) => a - b);
      out[name] = {
        frames: times.length,
        medianMs: times[Math.floor(times.length / 2)],
        p95Ms: times[Math.floor(times.length * 0.95)],
        maxMs: times[times.length - 1],
        over50Ms: times.filter((t) => t > 50).length,
        blankFrames,
      };
    }
    observer.disconnect();
    out.longestTaskMs = longTasks.length ? Math.max(...longTasks) : 0;
    out.rowsInDom = document.querySelectorAll('tr.fila').length;
    return out;
  });
  if (profiler) await stopProfile(profiler, 'scroll');
  const lines = [
    `rows in the list: ${rows}; rows in the DOM after scrolling: ${result.rowsInDom}; longest task while scrolling: ${Math.round(result.longestTaskMs)} ms`,
    '',
    '| pattern | frames | median frame (ms) | p95 frame (ms) | worst frame (ms) | frames > 50 ms | frames with no row at the top |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const name of ['wheel', 'drag', 'jumps']) {
    const r = result[name];
    lines.push(`| ${name} | ${r.frames} | ${r.medianMs.toFixed(1)} | ${r.p95Ms.toFixed(1)} | ${r.maxMs.toFixed(1)} | ${r.over50Ms} | ${r.blankFrames} |`);
  }
  await page.screenshot({ path: path.join(ROOT, 'target/bench/scroll-100000.png') });
  await mkdir(path.join(ROOT, 'target/bench'), { recursive: true });
  await writeFile(path.join(ROOT, 'target/bench/scroll.md'), lines.join('\n') + '\n');
  console.log(lines.join('\n'));
} finally {
  await browser.close();
  await server.close();
}
