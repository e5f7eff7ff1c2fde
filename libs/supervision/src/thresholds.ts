import type { ThresholdRow } from './supervision.repository.js';

/** A town's threshold history, resolved for a date: the value with the latest effective date on or before it. */
export class ThresholdHistory {
  private readonly byParam = new Map<string, { from: string; value: string }[]>();

  constructor(rows: ThresholdRow[]) {
    for (const r of rows) {
      const list = this.byParam.get(r.param) ?? [];
      list.push({ from: r.effective_from, value: r.value });
      this.byParam.set(r.param, list);
    }
    for (const list of this.byParam.values()) list.sort((a, b) => (a.from < b.from ? -1 : 1));
  }

  /** The value in force on `date`, or null when the town had not set it by then (the rule does not run). */
  at(param: string, date: string): string | null {
    let found: string | null = null;
    for (const e of this.byParam.get(param) ?? []) if (e.from <= date) found = e.value;
    return found;
  }
}
