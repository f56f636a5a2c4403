import { z } from 'zod';
import {
  archivableRecordFields,
  archivedFilter,
  codeText,
  createTreeNodeFields,
  pageOf,
  pageQuery,
  requiredText,
  treeListQuery,
  treeNodeFields,
  trimmed,
  updateTreeNodeFields,
  versionField,
  versionOnlyRequest,
  type VersionOnlyRequest,
} from './common.js';

/** Product catalogue (R-CUS-2): categories, products and the company's default warranty terms. */

// the master-data fragments live in common.ts; re-exported here for the modules that import them from the catalogue
export { archivedFilter, codeText, versionOnlyRequest, type VersionOnlyRequest };

export const productCategory = z.object({ ...treeNodeFields, ...archivableRecordFields });
export type ProductCategory = z.infer<typeof productCategory>;

export const productCategoryListQuery = treeListQuery();
export const productCategoryPage = pageOf(productCategory);

export const createProductCategoryRequest = z.object(createTreeNodeFields);
export type CreateProductCategoryRequest = z.infer<typeof createProductCategoryRequest>;

export const updateProductCategoryRequest = z.object(updateTreeNodeFields);
export type UpdateProductCategoryRequest = z.infer<typeof updateProductCategoryRequest>;

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
