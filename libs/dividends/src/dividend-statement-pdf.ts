import nzh from 'nzh/cn';
import PDFDocument from 'pdfkit';
import { Decimal } from '@app/core';
import { cjkLine } from './cjk-font.js';

export interface DividendStatementForPdf {
  organization: string;
  shareholder: { number: string; name: string; idNumber: string | null };
  household?: string | null;
  year: string;
  distributions: {
    recordDate: string;
    approvedOn?: string | null;
    holdings: { name: string; quantity: string; weight: string; units: string }[];
    units: string;
    gross: string;
    tax: string;
    net: string;
    withheld: string;
    paid: string;
    paidAt: string | null;
  }[];
}

/** "1234567.5" → "1,234,567.50": amounts stay decimal strings, grouped by hand (never a JS number). */
export function groupedAmount(amount: string): string {
  const fixed = new Decimal(amount).toFixed(2);
  const negative = fixed.startsWith('-');
  const [whole, cents] = (negative ? fixed.slice(1) : fixed).split('.');
  return `${negative ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** Quantities and weighted units to 4 places, grouped ("3000.00000000" → "3,000.0000"). */
export function groupedQuantity(quantity: string): string {
  const [whole, fraction] = new Decimal(quantity).toFixed(4).split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}

/** 大写 of a non-negative amount, as on a bank slip: "600000.00" → "人民币陆拾万元整". */
export function amountInChinese(amount: string): string {
  const fixed = new Decimal(amount).toFixed(2);
  return new Decimal(fixed).isZero() ? '人民币零元整' : nzh.toMoney(fixed, { forceZheng: true });
}

/** "2024-12-31" → "2024年12月31日". */
export function chineseDay(day: string): string {
  const [y, m, d] = day.slice(0, 10).split('-');
  return `${y}年${Number.parseInt(m, 10)}月${Number.parseInt(d, 10)}日`;
}

const SHANGHAI_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

const PAGE = { width: 595.28, height: 841.89, margin: 56 };
const INNER = PAGE.width - 2 * PAGE.margin;
const LINE = '#333333';

/** A ruled table: header row shaded, columns of given widths, numeric columns right-aligned. */
function table(doc: PDFKit.PDFDocument, top: number, columns: { title: string; width: number; align: 'left' | 'right' | 'center' }[], rows: string[][], options: { size: number; rowHeight: number; boldLast?: boolean }): number {
  const left = PAGE.margin;
  const height = options.rowHeight * (rows.length + 1);
  doc.save().rect(left, top, INNER, options.rowHeight).fill('#f0f0f0').restore();
  doc.lineWidth(0.8).strokeColor(LINE);
  doc.rect(left, top, INNER, height).stroke();
  for (let r = 1; r <= rows.length; r++) doc.moveTo(left, top + r * options.rowHeight).lineTo(left + INNER, top + r * options.rowHeight).stroke();
  let x = left;
  for (const c of columns.slice(0, -1)) {
    x += c.width;
    doc.moveTo(x, top).lineTo(x, top + height).stroke();
  }
  const textY = (r: number) => top + r * options.rowHeight + (options.rowHeight - options.size) / 2 - 1;
  x = left;
  for (const c of columns) {
    cjkLine(doc, c.title, x, textY(0), { size: options.size, width: c.width, align: 'center' });
    x += c.width;
  }
  rows.forEach((row, r) => {
    let at = left;
    row.forEach((cell, i) => {
      const c = columns[i];
      cjkLine(doc, cell, at + 8, textY(r + 1), { size: options.size, width: c.width - 16, align: c.align });
      at += c.width;
    });
  });
  return top + height;
}

/**
 * 股东分红对账单 as a village hands it out: one A4 page per distribution of the year, the
 * organization and year as heading, the holder and household, a table of holdings by class (持股,
 * 权重, 折算股数 to 4 places), a table of 应分/代扣/实分/暂缓/已发放 with thousand separators and the
 * net in 大写, the record date and the plan's approval date, and room for the organization's seal.
 */
export function dividendStatementPdf(s: DividendStatementForPdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: PAGE.margin, info: { Title: `${s.organization} ${s.year}年度股东分红对账单`, Producer: 'collective-ledger' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const left = PAGE.margin;
    s.distributions.forEach((d, index) => {
      if (index > 0) doc.addPage();
      let y = PAGE.margin;
      cjkLine(doc, s.organization, left, y, { size: 20, width: INNER, align: 'center' });
      y += 34;
      cjkLine(doc, `${s.year}年度股东分红对账单`, left, y, { size: 16, width: INNER, align: 'center' });
      y += 26;
      doc.lineWidth(1.5).strokeColor(LINE).moveTo(left, y).lineTo(left + INNER, y).stroke();
      y += 16;
      const info = (label: string, value: string, x: number) => cjkLine(doc, `${label}：${value}`, x, y, { size: 11 });
      info('股东编号', s.shareholder.number, left);
      info('姓名', s.shareholder.name, left + 150);
      info('户号', s.household ?? '—', left + 320);
      y += 20;
      info('身份证号', s.shareholder.idNumber ?? '—', left);
      y += 20;
      info('股权登记日', chineseDay(d.recordDate), left);
      info('分配方案批准日', d.approvedOn ? chineseDay(d.approvedOn) : '—', left + 230);
      y += 30;

      cjkLine(doc, '一、持股情况（股权登记日）', left, y, { size: 12 });
      y += 20;
      const holdingRows = d.holdings.map((h) => [h.name, groupedQuantity(h.quantity), new Decimal(h.weight).toFixed(4), groupedQuantity(h.units)]);
      holdingRows.push(['合计', '', '', groupedQuantity(d.units)]);
      y = table(
        doc,
        y,
        [
          { title: '股种', width: INNER * 0.28, align: 'left' },
          { title: '持股（股）', width: INNER * 0.24, align: 'right' },
          { title: '分红权重', width: INNER * 0.2, align: 'right' },
          { title: '折算股数', width: INNER * 0.28, align: 'right' },
        ],
        holdingRows,
        { size: 11, rowHeight: 24 },
      );
      y += 26;

      cjkLine(doc, '二、分红金额（单位：元）', left, y, { size: 12 });
      y += 20;
      const w = INNER / 5;
      y = table(
        doc,
        y,
        [
          { title: '应分红利', width: w, align: 'right' },
          { title: '代扣税款', width: w, align: 'right' },
          { title: '实分红利', width: w, align: 'right' },
          { title: '暂缓发放', width: w, align: 'right' },
          { title: '已发放', width: w, align: 'right' },
        ],
        [[groupedAmount(d.gross), groupedAmount(d.tax), groupedAmount(d.net), groupedAmount(d.withheld), groupedAmount(d.paid)]],
        { size: 11, rowHeight: 26 },
      );
      y += 14;
      cjkLine(doc, `实分红利（大写）：${amountInChinese(d.net)}`, left, y, { size: 12 });
      y += 22;
      cjkLine(doc, `发放日期：${d.paidAt ? chineseDay(SHANGHAI_DAY.format(new Date(d.paidAt))) : '尚未发放'}`, left, y, { size: 11 });
      if (new Decimal(d.withheld).gt(0)) {
        y += 20;
        cjkLine(doc, '暂缓发放：冻结股份对应的红利，待解冻后发放。', left, y, { size: 10 });
      }
      y += 40;

      // The seal: a box for the organization's stamp, with the signatory and date beside it.
      const seal = { size: 120, x: left + INNER - 130, y };
      doc.save().lineWidth(0.8).dash(4, { space: 3 }).strokeColor('#999999').rect(seal.x, seal.y, seal.size, seal.size).stroke().restore();
      cjkLine(doc, '（单位盖章）', seal.x, seal.y + seal.size / 2 - 6, { size: 10, width: seal.size, align: 'center' });
      cjkLine(doc, `${s.organization}（盖章）`, left, y + 20, { size: 11 });
      cjkLine(doc, '经办人：', left, y + 50, { size: 11 });
      cjkLine(doc, '日期：        年      月      日', left, y + 80, { size: 11 });

      const foot = PAGE.height - PAGE.margin - 24;
      cjkLine(doc, '说明：本对账单由系统生成，金额以元为单位，精确到分。如有疑问，请向本社会计查询。', left, foot, { size: 9 });
    });
    doc.end();
  });
}
