import { App, Button, Card, Checkbox, Form, Input, Modal, Select, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { Permission, useSession } from '../../session';
import { loadShareClasses, type ShareClass } from './common';

const yes = (b: boolean) => (b ? '可' : '否');

/** 股种: the classes of the charter with their dividend weight and what may be done with them. */
export default function ShareClassesPage() {
  const s = useSession();
  const { message } = App.useApp();
  const orgId = s.org.id;
  const [classes, setClasses] = useState<ShareClass[]>([]);
  const [adding, setAdding] = useState(false);
  const load = useCallback(() => loadShareClasses(orgId).then(setClasses).catch((e) => message.error(errorText(e))), [orgId, message]);
  useEffect(() => {
    load();
  }, [load]);
  return (
    <Card title="股种" extra={s.can(Permission.SharesManage) && <Button type="primary" onClick={() => setAdding(true)}>新增股种</Button>}>
      <Table<ShareClass>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={classes}
        columns={[
          { title: '代码', dataIndex: 'code' },
          { title: '名称', dataIndex: 'name' },
          { title: '分红权重', dataIndex: 'weight', align: 'right' },
          { title: '转让', dataIndex: 'transferable', render: yes },
          { title: '赠与', dataIndex: 'giftable', render: yes },
          { title: '继承', dataIndex: 'inheritable', render: yes },
          { title: '不可继承时', dataIndex: 'non_inheritable_to', render: (v: string, c) => (c.inheritable ? '' : v === 'cancel' ? '注销' : '归集体') },
          { title: '回购', dataIndex: 'redeemable', render: yes },
          { title: '项目股', dataIndex: 'project', render: (b: boolean) => (b ? '是' : '') },
        ]}
      />
      {adding && <AddClass orgId={orgId} onClose={(done) => { setAdding(false); if (done) load(); }} />}
    </Card>
  );
}

function AddClass({ orgId, onClose }: { orgId: string; onClose: (done: boolean) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    const flags: string[] = v.flags ?? [];
    setBusy(true);
    try {
      const body = {
        code: v.code,
        name: v.name,
        weight: v.weight,
        transferable: flags.includes('transferable'),
        giftable: flags.includes('giftable'),
        inheritable: flags.includes('inheritable'),
        redeemable: flags.includes('redeemable'),
        project: flags.includes('project'),
        nonInheritableTo: v.nonInheritableTo,
      };
      await read(api.POST('/api/v1/orgs/{orgId}/share-classes', { params: { path: { orgId } }, body }));
      message.success('已新增股种');
      onClose(true);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="新增股种" okText="保存" cancelText="取消" confirmLoading={busy} onOk={submit} onCancel={() => onClose(false)} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ weight: '1', flags: ['transferable', 'giftable', 'inheritable'], nonInheritableTo: 'collective' }}>
        <Form.Item name="code" label="代码（大写字母、数字）" rules={[{ required: true, pattern: /^[A-Z0-9_]{1,20}$/, message: '如 BASIC、LABOR' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="name" label="名称" rules={[{ required: true, message: '如 基本股' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="weight" label="分红权重" rules={[{ required: true, pattern: /^\d{1,6}(\.\d{1,4})?$/, message: '最多四位小数' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="flags" label="章程允许">
          <Checkbox.Group
            options={[
              { value: 'transferable', label: '转让' },
              { value: 'giftable', label: '赠与' },
              { value: 'inheritable', label: '继承' },
              { value: 'redeemable', label: '回购' },
              { value: 'project', label: '项目股' },
            ]}
          />
        </Form.Item>
        <Form.Item name="nonInheritableTo" label="不可继承的股份">
          <Select options={[{ value: 'collective', label: '归集体股' }, { value: 'cancel', label: '注销' }]} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
