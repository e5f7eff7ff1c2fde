import { Decimal, decimalProblem, quantity } from '@app/core';
import { sharesError } from './shares-errors.js';

/** A share quantity: a plain decimal string with at most 4 places (SPEC §2.4). */
export function parseQuantity(value: unknown, field: string, sign: 'positive' | 'negative' | 'any'): string {
  const problem = decimalProblem(value, { scale: 4, allowNegative: sign !== 'positive', maxIntegerDigits: 14 });
  if (problem) throw sharesError('INVALID_QUANTITY', `${field} ${problem}`, 400, [{ field, problems: [problem] }]);
  const d = new Decimal(value as string);
  if (sign === 'negative' && !d.isNegative()) throw sharesError('INVALID_QUANTITY', `${field} must be negative (shares leave the holder)`, 400);
  return quantity(d);
}

/** A fraction "a/b" or a whole "1", exactly, as BigInt numerator and denominator. */
export function parseFraction(value: unknown, field: string): { num: bigint; den: bigint } {
  const match = typeof value === 'string' ? /^([0-9]{1,9})(?:\/([0-9]{1,9}))?$/.exec(value) : null;
  if (!match) throw sharesError('FRACTIONS_INVALID', `${field} must be a fraction such as "1/3"`, 400);
  const num = BigInt(match[1]);
  const den = BigInt(match[2] ?? '1');
  if (num === 0n || den === 0n || num > den) throw sharesError('FRACTIONS_INVALID', `${field} must be a fraction between 0 and 1`, 400);
  return { num, den };
}

/**
 * Splits a holding among heirs by exact fractions: each heir but the last gets q·f truncated to 4
 * places, the last takes the remainder, so the parts add up to q exactly.
 */
export function splitByFractions(total: string, fractions: { num: bigint; den: bigint }[]): string[] {
  const q = new Decimal(total);
  const parts = fractions.slice(0, -1).map((f) => q.times(f.num.toString()).dividedBy(f.den.toString()).toDecimalPlaces(4, Decimal.ROUND_DOWN));
  const last = parts.reduce((rest, p) => rest.minus(p), q);
  return [...parts, last].map((p) => quantity(p));
}

export function fractionsSumToOne(fractions: { num: bigint; den: bigint }[]): boolean {
  let num = 0n;
  let den = 1n;
  for (const f of fractions) {
    num = num * f.den + f.num * den;
    den = den * f.den;
  }
  return num === den;
}

/** Shares a holder can move, freeze or have bought back: held − frozen (frozen shares never move, SPEC §2.4). */
export function available(h: { quantity: string | Decimal; frozen: string | Decimal }): Decimal {
  return new Decimal(h.quantity).minus(h.frozen);
}
