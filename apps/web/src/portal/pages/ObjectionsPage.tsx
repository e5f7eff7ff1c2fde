import { Button, Dialog, NoticeBar, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { api, read } from '../../api/client';
import { errorText } from '../../api/errors';
import { allPages } from '../../api/lists';
import type { Page } from '../../api/views';
import { formatMoney } from '../../lib/money';
import { Empty } from '../Empty';
import { Loading } from '../Loading';
import { chineseDate, EVENT_TYPES, formatQuantity } from '../format';
import { useClassNames } from '../useClassNames';
import { usePortalData } from '../usePortalData';
import type { DistributionNotice, MyShareEvent } from '../views';

type Target = { kind: 'event'; orgId: string; id: string; title: string } | { kind: 'plan'; orgId: string; id: string; title: string };

/**
 * 公示与异议: what is in its 公示 now and concerns me — my share events, and my organizations'
 * distribution plans (with my own allocation) — and an objection to any of them before it ends.
 */
export default function ObjectionsPage() {
  const className = useClassNames();
  const { data, error, loading, reload } = usePortalData(async () => {
    const [events, plans] = await Promise.all([
      allPages((query) => read<Page<MyShareEvent>>(api.GET('/api/v1/me/share-events', { params: { query: query as never } }))),
      allPages((query) => read<Page<DistributionNotice>>(api.GET('/api/v1/me/distribution-notices', { params: { query: query as never } }))),
    ]);
    return { events: events.filter((e) => e.event.status === 'public_notice'), plans };
  }, []);
  const [target, setTarget] = useState<Target | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async () => {
    if (!target) return;
    if (reason.trim().length < 2) {
      setFailure('请写明异议理由（至少两个字）');
      return;
    }
    setBusy(true);
    setFailure(null);
    const headers = { 'Idempotency-Key': crypto.randomUUID() };
    try {
      if (target.kind === 'event')
        await read(api.POST('/api/v1/orgs/{orgId}/share-events/{eventId}/objections', { params: { path: { orgId: target.orgId, eventId: target.id }, header: headers as never }, body: { reason: reason.trim() } }));
      else await read(api.POST('/api/v1/orgs/{orgId}/distributions/{planId}/objections', { params: { path: { orgId: target.orgId, planId: target.id }, header: headers as never }, body: { reason: reason.trim() } }));
      setTarget(null);
      setReason('');
      Toast.show({ icon: 'success', content: '异议已提交，公示暂停，等待理事会处理' });
      reload();
    } catch (e) {
      setFailure(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const nothing = data && data.events.length === 0 && data.plans.length === 0;
  return (
    <div className="portal-page">
      <NoticeBar content="公示期内，您可以对涉及本人的股权变动和本社分红方案提出异议。" color="info" wrap />
      {error ? <NoticeBar content={error} color="error" /> : null}
      {loading && !data ? <Loading /> : null}
      {nothing ? <Empty title="目前没有正在公示的事项" /> : null}
      {data?.plans.map((p) => (
        <div className="portal-card" key={p.planId} data-testid="plan-notice">
          <h2>
            {p.organization} {p.fiscalYear}年度分红方案
          </h2>
          <div className="portal-row">
            <span>公示截止</span>
            <span>{p.noticeEndsOn ? chineseDate(p.noticeEndsOn) : ''}</span>
          </div>
          <div className="portal-row">
            <span>股权登记日</span>
            <span>{chineseDate(p.recordDate)}</span>
          </div>
          {p.grossTotal ? (
            <div className="portal-row">
              <span>分配总额</span>
              <span>{formatMoney(p.grossTotal)} 元</span>
            </div>
          ) : null}
          {p.mine ? (
            <div className="portal-row">
              <span>本人应分</span>
              <span>
                <b>{formatMoney(p.mine.gross)}</b> 元
              </span>
            </div>
          ) : null}
          <Button block size="large" color="warning" onClick={() => setTarget({ kind: 'plan', orgId: p.orgId, id: p.planId, title: `${p.fiscalYear}年度分红方案` })}>
            提出异议
          </Button>
        </div>
      ))}
      {data?.events.map(({ orgId, event }) => (
        <div className="portal-card" key={event.id} data-testid="event-notice">
          <h2>股权变动：{EVENT_TYPES[event.type] ?? event.type}</h2>
          <div className="portal-row">
            <span>公示截止</span>
            <span>{event.noticeEndsOn ? chineseDate(event.noticeEndsOn) : ''}</span>
          </div>
          {event.legs.map((leg, i) => (
            <div className="portal-row" key={i}>
              <span>本人{className(leg.shareClass)}</span>
              <span>
                {leg.quantity.startsWith('-') ? '减少' : '增加'} {formatQuantity(leg.quantity.replace(/^[-+]/, ''))} 股
              </span>
            </div>
          ))}
          <Button block size="large" color="warning" onClick={() => setTarget({ kind: 'event', orgId, id: event.id, title: `股权变动（${EVENT_TYPES[event.type] ?? event.type}）` })}>
            提出异议
          </Button>
        </div>
      ))}
      <Dialog
        visible={target !== null}
        title={target ? `对${target.title}提出异议` : ''}
        content={
          <div>
            <TextArea placeholder="请写明异议理由" value={reason} onChange={setReason} rows={4} maxLength={500} showCount />
            {failure ? <p style={{ color: '#cf1322' }}>{failure}</p> : null}
          </div>
        }
        actions={[
          [
            { key: 'cancel', text: '取消', onClick: () => (setTarget(null), setFailure(null)) },
            { key: 'submit', text: busy ? '正在提交' : '提交异议', bold: true, disabled: busy, onClick: () => void submit() },
          ],
        ]}
      />
    </div>
  );
}
