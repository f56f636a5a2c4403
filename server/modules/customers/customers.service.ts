import type {
  AddressInput,
  ContactInput,
  CreateCustomerRequest,
  CustomerDetail,
  CustomerListQuery,
  LookupItem,
  LookupMatch,
  UpdateCustomerRequest,
} from '../../../contracts/customers.js';
import { changedFields, recordAudit } from '../../platform/audit.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { BadRequestError, IllegalTransitionError, NotFoundError } from '../../platform/errors.js';
import { nextNumber } from '../../platform/numbering.js';
import { assertCan } from '../../platform/permissions.js';
import { updateVersioned } from '../../platform/versioning.js';
import { localDate } from '../warranty/warranty-end.js';
import { planLookup } from './customer-text.js';
import {
  presentAddress,
  presentContact,
  presentCustomer,
  presentLookupCustomer,
  presentOrder,
  presentUnit,
} from './customers.presenter.js';
import * as repo from './customers.repository.js';
import {
  addressPatch,
  addressRow,
  contactPatch,
  contactRow,
  customerPatch,
  customerRow,
  withOneDefault,
  withOnePrimary,
} from './customers.rows.js';
import * as ordersRepo from './orders.repository.js';
import * as unitsRepo from './units.repository.js';

/** Customer file (顾客档案, R-CUS-1): customers with contacts and addresses, lookup as you type. */

export const CUSTOMER_NUMBER_PREFIX = 'KH';

/** Today in the company's time zone, 'YYYY-MM-DD'. */
export function companyToday(ctx: ServiceContext): string {
  return localDate(ctx.clock.now(), ctx.config.companyTimeZone);
}

function fieldError(path: (string | number)[], message: string): BadRequestError {
  return new BadRequestError(message, [{ path: ['body', ...path], message }]);
}

/** Referenced users and regions must exist: a 400 naming the field, before anything is written. */
async function checkReferences(
  ctx: ServiceContext,
  input: { ownerUserId?: string | null; regionId?: string | null; addresses?: { regionId?: string | null }[] },
  addressPath: (string | number)[] = ['addresses'],
) {
  if (input.ownerUserId && !(await repo.userExists(ctx.db, input.ownerUserId))) {
    throw fieldError(['ownerUserId'], '负责人不存在 (unknown owner user)');
  }
  if (input.regionId && !(await repo.regionExists(ctx.db, input.regionId))) {
    throw fieldError(['regionId'], '区域不存在 (unknown region)');
  }
  for (const [i, a] of (input.addresses ?? []).entries()) {
    if (a.regionId && !(await repo.regionExists(ctx.db, a.regionId))) {
      throw fieldError([...addressPath, i, 'regionId'], '区域不存在 (unknown region)');
    }
  }
}

async function mustFindCustomer(ctx: ServiceContext, id: string) {
  const row = await repo.findCustomer(ctx.db, id);
  if (!row) throw new NotFoundError('customer', id);
  return row;
}

// ---------------------------------------------------------------- customers

export async function createCustomer(ctx: ServiceContext, input: CreateCustomerRequest): Promise<CustomerDetail> {
  assertCan(ctx.actor, 'customer.write');
  await checkReferences(ctx, input);
  const id = await inTransaction(ctx, async (tx) => {
    const now = tx.clock.now().toISOString();
    const year = Number(companyToday(tx).slice(0, 4));
    const code = await nextNumber(tx, CUSTOMER_NUMBER_PREFIX, year);
    // First-responder spirit: whoever creates the customer owns it unless someone else is named.
    const ownerUserId = input.ownerUserId === undefined ? tx.actor.id : input.ownerUserId;
    const row = customerRow(input, { code, ownerUserId, now });
    await repo.insertCustomers(tx.db, [row]);
    await recordAudit(tx, { entity: 'customer', entityId: row.id, action: 'create', after: row });
    const contacts = withOnePrimary(input.contacts ?? [], false).map((c) => contactRow(row.id, c, now));
    const addresses = withOneDefault(input.addresses ?? [], false).map((a) => addressRow(row.id, a, now));
    await repo.insertContacts(tx.db, contacts);
    await repo.insertAddresses(tx.db, addresses);
    for (const c of contacts) await recordAudit(tx, { entity: 'customer_contact', entityId: c.id, action: 'create', after: c });
    for (const a of addresses) await recordAudit(tx, { entity: 'customer_address', entityId: a.id, action: 'create', after: a });
    return row.id;
  });
  return customerDetail(ctx, id);
}

async function customerDetail(ctx: ServiceContext, id: string): Promise<CustomerDetail> {
  const row = await mustFindCustomer(ctx, id);
  const asOf = companyToday(ctx);
  const [contacts, addresses, units, recent, totals, counts] = await Promise.all([
    repo.contactsOf(ctx.db, id),
    repo.addressesOf(ctx.db, id),
    unitsRepo.unitsOfCustomer(ctx.db, id),
    ordersRepo.recentOrdersOf(ctx.db, id, 20),
    ordersRepo.orderTotalsOf(ctx.db, id),
    repo.countRows(ctx.db, id),
  ]);
  return {
    ...presentCustomer(row),
    contacts: contacts.map(presentContact),
    addresses: addresses.map(presentAddress),
    units: units.map((u) => presentUnit(u, asOf)),
    orders: { recent: recent.map(presentOrder), ...totals },
    counts,
  };
}

export async function getCustomer(ctx: ServiceContext, id: string): Promise<CustomerDetail> {
  assertCan(ctx.actor, 'customer.read');
  return customerDetail(ctx, id);
}

export async function listCustomers(ctx: ServiceContext, query: CustomerListQuery) {
  assertCan(ctx.actor, 'customer.read');
  const { cursor, limit, sort, ...filter } = query;
  const page = await repo.listCustomers(ctx.db, filter, { cursor, limit, sort });
  return { items: page.items.map(presentCustomer), nextCursor: page.nextCursor };
}

export async function updateCustomer(ctx: ServiceContext, id: string, input: UpdateCustomerRequest): Promise<CustomerDetail> {
  assertCan(ctx.actor, 'customer.write');
  const { version, ...fields } = input;
  await inTransaction(ctx, async (tx) => {
    const before = await repo.findCustomerRaw(tx.db, id);
    if (!before) throw new NotFoundError('customer', id);
    await checkReferences(tx, fields);
    const patch = customerPatch(fields, before);
    await updateVersioned(tx, 'customers', id, version, patch, 'customer');
    const diff = changedFields(before as Record<string, unknown>, patch as Record<string, unknown>);
    await recordAudit(tx, { entity: 'customer', entityId: id, action: 'update', ...diff });
  });
  return customerDetail(ctx, id);
}

export async function archiveCustomer(ctx: ServiceContext, id: string, version: number): Promise<CustomerDetail> {
  assertCan(ctx.actor, 'customer.write');
  await inTransaction(ctx, async (tx) => {
    const before = await repo.findCustomerRaw(tx.db, id);
    if (!before) throw new NotFoundError('customer', id);
    if (before.status !== 'active') throw new IllegalTransitionError(before.status, 'archive', []);
    await updateVersioned(tx, 'customers', id, version, { status: 'archived' }, 'customer');
    await recordAudit(tx, {
      entity: 'customer',
      entityId: id,
      action: 'archive',
      before: { status: before.status },
      after: { status: 'archived' },
    });
  });
  return customerDetail(ctx, id);
}

// ---------------------------------------------------------------- contacts

async function clearOtherPrimaries(ctx: ServiceContext, customerId: string, contactId: string) {
  for (const other of await repo.otherPrimaryContacts(ctx.db, customerId, contactId)) {
    await updateVersioned(ctx, 'customer_contacts', other.id, other.version, { is_primary: false }, 'customer_contact');
    await recordAudit(ctx, {
      entity: 'customer_contact',
      entityId: other.id,
      action: 'update',
      before: { is_primary: true },
      after: { is_primary: false },
    });
  }
}

export async function addContact(ctx: ServiceContext, customerId: string, input: ContactInput) {
  assertCan(ctx.actor, 'customer.write');
  const id = await inTransaction(ctx, async (tx) => {
    await mustFindCustomer(tx, customerId);
    const existing = await repo.contactsOf(tx.db, customerId);
    const hasPrimary = existing.some((c) => Boolean(c.is_primary));
    const [prepared] = withOnePrimary([input], hasPrimary);
    const row = contactRow(customerId, prepared, tx.clock.now().toISOString());
    await repo.insertContacts(tx.db, [row]);
    if (row.is_primary) await clearOtherPrimaries(tx, customerId, row.id);
    await recordAudit(tx, { entity: 'customer_contact', entityId: row.id, action: 'create', after: row });
    return row.id;
  });
  return presentContact((await repo.findContact(ctx.db, id))!);
}

export async function updateContact(ctx: ServiceContext, id: string, input: Partial<ContactInput> & { version: number }) {
  assertCan(ctx.actor, 'customer.write');
  const { version, ...fields } = input;
  await inTransaction(ctx, async (tx) => {
    const before = await repo.findContact(tx.db, id);
    if (!before) throw new NotFoundError('customer_contact', id);
    const patch = contactPatch(fields);
    await updateVersioned(tx, 'customer_contacts', id, version, patch, 'customer_contact');
    if (patch.is_primary) await clearOtherPrimaries(tx, before.customer_id, id);
    const diff = changedFields(before as Record<string, unknown>, patch as Record<string, unknown>);
    await recordAudit(tx, { entity: 'customer_contact', entityId: id, action: 'update', ...diff });
  });
  return presentContact((await repo.findContact(ctx.db, id))!);
}

export async function archiveContact(ctx: ServiceContext, id: string, version: number) {
  assertCan(ctx.actor, 'customer.write');
  await inTransaction(ctx, async (tx) => {
    const before = await repo.findContact(tx.db, id);
    if (!before) throw new NotFoundError('customer_contact', id);
    if (before.archived) throw new IllegalTransitionError('archived', 'archive', []);
    await updateVersioned(tx, 'customer_contacts', id, version, { archived: true, is_primary: false }, 'customer_contact');
    await recordAudit(tx, {
      entity: 'customer_contact',
      entityId: id,
      action: 'archive',
      before: { archived: false },
      after: { archived: true },
    });
  });
  return presentContact((await repo.findContact(ctx.db, id))!);
}

// ---------------------------------------------------------------- addresses

async function clearOtherDefaults(ctx: ServiceContext, customerId: string, addressId: string) {
  for (const other of await repo.otherDefaultAddresses(ctx.db, customerId, addressId)) {
    await updateVersioned(ctx, 'customer_addresses', other.id, other.version, { is_default: false }, 'customer_address');
    await recordAudit(ctx, {
      entity: 'customer_address',
      entityId: other.id,
      action: 'update',
      before: { is_default: true },
      after: { is_default: false },
    });
  }
}

export async function addAddress(ctx: ServiceContext, customerId: string, input: AddressInput) {
  assertCan(ctx.actor, 'customer.write');
  const id = await inTransaction(ctx, async (tx) => {
    await mustFindCustomer(tx, customerId);
    await checkReferences(tx, { regionId: input.regionId });
    const existing = await repo.addressesOf(tx.db, customerId);
    const [prepared] = withOneDefault(
      [input],
      existing.some((a) => Boolean(a.is_default)),
    );
    const row = addressRow(customerId, prepared, tx.clock.now().toISOString());
    await repo.insertAddresses(tx.db, [row]);
    if (row.is_default) await clearOtherDefaults(tx, customerId, row.id);
    await recordAudit(tx, { entity: 'customer_address', entityId: row.id, action: 'create', after: row });
    return row.id;
  });
  return presentAddress((await repo.findAddress(ctx.db, id))!);
}

export async function updateAddress(ctx: ServiceContext, id: string, input: Partial<AddressInput> & { version: number }) {
  assertCan(ctx.actor, 'customer.write');
  const { version, ...fields } = input;
  await inTransaction(ctx, async (tx) => {
    const before = await repo.findAddress(tx.db, id);
    if (!before) throw new NotFoundError('customer_address', id);
    await checkReferences(tx, { regionId: fields.regionId });
    const patch = addressPatch(fields);
    await updateVersioned(tx, 'customer_addresses', id, version, patch, 'customer_address');
    if (patch.is_default) await clearOtherDefaults(tx, before.customer_id, id);
    const { region_name: _ignored, ...beforeRow } = before;
    const diff = changedFields(beforeRow as Record<string, unknown>, patch as Record<string, unknown>);
    await recordAudit(tx, { entity: 'customer_address', entityId: id, action: 'update', ...diff });
  });
  return presentAddress((await repo.findAddress(ctx.db, id))!);
}

export async function archiveAddress(ctx: ServiceContext, id: string, version: number) {
  assertCan(ctx.actor, 'customer.write');
  await inTransaction(ctx, async (tx) => {
    const before = await repo.findAddress(tx.db, id);
    if (!before) throw new NotFoundError('customer_address', id);
    if (before.archived) throw new IllegalTransitionError('archived', 'archive', []);
    await updateVersioned(tx, 'customer_addresses', id, version, { archived: true, is_default: false }, 'customer_address');
    await recordAudit(tx, {
      entity: 'customer_address',
      entityId: id,
      action: 'archive',
      before: { archived: false },
      after: { archived: true },
    });
  });
  return presentAddress((await repo.findAddress(ctx.db, id))!);
}

// ---------------------------------------------------------------- lookup as you type

type LookupStep = { run: (limit: number) => Promise<repo.LookupRow[]>; by: LookupMatch; value: (row: repo.LookupRow) => string };

/**
 * The agent types a name, pinyin, phone (start or last four digits), e-mail, serial number or
 * customer code; up to `limit` customers come back, each saying what matched. Every step is an
 * index range; only "name contains" scans, and it runs last, only when the others found too few.
 */
export async function lookupCustomers(ctx: ServiceContext, q: string, limit = 10): Promise<{ items: LookupItem[] }> {
  assertCan(ctx.actor, 'customer.read');
  const plan = planLookup(q);
  const db = ctx.db;
  const steps: LookupStep[] = [];
  const digits = plan.digits;
  if (digits && digits.length >= 3) {
    steps.push({ run: (n) => repo.lookupByPhonePrefix(db, digits, n), by: 'phone', value: (r) => r.phone ?? '' });
  }
  if (digits && digits.length >= 4) {
    steps.push({ run: (n) => repo.lookupByPhoneSuffix(db, digits, n), by: 'phone', value: (r) => r.phone ?? '' });
  }
  if (!plan.hasChinese && plan.text.length >= 2) {
    steps.push({ run: (n) => repo.lookupBySerialPrefix(db, plan.upper, n), by: 'serial', value: (r) => r.serial_number ?? '' });
    steps.push({ run: (n) => repo.lookupByCodePrefix(db, plan.upper, n), by: 'code', value: (r) => r.code });
    if (!digits) {
      steps.push({ run: (n) => repo.lookupByEmailPrefix(db, plan.lower, n), by: 'email', value: (r) => r.email ?? '' });
    }
  }
  const pinyin = plan.pinyin;
  if (pinyin) {
    steps.push({ run: (n) => repo.lookupByInitialsPrefix(db, pinyin, n), by: 'initials', value: (r) => r.name_initials ?? '' });
    steps.push({
      run: (n) => repo.lookupByPinyinPrefix(db, pinyin, n),
      by: 'pinyin',
      value: (r) => (r.name_pinyin ?? '').split(' ')[0],
    });
  }
  steps.push({ run: (n) => repo.lookupByNamePrefix(db, plan.text, n), by: 'name', value: (r) => r.name });
  // Only text that can be part of a name (Chinese, or latin words) is worth the scan; a phone
  // number, serial number, code or e-mail address is not.
  if (plan.hasChinese || /^[a-z][a-z\s.&'-]*$/i.test(plan.text)) {
    steps.push({ run: (n) => repo.lookupByNameContains(db, plan.text, n), by: 'name', value: (r) => r.name });
  }

  const found = new Map<string, LookupItem>();
  for (const step of steps) {
    if (found.size >= limit) break;
    // several contacts or units of one customer may match: ask for more rows than still needed
    const rows = await step.run(limit * 3);
    for (const row of rows) {
      if (found.size >= limit) break;
      if (found.has(row.customer_id)) continue;
      found.set(row.customer_id, {
        customer: presentLookupCustomer(row),
        matchedBy: step.by,
        matchedValue: step.value(row),
        contact: row.contact_id
          ? { id: row.contact_id, name: row.contact_name ?? '', phone: row.phone ?? null, email: row.email ?? null }
          : null,
        unit: row.unit_id
          ? { id: row.unit_id, serialNumber: row.serial_number ?? '', productModel: row.product_model ?? '' }
          : null,
      });
    }
  }
  return { items: [...found.values()] };
}
