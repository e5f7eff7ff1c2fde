import type { Response } from 'express';
import { PassThrough, type Writable } from 'node:stream';
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

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MONEY_FORMAT = '#,##0.00;[Red]-#,##0.00';

function csvBody(report: TabularReport): string {
  const lines = [report.columns.map((c) => csvCell(c.header)).join(','), ...report.rows.map((r) => report.columns.map((c) => csvCell(r[c.key])).join(','))];
  return BOM + lines.join('\r\n') + '\r\n';
}

/**
 * Writes the XLSX with exceljs's streaming writer: each row is serialized and released as it is
 * added, instead of a whole workbook model built in memory first (100,000 register rows took 7 s
 * and most of the heap that way). Amounts are numbers with a money format: the cell holds the
 * decimal text's value, shown with 2 places.
 */
function openXlsx(report: Omit<TabularReport, 'rows'>, stream: Writable): { add(row: TabularReport['rows'][number]): void; finish(): Promise<void> } {
  // Styles cost more than the rest of the writing (exceljs looks every cell's style up: 100,000
  // register rows 2.5 s with, 1.1 s without), so they are on only where amounts need their format
  // (and then the header is bold too); a table of quantities and names is written plain.
  const money = report.columns.some((c) => c.money);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: money, useSharedStrings: false });
  const sheet = workbook.addWorksheet(report.title.slice(0, 31));
  sheet.columns = report.columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.money ? 18 : Math.max(10, c.header.length * 2 + 2),
    ...(c.money ? { style: { numFmt: MONEY_FORMAT } } : {}),
  }));
  const header = sheet.getRow(1);
  if (money) header.font = { bold: true };
  header.commit();
  return {
    add(row) {
      const values: Record<string, unknown> = {};
      for (const c of report.columns) {
        const v = row[c.key];
        // Excel has only doubles; 15 significant digits hold any amount below 10^13 to the cent exactly.
        values[c.key] = c.money && typeof v === 'string' && v !== '' ? Number(v) : v;
      }
      sheet.addRow(values).commit();
    },
    async finish() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

async function writeXlsx(report: TabularReport, stream: Writable): Promise<void> {
  const xlsx = openXlsx(report, stream);
  for (const row of report.rows) xlsx.add(row);
  await xlsx.finish();
}

/**
 * Waits until `res` takes more (after a write it refused), or throws when the client has gone:
 * a streamed report reads its rows in batches, and stops reading (and ends its transaction) when
 * nobody is listening.
 */
export async function drained(res: Writable): Promise<void> {
  if (res.destroyed) throw new Error('the client closed the connection');
  if (!res.writableNeedDrain) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
  if (res.destroyed) throw new Error('the client closed the connection');
}

/** A report sent while its rows are still being read: the header now, rows batch by batch, then the end. */
export interface ReportStream {
  rows(rows: TabularReport['rows']): Promise<void>;
  end(): Promise<void>;
}

/**
 * CSV or XLSX written to the response as the rows come (a cursor's batches), so neither the rows
 * nor the file are ever whole in memory. The caller sends nothing else; call it once the first
 * batch is read, so that a failing query still answers with an error status.
 */
export function streamReport(res: Response, format: 'csv' | 'xlsx', report: Omit<TabularReport, 'rows'>): ReportStream {
  res.status(200);
  res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${report.filename}.${format}"`);
  if (format === 'csv') {
    res.write(BOM + report.columns.map((c) => csvCell(c.header)).join(',') + '\r\n');
    return {
      async rows(rows) {
        let text = '';
        for (const r of rows) text += report.columns.map((c) => csvCell(r[c.key])).join(',') + '\r\n';
        res.write(text);
        await drained(res);
      },
      async end() {
        res.end();
      },
    };
  }
  const xlsx = openXlsx(report, res);
  return {
    async rows(rows) {
      for (const r of rows) xlsx.add(r);
      await drained(res);
    },
    end: () => xlsx.finish(),
  };
}

/** CSV (UTF-8 with BOM so Excel shows the Chinese, amounts as plain decimal strings) or XLSX, in memory. */
export async function renderReport(report: TabularReport, format: 'csv' | 'xlsx'): Promise<RenderedReport> {
  if (format === 'csv') return { contentType: 'text/csv; charset=utf-8', filename: `${report.filename}.csv`, body: csvBody(report) };
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeXlsx(report, sink);
  return { contentType: XLSX_TYPE, filename: `${report.filename}.xlsx`, body: Buffer.concat(chunks) };
}

/** JSON as is; CSV/XLSX through the report's table, sent as a download (the XLSX streamed to the response). */
export async function sendReport<T>(res: Response, format: 'json' | 'csv' | 'xlsx' | undefined, value: T, table: (value: T) => TabularReport): Promise<T | undefined> {
  if (!format || format === 'json') return value;
  const report = table(value);
  const filename = `${report.filename}.${format}`;
  res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  if (format === 'csv') {
    res.send(csvBody(report));
    return undefined;
  }
  await writeXlsx(report, res);
  return undefined;
}
