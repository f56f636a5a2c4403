import type { Product, ProductCategory } from '../../../contracts/catalog.js';
import { createCategory, createProduct } from '../../modules/catalog/catalog.service.js';
import type { ServiceContext } from '../../platform/context.js';

/** Test data for the product catalogue, made through the catalogue service (so every rule holds). */

let sequence = 0;
const next = () => {
  sequence += 1;
  return sequence;
};

export async function makeCategory(
  ctx: ServiceContext,
  fields: { code?: string; name?: string; parentId?: string | null } = {},
): Promise<ProductCategory> {
  const n = next();
  return createCategory(ctx, {
    code: fields.code ?? `CAT${n}`,
    name: fields.name ?? `类别${n}`,
    parentId: fields.parentId ?? null,
  });
}

export async function makeProduct(
  ctx: ServiceContext,
  fields: {
    model?: string;
    name?: string;
    categoryId?: string;
    specification?: string | null;
    defaultWarrantyMonths?: number;
    postRepairWarrantyDays?: number;
  } = {},
): Promise<Product> {
  const n = next();
  const categoryId = fields.categoryId ?? (await makeCategory(ctx)).id;
  return createProduct(ctx, {
    model: fields.model ?? `TEST-${n}`,
    name: fields.name ?? `测试产品${n}`,
    categoryId,
    specification: fields.specification ?? null,
    defaultWarrantyMonths: fields.defaultWarrantyMonths,
    postRepairWarrantyDays: fields.postRepairWarrantyDays,
  });
}
