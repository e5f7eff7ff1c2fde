import { App, Button, Card, Input, Space, Table, Tabs, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, download, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { allPages } from '../../../api/lists';
import type { Page } from '../../../api/views';
import { periodParam, todayInShanghai } from '../../../lib/dates';
import { formatMoney, sumAmounts } from '../../../lib/money';
import { useBooks } from '../../session';
import { STATE, type DepreciationLine, type RegisterRow } from './types';

const thisMonth = () => todayInShanghai().slice(0, 7);
const yearStart = () => `${todayInShanghai().slice(0, 4)}-01`;

/** 固定资产台账 (as of the end of a month) and 折旧明细表 (a range of months), each with CSV/Excel. */
export default function AssetReportsPage() {
  return (
    <Card title="固定资产台账与折旧明细表">
      <Tabs
        items={[
          { key: 'register', label: '固定资产台账', children: <RegisterTab /> },
          { key: 'depreciation', label: '折旧明细表', children: <DepreciationTab /> },
        ]}
      />
    </Card>
  );
}

function RegisterTab() {
  const books = useBooks();
  const { message } = App.useApp();
  const [asOf, setAsOf] = useState(thisMonth());
  const [rows, setRows] = useState<RegisterRow[]>([]);

  const load = useCallback(async () => {
    if (!books || !periodParam(asOf)) return;
    setRows(
      await allPages<RegisterRow>((query) =>
        read<Page<RegisterRow>>(api.GET('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/assets/register', { params: { path: { orgId: books.orgId, ledgerId: books.ledger.id }, query: { asOf, ...query } as never } })),
      ),
    );
  }, [books, asOf]);
  useEffect(() => {
    load().catch((e) => message.error(errorText(e)));
  }, [load, message]);
  if (!books) return null;

  const file = (format: 'csv' | 'xlsx') =>
    download(`/api/v1/orgs/${books.orgId}/ledgers/${books.ledger.id}/assets/register?asOf=${asOf}&format=${format}`, `fixed-assets-${asOf}.${format}`).catch((e) => message.error(errorText(e)));
  const money = (title: string, key: 'cost' | 'accumulated' | 'netValue') => ({ title, dataIndex: key, align: 'right' as const, render: (a: string) => formatMoney(a) });
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <span>截至月末</span>
        <Input aria-label="截至月份" style={{ width: 110 }} value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        <Button onClick={() => file('csv')}>下载台账 CSV</Button>
        <Button onClick={() => file('xlsx')}>下载台账 Excel</Button>
      </Space>
      <Table<RegisterRow>
        rowKey="assetId"
        size="small"
        dataSource={rows}
        pagination={false}
        columns={[
          { title: '卡片编号', dataIndex: 'cardNo' },
          { title: '资产名称', dataIndex: 'name' },
          { title: '类别', dataIndex: 'category' },
          { title: '坐落', dataIndex: 'location' },
          { title: '启用日期', dataIndex: 'inServiceDate' },
          money('原值', 'cost'),
          money('累计折旧', 'accumulated'),
          money('净值', 'netValue'),
          { title: '状态', dataIndex: 'state', render: (x: RegisterRow['state']) => <Tag color={STATE[x]?.color}>{STATE[x]?.text ?? x}</Tag> },
        ]}
        summary={() =>
          rows.length > 0 && (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={5}>合计</Table.Summary.Cell>
              {(['cost', 'accumulated', 'netValue'] as const).map((k, i) => (
                <Table.Summary.Cell key={k} index={i + 5} align="right">
                  <span data-testid={`register-total-${k}`}>{formatMoney(sumAmounts(rows.map((r) => r[k])))}</span>
                </Table.Summary.Cell>
              ))}
              <Table.Summary.Cell index={8} />
            </Table.Summary.Row>
          )
        }
      />
    </>
  );
}

function DepreciationTab() {
  const books = useBooks();
  const { message } = App.useApp();
  const [from, setFrom] = useState(yearStart());
  const [to, setTo] = useState(thisMonth());
  const [rows, setRows] = useState<DepreciationLine[]>([]);

  const load = useCallback(async () => {
    if (!books || !periodParam(from) || !periodParam(to)) return;
    setRows(
      await allPages<DepreciationLine>((query) =>
        read<Page<DepreciationLine>>(api.GET('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/assets/depreciation', { params: { path: { orgId: books.orgId, ledgerId: books.ledger.id }, query: { from, to, ...query } as never } })),
      ),
    );
  }, [books, from, to]);
  useEffect(() => {
    load().catch((e) => message.error(errorText(e)));
  }, [load, message]);
  if (!books) return null;

  const file = (format: 'csv' | 'xlsx') =>
    download(`/api/v1/orgs/${books.orgId}/ledgers/${books.ledger.id}/assets/depreciation?from=${from}&to=${to}&format=${format}`, `depreciation-${from}-${to}.${format}`).catch((e) => message.error(errorText(e)));
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <span>月份</span>
        <Input aria-label="起始月份" style={{ width: 110 }} value={from} onChange={(e) => setFrom(e.target.value)} />
        <span>至</span>
        <Input aria-label="截止月份" style={{ width: 110 }} value={to} onChange={(e) => setTo(e.target.value)} />
        <Button onClick={() => file('csv')}>下载明细表 CSV</Button>
        <Button onClick={() => file('xlsx')}>下载明细表 Excel</Button>
      </Space>
      <Table<DepreciationLine>
        rowKey={(l) => `${l.period}-${l.assetId}`}
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: '月份', dataIndex: 'period' },
          { title: '卡片编号', dataIndex: 'cardNo' },
          { title: '资产名称', dataIndex: 'name' },
          { title: '本月折旧', dataIndex: 'amount', align: 'right', render: (a: string) => formatMoney(a) },
          { title: '工作量', dataIndex: 'units', align: 'right' },
          { title: '累计折旧', dataIndex: 'accumulatedAfter', align: 'right', render: (a: string) => formatMoney(a) },
        ]}
        summary={() =>
          rows.length > 0 && (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={3}>合计</Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                <span data-testid="depreciation-total">{formatMoney(sumAmounts(rows.map((r) => r.amount)))}</span>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} colSpan={2} />
            </Table.Summary.Row>
          )
        }
      />
    </>
  );
}
