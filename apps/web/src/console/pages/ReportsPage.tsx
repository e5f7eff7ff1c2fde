import { App, Button, Card, DatePicker, Select, Space, Table, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, download, read } from '../../api/client';
import { errorText } from '../../api/errors';
import type { TrialBalance, TrialBalanceRow } from '../../api/views';
import { todayInShanghai } from '../../lib/dates';
import { formatMoney } from '../../lib/money';
import { useBooks } from '../session';

const money = (a: string) => formatMoney(a);

/** 报表 (SPEC §2.6): 科目余额表 on screen; every report downloadable as CSV/XLSX, printable on A4. */
export default function ReportsPage() {
  return (
    <Card title="报表" className="report">
      <Tabs
        items={[
          { key: 'tb', label: '科目余额表', children: <TrialBalanceReport /> },
          { key: 'others', label: '其他报表下载', children: <OtherReports /> },
        ]}
      />
    </Card>
  );
}

function RangePicker({ from, to, onChange }: { from: string; to: string; onChange(from: string, to: string): void }) {
  return (
    <DatePicker.RangePicker
      picker="month"
      allowClear={false}
      aria-label="期间"
      value={[dayjs(`${from}-01`), dayjs(`${to}-01`)]}
      onChange={(v) => v?.[0] && v[1] && onChange(v[0].format('YYYY-MM'), v[1].format('YYYY-MM'))}
    />
  );
}

function TrialBalanceReport() {
  const books = useBooks();
  const { message } = App.useApp();
  const month = todayInShanghai().slice(0, 7);
  const [from, setFrom] = useState(month);
  const [to, setTo] = useState(month);
  const [report, setReport] = useState<TrialBalance | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    if (!books) return;
    setLoading(true);
    try {
      setReport(await read<TrialBalance>(api.GET('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/reports/trial-balance', { params: { path: { orgId: books.orgId, ledgerId: books.ledger.id }, query: { from, to } } })));
    } catch (error) {
      message.error(errorText(error));
    } finally {
      setLoading(false);
    }
  }, [books, from, to, message]);

  useEffect(() => {
    void load();
  }, [load]);

  if (!books) return null;
  const file = (format: 'csv' | 'xlsx') =>
    download(`/api/v1/orgs/${books.orgId}/ledgers/${books.ledger.id}/reports/trial-balance?from=${from}&to=${to}&format=${format}`, `trial-balance-${from}-${to}.${format}`).catch((e) => message.error(errorText(e)));
  const rows = (report?.rows ?? []).filter((r) => [r.openingDebit, r.openingCredit, r.debit, r.credit, r.closingDebit, r.closingCredit].some((a) => a !== '0.00'));
  const amount = (key: keyof TrialBalanceRow, title: string) => ({ title, dataIndex: key, className: 'money', render: money, width: 120 });

  return (
    <>
      <Space wrap className="no-print" style={{ marginBottom: 12 }}>
        <RangePicker from={from} to={to} onChange={(f, t) => { setFrom(f); setTo(t); }} />
        <Button onClick={() => file('csv')}>下载 CSV</Button>
        <Button onClick={() => file('xlsx')}>下载 Excel</Button>
        <Button onClick={() => window.print()}>打印</Button>
      </Space>
      <Typography.Title level={4} style={{ textAlign: 'center' }}>
        科目余额表
      </Typography.Title>
      <Typography.Paragraph style={{ textAlign: 'center' }}>
        {books.ledger.name}{'\u3000'}{from} 至 {to}{'\u3000'}单位：元{report && !report.balanced ? '\u3000（借贷不平衡！）' : ''}
      </Typography.Paragraph>
      <Table<TrialBalanceRow>
        rowKey="code"
        size="small"
        bordered
        loading={loading}
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '科目编码', dataIndex: 'code', width: 100 },
          { title: '科目名称', dataIndex: 'name', render: (n: string, r) => <span style={{ paddingLeft: (r.level - 1) * 12 }}>{n}</span> },
          { title: '期初余额', children: [amount('openingDebit', '借方'), amount('openingCredit', '贷方')] },
          { title: '本期发生额', children: [amount('debit', '借方'), amount('credit', '贷方')] },
          { title: '期末余额', children: [amount('closingDebit', '借方'), amount('closingCredit', '贷方')] },
        ]}
        summary={() =>
          report && (
            <Table.Summary.Row style={{ fontWeight: 600 }}>
              <Table.Summary.Cell index={0} colSpan={2}>
                合计
              </Table.Summary.Cell>
              {(['openingDebit', 'openingCredit', 'debit', 'credit', 'closingDebit', 'closingCredit'] as const).map((k, i) => (
                <Table.Summary.Cell key={k} index={i + 2} className="money">
                  {money(report.totals[k])}
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          )
        }
      />
    </>
  );
}

const OTHER = [
  { key: 'general-ledger', label: '总账', needs: 'range' },
  { key: 'journal', label: '序时账', needs: 'range' },
  { key: 'subsidiary-ledger', label: '明细账', needs: 'account' },
  { key: 'cash-journal', label: '现金日记账', needs: 'cash' },
  { key: 'cash-journal-bank', label: '银行存款日记账', needs: 'bank' },
  { key: 'balance-sheet', label: '资产负债表', needs: 'period' },
  { key: 'income-statement', label: '收益及收益分配表', needs: 'year' },
] as const;

function OtherReports() {
  const books = useBooks();
  const { message } = App.useApp();
  const month = todayInShanghai().slice(0, 7);
  const [from, setFrom] = useState(month);
  const [to, setTo] = useState(month);
  const [account, setAccount] = useState('102');
  if (!books) return null;
  const base = `/api/v1/orgs/${books.orgId}/ledgers/${books.ledger.id}/reports`;
  const url = (r: (typeof OTHER)[number], format: string) => {
    const q = new URLSearchParams({ format });
    if (r.needs === 'period') q.set('period', to);
    else if (r.needs === 'year') q.set('year', to.slice(0, 4));
    else {
      q.set('from', from);
      q.set('to', to);
    }
    if (r.needs === 'account') q.set('account', account);
    if (r.needs === 'cash') q.set('account', '101');
    if (r.needs === 'bank') q.set('account', '102');
    return `${base}/${r.key === 'cash-journal-bank' ? 'cash-journal' : r.key}?${q}`;
  };
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <RangePicker from={from} to={to} onChange={(f, t) => { setFrom(f); setTo(t); }} />
        <Select aria-label="明细账科目" style={{ width: 160 }} value={account} onChange={setAccount} options={['101', '102', '112', '113', '121', '211', '212', '501', '511'].map((c) => ({ value: c, label: `明细账科目 ${c}` }))} />
      </Space>
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={[...OTHER]}
        columns={[
          { title: '报表', dataIndex: 'label' },
          {
            title: '下载',
            render: (_, r) => (
              <Space>
                <Button size="small" onClick={() => download(url(r, 'csv'), `${r.key}.csv`).catch((e) => message.error(errorText(e)))}>CSV</Button>
                <Button size="small" onClick={() => download(url(r, 'xlsx'), `${r.key}.xlsx`).catch((e) => message.error(errorText(e)))}>Excel</Button>
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
