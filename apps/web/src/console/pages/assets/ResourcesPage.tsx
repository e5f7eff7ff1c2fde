import { App, Button, Card, Descriptions, Drawer, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { allPages } from '../../../api/lists';
import type { Page } from '../../../api/views';
import { Permission, useSession } from '../../session';
import { RESOURCE_TYPES, USE, type Resource, type ResourceUse } from './types';

/** The part of a contract this screen reads: which resources it names (contract_objects.resource_id). */
interface ContractOfResource {
  id: string;
  number: string;
  title: string;
  status: string;
  startDate: string;
  endDate: string;
  parties: { name: string }[];
  objects: { resourceId: string | null }[];
}

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
  const orgId = s.org.id;
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

  // The contract a resource is under now: an active one naming it, else the latest draft.
  const contractOf = (r: Resource) => {
    const naming = contracts.filter((c) => c.objects.some((o) => o.resourceId === r.id));
    return naming.find((c) => c.status === 'active') ?? naming.find((c) => c.status === 'draft') ?? null;
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
          { title: '当前合同', render: (_, r) => contractOf(r)?.number ?? '' },
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
              {current ? `${current.number} ${current.title}（${current.parties.map((p) => p.name).join('、')}，${current.startDate} 至 ${current.endDate}）` : '无'}
            </Descriptions.Item>
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
