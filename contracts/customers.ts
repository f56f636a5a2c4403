import { z } from 'zod';
import { isoDate, pageOf, pageQuery, requiredText, trimmed, versionField } from './common.js';

/** Customer registry (R-CUS-1, -3, -4, -5): customers, contacts, addresses, units, orders, import/export. */

// ── enums ────────────────────────────────────────────────────────────────────────────────────
export const customerKind = z.enum(['person', 'company']);
export const customerClass = z.enum(['A', 'B', 'C', 'D']);
export const customerStatus = z.enum(['active', 'archived', 'merged']);
export const contactRole = z.enum(['technical_lead', 'admin_lead', 'main_user', 'purchaser', 'other']);
export const contactChannel = z.enum(['phone', 'sms', 'email', 'im', 'letter', 'on_site']);
export const unitStatus = z.enum(['in_service', 'replaced', 'returned', 'scrapped']);
export const orderKind = z.enum(['sale', 'maintenance', 'project', 'service']);
export const orderStatus = z.enum(['open', 'completed', 'cancelled']);
export const warrantyReason = z.enum(['catalogue_default', 'contract_override', 'unknown_purchase_date']);
export const lookupMatch = z.enum(['name', 'pinyin', 'initials', 'phone', 'email', 'serial', 'code']);
export const importKind = z.enum(['customers', 'units', 'orders']);

export type CustomerKind = z.infer<typeof customerKind>;
export type CustomerClass = z.infer<typeof customerClass>;
export type ContactRole = z.infer<typeof contactRole>;
export type ContactChannel = z.infer<typeof contactChannel>;
export type UnitStatus = z.infer<typeof unitStatus>;
export type OrderKind = z.infer<typeof orderKind>;
export type OrderStatus = z.infer<typeof orderStatus>;
export type WarrantyReason = z.infer<typeof warrantyReason>;
export type LookupMatch = z.infer<typeof lookupMatch>;
export type ImportKind = z.infer<typeof importKind>;

// ── field helpers ────────────────────────────────────────────────────────────────────────────
const PHONE_CHARS = /^\+?[\d\s\-()]+(?:(?:转|ext\.?|x)\s*\d{1,6})?$/i;

/**
 * Loose phone validation (Chinese mobiles and landlines, with or without +86, area code, dashes,
 * spaces, an extension "转123"): only those characters, 6–20 digits in all.
 */
export function isPlausiblePhone(phone: string): boolean {
  const text = phone.trim();
  if (!PHONE_CHARS.test(text)) return false;
  const digits = text.replace(/\D/g, '').length;
  return digits >= 6 && digits <= 20;
}

const optionalText = (max: number) => trimmed(max).nullable().optional();
export const phoneNumber = z
  .string()
  .trim()
  .max(40)
  .refine(isPlausiblePhone, { message: '电话号码格式不正确 (6–20 digits; digits, +, -, spaces allowed)' });
export const emailAddress = z
  .string()
  .trim()
  .max(200)
  .pipe(z.email({ message: '邮箱格式不正确 (invalid e-mail)' }));
const money = z.number().int().min(0).max(1_000_000_000_000);
/** query-string booleans: true/false/1/0 */
export const queryBoolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const tagList = z.array(requiredText(30)).max(20);

// ── contacts ─────────────────────────────────────────────────────────────────────────────────
export const contactInput = z.object({
  name: requiredText(100),
  role: contactRole.optional(),
  phone: phoneNumber.nullable().optional(),
  email: emailAddress.nullable().optional(),
  isPrimary: z.boolean().optional(),
});
export const updateContactRequest = contactInput.partial().extend({ version: versionField });

export const contact = z.object({
  id: z.string(),
  customerId: z.string(),
  name: z.string(),
  role: contactRole,
  phone: z.string().nullable(),
  email: z.string().nullable(),
  isPrimary: z.boolean(),
  archived: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Contact = z.infer<typeof contact>;
export type ContactInput = z.infer<typeof contactInput>;

// ── addresses ────────────────────────────────────────────────────────────────────────────────
export const addressInput = z.object({
  label: optionalText(50),
  regionId: z.uuid().nullable().optional(),
  province: optionalText(50),
  city: optionalText(50),
  district: optionalText(50),
  line: requiredText(300),
  postalCode: optionalText(20),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  isDefault: z.boolean().optional(),
});
export const updateAddressRequest = addressInput.partial().extend({ version: versionField });

export const address = z.object({
  id: z.string(),
  customerId: z.string(),
  label: z.string().nullable(),
  regionId: z.string().nullable(),
  regionName: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  line: z.string(),
  postalCode: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  isDefault: z.boolean(),
  archived: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Address = z.infer<typeof address>;
export type AddressInput = z.infer<typeof addressInput>;

export const archiveRequest = z.object({ version: versionField });

// ── customers ────────────────────────────────────────────────────────────────────────────────
const customerFields = {
  kind: customerKind,
  name: requiredText(200),
  class: customerClass.optional(),
  keyAccount: z.boolean().optional(),
  veryLargeAccount: z.boolean().optional(),
  vip: z.boolean().optional(),
  /** owner agent; defaults to the agent who creates the customer (first-responder) */
  ownerUserId: z.uuid().nullable().optional(),
  regionId: z.uuid().nullable().optional(),
  preferredChannel: contactChannel.nullable().optional(),
  /** e.g. "工作日 10:00-11:30" */
  preferredContactHours: optionalText(100),
  doNotDisturb: z.boolean().optional(),
  reducedContact: z.boolean().optional(),
  tags: tagList.optional(),
  notes: optionalText(2000),
};

export const createCustomerRequest = z.object({
  ...customerFields,
  contacts: z.array(contactInput).max(20).optional(),
  addresses: z.array(addressInput).max(20).optional(),
});
export type CreateCustomerRequest = z.infer<typeof createCustomerRequest>;

export const updateCustomerRequest = z.object(customerFields).partial().extend({ version: versionField });
export type UpdateCustomerRequest = z.infer<typeof updateCustomerRequest>;

export const customer = z.object({
  id: z.string(),
  code: z.string(),
  kind: customerKind,
  name: z.string(),
  namePinyin: z.string(),
  class: customerClass,
  keyAccount: z.boolean(),
  veryLargeAccount: z.boolean(),
  vip: z.boolean(),
  ownerUserId: z.string().nullable(),
  ownerName: z.string().nullable(),
  regionId: z.string().nullable(),
  regionName: z.string().nullable(),
  preferredChannel: contactChannel.nullable(),
  preferredContactHours: z.string().nullable(),
  doNotDisturb: z.boolean(),
  reducedContact: z.boolean(),
  tags: z.array(z.string()),
  notes: z.string().nullable(),
  status: customerStatus,
  mergedIntoId: z.string().nullable(),
  /** sales orders that were not cancelled (R-CUS-4; survey eligibility R-SAT-2) */
  transactionCount: z.number(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Customer = z.infer<typeof customer>;

export const customerListQuery = pageQuery.extend({
  /** name (contains), pinyin / initials / code (prefix), phone digits (prefix) */
  q: trimmed(100).optional(),
  class: customerClass.optional(),
  kind: customerKind.optional(),
  ownerUserId: z.uuid().optional(),
  regionId: z.uuid().optional(),
  keyAccount: queryBoolean.optional(),
  veryLargeAccount: queryBoolean.optional(),
  vip: queryBoolean.optional(),
  /** default: active customers only; `all` for every status */
  status: z.enum(['active', 'archived', 'merged', 'all']).optional(),
});
export type CustomerListQuery = z.infer<typeof customerListQuery>;
export const customerPage = pageOf(customer);

// ── warranty and units ───────────────────────────────────────────────────────────────────────
export const warrantyStatus = z.object({
  /** last day covered (inclusive), 'YYYY-MM-DD'; null when unknown (no purchase date) */
  end: z.string().nullable(),
  /** in warranty today in the company's time zone; null when unknown */
  inWarranty: z.boolean().nullable(),
  asOf: z.string(),
  daysLeft: z.number().nullable(),
  reason: warrantyReason,
  /** the catalogue default of the product */
  defaultMonths: z.number(),
  override: z.string().nullable(),
  overrideReason: z.string().nullable(),
});
export type WarrantyStatus = z.infer<typeof warrantyStatus>;

export const productBrief = z.object({
  id: z.string(),
  model: z.string(),
  name: z.string(),
  defaultWarrantyMonths: z.number(),
});

export const customerBrief = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: customerKind,
  class: customerClass,
  keyAccount: z.boolean(),
  veryLargeAccount: z.boolean(),
  vip: z.boolean(),
  status: customerStatus,
});
export type CustomerBrief = z.infer<typeof customerBrief>;

const unitFields = {
  serialNumber: requiredText(100),
  productId: z.uuid(),
  customerId: z.uuid(),
  purchaseDate: isoDate.nullable().optional(),
  orderId: z.uuid().nullable().optional(),
  contractNumber: optionalText(100),
  installationAddressId: z.uuid().nullable().optional(),
  installationAddress: optionalText(300),
  /** contract override of the warranty end (last covered day); needs warrantyOverrideReason */
  warrantyEndOverride: isoDate.nullable().optional(),
  warrantyOverrideReason: optionalText(500),
  status: unitStatus.optional(),
  notes: optionalText(2000),
};

const overrideNeedsReason = (value: { warrantyEndOverride?: string | null; warrantyOverrideReason?: string | null }) =>
  !value.warrantyEndOverride || Boolean(value.warrantyOverrideReason?.trim());
const overrideReasonIssue = {
  message: '合同约定的保修截止日期需要填写原因 (a contract override needs a reason)',
  path: ['warrantyOverrideReason'],
};

export const createUnitRequest = z.object(unitFields).refine(overrideNeedsReason, overrideReasonIssue);
export type CreateUnitRequest = z.infer<typeof createUnitRequest>;
export const updateUnitRequest = z.object(unitFields).partial().extend({ version: versionField });
export type UpdateUnitRequest = z.infer<typeof updateUnitRequest>;

export const unit = z.object({
  id: z.string(),
  serialNumber: z.string(),
  productId: z.string(),
  product: productBrief,
  customerId: z.string(),
  customer: customerBrief,
  purchaseDate: z.string().nullable(),
  orderId: z.string().nullable(),
  orderNumber: z.string().nullable(),
  contractNumber: z.string().nullable(),
  installationAddressId: z.string().nullable(),
  installationAddress: z.string().nullable(),
  warranty: warrantyStatus,
  status: unitStatus,
  notes: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Unit = z.infer<typeof unit>;

export const unitDetail = unit.extend({
  /**
   * Product failure history (产品失败履历): every case on this unit, newest first.
   */
  cases: z.array(z.object({ id: z.string(), number: z.string(), type: z.string(), status: z.string(), openedAt: z.string() })),
});
export type UnitDetail = z.infer<typeof unitDetail>;

export const unitListQuery = pageQuery.extend({
  /** serial number prefix */
  q: trimmed(100).optional(),
  customerId: z.uuid().optional(),
  productId: z.uuid().optional(),
  status: unitStatus.optional(),
  /** in / out of warranty as of `asOf` (default: today in the company time zone); unknown = no end date */
  warranty: z.enum(['in', 'out', 'unknown']).optional(),
  asOf: isoDate.optional(),
});
export type UnitListQuery = z.infer<typeof unitListQuery>;
export const unitPage = pageOf(unit);

// ── orders ───────────────────────────────────────────────────────────────────────────────────
export const orderLineInput = z.object({
  productId: z.uuid(),
  quantity: z.number().int().min(1).max(1_000_000),
  /** price of one item in fen (分) */
  unitPriceFen: money,
});

const orderFields = {
  /** sales order / transaction number; generated (DD-YYYY-NNNNNN) when omitted */
  orderNumber: requiredText(64).optional(),
  customerId: z.uuid(),
  orderDate: isoDate,
  contractNumber: optionalText(100),
  kind: orderKind.optional(),
  status: z.enum(['open', 'completed']).optional(),
  notes: optionalText(2000),
  lines: z.array(orderLineInput).min(1).max(500),
};
export const createOrderRequest = z.object(orderFields);
export type CreateOrderRequest = z.infer<typeof createOrderRequest>;
export const updateOrderRequest = z.object(orderFields).omit({ customerId: true }).partial().extend({ version: versionField });
export type UpdateOrderRequest = z.infer<typeof updateOrderRequest>;

export const orderLine = z.object({
  id: z.string(),
  lineNo: z.number(),
  productId: z.string(),
  productModel: z.string(),
  productName: z.string(),
  quantity: z.number(),
  unitPriceFen: z.number(),
  amountFen: z.number(),
});

export const order = z.object({
  id: z.string(),
  orderNumber: z.string(),
  customerId: z.string(),
  customer: customerBrief,
  orderDate: z.string(),
  contractNumber: z.string().nullable(),
  kind: orderKind,
  totalFen: z.number(),
  status: orderStatus,
  notes: z.string().nullable(),
  lineCount: z.number(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Order = z.infer<typeof order>;
export const orderDetail = order.extend({ lines: z.array(orderLine) });
export type OrderDetail = z.infer<typeof orderDetail>;

export const orderListQuery = pageQuery.extend({
  q: trimmed(64).optional(),
  customerId: z.uuid().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  status: orderStatus.optional(),
});
export type OrderListQuery = z.infer<typeof orderListQuery>;
export const orderPage = pageOf(order);

// ── customer detail ──────────────────────────────────────────────────────────────────────────
export const customerDetail = customer.extend({
  contacts: z.array(contact),
  addresses: z.array(address),
  /** the most recent units (at most 200; counts.units has the total; all via GET /units?customerId=) */
  units: z.array(unit),
  orders: z.object({
    /** the most recent orders (at most 20); the full list is GET /orders?customerId= */
    recent: z.array(order),
    count: z.number(),
    transactionCount: z.number(),
    totalFen: z.number(),
  }),
  counts: z.object({ contacts: z.number(), addresses: z.number(), units: z.number(), orders: z.number() }),
});
export type CustomerDetail = z.infer<typeof customerDetail>;

// ── lookup as you type ───────────────────────────────────────────────────────────────────────
export const lookupQuery = z.object({
  q: requiredText(100),
  limit: z.coerce.number().int().min(1).max(10).optional(),
});
export const lookupResult = z.object({
  items: z.array(
    z.object({
      customer: customerBrief,
      matchedBy: lookupMatch,
      /** the value that matched (the phone number, the serial number, the pinyin …) */
      matchedValue: z.string(),
      contact: z
        .object({ id: z.string(), name: z.string(), phone: z.string().nullable(), email: z.string().nullable() })
        .nullable(),
      unit: z.object({ id: z.string(), serialNumber: z.string(), productModel: z.string() }).nullable(),
    }),
  ),
});
export type LookupResult = z.infer<typeof lookupResult>;
export type LookupItem = LookupResult['items'][number];

// ── import / export ──────────────────────────────────────────────────────────────────────────
export const importQuery = z.object({
  kind: importKind,
  /** validate only; nothing is written */
  dryRun: queryBoolean.optional(),
});
/** JSON alternative to a multipart upload */
export const importJsonBody = z.object({
  format: z.enum(['csv', 'xlsx']),
  contentBase64: z.string().min(1).max(15_000_000),
});
export const importRowError = z.object({
  /** spreadsheet row number (the header is row 1) */
  row: z.number(),
  /** the column as written in the file's header (or the expected header when it is missing) */
  column: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof importRowError>;
export const importReport = z.object({
  kind: importKind,
  dryRun: z.boolean(),
  /** validated: dry run without errors; invalid: errors found, nothing written; imported: written */
  outcome: z.enum(['validated', 'invalid', 'imported']),
  totalRows: z.number(),
  errors: z.array(importRowError),
  /** headers of the file that match no known column (their cells are not imported) */
  ignoredColumns: z.array(z.string()),
  /** records that were (or, on a dry run, would be) created */
  created: z.object({
    customers: z.number(),
    contacts: z.number(),
    addresses: z.number(),
    units: z.number(),
    orders: z.number(),
    orderLines: z.number(),
  }),
  /** ids of the created customers / units / orders (empty on a dry run) */
  ids: z.array(z.string()),
});
export type ImportReport = z.infer<typeof importReport>;
export const importTemplateQuery = z.object({ kind: importKind });

export const customerExportQuery = customerListQuery.omit({ cursor: true, limit: true });
export const unitExportQuery = unitListQuery.omit({ cursor: true, limit: true });
