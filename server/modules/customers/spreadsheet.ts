import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { BadRequestError } from '../../platform/errors.js';

/** Reading an uploaded CSV or XLSX into header + rows of text cells, whatever produced the file. */

export interface SheetRow {
  /** row number as the spreadsheet shows it (header = 1) */
  row: number;
  cells: string[];
}

export interface Sheet {
  headers: string[];
  rows: SheetRow[];
}

/** The most rows one import accepts. */
export const MAX_IMPORT_ROWS = 50_000;

/**
 * CSV text: UTF-8 (with or without BOM) or, as Excel on Chinese Windows saves it, GB18030/GBK.
 */
export function decodeCsv(buffer: Buffer): string {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return buffer.subarray(3).toString('utf8');
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return new TextDecoder('utf-16le').decode(buffer.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

export function readCsv(buffer: Buffer): Sheet {
  let records: string[][];
  try {
    records = parse(decodeCsv(buffer), { relax_column_count: true, skip_empty_lines: false, relax_quotes: true }) as string[][];
  } catch (error) {
    throw new BadRequestError(`CSV 文件无法解析 (cannot parse the CSV file): ${(error as Error).message}`, [
      { path: ['file'], message: 'invalid CSV' },
    ]);
  }
  const [headers = [], ...rest] = records;
  const rows: SheetRow[] = [];
  rest.forEach((cells, i) => {
    if (!isBlank(cells)) rows.push({ row: i + 2, cells: cells.map((c) => c.trim()) });
  });
  return { headers: headers.map((h) => h.trim()), rows };
}

function utcDate(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** The text a person sees in a cell (dates as YYYY-MM-DD; formulas by their result). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return utcDate(value);
  if (typeof value === 'object') {
    const v = value as any;
    if (Array.isArray(v.richText))
      return v.richText
        .map((r: { text: string }) => r.text)
        .join('')
        .trim();
    if ('result' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
    if ('error' in v) return '';
    return '';
  }
  return String(value).trim();
}

export async function readXlsx(buffer: Buffer): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as any);
  } catch (error) {
    throw new BadRequestError(`XLSX 文件无法读取 (cannot read the XLSX file): ${(error as Error).message}`, [
      { path: ['file'], message: 'invalid XLSX' },
    ]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { headers: [], rows: [] };
  const width = sheet.getRow(1).cellCount;
  const headers: string[] = [];
  for (let c = 1; c <= width; c++) headers.push(cellText(sheet.getRow(1).getCell(c).value));
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    if (!isBlank(cells)) rows.push({ row: rowNumber, cells });
  });
  return { headers, rows };
}

export async function readSpreadsheet(buffer: Buffer, format: 'csv' | 'xlsx'): Promise<Sheet> {
  const sheet = format === 'csv' ? readCsv(buffer) : await readXlsx(buffer);
  if (sheet.rows.length > MAX_IMPORT_ROWS) {
    throw new BadRequestError(`一次最多导入 ${MAX_IMPORT_ROWS} 行 (at most ${MAX_IMPORT_ROWS} rows per import)`, [
      { path: ['file'], message: 'too many rows' },
    ]);
  }
  return sheet;
}

/** CSV or XLSX from the file name / content type / magic bytes (XLSX is a zip: "PK"). */
export function detectFormat(buffer: Buffer, fileName?: string): 'csv' | 'xlsx' {
  if (fileName?.toLowerCase().endsWith('.xlsx')) return 'xlsx';
  if (fileName?.toLowerCase().endsWith('.csv')) return 'csv';
  return buffer[0] === 0x50 && buffer[1] === 0x4b ? 'xlsx' : 'csv';
}
