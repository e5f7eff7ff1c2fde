import { App, Button, Descriptions, Drawer, Input, Modal, Space, Table, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import type { Page } from '../../../api/views';
import { formatMoment, todayInShanghai } from '../../../lib/dates';
import { formatQuantity } from '../../../lib/shares';
import { Permission, useSession } from '../../session';
import { EVENT_TYPES, holderLabel, loadShareClasses, useHolders, type AuditEntry, type ShareEvent } from './common';
import { statusTag } from './ShareEventsPage';

const ACTIONS: Record<string, string> = {
  'share_event.applied': '提交申请',
  'share_event.approved': '理事会批准，开始公示',
  'share_event.objected': '提出异议，退回待审批',
  'share_event.effective': '生效',
  'share_event.finalized': '生效',
  'share_event.rejected': '驳回',
  'share_event.withdrawn': '撤回',
  'share_event.cancelled': '撤销',
};

type Act = 'approve' | 'finalize' | 'reject' | 'withdraw' | 'cancel' | 'objections';
const ACT_LABELS: Record<Act, string> = { approve: '批准并公示', finalize: '确认生效', reject: '驳回', withdraw: '撤回申请', cancel: '撤销', objections: '提出异议' };

/** One share event: its legs with names, the 公示, objections, the actions the role may take and its history. */
export function EventDrawer(props: { orgId: string; eventId: string; onClose: () => void; onChanged: () => void; onCorrect: (id: string) => void }) {
  const { orgId, eventId, onClose, onChanged, onCorrect } = props;
  const s = useSession();
  const { message } = App.useApp();
  const [event, setEvent] = useState<ShareEvent | null>(null);
  const [history, setHistory] = useState<AuditEntry[] | null>(null);
  const [asking, setAsking] = useState<Act | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const holders = useHolders(orgId, event?.legs.map((l) => l.shareholderId) ?? []);
  const [classNames, setClassNames] = useState(new Map<string, string>());
  useEffect(() => {
    loadShareClasses(orgId)
      .then((list) => setClassNames(new Map(list.map((c) => [c.code, c.name]))))
      .catch(() => undefined);
  }, [orgId]);

  const load = useCallback(async () => {
    setEvent(await read<ShareEvent>(api.GET('/api/v1/orgs/{orgId}/share-events/{eventId}', { params: { path: { orgId, eventId } } })));
    if (s.can(Permission.AuditRead)) {
      const page = await read<Page<AuditEntry>>(api.GET('/api/v1/orgs/{orgId}/audit-log', { params: { path: { orgId }, query: { entity: 'share_event', entityId: eventId, limit: 100 } as never } }));
      setHistory([...page.items].reverse());
    }
  }, [orgId, eventId, s]);
  useEffect(() => {
    load().catch((e) => message.error(errorText(e)));
  }, [load, message]);

  const act = async (what: Act, withReason?: string) => {
    setBusy(true);
    try {
      const path = { params: { path: { orgId, eventId } } };
      const body = withReason === undefined ? undefined : { reason: withReason };
      const routes = {
        approve: () => api.POST('/api/v1/orgs/{orgId}/share-events/{eventId}/approve', path),
        finalize: () => api.POST('/api/v1/orgs/{orgId}/share-events/{eventId}/finalize', path),
        reject: () => api.POST('/api/v1/orgs/{orgId}/share-events/{eventId}/reject', { ...path, body: body! }),
        withdraw: () => api.POST('/api/v1/orgs/{orgId}/share-events/{eventId}/withdraw', { ...path, body: body! }),
        cancel: () => api.POST('/api/v1/orgs/{orgId}/share-events/{eventId}/cancel', { ...path, body: body! }),
        objections: () => api.POST('/api/v1/orgs/{orgId}/share-events/{eventId}/objections', { ...path, body: body! }),
      };
      await read(routes[what]());
      message.success(`${ACT_LABELS[what]}：已完成`);
      setAsking(null);
      setReason('');
      await load();
      onChanged();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (!event) return <Drawer open title="股权变动" onClose={onClose} width={720} />;
  const today = todayInShanghai();
  const noticeOver = event.noticeEndsOn !== null && event.noticeEndsOn <= today && event.effectiveDate <= today;
  const buttons: { act: Act; show: boolean; primary?: boolean }[] = [
    { act: 'approve', show: event.status === 'pending' && s.can(Permission.SharesApprove) && event.appliedBy !== s.me.id, primary: true },
    { act: 'finalize', show: event.status === 'public_notice' && noticeOver && s.can(Permission.SharesApprove), primary: true },
    { act: 'objections', show: event.status === 'public_notice' && s.can(Permission.SharesObject) },
    { act: 'reject', show: ['pending', 'public_notice'].includes(event.status) && s.can(Permission.SharesApprove) },
    { act: 'cancel', show: event.status === 'public_notice' && s.can(Permission.SharesApprove) },
    { act: 'withdraw', show: event.status === 'pending' && s.can(Permission.SharesManage) },
  ];
  const needsReason = (a: Act) => a !== 'approve' && a !== 'finalize';
  const details = event.details as Record<string, unknown>;
  return (
    <Drawer open width={760} title={`${EVENT_TYPES[event.type] ?? event.type}（${event.effectiveDate}）`} onClose={onClose}>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label="状态">
          <span aria-label="变动状态">{statusTag(event.status)}</span>
        </Descriptions.Item>
        <Descriptions.Item label="生效日期">{event.effectiveDate}</Descriptions.Item>
        <Descriptions.Item label="公示截止">{event.noticeEndsOn ?? (event.status === 'pending' ? '批准后开始公示' : '—')}</Descriptions.Item>
        <Descriptions.Item label="证明材料">{event.documents.join('；') || '—'}</Descriptions.Item>
        {typeof details.relationship === 'string' && <Descriptions.Item label="亲属关系">{details.relationship}</Descriptions.Item>}
        {typeof details.price === 'string' && <Descriptions.Item label="单价 / 金额">{`${details.price} 元 / ${String(details.amount)} 元`}</Descriptions.Item>}
        {Array.isArray(details.heirs) && <Descriptions.Item label="继承份额">{(details.heirs as { shareholderId: string; fraction: string }[]).map((h) => `${holderLabel(holders.get(h.shareholderId), h.shareholderId)} ${h.fraction}`).join('；')}</Descriptions.Item>}
        {event.correctsId && <Descriptions.Item label="更正的变动">{event.correctsId.slice(0, 8)}</Descriptions.Item>}
        {event.voucherId && <Descriptions.Item label="凭证">已生成（{event.voucherId.slice(0, 8)}）</Descriptions.Item>}
        {event.closedReason && <Descriptions.Item label="原因">{event.closedReason}</Descriptions.Item>}
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>股份变动</Typography.Title>
      <Table
        aria-label="股份变动"
        size="small"
        pagination={false}
        rowKey={(l) => `${l.shareholderId}-${l.shareClass}`}
        dataSource={event.legs}
        columns={[
          { title: '股东', dataIndex: 'shareholderId', render: (id: string) => holderLabel(holders.get(id), id) },
          { title: '股种', dataIndex: 'shareClass', render: (code: string) => classNames.get(code) ?? code },
          { title: '股数', dataIndex: 'quantity', align: 'right', render: formatQuantity },
          { title: '冻结', dataIndex: 'frozen', align: 'right', render: (q: string) => (q === '0.0000' ? '' : formatQuantity(q)) },
        ]}
      />
      {event.objections.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>异议</Typography.Title>
          <ul>
            {event.objections.map((o, i) => (
              <li key={i}>
                {formatMoment(o.at)}：{o.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      <Space wrap style={{ marginTop: 16 }}>
        {buttons
          .filter((b) => b.show)
          .map((b) => (
            <Button key={b.act} type={b.primary ? 'primary' : 'default'} danger={b.act === 'reject' || b.act === 'cancel'} loading={busy && asking === null && !needsReason(b.act)} onClick={() => (needsReason(b.act) ? setAsking(b.act) : act(b.act))}>
              {ACT_LABELS[b.act]}
            </Button>
          ))}
        {event.status === 'pending' && s.can(Permission.SharesApprove) && event.appliedBy === s.me.id && <Typography.Text type="secondary">这是您本人提交的申请，须由理事会其他成员审批</Typography.Text>}
        {event.status === 'public_notice' && !noticeOver && s.can(Permission.SharesApprove) && <Typography.Text type="secondary">公示期满（{event.noticeEndsOn}）且到生效日期后可确认生效</Typography.Text>}
        {event.status === 'effective' && event.type !== 'correction' && s.can(Permission.SharesManage) && <Button onClick={() => onCorrect(event.id)}>申请更正</Button>}
      </Space>
      <Typography.Title level={5} style={{ marginTop: 16 }}>经过</Typography.Title>
      {history ? (
        <Timeline items={history.map((h) => ({ children: `${formatMoment(h.at)} ${h.actorName}：${ACTIONS[h.action] ?? h.action}` }))} />
      ) : (
        <Timeline
          items={[
            { children: '提交申请' },
            ...event.objections.map((o) => ({ children: `${formatMoment(o.at)} 异议：${o.reason}` })),
            ...(event.noticeEndsOn ? [{ children: `批准，公示至 ${event.noticeEndsOn}` }] : []),
            ...(['effective', 'rejected', 'withdrawn', 'cancelled'].includes(event.status) ? [{ children: `${statusTag(event.status).props.children}${event.closedReason ? `：${event.closedReason}` : ''}` }] : []),
          ]}
        />
      )}
      <Modal open={asking !== null} title={asking ? ACT_LABELS[asking] : ''} okText="确定" cancelText="取消" confirmLoading={busy} okButtonProps={{ disabled: reason.trim().length < 2 }} onOk={() => asking && act(asking, reason.trim())} onCancel={() => setAsking(null)}>
        <Input.TextArea aria-label="原因" rows={3} placeholder="请写明原因（至少两个字）" value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Drawer>
  );
}
