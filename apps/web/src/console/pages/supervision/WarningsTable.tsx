import { App, Button, Descriptions, Drawer, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import type { Page } from '../../../api/views';
import { formatMoment } from '../../../lib/dates';
import { formatMoney } from '../../../lib/money';
import { Permission, useSession } from '../../session';
import { WARNING_STATE, type Warning, type WarningVoucher } from './views';

const colourTag = (c: string) => (c === 'red' ? <Tag color="red">红色</Tag> : <Tag color="gold">黄色</Tag>);

/** Amounts are shown as money, a percent with its sign, a day count (W8 days left, W9/W12/W17/W19 days late) in days. */
const shown = (ruleCode: string, value: string) =>
  /^W(14)$/.test(ruleCode) ? `${value}%` : /^W(1|3|4|10|11|16)$/.test(ruleCode) ? formatMoney(value) : /^W(8|9|12|17|19)$/.test(ruleCode) ? `${value.replace(/\.00$/, '')} 天` : value;
const measure = (w: Warning) => shown(w.ruleCode, w.measured);
const limit = (w: Warning) => shown(w.ruleCode, w.threshold);

/** The drill-down each kind of subject offers. */
const SUBJECT_BUTTON: Record<string, string> = { voucher: '查看凭证', budget_line: '查看预算', contract: '查看合同' };

/** The warnings of one organization (open and acknowledged first), with the drill-down to their subject and the lifecycle actions. */
export function WarningsTable({ orgId, orgName }: { orgId: string; orgName: string }) {
  const s = useSession();
  const { message } = App.useApp();
  const [state, setState] = useState<string | undefined>('open');
  const [items, setItems] = useState<Warning[]>([]);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<Warning | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const page = await read<Page<Warning>>(api.GET('/api/v1/orgs/{orgId}/warnings', { params: { path: { orgId }, query: { limit: '200', ...(state ? { state } : {}) } as never } }));
      setItems(page.items);
    } catch (error) {
      message.error(errorText(error));
    } finally {
      setLoading(false);
    }
  }, [orgId, state, message]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text strong>{orgName} 的预警</Typography.Text>
        <Select
          aria-label="预警状态"
          style={{ width: 140 }}
          allowClear
          placeholder="全部状态"
          value={state}
          onChange={setState}
          options={Object.entries(WARNING_STATE).map(([value, t]) => ({ value, label: t.text }))}
        />
      </Space>
      <Table<Warning>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: '没有预警' }}
        onRow={(w) => ({ onClick: () => setOpen(w), style: { cursor: 'pointer' } })}
        columns={[
          { title: '颜色', dataIndex: 'colour', width: 70, render: colourTag },
          { title: '规则', render: (_, w) => `${w.ruleCode} ${w.ruleName}` },
          { title: '期间', dataIndex: 'period', width: 90 },
          { title: '对象', dataIndex: 'subjectLabel' },
          { title: '实际', className: 'money', render: (_, w) => measure(w) },
          { title: '阈值', className: 'money', render: (_, w) => limit(w) },
          { title: '状态', dataIndex: 'state', width: 90, render: (st: string) => <Tag color={WARNING_STATE[st]?.color}>{WARNING_STATE[st]?.text ?? st}</Tag> },
        ]}
      />
      {open && (
        <WarningDrawer
          warning={open}
          mayHandle={s.can(Permission.WarningsHandle)}
          onClose={() => setOpen(null)}
          onChanged={(w) => {
            setOpen(w);
            void load();
          }}
        />
      )}
    </>
  );
}

function WarningDrawer({ warning: w, mayHandle, onClose, onChanged }: { warning: Warning; mayHandle: boolean; onClose(): void; onChanged(w: Warning): void }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const s = useSession();
  const [closing, setClosing] = useState<'resolved' | 'dismissed' | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [voucher, setVoucher] = useState<WarningVoucher | null>(null);
  const live = w.state === 'open' || w.state === 'acknowledged';

  const change = async (state: 'acknowledged' | 'resolved' | 'dismissed', why?: string) => {
    setBusy(true);
    try {
      const next = await read<Warning>(api.POST('/api/v1/orgs/{orgId}/warnings/{warningId}/state', { params: { path: { orgId: w.orgId, warningId: w.id } }, body: { state, ...(why ? { reason: why } : {}) } }));
      message.success(`${WARNING_STATE[state].text}`);
      setClosing(null);
      setReason('');
      onChanged(next);
    } catch (error) {
      message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  const openSubject = async () => {
    try {
      if (w.subjectType === 'voucher' && w.ledgerId) {
        setVoucher(await read<WarningVoucher>(api.GET('/api/v1/orgs/{orgId}/warnings/{warningId}/voucher', { params: { path: { orgId: w.orgId, warningId: w.id } } })));
      } else if (w.subjectType === 'contract') {
        // The contract's own organization (a 经济社 beneath the town): its 合同台账 with the contract open.
        s.selectOrg(w.orgId);
        navigate(`/contracts?${new URLSearchParams({ open: w.subjectId })}`);
      } else if (w.subjectType === 'budget_line') {
        // ledger:year:item
        const [ledgerId, year, item] = w.subjectId.split(':');
        navigate(`/budgets?${new URLSearchParams({ org: w.orgId, ledger: ledgerId, year, item })}`);
      }
    } catch (error) {
      message.error(errorText(error));
    }
  };

  return (
    <Drawer open width={720} title={`${w.ruleCode} ${w.ruleName}`} onClose={onClose}>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label="颜色">{colourTag(w.colour)}</Descriptions.Item>
        <Descriptions.Item label="状态">{WARNING_STATE[w.state]?.text ?? w.state}</Descriptions.Item>
        <Descriptions.Item label="期间">{w.period}</Descriptions.Item>
        <Descriptions.Item label="对象">{w.subjectLabel}</Descriptions.Item>
        <Descriptions.Item label="实际">{measure(w)}</Descriptions.Item>
        <Descriptions.Item label="阈值">{limit(w)}</Descriptions.Item>
        <Descriptions.Item label="首次发现">{formatMoment(w.firstSeen)}</Descriptions.Item>
        <Descriptions.Item label="最近发现">{formatMoment(w.lastSeen)}</Descriptions.Item>
        {w.stateReason && <Descriptions.Item label="处理说明" span={2}>{w.stateReason}（{formatMoment(w.stateAt)}）</Descriptions.Item>}
      </Descriptions>
      <Space style={{ marginTop: 12 }}>
        {SUBJECT_BUTTON[w.subjectType] && <Button onClick={() => void openSubject()}>{SUBJECT_BUTTON[w.subjectType]}</Button>}
        {mayHandle && w.state === 'open' && (
          <Button loading={busy} onClick={() => void change('acknowledged')}>
            确认知悉
          </Button>
        )}
        {mayHandle && live && (
          <>
            <Button type="primary" onClick={() => setClosing('resolved')}>
              已整改
            </Button>
            <Button onClick={() => setClosing('dismissed')}>排除</Button>
          </>
        )}
      </Space>
      {voucher && (
        <div style={{ marginTop: 16 }} data-testid="warning-voucher">
          <Typography.Title level={5}>
            {`凭证 ${voucher.number ?? '（未编号）'}\u3000${voucher.date}\u3000${voucher.memo}`}
          </Typography.Title>
          <Table
            rowKey="lineNo"
            size="small"
            pagination={false}
            dataSource={voucher.lines}
            columns={[
              { title: '摘要', dataIndex: 'memo', render: (m: string | null) => m ?? voucher.memo },
              { title: '科目', render: (_, l: WarningVoucher['lines'][number]) => `${l.accountCode} ${l.accountName}` },
              { title: '借方', dataIndex: 'debit', className: 'money', render: (a: string | null) => (a ? formatMoney(a) : '') },
              { title: '贷方', dataIndex: 'credit', className: 'money', render: (a: string | null) => (a ? formatMoney(a) : '') },
            ]}
          />
        </div>
      )}
      <Modal
        open={closing !== null}
        title={closing === 'resolved' ? '标记为已整改' : '排除预警'}
        okText="确定"
        cancelText="取消"
        okButtonProps={{ disabled: reason.trim().length < 2 }}
        confirmLoading={busy}
        onCancel={() => setClosing(null)}
        onOk={() => closing && void change(closing, reason.trim())}
      >
        <Typography.Paragraph>请写明整改情况或排除的理由，将记入审计日志。</Typography.Paragraph>
        <Input.TextArea aria-label="处理说明" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="例如：超限现金已于次日存入银行" />
      </Modal>
    </Drawer>
  );
}
