import { App, Button, Card, Drawer, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import type { Page } from '../../../api/views';
import { allPages } from '../../../api/lists';
import { formatMoment } from '../../../lib/dates';
import { formatMoney } from '../../../lib/money';
import { Permission, useSession } from '../../session';
import type { Objection, Pack } from './views';

interface PackLine {
  date: string;
  number: string;
  memo: string;
  accountCode: string;
  accountName: string;
  debit: string;
  credit: string;
  counterparty: string | null;
}
type PackDetail = Pack & { content: { title: string; lines: PackLine[] } };

/** 财务公开: the packs published by closing a month (per month and version), and the members' objections to answer. */
export default function DisclosurePage() {
  const s = useSession();
  const { message } = App.useApp();
  const orgId = s.org.id;
  const ledgerName = (id: string) => s.ledgers.find((l) => l.id === id)?.name ?? '';
  const [packs, setPacks] = useState<Pack[]>([]);
  const [objections, setObjections] = useState<Objection[]>([]);
  const [onlyOpen, setOnlyOpen] = useState(true);
  const [pack, setPack] = useState<PackDetail | null>(null);
  const [answering, setAnswering] = useState<Objection | null>(null);
  const [answer, setAnswer] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const [p, o] = await Promise.all([
      allPages<Pack>((query) => read<Page<Pack>>(api.GET('/api/v1/orgs/{orgId}/disclosure-packs', { params: { path: { orgId }, query: query as never } }))),
      allPages<Objection>((query) => read<Page<Objection>>(api.GET('/api/v1/orgs/{orgId}/disclosure-objections', { params: { path: { orgId }, query: { ...query, ...(onlyOpen ? { open: 'true' } : {}) } as never } }))),
    ]);
    setPacks([...p].reverse());
    setObjections(o);
  }, [orgId, onlyOpen]);

  useEffect(() => {
    load().catch((e) => message.error(errorText(e)));
  }, [load, message]);

  const openPack = (id: string) =>
    read<PackDetail>(api.GET('/api/v1/orgs/{orgId}/disclosure-packs/{packId}', { params: { path: { orgId, packId: id } } }))
      .then(setPack)
      .catch((e) => message.error(errorText(e)));
  const packOf = (id: string) => packs.find((p) => p.id === id);
  const lineOf = (o: Objection) => {
    const [section, index] = o.lineRef.split(':');
    return section === 'lines' ? `第 ${Number(index) + 1} 笔收支` : o.lineRef;
  };

  const send = async () => {
    if (!answering) return;
    setBusy(true);
    try {
      await read(api.POST('/api/v1/orgs/{orgId}/disclosure-objections/{objectionId}/answer', { params: { path: { orgId, objectionId: answering.id } }, body: { answer: answer.trim() } }));
      message.success('答复已发送');
      setAnswering(null);
      setAnswer('');
      await load();
    } catch (error) {
      message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title="财务公开">
        <Table<Pack>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={packs}
          locale={{ emptyText: '还没有公开的月份（结账时自动公开）' }}
          columns={[
            { title: '月份', dataIndex: 'period' },
            { title: '账套', dataIndex: 'ledgerId', render: ledgerName },
            { title: '版本', dataIndex: 'version', render: (v: number, p) => <Space>{`第 ${v} 版`}{p.superseded ? <Tag>已被更正</Tag> : <Tag color="green">现行</Tag>}</Space> },
            { title: '公开时间', dataIndex: 'publishedAt', render: formatMoment },
            { title: '校验码', dataIndex: 'contentHash', render: (h: string) => <Typography.Text code>{h.slice(0, 12)}</Typography.Text> },
            { title: '', render: (_, p) => <Button size="small" onClick={() => void openPack(p.id)}>查看</Button> },
          ]}
        />
      </Card>
      <Card title="群众异议" extra={<Segmented value={onlyOpen ? 'open' : 'all'} onChange={(v) => setOnlyOpen(v === 'open')} options={[{ value: 'open', label: '待答复' }, { value: 'all', label: '全部' }]} />}>
        <Table<Objection>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={objections}
          locale={{ emptyText: onlyOpen ? '没有待答复的异议' : '没有异议' }}
          columns={[
            { title: '月份', render: (_, o) => (packOf(o.packId) ? `${packOf(o.packId)!.period} 第 ${packOf(o.packId)!.version} 版` : '') },
            { title: '针对', render: (_, o) => lineOf(o) },
            { title: '异议内容', dataIndex: 'text' },
            { title: '提出时间', dataIndex: 'createdAt', render: formatMoment },
            { title: '答复', dataIndex: 'answer', render: (a: string | null) => a ?? <Tag color="orange">待答复</Tag> },
            {
              title: '',
              render: (_, o) =>
                !o.answer && s.can(Permission.DisclosureAnswer) ? (
                  <Button size="small" type="primary" onClick={() => setAnswering(o)}>
                    答复
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      {pack && (
        <Drawer open width={900} title={`${pack.content.title ?? pack.period}（第 ${pack.version} 版）`} onClose={() => setPack(null)}>
          <Table<PackLine & { i: number }>
            rowKey="i"
            size="small"
            pagination={false}
            dataSource={pack.content.lines.map((l, i) => ({ ...l, i }))}
            columns={[
              { title: '序号', dataIndex: 'i', render: (i: number) => i + 1 },
              { title: '日期', dataIndex: 'date' },
              { title: '凭证号', dataIndex: 'number' },
              { title: '摘要', dataIndex: 'memo' },
              { title: '科目', render: (_, l) => `${l.accountCode} ${l.accountName}` },
              { title: '借方', dataIndex: 'debit', className: 'money', render: (a: string) => (a === '0.00' ? '' : formatMoney(a)) },
              { title: '贷方', dataIndex: 'credit', className: 'money', render: (a: string) => (a === '0.00' ? '' : formatMoney(a)) },
              { title: '往来单位', dataIndex: 'counterparty', render: (c: string | null) => c ?? '' },
            ]}
          />
        </Drawer>
      )}
      <Modal
        open={answering !== null}
        title="答复异议"
        okText="发送答复"
        cancelText="取消"
        okButtonProps={{ disabled: answer.trim().length < 2 }}
        confirmLoading={busy}
        onCancel={() => setAnswering(null)}
        onOk={() => void send()}
      >
        <Typography.Paragraph>异议：{answering?.text}</Typography.Paragraph>
        <Typography.Paragraph type="secondary">答复只能发送一次，提出异议的股东可在门户中看到。</Typography.Paragraph>
        <Input.TextArea aria-label="答复内容" rows={3} value={answer} onChange={(e) => setAnswer(e.target.value)} placeholder="例如：是购买环卫车辆的首付款，见理事会决议。" />
      </Modal>
    </Space>
  );
}
