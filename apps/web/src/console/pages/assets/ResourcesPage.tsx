import { App, Button, Card, Descriptions, Drawer, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { allPages } from '../../../api/lists';
import type { Page } from '../../../api/views';
import { todayInShanghai } from '../../../lib/dates';
import { formatMoney } from '../../../lib/money';
import { Permission, useSession } from '../../session';
import { rentOn, type Bill } from './common';
import { RESOURCE_TYPES, USE, type Resource, type ResourceUse } from './types';

/** The part of a contract (GET /orgs/{orgId}/contracts, ContractView) this screen reads: which resources it names (contract_objects.resource_id), who, how long, what rent. */
interface ContractOfResource {
  id: string;
  number: string;
  title: string;
  status: string;
  startDate: string;
  endDate: string;
  monthlyRent: string;
  escalationPercent: string;
  escalationEveryYears: number;
  parties: { name: string }[];
  objects: { resourceId: string | null }[];
}

const STATUS: Record<string, string> = { draft: '草拟', active: '履行中', expired: '已到期', terminated: '已解除' };

/** A contract as this screen links it: its number, opening it in 合同管理 (/contracts?open=). */
const ContractLink = ({ c }: { c: ContractOfResource }) => <Link to={`/contracts?${new URLSearchParams({ open: c.id })}`}>{c.number}</Link>;
const tenants = (c: ContractOfResource) => c.parties.map((p) => p.name).join('、');
/** The list's monthly rent is the first year's; with 递增 it says so (the drawer shows this month's from the schedule). */
const listedRent = (c: ContractOfResource) =>
  c.escalationPercent === '0.00' || c.escalationPercent === '0' ? formatMoney(c.monthlyRent) : `${formatMoney(c.monthlyRent)} 起（每 ${c.escalationEveryYears} 年递增 ${c.escalationPercent}%）`;

const AREA = /^\d{1,10}(\.\d{1,4})?$/;
const M2 = /^\d{1,14}(\.\d{1,2})?$/;

/** 资源性资产 register: land, forest, water … with 四至, area (亩 and m²), certificate, current use and the contract it is under. */
export default function ResourcesPage() {
  const s = useSession();
  const { message } = App.useApp();
  const [rows, setRows] = useState<Resource[]>([]);
  const [contracts, setContracts] = useState<ContractOfResource[]>([]);
  const [open, setOpen] = useState<Resource | null>(null);
  const [editing, setEditing] = useState<Resource | 'new' | null>(null);
  const [form] = Form.useForm();
  const [rentNow, setRentNow] = useState<{ contractId: string; rent: string } | null>(null);
  const orgId = s.org.id;
  const today = todayInShanghai();
  const manage = s.can(Permission.BooksManage);

  const load = useCallback(async () => {
    const [resources, all] = await Promise.all([
      allPages<Resource>((query) => read<Page<Resource>>(api.GET('/api/v1/orgs/{orgId}/resources', { params: { path: { orgId }, query: query as never } }))),
      allPages<ContractOfResource>((query) => read<Page<ContractOfResource>>(api.GET('/api/v1/orgs/{orgId}/contracts', { params: { path: { orgId }, query: query as never } }))),
    ]);
    setRows(resources);
    setContracts(all);
  }, [orgId]);
  useEffect(() => {
    load().catch((e) => message.error(errorText(e)));
  }, [load, message]);

  // The contract a resource is under now: an active one naming it (one whose term holds today first), else the latest draft.
  const contractOf = (r: Resource) => {
    const naming = contracts.filter((c) => c.objects.some((o) => o.resourceId === r.id));
    const active = naming.filter((c) => c.status === 'active');
    return active.find((c) => c.startDate <= today && today <= c.endDate) ?? active[0] ?? naming.filter((c) => c.status === 'draft').at(-1) ?? null;
  };

  const startEdit = (r: Resource | 'new') => {
    form.resetFields();
    if (r !== 'new') form.setFieldsValue({ ...r, location: r.location ?? '', boundaries: r.boundaries ?? '', certificateNo: r.certificateNo ?? '', note: r.note ?? '' });
    setEditing(r);
  };

  const save = async () => {
    const v = await form.validateFields();
    try {
      const saved =
        editing === 'new'
          ? await read<Resource>(
              api.POST('/api/v1/orgs/{orgId}/resources', {
                params: { path: { orgId } },
                body: { number: v.number, type: v.type, name: v.name, location: v.location || undefined, boundaries: v.boundaries || undefined, areaMu: v.areaMu, areaM2: v.areaM2 || undefined, certificateNo: v.certificateNo || undefined, currentUse: v.currentUse, note: v.note || undefined },
              }),
            )
          : await read<Resource>(
              api.PATCH('/api/v1/orgs/{orgId}/resources/{resourceId}', {
                params: { path: { orgId, resourceId: (editing as Resource).id } },
                body: { name: v.name, location: v.location, boundaries: v.boundaries, certificateNo: v.certificateNo, currentUse: v.currentUse, note: v.note },
              }),
            );
      message.success(`已保存 ${saved.number}`);
      setEditing(null);
      await load();
      setOpen(saved);
    } catch (e) {
      message.error(`保存未完成：${errorText(e)}`);
    }
  };

  const current = open ? contractOf(open) : null;
  // This month's rent of the open resource's contract: the bill holding today, from its schedule.
  const currentId = current?.id ?? null;
  useEffect(() => {
    if (!currentId) return;
    let live = true;
    read<{ monthlyRent: string; schedule: Bill[] }>(api.GET('/api/v1/orgs/{orgId}/contracts/{contractId}', { params: { path: { orgId, contractId: currentId } } }))
      .then((c) => live && setRentNow({ contractId: currentId, rent: rentOn(c.schedule, today, c.monthlyRent) }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [currentId, orgId, today]);
  return (
    <Card title="资源性资产台账" extra={manage && <Button type="primary" onClick={() => startEdit('new')}>登记资源</Button>}>
      <Table<Resource>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 20 }}
        onRow={(r) => ({ style: { cursor: 'pointer' }, onClick: () => setOpen(r) })}
        columns={[
          { title: '编号', dataIndex: 'number' },
          { title: '类型', dataIndex: 'type' },
          { title: '名称', dataIndex: 'name' },
          { title: '坐落', dataIndex: 'location' },
          { title: '面积（亩）', dataIndex: 'areaMu', align: 'right' },
          { title: '面积（㎡）', dataIndex: 'areaM2', align: 'right' },
          { title: '现状', dataIndex: 'currentUse', render: (u: ResourceUse) => <Tag>{USE[u] ?? u}</Tag> },
          { title: '当前合同', render: (_, r) => { const c = contractOf(r); return c ? <ContractLink c={c} /> : '无'; } },
          { title: '承租方', render: (_, r) => { const c = contractOf(r); return c ? tenants(c) : ''; } },
          { title: '合同期限', render: (_, r) => { const c = contractOf(r); return c ? `${c.startDate} 至 ${c.endDate}` : ''; } },
          { title: '月租金（元）', align: 'right', render: (_, r) => { const c = contractOf(r); return c ? listedRent(c) : ''; } },
        ]}
      />
      <Drawer open={!!open} width={720} title={open ? `${open.number} ${open.name}` : ''} onClose={() => setOpen(null)} extra={manage && open && <Button onClick={() => startEdit(open)}>修改</Button>}>
        {open && (
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="编号">{open.number}</Descriptions.Item>
            <Descriptions.Item label="类型">{open.type}</Descriptions.Item>
            <Descriptions.Item label="名称">{open.name}</Descriptions.Item>
            <Descriptions.Item label="坐落">{open.location}</Descriptions.Item>
            <Descriptions.Item label="四至" span={2}>{open.boundaries}</Descriptions.Item>
            <Descriptions.Item label="面积（亩）">{open.areaMu}</Descriptions.Item>
            <Descriptions.Item label="面积（㎡）">{open.areaM2}</Descriptions.Item>
            <Descriptions.Item label="权证编号">{open.certificateNo}</Descriptions.Item>
            <Descriptions.Item label="现状">{USE[open.currentUse] ?? open.currentUse}</Descriptions.Item>
            <Descriptions.Item label="当前合同" span={2}>
              {current ? (
                <span data-testid="resource-contract">
                  <ContractLink c={current} /> {current.title}（{STATUS[current.status] ?? current.status}）
                </span>
              ) : (
                '无'
              )}
            </Descriptions.Item>
            {current && (
              <>
                <Descriptions.Item label="承租方">{tenants(current)}</Descriptions.Item>
                <Descriptions.Item label="合同期限">{`${current.startDate} 至 ${current.endDate}`}</Descriptions.Item>
                <Descriptions.Item label="本月租金（元）" span={2}>
                  <span data-testid="resource-rent">{rentNow?.contractId === current.id ? formatMoney(rentNow.rent) : '…'}</span>
                  {current.escalationPercent !== '0.00' && current.escalationPercent !== '0' ? `（首年 ${formatMoney(current.monthlyRent)}，每 ${current.escalationEveryYears} 年递增 ${current.escalationPercent}%）` : ''}
                </Descriptions.Item>
              </>
            )}
            <Descriptions.Item label="备注" span={2}>{open.note}</Descriptions.Item>
          </Descriptions>
        )}
      </Drawer>
      <Modal open={editing !== null} title={editing === 'new' ? '登记资源' : '修改资源'} onCancel={() => setEditing(null)} onOk={() => save().catch(() => undefined)} okText="保存" cancelText="取消" width={640}>
        <Form form={form} layout="vertical" initialValues={{ type: '耕地', currentUse: 'self_run' }}>
          <Space wrap>
            <Form.Item name="number" label="编号" rules={[{ required: true, message: '请填写编号' }]}><Input style={{ width: 130 }} disabled={editing !== 'new'} /></Form.Item>
            <Form.Item name="type" label="类型"><Select style={{ width: 150 }} disabled={editing !== 'new'} options={RESOURCE_TYPES.map((t) => ({ value: t, label: t }))} /></Form.Item>
            <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}><Input style={{ width: 220 }} /></Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="location" label="坐落"><Input style={{ width: 240 }} /></Form.Item>
            <Form.Item name="certificateNo" label="权证编号"><Input style={{ width: 200 }} /></Form.Item>
          </Space>
          <Form.Item name="boundaries" label="四至"><Input placeholder="东至…，南至…，西至…，北至…" /></Form.Item>
          <Space wrap>
            <Form.Item name="areaMu" label="面积（亩）" rules={[{ required: true, pattern: AREA, message: '如 12.5（最多四位小数）' }]}><Input style={{ width: 130 }} disabled={editing !== 'new'} /></Form.Item>
            <Form.Item name="areaM2" label="面积（㎡，不填按 亩 × 666.67）" rules={[{ pattern: M2, message: '最多两位小数' }]}><Input style={{ width: 160 }} disabled={editing !== 'new'} /></Form.Item>
            <Form.Item name="currentUse" label="现状"><Select style={{ width: 120 }} options={Object.entries(USE).map(([value, label]) => ({ value, label }))} /></Form.Item>
          </Space>
          <Form.Item name="note" label="备注"><Input /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
