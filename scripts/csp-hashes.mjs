// Trunk post-build hook: Trunk starts the app with an inline module script, which a strict
// Content-Security-Policy blocks. This adds the SHA-256 of each inline script of the staged
// index.html to the policy's script-src, so the page stays 'self'-only with no 'unsafe-inline'.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('TRUNK_STAGING_DIR is not set: run this as a Trunk hook');
const file = path.join(staging, 'index.html');
let html = readFileSync(file, 'utf8');
const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
  .map((match) => `'sha256-${createHash('sha256').update(match[1], 'utf8').digest('base64')}'`);
if (!html.includes("script-src 'self'")) throw new Error("index.html has no script-src 'self' to extend");
html = html.replace("script-src 'self'", `script-src 'self' ${hashes.join(' ')}`);
writeFileSync(file, html);
console.log(`csp: ${hashes.length} inline script hash(es) added`);
