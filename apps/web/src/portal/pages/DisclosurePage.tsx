import { Button, Dialog, NoticeBar, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { api, read } from '../../api/client';
import { errorText } from '../../api/errors';
import { allPages } from '../../api/lists';
import type { Page } from '../../api/views';
import { formatMoney } from '../../lib/money';
import { Empty } from '../Empty';
import { Loading } from '../Loading';
import { chineseDate } from '../format';
import { usePortalAuth } from '../session';
import { usePortalData } from '../usePortalData';

interface PackSummary {
  id: string;
  ledgerId: string;
  period: string;
  version: number;
  publishedAt: string;
  superseded: boolean;
}
interface PackLine {
  date: string;
  number: string;
  memo: string;
  accountCode: string;
  accountName: string;
  debit: string;
  credit: string;
  counterparty: string | null;
}
interface MyObjection {
  id: string;
  packId: string;
  lineRef: string;
  text: string;
  answer: string | null;
  answeredAt: string | null;
  createdAt: string;
}
interface Pack extends PackSummary {
  content: { title: string; lines: PackLine[]; budgetExecution: { rows: { itemName: string; adjustedBudget: string; ytdActual: string; executionPercent: string | null; overBudget: boolean }[] } | null };
}

/**
 * 财务公开 (SPEC §9): the months my organization published, newest first (a superseded version is
 * marked 已更正); a month's 收支明细 line by line, the 公共开支预算执行 where there is one, and an
 * objection (异议) on any line, which the accountant answers; my objections on the month, with the answer
 * once there is one, under their line.
 */
export default function DisclosurePage() {
  const { me } = usePortalAuth();
  const orgId = me?.grants.find((g) => g.role === 'shareholder')?.orgId ?? null;
  const { data, error, loading } = usePortalData(
    async () =>
      orgId ? allPages((query) => read<Page<PackSummary>>(api.GET('/api/v1/orgs/{orgId}/disclosure-packs', { params: { path: { orgId }, query: query as never } }))) : [],
    [orgId],
  );
  const [open, setOpen] = useState<Pack | null>(null);
  const [line, setLine] = useState<number | null>(null);
  const [text, setText] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [mine, setMine] = useState<MyObjection[]>([]);

  // A member's token lists only their own objections.
  const loadMine = async (packId: string) => {
    if (!orgId) return;
    const all = await allPages((query) => read<Page<MyObjection>>(api.GET('/api/v1/orgs/{orgId}/disclosure-objections', { params: { path: { orgId }, query: query as never } })));
    setMine(all.filter((o) => o.packId === packId));
  };
  const show = async (id: string) => {
    if (!orgId) return;
    try {
      setOpen(await read<Pack>(api.GET('/api/v1/orgs/{orgId}/disclosure-packs/{packId}', { params: { path: { orgId, packId: id } } }) as never));
      await loadMine(id);
    } catch (e) {
      Toast.show({ content: errorText(e) });
    }
  };
  const submit = async () => {
    if (!orgId || !open || line === null) return;
    if (text.trim().length < 2) return setFailure('请写明异议内容（至少两个字）');
    setBusy(true);
    try {
      await read(
        api.POST('/api/v1/orgs/{orgId}/disclosure-packs/{packId}/objections', {
          params: { path: { orgId, packId: open.id }, header: { 'Idempotency-Key': crypto.randomUUID() } as never },
          body: { lineRef: `lines:${line}`, text: text.trim() },
        }),
      );
      setLine(null);
      setText('');
      setFailure(null);
      Toast.show({ icon: 'success', content: '异议已提交，会计将作出答复' });
      await loadMine(open.id);
    } catch (e) {
      setFailure(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (open) {
    return (
      <div className="portal-page" data-testid="pack">
        <Button size="small" onClick={() => setOpen(null)}>
          返回
        </Button>
        <h2>{open.content.title}</h2>
        {open.superseded ? <NoticeBar content="本期公开已更正，请查看最新版本" color="alert" wrap /> : null}
        {open.content.lines.length === 0 ? <Empty title="本月没有收支" /> : null}
        {open.content.lines.map((l, i) => (
          <div className="portal-card" key={i} data-testid="pack-line">
            <div className="portal-row">
              <span>{chineseDate(l.date)}</span>
              <span>{l.number}</span>
            </div>
            <div className="portal-row">
              <span>{l.memo}</span>
              <span>{l.accountName}</span>
            </div>
            <div className="portal-row">
              <span>{l.debit !== '0.00' ? '借方' : '贷方'}</span>
              <b>{formatMoney(l.debit !== '0.00' ? l.debit : l.credit)} 元</b>
            </div>
            {l.counterparty ? <div className="portal-row"><span>往来单位</span><span>{l.counterparty}</span></div> : null}
            {mine
              .filter((o) => o.lineRef === `lines:${i}`)
              .map((o) => (
                <div className="portal-objection" key={o.id} data-testid="my-objection">
                  <div>我的异议：{o.text}</div>
                  <div style={o.answer ? undefined : { color: '#d46b08' }}>{o.answer ? `会计答复：${o.answer}` : '等待会计答复'}</div>
                </div>
              ))}
            <Button size="small" color="warning" onClick={() => setLine(i)}>
              对此笔提出异议
            </Button>
          </div>
        ))}
        {open.content.budgetExecution ? (
          <div className="portal-card">
            <h2>公共开支预算执行</h2>
            {open.content.budgetExecution.rows.map((r) => (
              <div className="portal-row" key={r.itemName}>
                <span>{r.itemName}</span>
                <span style={r.overBudget ? { color: '#cf1322' } : undefined}>
                  {formatMoney(r.ytdActual)} / {formatMoney(r.adjustedBudget)} 元{r.executionPercent ? `（${r.executionPercent}%）` : ''}
                </span>
              </div>
            ))}
          </div>
        ) : null}
        <Dialog
          visible={line !== null}
          title="对这笔收支提出异议"
          content={
            <div>
              <TextArea placeholder="请写明您的疑问" value={text} onChange={setText} rows={4} maxLength={500} showCount />
              {failure ? <p style={{ color: '#cf1322' }}>{failure}</p> : null}
            </div>
          }
          actions={[[{ key: 'cancel', text: '取消', onClick: () => setLine(null) }, { key: 'submit', text: busy ? '正在提交' : '提交异议', bold: true, disabled: busy, onClick: () => void submit() }]]}
        />
      </div>
    );
  }
  return (
    <div className="portal-page">
      <NoticeBar content="每月结账后公开本社的收支明细，您可以对任何一笔提出异议。" color="info" wrap />
      {error ? <NoticeBar content={error} color="error" /> : null}
      {loading && !data ? <Loading /> : null}
      {data && data.length === 0 ? <Empty title="还没有公开的月份" /> : null}
      {data?.map((p) => (
        <div className="portal-card" key={p.id} data-testid="pack-item" onClick={() => void show(p.id)}>
          <div className="portal-row">
            <b>
              {p.period.slice(0, 4)}年{Number(p.period.slice(5, 7))}月 财务公开{p.version > 1 ? `（第${p.version}版）` : ''}
            </b>
            <span>{p.superseded ? '已更正' : '查看'}</span>
          </div>
        </div>
      ))}
    </div>
  );
}
