import { Alert, App, Button, Card, Descriptions, Drawer, Form, Input, Modal, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { allPages } from '../../../api/lists';
import type { Job, Page } from '../../../api/views';
import { formatMoney, normalizeAmount } from '../../../lib/money';
import { Permission, useBooks, useSession } from '../../session';
import { CYCLE, STATUS, type Contract, type ContractDetail } from './types';

const lastMonth = () => {
  const d = new Date(Date.now() + 8 * 3600_000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
};

/**
 * 合同台账: overdue and expiring contracts highlighted; detail with its schedule and receipts; new
 * contract; the month's accrual. `?open=<contractId>` opens that contract's drawer (a warning's drill-down).
 */
export default function ContractsPage() {
  const books = useBooks();
  const s = useSession();
  const { message } = App.useApp();
  const [contracts, setContracts] = useState<Contract[]>([]);
  const [open, setOpen] = useState<ContractDetail | null>(null);
  const [creating, setCreating] = useState(false);
  const [period, setPeriod] = useState(lastMonth());
  const [job, setJob] = useState<Job | null>(null);
  const [receipt, setReceipt] = useState({ date: '', amount: '' });
  const timer = useRef<number | null>(null);
  const [form] = Form.useForm();
  const orgId = s.org.id;

  const load = useCallback(async () => {
    setContracts(await allPages<Contract>((query) => read<Page<Contract>>(api.GET('/api/v1/orgs/{orgId}/contracts', { params: { path: { orgId }, query: query as never } }))));
  }, [orgId]);
  const show = useCallback(async (id: string) => setOpen(await read<ContractDetail>(api.GET('/api/v1/orgs/{orgId}/contracts/{contractId}', { params: { path: { orgId, contractId: id } } }))), [orgId]);
  const [search, setSearch] = useSearchParams();
  const openId = search.get('open');

  useEffect(() => {
    if (openId) show(openId).catch((e) => message.error(errorText(e)));
  }, [openId, show, message]);
  const close = () => {
    setOpen(null);
    if (openId) setSearch((p) => { p.delete('open'); return p; }, { replace: true });
  };

  useEffect(() => {
    load().catch((e) => message.error(errorText(e)));
    return () => {
      if (timer.current !== null) window.clearInterval(timer.current);
    };
  }, [load, message]);

  const act = async (label: string, call: () => Promise<unknown>) => {
    try {
      await call();
      message.success(`${label}成功`);
      await load();
      if (open) await show(open.id);
    } catch (e) {
      message.error(`${label}未完成：${errorText(e)}`);
    }
  };

  const accrue = async () => {
    if (!books) return;
    try {
      const { jobId } = await read<{ jobId: string }>(api.POST('/api/v1/orgs/{orgId}/contracts/accruals', { params: { path: { orgId } }, body: { ledgerId: books.ledger.id, period } }));
      setJob({ id: jobId, state: 'waiting', progress: 0, result: null, failedReason: null });
      timer.current = window.setInterval(async () => {
        const j = await read<Job>(api.GET('/api/v1/jobs/{id}', { params: { path: { id: jobId } } }));
        setJob(j);
        if (j.state === 'completed' || j.state === 'failed') {
          if (timer.current !== null) window.clearInterval(timer.current);
          await load();
        }
      }, 500);
    } catch (e) {
      message.error(`计提未完成：${errorText(e)}`);
    }
  };

  const create = async () => {
    if (!books) return;
    const v = await form.validateFields();
    const money = (x: string | undefined) => (x ? normalizeAmount(x) ?? x : undefined);
    await act('新建合同', () =>
      read(
        api.POST('/api/v1/orgs/{orgId}/contracts', {
          params: { path: { orgId } },
          body: {
            ledgerId: books.ledger.id,
            number: v.number,
            title: v.title,
            parties: [{ kind: v.kind, name: v.partyName, idCode: v.idCode }],
            objects: [{ description: v.object, area: money(v.area) }],
            startDate: v.startDate,
            endDate: v.endDate,
            billingCycle: v.billingCycle,
            monthlyRent: money(v.monthlyRent)!,
            escalationPercent: v.escalationPercent || undefined,
            deposit: money(v.deposit),
          },
        }),
      ),
    );
    setCreating(false);
  };

  const manage = s.can(Permission.ContractsManage);
  const receive = s.can(Permission.ContractsReceive);
  const result = job?.result as { total?: string; billCount?: number; created?: boolean } | null;
  return (
    <Card
      title="合同台账"
      extra={
        <Space>
          {manage && <Button onClick={() => setCreating(true)}>新建合同</Button>}
        </Space>
      }
    >
      {manage && books && (
        <Space style={{ marginBottom: 12 }} wrap>
          <span>计提月份</span>
          <Input aria-label="计提月份" style={{ width: 110 }} value={period} onChange={(e) => setPeriod(e.target.value)} />
          <Button type="primary" onClick={accrue}>
            计提本月租金
          </Button>
          {job && (
            <Space>
              <Progress type="circle" size={36} percent={job.progress} status={job.state === 'failed' ? 'exception' : undefined} />
              <span data-testid="accrual-state">
                {job.state === 'completed' ? (result?.created === false ? '该月已计提过' : `已计提 ${result?.billCount ?? 0} 份合同，合计 ${formatMoney(result?.total ?? '0.00')} 元`) : job.state === 'failed' ? `失败：${job.failedReason ?? ''}` : '计提中…'}
              </span>
            </Space>
          )}
        </Space>
      )}
      <Table<Contract>
        rowKey="id"
        size="small"
        dataSource={contracts}
        pagination={{ pageSize: 20 }}
        // Overdue rent in red, a lease ending within 30 days in yellow.
        onRow={(c) => ({
          style: { cursor: 'pointer', background: c.overdue !== '0.00' ? '#fff1f0' : c.expiringSoon ? '#fffbe6' : undefined },
          onClick: () => show(c.id).catch((e) => message.error(errorText(e))),
        })}
        columns={[
          { title: '合同编号', dataIndex: 'number' },
          { title: '承租方', render: (_, c) => c.parties.map((p) => p.name).join('、') },
          { title: '标的', render: (_, c) => c.objects.map((o) => o.description).join('、') },
          { title: '期限', render: (_, c) => `${c.startDate} 至 ${c.endDate}` },
          { title: '首年月租金', align: 'right', render: (_, c) => formatMoney(c.monthlyRent) },
          { title: '应收未收', align: 'right', render: (_, c) => formatMoney(c.outstanding) },
          { title: '逾期', align: 'right', render: (_, c) => (c.overdue !== '0.00' ? <Typography.Text type="danger">{formatMoney(c.overdue)}</Typography.Text> : '') },
          {
            title: '状态',
            render: (_, c) => (
              <Space size={4}>
                <Tag color={STATUS[c.status].color}>{STATUS[c.status].text}</Tag>
                {c.expiringSoon && <Tag color="gold">30 天内到期</Tag>}
                {c.overdue !== '0.00' && <Tag color="red">欠租</Tag>}
              </Space>
            ),
          },
        ]}
      />
      <Drawer open={!!open} width={860} title={open ? `${open.number} ${open.title}` : ''} onClose={close}>
        {open && (
          <>
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label="承租方">{open.parties.map((p) => `${p.name}（${p.idCode}）`).join('、')}</Descriptions.Item>
              <Descriptions.Item label="状态">{STATUS[open.status].text}</Descriptions.Item>
              <Descriptions.Item label="期限">{`${open.startDate} 至 ${open.endDate}，${CYCLE[open.billingCycle] ?? open.billingCycle}收租`}</Descriptions.Item>
              <Descriptions.Item label="递增">{open.escalationPercent === '0.00' ? '不递增' : `第二年起每年 +${open.escalationPercent}%`}</Descriptions.Item>
              <Descriptions.Item label="合同总租金">{formatMoney(open.totalRent)}</Descriptions.Item>
              <Descriptions.Item label="应收未收">{formatMoney(open.outstanding)}</Descriptions.Item>
              <Descriptions.Item label="押金">{`${formatMoney(open.deposit)}${open.depositReceived ? '（已收）' : ''}`}</Descriptions.Item>
              <Descriptions.Item label="计租规则">每个合同年度的月租金 = 首年月租金 ×（1 + 递增率）^（年度 − 1），四舍五入到分</Descriptions.Item>
            </Descriptions>
            <Space style={{ margin: '12px 0' }} wrap>
              {manage && open.status === 'draft' && (
                <Button type="primary" onClick={() => act('签订', () => read(api.POST('/api/v1/orgs/{orgId}/contracts/{contractId}/sign', { params: { path: { orgId, contractId: open.id } }, body: { signedOn: open.startDate } })))}>
                  签订生效
                </Button>
              )}
              {receive && open.status !== 'draft' && (
                <>
                  <Input aria-label="收款日期" placeholder="收款日期 2024-03-15" style={{ width: 160 }} value={receipt.date} onChange={(e) => setReceipt({ ...receipt, date: e.target.value })} />
                  <Input aria-label="收款金额" placeholder="金额" style={{ width: 140 }} value={receipt.amount} onChange={(e) => setReceipt({ ...receipt, amount: e.target.value })} />
                  <Button
                    onClick={() =>
                      act('收租', () =>
                        read(api.POST('/api/v1/orgs/{orgId}/contracts/{contractId}/receipts', { params: { path: { orgId, contractId: open.id } }, body: { date: receipt.date, amount: normalizeAmount(receipt.amount) ?? receipt.amount } })),
                      )
                    }
                  >
                    登记收租
                  </Button>
                </>
              )}
            </Space>
            <Typography.Title level={5}>租金计划</Typography.Title>
            <Table
              rowKey="seq"
              size="small"
              pagination={{ pageSize: 12 }}
              dataSource={open.schedule}
              columns={[
                { title: '期次', dataIndex: 'seq' },
                { title: '应收日', dataIndex: 'dueDate' },
                { title: '期间', render: (_, b) => `${b.periodStart} 至 ${b.periodEnd}` },
                { title: '月租金', align: 'right', render: (_, b) => formatMoney(b.monthlyAmount) },
                { title: '应收', align: 'right', render: (_, b) => formatMoney(b.amount) },
                { title: '已收', align: 'right', render: (_, b) => formatMoney(b.received) },
                { title: '未收', align: 'right', render: (_, b) => formatMoney(b.outstanding) },
                { title: '', render: (_, b) => (b.accrued ? <Tag>已计提</Tag> : null) },
              ]}
            />
            <Typography.Title level={5}>收款记录</Typography.Title>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={open.receipts}
              columns={[
                { title: '日期', dataIndex: 'date' },
                { title: '金额', align: 'right', render: (_, r) => formatMoney(r.amount) },
                { title: '冲抵（先到期先冲）', render: (_, r) => r.applied.map((a) => `${a.dueDate} ${formatMoney(a.amount)}`).join('；') },
              ]}
            />
          </>
        )}
      </Drawer>
      <Modal open={creating} title="新建合同" onCancel={() => setCreating(false)} onOk={() => create().catch(() => undefined)} okText="保存为草稿" width={640}>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message="合同期限按整月：起始日为某月 1 日，到期日为某月最后一天。" />
        <Form form={form} layout="vertical" initialValues={{ kind: 'person', billingCycle: 'monthly' }}>
          <Space wrap>
            <Form.Item name="number" label="合同编号" rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="title" label="合同名称" rules={[{ required: true }]}><Input style={{ width: 280 }} /></Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="kind" label="承租方类型"><Select style={{ width: 120 }} options={[{ value: 'person', label: '个人' }, { value: 'company', label: '单位' }]} /></Form.Item>
            <Form.Item name="partyName" label="承租方名称" rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="idCode" label="身份证号 / 统一社会信用代码" rules={[{ required: true, len: 18 }]}><Input style={{ width: 220 }} /></Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="object" label="标的（厂房、铺位、土地）" rules={[{ required: true }]}><Input style={{ width: 260 }} /></Form.Item>
            <Form.Item name="area" label="面积（平方米）"><Input /></Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="startDate" label="起始日" rules={[{ required: true }]}><Input placeholder="2025-01-01" /></Form.Item>
            <Form.Item name="endDate" label="到期日" rules={[{ required: true }]}><Input placeholder="2027-12-31" /></Form.Item>
            <Form.Item name="billingCycle" label="收租周期"><Select style={{ width: 100 }} options={Object.entries(CYCLE).map(([value, label]) => ({ value, label }))} /></Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="monthlyRent" label="首年月租金（元）" rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="escalationPercent" label="每年递增（%）"><Input placeholder="5.00" /></Form.Item>
            <Form.Item name="deposit" label="押金（元）"><Input /></Form.Item>
          </Space>
        </Form>
      </Modal>
    </Card>
  );
}
