import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, read } from '../../../api/client';
import type { Voucher } from '../../../api/views';
import { useBooks } from '../../session';

/** A voucher the register produced, by its number (记-0003), opening it in 凭证列表 (/vouchers?voucher=). */
export function VoucherLink({ voucherId }: { voucherId: string | null }) {
  const books = useBooks();
  const [voucher, setVoucher] = useState<Voucher | null>(null);
  useEffect(() => {
    if (!books || !voucherId) return;
    let live = true;
    read<Voucher>(api.GET('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/vouchers/{voucherId}', { params: { path: { orgId: books.orgId, ledgerId: books.ledger.id, voucherId } } }))
      .then((v) => live && setVoucher(v))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [books, voucherId]);
  if (!voucherId) return null;
  if (!voucher) return <span>…</span>;
  return <Link to={`/vouchers?${new URLSearchParams({ period: voucher.period, voucher: voucher.id })}`}>{voucher.number ?? '（未编号）'}</Link>;
}
