// The console's first screen: the JS the browser fetches for `/` before anything is clicked (the
// entry script and its modulepreload links in dist/web/index.html), gzip-compressed as served.
// Run after `npm run build:web`; writes bench/results/web-bundle.json. Target (issue 14): ≤ 300 kB.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';

const root = new URL('../dist/web/', import.meta.url);
const html = readFileSync(new URL('index.html', root), 'utf8');
const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const files = scripts.map((path) => {
  const bytes = readFileSync(new URL(path, root));
  return { path, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});
const total = files.reduce((s, f) => ({ bytes: s.bytes + f.bytes, gzip: s.gzip + f.gzip }), { bytes: 0, gzip: 0 });
// The portal's first screen: its entry and modulepreloads (the login) plus the first page a holder
// sees after logging in (我的股份, a lazy chunk) with every chunk it imports statically. Target
// (issue 15): ≤ 150 kB gzip, and no antd in it (antd's "ant-btn" class prefix in none of the files).
const portalHtml = readFileSync(new URL('m/index.html', root), 'utf8');
const portalEntry = [...portalHtml.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const firstPage = readdirSync(new URL('assets/', root)).find((f) => /^HoldingsPage-.*\.js$/.test(f));
const portalFiles = new Set();
const walk = (path) => {
  if (portalFiles.has(path)) return;
  portalFiles.add(path);
  const code = readFileSync(new URL(path, root), 'utf8');
  // Static imports only (`import … from "./x.js"`, `import "./x.js"`); dynamic import() is a later screen.
  for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[^"'`()]*?from\s*)?["'`]\.\/([^"'`]+\.js)["'`]/g)) walk(`assets/${m[1]}`);
};
for (const path of [...portalEntry, ...(firstPage ? [`assets/${firstPage}`] : [])]) walk(path);
const portalList = [...portalFiles].map((path) => {
  const bytes = readFileSync(new URL(path, root));
  return { path, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, antd: bytes.includes('ant-btn') };
});
const portalGzip = portalList.reduce((sum, f) => sum + f.gzip, 0);
const loginGzip = portalList.filter((f) => portalEntry.includes(f.path)).reduce((sum, f) => sum + f.gzip, 0);
const result = {
  measuredAt: new Date().toISOString(),
  load: loadavg().map((l) => +l.toFixed(2)),
  consoleFirstScreen: { files, bytes: total.bytes, gzipBytes: total.gzip, gzipKB: +(total.gzip / 1024).toFixed(1), targetKB: 300, met: total.gzip <= 300 * 1024 },
  portalFirstScreen: {
    files: portalList,
    loginGzipKB: +(loginGzip / 1024).toFixed(1),
    gzipKB: +(portalGzip / 1024).toFixed(1),
    targetKB: 150,
    met: portalGzip <= 150 * 1024,
    antd: portalList.some((f) => f.antd),
  },
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/web-bundle.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(
  `console first screen: ${result.consoleFirstScreen.gzipKB} kB gzip (${files.length} files; target ≤ 300 kB: ${result.consoleFirstScreen.met ? 'met' : 'missed'}); ` +
    `portal first screen (login + 我的股份): ${result.portalFirstScreen.gzipKB} kB gzip (${portalList.length} files; login alone ${result.portalFirstScreen.loginGzipKB} kB; target ≤ 150 kB: ${result.portalFirstScreen.met ? 'met' : 'missed'}; antd: ${result.portalFirstScreen.antd ? 'yes' : 'no'})\n`,
);
