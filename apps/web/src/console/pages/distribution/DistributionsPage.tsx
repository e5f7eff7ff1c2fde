import { Alert, Button, Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, read } from '../../../api/client';
import type { Page } from '../../../api/views';
import { formatMoney } from '../../../lib/money';
import { Permission, useBooks, useSession } from '../../session';
import { useCursorPages } from '../register/common';
import { PLAN_STATUSES, type Plan } from './common';
import { PlanForm } from './PlanForm';
import { PlanDetailView } from './PlanDetail';

/** 分配方案: the plans by year; one plan opens with its calculation, 公示, approval, posting and payment. */
export default function DistributionsPage() {
  const s = useSession();
  const books = useBooks();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const orgId = s.org.id;
  const planId = params.get('plan');
  const { page, loading, reload, pager } = useCursorPages<Plan>(
    (cursor) => read<Page<Plan>>(api.GET('/api/v1/orgs/{orgId}/distributions', { params: { path: { orgId }, query: { limit: 50, ...(cursor ? { cursor } : {}) } as never } })),
    [orgId],
  );
  if (planId) return <PlanDetailView orgId={orgId} planId={planId} onBack={() => { setParams({}); reload(); }} />;
  return (
    <Card title="分配方案" extra={s.can(Permission.DividendsManage) && books && <Button type="primary" onClick={() => setCreating(true)}>新建分配方案</Button>}>
      {!books && <Alert type="info" showIcon message="该组织还没有账套，不能做分配方案" />}
      <Table<Plan>
        rowKey="id"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={page.items}
        onRow={(p) => ({ onClick: () => setParams({ plan: p.id }), style: { cursor: 'pointer' } })}
        columns={[
          { title: '年度', dataIndex: 'fiscalYear', width: 80 },
          { title: '股权登记日', dataIndex: 'recordDate', width: 120 },
          { title: '状态', dataIndex: 'status', width: 100, render: (st: string) => <Tag color={st === 'paid' ? 'green' : st === 'public_notice' ? 'orange' : 'blue'}>{PLAN_STATUSES[st] ?? st}</Tag> },
          { title: '分配总额', align: 'right', render: (_, p) => formatMoney(p.grossTotal ?? p.totalAmount) || (p.amountPerUnit ? `每股 ${p.amountPerUnit}` : '') },
          { title: '可分配收益', dataIndex: 'distributable', align: 'right', render: formatMoney },
          { title: '股东数', dataIndex: 'allocationCount', align: 'right' },
          { title: '提示', dataIndex: 'warnings', render: (w: string[]) => (w.length ? <Tag color="red">越过限额 {w.length}</Tag> : '') },
          { title: '', width: 70, render: (_, p) => <Button size="small" aria-label={`打开${p.fiscalYear}年度方案`}>打开</Button> },
        ]}
      />
      {pager}
      {creating && books && <PlanForm orgId={orgId} ledgerId={books.ledger.id} onClose={(id) => { setCreating(false); if (id) setParams({ plan: id }); }} />}
    </Card>
  );
}
