import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  catalogDefaults,
  createProductCategoryRequest,
  createProductRequest,
  product,
  productCategory,
  productCategoryPage,
  productPage,
  updateCatalogDefaultsRequest,
  updateProductCategoryRequest,
  updateProductRequest,
} from '../../../../contracts/catalog';
import { api } from '../../api/client';

/** Types and queries of the catalogue API (contracts/catalog.ts). */
export type Product = z.infer<typeof product>;
export type ProductPage = z.infer<typeof productPage>;
export type ProductCategory = z.infer<typeof productCategory>;
export type ProductCategoryPage = z.infer<typeof productCategoryPage>;
export type CatalogDefaults = z.infer<typeof catalogDefaults>;
export type CreateProductRequest = z.infer<typeof createProductRequest>;
export type UpdateProductRequest = z.infer<typeof updateProductRequest>;
export type CreateProductCategoryRequest = z.infer<typeof createProductCategoryRequest>;
export type UpdateProductCategoryRequest = z.infer<typeof updateProductCategoryRequest>;
export type UpdateCatalogDefaultsRequest = z.infer<typeof updateCatalogDefaultsRequest>;

export const catalogKeys = {
  all: ['catalog'] as const,
  products: ['catalog', 'products'] as const,
  categories: ['catalog', 'categories'] as const,
  defaults: ['catalog', 'defaults'] as const,
};

/** Every category, archived ones too (pickers disable them; lists hide them unless asked). */
export function useAllCategories() {
  return useQuery({
    queryKey: [...catalogKeys.categories, 'all'],
    queryFn: () => api.get<ProductCategoryPage>('/product-categories', { archived: 'all', limit: 500 }),
    staleTime: 60_000,
  });
}

export function useCatalogDefaults() {
  return useQuery({
    queryKey: catalogKeys.defaults,
    queryFn: () => api.get<CatalogDefaults>('/settings/catalog-defaults'),
    staleTime: 60_000,
  });
}
