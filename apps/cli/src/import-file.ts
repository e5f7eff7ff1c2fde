import { readFile } from 'node:fs/promises';

/**
 * A books file for `cli import`, in one of two shapes:
 *   - `.json`: the body of POST …/imports, `{"openingBalances": [...], "vouchers": [...]}`;
 *   - `.ndjson` / `.jsonl`: one JSON object per line, each a voucher `{date, memo, attachments?, lines}`,
 *     except at most one line `{"openingBalances": [...]}`. Suits exports from other systems, written
 *     a voucher at a time.
 * Also returns the file line of each voucher, so that problems can be reported where they are.
 */
export async function readBooksFile(path: string): Promise<{ body: { openingBalances?: unknown[]; vouchers: unknown[] }; voucherLines: number[] | null }> {
  const text = await readFile(path, 'utf8');
  if (!/\.(ndjson|jsonl)$/i.test(path)) {
    try {
      return { body: JSON.parse(text), voucherLines: null };
    } catch (error) {
      throw new Error(`${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  }
  const vouchers: unknown[] = [];
  const voucherLines: number[] = [];
  let openingBalances: unknown[] | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${path}:${i + 1} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    const isOpening = typeof value === 'object' && value !== null && 'openingBalances' in value && Object.keys(value).length === 1;
    if (isOpening) {
      if (openingBalances) throw new Error(`${path}:${i + 1}: a second openingBalances line`);
      openingBalances = (value as { openingBalances: unknown[] }).openingBalances;
    } else {
      vouchers.push(value);
      voucherLines.push(i + 1);
    }
  }
  return { body: openingBalances ? { openingBalances, vouchers } : { vouchers }, voucherLines };
}
