import { App, Card, Space, Table, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, download, read } from '../../api/client';
import { errorText } from '../../api/errors';
import type { TrialBalance, TrialBalanceRow } from '../../api/views';
import { periodParam, todayInShanghai } from '../../lib/dates';
import { formatMoney } from '../../lib/money';
import { FileButtons, RangePicker } from './reports/controls';
import { LedgerReport, REPORTS } from './reports/LedgerReport';
import { useBooks } from '../session';

const money = (a: string) => formatMoney(a);

/** 报表 (SPEC §2.6): every report on screen, downloadable as CSV/XLSX, printable on A4 (print.css). */
export default function ReportsPage() {
  return (
    <Card title="报表" className="report">
      <Tabs
        destroyOnHidden
        items={[
          { key: 'tb', label: '科目余额表', children: <TrialBalanceReport /> },
          ...REPORTS.map((spec) => ({ key: spec.key, label: spec.label, children: <LedgerReport spec={spec} /> })),
        ]}
      />
    </Card>
  );
}

function TrialBalanceReport() {
  const books = useBooks();
  const { message } = App.useApp();
  const month = todayInShanghai().slice(0, 7);
  // A deep link may name the range: /reports?from=2024-01&to=2024-12.
  const [search] = useSearchParams();
  const [from, setFrom] = useState(periodParam(search.get('from')) ?? month);
  const [to, setTo] = useState(periodParam(search.get('to')) ?? month);
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
        <FileButtons onFile={file} />
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

