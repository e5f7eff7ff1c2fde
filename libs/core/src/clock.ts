import { Injectable } from '@nestjs/common';

/**
 * Today's date in China (UTC+8, no daylight saving), as the villages count days: 公示 periods and
 * effective dates are calendar days there. Tests set the date; production never does.
 */
@Injectable()
export class Clock {
  private fixed: string | null = null;

  today(): string {
    if (this.fixed) return this.fixed;
    return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  }

  /** For tests: pin today's date (null to follow the real clock again). */
  setToday(date: string | null): void {
    this.fixed = date;
  }
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
