import { App, Button, Card, Select, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import type { Page } from '../../../api/views';
import { Permission, useSession } from '../../session';
import { EVENT_STATUSES, EVENT_TYPES, loadShareClasses, ShareholderPicker, useCursorPages, type ShareClass, type ShareEvent } from './common';
import { ApplyEvent } from './ApplyEvent';
import { EventDrawer } from './EventDrawer';

export const statusTag = (status: string) => {
  const color = status === 'effective' ? 'green' : status === 'public_notice' ? 'orange' : status === 'pending' ? 'blue' : 'default';
  return <Tag color={color}>{EVENT_STATUSES[status] ?? status}</Tag>;
};

/** 股权变动: every event type of SPEC §2.4 applied, approved, in 公示, finalized, rejected, corrected. */
export default function ShareEventsPage() {
  const s = useSession();
  const { message } = App.useApp();
  const orgId = s.org.id;
  const [status, setStatus] = useState<string>();
  const [type, setType] = useState<string>();
  const [holder, setHolder] = useState<string>();
  const [applying, setApplying] = useState<{ type: string; correctsEventId?: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [classes, setClasses] = useState<ShareClass[]>([]);
  useEffect(() => {
    loadShareClasses(orgId).then(setClasses).catch(() => setClasses([]));
  }, [orgId]);

  const { page, loading, reload, pager } = useCursorPages<ShareEvent>(
    (cursor) =>
      read<Page<ShareEvent>>(
        api.GET('/api/v1/orgs/{orgId}/share-events', { params: { path: { orgId }, query: { limit: 50, ...(status ? { status } : {}), ...(type ? { type } : {}), ...(holder ? { shareholderId: holder } : {}), ...(cursor ? { cursor } : {}) } as never } }),
      ),
    [orgId, status, type, holder],
  );
  const finalizeDue = async () => {
    try {
      const result = await read<{ finalized?: unknown[]; failed?: unknown[] }>(api.POST('/api/v1/orgs/{orgId}/share-events/finalize-due', { params: { path: { orgId } } }));
      message.success(`公示期满的变动已处理：生效 ${result.finalized?.length ?? 0} 件${result.failed?.length ? `，未能生效 ${result.failed.length} 件` : ''}`);
      reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Card
      title="股权变动"
      extra={
        <Space>
          {s.can(Permission.SharesApprove) && <Button onClick={finalizeDue}>处理公示期满的变动</Button>}
          {s.can(Permission.SharesManage) && (
            <Select
              aria-label="申请变动"
              placeholder="申请变动…"
              style={{ width: 160 }}
              value={null}
              onChange={(t: string) => setApplying({ type: t })}
              options={Object.entries(EVENT_TYPES)
                .filter(([t]) => t !== 'correction')
                .map(([value, label]) => ({ value, label }))}
            />
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select aria-label="状态" allowClear placeholder="全部状态" style={{ width: 130 }} value={status} onChange={setStatus} options={Object.entries(EVENT_STATUSES).map(([value, label]) => ({ value, label }))} />
        <Select aria-label="类型" allowClear placeholder="全部类型" style={{ width: 130 }} value={type} onChange={setType} options={Object.entries(EVENT_TYPES).map(([value, label]) => ({ value, label }))} />
        <ShareholderPicker orgId={orgId} ariaLabel="涉及股东" value={holder} onChange={(id) => setHolder(id)} />
      </Space>
      <Table<ShareEvent>
        rowKey="id"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={page.items}
        onRow={(e) => ({ onClick: () => setOpen(e.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '生效日期', dataIndex: 'effectiveDate', width: 110 },
          { title: '类型', dataIndex: 'type', width: 100, render: (t: string) => EVENT_TYPES[t] ?? t },
          { title: '状态', dataIndex: 'status', width: 100, render: statusTag },
          { title: '公示截止', dataIndex: 'noticeEndsOn', width: 110 },
          { title: '股份变动', render: (_, e) => `${e.legs.length} 笔` },
          { title: '材料', dataIndex: 'documents', render: (d: string[]) => d.join('；') },
          { title: '异议', dataIndex: 'objections', width: 70, render: (o: unknown[]) => (o.length ? <Tag color="red">{o.length}</Tag> : '') },
          { title: '', width: 70, render: (_, e) => <Button size="small" aria-label={`查看${EVENT_TYPES[e.type]}${e.effectiveDate}`}>查看</Button> },
        ]}
      />
      {pager}
      {applying && <ApplyEvent orgId={orgId} classes={classes} type={applying.type} correctsEventId={applying.correctsEventId} onClose={(id) => { setApplying(null); if (id) { reload(); setOpen(id); } }} />}
      {open && <EventDrawer orgId={orgId} eventId={open} onClose={() => setOpen(null)} onChanged={reload} onCorrect={(id) => { setOpen(null); setApplying({ type: 'correction', correctsEventId: id }); }} />}
    </Card>
  );
}
