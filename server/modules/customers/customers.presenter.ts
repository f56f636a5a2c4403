import type {
  Address,
  Contact,
  Customer,
  CustomerBrief,
  Order,
  OrderDetail,
  Unit,
  WarrantyStatus,
} from '../../../contracts/customers.js';
import { daysLeft, isInWarranty } from '../warranty/warranty-end.js';
import type { AddressRow, ContactRow, CustomerRow, LookupRow } from './customers.repository.js';
import type { OrderLineRow, OrderRow } from './orders.repository.js';
import type { UnitRow } from './units.repository.js';

/** Database rows → API shapes. Booleans are 0/1 on SQLite, true/false on PostgreSQL. */

function parseTags(json: string): string[] {
  try {
    const value = JSON.parse(json);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}

export function presentCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    name: row.name,
    namePinyin: row.name_pinyin,
    class: row.class,
    keyAccount: Boolean(row.is_key_account),
    veryLargeAccount: Boolean(row.is_very_large_account),
    vip: Boolean(row.is_vip),
    ownerUserId: row.owner_user_id,
    ownerName: row.owner_name ?? null,
    regionId: row.region_id,
    regionName: row.region_name ?? null,
    preferredChannel: row.preferred_channel,
    preferredContactHours: row.preferred_contact_hours,
    doNotDisturb: Boolean(row.do_not_disturb),
    reducedContact: Boolean(row.reduced_contact),
    tags: parseTags(row.tags),
    notes: row.notes,
    status: row.status,
    mergedIntoId: row.merged_into_id,
    transactionCount: Number(row.transaction_count ?? 0),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentContact(row: ContactRow): Contact {
  return {
    id: row.id,
    customerId: row.customer_id,
    name: row.name,
    role: row.role,
    phone: row.phone,
    email: row.email,
    isPrimary: Boolean(row.is_primary),
    archived: Boolean(row.archived),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentAddress(row: AddressRow): Address {
  return {
    id: row.id,
    customerId: row.customer_id,
    label: row.label,
    regionId: row.region_id,
    regionName: row.region_name ?? null,
    province: row.province,
    city: row.city,
    district: row.district,
    line: row.line,
    postalCode: row.postal_code,
    latitude: row.latitude === null ? null : Number(row.latitude),
    longitude: row.longitude === null ? null : Number(row.longitude),
    isDefault: Boolean(row.is_default),
    archived: Boolean(row.archived),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A customer as referenced from a unit, an order or a lookup match (columns prefixed `customer_`). */
export function presentCustomerBrief(row: {
  customer_id: string;
  customer_code: string;
  customer_name: string;
  customer_kind: 'person' | 'company';
  customer_class: 'A' | 'B' | 'C' | 'D';
  customer_key_account: unknown;
  customer_very_large_account: unknown;
  customer_vip: unknown;
  customer_status: 'active' | 'archived' | 'merged';
}): CustomerBrief {
  return {
    id: row.customer_id,
    code: row.customer_code,
    name: row.customer_name,
    kind: row.customer_kind,
    class: row.customer_class,
    keyAccount: Boolean(row.customer_key_account),
    veryLargeAccount: Boolean(row.customer_very_large_account),
    vip: Boolean(row.customer_vip),
    status: row.customer_status,
  };
}

export function presentLookupCustomer(row: LookupRow): CustomerBrief {
  return {
    id: row.customer_id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    class: row.class,
    keyAccount: Boolean(row.is_key_account),
    veryLargeAccount: Boolean(row.is_very_large_account),
    vip: Boolean(row.is_vip),
    status: row.status,
  };
}

export function presentWarranty(row: UnitRow, asOf: string): WarrantyStatus {
  const end = row.warranty_end;
  return {
    end,
    inWarranty: isInWarranty(end, asOf),
    asOf,
    daysLeft: daysLeft(end, asOf),
    reason: row.warranty_end_override ? 'contract_override' : row.purchase_date ? 'catalogue_default' : 'unknown_purchase_date',
    defaultMonths: row.default_warranty_months,
    override: row.warranty_end_override,
    overrideReason: row.warranty_override_reason,
  };
}

export function presentUnit(row: UnitRow, asOf: string): Unit {
  return {
    id: row.id,
    serialNumber: row.serial_number,
    productId: row.product_id,
    product: {
      id: row.product_id,
      model: row.product_model,
      name: row.product_name,
      defaultWarrantyMonths: row.default_warranty_months,
    },
    customerId: row.customer_id,
    customer: presentCustomerBrief(row),
    purchaseDate: row.purchase_date,
    orderId: row.order_id,
    orderNumber: row.order_number ?? null,
    contractNumber: row.contract_number,
    installationAddressId: row.installation_address_id,
    installationAddress: row.installation_address,
    warranty: presentWarranty(row, asOf),
    status: row.status,
    notes: row.notes,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentOrder(row: OrderRow): Order {
  return {
    id: row.id,
    orderNumber: row.order_number,
    customerId: row.customer_id,
    customer: presentCustomerBrief(row),
    orderDate: row.order_date,
    contractNumber: row.contract_number,
    kind: row.kind,
    totalFen: Number(row.total_fen),
    status: row.status,
    notes: row.notes,
    lineCount: Number(row.line_count ?? 0),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentOrderDetail(row: OrderRow, lines: OrderLineRow[]): OrderDetail {
  return {
    ...presentOrder(row),
    lines: lines.map((l) => ({
      id: l.id,
      lineNo: l.line_no,
      productId: l.product_id,
      productModel: l.product_model,
      productName: l.product_name,
      quantity: l.quantity,
      unitPriceFen: Number(l.unit_price_fen),
      amountFen: l.quantity * Number(l.unit_price_fen),
    })),
  };
}
