import { Alert, App, Button, Card, Input, Modal, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { api, read } from '../../api/client';
import { errorText } from '../../api/errors';
import type { Account } from '../../api/views';
import { formatMoney, fromCents, normalizeAmount, sumAmounts, toCents } from '../../lib/money';
import { Permission, useBooks, useSession } from '../session';
import { useAccounts } from '../useAccounts';

const CATEGORY: Record<string, string> = { asset: '资产', liability: '负债', equity: '所有者权益', cost: '成本', income: '损益', expense: '损益', profit: '损益' };

/** 科目 (the chart, with sub-accounts) and 期初余额 (opening balances, checked debits = credits). */
export default function AccountsPage() {
  const [version, setVersion] = useState(0);
  const books = useBooks();
  const accounts = useAccounts(books?.orgId, books?.ledger.id, version);
  return (
    <Card title="科目与期初余额">
      <Tabs
        items={[
          { key: 'chart', label: '会计科目', children: <Chart accounts={accounts} onAdded={() => setVersion((v) => v + 1)} /> },
          { key: 'opening', label: '期初余额', children: <OpeningBalances accounts={accounts} /> },
        ]}
      />
    </Card>
  );
}

function Chart({ accounts, onAdded }: { accounts: Account[]; onAdded(): void }) {
  const books = useBooks()!;
  const s = useSession();
  const { message } = App.useApp();
  const [parent, setParent] = useState<Account | null>(null);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = async () => {
    if (!parent) return;
    try {
      await read(api.POST('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/accounts', { params: { path: { orgId: books.orgId, ledgerId: books.ledger.id } }, body: { code, name, parentCode: parent.code } }));
      message.success(`已增加科目 ${code} ${name}`);
      setParent(null);
      onAdded();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <>
      <Table<Account>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={accounts}
        columns={[
          { title: '科目编码', dataIndex: 'code', width: 120 },
          { title: '科目名称', dataIndex: 'name', render: (n: string, a) => <span style={{ paddingLeft: (a.code.length - 3) * 6 }}>{n}</span> },
          { title: '类别', dataIndex: 'category', render: (c: string) => CATEGORY[c] ?? c, width: 100 },
          { title: '余额方向', dataIndex: 'normalSide', render: (d: string) => (d === 'debit' ? '借' : '贷'), width: 90 },
          { title: '', render: (_, a) => (a.needsCounterparty ? <Tag>按往来单位核算</Tag> : null), width: 140 },
          {
            title: '',
            width: 120,
            render: (_, a) =>
              s.can(Permission.BooksManage) && (
                <Button size="small" onClick={() => { setParent(a); setCode(`${a.code}${String(accounts.filter((x) => x.parentCode === a.code).length + 1).padStart(2, '0')}`); setName(''); setError(null); }}>
                  增加下级
                </Button>
              ),
          },
        ]}
      />
      <Modal open={parent !== null} title={`在 ${parent?.code} ${parent?.name} 下增加下级科目`} okText="增加" cancelText="取消" onOk={add} onCancel={() => setParent(null)}>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} />}
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input aria-label="科目编码" addonBefore="科目编码" value={code} onChange={(e) => setCode(e.target.value)} />
          <Input aria-label="科目名称" addonBefore="科目名称" value={name} onChange={(e) => setName(e.target.value)} />
        </Space>
      </Modal>
    </>
  );
}

function OpeningBalances({ accounts }: { accounts: Account[] }) {
  const books = useBooks()!;
  const s = useSession();
  const { message } = App.useApp();
  const [values, setValues] = useState<Record<string, { debit: string; credit: string }>>({});
  const leaves = accounts.filter((a) => a.leaf && ['asset', 'liability', 'equity', 'cost'].includes(a.category));
  const debit = sumAmounts(Object.values(values).map((v) => normalizeAmount(v.debit)));
  const credit = sumAmounts(Object.values(values).map((v) => normalizeAmount(v.credit)));
  const difference = fromCents(toCents(debit) - toCents(credit));
  const editable = s.can(Permission.BooksManage);
  const save = async () => {
    const lines = Object.entries(values)
      .filter(([, v]) => v.debit || v.credit)
      .map(([accountCode, v]) => ({ accountCode, ...(v.debit ? { debit: normalizeAmount(v.debit) ?? v.debit } : {}), ...(v.credit ? { credit: normalizeAmount(v.credit) ?? v.credit } : {}) }));
    try {
      await read(api.POST('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/opening-balances', { params: { path: { orgId: books.orgId, ledgerId: books.ledger.id } }, body: { lines } }));
      message.success('期初余额已保存');
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const cell = (code: string, side: 'debit' | 'credit') => (
    <Input
      className="money"
      disabled={!editable}
      value={values[code]?.[side] ?? ''}
      onChange={(e) => {
        const typed = e.target.value;
        // Typing one side clears the other: an opening balance sits on one side.
        setValues((v) => ({ ...v, [code]: { ...(v[code] ?? { debit: '', credit: '' }), ...(typed ? { debit: '', credit: '' } : {}), [side]: typed } }));
      }}
    />
  );
  return (
    <>
      <Alert
        type={difference === '0.00' ? 'success' : 'warning'}
        showIcon
        style={{ marginBottom: 12 }}
        message={`试算平衡：借方合计 ${formatMoney(debit)}，贷方合计 ${formatMoney(credit)}${difference === '0.00' ? '，平衡' : `，差额 ${formatMoney(difference)}`}`}
      />
      <Table<Account>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={leaves}
        columns={[
          { title: '科目', render: (_, a) => `${a.code} ${a.name}` },
          { title: '借方余额', width: 180, render: (_, a) => cell(a.code, 'debit') },
          { title: '贷方余额', width: 180, render: (_, a) => cell(a.code, 'credit') },
        ]}
      />
      {editable && (
        <Button type="primary" style={{ marginTop: 12 }} disabled={difference !== '0.00'} onClick={save}>
          保存期初余额
        </Button>
      )}
    </>
  );
}
