import { Injectable } from '@nestjs/common';
import { Zip, ZipDeflate } from 'fflate';
import { Decimal, TransactionRunner } from '@app/core';
import { LedgersService, ReportsService } from '@app/ledger';
import { OrganizationsService } from '@app/organizations';
import { ExportProgress, ExportStats } from './export-types.js';
import { ExportsRepository } from './exports.repository.js';

const BATCH = 2000;
const CATEGORY: Record<string, string> = { asset: '资产', liability: '负债', equity: '所有者权益', cost: '成本', income: '损益', expense: '损益' };
const SIDE: Record<string, string> = { debit: '借', credit: '贷', both: '借' };

/**
 * What XML 1.0 forbids (Char production): C0 controls other than tab/LF/CR, U+FFFE, U+FFFF and lone
 * surrogates. Input refuses them (libs/core hostile-input); rows written before that, or in SQL, are
 * stripped here so 记账凭证.xml stays well-formed whatever the database holds.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Surrogate}/gu;
// eslint-disable-next-line no-control-regex
const SPECIAL = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Surrogate}/u;
/** Most values (codes, amounts, dates) need nothing: one test instead of five replacements each. */
const esc = (v: unknown) => {
  const text = String(v ?? '');
  if (!SPECIAL.test(text)) return text;
  return text.replace(XML_FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
};
const record = (fields: [string, unknown][]) => `  <记录>${fields.map(([k, v]) => `<${k}>${esc(v)}</${k}>`).join('')}</记录>\n`;
const ymd = (date: string) => date.replace(/-/g, '');
const direction = (net: Decimal) => (net.isNegative() ? '贷' : '借');

/**
 * A GB/T 24589-style package of one ledger and fiscal year (SPEC §2.6): a ZIP of UTF-8 XML files
 * named after the data sets (电子账簿, 会计期间, 记账凭证类型, 币种, 自定义档案项 and values, 会计科目,
 * 科目辅助核算, 科目余额及发生额, 记账凭证 — one record per voucher line). The element names are those
 * of the 2010 edition as listed in the reference. Everything is read in one snapshot; the voucher
 * file is written in batches straight into the deflate stream, and each batch's compressed output
 * is written (and awaited) before the next batch is read, so a ledger of any size leaves through a
 * bounded buffer.
 */
@Injectable()
export class Gbt24589ExportService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly ledgers: LedgersService,
    private readonly reports: ReportsService,
    private readonly repo: ExportsRepository,
    private readonly organizations: OrganizationsService,
  ) {}

  write(orgId: string, ledgerId: string, year: string, out: (chunk: Uint8Array) => Promise<void>, progress?: ExportProgress): Promise<ExportStats> {
    return this.tx.snapshot(() => this.writeSnapshot(orgId, ledgerId, year, out, progress));
  }

  private async writeSnapshot(orgId: string, ledgerId: string, year: string, out: (chunk: Uint8Array) => Promise<void>, progress?: ExportProgress): Promise<ExportStats> {
    const ledger = await this.ledgers.get(orgId, ledgerId);
    const org = await this.organizations.get(orgId);
    const total = progress ? await this.repo.postedVoucherCount(orgId, ledgerId, `${year}-01`, `${year}-12`) : 0;
    const stats: ExportStats = { vouchers: 0, lines: 0 };
    const pending: Promise<void>[] = [];
    let failure: Error | null = null;
    const zip = new Zip((err, chunk) => {
      if (err) failure = err;
      else pending.push(out(chunk));
    });
    const file = async (name: string, root: string, body: (emit: (text: string) => Promise<void>) => Promise<void>) => {
      const entry = new ZipDeflate(`${name}.xml`, { level: 6 });
      zip.add(entry);
      const encoder = new TextEncoder();
      entry.push(encoder.encode(`<?xml version="1.0" encoding="UTF-8"?>\n<${root}>\n`));
      await body(async (text) => {
        entry.push(encoder.encode(text));
        await Promise.all(pending.splice(0));
      });
      entry.push(encoder.encode(`</${root}>\n`), true);
      await Promise.all(pending.splice(0));
    };

    await file('电子账簿', '电子账簿', async (emit) =>
      emit(
        record([
          ['电子账簿编号', ledger.id],
          ['电子账簿名称', ledger.name],
          ['会计核算单位', org.name],
          ['组织机构代码', org.code],
          ['单位性质', '农村集体经济组织'],
          ['行业', '农村集体经济组织会计制度（财会〔2023〕14号）'],
          ['开发单位', 'collective-ledger'],
          ['版本号', '0.1.0'],
          ['本位币', 'CNY'],
          ['会计年度', year],
          ['标准版本号', 'GB/T 24589.1-2010'],
        ]),
      ),
    );
    await file('会计期间', '会计期间', async (emit) => {
      for (let month = 1; month <= 12; month++) {
        const last = new Date(Date.UTC(Number(year), month, 0)).getUTCDate();
        const mm = String(month).padStart(2, '0');
        await emit(record([['会计年度', year], ['会计期间号', mm], ['会计期间起始日期', `${year}${mm}01`], ['会计期间结束日期', `${year}${mm}${last}`]]));
      }
    });
    await file('记账凭证类型', '记账凭证类型', (emit) => emit(record([['记账凭证类型编号', '记'], ['记账凭证类型名称', '记账凭证'], ['记账凭证类型简称', '记']])));
    await file('币种', '币种', (emit) => emit(record([['币种编码', 'CNY'], ['币种名称', '人民币']])));
    await file('自定义档案项', '自定义档案项', async (emit) => {
      await emit(record([['档案编码', 'GD'], ['档案名称', '股东'], ['档案描述', '股权登记的股东，辅助项值为股东编号'], ['是否有层级特征', '否'], ['档案编码规则', '']]));
      await emit(record([['档案编码', 'HH'], ['档案名称', '户'], ['档案描述', '户内共享的户，辅助项值为户号'], ['是否有层级特征', '否'], ['档案编码规则', '']]));
      await emit(record([['档案编码', 'WL'], ['档案名称', '往来单位'], ['档案描述', '内部往来、应付款的往来单位或个人，辅助项值为名称'], ['是否有层级特征', '否'], ['档案编码规则', '']]));
    });
    await file('自定义档案项值', '自定义档案项值', async (emit) => {
      for (const s of await this.repo.shareholders(orgId)) await emit(record([['档案编码', 'GD'], ['档案值编码', s.number], ['档案值名称', s.name], ['档案值描述', ''], ['档案值父节点', ''], ['档案值级次', '1']]));
      for (const h of await this.repo.households(orgId)) await emit(record([['档案编码', 'HH'], ['档案值编码', h.code], ['档案值名称', h.address ?? h.code], ['档案值描述', ''], ['档案值父节点', ''], ['档案值级次', '1']]));
      for (const p of await this.repo.counterparties(orgId, ledgerId)) await emit(record([['档案编码', 'WL'], ['档案值编码', p.counterparty], ['档案值名称', p.counterparty], ['档案值描述', ''], ['档案值父节点', ''], ['档案值级次', '1']]));
    });
    const accounts = await this.repo.accounts(orgId, ledgerId);
    await file('会计科目', '会计科目', async (emit) => {
      for (const a of accounts) {
        await emit(record([['科目编号', a.code], ['科目名称', a.name], ['科目级次', (a.code.length - 1) / 2], ['科目类型', CATEGORY[a.category] ?? a.category], ['余额方向', SIDE[a.normal_side]]]));
      }
    });
    await file('科目辅助核算', '科目辅助核算', async (emit) => {
      for (const a of accounts.filter((x) => x.needs_counterparty)) {
        await emit(record([['科目编号', a.code], ['辅助项编号', 'WL'], ['辅助项名称', '往来单位'], ['辅助项描述', '往来单位、股东或户'], ['对应档案', 'WL']]));
      }
    });
    await file('科目余额及发生额', '科目余额及发生额', async (emit) => {
      for (let month = 1; month <= 12; month++) {
        const period = `${year}-${String(month).padStart(2, '0')}`;
        if (period < ledger.start_period) continue;
        const tb = await this.reports.trialBalance(orgId, ledgerId, period, period);
        for (const r of tb.rows) {
          const opening = new Decimal(r.openingDebit).minus(r.openingCredit);
          const closing = new Decimal(r.closingDebit).minus(r.closingCredit);
          await emit(
            record([
              ['科目编号', r.code],
              ['会计年度', year],
              ['会计期间号', String(month).padStart(2, '0')],
              ['币种编码', 'CNY'],
              ['期初余额方向', direction(opening)],
              ['期初本币余额', opening.abs().toFixed(2)],
              ['借方本币金额', r.debit],
              ['贷方本币金额', r.credit],
              ['期末余额方向', direction(closing)],
              ['期末本币余额', closing.abs().toFixed(2)],
            ]),
          );
        }
      }
    });
    await file('记账凭证', '记账凭证', async (emit) => {
      let after: { period: string; number: number } | null = null;
      for (;;) {
        const lines = await this.repo.gbtVoucherLines(orgId, ledgerId, year, after, BATCH);
        if (lines.length === 0) break;
        let chunk = '';
        for (const l of lines) {
          chunk += record([
            ['会计年度', year],
            ['会计期间号', l.period.slice(5)],
            ['记账凭证日期', ymd(l.date)],
            ['记账凭证类型编号', '记'],
            ['记账凭证编号', String(l.number).padStart(4, '0')],
            ['记账凭证行号', l.line_no],
            ['记账凭证摘要', l.line_memo ?? l.memo],
            ['科目编号', l.account_code],
            ['借方本币金额', l.debit],
            ['贷方本币金额', l.credit],
            ['币种编码', 'CNY'],
            ['附件数', l.attachments],
            ['制单人', l.preparer ?? '系统'],
            ['审核人', l.reviewer ?? ''],
            ['记账人', l.poster ?? '系统'],
            ['记账标志', '1'],
            ['作废标志', '0'],
            ['凭证来源系统', l.source],
            ['辅助项1编号', l.shareholder ?? l.household ?? l.counterparty ?? ''],
          ]);
        }
        const vouchers = new Set(lines.map((l) => `${l.period}/${l.number}`)).size;
        stats.vouchers += vouchers;
        stats.lines += lines.length;
        await emit(chunk);
        await progress?.(stats.vouchers, total);
        const last = lines[lines.length - 1];
        after = { period: last.period, number: last.number };
        if (vouchers < BATCH) break;
      }
    });
    zip.end();
    await Promise.all(pending.splice(0));
    if (failure) throw failure;
    return stats;
  }
}
