import { Alert, App, Button, Card, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { allPages } from '../../api/lists';
import { api, read } from '../../api/client';
import { errorText } from '../../api/errors';
import { listVouchers } from '../../api/lists';
import type { Page, Period } from '../../api/views';
import { formatMoment } from '../../lib/dates';
import { Permission, useBooks, useSession } from '../session';

interface Blocker {
  period: string;
  unposted: number;
}

/** 结账: months in order, what keeps the next one from closing, 反结账 by the board with a reason, 年结. */
export default function PeriodsPage() {
  const books = useBooks();
  const s = useSession();
  const { message } = App.useApp();
  const [periods, setPeriods] = useState<Period[]>([]);
  const [blocker, setBlocker] = useState<Blocker | null>(null);
  const [reopening, setReopening] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    if (!books) return;
    const list = await allPages<Period>((query) => read<Page<Period>>(api.GET('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/periods', { params: { path: { orgId: books.orgId, ledgerId: books.ledger.id }, query: query as never } })));
    setPeriods(list);
    const firstOpen = list.find((p) => p.status !== 'closed');
    if (firstOpen) {
      const [drafts, reviewed] = await Promise.all(
        ['draft', 'reviewed'].map((status) => listVouchers(books.orgId, books.ledger.id, { period: firstOpen.period, status, limit: 200 })),
      );
      setBlocker({ period: firstOpen.period, unposted: drafts.items.length + reviewed.items.length });
    } else setBlocker(null);
  }, [books]);

  useEffect(() => {
    load().catch((e) => message.error(errorText(e)));
  }, [load, message]);

  if (!books) return null;
  const path = (period: string) => ({ orgId: books.orgId, ledgerId: books.ledger.id, period });
  const run = async (label: string, call: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await call();
      message.success(`${label}成功`);
      await load();
      return true;
    } catch (error) {
      message.error(`${label}未完成：${errorText(error)}`);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const firstOpen = periods.find((p) => p.status !== 'closed');
  // A month appears once it has vouchers; with none open, the next to close follows the last closed one.
  const nextToClose = firstOpen?.period ?? (periods.length ? nextMonth(periods[periods.length - 1].period) : books.ledger.startPeriod);
  const lastClosed = [...periods].reverse().find((p) => p.status === 'closed');

  return (
    <Card title="结账">
      {blocker && blocker.unposted > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={`${blocker.period} 还有 ${blocker.unposted} 张未记账的凭证（草稿或已审核），记账或删除后才能结账`}
        />
      )}
      {s.can(Permission.BooksManage) && (
        <Space style={{ marginBottom: 12 }}>
          <Button type="primary" loading={busy} onClick={() => run(`${nextToClose} 结账`, () => read(api.POST('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/periods/{period}/close', { params: { path: path(nextToClose) } })))}>
            结账 {nextToClose}
          </Button>
          {nextToClose.endsWith('-12') && (
            // December closes after the year-end close has carried 收入/支出 to 本年收益 and on to 收益分配.
            <Button loading={busy} onClick={() => run(`${nextToClose.slice(0, 4)} 年终结转`, () => read(api.POST('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/years/{year}/close', { params: { path: { orgId: books.orgId, ledgerId: books.ledger.id, year: nextToClose.slice(0, 4) } } })))}>
              年终结转 {nextToClose.slice(0, 4)}
            </Button>
          )}
        </Space>
      )}
      <Table<Period>
        rowKey="period"
        size="small"
        pagination={false}
        dataSource={periods}
        columns={[
          { title: '会计期间', dataIndex: 'period' },
          { title: '状态', dataIndex: 'status', render: (st: string) => (st === 'closed' ? <Tag color="green">已结账</Tag> : <Tag>未结账</Tag>) },
          { title: '凭证数', dataIndex: 'vouchers' },
          { title: '结账时间', dataIndex: 'closedAt', render: (t: string | null) => formatMoment(t) },
          {
            title: '操作',
            render: (_, p) => (
              <Space>
                {/* December closed is the year closed (YEAR_CLOSED): it is not reopened. */}
                {p === lastClosed && !p.period.endsWith('-12') && s.can(Permission.PeriodReopen) && (
                  <Button size="small" onClick={() => setReopening(p.period)}>
                    反结账
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>按月顺序结账：上月结账后才能结本月；本月的凭证全部记账后才能结账。</Typography.Paragraph>
      <Modal
        open={reopening !== null}
        title={`反结账 ${reopening ?? ''}`}
        okText="反结账"
        cancelText="取消"
        okButtonProps={{ disabled: reason.trim().length < 2 }}
        confirmLoading={busy}
        onCancel={() => setReopening(null)}
        onOk={async () => {
          if (reopening && (await run(`${reopening} 反结账`, () => read(api.POST('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/periods/{period}/reopen', { params: { path: path(reopening) }, body: { reason: reason.trim() } }))))) {
            setReopening(null);
            setReason('');
          }
        }}
      >
        <Typography.Paragraph>反结账需经理事会同意，原因将记入审计日志。</Typography.Paragraph>
        <Input.TextArea aria-label="反结账原因" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="例如：补记三月份漏记的租金收入" />
      </Modal>
    </Card>
  );
}

function nextMonth(period: string): string {
  const [y, m] = period.split('-').map((x) => Number.parseInt(x, 10));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
