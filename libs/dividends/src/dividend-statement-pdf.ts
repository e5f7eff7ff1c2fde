import PDFDocument from 'pdfkit';
import { cjkText } from './cjk-font.js';

export interface DividendStatementForPdf {
  organization: string;
  shareholder: { number: string; name: string; idNumber: string | null };
  year: string;
  distributions: {
    recordDate: string;
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

/** 股东分红对账单: one A4 page per year, in Chinese. */
export function dividendStatementPdf(s: DividendStatementForPdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${s.year}年度股东分红对账单`, Producer: 'collective-ledger' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    cjkText(doc, `${s.organization}`, { size: 12 });
    cjkText(doc, `${s.year}年度股东分红对账单`, { size: 18 });
    doc.moveDown();
    cjkText(doc, `股东编号：${s.shareholder.number}    姓名：${s.shareholder.name}    身份证号：${s.shareholder.idNumber ?? ''}`, { size: 11 });
    for (const d of s.distributions) {
      doc.moveDown();
      cjkText(doc, `股权登记日：${d.recordDate}`, { size: 11 });
      for (const h of d.holdings) cjkText(doc, `  ${h.name}  持股 ${h.quantity}  权重 ${h.weight}  折算股数 ${h.units}`, { size: 11 });
      cjkText(doc, `折算股数合计：${d.units}`, { size: 11 });
      cjkText(doc, `应分红利：${d.gross} 元    代扣税款：${d.tax} 元    实分红利：${d.net} 元`, { size: 11 });
      cjkText(doc, `暂缓发放（冻结股份）：${d.withheld} 元    已发放：${d.paid} 元    发放日期：${d.paidAt ? d.paidAt.slice(0, 10) : '未发放'}`, { size: 11 });
    }
    doc.moveDown();
    cjkText(doc, '本对账单由系统生成。如有疑问，请向本社会计查询。', { size: 9 });
    doc.end();
  });
}
