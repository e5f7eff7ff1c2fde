import { api, read } from './client';
import { ApiError } from './errors';
import type { Page, Voucher } from './views';

export interface VoucherFilter {
  period?: string;
  status?: string;
  /** 摘要, amount or account code. */
  text?: string;
  limit: number;
  cursor?: string | null;
}

/**
 * The one place that knows the voucher list's wire shape. The API's list convention is
 * `?limit=&cursor=` → `{items, nextCursor}` with filters period/status/account/text; a server
 * that still answers a plain array is paged and searched here the same way (cursor = offset).
 */
let legacy = false;

export async function listVouchers(orgId: string, ledgerId: string, filter: VoucherFilter): Promise<Page<Voucher>> {
  const query: Record<string, string> = {};
  if (filter.period) query.period = filter.period;
  if (filter.status) query.status = filter.status;
  const paged = { ...query, limit: String(filter.limit) } as Record<string, string>;
  if (filter.text) paged[/^\d{3,}$/.test(filter.text) ? 'account' : 'text'] = filter.text;
  if (filter.cursor) paged.cursor = filter.cursor;
  const get = (q: Record<string, string>) =>
    read<Page<Voucher> | Voucher[]>(api.GET('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/vouchers', { params: { path: { orgId, ledgerId }, query: q as never } }));
  let answer: Page<Voucher> | Voucher[];
  if (legacy) answer = await get(query);
  else {
    try {
      answer = await get(paged);
    } catch (error) {
      // A server before the list convention refuses the unknown parameters: ask it the old way.
      if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') throw error;
      legacy = true;
      answer = await get(query);
    }
  }
  if (!Array.isArray(answer)) return answer;
  const text = filter.text?.trim();
  const matching = text ? answer.filter((v) => v.memo.includes(text) || v.totalDebit === text || v.lines.some((l) => l.accountCode.startsWith(text) || l.memo?.includes(text))) : answer;
  const offset = filter.cursor ? Number.parseInt(filter.cursor, 10) : 0;
  const items = matching.slice(offset, offset + filter.limit);
  return { items, nextCursor: offset + filter.limit < matching.length ? String(offset + filter.limit) : null };
}

/**
 * Every row of a list route (SPEC §5 pages), for the small lists a screen shows whole: the
 * organizations, ledgers, the chart and the periods. Reads pages of 1000 until `nextCursor` is null.
 */
export async function allPages<T>(fetchPage: (query: { limit: string; cursor?: string }) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await fetchPage(cursor ? { limit: '1000', cursor } : { limit: '1000' });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
