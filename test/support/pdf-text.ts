import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * A PDF's text, read back with pdf.js (an npm package, so a fresh machine needs no poppler): one
 * line per baseline, top to bottom; the pieces of a line left to right, joined as they are drawn
 * (pdf.js cuts a line where the font kerns or a space is drawn), with a space where a gap wider than
 * a third of the font size separates two pieces.
 */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      const lines = new Map<number, { x: number; width: number; size: number; text: string }[]>();
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const y = Math.round(item.transform[5]);
        lines.set(y, [...(lines.get(y) ?? []), { x: item.transform[4], width: item.width, size: item.height, text: item.str }]);
      }
      const ordered = [...lines.entries()].sort(([a], [b]) => b - a);
      pages.push(ordered.map(([, pieces]) => joinLine(pieces.sort((a, b) => a.x - b.x))).join('\n'));
    }
    return pages.join('\n\f');
  } finally {
    await doc.destroy();
  }
}

function joinLine(pieces: { x: number; width: number; size: number; text: string }[]): string {
  let line = '';
  let end = Number.NEGATIVE_INFINITY;
  for (const p of pieces) {
    if (line !== '' && !/\s$/.test(line) && !/^\s/.test(p.text) && p.x - end > p.size / 3) line += ' ';
    line += p.text;
    end = p.x + p.width;
  }
  return line;
}
