import type { Response } from 'express';
import ExcelJS from 'exceljs';

export interface ReportColumn {
  key: string;
  header: string;
  money?: boolean;
}

export interface TabularReport {
  title: string;
  filename: string;
  columns: ReportColumn[];
  rows: Record<string, string | number | boolean | null>[];
}

export interface RenderedReport {
  contentType: string;
  filename: string;
  body: Buffer | string;
}

const BOM = '\uFEFF';

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV (UTF-8 with BOM so Excel shows the Chinese, amounts as plain decimal strings) or XLSX (amounts
 * as numbers with a money format: the cell holds the decimal text's value, shown with 2 places).
 */
export async function renderReport(report: TabularReport, format: 'csv' | 'xlsx'): Promise<RenderedReport> {
  if (format === 'csv') {
    const lines = [report.columns.map((c) => csvCell(c.header)).join(','), ...report.rows.map((r) => report.columns.map((c) => csvCell(r[c.key])).join(','))];
    return { contentType: 'text/csv; charset=utf-8', filename: `${report.filename}.csv`, body: BOM + lines.join('\r\n') + '\r\n' };
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(report.title.slice(0, 31));
  sheet.columns = report.columns.map((c) => ({ header: c.header, key: c.key, width: c.money ? 18 : Math.max(10, c.header.length * 2 + 2) }));
  for (const row of report.rows) {
    const values: Record<string, unknown> = {};
    for (const c of report.columns) {
      const v = row[c.key];
      // Excel has only doubles; 15 significant digits hold any amount below 10^13 to the cent exactly.
      values[c.key] = c.money && typeof v === 'string' && v !== '' ? Number(v) : v;
    }
    sheet.addRow(values);
  }
  for (const c of report.columns) if (c.money) sheet.getColumn(c.key).numFmt = '#,##0.00;[Red]-#,##0.00';
  sheet.getRow(1).font = { bold: true };
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: `${report.filename}.xlsx`, body: buffer };
}

/** JSON as is; CSV/XLSX through the report's table, sent as a download. */
export async function sendReport<T>(res: Response, format: 'json' | 'csv' | 'xlsx' | undefined, value: T, table: (value: T) => TabularReport): Promise<T | undefined> {
  if (!format || format === 'json') return value;
  const file = await renderReport(table(value), format);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
  res.send(file.body);
  return undefined;
}
