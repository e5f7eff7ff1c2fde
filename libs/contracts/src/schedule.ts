import { Decimal, money } from '@app/core';

export type BillingCycle = 'monthly' | 'quarterly' | 'yearly';
export const CYCLE_MONTHS: Record<BillingCycle, number> = { monthly: 1, quarterly: 3, yearly: 12 };

export interface ScheduleTerms {
  startDate: string;
  endDate: string;
  billingCycle: BillingCycle;
  monthlyRent: string;
  escalationPercent: string;
  escalationEveryYears: number;
}

export interface Bill {
  seq: number;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  accrualPeriod: string;
  contractYear: number;
  months: number;
  monthlyAmount: string;
  amount: string;
}

const ym = (date: string) => ({ y: Number(date.slice(0, 4)), m: Number(date.slice(5, 7)) });
const firstOf = (y: number, m: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
const lastOf = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
const addMonths = (y: number, m: number, n: number) => {
  const k = y * 12 + (m - 1) + n;
  return { y: Math.floor(k / 12), m: (k % 12) + 1 };
};

/** The term is whole months: it starts on the 1st and ends on the last day of a month. */
export function termMonths(startDate: string, endDate: string): number | null {
  if (startDate.slice(8) !== '01') return null;
  const e = ym(endDate);
  if (lastOf(e.y, e.m) !== endDate) return null;
  const s = ym(startDate);
  const n = (e.y * 12 + e.m) - (s.y * 12 + s.m) + 1;
  return n >= 1 ? n : null;
}

/**
 * The monthly rent of contract year k (1 = the first 12 months of the term): the base raised by
 * the escalation once every `every` years, compounded — M × (1 + p/100)^⌊(k−1)/every⌋ — computed
 * exactly and rounded half-up to the cent once per contract year (never from an already rounded
 * year, so there is no drift). 12,000.00 at +5 %: 12,600.00, 13,230.00, 13,891.50, 14,586.08.
 */
export function monthlyRentOfYear(terms: Pick<ScheduleTerms, 'monthlyRent' | 'escalationPercent' | 'escalationEveryYears'>, year: number): string {
  const steps = Math.floor((year - 1) / terms.escalationEveryYears);
  const factor = new Decimal(1).plus(new Decimal(terms.escalationPercent).div(100)).pow(steps);
  return money(new Decimal(terms.monthlyRent).times(factor).toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
}

/**
 * The rent schedule: bills of the billing cycle from the start, each due (and accrued) on the first
 * day of its period (rent is paid in advance); a bill never straddles a contract year (a new year
 * starts a new bill), the last bill ends with the term. Amount = the year's monthly rent × months.
 */
export function rentSchedule(terms: ScheduleTerms): Bill[] {
  const total = termMonths(terms.startDate, terms.endDate);
  if (total === null) return [];
  const cycle = CYCLE_MONTHS[terms.billingCycle];
  const s = ym(terms.startDate);
  const bills: Bill[] = [];
  let offset = 0;
  while (offset < total) {
    const year = Math.floor(offset / 12) + 1;
    const months = Math.min(cycle, total - offset, year * 12 - offset);
    const from = addMonths(s.y, s.m, offset);
    const to = addMonths(s.y, s.m, offset + months - 1);
    const monthly = monthlyRentOfYear(terms, year);
    const due = firstOf(from.y, from.m);
    bills.push({
      seq: bills.length + 1,
      periodStart: due,
      periodEnd: lastOf(to.y, to.m),
      dueDate: due,
      accrualPeriod: due.slice(0, 7),
      contractYear: year,
      months,
      monthlyAmount: monthly,
      amount: money(new Decimal(monthly).times(months)),
    });
    offset += months;
  }
  return bills;
}

/** Days from the due date to `asOf` (0 or less: not overdue yet). */
export function daysOverdue(dueDate: string, asOf: string): number {
  return Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / 86_400_000);
}

export const AGING_BUCKETS = ['notDue', 'd1to30', 'd31to90', 'd91to180', 'over180'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** 账龄: not due (≤ 0 days), 1–30, 31–90, 91–180, > 180 days past the due date. */
export function agingBucket(days: number): AgingBucket {
  if (days <= 0) return 'notDue';
  if (days <= 30) return 'd1to30';
  if (days <= 90) return 'd31to90';
  if (days <= 180) return 'd91to180';
  return 'over180';
}
