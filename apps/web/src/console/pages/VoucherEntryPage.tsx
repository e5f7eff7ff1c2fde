import { Alert, App, AutoComplete, Button, Card, Input, Space, Typography } from 'antd';
import { Fragment, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { api, read } from '../../api/client';
import { ApiError, errorText } from '../../api/errors';
import type { Account, Voucher } from '../../api/views';
import { todayInShanghai } from '../../lib/dates';
import { amountInWords, formatMoney, fromCents, normalizeAmount, sumAmounts, toCents } from '../../lib/money';
import { AssetCardPicker, useAssetCardSearch } from '../AssetCardPicker';
import { DimensionPicker } from '../DimensionPicker';
import { useRegisterSearch, type Dimension } from '../dimensions';
import { Permission, useBooks, useSession } from '../session';
import { matchAccounts, useAccounts } from '../useAccounts';

interface Row {
  memo: string;
  accountCode: string;
  accountText: string;
  /** The dimension cell's text; `dimension` is what was chosen from the register (else the text is a counterparty). */
  counterparty: string;
  dimension: Dimension | null;
  /** The card cell's text; `assetId` only once a card was chosen from the ledger's cards. */
  assetText: string;
  assetId: string | null;
  debit: string;
  credit: string;
}

const emptyRow = (memo = ''): Row => ({ memo, accountCode: '', accountText: '', counterparty: '', dimension: null, assetText: '', assetId: null, debit: '', credit: '' });
const FIELDS = ['memo', 'account', 'counterparty', 'asset', 'debit', 'credit'] as const;
type Field = (typeof FIELDS)[number];
const ALL_KINDS = ['counterparty', 'shareholder', 'household'] as const;
const COUNTERPARTY_ONLY = ['counterparty'] as const;

/** A line's dimension as the API takes it: a register id, or the typed counterparty's name. */
function dimensionOf(r: Row): { shareholderId?: string; householdId?: string; counterparty?: string } {
  if (r.dimension?.kind === 'shareholder' && r.dimension.label === r.counterparty) return { shareholderId: r.dimension.value };
  if (r.dimension?.kind === 'household' && r.dimension.label === r.counterparty) return { householdId: r.dimension.value };
  return r.counterparty.trim() ? { counterparty: r.counterparty.trim() } : {};
}

/**
 * 凭证录入, keyboard first: Enter moves to the next cell (a new line after the last credit), the
 * account cell finds leaf accounts by code prefix or name, typing in 借方 clears 贷方 and back,
 * "=" in an amount cell fills the difference, a new line copies the 摘要 above, Ctrl+S saves the draft.
 */
export default function VoucherEntryPage() {
  const books = useBooks();
  const session = useSession();
  const { message } = App.useApp();
  const readsRegister = session.can(Permission.SharesRead);
  const searchRegister = useRegisterSearch(books?.orgId, readsRegister);
  const searchCards = useAssetCardSearch(books?.orgId, books?.ledger.id);
  const accounts = useAccounts(books?.orgId, books?.ledger.id);
  const byCode = useMemo(() => new Map(accounts.map((a) => [a.code, a])), [accounts]);
  const [date, setDate] = useState(todayInShanghai());
  const [memo, setMemo] = useState('');
  const [attachments, setAttachments] = useState('0');
  const [rows, setRows] = useState<Row[]>([emptyRow(), emptyRow()]);
  const [problem, setProblem] = useState<{ row: number | null; text: string } | null>(null);
  const [saved, setSaved] = useState<Voucher | null>(null);
  const [saving, setSaving] = useState(false);
  const cells = useRef(new Map<string, { focus(): void }>());
  const rowsNow = useRef(rows);
  rowsNow.current = rows;
  const pendingFocus = useRef<string | null>(null);

  const totalDebit = sumAmounts(rows.map((r) => normalizeAmount(r.debit)));
  const totalCredit = sumAmounts(rows.map((r) => normalizeAmount(r.credit)));
  const difference = fromCents(toCents(totalDebit) - toCents(totalCredit));
  const balanced = difference === '0.00' && totalDebit !== '0.00';

  const needsCounterparty = (row: Row) => byCode.get(row.accountCode)?.needsCounterparty ?? false;
  const needsAsset = (row: Row) => byCode.get(row.accountCode)?.needsAsset ?? false;
  const cellKey = (i: number, f: Field) => `${i}:${f}`;
  const focusCell = (i: number, f: Field) => cells.current.get(cellKey(i, f))?.focus();

  useEffect(() => {
    if (pendingFocus.current) {
      cells.current.get(pendingFocus.current)?.focus();
      pendingFocus.current = null;
    }
  });

  const update = (i: number, patch: Partial<Row>) => {
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    if (problem?.row === i) setProblem(null);
  };

  /** The next cell after (i, f) in reading order, skipping the counterparty and the card where the account needs none. */
  const next = (i: number, f: Field) => {
    const order = FIELDS.filter((x) => (x !== 'counterparty' || needsCounterparty(rows[i])) && (x !== 'asset' || needsAsset(rows[i])));
    const at = order.indexOf(f);
    if (at < order.length - 1) return focusCell(i, order[at + 1]);
    if (i < rows.length - 1) {
      // The line below takes this line's 摘要 when it has none yet (copied down, as on paper).
      if (!rows[i + 1].memo) update(i + 1, { memo: rows[i].memo });
      return focusCell(i + 1, 'memo');
    }
    setRows((rs) => [...rs, emptyRow(rs[rs.length - 1]?.memo ?? memo)]);
    pendingFocus.current = cellKey(i + 1, 'memo');
  };

  const onEnter = (i: number, f: Field) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
      e.preventDefault();
      next(i, f);
    }
  };

  const amountKey = (i: number, side: 'debit' | 'credit') => (e: KeyboardEvent) => {
    if (e.key === '=') {
      // "=" puts the amount that balances the voucher on this side.
      e.preventDefault();
      const others = rows.filter((_, j) => j !== i);
      const d = toCents(sumAmounts(others.map((r) => normalizeAmount(r.debit))));
      const c = toCents(sumAmounts(others.map((r) => normalizeAmount(r.credit))));
      const gap = side === 'debit' ? c - d : d - c;
      if (gap > 0n) update(i, side === 'debit' ? { debit: fromCents(gap), credit: '' } : { credit: fromCents(gap), debit: '' });
      return;
    }
    onEnter(i, side)(e);
  };

  const reset = useCallback(() => {
    setMemo('');
    setAttachments('0');
    setRows([emptyRow(), emptyRow()]);
    setProblem(null);
  }, []);

  const save = useCallback(async () => {
    if (!books || saving) return;
    const used = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.accountCode || r.debit || r.credit);
    const body = {
      date,
      memo: memo.trim() || used[0]?.r.memo.trim() || '',
      attachments: Number.parseInt(attachments || '0', 10) || 0,
      lines: used.map(({ r }) => ({
        accountCode: r.accountCode || r.accountText.split(/\s/)[0],
        ...(r.debit ? { debit: normalizeAmount(r.debit) ?? r.debit } : {}),
        ...(r.credit ? { credit: normalizeAmount(r.credit) ?? r.credit } : {}),
        ...(r.memo.trim() ? { memo: r.memo.trim() } : {}),
        ...(needsCounterparty(r) ? dimensionOf(r) : {}),
        ...(needsAsset(r) && r.assetId ? { assetId: r.assetId } : {}),
      })),
    };
    if (!body.memo) return setProblem({ row: null, text: '请填写凭证摘要' });
    setSaving(true);
    try {
      const voucher = await read<Voucher>(
        api.POST('/api/v1/orgs/{orgId}/ledgers/{ledgerId}/vouchers', { params: { path: { orgId: books.orgId, ledgerId: books.ledger.id } }, body }),
      );
      setSaved(voucher);
      message.success('凭证草稿已保存');
      reset();
    } catch (error) {
      const line = error instanceof ApiError ? error.lineIndex : null;
      setProblem({ row: line === null ? null : (used[line]?.i ?? null), text: errorText(error) });
    } finally {
      setSaving(false);
    }
  }, [books, saving, rows, date, memo, attachments, message, reset]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save]);

  if (!books) return null;
  const register = (i: number, f: Field) => (el: { focus(): void } | null) => {
    if (el) cells.current.set(cellKey(i, f), el);
    else cells.current.delete(cellKey(i, f));
  };
  const pick = (i: number, value: string) => {
    const code = value.split(' ')[0];
    const needs = byCode.get(code)?.needsCounterparty ?? false;
    const card = byCode.get(code)?.needsAsset ?? false;
    update(i, { accountText: value, accountCode: code, ...(needs ? {} : { counterparty: '', dimension: null }), ...(card ? {} : { assetText: '', assetId: null }) });
    pendingFocus.current = cellKey(i, needs ? 'counterparty' : card ? 'asset' : 'debit');
  };
  const options = (typed: string) => matchAccounts(accounts, typed).map((a: Account) => ({ value: `${a.code} ${a.name}`, label: `${a.code} ${a.name}`, code: a.code }));

  return (
    <Card title={`记账凭证（${books.ledger.name}）`} extra={<Typography.Text type="secondary">回车：下一格；“=”：自动配平；Ctrl+S：保存草稿</Typography.Text>}>
      <Space wrap style={{ marginBottom: 12 }}>
        <label>
          日期 <Input aria-label="日期" style={{ width: 130 }} value={date} onChange={(e) => setDate(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && cells.current.get('head:memo')?.focus()} />
        </label>
        <label>
          摘要{' '}
          <Input
            aria-label="凭证摘要"
            ref={(el) => { if (el) cells.current.set('head:memo', el); }}
            style={{ width: 320 }}
            value={memo}
            onChange={(e) => {
              const value = e.target.value;
              // The first line's 摘要 follows the voucher's until it is typed over.
              setRows((rs) => rs.map((r, j) => (j === 0 && (r.memo === '' || r.memo === memo) ? { ...r, memo: value } : r)));
              setMemo(value);
            }}
            onKeyDown={(e) => e.key === 'Enter' && cells.current.get('head:attachments')?.focus()}
          />
        </label>
        <label>
          附件{' '}
          <Input
            aria-label="附件数"
            ref={(el) => { if (el) cells.current.set('head:attachments', el); }}
            style={{ width: 70 }}
            value={attachments}
            onChange={(e) => setAttachments(e.target.value.replace(/\D/g, ''))}
            onKeyDown={(e) => e.key === 'Enter' && focusCell(0, 'memo')}
          />{' '}
          张
        </label>
      </Space>
      <table className="voucher-grid" style={{ width: '100%', borderCollapse: 'collapse' }}>
        <thead>
          <tr>
            <th style={{ width: 40 }}>行</th>
            <th>摘要</th>
            <th style={{ width: 260 }}>会计科目</th>
            <th style={{ width: 220 }}>{readsRegister ? '往来单位/股东/农户' : '往来单位'}/资产卡片</th>
            <th style={{ width: 150 }}>借方金额</th>
            <th style={{ width: 150 }}>贷方金额</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <Fragment key={i}>
              <tr data-row={i} style={problem?.row === i ? { background: '#fff1f0' } : undefined}>
                <td style={{ textAlign: 'center' }}>{i + 1}</td>
                <td>
                  <Input aria-label={`第${i + 1}行摘要`} ref={register(i, 'memo')} value={r.memo} onChange={(e) => update(i, { memo: e.target.value })} onKeyDown={onEnter(i, 'memo')} />
                </td>
                <td>
                  <AutoComplete
                    aria-label={`第${i + 1}行科目`}
                    ref={register(i, 'account')}
                    style={{ width: '100%' }}
                    value={r.accountText}
                    options={options(r.accountText)}
                    filterOption={false}
                    onChange={(text: string) => update(i, { accountText: text, accountCode: byCode.get(text.split(/\s/)[0])?.leaf ? text.split(/\s/)[0] : '' })}
                    onSelect={(value: string) => pick(i, value)}
                    onKeyDown={(e) => {
                      if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
                      // After the picker's own Enter: a line still without an account takes the first match.
                      setTimeout(() => {
                        const row = rowsNow.current[i];
                        if (row.accountCode) return;
                        const first = matchAccounts(accounts, row.accountText, 1)[0];
                        if (!first) return;
                        pick(i, `${first.code} ${first.name}`);
                      }, 0);
                    }}
                    placeholder="编码或名称"
                  />
                </td>
                <td>
                  {needsCounterparty(r) ? (
                    <DimensionPicker
                      label={`第${i + 1}行往来单位`}
                      ref={register(i, 'counterparty')}
                      text={r.counterparty}
                      search={searchRegister}
                      kinds={readsRegister ? ALL_KINDS : COUNTERPARTY_ONLY}
                      onChange={(text, chosen) => update(i, { counterparty: text, ...(chosen ? { dimension: chosen } : {}) })}
                      onKeyDown={(e) => {
                        if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
                        // The picker's own Enter chooses the highlighted person first; then the next cell.
                        setTimeout(() => next(i, 'counterparty'), 0);
                      }}
                    />
                  ) : needsAsset(r) ? (
                    <AssetCardPicker
                      label={`第${i + 1}行资产卡片`}
                      ref={register(i, 'asset')}
                      text={r.assetText}
                      search={searchCards}
                      onChange={(text, chosen) => update(i, { assetText: text, assetId: chosen ? chosen.id : null })}
                      onKeyDown={(e) => {
                        if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
                        // The picker's own Enter chooses the highlighted card first; then the next cell.
                        setTimeout(() => next(i, 'asset'), 0);
                      }}
                    />
                  ) : null}
                </td>
                <td>
                  <Input
                    aria-label={`第${i + 1}行借方`}
                    className="money"
                    ref={register(i, 'debit')}
                    value={r.debit}
                    onChange={(e) => update(i, { debit: e.target.value, ...(e.target.value ? { credit: '' } : {}) })}
                    onBlur={() => r.debit && update(i, { debit: normalizeAmount(r.debit) ?? r.debit })}
                    onKeyDown={amountKey(i, 'debit')}
                  />
                </td>
                <td>
                  <Input
                    aria-label={`第${i + 1}行贷方`}
                    className="money"
                    ref={register(i, 'credit')}
                    value={r.credit}
                    onChange={(e) => update(i, { credit: e.target.value, ...(e.target.value ? { debit: '' } : {}) })}
                    onBlur={() => r.credit && update(i, { credit: normalizeAmount(r.credit) ?? r.credit })}
                    onKeyDown={amountKey(i, 'credit')}
                  />
                </td>
              </tr>
              {problem?.row === i && (
                // A line's refusal is shown right under that line.
                <tr data-testid={`line-problem-${i + 1}`}>
                  <td />
                  <td colSpan={5}>
                    <Alert type="error" showIcon data-testid="voucher-problem" message={`第${i + 1}行：${problem.text}`} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
          {problem && problem.row === null && (
            <tr>
              <td colSpan={6}>
                <Alert type="error" showIcon data-testid="voucher-problem" message={problem.text} />
              </td>
            </tr>
          )}
        </tbody>
        <tfoot>
          <tr style={{ fontWeight: 600 }}>
            <td colSpan={4} style={{ textAlign: 'right' }}>
              合计
            </td>
            <td className="money" data-testid="total-debit">借方合计 {formatMoney(totalDebit)}</td>
            <td className="money" data-testid="total-credit">贷方合计 {formatMoney(totalCredit)}</td>
          </tr>
          <tr>
            <td colSpan={4} data-testid="amount-words">
              金额大写：{balanced ? amountInWords(totalDebit) : ''}
            </td>
            <td colSpan={2} className="money" data-testid="difference" style={{ color: balanced ? '#389e0d' : '#cf1322' }}>
              {balanced ? '借贷平衡' : `差额 ${formatMoney(difference)}`}
            </td>
          </tr>
        </tfoot>
      </table>
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" loading={saving} onClick={() => void save()}>
          保存草稿
        </Button>
        <Button onClick={() => setRows((rs) => [...rs, emptyRow(rs[rs.length - 1]?.memo ?? memo)])}>增加一行</Button>
        <Button onClick={reset}>清空</Button>
        {saved && <Typography.Text type="success" data-testid="saved">已保存草稿：{saved.date} {saved.memo}（借贷各 {formatMoney(saved.totalDebit)}），待审核</Typography.Text>}
      </Space>
    </Card>
  );
}
