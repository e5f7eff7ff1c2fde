import { Alert, App, Button, DatePicker, Descriptions, Input, Modal, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { api, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { normalizeAmount } from '../../../lib/money';
import { formatQuantity, fractionsSumToOne, normalizeQuantity, parseFraction, splitByFractions } from '../../../lib/shares';
import { EVENT_TYPES, holderLabel, loadHoldings, ShareholderPicker, type Holding, type ShareClass, type ShareEvent, type Shareholder } from './common';

interface Leg {
  shareholderId?: string;
  shareClass?: string;
  quantity: string;
}

interface Heir {
  shareholderId?: string;
  holder?: Shareholder;
  fraction: string;
}

const HINTS: Record<string, string> = {
  initial_allocation: '股改时按方案配股：每行一名股东、一个股种和股数。',
  transfer: '转让方的股份转给本组织成员，须股种章程允许转让。',
  gift: '赠与近亲属（须填写亲属关系），须股种章程允许赠与。',
  inheritance: '被继承人须已登记身故；全部股份按份额分给继承人，最后一名继承人得余数。',
  purchase: '成员按单价出资购股（记 银行存款 / 股金）。',
  project_investment: '成员按单价认购项目股。',
  redemption: '组织按单价回购股份（须章程允许回购）。',
  freeze: '因纠纷、质押或法院要求冻结部分股份（无需公示）。',
  unfreeze: '解除冻结（无需公示）。',
  correction: '更正一项已生效的变动：原变动的股份全部冲回。',
};

/** The application of one share event, with the form its type needs (SPEC §2.4). */
export function ApplyEvent(props: { orgId: string; classes: ShareClass[]; type: string; correctsEventId?: string; onClose: (eventId: string | null) => void }) {
  const { orgId, classes, type, correctsEventId, onClose } = props;
  const { message } = App.useApp();
  const [effectiveDate, setEffectiveDate] = useState<Dayjs>(dayjs());
  const [documents, setDocuments] = useState('');
  const [legs, setLegs] = useState<Leg[]>([{ quantity: '' }]);
  const [from, setFrom] = useState<string>();
  const [to, setTo] = useState<string>();
  const [shareClass, setShareClass] = useState<string>(classes[0]?.code);
  const [qty, setQty] = useState('');
  const [relationship, setRelationship] = useState('');
  const [price, setPrice] = useState('');
  const [bankAccountCode, setBankAccountCode] = useState('102');
  const [deceased, setDeceased] = useState<string>();
  const [heirs, setHeirs] = useState<Heir[]>([{ fraction: '1/2' }, { fraction: '1/2' }]);
  const [busy, setBusy] = useState(false);

  const moving = type === 'transfer' || type === 'gift';
  const priced = type === 'purchase' || type === 'project_investment' || type === 'redemption';
  const classOptions = classes.filter((c) => (type === 'project_investment' ? c.project : type === 'purchase' ? !c.project : type === 'redemption' ? c.redeemable : true)).map((c) => ({ value: c.code, label: c.name }));

  const body = (): Record<string, unknown> | string => {
    const common = { type, effectiveDate: effectiveDate.format('YYYY-MM-DD'), documents: documents.split(/\n/).map((d) => d.trim()).filter(Boolean) };
    if (type === 'correction') return { ...common, correctsEventId };
    if (type === 'inheritance') {
      if (!deceased) return '请选择被继承人';
      if (heirs.some((h) => !h.shareholderId)) return '请选择每一位继承人';
      return { ...common, deceasedId: deceased, heirs: heirs.map((h) => ({ shareholderId: h.shareholderId, fraction: h.fraction.trim() })) };
    }
    const q = normalizeQuantity(qty);
    if (moving) {
      if (!from || !to || !shareClass) return '请选择转出方、接收方和股种';
      if (!q || q.startsWith('-') || q === '0.0000') return '股数应为正数，最多四位小数';
      return { ...common, legs: [{ shareholderId: from, shareClass, quantity: `-${q}` }, { shareholderId: to, shareClass, quantity: q }], ...(type === 'gift' ? { relationship } : {}) };
    }
    const list = legs.map((l) => ({ shareholderId: l.shareholderId, shareClass: l.shareClass ?? shareClass, quantity: normalizeQuantity(l.quantity) }));
    if (list.some((l) => !l.shareholderId || !l.shareClass)) return '请为每一行选择股东和股种';
    if (list.some((l) => !l.quantity || l.quantity.startsWith('-') || l.quantity === '0.0000')) return '股数应为正数，最多四位小数';
    const signed = list.map((l) => ({ ...l, quantity: type === 'redemption' ? `-${l.quantity}` : l.quantity }));
    if (priced) {
      const p = normalizeAmount(price);
      if (!p) return '请填写单价（元，最多两位小数）';
      return { ...common, legs: signed, price: p, bankAccountCode };
    }
    return { ...common, legs: signed };
  };

  const submit = async () => {
    const b = body();
    if (typeof b === 'string') {
      message.error(b);
      return;
    }
    setBusy(true);
    try {
      const event = await read<ShareEvent>(api.POST('/api/v1/orgs/{orgId}/share-events', { params: { path: { orgId } }, body: b as never }));
      message.success('已提交申请');
      onClose(event.id);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open width={760} title={`申请：${EVENT_TYPES[type]}`} okText="提交申请" cancelText="取消" confirmLoading={busy} onOk={submit} onCancel={() => onClose(null)} destroyOnHidden>
      <Typography.Paragraph type="secondary">{HINTS[type]}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>生效日期</span>
        <DatePicker aria-label="生效日期" allowClear={false} value={effectiveDate} onChange={(d) => d && setEffectiveDate(d)} />
      </Space>
      {type === 'correction' && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="提交后须经理事会审批和公示，生效时冲回原变动的全部股份及其凭证。" />}
      {moving && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <ShareholderPicker orgId={orgId} ariaLabel="转出方" value={from} onChange={setFrom} onlyActive />
            <span>→</span>
            <ShareholderPicker orgId={orgId} ariaLabel="接收方" value={to} onChange={setTo} onlyActive />
          </Space>
          <Space wrap>
            <Select aria-label="股种" style={{ width: 140 }} value={shareClass} onChange={setShareClass} options={classOptions} />
            <Input aria-label="股数" addonBefore="股数" style={{ width: 200 }} value={qty} onChange={(e) => setQty(e.target.value)} />
            {type === 'gift' && <Input aria-label="亲属关系" addonBefore="亲属关系" placeholder="如 父子" style={{ width: 220 }} value={relationship} onChange={(e) => setRelationship(e.target.value)} />}
          </Space>
        </Space>
      )}
      {!moving && type !== 'inheritance' && type !== 'correction' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          {legs.map((l, i) => (
            <Space key={i} wrap>
              <ShareholderPicker orgId={orgId} ariaLabel={`第${i + 1}行股东`} value={l.shareholderId} onChange={(id) => setLegs((ls) => ls.map((x, j) => (j === i ? { ...x, shareholderId: id } : x)))} />
              <Select aria-label={`第${i + 1}行股种`} style={{ width: 140 }} value={l.shareClass ?? shareClass} onChange={(c: string) => setLegs((ls) => ls.map((x, j) => (j === i ? { ...x, shareClass: c } : x)))} options={classOptions} />
              <Input aria-label={`第${i + 1}行股数`} addonBefore="股数" style={{ width: 200 }} value={l.quantity} onChange={(e) => setLegs((ls) => ls.map((x, j) => (j === i ? { ...x, quantity: e.target.value } : x)))} />
              {legs.length > 1 && <Button onClick={() => setLegs((ls) => ls.filter((_, j) => j !== i))}>删除</Button>}
            </Space>
          ))}
          {type !== 'freeze' && type !== 'unfreeze' && <Button onClick={() => setLegs((ls) => [...ls, { quantity: '' }])}>增加一行</Button>}
          {priced && (
            <Space wrap>
              <Input aria-label="单价" addonBefore="每股单价（元）" style={{ width: 240 }} value={price} onChange={(e) => setPrice(e.target.value)} />
              <Input aria-label="银行科目" addonBefore="银行科目" style={{ width: 200 }} value={bankAccountCode} onChange={(e) => setBankAccountCode(e.target.value)} />
            </Space>
          )}
        </Space>
      )}
      {type === 'inheritance' && <InheritanceForm orgId={orgId} classes={classes} deceased={deceased} setDeceased={setDeceased} heirs={heirs} setHeirs={setHeirs} />}
      <Input.TextArea aria-label="证明材料" style={{ marginTop: 12 }} rows={2} placeholder="证明材料，每行一份（如 死亡证明、继承公证书编号）" value={documents} onChange={(e) => setDocuments(e.target.value)} />
    </Modal>
  );
}

/** The heirs with their fractions, and before submitting the exact quantities each will receive. */
function InheritanceForm(props: { orgId: string; classes: ShareClass[]; deceased?: string; setDeceased: (id?: string) => void; heirs: Heir[]; setHeirs: (f: (h: Heir[]) => Heir[]) => void }) {
  const { orgId, classes, deceased, setDeceased, heirs, setHeirs } = props;
  const [held, setHeld] = useState<Holding[]>([]);
  useEffect(() => {
    if (!deceased) return setHeld([]);
    loadHoldings(orgId, deceased).then(setHeld).catch(() => setHeld([]));
  }, [orgId, deceased]);
  const fractions = heirs.map((h) => parseFraction(h.fraction));
  const valid = fractions.every((f) => f !== null) && fractionsSumToOne(fractions as NonNullable<(typeof fractions)[number]>[]);
  const byCode = new Map(classes.map((c) => [c.code, c]));
  const preview = useMemo(() => {
    if (!valid) return [];
    return held
      .filter((h) => h.quantity !== '0.0000')
      .map((h) => {
        const c = byCode.get(h.shareClass);
        const parts = c?.inheritable ? splitByFractions(h.quantity, fractions as NonNullable<(typeof fractions)[number]>[]) : null;
        return { shareClass: h.shareClass, name: c?.name ?? h.shareClass, quantity: h.quantity, parts, fallback: c?.non_inheritable_to === 'cancel' ? '注销' : '归集体股' };
      });
  }, [held, valid, heirs, classes]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <span>被继承人</span>
        <ShareholderPicker orgId={orgId} ariaLabel="被继承人" value={deceased} onChange={(id) => setDeceased(id)} />
      </Space>
      {heirs.map((h, i) => (
        <Space key={i} wrap>
          <span>继承人 {i + 1}</span>
          <ShareholderPicker orgId={orgId} ariaLabel={`继承人${i + 1}`} value={h.shareholderId} onlyActive onChange={(id, holder) => setHeirs((hs) => hs.map((x, j) => (j === i ? { ...x, shareholderId: id, holder } : x)))} />
          <Input aria-label={`继承人${i + 1}份额`} addonBefore="份额" placeholder="如 1/3" style={{ width: 160 }} status={fractions[i] ? undefined : 'error'} value={h.fraction} onChange={(e) => setHeirs((hs) => hs.map((x, j) => (j === i ? { ...x, fraction: e.target.value } : x)))} />
          {heirs.length > 1 && <Button onClick={() => setHeirs((hs) => hs.filter((_, j) => j !== i))}>删除</Button>}
        </Space>
      ))}
      <Button onClick={() => setHeirs((hs) => [...hs, { fraction: '' }])}>增加继承人</Button>
      {!valid && <Alert type="warning" showIcon message="份额须为分数（如 1/3），合计正好等于 1" />}
      {valid && deceased && (
        <Table
          aria-label="继承预览"
          size="small"
          pagination={false}
          rowKey="shareClass"
          dataSource={preview}
          columns={[
            { title: '股种', dataIndex: 'name' },
            { title: '被继承人持有', dataIndex: 'quantity', align: 'right', render: formatQuantity },
            ...heirs.map((h, i) => ({
              title: `${holderLabel(h.holder, h.shareholderId ?? '—')}（${h.fraction}）`,
              key: `heir${i}`,
              align: 'right' as const,
              render: (_: unknown, r: (typeof preview)[number]) => (r.parts ? formatQuantity(r.parts[i]) : i === 0 ? r.fallback : ''),
            })),
          ]}
        />
      )}
      {valid && deceased && preview.length === 0 && <Descriptions size="small" items={[{ key: 'none', label: '被继承人', children: '当前没有持股' }]} />}
    </Space>
  );
}
