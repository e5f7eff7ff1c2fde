import { readFileSync } from 'node:fs';

export interface ChartAccount {
  code: string;
  name: string;
  category: string;
  normalSide: 'debit' | 'credit' | 'both';
  contra: boolean;
  parentCode: string | null;
}

const dataFile = (name: string) => new URL(`../data/${name}`, import.meta.url);

function rows(name: string): string[][] {
  return readFileSync(dataFile(name), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(','));
}

/**
 * The chart of accounts a ledger starts from: the regulation's first-level accounts and the standard
 * sub-accounts of 322, both kept as CSV in libs/ledger/data so they can be corrected without code.
 */
export function loadChartTemplate(chart: string): ChartAccount[] {
  if (chart !== '2023') throw new Error(`unknown chart ${chart}`);
  const firstLevel = rows('chart-2023.csv').map(([code, name, category, normalSide, contra]) => ({
    code,
    name,
    category,
    normalSide: normalSide as ChartAccount['normalSide'],
    contra: contra === 'true',
    parentCode: null,
  }));
  const byCode = new Map<string, ChartAccount>(firstLevel.map((a) => [a.code, a]));
  const subs = rows('chart-2023-subaccounts.csv').map(([code, name, parentCode]) => {
    const parent = byCode.get(parentCode);
    if (!parent) throw new Error(`sub-account ${code} has unknown parent ${parentCode}`);
    const account = { ...parent, code, name, parentCode };
    byCode.set(code, account);
    return account;
  });
  return [...firstLevel, ...subs];
}
