import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type PDFKit from 'pdfkit';

/**
 * Noto Sans SC from the @fontsource package, which ships the font cut into ~100 subsets by Unicode
 * range (as browsers load it). We read the ranges from its CSS and, for each run of text, embed and
 * use the subset that has those characters; pdfkit embeds only the glyphs used.
 */
interface Subset {
  file: string;
  ranges: [number, number][];
}

let cached: Subset[] | null = null;

function subsets(): Subset[] {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('@fontsource/noto-sans-sc/400.css'));
  const css = readFileSync(path.join(dir, '400.css'), 'utf8');
  cached = [...css.matchAll(/url\(\.\/files\/([^)]+?\.woff)\) format\('woff'\);\s*unicode-range: ([^;]+);/g)].map((m) => ({
    file: path.join(dir, 'files', m[1]),
    ranges: m[2].split(',').map((r) => {
      const [a, b] = r.trim().replace(/^U\+/i, '').split('-');
      return [Number.parseInt(a, 16), Number.parseInt(b ?? a, 16)] as [number, number];
    }),
  }));
  return cached;
}

function subsetFor(codePoint: number): Subset | undefined {
  return subsets().find((s) => s.ranges.some(([a, b]) => codePoint >= a && codePoint <= b));
}

/** Writes `text` at the current position (or x, y) switching subset fonts as needed. */
export function cjkText(doc: PDFKit.PDFDocument, text: string, options: PDFKit.Mixins.TextOptions & { x?: number; y?: number; size?: number } = {}): void {
  const runs: { font: string; text: string }[] = [];
  for (const ch of text) {
    const subset = subsetFor(ch.codePointAt(0)!);
    const font = subset ? subset.file : 'Helvetica';
    const last = runs[runs.length - 1];
    if (last && last.font === font) last.text += ch;
    else runs.push({ font, text: ch });
  }
  if (options.size) doc.fontSize(options.size);
  runs.forEach((run, i) => {
    doc.font(run.font);
    const last = i === runs.length - 1;
    const opts = { ...options, continued: !last || options.continued };
    if (i === 0 && options.x !== undefined) doc.text(run.text, options.x, options.y, opts);
    else doc.text(run.text, opts);
  });
}
