import { App, Button, Card, Empty, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, download, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import type { Ledger, Page } from '../../../api/views';
import { allPages } from '../../../api/lists';
import { formatMoment, todayInShanghai } from '../../../lib/dates';
import { formatMoney, normalizeAmount, sumAmounts } from '../../../lib/money';
import { Permission, useSession } from '../../session';
import { BUDGET_STATUS, type BudgetLine, type BudgetVersion, type Execution, type ExecutionRow } from './views';

interface EditRow {
  key: number;
  itemCode: string;
  itemName: string;
  amount: string;
  accounts: string;
}

const money = (a: string) => formatMoney(a);

/**
 * 预算 of a public ledger (村级公共开支账): its versions for a year, the lines of a draft, approval by
 * the board, an adjustment as a new version with its reason; 预算执行 with CSV/XLSX. A warning's
 * budget line opens here with ?org=&ledger=&year=&item=.
 */
export default function BudgetPage() {
  const s = useSession();
  const { message } = App.useApp();
  const [search] = useSearchParams();
  const orgId = search.get('org') ?? s.org.id;
  const [ledgers, setLedgers] = useState<Ledger[]>([]);
  const [ledgerId, setLedgerId] = useState<string | null>(search.get('ledger'));
  const [year, setYear] = useState<number>(Number(search.get('year') ?? todayInShanghai().slice(0, 4)));
  const [versions, setVersions] = useState<BudgetVersion[]>([]);
  const [editing, setEditing] = useState<'new' | 'draft' | 'adjust' | null>(null);
  const [rows, setRows] = useState<EditRow[]>([]);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [month, setMonth] = useState<string>(`${year}-12`);
  const [execution, setExecution] = useState<Execution | null>(null);
  const item = search.get('item');
  // Writes are the organization's own staff's; a supervisor coming from a warning reads.
  const own = orgId === s.org.id;

  useEffect(() => {
    allPages<Ledger>((query) => read<Page<Ledger>>(api.GET('/api/v1/orgs/{orgId}/ledgers', { params: { path: { orgId }, query: query as never } })))
      .then((list) => {
        const pub = list.filter((l) => l.kind === 'public');
        setLedgers(pub);
        setLedgerId((current) => (current && pub.some((l) => l.id === current) ? current : pub[0]?.id ?? null));
      })
      .catch((e) => message.error(errorText(e)));
  }, [orgId, message]);

  const load = useCallback(async () => {
    if (!ledgerId) return;
    const path = { orgId, ledgerId };
    const history = await read<{ year: number; versions: BudgetVersion[] }>(api.GET('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/budgets', { params: { path, query: { year: String(year) } } }));
    setVersions(history.versions);
    // No approved budget for the year yet: the report is not there (BUDGET_NOT_FOUND), nothing to show.
    const report = await read<Execution>(api.GET('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/budget-execution', { params: { path, query: { year: String(year), period: month } } })).catch(() => null);
    setExecution(report);
  }, [orgId, ledgerId, year, month]);

  useEffect(() => {
    load().catch((e) => message.error(errorText(e)));
  }, [load, message]);

  useEffect(() => setMonth(`${year}-12`), [year]);

  const latest = versions[versions.length - 1];
  const edit = (mode: 'new' | 'draft' | 'adjust', lines: BudgetLine[]) => {
    setRows(lines.map((l, i) => ({ key: i, itemCode: l.itemCode, itemName: l.itemName, amount: l.amount, accounts: l.accounts.join(' ') })));
    setReason('');
    setEditing(mode);
  };
  const parsed = useMemo(
    () => rows.map((r) => ({ itemCode: r.itemCode.trim().toUpperCase(), itemName: r.itemName.trim(), amount: normalizeAmount(r.amount), accounts: r.accounts.split(/[\s,，]+/).filter(Boolean) })),
    [rows],
  );
  const valid = parsed.length > 0 && parsed.every((l) => l.itemCode && l.itemName && l.amount !== null && l.accounts.length > 0) && (editing !== 'adjust' || reason.trim().length >= 2);

  const run = async (label: string, call: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await call();
      message.success(`${label}成功`);
      setEditing(null);
      await load();
    } catch (error) {
      message.error(`${label}未完成：${errorText(error)}`);
    } finally {
      setBusy(false);
    }
  };

  const save = () => {
    if (!ledgerId) return;
    const path = { orgId, ledgerId };
    const lines = parsed.map((l) => ({ ...l, amount: l.amount ?? '0.00' }));
    if (editing === 'new') return run('新建预算', () => read(api.POST('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/budgets', { params: { path }, body: { year, lines } })));
    if (editing === 'adjust') return run('预算调整', () => read(api.POST('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/budgets/adjustments', { params: { path }, body: { year, lines, reason: reason.trim() } })));
    if (latest) return run('保存预算明细', () => read(api.PUT('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/budgets/{versionId}/lines', { params: { path: { ...path, versionId: latest.id } }, body: { lines } })));
  };

  const file = (format: 'csv' | 'xlsx') =>
    ledgerId && download(`/api/v1/orgs/${orgId}/ledgers/${ledgerId}/budget-execution?${new URLSearchParams({ year: String(year), period: month, format })}`, `budget-execution-${month}.${format}`).catch((e) => message.error(errorText(e)));
  const setRow = (key: number, patch: Partial<EditRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const mayManage = own && s.can(Permission.BudgetManage);

  if (ledgers.length === 0) return <Card title="预算"><Empty description="该组织没有村级公共开支账（公共账套）" /></Card>;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title="预算"
        extra={
          <Space>
            {ledgers.length > 1 && <Select aria-label="公共账套" style={{ width: 200 }} value={ledgerId} onChange={setLedgerId} options={ledgers.map((l) => ({ value: l.id, label: l.name }))} />}
            <InputNumber aria-label="预算年度" min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} addonAfter="年" />
          </Space>
        }
      >
        <Table<BudgetVersion>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={versions}
          locale={{ emptyText: `${year} 年还没有预算` }}
          columns={[
            { title: '版本', dataIndex: 'version', render: (v: number) => (v === 1 ? '原预算' : `第 ${v - 1} 次调整`) },
            { title: '状态', dataIndex: 'status', render: (st: string) => <Tag color={BUDGET_STATUS[st]?.color}>{BUDGET_STATUS[st]?.text ?? st}</Tag> },
            { title: '合计', dataIndex: 'total', className: 'money', render: money },
            { title: '调整原因', dataIndex: 'reason', render: (r: string | null) => r ?? '' },
            { title: '批准时间', dataIndex: 'approvedAt', render: (t: string | null) => formatMoment(t) },
          ]}
        />
        {latest && !editing && (
          <Table<BudgetLine>
            style={{ marginTop: 12 }}
            rowKey="itemCode"
            size="small"
            pagination={false}
            title={() => `${latest.version === 1 ? '原预算' : `第 ${latest.version - 1} 次调整`}的明细`}
            dataSource={latest.lines}
            rowClassName={(l) => (l.itemCode === item ? 'ant-table-row-selected' : '')}
            columns={[
              { title: '编码', dataIndex: 'itemCode' },
              { title: '项目', dataIndex: 'itemName' },
              { title: '预算金额', dataIndex: 'amount', className: 'money', render: money },
              { title: '对应科目', dataIndex: 'accounts', render: (a: string[]) => a.join('、') },
            ]}
          />
        )}
        {!editing && (
          <Space style={{ marginTop: 12 }}>
            {mayManage && !latest && <Button type="primary" onClick={() => edit('new', [{ itemCode: '', itemName: '', amount: '', accounts: [] }])}>新建 {year} 年预算</Button>}
            {mayManage && latest?.status === 'draft' && <Button onClick={() => edit('draft', latest.lines)}>编辑明细</Button>}
            {own && s.can(Permission.BudgetApprove) && latest?.status === 'draft' && (
              <Button type="primary" loading={busy} onClick={() => void run('批准预算', () => read(api.POST('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/budgets/{versionId}/approve', { params: { path: { orgId, ledgerId: latest.ledgerId, versionId: latest.id } } })))}>
                批准预算
              </Button>
            )}
            {mayManage && latest?.status === 'approved' && <Button onClick={() => edit('adjust', latest.lines)}>调整预算</Button>}
          </Space>
        )}
        {editing && (
          <div style={{ marginTop: 12 }}>
            <Table<EditRow>
              rowKey="key"
              size="small"
              pagination={false}
              dataSource={rows}
              columns={[
                { title: '编码', render: (_, r) => <Input aria-label="编码" value={r.itemCode} placeholder="如 ZA" onChange={(e) => setRow(r.key, { itemCode: e.target.value })} /> },
                { title: '项目', render: (_, r) => <Input aria-label="项目" value={r.itemName} placeholder="如 治安" onChange={(e) => setRow(r.key, { itemName: e.target.value })} /> },
                { title: '预算金额', render: (_, r) => <Input aria-label="预算金额" value={r.amount} placeholder="0.00" onChange={(e) => setRow(r.key, { amount: e.target.value })} status={r.amount && !normalizeAmount(r.amount) ? 'error' : undefined} /> },
                { title: '对应科目（空格分隔）', render: (_, r) => <Input aria-label="对应科目" value={r.accounts} placeholder="如 51101" onChange={(e) => setRow(r.key, { accounts: e.target.value })} /> },
                { title: '', render: (_, r) => <Button size="small" onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>删除</Button> },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>合计</Table.Summary.Cell>
                  <Table.Summary.Cell index={2} className="money">{money(sumAmounts(parsed.map((l) => l.amount)))}</Table.Summary.Cell>
                  <Table.Summary.Cell index={3} colSpan={2} />
                </Table.Summary.Row>
              )}
            />
            {editing === 'adjust' && <Input.TextArea aria-label="调整原因" style={{ marginTop: 8 }} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="调整原因，例如：村民代表会议决定增加环卫支出" />}
            <Space style={{ marginTop: 8 }}>
              <Button onClick={() => setRows((rs) => [...rs, { key: Math.max(-1, ...rs.map((r) => r.key)) + 1, itemCode: '', itemName: '', amount: '', accounts: '' }])}>添加一行</Button>
              <Button type="primary" loading={busy} disabled={!valid} onClick={() => void save()}>
                {editing === 'adjust' ? '提交调整（新版本）' : '保存'}
              </Button>
              <Button onClick={() => setEditing(null)}>取消</Button>
            </Space>
          </div>
        )}
      </Card>
      <Card
        title="预算执行"
        extra={
          <Space>
            <Select aria-label="截至月份" style={{ width: 120 }} value={month} onChange={setMonth} options={Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`).map((p) => ({ value: p, label: p }))} />
            <Button disabled={!execution} onClick={() => void file('csv')}>下载 CSV</Button>
            <Button disabled={!execution} onClick={() => void file('xlsx')}>下载 Excel</Button>
          </Space>
        }
      >
        {!execution ? (
          <Empty description="还没有批准的预算" />
        ) : (
          <>
            <Table<ExecutionRow>
              rowKey="itemCode"
              size="small"
              pagination={false}
              dataSource={execution.rows}
              rowClassName={(r) => (r.itemCode === item ? 'ant-table-row-selected' : '')}
              columns={[
                { title: '项目', dataIndex: 'itemName' },
                { title: '年初预算', dataIndex: 'budget', className: 'money', render: money },
                { title: '调整后预算', dataIndex: 'adjustedBudget', className: 'money', render: money },
                { title: '本月支出', dataIndex: 'monthActual', className: 'money', render: money },
                { title: '累计支出', dataIndex: 'ytdActual', className: 'money', render: money },
                { title: '执行率', dataIndex: 'executionPercent', className: 'money', render: (p: string | null) => (p === null ? '—' : `${p}%`) },
                { title: '剩余', dataIndex: 'remaining', className: 'money', render: money },
                { title: '', dataIndex: 'overBudget', render: (o: boolean) => (o ? <Tag color="red">超预算</Tag> : null) },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                  <Table.Summary.Cell index={1} className="money">{money(execution.totals.budget)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={2} className="money">{money(execution.totals.adjustedBudget)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={3} className="money">{money(execution.totals.monthActual)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={4} className="money">{money(execution.totals.ytdActual)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={5} />
                  <Table.Summary.Cell index={6} className="money">{money(execution.totals.remaining)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={7} />
                </Table.Summary.Row>
              )}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              截至 {execution.period}，按第 {execution.version} 版预算；未列入预算的支出 {money(execution.unbudgeted)} 元。
            </Typography.Paragraph>
          </>
        )}
      </Card>
    </Space>
  );
}
