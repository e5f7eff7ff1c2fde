import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import type { Page } from '../../../api/views';
import { idNumberProblem } from '../../../lib/shares';
import { Permission, useSession } from '../../session';
import { HOLDER_STATUSES, loadHouseholds, useCursorPages, type Household, type Shareholder } from './common';

const ID_PROBLEMS: Record<string, string> = {
  'check digit is wrong': '校验位不对，请逐位核对',
  'birth date (characters 7-14) is not a valid date': '第 7–14 位的出生日期不存在',
  'must be 17 digits followed by a digit or upper-case X': '应为 18 位：17 位数字加 1 位数字或大写 X',
};

/** 身份证 checked as it is typed, with the API's own rule (GB 11643 check digit). */
export function idNumberMessage(value: string): string | null {
  if (!value) return null;
  const problem = idNumberProblem(value);
  return problem ? (ID_PROBLEMS[problem] ?? '身份证号不对') : null;
}

/** 股东: search, add (身份证 checked live), record a death or an exit, phone and bank account. */
export default function ShareholdersPage() {
  const s = useSession();
  const { message } = App.useApp();
  const orgId = s.org.id;
  const [q, setQ] = useState('');
  const [households, setHouseholds] = useState<Household[]>([]);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Shareholder | null>(null);
  const canManage = s.can(Permission.SharesManage);
  const reveals = s.org.roles.includes('accountant');

  useEffect(() => {
    loadHouseholds(orgId).then(setHouseholds).catch((e) => message.error(errorText(e)));
  }, [orgId, message]);
  const householdCode = useMemo(() => new Map(households.map((h) => [h.id, h.code])), [households]);

  const { page, loading, reload, pager } = useCursorPages<Shareholder>(
    (cursor) => read<Page<Shareholder>>(api.GET('/api/v1/orgs/{orgId}/shareholders', { params: { path: { orgId }, query: { limit: 50, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) } as never } })),
    [orgId, q],
  );

  return (
    <Card title="股东" extra={canManage && <Button type="primary" onClick={() => setAdding(true)}>新增股东</Button>}>
      {!reveals && <Alert type="info" showIcon style={{ marginBottom: 12 }} message="身份证号和银行账号只对本组织会计完整显示，其他角色看到的是隐去中间位的号码。" />}
      <Input.Search aria-label="查找股东" placeholder="姓名或股东编号" allowClear style={{ width: 260, marginBottom: 12 }} onSearch={(v) => setQ(v.trim())} />
      <Table<Shareholder>
        rowKey="id"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={page.items}
        columns={[
          { title: '编号', dataIndex: 'number', width: 90 },
          { title: '姓名', dataIndex: 'name', width: 110 },
          { title: '身份证号', dataIndex: 'idNumber', width: 190 },
          { title: '户号', dataIndex: 'householdId', width: 90, render: (id: string | null) => (id ? householdCode.get(id) ?? '' : '') },
          { title: '成员', dataIndex: 'member', width: 60, render: (m: boolean) => (m ? '是' : '否') },
          { title: '状态', dataIndex: 'status', width: 110, render: (st: string, h) => <Tag color={st === 'active' ? 'green' : 'default'}>{HOLDER_STATUSES[st] ?? st}{h.deceasedOn ? ` ${h.deceasedOn}` : ''}</Tag> },
          { title: '电话', dataIndex: 'phone', width: 130 },
          { title: '银行账号', dataIndex: 'bankAccount' },
          ...(canManage ? [{ title: '操作', width: 80, render: (_: unknown, h: Shareholder) => !h.collective && <Button size="small" onClick={() => setEditing(h)}>修改</Button> }] : []),
        ]}
      />
      {pager}
      {adding && <AddShareholder orgId={orgId} households={households} onClose={(done) => { setAdding(false); if (done) reload(); }} />}
      {editing && <EditShareholder orgId={orgId} holder={editing} onClose={(done) => { setEditing(null); if (done) reload(); }} />}
    </Card>
  );
}

interface AddForm {
  number: string;
  name: string;
  idNumber: string;
  householdId: string;
  member: boolean;
  phone?: string;
  bankAccount?: string;
}

function AddShareholder({ orgId, households, onClose }: { orgId: string; households: Household[]; onClose: (done: boolean) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<AddForm>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const body = { ...values, phone: values.phone || undefined, bankAccount: values.bankAccount || undefined };
      await read(api.POST('/api/v1/orgs/{orgId}/shareholders', { params: { path: { orgId } }, body }));
      message.success('已新增股东');
      onClose(true);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="新增股东" okText="保存" cancelText="取消" confirmLoading={busy} onOk={submit} onCancel={() => onClose(false)} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ member: true }}>
        <Form.Item name="number" label="股东编号" rules={[{ required: true, pattern: /^[A-Za-z0-9-]{1,30}$/, message: '请填写编号（字母、数字或 -）' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label="身份证号"
          validateTrigger="onChange"
          normalize={(v: string) => v.toUpperCase().replace(/\s/g, '')}
          rules={[
            { required: true, message: '请填写身份证号' },
            { validator: (_, v: string) => (v && v.length >= 18 ? (idNumberMessage(v) ? Promise.reject(new Error(idNumberMessage(v)!)) : Promise.resolve()) : Promise.resolve()) },
            { len: 18, message: '身份证号应为 18 位', validateTrigger: 'onBlur' },
          ]}
        >
          <Input aria-label="身份证号" maxLength={18} />
        </Form.Item>
        <Form.Item name="householdId" label="所在户" rules={[{ required: true, message: '请选择户' }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={households.map((h) => ({ value: h.id, label: `${h.code}${h.address ? ` ${h.address}` : ''}` }))} />
        </Form.Item>
        <Form.Item name="member" label="本组织成员" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="phone" label="电话" rules={[{ pattern: /^[0-9+ -]{5,30}$/, message: '电话只能是数字' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="bankAccount" label="银行账号（代发红利用）" rules={[{ pattern: /^[0-9]{8,40}$/, message: '银行账号为 8–40 位数字' }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface EditForm {
  status: 'active' | 'deceased' | 'exited';
  deceasedOn?: { format(f: string): string };
  member: boolean;
  phone?: string;
  bankAccount?: string;
}

function EditShareholder({ orgId, holder, onClose }: { orgId: string; holder: Shareholder; onClose: (done: boolean) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<EditForm>();
  const [busy, setBusy] = useState(false);
  const status = Form.useWatch('status', form);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const body: Record<string, unknown> = {};
      if (v.status !== holder.status) body.status = v.status;
      if (v.status === 'deceased' && v.deceasedOn) body.deceasedOn = v.deceasedOn.format('YYYY-MM-DD');
      if (v.member !== holder.member) body.member = v.member;
      if (v.phone && v.phone !== holder.phone) body.phone = v.phone;
      if (v.bankAccount && v.bankAccount !== holder.bankAccount && !v.bankAccount.includes('*')) body.bankAccount = v.bankAccount;
      await read(api.PATCH('/api/v1/orgs/{orgId}/shareholders/{shareholderId}', { params: { path: { orgId, shareholderId: holder.id } }, body: body as never }));
      message.success('已保存');
      onClose(true);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`修改股东 ${holder.number} ${holder.name}`} okText="保存" cancelText="取消" confirmLoading={busy} onOk={submit} onCancel={() => onClose(false)} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ status: holder.status, member: holder.member, phone: holder.phone ?? '', bankAccount: holder.bankAccount ?? '' }}>
        <Form.Item name="status" label="状态">
          <Select aria-label="状态" options={Object.entries(HOLDER_STATUSES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        {status === 'deceased' && (
          <Form.Item name="deceasedOn" label="身故日期" rules={[{ required: holder.status !== 'deceased', message: '请填写身故日期' }]}>
            <DatePicker aria-label="身故日期" />
          </Form.Item>
        )}
        <Form.Item name="member" label="本组织成员" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Space>
          <Form.Item name="phone" label="电话">
            <Input />
          </Form.Item>
          <Form.Item name="bankAccount" label="银行账号">
            <Input />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
