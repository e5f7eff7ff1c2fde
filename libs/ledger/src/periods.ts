/** Calendar helpers for accounting months (`YYYY-MM`) and dates (`YYYY-MM-DD`), with no time zones involved. */
// The calendar check itself lives in libs/core (one validator for bodies, queries and services).
export { isValidDate, PERIOD } from '@app/core';

export const periodOfDate = (date: string) => date.slice(0, 7);

export function shiftPeriod(period: string, months: number): string {
  const [y, m] = period.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export const yearOfPeriod = (period: string) => period.slice(0, 4);
export const lastDayOfPeriod = (period: string) => {
  const [y, m] = period.split('-').map(Number);
  return `${period}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}
