import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ImportKind } from '../../../contracts/customers.js';
import type { ServiceContext } from '../../platform/context.js';
import { assertCan } from '../../platform/permissions.js';
import * as repo from './customers.repository.js';
import { companyToday } from './customers.service.js';
import {
  CHANNEL_LABEL,
  COLUMNS,
  type ColumnSpec,
  CUSTOMER_COLUMNS,
  CUSTOMER_STATUS_LABEL,
  KIND_LABEL,
  ROLE_WORDS,
  SHEET_NAMES,
  UNIT_COLUMNS,
  UNIT_STATUS_LABEL,
  yesNo,
} from './transfer.columns.js';
import * as unitsRepo from './units.repository.js';

/** XLSX exports of the customer and unit lists, and the import templates (Chinese headers). */

export interface Download {
  /** the name the user sees (Chinese) */
  fileName: string;
  /** fallback for clients without RFC 5987 support */
  asciiName: string;
  contentType: string;
  body: Buffer | Readable;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const EXPORT_BATCH = 1000;

const ROLE_LABEL: Record<string, string> = Object.fromEntries(
  Object.entries(ROLE_WORDS)
    .filter(([word]) => /\p{Script=Han}/u.test(word) && word !== '主要用户' && word !== '采购员')
    .map(([word, code]) => [code, word]),
);

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 5987 / RFC 6266). */
export function attachmentHeader(fileName: string, asciiFallback: string): string {
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function headerRow(sheet: ExcelJS.Worksheet) {
  const row = sheet.getRow(1);
  row.font = { bold: true };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F4FF' } };
  row.commit?.();
}

/** Streams rows as they are read; memory stays flat however long the list is. */
function streamingWorkbook(sheetName: string, columns: { header: string; key: string; width?: number }[]) {
  const stream = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 14 }));
  headerRow(sheet);
  return { stream, workbook, sheet };
}

function pump(stream: PassThrough, work: () => Promise<void>) {
  work().catch((error) => stream.destroy(error));
}

export async function exportCustomers(ctx: ServiceContext, filter: repo.CustomerFilter & { sort?: string }): Promise<Download> {
  assertCan(ctx.actor, 'customer.export');
  const { sort, ...where } = filter;
  // fail fast on a bad sort before the download starts
  await repo.listCustomers(ctx.db, where, { sort, limit: 1 });
  const columns = [
    ...CUSTOMER_COLUMNS.map((c) => ({ header: c.zh, key: c.key, width: c.width })),
    { header: '状态', key: 'status', width: 8 },
    { header: '交易次数', key: 'transactions', width: 10 },
    { header: '创建时间', key: 'createdAt', width: 20 },
  ];
  const { stream, workbook, sheet } = streamingWorkbook(SHEET_NAMES.customers, columns);
  pump(stream, async () => {
    let cursor: string | undefined;
    do {
      const page = await repo.listCustomers(ctx.db, where, { cursor, sort, limit: EXPORT_BATCH });
      const ids = page.items.map((c) => c.id);
      const [contacts, addresses] = await Promise.all([repo.primaryContacts(ctx.db, ids), repo.defaultAddresses(ctx.db, ids)]);
      for (const c of page.items) {
        const contact = contacts.get(c.id);
        const address = addresses.get(c.id);
        sheet
          .addRow({
            code: c.code,
            name: c.name,
            kind: KIND_LABEL[c.kind],
            class: c.class,
            contactName: contact?.name ?? '',
            contactRole: contact ? (ROLE_LABEL[contact.role] ?? '') : '',
            phone: contact?.phone ?? '',
            email: contact?.email ?? '',
            province: address?.province ?? '',
            city: address?.city ?? '',
            district: address?.district ?? '',
            address: address?.line ?? '',
            region: c.region_name ?? '',
            keyAccount: yesNo(c.is_key_account),
            veryLargeAccount: yesNo(c.is_very_large_account),
            vip: yesNo(c.is_vip),
            owner: c.owner_name ?? '',
            preferredChannel: c.preferred_channel ? CHANNEL_LABEL[c.preferred_channel] : '',
            preferredContactHours: c.preferred_contact_hours ?? '',
            doNotDisturb: yesNo(c.do_not_disturb),
            reducedContact: yesNo(c.reduced_contact),
            tags: (JSON.parse(c.tags || '[]') as string[]).join('，'),
            notes: c.notes ?? '',
            status: CUSTOMER_STATUS_LABEL[c.status],
            transactions: c.transaction_count,
            createdAt: c.created_at,
          })
          .commit();
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    sheet.commit();
    await workbook.commit();
  });
  const day = companyToday(ctx);
  return { fileName: `顾客档案-${day}.xlsx`, asciiName: `customers-${day}.xlsx`, contentType: XLSX_TYPE, body: stream };
}

export async function exportUnits(
  ctx: ServiceContext,
  filter: Omit<unitsRepo.UnitFilter, 'asOf'> & { asOf?: string; sort?: string },
): Promise<Download> {
  assertCan(ctx.actor, 'customer.export');
  const { sort, ...rest } = filter;
  const asOf = rest.asOf ?? companyToday(ctx);
  const where = { ...rest, asOf, q: rest.q?.trim().toUpperCase() || undefined };
  await unitsRepo.listUnits(ctx.db, where, { sort, limit: 1 });
  const columns = [
    ...UNIT_COLUMNS.map((c) => ({ header: c.zh, key: c.key, width: c.width })),
    { header: '产品名称', key: 'productName', width: 20 },
    { header: '客户名称', key: 'customerName', width: 24 },
    { header: '保修截止日期', key: 'warrantyEnd', width: 14 },
    { header: '保修状态', key: 'warrantyState', width: 10 },
    { header: '保修依据', key: 'warrantyReason', width: 12 },
  ];
  const { stream, workbook, sheet } = streamingWorkbook(SHEET_NAMES.units, columns);
  pump(stream, async () => {
    let cursor: string | undefined;
    do {
      const page = await unitsRepo.listUnits(ctx.db, where, { cursor, sort, limit: EXPORT_BATCH });
      for (const u of page.items) {
        sheet
          .addRow({
            serialNumber: u.serial_number,
            model: u.product_model,
            customerCode: u.customer_code,
            purchaseDate: u.purchase_date ?? '',
            contractNumber: u.contract_number ?? '',
            orderNumber: u.order_number ?? '',
            installationAddress: u.installation_address ?? '',
            warrantyEndOverride: u.warranty_end_override ?? '',
            warrantyOverrideReason: u.warranty_override_reason ?? '',
            status: UNIT_STATUS_LABEL[u.status],
            notes: u.notes ?? '',
            productName: u.product_name,
            customerName: u.customer_name,
            warrantyEnd: u.warranty_end ?? '',
            warrantyState: u.warranty_end ? (asOf <= u.warranty_end ? '在保' : '过保') : '未知',
            warrantyReason: u.warranty_end_override ? '合同约定' : u.purchase_date ? '产品默认' : '无购买日期',
          })
          .commit();
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    sheet.commit();
    await workbook.commit();
  });
  return { fileName: `产品档案-${asOf}.xlsx`, contentType: XLSX_TYPE, body: stream, asciiName: `units-${asOf}.xlsx` };
}

const TEMPLATE_ASCII: Record<ImportKind, string> = {
  customers: 'customer-import-template.xlsx',
  units: 'unit-import-template.xlsx',
  orders: 'order-import-template.xlsx',
};

/** The import template: the Chinese headers (required ones marked *), lists where values are fixed, and a 说明 sheet. */
export async function importTemplate(ctx: ServiceContext, kind: ImportKind): Promise<Download> {
  assertCan(ctx.actor, 'customer.import');
  const workbook = new ExcelJS.Workbook();
  const columns: ColumnSpec[] = COLUMNS[kind];
  const sheet = workbook.addWorksheet(SHEET_NAMES[kind], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.required ? `*${c.zh}` : c.zh, key: c.key, width: c.width ?? 14 }));
  headerRow(sheet);
  columns.forEach((c, i) => {
    const letter = sheet.getColumn(i + 1).letter;
    if (c.choices) {
      for (let row = 2; row <= 1001; row++) {
        sheet.getCell(`${letter}${row}`).dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [`"${c.choices.join(',')}"`],
        };
      }
    }
    if (['phone', 'serialNumber', 'customerCode', 'code', 'orderNumber', 'contractNumber'].includes(c.key)) {
      sheet.getColumn(i + 1).numFmt = '@'; // text: keeps leading zeros of phone and serial numbers
    }
  });
  const help = workbook.addWorksheet('说明');
  help.columns = [
    { header: '列名', key: 'zh', width: 20 },
    { header: 'English header', key: 'en', width: 24 },
    { header: '必填', key: 'required', width: 8 },
    { header: '说明', key: 'hint', width: 60 },
  ];
  headerRow(help);
  for (const c of columns) help.addRow({ zh: c.zh, en: c.en, required: c.required ? '是' : '', hint: c.hint });
  help.addRow({});
  help.addRow({ zh: '导入规则', hint: '先校验全部行；任何一行有错误时不导入任何数据，并列出每行的错误。可先"试导入"检查。' });
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  const names: Record<ImportKind, string> = {
    customers: '顾客档案导入模板.xlsx',
    units: '产品档案导入模板.xlsx',
    orders: '订单导入模板.xlsx',
  };
  return { fileName: names[kind], contentType: XLSX_TYPE, body: buffer, asciiName: TEMPLATE_ASCII[kind] };
}
