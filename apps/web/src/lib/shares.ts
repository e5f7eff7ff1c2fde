import { fromCents, toCents } from './money.js';

/**
 * Share quantities and the register's rules as the console needs them, in exact integer arithmetic
 * (1/10000 share, 分): never a JS number. The 身份证 rule is the API's own (libs/core, no Node
 * dependency); the inheritance split is a copy of libs/shares/src/quantities.ts, checked against it
 * by test/unit/web-shares.spec.ts.
 */
export { idNumberProblem, maskIdNumber } from '../../../../libs/core/src/validation/id-number.js';

const QUANTITY = /^-?\d{1,14}(\.\d{1,4})?$/;

/** "1,000.5" → "1000.5000"; null when it is not a quantity with at most 4 places. */
export function normalizeQuantity(typed: string): string | null {
  const text = typed.replace(/[,，\s]/g, '');
  return QUANTITY.test(text) ? fromUnits(toUnits(text)) : null;
}

/** A quantity with at most 4 places → integer 1/10000 shares. */
export function toUnits(q: string): bigint {
  const negative = q.startsWith('-');
  const [whole, fraction = ''] = (negative ? q.slice(1) : q).split('.');
  const units = BigInt(whole || '0') * 10000n + BigInt((fraction + '0000').slice(0, 4));
  return negative ? -units : units;
}

export function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  return `${negative ? '-' : ''}${abs / 10000n}.${(abs % 10000n).toString().padStart(4, '0')}`;
}

export function sumQuantities(qs: readonly string[]): string {
  return fromUnits(qs.reduce((s, q) => s + toUnits(q), 0n));
}

/** "1234.5000" → "1,234.5000" (from the string, 4 places kept). */
export function formatQuantity(q: string | null | undefined): string {
  if (q === null || q === undefined || q === '') return '';
  const [whole, fraction] = q.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction === undefined ? '' : `.${fraction}`}`;
}

export interface Fraction {
  num: bigint;
  den: bigint;
}

/** "1/3" or "1" → the exact fraction; null when it is not one between 0 and 1 (as the API refuses). */
export function parseFraction(text: string): Fraction | null {
  const m = /^([0-9]{1,9})(?:\/([0-9]{1,9}))?$/.exec(text.trim());
  if (!m) return null;
  const num = BigInt(m[1]);
  const den = BigInt(m[2] ?? '1');
  return num === 0n || den === 0n || num > den ? null : { num, den };
}

export function fractionsSumToOne(fractions: readonly Fraction[]): boolean {
  let num = 0n;
  let den = 1n;
  for (const f of fractions) {
    num = num * f.den + f.num * den;
    den = den * f.den;
  }
  return fractions.length > 0 && num === den;
}

/** As the API splits an inheritance: each heir but the last gets q·f cut to 4 places, the last the rest. */
export function splitByFractions(total: string, fractions: readonly Fraction[]): string[] {
  const q = toUnits(total);
  const parts = fractions.slice(0, -1).map((f) => (q * f.num) / f.den);
  const last = parts.reduce((rest, p) => rest - p, q);
  return [...parts, last].map(fromUnits);
}

/**
 * The plan's guard rails as the API computes them (distributions.service.ts): 公积公益金 =
 * max(本年收益, 0) × percent / 100 (half-up to 分), 可分配 = 本年收益 − 公积公益金 + 年初未分配收益.
 */
export function planGuardRails(input: { profit: string; openingUndistributed: string; reservePercent: string; minReservePercent: string; totalAmount: string | null }) {
  const profit = toCents(input.profit);
  const percent = toCents(input.reservePercent); // hundredths of a percent
  const base = profit > 0n ? profit : 0n;
  const reserve = (base * percent * 2n + 10000n) / 20000n;
  const distributable = profit - reserve + toCents(input.openingUndistributed);
  const reserveBelowMinimum = percent < toCents(input.minReservePercent);
  const exceeds = input.totalAmount !== null && toCents(input.totalAmount) > distributable;
  return { reserveAmount: fromCents(reserve), distributable: fromCents(distributable), reserveBelowMinimum, exceedsDistributable: exceeds };
}
