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

/**
 * A few of the package's WOFF files have a cmap fontkit cannot read (subset 101, with 佰, fails on
 * any glyph); their WOFF2 twin reads. Probed once per file per process, on first use.
 */
const readable = new Map<string, string>();

function useFont(doc: PDFKit.PDFDocument, file: string): PDFKit.PDFDocument {
  let chosen = readable.get(file);
  if (chosen === undefined) {
    chosen = file;
    if (file.endsWith('.woff')) {
      try {
        doc.font(file).widthOfString('0');
      } catch {
        chosen = `${file}2`;
      }
    }
    readable.set(file, chosen);
  }
  return doc.font(chosen);
}

/** `text` cut into runs of one font each (a Noto Sans SC subset, or Helvetica for what none covers). */
function runsOf(text: string): { font: string; text: string }[] {
  const runs: { font: string; text: string }[] = [];
  for (const ch of text) {
    const subset = subsetFor(ch.codePointAt(0)!);
    const font = subset ? subset.file : 'Helvetica';
    const last = runs[runs.length - 1];
    if (last && last.font === font) last.text += ch;
    else runs.push({ font, text: ch });
  }
  return runs;
}

/** Writes `text` at the current position (or x, y) switching subset fonts as needed. */
export function cjkText(doc: PDFKit.PDFDocument, text: string, options: PDFKit.Mixins.TextOptions & { x?: number; y?: number; size?: number } = {}): void {
  const runs = runsOf(text);
  if (options.size) doc.fontSize(options.size);
  runs.forEach((run, i) => {
    useFont(doc, run.font);
    const last = i === runs.length - 1;
    const opts = { ...options, continued: !last || options.continued };
    if (i === 0 && options.x !== undefined) doc.text(run.text, options.x, options.y, opts);
    else doc.text(run.text, opts);
  });
}

/** The width of `text` at `size`, over its runs. */
export function cjkWidth(doc: PDFKit.PDFDocument, text: string, size: number): number {
  doc.fontSize(size);
  return runsOf(text).reduce((w, run) => w + useFont(doc, run.font).widthOfString(run.text), 0);
}

/**
 * One line of `text` placed exactly (a table cell): left, right or centred in [x, x + width], each
 * run drawn at its own x so alignment holds across fonts; never wraps, never moves the cursor on.
 */
export function cjkLine(doc: PDFKit.PDFDocument, text: string, x: number, y: number, options: { size: number; width?: number; align?: 'left' | 'right' | 'center' }): void {
  const width = options.width ?? 0;
  const total = cjkWidth(doc, text, options.size);
  let at = options.align === 'right' ? x + width - total : options.align === 'center' ? x + (width - total) / 2 : x;
  const { x: keepX, y: keepY } = doc;
  for (const run of runsOf(text)) {
    useFont(doc, run.font).fontSize(options.size);
    doc.text(run.text, at, y, { lineBreak: false });
    at += doc.widthOfString(run.text);
  }
  doc.x = keepX;
  doc.y = keepY;
}
