import { normalizeAmount } from '../../../lib/money';

/**
 * 残值率 typed as a percent ("5", "5.5 %") → the API's rate with 4 places ("0.0500", "0.0550"),
 * by moving the decimal point on the string (no JS number); null when it is not 0–99.99 %.
 */
export function percentToRate(typed: string): string | null {
  const percent = normalizeAmount(typed.replace(/[%％]/g, ''));
  if (percent === null) return null;
  const [whole, fraction] = percent.split('.');
  if (whole.length > 2) return null;
  return `0.${whole.padStart(2, '0')}${fraction}`;
}

/** "0.0500" → "5.00%" (string shift, as above). */
export function rateToPercent(rate: string): string {
  const [, fraction = ''] = rate.split('.');
  const digits = fraction.padEnd(4, '0');
  return `${String(Number.parseInt(digits.slice(0, 2), 10))}.${digits.slice(2, 4)}%`;
}

/** The month after YYYY-MM. */
export function nextMonth(period: string): string {
  const [y, m] = period.split('-').map((x) => Number.parseInt(x, 10));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
