import { Alert, App, Button, Card, Checkbox, Descriptions, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import type { Page } from '../../../api/views';
import { todayInShanghai } from '../../../lib/dates';
import { formatQuantity, sumQuantities } from '../../../lib/shares';
import { Permission, useSession } from '../../session';
import { loadHouseholds, loadRegister, type Household, type RegisterReport, type Shareholder } from './common';

interface Totals {
  byHousehold: Map<string, string>;
  byHolder: Map<string, string>;
}

/** 户: households with their holdings, members, 户主; split and merge with the totals shown unchanged. */
export default function HouseholdsPage() {
  const s = useSession();
  const { message } = App.useApp();
  const orgId = s.org.id;
  const [households, setHouseholds] = useState<Household[]>([]);
  const [totals, setTotals] = useState<Totals>({ byHousehold: new Map(), byHolder: new Map() });
  const [text, setText] = useState('');
  const [action, setAction] = useState<{ kind: 'split' | 'merge' | 'head' | 'add'; household?: Household } | null>(null);
  const [check, setCheck] = useState<string | null>(null);
  const canManage = s.can(Permission.SharesManage);

  const load = useCallback(async () => {
    const today = todayInShanghai();
    const [list, byHousehold, byHolder] = await Promise.all([loadHouseholds(orgId), loadRegister(orgId, today, 'household'), loadRegister(orgId, today, 'shareholder')]);
    setHouseholds(list);
    const t = { byHousehold: totalsBy(byHousehold, 'household'), byHolder: totalsBy(byHolder, 'number') };
    setTotals(t);
    return { list, totals: t };
  }, [orgId]);
  useEffect(() => {
    load().catch((e) => message.error(errorText(e)));
  }, [load, message]);

  const shown = useMemo(() => households.filter((h) => h.status === 'active' && (!text || h.code.includes(text) || h.address?.includes(text))), [households, text]);
  const total = (code: string) => totals.byHousehold.get(code) ?? '0.0000';

  const done = async (before: { codes: string[]; total: string } | null) => {
    setAction(null);
    const after = await load();
    if (before) {
      const now = sumQuantities(before.codes.map((c) => after.totals.byHousehold.get(c) ?? '0.0000'));
      setCheck(`${before.codes.join('、')} 合计 ${formatQuantity(now)} 股，与操作前 ${formatQuantity(before.total)} 股${now === before.total ? '相同' : '不同，请核对'}`);
    }
  };

  return (
    <Card title="户" extra={canManage && <Button type="primary" onClick={() => setAction({ kind: 'add' })}>新建户</Button>}>
      {check && <Alert type="success" showIcon closable style={{ marginBottom: 12 }} message={check} onClose={() => setCheck(null)} />}
      <Input.Search aria-label="查找户" placeholder="户号或地址" allowClear style={{ width: 240, marginBottom: 12 }} onSearch={(v) => setText(v.trim())} />
      <Table<Household>
        rowKey="id"
        size="small"
        dataSource={shown}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        expandable={{ expandedRowRender: (h) => <Members orgId={orgId} household={h} totals={totals} /> }}
        columns={[
          { title: '户号', dataIndex: 'code', width: 120 },
          { title: '地址', dataIndex: 'address' },
          { title: '持股合计', width: 140, align: 'right', render: (_, h) => formatQuantity(total(h.code)) },
          { title: '状态', dataIndex: 'status', width: 80, render: (st: string) => <Tag>{st === 'active' ? '正常' : '已合并'}</Tag> },
          ...(canManage
            ? [
                {
                  title: '操作',
                  width: 220,
                  render: (_: unknown, h: Household) => (
                    <Space>
                      <Button size="small" onClick={() => setAction({ kind: 'split', household: h })}>分户</Button>
                      <Button size="small" onClick={() => setAction({ kind: 'merge', household: h })}>合户</Button>
                      <Button size="small" onClick={() => setAction({ kind: 'head', household: h })}>设户主</Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {action?.kind === 'add' && <AddHousehold orgId={orgId} onClose={(ok) => (ok ? done(null) : setAction(null))} />}
      {action?.kind === 'split' && action.household && <SplitHousehold orgId={orgId} household={action.household} totals={totals} onClose={(before) => (before ? done(before) : setAction(null))} />}
      {action?.kind === 'merge' && action.household && <MergeHousehold orgId={orgId} household={action.household} households={households} totals={totals} onClose={(before) => (before ? done(before) : setAction(null))} />}
      {action?.kind === 'head' && action.household && <SetHead orgId={orgId} household={action.household} onClose={(ok) => (ok ? done(null) : setAction(null))} />}
    </Card>
  );
}

function totalsBy(report: RegisterReport, key: string): Map<string, string> {
  return new Map(report.items.map((r) => [String(r[key]), r.total]));
}

async function loadMembers(orgId: string, householdId: string): Promise<Shareholder[]> {
  const page = await read<Page<Shareholder>>(api.GET('/api/v1/orgs/{orgId}/shareholders', { params: { path: { orgId }, query: { householdId, limit: 100 } as never } }));
  return page.items;
}

function useMembers(orgId: string, householdId: string) {
  const [members, setMembers] = useState<Shareholder[]>([]);
  useEffect(() => {
    loadMembers(orgId, householdId).then(setMembers).catch(() => setMembers([]));
  }, [orgId, householdId]);
  return members;
}

function Members({ orgId, household, totals }: { orgId: string; household: Household; totals: Totals }) {
  const members = useMembers(orgId, household.id);
  return (
    <Table<Shareholder>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={members}
      columns={[
        { title: '编号', dataIndex: 'number', width: 100 },
        { title: '姓名', dataIndex: 'name', render: (n: string, m) => <>{n} {m.id === household.head_shareholder_id && <Tag color="blue">户主</Tag>}</> },
        { title: '持股', width: 140, align: 'right', render: (_, m) => formatQuantity(totals.byHolder.get(m.number) ?? '0.0000') },
      ]}
    />
  );
}

function AddHousehold({ orgId, onClose }: { orgId: string; onClose: (ok: boolean) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ code: string; address?: string }>();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await read(api.POST('/api/v1/orgs/{orgId}/households', { params: { path: { orgId } }, body: { code: v.code, address: v.address || undefined } }));
      onClose(true);
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open title="新建户" okText="保存" cancelText="取消" onOk={submit} onCancel={() => onClose(false)} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="code" label="户号" rules={[{ required: true, pattern: /^[A-Za-z0-9-]{1,30}$/, message: '字母、数字或 -' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="address" label="地址">
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SplitHousehold({ orgId, household, totals, onClose }: { orgId: string; household: Household; totals: Totals; onClose: (before: { codes: string[]; total: string } | null) => void }) {
  const { message } = App.useApp();
  const members = useMembers(orgId, household.id);
  const [moving, setMoving] = useState<string[]>([]);
  const [code, setCode] = useState(`${household.code}-2`);
  const [address, setAddress] = useState('');
  const held = (m: Shareholder) => totals.byHolder.get(m.number) ?? '0.0000';
  const before = sumQuantities(members.map(held));
  const leaving = sumQuantities(members.filter((m) => moving.includes(m.id)).map(held));
  const staying = sumQuantities(members.filter((m) => !moving.includes(m.id)).map(held));
  const submit = async () => {
    try {
      await read(api.POST('/api/v1/orgs/{orgId}/households/{householdId}/split', { params: { path: { orgId, householdId: household.id } }, body: { code, address: address || undefined, shareholderIds: moving } }));
      message.success('已分户');
      onClose({ codes: [household.code, code], total: before });
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open title={`分户：${household.code}`} okText="分户" cancelText="取消" okButtonProps={{ disabled: moving.length === 0 || moving.length === members.length }} onOk={submit} onCancel={() => onClose(null)} destroyOnHidden>
      <p>选出迁入新户的成员：</p>
      <Checkbox.Group value={moving} onChange={(v) => setMoving(v as string[])} options={members.map((m) => ({ value: m.id, label: `${m.number} ${m.name}（${formatQuantity(held(m))} 股）` }))} />
      <Space style={{ margin: '12px 0' }}>
        <Input aria-label="新户号" addonBefore="新户号" value={code} onChange={(e) => setCode(e.target.value)} />
        <Input aria-label="新户地址" addonBefore="地址" value={address} onChange={(e) => setAddress(e.target.value)} />
      </Space>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={`分户前 ${household.code}`}>{formatQuantity(before)}</Descriptions.Item>
        <Descriptions.Item label={`分户后 ${household.code}`}>{formatQuantity(staying)}</Descriptions.Item>
        <Descriptions.Item label={`分户后 ${code}`}>{formatQuantity(leaving)}</Descriptions.Item>
        <Descriptions.Item label="分户后合计">{formatQuantity(sumQuantities([staying, leaving]))}（不变）</Descriptions.Item>
      </Descriptions>
    </Modal>
  );
}

function MergeHousehold(props: { orgId: string; household: Household; households: Household[]; totals: Totals; onClose: (before: { codes: string[]; total: string } | null) => void }) {
  const { orgId, household, households, totals, onClose } = props;
  const { message } = App.useApp();
  const [into, setInto] = useState<string>();
  const target = households.find((h) => h.id === into);
  const t = (code: string) => totals.byHousehold.get(code) ?? '0.0000';
  const combined = target ? sumQuantities([t(household.code), t(target.code)]) : t(household.code);
  const submit = async () => {
    if (!target) return;
    try {
      await read(api.POST('/api/v1/orgs/{orgId}/households/{householdId}/merge', { params: { path: { orgId, householdId: household.id } }, body: { intoHouseholdId: target.id } }));
      message.success('已合户');
      onClose({ codes: [target.code], total: combined });
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open title={`合户：${household.code} 并入`} okText="合户" cancelText="取消" okButtonProps={{ disabled: !target }} onOk={submit} onCancel={() => onClose(null)} destroyOnHidden>
      <Select aria-label="并入的户" showSearch={{ optionFilterProp: 'label' }} style={{ width: 260, marginBottom: 12 }} value={into} onChange={setInto} options={households.filter((h) => h.id !== household.id && h.status === 'active').map((h) => ({ value: h.id, label: h.code }))} />
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={household.code}>{formatQuantity(t(household.code))}</Descriptions.Item>
        {target && <Descriptions.Item label={target.code}>{formatQuantity(t(target.code))}</Descriptions.Item>}
        <Descriptions.Item label="合户后合计">{formatQuantity(combined)}（不变）</Descriptions.Item>
      </Descriptions>
    </Modal>
  );
}

function SetHead({ orgId, household, onClose }: { orgId: string; household: Household; onClose: (ok: boolean) => void }) {
  const { message } = App.useApp();
  const members = useMembers(orgId, household.id);
  const [head, setHead] = useState<string | undefined>(household.head_shareholder_id ?? undefined);
  const submit = async () => {
    if (!head) return;
    try {
      await read(api.POST('/api/v1/orgs/{orgId}/households/{householdId}/head', { params: { path: { orgId, householdId: household.id } }, body: { headShareholderId: head } }));
      onClose(true);
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Modal open title={`设户主：${household.code}`} okText="保存" cancelText="取消" onOk={submit} onCancel={() => onClose(false)} destroyOnHidden>
      <Select aria-label="户主" style={{ width: 260 }} value={head} onChange={setHead} options={members.map((m) => ({ value: m.id, label: `${m.number} ${m.name}` }))} />
    </Modal>
  );
}
