// CPU profiles of the page's main thread for the benchmarks, through CDP.
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);

/** Starts a CPU profile of the page's main thread (not the workers) through CDP. */
export async function startProfile(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return cdp;
}

/** Stops the profile, saves it, and prints the functions with the most self time. */
export async function stopProfile(cdp, size) {
  const { profile } = await cdp.send('Profiler.stop');
  await mkdir(path.join(ROOT, 'target/bench'), { recursive: true });
  await writeFile(path.join(ROOT, `target/bench/main-${size}.cpuprofile`), JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id).callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${path.basename(frame.url || '')}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40);
  console.error(`main-thread self time, ${size} employees (ms):`);
  for (const [name, ms] of top) console.error(`${ms.toFixed(1).padStart(9)}  ${name}`);
}
