import { Alert, App, Checkbox, Descriptions, Input, InputNumber, Modal, Radio, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, read } from '../../../api/client';
import { errorText } from '../../../api/errors';
import { formatMoney, normalizeAmount, toCents } from '../../../lib/money';
import { fromUnits, planGuardRails } from '../../../lib/shares';
import { loadShareClasses, type ShareClass } from '../register/common';
import type { Plan } from './common';

interface Basis {
  profit: string;
  openingUndistributed: string;
  minReservePercent: string;
}

/**
 * The plan form with its guard rails shown as it is filled (SPEC §2.5): 本年收益 and 年初未分配收益
 * from the income statement, the charter's minimum 公积公益金 from the settings; going past one
 * needs a reason, which the API logs and lists as a warning.
 */
export function PlanForm({ orgId, ledgerId, onClose }: { orgId: string; ledgerId: string; onClose: (planId: string | null) => void }) {
  const { message } = App.useApp();
  const [year, setYear] = useState<number>(new Date().getFullYear() - (new Date().getMonth() < 6 ? 1 : 0));
  const [recordDate, setRecordDate] = useState('');
  const [reservePercent, setReservePercent] = useState('30');
  const [mode, setMode] = useState<'total' | 'perUnit'>('total');
  const [amount, setAmount] = useState('');
  const [taxPercent, setTaxPercent] = useState('0');
  const [prorate, setProrate] = useState(false);
  const [weights, setWeights] = useState<Record<string, string>>({});
  const [classes, setClasses] = useState<ShareClass[]>([]);
  const [basis, setBasis] = useState<Basis | null>(null);
  const [basisError, setBasisError] = useState<string | null>(null);
  const [override, setOverride] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    loadShareClasses(orgId).then(setClasses).catch(() => setClasses([]));
  }, [orgId]);
  useEffect(() => {
    let live = true;
    setBasis(null);
    setBasisError(null);
    Promise.all([
      read<{ rows: { line: string; amount: string }[] }>(api.GET('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/reports/income-statement', { params: { path: { orgId, ledgerId }, query: { year: String(year) } as never } })),
      read<{ minReservePercent: string }>(api.GET('/api/v1/orgs/{orgId}/settings', { params: { path: { orgId } } })),
    ])
      .then(([income, settings]) => {
        if (!live) return;
        const line = (n: string) => income.rows.find((r) => r.line === n)?.amount ?? '0.00';
        setBasis({ profit: line('13'), openingUndistributed: line('14'), minReservePercent: settings.minReservePercent });
      })
      .catch((e) => live && setBasisError(errorText(e)));
    return () => {
      live = false;
    };
  }, [orgId, ledgerId, year]);

  const reserve = normalizeAmount(reservePercent);
  const total = mode === 'total' ? normalizeAmount(amount) : null;
  const perUnit = mode === 'perUnit' && /^\d{1,12}(\.\d{1,4})?$/.test(amount.trim()) ? amount.trim() : null;
  const tax = normalizeAmount(taxPercent);
  const rails = useMemo(() => (basis && reserve ? planGuardRails({ ...basis, reservePercent: reserve, totalAmount: total }) : null), [basis, reserve, total]);
  const crossing = rails !== null && (rails.reserveBelowMinimum || rails.exceedsDistributable);

  const submit = async () => {
    if (!reserve || toCents(reserve) > 10000n) return message.error('公积公益金比例应为 0–100，最多两位小数');
    if (!total && !perUnit) return message.error(mode === 'total' ? '请填写分配总额（元，最多两位小数）' : '请填写每股红利（最多四位小数）');
    if (!tax || toCents(tax) >= 10000n) return message.error('代扣税率应为 0–100 以下的百分数');
    if (crossing && override.trim().length < 4) return message.error('越过限额须写明理由（至少四个字）');
    setBusy(true);
    try {
      const body = {
        ledgerId,
        fiscalYear: year,
        ...(recordDate ? { recordDate } : {}),
        reservePercent: reserve,
        ...(total ? { totalAmount: total } : { amountPerUnit: perUnit }),
        taxRate: fromUnits(toCents(tax)),
        prorateByDays: prorate,
        ...(Object.keys(weights).length ? { classWeights: weights } : {}),
        ...(crossing ? { override: { reason: override.trim() } } : {}),
      };
      const plan = await read<Plan>(api.POST('/api/v1/orgs/{orgId}/distributions', { params: { path: { orgId } }, body: body as never }));
      message.success('已建立分配方案');
      onClose(plan.id);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open width={720} title="新建分配方案" okText="保存方案" cancelText="取消" confirmLoading={busy} onOk={submit} onCancel={() => onClose(null)} destroyOnHidden>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <span>年度</span>
          <InputNumber aria-label="年度" min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
          <Input aria-label="股权登记日" addonBefore="股权登记日" placeholder={`${year}-12-31`} style={{ width: 260 }} value={recordDate} onChange={(e) => setRecordDate(e.target.value.trim())} />
        </Space>
        <Space wrap>
          <Input aria-label="公积公益金比例" addonBefore="提取公积公益金" addonAfter="%" style={{ width: 260 }} value={reservePercent} onChange={(e) => setReservePercent(e.target.value)} />
          <Input aria-label="代扣税率" addonBefore="代扣个人所得税" addonAfter="%" style={{ width: 240 }} value={taxPercent} onChange={(e) => setTaxPercent(e.target.value)} />
        </Space>
        <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)} options={[{ value: 'total', label: '按分配总额' }, { value: 'perUnit', label: '按每股红利' }]} />
        <Input aria-label={mode === 'total' ? '分配总额' : '每股红利'} addonBefore={mode === 'total' ? '分配总额（元）' : '每股红利（元）'} style={{ width: 320 }} value={amount} onChange={(e) => setAmount(e.target.value)} />
        <Checkbox checked={prorate} onChange={(e) => setProrate(e.target.checked)}>年内新增股份按持有天数折算</Checkbox>
        {classes.length > 0 && (
          <Space wrap>
            <span>股种权重</span>
            {classes.map((c) => (
              <Input key={c.code} aria-label={`${c.name}权重`} addonBefore={c.name} style={{ width: 170 }} placeholder={c.weight} value={weights[c.code] ?? ''} onChange={(e) => setWeights((w) => { const next = { ...w }; if (e.target.value.trim()) next[c.code] = e.target.value.trim(); else delete next[c.code]; return next; })} />
            ))}
          </Space>
        )}
        {basisError && <Alert type="error" showIcon message={`读不到 ${year} 年度的收益：${basisError}`} />}
        {basis && (
          <Descriptions aria-label="限额" size="small" bordered column={2}>
            <Descriptions.Item label="本年收益">{formatMoney(basis.profit)}</Descriptions.Item>
            <Descriptions.Item label="年初未分配收益">{formatMoney(basis.openingUndistributed)}</Descriptions.Item>
            <Descriptions.Item label="提取公积公益金">{rails ? formatMoney(rails.reserveAmount) : ''}</Descriptions.Item>
            <Descriptions.Item label="章程最低比例">{basis.minReservePercent}%</Descriptions.Item>
            <Descriptions.Item label="可分配收益" span={2}>
              <strong aria-label="可分配收益">{rails ? formatMoney(rails.distributable) : ''}</strong>
            </Descriptions.Item>
          </Descriptions>
        )}
        {rails?.reserveBelowMinimum && <Alert type="error" showIcon message={`公积公益金 ${reserve}% 低于章程最低 ${basis?.minReservePercent}%`} />}
        {rails?.exceedsDistributable && <Alert type="error" showIcon message={`分配总额 ${formatMoney(total)} 超过可分配收益 ${formatMoney(rails.distributable)}`} />}
        {rails && !crossing && total && <Alert type="success" showIcon message="在限额之内" />}
        {crossing && (
          <>
            <Typography.Text type="danger">越过限额须经成员（代表）大会同意，并写明理由（记入审计日志，农办与监委会可见）：</Typography.Text>
            <Input.TextArea aria-label="越过限额的理由" rows={2} value={override} onChange={(e) => setOverride(e.target.value)} />
          </>
        )}
      </Space>
    </Modal>
  );
}
