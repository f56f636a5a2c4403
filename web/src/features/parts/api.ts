import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { productCategoryPage, productPage } from '../../../../contracts/catalog';
import type {
  adjustStockRequest,
  createSparePartRequest,
  createStockLocationRequest,
  receiveStockRequest,
  reserveStockRequest,
  setStockMinimumRequest,
  sparePart,
  sparePartPage,
  stockCommandResult,
  stockLevel,
  stockLevelPage,
  stockLocation,
  stockLocationPage,
  stockMovement,
  stockMovementKind,
  stockMovementPage,
  stockReferenceType,
  stockReservation,
  stockReservationPage,
  transferStockRequest,
  updateSparePartRequest,
  updateStockLocationRequest,
} from '../../../../contracts/parts';
import type { regionPage, userPage } from '../../../../contracts/staff';
import { api } from '../../api/client';

/** Types and queries of the parts API (contracts/parts.ts). */
export type SparePart = z.infer<typeof sparePart>;
export type SparePartPage = z.infer<typeof sparePartPage>;
export type CreateSparePartRequest = z.input<typeof createSparePartRequest>;
export type UpdateSparePartRequest = z.input<typeof updateSparePartRequest>;
export type StockLocation = z.infer<typeof stockLocation>;
export type StockLocationPage = z.infer<typeof stockLocationPage>;
export type CreateStockLocationRequest = z.input<typeof createStockLocationRequest>;
export type UpdateStockLocationRequest = z.input<typeof updateStockLocationRequest>;
export type StockLevel = z.infer<typeof stockLevel>;
export type StockLevelPage = z.infer<typeof stockLevelPage>;
export type StockMovement = z.infer<typeof stockMovement>;
export type StockMovementPage = z.infer<typeof stockMovementPage>;
export type StockMovementKind = z.infer<typeof stockMovementKind>;
export type StockReferenceType = z.infer<typeof stockReferenceType>;
export type StockReservation = z.infer<typeof stockReservation>;
export type StockReservationPage = z.infer<typeof stockReservationPage>;
export type ReserveStockRequest = z.input<typeof reserveStockRequest>;
export type StockCommandResult = z.infer<typeof stockCommandResult>;
export type ReceiveStockRequest = z.input<typeof receiveStockRequest>;
export type TransferStockRequest = z.input<typeof transferStockRequest>;
export type AdjustStockRequest = z.input<typeof adjustStockRequest>;
export type SetStockMinimumRequest = z.input<typeof setStockMinimumRequest>;
type ProductCategoryPage = z.infer<typeof productCategoryPage>;
type ProductPage = z.infer<typeof productPage>;
type UserPage = z.infer<typeof userPage>;
type RegionPage = z.infer<typeof regionPage>;

export const MOVEMENT_KINDS: StockMovementKind[] = [
  'receive',
  'transfer_out',
  'transfer_in',
  'reserve',
  'release',
  'issue',
  'return',
  'adjust',
  'count_adjust',
];
export const REFERENCE_TYPES: StockReferenceType[] = ['case', 'work_order', 'appointment', 'purchase', 'stock_count', 'other'];

export const partsKeys = {
  all: ['parts'] as const,
  parts: ['parts', 'spare-parts'] as const,
  locations: ['parts', 'locations'] as const,
  levels: ['parts', 'levels'] as const,
  movements: ['parts', 'movements'] as const,
  reservations: ['parts', 'reservations'] as const,
  lookups: ['parts', 'lookups'] as const,
};

/** Every stock location, archived ones too (pickers hide them, names stay readable). */
export function useAllLocations() {
  return useQuery({
    queryKey: [...partsKeys.locations, 'all'],
    queryFn: () => api.get<StockLocationPage>('/stock-locations', { archived: 'all', limit: 500 }),
    staleTime: 60_000,
  });
}

/** Parts matching what the user types (for pickers); the first 50. */
export function usePartSearch(q: string) {
  return useQuery({
    queryKey: [...partsKeys.parts, 'search', q],
    queryFn: () => api.get<SparePartPage>('/spare-parts', { q: q || undefined, limit: 50 }),
    staleTime: 30_000,
  });
}

export function useCategories() {
  return useQuery({
    queryKey: [...partsKeys.lookups, 'categories'],
    queryFn: () => api.get<ProductCategoryPage>('/product-categories', { archived: 'active', limit: 500 }),
    staleTime: 60_000,
  });
}

export function useProductSearch(q: string) {
  return useQuery({
    queryKey: [...partsKeys.lookups, 'products', q],
    queryFn: () => api.get<ProductPage>('/products', { q: q || undefined, limit: 50 }),
    staleTime: 30_000,
  });
}

export function useTechnicians() {
  return useQuery({
    queryKey: [...partsKeys.lookups, 'technicians'],
    queryFn: () => api.get<UserPage>('/users', { role: 'technician', limit: 500 }),
    staleTime: 60_000,
  });
}

export function useRegions() {
  return useQuery({
    queryKey: [...partsKeys.lookups, 'regions'],
    queryFn: () => api.get<RegionPage>('/regions', { archived: 'active', limit: 500 }),
    staleTime: 60_000,
  });
}
