import type { AddressInput, ContactInput, CreateCustomerRequest } from '../../../contracts/customers.js';
import { newId } from '../../platform/ids.js';
import { namePinyin, normalizeEmail, phoneDigits, reverseText } from './customer-text.js';
import type { AddressInsert, ContactInsert, CustomerInsert } from './customers.repository.js';

/**
 * Building the stored rows from validated input — shared by the service, the import and the
 * benchmark generator, so every path stores the same normalised lookup columns.
 */

type CustomerFields = Omit<CreateCustomerRequest, 'contacts' | 'addresses'>;

export function customerRow(
  input: CustomerFields,
  extra: { id?: string; code: string; ownerUserId: string | null; now: string },
): CustomerInsert {
  const pinyin = namePinyin(input.name, input.kind);
  return {
    id: extra.id ?? newId(),
    code: extra.code,
    kind: input.kind,
    name: input.name.trim(),
    name_pinyin: pinyin.namePinyin,
    name_initials: pinyin.nameInitials,
    name_sort: pinyin.nameSort,
    class: input.class ?? 'C',
    is_key_account: input.keyAccount ?? false,
    is_very_large_account: input.veryLargeAccount ?? false,
    is_vip: input.vip ?? false,
    owner_user_id: extra.ownerUserId,
    region_id: input.regionId ?? null,
    preferred_channel: input.preferredChannel ?? null,
    preferred_contact_hours: input.preferredContactHours || null,
    do_not_disturb: input.doNotDisturb ?? false,
    reduced_contact: input.reducedContact ?? false,
    tags: JSON.stringify(input.tags ?? []),
    notes: input.notes || null,
    status: 'active',
    merged_into_id: null,
    version: 1,
    created_at: extra.now,
    updated_at: extra.now,
  };
}

/** Column values of a customer PATCH (only the fields given). Name or kind changes recompute the pinyin. */
export function customerPatch(
  input: Partial<CustomerFields>,
  current: { name: string; kind: 'person' | 'company' },
): Partial<CustomerInsert> {
  const patch: Partial<CustomerInsert> = {};
  if (input.kind !== undefined) patch.kind = input.kind;
  if (input.name !== undefined) patch.name = input.name.trim();
  if (input.name !== undefined || input.kind !== undefined) {
    const pinyin = namePinyin(input.name ?? current.name, input.kind ?? current.kind);
    patch.name_pinyin = pinyin.namePinyin;
    patch.name_initials = pinyin.nameInitials;
    patch.name_sort = pinyin.nameSort;
  }
  if (input.class !== undefined) patch.class = input.class;
  if (input.keyAccount !== undefined) patch.is_key_account = input.keyAccount;
  if (input.veryLargeAccount !== undefined) patch.is_very_large_account = input.veryLargeAccount;
  if (input.vip !== undefined) patch.is_vip = input.vip;
  if (input.ownerUserId !== undefined) patch.owner_user_id = input.ownerUserId;
  if (input.regionId !== undefined) patch.region_id = input.regionId;
  if (input.preferredChannel !== undefined) patch.preferred_channel = input.preferredChannel;
  if (input.preferredContactHours !== undefined) patch.preferred_contact_hours = input.preferredContactHours || null;
  if (input.doNotDisturb !== undefined) patch.do_not_disturb = input.doNotDisturb;
  if (input.reducedContact !== undefined) patch.reduced_contact = input.reducedContact;
  if (input.tags !== undefined) patch.tags = JSON.stringify(input.tags);
  if (input.notes !== undefined) patch.notes = input.notes || null;
  return patch;
}

export function contactRow(customerId: string, input: ContactInput, now: string, id = newId()): ContactInsert {
  const digits = phoneDigits(input.phone);
  return {
    id,
    customer_id: customerId,
    name: input.name.trim(),
    role: input.role ?? 'other',
    phone: input.phone?.trim() || null,
    phone_digits: digits,
    phone_digits_reversed: reverseText(digits),
    email: input.email?.trim() || null,
    email_lower: normalizeEmail(input.email),
    is_primary: input.isPrimary ?? false,
    archived: false,
    version: 1,
    created_at: now,
    updated_at: now,
  };
}

export function contactPatch(input: Partial<ContactInput>): Partial<ContactInsert> {
  const patch: Partial<ContactInsert> = {};
  if (input.name !== undefined) patch.name = input.name.trim();
  if (input.role !== undefined) patch.role = input.role;
  if (input.phone !== undefined) {
    const digits = phoneDigits(input.phone);
    patch.phone = input.phone?.trim() || null;
    patch.phone_digits = digits;
    patch.phone_digits_reversed = reverseText(digits);
  }
  if (input.email !== undefined) {
    patch.email = input.email?.trim() || null;
    patch.email_lower = normalizeEmail(input.email);
  }
  if (input.isPrimary !== undefined) patch.is_primary = input.isPrimary;
  return patch;
}

export function addressRow(customerId: string, input: AddressInput, now: string, id = newId()): AddressInsert {
  return {
    id,
    customer_id: customerId,
    label: input.label || null,
    region_id: input.regionId ?? null,
    province: input.province || null,
    city: input.city || null,
    district: input.district || null,
    line: input.line.trim(),
    postal_code: input.postalCode || null,
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
    is_default: input.isDefault ?? false,
    archived: false,
    version: 1,
    created_at: now,
    updated_at: now,
  };
}

export function addressPatch(input: Partial<AddressInput>): Partial<AddressInsert> {
  const patch: Partial<AddressInsert> = {};
  const map: [keyof AddressInput, keyof AddressInsert][] = [
    ['label', 'label'],
    ['regionId', 'region_id'],
    ['province', 'province'],
    ['city', 'city'],
    ['district', 'district'],
    ['postalCode', 'postal_code'],
    ['latitude', 'latitude'],
    ['longitude', 'longitude'],
  ];
  for (const [from, to] of map) {
    const value = input[from];
    if (value !== undefined) (patch as any)[to] = value === '' ? null : value;
  }
  if (input.line !== undefined) patch.line = input.line.trim();
  if (input.isDefault !== undefined) patch.is_default = input.isDefault;
  return patch;
}

/** Exactly one primary contact (the first marked, else the first) among contacts created together. */
export function withOnePrimary<T extends { isPrimary?: boolean }>(items: T[], alreadyHasPrimary: boolean): T[] {
  if (!items.length) return items;
  const firstMarked = items.findIndex((c) => c.isPrimary);
  const chosen = firstMarked >= 0 ? firstMarked : alreadyHasPrimary ? -1 : 0;
  return items.map((c, i) => ({ ...c, isPrimary: i === chosen }));
}

export function withOneDefault<T extends { isDefault?: boolean }>(items: T[], alreadyHasDefault: boolean): T[] {
  if (!items.length) return items;
  const firstMarked = items.findIndex((c) => c.isDefault);
  const chosen = firstMarked >= 0 ? firstMarked : alreadyHasDefault ? -1 : 0;
  return items.map((c, i) => ({ ...c, isDefault: i === chosen }));
}
