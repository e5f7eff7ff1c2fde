/** Dates as the village sees them: Asia/Shanghai, whatever the machine's zone (it runs in UTC). */
export const TIME_ZONE = 'Asia/Shanghai';

const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const MOMENT = new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** Today in Shanghai as YYYY-MM-DD. */
export function todayInShanghai(now: Date = new Date()): string {
  return DAY.format(now);
}

/** A timestamp from the API (ISO, UTC) shown in Shanghai time. */
export function formatMoment(iso: string | null | undefined): string {
  return iso ? MOMENT.format(new Date(iso)) : '';
}

export function periodOf(date: string): string {
  return date.slice(0, 7);
}

/** A month from a deep link (?period=2024-03), or null when it is not YYYY-MM. */
export function periodParam(value: string | null): string | null {
  return value && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) ? value : null;
}
