import { Alert, App, Button, Card, Descriptions, Drawer, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { allPages } from '../../../api/lists';
import type { Page, Voucher } from '../../../api/views';
import { todayInShanghai } from '../../../lib/dates';
import { formatMoney, normalizeAmount } from '../../../lib/money';
import { Permission, useBooks, useSession } from '../../session';
import { formatUnits, normalizeUnits, percentToRate, rateToPercent } from './common';
import { ACQUISITION, CATEGORIES, METHOD, PURPOSE, STATE, type Asset, type AssetDetail, type AssetState, type DepreciationLine } from './types';
import { VoucherLink } from './VoucherLink';

/** What a disposal left in the books: the net gain (Cr 504) or loss (Dr 515) of its voucher. */
interface DisposalResult {
  kind: 'gain' | 'loss' | 'none';
  amount: string;
}

const disposalResult = (v: Voucher): DisposalResult => {
  const gain = v.lines.find((l) => l.accountCode.startsWith('504') && l.credit);
  if (gain) return { kind: 'gain', amount: gain.credit! };
  const loss = v.lines.find((l) => l.accountCode.startsWith('515') && l.debit);
  if (loss) return { kind: 'loss', amount: loss.debit! };
  return { kind: 'none', amount: '0.00' };
};

/**
 * 固定资产: the cards by category and state; a card's detail (fields, states, months); 新增卡片; 变更状态; 处置.
 * `/fixed-assets?open=<cardId>` opens that card's detail (other screens link to it).
 */
export default function AssetsPage() {
  const books = useBooks();
  const s = useSession();
  const { message } = App.useApp();
  const [category, setCategory] = useState<string | undefined>();
  const [state, setState] = useState<AssetState | undefined>();
  const [cards, setCards] = useState<Asset[]>([]);
  const [open, setOpen] = useState<AssetDetail | null>(null);
  const [months, setMonths] = useState<DepreciationLine[]>([]);
  const [creating, setCreating] = useState(false);
  const [disposing, setDisposing] = useState(false);
  const [changing, setChanging] = useState(false);
  const [result, setResult] = useState<DisposalResult | null>(null);
  const [form] = Form.useForm();
  const [disposal] = Form.useForm();
  const [stateForm] = Form.useForm();
  const manage = s.can(Permission.BooksManage);
  const [search, setSearch] = useSearchParams();
  const openParam = search.get('open');

  const load = useCallback(async () => {
    if (!books) return;
    const filter = { ...(category ? { category } : {}), ...(state ? { state } : {}) };
    setCards(
      await allPages<Asset>((query) =>
        read<Page<Asset>>(api.GET('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/assets', { params: { path: { orgId: books.orgId, ledgerId: books.ledger.id }, query: { ...filter, ...query } as never } })),
      ),
    );
  }, [books, category, state]);

  const show = useCallback(
    async (id: string) => {
      if (!books) return;
      const path = { orgId: books.orgId, ledgerId: books.ledger.id };
      const card = await read<AssetDetail>(api.GET('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/assets/{assetId}', { params: { path: { ...path, assetId: id } } }));
      setOpen(card);
      setMonths(
        await allPages<DepreciationLine>((query) =>
          read<Page<DepreciationLine>>(
            api.GET('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/assets/depreciation', { params: { path, query: { from: card.inServiceDate.slice(0, 7), to: '2999-12', assetId: id, ...query } as never } }),
          ),
        ),
      );
    },
    [books],
  );

  useEffect(() => {
    load().catch((e) => message.error(errorText(e)));
  }, [load, message]);

  // A deep link: ?open=<cardId> opens the card (a malformed or foreign id says so, nothing else).
  useEffect(() => {
    if (openParam) show(openParam).catch((e) => message.error(errorText(e)));
  }, [openParam, show, message]);

  const close = () => {
    setOpen(null);
    setResult(null);
    if (openParam) setSearch((p) => { p.delete('open'); return p; }, { replace: true });
  };

  if (!books) return null;
  const path = { orgId: books.orgId, ledgerId: books.ledger.id };

  const create = async () => {
    const v = await form.validateFields();
    const body = {
      cardNo: v.cardNo,
      name: v.name,
      category: v.category,
      spec: v.spec || undefined,
      location: v.location || undefined,
      custodian: v.custodian || undefined,
      purpose: v.purpose,
      acquisitionType: v.acquisitionType,
      creditAccountCode: v.acquisitionType === 'opening' ? undefined : v.creditAccountCode,
      cost: normalizeAmount(v.cost)!,
      salvageRate: percentToRate(v.salvagePercent)!,
      inServiceDate: v.inServiceDate,
      method: v.method as 'straight_line' | 'units',
      usefulLifeMonths: v.usefulLifeMonths,
      totalUnits: v.method === 'units' ? normalizeUnits(v.totalUnits)! : undefined,
      openingAccumulated: v.acquisitionType === 'opening' && v.openingAccumulated ? normalizeAmount(v.openingAccumulated)! : undefined,
      openingThrough: v.acquisitionType === 'opening' && v.openingThrough ? v.openingThrough : undefined,
    };
    try {
      const card = await read<Asset>(api.POST('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/assets', { params: { path }, body }));
      message.success(`已新增卡片 ${card.cardNo}`);
      setCreating(false);
      form.resetFields();
      await load();
      await show(card.id);
    } catch (e) {
      message.error(`新增卡片未完成：${errorText(e)}`);
    }
  };

  const dispose = async () => {
    if (!open) return;
    const v = await disposal.validateFields();
    try {
      const card = await read<Asset>(
        api.POST('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/assets/{assetId}/disposal', {
          params: { path: { ...path, assetId: open.id } },
          body: { date: v.date, proceeds: normalizeAmount(v.proceeds)!, costs: v.costs ? normalizeAmount(v.costs)! : undefined, bankAccountCode: v.bankAccountCode || undefined, reason: v.reason },
        }),
      );
      const voucher = await read<Voucher>(api.GET('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/vouchers/{voucherId}', { params: { path: { ...path, voucherId: card.disposalVoucherId! } } }));
      setResult(disposalResult(voucher));
      setDisposing(false);
      disposal.resetFields();
      await load();
      await show(card.id);
    } catch (e) {
      message.error(`处置未完成：${errorText(e)}`);
    }
  };

  const changeState = async () => {
    if (!open) return;
    const v = await stateForm.validateFields();
    try {
      await read(api.POST('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/assets/{assetId}/state', { params: { path: { ...path, assetId: open.id } }, body: { state: v.state, since: v.since, reason: v.reason } }));
      message.success('状态已变更');
      setChanging(false);
      stateForm.resetFields();
      await load();
      await show(open.id);
    } catch (e) {
      message.error(`变更状态未完成：${errorText(e)}`);
    }
  };

  const money = (title: string, key: keyof Asset) => ({ title, dataIndex: key, align: 'right' as const, render: (a: string) => formatMoney(a) });
  return (
    <Card title="固定资产" extra={manage && <Button type="primary" onClick={() => setCreating(true)}>新增卡片</Button>}>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select aria-label="类别" allowClear placeholder="全部类别" style={{ width: 160 }} value={category} onChange={setCategory} options={CATEGORIES.map((c) => ({ value: c.name, label: c.name }))} />
        <Select aria-label="状态" allowClear placeholder="全部状态" style={{ width: 130 }} value={state} onChange={setState} options={Object.entries(STATE).map(([value, x]) => ({ value, label: x.text }))} />
      </Space>
      <Table<Asset>
        rowKey="id"
        size="small"
        dataSource={cards}
        pagination={{ pageSize: 20 }}
        onRow={(a) => ({ style: { cursor: 'pointer' }, onClick: () => show(a.id).catch((e) => message.error(errorText(e))) })}
        columns={[
          { title: '卡片编号', dataIndex: 'cardNo' },
          { title: '资产名称', dataIndex: 'name' },
          { title: '类别', dataIndex: 'category' },
          { title: '坐落', dataIndex: 'location' },
          { title: '启用日期', dataIndex: 'inServiceDate' },
          money('原值', 'cost'),
          money('月折旧额', 'monthlyAmount'),
          money('累计折旧', 'accumulated'),
          money('净值', 'netValue'),
          { title: '状态', dataIndex: 'state', render: (x: AssetState) => <Tag color={STATE[x].color}>{STATE[x].text}</Tag> },
        ]}
      />
      <Drawer open={!!open} width={900} title={open ? `${open.cardNo} ${open.name}` : ''} onClose={close}>
        {open && (
          <>
            {result && (
              <Alert
                type={result.kind === 'loss' ? 'warning' : 'success'}
                showIcon
                style={{ marginBottom: 12 }}
                message={
                  <span data-testid="disposal-result">
                    {result.kind === 'gain' ? `处置净收益 ${formatMoney(result.amount)} 元，转入 504 其他收入` : result.kind === 'loss' ? `处置净损失 ${formatMoney(result.amount)} 元，转入 515 其他支出` : '处置无损益'}
                  </span>
                }
              />
            )}
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label="卡片编号">{open.cardNo}</Descriptions.Item>
              <Descriptions.Item label="状态"><Tag color={STATE[open.state].color}>{STATE[open.state].text}</Tag></Descriptions.Item>
              <Descriptions.Item label="类别">{open.category}</Descriptions.Item>
              <Descriptions.Item label="规格型号">{open.spec}</Descriptions.Item>
              <Descriptions.Item label="坐落">{open.location}</Descriptions.Item>
              <Descriptions.Item label="管护责任人">{open.custodian}</Descriptions.Item>
              <Descriptions.Item label="用途">{PURPOSE[open.purpose]}</Descriptions.Item>
              <Descriptions.Item label="取得方式">{ACQUISITION[open.acquisitionType] ?? open.acquisitionType}</Descriptions.Item>
              <Descriptions.Item label="入账凭证"><VoucherLink voucherId={open.sourceVoucherId} /></Descriptions.Item>
              <Descriptions.Item label="启用日期">{open.inServiceDate}（次月起计提）</Descriptions.Item>
              <Descriptions.Item label="原值">{formatMoney(open.cost)}</Descriptions.Item>
              <Descriptions.Item label="残值">{`${formatMoney(open.salvage)}（残值率 ${rateToPercent(open.salvageRate)}）`}</Descriptions.Item>
              <Descriptions.Item label="折旧方法">{METHOD[open.method]}</Descriptions.Item>
              <Descriptions.Item label="使用年限">{`${open.usefulLifeMonths} 个月`}</Descriptions.Item>
              {open.method === 'units' ? (
                <Descriptions.Item label="工作量">
                  <span data-testid="card-units">{`已用 ${formatUnits(open.unitsUsed)} / 预计总工作量 ${formatUnits(open.totalUnits)}`}</span>（每月在<Link to="/fixed-assets/depreciation">计提折旧</Link>填写本月工作量）
                </Descriptions.Item>
              ) : (
                <Descriptions.Item label="月折旧额">{formatMoney(open.monthlyAmount)}</Descriptions.Item>
              )}
              <Descriptions.Item label="期初累计折旧">{open.openingThrough ? `${formatMoney(open.openingAccumulated)}（截至 ${open.openingThrough}）` : '—'}</Descriptions.Item>
              <Descriptions.Item label="累计折旧"><span data-testid="card-accumulated">{formatMoney(open.accumulated)}</span></Descriptions.Item>
              <Descriptions.Item label={open.disposedOn ? '处置时净值' : '净值'}><span data-testid="card-net-value">{formatMoney(open.netValue)}</span></Descriptions.Item>
              {open.disposedOn && <Descriptions.Item label="处置日期">{open.disposedOn}</Descriptions.Item>}
              {open.disposalVoucherId && <Descriptions.Item label="处置凭证"><VoucherLink voucherId={open.disposalVoucherId} /></Descriptions.Item>}
            </Descriptions>
            {manage && open.state !== 'disposed' && (
              <Space style={{ margin: '12px 0' }}>
                <Button onClick={() => setChanging(true)}>变更状态</Button>
                <Button danger onClick={() => setDisposing(true)}>处置</Button>
              </Space>
            )}
            <Typography.Title level={5} style={{ marginTop: 16 }}>状态记录</Typography.Title>
            <Table
              rowKey="seq"
              size="small"
              pagination={false}
              dataSource={open.states}
              columns={[
                { title: '自', dataIndex: 'since' },
                { title: '状态', dataIndex: 'state', render: (x: AssetState) => STATE[x]?.text ?? x },
                { title: '原因', dataIndex: 'note' },
              ]}
            />
            <Typography.Title level={5} style={{ marginTop: 16 }}>折旧记录</Typography.Title>
            <Table<DepreciationLine>
              rowKey="period"
              size="small"
              pagination={{ pageSize: 12 }}
              dataSource={months}
              columns={[
                { title: '月份', dataIndex: 'period' },
                ...(open.method === 'units' ? [{ title: '本月工作量', dataIndex: 'units', align: 'right' as const, render: (u: string | null) => formatUnits(u) }] : []),
                { title: '本月折旧', dataIndex: 'amount', align: 'right', render: (a: string) => formatMoney(a) },
                { title: '累计折旧', dataIndex: 'accumulatedAfter', align: 'right', render: (a: string) => formatMoney(a) },
                { title: '凭证', dataIndex: 'voucherId', render: (id: string) => <VoucherLink voucherId={id} /> },
              ]}
            />
          </>
        )}
      </Drawer>
      <Modal open={creating} title="新增固定资产卡片" onCancel={() => setCreating(false)} onOk={() => create().catch(() => undefined)} okText="保存并入账" cancelText="取消" width={720}>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message="购入、自建等卡片保存时即记账：借 151 固定资产，贷所选科目，日期为启用日期。启用当月不提折旧，次月起按月计提。" />
        <Form form={form} layout="vertical" initialValues={{ purpose: 'operating', acquisitionType: 'purchase', creditAccountCode: '102', salvagePercent: '5', inServiceDate: todayInShanghai(), method: 'straight_line' }}>
          <Space wrap>
            <Form.Item name="cardNo" label="卡片编号" rules={[{ required: true, message: '请填写卡片编号' }]}><Input style={{ width: 140 }} /></Form.Item>
            <Form.Item name="name" label="资产名称" rules={[{ required: true, message: '请填写资产名称' }]}><Input style={{ width: 220 }} /></Form.Item>
            <Form.Item name="category" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
              <Select
                style={{ width: 160 }}
                options={CATEGORIES.map((c) => ({ value: c.name, label: `${c.name}（${c.months / 12} 年）` }))}
                onChange={(name: string) => form.setFieldValue('usefulLifeMonths', CATEGORIES.find((c) => c.name === name)?.months)}
              />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="spec" label="规格型号"><Input style={{ width: 160 }} /></Form.Item>
            <Form.Item name="location" label="坐落"><Input style={{ width: 220 }} /></Form.Item>
            <Form.Item name="custodian" label="管护责任人"><Input style={{ width: 140 }} /></Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="purpose" label="用途（决定折旧费用科目）"><Select style={{ width: 220 }} options={Object.entries(PURPOSE).map(([value, label]) => ({ value, label }))} /></Form.Item>
            <Form.Item name="acquisitionType" label="取得方式"><Select style={{ width: 130 }} options={Object.entries(ACQUISITION).map(([value, label]) => ({ value, label }))} /></Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.acquisitionType !== b.acquisitionType}>
              {({ getFieldValue }) =>
                getFieldValue('acquisitionType') === 'opening' ? (
                  <Space>
                    <Form.Item name="openingAccumulated" label="期初累计折旧" rules={[{ validator: async (_, x?: string) => { if (x && normalizeAmount(x) === null) throw new Error('金额格式不对'); } }]}><Input style={{ width: 140 }} /></Form.Item>
                    <Form.Item name="openingThrough" label="截至月份"><Input style={{ width: 110 }} placeholder="2023-12" /></Form.Item>
                  </Space>
                ) : (
                  <Form.Item name="creditAccountCode" label="贷方科目" rules={[{ required: true, pattern: /^\d{3}(\d{2})*$/, message: '请填写科目编码' }]}><Input style={{ width: 110 }} /></Form.Item>
                )
              }
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="cost" label="原值（元）" rules={[{ required: true, message: '请填写原值' }, { validator: async (_, x?: string) => { if (x && !normalizeAmount(x)) throw new Error('金额格式不对'); } }]}><Input style={{ width: 160 }} /></Form.Item>
            <Form.Item name="salvagePercent" label="残值率（%）" rules={[{ required: true }, { validator: async (_, x?: string) => { if (x && percentToRate(x) === null) throw new Error('残值率在 0 到 99.99 之间'); } }]}><Input style={{ width: 90 }} /></Form.Item>
            <Form.Item name="inServiceDate" label="启用日期" rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: '如 2025-01-15' }]}><Input style={{ width: 130 }} /></Form.Item>
            <Form.Item name="usefulLifeMonths" label="使用年限（月）" rules={[{ required: true, message: '请填写使用年限' }]}><InputNumber min={1} max={1200} precision={0} style={{ width: 110 }} /></Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="method" label="折旧方法"><Select style={{ width: 140 }} options={Object.entries(METHOD).map(([value, label]) => ({ value, label }))} /></Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.method !== b.method}>
              {({ getFieldValue }) =>
                getFieldValue('method') === 'units' && (
                  <Form.Item name="totalUnits" label="预计总工作量（如台时、公里）" rules={[{ required: true, message: '工作量法须填写预计总工作量' }, { validator: async (_, x?: string) => { if (x && (normalizeUnits(x) === null || normalizeUnits(x) === '0.0000')) throw new Error('须为大于 0 的数，最多四位小数'); } }]}>
                    <Input style={{ width: 160 }} />
                  </Form.Item>
                )
              }
            </Form.Item>
          </Space>
        </Form>
      </Modal>
      <Modal open={disposing} title={open ? `处置 ${open.cardNo} ${open.name}` : '处置'} onCancel={() => setDisposing(false)} onOk={() => dispose().catch(() => undefined)} okText="确认处置" cancelText="取消" width={560}>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message="处置通过 154 固定资产清理：转出净值和累计折旧，记清理费用和处置收入；净收益转 504 其他收入，净损失转 515 其他支出。处置当月仍计提折旧。" />
        <Form form={disposal} layout="vertical" initialValues={{ date: todayInShanghai() }}>
          <Space wrap>
            <Form.Item name="date" label="处置日期" rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: '如 2025-06-20' }]}><Input style={{ width: 130 }} /></Form.Item>
            <Form.Item name="proceeds" label="处置收入（元）" rules={[{ required: true, message: '请填写处置收入（没有填 0）' }, { validator: async (_, x?: string) => { if (x && normalizeAmount(x) === null) throw new Error('金额格式不对'); } }]}><Input style={{ width: 160 }} /></Form.Item>
            <Form.Item name="costs" label="清理费用（元）" rules={[{ validator: async (_, x?: string) => { if (x && normalizeAmount(x) === null) throw new Error('金额格式不对'); } }]}><Input style={{ width: 130 }} /></Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="bankAccountCode" label="收付款科目（默认 102）"><Input style={{ width: 110 }} placeholder="102" /></Form.Item>
            <Form.Item name="reason" label="处置原因" rules={[{ required: true, message: '请填写处置原因' }]}><Input style={{ width: 280 }} /></Form.Item>
          </Space>
        </Form>
      </Modal>
      <Modal open={changing} title="变更状态" onCancel={() => setChanging(false)} onOk={() => changeState().catch(() => undefined)} okText="保存" cancelText="取消">
        <Form form={stateForm} layout="vertical" initialValues={{ since: todayInShanghai() }}>
          <Form.Item name="state" label="新状态" rules={[{ required: true }]}>
            <Select options={Object.entries(STATE).filter(([k]) => k !== 'disposed').map(([value, x]) => ({ value, label: x.text }))} />
          </Form.Item>
          <Form.Item name="since" label="自" rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}><Input /></Form.Item>
          <Form.Item name="reason" label="原因" rules={[{ required: true }]}><Input /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
