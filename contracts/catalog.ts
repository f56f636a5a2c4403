import { z } from 'zod';
import { pageOf, pageQuery, requiredText, trimmed, versionField } from './common.js';

/** Product catalogue (R-CUS-2): categories, products and the company's default warranty terms. */

/** A code users type and see in lists (编码): letters, digits, dot, dash, underscore. */
export const codeText = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "-" or "_"');

/** Filter for lists of things that can be archived: active only (default), archived only, or all. */
export const archivedFilter = z.enum(['active', 'archived', 'all']);

export const productCategory = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  archived: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProductCategory = z.infer<typeof productCategory>;

export const productCategoryListQuery = pageQuery.extend({
  q: trimmed(100).optional(),
  parentId: z.uuid().optional(),
  archived: archivedFilter.optional(),
});
export const productCategoryPage = pageOf(productCategory);

export const createProductCategoryRequest = z.object({
  code: codeText,
  name: requiredText(100),
  parentId: z.uuid().nullable().optional(),
});
export type CreateProductCategoryRequest = z.infer<typeof createProductCategoryRequest>;

export const updateProductCategoryRequest = z.object({
  version: versionField,
  code: codeText.optional(),
  name: requiredText(100).optional(),
  parentId: z.uuid().nullable().optional(),
});
export type UpdateProductCategoryRequest = z.infer<typeof updateProductCategoryRequest>;

/** Archive / restore / discontinue / reactivate: a change like any other, based on a version. */
export const versionOnlyRequest = z.object({ version: versionField });
export type VersionOnlyRequest = z.infer<typeof versionOnlyRequest>;

export const productStatus = z.enum(['active', 'discontinued']);
export type ProductStatus = z.infer<typeof productStatus>;

export const product = z.object({
  id: z.string(),
  model: z.string(),
  name: z.string(),
  categoryId: z.string(),
  categoryName: z.string(),
  specification: z.string().nullable(),
  defaultWarrantyMonths: z.number().int(),
  postRepairWarrantyDays: z.number().int(),
  status: productStatus,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Product = z.infer<typeof product>;

export const productListQuery = pageQuery.extend({
  /** model or name contains (model prefix matches first in the UI's eyes) */
  q: trimmed(100).optional(),
  categoryId: z.uuid().optional(),
  status: productStatus.optional(),
});
export type ProductListQuery = z.infer<typeof productListQuery>;
export const productPage = pageOf(product);

export const warrantyMonths = z.number().int().min(0).max(600);
export const warrantyDays = z.number().int().min(0).max(3650);

export const createProductRequest = z.object({
  model: requiredText(64),
  name: requiredText(200),
  categoryId: z.uuid(),
  specification: trimmed(2000).nullable().optional(),
  /** omitted → the company default (settings 'catalog.defaults') */
  defaultWarrantyMonths: warrantyMonths.optional(),
  /** omitted → the company default (settings 'catalog.defaults') */
  postRepairWarrantyDays: warrantyDays.optional(),
});
export type CreateProductRequest = z.infer<typeof createProductRequest>;

export const updateProductRequest = z.object({
  version: versionField,
  model: requiredText(64).optional(),
  name: requiredText(200).optional(),
  categoryId: z.uuid().optional(),
  specification: trimmed(2000).nullable().optional(),
  defaultWarrantyMonths: warrantyMonths.optional(),
  postRepairWarrantyDays: warrantyDays.optional(),
});
export type UpdateProductRequest = z.infer<typeof updateProductRequest>;

/** The company's default warranty terms for new products (R-CUS-2: [12 months], [90 days]). */
export const catalogDefaults = z.object({
  defaultWarrantyMonths: z.number().int(),
  postRepairWarrantyDays: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
});
export type CatalogDefaults = z.infer<typeof catalogDefaults>;

export const updateCatalogDefaultsRequest = z.object({
  version: versionField,
  defaultWarrantyMonths: warrantyMonths,
  postRepairWarrantyDays: warrantyDays,
});
export type UpdateCatalogDefaultsRequest = z.infer<typeof updateCatalogDefaultsRequest>;
