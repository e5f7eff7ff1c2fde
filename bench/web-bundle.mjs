// The console's first screen: the JS the browser fetches for `/` before anything is clicked (the
// entry script and its modulepreload links in dist/web/index.html), gzip-compressed as served.
// Run after `npm run build:web`; writes bench/results/web-bundle.json. Target (issue 14): ≤ 300 kB.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const root = new URL('../dist/web/', import.meta.url);
const html = readFileSync(new URL('index.html', root), 'utf8');
const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const files = scripts.map((path) => {
  const bytes = readFileSync(new URL(path, root));
  return { path, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});
const total = files.reduce((s, f) => ({ bytes: s.bytes + f.bytes, gzip: s.gzip + f.gzip }), { bytes: 0, gzip: 0 });
const portalHtml = readFileSync(new URL('m/index.html', root), 'utf8');
const portal = [...portalHtml.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const portalGzip = portal.reduce((s, path) => s + gzipSync(readFileSync(new URL(path, root)), { level: 9 }).length, 0);
const result = {
  measuredAt: new Date().toISOString(),
  consoleFirstScreen: { files, bytes: total.bytes, gzipBytes: total.gzip, gzipKB: +(total.gzip / 1024).toFixed(1), targetKB: 300, met: total.gzip <= 300 * 1024 },
  portalFirstScreen: { files: portal, gzipKB: +(portalGzip / 1024).toFixed(1), antd: portal.some((p) => /session|table|date-picker/.test(p)) },
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/web-bundle.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`console first screen: ${result.consoleFirstScreen.gzipKB} kB gzip (${files.length} files; target ≤ 300 kB: ${result.consoleFirstScreen.met ? 'met' : 'missed'}); portal: ${result.portalFirstScreen.gzipKB} kB\n`);
