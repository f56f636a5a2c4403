import type { CreateCustomerRequest, CreateOrderRequest, CreateUnitRequest } from '../../../contracts/customers.js';
import type { DB } from '../../db/database.js';
import { newId } from '../../platform/ids.js';

/** Test data for the customer registry. Products are inserted straight into the catalogue tables. */

let sequence = 0;
const next = () => {
  sequence += 1;
  return sequence;
};

export async function makeProductCategory(db: DB, fields: { code?: string; name?: string } = {}) {
  const n = next();
  const now = new Date().toISOString();
  const row = {
    id: newId(),
    code: fields.code ?? `CAT${n}`,
    name: fields.name ?? `照明${n}`,
    parent_id: null,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('product_categories').values(row).execute();
  return row;
}

export async function makeProduct(
  db: DB,
  fields: {
    model?: string;
    name?: string;
    defaultWarrantyMonths?: number;
    postRepairWarrantyDays?: number;
    categoryId?: string;
  } = {},
) {
  const n = next();
  const now = new Date().toISOString();
  const categoryId = fields.categoryId ?? (await makeProductCategory(db)).id;
  const row = {
    id: newId(),
    model: fields.model ?? `LED-${100 + n}`,
    name: fields.name ?? `LED 面板灯 ${n}`,
    category_id: categoryId,
    specification: '600×600mm 36W',
    default_warranty_months: fields.defaultWarrantyMonths ?? 12,
    post_repair_warranty_days: fields.postRepairWarrantyDays ?? 90,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('products').values(row).execute();
  return row;
}

export function customerInput(overrides: Partial<CreateCustomerRequest> = {}): CreateCustomerRequest {
  const n = next();
  return {
    kind: 'company',
    name: `深圳市测试照明有限公司${n}`,
    class: 'B',
    contacts: [
      { name: `王经理${n}`, role: 'technical_lead', phone: `139${String(n).padStart(8, '0')}`, email: `wang${n}@example.com` },
    ],
    addresses: [{ province: '广东省', city: '深圳市', district: '南山区', line: `科技园路${n}号` }],
    ...overrides,
  };
}

export function unitInput(productId: string, customerId: string, overrides: Partial<CreateUnitRequest> = {}): CreateUnitRequest {
  return {
    serialNumber: `SN${Date.now().toString(36)}${next()}`.toUpperCase(),
    productId,
    customerId,
    purchaseDate: '2025-03-15',
    ...overrides,
  };
}

export function orderInput(
  customerId: string,
  productId: string,
  overrides: Partial<CreateOrderRequest> = {},
): CreateOrderRequest {
  return {
    customerId,
    orderDate: '2025-03-15',
    lines: [{ productId, quantity: 2, unitPriceFen: 129_900 }],
    ...overrides,
  };
}
