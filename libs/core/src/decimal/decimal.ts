import { Decimal as DecimalBase } from 'decimal.js';

/**
 * All money and share quantities go through this Decimal (SPEC §3.1). Precision is raised well past
 * numeric(20,2)'s 20 digits so products and quotients of large amounts stay exact before rounding.
 */
export const Decimal = DecimalBase.clone({
  precision: 40,
  rounding: DecimalBase.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Decimal = InstanceType<typeof Decimal>;

export const MONEY_SCALE = 2;
export const QUANTITY_SCALE = 4;

export interface DecimalRule {
  /** Maximum digits after the decimal point. */
  scale: number;
  allowNegative?: boolean;
  allowZero?: boolean;
  /** Maximum digits before the decimal point (numeric(20,2) leaves 18). */
  maxIntegerDigits?: number;
  /** Largest allowed value, as decimal text (e.g. '100' for a percentage). */
  max?: string;
}

/**
 * Plain decimal text only: no exponent, no full-width digits, no leading '+', no thousands separators,
 * no leading zeros, at most `scale` decimals. JSON numbers are refused: a float has already lost the cents.
 */
export function decimalProblem(value: unknown, rule: DecimalRule): string | null {
  if (typeof value !== 'string') return 'must be a decimal string such as "1234.50"';
  const match = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?$/.exec(value);
  if (!match) return 'must be a plain decimal string such as "1234.50" (no exponent, spaces or full-width digits)';
  const [, sign, integer, fraction = ''] = match;
  if (fraction.length > rule.scale) return `must have at most ${rule.scale} decimal places`;
  if (integer.length > (rule.maxIntegerDigits ?? 18)) return `must have at most ${rule.maxIntegerDigits ?? 18} integer digits`;
  // Zero read off the digits already matched: no Decimal per value (bulk imports check 50,000 at a time).
  const zero = integer === '0' && /^0*$/.test(fraction);
  if (sign === '-' && !zero && !rule.allowNegative) return 'must not be negative';
  if (zero && !rule.allowZero) return 'must not be zero';
  if (sign === '-' && zero) return 'must not be negative zero';
  if (rule.max !== undefined && new Decimal(value).greaterThan(rule.max)) return `must be at most ${rule.max}`;
  return null;
}

export function isDecimalString(value: unknown, rule: DecimalRule): value is string {
  return decimalProblem(value, rule) === null;
}

export type DecimalInput = string | Decimal;

export function money(value: DecimalInput): string {
  return new Decimal(value).toFixed(MONEY_SCALE);
}

export function quantity(value: DecimalInput): string {
  return new Decimal(value).toFixed(QUANTITY_SCALE);
}
