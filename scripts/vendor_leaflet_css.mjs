/**
 * Re-vendors Leaflet's stylesheet: geo/static/vendor/leaflet-1.9.4/leaflet.css, reproducibly, from the npm tarball.
 *
 *   1. `npm pack leaflet@1.9.4` (or --from DIR: an unpacked tarball, its `package/` folder), every hash checked:
 *      the tarball's sha256, then package/dist/leaflet.css's;
 *   2. CRLF → LF; the three url(images/*.png) become url("data:image/png;base64,…") of the same files from
 *      package/dist/images/; the Internet-Explorer-only `behavior: url(#default#VML);` line goes (no other file is
 *      ever requested). The result must be, byte for byte, the readable file this project vendored first
 *      (sha256 2799bee0…): the script fails otherwise;
 *   3. minified with esbuild (pinned in package.json; no target, so no prefix is added or dropped), one header comment
 *      naming the source and the licence, written atomically. geo/assets.py pins the sha256 this prints.
 *
 * Usage: node scripts/vendor_leaflet_css.mjs [--from DIR]   (needs the npm registry unless --from is given)
 * THIRD_PARTY_NOTICES.md describes the same steps; tests/test_assets.py checks the shipped file's hash.
 */

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VERSION = '1.9.4';
const TARGET = join(ROOT, 'geo', 'static', 'vendor', `leaflet-${VERSION}`, 'leaflet.css');
const SHA = {
  tarball: '84c65a256e50657896f54c33bd857b6849ebe94c817803be818bf32a3dde0b77',
  upstreamCss: 'a7837102824184820dfa198d1ebcd109ff6d0ff9a2672a074b9a1b4d147d04c6',
  readableCss: '2799bee09632195cad69c22f1f45f33629693cb6529f8ebdf1b443cd0235e509',
};

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

function check(what, data, want) {
  const got = sha256(data);
  if (got !== want) throw new Error(`${what}: sha256 ${got}, expected ${want}`);
}

/** The unpacked `package/` folder of leaflet@VERSION: from --from, or `npm pack` into a temporary folder. */
function unpacked(from, tmp) {
  if (from) return join(resolve(from), 'package');
  const name = execFileSync('npm', ['pack', `leaflet@${VERSION}`, '--silent', '--pack-destination', tmp],
    { encoding: 'utf8' }).trim().split('\n').pop();
  const tarball = join(tmp, name);
  check(tarball, readFileSync(tarball), SHA.tarball);
  execFileSync('tar', ['xzf', tarball, '-C', tmp]);
  return join(tmp, 'package');
}

/** Step 2: the self-contained readable stylesheet (what was vendored before minifying). */
function selfContained(pkg) {
  const upstream = readFileSync(join(pkg, 'dist', 'leaflet.css'));
  check('package/dist/leaflet.css', upstream, SHA.upstreamCss);
  let css = upstream.toString('utf8').replace(/\r\n/g, '\n');
  const before = css.length;
  css = css.replace('\tbehavior: url(#default#VML);\n', '');
  if (css.length === before) throw new Error('the behavior: url(#default#VML) line was not found');
  let images = 0;
  css = css.replace(/url\(images\/([a-z0-9-]+\.png)\)/g, (_, file) => {
    images += 1;
    const png = readFileSync(join(pkg, 'dist', 'images', file)).toString('base64');
    return `url("data:image/png;base64,${png}")`;
  });
  if (images !== 3) throw new Error(`expected 3 url(images/*.png) references, found ${images}`);
  check('the self-contained leaflet.css', css, SHA.readableCss);
  return css;
}

async function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--from');
  if (at >= 0 && !args[at + 1]) throw new Error('usage: node scripts/vendor_leaflet_css.mjs [--from DIR]');
  const tmp = mkdtempSync(join(tmpdir(), 'leaflet-css-'));
  try {
    const css = selfContained(unpacked(at >= 0 ? args[at + 1] : null, tmp));
    const result = await esbuild.transform(css, { loader: 'css', minify: true, legalComments: 'none', logLevel: 'warning' });
    const header = `/* Leaflet ${VERSION} dist/leaflet.css (BSD-2-Clause, see LICENSE): images inlined as data: URIs, ` +
      `the IE-only behavior line removed, minified with esbuild ${esbuild.version} by scripts/vendor_leaflet_css.mjs */\n`;
    const out = header + result.code;
    const part = TARGET + '.tmp-' + process.pid;
    writeFileSync(part, out);
    renameSync(part, TARGET);
    console.log(`wrote ${TARGET} (${Buffer.byteLength(out)} bytes, from ${Buffer.byteLength(css)}), sha256 ${sha256(out)}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err.message || err);
  process.exit(1);
});
