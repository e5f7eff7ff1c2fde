import { App, Button, Card, DatePicker, Descriptions, Drawer, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, read } from '../../api/client';
import { errorText } from '../../api/errors';
import { listVouchers } from '../../api/lists';
import type { Voucher } from '../../api/views';
import { periodParam, todayInShanghai } from '../../lib/dates';
import { amountInWords, formatMoney } from '../../lib/money';
import { Permission, useBooks, useSession } from '../session';
import { useAccounts } from '../useAccounts';

const STATUS: Record<string, { text: string; color: string }> = {
  draft: { text: '草稿', color: 'default' },
  reviewed: { text: '已审核', color: 'blue' },
  posted: { text: '已记账', color: 'green' },
};

const PAGE = 20;

/** 记-0007 as printed on the voucher; a draft has no number until it is posted. */
export const voucherNumber = (v: Voucher) => v.number ?? '（未编号）';

export default function VoucherListPage() {
  const books = useBooks();
  const s = useSession();
  const { message } = App.useApp();
  // A deep link may name the month: /vouchers?period=2024-03.
  const [search] = useSearchParams();
  const [period, setPeriod] = useState(periodParam(search.get('period')) ?? todayInShanghai().slice(0, 7));
  const [status, setStatus] = useState<string | undefined>();
  const [text, setText] = useState('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<{ items: Voucher[]; nextCursor: string | null }>({ items: [], nextCursor: null });
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<Voucher | null>(null);
  const at = cursors[cursors.length - 1];

  const load = useCallback(async () => {
    if (!books) return;
    setLoading(true);
    try {
      setPage(await listVouchers(books.orgId, books.ledger.id, { period, status, text: text.trim() || undefined, limit: PAGE, cursor: at }));
    } catch (error) {
      message.error(errorText(error));
    } finally {
      setLoading(false);
    }
  }, [books, period, status, text, at, message]);

  useEffect(() => {
    void load();
  }, [load]);

  // A register's link (/vouchers?voucher=<id>, e.g. a card's acquisition or a depreciation run) opens that voucher.
  const linked = search.get('voucher');
  useEffect(() => {
    if (!books || !linked) return;
    read<Voucher>(api.GET('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/vouchers/{voucherId}', { params: { path: { orgId: books.orgId, ledgerId: books.ledger.id, voucherId: linked } } }))
      .then(setOpen)
      .catch((error) => message.error(errorText(error)));
  }, [books, linked, message]);

  const refilter = (f: () => void) => {
    f();
    setCursors([null]);
  };
  const who = (id: string | null) => (!id ? '' : id === s.me.id ? s.me.username : `用户 ${id.slice(0, 8)}`);

  if (!books) return null;
  return (
    <Card title="凭证列表">
      <Space wrap style={{ marginBottom: 12 }} className="no-print">
        <DatePicker picker="month" aria-label="会计期间" allowClear={false} value={dayjs(`${period}-01`)} onChange={(d) => d && refilter(() => setPeriod(d.format('YYYY-MM')))} />
        <Select
          aria-label="状态"
          style={{ width: 120 }}
          allowClear
          placeholder="全部状态"
          value={status}
          onChange={(v) => refilter(() => setStatus(v))}
          options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.text }))}
        />
        <Input.Search aria-label="搜索" placeholder="摘要、金额或科目编码" allowClear style={{ width: 260 }} onSearch={(v) => refilter(() => setText(v))} />
      </Space>
      <Table<Voucher>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={page.items}
        pagination={false}
        onRow={(v) => ({ onDoubleClick: () => setOpen(v) })}
        columns={[
          { title: '日期', dataIndex: 'date', width: 110 },
          { title: '凭证号', render: (_, v) => voucherNumber(v), width: 100 },
          { title: '摘要', dataIndex: 'memo', render: (m: string, v) => (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen(v)}>
                {m}
              </Button>
            ) },
          { title: '金额', dataIndex: 'totalDebit', className: 'money', render: (a: string) => formatMoney(a), width: 140 },
          { title: '状态', dataIndex: 'status', width: 90, render: (st: string, v) => <Tag color={STATUS[st]?.color}>{v.reversedById ? '已冲销' : (STATUS[st]?.text ?? st)}</Tag> },
          { title: '制单', render: (_, v) => who(v.preparedBy), width: 110 },
          { title: '审核', render: (_, v) => who(v.reviewedBy), width: 110 },
          { title: '记账', render: (_, v) => who(v.postedBy), width: 110 },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          上一页
        </Button>
        <span>第 {cursors.length} 页</span>
        <Button disabled={!page.nextCursor} onClick={() => setCursors((c) => [...c, page.nextCursor])}>
          下一页
        </Button>
      </Space>
      {open && <VoucherDrawer voucher={open} onClose={() => setOpen(null)} onChanged={(v) => { setOpen(v); void load(); }} who={who} />}
    </Card>
  );
}

function VoucherDrawer({ voucher, onClose, onChanged, who }: { voucher: Voucher; onClose(): void; onChanged(v: Voucher): void; who(id: string | null): string }) {
  const books = useBooks()!;
  const s = useSession();
  const { message } = App.useApp();
  const accounts = useAccounts(books.orgId, books.ledger.id);
  const name = (code: string) => accounts.find((a) => a.code === code)?.name ?? '';
  const [busy, setBusy] = useState(false);
  const [reversing, setReversing] = useState(false);
  const [reverseDate, setReverseDate] = useState(todayInShanghai());
  const [reverseMemo, setReverseMemo] = useState('');
  const path = { orgId: books.orgId, ledgerId: books.ledger.id, voucherId: voucher.id };

  const act = async (label: string, call: () => Promise<Voucher>) => {
    setBusy(true);
    try {
      const v = await call();
      message.success(`${label}成功`);
      onChanged(v);
    } catch (error) {
      message.error(`${label}未完成：${errorText(error)}`);
    } finally {
      setBusy(false);
    }
  };
  // The API refuses a review by the preparer (REVIEWER_IS_PREPARER): the button is not offered.
  const mayReview = voucher.status === 'draft' && s.can(Permission.VoucherReview) && voucher.preparedBy !== s.me.id;
  const mayPost = voucher.status === 'reviewed' && s.can(Permission.VoucherPost);
  const mayReverse = voucher.status === 'posted' && !voucher.reversedById && !voucher.reversesId && s.can(Permission.VoucherPost);

  return (
    <Drawer open width={860} title={`${voucherNumber(voucher)}\u3000${voucher.memo}`} onClose={onClose}>
      <Descriptions size="small" column={3} bordered>
        <Descriptions.Item label="日期">{voucher.date}</Descriptions.Item>
        <Descriptions.Item label="状态">{STATUS[voucher.status]?.text ?? voucher.status}</Descriptions.Item>
        <Descriptions.Item label="附件">{voucher.attachments} 张</Descriptions.Item>
        <Descriptions.Item label="制单">{who(voucher.preparedBy)}</Descriptions.Item>
        <Descriptions.Item label="审核">{who(voucher.reviewedBy)}</Descriptions.Item>
        <Descriptions.Item label="记账">{who(voucher.postedBy)}</Descriptions.Item>
      </Descriptions>
      <Table
        style={{ marginTop: 12 }}
        size="small"
        rowKey="lineNo"
        pagination={false}
        dataSource={voucher.lines}
        columns={[
          { title: '摘要', dataIndex: 'memo', render: (m: string | null) => m ?? voucher.memo },
          { title: '科目', dataIndex: 'accountCode', render: (c: string) => `${c} ${name(c)}` },
          { title: '往来单位', dataIndex: 'counterparty' },
          { title: '借方', dataIndex: 'debit', className: 'money', render: (a: string | null) => formatMoney(a) },
          { title: '贷方', dataIndex: 'credit', className: 'money', render: (a: string | null) => formatMoney(a) },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={3}>
              合计：{amountInWords(voucher.totalDebit)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} className="money">{formatMoney(voucher.totalDebit)}</Table.Summary.Cell>
            <Table.Summary.Cell index={4} className="money">{formatMoney(voucher.totalCredit)}</Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      <Space style={{ marginTop: 16 }}>
        {mayReview && (
          <Button type="primary" loading={busy} onClick={() => act('审核', () => read<Voucher>(api.POST('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/vouchers/{voucherId}/review', { params: { path } })))}>
            审核
          </Button>
        )}
        {mayPost && (
          <Button type="primary" loading={busy} onClick={() => act('记账', () => read<Voucher>(api.POST('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/vouchers/{voucherId}/post', { params: { path } })))}>
            记账
          </Button>
        )}
        {mayReverse && (
          <Button danger onClick={() => setReversing(true)}>
            红字冲销
          </Button>
        )}
      </Space>
      <Modal
        open={reversing}
        title="红字冲销"
        okText="冲销"
        cancelText="取消"
        confirmLoading={busy}
        onCancel={() => setReversing(false)}
        onOk={() =>
          act('冲销', () =>
            read<Voucher>(
              api.POST('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/vouchers/{voucherId}/reverse', { params: { path }, body: { date: reverseDate, ...(reverseMemo.trim() ? { memo: reverseMemo.trim() } : {}) } }),
            ),
          ).then(() => setReversing(false))
        }
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>冲销凭证将以红字（负数）金额记入所选日期的月份。</Typography.Text>
          <Input aria-label="冲销日期" addonBefore="冲销日期" value={reverseDate} onChange={(e) => setReverseDate(e.target.value)} />
          <Input aria-label="冲销说明" addonBefore="说明" value={reverseMemo} onChange={(e) => setReverseMemo(e.target.value)} placeholder="例如：冲销错记的租金收入" />
        </Space>
      </Modal>
    </Drawer>
  );
}
