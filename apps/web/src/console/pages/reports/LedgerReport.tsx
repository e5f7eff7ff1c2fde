import { App, Select, Space, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, download, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { todayInShanghai } from '../../../lib/dates';
import { formatMoney } from '../../../lib/money';
import { DimensionPicker } from '../../DimensionPicker';
import { DIMENSION_NAMES, useRegisterSearch, type Dimension } from '../../dimensions';
import { Permission, useBooks, useSession } from '../../session';
import { useAccounts } from '../../useAccounts';
import { FileButtons, MonthPicker, RangePicker } from './controls';
import type { BalanceSheet, CashJournal, GeneralLedger, IncomeStatement, Journal, JournalEntry, SubsidiaryLedger } from './views';

type Cell = string | boolean | null | undefined;
type Row = Record<string, Cell> & { key: string; emphasis?: boolean };
interface Column {
  key: string;
  title: string;
  money?: boolean;
  width?: number;
}

/** One report of SPEC §2.6 besides the 科目余额表: its route, what it asks for, its columns and rows. */
export interface ReportSpec {
  key: string;
  label: string;
  route: 'general-ledger' | 'subsidiary-ledger' | 'journal' | 'cash-journal' | 'balance-sheet' | 'income-statement';
  when: 'range' | 'period' | 'year';
  /** Which accounts the report is drawn for: any (optional or required), or those under 101/102. */
  account?: { required: boolean; under?: string; initial?: string };
  dimension?: boolean;
  columns: Column[];
  rows(report: unknown): Row[];
}

const LINE_COLUMNS: Column[] = [
  { key: 'date', title: '日期', width: 100 },
  { key: 'number', title: '凭证号', width: 80 },
  { key: 'memo', title: '摘要' },
  { key: 'account', title: '科目' },
  { key: 'counterparty', title: '往来单位', width: 120 },
  { key: 'debit', title: '借方', money: true, width: 120 },
  { key: 'credit', title: '贷方', money: true, width: 120 },
  { key: 'direction', title: '方向', width: 50 },
  { key: 'balance', title: '余额', money: true, width: 120 },
];

// A line's other side is left blank, as in the paper books (a reversal's red amounts are negative).
const blankZero = (a: string) => (a === '0.00' ? '' : a);
const lineRow = (e: JournalEntry, i: number): Row => ({ ...e, key: `${e.voucherId}-${i}`, account: `${e.accountCode} ${e.accountName}`, debit: blankZero(e.debit), credit: blankZero(e.credit) });
const balanceRow = (key: string, memo: string, b: { direction: string; balance: string }): Row => ({ key, memo, ...b, emphasis: true });

export const REPORTS: ReportSpec[] = [
  {
    key: 'general-ledger',
    label: '总账',
    route: 'general-ledger',
    when: 'range',
    account: { required: false },
    columns: [
      { key: 'code', title: '科目编码', width: 90 },
      { key: 'name', title: '科目名称' },
      { key: 'period', title: '期间', width: 90 },
      { key: 'summary', title: '摘要', width: 90 },
      { key: 'debit', title: '借方', money: true, width: 130 },
      { key: 'credit', title: '贷方', money: true, width: 130 },
      { key: 'direction', title: '方向', width: 50 },
      { key: 'balance', title: '余额', money: true, width: 130 },
    ],
    rows: (r) => (r as GeneralLedger).rows.map((x, i) => ({ ...x, key: String(i), emphasis: x.summary === '期初余额' })),
  },
  {
    key: 'subsidiary-ledger',
    label: '明细账',
    route: 'subsidiary-ledger',
    when: 'range',
    account: { required: true, initial: '102' },
    dimension: true,
    columns: LINE_COLUMNS,
    rows: (r) => {
      const l = r as SubsidiaryLedger;
      return [balanceRow('opening', '期初余额', l.opening), ...l.entries.map(lineRow), balanceRow('closing', '期末余额', l.closing)];
    },
  },
  {
    key: 'journal',
    label: '序时账',
    route: 'journal',
    when: 'range',
    columns: LINE_COLUMNS.filter((c) => c.key !== 'direction' && c.key !== 'balance'),
    rows: (r) => (r as Journal).entries.map(lineRow),
  },
  ...(['101', '102'] as const).map(
    (under): ReportSpec => ({
      key: `cash-journal-${under}`,
      label: under === '101' ? '现金日记账' : '银行存款日记账',
      route: 'cash-journal',
      when: 'range',
      account: { required: true, under, initial: under },
      columns: LINE_COLUMNS,
      rows: (r) => {
        // Each day's lines, then its 本日合计 (debit, credit and the balance at the day's end).
        const l = r as CashJournal;
        const totals = new Map(l.dailyTotals.map((d) => [d.date, d]));
        const rows: Row[] = [balanceRow('opening', '期初余额', l.opening)];
        l.entries.forEach((e, i) => {
          rows.push(lineRow(e, i));
          const day = totals.get(e.date);
          if (day && l.entries[i + 1]?.date !== e.date) rows.push({ key: `day-${e.date}`, date: e.date, memo: day.summary, debit: day.debit, credit: day.credit, direction: day.direction, balance: day.balance, emphasis: true });
        });
        rows.push(balanceRow('closing', '期末余额', l.closing));
        return rows;
      },
    }),
  ),
  {
    key: 'balance-sheet',
    label: '资产负债表',
    route: 'balance-sheet',
    when: 'period',
    columns: [
      { key: 'name', title: '项目' },
      { key: 'id', title: '行次', width: 70 },
      { key: 'beginning', title: '年初数', money: true, width: 150 },
      { key: 'ending', title: '期末数', money: true, width: 150 },
    ],
    rows: (r) => (r as BalanceSheet).rows.map((x) => ({ ...x, key: x.id, emphasis: /(合计|总计)$/.test(x.name) })),
  },
  {
    key: 'income-statement',
    label: '收益及收益分配表',
    route: 'income-statement',
    when: 'year',
    columns: [
      { key: 'name', title: '项目' },
      { key: 'line', title: '行次', width: 70 },
      { key: 'amount', title: '本年累计数', money: true, width: 160 },
    ],
    rows: (r) => (r as IncomeStatement).rows.map((x) => ({ ...x, key: x.line, emphasis: /^[一二三四五六]、/.test(x.name) })),
  },
];

const KINDS = ['counterparty', 'shareholder', 'household'] as const;

/** A report on screen with the controls it needs, its CSV/XLSX files and its print view. */
export function LedgerReport({ spec }: { spec: ReportSpec }) {
  const books = useBooks();
  const session = useSession();
  const { message } = App.useApp();
  const month = todayInShanghai().slice(0, 7);
  const [from, setFrom] = useState(month);
  const [to, setTo] = useState(month);
  const [year, setYear] = useState(month.slice(0, 4));
  const [account, setAccount] = useState<string | undefined>(spec.account?.initial);
  const [kind, setKind] = useState<Dimension['kind'] | ''>('');
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<Dimension | null>(null);
  const [report, setReport] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const accounts = useAccounts(books?.orgId, books?.ledger.id);
  const readsRegister = session.can(Permission.SharesRead);
  const search = useRegisterSearch(books?.orgId, readsRegister && spec.dimension === true);
  const kinds = useMemo(() => (kind ? [kind] : []), [kind]);

  // The dimension's value: a counterparty's name as typed, a shareholder's or household's id as chosen.
  const value = kind === 'counterparty' ? text.trim() || undefined : chosen?.kind === kind && chosen.label === text ? chosen.value : undefined;
  const query = useMemo(() => {
    const q: Record<string, string> = {};
    if (spec.when === 'range') Object.assign(q, { from, to });
    if (spec.when === 'period') q.period = to;
    if (spec.when === 'year') q.year = year;
    if (spec.account && account) q.account = account;
    if (kind && value) Object.assign(q, { dimension: kind, value });
    return q;
  }, [spec, from, to, year, account, kind, value]);
  const ready = !spec.account?.required || !!account;

  useEffect(() => {
    if (!books || !ready) return;
    let live = true;
    setLoading(true);
    // Every report route takes the same query (ReportQueryDto); the path names which report.
    const path = `/api/v1/orgs/{orgId}/ledgers/{ledgerId}/reports/${spec.route}` as '/api/v1/orgs/{orgId}/ledgers/{ledgerId}/reports/journal';
    read<unknown>(api.GET(path, { params: { path: { orgId: books.orgId, ledgerId: books.ledger.id }, query } }))
      .then((r) => live && setReport(r))
      .catch((e) => {
        if (!live) return;
        setReport(null);
        message.error(errorText(e));
      })
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [books, spec, query, ready, message]);

  if (!books) return null;
  const file = (format: 'csv' | 'xlsx') =>
    download(`/api/v1/orgs/${books.orgId}/ledgers/${books.ledger.id}/reports/${spec.route}?${new URLSearchParams({ ...query, format })}`, `${spec.key}.${format}`).catch((e) => message.error(errorText(e)));
  const choices = accounts.filter((a) => (spec.account?.under ? a.code.startsWith(spec.account.under) : true));
  const named = accounts.find((a) => a.code === account);
  const when = spec.when === 'range' ? `${from} 至 ${to}` : spec.when === 'period' ? `${to} 月末` : `${year} 年度`;
  const rows = report ? spec.rows(report) : [];

  return (
    <>
      <Space wrap className="no-print" style={{ marginBottom: 12 }}>
        {spec.when === 'range' && <RangePicker from={from} to={to} onChange={(f, t) => { setFrom(f); setTo(t); }} />}
        {spec.when === 'period' && <MonthPicker value={to} onChange={setTo} />}
        {spec.when === 'year' && <MonthPicker year value={year} onChange={setYear} />}
        {spec.account && (
          <Select
            aria-label="科目"
            showSearch={{ optionFilterProp: 'label' }}
            allowClear={!spec.account.required}
            placeholder="全部一级科目"
            style={{ width: 220 }}
            value={account}
            onChange={(v?: string) => setAccount(v)}
            options={choices.map((a) => ({ value: a.code, label: `${a.code} ${a.name}` }))}
          />
        )}
        {spec.dimension && (
          <Select
            aria-label="辅助核算"
            style={{ width: 130 }}
            value={kind}
            onChange={(k: Dimension['kind'] | '') => { setKind(k); setText(''); setChosen(null); }}
            options={[{ value: '', label: '不分辅助核算' }, ...KINDS.filter((k) => k === 'counterparty' || readsRegister).map((k) => ({ value: k, label: `按${DIMENSION_NAMES[k]}` }))]}
          />
        )}
        {spec.dimension && kind && (
          <DimensionPicker label="辅助核算对象" width={240} text={text} search={search} kinds={kinds} onChange={(t, c) => { setText(t); if (c) setChosen(c); }} />
        )}
        <FileButtons onFile={file} />
      </Space>
      <Typography.Title level={4} style={{ textAlign: 'center' }}>
        {spec.label}
      </Typography.Title>
      <Typography.Paragraph style={{ textAlign: 'center' }}>
        {books.ledger.name}
        {'\u3000'}
        {when}
        {named && spec.account ? `\u3000科目：${named.code} ${named.name}` : ''}
        {kind && value ? `\u3000${DIMENSION_NAMES[kind]}：${text}` : ''}
        {'\u3000'}单位：元
        {(report as BalanceSheet | null)?.balanced === false ? '\u3000（资产与负债及所有者权益不相等！）' : ''}
      </Typography.Paragraph>
      <Table<Row>
        rowKey="key"
        size="small"
        bordered
        loading={loading}
        pagination={false}
        dataSource={rows}
        rowClassName={(r) => (r.emphasis ? 'report-emphasis' : '')}
        columns={spec.columns.map((c) => ({
          title: c.title,
          dataIndex: c.key,
          width: c.width,
          className: c.money ? 'money' : undefined,
          render: (v: Cell) => (typeof v !== 'string' ? '' : c.money ? (v ? formatMoney(v) : '') : v),
        }))}
      />
    </>
  );
}
