import { Button, NoticeBar } from 'antd-mobile';
import { lazy, Suspense, useState } from 'react';
import { api, read } from '../../api/client';
import type { Page } from '../../api/views';
import { todayInShanghai } from '../../lib/dates';
import { Empty } from '../Empty';
import { Loading } from '../Loading';
import { chineseDate, formatQuantity } from '../format';
import { usePortalData } from '../usePortalData';
import type { Holding, MyHoldings } from '../views';

const AsOfPicker = lazy(() => import('../AsOfPicker'));

/** 我的股份: the holder's holdings by class on a chosen day, and the household's (户内共享). */
export default function HoldingsPage() {
  const [asOf, setAsOf] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const { data, error, loading } = usePortalData(
    () => read<Page<MyHoldings>>(api.GET('/api/v1/me/holdings', { params: { query: asOf ? { asOf, limit: 100 } : { limit: 100 } } })),
    [asOf],
  );
  const today = todayInShanghai();
  return (
    <div className="portal-page">
      <div className="portal-card">
        <div className="portal-row">
          <span>查询日期</span>
          <span data-testid="as-of">{chineseDate(asOf ?? today)}</span>
        </div>
        <div className="portal-actions">
          <Button size="large" color="primary" fill="outline" onClick={() => setPicking(true)}>
            选择日期
          </Button>
          {asOf ? (
            <Button size="large" fill="none" onClick={() => setAsOf(null)}>
              回到今天
            </Button>
          ) : null}
        </div>
        {picking ? (
          <Suspense fallback={null}>
            <AsOfPicker onClose={() => setPicking(false)} onPick={(day) => setAsOf(day === today ? null : day)} />
          </Suspense>
        ) : null}
      </div>
      {error ? <NoticeBar content={error} color="error" /> : null}
      {loading && !data ? <Loading /> : null}
      {data && data.items.length === 0 ? <Empty title="没有找到您的股东记录" description="如有疑问，请联系本社会计。" /> : null}
      {data?.items.map((m) => (
        <div key={m.orgId}>
          <div className="portal-card" data-testid="my-holdings">
            <h2>
              {m.shareholder.name}（股东编号 {m.shareholder.number}）
            </h2>
            {m.shareholder.member ? null : <p className="portal-muted">非成员股东：只享有分红</p>}
            <HoldingRows holdings={m.holdings} />
          </div>
          {m.household && m.household.members.length > 0 ? (
            <div className="portal-card" data-testid="household">
              <h2>户内成员（户号 {m.household.code}）</h2>
              {m.household.members.map((member) => (
                <div key={member.number}>
                  <h3>
                    {member.name}
                    {member.head ? '（户主）' : ''}
                  </h3>
                  <HoldingRows holdings={member.holdings} />
                </div>
              ))}
            </div>
          ) : null}
        </div>
      ))}
    </div>
  );
}

function HoldingRows({ holdings }: { holdings: Holding[] }) {
  if (holdings.length === 0) return <p className="portal-muted">这一天没有持股</p>;
  return (
    <>
      {holdings.map((h) => (
        <div className="portal-row" key={h.shareClass}>
          <span>{h.className}</span>
          <span>
            <b className="portal-big">{formatQuantity(h.quantity)}</b> 股
            {h.frozen !== '0.0000' && h.frozen !== '0' ? <span className="portal-muted">（其中冻结 {formatQuantity(h.frozen)} 股）</span> : null}
          </span>
        </div>
      ))}
    </>
  );
}
