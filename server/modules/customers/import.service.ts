import { z } from 'zod';
import {
  type AddressInput,
  type ContactInput,
  type ImportKind,
  type ImportReport,
  type ImportRowError,
  isPlausiblePhone,
} from '../../../contracts/customers.js';
import { recordAudit } from '../../platform/audit.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { nextNumber } from '../../platform/numbering.js';
import { assertCan } from '../../platform/permissions.js';
import { computeWarrantyEnd, WarrantyInputError } from '../warranty/warranty-end.js';
import { normalizeSerial, splitTags } from './customer-text.js';
import * as repo from './customers.repository.js';
import { addressRow, contactRow, customerRow } from './customers.rows.js';
import { CUSTOMER_NUMBER_PREFIX, companyToday } from './customers.service.js';
import * as ordersRepo from './orders.repository.js';
import { orderTotalFen } from './orders.service.js';
import { readSpreadsheet } from './spreadsheet.js';
import {
  CHANNEL_WORDS,
  COLUMNS,
  KIND_WORDS,
  matchHeaders,
  ORDER_KIND_WORDS,
  parseDateCell,
  parseYesNo,
  parseYuanToFen,
  ROLE_WORDS,
  UNIT_STATUS_WORDS,
} from './transfer.columns.js';
import * as unitsRepo from './units.repository.js';

/**
 * Import customers, units or orders from CSV/XLSX (R-CUS-5). Every row is validated first; any
 * error → a per-row report and nothing is written. Otherwise everything is written in one
 * transaction with one audit row (action "import") per created record.
 */

export class ImportRejectedError extends AppError {
  constructor(report: ImportReport) {
    super(
      422,
      'import_rejected',
      `导入文件有 ${report.errors.length} 处错误，未导入任何数据 (${report.errors.length} errors; nothing was imported)`,
      report,
    );
  }
}

interface Rec {
  row: number;
  v: Record<string, string>;
}

interface Counts {
  customers: number;
  contacts: number;
  addresses: number;
  units: number;
  orders: number;
  orderLines: number;
}

const emptyCounts = (): Counts => ({ customers: 0, contacts: 0, addresses: 0, units: 0, orders: 0, orderLines: 0 });

class Problems {
  readonly list: ImportRowError[] = [];
  constructor(
    private readonly headerOf: Map<string, string>,
    private readonly kind: ImportKind,
  ) {}
  add(row: number, key: string | null, code: string, message: string) {
    const column = key ? (this.headerOf.get(key) ?? COLUMNS[this.kind].find((c) => c.key === key)?.zh ?? key) : null;
    this.list.push({ row, column, code, message });
  }
  get any() {
    return this.list.length > 0;
  }
}

const emailCheck = z.email();

function tooLong(p: Problems, r: Rec, key: string, max: number): void {
  if ((r.v[key] ?? '').length > max) p.add(r.row, key, 'too_long', `不能超过 ${max} 个字符 (at most ${max} characters)`);
}

function pick<T>(p: Problems, r: Rec, key: string, words: Record<string, T>, label: string): T | undefined {
  const text = r.v[key]?.trim();
  if (!text) return undefined;
  const value = words[text] ?? words[text.toLowerCase()];
  if (value === undefined) p.add(r.row, key, 'invalid_value', `无法识别的${label}「${text}」 (unknown value)`);
  return value;
}

function yesNo(p: Problems, r: Rec, key: string): boolean | undefined {
  const text = r.v[key];
  if (text === undefined || text.trim() === '') return undefined;
  const value = parseYesNo(text);
  if (value === undefined) p.add(r.row, key, 'invalid_value', `请填写 是 或 否 (yes/no expected), 实际为「${text}」`);
  return value;
}

function dateCell(p: Problems, r: Rec, key: string): string | null {
  const text = r.v[key]?.trim();
  if (!text) return null;
  const date = parseDateCell(text);
  if (!date) p.add(r.row, key, 'invalid_date', `日期格式不正确「${text}」，应为 2025-03-15 (invalid date)`);
  return date;
}

function required(p: Problems, r: Rec, key: string, label: string): string {
  const text = r.v[key]?.trim() ?? '';
  if (!text) p.add(r.row, key, 'required', `${label}不能为空 (required)`);
  return text;
}

// ---------------------------------------------------------------- customers

async function planCustomers(ctx: ServiceContext, records: Rec[], p: Problems) {
  const regions = await repo.allRegions(ctx.db);
  const regionByKey = new Map<string, string>();
  for (const r of regions) {
    regionByKey.set(r.name, r.id);
    regionByKey.set(r.code.toLowerCase(), r.id);
  }
  const users = await repo.allUsers(ctx.db);
  const userByName = new Map<string, string | null>();
  for (const u of users) {
    userByName.set(u.username.toLowerCase(), u.id);
    // the same display name twice is ambiguous
    userByName.set(u.display_name, userByName.has(u.display_name) ? null : u.id);
  }
  const givenCodes = records.map((r) => r.v.code?.trim()).filter((c): c is string => Boolean(c));
  const existingCodes = new Set((await repo.findCustomersByCodes(ctx.db, givenCodes)).map((c) => c.code));
  const codesInFile = new Map<string, number>();

  const planned: {
    code: string | null;
    input: Parameters<typeof customerRow>[0];
    ownerUserId: string | null;
    contact: ContactInput | null;
    address: AddressInput | null;
  }[] = [];
  for (const r of records) {
    const name = required(p, r, 'name', '客户名称');
    tooLong(p, r, 'name', 200);
    const kind = pick(p, r, 'kind', KIND_WORDS, '类型') ?? 'company';
    const classText = r.v.class?.trim().toUpperCase();
    if (classText && !['A', 'B', 'C', 'D'].includes(classText)) {
      p.add(r.row, 'class', 'invalid_value', `等级应为 A/B/C/D (class must be A–D), 实际为「${r.v.class}」`);
    }
    const code = r.v.code?.trim() || null;
    if (code) {
      tooLong(p, r, 'code', 40);
      if (existingCodes.has(code))
        p.add(r.row, 'code', 'duplicate_code', `客户编号 ${code} 已存在 (customer code already exists)`);
      const firstRow = codesInFile.get(code);
      if (firstRow !== undefined)
        p.add(r.row, 'code', 'duplicate_code', `客户编号 ${code} 与第 ${firstRow} 行重复 (duplicate in file)`);
      else codesInFile.set(code, r.row);
    }
    const phone = r.v.phone?.trim() || null;
    if (phone && !isPlausiblePhone(phone))
      p.add(r.row, 'phone', 'invalid_phone', `电话号码格式不正确「${phone}」 (invalid phone)`);
    const email = r.v.email?.trim() || null;
    if (email && !emailCheck.safeParse(email).success)
      p.add(r.row, 'email', 'invalid_email', `邮箱格式不正确「${email}」 (invalid e-mail)`);
    let regionId: string | null = null;
    const regionText = r.v.region?.trim();
    if (regionText) {
      regionId = regionByKey.get(regionText) ?? regionByKey.get(regionText.toLowerCase()) ?? null;
      if (!regionId) p.add(r.row, 'region', 'unknown_region', `区域「${regionText}」不存在 (unknown region)`);
    }
    let ownerUserId: string | null = ctx.actor.id;
    const ownerText = r.v.owner?.trim();
    if (ownerText) {
      const found = userByName.get(ownerText) ?? userByName.get(ownerText.toLowerCase());
      if (!found) p.add(r.row, 'owner', 'unknown_user', `负责人「${ownerText}」不存在或重名 (unknown or ambiguous user)`);
      ownerUserId = found ?? null;
    }
    const tags = splitTags(r.v.tags ?? '');
    if (tags.length > 20 || tags.some((t) => t.length > 30))
      p.add(r.row, 'tags', 'invalid_value', '最多20个标签，每个不超过30字 (too many or too long tags)');
    for (const [key, max] of [
      ['contactName', 100],
      ['address', 300],
      ['province', 50],
      ['city', 50],
      ['district', 50],
      ['preferredContactHours', 100],
      ['notes', 2000],
      ['email', 200],
    ] as const) {
      tooLong(p, r, key, max);
    }
    const role = pick(p, r, 'contactRole', ROLE_WORDS, '联系人角色');
    const channel = pick(p, r, 'preferredChannel', CHANNEL_WORDS, '联系方式');
    const input = {
      kind,
      name,
      class: (classText || 'C') as 'A' | 'B' | 'C' | 'D',
      keyAccount: yesNo(p, r, 'keyAccount'),
      veryLargeAccount: yesNo(p, r, 'veryLargeAccount'),
      vip: yesNo(p, r, 'vip'),
      regionId,
      preferredChannel: channel ?? null,
      preferredContactHours: r.v.preferredContactHours?.trim() || null,
      doNotDisturb: yesNo(p, r, 'doNotDisturb'),
      reducedContact: yesNo(p, r, 'reducedContact'),
      tags,
      notes: r.v.notes?.trim() || null,
    };
    const contactName = r.v.contactName?.trim();
    const contact =
      contactName || phone || email ? { name: contactName || name, role: role ?? 'other', phone, email, isPrimary: true } : null;
    const addressLine = r.v.address?.trim();
    const address =
      addressLine || r.v.city?.trim()
        ? {
            line: addressLine || [r.v.province, r.v.city, r.v.district].filter(Boolean).join(''),
            province: r.v.province?.trim() || null,
            city: r.v.city?.trim() || null,
            district: r.v.district?.trim() || null,
            regionId,
            isDefault: true,
          }
        : null;
    planned.push({ code, input, ownerUserId, contact, address });
  }
  const counts = emptyCounts();
  counts.customers = planned.length;
  counts.contacts = planned.filter((x) => x.contact).length;
  counts.addresses = planned.filter((x) => x.address).length;

  const write = async (tx: ServiceContext) => {
    const now = tx.clock.now().toISOString();
    const year = Number(companyToday(tx).slice(0, 4));
    const customers = [];
    const contacts = [];
    const addresses = [];
    for (const x of planned) {
      const code = x.code ?? (await nextNumber(tx, CUSTOMER_NUMBER_PREFIX, year));
      const row = customerRow(x.input, { code, ownerUserId: x.ownerUserId, now });
      customers.push(row);
      if (x.contact) contacts.push(contactRow(row.id, x.contact, now));
      if (x.address) addresses.push(addressRow(row.id, x.address, now));
    }
    await repo.insertCustomers(tx.db, customers);
    await repo.insertContacts(tx.db, contacts);
    await repo.insertAddresses(tx.db, addresses);
    for (const c of customers) await recordAudit(tx, { entity: 'customer', entityId: c.id, action: 'import', after: c });
    for (const c of contacts) await recordAudit(tx, { entity: 'customer_contact', entityId: c.id, action: 'import', after: c });
    for (const a of addresses) await recordAudit(tx, { entity: 'customer_address', entityId: a.id, action: 'import', after: a });
    return customers.map((c) => c.id);
  };
  return { counts, write };
}

// ---------------------------------------------------------------- units

async function customersByCode(ctx: ServiceContext, records: Rec[]) {
  const codes = [...new Set(records.map((r) => r.v.customerCode?.trim()).filter((c): c is string => Boolean(c)))];
  return new Map((await repo.findCustomersByCodes(ctx.db, codes)).map((c) => [c.code, c]));
}

async function productsByModel(ctx: ServiceContext, records: Rec[]) {
  const models = [...new Set(records.map((r) => r.v.model?.trim()).filter((m): m is string => Boolean(m)))];
  return new Map((await unitsRepo.productsByModel(ctx.db, models)).map((p) => [p.model, p]));
}

const WARRANTY_COLUMN: Record<WarrantyInputError['field'], string> = {
  purchaseDate: 'purchaseDate',
  defaultWarrantyMonths: 'model',
  override: 'warrantyEndOverride',
  overrideReason: 'warrantyOverrideReason',
};

async function planUnits(ctx: ServiceContext, records: Rec[], p: Problems) {
  const customers = await customersByCode(ctx, records);
  const products = await productsByModel(ctx, records);
  const orderNumbers = [...new Set(records.map((r) => r.v.orderNumber?.trim()).filter((o): o is string => Boolean(o)))];
  const orders = new Map<string, { id: string; customer_id: string }>();
  for (const number of orderNumbers) {
    const found = await ordersRepo.findOrderByNumber(ctx.db, number);
    if (found) {
      const brief = await unitsRepo.findOrderBrief(ctx.db, found.id);
      if (brief) orders.set(number, brief);
    }
  }
  const pairs = records
    .map((r) => ({
      productId: products.get(r.v.model?.trim() ?? '')?.id ?? '',
      serialNumber: normalizeSerial(r.v.serialNumber ?? ''),
    }))
    .filter((x) => x.productId && x.serialNumber);
  const existing = await unitsRepo.existingSerials(ctx.db, pairs);
  const inFile = new Map<string, number>();
  const now = ctx.clock.now().toISOString();
  const rows: unitsRepo.UnitInsert[] = [];

  for (const r of records) {
    const serialText = required(p, r, 'serialNumber', '序列号');
    tooLong(p, r, 'serialNumber', 100);
    const modelText = required(p, r, 'model', '型号');
    const codeText = required(p, r, 'customerCode', '客户编号');
    const product = modelText ? products.get(modelText) : undefined;
    if (modelText && !product) p.add(r.row, 'model', 'unknown_model', `型号「${modelText}」不在产品目录中 (unknown model)`);
    const customer = codeText ? customers.get(codeText) : undefined;
    if (codeText && !customer)
      p.add(r.row, 'customerCode', 'unknown_customer', `客户编号「${codeText}」不存在 (unknown customer)`);
    if (customer && customer.status === 'merged') {
      p.add(r.row, 'customerCode', 'merged_customer', `客户 ${codeText} 已合并 (customer was merged)`);
    }
    const serial = normalizeSerial(serialText);
    if (product && serial) {
      const key = `${product.id}\u0000${serial}`;
      if (existing.has(key)) {
        p.add(r.row, 'serialNumber', 'duplicate_serial', `序列号 ${serial} 的 ${product.model} 已登记在档 (already registered)`);
      }
      const firstRow = inFile.get(key);
      if (firstRow !== undefined) {
        p.add(r.row, 'serialNumber', 'duplicate_serial', `序列号 ${serial} 与第 ${firstRow} 行重复 (duplicate in file)`);
      } else inFile.set(key, r.row);
    }
    const purchaseDate = dateCell(p, r, 'purchaseDate');
    const override = dateCell(p, r, 'warrantyEndOverride');
    const overrideReason = r.v.warrantyOverrideReason?.trim() || null;
    tooLong(p, r, 'warrantyOverrideReason', 500);
    tooLong(p, r, 'contractNumber', 100);
    tooLong(p, r, 'installationAddress', 300);
    tooLong(p, r, 'notes', 2000);
    const status = pick(p, r, 'status', UNIT_STATUS_WORDS, '状态') ?? 'in_service';
    let orderId: string | null = null;
    const orderText = r.v.orderNumber?.trim();
    if (orderText) {
      const order = orders.get(orderText);
      if (!order) p.add(r.row, 'orderNumber', 'unknown_order', `订单号「${orderText}」不存在 (unknown order)`);
      else if (customer && order.customer_id !== customer.id) {
        p.add(
          r.row,
          'orderNumber',
          'order_of_other_customer',
          `订单 ${orderText} 不属于客户 ${codeText} (order belongs to another customer)`,
        );
      } else orderId = order.id;
    }
    let warrantyEnd: string | null = null;
    if (product) {
      try {
        warrantyEnd = computeWarrantyEnd({
          purchaseDate,
          defaultWarrantyMonths: product.default_warranty_months,
          override,
          overrideReason,
        }).warrantyEnd;
      } catch (error) {
        if (!(error instanceof WarrantyInputError)) throw error;
        p.add(r.row, WARRANTY_COLUMN[error.field], 'invalid_warranty', error.message);
      }
    }
    if (!product || !customer) continue;
    rows.push({
      id: newId(),
      serial_number: serial,
      product_id: product.id,
      customer_id: customer.id,
      purchase_date: purchaseDate,
      order_id: orderId,
      contract_number: r.v.contractNumber?.trim() || null,
      installation_address_id: null,
      installation_address: r.v.installationAddress?.trim() || null,
      warranty_end_override: override,
      warranty_override_reason: override ? overrideReason : null,
      warranty_end: warrantyEnd,
      status,
      replaced_by_unit_id: null,
      notes: r.v.notes?.trim() || null,
      version: 1,
      created_at: now,
      updated_at: now,
    });
  }
  const counts = emptyCounts();
  counts.units = records.length;
  const write = async (tx: ServiceContext) => {
    await unitsRepo.insertUnits(tx.db, rows);
    for (const u of rows) await recordAudit(tx, { entity: 'unit', entityId: u.id, action: 'import', after: u });
    return rows.map((u) => u.id);
  };
  return { counts, write };
}

// ---------------------------------------------------------------- orders

async function planOrders(ctx: ServiceContext, records: Rec[], p: Problems) {
  const customers = await customersByCode(ctx, records);
  const products = await productsByModel(ctx, records);
  const numbers = records.map((r) => r.v.orderNumber?.trim()).filter((n): n is string => Boolean(n));
  const existing = await ordersRepo.existingOrderNumbers(ctx.db, numbers);
  const groups = new Map<
    string,
    {
      first: Rec;
      customerId: string | null;
      date: string | null;
      lines: { rec: Rec; productId: string; quantity: number; unitPriceFen: number }[];
    }
  >();

  for (const r of records) {
    const number = required(p, r, 'orderNumber', '订单号');
    tooLong(p, r, 'orderNumber', 64);
    const codeText = required(p, r, 'customerCode', '客户编号');
    const dateText = required(p, r, 'orderDate', '日期');
    const modelText = required(p, r, 'model', '型号');
    const quantityText = required(p, r, 'quantity', '数量');
    const priceText = required(p, r, 'unitPrice', '单价');
    const customer = codeText ? customers.get(codeText) : undefined;
    if (codeText && !customer)
      p.add(r.row, 'customerCode', 'unknown_customer', `客户编号「${codeText}」不存在 (unknown customer)`);
    const date = dateText ? dateCell(p, r, 'orderDate') : null;
    const product = modelText ? products.get(modelText) : undefined;
    if (modelText && !product) p.add(r.row, 'model', 'unknown_model', `型号「${modelText}」不在产品目录中 (unknown model)`);
    const quantity = /^\d+$/.test(quantityText) ? Number(quantityText) : Number.NaN;
    if (quantityText && !(quantity >= 1 && quantity <= 1_000_000)) {
      p.add(r.row, 'quantity', 'invalid_quantity', `数量应为 1 到 1000000 的整数「${quantityText}」 (whole number ≥ 1)`);
    }
    const fen = priceText ? parseYuanToFen(priceText) : null;
    if (priceText && fen === null)
      p.add(r.row, 'unitPrice', 'invalid_price', `单价格式不正确「${priceText}」，单位元，最多两位小数 (invalid price)`);
    pick(p, r, 'kind', ORDER_KIND_WORDS, '订单类型');
    tooLong(p, r, 'contractNumber', 100);
    tooLong(p, r, 'notes', 2000);
    if (!number) continue;
    let group = groups.get(number);
    if (!group) {
      group = { first: r, customerId: customer?.id ?? null, date, lines: [] };
      groups.set(number, group);
      if (existing.has(number))
        p.add(r.row, 'orderNumber', 'duplicate_order_number', `订单号 ${number} 已存在 (order number already exists)`);
    } else {
      if (codeText && codeText !== group.first.v.customerCode?.trim()) {
        p.add(
          r.row,
          'customerCode',
          'inconsistent_order',
          `同一订单 ${number} 的客户编号与第 ${group.first.row} 行不一致 (differs within the order)`,
        );
      }
      if (date && group.date && date !== group.date) {
        p.add(
          r.row,
          'orderDate',
          'inconsistent_order',
          `同一订单 ${number} 的日期与第 ${group.first.row} 行不一致 (differs within the order)`,
        );
      }
    }
    if (product && fen !== null && quantity >= 1)
      group.lines.push({ rec: r, productId: product.id, quantity, unitPriceFen: fen });
  }

  const now = ctx.clock.now().toISOString();
  const orders: ordersRepo.OrderInsert[] = [];
  const lines: ordersRepo.OrderLineInsert[] = [];
  for (const [number, group] of groups) {
    let total = 0;
    try {
      total = orderTotalFen(group.lines);
    } catch {
      p.add(group.first.row, 'unitPrice', 'order_total_too_large', `订单 ${number} 金额超出范围 (order total too large)`);
    }
    if (!group.customerId || !group.date) continue;
    const id = newId();
    const first = group.first.v;
    orders.push({
      id,
      order_number: number,
      customer_id: group.customerId,
      order_date: group.date,
      contract_number: first.contractNumber?.trim() || null,
      kind: ORDER_KIND_WORDS[first.kind?.trim() ?? ''] ?? 'sale',
      total_fen: total,
      status: 'completed',
      notes: first.notes?.trim() || null,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    group.lines.forEach((l, i) => {
      lines.push({
        id: newId(),
        order_id: id,
        line_no: i + 1,
        product_id: l.productId,
        quantity: l.quantity,
        unit_price_fen: l.unitPriceFen,
      });
    });
  }
  const counts = emptyCounts();
  counts.orders = groups.size;
  counts.orderLines = records.length;
  const write = async (tx: ServiceContext) => {
    await ordersRepo.insertOrders(tx.db, orders);
    await ordersRepo.insertOrderLines(tx.db, lines);
    for (const o of orders) {
      await recordAudit(tx, {
        entity: 'order',
        entityId: o.id,
        action: 'import',
        after: { ...o, lines: lines.filter((l) => l.order_id === o.id) },
      });
    }
    return orders.map((o) => o.id);
  };
  return { counts, write };
}

// ---------------------------------------------------------------- entry point

const PLANNERS = { customers: planCustomers, units: planUnits, orders: planOrders };

export async function importRegistry(
  ctx: ServiceContext,
  input: { kind: ImportKind; dryRun: boolean; format: 'csv' | 'xlsx'; content: Buffer },
): Promise<ImportReport> {
  assertCan(ctx.actor, 'customer.import');
  const sheet = await readSpreadsheet(input.content, input.format);
  const { byIndex, ignored, missing, headerOf } = matchHeaders(input.kind, sheet.headers);
  const problems = new Problems(headerOf, input.kind);
  const report = (outcome: ImportReport['outcome'], created: Counts, ids: string[] = []): ImportReport => ({
    kind: input.kind,
    dryRun: input.dryRun,
    outcome,
    totalRows: sheet.rows.length,
    errors: problems.list,
    ignoredColumns: ignored,
    created,
    ids,
  });
  for (const column of missing) {
    problems.add(1, column.key, 'missing_column', `缺少必填列「${column.zh}」 (required column missing)`);
  }
  if (!sheet.rows.length) problems.add(1, null, 'no_rows', '文件中没有数据行 (the file has no data rows)');

  const records: Rec[] = sheet.rows.map((r) => {
    const v: Record<string, string> = {};
    for (const [index, key] of byIndex) v[key] = r.cells[index] ?? '';
    return { row: r.row, v };
  });

  const result = await inTransaction(ctx, async (tx) => {
    if (problems.any) return report('invalid', emptyCounts());
    const plan = await PLANNERS[input.kind](tx, records, problems);
    if (problems.any) return report('invalid', plan.counts);
    if (input.dryRun) return report('validated', plan.counts);
    const ids = await plan.write(tx);
    return report('imported', plan.counts, ids);
  });
  if (result.outcome === 'invalid') {
    result.errors.sort((a, b) => a.row - b.row);
    if (!input.dryRun) throw new ImportRejectedError(result);
  }
  return result;
}
