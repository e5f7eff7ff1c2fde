import { api, read } from './client';
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
export async function listVouchers(orgId: string, ledgerId: string, filter: VoucherFilter): Promise<Page<Voucher>> {
  const query: Record<string, string> = { limit: String(filter.limit) };
  if (filter.period) query.period = filter.period;
  if (filter.status) query.status = filter.status;
  if (filter.text) query[/^\d{3,}$/.test(filter.text) && !filter.text.includes('.') ? 'account' : 'text'] = filter.text;
  if (filter.cursor) query.cursor = filter.cursor;
  const answer = await read<Page<Voucher> | Voucher[]>(
    api.GET('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/vouchers', { params: { path: { orgId, ledgerId }, query: query as never } }),
  );
  if (!Array.isArray(answer)) return answer;
  const text = filter.text?.trim();
  const matching = text ? answer.filter((v) => v.memo.includes(text) || v.totalDebit === text || v.lines.some((l) => l.accountCode.startsWith(text) || l.memo?.includes(text))) : answer;
  const offset = filter.cursor ? Number.parseInt(filter.cursor, 10) : 0;
  const items = matching.slice(offset, offset + filter.limit);
  return { items, nextCursor: offset + filter.limit < matching.length ? String(offset + filter.limit) : null };
}
