import { Decimal } from '@app/core';

/** The card fields the month's amount depends on (decimal strings). */
export interface DepreciableCard {
  method: 'straight_line' | 'units';
  cost: string;
  salvage: string;
  usefulLifeMonths: number;
  totalUnits: string | null;
  /** Accumulated depreciation before this month (opening included). */
  accumulated: string;
  /** Units used before this month (units method). */
  unitsUsed: string;
  /** 1 for the first month of depreciation (the month after the in-service month). */
  monthIndex: number;
}

/** The monthly straight-line amount: (cost − salvage) / life, half-up to the cent (SPEC §8). */
export function monthlyStraightLine(cost: string, salvage: string, lifeMonths: number): Decimal {
  return new Decimal(cost).minus(salvage).div(lifeMonths).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/**
 * One card's depreciation for one month. Never more than what is left above salvage; the last
 * month of the life (or the month the units reach the total) takes the remainder, so Σ = cost −
 * salvage to the cent. Zero once fully depreciated.
 */
export function monthAmount(card: DepreciableCard, units: string | null): Decimal {
  const remaining = new Decimal(card.cost).minus(card.salvage).minus(card.accumulated);
  if (remaining.lte(0)) return new Decimal(0);
  if (card.method === 'straight_line') {
    if (card.monthIndex >= card.usefulLifeMonths) return remaining;
    return Decimal.min(remaining, monthlyStraightLine(card.cost, card.salvage, card.usefulLifeMonths));
  }
  const used = new Decimal(units ?? '0');
  if (used.lte(0)) return new Decimal(0);
  const total = new Decimal(card.totalUnits!);
  if (new Decimal(card.unitsUsed).plus(used).gte(total)) return remaining;
  const amount = new Decimal(card.cost).minus(card.salvage).times(used).div(total).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return Decimal.min(remaining, amount);
}

/** 'YYYY-MM' plus n months. */
export function addMonths(period: string, n: number): string {
  const [y, m] = period.split('-').map(Number);
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

/** Months from a to b ('2024-01' → '2024-03' = 2). */
export function monthsBetween(a: string, b: string): number {
  const [ya, ma] = a.split('-').map(Number);
  const [yb, mb] = b.split('-').map(Number);
  return yb * 12 + mb - (ya * 12 + ma);
}

/** The last calendar day of a period. */
export function lastDay(period: string): string {
  const [y, m] = period.split('-').map(Number);
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${period}-${String(d).padStart(2, '0')}`;
}

/** SPEC §8: the depreciation expense account by the card's purpose. */
export const PURPOSE_ACCOUNT: Record<string, string> = {
  production: '401',
  operating: '511',
  leased: '511',
  management: '513',
  public_welfare: '514',
};
