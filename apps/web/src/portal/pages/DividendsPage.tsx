import { Button, NoticeBar, Selector } from 'antd-mobile';
import { useState } from 'react';
import { api, download, read } from '../../api/client';
import { ApiError, errorText } from '../../api/errors';
import { todayInShanghai } from '../../lib/dates';
import { amountInWords, formatMoney } from '../../lib/money';
import { Empty } from '../Empty';
import { Loading } from '../Loading';
import { chineseDate, formatQuantity, formatUnits } from '../format';
import { usePortalData } from '../usePortalData';
import type { MyStatement } from '../views';

/** 我的分红: a year's statement (holdings on the record date, weights, units, gross, tax, net, withheld, paid) and its PDF. */
export default function DividendsPage() {
  const thisYear = Number.parseInt(todayInShanghai().slice(0, 4), 10);
  const years = Array.from({ length: 5 }, (_, i) => String(thisYear - 1 - i));
  // Until the holder picks a year: the latest of the last five with a statement (else last year).
  const [picked, setPicked] = useState<string | null>(null);
  const [pdfError, setPdfError] = useState<string | null>(null);
  const { data: answer, error, loading } = usePortalData(async () => {
    const statementsOf = async (y: string) => {
      try {
        return await read<MyStatement[]>(api.GET('/api/v1/me/statements', { params: { query: { year: y } } }));
      } catch (e) {
        if (e instanceof ApiError && e.code === 'STATEMENT_NOT_FOUND') return [];
        throw e;
      }
    };
    if (picked) return { year: picked, statements: await statementsOf(picked) };
    for (const y of years) {
      const found = await statementsOf(y);
      if (found.length > 0) return { year: y, statements: found };
    }
    return { year: years[0], statements: [] as MyStatement[] };
  }, [picked]);
  const year = picked ?? answer?.year ?? years[0];
  const data = answer && answer.year === year ? answer.statements : null;
  const setYear = setPicked;
  const pdf = async () => {
    setPdfError(null);
    try {
      await download(`/api/v1/me/statements?year=${year}&format=pdf`, `分红对账单-${year}.pdf`);
    } catch (e) {
      setPdfError(errorText(e));
    }
  };
  return (
    <div className="portal-page">
      <div className="portal-card">
        <div className="portal-muted">选择年度</div>
        <Selector columns={3} options={years.map((y) => ({ label: `${y}年`, value: y }))} value={[year]} onChange={(v) => v.length > 0 && setYear(v[0])} />
      </div>
      {error ? <NoticeBar content={error} color="error" /> : null}
      {loading && !data ? <Loading /> : null}
      {data && data.length === 0 ? <Empty title={`${year}年度没有分红记录`} description="分红方案过账后，这里会显示您的分红明细。" /> : null}
      {data?.map((s) =>
        s.distributions.map((d) => (
          <div className="portal-card" key={d.planId} data-testid="statement">
            <h2>
              {s.organization} {s.year}年度分红
            </h2>
            <div className="portal-row">
              <span>实分红利</span>
              <span>
                <b className="portal-big" data-testid="net">{formatMoney(d.net)}</b> 元
              </span>
            </div>
            <p className="portal-muted">大写：{amountInWords(d.net)}</p>
            <div className="portal-row">
              <span>股权登记日</span>
              <span>{chineseDate(d.recordDate)}</span>
            </div>
            {d.approvedOn ? (
              <div className="portal-row">
                <span>方案批准日</span>
                <span>{chineseDate(d.approvedOn)}</span>
              </div>
            ) : null}
            <h3>登记日持股</h3>
            {d.holdings.map((h) => (
              <div className="portal-row" key={h.shareClass}>
                <span>
                  {h.name}（权重 {h.weight.replace(/\.?0+$/, '')}）
                </span>
                <span>
                  {formatQuantity(h.quantity)} 股 → {formatUnits(h.units)}
                </span>
              </div>
            ))}
            <div className="portal-row">
              <span>折算股数合计</span>
              <span>{formatUnits(d.units)}</span>
            </div>
            <h3>金额（元）</h3>
            <Amount label="应分红利" value={d.gross} />
            <Amount label="代扣税款" value={d.tax} />
            <Amount label="实分红利" value={d.net} />
            <Amount label="暂缓发放（冻结）" value={d.withheld} />
            <Amount label="已发放" value={d.paid} />
            <div className="portal-row">
              <span>发放日期</span>
              <span>{d.paidAt ? chineseDate(todayInShanghai(new Date(d.paidAt))) : '尚未发放'}</span>
            </div>
            <div className="portal-actions">
              <Button block color="primary" size="large" onClick={() => void pdf()}>
                下载对账单（PDF）
              </Button>
            </div>
            {pdfError ? <NoticeBar content={pdfError} color="error" /> : null}
          </div>
        )),
      )}
    </div>
  );
}

function Amount({ label, value }: { label: string; value: string }) {
  return (
    <div className="portal-row">
      <span>{label}</span>
      <span>{formatMoney(value)}</span>
    </div>
  );
}
