import { normalizeAmount } from '../../../lib/money.js';

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

const UNITS = /^\d{1,14}(\.\d{1,4})?$/;

/**
 * A month's workload (工作量法) as typed — "1,200.5", " 80 ", "80．5" — → the API's units with 4
 * places ("1200.5000"), by string alone; null when it is not a plain non-negative number with at
 * most 14 digits before and 4 after the point.
 */
export function normalizeUnits(typed: string): string | null {
  const text = typed.replace(/[,，\s]/g, '').replace(/．/g, '.');
  if (!UNITS.test(text)) return null;
  const [whole, fraction = ''] = text.split('.');
  return `${whole.replace(/^0+(?=\d)/, '')}.${fraction.padEnd(4, '0')}`;
}

const UNITS_TEXT = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 4 });

/** Units from the API ("10000.0000", "120.5000") as shown: "10,000", "120.5" — from the string, no number. */
export function formatUnits(units: string | null | undefined): string {
  if (units === null || units === undefined || units === '') return '';
  return UNITS_TEXT.format(units as Intl.StringNumericLiteral);
}

/** The bills of a contract's schedule as this screen reads them (ContractDetailView.schedule). */
export interface Bill {
  periodStart: string;
  periodEnd: string;
  monthlyAmount: string;
}

/**
 * The monthly rent a contract charges on a day: that of the bill whose period holds the day (rent
 * rises with 递增), else — before the first bill or after the last — the nearest bill's; the
 * contract's own first-year rent when it has no schedule. Strings picked, never computed.
 */
export function rentOn(schedule: readonly Bill[], day: string, firstYearRent: string): string {
  if (schedule.length === 0) return firstYearRent;
  const holding = schedule.find((b) => b.periodStart <= day && day <= b.periodEnd);
  if (holding) return holding.monthlyAmount;
  return day < schedule[0].periodStart ? schedule[0].monthlyAmount : schedule[schedule.length - 1].monthlyAmount;
}
