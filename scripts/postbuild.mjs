// Trunk's one post-build hook (Trunk starts every post-build hook at once, so a second hook
// would race this one on the staged files). In the staging directory it:
// 1. adds the SHA-256 of each inline script of index.html (Trunk's start-up script) to the
//    Content-Security-Policy's script-src, so the page stays 'self'-only, no 'unsafe-inline';
// 2. writes cuadra-embed.js, the embed entry, from scripts/cuadra-embed.js with this
//    build's hashed glue and wasm names (which only Trunk's inline script knows);
// 3. writes the build id and the precache list (every staged file) into sw.js.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('TRUNK_STAGING_DIR is not set: run this as a Trunk hook');
const here = path.dirname(new URL(import.meta.url).pathname);
const sha256 = (data) => createHash('sha256').update(data);

// 1. The CSP.
const indexFile = path.join(staging, 'index.html');
let html = readFileSync(indexFile, 'utf8');
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]);
const hashes = inline.map((script) => `'sha256-${sha256(script).digest('base64')}'`);
if (!html.includes("script-src 'self'")) throw new Error("index.html has no script-src 'self' to extend");
html = html.replace("script-src 'self'", `script-src 'self' ${hashes.join(' ')}`);
writeFileSync(indexFile, html);
console.log(`postbuild: ${hashes.length} inline script hash(es) added to the CSP`);

// 2. The embed entry. Trunk's start-up script reads
//    import init, * as bindings from './cuadra-app-<hash>.js';
//    const wasm = await init({ module_or_path: './cuadra-app-<hash>_bg.wasm' });
const startup = inline.join('\n');
const glue = startup.match(/from '\.\/(cuadra-app-[0-9a-f]+\.js)'/)?.[1];
const wasm = startup.match(/module_or_path: '\.\/(cuadra-app-[0-9a-f]+_bg\.wasm)'/)?.[1];
if (!glue || !wasm) throw new Error("Trunk's start-up script names no cuadra-app glue and wasm");
const template = readFileSync(path.join(here, 'cuadra-embed.js'), 'utf8');
if (!template.includes("'__CUADRA_GLUE__'") || !template.includes("'__CUADRA_WASM__'")) {
  throw new Error('scripts/cuadra-embed.js lost its __CUADRA_GLUE__/__CUADRA_WASM__ placeholders');
}
writeFileSync(
  path.join(staging, 'cuadra-embed.js'),
  template.replace("'__CUADRA_GLUE__'", `'./${glue}'`).replace("'__CUADRA_WASM__'", `'./${wasm}'`),
);
console.log(`postbuild: cuadra-embed.js loads ${glue} and ${wasm}`);

// 3. The service worker: every staged file but itself, and a build id that changes when any
//    of them does (a rebuild of the same sources offers no update).
const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else files.push(path.relative(staging, full).split(path.sep).join('/'));
  }
};
walk(staging);
const cached = files.filter((file) => file !== 'sw.js').sort();
const build = sha256(cached.map((file) => `${file} ${sha256(readFileSync(path.join(staging, file))).digest('hex')}\n`).join(''))
  .digest('hex').slice(0, 16);
const swFile = path.join(staging, 'sw.js');
let sw = readFileSync(swFile, 'utf8');
if (!sw.includes("const BUILD = 'dev';") || !sw.includes('const FILES = [];')) {
  throw new Error('www/sw.js lost its BUILD/FILES lines');
}
// './' is the page itself (index.html), which every navigation in the scope gets.
const precache = ['./', ...cached.filter((file) => file !== 'index.html')];
sw = sw.replace("const BUILD = 'dev';", `const BUILD = '${build}';`)
  .replace('const FILES = [];', `const FILES = ${JSON.stringify(precache, null, 2)};`);
writeFileSync(swFile, sw);
console.log(`postbuild: sw.js build ${build}, ${precache.length} files to precache`);
