import { Alert, App, Button, Card, Descriptions, Input, Modal, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, download, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import type { Job, Page } from '../../../api/views';
import { formatMoment, todayInShanghai } from '../../../lib/dates';
import { formatMoney } from '../../../lib/money';
import { Permission, useSession } from '../../session';
import { holderLabel, ShareholderPicker, useCursorPages, useHolders } from '../register/common';
import { PLAN_STATUSES, type Allocation, type PlanDetail } from './common';

type Act = 'publish' | 'approve' | 'skip' | 'object' | 'post';
const ACT_LABELS: Record<Act, string> = { publish: '公示方案', approve: '批准方案', skip: '不经公示直接批准', object: '提出异议', post: '记账' };

/** One plan: its figures, the actions the role may take, the calculation's progress, the allocations and the payments. */
export function PlanDetailView({ orgId, planId, onBack }: { orgId: string; planId: string; onBack: () => void }) {
  const s = useSession();
  const { message } = App.useApp();
  const [plan, setPlan] = useState<PlanDetail | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [asking, setAsking] = useState<Act | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const timer = useRef<number | null>(null);
  const [allocVersion, setAllocVersion] = useState(0);

  const load = useCallback(async () => {
    setPlan(await read<PlanDetail>(api.GET('/api/v1/orgs/{orgId}/distributions/{planId}', { params: { path: { orgId, planId } } })));
  }, [orgId, planId]);
  useEffect(() => {
    load().catch((e) => message.error(errorText(e)));
  }, [load, message]);
  const stop = () => {
    if (timer.current !== null) window.clearInterval(timer.current);
    timer.current = null;
  };
  useEffect(() => stop, []);

  const calculate = async () => {
    try {
      const { jobId } = await read<{ jobId: string }>(api.POST('/api/v1/orgs/{orgId}/distributions/{planId}/calculate', { params: { path: { orgId, planId } } }));
      setJob({ id: jobId, state: 'waiting', progress: 0, result: null, failedReason: null });
      stop();
      timer.current = window.setInterval(async () => {
        try {
          const j = await read<Job>(api.GET('/api/v1/jobs/{id}', { params: { path: { id: jobId } } }));
          setJob(j);
          if (j.state === 'completed' || j.state === 'failed') {
            stop();
            await load();
            setAllocVersion((v) => v + 1);
          }
        } catch (e) {
          stop();
          message.error(errorText(e));
        }
      }, 300);
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const act = async (what: Act, withReason?: string) => {
    setBusy(true);
    try {
      const path = { params: { path: { orgId, planId } } };
      const calls = {
        publish: () => api.POST('/api/v1/orgs/{orgId}/distributions/{planId}/publish', path),
        approve: () => api.POST('/api/v1/orgs/{orgId}/distributions/{planId}/approve', { ...path, body: {} }),
        skip: () => api.POST('/api/v1/orgs/{orgId}/distributions/{planId}/approve', { ...path, body: { skipNotice: { reason: withReason! } } }),
        object: () => api.POST('/api/v1/orgs/{orgId}/distributions/{planId}/objections', { ...path, body: { reason: withReason! } }),
        post: () => api.POST('/api/v1/orgs/{orgId}/distributions/{planId}/post', path),
      };
      await read(calls[what]());
      message.success(`${ACT_LABELS[what]}：已完成`);
      setAsking(null);
      setReason('');
      await load();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (!plan) return <Card title="分配方案" loading />;
  const today = todayInShanghai();
  const running = job !== null && job.state !== 'completed' && job.state !== 'failed';
  const percent = job ? (job.state === 'completed' ? 100 : Math.round(job.progress)) : 0;
  const buttons: { act: Act | 'calculate'; show: boolean; primary?: boolean }[] = [
    { act: 'calculate', show: ['draft', 'calculated'].includes(plan.status) && s.can(Permission.DividendsManage), primary: plan.status === 'draft' },
    { act: 'publish', show: plan.status === 'calculated' && s.can(Permission.DividendsManage), primary: true },
    { act: 'approve', show: plan.status === 'public_notice' && plan.noticeEndsOn !== null && plan.noticeEndsOn <= today && s.can(Permission.DividendsApprove), primary: true },
    { act: 'skip', show: plan.status === 'calculated' && s.can(Permission.DividendsApprove) },
    { act: 'object', show: plan.status === 'public_notice' && s.can(Permission.DividendsObject) },
    { act: 'post', show: plan.status === 'approved' && s.can(Permission.DividendsManage), primary: true },
  ];
  const needsReason = (a: Act) => a === 'skip' || a === 'object';
  return (
    <Card title={`${plan.fiscalYear} 年度分配方案`} extra={<Button onClick={onBack}>返回方案列表</Button>}>
      <Descriptions size="small" bordered column={3}>
        <Descriptions.Item label="状态">
          <Tag aria-label="方案状态" color={plan.status === 'paid' ? 'green' : 'blue'}>{PLAN_STATUSES[plan.status] ?? plan.status}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label="股权登记日">{plan.recordDate}</Descriptions.Item>
        <Descriptions.Item label="公示截止">{plan.noticeEndsOn ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="本年收益">{formatMoney(plan.profit)}</Descriptions.Item>
        <Descriptions.Item label="提取公积公益金">{`${formatMoney(plan.reserveAmount)}（${plan.reservePercent}%）`}</Descriptions.Item>
        <Descriptions.Item label="可分配收益">{formatMoney(plan.distributable)}</Descriptions.Item>
        <Descriptions.Item label="分配总额">{plan.totalAmount ? formatMoney(plan.totalAmount) : `每股 ${plan.amountPerUnit}`}</Descriptions.Item>
        <Descriptions.Item label="应分合计">{formatMoney(plan.grossTotal)}</Descriptions.Item>
        <Descriptions.Item label="代扣税合计">{formatMoney(plan.taxTotal)}</Descriptions.Item>
        <Descriptions.Item label="折算股数合计">{plan.unitsTotal ?? ''}</Descriptions.Item>
        <Descriptions.Item label="其中集体股">{formatMoney(plan.collectiveGross)}</Descriptions.Item>
        <Descriptions.Item label="股东数">{plan.allocationCount ?? ''}</Descriptions.Item>
      </Descriptions>
      {plan.warnings.map((w) => (
        <Alert key={w} type="warning" showIcon style={{ marginTop: 8 }} message={`越过限额：${w}`} />
      ))}
      {plan.objections.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 8 }}
          message="公示期间的异议"
          description={<ul style={{ margin: 0 }}>{plan.objections.map((o, i) => <li key={i}>{formatMoment(o.at)}：{o.reason}</li>)}</ul>}
        />
      )}
      <Space wrap style={{ marginTop: 12 }}>
        {buttons
          .filter((b) => b.show)
          .map((b) =>
            b.act === 'calculate' ? (
              <Button key="calculate" type={b.primary ? 'primary' : 'default'} disabled={running} onClick={calculate}>
                {plan.status === 'draft' ? '计算分配' : '重新计算'}
              </Button>
            ) : (
              <Button key={b.act} type={b.primary ? 'primary' : 'default'} loading={busy && !needsReason(b.act as Act)} onClick={() => (needsReason(b.act as Act) ? setAsking(b.act as Act) : act(b.act as Act))}>
                {ACT_LABELS[b.act as Act]}
              </Button>
            ),
          )}
        {plan.status === 'public_notice' && plan.noticeEndsOn !== null && plan.noticeEndsOn > today && s.can(Permission.DividendsApprove) && <Typography.Text type="secondary">公示至 {plan.noticeEndsOn}，期满后可批准</Typography.Text>}
      </Space>
      {job && (
        <div style={{ maxWidth: 520, marginTop: 12 }}>
          <Progress aria-label="计算进度" percent={percent} status={job.state === 'failed' ? 'exception' : job.state === 'completed' ? 'success' : 'active'} />
          {job.state === 'failed' && <Alert type="error" showIcon message={`计算失败：${job.failedReason ?? ''}`} />}
          {job.state === 'completed' && <Typography.Text>计算完成：{plan.allocationCount} 名股东，应分合计 {formatMoney(plan.grossTotal)} 元</Typography.Text>}
        </div>
      )}
      {['posted', 'partly_paid', 'paid'].includes(plan.status) && s.can(Permission.DividendsPay) && <Payments orgId={orgId} plan={plan} onChanged={() => { load(); setAllocVersion((v) => v + 1); }} />}
      {plan.allocationCount !== null && <Allocations orgId={orgId} plan={plan} version={allocVersion} />}
      <Modal open={asking !== null} title={asking ? ACT_LABELS[asking] : ''} okText="确定" cancelText="取消" confirmLoading={busy} okButtonProps={{ disabled: reason.trim().length < 2 }} onOk={() => asking && act(asking, reason.trim())} onCancel={() => setAsking(null)}>
        <Input.TextArea aria-label="原因" rows={3} placeholder="请写明原因（至少两个字）" value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Card>
  );
}

/** The allocation list, a page at a time, searchable by holder; each holder's statement as PDF once posted. */
function Allocations({ orgId, plan, version }: { orgId: string; plan: PlanDetail; version: number }) {
  const { message } = App.useApp();
  const [holder, setHolder] = useState<string>();
  const planId = plan.id;
  const { page, loading, pager } = useCursorPages<Allocation>(
    (cursor) => read<Page<Allocation>>(api.GET('/api/v1/orgs/{orgId}/distributions/{planId}/allocations', { params: { path: { orgId, planId }, query: { limit: 50, ...(holder ? { shareholderId: holder } : {}), ...(cursor ? { cursor } : {}) } as never } })),
    [orgId, planId, holder, version],
  );
  const names = useHolders(orgId, page.items.filter((a) => !a.collective).map((a) => a.shareholderId));
  const posted = ['posted', 'partly_paid', 'paid'].includes(plan.status);
  const statement = (a: Allocation) =>
    download(`/api/v1/orgs/${orgId}/shareholders/${a.shareholderId}/statements?year=${plan.fiscalYear}&format=pdf`, `statement-${a.shareholderNumber}-${plan.fiscalYear}.pdf`).catch((e) => message.error(errorText(e)));
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 16 }}>分配明细</Typography.Title>
      <Space style={{ marginBottom: 8 }}>
        <ShareholderPicker orgId={orgId} ariaLabel="按股东查找" value={holder} onChange={(id) => setHolder(id)} />
      </Space>
      <Table<Allocation>
        aria-label="分配明细"
        rowKey="shareholderId"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={page.items}
        columns={[
          { title: '股东', render: (_, a) => (a.collective ? `${a.shareholderNumber} 集体股` : holderLabel(names.get(a.shareholderId), a.shareholderNumber)) },
          { title: '折算股数', dataIndex: 'units', align: 'right' },
          { title: '应分', dataIndex: 'gross', align: 'right', render: formatMoney },
          { title: '代扣税', dataIndex: 'tax', align: 'right', render: formatMoney },
          { title: '实分', dataIndex: 'net', align: 'right', render: formatMoney },
          { title: '暂缓（冻结）', dataIndex: 'withheld', align: 'right', render: (v: string) => (v === '0.00' ? '' : formatMoney(v)) },
          { title: '已发放', dataIndex: 'paid', align: 'right', render: formatMoney },
          { title: '发放时间', dataIndex: 'paidAt', render: (t: string | null) => formatMoment(t) },
          ...(posted ? [{ title: '结算单', render: (_: unknown, a: Allocation) => !a.collective && <Button size="small" onClick={() => statement(a)}>PDF</Button> }] : []),
        ]}
      />
      {pager}
    </>
  );
}

/** 发放: a payment batch, its 代发 file for the bank, and the confirmation once the bank has paid. */
function Payments({ orgId, plan, onChanged }: { orgId: string; plan: PlanDetail; onChanged: () => void }) {
  const { message } = App.useApp();
  const [payTo, setPayTo] = useState<'shareholder' | 'household_head'>('shareholder');
  const [bank, setBank] = useState('102');
  const [busy, setBusy] = useState(false);
  const planId = plan.id;
  const prepare = async () => {
    setBusy(true);
    try {
      const batch = await read<{ total: string; rows: number }>(api.POST('/api/v1/orgs/{orgId}/distributions/{planId}/payment-batches', { params: { path: { orgId, planId } }, body: { payTo } }));
      message.success(`已生成发放批次：${batch.rows} 笔，合计 ${formatMoney(batch.total)} 元`);
      onChanged();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const confirm = async (batchId: string) => {
    setBusy(true);
    try {
      await read(api.POST('/api/v1/orgs/{orgId}/distributions/{planId}/payment-batches/{batchId}/confirm', { params: { path: { orgId, planId, batchId } }, body: { bankAccountCode: bank } }));
      message.success('已确认发放并记账');
      onChanged();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 16 }}>红利发放</Typography.Title>
      {plan.status !== 'paid' && (
        <Space wrap style={{ marginBottom: 8 }}>
          <Select aria-label="发放对象" style={{ width: 160 }} value={payTo} onChange={setPayTo} options={[{ value: 'shareholder', label: '发给股东本人' }, { value: 'household_head', label: '发给户主' }]} />
          <Button type="primary" loading={busy} onClick={prepare}>生成发放批次</Button>
          <Input aria-label="付款银行科目" addonBefore="付款银行科目" style={{ width: 220 }} value={bank} onChange={(e) => setBank(e.target.value.trim())} />
        </Space>
      )}
      <Table
        aria-label="发放批次"
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={plan.paymentBatches}
        columns={[
          { title: '生成时间', dataIndex: 'createdAt', render: formatMoment },
          { title: '笔数', dataIndex: 'rows', align: 'right' },
          { title: '金额', dataIndex: 'total', align: 'right', render: formatMoney },
          { title: '状态', dataIndex: 'status', render: (st: string, b) => (st === 'confirmed' ? <Tag color="green">已发放 {formatMoment(b.confirmedAt)}</Tag> : <Tag color="orange">待银行代发</Tag>) },
          {
            title: '操作',
            render: (_, b) => (
              <Space>
                <Button size="small" onClick={() => download(`/api/v1/orgs/${orgId}/distributions/${planId}/payment-batches/${b.id}/file`, `payment-${b.id}.csv`).catch((e) => message.error(errorText(e)))}>下载代发文件</Button>
                {b.status === 'prepared' && <Button size="small" type="primary" loading={busy} onClick={() => confirm(b.id)}>确认已发放</Button>}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
